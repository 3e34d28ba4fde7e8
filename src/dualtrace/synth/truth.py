"""What a generated world really is, written beside its raw files as truth/*.json.

Scoring resolution, tracing and risk needs the answers: which written names in which records
are one entity, which paths were planted as diversions, which parties are military end users
and which are sanctioned. Everything here is plain JSON, sorted, so equal seeds give equal
bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dualtrace.synth.party import Party


@dataclass(frozen=True, slots=True)
class Mention:
    """One written name of one party in one record of one file."""

    file: str
    locator: str
    field: str
    written: str
    entity: str


@dataclass
class Truth:
    parties: dict[str, Party] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    paths: list[dict[str, Any]] = field(default_factory=list)
    findings: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    """Further truth files by name (e.g. 'channels.json'), for sources only some worlds have."""

    def add_parties(self, parties: tuple[Party, ...] | list[Party]) -> None:
        for p in parties:
            self.parties[p.key] = p

    def mention(self, file: str, locator: str, field_name: str, written: str, key: str) -> None:
        if key not in self.parties:
            raise KeyError(f"mention of unknown party {key!r}")
        self.mentions.append(Mention(file, locator, field_name, written, key))

    def entities_json(self) -> list[dict[str, Any]]:
        out = []
        for key in sorted(self.parties):
            p = self.parties[key]
            out.append(
                {
                    "entity": key,
                    "role": p.role,
                    "country": p.country,
                    "end_use": p.end_use,
                    "sanctioned": p.sanctioned,
                    "report": p.report,
                    "label": p.label,
                    "identifiers": {
                        k: v
                        for k, v in (("innCode", p.inn), ("ogrnCode", p.ogrn), ("uscCode", p.uscc))
                        if v
                    },
                    "address": p.address or None,
                    "director": p.director,
                    "shell_group": p.shell_group,
                    "okved": p.okved,
                    "links": list(p.links),
                    "names": sorted({m.written for m in self.mentions if m.entity == key}),
                }
            )
        return out

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        groups: dict[str, list[dict[str, str]]] = {}
        for m in self.mentions:
            groups.setdefault(m.entity, []).append(
                {"file": m.file, "locator": m.locator, "field": m.field, "written": m.written}
            )
        end_users = {
            k: p.end_use for k, p in sorted(self.parties.items()) if p.end_use != "civilian"
        }
        files = {
            "entities.json": self.entities_json(),
            "same_entity.json": {k: groups[k] for k in sorted(groups)},
            "paths.json": self.paths,
            "end_users.json": end_users,
            "sanctioned.json": sorted(k for k, p in self.parties.items() if p.sanctioned),
            "findings.json": self.findings,
            **self.extra,
        }
        paths = []
        for name, data in files.items():
            path = folder / name
            path.write_text(
                json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                encoding="utf-8",
            )
            paths.append(path)
        return paths
