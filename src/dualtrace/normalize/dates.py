"""Dates as ISO prefixes ('1962', '1962-01', '1962-01-12'), the precision the source gave."""

from __future__ import annotations

from prefixdate import parse_formats

_FORMATS = ["%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%b %Y", "%B %Y", "%d.%m.%Y", "%m/%d/%Y", "%Y"]


def parse_date(text: str) -> str | None:
    """The ISO prefix of a date written in one of the common source layouts, or None."""
    text = text.strip().rstrip(".")
    if not text:
        return None
    parsed: str | None = parse_formats(text, _FORMATS).text
    return parsed
