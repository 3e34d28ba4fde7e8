"""The model's declared schemata: which one an entity is, from the schemata its rows use."""

from __future__ import annotations

from dualtrace.model import most_specific_schema


def test_the_most_specific_schema_wins() -> None:
    assert most_specific_schema(["Thing", "LegalEntity", "Company"]) == "Company"
    assert most_specific_schema(["Thing"]) == "Thing"
    assert most_specific_schema([]) == "Thing"
    assert most_specific_schema(["Thing", "Product"]) == "Product"


def test_incompatible_schemata_give_a_stable_answer() -> None:
    assert most_specific_schema(["Person", "Company"]) == most_specific_schema(
        ["Company", "Person"]
    )
