"""Reader for PDF plans (pdfplumber), as councils export them from Word.

Ruled tables are found per page from their lines; a table running over several pages arrives
as one block per page and `layout.assemble` joins them, dropping the repeated header; a row cut
by the page break arrives as a row with an empty number cell, which the mapping step joins to
the action above. Cell text is rebuilt from word positions: wrapped lines of a paragraph are
joined, while a line that ends short of the cell edge (the next word would have fitted) or a
wider gap starts a new paragraph, so owners listed one per paragraph stay separable. Shading
comes from filled rectangles under the cell. Text outside tables gives headings and the title.
Tables without ruling (borderless Word tables, board papers) are read from word positions
across the whole document, so one layout serves a table over all its pages: see the section
"tables without ruling". Shading alone is not ruling. Running headers, footers and page numbers
(text repeated at the same place on several pages, or a bare page number at the edge) are
dropped first, so they neither split a table from its continuation nor join the title.

Locations are 1-based page numbers.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from actionplans.normalise.rag import is_rag_word

from .cells import join_wrapped
from .celltypes import parse_action_id
from .errors import DocumentError
from .headers import is_header_cell, is_header_row, role_of
from .headings import match_heading
from .hints import LayoutHints
from .ids import leading_id
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
    """Blocks of every page in reading order. Ruled tables are read page by page; running
    headers and footers and tables without ruling are found across the whole document."""
    pages: list[_PageText] = []
    chars = images = 0
    full: dict[int, tuple[bool, ...]] = {}  # id(table block) -> its last row's cells run on
    for number, page in enumerate(pdf.pages, start=1):
        chars += len(page.chars)
        images += len(page.images)
        if page.chars:
            pages.append(_page_text(page, number, full))
    _drop_furniture(pages)
    unruled = _unruled_tables(pages)
    blocks: list[Block] = []
    for page in pages:
        keys, rest = _key_columns(page.lines, page.number)
        items = [*page.ruled, *unruled.get(page.number, []), *keys]
        items.extend(_paragraphs(rest, page.number, page.extent))
        items.sort(key=lambda item: item[0])
        page_blocks = [block for _, block in items]
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
    the page and none holds an action number; a per-organisation sub-row starting on the new
    page fills cells (officer, dates) that ended well above the bottom, so it stays a row of
    its own.
    """
    header, data = split_header(after.rows, after.header_rows)
    if not data or not before.rows or len(data[0].cells) != len(before.rows[-1].cells):
        return before, after
    last, first = before.rows[-1], data[0]
    filled = [i for i, c in enumerate(first.cells) if c.text.strip()]
    if not filled or not all(i < len(full) and full[i] for i in filled):
        return before, after
    if any(parse_action_id(first.cells[i].text) is not None for i in filled):
        return before, after  # a numbered row of its own below a short last row
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


@dataclass
class _PageText:
    """One page's ruled tables and the lines outside them, kept until the whole document is
    read: furniture and unruled tables are recognised across pages."""

    number: int
    width: float
    height: float
    ruled: list[tuple[float, Block]]
    lines: list[_Line]
    fills: list[tuple[tuple[float, float, float, float], str]]
    extent: tuple[float, float] = (0.0, 0.0)  # left and right edge of the text outside ruling
    # Ruled "tables" that are only a header row (shaded label cells over an unruled body):
    # id(block) -> the lines of its labels, offered to the unruled reading.
    lone_headers: dict[int, list[_Line]] = field(default_factory=dict)
    # Grids that find_tables built from shading alone (no ruling): read by word positions
    # with the rest of the page; kept as tables only when no unruled table takes their text
    # (a small shaded RAG key). (top, block, bbox).
    shaded: list[tuple[float, Block, tuple[float, float, float, float]]] = field(
        default_factory=list)


