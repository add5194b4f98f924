"""Reader for PDF plans (pdfplumber), as councils export them from Word.

Ruled tables are found per page from their lines; a table running over several pages arrives
as one block per page and `layout.assemble` joins them, dropping the repeated header; a row cut
by the page break arrives as a row with an empty number cell, which the mapping step joins to
the action above. Cell text is rebuilt from word positions: wrapped lines of a paragraph are
joined, while a line that ends short of the cell edge (the next word would have fitted) or a
wider gap starts a new paragraph, so owners listed one per paragraph stay separable. Shading
comes from filled rectangles under the cell. Text outside tables gives headings and the title.
Pages without ruling fall back to word positions: columns from the x positions of the header
words, rows from the number column and vertical gaps.

Locations are 1-based page numbers.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from .cells import join_wrapped
from .celltypes import parse_action_id
from .errors import DocumentError
from .headers import is_header_continuation, is_header_row, role_of
from .hints import LayoutHints
from .layout import Block, Paragraph, TableBlock, assemble, split_header
from .model import Cell, ExtractedDocument, Location, Row

_NUMBER_HEAD = re.compile(r"(?:^|\s)\d{1,2}(?:\.\d{1,2})*\.$")
_BULLETS = ("•", "▪", "◦", "●", "■", "-", "–", "o ")


@dataclass(frozen=True)
class _Line:
    words: tuple[dict[str, Any], ...]
    top: float
    bottom: float
    x0: float
    x1: float

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    @property
    def size(self) -> float:
        return round(statistics.median(w.get("size", 0.0) for w in self.words), 1)

    @property
    def bold(self) -> bool:
        return all("bold" in str(w.get("fontname", "")).lower() for w in self.words)


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
            blocks, chars, images = _read_pages(pdf)
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


def _read_pages(pdf: Any) -> tuple[list[Block], int, int]:
    blocks: list[Block] = []
    chars = images = 0
    full: dict[int, tuple[bool, ...]] = {}  # id(table block) -> its last row's cells run on
    for number, page in enumerate(pdf.pages, start=1):
        chars += len(page.chars)
        images += len(page.images)
        if not page.chars:
            continue
        page_blocks = _page_blocks(page, number, full)
        if blocks and page_blocks and isinstance(blocks[-1], TableBlock) and \
                isinstance(page_blocks[0], TableBlock):
            blocks[-1], page_blocks[0] = _rejoin_cut_row(blocks[-1], page_blocks[0],
                                                         full.get(id(blocks[-1]), ()))
        blocks.extend(page_blocks)
    return blocks, chars, images


def _rejoin_cut_row(before: TableBlock, after: TableBlock, full: tuple[bool, ...]
                    ) -> tuple[TableBlock, TableBlock]:
    """Join the part of a row that the page break pushed onto the next page back to it.

    The first data row after the page break (below a repeated header) is the rest of a cut
    row when every cell it fills continues a cell of the last row that runs to the bottom of
    the page; a per-organisation sub-row starting on the new page fills cells (officer, dates)
    that ended well above the bottom, so it stays a row of its own.
    """
    header, data = split_header(after.rows, after.header_rows)
    if not data or not before.rows or len(data[0].cells) != len(before.rows[-1].cells):
        return before, after
    last, first = before.rows[-1], data[0]
    filled = [i for i, c in enumerate(first.cells) if c.text.strip()]
    if not filled or not all(i < len(full) and full[i] for i in filled):
        return before, after
    cells = tuple(
        Cell(join_wrapped(a.text, b.text), a.fill or b.fill)
        for a, b in zip(last.cells, first.cells, strict=True)
    )
    where = last.location.span(first.location).describe()
    note = f"{where}: row cut by a page break rejoined from its parts on both pages"
    joined = Row(cells, last.location.span(first.location), last.after_break,
                 (*last.notes, note))
    return (
        TableBlock((*before.rows[:-1], joined), before.location, before.header_rows),
        TableBlock((*header, *data[1:]), after.location, after.header_rows),
    )


def _page_blocks(page: Any, number: int, full: dict[int, tuple[bool, ...]]) -> list[Block]:
    words = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)
    tables = [t for t in page.find_tables() if t.rows and max(len(r.cells) for r in t.rows) >= 2]
    fills = _filled_rects(page)
    items: list[tuple[float, Block]] = []
    outside = list(words)
    for table in tables:
        _x0, top, _x1, _bottom = table.bbox
        inside = [w for w in words if _centre_in(w, table.bbox)]
        outside = [w for w in outside if not _centre_in(w, table.bbox)]
        block, runs_on = _table_block(table, inside, fills, number)
        full[id(block)] = runs_on
        items.append((top, block))
    lines = _lines(outside)
    word_tables, lines = _unruled_tables(lines, number, page.width, fills)
    items.extend(word_tables)
    items.extend(_paragraphs(lines, number, page.width))
    items.sort(key=lambda item: item[0])
    return [block for _, block in items]


def _centre_in(word: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


# --- lines and paragraphs -------------------------------------------------------------------


def _lines(words: list[dict[str, Any]], tolerance: float = 2.0) -> list[_Line]:
    """Words grouped into lines by their top, left to right."""
    out: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        for line in out:
            if abs(line[0]["top"] - word["top"]) <= tolerance:
                line.append(word)
                break
        else:
            out.append([word])
    lines = []
    for ws in out:
        ws.sort(key=lambda w: w["x0"])
        lines.append(_Line(tuple(ws), min(w["top"] for w in ws), max(w["bottom"] for w in ws),
                           min(w["x0"] for w in ws), max(w["x1"] for w in ws)))
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def _breaks_paragraph(prev: _Line, line: _Line, right: float, gap: float) -> bool:
    """True when `line` starts a new paragraph rather than continuing a wrapped one: a wider
    gap than between wrapped lines (`gap`), a bullet, or room left for the next word."""
    if line.top - prev.bottom > gap + 1.0:
        return True
    first = line.words[0]
    if first["text"].startswith(_BULLETS[:5]):
        return True
    space = (prev.words[-1].get("size") or 8.0) * 0.28
    return prev.x1 + space + (first["x1"] - first["x0"]) < right - 1.0


def _forced_break(prev: _Line, line: _Line, right: float) -> bool:
    """A word wider than its column, broken mid-word: the line holds one word filling it and
    the next line goes on in lower case ("Commissionin" + "g, CCG")."""
    word = prev.words[-1]
    fills = word["x1"] >= right - 1.0
    return len(prev.words) == 1 and fills and line.text[:1].islower()


def _line_gap(cells: list[list[_Line]]) -> float:
    """The usual gap between wrapped lines of a table's cells (most line pairs are wraps)."""
    gaps = sorted(b.top - a.bottom for lines in cells for a, b in itertools.pairwise(lines))
    return gaps[len(gaps) // 4] if gaps else 1.5


def _cell_text(lines: list[_Line], right: float, gap: float) -> str:
    """Paragraphs of a cell: wrapped lines joined, paragraph breaks kept as newlines."""
    if not lines:
        return ""
    paragraphs = [lines[0].text]
    for prev, line in itertools.pairwise(lines):
        if _breaks_paragraph(prev, line, right, gap):
            paragraphs.append(line.text)
        elif (_forced_break(prev, line, right)) or (
            _NUMBER_HEAD.search(paragraphs[-1]) and line.text[:1].isdigit()
        ):
            paragraphs[-1] += line.text  # a word too wide for the column, or "6.1." + "1"
        else:
            paragraphs[-1] = join_wrapped(paragraphs[-1], line.text)
    return "\n".join(p.strip() for p in paragraphs if p.strip())


def _paragraphs(lines: list[_Line], page: int, width: float) -> list[tuple[float, Block]]:
    """Text outside tables: heading lines alone, wrapped body lines joined, big gaps marked."""
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    left = min(line.x0 for line in lines)
    out: list[tuple[float, Block]] = []
    current: list[_Line] = []

    def flush() -> None:
        if current:
            text = current[0].text
            for line in current[1:]:
                text = join_wrapped(text, line.text)
            out.append((current[0].top, Paragraph(text, Location(page_start=page, page_end=page))))
            current.clear()

    for line in lines:
        if current:
            prev = current[-1]
            height = prev.bottom - prev.top
            same_style = prev.size == line.size and prev.bold == line.bold
            wrapped = prev.x1 >= left + 0.85 * (right - left)
            if same_style and wrapped and line.top - prev.bottom <= height * 0.8:
                current.append(line)
                continue
            flush()
            if line.top - prev.bottom > 2.5 * height:
                out.append((prev.bottom, Paragraph("", Location(page_start=page, page_end=page))))
                out.append((prev.bottom, Paragraph("", Location(page_start=page, page_end=page))))
        current.append(line)
    flush()
    return out


# --- ruled tables ---------------------------------------------------------------------------


def _hex(colour: Any) -> str | None:
    """A pdfplumber colour (gray, RGB or CMYK floats) as RRGGBB; None for white or unknown."""
    if colour is None:
        return None
    if isinstance(colour, int | float):
        colour = (colour,)
    try:
        values = [float(v) for v in colour]
    except (TypeError, ValueError):
        return None
    if len(values) == 1:
        rgb = values * 3
    elif len(values) == 3:
        rgb = values
    elif len(values) == 4:
        c, m, y, k = values
        rgb = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    else:
        return None
    ints = [max(0, min(255, round(v * 255))) for v in rgb]
    if min(ints) >= 245:
        return None
    return "".join(f"{v:02X}" for v in ints)


def _filled_rects(page: Any) -> list[tuple[tuple[float, float, float, float], str]]:
    out = []
    for rect in page.rects:
        if not rect.get("fill"):
            continue
        colour = _hex(rect.get("non_stroking_color"))
        if colour and rect["width"] > 2 and rect["height"] > 2:
            out.append(((rect["x0"], rect["top"], rect["x1"], rect["bottom"]), colour))
    return out


def _fill_of(bbox: tuple[float, float, float, float],
             fills: list[tuple[tuple[float, float, float, float], str]]) -> str | None:
    x0, top, x1, bottom = bbox
    area = max((x1 - x0) * (bottom - top), 1e-6)
    for (rx0, rtop, rx1, rbottom), colour in fills:
        w = min(x1, rx1) - max(x0, rx0)
        h = min(bottom, rbottom) - max(top, rtop)
        if w > 0 and h > 0 and w * h >= 0.6 * area:
            return colour
    return None


def _table_block(table: Any, words: list[dict[str, Any]], fills: list, page: int
                 ) -> tuple[TableBlock, tuple[bool, ...]]:
    """The table's rows, and for its last row which cells run to the bottom edge."""
    slots: dict[tuple[float, float, float, float], list[dict[str, Any]]] = {}
    boxes = [tuple(c) for r in table.rows for c in r.cells if c is not None]
    for word in words:
        for box in boxes:
            if _centre_in(word, box):
                slots.setdefault(box, []).append(word)
                break
    lines_of = {box: _lines(ws) for box, ws in slots.items()}
    gap = _line_gap(list(lines_of.values()))
    rows: list[Row] = []
    for r in table.rows:
        cells: list[Cell] = []
        for box in r.cells:
            if box is None:
                cells.append(Cell(""))
                continue
            box = tuple(box)
            lines = lines_of.get(box, [])
            pad = (lines[0].x0 - box[0]) if lines else 0.0
            text = _cell_text(lines, box[2] - max(pad, 0.0), gap)
            cells.append(Cell(text, _fill_of(box, fills)))
        rows.append(Row(tuple(cells), Location(page_start=page, page_end=page)))
    runs_on: list[bool] = []
    if table.rows:
        for box in table.rows[-1].cells:
            lines = lines_of.get(tuple(box), []) if box is not None else []
            height = (lines[-1].bottom - lines[-1].top) if lines else 0.0
            runs_on.append(box is None or (bool(lines) and box[3] - lines[-1].bottom
                                           < 1.5 * height + gap))
    return TableBlock(tuple(rows), Location(page_start=page, page_end=page)), tuple(runs_on)


# --- tables without ruling ------------------------------------------------------------------


def _split_cells(line: _Line) -> list[tuple[float, str]]:
    """A line cut into (x0, text) pieces at gaps wider than two spaces."""
    pieces: list[tuple[float, list[str]]] = []
    last_x1 = None
    for word in line.words:
        gap_limit = (word.get("size") or 8.0) * 0.9
        if last_x1 is None or word["x0"] - last_x1 > gap_limit:
            pieces.append((word["x0"], [word["text"]]))
        else:
            pieces[-1][1].append(word["text"])
        last_x1 = word["x1"]
    return [(x, " ".join(ws)) for x, ws in pieces]


def _unruled_tables(lines: list[_Line], page: int, width: float, fills: list | None = None
                    ) -> tuple[list[tuple[float, Block]], list[_Line]]:
    """Tables laid out by position only: a header line of column labels, then rows below it."""
    out: list[tuple[float, Block]] = []
    rest: list[_Line] = []
    i = 0
    while i < len(lines):
        pieces = _split_cells(lines[i])
        if len(pieces) < 3 or not is_header_row([t for _, t in pieces]):
            rest.append(lines[i])
            i += 1
            continue
        starts = [x for x, _ in pieces]
        header = [[t for _, t in pieces]]
        j = i + 1
        while j < len(lines) and (
            is_header_continuation([t for _, t in _split_cells(lines[j])])
            or _wrapped_header_line(lines[j], lines[j - 1], starts)
        ):
            header.append(_assign(lines[j], starts))
            j += 1
        body: list[_Line] = []
        pitch = statistics.median([b.top - a.top for a, b in zip(lines[i:], lines[i + 1:],
                                                                  strict=False)] or [10.0])
        while j < len(lines):
            line = lines[j]
            if line.x0 < starts[0] - 20 or (body and line.top - body[-1].bottom > 4 * pitch):
                break
            if len(_split_cells(line)) == 1 and line.words[0]["x0"] < starts[1] - 2 and \
                    parse_action_id(line.text) is None and line.bold:
                break  # a heading below the table
            body.append(line)
            j += 1
        header_cells = tuple(Cell(_join_label([h[k] for h in header if k < len(h) and h[k]]))
                             for k in range(len(starts)))
        rows = [Row(header_cells, Location(page_start=page, page_end=page))]
        rows.extend(_position_rows(body, starts, page, pitch, fills or []))
        out.append((lines[i].top, TableBlock(tuple(rows), Location(page_start=page,
                                                                     page_end=page), 1)))
        i = j
    return out, rest


def _wrapped_header_line(line: _Line, above: _Line, starts: list[float]) -> bool:
    """The next line of a header whose labels wrap in narrow columns ("Recomme" / "ndation",
    "RAG" / "rating"): close below, no action number, only short pieces."""
    cells = _assign(line, starts)
    if parse_action_id(cells[0] or "") is not None:
        return False
    if line.top - above.bottom > 0.8 * (above.bottom - above.top):
        return False
    return all(len(c.split()) <= 2 for c in cells)


def _join_label(parts: list[str]) -> str:
    """Header label from its wrapped pieces: a word broken mid-way is glued back when only the
    glued form names a column ("Recomme" + "ndation" -> "Recommendation")."""
    label = ""
    for part in parts:
        if not label:
            label = part
            continue
        spaced, glued = f"{label} {part}", f"{label}{part}"
        broken_word = part[:1].islower() and role_of(glued) and not role_of(spaced)
        label = glued if broken_word else spaced
    return label


def _assign(line: _Line, starts: list[float]) -> list[str]:
    cells = [""] * len(starts)
    for word in line.words:
        k = max([n for n, x in enumerate(starts) if word["x0"] >= x - 4] or [0])
        cells[k] = f"{cells[k]} {word['text']}".strip()
    return cells


def _position_rows(body: list[_Line], starts: list[float], page: int, pitch: float,
                   fills: list | None = None) -> list[Row]:
    """Rows of an unruled table: a new row at a number in the first column or a wide gap."""
    groups: list[list[_Line]] = []
    gap = max(pitch - statistics.median([ln.bottom - ln.top for ln in body] or [0.0]), 0.5)
    for line in body:
        first = _assign(line, starts)[0]
        gap = line.top - groups[-1][-1].bottom if groups else 0.0
        if not groups or (first and parse_action_id(first)) or gap > 0.9 * pitch:
            groups.append([line])
        else:
            groups[-1].append(line)
    rows = []
    for group in groups:
        cells = []
        for k in range(len(starts)):
            right = starts[k + 1] if k + 1 < len(starts) else max(ln.x1 for ln in group) + 1
            words = [w for ln in group for w in ln.words
                     if starts[k] - 4 <= w["x0"] < (right - 4 if k + 1 < len(starts) else 1e9)]
            # Probe the start of the cell on the row's first line: shading covers it.
            first_line = group[0]
            probe = (starts[k], first_line.top, starts[k] + 8, first_line.bottom)
            fill = _fill_of(probe, fills or [])
            cells.append(Cell(_cell_text(_lines(words), right, gap), fill))
        rows.append(Row(tuple(cells), Location(page_start=page, page_end=page)))
    return rows
