"""The red-flag rules, read from rules.yaml (or a user's copy of it)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dualtrace.errors import DualtraceError


@dataclass(frozen=True, slots=True)
class RiskRules:
    weights: dict[str, float]
    sanctions_proximity_max_hops: int
    end_user_flags: frozenset[str]
    military_activity_codes: tuple[str, ...]
    military_research_codes: tuple[str, ...]
    drone_hs_prefixes: tuple[str, ...]
    chpl: dict[str, tuple[str, ...]]
    transshipment_hubs: frozenset[str]
    destination_of_concern: frozenset[str]
    origin_of_concern: frozenset[str]
    new_intermediary_after: str
    drone_words: tuple[str, ...]
    drone_part_words: tuple[str, ...]
    greeting_words: tuple[str, ...]
    implausible_drone_hs_prefixes: tuple[str, ...]
    surge_controls: tuple[str, ...]
    surge_months: int
    surge_factor: float
    surge_min_after: int

    def weight(self, code: str) -> float:
        return float(self.weights.get(code, 0.0))

    def chpl_tier(self, hs_code: str) -> str | None:
        six = "".join(ch for ch in hs_code if ch.isdigit())[:6]
        for tier, codes in self.chpl.items():
            if six in codes:
                return tier
        return None

    def chpl_codes(self, tiers: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """The six-digit codes of the given tiers ('1', '3.A'; '3' means every 3.x tier)."""
        unknown = [t for t in tiers if not any(k == t or k.startswith(t + ".") for k in self.chpl)]
        if unknown:
            known = ", ".join(sorted(self.chpl))
            raise DualtraceError(f"unknown CHPL tier(s) {', '.join(unknown)} (known: {known})")
        return tuple(
            sorted(
                {
                    code
                    for tier, codes in self.chpl.items()
                    if any(tier == t or tier.startswith(t + ".") for t in tiers)
                    for code in codes
                }
            )
        )


def load_rules(path: Path | None = None) -> RiskRules:
    """The shipped rules, or a user's file with the same keys."""
    try:
        if path is None:
            text = resources.files("dualtrace.risk").joinpath("rules.yaml").read_text("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        data: dict[str, Any] = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise DualtraceError(f"{path or 'rules.yaml'}: cannot read the rules: {exc}") from None
    try:
        return RiskRules(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            sanctions_proximity_max_hops=int(data["sanctions_proximity_max_hops"]),
            end_user_flags=frozenset(str(c) for c in data["end_user_flags"]),
            military_activity_codes=tuple(data["military_activity_codes"]),
            military_research_codes=tuple(data["military_research_codes"]),
            drone_hs_prefixes=tuple(str(c) for c in data["drone_hs_prefixes"]),
            chpl={str(k): tuple(str(c) for c in v) for k, v in data["chpl"].items()},
            transshipment_hubs=frozenset(data["transshipment_hubs"]),
            destination_of_concern=frozenset(data["destination_of_concern"]),
            origin_of_concern=frozenset(data["origin_of_concern"]),
            new_intermediary_after=str(data["new_intermediary_after"]),
            drone_words=tuple(w.lower() for w in data["drone_words"]),
            drone_part_words=tuple(w.lower() for w in data["drone_part_words"]),
            greeting_words=tuple(w.lower() for w in data["greeting_words"]),
            implausible_drone_hs_prefixes=tuple(data["implausible_drone_hs_prefixes"]),
            surge_controls=tuple(str(d) for d in data["surge"]["controls"]),
            surge_months=int(data["surge"]["months"]),
            surge_factor=float(data["surge"]["factor"]),
            surge_min_after=int(data["surge"]["min_after"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DualtraceError(f"{path or 'rules.yaml'}: missing or bad rule {exc}") from None
