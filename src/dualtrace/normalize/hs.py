"""HS codes: cleaning declared codes, describing them, and comparing drone flows across 2022.

Customs declarations write "8806.22.000 0", "880622", "8806 22 00" or drop a leading zero in a
spreadsheet; national tariffs (TN VED, HTS, CN) extend the 6-digit HS code to 8 or 10 digits.
Before HS 2022 there was no drone heading: camera drones were declared under 8525.80
(television and digital cameras) and others under 8802.20 (light aircraft), so a trade-flow
comparison around 2022 must count those codes next to 8806. The package ships a small table of
the HS 2022 codes relevant to drones (descriptions in our own words) and that concordance; the
full nomenclature is read from a CSV the user provides.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Final

from dualtrace.errors import DualtraceError

HS_LENGTHS: Final = (6, 8, 10)
HS2022_YEAR: Final = 2022
DRONE_HEADING: Final = "8806"
_SEPARATORS: Final = re.compile(r"[\s.\-/]+")
_NOMENCLATURE_COLUMNS: Final = ("section", "hscode", "description", "parent", "level")


class HsError(DualtraceError):
    """An HS nomenclature file that cannot be used."""


@dataclass(frozen=True)
class HsEntry:
    code: str
    description: str
    group: str | None = None
    parent: str | None = None
    section: str | None = None


def hs_code(text: str) -> str | None:
    """The declared code as 6, 8 or 10 digits, or None.

    Separators (spaces, dots, hyphens) are dropped; a 5-, 7- or 9-digit code is taken to have
    lost its leading zero (chapters 01-09) to a spreadsheet and gets it back.
    """
    compact = _SEPARATORS.sub("", text.strip())
    if not compact.isascii() or not compact.isdigit():
        return None
    if len(compact) in (5, 7, 9):
        compact = "0" + compact
    return compact if len(compact) in HS_LENGTHS else None


def hs6(code: str) -> str | None:
    """The international 6-digit subheading of a cleaned or raw code."""
    cleaned = hs_code(code)
    return cleaned[:6] if cleaned else None


def _read_rows(text: str) -> Iterator[dict[str, str]]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    yield from csv.DictReader(lines)


@cache
def dual_use_codes() -> dict[str, HsEntry]:
    """The shipped HS 2022 codes relevant to drones and their parts, by code (4 or 6 digits)."""
    text = files("dualtrace.normalize").joinpath("data/hs_dual_use.csv").read_text("utf-8")
    return {
        row["code"]: HsEntry(row["code"], row["description"], group=row["group"])
        for row in _read_rows(text)
    }


@dataclass(frozen=True)
class Concordance:
    code: str
    valid_until: int
    heading: str
    label: str
    note: str


@cache
def concordance() -> dict[str, Concordance]:
    text = files("dualtrace.normalize").joinpath("data/hs_concordance.csv").read_text("utf-8")
    return {
        row["code"]: Concordance(
            row["code"], int(row["valid_until"]), row["heading"], row["label"], row["note"]
        )
        for row in _read_rows(text)
    }


def comparable_heading(code: str, year: int) -> str | None:
    """The heading a declared code counts under when comparing flows across HS versions.

    8806 from 2022 on; before 2022, 8525.80 and 8802.20 count as drone-related under 8806.
    Other codes keep their own 4-digit heading; invalid codes give None.
    """
    six = hs6(code)
    if six is None:
        return None
    if year < HS2022_YEAR:
        match = concordance().get(six)
        if match is not None and year <= match.valid_until:
            return match.heading
    return six[:4]


def drone_related(code: str, year: int) -> bool:
    """Whether goods declared under `code` in `year` belong with drones (heading 8806)."""
    return comparable_heading(code, year) == DRONE_HEADING


def dual_use_group(code: str) -> str | None:
    """The shipped group of a code (drone, drone_part, camera, motor, radio, chip, ...)."""
    six = hs6(code)
    if six is None:
        return None
    table = dual_use_codes()
    entry = table.get(six) or table.get(six[:4])
    return entry.group if entry else None


class HsNomenclature:
    """The full HS nomenclature (`section,hscode,description,parent,level`), e.g. the HS 2022
    CSV of the datasets/harmonized-system project, read from a path the user gives."""

    def __init__(self, entries: dict[str, HsEntry]) -> None:
        self.entries = entries

    @classmethod
    def load(cls, path: Path) -> HsNomenclature:
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = set(_NOMENCLATURE_COLUMNS) - set(reader.fieldnames or ())
                if missing:
                    raise HsError(f"{path}: missing columns {', '.join(sorted(missing))}")
                entries = {
                    row["hscode"]: HsEntry(
                        row["hscode"],
                        row["description"],
                        parent=row["parent"] or None,
                        section=row["section"] or None,
                    )
                    for row in reader
                }
        except OSError as exc:
            raise HsError(f"{path}: {exc.strerror or exc}") from exc
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, code: str) -> HsEntry | None:
        """The most specific entry for a code: its 6-digit subheading, else heading, else
        chapter (national 8- and 10-digit extensions are not in the HS)."""
        digits = _SEPARATORS.sub("", code)
        for size in (6, 4, 2):
            entry = self.entries.get(digits[:size])
            if entry is not None and len(digits) >= size:
                return entry
        return None

    def path(self, code: str) -> list[HsEntry]:
        """Chapter, heading and subheading of a code, broadest first."""
        out: list[HsEntry] = []
        entry = self.lookup(code)
        # The file's root row ("TOTAL") is its own parent; stop at it.
        while entry is not None and entry.code.isdigit() and entry not in out:
            out.insert(0, entry)
            entry = self.entries.get(entry.parent) if entry.parent else None
        return out


def describe(code: str, nomenclature: HsNomenclature | None = None) -> str | None:
    """A description of a code: from the full nomenclature when given, else the shipped
    drone-related table (6-digit subheading, then heading)."""
    if nomenclature is not None:
        entry = nomenclature.lookup(code)
        if entry is not None:
            return entry.description
    six = hs6(code) or _SEPARATORS.sub("", code)
    table = dual_use_codes()
    found = table.get(six[:6]) or table.get(six[:4])
    return found.description if found else None
