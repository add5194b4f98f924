"""Reader for text renditions: tab-separated or Markdown pipe table rows, HTML fragments in
cells, page breaks.

It only decodes the file and turns its lines into blocks — a paragraph per line, a table block
per run of tab-separated lines — and hands them to `layout.assemble`, the one assembly step
every format shares (headings, theme metadata, header rows, RAG key, title, warnings).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from .cells import clean_cell
from .errors import DocumentError
from .hints import LayoutHints
from .layout import Block, Paragraph, TableBlock, assemble
from .model import Cell, ExtractedDocument, Location, Row

# A ruling line between a header and its rows ("---\t---", "=====", "|--|--|"): not content.
_SEPARATOR = re.compile(r"^[\s\-=_|+:]*$")


def decode(data: bytes, path: str) -> str:
    """Text of a rendition: UTF-8 (with or without BOM), else Windows-1252 as Word saves it."""
    if b"\x00" in data[:4096]:
        raise DocumentError(path, "binary file, not a text rendition")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(path, "text is neither UTF-8 nor Windows-1252")


def read_text(path: str | Path, hints: LayoutHints | None = None) -> ExtractedDocument:
    """Read one text rendition. Stateless: everything it learns is in the returned document."""
    path = Path(path)
    data = path.read_bytes()
    return read_text_bytes(data, str(path), hints)


def read_text_bytes(
    data: bytes, source_path: str, hints: LayoutHints | None = None
) -> ExtractedDocument:
    if not data.strip():
        raise DocumentError(source_path, "file is empty")
    text = decode(data, source_path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return assemble(
        blocks(lines),
        source_path=source_path,
        source_format="text",
        sha256=hashlib.sha256(data).hexdigest(),
        full_text=text,
        hints=hints,
    )


def blocks(lines: Sequence[str]) -> Iterator[Block]:
    """Blocks of a rendition's lines; locations are 1-based line numbers.

    A run of tab-separated lines is one table block, blank lines inside it included: they are
    the page breaks a table runs over, kept as `after_break` on the row that follows. Blank
    lines outside a run are gaps (they end the title).
    """
    run: list[Row] = []
    trailing: list[Paragraph] = []  # blank lines after a run, given once it is known to end
    gap = False  # a blank line since the last line with content (the last row, in a run)
    for n, line in enumerate(lines, start=1):
        location = Location(line_start=n, line_end=n)
        if not line.strip():
            gap = True
            if run:
                trailing.append(Paragraph("", location))
            else:
                yield Paragraph("", location)
            continue
        if _SEPARATOR.match(line):
            continue
        raw_cells = _split_row(line)
        if raw_cells is not None:
            cells = tuple(Cell(clean_cell(c)) for c in raw_cells)
            run.append(Row(cells, location, after_break=gap and bool(run)))
            trailing, gap = [], False
            continue
        if run:
            yield _table(run)
            yield from trailing
            run, trailing = [], []
        yield Paragraph(line, location)
        gap = False
    if run:
        yield _table(run)
        yield from trailing


def _split_row(line: str) -> list[str] | None:
    """Cells of a table line: tab-separated, or a Markdown pipe row ("| 1.1 | Agree … |") as
    document converters write them; None for a line that is not a table row."""
    if "\t" in line:
        return line.split("\t")
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        inner = stripped[1:-1]
        return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", inner)]
    return None


def _table(rows: list[Row]) -> TableBlock:
    return TableBlock(tuple(rows), rows[0].location.span(rows[-1].location))
