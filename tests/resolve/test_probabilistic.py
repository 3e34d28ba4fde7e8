"""The probabilistic pass: spellings the decisive rules miss merge with an explanation per
feature; homophones, conflicting identifiers and over-large blocks do not get through."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pytest

from dualtrace.normalize.names import name_key
from dualtrace.resolve import ProbabilisticSettings, explain_pair, probabilistic, resolve_workspace
from dualtrace.resolve.features import DECISIVE_PROPS, EntityFeatures, load_features
from dualtrace.resolve.keys import fold, han_core, spellings, typo_keys
from dualtrace.resolve.probabilistic import entity_table
from dualtrace.resolve.scoring import ResolveConfigError, TooManyComparisons, make_scorer
from dualtrace.store import Workspace, ingest_path
from dualtrace.synth.world import generate_world
from dualtrace.synth.world.cast import Sizes, build_world_cast
from tests.helpers import canonical, entity_batch, ingest_inline


@pytest.fixture
def world(workspace: Workspace, tmp_path: Path) -> Workspace:
    ingest_inline(
        workspace,
        tmp_path,
        "customs",
        entity_batch(
            "customs",
            {
                "bgn": ("Company", {"name": "Tekhsnab LLC", "country": "ru"}),
                "slip": ("Company", {"name": "Pusteglа LLC", "country": "ru"}),
                "cn-1": ("Company", {"name": "城信科技有限公司", "country": "cn"}),
                "other": ("Company", {"name": "Kompservis LLC", "innCode": "7707083893"}),
            },
        ),
    )
    ingest_inline(
        workspace,
        tmp_path,
        "certificates",
        entity_batch(
            "certificates",
            {
                "trade": ("Company", {"name": "OOO TEHSNAB", "country": "ru"}),
                "right": ("Company", {"name": "Pustelga LLC", "country": "ru"}),
                "cn-2": ("Company", {"name": "成信科技有限公司", "country": "cn"}),
                "conflict": ("Company", {"name": "Komservis", "innCode": "7736050003"}),
            },
        ),
    )
    resolve_workspace(workspace)
    return workspace


def test_keys_fold_romanisations_and_keep_typos_close() -> None:
    assert fold("tekhsnab") == fold("tehsnab")
    assert fold("obshchestvo yuzhnyy") == fold("obschestvo iuzhnyi")
    for slip in ("pustegla", "pustega", "pustelgaa", "pusteiga"):
        assert set(typo_keys("pustelga")) & set(typo_keys(slip))
    assert not set(typo_keys("pustelga")) & set(typo_keys("pustelka"[:-2] + "ov"))
    full, short, _ = spellings("深圳市大疆创新科技有限公司")
    assert "dajiang innovation shenzhen technology" in full
    assert "dji technology" in short and "dji technology" not in full
    assert han_core("城信科技有限公司") != han_core("成信科技有限公司")
    assert han_core("Chengxin Technology") is None


def test_folds_keep_letters_that_make_another_name() -> None:
    # я and ю are not а and у: Люктяк and Луктак are two names
    assert fold(name_key("Люктяк")) == fold("liuktiak") == fold("lyuktjak")
    assert fold(name_key("Люктяк")) != fold(name_key("Луктак"))
    # pinyin j and y are different initials (金 jin, 银 yin; 居 ju, 鱼 yu)
    assert fold("jinhua") != fold("yinhua")
    assert fold("juan") != fold("yuan")
    # the fold makes no doubled letter of its own (ying is not ing), bar the ending ый/ий
    assert fold("yingtian") != fold("ingtian")
    assert fold("novyy") == fold("novyi") == fold("novyj")


def test_spellings_the_decisive_rules_miss_merge_with_their_reasons(world: Workspace) -> None:
    assert canonical(world, "bgn") == canonical(world, "trade")
    assert canonical(world, "slip") == canonical(world, "right")
    reason = world.db.execute(
        "SELECT reason FROM resolved WHERE entity_id IN ('bgn', 'trade') "
        "AND reason LIKE 'match probability%'"
    ).fetchone()
    assert reason is not None and "splink-duckdb" in reason[0]


def test_homophones_in_characters_stay_apart(world: Workspace) -> None:
    assert canonical(world, "cn-1") != canonical(world, "cn-2")
    why = explain_pair(world, "cn-1", "cn-2")
    assert why.score is not None
    levels = {c: (level, w) for c, level, w in why.score.features}
    assert levels["chinese"][0].startswith("different Chinese characters")
    assert levels["chinese"][1] < 0
    assert why.score.match_probability < why.score.threshold


def test_conflicting_identifiers_never_merge_whatever_the_score(world: Workspace) -> None:
    assert canonical(world, "other") != canonical(world, "conflict")
    why = explain_pair(world, "other", "conflict")
    assert why.score is not None and why.score.outcome != "merged"
    assert any("different valid innCode" in line for line in why.evidence_against)


def test_explain_gives_each_feature_and_the_weights_add_up(world: Workspace) -> None:
    why = explain_pair(world, "bgn", "trade")
    assert why.same_entity and why.score is not None
    assert why.score.outcome == "merged"
    names = dict((c, level) for c, level, _ in why.score.features)
    assert names["prior"] == "before any comparison"
    assert "romanisation" in names["name"]
    assert names["country"] == "a country in common"
    total = sum(w for _, _, w in why.score.features)
    assert math.isclose(total, why.score.match_weight, abs_tol=1e-6)
    # a pair blocking never brought together is scored on demand
    apart = explain_pair(world, "bgn", "cn-2")
    assert apart.score is not None and apart.score.outcome.startswith("scored now")
    assert apart.score.match_probability < 0.01


def test_the_decisive_rules_alone_leave_these_spellings_apart(world: Workspace) -> None:
    result = resolve_workspace(world, scores=False)
    assert result.merged_by_score == 0 and result.engine is None
    assert canonical(world, "bgn") != canonical(world, "trade")
    assert world.db.execute("SELECT count(*) FROM match_scores").fetchone() == (0,)


def test_blocking_refuses_to_run_past_its_comparison_limit(world: Workspace) -> None:
    tight = replace(ProbabilisticSettings.load(), max_comparisons=1)
    with pytest.raises(TooManyComparisons, match="blocking would compare"):
        resolve_workspace(world, tight)


def test_settings_are_coherent_and_the_engine_is_chosen_in_one_place() -> None:
    settings = ProbabilisticSettings.load()
    for comparison in settings.model["comparisons"]:
        scored = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        assert math.isclose(sum(lv["m_probability"] for lv in scored), 1.0, abs_tol=1e-6)
        assert math.isclose(sum(lv["u_probability"] for lv in scored), 1.0, abs_tol=1e-6)
    assert make_scorer(settings).name == "splink-duckdb"
    with pytest.raises(ResolveConfigError, match="no probabilistic engine"):
        make_scorer(replace(settings, engine="spark"))


@pytest.mark.slow
def test_a_generated_world_resolves_against_its_truth(tmp_path: Path, workspace: Workspace) -> None:
    """A tiny generated world, every file ingested: no false merge, and most true pairs found
    (the benchmark reports the figures by variation class)."""
    from bench.resolve_truth import clusters_of, label_entities, pairwise, written_to_party

    world = generate_world(tmp_path / "world", seed=4, scale="tiny")
    for path in world.inputs:
        ingest_path(workspace, path)
    cast = build_world_cast(random.Random(4), Sizes.for_rows(world.rows))
    labels = label_entities(
        workspace,
        written_to_party(world.root),
        {p.key: p for p in cast.all()},
        DECISIVE_PROPS,
    )
    assert len(labels.party) > 100
    resolve_workspace(workspace, scores=False)
    baseline = pairwise(labels, clusters_of(workspace))
    result = resolve_workspace(workspace)
    score = pairwise(labels, clusters_of(workspace))
    assert result.merged_by_score > 0
    assert score.precision >= 0.98
    assert score.recall >= 0.95 > baseline.recall
    assert score.by_class["pinyin"][1] > baseline.by_class["pinyin"][1]


def test_the_command_line_explains_a_pair_feature_by_feature(world: Workspace) -> None:
    from typer.testing import CliRunner

    from dualtrace.cli import app

    root = str(world.root)
    world.close()
    runner = CliRunner()
    ran = runner.invoke(app, ["resolve", "run", "-w", root])
    assert ran.exit_code == 0, ran.output
    assert "by match probability" in ran.output and "splink-duckdb" in ran.output
    shown = runner.invoke(app, ["resolve", "explain", "bgn", "trade", "-w", root])
    assert shown.exit_code == 0, shown.output
    assert "are the same entity" in shown.output
    assert "match probability" in shown.output and "country: a country in common" in shown.output
    as_json = runner.invoke(app, ["resolve", "explain", "cn-1", "cn-2", "-w", root, "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert '"same_entity": false' in as_json.output and '"chinese"' in as_json.output


def _name_level(a: str, b: str, counts: dict[str, int] | None = None) -> str:
    features = {
        f"x-{i}": EntityFeatures(f"x-{i}", "Company", "customs", False, {n}, {n}, {name_key(n)})
        for i, n in enumerate((a, b))
    }
    settings = replace(ProbabilisticSettings.load(), keep_above=0.0)
    entities = entity_table(features, lambda entity_id: entity_id, key_counts=counts)
    scores = make_scorer(settings).score(
        entities.drop_columns(["cluster_id", "block_keys"]),
        pa.table({"left_id": ["x-0"], "right_id": ["x-1"]}),
    )
    feats = scores.column("features")[0].as_py()
    return str(next(f["level"] for f in feats if f["comparison"] == "name"))


SLIP = "one letter dropped, doubled or swapped"


def test_a_changed_letter_is_another_name_not_a_slip() -> None:
    assert _name_level("Ruihang Technology Co., Ltd.", "Ruihag Technology Co., Ltd.").startswith(
        SLIP
    )
    assert _name_level("Ruihang Technology Co., Ltd.", "Riuhang Technology Co., Ltd.").startswith(
        SLIP
    )
    assert not _name_level(
        "Ruihang Technology Co., Ltd.", "Ruihong Technology Co., Ltd."
    ).startswith(SLIP)
    assert not _name_level("Kompservis LLC", "Kompserviz LLC").startswith(SLIP)
    # one changed syllable of spaced pinyin is another character
    assert not _name_level(
        "Chuan Xiang Hang Kong Ke Ji Youxian Gongsi", "Chuan Xing Hang Kong Ke Ji Youxian Gongsi"
    ).startswith(SLIP)


def test_a_slip_in_cyrillic_is_one_cyrillic_letter() -> None:
    # я and ш swapped: two Latin letters each in a romanisation, one slip as typed
    assert _name_level("ООО «Шяргек»", "ООО «яШргек»").startswith(SLIP)
    assert _name_level("АО «Цакюм-М»", "АО «Цкюм-М»").startswith(SLIP)
    assert not _name_level("ООО «Шяргек»", "ООО «Шаргек»").startswith(SLIP)


def test_a_slip_is_a_spelling_written_once() -> None:
    a, b = "Ruixin Electronics Co., Ltd.", "Ruixing Electronics Co., Ltd."
    once = {name_key(a): 3, name_key(b): 1}
    both = {name_key(a): 3, name_key(b): 2}
    assert _name_level(a, b, once) == f"{SLIP} in a spelling written once"
    assert _name_level(a, b, both) == SLIP


def test_a_chinese_name_in_pinyin_meets_its_english_name() -> None:
    level = _name_level("Da Zheng Dian Zi Youxian Gongsi", "Dazheng Electronics Co., Ltd.")
    assert level.startswith("same name under another romanisation")
    assert spellings("Da Zheng Dian Zi Youxian Gongsi")[0] & spellings("大正电子有限公司")[0]


def test_forked_workers_build_the_same_entity_table(
    world: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    features = load_features(world)
    alone = entity_table(features, lambda e: e, workers=1).sort_by("unique_id")
    monkeypatch.setattr(probabilistic, "PARALLEL_FROM", 0)
    shared = entity_table(features, lambda e: e, workers=2).sort_by("unique_id")
    assert shared.num_rows == len(features) == alone.num_rows
    assert shared.equals(alone)
