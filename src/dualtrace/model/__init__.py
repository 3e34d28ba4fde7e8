"""The dualtrace model, defined once: records, statements, relations, and their declared types."""

from dualtrace.model.records import (
    Batch,
    Record,
    Reject,
    Relation,
    Statement,
    content_hash,
    relation_props,
)
from dualtrace.model.schema import (
    EntitySchema,
    RelationType,
    entity_schema,
    entity_schemata,
    most_specific_schema,
    relation_type,
    relation_types,
)

__all__ = [
    "Batch",
    "EntitySchema",
    "Record",
    "Reject",
    "Relation",
    "RelationType",
    "Statement",
    "content_hash",
    "entity_schema",
    "entity_schemata",
    "most_specific_schema",
    "relation_props",
    "relation_type",
    "relation_types",
]
