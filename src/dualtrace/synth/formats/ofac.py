"""OFAC's legacy CSV set (sdn.csv, alt.csv, add.csv) exactly as OFAC writes it.

No header; strings quoted, numbers bare; an empty cell is `-0- ` (with its trailing space);
lines end with CRLF and the file with a DOS end-of-file byte, as in the published files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

EMPTY = "-0- "
REMARKS_WIDTH = 1000


@dataclass(frozen=True, slots=True)
class OfacAlias:
    name: str
    kind: str = "aka"


@dataclass(frozen=True, slots=True)
class OfacAddress:
    address: str | None
    city: str | None
    country: str


@dataclass(frozen=True, slots=True)
class OfacEntry:
    ent_num: int
    name: str
    program: str
    remarks: str
    sdn_type: str | None = None
    """'individual' for people; None (written `-0- `) for entities."""
    title: str | None = None
    aliases: tuple[OfacAlias, ...] = field(default_factory=tuple)
    addresses: tuple[OfacAddress, ...] = field(default_factory=tuple)


def _cell(value: str | int | None) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace('"', "'") + '"'


def _line(cells: Iterable[str | int | None]) -> str:
    return ",".join(_cell(c) for c in cells) + "\r\n"


def write_ofac_csv(folder: Path, entries: Iterable[OfacEntry]) -> list[Path]:
    """Write sdn.csv, alt.csv and add.csv into `folder`; return them, main file first."""
    folder.mkdir(parents=True, exist_ok=True)
    sdn, alt, add = [], [], []
    alt_num = add_num = 0
    for e in entries:
        if len(e.remarks) > REMARKS_WIDTH:
            raise ValueError(f"remarks of {e.ent_num} longer than {REMARKS_WIDTH} characters")
        sdn.append(
            _line([e.ent_num, e.name, e.sdn_type, e.program, e.title, *[None] * 6, e.remarks])
        )
        for a in e.aliases:
            alt_num += 1
            alt.append(_line([e.ent_num, alt_num, a.kind, a.name, None]))
        for d in e.addresses:
            add_num += 1
            add.append(_line([e.ent_num, add_num, d.address, d.city, d.country, None]))
    paths = []
    for name, lines in (("sdn.csv", sdn), ("alt.csv", alt), ("add.csv", add)):
        path = folder / name
        path.write_bytes(("".join(lines) + "\x1a").encode("utf-8"))
        paths.append(path)
    return paths
