"""Columns whose header names no known field, read by what their cells hold.

A plan may head its columns with words no synonym knows ("How we will do it", "Sponsor",
"Jan 18"). When a column's cells are plainly of one kind (dates, RAG colours or shading,
yes/no or status words, officers' names, sentences) and the table lacks that field, the column
is mapped to it, and the document says so in a warning. Weaker evidence leaves the column
unmapped: its cells are kept, header and text, in the actions' `extra` column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from actionplans.normalise.rag import read_rag

from .celltypes import CellType, cell_type
from .model import Row

MIN_CELLS = 2  # a column needs at least this many filled cells to be judged
MIN_SHARE = 0.7  # and this share of them of one kind

# (field, cell types that show it) in the order they are tried; a field is only given to a
# column when the table has no column for it already.
_EVIDENCE: tuple[tuple[str, frozenset[CellType]], ...] = (
    ("rag", frozenset({CellType.RAG})),
    ("status", frozenset({CellType.FLAG, CellType.STATUS})),
    ("due", frozenset({CellType.DATE, CellType.NON_DATE})),
    ("owner", frozenset({CellType.NAME})),
    ("action", frozenset({CellType.TEXT, CellType.LONG_TEXT})),
)


def infer_columns(
    header: Sequence[str],
    rows: Sequence[Row],
    roles: Sequence[str | None],
    *,
    reference: date | None = None,
    pinned: frozenset[int] | set[int] = frozenset(),
) -> tuple[list[str | None], list[str]]:
    """Roles with unknown columns mapped by content, and one note per column so mapped."""
    out = list(roles)
    notes: list[str] = []
    present = {r for r in out if r}
    for i, role in enumerate(out):
        if role is not None or i in pinned:
            continue
        kinds: Counter[CellType] = Counter()
        for row in rows:
            if i >= len(row.cells):
                continue
            cell = row.cells[i]
            if cell.text.strip():
                kinds[cell_type(cell.text, reference=reference)] += 1
            elif cell.fill and read_rag(cell.fill).colour:
                kinds[CellType.RAG] += 1
        filled = sum(kinds.values())
        if filled < MIN_CELLS:
            continue
        for field, types in _EVIDENCE:
            hits = sum(kinds[t] for t in types)
            if field not in present and hits / filled >= MIN_SHARE:
                out[i] = field
                present.add(field)
                label = header[i] if i < len(header) and header[i].strip() else f"column {i + 1}"
                notes.append(
                    f"column '{label}' has no known header; read as {field} by its content "
                    f"({hits} of {filled} cells)"
                )
                break
    return out, notes
