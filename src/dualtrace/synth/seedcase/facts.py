"""The seed case's reported facts, read from the package's own facts.yaml.

Read on demand, never at import time, so that nothing loads a file unless it is used.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def load_facts() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("facts.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def fact_report(facts: dict[str, Any], fact_id: str) -> str:
    """The report ('A' or 'B') a fact or figure comes from."""
    for item in [*facts["facts"], *facts["figures"]]:
        if item["id"] == fact_id:
            return str(item["report"])
    raise KeyError(fact_id)
