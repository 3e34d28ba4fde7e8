"""Parsers for sanctions and watchlist formats, each in the exact shape its authority publishes."""

from __future__ import annotations

from dualtrace.sources.base import SourceFormat
from dualtrace.sources.sanctions.eu_fsd import EuFsdXml
from dualtrace.sources.sanctions.ofac_advanced import OfacAdvancedXml
from dualtrace.sources.sanctions.ofac_csv import OfacCsv
from dualtrace.sources.sanctions.ofac_xml import OfacSdnXml
from dualtrace.sources.sanctions.opensanctions import FtmJsonLines, OpenSanctionsSimpleCsv
from dualtrace.sources.sanctions.seco_xml import SecoXml
from dualtrace.sources.sanctions.uk_xml import UkSanctionsXml
from dualtrace.sources.sanctions.un_xml import UnConsolidatedXml

# Each XML format is told apart by its root element, the CSV and JSON ones by their header or
# first line, so their order here does not matter; OFAC's legacy CSV, recognised by file names
# in a folder, comes last.
SANCTIONS_FORMATS: tuple[type[SourceFormat], ...] = (
    OfacSdnXml,
    OfacAdvancedXml,
    EuFsdXml,
    UkSanctionsXml,
    UnConsolidatedXml,
    SecoXml,
    OpenSanctionsSimpleCsv,
    FtmJsonLines,
    OfacCsv,
)

__all__ = ["SANCTIONS_FORMATS"]
