"""Score name pairs with nomenklatura's logic-v2 matcher (the one yente uses by default).

Runs in the peer environment bench/.peers-venv, never in the project's: nomenklatura needs
duckdb<2, the project pins duckdb 2. So this file imports nothing from dualtrace or bench, and
speaks JSON lines both ways:

    in:  {"id": ..., "query": {"id": ..., "schema": ..., "names": [...]},
                     "listed": {"id": ..., "schema": ..., "names": [...]}}
    out: {"id": ..., "score": ...} per pair, then one last line
         {"timing": {"pairs", "wall", "cpu", "import_wall", "build_wall", "load"}}

Only the comparisons are inside "wall" and "cpu"; building the FtM entities is timed apart
("build_wall"), as the project's side parses its queries outside its timing too. Entity ids
matter: logic-v2 caches a name's analysis by entity id, so one id is one query (or one listed
entity) and its analysis is reused across its pairs, as in yente.

    bench/.peers-venv/bin/python bench/peers/nomenklatura_pairs.py IN.jsonl OUT.jsonl
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

ALGORITHM = "logic-v2"


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    from followthemoney import model
    from nomenklatura.matching import ScoringConfig, get_algorithm

    algorithm = get_algorithm(ALGORITHM)
    if algorithm is None:
        raise SystemExit(f"nomenklatura has no algorithm {ALGORITHM}")
    config = ScoringConfig.defaults()
    import_wall = time.perf_counter() - started

    def entity(side: dict[str, Any]) -> Any:
        proxy = model.make_entity(side["schema"])
        proxy.id = side["id"]
        for name in side["names"]:
            proxy.add("name", name)
        return proxy

    started = time.perf_counter()
    ids: list[str] = []
    pairs: list[tuple[Any, Any]] = []
    with open(argv[0], encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            ids.append(row["id"])
            pairs.append((entity(row["query"]), entity(row["listed"])))
    build_wall = time.perf_counter() - started

    scores: list[float] = []
    wall, cpu = time.perf_counter(), time.process_time()
    for query, listed in pairs:
        scores.append(algorithm.compare(query, listed, config).score)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    with open(argv[1], "w", encoding="utf-8") as out:
        for pair_id, score in zip(ids, scores, strict=True):
            out.write(json.dumps({"id": pair_id, "score": score}) + "\n")
        timing = {
            "pairs": len(scores),
            "wall": wall,
            "cpu": cpu,
            "import_wall": import_wall,
            "build_wall": build_wall,
            "load": os.getloadavg()[0],
        }
        out.write(json.dumps({"timing": timing}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
