"""Reader for text renditions: tab-separated or Markdown pipe table rows, HTML fragments in
cells, page breaks.

It only decodes the file and turns its lines into blocks — a paragraph per line, a table block
per run of tab-separated lines — and hands them to `layout.assemble`, the one assembly step
every format shares (headings, theme metadata, header rows, RAG key, title, warnings).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .cells import clean_cell
from .errors import DocumentError
from .hints import LayoutHints
from .layout import Block, Paragraph, TableBlock, assemble
from .model import Cell, ExtractedDocument, Location, Row
from .positioned import blocks_of_pages
from .text_layout import is_layout_export, layout_pages

# A ruling line between a header and its rows ("---\t---", "=====", "|--|--|"): not content.
_SEPARATOR = re.compile(r"^[\s\-=_|+:]*$")


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read in and what was doubtful about it."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes, path: str) -> str:
    """Text of a rendition (see `decode_text`); its warnings are dropped."""
    return decode_text(data, path).text


def decode_text(data: bytes, path: str) -> Decoded:
    """Text of a rendition in whichever encoding Windows tools save plans in.

    A byte-order mark decides: UTF-8, UTF-16 LE/BE (Notepad's "Unicode"), UTF-32. Without one:
    UTF-16 when every other byte of the start is NUL (a BOM-less export), else UTF-8; a file
    that is UTF-8 but for a few bad bytes (a stray Windows-1252 quote pasted in) is read as
    UTF-8 with those bytes replaced by U+FFFD, and one warning names their offsets; a file with
    no valid multi-byte UTF-8 at all is Windows-1252, as Word's "Plain Text" saves it.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict_or_replace(data[len(bom):], encoding, path)
    sample = data[:4096]
    if b"\x00" in sample:
        guess = _utf16_without_bom(sample)
        if guess is None:
            raise DocumentError(path, "binary file, not a text rendition")
        return _decode_strict_or_replace(data, guess, path)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text, bad = _decode_recording(data, "utf-8")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - len(bad)
    if multibyte >= len(bad):
        return Decoded(text, "utf-8", (_bad_bytes_warning("UTF-8", bad),))
    text, cp1252_bad = _decode_recording(data, "cp1252")
    warnings = []
    if multibyte:
        warnings.append(f"read as Windows-1252: {multibyte} valid UTF-8 character(s) among "
                        f"{len(bad)} byte(s) that are not UTF-8; those characters may be garbled")
    if cp1252_bad:
        warnings.append(_bad_bytes_warning("Windows-1252", cp1252_bad))
    return Decoded(text, "cp1252", tuple(warnings))


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_MAX_OFFSETS = 10


def _utf16_without_bom(sample: bytes) -> str | None:
    """utf-16-le / -be when NULs fill the odd / even bytes of mostly-ASCII text, else None."""
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 4:
        return None
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode_strict_or_replace(data: bytes, encoding: str, path: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        text, bad = _decode_recording(data, encoding)
        return Decoded(text, encoding, (_bad_bytes_warning(encoding.upper(), bad),))


_seen = threading.local()


def _record(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _seen.offsets.append(exc.start)
    return "\ufffd", exc.end


codecs.register_error("actionplans-record", _record)


def _decode_recording(data: bytes, encoding: str) -> tuple[str, list[int]]:
    """Text with bad bytes replaced by U+FFFD, and the byte offset of each bad sequence."""
    _seen.offsets = []
    try:
        return data.decode(encoding, "actionplans-record"), _seen.offsets
    finally:
        del _seen.offsets


def _bad_bytes_warning(encoding: str, offsets: list[int]) -> str:
    shown = ", ".join(str(o) for o in offsets[:_MAX_OFFSETS])
    more = f" and {len(offsets) - _MAX_OFFSETS} more" if len(offsets) > _MAX_OFFSETS else ""
    return (f"text: {len(offsets)} byte sequence(s) not valid {encoding}, replaced with "
            f"U+FFFD, at byte offset(s) {shown}{more}")


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
    decoded = decode_text(data, source_path)
    text = decoded.text
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if is_layout_export(lines):  # columns laid out with spaces: read by position
        found = blocks_of_pages(layout_pages("\n".join(lines)))
    else:
        found = list(blocks(lines))
    doc = assemble(
        found,
        source_path=source_path,
        source_format="text",
        sha256=hashlib.sha256(data).hexdigest(),
        full_text=text,
        hints=hints,
    )
    if decoded.warnings:
        doc = replace(doc, warnings=(*decoded.warnings, *doc.warnings))
    return doc


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
