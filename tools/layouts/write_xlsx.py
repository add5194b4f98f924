"""Excel renditions (openpyxl): title rows above the header (the header is never row 1), solid
fills, dates typed as real dates with a display format, merged theme rows across the table, a
theme column merged down, and sometimes one sheet per theme (the sheet named after it)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .document import Document, Heading, Para, Table
from .zipfix import normalise_zip

WRAP = Alignment(wrap_text=True, vertical="top")


def _put(ws, row: int, col: int, cell, bold: bool = False) -> None:
    target = ws.cell(row=row, column=col)
    target.value = cell.value if cell.value is not None else (cell.text or None)
    if cell.number_format:
        target.number_format = cell.number_format
    if cell.fill:
        target.fill = PatternFill("solid", fgColor=cell.fill)
    white = cell.fill == "1F4E79"
    if bold or cell.bold or white:
        target.font = Font(bold=bold or cell.bold, color="FFFFFF" if white else None)
    target.alignment = WRAP


def _table(ws, table: Table, start: int) -> int:
    n = len(table.widths)
    r = start
    merge_from: int | None = None
    for row in table.rows:
        if len(row.cells) == 1 and row.cells[0].span == n:
            _put(ws, r, 1, row.cells[0], bold=True)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        else:
            for c, cell in enumerate(row.cells, 1):
                if cell.vmerge == "continue":
                    continue
                _put(ws, r, c, cell)
        first = row.cells[0]
        if merge_from is not None and first.vmerge != "continue":
            if r - 1 > merge_from:
                ws.merge_cells(start_row=merge_from, start_column=1, end_row=r - 1, end_column=1)
            merge_from = None
        if first.vmerge == "restart":
            merge_from = r
        r += 1
    if merge_from is not None and r - 1 > merge_from:
        ws.merge_cells(start_row=merge_from, start_column=1, end_row=r - 1, end_column=1)
    return r


def _sheets(doc: Document) -> list[tuple[str | None, list]]:
    """Blocks grouped by sheet: a table naming a sheet starts one (with its heading, if any)."""
    groups: list[tuple[str | None, list]] = [(None, [])]
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        prev = blocks[i - 1] if i else None
        sheet = None
        if isinstance(block, Heading) and isinstance(nxt, Table) and nxt.sheet:
            sheet = nxt.sheet
        elif isinstance(block, Table) and block.sheet and not isinstance(prev, Heading):
            sheet = block.sheet
        if sheet:
            if any(isinstance(b, Table) and len(b.widths) > 2 for b in groups[-1][1]):
                groups.append((sheet, []))
            else:
                groups[-1] = (sheet, groups[-1][1])
        groups[-1][1].append(block)
    return groups


def write_xlsx(doc: Document, path: Path) -> None:
    wb = Workbook()
    for n, (name, blocks) in enumerate(_sheets(doc)):
        ws = wb.active if n == 0 else wb.create_sheet(name or f"Sheet{n + 1}")
        ws.title = name or "Action Plan"
        widths = next((b.widths for b in blocks if isinstance(b, Table) and len(b.widths) > 2),
                      [])
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = 9 * w
        r = 1
        if n == 0:
            for i, line in enumerate(doc.title, 1):
                ws.cell(row=i, column=1, value=line).font = Font(bold=i == 1,
                                                                 size=14 if i == 1 else 11)
            r = len(doc.title) + 2
        for block in blocks:
            if isinstance(block, Heading):
                ws.cell(row=r, column=1, value=block.text).font = Font(bold=True)
                r += 1
            elif isinstance(block, Para):
                ws.cell(row=r, column=1, value=block.text)
                r += 2
            else:
                r = _table(ws, block, r) + 1
    wb.properties.creator = "tools/layouts"
    wb.save(str(path))
    normalise_zip(path)
