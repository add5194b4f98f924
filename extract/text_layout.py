"""Layout-preserving text exports: tables laid out with spaces, read by position.

Why: `pdftotext -layout`, "Save as text" with layout, and copy-paste from a PDF viewer keep a
table's columns by padding cells with spaces, with no tab or pipe between them; the columns
exist only as positions. Such a file is turned into pages of positioned words (a character's
column is its x, a line's number its y, a form feed a new page) and read by the same
machinery as a PDF without ruling (extract/positioned.py: header labels, columns from the
whole table, wrapped cells, headings, tables running over pages, running headers and
footers), so a layout family is read once, whatever the format.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .pdf_lines import PageText, to_lines

CHAR_WIDTH = 5.0  # points per character: one space (5) joins words, two (10) part columns
LINE_HEIGHT = 12.0
FONT_SIZE = 10.0  # pdf_lines splits a line's words at gaps over 0.6 x size = 6 points
_WORD = re.compile(r"\S+")
_GAP = re.compile(r"\S {3,}(?=\S)")  # a column gap inside a line: three spaces or more
_ROW_LIKE = 2  # column gaps that make a line look like a table row (three cells)
MIN_ROW_LINES = 3  # such lines a document needs to be read as a layout export
MIN_ROW_SHARE = 0.15  # and their share of its lines with text (not a stray aligned list)


def is_layout_export(lines: Sequence[str]) -> bool:
    """A text whose tables are laid out with spaces: several lines with two column gaps or
    more, and no tab-separated or pipe rows (those are read as cells, extract/text.py)."""
    rows = filled = 0
    for line in lines:
        if "\t" in line or line.lstrip().startswith("|"):
            return False
        if line.strip():
            filled += 1
            rows += len(_GAP.findall(line)) >= _ROW_LIKE
    return rows >= MIN_ROW_LINES and rows >= MIN_ROW_SHARE * filled


def layout_pages(text: str) -> list[PageText]:
    """Pages (form feeds part them) of positioned words, one line of text per line.

    A word's box is its characters' columns and its line's row, every word the same size and
    font (a layout export keeps no styling).
    """
    pages: list[PageText] = []
    for number, page in enumerate(text.split("\f"), start=1):
        lines = page.split("\n")
        words = []
        for row, line in enumerate(lines):
            top = row * LINE_HEIGHT
            for m in _WORD.finditer(line):
                words.append({
                    "text": m.group(0), "x0": m.start() * CHAR_WIDTH,
                    "x1": m.end() * CHAR_WIDTH, "top": top, "bottom": top + FONT_SIZE,
                    "doctop": top, "upright": True, "size": FONT_SIZE, "fontname": "text",
                })
        if not words:
            continue
        positioned = to_lines(words)
        width = max(map(len, lines)) * CHAR_WIDTH
        extent = (min(ln.x0 for ln in positioned), max(ln.x1 for ln in positioned))
        pages.append(PageText(number, width, len(lines) * LINE_HEIGHT, [], positioned, [],
                              extent))
    return pages
