"""Match every action to its closest counterparts in every other area.

score = cosine * (1 + SAME_THEME_BONUS * [same primary canonical theme]) / (1 + SAME_THEME_BONUS)
where cosine compares TF-IDF vectors (acronyms expanded, stems, within-clause bigrams; IDF over
all actions compared). The bonus multiplies rather than adds: an additive bonus lifted weak
same-theme candidates above strong cross-theme ones (a trusted-assessor action filed under care
homes in one plan and under delayed transfers in another). The shared terms are kept,
heaviest first, so every match can be checked.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from actionplans.compare.taxonomy import Taxonomy, load_taxonomy
from actionplans.compare.text import term_forms, tokens
from actionplans.compare.tfidf import fit

# The action text is what is done; the rest places it (Stoke-on-Trent repeats issue and outcome
# over several actions, so they must not outweigh the action's own words).
MATCH_FIELDS = (("action_text", 1.0), ("intended_outcome", 0.35), ("cqc_issue", 0.35),
                ("theme_title", 0.35), ("progress", 0.2))
SAME_THEME_BONUS = 0.2
THRESHOLD = 0.05
TOP_K = 5
SHARED_TERMS = 8


def _bag(row: Mapping[str, Any], acronyms: Mapping[str, str],
         surfaces: dict[str, Counter[str]]) -> Counter[str]:
    bag: Counter[str] = Counter()
    for name, weight in MATCH_FIELDS:
        for term, form in term_forms(tokens(row.get(name), acronyms)):
            surfaces[term][form] += 1
            bag[term] += weight
    return bag


def _shown(term: str, surfaces: Mapping[str, Counter[str]]) -> str:
    """The most frequent written form of a stemmed term (ties: alphabetical)."""
    forms = surfaces.get(term)
    return min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0] if forms else term


def match_actions(actions: Sequence[Mapping[str, Any]], primaries: Sequence[str],
                  taxonomy: Taxonomy | None = None) -> list[dict[str, Any]]:
    """ACTION_MATCHES rows: for each action, up to TOP_K counterparts per other area."""
    if not actions:
        return []
    acronyms = (taxonomy or load_taxonomy()).acronym_map
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    bags = [_bag(a, acronyms, surfaces) for a in actions]
    model = fit(bags)
    vectors = model.transform(bags)
    cosine = vectors @ vectors.T
    same = np.array(primaries)[:, None] == np.array(primaries)[None, :]
    scores = cosine * (1 + SAME_THEME_BONUS * same) / (1 + SAME_THEME_BONUS)
    areas = [a["area_id"] for a in actions]
    by_area: dict[str, np.ndarray] = {area: np.array([j for j, x in enumerate(areas) if x == area])
                                      for area in sorted(set(areas))}
    rows: list[dict[str, Any]] = []
    for i, a in enumerate(actions):
        for area_b, idx in by_area.items():
            if area_b == areas[i]:
                continue
            s = scores[i, idx]
            keep = (cosine[i, idx] > 0) & (s >= THRESHOLD)
            order = np.lexsort((idx, -s))  # best score first, ties in reading order
            best = [int(idx[k]) for k in order if keep[k]][:TOP_K]
            for rank, j in enumerate(best, start=1):
                shared = vectors[i] * vectors[j]
                heaviest = [k for k in np.argsort(-shared, kind="stable")[:SHARED_TERMS]
                            if shared[k] > 0]
                b = actions[j]
                rows.append({
                    "area_a": a["area"], "area_id": a["area_id"],
                    "document_id_a": a["document_id"], "action_id_a": a["action_id"],
                    "area_b": b["area"], "area_id_b": b["area_id"],
                    "document_id_b": b["document_id"],
                    "action_id_b": b["action_id"], "rank": rank,
                    "score": round(float(scores[i, j]), 4),
                    "canonical_theme": primaries[i],
                    "matched_terms": [_shown(model.terms[k], surfaces) for k in heaviest],
                })
    return rows
