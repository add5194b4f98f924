"""Reader for Excel trackers (.xlsx, .xlsm) with openpyxl.

Many plans live as a tracker workbook: a sheet per theme ("1. Prevention", "Theme 2
Discharge"), a cover sheet, a key sheet of coloured cells. Every visible sheet is read in
workbook order; its name is a paragraph first (so a theme sheet reads as a theme heading), then
its rows become blocks as `grid.grid_blocks` tells them apart, and the shared `layout.assemble`
finds title, themes, header rows and RAG key as for every other format. The first sheet's name
is left out unless it is a heading ("Cover", "Action Plan" are tab labels, not the title), and
then comes after its title rows, just before its first table. Default names ("Sheet1") are left
out, and so is a heading name the sheet prints itself ("Priority 1" over "Priority 1 – …").

Cells give what Excel shows (`xlsx_cells`): cached formula values, dates at day precision as
DD/MM/YYYY (or "Mar 2018" when formatted as month and year), numbers as displayed (1.1 stays
"1.1"), solid fills as hex RRGGBB (theme and indexed colours resolved). A merged cell gives its
text on its first row only; in a header row a label merged across columns labels each of them.

Locations: `table_index` is the sheet's number in the workbook, `row_index` the Excel row (row 0
is the sheet's name); the reader's own warnings also name the sheet.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCell

from .errors import DocumentError
from .grid import GridRow, grid_blocks
from .headers import is_header_continuation, is_header_row
from .headings import is_completed_marker, match_heading
from .hints import LayoutHints
from .layout import Block, Paragraph, TableBlock, assemble
from .model import Cell, ExtractedDocument, Location
from .xlsx_cells import Colours, display, general

MAX_SHEETS = 200
MAX_ROWS = 100_000  # per sheet: the last row holding a value
MAX_COLUMNS = 200  # per sheet: the last column holding a value
FULL_LOAD_BYTES = 30_000_000  # unpacked size up to which the whole workbook is loaded (merges)
MAX_UNPACKED_BYTES = 1_000_000_000  # beyond this the package is refused (not a plan, or a bomb)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream of a password-protected file
_DEFAULT_NAME = re.compile(r"^sheet\s*\d*$", re.IGNORECASE)


def read_xlsx(path: str | Path, hints: LayoutHints | None = None) -> ExtractedDocument:
    """Read one Excel tracker. Stateless; every failure is a DocumentError naming the reason."""
    path = Path(path)
    data = path.read_bytes()
    source = str(path)
    unpacked = _check_package(data, source)
    full = unpacked <= FULL_LOAD_BYTES
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=not full, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged package
        raise DocumentError(source, f"zip package is not a readable Excel workbook "
                            f"({type(exc).__name__}: {exc})".replace("\n", " ")) from exc
    try:
        names = workbook.sheetnames
        if len(names) > MAX_SHEETS:
            raise DocumentError(source, f"workbook has {len(names)} sheets, more than the "
                                f"{MAX_SHEETS} a plan is read with")
        warnings: list[str] = []
        if not full:
            warnings.append(f"workbook unpacks to {unpacked // 1_000_000} MB: read in streaming "
                            "mode, where merged cells, hidden rows and comments are not seen")
        uncached = _uncached_formulas(data) if full and _has_formulas(data) else {}
        blocks = list(_workbook_blocks(workbook, source, full, uncached, warnings))
    finally:
        workbook.close()
    if not any(b.location.row_index for b in blocks if isinstance(b, Paragraph) and b.text) and (
            not any(isinstance(b, TableBlock) for b in blocks)):
        raise DocumentError(source, "workbook holds no text in its visible sheets")
    doc = assemble(blocks, source_path=source, source_format="xlsx",
                   sha256=hashlib.sha256(data).hexdigest(), hints=hints)
    return replace(doc, warnings=(*warnings, *doc.warnings))


def _check_package(data: bytes, source: str) -> int:
    """The package's unpacked size, after refusing what is not an Excel zip package."""
    if not data:
        raise DocumentError(source, "file is empty")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED in data[:1_000_000] or _ENCRYPTED in data[-1_000_000:]:
            raise DocumentError(source, "the workbook is password-protected (encrypted); "
                                "remove the password in Excel and save it again")
        raise DocumentError(source, "not an .xlsx package but an OLE compound file (a legacy "
                            "Excel 97-2003 workbook): name it .xls to convert it with "
                            "LibreOffice, or save it as .xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except zipfile.BadZipFile as exc:
        raise DocumentError(source, "not an Excel .xlsx workbook (not a zip package)") from exc
    if not any(m.filename == "xl/workbook.xml" for m in members):
        raise DocumentError(source, "zip package is not an Excel workbook (no xl/workbook.xml)")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocumentError(source, f"workbook unpacks to {unpacked // 1_000_000} MB, beyond the "
                            f"{MAX_UNPACKED_BYTES // 1_000_000} MB a plan is read with")
    return unpacked


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return any(m.filename.startswith("xl/worksheets/") and b"<f" in package.read(m)
                   for m in package.infolist())


def _uncached_formulas(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """Formula cells of each sheet (by title); the ones with no saved value are warned about."""
    found: dict[str, set[tuple[int, int]]] = {}
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()
            found[sheet.title] = {(c.row, c.column) for r in sheet.iter_rows() for c in r
                                  if getattr(c, "data_type", None) == "f"}
    finally:
        workbook.close()
    return found


def _workbook_blocks(workbook: Any, source: str, full: bool,
                     uncached: dict[str, set[tuple[int, int]]],
                     warnings: list[str]) -> Iterator[Block]:
    colours = Colours(workbook)
    first = True
    read = 0
    for n, name in enumerate(workbook.sheetnames, start=1):
        sheet = workbook[name]
        where = f"table {n} (sheet '{name}')"
        if not hasattr(sheet, "iter_rows"):
            warnings.append(f"{where}: chart sheet, not read")
            continue
        if sheet.sheet_state != "visible":
            warnings.append(f"{where}: hidden sheet, not read")
            continue
        read += 1
        rows = _sheet_rows(sheet, n, source, full, colours, uncached.get(name, set()), warnings)
        heading = match_heading(name)
        label = Paragraph(name.strip(), Location(table_index=n, row_index=0))
        if (_DEFAULT_NAME.match(name.strip()) or (first and heading is None
                                                  and not is_completed_marker(name))
                or (heading is not None and _prints_heading(rows, heading.theme_id))):
            yield from grid_blocks(rows)
        elif first:
            yield from _before_first_table(grid_blocks(rows), label)
        else:
            yield label
            yield from grid_blocks(rows)
        first = False
        yield Paragraph("", Location(table_index=n))  # a sheet ends like a page: the title
        yield Paragraph("", Location(table_index=n))  # block does not run on into the next
    if not read:
        raise DocumentError(source, "no visible worksheet to read (hidden sheets are not read)")


def _prints_heading(rows: list[GridRow], theme_id: str) -> bool:
    """True when the sheet writes its theme's heading itself ("Priority 1 – Strategic vision"
    on a sheet named "Priority 1"): the name would only repeat it."""
    for row in rows:
        texts = {" ".join(c.text.split()) for c in row.cells if c.text.strip()}
        if len(texts) == 1:
            found = match_heading(texts.pop())
            if found is not None and found.theme_id == theme_id:
                return True
    return False


def _before_first_table(blocks: Iterable[Block], label: Paragraph) -> Iterator[Block]:
    """The first sheet's heading name after its title rows (two gaps end the title block)."""
    placed = False
    text_before = False
    for block in blocks:
        if not placed and isinstance(block, TableBlock):
            if text_before:
                yield Paragraph("", label.location)
                yield Paragraph("", label.location)
            yield label
            placed = True
        text_before = text_before or (isinstance(block, Paragraph) and bool(block.text))
        yield block
    if not placed:
        yield label


def _sheet_rows(sheet: Any, n: int, source: str, full: bool, colours: Colours,
                formulas: set[tuple[int, int]], warnings: list[str]) -> list[GridRow]:
    name = sheet.title
    where = f"table {n} (sheet '{name}')"
    grid: dict[int, dict[int, Cell]] = {}
    numbers: dict[tuple[int, int], float] = {}  # General-format decimals (id loss check)
    last_row = last_col = 0
    for cell in _cells(sheet, full):
        text = display(cell.value, cell.number_format)
        fill = colours.fill(cell)
        if not text and fill is None:
            continue
        r, c = cell.row, cell.column
        if text:
            last_row, last_col = max(last_row, r), max(last_col, c)
            if isinstance(cell.value, float) and not cell.value.is_integer() and (
                    cell.number_format == "General"):
                numbers[(r, c)] = cell.value
        grid.setdefault(r, {})[c] = Cell(text, fill)
    if last_row > MAX_ROWS or last_col > MAX_COLUMNS:
        raise DocumentError(source, f"sheet '{name}' has values down to row {last_row} and "
                            f"across to column {get_column_letter(last_col)}, beyond the "
                            f"{MAX_ROWS} rows and {MAX_COLUMNS} columns a sheet is read with")
    if full:
        _merge(sheet, grid)
        warnings.extend(_sheet_notes(sheet, where, grid, last_row, last_col, formulas))
    warnings.extend(_number_id_loss(numbers, where))
    rows = []
    for r in range(1, last_row + 1):
        cells = grid.get(r, {})
        width = max((c for c in cells if c <= last_col), default=0)
        rows.append(GridRow(Location(table_index=n, row_index=r),
                            tuple(cells.get(c, Cell("")) for c in range(1, width + 1))))
    return rows


def _cells(sheet: Any, full: bool) -> Iterable[Any]:
    """The sheet's stored cells only (never the dense rectangle a stray styled cell implies)."""
    if full:
        return (c for c in sheet._cells.values() if not isinstance(c, MergedCell))
    sheet.reset_dimensions()  # read-only: trust the cells, not the stated dimension
    return (c for r in sheet.iter_rows() for c in r if getattr(c, "row", None) is not None)


def _merge(sheet: Any, grid: dict[int, dict[int, Cell]]) -> None:
    """Header labels merged across columns label each column; other merges stay at their
    first cell (a merge down the rows gives its text once, as in Word)."""
    across: dict[int, list[tuple[int, int]]] = {}
    for rng in sheet.merged_cells.ranges:
        if rng.max_col > rng.min_col:
            across.setdefault(rng.min_row, []).append((rng.min_col, rng.max_col))
    header_above = False
    for r in sorted(grid):
        texts = [grid[r].get(c, Cell("")).text for c in range(1, max(grid[r]) + 1)]
        header = is_header_row(texts) or (header_above and is_header_continuation(texts))
        if header:
            for lo, hi in across.get(r, []):
                label = grid[r].get(lo, Cell("")).text
                for c in range(lo + 1, hi + 1):
                    if label and not grid[r].get(c, Cell("")).text:
                        grid[r][c] = Cell(label)
        header_above = header


def _sheet_notes(sheet: Any, where: str, grid: dict[int, dict[int, Cell]], last_row: int,
                 last_col: int, formulas: set[tuple[int, int]]) -> list[str]:
    """What Excel shows or holds that the blocks do not: said once per sheet."""
    notes: list[str] = []
    hidden_rows = [r for r, d in sheet.row_dimensions.items()
                   if d.hidden and r in grid and r <= last_row]
    if hidden_rows:
        notes.append(f"{where}: rows {_spans(hidden_rows)} are hidden in Excel; read anyway")
    hidden_cols = sorted({c for d in sheet.column_dimensions.values() if d.hidden
                          for c in range(d.min or 0, (d.max or 0) + 1)
                          if 0 < c <= last_col and any(c in row for row in grid.values())})
    if hidden_cols:
        letters = ", ".join(get_column_letter(c) for c in hidden_cols)
        notes.append(f"{where}: columns {letters} are hidden in Excel; read anyway")
    comments = [c.coordinate for c in sheet._cells.values()
                if not isinstance(c, MergedCell) and c.comment is not None]
    if comments:
        notes.append(f"{where}: {len(comments)} cell comment(s) not read "
                     f"(first at {sorted(comments)[0]})")
    coloured = [str(cf.sqref) for cf in sheet.conditional_formatting
                if any(rule.dxf is not None and rule.dxf.fill is not None for rule in cf.rules)]
    if coloured:
        notes.append(f"{where}: conditional formatting colours {', '.join(coloured)}; those "
                     "colours are not read, only the cells' own text and shading")
    empty = sorted((r, c) for r, c in formulas if not grid.get(r, {}).get(c, Cell("")).text)
    if empty:
        first = f"{get_column_letter(empty[0][1])}{empty[0][0]}"
        notes.append(f"{where}: {len(empty)} formula cell(s) have no saved value (the workbook "
                     f"was not recalculated by Excel) and read as empty (first at {first})")
    return notes


def _number_id_loss(numbers: dict[tuple[int, int], float], where: str) -> list[str]:
    """A decimal that repeats an earlier one in its column after a larger one with the same
    whole part (1.9, then 1.1 again) is how Excel stores an id typed as 1.10."""
    notes = []
    by_col: dict[int, list[tuple[int, float]]] = {}
    for (r, c), v in sorted(numbers.items()):
        by_col.setdefault(c, []).append((r, v))
    for c, values in sorted(by_col.items()):
        for k in range(1, len(values)):
            r, v = values[k]
            prev = values[k - 1][1]
            earlier = [row for row, x in values[:k] if x == v]
            if earlier and int(prev) == int(v) and prev > v:
                notes.append(
                    f"{where} row {r}: {general(v)} in column {get_column_letter(c)} is a "
                    f"number repeating row {earlier[0]}'s after {general(prev)}; Excel stores "
                    f"a number typed as {general(v)}0 as {general(v)}, so it may be wrong "
                    "(store numbers as text)")
    return notes


def _spans(numbers: list[int]) -> str:
    numbers = sorted(numbers)
    parts: list[str] = []
    start = prev = numbers[0]
    for x in [*numbers[1:], None]:
        if x is not None and x == prev + 1:
            prev = x
            continue
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
        if x is not None:
            start = prev = x
    return ", ".join(parts)
