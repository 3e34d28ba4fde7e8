"""Mention rules on texts written for the purpose, in Russian, Ukrainian and English.

The real public exports contain no drone or military words, so what the rules must find (and
must not) is shown here on sentences of the kind importers post.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dualtrace.sources.posts.rules import Hit, RulesError, load_rules


def _hits(text: str, scope: str = "text") -> list[Hit]:
    return load_rules().find(text, scope=scope)


def _found(text: str, scope: str = "text") -> set[tuple[str, str, bool]]:
    return {(h.target.id, h.words, h.military_use) for h in _hits(text, scope)}


def test_training_servicemen_on_dji_drones() -> None:
    text = "Провели обучение военнослужащих управлению квадрокоптерами DJI Mavic 3 и Мавиками."
    hits = _hits(text)
    assert {(h.target.id, h.words, h.military_use) for h in hits} == {
        ("armed-forces-ru", "военнослужащих", True),
        ("dji", "DJI", True),
        ("dji-mavic", "Mavic", True),
        ("dji-mavic", "Мавиками", True),
    }
    for hit in hits:
        assert text[hit.start : hit.end] == hit.words
        assert hit.quote == text


def test_brand_alone_is_not_military_use() -> None:
    assert _found("Сброс настроек пульта dji и сброс пароля.") == {("dji", "dji", False)}


def test_words_inside_other_words_do_not_match() -> None:
    text = "Ищем фронтенд-разработчика в СВОЙ магазин; минимальная цена; evolution; Автелло"
    assert _found(text) == set()
    # Lower-case "сво" is not the acronym (it is case-sensitive); "фронт работ" is excluded.
    assert _found("сво наш фронт работ велик") == set()


def test_ukrainian_and_english_phrases() -> None:
    assert _found("Навчання військовослужбовців на дронах Мавік") == {
        ("armed-forces-ru", "військовослужбовців", True),
        ("dji-mavic", "Мавік", True),
    }
    assert _found("Rosgvardia servicemen trained on the Matrice 300 RTK") == {
        ("rosgvardia", "Rosgvardia", True),
        ("armed-forces-ru", "servicemen", True),
        ("dji-matrice", "Matrice", True),
    }


def test_wagner_drop_munitions_and_special_operation() -> None:
    found = _found("Бойцы ЧВК Вагнер отработали сброс ВОГ с Mini 3 Pro в зоне СВО.")
    assert ("wagner", "ЧВК Вагнер", True) in found
    assert ("drop-munitions", "сброс ВОГ", True) in found
    assert ("dji-mini", "Mini 3 Pro", True) in found
    assert ("armed-forces-ru", "зоне СВО", True) in found
    assert _found("Слушали оперу Вагнера.") == set()


def test_drop_munitions_link_to_the_armed_forces_entity() -> None:
    (hit,) = _hits("Система сброса для коптера")
    assert hit.target.id == "drop-munitions"
    assert hit.target.entity_id == "mention-armed-forces-ru"


def test_dashes_spaces_and_case() -> None:
    for text in ("ДЖИ-АЙ", "джи ай", "ДЖИ–АЙ", "Джиай"):
        assert {h.target.id for h in _hits(text)} == {"dji"}, text
    assert {h.words for h in _hits("Орлан-10 и Orlan10")} == {"Орлан-10", "Orlan10"}


def test_line_scope_keeps_military_use_to_the_same_block() -> None:
    text = "Росгвардия получила дроны\nНовинка: Autel EVO II в продаже"
    assert ("autel-evo", "Autel EVO II", True) in _found(text, "text")
    assert ("autel-evo", "Autel EVO II", False) in _found(text, "line")


def test_user_rules_extend_override_and_disable(tmp_path: Path) -> None:
    extra = tmp_path / "rules.yaml"
    extra.write_text(
        """
targets:
  kupol:
    schema: Company
    name: АО «ИЭМЗ «Купол»
    alias: [IEMZ Kupol]
    country: ru
    military: true
    patterns: [ИЭМЗ Купол, "ИЭМЗ «Купол»", IEMZ Kupol]
  dji:
    patterns: [Дажян]
  fpv:
    disabled: true
""",
        encoding="utf-8",
    )
    rules = load_rules([extra])
    found = {(h.target.id, h.words) for h in rules.find("Поставка в ИЭМЗ «Купол»: Дажян, FPV")}
    assert found == {("kupol", "ИЭМЗ «Купол»"), ("dji", "Дажян")}
    assert rules.sources == ["built-in", str(extra)]
    # The built-in patterns of an overridden target stay.
    assert {h.target.id for h in rules.find("DJI")} == {"dji"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("targets: [1, 2]", "expected a mapping with a `targets` mapping"),
        ("targets:\n  x: {name: X}", "target 'x' has no patterns"),
        ("targets:\n  x: {name: X, schema: Ship, patterns: [x]}", "schema 'Ship'"),
        ("targets:\n  x: {name: X, patterns: ['re:(']}", "pattern 're:(' is not valid"),
        ("targets: {x: [", "not valid YAML"),
    ],
)
def test_bad_rules_files_say_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError, match=str(path)) as info:
        load_rules([path])
    assert message in str(info.value)
