"""Cell shading in PDFs: filled rectangles under a cell, as RRGGBB (a RAG cell coloured and
not worded keeps its colour)."""

from __future__ import annotations

from typing import Any


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


def filled_rects(page: Any) -> list[tuple[tuple[float, float, float, float], str]]:
    out = []
    for rect in page.rects:
        if not rect.get("fill"):
            continue
        colour = _hex(rect.get("non_stroking_color"))
        if colour and rect["width"] > 2 and rect["height"] > 2:
            out.append(((rect["x0"], rect["top"], rect["x1"], rect["bottom"]), colour))
    return out


def fill_of(bbox: tuple[float, float, float, float],
             fills: list[tuple[tuple[float, float, float, float], str]]) -> str | None:
    x0, top, x1, bottom = bbox
    area = max((x1 - x0) * (bottom - top), 1e-6)
    for (rx0, rtop, rx1, rbottom), colour in fills:
        w = min(x1, rx1) - max(x0, rx0)
        h = min(bottom, rbottom) - max(top, rtop)
        if w > 0 and h > 0 and w * h >= 0.6 * area:
            return colour
    return None
