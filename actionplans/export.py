"""The dataset as one Excel workbook (a sheet per table) or as CSV files (one per table).

For people who open data in Excel: headers bold and frozen, RAG cells filled with their colour,
dates as real Excel dates, timezone-aware datetimes as naive UTC (Excel has no time zones, and
openpyxl refuses aware ones), lists and structs as readable text ("a; b"). Tables are read
through the same DuckDB views as `actionplans query`, so both show the same rows.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from actionplans.query import LATEST_VIEW, as_text, connect, relations, to_csv
from actionplans.schemas.tables import RAG_VALUES, TABLES

FORMATS = ("xlsx", "csv")
DEFAULT_TARGETS = {"xlsx": "actionplans.xlsx", "csv": "actionplans-csv"}
#: Fill and font colour of each RAG value in Excel.
RAG_FILLS = {
    "BLUE": ("0070C0", "FFFFFF"),
    "GREEN": ("00B050", "000000"),
    "AMBER": ("FFC000", "000000"),
    "RED": ("FF0000", "FFFFFF"),
}
MAX_WIDTH = 60
EXCEL_MAX_CHARS = 32767


class ExportError(Exception):
    """An export that cannot be written; the message names the path and the reason."""

    exit_code = 1


def _tables(out: str | Path) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """(name, columns, rows) of every table of the dataset, dataset tables first."""
    con = connect(out)
    try:
        names = [n for n in relations(con) if n != LATEST_VIEW]
        names.sort(key=lambda n: (list(TABLES).index(n) if n in TABLES else len(TABLES), n))
        found = []
        for name in names:
            cursor = con.execute(f'SELECT * FROM "{name}"')
            columns = [d[0] for d in cursor.description]
            found.append((name, columns, cursor.fetchall()))
        return found
    finally:
        con.close()


def _naive_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _is_rag_column(name: str) -> bool:
    return (name == "rag" or name.startswith("rag_")) and not name.endswith("_raw")


def _writable(target: Path, *, folder: bool) -> None:
    """ExportError unless `target` can be created or replaced as a file (or folder)."""
    if folder and target.exists() and not target.is_dir():
        raise ExportError(f"cannot write CSV files to {target}: it is a file, not a folder")
    if not folder and target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder")
    parent = target if folder else target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    if not os.access(parent, os.W_OK):
        raise ExportError(f"cannot write {target}: {parent} is not writable")


def _replace(tmp: Path, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None


def _column_width(name: str, values: Sequence[str]) -> float:
    longest = max([len(name), *(max((len(p) for p in v.split("\n")), default=0)
                               for v in values[:500])])  # fmt: skip
    return float(min(MAX_WIDTH, max(8, longest + 2)))


def write_xlsx(out: str | Path, target: str | Path) -> Path:
    """The workbook at `target` (replaced atomically); returns its path."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    target = Path(target)
    tables = _tables(out)
    _writable(target, folder=False)
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    fills = {k: (PatternFill("solid", fgColor=f), Font(color=c)) for k, (f, c) in RAG_FILLS.items()}
    for name, columns, rows in tables:
        sheet = workbook.create_sheet(title=name[:31])
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = bold
        rag_columns = {i for i, c in enumerate(columns) if _is_rag_column(c)}
        shown: list[list[str]] = [[] for _ in columns]
        for r, row in enumerate(rows, start=2):
            for i, value in enumerate(row):
                cell = sheet.cell(row=r, column=i + 1)
                if isinstance(value, dt.datetime):
                    cell.value = _naive_utc(value)
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
                elif isinstance(value, dt.date):
                    cell.value = value
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, bool | int | float) or value is None:
                    cell.value = value
                else:
                    text = ILLEGAL_CHARACTERS_RE.sub("", as_text(value))[:EXCEL_MAX_CHARS]
                    cell.value = text
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                    if i in rag_columns and text in RAG_VALUES:
                        cell.fill, cell.font = fills[text]
                shown[i].append(as_text(value))
        for i, name_ in enumerate(columns):
            sheet.column_dimensions[get_column_letter(i + 1)].width = _column_width(
                name_, shown[i]
            )
        sheet.freeze_panes = "A2"
        if columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        workbook.save(tmp)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    _replace(tmp, target)
    return target


def write_csv(out: str | Path, target: str | Path) -> list[Path]:
    """One `<table>.csv` per table in the folder `target`; returns the files written."""
    target = Path(target)
    tables = _tables(out)
    _writable(target, folder=True)
    written = []
    for name, columns, rows in tables:
        path = target / f"{name}.csv"
        tmp = target / f".{name}.csv.tmp"
        try:
            tmp.write_text(to_csv(columns, rows), encoding="utf-8", newline="")
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
        _replace(tmp, path)
        written.append(path)
    return written


def export(out: str | Path, fmt: str, target: str | Path | None = None) -> list[Path]:
    """Write the dataset at `out` as `fmt` (xlsx or csv) to `target` (or the default name)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
    path = Path(target or DEFAULT_TARGETS[fmt])
    if fmt == "xlsx":
        return [write_xlsx(out, path)]
    return write_csv(out, path)
