"""Tables without ruling in PDFs (borderless Word tables, board papers), read across the whole
document so one layout serves a table over all its pages.

A header gives the columns (pdf_columns) and the rows follow (pdf_rows). Headings between
blocks become paragraphs (so the assembly makes them theme headings) and the rows after them
keep the same columns; a page without a repeated header continues the table. The table ends
at running text across its columns, text left of it, a new header, a ruled table or a wide
gap. A RAG key set out in two columns is read as the small table it is.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from actionplans.normalise.rag import is_rag_word

from .celltypes import parse_action_id
from .headings import match_heading
from .layout import Block, TableBlock
from .model import Cell, Location, Row
from .pdf_columns import Columns, Label, close_below, find_header
from .pdf_lines import At, Line, PageText, boxes_overlap, centre_in, split_cells
from .pdf_rows import cells_of, starts_numbered, table_items

_MOVED = 8.0  # points a repeated header's label may move and still be the same column


@dataclass
class _Style:
    """Font size and weight of a table's body text, to tell headings between rows from rows
    (the whole document's until the table has rows of its own)."""

    fallback: _Style | None = None
    sizes: list[float] = field(default_factory=list)
    bold: int = 0
    words: int = 0

    def add(self, line: Line) -> None:
        self.sizes.append(line.size)
        self.bold += sum(1 for w in line.words if "bold" in str(w.get("fontname", "")).lower())
        self.words += len(line.words)

    def larger(self, line: Line) -> bool:
        if not self.words and self.fallback is not None:
            return self.fallback.larger(line)
        return bool(self.sizes) and line.size >= statistics.median(self.sizes) + 1.0

    def distinct(self, line: Line) -> bool:
        if not self.words and self.fallback is not None:
            return self.fallback.distinct(line)
        return (line.bold and self.bold < 0.5 * max(self.words, 1)) or self.larger(line)


def _is_heading(line: Line, columns: Columns, style: _Style, before_header: bool) -> bool:
    """A heading between blocks of rows: alone on its line, starting in the first column, no
    action number, and a theme heading, in a larger font, directly above the header repeated,
    or bold text running across columns."""
    text = line.text
    if len(split_cells(line)) != 1 or parse_action_id(text) is not None or len(text) > 160:
        return False
    if line.x0 < columns.second_left() and (
            match_heading(text) is not None or style.larger(line) or before_header):
        return True
    return columns.covered(line) and style.distinct(line)


_HeaderAt = Callable[[int], "tuple[int, int, list[Label]] | None"]


def _scan_table(stream: list[At], j: int, labels: list[Label], style: _Style,
                header_at: _HeaderAt) -> tuple[list[tuple[str, list[At]]], Columns, int]:
    """Events of one table from line j on ("line", "heading", "para", "header"), its columns,
    and the index where it ends."""
    columns = Columns(labels)
    events: list[tuple[str, list[At]]] = []
    prev: At | None = None
    last_line: At | None = None  # the last row line, for the first column's wrapped text
    steps: list[float] = []
    numbered = [0] * len(labels)  # per column, the row lines it opens with an action number
    names = [lb.text.lower() for lb in labels]

    def repeated_header(k: int) -> int | None:
        """Index of the last line of this table's header repeated from line k, if it is."""
        found = header_at(k) if k < len(stream) else None
        if found is None or found[0] != k or [lb.text.lower() for lb in found[2]] != names:
            return None
        return found[1]

    def opens_row(k: int) -> bool:
        """Whether line k (after a heading) starts a numbered row, where the rows so far do."""
        last = repeated_header(k)
        k = k if last is None else last + 1
        if max(numbered) < 2:
            return True
        if k >= len(stream) or stream[k].line is None:
            return False
        cells = cells_of(stream[k].ln, columns.bounds())
        return starts_numbered(cells[numbered.index(max(numbered))])

    while j < len(stream):
        at = stream[j]
        line = at.line
        if line is None:
            break
        found = header_at(j)
        if found is not None and found[0] == j:
            if [lb.text.lower() for lb in found[2]] != names:
                break  # another table
            if any(abs(a.x0 - b.x0) > _MOVED for a, b in zip(found[2], labels, strict=True)):
                break  # the header repeated with its columns elsewhere (another page's grid,
                #         as a text export lays each page out): a table of its own, joined
                #         to this one by layout.assemble
            events.append(("header", stream[j:found[1] + 1]))
            prev, j = stream[found[1]], found[1] + 1
            continue
        if line.x0 < columns.left - 20 or at.ruled is not None:
            break
        if _is_heading(line, columns, style, repeated_header(j + 1) is not None):
            k = j + 1
            while k < len(stream) and (nxt := stream[k].line) is not None and \
                    stream[k].page is at.page and close_below(stream[k - 1].ln, nxt) and \
                    nxt.bold == line.bold and nxt.size == line.size and \
                    len(split_cells(nxt)) == 1 and parse_action_id(nxt.text) is None:
                k += 1  # the heading wraps
            if not opens_row(k):
                break  # a heading over something else (a key, notes): the table is over
            events.append(("heading", stream[j:k]))
            prev, j = stream[k - 1], k
            continue
        same_page = prev is not None and prev.page is at.page and prev.line is not None
        pitch = statistics.median(steps) if steps else 2 * (line.bottom - line.top)
        if same_page and line.top - prev.ln.bottom > 4 * pitch:
            break
        covered = columns.covered(line)
        if covered and len(split_cells(line)) == 1:
            break  # running text across the columns: the table is over
        wrapped_first = (last_line is not None and last_line.page is at.page
                         and last_line.ln.x0 < columns.second_left()
                         and close_below(last_line.ln, line))
        if columns.id_col == 0 and line.x1 <= columns.second_left() and \
                parse_action_id(line.text) is None and not wrapped_first:
            events.append(("para", [at]))  # a note in the number column between rows
            prev, j = at, j + 1
            continue
        if same_page and prev is last_line and last_line is not None:
            steps.append(line.top - last_line.ln.top)
        events.append(("line", [at]))
        for k, words in enumerate(cells_of(line, columns.bounds())):
            numbered[k] += starts_numbered(words)
        if not covered:
            columns.take(line)
        style.add(line)
        prev = last_line = at
        j += 1
    return events, columns, j


def unruled_tables(pages: list[PageText]) -> dict[int, list[tuple[float, Block]]]:
    """Blocks of the tables without ruling, by page; their lines leave the pages' lines."""
    stream: list[At] = []
    document = _Style()
    for page in pages:
        items = [At(page, line, line.top) for line in page.lines]
        for top, block in page.ruled:
            if id(block) in page.lone_headers:
                items.extend(At(page, ln, ln.top, block) for ln in page.lone_headers[id(block)])
            else:
                items.append(At(page, None, top))
        items.sort(key=lambda a: (a.top, a.line is not None))
        stream.extend(items)
        for line in page.lines:
            document.add(line)
    out: dict[int, list[tuple[float, Block]]] = {}
    used: set[int] = set()
    absorbed: set[int] = set()  # header-only ruled tables read as the header of an unruled one
    headers: dict[int, tuple[int, int, list[Label]] | None] = {}

    def header_at(k: int) -> tuple[int, int, list[Label]] | None:
        if k not in headers:
            headers[k] = find_header(stream, k)
        return headers[k]

    i = 0
    while i < len(stream):
        header = header_at(i)
        if header is None:
            i += 1
            continue
        first, last, labels = header
        events, columns, end = _scan_table(stream, last + 1, labels, _Style(document), header_at)
        if not any(kind == "line" for kind, _ in events):
            i += 1
            continue
        for number, top, block in table_items(events, labels, columns):
            out.setdefault(number, []).append((top, block))
        taken = [*stream[first:last + 1], *(at for _, ats in events for at in ats)]
        used.update(id(at.line) for at in taken)
        absorbed.update(id(at.ruled) for at in taken if at.ruled is not None)
        i = end
    for page in pages:
        taken_boxes = [(ln.x0, ln.top, ln.x1, ln.bottom) for ln in page.lines if id(ln) in used]
        page.lines = [line for line in page.lines if id(line) not in used]
        page.ruled = [(top, block) for top, block in page.ruled if id(block) not in absorbed]
        for top, block, bbox in page.shaded:
            if any(boxes_overlap(box, bbox) for box in taken_boxes):
                continue  # shading inside an unruled table
            within = [ln for ln in page.lines if all(centre_in(w, bbox) for w in ln.words)]
            held = sum(len("".join(c.text.split())) for r in block.rows for c in r.cells)
            if held < 0.9 * sum(len("".join(ln.text.split())) for ln in within):
                continue  # its cells miss text that lies among them: keep the lines
            page.ruled.append((top, block))
            page.lines = [ln for ln in page.lines if not any(ln is w for w in within)]
    return out


def key_columns(lines: list[Line], page: int) -> tuple[list[tuple[float, Block]], list[Line]]:
    """A RAG key set out in two columns without ruling ("Green      On track", a line each) as
    the small table it is, so the assembly reads it as a key; the other lines as they were."""
    out: list[tuple[float, Block]] = []
    rest: list[Line] = []
    i = 0
    while i < len(lines):
        run: list[tuple[Line, list[tuple[float, float, str]]]] = []
        while i + len(run) < len(lines):
            pieces = split_cells(lines[i + len(run)])
            if len(pieces) != 2 or not is_rag_word(pieces[0][2]) or is_rag_word(pieces[1][2]) \
                    or (run and abs(pieces[1][0] - run[0][1][1][0]) > 4):
                break
            run.append((lines[i + len(run)], pieces))
        if len(run) < 2:
            rest.append(lines[i])
            i += 1
            continue
        where = Location(page_start=page, page_end=page)
        rows = tuple(Row((Cell(pieces[0][2]), Cell(pieces[1][2])), where) for _, pieces in run)
        out.append((run[0][0].top, TableBlock(rows, where)))
        i += len(run)
    return out, rest