def _page_text(page: Any, number: int, full: dict[int, tuple[bool, ...]]) -> _PageText:
    words = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)
    tables = [t for t in page.find_tables() if t.rows and max(len(r.cells) for r in t.rows) >= 2]
    rules = _rules(page) if tables else []
    fills = _filled_rects(page)
    ruled: list[tuple[float, Block]] = []
    shaded: list[tuple[float, Block, tuple[float, float, float, float]]] = []
    lone: dict[int, list[_Line]] = {}
    outside = list(words)
    for table in tables:
        _x0, top, _x1, _bottom = table.bbox
        inside = [w for w in words if _centre_in(w, table.bbox)]
        block, runs_on = _table_block(table, inside, fills, number)
        full[id(block)] = runs_on
        if not any(_overlaps(r, table.bbox) for r in rules):
            shaded.append((top, block, table.bbox))  # its words stay on the page's lines
            continue
        outside = [w for w in outside if not _centre_in(w, table.bbox)]
        ruled.append((top, block))
        if len(block.rows) == 1 and is_header_row([c.text for c in block.rows[0].cells]):
            lone[id(block)] = _lines(inside)
    lines = _lines(outside)
    extent = (min((ln.x0 for ln in lines), default=0.0), max((ln.x1 for ln in lines), default=0.0))
    return _PageText(number, page.width, page.height, ruled, lines, fills, extent, lone, shaded)


def _rules(page: Any) -> list[tuple[float, float, float, float]]:
    """Boxes of what draws ruling: lines, curves, stroked rectangles and thin filled ones (Word
    draws borders so). Shading alone is not ruling: a borderless table whose RAG or header cells
    are shaded gives find_tables a grid of fills, and is read as the unruled table it is."""
    objects = [*page.lines, *page.curves,
               *(r for r in page.rects if r.get("stroke") or min(r["width"], r["height"]) <= 2)]
    return [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in objects]


def _overlaps(box: tuple[float, float, float, float], bbox: tuple[float, float, float, float]
              ) -> bool:
    return box[0] <= bbox[2] + 1 and box[2] >= bbox[0] - 1 and box[1] <= bbox[3] + 1 and \
        box[3] >= bbox[1] - 1


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


def _paragraphs(lines: list[_Line], page: int, extent: tuple[float, float]
                ) -> list[tuple[float, Block]]:
    """Text outside tables: heading lines alone, wrapped body lines joined, big gaps marked.

    `extent` is the left and right edge of the page's text, the lines of unruled tables and
    running headers included, so a short line is not taken for a full one on a page with
    little text left over."""
    if not lines:
        return []
    left, right = extent
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


# --- running headers and footers -------------------------------------------------------------

_BAND = 0.1  # the top and bottom tenth of a page, where running headers and footers sit
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE
)


def _edge(line: _Line, height: float) -> tuple[str, float] | None:
    """("top" | "bottom", distance from that edge) for a line in a page's top or bottom band."""
    if line.bottom <= _BAND * height:
        return "top", line.top
    if line.top >= (1 - _BAND) * height:
        return "bottom", height - line.bottom
    return None


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_furniture(pages: list[_PageText]) -> None:
    """Running headers, footers and page numbers removed from the pages' lines.

    Furniture is text in the top or bottom band of a page that repeats at the same place on
    other pages, numbers aside ("Agenda item 6", "Wyreford HWB 15 May 2018 Page 2 of 3"), or a
    bare page number ("3", "Page 3 of 7", "- 3 -") that is the outermost line of its band.
    Places are measured from the page's own edges (left, right, centre; top or bottom), so
    portrait and landscape pages agree. A table's header repeated at the top of every page is
    not furniture: its text also stands elsewhere (where the table starts), or it reads as a
    row of column labels (with the wrapped label lines next to it).
    """
    seen: dict[tuple[str, str], list[tuple[int, float, float, float, float]]] = {}
    inside: set[str] = set()  # texts that also stand away from the page edges
    for page in pages:
        for line in page.lines:
            edge = _edge(line, page.height)
            if edge is None:
                inside.add(_masked(line.text))
                continue
            key = (edge[0], _masked(line.text))
            seen.setdefault(key, []).append(
                (page.number, edge[1], line.x0, line.x1, page.width - line.x1))
    for page in pages:
        if not page.lines:
            continue
        first, last = page.lines[0], max(page.lines, key=lambda ln: ln.bottom)
        labels = _header_lines(page.lines)
        keep = []
        for line in page.lines:
            edge = _edge(line, page.height)
            if edge is not None and id(line) not in labels and _masked(line.text) not in inside:
                repeated = any(
                    number != page.number and abs(dist - edge[1]) <= 2.0
                    and min(abs(x0 - line.x0), abs(right - (page.width - line.x1)),
                            abs((x0 + x1 - line.x0 - line.x1) / 2)) <= 4.0
                    for number, dist, x0, x1, right in seen[(edge[0], _masked(line.text))]
                )
                outermost = line is (first if edge[0] == "top" else last)
                if repeated or (outermost and _PAGE_NUMBER.match(line.text.strip())):
                    continue
            keep.append(line)
        page.lines = keep


