"""Assign plan themes and actions to canonical themes: lexicon hits plus TF-IDF similarity.

score(theme) = LEXICON_SHARE * L / (L + LEXICON_HALF) + (1 - LEXICON_SHARE) * cosine
where L sums, over the item's fields, field weight x words of each distinct keyword of the theme
found in the field, and cosine is the TF-IDF similarity between the item and the theme's own
description (label, definition, keywords, acronym expansions; IDF over the taxonomy). Everything
depends only on the item itself, so a document's canonical themes never change when other
documents are added to the dataset.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from actionplans.compare.lexicon import Hit, Lexicon, build_lexicon
from actionplans.compare.taxonomy import OTHER, Taxonomy, load_taxonomy
from actionplans.compare.text import content_terms, tokens
from actionplans.compare.tfidf import TfidfModel, fit

LEXICON_SHARE = 0.8
LEXICON_HALF = 3.0
SECONDARY_RATIO = 0.35   # a secondary theme scores at least this share of the primary's score
SECONDARY_MIN = 0.10
MAX_SECONDARY = 3

# Field weights. The action text says what is done; the theme title places it; issue, outcome
# and progress are context (Stoke-on-Trent carries issue/outcome down over several actions).
ACTION_FIELDS = (("action_text", 1.0), ("theme_title", 0.75), ("intended_outcome", 0.5),
                 ("cqc_issue", 0.5), ("progress", 0.25))
THEME_FIELDS = (("title", 2.0), ("explanation", 1.0))
THEME_ACTIONS_WEIGHT = 1.5   # the theme's actions together weigh this much (mean of actions)

Fields = Sequence[tuple[str | None, float]]


@dataclass(frozen=True)
class ThemeScore:
    canonical_theme: str
    score: float
    matched_terms: tuple[str, ...]


@dataclass(frozen=True)
class Classification:
    """Primary canonical theme first, then the secondary ones, each with its evidence."""

    scores: tuple[ThemeScore, ...]

    @property
    def primary(self) -> str:
        return self.scores[0].canonical_theme


@dataclass(frozen=True)
class _Model:
    taxonomy: Taxonomy
    lexicon: Lexicon
    tfidf: TfidfModel
    theme_vectors: tuple[dict[int, float], ...]  # sparse rows, pure Python
    by_term: dict[int, tuple[tuple[int, float], ...]]  # term -> (theme index, weight)
    # text -> (its keyword hits, its content terms): an action's texts are read again for its
    # theme (`classify_theme`), and a plan repeats texts.
    features: Callable[[str], tuple[tuple[Hit, ...], tuple[str, ...]]]


@lru_cache(maxsize=2)
def _model(taxonomy: Taxonomy | None = None) -> _Model:
    taxonomy = taxonomy or load_taxonomy()
    acronyms = taxonomy.acronym_map
    bags = []
    for theme in taxonomy.themes:
        text = "\n".join([theme.label, theme.definition, *theme.keywords,
                          *(acronyms[a] for a in theme.acronyms)])
        bags.append(Counter(content_terms(tokens(text, acronyms))))
    model = fit(bags)
    vectors = tuple(model.sparse(bag) for bag in bags)
    by_term: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for k, row in enumerate(vectors):
        for j, weight in row.items():
            by_term[j].append((k, weight))
    lexicon = build_lexicon(taxonomy)

    @lru_cache(maxsize=16384)
    def features(text: str) -> tuple[tuple[Hit, ...], tuple[str, ...]]:
        toks = tokens(text, lexicon.acronyms)
        return tuple(lexicon.hits(toks)), tuple(content_terms(toks))

    return _Model(taxonomy, lexicon, model, vectors,
                  {j: tuple(pairs) for j, pairs in by_term.items()}, features)


def classify(fields: Fields, taxonomy: Taxonomy | None = None) -> Classification:
    """Canonical themes of one item described by weighted text fields."""
    m = _model(taxonomy)
    ids = m.taxonomy.ids
    lex: dict[str, float] = defaultdict(float)
    evidence: dict[str, Counter[str]] = defaultdict(Counter)
    shown: dict[str, str] = {}
    bag: Counter[str] = Counter()
    for text, weight in fields:
        if not text or weight <= 0:
            continue
        hits, terms = m.features(text)
        seen: set[str] = set()
        for hit in hits:
            if hit.keyword in seen:
                continue
            seen.add(hit.keyword)
            for theme in hit.themes:
                lex[theme] += weight * hit.weight
                evidence[theme][hit.keyword] += weight * hit.weight
            if hit.display != hit.keyword or hit.keyword not in shown:
                shown[hit.keyword] = hit.display
        for term in terms:
            bag[term] += weight
    cosine = [0.0] * len(ids)  # dot products with the theme rows, summed in term order
    for j, w in (m.tfidf.sparse(bag) if bag else {}).items():
        for k, theme_weight in m.by_term.get(j, ()):
            cosine[k] += w * theme_weight
    raw = []
    for i, theme in enumerate(ids):
        value = lex[theme]
        score = LEXICON_SHARE * value / (value + LEXICON_HALF) + (1 - LEXICON_SHARE) * cosine[i]
        terms = tuple(shown[t] for t, _ in
                      sorted(evidence[theme].items(), key=lambda kv: (-kv[1], kv[0])))
        raw.append(ThemeScore(theme, round(float(score), 4), terms))
    raw.sort(key=lambda s: (-s.score, ids.index(s.canonical_theme)))
    best = raw[0]
    if best.score <= 0:
        return Classification((ThemeScore(OTHER, 0.0, ()),))
    secondary = [s for s in raw[1:] if s.score >= max(SECONDARY_MIN, SECONDARY_RATIO * best.score)]
    return Classification((best, *secondary[:MAX_SECONDARY]))


def _action_fields(row: Mapping[str, Any], scale: float = 1.0,
                   skip: tuple[str, ...] = ()) -> list[tuple[str | None, float]]:
    return [(row.get(name), w * scale) for name, w in ACTION_FIELDS if name not in skip]


def classify_action(row: Mapping[str, Any], taxonomy: Taxonomy | None = None) -> Classification:
    return classify(_action_fields(row), taxonomy)


def classify_theme(row: Mapping[str, Any], actions: Sequence[Mapping[str, Any]],
                   taxonomy: Taxonomy | None = None) -> Classification:
    """A plan theme from its heading and explanation plus the mean of its actions' texts."""
    fields: list[tuple[str | None, float]] = [(row.get(n), w) for n, w in THEME_FIELDS]
    if actions:
        scale = THEME_ACTIONS_WEIGHT / len(actions)
        for action in actions:
            fields += _action_fields(action, scale, skip=("theme_title",))
    return classify(fields, taxonomy)


