"""The formats dualtrace reads, and recognising which one a file is in from its content."""

from __future__ import annotations

from pathlib import Path

from dualtrace.errors import SourceError
from dualtrace.sources.base import SourceFormat, SourceInput
from dualtrace.sources.ledger.invoices import Invoices
from dualtrace.sources.ledger.manifests import FlightManifests
from dualtrace.sources.posts import SavedPage, TelegramExport
from dualtrace.sources.registries import (
    ChinaRegistry,
    EgrulXml,
    FsaRegistry,
    GleifJson,
    GleifXml,
)
from dualtrace.sources.sanctions import SANCTIONS_FORMATS
from dualtrace.sources.trade.comtrade import Comtrade
from dualtrace.sources.trade.customs import CustomsTable

# Order matters only where two formats could claim the same file: the more specific first.
FORMATS: tuple[type[SourceFormat], ...] = (
    # Table layouts recognised by their exact header; binary tables (XLSX, Parquet) first
    # meet a parser that knows them.
    Invoices,
    FlightManifests,
    Comtrade,
    CustomsTable,
    *SANCTIONS_FORMATS,
    EgrulXml,
    GleifXml,
    GleifJson,
    FsaRegistry,
    ChinaRegistry,
    TelegramExport,
    SavedPage,
)


def format_names() -> list[str]:
    return [fmt.name for fmt in FORMATS]


def get_format(name: str) -> type[SourceFormat]:
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise SourceError(name, None, f"unknown format; known formats: {', '.join(format_names())}")


def detect(path: Path, forced: str | None = None) -> tuple[SourceFormat, SourceInput]:
    """The format of `path` (a file or folder) and the input to read, or a SourceError."""
    if not path.exists():
        raise SourceError(str(path), None, "no such file or folder")
    if forced:
        fmt = get_format(forced)
        return fmt(), fmt.accept(path)
    for fmt in FORMATS:
        found = fmt.sniff(path)
        if found is not None:
            return fmt(), found
    raise SourceError(
        str(path),
        None,
        f"format not recognised; name one with --format ({', '.join(format_names())})",
    )