def _header_lines(lines: list[_Line]) -> set[int]:
    """ids of lines that read as rows of column labels, and of label lines close to them."""
    found = {id(ln) for ln in lines if is_header_row([t for *_, t in _clusters(ln)])}
    for seq in (lines, lines[::-1]):
        for a, b in itertools.pairwise(seq):
            above, below = (a, b) if seq is lines else (b, a)
            if (id(a) in found and id(b) not in found and _label_like(b)
                    and _close_below(above, below)):
                found.add(id(b))
    return found


# --- tables without ruling ------------------------------------------------------------------
#
# Columns exist only as word positions. A header (one to four lines of column labels, wrapped
# labels joined) gives one x-interval per label; the gutters between labels, narrowed by every
# body line of the table over all its pages, give the column boundaries; each word belongs to
# the column its left edge falls in. Rows start at an action number, a wider vertical gap, or
# on a new page where the first line does not carry on the cells that ran to the page foot.
# Headings between blocks become paragraphs (so the assembly makes them theme headings) and
# the rows after them keep the same columns; a page without a repeated header continues the
# table. The table ends at running text across its columns, text left of it, a new header,
# a ruled table or a wide gap.


def _split_cells(line: _Line) -> list[tuple[float, float, str]]:
    """A line cut into (x0, x1, text) pieces at gaps wider than two spaces."""
    pieces: list[tuple[float, float, list[str]]] = []
    for word in line.words:
        gap_limit = (word.get("size") or 8.0) * 0.9
        if pieces and word["x0"] - pieces[-1][1] <= gap_limit:
            x0, _x1, texts = pieces[-1]
            pieces[-1] = (x0, word["x1"], [*texts, word["text"]])
        else:
            pieces.append((word["x0"], word["x1"], [word["text"]]))
    return [(x0, x1, " ".join(ws)) for x0, x1, ws in pieces]


def _clusters(line: _Line) -> list[tuple[float, float, str]]:
    """Words joined at single spaces: the labels of a header line."""
    out: list[tuple[float, float, str]] = []
    for word in line.words:
        if out and word["x0"] - out[-1][1] <= 0.6 * (word.get("size") or 8.0):
            out[-1] = (out[-1][0], word["x1"], f"{out[-1][2]} {word['text']}")
        else:
            out.append((word["x0"], word["x1"], word["text"]))
    return out


@dataclass(frozen=True)
class _Label:
    x0: float
    x1: float
    parts: tuple[str, ...]  # the label's pieces, line by line

    @property
    def text(self) -> str:
        return _join_label(list(self.parts))


@dataclass(frozen=True)
class _At:
    """A line of the document (None: a ruled table, which no unruled table runs across)."""

    page: _PageText
    line: _Line | None
    top: float
    ruled: Block | None = None  # the header-only ruled table this line is a label line of

    @property
    def ln(self) -> _Line:
        """The line of an entry known to be one."""
        assert self.line is not None
        return self.line


def _close_below(above: _Line, line: _Line) -> bool:
    return line.top - above.bottom <= 0.8 * (above.bottom - above.top)


def _label_like(line: _Line) -> bool:
    clusters = _clusters(line)
    if not clusters or any(len(text.split()) > 4 for *_, text in clusters):
        return False
    return parse_action_id(clusters[0][2]) is None and match_heading(line.text) is None


