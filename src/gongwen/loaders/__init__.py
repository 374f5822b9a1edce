"""Loaders: data files (YAML, JSON, and the .xlsx ledgers they name) → validated models."""

from __future__ import annotations

from pathlib import Path

from ..models.base import Model
from ..models.records import InspectionRecords
from . import data
from .data import read_data, validate_document
from .ledger import with_ledgers


def load_document(path: str | Path) -> Model:
    """Load and validate one data file; a records file brings in the ledgers it names.

    Raises DataError listing every problem found.
    """
    path = Path(path)
    document = data.load_document(path)
    if isinstance(document, InspectionRecords):
        document = with_ledgers(document, path.parent)
    return document


__all__ = ["load_document", "read_data", "validate_document"]
