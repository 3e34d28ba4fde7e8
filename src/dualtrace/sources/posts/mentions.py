"""Turning rule hits in a post or page into `mentions` relations and the entities they name.

A hit becomes `mentions` from the document (the Message or HyperText entity) to the target's
entity, with the sentence around it (`quote`), the character offsets of the matched words in
the document's plain text (`offset_start`, `offset_end`), `military_use`, and the `rule` (the
target id) that matched. A document with any military hit also gets the FollowTheMoney topic
`mil`, so that it can be found without reading the relations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dualtrace.model import Batch, Relation
from dualtrace.sources.base import EntityStatements, SourceInput
from dualtrace.sources.posts.rules import RuleSet, Target

MILITARY_TOPIC = "mil"


@dataclass
class MentionWriter:
    """Adds mentions to batches, declaring each target entity once per input."""

    rules: RuleSet
    declared: set[str] = field(default_factory=set)

    def add(
        self,
        batch: Batch,
        record_id: str,
        document: EntityStatements,
        text: str,
        *,
        scope: str = "text",
    ) -> int:
        hits = self.rules.find(text, scope=scope)
        for hit in hits:
            self._declare(batch, record_id, hit.target)
            batch.relations.append(
                Relation(
                    f"{record_id}#mentions:{hit.target.id}:{hit.start}",
                    "mentions",
                    document.entity_id,
                    hit.target.entity_id,
                    record_id,
                    props={
                        "quote": hit.quote,
                        "offset_start": hit.start,
                        "offset_end": hit.end,
                        "military_use": hit.military_use,
                        "rule": hit.target.id,
                    },
                )
            )
        if any(hit.target.military for hit in hits):
            document.add("topics", MILITARY_TOPIC)
        return len(hits)

    def _declare(self, batch: Batch, record_id: str, target: Target) -> None:
        if target.entity_id in self.declared:
            return
        self.declared.add(target.entity_id)
        add = EntityStatements(batch, target.entity_id, target.schema, record_id)
        add.add("name", target.name)
        for alias in target.aliases:
            add.add("alias", alias)
        for prop, value in target.props:
            add.add(prop, value)
        add.add("country", target.country)


def input_files(source: SourceInput) -> list[Path]:
    """The posts or pages of an input, without the rules files stored alongside them."""
    return [f for f in source.files if f.suffix.lower() not in {".yaml", ".yml"}]