def _label_under(labels: list[_Label], x0: float, x1: float) -> int | None:
    """The label a lower piece of a header belongs to: the one holding its centre (centred
    labels), else its left edge (a word too wide for its column reaches into the next one),
    else the one it overlaps most; None when it overlaps none (a label of its own)."""
    centre = (x0 + x1) / 2
    for hit in (lambda lb: lb.x0 <= centre <= lb.x1, lambda lb: lb.x0 - 1 <= x0 < lb.x1):
        found = [n for n, lb in enumerate(labels) if hit(lb)]
        if found:
            return found[0]
    overlaps = [(min(x1, lb.x1) - max(x0, lb.x0), n) for n, lb in enumerate(labels)]
    best = max(overlaps, default=(0.0, 0))
    return best[1] if best[0] > 0 else None


def _labels(lines: list[_Line]) -> list[_Label]:
    """Column labels of header lines, left to right; wrapped pieces joined to their label."""
    labels: list[_Label] = []
    for line in lines:
        for x0, x1, text in _clusters(line):
            n = _label_under(labels, x0, x1)
            if n is None:
                labels.append(_Label(x0, x1, (text,)))
            else:
                lb = labels[n]
                labels[n] = _Label(min(lb.x0, x0), max(lb.x1, x1), (*lb.parts, text))
    labels.sort(key=lambda lb: lb.x0)
    return labels


def _header_at(stream: list[_At], i: int) -> tuple[int, int, list[_Label]] | None:
    """(first, last, labels) of a table header in the run of label lines starting at line i.

    The core is the grouping of up to four consecutive close lines that names the most columns
    with known labels and the fewest unknown ones (then spans more lines), so a heading above
    or a first row below is left out; close label lines in the same weight next to it are the
    rest of wrapped labels the vocabulary does not know ("Action to" / "be taken").
    """
    at = stream[i]
    if at.line is None or not _label_like(at.line):
        return None
    run = [i]
    while len(run) < 6 and run[-1] + 1 < len(stream):
        nxt = stream[run[-1] + 1]
        prev_line = stream[run[-1]].line
        if nxt.line is None or nxt.page is not at.page or prev_line is None or \
                not _close_below(prev_line, nxt.line) or not _label_like(nxt.line):
            break
        run.append(run[-1] + 1)
    best: tuple[tuple[int, int, int], int, int] | None = None
    for s in range(len(run)):
        for e in range(s, min(s + 4, len(run))):
            labels = _labels([stream[k].ln for k in run[s:e + 1]])
            texts = [lb.text for lb in labels]
            if len(labels) < 3 or not is_header_row(texts):
                continue
            known = sum(1 for t in texts if is_header_cell(t))
            score = (known, known - len(texts), e - s)
            if best is None or score > best[0]:
                best = (score, s, e)
    if best is None:
        return None
    _, s, e = best
    core = [stream[k].ln for k in run[s:e + 1]]

    def alike(line: _Line) -> bool:  # set like the core: a wrapped label, not a heading
        return abs(line.size - core[0].size) <= 0.3 and (line.bold or not core[0].bold)

    while e + 1 < len(run) and e - s < 3 and alike(stream[run[e + 1]].ln):
        e += 1
    while s > 0 and e - s < 3 and alike(stream[run[s - 1]].ln):
        s -= 1
    return run[s], run[e], _labels([stream[k].ln for k in run[s:e + 1]])


