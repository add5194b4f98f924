"""Keyword lexicon of the taxonomy, matched longest-first on stemmed, acronym-expanded tokens.

Longest match wins and consumes its words: "health and wellbeing board" counts once for
governance and does not also count "wellbeing" for prevention. A keyword's weight is its number
of content words, so specific phrases ("trusted assessor") outweigh single words ("market").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from actionplans.compare.taxonomy import Taxonomy, load_taxonomy
from actionplans.compare.text import STOPWORDS, Token, tokens


@dataclass(frozen=True)
class Hit:
    """One keyword found in a text: the theme(s) it names, its weight and how to show it."""

    themes: tuple[str, ...]
    keyword: str
    weight: float
    display: str


@dataclass(frozen=True)
class Lexicon:
    phrases: dict[tuple[str, ...], tuple[tuple[str, ...], str, float]]
    acronyms: dict[str, str]
    # First stem of every phrase -> the phrase lengths starting with it, longest first: most
    # tokens start no phrase and are passed over at once, the others try only real lengths.
    starts: dict[str, tuple[int, ...]]

    def hits(self, toks: Sequence[Token]) -> list[Hit]:
        """Keywords found in a token list, scanning left to right, longest match first."""
        out: list[Hit] = []
        i = 0
        stems = [t.stem for t in toks]
        starts = self.starts
        while i < len(stems):
            lengths = starts.get(stems[i])
            if lengths is None:
                i += 1
                continue
            for n in lengths:
                if n > len(stems) - i:
                    continue
                entry = self.phrases.get(tuple(stems[i:i + n]))
                if entry is None:
                    continue
                themes, keyword, weight = entry
                acronyms = sorted({t.acronym for t in toks[i:i + n] if t.acronym})
                display = f"{keyword} [{', '.join(acronyms)}]" if acronyms else keyword
                out.append(Hit(themes, keyword, weight, display))
                i += n
                break
            else:
                i += 1
        return out


@lru_cache(maxsize=4)
def build_lexicon(taxonomy: Taxonomy | None = None) -> Lexicon:
    taxonomy = taxonomy or load_taxonomy()
    acronyms = taxonomy.acronym_map
    owners: dict[tuple[str, ...], list[str]] = {}
    names: dict[tuple[str, ...], str] = {}
    weights: dict[tuple[str, ...], float] = {}
    for theme in taxonomy.themes:
        for keyword in theme.keywords:
            toks = tokens(keyword, acronyms)
            key = tuple(t.stem for t in toks)
            if not key:
                continue
            owners.setdefault(key, [])
            if theme.id not in owners[key]:
                owners[key].append(theme.id)
            names.setdefault(key, keyword.lower())
            weights[key] = float(max(1, sum(t.surface not in STOPWORDS for t in toks)))
    phrases = {k: (tuple(v), names[k], weights[k]) for k, v in owners.items()}
    lengths: dict[str, set[int]] = {}
    for key in phrases:
        lengths.setdefault(key[0], set()).add(len(key))
    starts = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
    return Lexicon(phrases, acronyms, starts)
