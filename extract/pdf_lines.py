"""Lines of words and the text they make, for the PDF reader: words grouped into lines by
position, a cell's paragraphs (wrapped lines joined, paragraph breaks kept so owners listed one
per paragraph stay separable), paragraphs outside tables, and the page record the
whole-document passes (furniture, unruled tables) work on.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from .cells import join_wrapped
from .layout import Block, Paragraph
from .model import Location

_NUMBER_HEAD = re.compile(r"(?:^|\s)\d{1,2}(?:\.\d{1,2})*\.$")


_BULLETS = ("•", "▪", "◦", "●", "■", "-", "–", "o ")


@dataclass(frozen=True)
class Line:
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


@dataclass
class PageText:
    """One page's ruled tables and the lines outside them, kept until the whole document is
    read: furniture and unruled tables are recognised across pages."""

    number: int
    width: float
    height: float
    ruled: list[tuple[float, Block]]
    lines: list[Line]
    fills: list[tuple[tuple[float, float, float, float], str]]
    extent: tuple[float, float] = (0.0, 0.0)  # left and right edge of the text outside ruling
    # Ruled "tables" that are only a header row (shaded label cells over an unruled body):
    # id(block) -> the lines of its labels, offered to the unruled reading.
    lone_headers: dict[int, list[Line]] = field(default_factory=dict)
    # Grids that find_tables built from shading alone (no ruling): read by word positions
    # with the rest of the page; kept as tables only when no unruled table takes their text
    # (a small shaded RAG key). (top, block, bbox).
    shaded: list[tuple[float, Block, tuple[float, float, float, float]]] = field(
        default_factory=list)


@dataclass(frozen=True)
class At:
    """A line of the document (None: a ruled table, which no unruled table runs across)."""

    page: PageText
    line: Line | None
    top: float
    ruled: Block | None = None  # the header-only ruled table this line is a label line of

    @property
    def ln(self) -> Line:
        """The line of an entry known to be one."""
        assert self.line is not None
        return self.line


def boxes_overlap(box: tuple[float, float, float, float], bbox: tuple[float, float, float, float]
              ) -> bool:
    return box[0] <= bbox[2] + 1 and box[2] >= bbox[0] - 1 and box[1] <= bbox[3] + 1 and \
        box[3] >= bbox[1] - 1


def centre_in(word: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def to_lines(words: list[dict[str, Any]], tolerance: float = 2.0) -> list[Line]:
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
        lines.append(Line(tuple(ws), min(w["top"] for w in ws), max(w["bottom"] for w in ws),
                           min(w["x0"] for w in ws), max(w["x1"] for w in ws)))
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def _breaks_paragraph(prev: Line, line: Line, right: float, gap: float) -> bool:
    """True when `line` starts a new paragraph rather than continuing a wrapped one: a wider
    gap than between wrapped lines (`gap`), a bullet, or room left for the next word."""
    if line.top - prev.bottom > gap + 1.0:
        return True
    first = line.words[0]
    if first["text"].startswith(_BULLETS[:5]):
        return True
    space = (prev.words[-1].get("size") or 8.0) * 0.28
    return prev.x1 + space + (first["x1"] - first["x0"]) < right - 1.0


def _forced_break(prev: Line, line: Line, right: float) -> bool:
    """A word wider than its column, broken mid-word: the line holds one word filling it and
    the next line goes on in lower case ("Commissionin" + "g, CCG")."""
    word = prev.words[-1]
    fills = word["x1"] >= right - 1.0
    return len(prev.words) == 1 and fills and line.text[:1].islower()


def line_gap(cells: list[list[Line]]) -> float:
    """The usual gap between wrapped lines of a table's cells (most line pairs are wraps)."""
    gaps = sorted(b.top - a.bottom for lines in cells for a, b in itertools.pairwise(lines))
    return gaps[len(gaps) // 4] if gaps else 1.5


def cell_text(lines: list[Line], right: float, gap: float) -> str:
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


def page_paragraphs(lines: list[Line], page: int, extent: tuple[float, float]
                ) -> list[tuple[float, Block]]:
    """Text outside tables: heading lines alone, wrapped body lines joined, big gaps marked.

    `extent` is the left and right edge of the page's text, the lines of unruled tables and
    running headers included, so a short line is not taken for a full one on a page with
    little text left over."""
    if not lines:
        return []
    left, right = extent
    out: list[tuple[float, Block]] = []
    current: list[Line] = []

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


def split_cells(line: Line) -> list[tuple[float, float, str]]:
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


def label_clusters(line: Line) -> list[tuple[float, float, str]]:
    """Words joined at single spaces: the labels of a header line."""
    out: list[tuple[float, float, str]] = []
    for word in line.words:
        if out and word["x0"] - out[-1][1] <= 0.6 * (word.get("size") or 8.0):
            out[-1] = (out[-1][0], word["x1"], f"{out[-1][2]} {word['text']}")
        else:
            out.append((word["x0"], word["x1"], word["text"]))
    return out
