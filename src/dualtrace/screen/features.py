"""The features a screening score is made of. Each feature's docstring is the explanation a user
sees next to its value; its weight says how much it moves the score.

The name decides most of the score. An equal valid identifier (INN, OGRN, USCC, IMO, LEI:
check digits verified) decides on its own. Conflicts lower the score: a listed Russian company
is not the same as a Kazakh one of the same name, a person born in 1962 is not one born in 1990.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from dualtrace.normalize.identifiers import is_valid_identifier
from dualtrace.screen.query import Query, clean_country
from dualtrace.screen.watchlist import WatchEntity

FeatureFn = Callable[[Query, WatchEntity], float]


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    weight: float
    fn: FeatureFn

    @property
    def description(self) -> str:
        return " ".join((self.fn.__doc__ or "").split())


FEATURES: dict[str, Feature] = {}


def feature(name: str, weight: float) -> Callable[[FeatureFn], FeatureFn]:
    def register(fn: FeatureFn) -> FeatureFn:
        FEATURES[name] = Feature(name, weight, fn)
        return fn

    return register


NAME_FEATURE = "name_match"
NAME_WEIGHT = 1.0
NAME_DESCRIPTION = (
    "How alike the best pair of names is, after transliteration (Cyrillic, Chinese pinyin and "
    "English renderings), legal forms, word order, invisible characters and look-alike "
    "letters are set aside: tokens are paired by spelling similarity and initials, weighted by "
    "how rare each token is on the list; a listed word the query leaves out costs little, a "
    "query word the listed name lacks costs in full."
)
IDENTIFIER_FEATURE = "identifier_match"


def _identifier_values(entity: WatchEntity) -> set[str]:
    return {value for _prop, value in entity.identifiers}


@feature(IDENTIFIER_FEATURE, 1.0)
def identifier_match(query: Query, entity: WatchEntity) -> float:
    """The query and the listed entity share an identifier (INN, OGRN, USCC, IMO, LEI,
    registration or tax number). When it is a valid check-digit identifier on both sides, it
    decides the match whatever the names say."""
    listed = _identifier_values(entity)
    best = 0.0
    for prop, value in query.identifiers:
        if value in listed:
            if is_valid_identifier(prop, value) or any(
                is_valid_identifier(p, v) for p, v in entity.identifiers if v == value
            ):
                return 1.0
            best = 0.5
    return best


@feature("identifier_mismatch", -0.15)
def identifier_mismatch(query: Query, entity: WatchEntity) -> float:
    """Both sides give a valid identifier of the same kind (say an INN) and none agree."""
    listed: dict[str, set[str]] = {}
    for prop, value in entity.identifiers:
        listed.setdefault(prop, set()).add(value)
    for prop, value in query.identifiers:
        values = listed.get(prop)
        if values and value not in values and is_valid_identifier(prop, value):
            return 1.0
    return 0.0


@feature("country_mismatch", -0.15)
def country_mismatch(query: Query, entity: WatchEntity) -> float:
    """Both sides name countries (of registration, nationality, address) and none agree."""
    if not query.countries or not entity.countries:
        return 0.0
    listed = {clean_country(c) for c in entity.countries}
    return 0.0 if query.countries & listed else 1.0


@feature("birth_date_mismatch", -0.25)
def birth_date_mismatch(query: Query, entity: WatchEntity) -> float:
    """Both sides give birth dates and none agree to the precision both share (a year against
    a full date compares the year)."""
    if not query.birth_dates or not entity.birth_dates:
        return 0.0
    for q in query.birth_dates:
        for e in entity.birth_dates:
            n = min(len(q), len(e))
            if q[:n] == e[:n]:
                return 0.0
    return 1.0


@feature("birth_date_match", 0.05)
def birth_date_match(query: Query, entity: WatchEntity) -> float:
    """A birth date agrees to the day (or to the precision both sides give)."""
    if not query.birth_dates or not entity.birth_dates:
        return 0.0
    for q in query.birth_dates:
        for e in entity.birth_dates:
            n = min(len(q), len(e))
            if n >= 4 and q[:n] == e[:n]:
                return 1.0
    return 0.0


@feature("address_match", 0.05)
def address_match(query: Query, entity: WatchEntity) -> float:
    """The addresses share most of their words (street, building, city)."""
    best = 0.0
    for q in query.addresses:
        for e in entity.addresses:
            best = max(best, fuzz.token_set_ratio(q.lower(), e.lower()) / 100.0)
    return best if best >= 0.8 else 0.0


def feature_docs() -> dict[str, dict[str, object]]:
    """The matcher's features as yente describes them: description and coefficient."""
    docs: dict[str, dict[str, object]] = {
        NAME_FEATURE: {"description": NAME_DESCRIPTION, "coefficient": NAME_WEIGHT, "url": None}
    }
    for f in FEATURES.values():
        docs[f.name] = {"description": f.description, "coefficient": f.weight, "url": None}
    return docs
