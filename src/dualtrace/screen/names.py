"""How alike two names are, token by token, weighted by how rare each token is.

Tokens are paired greedily, best pair first: equal words score 1, equal skeletons 0.95
('Khachim' / 'Hachim'), an initial against a word it can open 0.85 ('K.' opens Khalid, whose
skeleton starts with 'h'), tokens of four letters or more one or two edits apart their OSA
similarity, the better of skeleton and spelling (0.7 or above). Syllables written apart on one
side and together on the other ('da jiang' / 'dajiang', 'sen se ti me' / 'sensetime') are
joined first. The score is the paired weight over all weight, where a listed token missing
from the query counts a quarter (lists carry middle names and extra words a counterparty often
leaves out; a half when only one word of a person's name pairs), a query token missing from
the listed name counts in full (it is a word the listed party does not have), a patronymic a
quarter on either side when it is all that side has extra, and an unpaired word that is a
legal form somewhere on the list a tenth on either side ('SOCIEDAD' without 'ANONIMA', 'STATE
ENTERPRISE', 'LIMAITED').
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz.distance import OSA

from dualtrace.screen.text import INITIAL_STARTS, Form, Tokens, join

INITIAL_SIMILARITY = 0.85
MIN_TOKEN_SIMILARITY = 0.7
MISSING_LISTED_WEIGHT = 0.25
ONE_PAIR_MISSING_WEIGHT = 0.5
"""When one word is all the query and the listed name share, the listed words it leaves out
count half: 'SOLTANI' alone is weak evidence of 'SOLTANI, Mohammad'."""
LEGAL_WORD_WEIGHT = 0.1
PATRONYMIC_WEIGHT = 0.25
_PATRONYMIC_ENDINGS = ("ovik", "evik", "ovna", "evna", "ivna", "ikna")
MAX_JOINED = 4
SAME_SKELETON = 0.95
"""Two spellings of one sound ('Khachim' / 'Hachim'): alike, yet a listed name spelt exactly as
the query ranks above them."""

Pair = tuple[str, str, float]


def token_similarity(a: str, b: str, raw_a: str, raw_b: str) -> float:
    """Similarity of two tokens given as skeletons (`a`, `b`) and as written."""
    if a == b:
        return (
            1.0 if raw_a == raw_b else max(SAME_SKELETON, OSA.normalized_similarity(raw_a, raw_b))
        )
    if len(a) == 1 or len(b) == 1:
        if len(raw_a) > 1 and len(raw_b) > 1:
            return 0.0  # 'x' -> 'ks' makes two letters of one; an initial is one letter
        short, long, long_raw = (a, b, raw_b) if len(raw_a) == 1 else (b, a, raw_a)
        if len(long_raw) > 1 and (long[:1] in INITIAL_STARTS.get(short, short)):
            return INITIAL_SIMILARITY
        return 0.0
    if len(raw_a) < 4 or len(raw_b) < 4 or a.isdigit() or b.isdigit():
        return 0.0
    sim = max(OSA.normalized_similarity(a, b), OSA.normalized_similarity(raw_a, raw_b))
    return sim if sim >= MIN_TOKEN_SIMILARITY else 0.0


def _join_split(left: Form, right: Tokens) -> Form:
    """Join adjacent tokens of `left` whose concatenation is a token of `right`."""
    toks, raw = left
    if len(toks) < 2:
        return left
    targets = set(right)
    out: list[str] = []
    out_raw: list[str] = []
    i = 0
    while i < len(toks):
        joined = toks[i]
        taken = 1
        for size in range(2, min(MAX_JOINED, len(toks) - i) + 1):
            nxt = toks[i + size - 1]
            longer = join(joined, nxt)
            if len(longer) < len(joined) + len(nxt) and min(len(raw[i]), len(raw[i + 1])) < 2:
                break  # 'a' + 'ali' is 'ali' again: an initial, not a syllable
            joined = longer
            if joined in targets:
                taken = size
                break
        if taken > 1:
            out.append(joined)
            out_raw.append("".join(raw[i : i + taken]))
        else:
            out.append(toks[i])
            out_raw.append(raw[i])
        i += taken
    return tuple(out), tuple(out_raw)


def is_patronymic(token: str) -> bool:
    """A Russian, Ukrainian or Belarusian patronymic, as a skeleton (-ovich, -ovych, -evna,
    -ivna, ...): lists give it, registries and invoices often leave it out."""
    return len(token) >= 7 and token.endswith(_PATRONYMIC_ENDINGS)


def _unpaired(
    token: str, is_legal: Callable[[str], bool], default: float, patronymic: bool
) -> float:
    if is_legal(token):
        return LEGAL_WORD_WEIGHT
    if patronymic and is_patronymic(token):
        return min(default, PATRONYMIC_WEIGHT)
    return default


def name_similarity(
    query: Form,
    listed: Form,
    weight: Callable[[str], float],
    is_legal: Callable[[str], bool],
    *,
    person: bool = False,
) -> tuple[float, list[Pair]]:
    """Similarity in [0, 1] and the token pairs that made it."""
    if not query[0] or not listed[0]:
        return 0.0, []
    query = _join_split(query, listed[0])
    listed = _join_split(listed, query[0])
    q, q_raw = query
    lt, l_raw = listed
    if q == lt and q_raw == l_raw:
        return 1.0, [(t, t, 1.0) for t in q]
    pairs = []
    for i, a in enumerate(q):
        for j, b in enumerate(lt):
            sim = token_similarity(a, b, q_raw[i], l_raw[j])
            if sim > 0.0:
                pairs.append((sim, i, j))
    pairs.sort(reverse=True)
    used_q: set[int] = set()
    used_l: set[int] = set()
    matched = 0.0
    total = 0.0
    explained: list[Pair] = []
    for sim, i, j in pairs:
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        w = weight(lt[j])
        matched += sim * w
        total += w
        explained.append((q_raw[i], l_raw[j], sim))
    left_q = [a for i, a in enumerate(q) if i not in used_q and not is_legal(a)]
    left_l = [b for j, b in enumerate(lt) if j not in used_l and not is_legal(b)]
    # A patronymic is cheap to leave out only when it is all that is left out.
    q_patronymic = not left_l and len(explained) > 1
    l_patronymic = not left_q and len(explained) > 1
    for i, a in enumerate(q):
        if i not in used_q:
            total += weight(a) * _unpaired(a, is_legal, 1.0, q_patronymic)
    missing = MISSING_LISTED_WEIGHT
    if person and len(explained) < 2:
        missing = ONE_PAIR_MISSING_WEIGHT
    for j, b in enumerate(lt):
        if j not in used_l:
            total += weight(b) * _unpaired(b, is_legal, missing, l_patronymic)
    return (matched / total if total else 0.0), explained
