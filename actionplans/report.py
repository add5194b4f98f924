"""`actionplans report`: one self-contained HTML page for a board, from a built dataset.

No network and no CDN: the CSS is inline and the charts are SVG drawn in Python
(`svg_charts.py`), so the file opens anywhere, offline, and can be mailed as it is. Every text that
comes from a document passes through `html.escape`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from pathlib import Path
from typing import Any

from actionplans.diff import describe
from actionplans.report_data import (
    DONE,
    ReportData,
    counts_by_theme,
    crosswalk,
    label,
    load,
    organisation_load,
)
from actionplans.schemas.tables import PARTITION_COLUMN
from actionplans.svg_charts import Segment, TimelineItem, stacked_bars, timeline
from actionplans.warning_codes import SEVERITIES, code_spec

STATUS = (
    Segment("complete_assured", "complete, assured", "#1f4e99"),
    Segment("complete", "complete", "#2e7d32"),
    Segment("on_track", "on track", "#81c784"),
    Segment("at_risk", "at risk", "#f9a825"),
    Segment("off_track", "off track", "#c62828"),
    Segment("not_started", "not started", "#8d6e63"),
    Segment("unknown", "unknown", "#cfd8dc"),
)
STATUS_COLOUR = {s.key: s.colour for s in STATUS}
RAG = (
    Segment("BLUE", "blue", "#1565c0"),
    Segment("GREEN", "green", "#2e7d32"),
    Segment("AMBER", "amber", "#f9a825"),
    Segment("RED", "red", "#c62828"),
    Segment("none", "no RAG", "#cfd8dc"),
)
MAX_ORGS = 15
MAX_WARNINGS_SHOWN = 200

CSS = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1em 2em;
       color: #222; line-height: 1.4; }
h1 { margin-bottom: .2em; } h2 { border-bottom: 2px solid #1f4e99; padding-bottom: .2em;
     margin-top: 2em; } h3 { margin-bottom: .3em; }
nav a { margin-right: 1em; }
table { border-collapse: collapse; margin: .5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #eef2f8; }
td.num { text-align: right; } table.overview td { white-space: nowrap; }
.dim { color: #777; } .gap { color: #c62828; font-weight: bold; }
.note { color: #555; font-size: 0.9em; }
.sev-error { color: #c62828; } .sev-review { color: #a66b00; } .sev-info { color: #555; }
details { margin: .3em 0; } summary { cursor: pointer; }
svg.chart { display: block; margin: .5em 0 1.5em; max-width: 100%; height: auto; }
@media print { nav { display: none; } details { display: block; } }
"""

