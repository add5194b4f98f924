"""Word renditions (python-docx): landscape, ruled tables, shading in w:shd, merged theme rows
(w:gridSpan), a theme column merged down (w:vMerge), the header row flagged to repeat on every
page (w:tblHeader) when the plan's tables are long and repeat their header."""

from __future__ import annotations

from pathlib import Path

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .document import Document, Heading, Para, Table
from .zipfix import normalise_zip


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _write_cell(cell, text: str, bold: bool, white: bool) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.font.size = Pt(8)
    run.bold = bold
    if white:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _table(word, table: Table, width_cm: float) -> None:
    n = len(table.widths)
    t = word.add_table(rows=len(table.rows), cols=n)
    t.style = "Table Grid"
    total = sum(table.widths)
    for col, w in zip(t.columns, table.widths, strict=True):
        col.width = Cm(width_cm * w / total)
    merge_start: int | None = None
    for r, row in enumerate(table.rows):
        cells = t.rows[r].cells
        if row.kind == "header" and table.repeat_header:
            tr_pr = t.rows[r]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))
        if len(row.cells) == 1 and row.cells[0].span == n:  # merged theme row
            merged = cells[0].merge(cells[-1])
            _write_cell(merged, row.cells[0].text, True, False)
            continue
        for c, cell in enumerate(row.cells):
            if cell.vmerge == "continue":
                continue
            white = bool(cell.fill) and cell.fill == "1F4E79"
            _write_cell(cells[c], cell.text, cell.bold, white)
            if cell.fill:
                _shade(cells[c], cell.fill)
    # Theme column merged down: merge each run of restart + continue cells.
    for r, row in enumerate([*table.rows, None]):
        first = row.cells[0] if row is not None and len(row.cells) == n else None
        if first is not None and first.vmerge == "continue":
            continue
        if merge_start is not None and r - 1 > merge_start:
            t.cell(merge_start, 0).merge(t.cell(r - 1, 0))
        merge_start = r if first is not None and first.vmerge == "restart" else None


def write_docx(doc: Document, path: Path) -> None:
    word = WordDocument()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    word.add_heading(doc.title[0], level=1)
    for line in doc.title[1:]:
        word.add_paragraph(line)
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            word.add_paragraph(block.text)
        else:
            _table(word, block, 26.7)
            word.add_paragraph("")
    word.save(str(path))
    normalise_zip(path)