class _Columns:
    """Column boundaries of one unruled table: per pair of neighbouring labels, the x ranges
    between them that no body text has crossed yet."""

    def __init__(self, labels: list[_Label]) -> None:
        self.labels = labels
        self.left = labels[0].x0
        self.free: list[list[tuple[float, float]]] = [
            [(a.x1, b.x0)] if b.x0 - a.x1 >= 1.0 else [] for a, b in itertools.pairwise(labels)
        ]
        roles = [role_of(lb.text) for lb in labels]
        self.id_col = roles.index("id") if "id" in roles else None
        self.right = labels[-1].x1

    @staticmethod
    def _cut(free: list[tuple[float, float]], x0: float, x1: float) -> list[tuple[float, float]]:
        out = []
        for lo, hi in free:
            if x1 <= lo or x0 >= hi:
                out.append((lo, hi))
                continue
            if x0 - lo >= 0.5:
                out.append((lo, x0))
            if hi - x1 >= 0.5:
                out.append((x1, hi))
        return out

    def _without(self, line: _Line) -> list[list[tuple[float, float]]]:
        free = [list(f) for f in self.free]
        for x0, x1, _ in _split_cells(line):
            free = [self._cut(f, x0, x1) for f in free]
        return free

    def covered(self, line: _Line) -> bool:
        """True when the line's text runs across a gutter that the table keeps free."""
        return any(old and not any(hi - lo >= 1.0 for lo, hi in new)
                   for old, new in zip(self.free, self._without(line), strict=True))

    def take(self, line: _Line) -> None:
        self.free = self._without(line)
        self.right = max(self.right, line.x1)

    def bounds(self) -> list[tuple[float, float]]:
        """Per gutter (boundary, right edge of the text before it): the widest free range."""
        out = []
        for k, free in enumerate(self.free):
            if free:
                lo, hi = max(free, key=lambda f: f[1] - f[0])
                out.append(((lo + hi) / 2, lo))
            else:
                x = self.labels[k + 1].x0 - 2.0
                out.append((x, x))
        return out

    def second_left(self) -> float:
        """Where the second column's text starts (the first column ends before it), as far as
        the table shows so far."""
        free = self.free[0] if self.free else []
        return max((hi for _, hi in free), default=self.labels[1].x0 if len(self.labels) > 1
                   else self.right)


@dataclass
class _Style:
    """Font size and weight of a table's body text, to tell headings between rows from rows
    (the whole document's until the table has rows of its own)."""

    fallback: _Style | None = None
    sizes: list[float] = field(default_factory=list)
    bold: int = 0
    words: int = 0

    def add(self, line: _Line) -> None:
        self.sizes.append(line.size)
        self.bold += sum(1 for w in line.words if "bold" in str(w.get("fontname", "")).lower())
        self.words += len(line.words)

    def larger(self, line: _Line) -> bool:
        if not self.words and self.fallback is not None:
            return self.fallback.larger(line)
        return bool(self.sizes) and line.size >= statistics.median(self.sizes) + 1.0

    def distinct(self, line: _Line) -> bool:
        if not self.words and self.fallback is not None:
            return self.fallback.distinct(line)
        return (line.bold and self.bold < 0.5 * max(self.words, 1)) or self.larger(line)


def _is_heading(line: _Line, columns: _Columns, style: _Style, before_header: bool) -> bool:
    """A heading between blocks of rows: alone on its line, starting in the first column, no
    action number, and a theme heading, in a larger font, directly above the header repeated,
    or bold text running across columns."""
    text = line.text
    if len(_split_cells(line)) != 1 or parse_action_id(text) is not None or len(text) > 160:
        return False
    if line.x0 < columns.second_left() and (
            match_heading(text) is not None or style.larger(line) or before_header):
        return True
    return columns.covered(line) and style.distinct(line)


_HeaderAt = Callable[[int], "tuple[int, int, list[_Label]] | None"]


