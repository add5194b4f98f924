"""PDF renditions drawn with reportlab's canvas: ruled (grid lines, cell fills) or unruled
(columns by x position only, two-line header labels, fills without lines, "Page N of M").

Pages are laid out first and drawn after, so the footer knows the page count. A table longer
than a page continues on the next one, with its header row repeated or not (the plan's
`page_breaks`), and a row that does not fit is either moved whole or cut across the break, as
Word does when "allow row to break across pages" is on (`row_split`). Standard Helvetica keeps
files small and fast to read; texts for PDFs avoid characters outside its encoding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from .document import Cell, Document, Heading, Para, Row, Table

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 36.0
BOTTOM = 48.0  # room for the footer
SIZE, LEADING, PAD = 7.5, 9.2, 3.0
FONT, BOLD = "Helvetica", "Helvetica-Bold"

Op = Callable[[Canvas], None]


def _rgb(hex6: str) -> tuple[float, float, float]:
    return tuple(int(hex6[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


@dataclass
class _Layout:
    ruled: bool
    row_split: bool
    pages: list[list[Op]]
    y: float = PAGE_H - MARGIN

    def new_page(self) -> None:
        self.pages.append([])
        self.y = PAGE_H - MARGIN

    def draw(self, op: Op) -> None:
        self.pages[-1].append(op)

    def room(self) -> float:
        return self.y - BOTTOM


def _text_op(x: float, y: float, lines: list[str], font: str, size: float, white=False) -> Op:
    def op(c: Canvas) -> None:
        c.setFillColorRGB(*((1, 1, 1) if white else (0, 0, 0)))
        c.setFont(font, size)
        for i, line in enumerate(lines):
            c.drawString(x, y - size - i * (size + 1.7), line)

    return op


def _paragraph(lay: _Layout, text: str, font: str, size: float, gap: float) -> None:
    lines = simpleSplit(text, font, size, PAGE_W - 2 * MARGIN)
    h = len(lines) * (size + 1.7) + gap
    if lay.room() < h + 40:  # keep a heading with what follows it
        lay.new_page()
    lay.draw(_text_op(MARGIN, lay.y, lines, font, size))
    lay.y -= h


def _cell_lines(cell: Cell, width: float) -> list[str]:
    return simpleSplit(cell.text, BOLD if cell.bold else FONT, SIZE, width - 2 * PAD)


def _draw_row(lay: _Layout, row: Row, xs: list[float], lines: list[list[str]], height: float,
              top_open: list[bool], bottom_open: list[bool], header_fill: str | None) -> None:
    """One row (or the part of a row on this page) at the current y."""
    top = lay.y
    spans = _spans(row, xs)
    for (x0, x1), cell, cell_lines, t_open, b_open in zip(
        spans, row.cells, lines, top_open, bottom_open, strict=False
    ):
        fill = cell.fill
        white = bool(fill) and fill == "1F4E79"

        def op(c: Canvas, x0=x0, x1=x1, fill=fill, t_open=t_open, b_open=b_open) -> None:
            if fill:
                c.setFillColorRGB(*_rgb(fill))
                c.rect(x0, top - height, x1 - x0, height, stroke=0, fill=1)
            if lay.ruled:
                c.setLineWidth(0.5)
                c.setStrokeColorRGB(0, 0, 0)
                c.line(x0, top, x0, top - height)
                c.line(x1, top, x1, top - height)
                if not t_open:
                    c.line(x0, top, x1, top)
                if not b_open:
                    c.line(x0, top - height, x1, top - height)

        lay.draw(op)
        font = BOLD if cell.bold else FONT
        lay.draw(_text_op(x0 + PAD, top - PAD + 1, cell_lines, font, SIZE, white))
    lay.y -= height


def _spans(row: Row, xs: list[float]) -> list[tuple[float, float]]:
    out, i = [], 0
    for cell in row.cells:
        out.append((xs[i], xs[min(i + cell.span, len(xs) - 1)]))
        i += cell.span
    return out


def _table(lay: _Layout, table: Table, width: float) -> None:
    total = sum(table.widths)
    xs = [MARGIN]
    for w in table.widths:
        xs.append(xs[-1] + width * w / total)
    header = table.rows[: table.header_rows]
    body = table.rows[table.header_rows :]

    def lines_of(row: Row) -> list[list[str]]:
        spans = _spans(row, xs)
        return [_cell_lines(c, x1 - x0) for c, (x0, x1) in zip(row.cells, spans, strict=True)]

    def height(lines: list[list[str]]) -> float:
        return max(1, *(len(x) for x in lines)) * LEADING + 2 * PAD

    def draw_header() -> None:
        for h in header:
            hl = lines_of(h)
            closed = [False] * len(h.cells)
            _draw_row(lay, h, xs, hl, height(hl), closed, closed, table.header_fill)

    first_body = body[0] if body else None
    if first_body is not None and lay.room() < sum(height(lines_of(h)) for h in header) + 40:
        lay.new_page()
    draw_header()
    for i, row in enumerate(body):
        lines = lines_of(row)
        nxt = body[i + 1] if i + 1 < len(body) else None
        bottom_open = [
            nxt is not None and len(nxt.cells) == len(row.cells) and nxt.cells[j].vmerge ==
            "continue" for j in range(len(row.cells))
        ]
        top_open = [c.vmerge == "continue" for c in row.cells]
        fresh = False  # at the top of a page: a row taller than the page must be cut
        while True:
            h = height(lines)
            if h <= lay.room():
                _draw_row(lay, row, xs, lines, h, top_open, bottom_open, None)
                break
            fit = int((lay.room() - 2 * PAD) // LEADING)
            if (lay.row_split and fit >= 3) or (fresh and fit >= 1):
                head = [x[:fit] for x in lines]
                closed = [False] * len(lines)
                _draw_row(lay, row, xs, head, height(head), top_open, closed, None)
                lines = [x[fit:] for x in lines]
                top_open = [False] * len(lines)
            lay.new_page()
            if table.repeat_header:
                draw_header()
            top_open = [False] * len(lines)
            fresh = True


def write_pdf(doc: Document, path: Path, *, ruled: bool, row_split: bool, footer: bool) -> None:
    lay = _Layout(ruled, row_split, [[]])
    _paragraph(lay, doc.title[0], BOLD, 14, 6)
    for line in doc.title[1:]:
        _paragraph(lay, line, FONT, 10, 3)
    lay.y -= 8
    for block in doc.blocks:
        if isinstance(block, Heading):
            lay.y -= 6
            _paragraph(lay, block.text, BOLD, 11 if block.level == 2 else 9.5, 5)
        elif isinstance(block, Para):
            _paragraph(lay, block.text, FONT, 9, 6)
        else:
            width = PAGE_W - 2 * MARGIN if len(block.widths) > 2 else 330.0
            _table(lay, block, width)
            lay.y -= 10
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    total = len(lay.pages)
    for n, ops in enumerate(lay.pages, 1):
        for op in ops:
            op(canvas)
        if footer:
            canvas.setFillColorRGB(0, 0, 0)
            canvas.setFont(FONT, 8)
            canvas.drawCentredString(PAGE_W / 2, 24, f"Page {n} of {total}")
        canvas.showPage()
    canvas.save()
