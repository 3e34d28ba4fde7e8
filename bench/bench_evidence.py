"""Evidence sources: Telegram exports with mention rules, and EGRUL XML; records per second.

Inputs are made from real shapes: a channel export in the older schema whose posts cycle
through sentences of the kind importers post (brands, training of servicemen, ordinary sales),
and an EGRUL file whose documents are the real 4.07 file's, repeated with fresh ИдДок.
Peers, in the same run: `json` load plus text concatenation (the floor of any export reader);
one regular expression of the rules' literal words (no endings, exclusions or passages), the
floor of any mention finder; defusedxml iterparse alone over the same EGRUL file.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from defusedxml.ElementTree import iterparse

from bench.common import BenchContext, Result, median_seconds
from dualtrace.sources.posts.rules import load_rules
from dualtrace.store import ingest_path, init_workspace

SENTENCES = [
    "Продолжаем обучение военнослужащих и сотрудников Росгвардии работе с DJI Mavic 3.",
    "Скидки на DJI Mini 4 Pro до конца недели! Доставка по всей России.",
    "Наш выпускник забирает два Mavic 3 с системой сброса — на Запорожский фронт.",
    "Сброс настроек пульта: инструкция для владельцев Autel EVO II.",
    "Открыт набор на курсы операторов FPV-дронов, занятия по выходным.",
    "Новое поступление аккумуляторов и пропеллеров, звоните.",
    "Training of servicemen on Matrice 300 RTK continues this week.",
    "Поздравляем выпускников! Дипломы вручены.",
]


def _export(path: Path, n: int) -> None:
    messages = [
        {
            "id": i,
            "type": "message",
            "date": f"2023-05-{1 + i % 28:02d}T12:00:00",
            "from": "Канал",
            "from_id": "channel1",
            "text": [{"type": "bold", "text": "Новости. "}, SENTENCES[i % len(SENTENCES)]],
        }
        for i in range(1, n + 1)
    ]
    export = {"name": "Канал", "type": "public_channel", "id": 1, "messages": messages}
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")


def _egrul(source: Path, target: Path, n: int) -> None:
    content = source.read_bytes()
    head, _, rest = content.partition(b"<\xc4\xee\xea\xf3\xec\xe5\xed\xf2 ")  # "<Документ "
    body, _, tail = rest.rpartition(b"</\xc4\xee\xea\xf3\xec\xe5\xed\xf2>")
    docs = [
        d
        for d in (
            b"<\xc4\xee\xea\xf3\xec\xe5\xed\xf2 " + body + b"</\xc4\xee\xea\xf3\xec\xe5\xed\xf2>"
        ).split(b"\n  <\xc4")
        if d
    ]
    parts = []
    for i in range(n):
        doc = docs[i % len(docs)]
        doc = doc if doc.startswith(b"<\xc4") else b"<\xc4" + doc
        parts.append(re.sub(rb'="[0-9a-f-]{36}"', f'="{i:036d}"'.encode(), doc, count=1))
    target.write_bytes(head + b"\n  ".join(parts) + tail)


def _ingest(ctx: BenchContext, path: Path) -> int:
    root = ctx.work_dir / "evidence-ws"
    shutil.rmtree(root, ignore_errors=True)
    ws = init_workspace(root)
    try:
        return ingest_path(ws, path).n_records
    finally:
        ws.close()


def _json_floor(path: Path) -> None:
    data = json.loads(path.read_bytes())
    for m in data["messages"]:
        "".join(p if isinstance(p, str) else p["text"] for p in m["text"])


def run(ctx: BenchContext) -> list[Result]:
    results = []
    n = ctx.scale(5_000, 20_000, 100_000)
    export = ctx.work_dir / "telegram-export.json"
    _export(export, n)
    records = _ingest(ctx, export)
    seconds = median_seconds(lambda: _ingest(ctx, export), ctx.repeats)
    floor = median_seconds(lambda: _json_floor(export), ctx.repeats)
    results.append(
        Result(
            "evidence",
            f"telegram-{n}",
            "messages per second",
            records / seconds,
            "msg/s",
            peer="json load + text only",
            peer_value=records / floor,
            notes=f"{records:,} messages with mentions, stored in a fresh workspace",
        )
    )
    rules = load_rules()
    texts = [f"Новости. {SENTENCES[i % len(SENTENCES)]}" for i in range(n)]
    words = sorted(
        {
            p
            for t in rules.targets
            for p in t.patterns + t.exact
            if not p.startswith("re:") and "*" not in p
        },
        key=len,
        reverse=True,
    )
    literal = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in words), re.IGNORECASE)
    hits = sum(len(rules.find(t)) for t in texts)
    rule_s = median_seconds(lambda: [rules.find(t) for t in texts], ctx.repeats)
    literal_s = median_seconds(lambda: [literal.findall(t) for t in texts], ctx.repeats)
    results.append(
        Result(
            "evidence",
            f"mention-rules-{n}",
            "posts per second",
            n / rule_s,
            "posts/s",
            peer="one regex of literal words",
            peer_value=n / literal_s,
            notes=f"{hits:,} hits from {len(rules.targets)} targets",
        )
    )
    source = ctx.shared_data / "evidence" / "registry-egrul"
    files = sorted(source.glob("*20251116*.xml")) if source.exists() else []
    if files:
        docs = ctx.scale(2_000, 10_000, 50_000)
        big = ctx.work_dir / "egrul-bench" / "egrul.xml"
        big.parent.mkdir(exist_ok=True)
        _egrul(files[0], big, docs)
        stored = _ingest(ctx, big)
        egrul_s = median_seconds(lambda: _ingest(ctx, big), ctx.repeats)
        parse_s = median_seconds(lambda: [e for _, e in iterparse(str(big))], ctx.repeats)
        results.append(
            Result(
                "evidence",
                f"egrul-{docs}",
                "legal entities per second",
                stored / egrul_s,
                "entities/s",
                peer="defusedxml iterparse only",
                peer_value=stored / parse_s,
                notes=f"{stored:,} СвЮЛ stored",
            )
        )
    return results
