"""The words that mark what is generated and what is reported, written into the data itself.

A reader of any raw file, or of the record a parser keeps from it, must be able to tell a
generated value from a reported fact without consulting anything else.
"""

from __future__ import annotations

from typing import Final

SYNTHETIC: Final = "synthetic record"
"""Marker in every generated row, document, post and list entry (English sources)."""
SYNTHETIC_RU: Final = "синтетическая запись"
"""The same marker in Russian-language sources (customs, certificates, posts)."""
SYNTHETIC_TAG: Final = "#synthetic"
"""Hashtag closing every generated post."""


def reported(report: str) -> str:
    return f"reported fact (report {report})"


def reported_ru(report: str) -> str:
    return f"факт по публикации (отчёт {report})"


def note(report: str | None = None, what: str = "") -> str:
    """English note: always the synthetic marker, plus the report when a reported fact is told."""
    parts = [f"{SYNTHETIC} (dualtrace)"]
    if report:
        parts.append(reported(report) + (f": {what}" if what else ""))
    return "; ".join(parts)


def note_ru(report: str | None = None, what: str = "") -> str:
    parts = [f"{SYNTHETIC_RU} (dualtrace)"]
    if report:
        parts.append(reported_ru(report) + (f": {what}" if what else ""))
    return "; ".join(parts)
