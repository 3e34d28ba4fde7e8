"""Tracing and risk against a generated world's truth: planted diversion paths found, spurious
paths among the top results, and how well the risk score ranks military end users.

The world (dualtrace.synth) is ingested and analysed like any data (resolve, graph, flags);
only then is truth/ read. Each truth party is mapped to the resolved entity that most of its
shipment rows resolved to (truth/shipments.parquet names the parties behind every row), so a
resolution error costs the trace and the ranking, as it would an analyst.

- recall: share of planted diversion paths (production site -> hub intermediary -> military
  or military-linked end user) found by the maker-to-end-user query, whose ends are the
  end users of concern as the product defines them (risk rules' `end_user_flags`: listed,
  owned by listed parties, a military activity code, or its own posts describing military
  end use), the same ends the dossier's path findings use.
- spurious: among the top results (as many paths as there are planted diversion paths,
  ranked by the end user's score, then by hops), the share with a link that is not one of
  the world's true links (a lane's maker to its sender and sender to recipient, a resale
  invoice's seller to buyer, a certificate's manufacturer to applicant); each node on a path
  stands for the truth party most of its shipment rows belong to, so a path through one
  fragment of a party that resolution split is judged by that party's links. The query
  starts from every maker (an entity that manufactured or supplied goods) in China or Hong
  Kong.
- AUC: the risk score's ROC AUC for military and military-linked end users against civilian
  end users (all parties the world casts as end users); the peer is the score of the
  sanctioned flag alone (what screening a list gives without the graph). Also reported
  against every Russian party, importers included: importers that sell on to sanctioned
  users are one hop from them, and rightly score high without being end users.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import time
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

import pyarrow.parquet as pq

from bench.common import BenchContext, Result
from dualtrace.pipeline import analyse
from dualtrace.risk import end_users_of_concern, load_rules, stored_flags
from dualtrace.store import Workspace, ingest_path, init_workspace
from dualtrace.synth.world import generate_world
from dualtrace.trace import TraceFilter, downstream

MAKER_COUNTRIES = frozenset({"cn", "hk"})


def _votes(ws: Workspace, truth: Path) -> dict[str, Counter[str]]:
    """Truth party key -> how many of its shipment rows resolved to each resolved entity."""
    rows = pq.read_table(truth / "shipments.parquet").to_pylist()
    by_declaration = {r["declaration"]: r for r in rows}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    found = ws.db.execute(
        """
        SELECT s.declaration,
               coalesce(a.canonical_id, s.sender_id), coalesce(b.canonical_id, s.recipient_id),
               coalesce(c.canonical_id, s.manufacturer_id)
        FROM shipments s
        LEFT JOIN resolved a ON a.entity_id = s.sender_id
        LEFT JOIN resolved b ON b.entity_id = s.recipient_id
        LEFT JOIN resolved c ON c.entity_id = s.manufacturer_id
        """
    ).fetchall()
    for declaration, sender, recipient, maker in found:
        row = by_declaration.get(declaration)
        if row is None:
            continue
        for key, cid in (
            (row["sender"], sender),
            (row["recipient"], recipient),
            (row["manufacturer"], maker),
        ):
            if key and cid:
                votes[key][cid] += 1
    return votes


def party_map(ws: Workspace, truth: Path) -> dict[str, str]:
    """Truth party key -> the resolved entity most of its shipment rows resolved to."""
    return {key: counter.most_common(1)[0][0] for key, counter in _votes(ws, truth).items()}


def entity_parties(ws: Workspace, truth: Path) -> dict[str, str]:
    """Resolved entity -> the truth party most of its shipment rows belong to. A party split
    by resolution has several entities; each of them is still that party, so a path through
    any of them uses the party's true links (the split costs recall, through party_map)."""
    by_entity: dict[str, Counter[str]] = defaultdict(Counter)
    for key, counter in _votes(ws, truth).items():
        for cid, n in counter.items():
            by_entity[cid][key] += n
    return {cid: counter.most_common(1)[0][0] for cid, counter in by_entity.items()}


def true_links(truth: Path, lanes: list[dict[str, str]]) -> set[tuple[str, str]]:
    """Every link of the world's truth as (from, to) truth parties, the way goods move:
    maker to sender and sender to recipient of each lane, seller to buyer of each resale
    invoice, manufacturer to applicant of each certificate."""
    pairs = set()
    for lane in lanes:
        pairs.add((lane["manufacturer"], lane["sender"]))
        pairs.add((lane["sender"], lane["recipient"]))
    for p in json.loads((truth / "paths.json").read_text()):
        if p["kind"] == "resale":
            pairs.add((p["path"][0], p["path"][1]))
    by_doc: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for key, mentions in json.loads((truth / "same_entity.json").read_text()).items():
        for m in mentions:
            if m["file"].startswith("certificates/"):
                by_doc[(m["file"], m["locator"])][m["field"]] = key
    for fields in by_doc.values():
        if "manufacturer.fullName" in fields and "applicant.fullName" in fields:
            pairs.add((fields["manufacturer.fullName"], fields["applicant.fullName"]))
    return pairs


