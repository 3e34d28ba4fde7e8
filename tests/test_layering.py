"""Data flows one way: a stage imports only the stages before it (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dualtrace"

# Tiers from the bottom up; a module may import its own package and any lower tier.
TIERS: list[set[str]] = [
    {"__init__", "errors"},
    {"settings", "model"},
    {"normalize"},
    {"sources"},
    {"synth"},
    {"store"},
    {"resolve"},
    {"graph"},
    {"trace"},
    {"risk", "flows"},
    {"screen"},
    {"report"},
    {"pipeline"},
    {"api"},
    {"web"},
    {"commands"},
    {"cli"},
]
TIER_OF = {name: level for level, names in enumerate(TIERS) for name in names}


def _top(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "dualtrace" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_every_package_has_a_tier() -> None:
    tops = {_top(p) for p in PACKAGE.rglob("*.py")}
    assert tops <= set(TIER_OF), f"place {sorted(tops - set(TIER_OF))} in TIERS"


def test_no_stage_imports_a_later_one() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        me = _top(path)
        for other in _imports(path):
            if other != me and TIER_OF.get(other, 99) >= TIER_OF[me]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports dualtrace.{other}")
    assert not wrong, "\n".join(wrong)
