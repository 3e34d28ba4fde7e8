"""How alike two names are, token by token, weighted by how rare each token is.

Tokens are paired greedily, best pair first: equal tokens score 1, an initial against a word it
opens 0.85, tokens one or two edits apart their OSA similarity (0.7 or above, for tokens of four
letters or more). Syllables written apart on one side and together on the other ('da jiang' /
'dajiang') are joined first. The score is the paired weight over all weight, where a listed
token missing from the query counts a quarter (lists carry patronymics, middle names and
extra words a counterparty often leaves out) and a query token missing from the listed name
counts in full (it is a word the listed party does not have).
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz.distance import OSA

Tokens = tuple[str, ...]
INITIAL_SIMILARITY = 0.85
MIN_TOKEN_SIMILARITY = 0.7
MISSING_LISTED_WEIGHT = 0.25


def token_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        short, long = (a, b) if len(a) == 1 else (b, a)
        return INITIAL_SIMILARITY if long.startswith(short) and len(long) > 1 else 0.0
    if len(a) < 4 or len(b) < 4 or a.isdigit() or b.isdigit():
        return 0.0
    sim = OSA.normalized_similarity(a, b)
    return sim if sim >= MIN_TOKEN_SIMILARITY else 0.0


def _join_split(left: Tokens, right: Tokens) -> Tokens:
    """Join adjacent tokens of `left` whose concatenation is a token of `right`."""
    if len(left) < 2:
        return left
    targets = set(right)
    out: list[str] = []
    i = 0
    while i < len(left):
        if i + 1 < len(left) and left[i] + left[i + 1] in targets:
            out.append(left[i] + left[i + 1])
            i += 2
        elif i + 2 < len(left) and left[i] + left[i + 1] + left[i + 2] in targets:
            out.append(left[i] + left[i + 1] + left[i + 2])
            i += 3
        else:
            out.append(left[i])
            i += 1
    return tuple(out)


def name_similarity(
    query: Tokens, listed: Tokens, weight: Callable[[str], float]
) -> tuple[float, list[tuple[str, str, float]]]:
    """Similarity in [0, 1] and the token pairs that made it."""
    if not query or not listed:
        return 0.0, []
    query = _join_split(query, listed)
    listed = _join_split(listed, query)
    if query == listed:
        return 1.0, [(t, t, 1.0) for t in query]
    pairs = []
    for i, a in enumerate(query):
        for j, b in enumerate(listed):
            sim = token_similarity(a, b)
            if sim > 0.0:
                pairs.append((sim, i, j))
    pairs.sort(reverse=True)
    used_q: set[int] = set()
    used_l: set[int] = set()
    matched = 0.0
    total = 0.0
    explained: list[tuple[str, str, float]] = []
    for sim, i, j in pairs:
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        w = weight(listed[j])
        matched += sim * w
        total += w
        explained.append((query[i], listed[j], sim))
    for i, a in enumerate(query):
        if i not in used_q:
            total += weight(a)
    for j, b in enumerate(listed):
        if j not in used_l:
            total += MISSING_LISTED_WEIGHT * weight(b)
    return (matched / total if total else 0.0), explained