SECTIONS = (
    ("status", "Status and RAG by theme"),
    ("timeline", "Due dates and slippage"),
    ("owners", "Organisations' load"),
    ("crosswalk", "Crosswalk"),
    ("changes", "What changed"),
    ("warnings", "Warnings to review"),
)


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _table(header: list[str], rows: list[list[str]], cls: str = "") -> str:
    """An HTML table; cells are HTML already (escape before)."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(rows_cell for rows_cell in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _td(value: Any, num: bool = False) -> str:
    return f'<td class="num">{_e(value)}</td>' if num else f"<td>{_e(value)}</td>"


def _overview(data: ReportData) -> str:
    rows = []
    for doc in data.latest:
        mine = [a for a in data.actions if a["document_id"] == doc["document_id"]]
        done = sum(a["status"] in DONE for a in mine)
        versions = sum(d[PARTITION_COLUMN] == doc[PARTITION_COLUMN] for d in data.documents)
        rows.append([_td(doc["area"]), _td(doc.get("version") or "—"),
                     _td(doc.get("plan_date") or "—"), _td(len(mine), True), _td(done, True),
                     _td(versions, True),
                     f'<td title="{_e(doc["source_path"])}">{_e(Path(doc["source_path"]).name)}'
                     "</td>"])
    older = len(data.documents) - len(data.latest)
    note = (f'<p class="note">Each area is shown at its latest version; {older} earlier '
            "version(s) in the dataset are used only for “What changed”.</p>" if older else "")
    return (_table(["area", "version", "plan date", "actions", "complete", "versions in dataset",
                    "source file"], rows, "overview") + note)


def _status_section(data: ReportData) -> str:
    parts = []
    for area_id, area in data.areas:
        mine = [a for a in data.actions if a[PARTITION_COLUMN] == area_id]
        parts.append(f"<h3>{_e(area)}</h3>")
        parts.append(stacked_bars(counts_by_theme(mine, "status"), STATUS,
                                  f"{area}: delivery status of actions by canonical theme"))
        rated = sum(a.get("rag") is not None for a in mine)
        parts.append(f'<p class="note">RAG ratings: {rated} of {len(mine)} actions rated.</p>')
        parts.append(stacked_bars(counts_by_theme(mine, "rag"), RAG,
                                  f"{area}: RAG rating of actions by canonical theme"))
    return "".join(parts)


def _timeline_section(data: ReportData) -> str:
    parts = ['<p class="note">Circle: due date; square: revised date; a red line runs from the '
             "due date to a later revised date (the slippage), a blue one to an earlier one. "
             "Colour: delivery status. The dashed line is the plan's own date.</p>"]
    for doc in data.latest:
        mine = [a for a in data.actions if a["document_id"] == doc["document_id"]]
        dated = sorted((a for a in mine if a.get("due_date") or a.get("revised_date")),
                       key=lambda a: (a["effective_due_date"], a["action_id"]))
        parts.append(f"<h3>{_e(doc['area'])}</h3>")
        slips = sorted(a["days_slipped"] for a in dated if (a["days_slipped"] or 0) > 0)
        if slips:
            parts.append(f'<p class="note">{len(slips)} action(s) revised to a later date, '
                         f"{sum(slips)} days in all (median {slips[len(slips) // 2]}).</p>")
        if not dated:
            parts.append('<p class="note">No action of this plan has a due or revised date.</p>')
            continue
        items = []
        for a in dated:
            slip = a["days_slipped"]
            tip = (f"{a['action_id']}: due {a.get('due_raw') or a.get('due_date') or '—'}"
                   f" ({a.get('due_date') or 'no date'})")
            if a.get("revised_date"):
                tip += f", revised {a.get('revised_date')}"
                if slip is not None:
                    tip += f" ({slip:+d} days)"
            tip += f"; status {a['status']}"
            items.append(TimelineItem(a["action_id"], a.get("due_date"), a.get("revised_date"),
                                      STATUS_COLOUR.get(a["status"], "#999"), tip))
        marker = (doc["plan_date"], "plan date") if doc.get("plan_date") else None
        parts.append(timeline(items, f"{doc['area']}: due and revised dates", marker=marker))
        undated = len(mine) - len(dated)
        if undated:
            parts.append(f'<p class="note">{undated} action(s) with no date (“Ongoing”, '
                         "“Completed”, milestones only …) are not on the timeline.</p>")
    return "".join(parts)


def _owners_section(data: ReportData) -> str:
    loads, unresolved = organisation_load(data)
    if not loads:
        return '<p class="note">No owner was resolved to an organisation.</p>'
    shown = loads[:MAX_ORGS]
    rows = [(f"{o.organisation} ({o.code})" if o.code else o.organisation,
             {"open": o.open, "done": o.done}) for o in shown]
    segments = (Segment("open", "not complete", "#78909c"), Segment("done", "complete", "#2e7d32"))
    parts = [stacked_bars(rows, segments, "Actions per owner organisation (owner or lead)",
                          label_width=330)]
    more = f" The {len(loads) - MAX_ORGS} others are smaller." if len(loads) > MAX_ORGS else ""
    parts.append(f'<p class="note">Distinct actions naming the organisation as owner or lead, '
                 f"latest versions; an action shared by two organisations counts for both. "
                 f"{unresolved} action(s) name no resolvable organisation.{more}</p>")
    return "".join(parts)


def _crosswalk_section(data: ReportData) -> str:
    if not data.theme_alignment:
        return ('<p class="note">No theme_alignment table: run <code>actionplans compare</code>'
                " (build runs it unless --no-compare).</p>")
    canon, cells = crosswalk(data)
    header = ["canonical theme", *(_e(area) for _, area in data.areas)]
    rows = []
    for c in canon:
        row = [f"<th>{_e(label(c))}</th>"]
        for area_id, _ in data.areas:
            cell = cells[(c, area_id)]
            if cell.gap:
                row.append('<td class="gap">— gap</td>')
                continue
            lines = [_e(t) for t in cell.primary] or ['<span class="dim">(no theme of its own)'
                                                     "</span>"]
            if cell.secondary:
                numbers = ", ".join(f'<span title="{_e(t)}">{_e(t.split(" ", 1)[0])}</span>'
                                    for t in cell.secondary)
                lines.append(f'<span class="dim">secondary in theme {numbers}</span>')
            noun = "action" if cell.actions == 1 else "actions"
            lines.append(f'<span class="dim">{cell.actions} {noun}</span>')
            row.append("<td>" + "<br>".join(lines) + "</td>")
        rows.append(row)
    return (_table(header, rows, "crosswalk") +
            '<p class="note">Plan themes whose primary canonical theme this is; “secondary in”: '
            "plan themes where it is a secondary theme (hover for the title); the count is of "
            "actions whose own canonical theme it is. A gap: no theme and no action of the area "
            "has it.</p>")


def _change_text(c: dict[str, Any]) -> tuple[str, str, str]:
    """(what, before, after) of one change row of actionplans.diff."""
    what = {"changed": f"{c.get('field')} changed", "brought_forward": "brought forward",
            "set": "due date set", "cleared": "due date cleared"}.get(c["change"], c["change"])
    text = (c.get("action_text") or "—")[:160]
    if c["change"] == "added":
        return what, "—", text
    if c["change"] == "removed":
        return what, text, "—"
    before = "—" if c.get("from_value") is None else str(c["from_value"])
    after = "—" if c.get("to_value") is None else str(c["to_value"])
    if c.get("days") is not None:
        after += f" ({c['days']:+d} days)"
    return what, before, after


def _changes_section(data: ReportData) -> str:
    if not data.versions:
        return ('<p class="note">Every area has a single version in this dataset: nothing to '
                "compare.</p>")
    parts = []
    for d in data.versions:
        parts.append(f"<h3>{_e(d.area)}: {_e(describe(d.from_doc))} → "
                     f"{_e(describe(d.to_doc))}</h3>")
        if not d.changes:
            parts.append('<p class="note">No action changed.</p>')
            continue
        parts.append('<p class="note">' + _e(", ".join(f"{n} {k}" for k, n in
                                                       d.counts().items())) + "</p>")
        rows = []
        for c in d.changes:
            what, before, after = _change_text(c)
            rows.append([_td(c["action_id"]), _td(what), _td(before), _td(after)])
        parts.append(_table(["action", "change", "before", "after"], rows, "changes"))
    return "".join(parts)


def _warnings_section(data: ReportData) -> str:
    if not data.warnings:
        return '<p class="note">No warnings.</p>'
    by_severity = Counter(w["severity"] for w in data.warnings)
    parts = [f'<p class="note">{len(data.warnings)} warning(s) on the latest versions ('
             + _e(", ".join(f"{by_severity[s]} {s}" for s in SEVERITIES if by_severity[s]))
             + "): what was repaired, inferred or could not be read. Errors first.</p>"]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for w in data.warnings:
        groups[(w["severity"], w["code"])].append(w)
    rank = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    for severity, code in sorted(groups, key=lambda k: (rank.get(k[0], 9), k[1])):
        rows = groups[(severity, code)]
        spec = code_spec(code)
        parts.append(f'<details><summary><span class="sev-{_e(severity)}">{_e(severity)}'
                     f"</span> <code>{_e(code)}</code> — {len(rows)}"
                     + (f' <span class="dim">{_e(spec.meaning)}</span>' if spec else "")
                     + "</summary>")
        if spec:
            parts.append(f'<p class="note">What to do: {_e(spec.action)}</p>')
        parts.append(_table(["area", "action", "field", "location", "message"], [
            [_td(w["area"]), _td(w.get("action_id") or "(document)"), _td(w.get("field") or "—"),
             _td(w.get("location") or "—"), _td(w["message"])]
            for w in rows[:MAX_WARNINGS_SHOWN]]))
        if len(rows) > MAX_WARNINGS_SHOWN:
            parts.append(f'<p class="note">… and {len(rows) - MAX_WARNINGS_SHOWN} more '
                         "(<code>actionplans warnings</code> lists them all).</p>")
        parts.append("</details>")
    return "".join(parts)


def render(data: ReportData) -> str:
    """The whole page as one HTML string."""
    bodies = {
        "status": _status_section(data),
        "timeline": _timeline_section(data),
        "owners": _owners_section(data),
        "crosswalk": _crosswalk_section(data),
        "changes": _changes_section(data),
        "warnings": _warnings_section(data),
    }
    nav = "".join(f'<a href="#{key}">{_e(title)}</a>' for key, title in SECTIONS)
    sections = "".join(f'<section id="{key}"><h2>{_e(title)}</h2>{bodies[key]}</section>'
                       for key, title in SECTIONS)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Action plans report</title>"
        f"<style>{CSS}</style></head><body>"
        "<h1>Action plans report</h1>"
        f'<p class="note">Dataset: {_e(data.out)} — {len(data.latest)} area(s), '
        f"{len(data.actions)} actions in the latest versions.</p>"
        f"{_overview(data)}<nav>{nav}</nav>{sections}</body></html>\n"
    )


def write_report(out: str | Path, to: str | Path | None = None) -> Path:
    """Render the dataset at `out` to `to` (default `<out>/report.html`); returns the path.

    ValueError when the dataset holds no documents; OSError when `to` cannot be written.
    """
    html = render(load(out))
    target = Path(to) if to else Path(out) / "report.html"
    target.write_text(html, encoding="utf-8")
    return target
