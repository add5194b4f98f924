"""Putting a row's cells back under the right header.

Merged cells lost in conversion shift whole runs of cells left or right. A row is aligned by
dynamic programming: every non-empty cell gets a column, in order, maximising how well its
content type fits the column (`celltypes.FIT`) while penalising *changes* of shift between
neighbouring cells, because a lost cell shifts everything after it by the same amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .celltypes import COLUMN_KIND, FIT, CellType

SHIFT_CHANGE_PENALTY = 2.5
FIRST_SHIFT_PENALTY = 1.0
# A row without an action number has no anchor: its cells move only on strong evidence.
UNANCHORED_FACTOR = 2.0


@dataclass(frozen=True)
class Alignment:
    """Column index for every physical cell index (None for empty cells) and how far they moved."""

    columns: tuple[int | None, ...]
    shifted: int  # number of non-empty cells placed away from their physical index
    overflow: int  # cells beyond the last column that were merged into it


def align_row(types: Sequence[CellType], roles: Sequence[str | None]) -> Alignment:
    """Best monotone placement of the non-empty cells onto the columns of `roles`."""
    m = len(roles)
    # Cells physically beyond the last column belong to it (a nested table in the last cell).
    filled = [i for i, t in enumerate(types) if t is not CellType.EMPTY and i < m]
    beyond = [i for i, t in enumerate(types) if t is not CellType.EMPTY and i >= m]
    if beyond and len(filled) == m:
        filled = filled[:-1]
    overflow = 0
    if len(filled) > m:
        # More values than columns (a nested table in the last cell): the extras stay in the
        # last column, where the caller joins them.
        filled = filled[:m]
    k = len(filled)
    if k == 0:
        cols = tuple(m - 1 if i in beyond else None for i in range(len(types)))
        return Alignment(cols, 0, len(beyond))
    kinds = [COLUMN_KIND.get(r, "unknown") for r in roles]
    factor = 1.0 if any(types[p] is CellType.ID for p in filled) else UNANCHORED_FACTOR
    change_penalty = SHIFT_CHANGE_PENALTY * factor
    first_penalty = FIRST_SHIFT_PENALTY * factor
    neg = float("-inf")
    # score[i][c]: best score placing cells 0..i with cell i in column c
    score = [[neg] * m for _ in range(k)]
    back = [[-1] * m for _ in range(k)]
    for c in range(m - k + 1):
        p = filled[0]
        score[0][c] = FIT[types[p]][kinds[c]] - first_penalty * abs(c - p)
    for i in range(1, k):
        p, q = filled[i], filled[i - 1]
        for c in range(i, m - (k - 1 - i)):
            fit = FIT[types[p]][kinds[c]]
            best, arg = neg, -1
            for d in range(i - 1, c):
                prev = score[i - 1][d]
                if prev == neg:
                    continue
                s = prev - change_penalty * abs((c - p) - (d - q))
                if s > best:
                    best, arg = s, d
            if arg >= 0:
                score[i][c] = best + fit
                back[i][c] = arg
    # on a tie the cell stays nearest to where it was printed
    last = max(range(m), key=lambda c: (score[k - 1][c], -abs(c - filled[-1]), -c))
    placed = [0] * k
    c = last
    for i in range(k - 1, -1, -1):
        placed[i] = c
        c = back[i][c]
    columns: list[int | None] = [None] * len(types)
    for i, p in enumerate(filled):
        columns[p] = placed[i]
    for p in [
        i for i in range(len(types)) if types[i] is not CellType.EMPTY and columns[i] is None
    ]:
        columns[p] = m - 1
        overflow += 1
    shifted = sum(1 for i, p in enumerate(filled) if placed[i] != p)
    return Alignment(tuple(columns), shifted, overflow)
