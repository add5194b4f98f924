"""Rows of a spreadsheet (an Excel sheet, a CSV file) as layout blocks.

A sheet has no paragraphs: its title, a theme heading and a table row are all rows of cells.
They are told apart the way a reader of the printed sheet does, so the blocks look like the
ones the text and Word readers hand to `layout.assemble`:

* a run of rows with two or more filled cells is a table block; a blank row inside it becomes
  `after_break` on the next row (as a blank line in a text rendition does); a header row
  starts a new block (a key above the header is a table of its own, as in Word);
* a single-cell row next to table rows is a row of that table (a continuation, or a theme
  heading written across the table, which the assembly cuts out as Word's are); after a blank
  row it ends the table and is a paragraph, unless it is a theme heading with the table going on;
* any other single-cell row is a paragraph (title lines, headings between tables), a blank row
  a gap;
* above the first header row, a row of several text cells ("Westshire Improvement Plan" …
  "Updated: 12/03/2018") is one title paragraph, unless it looks like a RAG key row (a colour
  word, or a coloured swatch cell beside its meaning), which stays a table row for the key.

A cell with only shading counts as filled when its colour is not the shading of the row's text
cells: a swatch beside a word (a key, a RAG cell), not a banner shaded across the row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from actionplans.normalise.rag import is_rag_word

from .headers import is_header_row
from .headings import match_heading
from .layout import Block, Paragraph, TableBlock
from .model import Cell, Location, Row


@dataclass(frozen=True)
class GridRow:
    """One sheet row: its cells from the first column on (trailing empties may be left off)."""

    location: Location
    cells: tuple[Cell, ...]


def filled(cells: Sequence[Cell]) -> list[int]:
    """Indexes of the cells that carry something: text, or a swatch of their own colour."""
    text_fills = {c.fill for c in cells if c.text.strip()}
    if not text_fills:
        return []  # shading alone does not make a row
    return [i for i, c in enumerate(cells)
            if c.text.strip() or (c.fill is not None and c.fill not in text_fills)]


def grid_blocks(rows: Sequence[GridRow]) -> Iterator[Block]:
    """Blocks of one sheet's rows, in order (blank rows included, as gaps)."""
    first_header = next(
        (i for i, r in enumerate(rows) if is_header_row([c.text for c in r.cells])), None)
    run: list[Row] = []
    tail: list[GridRow] = []  # blank rows and headings after the run's last table row
    for i, row in enumerate(rows):
        content = filled(row.cells)
        multi = len(content) >= 2
        if multi and first_header is not None and i < first_header and _is_title_row(row):
            multi = False
            row = GridRow(row.location, (Cell(" ".join(
                " ".join(c.text.split()) for c in row.cells if c.text.strip())),))
        if multi and run and _starts_table(row, run[-1]):
            yield _table(run)  # a header row starts its own table, as in Word
            for held in tail:
                yield from _paragraphs(held)
            run, tail = [], []
        if multi:
            _absorb(run, tail)
            run.append(Row(row.cells, row.location, after_break=bool(tail) and _gap(tail)))
            tail = []
            continue
        if not run:
            yield from _paragraphs(row)
            continue
        if not content:
            tail.append(row)
        elif not tail:
            run.append(Row(row.cells, row.location))  # a row of the table next to it
        elif _is_heading(row):
            tail.append(row)
        else:
            yield _table(run)
            for held in tail:
                yield from _paragraphs(held)
            yield from _paragraphs(row)
            run, tail = [], []
    if run:
        yield _table(run)
        for held in tail:
            yield from _paragraphs(held)


def _starts_table(row: GridRow, last: Row) -> bool:
    """A header row after rows that are not a header (its second line would follow one)."""
    return is_header_row([c.text for c in row.cells]) and not is_header_row(
        [c.text for c in last.cells])


def _absorb(run: list[Row], tail: list[GridRow]) -> None:
    """Held rows join the run when the table goes on after them (blank rows as breaks)."""
    if not run:
        return
    gap = False
    for held in tail:
        if not filled(held.cells):
            gap = True
            continue
        run.append(Row(held.cells, held.location, after_break=gap))
        gap = False


def _gap(tail: list[GridRow]) -> bool:
    """True when the rows held before the next table row end with a blank row."""
    return not filled(tail[-1].cells)


def _text(row: GridRow) -> str:
    return " ".join(" ".join(c.text.split()) for c in row.cells if c.text.strip())


def _is_heading(row: GridRow) -> bool:
    return match_heading(_text(row)) is not None


def _is_title_row(row: GridRow) -> bool:
    """A row above the header that is title text, not a key row (colour word or swatch)."""
    texts = [c.text for c in row.cells if c.text.strip()]
    swatch = len(filled(row.cells)) > len(texts)
    return not swatch and not any(is_rag_word(t) for t in texts)


def _paragraphs(row: GridRow) -> Iterator[Paragraph]:
    content = filled(row.cells)
    if not content:
        yield Paragraph("", row.location)
        return
    for line in row.cells[content[0]].text.split("\n"):
        if line.strip():
            yield Paragraph(line.strip(), row.location)


def _table(rows: list[Row]) -> TableBlock:
    """The run as one block, cut to the columns its rows fill and padded to that width."""
    used = [i for r in rows for i in filled(r.cells)] or [0]
    lo, hi = min(used), max(used)
    out: list[Row] = []
    for r in rows:
        cells = tuple(r.cells[i] if i < len(r.cells) else Cell("") for i in range(lo, hi + 1))
        out.append(Row(cells, r.location, after_break=r.after_break))
    return TableBlock(tuple(out), out[0].location.span(out[-1].location))
