"""Flight manifests: who flew where with whom, from CSV or a JSON array of objects.

Header (CSV) or keys (JSON): passenger, organisation, flight, date, from, to. Each passenger is
a Person; the organisation listed beside them a Company they represent (as the manifest lists
it, no more). Every two passengers on the same flight on the same day are joined by a
`travelled_with` relation that cites one passenger's record and names the other's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

from dualtrace.model import Batch, Record, Reject, Relation
from dualtrace.normalize.dates import parse_date
from dualtrace.sources.base import EntityStatements, SourceFormat, SourceInput
from dualtrace.sources.ledger.invoices import check
from dualtrace.sources.ledger.rows import header_fields, raw_text, read_rows
from dualtrace.sources.trade.lookups import entity_id

FIELDS = ("passenger", "organisation", "flight", "date", "from", "to")
REQUIRED = ("passenger", "flight", "date")
DATASET = "flight_manifests"
ROLE = "passenger's organisation as listed"


class FlightManifests(SourceFormat):
    name = "flight-manifest"
    description = "Flight manifests (passenger, organisation, flight, date, from, to), CSV or JSON"
    mode = "append"

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        fields = header_fields(path)
        if fields is None or not set(REQUIRED) | {"from", "to"} <= fields:
            return None
        return SourceInput(path, (path,))

    def dataset(self, source: SourceInput) -> str:
        return DATASET

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        batch = Batch()
        path = source.path
        flights: dict[tuple[str, str], list[tuple[str, str, str | None, str | None]]] = defaultdict(
            list
        )
        for locator, position, row in read_rows(path):
            problem = check(row, REQUIRED)
            if problem is not None:
                batch.rejects.append(Reject(locator, problem[1], raw_text(row), problem[0]))
                continue
            record_id = f"{DATASET}:{path.name}:{position}"
            batch.records.append(Record(record_id, DATASET, locator, row))
            name = row["passenger"] or ""
            person = entity_id(DATASET, name, "")
            EntityStatements(batch, person, "Person", record_id).add("name", name)
            organisation = row.get("organisation")
            if organisation:
                company = entity_id(DATASET, organisation, "")
                EntityStatements(batch, company, "Company", record_id).add("name", organisation)
                batch.relations.append(
                    Relation(
                        f"{record_id}#represents",
                        "represents",
                        person,
                        company,
                        record_id,
                        start=parse_date(row["date"] or ""),
                        props={"role": ROLE},
                    )
                )
            day = parse_date(row["date"] or "") or ""
            flight = "".join((row["flight"] or "").upper().split())  # "SU 204" is "SU204"
            flights[(flight, day)].append((person, record_id, row.get("from"), row.get("to")))
        for (flight, day), passengers in flights.items():
            for (a, rec_a, origin, dest), (b, rec_b, _o, _d) in combinations(passengers, 2):
                if a == b:
                    continue
                props = {"flight": flight, "origin": origin, "destination": dest,
                         "other_record": rec_b}  # fmt: skip
                batch.relations.append(
                    Relation(
                        f"{rec_a}#travelled_with#{rec_b}",
                        "travelled_with",
                        a,
                        b,
                        rec_a,
                        start=day,
                        end=day,
                        props={k: v for k, v in props.items() if v is not None},
                    )
                )
        yield batch
