"""`actionplans inspect FILE`: how one document was understood, for an analyst loading a layout.

It shows what the pipeline decided — where area, plan date and version came from, each table's
header labels and the field each was read as, themes, the RAG key, the id scheme, row counts and
every warning grouped by kind — so a wrong reading can be fixed with a hints file
(`extract/hints.py`) instead of code. It only calls the pipeline's own public steps.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from actionplans.extract.errors import DocumentError
from actionplans.extract.headers import assign_roles
from actionplans.extract.hints import LayoutHints, apply_meta, find_hints, load_hints
from actionplans.extract.ids import id_scheme
from actionplans.extract.mapping import map_document
from actionplans.extract.registry import read_document
from actionplans.extract.rows import table_roles
from actionplans.normalise.document import read_document_meta
from actionplans.normalise.rag import key_from_entries, read_rag
from actionplans.pipeline import process_document

# How each source code of the documents table reads to a person.
SOURCES = {
    "document": "document title lines",
    "file_name": "file name",
    "hints": "hints file",
    "override": "--area on the command line",
}
_AREA_LINES = 25  # the head lines the area is searched in (normalise.document.find_area)
_LOCATION = re.compile(r"^(?:(?:lines?|pages?)\s+\d+(?:-\d+)?|table \d+ row \d+|action \S+)\s*:\s*")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|‘[^’]*’")
_NUMBER = re.compile(r"\d+(?:[.\-/]\d+)*")
_ASIDE = re.compile(r"\s+\([^)]*\)")


def inspect_document(
    path: str | Path, *, area_override: str | None = None, hints: LayoutHints | None = None
) -> dict[str, Any]:
    """Everything `inspect` shows, as one JSON-ready dict in a stable key order.

    Raises DocumentError when the file (or its hints file) cannot be read; a document that
    reads but would not load (no area, no actions) is described with its `error`.
    """
    path = Path(path)
    if hints is None and (sidecar := find_hints(path)) is not None:
        hints = load_hints(sidecar)
    doc = read_document(path, hints)
    meta = read_document_meta(
        doc.head_lines, doc.title, doc.full_text, doc.source_path, area_override
    )
    if hints is not None:
        meta = apply_meta(meta, hints)
    reference = meta.plan_date
    mapped = map_document(doc, reference=reference, hints=hints)
    try:
        result = process_document(path, area_override, hints)
        error = None
    except DocumentError as exc:
        result, error = None, str(exc)

    row = result.tables["documents"][0] if result else None
    area = row["area"] if row else meta.area
    area_source = row["area_source"] if row else meta.area_source
    version = row["version"] if row else meta.version
    plan_date = row["plan_date"] if row else meta.plan_date
    plan_date_source = row["plan_date_source"] if row else meta.plan_date_source
    per_table = Counter(a.table_index for a in mapped.actions)

    if row:
        key_entries = [
            {"colour": e["colour"], "meaning": e["meaning"], "status": e["status"]}
            for e in row["rag_key"]
        ]
    else:
        pairs = (
            hints.rag_entries()
            if hints is not None and hints.rag_key
            else [(e.colour, e.meaning) for e in doc.rag_key]
        )
        key = key_from_entries(pairs)
        key_entries = [
            {
                "colour": read_rag(c).colour or c,
                "meaning": m,
                "status": key.get(read_rag(c).colour or ""),
            }
            for c, m in pairs
        ]
    key_source = None
    if key_entries:
        key_source = "hints" if hints is not None and hints.rag_key else "document"

    if result:
        warnings = [
            *row["warnings"],
            *(_on(a["action_id"], w) for a in result.tables["actions"] for w in a["warnings"]),
        ]
        printed = [a["action_id"] for a in result.tables["actions"] if not a["action_id_inferred"]]
        inferred = sum(1 for a in result.tables["actions"] if a["action_id_inferred"])
    else:
        warnings = [
            *meta.warnings,
            *doc.warnings,
            *mapped.warnings,
            *(_on(a.action_id, w) for a in mapped.actions for w in a.warnings),
        ]
        printed = [a.action_id for a in mapped.actions if not a.id_inferred]
        inferred = sum(1 for a in mapped.actions if a.id_inferred)

    return {
        "file": str(path),
        "loaded": result is not None,
        "error": error,
        "source_format": doc.source_format,
        "pages": doc.page_count,
        "title": doc.title,
        "area": {
            "value": area,
            "source": area_source,
            "candidates": None if area else list(meta.area_candidates),
        },
        "plan_date": {
            "value": plan_date.isoformat() if plan_date else None,
            "source": plan_date_source,
        },
        "version": {"value": version, "source": _version_source(version, hints)},
        "hints": (
            {"path": hints.path, "settings": hints.settings()} if hints is not None else None
        ),
        "tables": [
            _table_info(table, reference, hints, per_table.get(table.index, 0))
            for table in doc.tables
        ],
        "themes": [
            {
                "id": t.theme_id,
                "title": t.title or None,
                "section": t.section,
                "location": t.location.describe(),
            }
            for t in doc.themes
        ],
        "rag_key": {"source": key_source, "entries": key_entries},
        "id_scheme": {
            "scheme": id_scheme(printed) if printed else _no_ids(inferred),
            "printed": len(printed),
            "inferred": inferred,
        },
        "counts": {
            "themes": len(result.tables["themes"]) if result else len(doc.themes),
            "actions": len(result.tables["actions"]) if result else len(mapped.actions),
            "owners": len(result.tables["owners"]) if result else None,
            "updates": len(result.tables["updates"]) if result else None,
            "targets": len(result.tables["targets"]) if result else None,
        },
        "warnings": {"total": len(warnings), "kinds": group_warnings(warnings)},
    }


def _text_lines(lines: tuple[str, ...]) -> list[str]:
    """The head lines the area was searched in; table rows are left out to keep it short."""
    return [line for line in lines if "\t" not in line]


def _on(action_id: str, warning: str) -> str:
    """An action's warning with the action named when the warning gives no location."""
    return warning if _LOCATION.match(warning) else f"action {action_id}: {warning}"


