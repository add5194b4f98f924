"""Reader for delimited text (.csv, .tsv): an Excel tracker saved as CSV.

The delimiter is sniffed (comma, semicolon as continental Excel writes it, tab), the bytes are
decoded as text renditions are (UTF-8 with or without BOM, else Windows-1252; UTF-16 as Excel's
"Unicode text" export), and each record is one row however many lines its quoted cells span.
Excel pads every record to the sheet's width, so a record is told apart as a sheet row is
(`grid.grid_blocks`): title lines, theme headings and tables. Locations are the line numbers of
a record's first and last line.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from pathlib import Path

from .cells import clean_cell
from .errors import DocumentError
from .grid import GridRow, grid_blocks
from .hints import LayoutHints
from .layout import assemble
from .model import Cell, ExtractedDocument, Location
from .text import decode

MAX_RECORDS = 100_000
MAX_FIELDS = 200
DELIMITERS = (",", ";", "\t")  # in order of preference when the evidence is equal
_SNIFF_RECORDS = 200


def read_csv(path: str | Path, hints: LayoutHints | None = None) -> ExtractedDocument:
    """Read one CSV file. Stateless; every failure is a DocumentError naming the reason."""
    path = Path(path)
    data = path.read_bytes()
    source = str(path)
    if not data.strip():
        raise DocumentError(source, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        text = decode(data, source)
    delimiter = sniff_delimiter(text)
    rows = list(_records(text, delimiter, source))
    return assemble(grid_blocks(rows), source_path=source, source_format="csv",
                    sha256=hashlib.sha256(data).hexdigest(), hints=hints)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records most consistently into two or more fields.

    Each candidate is scored by how many records have its most common field count (when that
    count is at least two); a quoted cell holding commas or semicolons does not mislead it, as
    the records are parsed with quoting, not split.
    """
    best, best_score = DELIMITERS[0], -1
    for delimiter in DELIMITERS:
        counts: Counter[int] = Counter()
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            for k, record in enumerate(reader):
                if k >= _SNIFF_RECORDS:
                    break
                if len(record) >= 2:
                    counts[len(record)] += 1
        except csv.Error:
            continue
        score = counts.most_common(1)[0][1] if counts else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _records(text: str, delimiter: str, source: str):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    first_line = 1
    try:
        for k, record in enumerate(reader, start=1):
            last_line = reader.line_num
            if k > MAX_RECORDS:
                raise DocumentError(source, f"more than {MAX_RECORDS} records, beyond what a "
                                    "plan is read with")
            if len(record) > MAX_FIELDS and any(f.strip() for f in record[MAX_FIELDS:]):
                raise DocumentError(source, f"line {first_line}: {len(record)} fields, beyond "
                                    f"the {MAX_FIELDS} a plan is read with")
            cells = tuple(Cell(clean_cell(f)) for f in record[:MAX_FIELDS])
            yield GridRow(Location(line_start=first_line, line_end=last_line), cells)
            first_line = last_line + 1
    except csv.Error as exc:
        raise DocumentError(source, f"malformed CSV near line {reader.line_num}: {exc}") from exc
