"""Reader for PDF plans (pdfplumber), as councils export them from Word: the entry point and
ruled tables.

Ruled tables are found per page from their lines; a table running over several pages arrives
as one block per page and `layout.assemble` joins them, dropping the repeated header; a row cut
by the page break arrives as a row with an empty number cell, which the mapping step joins to
the action above, or is rejoined here when its cells plainly run on. Cell text is rebuilt from
word positions (pdf_lines); shading comes from filled rectangles under the cell (pdf_fills).
Text outside tables gives headings and the title. Tables without ruling (borderless Word
tables, board papers) are read from word positions across the whole document (pdf_unruled), so
one layout serves a table over all its pages. Shading alone is not ruling. Running headers,
footers and page numbers are dropped first (pdf_furniture), so they neither split a table from
its continuation nor join the title.

Locations are 1-based page numbers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from .errors import DocumentError
from .headers import is_header_row
from .hints import LayoutHints
from .layout import Block, TableBlock, assemble
from .model import Cell, ExtractedDocument, Location, Row
from .pdf_fills import fill_of, filled_rects
from .pdf_lines import (
    Line,
    PageText,
    boxes_overlap,
    cell_text,
    centre_in,
    line_gap,
    to_lines,
)
from .pdf_objects import page_objects
from .pdf_pages import scan_pages
from .positioned import blocks_of_pages


def read_pdf(path: str | Path, hints: LayoutHints | None = None) -> ExtractedDocument:
    """Read one PDF plan. Stateless; every failure is a DocumentError naming the reason."""
    path = Path(path)
    data = path.read_bytes()
    source = str(path)
    if not data.strip():
        raise DocumentError(source, "file is empty")
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise DocumentError(source, "not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(source, "truncated PDF: the end-of-file marker is missing "
                            "(incomplete download or copy)")
    try:
        with pdfplumber.open(path) as pdf:
            blocks, chars, images = _read_pages(str(path), pdf)
            page_count = len(pdf.pages)
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError, PDFSyntaxError,
            PSException, ValueError, KeyError, TypeError) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise DocumentError(source, "encrypted PDF: a password is needed to open it") from exc
        detail = f"{type(cause).__name__}: {cause}" if isinstance(cause, Exception) else cause
        raise DocumentError(source, f"damaged PDF, cannot be parsed ({detail})") from exc
    if chars == 0:
        what = f"{images} image(s)" if images else "no text"
        raise DocumentError(source, f"no text layer ({what} on {page_count} page(s)): a scanned or "
                            "image-only PDF; OCR is needed before it can be read")
    return assemble(blocks, source_path=source, source_format="pdf",
                    sha256=hashlib.sha256(data).hexdigest(), page_count=page_count,
                    hints=hints)


@dataclass
class _PageScan:
    """One page as `_scan` reads it, with nothing keyed by `id()`: it may cross a process
    boundary (pdf_pages), where identities survive a pickle but ids do not."""

    text: PageText | None  # None: a page without text
    chars: int
    images: int
    runs_on: list[tuple[Block, tuple[bool, ...]]]  # a table block -> its last row runs on
    lone: list[tuple[Block, list[Line]]]  # PageText.lone_headers by block


def _scan(pdf: Any, numbers: Sequence[int]) -> list[_PageScan]:
    """Each page on its own: objects, words, ruled tables and fills; then its objects are
    dropped, so memory stays flat per page."""
    out = []
    for number in numbers:
        page = pdf.pages[number - 1]
        page_objects(page)  # pdfplumber's page objects, built faster (pdf_objects)
        full: dict[int, tuple[bool, ...]] = {}
        text = _page_text(page, number, full) if page.chars else None
        blocks = [block for _, block in text.ruled] + [b for _, b, _ in text.shaded] \
            if text else []
        out.append(_PageScan(
            text, len(page.chars), len(page.images),
            [(b, full[id(b)]) for b in blocks if id(b) in full],
            [(b, text.lone_headers[id(b)]) for b in blocks if text and id(b) in text.lone_headers],
        ))
        page.close()
    return out


def _read_pages(path: str, pdf: Any) -> tuple[list[Block], int, int]:
    """Blocks of every page in reading order. Ruled tables are read page by page (in two
    processes for a long document: pdf_pages); running headers and footers and tables without
    ruling are found across the whole document."""
    pages: list[PageText] = []
    chars = images = 0
    full: dict[int, tuple[bool, ...]] = {}  # id(table block) -> its last row's cells run on
    for scanned in scan_pages(path, pdf, _scan):
        chars += scanned.chars
        images += scanned.images
        full.update((id(block), runs_on) for block, runs_on in scanned.runs_on)
        if scanned.text is not None:
            scanned.text.lone_headers = {id(block): lines for block, lines in scanned.lone}
            pages.append(scanned.text)
    return blocks_of_pages(pages, full), chars, images


def _page_text(page: Any, number: int, full: dict[int, tuple[bool, ...]]) -> PageText:
    words = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)
    # A page without lines, rectangles or curves has no table to find (text-only pages skip
    # the finder); pdfplumber's Table.rows is computed afresh on every access: once here.
    objects = page.objects
    ruling = any(objects.get(kind) for kind in ("line", "rect", "curve"))
    found = [(t, t.rows) for t in page.find_tables()] if ruling else []
    tables = [(t, rows) for t, rows in found if rows and max(len(r.cells) for r in rows) >= 2]
    rules = _rules(page) if tables else []
    fills = filled_rects(page)
    ruled: list[tuple[float, Block]] = []
    shaded: list[tuple[float, Block, tuple[float, float, float, float]]] = []
    lone: dict[int, list[Line]] = {}
    outside = list(words)
    for table, table_rows in tables:
        bbox = table.bbox  # a property computed from every cell: read once
        _x0, top, _x1, _bottom = bbox
        inside = [w for w in words if centre_in(w, bbox)]
        block, runs_on = _table_block(table_rows, inside, fills, number)
        full[id(block)] = runs_on
        if not any(boxes_overlap(r, bbox) for r in rules):
            shaded.append((top, block, bbox))  # its words stay on the page's lines
            continue
        outside = [w for w in outside if not centre_in(w, bbox)]
        ruled.append((top, block))
        if len(block.rows) == 1 and is_header_row([c.text for c in block.rows[0].cells]):
            lone[id(block)] = to_lines(inside)
    lines = to_lines(outside)
    extent = (min((ln.x0 for ln in lines), default=0.0), max((ln.x1 for ln in lines), default=0.0))
    return PageText(number, page.width, page.height, ruled, lines, fills, extent, lone, shaded)


def _rules(page: Any) -> list[tuple[float, float, float, float]]:
    """Boxes of what draws ruling: lines, curves, stroked rectangles and thin filled ones (Word
    draws borders so). Shading alone is not ruling: a borderless table whose RAG or header cells
    are shaded gives find_tables a grid of fills, and is read as the unruled table it is."""
    objects = [*page.lines, *page.curves,
               *(r for r in page.rects if r.get("stroke") or min(r["width"], r["height"]) <= 2)]
    return [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in objects]


def _table_block(table_rows: list[Any], words: list[dict[str, Any]], fills: list, page: int
                 ) -> tuple[TableBlock, tuple[bool, ...]]:
    """The table's rows, and for its last row which cells run to the bottom edge."""
    slots: dict[tuple[float, float, float, float], list[dict[str, Any]]] = {}
    boxes = [tuple(c) for r in table_rows for c in r.cells if c is not None]
    for word in words:
        for box in boxes:
            if centre_in(word, box):
                slots.setdefault(box, []).append(word)
                break
    lines_of = {box: to_lines(ws) for box, ws in slots.items()}
    gap = line_gap(list(lines_of.values()))
    rows: list[Row] = []
    for r in table_rows:
        cells: list[Cell] = []
        for box in r.cells:
            if box is None:
                cells.append(Cell(""))
                continue
            box = tuple(box)
            lines = lines_of.get(box, [])
            pad = (lines[0].x0 - box[0]) if lines else 0.0
            text = cell_text(lines, box[2] - max(pad, 0.0), gap)
            cells.append(Cell(text, fill_of(box, fills)))
        rows.append(Row(tuple(cells), Location(page_start=page, page_end=page)))
    runs_on: list[bool] = []
    if table_rows:
        for box in table_rows[-1].cells:
            lines = lines_of.get(tuple(box), []) if box is not None else []
            height = (lines[-1].bottom - lines[-1].top) if lines else 0.0
            runs_on.append(box is None or (bool(lines) and box[3] - lines[-1].bottom
                                           < 1.5 * height + gap))
    return TableBlock(tuple(rows), Location(page_start=page, page_end=page)), tuple(runs_on)
