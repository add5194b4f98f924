"""Rows of a PDF table without ruling: lines grouped into rows (at an action number, a wider
vertical gap, or on a new page where the first line does not carry on the cells that ran to
the page foot), cells from word positions, and the blocks the assembly reads.
"""

from __future__ import annotations

import itertools
import statistics
from typing import Any

from .celltypes import parse_action_id
from .ids import leading_id
from .layout import Block, Paragraph, TableBlock
from .model import Cell, Location, Row
from .pdf_columns import Columns, Label
from .pdf_fills import fill_of
from .pdf_lines import At, Line, cell_text, to_lines


def cells_of(line: Line, bounds: list[tuple[float, float]]) -> list[list[dict[str, Any]]]:
    cells: list[list[dict[str, Any]]] = [[] for _ in range(len(bounds) + 1)]
    for word in line.words:
        x = word["x0"] + min(2.0, (word["x1"] - word["x0"]) / 2)
        cells[sum(1 for b, _ in bounds if x >= b)].append(word)
    return cells


def _row_gap(gaps: list[float], size: float) -> float:
    """The gap above which a new row starts: the first clear jump between the gaps of a
    table's lines (wrapped lines are close, rows padded apart); without one, by the font size."""
    gaps = sorted(gaps)
    for a, b in itertools.pairwise(gaps):
        if b - a >= max(2.0, 0.25 * size):
            return (a + b) / 2
    if gaps and statistics.median(gaps) >= 0.5 * size:
        return gaps[0] - 0.1  # every line is a row of its own
    return float("inf")


def starts_numbered(words: list[dict[str, Any]]) -> bool:
    """True when a cell's text on one line starts with an action number ("2.1", "R2-1 Pilot")."""
    text = " ".join(w["text"] for w in words)
    return bool(text) and (parse_action_id(text) is not None or leading_id(text) is not None)


def _number_column(lines: list[Line], columns: Columns, bounds: list[tuple[float, float]]
                   ) -> int | None:
    """The column whose lines start with action numbers most often (two at least): its own
    column, or the action column when each action opens with its number; else the labelled
    number column."""
    counts = [0] * (len(bounds) + 1)
    for line in lines:
        for k, words in enumerate(cells_of(line, bounds)):
            counts[k] += starts_numbered(words)
    best = max(range(len(counts)), key=lambda k: (counts[k], -k))
    return best if counts[best] >= 2 else columns.id_col


def _group_rows(segment: list[At], id_col: int | None, bounds: list[tuple[float, float]],
                threshold: float) -> list[list[At]]:
    """Lines of a block of rows grouped into rows (see the section comment)."""
    groups: list[list[At]] = []
    for at in segment:
        cells = cells_of(at.ln, bounds)
        filled = [bool(ws) for ws in cells]
        if not groups:
            groups.append([at])
            continue
        last = groups[-1][-1]
        if id_col is not None and starts_numbered(cells[id_col]):
            groups.append([at])
        elif last.page is not at.page:
            ran_on = [bool(ws) for ws in cells_of(last.ln, bounds)]
            if all(r for f, r in zip(filled, ran_on, strict=True) if f):
                groups[-1].append(at)  # the rest of a row cut by the page break
            else:
                groups.append([at])
        elif at.ln.top - last.ln.bottom > threshold and (
                id_col is not None or filled[0] or sum(filled) >= 2):
            groups.append([at])  # a row gap, and text opening cells (a paragraph gap opens one)
        else:
            groups[-1].append(at)
    return groups


def _table_row(group: list[At], bounds: list[tuple[float, float]], rights: list[float],
               gap: float, left: float) -> Row:
    """One row's cells from its lines (on one page, or both sides of a page break)."""
    n = len(bounds) + 1
    per_col: list[list[Line]] = [[] for _ in range(n)]
    for _page, ats in itertools.groupby(group, key=lambda a: a.page.number):
        ats = list(ats)
        words: list[list[dict[str, Any]]] = [[] for _ in range(n)]
        for at in ats:
            for k, ws in enumerate(cells_of(at.ln, bounds)):
                words[k].extend(ws)
        for k in range(n):
            per_col[k].extend(to_lines(words[k]))
    first = group[0]
    cells = []
    for k in range(n):
        x0 = bounds[k - 1][0] if k else left - 4
        x1 = bounds[k][0] if k < n - 1 else rights[-1]
        centre = (x0 + x1) / 2
        probe = (centre - 4, first.ln.top, centre + 4, first.ln.bottom)
        text = cell_text(per_col[k], rights[k], gap)
        cells.append(Cell(text, fill_of(probe, first.page.fills)))
    location = Location(page_start=first.page.number, page_end=group[-1].page.number)
    notes: tuple[str, ...] = ()
    if group[-1].page is not first.page:
        notes = (f"{location.describe()}: row cut by a page break rejoined from its parts on "
                 "both pages",)
    return Row(tuple(cells), location, notes=notes)


def table_items(events: list[tuple[str, list[At]]], labels: list[Label], columns: Columns
                 ) -> list[tuple[int, float, Block]]:
    """(page, top, block) of one unruled table: a TableBlock per block of rows and page (the
    header row first where a block starts below a header or a heading, none on a page the
    table merely continues onto), a Paragraph per heading or note between blocks."""
    bounds = columns.bounds()
    rights = [lo for _, lo in bounds] + [columns.right]
    gaps = [b[1][0].ln.top - a[1][0].ln.bottom for a, b in itertools.pairwise(events)
            if a[0] == b[0] == "line" and a[1][0].page is b[1][0].page]
    size = statistics.median([ats[0].ln.size for kind, ats in events if kind == "line"])
    threshold = _row_gap(gaps, size)
    wrap_gap = sorted(gaps)[len(gaps) // 4] if gaps else 1.5
    id_col = _number_column([ats[0].ln for kind, ats in events if kind == "line"], columns,
                            bounds)
    out: list[tuple[int, float, Block]] = []

    def header_row(page: int) -> Row:
        return Row(tuple(Cell(lb.text) for lb in labels), Location(page_start=page, page_end=page))

    def flush(segment: list[At], with_header: bool) -> None:
        rows = [(g[0], _table_row(g, bounds, rights, wrap_gap, columns.left))
                for g in _group_rows(segment, id_col, bounds, threshold)]
        for number, part in itertools.groupby(rows, key=lambda r: r[0].page.number):
            part = list(part)
            data = tuple(row for _, row in part)
            loc = Location(page_start=number, page_end=number)
            block = (TableBlock((header_row(number), *data), loc, 1) if with_header
                     else TableBlock(data, loc, None))
            out.append((number, part[0][0].top, block))
            with_header = False

    segment: list[At] = []
    with_header = True
    for kind, ats in events:
        if kind == "line":
            segment.extend(ats)
            continue
        flush(segment, with_header)
        segment, with_header = [], True
        if kind in ("heading", "para"):
            first = ats[0]
            text = " ".join(at.ln.text for at in ats)
            where = Location(page_start=first.page.number, page_end=first.page.number)
            out.append((first.page.number, first.top, Paragraph(text, where)))
    flush(segment, with_header)
    return out
