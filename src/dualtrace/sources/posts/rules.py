"""Mention rules: which brands, products and military end users a post or page names.

Rules are data (YAML), not code: the built-in file `rules/default.yaml` names DJI and its drone
lines, Autel, FPV, Orlan and the phrases that tell of military end use in Russian, Ukrainian
and English; a user adds or overrides targets with files of the same shape. A target is an
entity to link to (`schema`, `name`, `alias`, `props`, `country`), `military: true` when a
mention of it is itself a sign of military end use, and how it is written:

    patterns:  words matched case-insensitively as whole words; `*` ends a word with any
               ending ("военнослужащ*" finds военнослужащих); a space matches any run of
               spaces and quotes, a hyphen any dash or a space; е matches ё; `re:` starts a regular
               expression (still whole words, still case-insensitive)
    exact:     the same, but case-sensitive (acronyms: СВО, ЧВК, SMO)
    exclude:   patterns whose matches cancel an overlapping hit ("сброс* настроек": a reset
               of settings, not dropped munitions)

`entity: other-id` links a target's hits to another target's entity (two ways of pointing
at one end user). A later file's target with an existing id adds its patterns and replaces
the other fields; `disabled: true` switches a target off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dualtrace.errors import DualtraceError

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_SCHEMATA = {"Product", "Organization", "PublicBody", "Company", "LegalEntity", "Person"}
_SENTENCE_END = re.compile(r"[.!?…\n]")
_MAX_QUOTE = 400


class RulesError(DualtraceError):
    """A rules file that cannot be read, or a rule in it that makes no sense."""


@dataclass(frozen=True, slots=True)
class Target:
    id: str
    schema: str
    name: str
    military: bool
    aliases: tuple[str, ...] = ()
    props: tuple[tuple[str, str], ...] = ()
    country: str | None = None
    patterns: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    entity: str | None = None
    """Another target whose entity a hit links to, when two rules point at one end user."""

    @property
    def entity_id(self) -> str:
        return f"mention-{self.entity or self.id}"


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of a target in a text; offsets are character offsets into that text."""

    target: Target
    start: int
    end: int
    words: str
    military_use: bool
    quote: str


@dataclass
class _Compiled:
    target: Target
    find: list[re.Pattern[str]]
    skip: list[re.Pattern[str]]
    any_of: re.Pattern[str] | None
    """All of `find` in one expression: most texts match no pattern of a target, and one
    search says so far faster than a scan per pattern."""


@dataclass
class RuleSet:
    """Compiled targets; `find` returns every hit in a text."""

    targets: list[Target]
    sources: list[str] = field(default_factory=list)
    _compiled: list[_Compiled] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._compiled = [
            _Compiled(
                t,
                _compile(t.patterns, ignore_case=True) + _compile(t.exact, ignore_case=False),
                _compile(t.exclude, ignore_case=True),
                _any_of(t),
            )
            for t in self.targets
        ]

    def find(self, text: str, *, scope: str = "text") -> list[Hit]:
        """Every hit in `text`, in order. A brand's mention is of military use when a military
        hit lies in the same scope: the whole text ("text": a post) or the same line ("line":
        a block of a web page)."""
        raw: list[tuple[Target, int, int]] = []
        for rule in self._compiled:
            if rule.any_of is not None and rule.any_of.search(text) is None:
                continue
            # Each pattern on its own: alternatives in one regular expression would hide a
            # longer match that starts inside a shorter one ("Autel EVO" in "Autel EVO II").
            spans = [(m.start(), m.end()) for p in rule.find for m in p.finditer(text)]
            if rule.skip and spans:
                skipped = [(m.start(), m.end()) for p in rule.skip for m in p.finditer(text)]
                spans = [s for s in spans if not any(s[0] < e and b < s[1] for b, e in skipped)]
            raw += [(rule.target, s, e) for s, e in _merge(spans)]
        military = [(s, e) for t, s, e in raw if t.military]
        hits = []
        for target, start, end in sorted(raw, key=lambda h: (h[1], h[2], h[0].id)):
            in_scope = target.military or any(
                _same_scope(text, start, s, scope) for s, _ in military
            )
            hits.append(Hit(target, start, end, text[start:end], in_scope, quote(text, start, end)))
        return hits