def _scan_table(stream: list[_At], j: int, labels: list[_Label], style: _Style,
                header_at: _HeaderAt) -> tuple[list[tuple[str, list[_At]]], _Columns, int]:
    """Events of one table from line j on ("line", "heading", "para", "header"), its columns,
    and the index where it ends."""
    columns = _Columns(labels)
    events: list[tuple[str, list[_At]]] = []
    prev: _At | None = None
    last_line: _At | None = None  # the last row line, for the first column's wrapped text
    steps: list[float] = []
    numbered = [0] * len(labels)  # per column, the row lines it opens with an action number
    names = [lb.text.lower() for lb in labels]

    def repeated_header(k: int) -> int | None:
        """Index of the last line of this table's header repeated from line k, if it is."""
        found = header_at(k) if k < len(stream) else None
        if found is None or found[0] != k or [lb.text.lower() for lb in found[2]] != names:
            return None
        return found[1]

    def opens_row(k: int) -> bool:
        """Whether line k (after a heading) starts a numbered row, where the rows so far do."""
        last = repeated_header(k)
        k = k if last is None else last + 1
        if max(numbered) < 2:
            return True
        if k >= len(stream) or stream[k].line is None:
            return False
        cells = _cells_of(stream[k].ln, columns.bounds())
        return _numbered(cells[numbered.index(max(numbered))])

    while j < len(stream):
        at = stream[j]
        line = at.line
        if line is None:
            break
        found = header_at(j)
        if found is not None and found[0] == j:
            if [lb.text.lower() for lb in found[2]] != names:
                break  # another table
            events.append(("header", stream[j:found[1] + 1]))
            prev, j = stream[found[1]], found[1] + 1
            continue
        if line.x0 < columns.left - 20 or at.ruled is not None:
            break
        if _is_heading(line, columns, style, repeated_header(j + 1) is not None):
            k = j + 1
            while k < len(stream) and (nxt := stream[k].line) is not None and \
                    stream[k].page is at.page and _close_below(stream[k - 1].ln, nxt) and \
                    nxt.bold == line.bold and nxt.size == line.size and \
                    len(_split_cells(nxt)) == 1 and parse_action_id(nxt.text) is None:
                k += 1  # the heading wraps
            if not opens_row(k):
                break  # a heading over something else (a key, notes): the table is over
            events.append(("heading", stream[j:k]))
            prev, j = stream[k - 1], k
            continue
        same_page = prev is not None and prev.page is at.page and prev.line is not None
        pitch = statistics.median(steps) if steps else 2 * (line.bottom - line.top)
        if same_page and line.top - prev.ln.bottom > 4 * pitch:
            break
        covered = columns.covered(line)
        if covered and len(_split_cells(line)) == 1:
            break  # running text across the columns: the table is over
        wrapped_first = (last_line is not None and last_line.page is at.page
                         and last_line.ln.x0 < columns.second_left()
                         and _close_below(last_line.ln, line))
        if columns.id_col == 0 and line.x1 <= columns.second_left() and \
                parse_action_id(line.text) is None and not wrapped_first:
            events.append(("para", [at]))  # a note in the number column between rows
            prev, j = at, j + 1
            continue
        if same_page and prev is last_line and last_line is not None:
            steps.append(line.top - last_line.ln.top)
        events.append(("line", [at]))
        for k, words in enumerate(_cells_of(line, columns.bounds())):
            numbered[k] += _numbered(words)
        if not covered:
            columns.take(line)
        style.add(line)
        prev = last_line = at
        j += 1
    return events, columns, j


def _cells_of(line: _Line, bounds: list[tuple[float, float]]) -> list[list[dict[str, Any]]]:
    cells: list[list[dict[str, Any]]] = [[] for _ in range(len(bounds) + 1)]
    for word in line.words:
        x = word["x0"] + min(2.0, (word["x1"] - word["x0"]) / 2)
        cells[sum(1 for b, _ in bounds if x >= b)].append(word)
    return cells


def _row_gap(gaps: list[float], size: float) -> float:
    """The gap above which a new row starts: the first clear jump between the gaps of a
    table's lines (wrapped lines are close, rows padded apart); without one, by the font size."""
    gaps = sorted(gaps)
    for a, b in itertools.pairwise(gaps):
        if b - a >= max(2.0, 0.25 * size):
            return (a + b) / 2
    if gaps and statistics.median(gaps) >= 0.5 * size:
        return gaps[0] - 0.1  # every line is a row of its own
    return float("inf")


def _numbered(words: list[dict[str, Any]]) -> bool:
    """True when a cell's text on one line starts with an action number ("2.1", "R2-1 Pilot")."""
    text = " ".join(w["text"] for w in words)
    return bool(text) and (parse_action_id(text) is not None or leading_id(text) is not None)


def _number_column(lines: list[_Line], columns: _Columns, bounds: list[tuple[float, float]]
                   ) -> int | None:
    """The column whose lines start with action numbers most often (two at least): its own
    column, or the action column when each action opens with its number; else the labelled
    number column."""
    counts = [0] * (len(bounds) + 1)
    for line in lines:
        for k, words in enumerate(_cells_of(line, bounds)):
            counts[k] += _numbered(words)
    best = max(range(len(counts)), key=lambda k: (counts[k], -k))
    return best if counts[best] >= 2 else columns.id_col


