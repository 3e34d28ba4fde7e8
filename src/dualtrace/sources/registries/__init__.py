"""Registry and certificate sources: Rosaccreditation certificates, EGRUL, Chinese company
records with the USCC, and GLEIF LEI and relationship data."""

from dualtrace.sources.registries.china import ChinaRegistry
from dualtrace.sources.registries.egrul import EgrulXml
from dualtrace.sources.registries.fsa import FsaRegistry
from dualtrace.sources.registries.gleif import GleifJson, GleifXml

__all__ = ["ChinaRegistry", "EgrulXml", "FsaRegistry", "GleifJson", "GleifXml"]
