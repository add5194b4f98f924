"""Column labels and column boundaries of PDF tables without ruling.

Columns exist only as word positions. A header (one to four lines of column labels, wrapped
labels joined) gives one x-interval per label; the gutters between labels, narrowed by every
body line of the table over all its pages, give the column boundaries; each word belongs to
the column its left edge falls in.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .celltypes import parse_action_id
from .headers import is_header_cell, is_header_row, role_of
from .headings import match_heading
from .pdf_lines import At, Line, label_clusters, split_cells


@dataclass(frozen=True)
class Label:
    x0: float
    x1: float
    parts: tuple[str, ...]  # the label's pieces, line by line

    @property
    def text(self) -> str:
        return _join_label(list(self.parts))


def close_below(above: Line, line: Line) -> bool:
    return line.top - above.bottom <= 0.8 * (above.bottom - above.top)


def label_like(line: Line) -> bool:
    clusters = label_clusters(line)
    if not clusters or any(len(text.split()) > 4 for *_, text in clusters):
        return False
    return parse_action_id(clusters[0][2]) is None and match_heading(line.text) is None


def _label_under(labels: list[Label], x0: float, x1: float) -> int | None:
    """The label a lower piece of a header belongs to: the one holding its centre (centred
    labels), else its left edge (a word too wide for its column reaches into the next one),
    else the one it overlaps most; None when it overlaps none (a label of its own)."""
    centre = (x0 + x1) / 2
    for hit in (lambda lb: lb.x0 <= centre <= lb.x1, lambda lb: lb.x0 - 1 <= x0 < lb.x1):
        found = [n for n, lb in enumerate(labels) if hit(lb)]
        if found:
            return found[0]
    overlaps = [(min(x1, lb.x1) - max(x0, lb.x0), n) for n, lb in enumerate(labels)]
    best = max(overlaps, default=(0.0, 0))
    return best[1] if best[0] > 0 else None


def _labels(lines: list[Line]) -> list[Label]:
    """Column labels of header lines, left to right; wrapped pieces joined to their label."""
    labels: list[Label] = []
    for line in lines:
        for x0, x1, text in label_clusters(line):
            n = _label_under(labels, x0, x1)
            if n is None:
                labels.append(Label(x0, x1, (text,)))
            else:
                lb = labels[n]
                labels[n] = Label(min(lb.x0, x0), max(lb.x1, x1), (*lb.parts, text))
    labels.sort(key=lambda lb: lb.x0)
    return labels


def find_header(stream: list[At], i: int) -> tuple[int, int, list[Label]] | None:
    """(first, last, labels) of a table header in the run of label lines starting at line i.

    The core is the grouping of up to four consecutive close lines that names the most columns
    with known labels and the fewest unknown ones (then spans more lines), so a heading above
    or a first row below is left out; close label lines in the same weight next to it are the
    rest of wrapped labels the vocabulary does not know ("Action to" / "be taken").
    """
    at = stream[i]
    if at.line is None or not label_like(at.line):
        return None
    run = [i]
    while len(run) < 6 and run[-1] + 1 < len(stream):
        nxt = stream[run[-1] + 1]
        prev_line = stream[run[-1]].line
        if nxt.line is None or nxt.page is not at.page or prev_line is None or \
                not close_below(prev_line, nxt.line) or not label_like(nxt.line):
            break
        run.append(run[-1] + 1)
    best: tuple[tuple[int, int, int], int, int] | None = None
    for s in range(len(run)):
        for e in range(s, min(s + 4, len(run))):
            labels = _labels([stream[k].ln for k in run[s:e + 1]])
            texts = [lb.text for lb in labels]
            if len(labels) < 3 or not is_header_row(texts):
                continue
            known = sum(1 for t in texts if is_header_cell(t))
            score = (known, known - len(texts), e - s)
            if best is None or score > best[0]:
                best = (score, s, e)
    if best is None:
        return None
    _, s, e = best
    core = [stream[k].ln for k in run[s:e + 1]]

    def alike(line: Line) -> bool:  # set like the core: a wrapped label, not a heading
        return abs(line.size - core[0].size) <= 0.3 and (line.bold or not core[0].bold)

    while e + 1 < len(run) and e - s < 3 and alike(stream[run[e + 1]].ln):
        e += 1
    while s > 0 and e - s < 3 and alike(stream[run[s - 1]].ln):
        s -= 1
    return run[s], run[e], _labels([stream[k].ln for k in run[s:e + 1]])


def _join_label(parts: list[str]) -> str:
    """Header label from its wrapped pieces: a word broken mid-way is glued back when only the
    glued form names a column ("Recomme" + "ndation" -> "Recommendation")."""
    label = ""
    for part in parts:
        if not label:
            label = part
            continue
        spaced, glued = f"{label} {part}", f"{label}{part}"
        broken_word = part[:1].islower() and role_of(glued) and not role_of(spaced)
        label = glued if broken_word else spaced
    return label


class Columns:
    """Column boundaries of one unruled table: per pair of neighbouring labels, the x ranges
    between them that no body text has crossed yet."""

    def __init__(self, labels: list[Label]) -> None:
        self.labels = labels
        self.left = labels[0].x0
        self.free: list[list[tuple[float, float]]] = [
            [(a.x1, b.x0)] if b.x0 - a.x1 >= 1.0 else [] for a, b in itertools.pairwise(labels)
        ]
        roles = [role_of(lb.text) for lb in labels]
        self.id_col = roles.index("id") if "id" in roles else None
        self.right = labels[-1].x1

    @staticmethod
    def _cut(free: list[tuple[float, float]], x0: float, x1: float) -> list[tuple[float, float]]:
        out = []
        for lo, hi in free:
            if x1 <= lo or x0 >= hi:
                out.append((lo, hi))
                continue
            if x0 - lo >= 0.5:
                out.append((lo, x0))
            if hi - x1 >= 0.5:
                out.append((x1, hi))
        return out

    def _without(self, line: Line) -> list[list[tuple[float, float]]]:
        free = [list(f) for f in self.free]
        for x0, x1, _ in split_cells(line):
            free = [self._cut(f, x0, x1) for f in free]
        return free

    def covered(self, line: Line) -> bool:
        """True when the line's text runs across a gutter that the table keeps free."""
        return any(old and not any(hi - lo >= 1.0 for lo, hi in new)
                   for old, new in zip(self.free, self._without(line), strict=True))

    def take(self, line: Line) -> None:
        self.free = self._without(line)
        self.right = max(self.right, line.x1)

    def bounds(self) -> list[tuple[float, float]]:
        """Per gutter (boundary, right edge of the text before it): the widest free range."""
        out = []
        for k, free in enumerate(self.free):
            if free:
                lo, hi = max(free, key=lambda f: f[1] - f[0])
                out.append(((lo + hi) / 2, lo))
            else:
                x = self.labels[k + 1].x0 - 2.0
                out.append((x, x))
        return out

    def second_left(self) -> float:
        """Where the second column's text starts (the first column ends before it), as far as
        the table shows so far."""
        free = self.free[0] if self.free else []
        return max((hi for _, hi in free), default=self.labels[1].x0 if len(self.labels) > 1
                   else self.right)