def _group_rows(segment: list[_At], id_col: int | None, bounds: list[tuple[float, float]],
                threshold: float) -> list[list[_At]]:
    """Lines of a block of rows grouped into rows (see the section comment)."""
    groups: list[list[_At]] = []
    for at in segment:
        cells = _cells_of(at.ln, bounds)
        filled = [bool(ws) for ws in cells]
        if not groups:
            groups.append([at])
            continue
        last = groups[-1][-1]
        if id_col is not None and _numbered(cells[id_col]):
            groups.append([at])
        elif last.page is not at.page:
            ran_on = [bool(ws) for ws in _cells_of(last.ln, bounds)]
            if all(r for f, r in zip(filled, ran_on, strict=True) if f):
                groups[-1].append(at)  # the rest of a row cut by the page break
            else:
                groups.append([at])
        elif at.ln.top - last.ln.bottom > threshold and (
                id_col is not None or filled[0] or sum(filled) >= 2):
            groups.append([at])  # a row gap, and text opening cells (a paragraph gap opens one)
        else:
            groups[-1].append(at)
    return groups


def _table_row(group: list[_At], bounds: list[tuple[float, float]], rights: list[float],
               gap: float, left: float) -> Row:
    """One row's cells from its lines (on one page, or both sides of a page break)."""
    n = len(bounds) + 1
    per_col: list[list[_Line]] = [[] for _ in range(n)]
    for _page, ats in itertools.groupby(group, key=lambda a: a.page.number):
        ats = list(ats)
        words: list[list[dict[str, Any]]] = [[] for _ in range(n)]
        for at in ats:
            for k, ws in enumerate(_cells_of(at.ln, bounds)):
                words[k].extend(ws)
        for k in range(n):
            per_col[k].extend(_lines(words[k]))
    first = group[0]
    cells = []
    for k in range(n):
        x0 = bounds[k - 1][0] if k else left - 4
        x1 = bounds[k][0] if k < n - 1 else rights[-1]
        centre = (x0 + x1) / 2
        probe = (centre - 4, first.ln.top, centre + 4, first.ln.bottom)
        text = _cell_text(per_col[k], rights[k], gap)
        cells.append(Cell(text, _fill_of(probe, first.page.fills)))
    location = Location(page_start=first.page.number, page_end=group[-1].page.number)
    notes: tuple[str, ...] = ()
    if group[-1].page is not first.page:
        notes = (f"{location.describe()}: row cut by a page break rejoined from its parts on "
                 "both pages",)
    return Row(tuple(cells), location, notes=notes)


