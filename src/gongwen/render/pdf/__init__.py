"""PDF output: the pool of LibreOffice converters (``converter``, with its UNO worker),
booklets, locating LibreOffice (``office``), and the fonts the converters use (``fonts``,
``fontconfig/``, ``inkbox``). The converter's API is importable from here."""

from .converter import PdfConverter, PdfMetadata, PdfResult, publish, write_metadata

__all__ = ["PdfConverter", "PdfMetadata", "PdfResult", "publish", "write_metadata"]
