"""Running headers, footers and page numbers in PDFs, found across the whole document and
dropped before anything else reads the pages, so they neither split a table from its
continuation nor join the title."""

from __future__ import annotations

import itertools
import re

from .headers import is_header_row
from .pdf_columns import close_below, label_like
from .pdf_lines import Line, PageText, label_clusters

_BAND = 0.1  # the top and bottom tenth of a page, where running headers and footers sit


_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE
)


def _edge(line: Line, height: float) -> tuple[str, float] | None:
    """("top" | "bottom", distance from that edge) for a line in a page's top or bottom band."""
    if line.bottom <= _BAND * height:
        return "top", line.top
    if line.top >= (1 - _BAND) * height:
        return "bottom", height - line.bottom
    return None


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def drop_furniture(pages: list[PageText]) -> None:
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


def _header_lines(lines: list[Line]) -> set[int]:
    """ids of lines that read as rows of column labels, and of label lines close to them."""
    found = {id(ln) for ln in lines if is_header_row([t for *_, t in label_clusters(ln)])}
    for seq in (lines, lines[::-1]):
        for a, b in itertools.pairwise(seq):
            above, below = (a, b) if seq is lines else (b, a)
            if (id(a) in found and id(b) not in found and label_like(b)
                    and close_below(above, below)):
                found.add(id(b))
    return found
