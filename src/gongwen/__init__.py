"""gongwen: typed education-supervision data → official documents (公文)."""

__version__ = "0.1.0"
