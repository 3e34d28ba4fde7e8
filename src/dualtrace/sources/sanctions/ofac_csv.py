"""OFAC's legacy CSV layout: sdn.csv / alt.csv / add.csv / sdn_comments.csv (and the cons_*
files of the consolidated non-SDN list, in the same columns).

The files have no header; `-0-` means empty; the `remarks` column is cut at a fixed width and
continued in the comments file. Identifiers, birth dates and places live only inside remarks
("DOB 12 Jan 1962; Tax ID No. 7744001497 (Russia); ..."), so they are read from there.
A row with the wrong number of columns or broken quoting makes the whole list unreadable: a
sanctions list half-ingested is worse than none, so it raises SourceError with the line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from dualtrace.errors import SourceError
from dualtrace.model import Batch, Record, entity_schema
from dualtrace.normalize.identifiers import clean_identifier
from dualtrace.sources.base import EntityStatements, SourceFormat, SourceInput
from dualtrace.sources.sanctions.common import AUTHORITIES, authority_statements, sanctioned
from dualtrace.sources.sanctions.values import CHECKED_FALLBACK, date_prefix

EMPTY = "-0-"
SDN_COLUMNS = (
    "ent_num",
    "name",
    "type",
    "program",
    "title",
    "call_sign",
    "vess_type",
    "tonnage",
    "grt",
    "vess_flag",
    "vess_owner",
    "remarks",
)
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state_postal", "country", "add_remarks")
COMMENT_COLUMNS = ("ent_num", "remarks_continued")

# (file stem in the SDN set, file stem in the consolidated set)
_LAYOUTS = {
    "sdn": ("sdn", "alt", "add", "sdn_comments"),
    "cons": ("cons_prim", "cons_alt", "cons_add", "cons_comments"),
}

_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
_WEAK_ALIAS = {"fka": "previousName", "aka": "alias", "nka": "alias"}

# Remarks: "Label value (Country)" pairs separated by ';'.
_REMARK_PROPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^DOB (?P<v>.+)$"), "birthDate"),
    (re.compile(r"^POB (?P<v>.+)$"), "birthPlace"),
    (re.compile(r"^nationality (?P<v>.+)$", re.I), "nationality"),
    (re.compile(r"^citizen (?P<v>.+)$", re.I), "citizenship"),
    (re.compile(r"^Gender (?P<v>.+)$"), "gender"),
    (re.compile(r"^Passport (?P<v>\S+)"), "passportNumber"),
    (re.compile(r"^Legal Entity Number (?P<v>\S+)"), "leiCode"),
    (re.compile(r"^SWIFT/BIC (?P<v>\S+)"), "swiftBic"),
    (re.compile(r"^(?:Vessel Registration Identification )?IMO (?P<v>\d{7})"), "imoNumber"),
    (re.compile(r"^Website (?P<v>\S+)"), "website"),
    (re.compile(r"^Email Address (?P<v>\S+)"), "email"),
    (re.compile(r"^Tax ID No\. (?P<v>\S+) \(Russia\)"), "innCode"),
    (re.compile(r"^Registration Number (?P<v>\d{13}) \(Russia\)"), "ogrnCode"),
    (re.compile(r"^Unified Social Credit Code \(USCC\) (?P<v>\S+)"), "uscCode"),
    (re.compile(r"^Tax ID No\. (?P<v>\S+)"), "taxNumber"),
    (re.compile(r"^Registration (?:Number|ID) (?P<v>\S+)"), "registrationNumber"),
)
_DATE_PROPS = {"birthDate"}


class OfacCsv(SourceFormat):
    name = "ofac-csv"
    description = "OFAC SDN or consolidated list, legacy CSV (sdn.csv, alt.csv, add.csv, ...)"
    mode = "replace"

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        folder = path if path.is_dir() else path.parent
        for prim, *others in _LAYOUTS.values():
            main = folder / f"{prim}.csv"
            if path.is_file() and path != main and path.stem not in others:
                continue
            if main.is_file():
                members = [main] + [
                    folder / f"{o}.csv" for o in others if (folder / f"{o}.csv").is_file()
                ]
                return SourceInput(path, tuple(members))
        return None

    @classmethod
    def accept(cls, path: Path) -> SourceInput:
        found = cls.sniff(path)
        if found is None:
            raise SourceError(str(path), None, "no sdn.csv or cons_prim.csv in this folder")
        return found

    def dataset(self, source: SourceInput) -> str:
        return "us_ofac_cons" if source.files[0].stem == "cons_prim" else "us_ofac_sdn"

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        dataset = self.dataset(source)
        main, *others = source.files
        by_stem = {f.stem: f for f in others}
        layout = _LAYOUTS["cons" if main.stem == "cons_prim" else "sdn"]
        comments = self._comments(by_stem.get(layout[3]), dataset)
        authority = AUTHORITIES["us_ofac"]
        batch = Batch()
        first = True
        for line, row in _rows(main, SDN_COLUMNS):
            record_id = f"{dataset}:{main.name}:{row['ent_num']}"
            if first:
                batch.statements.extend(authority_statements(authority, record_id))
                first = False
            raw = dict(row)
            continued = comments.get(row["ent_num"] or "")
            if continued:
                raw["remarks_continued"] = continued[0]
            batch.records.append(Record(record_id, dataset, f"{main.name} line {line}", raw))
            self._entry(batch, dataset, record_id, row, continued[0] if continued else None)
            if len(batch) >= 5000:
                yield batch
                batch = Batch()
        for stem, handler in ((layout[1], self._alias), (layout[2], self._address)):
            file = by_stem.get(stem)
            if file is None:
                continue
            columns = ALT_COLUMNS if handler == self._alias else ADD_COLUMNS
            for line, row in _rows(file, columns):
                record_id = f"{dataset}:{file.name}:{row['ent_num']}/{row[columns[1]]}"
                batch.records.append(
                    Record(record_id, dataset, f"{file.name} line {line}", dict(row))
                )
                handler(batch, dataset, record_id, row)
        for ent_num, (_text, line, name) in comments.items():
            record_id = f"{dataset}:{name}:{ent_num}"
            raw = {"ent_num": ent_num, "remarks_continued": _text}
            batch.records.append(Record(record_id, dataset, f"{name} line {line}", raw))
        yield batch

    def _comments(self, file: Path | None, dataset: str) -> dict[str, tuple[str, int, str]]:
        if file is None:
            return {}
        return {
            row["ent_num"] or "": (row["remarks_continued"] or "", line, file.name)
            for line, row in _rows(file, COMMENT_COLUMNS)
        }

    def _entry(
        self,
        batch: Batch,
        dataset: str,
        record_id: str,
        row: dict[str, str | None],
        continued: str | None,
    ) -> None:
        entity_id = f"{dataset}-{row['ent_num']}"
        schema = _SCHEMA.get((row["type"] or "").lower(), "Organization")
        known = entity_schema(schema)
        add = EntityStatements(batch, entity_id, schema, record_id).add
        add("name", row["name"])
        if known.has_property("title"):
            add("title", row["title"])
        if schema == "Vessel":
            add("callSign", row["call_sign"])
            add("type", row["vess_type"])
            add("tonnage", row["tonnage"])
            add("grossRegisteredTonnage", row["grt"])
            add("flag", row["vess_flag"])
        remarks = (row["remarks"] or "") + (continued or "")
        if remarks:
            add("notes", remarks)
        for prop, value in _remark_values(remarks):
            if not known.has_property(prop):
                continue
            if prop in _DATE_PROPS:
                add(prop, date_prefix(value), original=value)
            elif prop in CHECKED_FALLBACK:
                cleaned = clean_identifier(prop, value)
                if cleaned is None:  # failed its check digit: kept, but under the plain kind
                    fallback = CHECKED_FALLBACK[prop]
                    if known.has_property(fallback):
                        add(fallback, value)
                else:
                    add(prop, cleaned, original=value)
            else:
                add(prop, value)
        for program in (row["program"] or "").split("] ["):
            program = program.strip("[] ")
            if program:
                batch.relations.append(
                    sanctioned(
                        entity_id,
                        AUTHORITIES["us_ofac"],
                        record_id,
                        program=program,
                        list_id=row["ent_num"],
                    )
                )

    def _alias(
        self, batch: Batch, dataset: str, record_id: str, row: dict[str, str | None]
    ) -> None:
        kind = (row["alt_type"] or "aka").lower()
        prop = (
            "weakAlias"
            if kind == "aka" and "weak" in (row["alt_remarks"] or "").lower()
            else _WEAK_ALIAS.get(kind, "alias")
        )
        EntityStatements(batch, f"{dataset}-{row['ent_num']}", "Thing", record_id).add(
            prop, row["alt_name"]
        )

    def _address(
        self, batch: Batch, dataset: str, record_id: str, row: dict[str, str | None]
    ) -> None:
        parts = [row["address"], row["city_state_postal"], row["country"]]
        full = ", ".join(p for p in parts if p)
        add = EntityStatements(batch, f"{dataset}-{row['ent_num']}", "Thing", record_id).add
        add("address", full or None)
        add("country", row["country"])


def _remark_values(remarks: str) -> Iterator[tuple[str, str]]:
    for part in remarks.split(";"):
        part = part.strip().rstrip(".")
        part = re.sub(r"^alt\. ", "", part)
        for pattern, prop in _REMARK_PROPS:
            match = pattern.match(part)
            if match:
                yield prop, match.group("v").strip()
                break


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str | None]]]:
    """Rows of one headerless OFAC file, '-0-' read as None; any broken row raises."""
    try:
        handle = path.open(encoding="utf-8", newline="")
        with handle:
            reader = csv.reader(handle, strict=True)
            while True:
                line = reader.line_num + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise SourceError(str(path), f"line {line}", f"broken CSV: {exc}") from None
                if not cells or cells == [""] or (len(cells) == 1 and cells[0].strip() == "\x1a"):
                    continue
                if len(cells) != len(columns):
                    raise SourceError(
                        str(path),
                        f"line {line}",
                        f"expected {len(columns)} columns, found {len(cells)}",
                    )
                values = [None if c.strip() == EMPTY else c.strip() for c in cells]
                yield line, dict(zip(columns, values, strict=True))
    except UnicodeDecodeError as exc:
        raise SourceError(str(path), f"byte {exc.start}", "not UTF-8 text") from None
