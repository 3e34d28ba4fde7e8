"""A population of source entities at any size, for timing resolution, with its truth.

Generated worlds hold a few hundred companies written thousands of times; timing resolution
at a million records needs a million source entities. Here about N / 5 companies (Russian,
Chinese and Latin-named third-country firms, names built from syllables so that near misses
occur as in real registers) are each written 1 to 9 times, in the generator's own styles
(`synth.variants.Name.written`: home script, full legal form, English, upper case,
transliteration or pinyin, typos), spread over five datasets, some with a valid INN or USCC,
most with a country. Chinese names differ in their pinyin too (a record written only in pinyin
cannot tell homophones apart; real registers have few). Each record is one source entity,
stored through the ordinary ingest.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pypinyin import lazy_pinyin

from bench.resolve_truth import Labels
from dualtrace.model import Batch, Record, Statement
from dualtrace.sources.base import SourceFormat, SourceInput
from dualtrace.store import Workspace, ingest_source
from dualtrace.synth import ids
from dualtrace.synth.variants import Name, translit

_CONS = "бвгдзклмнпрстфхцчш"
_VOW = "аеиоуяю"
_FIN = ("", "н", "р", "с", "к", "л", "м")
_HAN = (
    "翔云鹰飞航天瑞博鑫达创智远腾宇恒晟凌锐泰蓝星华美龙海安信卓越光明新宏伟"
    "东方金山银河长城正大天成百川万通永盛嘉禾中科汇丰广源德昌福瑞祥和高峰"
)
_TRADES = (
    ("科技", "Technology"),
    ("电子", "Electronics"),
    ("贸易", "Trading"),
    ("智能科技", "Intelligent Technology"),
    ("航空科技", "Aviation Technology"),
)
_STYLES = ("home_short", "home_long", "english", "english_upper", "translit", "typo")
_WEIGHTS = (0.3, 0.1, 0.2, 0.15, 0.15, 0.1)
DATASETS = ("customs", "certificates", "registry", "invoices", "news")


@dataclass(frozen=True)
class Population:
    records: int
    companies: int
    labels: Labels
    styles: dict[str, str] = field(default_factory=dict)
    """Source entity -> the style its name was written in (for diagnosing misses)."""


class _PopulationFormat(SourceFormat):
    name = "population"
    description = "generated source entities for timing resolution"
    mode = "append"

    def __init__(self, dataset: str, batches: Iterator[Batch]) -> None:
        self._dataset = dataset
        self._batches = batches

    @classmethod
    def sniff(cls, path: Path) -> SourceInput | None:
        return None

    def dataset(self, source: SourceInput) -> str:
        return self._dataset

    def parse(self, source: SourceInput) -> Iterator[Batch]:
        yield from self._batches


def _company(rng: random.Random, used: set[str]) -> tuple[Name, str, str | None, str | None]:
    """A company's name, country, INN and USCC, its name core distinct from all before it."""
    while True:
        kind = rng.random()
        if kind < 0.45:
            core = "".join(rng.choice(_CONS) + rng.choice(_VOW) + rng.choice(_FIN) for _ in "ab")
            core = core.capitalize()
            if rng.random() < 0.2:
                core += rng.choice(["-М", " Плюс", " Групп", "-21"])
            if core in used:
                continue
            used.add(core)
            form = rng.choice(["llc", "llc", "jsc", "kz_too", "by_ooo"])
            country = {"kz_too": "kz", "by_ooo": "by"}.get(form, "ru")
            inn = ids.inn_legal(rng, rng.choice(list(ids.RU_REGIONS.values())))
            return Name(translit(core, "trade"), form, core_ru=core), country, inn, None
        if kind < 0.8:
            core = "".join(rng.sample(_HAN, rng.choice([2, 2, 3])))
            zh, en = rng.choice(_TRADES)
            syllables = lazy_pinyin(core)
            sound = " ".join(sorted(syllables)) + zh
            if core + zh in used or sound in used:
                continue
            used.update((core + zh, sound))
            latin = "".join(syllables).capitalize()
            uscc = ids.uscc(rng, rng.choice(list(ids.CN_DIVISIONS.values())))
            return Name(f"{latin} {en}", "cn_ltd", core_zh=core + zh), "cn", None, uscc
        core = translit(
            "".join(rng.choice(_CONS) + rng.choice(_VOW) + rng.choice(_FIN) for _ in "abc"), "trade"
        ).capitalize()
        if core in used:
            continue
        used.add(core)
        form = rng.choice(["tr_ltd", "ae_fze"])
        return Name(core, form), "tr" if form == "tr_ltd" else "ae", None, None


def build_population(
    ws: Workspace, records: int, seed: int, path: Path | None = None
) -> Population:
    rng = random.Random(seed)
    used: set[str] = set()
    per_dataset: dict[str, Batch] = {d: Batch() for d in DATASETS}
    labels = Labels()
    styles: dict[str, str] = {}
    n = companies = 0
    while n < records:
        name, country, inn, uscc = _company(rng, used)
        key = f"co-{companies}"
        companies += 1
        for _ in range(min(rng.randint(1, 9), records - n)):
            style = rng.choices(_STYLES, _WEIGHTS)[0]
            written = name.written(style, rng)
            dataset = rng.choice(DATASETS)
            entity_id = f"{dataset}-{n}"
            record_id = f"{dataset}:{n}"
            batch = per_dataset[dataset]
            props: dict[str, str] = {"name": written}
            classes = {"typos"} if style == "typo" else set()
            if style in ("english", "english_upper", "translit"):
                classes.add("pinyin" if name.core_zh else "transliteration" if name.core_ru else "")
            if style in ("home_long", "translit", "english_upper"):
                classes.add("legal form")
            if inn and rng.random() < 0.5:
                props["innCode"] = inn
            elif uscc and rng.random() < 0.4:
                props["uscCode"] = uscc
            elif inn or uscc:
                classes.add("missing identifiers")
            if rng.random() < 0.7:
                props["country"] = country
            batch.records.append(Record(record_id, dataset, f"row {n}", props))
            batch.statements += [
                Statement(entity_id, "Company", p, v, record_id) for p, v in props.items()
            ]
            labels.party[entity_id] = key
            labels.classes[entity_id] = classes - {""}
            styles[entity_id] = style
            n += 1
    folder = path or ws.root
    for dataset, batch in per_dataset.items():
        marker = folder / f"{dataset}-population.txt"
        marker.write_text(
            f"{dataset} {len(batch.records)} records, seed {seed}\n", encoding="utf-8"
        )
        fmt = _PopulationFormat(dataset, iter(_chunks(batch, 50_000)))
        ingest_source(ws, fmt, SourceInput(marker, (marker,)))
    return Population(n, companies, labels, styles)


def _chunks(batch: Batch, size: int) -> Iterator[Batch]:
    """Records and their statements in slices, as a parser would yield them."""
    by_record: dict[str, list[Statement]] = {}
    for st in batch.statements:
        by_record.setdefault(st.record_id, []).append(st)
    for start in range(0, len(batch.records), size):
        part = Batch(records=batch.records[start : start + size])
        for rec in part.records:
            part.statements += by_record[rec.record_id]
        yield part