def _version_source(version: str | None, hints: LayoutHints | None) -> str | None:
    if version is None:
        return None
    return "hints" if hints is not None and hints.version else "document"


def _no_ids(inferred: int) -> str:
    return "inferred (plan prints none)" if inferred else "none"


def _table_info(table: Any, reference: Any, hints: LayoutHints | None, actions: int) -> dict:
    """Header labels with the field each is read as, and why (header words, hints, content)."""
    roles = table_roles(table, reference, hints)
    by_label, pinned = (
        hints.header_roles(table.header) if hints is not None else (assign_roles(table.header), ())
    )
    columns = []
    for i, label in enumerate(table.header):
        role = roles[i] if i < len(roles) else None
        if i in pinned:
            source = "hints" if role else "ignored (hints)"
        elif role is None:
            source = None
        elif by_label[i] == role:
            source = "header"
        else:
            source = "content"  # e.g. an unlabelled column holding the action numbers
        columns.append({"label": label, "role": role, "source": source})
    theme = table.theme
    return {
        "index": table.index,
        "location": table.location.describe(),
        "section": table.section,
        "theme": {"id": theme.theme_id, "title": theme.title or None} if theme else None,
        "rows": len(table.rows),
        "actions": actions,
        "columns": columns,
        "unmapped": [
            c["label"] for c in columns if c["source"] is None and c["label"].strip()
        ],  # labels no synonym or hint gives a field (hinted "ignore" columns are not listed)
    }


def warning_kind(message: str) -> str:
    """A warning with its location, quoted cell text, numbers and asides taken out."""
    text = _LOCATION.sub("", message)
    text = _QUOTED.sub("…", text)
    text = _NUMBER.sub("N", text)
    text = _ASIDE.sub("", text)
    for sep in (";", ": "):
        cut = text.find(sep)
        while 0 <= cut < 12:  # "due: text around the date …" keeps its field name
            cut = text.find(sep, cut + 1)
        if cut > 0:
            text = text[:cut]
    return " ".join(text.split())