def theme_key(row: Mapping[str, Any]) -> tuple[str, str]:
    """Plan themes are identified by document and number; a plan's open and completed parts
    under the same number are one theme."""
    return (row["document_id"], str(row["theme_id"]))


def actions_by_theme(themes: Sequence[Mapping[str, Any]],
                     actions: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], list]:
    """Actions under each theme, including those of its sub-themes ("6" holds "6.1", "6.2")."""
    out: dict[tuple[str, str], list] = {theme_key(t): [] for t in themes}
    for action in actions:
        doc, tid = action["document_id"], action.get("theme_id")
        if tid is None:
            continue
        for key in out:
            if key[0] == doc and (tid == key[1] or str(tid).startswith(key[1] + ".")):
                out[key].append(action)
    return out


def classify_tables(themes: Sequence[Mapping[str, Any]], actions: Sequence[Mapping[str, Any]],
                    taxonomy: Taxonomy | None = None
                    ) -> tuple[dict[tuple[str, str], Classification], list[Classification]]:
    """Classifications of every plan theme (by theme_key) and of every action (in row order)."""
    grouped = actions_by_theme(themes, actions)
    first: dict[tuple[str, str], Mapping[str, Any]] = {}
    for t in themes:
        key = theme_key(t)
        if key not in first or (not first[key].get("explanation") and t.get("explanation")):
            first[key] = t
    theme_cls = {key: classify_theme(row, grouped[key], taxonomy) for key, row in first.items()}
    return theme_cls, [classify_action(a, taxonomy) for a in actions]


def canonical_theme_columns(themes: Sequence[Mapping[str, Any]],
                            actions: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """The `canonical_theme` value for each theme row and each action row, in row order.

    Works on one document's rows (pipeline) or on the whole dataset: the result for a row
    depends only on its own document's themes and actions.
    """
    theme_cls, action_cls = classify_tables(themes, actions)
    return ([theme_cls[theme_key(t)].primary for t in themes], [c.primary for c in action_cls])
