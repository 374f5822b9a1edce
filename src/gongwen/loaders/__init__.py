"""Loaders: data files (YAML, JSON) → validated models."""

from .data import load_document, read_data, validate_document

__all__ = ["load_document", "read_data", "validate_document"]