def roc_auc(scores: list[float], labels: list[bool]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def evaluate(ws: Workspace, world: Path, as_of: str = "2025-01-01") -> dict[str, float]:
    truth = world / "truth"
    parties = {p["entity"]: p for p in json.loads((truth / "entities.json").read_text())}
    lanes = json.loads((truth / "findings.json").read_text())["lanes"]
    planted = [p["path"] for p in json.loads((truth / "paths.json").read_text())]
    planted = [p for p in planted if len(p) == 3]
    analysis = analyse(ws, as_of=as_of)
    cid = party_map(ws, truth)  # after analyse: it reads the resolution analyse writes
    eg = analysis.graph
    score: dict[str, float] = defaultdict(float)
    sanctioned: dict[str, float] = defaultdict(float)
    for flag in stored_flags(ws):
        score[flag.canonical_id] += flag.weight
        if flag.code == "sanctioned":
            sanctioned[flag.canonical_id] += flag.weight

    users = [k for k, p in parties.items() if k.startswith("end_user-") and k in cid]
    labels = [parties[k]["end_use"] != "civilian" for k in users]
    auc = roc_auc([score[cid[k]] for k in users], labels)
    auc_peer = roc_auc([sanctioned[cid[k]] for k in users], labels)
    russians = [k for k, p in parties.items() if p["country"] == "ru" and k in cid]
    auc_ru = roc_auc(
        [score[cid[k]] for k in russians], [parties[k]["end_use"] != "civilian" for k in russians]
    )

    ends = end_users_of_concern(stored_flags(ws), load_rules())
    flt = TraceFilter(max_hops=3)
    producers = set(eg.ids[i] for i in eg.src[eg.type_mask("manufactured", "supplied")])
    results = []
    for node in eg.nodes():
        countries = {c.lower() for c in node.countries}
        if node.entity_id in producers and countries & MAKER_COUNTRIES:
            results.extend(downstream(eg, node.entity_id, flt, is_end=ends.__contains__))
    found = {p.nodes for p in results}
    hit = sum(1 for p in planted if tuple(cid.get(k, "") for k in p) in found)
    links = true_links(truth, lanes)
    key_of = entity_parties(ws, truth)
    best: dict[tuple[str, ...], tuple[float, int]] = {}
    for p in results:
        best[p.nodes] = (-score[p.nodes[-1]], p.hops)
    top = sorted(best, key=lambda nodes: (best[nodes], nodes))[: max(1, len(planted))]
    spurious = sum(
        1
        for nodes in top
        if not {(key_of.get(a), key_of.get(b)) for a, b in pairwise(nodes)} <= links
    )
    return {
        "planted": len(planted),
        "recall": hit / max(1, len(planted)),
        "spurious": spurious / max(1, len(top)),
        "top": len(top),
        "auc": auc,
        "auc_sanctioned_only": auc_peer,
        "auc_all_russian": auc_ru,
        "end_users": len(users),
        "russian_parties": len(russians),
        "mapped_parties": len(cid),
        "parties": len(parties),
    }


def run(ctx: BenchContext) -> list[Result]:
    results = []
    for seed in (1, 2):
        scale = ctx.scale(50_000, 200_000, 2_000_000)
        root = ctx.work_dir / f"risk-world-{scale}-{seed}"
        shutil.rmtree(root, ignore_errors=True)
        world = generate_world(root / "world", seed=seed, scale=str(scale))
        ws = init_workspace(root / "ws")
        try:
            for path in world.inputs:
                ingest_path(ws, path)
            load, cpu, wall = os.getloadavg()[0], _cpu(), time.perf_counter()
            metrics = evaluate(ws, world.root)
            wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        finally:
            ws.close()
        case = f"world {scale:,} rows, seed {seed}"
        extra = {**metrics, "wall_s": wall, "cpu_s": cpu, "load_avg_1m": load}
        results += [
            Result(
                "risk",
                case,
                "planted diversion paths found",
                metrics["recall"],
                "share",
                extra=extra,
            ),
            Result("risk", case, "spurious among top paths", metrics["spurious"], "share"),
            Result(
                "risk",
                case,
                "military end users ROC AUC",
                metrics["auc"],
                "auc",
                peer="sanctioned flag alone",
                peer_value=metrics["auc_sanctioned_only"],
            ),
            Result(
                "risk",
                case,
                "analyse + evaluate wall",
                wall,
                "s",
                notes=f"cpu {cpu:.1f} s, load {load:.2f}",
            ),
        ]
    return results


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