def group_warnings(warnings: list[str]) -> list[dict[str, Any]]:
    """Warnings by kind, the most frequent first, each with all its messages."""
    groups: dict[str, list[str]] = {}
    for message in warnings:
        groups.setdefault(warning_kind(message), []).append(message)
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    return [{"kind": k, "count": len(groups[k]), "messages": groups[k]} for k in order]


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def print_report(report: dict[str, Any], console: Console) -> None:
    """The report for a person; every piece of document text is escaped for rich markup."""

    def out(text: str = "") -> None:
        console.print(text, soft_wrap=True, highlight=False)

    def e(value: object) -> str:
        return escape(str(value)) if value is not None else "[dim]—[/dim]"

    def src(source: str | None) -> str:
        return f" [dim](from {escape(SOURCES.get(source, source))})[/dim]" if source else ""

    out(f"[bold]{e(report['file'])}[/bold]")
    pages = f", pages: {report['pages']}" if report["pages"] else ""
    out(f"  format: {e(report['source_format'])}{pages}")
    out(f"  title: {e(report['title'])}")
    area = report["area"]
    out(f"  area: {e(area['value'])}{src(area['source'])}")
    if area["candidates"] is not None:
        out("    [yellow]area not found[/yellow]; title lines searched:")
        for line in area["candidates"]:
            out(f"      {e(line)}")
    for name in ("plan_date", "version"):
        item = report[name]
        out(f"  {name.replace('_', ' ')}: {e(item['value'])}{src(item['source'])}")
    if report["hints"]:
        out(f"  hints: {e(report['hints']['path'])}")
        for key, value in report["hints"]["settings"].items():
            out(f"    {e(key)} = {e(json.dumps(value, ensure_ascii=False))}")

    out()
    out(f"[bold]tables[/bold] ({len(report['tables'])})")
    previous: dict[str, Any] | None = None
    for t in report["tables"]:
        theme = t["theme"]
        under = "no theme"
        if theme:
            under = f"theme {e(theme['id'])} {e(theme['title'] or '')}".rstrip()
        out(
            f"  table {t['index']} at {e(t['location'])} ({e(t['section'])}), under {under}: "
            f"rows {t['rows']}, actions {t['actions']}"
        )
        if previous is not None and previous["columns"] == t["columns"]:
            out(f"    columns as table {previous['index']}")
            continue
        previous = t
        for c in t["columns"]:
            role = e(c["role"]) if c["role"] else "[yellow]unmapped[/yellow]"
            how = f" [dim]({e(c['source'])})[/dim]" if c["source"] else ""
            out(f"    {e(c['label']) or '[dim](no label)[/dim]'} → {role}{how}")
        if t["unmapped"]:
            out(f"    unmapped: {', '.join(e(x) for x in t['unmapped'])}")

    out()
    out(f"[bold]themes[/bold] ({len(report['themes'])})")
    for th in report["themes"]:
        where = f"[dim]{e(th['section'])}, {e(th['location'])}[/dim]"
        out(f"  {e(th['id'])}  {e(th['title'])}  {where}")

    out()
    key = report["rag_key"]
    read = {
        "document": " [dim](read from the document)[/dim]",
        "hints": " [dim](from the hints file; replaces the document's)[/dim]",
    }.get(key["source"] or "", " (none found: the common convention applies)")
    out(f"[bold]RAG key[/bold]{read}")
    for entry in key["entries"]:
        out(f"  {e(entry['colour'])} → {e(entry['meaning'])} → {e(entry['status'])}")

    ids = report["id_scheme"]
    out()
    out(
        f"[bold]id scheme[/bold]: {e(ids['scheme'])} "
        f"({ids['printed']} printed, {ids['inferred']} inferred)"
    )
    counts = ", ".join(f"{k} {'—' if v is None else v}" for k, v in report["counts"].items())
    out(f"[bold]rows[/bold]: {counts}")

    warnings = report["warnings"]
    out()
    out(f"[bold]warnings[/bold] ({warnings['total']})")
    for group in warnings["kinds"]:
        out(f"  [yellow]{group['count']} ×[/yellow] {e(group['kind'])}")
        for message in group["messages"]:
            out(f"      {e(message)}")
    if report["error"]:
        out()
        out(f"[red]not loaded[/red]: {e(report['error'])}")