def quote(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], cut to a readable length around the match."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    found = _SENTENCE_END.search(text, end)
    right = found.end() if found else len(text)
    if right - left > _MAX_QUOTE:
        left = max(left, start - _MAX_QUOTE // 2)
        right = min(right, end + _MAX_QUOTE // 2)
    return text[left:right].strip()


def _same_scope(text: str, a: int, b: int, scope: str) -> bool:
    if scope == "text":
        return True
    low, high = min(a, b), max(a, b)
    return "\n" not in text[low:high]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping matches of one target count once, as their union."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _pattern_regex(pattern: str) -> str:
    if pattern.startswith("re:"):
        body = pattern[3:]
    else:
        parts = []
        for ch in pattern.strip():
            if ch == "*":
                parts.append(r"\w*")
            elif ch.isspace():
                # Russian names put quotes between words: ЧВК «Вагнер», АО "Купол".
                parts.append(r"[\s«»\"“”„']+")
            elif ch in _DASHES:
                parts.append(f"[{_DASHES}\\s]?")
            elif ch in "её":
                parts.append("[её]")
            elif ch in "ЕЁ":
                parts.append("[ЕЁ]")
            else:
                parts.append(re.escape(ch))
        body = "".join(parts)
    return rf"(?<!\w)(?:{body})(?!\w)"


def _compile(patterns: Iterable[str], *, ignore_case: bool) -> list[re.Pattern[str]]:
    flags = re.IGNORECASE if ignore_case else 0
    return [re.compile(_pattern_regex(p), flags) for p in patterns if p.strip()]


def _any_of(target: Target) -> re.Pattern[str] | None:
    alternatives = [f"(?i:{_pattern_regex(p)})" for p in target.patterns if p.strip()]
    alternatives += [_pattern_regex(p) for p in target.exact if p.strip()]
    return re.compile("|".join(alternatives)) if alternatives else None


def _check(patterns: Iterable[str], key: str, where: str) -> None:
    for pattern in patterns:
        try:
            re.compile(_pattern_regex(pattern))
        except re.error as exc:
            raise RulesError(
                f"{where}: target {key!r}: pattern {pattern!r} is not valid: {exc}"
            ) from None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RulesError(f"{where}: expected a text or a list of texts")


def _target(key: str, spec: Any, base: Target | None, where: str) -> Target | None:
    if not isinstance(spec, dict):
        raise RulesError(f"{where}: target {key!r} must be a mapping")
    if spec.get("disabled"):
        return None
    schema = str(spec.get("schema", base.schema if base else "Product"))
    if schema not in _SCHEMATA:
        raise RulesError(
            f"{where}: target {key!r} has schema {schema!r}; use one of "
            + ", ".join(sorted(_SCHEMATA))
        )
    props = spec.get("props", dict(base.props) if base else {})
    if not isinstance(props, dict):
        raise RulesError(f"{where}: target {key!r}: props must be a mapping")
    name = spec.get("name", base.name if base else None)
    if not isinstance(name, str) or not name.strip():
        raise RulesError(f"{where}: target {key!r} has no name")
    patterns = _strings(spec.get("patterns"), f"{where}: {key}.patterns")
    exact = _strings(spec.get("exact"), f"{where}: {key}.exact")
    exclude = _strings(spec.get("exclude"), f"{where}: {key}.exclude")
    if base is not None:
        patterns, exact, exclude = (
            base.patterns + patterns,
            base.exact + exact,
            base.exclude + exclude,
        )
    if not patterns and not exact:
        raise RulesError(f"{where}: target {key!r} has no patterns")
    _check(patterns + exact + exclude, key, where)
    return Target(
        id=key,
        schema=schema,
        name=name.strip(),
        military=bool(spec.get("military", base.military if base else False)),
        aliases=_strings(spec.get("alias"), f"{where}: {key}.alias")
        or (base.aliases if base else ()),
        props=tuple((str(k), str(v)) for k, v in props.items()),
        country=spec.get("country", base.country if base else None),
        patterns=patterns,
        exact=exact,
        exclude=exclude,
        entity=spec.get("entity", base.entity if base else None),
    )


def _read(text: str, where: str, targets: dict[str, Target | None]) -> None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("targets"), dict):
        raise RulesError(f"{where}: expected a mapping with a `targets` mapping")
    for key, spec in data["targets"].items():
        targets[str(key)] = _target(str(key), spec, targets.get(str(key)), where)


def load_rules(paths: Sequence[Path] = (), *, builtin: bool = True) -> RuleSet:
    """The built-in rules, then each file in `paths` in order, compiled."""
    targets: dict[str, Target | None] = {}
    sources = []
    if builtin:
        default = resources.files("dualtrace.sources.posts").joinpath("rules/default.yaml")
        _read(default.read_text(encoding="utf-8"), "built-in rules", targets)
        sources.append("built-in")
    for path in paths:
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesError(f"{path}: cannot read rules: {exc}") from None
        _read(content, str(path), targets)
        sources.append(str(path))
    return RuleSet([t for t in targets.values() if t is not None], sources)
