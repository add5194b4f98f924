"""Finding a plan's own RAG key ("Complete with Assurance | BLUE") among its small tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from actionplans.normalise.rag import is_rag_word


def rag_key_from_rows(rows: Iterable[Sequence[str]]) -> list[tuple[str, str]]:
    """(colour, meaning) pairs from two-cell rows where one cell is a colour word.

    A key needs at least two colours; a lone "Green" somewhere is not a key.
    """
    entries: list[tuple[str, str]] = []
    seen: set[str] = set()
    for cells in rows:
        filled = [c.strip() for c in cells if c and c.strip()]
        if len(filled) != 2:
            continue
        a, b = filled
        if is_rag_word(b) and not is_rag_word(a):
            colour, meaning = b, a
        elif is_rag_word(a) and not is_rag_word(b):
            colour, meaning = a, b
        else:
            continue
        if colour.lower() not in seen:
            seen.add(colour.lower())
            entries.append((colour, meaning))
    return entries if len(entries) >= 2 else []
