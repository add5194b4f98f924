"""Text normalisation shared by lexicon matching and TF-IDF: markup off, acronyms expanded, stems.

Acronyms are expanded before anything else so that "DTOCs", "delayed transfers of care" and
"Delayed Transfer of Care" all become the same stems; every token remembers the acronym it came
from, so a match can be explained as "delayed transfer of care [DTOC]". The stemmer is a small
suffix stripper: crude, but deterministic, dependency-free and the same for every plan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

_MARKUP = re.compile(r"<[^>]+>|\*\*|&nbsp;")
_WORD = re.compile(r"[a-z0-9]+")
_CLAUSE = re.compile(r"[.;:()\[\]•\n\t|!?–—]")

# Function words and plan boilerplate verbs: they carry no theme and would crowd the shared terms.
STOPWORDS = frozenset("""
a about above across after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either etc few for
from further had has have having he her here hers him his how i if in into is it its itself just
least less may me more most must my no nor not now of off on once only or other our ours out over
own per same shall she should so some such than that the their theirs them then there these they
this those through to too under until up upon very via was we were what when where whether which
while who whom why will with within without would yet you your
ensure ensuring develop developed developing implement implemented implementing implementation
establish established undertake undertaken continue continued complete completed completing
identify identified address addressed provide provided place ongoing approach agreed agree
key new current currently including include includes incorporate e g eg ie i e nb see also refer
whole wide system systems wide within across both appropriate appropriately required require
""".split())  # noqa: SIM905


@dataclass(frozen=True)
class Token:
    """One word of a text: its stem, the word as written, and the acronym it was expanded from."""

    stem: str
    surface: str
    acronym: str | None = None
    clause: int = 0


def strip_markup(text: str) -> str:
    """Text without HTML tags and Markdown emphasis (the Stoke-on-Trent rendition keeps both)."""
    return _MARKUP.sub(" ", text or "")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: plurals, -ing/-ed, -ation/-ment/-ance/-ence/-or, final e."""
    w = word.lower()
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix, repl in (("ing", ""), ("ed", ""), ("ation", "at"), ("ment", ""), ("ance", ""),
                         ("ence", ""), ("or", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)] + repl
            if len(w) >= 2 and w[-1] == w[-2] and w[-1] not in "lsfz":
                w = w[:-1]
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def _acronym_pattern(acronyms: Mapping[str, str]) -> re.Pattern[str] | None:
    if not acronyms:
        return None
    alternatives = "|".join(re.escape(a) for a in sorted(acronyms, key=lambda a: (-len(a), a)))
    # Case-sensitive, whole token, optional plural / possessive ("DTOCs", "UCC's").
    return re.compile(rf"(?<![A-Za-z0-9&])({alternatives})(?:'?s)?(?![A-Za-z0-9&])")


@lru_cache(maxsize=8)
def _compiled(items: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    return _acronym_pattern(dict(items))


def tokens(text: str | None, acronyms: Mapping[str, str]) -> list[Token]:
    """Stemmed tokens of a text, acronyms expanded; `clause` numbers punctuation-bounded runs."""
    if not isinstance(text, str) or not text:  # None, or NaN from a pandas round trip
        return []
    return list(_tokens(text, tuple(sorted(acronyms.items()))))


@lru_cache(maxsize=16384)
def _tokens(text: str, acronym_items: tuple[tuple[str, str], ...]) -> tuple[Token, ...]:
    acronyms = dict(acronym_items)
    text = strip_markup(text).replace("’", "'").replace("‘", "'")
    pattern = _compiled(acronym_items)
    out: list[Token] = []
    clause = 0
    pos = 0
    pieces: list[tuple[str, str | None]] = []
    if pattern is not None:
        for m in pattern.finditer(text):
            pieces.append((text[pos:m.start()], None))
            pieces.append((acronyms[m.group(1)], m.group(1)))
            pos = m.end()
    pieces.append((text[pos:], None))
    for piece, acronym in pieces:
        lowered = re.sub(r"'s\b", "", piece.lower())
        last = 0
        for m in _WORD.finditer(lowered):
            if acronym is None and _CLAUSE.search(lowered[last:m.start()]):
                clause += 1
            last = m.end()
            word = m.group(0)
            if len(word) < 2:
                continue
            out.append(Token(stem(word), word, acronym, clause))
        if acronym is None and _CLAUSE.search(lowered[last:]):
            clause += 1
    return tuple(out)


def term_forms(toks: list[Token]) -> list[tuple[str, str]]:
    """(term, words as written) for unigrams and within-clause bigrams, stopwords dropped."""
    kept = [t for t in toks if t.surface not in STOPWORDS and not t.stem.isdigit()]
    out = [(t.stem, t.surface) for t in kept]
    out += [(f"{a.stem} {b.stem}", f"{a.surface} {b.surface}")
            for a, b in pairwise(kept)
            if a.clause == b.clause and a.stem != b.stem]
    return out


def content_terms(toks: list[Token]) -> list[str]:
    """Unigram and bigram terms for TF-IDF."""
    return [term for term, _ in term_forms(toks)]


def clear_caches() -> None:
    """Forget tokenised texts (benchmarks; long-running processes comparing many datasets)."""
    _tokens.cache_clear()
