"""The dossier: findings in sentences, each citing the records that prove it."""

from dualtrace.report.citations import Citation, CitationIndex
from dualtrace.report.dossier import Dossier, Finding, Sentence, build_dossier, write_dossier

__all__ = [
    "Citation",
    "CitationIndex",
    "Dossier",
    "Finding",
    "Sentence",
    "build_dossier",
    "write_dossier",
]
