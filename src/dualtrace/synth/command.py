"""What `dualtrace synth` does, apart from parsing its options (that is the CLI's job)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dualtrace.synth.seedcase import write_seed_case
from dualtrace.synth.world import generate_world


def run_synth(
    out: Path, seed: int, scale: str, shipments_format: str | None, seed_case: bool
) -> dict[str, Any]:
    """Write a world (or the seed case) into `out`; return a summary for printing."""
    if seed_case:
        case = write_seed_case(out, seed)
        return {
            "out": str(out),
            "seed": seed,
            "kind": "seed-case",
            "inputs": [str(p.relative_to(out)) for p in case.inputs],
            "truth": [str(p.relative_to(out)) for p in case.truth_files],
        }
    world = generate_world(out, seed, scale, shipments_format)
    return {
        "out": str(out),
        "seed": seed,
        "kind": "world",
        "rows": world.rows,
        "parties": world.parties,
        "lanes": world.lanes,
        "inputs": [str(p.relative_to(out)) for p in world.inputs],
        "truth": [str(p.relative_to(out)) for p in world.truth_files],
    }
