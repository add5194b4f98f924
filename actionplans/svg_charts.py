"""Inline SVG charts drawn in Python, so the HTML report needs no network and no JS library.

Every chart is an `<svg class="chart">` with explicit width, height and viewBox; every piece of
text passes through `html.escape`, and each mark carries a `<title>` tooltip with its numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

FONT = 'font-family="system-ui, sans-serif" font-size="11"'
BAR = 16  # bar height in px
GAP = 6


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    colour: str


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _legend(
    segments: Sequence[Segment], x0: float, y: float, width: float
) -> tuple[list[str], float]:
    """Swatches and labels, wrapped to `width`; returns the marks and the y below them."""
    out, x = [], x0
    for s in segments:
        step = 24 + 6.5 * len(s.label)
        if x > x0 and x + step > width:
            x, y = x0, y + 16
        out.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{s.colour}"/>')
        out.append(f'<text x="{x + 14:.1f}" y="{y:.1f}" {FONT}>{escape(s.label)}</text>')
        x += step
    return out, y + 14


def _svg(width: float, height: float, body: list[str], label: str) -> str:
    return (
        f'<svg class="chart" role="img" aria-label="{escape(label)}" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>'
        + "".join(body)
        + "</svg>"
    )


def stacked_bars(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    segments: Sequence[Segment],
    label: str,
    *,
    width: int = 760,
    label_width: int = 250,
) -> str:
    """Horizontal bars, one per row label, split into `segments` (counts); totals at the end."""
    body, top = _legend(segments, 10, 14, width)
    height = top + len(rows) * (BAR + GAP) + 24
    longest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    plot = width - label_width - 40
    for i, (name, counts) in enumerate(rows):
        y = top + i * (BAR + GAP)
        body.append(
            f'<text x="{label_width - 6}" y="{y + BAR - 4}" text-anchor="end" {FONT}>'
            f"<title>{escape(name)}</title>{escape(_clip(name, 40))}</text>"
        )
        x = float(label_width)
        for s in segments:
            n = counts.get(s.key, 0)
            if not n:
                continue
            w = plot * n / longest
            body.append(
                f'<rect class="mark" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR}" '
                f'fill="{s.colour}"><title>{escape(name)}: {n} {escape(s.label)}</title></rect>'
            )
            x += w
        total = sum(counts.values())
        body.append(f'<text x="{x + 4:.1f}" y="{y + BAR - 4}" {FONT}>{total}</text>')
    axis_y = top + len(rows) * (BAR + GAP)
    body.append(
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{axis_y}" '
        'stroke="#555"/>'
    )
    return _svg(width, height, body, label)


@dataclass(frozen=True)
class TimelineItem:
    label: str          # action number
    due: date | None
    revised: date | None
    colour: str         # by status
    tooltip: str


def _months(start: date, end: date) -> list[date]:
    ticks, d = [], date(start.year, start.month, 1)
    while d <= end:
        ticks.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return ticks


def timeline(
    items: Sequence[TimelineItem],
    label: str,
    *,
    marker: tuple[date, str] | None = None,
    width: int = 760,
) -> str:
    """One row per action: a dot at its due date, a line to its revised date (the slippage)."""
    left, top, right = 60, 30, 20
    dates = [d for it in items for d in (it.due, it.revised) if d is not None]
    if marker:
        dates.append(marker[0])
    start = min(dates) - timedelta(days=15)
    end = max(dates) + timedelta(days=15)
    span = (end - start).days or 1
    plot = width - left - right

    def x(d: date) -> float:
        return left + plot * (d - start).days / span

    height = top + len(items) * 14 + 30
    body = []
    ticks = _months(start, end)
    step = -(-len(ticks) * 56 // plot)  # about one label per 56 px
    for t in ticks[::step]:
        body.append(
            f'<line x1="{x(t):.1f}" y1="{top - 6}" x2="{x(t):.1f}" y2="{height - 24}" '
            'stroke="#e3e3e3"/>'
        )
        body.append(
            f'<text x="{x(t):.1f}" y="{height - 10}" text-anchor="middle" {FONT}>'
            f'{t.strftime("%b %y")}</text>'
        )
    if marker:
        mx = x(marker[0])
        body.append(
            f'<line x1="{mx:.1f}" y1="{top - 14}" x2="{mx:.1f}" y2="{height - 24}" '
            'stroke="#333" stroke-dasharray="4 3"/>'
        )
        body.append(f'<text x="{mx + 4:.1f}" y="{top - 16}" {FONT}>{escape(marker[1])}</text>')
    for i, it in enumerate(items):
        y = top + i * 14 + 7
        body.append(
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" {FONT}>{escape(it.label)}</text>'
        )
        tip = f"<title>{escape(it.tooltip)}</title>"
        if it.due and it.revised and it.revised != it.due:
            later = it.revised > it.due
            body.append(
                f'<line class="mark slip" x1="{x(it.due):.1f}" y1="{y}" x2="{x(it.revised):.1f}" '
                f'y2="{y}" stroke="{"#c62828" if later else "#1565c0"}" stroke-width="3">'
                f"{tip}</line>"
            )
        if it.due:
            body.append(
                f'<circle class="mark" cx="{x(it.due):.1f}" cy="{y}" r="4.5" fill="{it.colour}" '
                f'stroke="#333">{tip}</circle>'
            )
        if it.revised:
            rx = x(it.revised)
            body.append(
                f'<rect class="mark" x="{rx - 4:.1f}" y="{y - 4}" width="8" height="8" '
                f'fill="{it.colour}" stroke="#c62828" stroke-width="1.5">{tip}</rect>'
            )
    return _svg(width, height, body, label)
