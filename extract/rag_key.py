"""Finding a plan's own RAG key, in every form plans print it.

A key table ("Complete with Assurance | BLUE"), a legend row of coloured swatches each beside
its words, a list ("Blue – Complete with assurance", one per line), or one line ("C = Complete,
G = On track, A = At risk, R = Off track"; "BRAG key: Blue = Complete; Green = On track").
Codes that are not colours ("C" for complete) are kept as they are printed; normalisation maps
them to the colour the plan uses them for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from actionplans.normalise.rag import is_rag_word, status_from_phrase

_COLOUR_WORD = (
    r"blue|green|amber|red|yellow|orange|purple|grey|gray|black|white|amber/green|green/amber|"
    r"amber/red|red/amber|dark green|light green"
)
# One entry of a key written on a line: "Blue = Complete", "C = Complete", "Amber - at risk".
_ENTRY = re.compile(
    rf"^\s*[-•*]?\s*(?P<code>(?i:{_COLOUR_WORD})|[A-Z])\s*(?:=|:|–|—|-|\bis\b)\s*"
    r"(?P<meaning>[A-Za-z][^=]{1,80}?)\s*$"
)
# The meaning first, the colour after it: "Completed (blue)", "On track – Green".
_ENTRY_MEANING_FIRST = re.compile(
    rf"^\s*(?P<meaning>[A-Za-z][^=()]{{1,80}}?)\s*(?:\((?P<c1>(?i:{_COLOUR_WORD}))\)|"
    rf"[=:–—-]\s*(?P<c2>(?i:{_COLOUR_WORD})))\s*$"
)
_KEY_LABEL = re.compile(
    r"^\s*[^:=]{0,30}?\b(?:key|legend|b?rag|rating|ratings)\b[^:=]{0,15}:\s*", re.I
)


def _is_code(text: str) -> bool:
    return is_rag_word(text) or bool(re.fullmatch(r"[A-Z]", text.strip()))


def key_entries_in_line(text: str) -> list[tuple[str, str]]:
    """(code, meaning) entries of a key written on one line, or [] (a key needs two)."""
    body = _KEY_LABEL.sub("", text.strip())
    segments = [s for s in re.split(r"\s*(?:;|,|\||\t|\s{3,})\s*", body) if s.strip()]
    entries = []
    for segment in segments:
        m = _ENTRY.match(segment)
        if m is None and (r := _ENTRY_MEANING_FIRST.match(segment)):
            entries.append((r.group("c1") or r.group("c2"), r.group("meaning").strip()))
            continue
        if m is None:
            if entries:  # a meaning that itself has a comma ("Some slippage, recovery agreed")
                code, meaning = entries[-1]
                entries[-1] = (code, f"{meaning}, {segment.strip()}")
                continue
            return []
        entries.append((m.group("code"), m.group("meaning").strip()))
    return entries if len(entries) >= 2 else []


def _pairs(cells: Sequence[str]) -> list[tuple[str, str]]:
    """(colour, meaning) pairs of a key row: two cells, or swatches alternating with words."""
    filled = [c.strip() for c in cells if c and c.strip()]
    if len(filled) == 2:
        a, b = filled
        if is_rag_word(b) and not is_rag_word(a):
            return [(b, a)]
        if is_rag_word(a) and not is_rag_word(b):
            return [(a, b)]
        if _is_code(a) and status_from_phrase(b):  # "C = Complete" from a key line
            return [(a, b)]
        return []
    if len(filled) >= 4 and len(filled) % 2 == 0:
        colours_first = all(is_rag_word(c) for c in filled[0::2]) and not any(
            is_rag_word(c) for c in filled[1::2]
        )
        words_first = all(is_rag_word(c) for c in filled[1::2]) and not any(
            is_rag_word(c) for c in filled[0::2]
        )
        if colours_first:
            return list(zip(filled[0::2], filled[1::2], strict=True))
        if words_first:
            return list(zip(filled[1::2], filled[0::2], strict=True))
    if len(filled) == 1:
        return key_entries_in_line(filled[0])
    return []


def rag_key_from_rows(rows: Iterable[Sequence[str]]) -> list[tuple[str, str]]:
    """(colour or code, meaning) pairs from key rows; a lone "Green" somewhere is not a key."""
    entries: list[tuple[str, str]] = []
    seen: set[str] = set()
    for cells in rows:
        for colour, meaning in _pairs(cells):
            if colour.lower() not in seen:
                seen.add(colour.lower())
                entries.append((colour, meaning))
    return entries if len(entries) >= 2 else []