def _table_items(events: list[tuple[str, list[_At]]], labels: list[_Label], columns: _Columns
                 ) -> list[tuple[int, float, Block]]:
    """(page, top, block) of one unruled table: a TableBlock per block of rows and page (the
    header row first where a block starts below a header or a heading, none on a page the
    table merely continues onto), a Paragraph per heading or note between blocks."""
    bounds = columns.bounds()
    rights = [lo for _, lo in bounds] + [columns.right]
    gaps = [b[1][0].ln.top - a[1][0].ln.bottom for a, b in itertools.pairwise(events)
            if a[0] == b[0] == "line" and a[1][0].page is b[1][0].page]
    size = statistics.median([ats[0].ln.size for kind, ats in events if kind == "line"])
    threshold = _row_gap(gaps, size)
    wrap_gap = sorted(gaps)[len(gaps) // 4] if gaps else 1.5
    id_col = _number_column([ats[0].ln for kind, ats in events if kind == "line"], columns,
                            bounds)
    out: list[tuple[int, float, Block]] = []

    def header_row(page: int) -> Row:
        return Row(tuple(Cell(lb.text) for lb in labels), Location(page_start=page, page_end=page))

    def flush(segment: list[_At], with_header: bool) -> None:
        rows = [(g[0], _table_row(g, bounds, rights, wrap_gap, columns.left))
                for g in _group_rows(segment, id_col, bounds, threshold)]
        for number, part in itertools.groupby(rows, key=lambda r: r[0].page.number):
            part = list(part)
            data = tuple(row for _, row in part)
            loc = Location(page_start=number, page_end=number)
            block = (TableBlock((header_row(number), *data), loc, 1) if with_header
                     else TableBlock(data, loc, None))
            out.append((number, part[0][0].top, block))
            with_header = False

    segment: list[_At] = []
    with_header = True
    for kind, ats in events:
        if kind == "line":
            segment.extend(ats)
            continue
        flush(segment, with_header)
        segment, with_header = [], True
        if kind in ("heading", "para"):
            first = ats[0]
            text = " ".join(at.ln.text for at in ats)
            where = Location(page_start=first.page.number, page_end=first.page.number)
            out.append((first.page.number, first.top, Paragraph(text, where)))
    flush(segment, with_header)
    return out


def _unruled_tables(pages: list[_PageText]) -> dict[int, list[tuple[float, Block]]]:
    """Blocks of the tables without ruling, by page; their lines leave the pages' lines."""
    stream: list[_At] = []
    document = _Style()
    for page in pages:
        items = [_At(page, line, line.top) for line in page.lines]
        for top, block in page.ruled:
            if id(block) in page.lone_headers:
                items.extend(_At(page, ln, ln.top, block) for ln in page.lone_headers[id(block)])
            else:
                items.append(_At(page, None, top))
        items.sort(key=lambda a: (a.top, a.line is not None))
        stream.extend(items)
        for line in page.lines:
            document.add(line)
    out: dict[int, list[tuple[float, Block]]] = {}
    used: set[int] = set()
    absorbed: set[int] = set()  # header-only ruled tables read as the header of an unruled one
    headers: dict[int, tuple[int, int, list[_Label]] | None] = {}

    def header_at(k: int) -> tuple[int, int, list[_Label]] | None:
        if k not in headers:
            headers[k] = _header_at(stream, k)
        return headers[k]

    i = 0
    while i < len(stream):
        header = header_at(i)
        if header is None:
            i += 1
            continue
        first, last, labels = header
        events, columns, end = _scan_table(stream, last + 1, labels, _Style(document), header_at)
        if not any(kind == "line" for kind, _ in events):
            i += 1
            continue
        for number, top, block in _table_items(events, labels, columns):
            out.setdefault(number, []).append((top, block))
        taken = [*stream[first:last + 1], *(at for _, ats in events for at in ats)]
        used.update(id(at.line) for at in taken)
        absorbed.update(id(at.ruled) for at in taken if at.ruled is not None)
        i = end
    for page in pages:
        taken_boxes = [(ln.x0, ln.top, ln.x1, ln.bottom) for ln in page.lines if id(ln) in used]
        page.lines = [line for line in page.lines if id(line) not in used]
        page.ruled = [(top, block) for top, block in page.ruled if id(block) not in absorbed]
        for top, block, bbox in page.shaded:
            if any(_overlaps(box, bbox) for box in taken_boxes):
                continue  # shading inside an unruled table
            within = [ln for ln in page.lines if all(_centre_in(w, bbox) for w in ln.words)]
            held = sum(len("".join(c.text.split())) for r in block.rows for c in r.cells)
            if held < 0.9 * sum(len("".join(ln.text.split())) for ln in within):
                continue  # its cells miss text that lies among them: keep the lines
            page.ruled.append((top, block))
            page.lines = [ln for ln in page.lines if not any(ln is w for w in within)]
    return out


def _key_columns(lines: list[_Line], page: int) -> tuple[list[tuple[float, Block]], list[_Line]]:
    """A RAG key set out in two columns without ruling ("Green      On track", a line each) as
    the small table it is, so the assembly reads it as a key; the other lines as they were."""
    out: list[tuple[float, Block]] = []
    rest: list[_Line] = []
    i = 0
    while i < len(lines):
        run: list[tuple[_Line, list[tuple[float, float, str]]]] = []
        while i + len(run) < len(lines):
            pieces = _split_cells(lines[i + len(run)])
            if len(pieces) != 2 or not is_rag_word(pieces[0][2]) or is_rag_word(pieces[1][2]) \
                    or (run and abs(pieces[1][0] - run[0][1][1][0]) > 4):
                break
            run.append((lines[i + len(run)], pieces))
        if len(run) < 2:
            rest.append(lines[i])
            i += 1
            continue
        where = Location(page_start=page, page_end=page)
        rows = tuple(Row((Cell(pieces[0][2]), Cell(pieces[1][2])), where) for _, pieces in run)
        out.append((run[0][0].top, TableBlock(rows, where)))
        i += len(run)
    return out, rest


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
