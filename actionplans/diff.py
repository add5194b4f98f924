"""What changed between two versions of one area's plan, action by action.

Actions are matched by their number. A change is one row: an action added or removed, or one
field of a matched action changed — RAG (current, on target, previous), status, section, start,
due or revised date, owner or lead. Due and revised dates are summed up by the effective due date
(revised, else due): it `slipped` or was `brought_forward` by so many days, or was `set` or
`cleared`. Text is compared with whitespace collapsed, so a re-wrapped cell is no change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from actionplans.query import QueryError, connect, resolve_area

COMPARED = (
    "section",
    "rag",
    "rag_on_target",
    "rag_previous",
    "status",
    "start_date",
    "due_date",
    "revised_date",
    "owner_raw",
    "lead_raw",
)
EFFECTIVE = "effective_due_date"
COLUMNS = (
    "area",
    "action_id",
    "theme_id",
    "change",
    "field",
    "from_value",
    "to_value",
    "days",
    "action_text",
    "from_document_id",
    "to_document_id",
)


class DiffError(QueryError):
    """An unknown area or version, or an area with one version only (exit status 2)."""


@dataclass(frozen=True)
class Diff:
    area: str
    from_doc: Mapping[str, Any]
    to_doc: Mapping[str, Any]
    changes: tuple[dict[str, Any], ...]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.changes:
            out[c["change"]] = out.get(c["change"], 0) + 1
        return out


def _order_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    try:
        from actionplans.versions import order_key
    except ImportError:
        numbers = tuple(int(n) for n in re.findall(r"\d+", row.get("version") or ""))
        return (row.get("plan_date") or dt.date.min, numbers, row["document_id"])
    return order_key(row)


def describe(doc: Mapping[str, Any]) -> str:
    """ "V19 (2018-03-19, 25fd2a87a6863249)" """
    version = f"V{doc['version']}" if doc.get("version") else "no version"
    date = doc["plan_date"].isoformat() if doc.get("plan_date") else "no plan date"
    return f"{version} ({date}, {doc['document_id']})"


def _rows(con: Any, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def _area_documents(con: Any, area: str) -> list[dict[str, Any]]:
    try:
        area_id = resolve_area(con, area)
    except QueryError as exc:
        raise DiffError(str(exc)) from None
    docs = _rows(con, "SELECT * FROM documents WHERE area_id = ?", [area_id])
    return sorted(docs, key=_order_key)


def _matches(doc: Mapping[str, Any], selector: str) -> bool:
    s = selector.strip()
    doc_id = doc["document_id"]
    if s.lower() == doc_id or (len(s) >= 4 and doc_id.startswith(s.lower())):
        return True
    if doc.get("plan_date") is not None and s == doc["plan_date"].isoformat():
        return True
    version = (doc.get("version") or "").strip()
    wanted = re.sub(r"^(?:v|version)\s*", "", s, flags=re.I)
    return bool(version) and wanted.lower() == version.lower()


def _pick(docs: Sequence[dict[str, Any]], selector: str, area: str) -> dict[str, Any]:
    found = [d for d in docs if _matches(d, selector)]
    listed = "; ".join(describe(d) for d in docs)
    if not found:
        raise DiffError(
            f"no version {selector!r} of {area} (give a version number, a plan date "
            f"YYYY-MM-DD or a document_id): the dataset has {listed}"
        )
    if len(found) > 1:
        raise DiffError(
            f"{selector!r} matches {len(found)} documents of {area}: "
            f"{'; '.join(describe(d) for d in found)}; give the document_id"
        )
    return found[0]


def choose(
    docs: Sequence[dict[str, Any]], area: str, start: str | None, end: str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (from, to) documents: the two latest by default, else as selected."""
    if len(docs) < 2 and not (start and end):
        raise DiffError(
            f"{area} has one version only ({describe(docs[0])}): nothing to compare; "
            "load another issue of the plan"
        )
    to_doc = _pick(docs, end, area) if end else None
    from_doc = _pick(docs, start, area) if start else None
    if to_doc is None:
        to_doc = docs[-1]
    if from_doc is None:
        earlier = [d for d in docs if _order_key(d) < _order_key(to_doc)]
        if not earlier:
            raise DiffError(f"no version of {area} before {describe(to_doc)}: give --from")
        from_doc = earlier[-1]
    if from_doc["document_id"] == to_doc["document_id"]:
        raise DiffError(f"--from and --to are the same document: {describe(to_doc)}")
    return from_doc, to_doc


def _keyed(actions: Sequence[dict[str, Any]]) -> dict[tuple[str, int], dict[str, Any]]:
    """Actions by (number, occurrence): a number printed twice is two actions, in order."""
    seen: dict[str, int] = {}
    out = {}
    for a in actions:
        n = seen.get(a["action_id"], 0)
        seen[a["action_id"]] = n + 1
        out[(a["action_id"], n)] = a
    return out


def _norm(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def _effective(a: Mapping[str, Any]) -> dt.date | None:
    return a.get(EFFECTIVE) if EFFECTIVE in a else (a.get("revised_date") or a.get("due_date"))


def compare_actions(
    old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Change rows (without document ids) from the actions of one version to the next."""
    before, after = _keyed(old), _keyed(new)
    changes: list[dict[str, Any]] = []

    def row(a: Mapping[str, Any], change: str, field: str | None = None,
            was: Any = None, now: Any = None, days: int | None = None) -> None:
        changes.append({"area": a["area"], "action_id": a["action_id"], "theme_id": a["theme_id"],
                        "change": change, "field": field, "from_value": was, "to_value": now,
                        "days": days, "action_text": a.get("action_text")})  # fmt: skip

    order = list(before) + [k for k in after if k not in before]
    for key in sorted(order, key=lambda k: (_id_key(k[0]), k[1])):
        a, b = before.get(key), after.get(key)
        if a is None:
            row(b, "added")
            continue
        if b is None:
            row(a, "removed")
            continue
        for name in COMPARED:
            was, now = _norm(a.get(name)), _norm(b.get(name))
            if was == now:
                continue
            dated = isinstance(was, dt.date) and isinstance(now, dt.date)
            days = (now - was).days if dated else None
            row(b, "changed", name, was, now, days)
        was, now = _effective(a), _effective(b)
        if was != now:
            if was is None or now is None:
                row(b, "set" if was is None else "cleared", EFFECTIVE, was, now)
            else:
                days = (now - was).days
                row(b, "slipped" if days > 0 else "brought_forward", EFFECTIVE, was, now, days)
    return changes


def _id_key(action_id: str) -> tuple[Any, ...]:
    """Natural order of action numbers: 2.2 before 2.10, letters after numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                 for p in re.findall(r"\d+|[A-Za-z]+", action_id))  # fmt: skip


def diff_area(out: Any, area: str, start: str | None = None, end: str | None = None) -> Diff:
    """The changes of `area` between two versions in the dataset at `out`."""
    con = connect(out)
    try:
        docs = _area_documents(con, area)
        from_doc, to_doc = choose(docs, docs[0]["area"], start, end)
        sql = "SELECT * FROM actions WHERE document_id = ? ORDER BY source_line_start, action_id"
        old = _rows(con, sql, [from_doc["document_id"]])
        new = _rows(con, sql, [to_doc["document_id"]])
    finally:
        con.close()
    changes = compare_actions(old, new)
    for c in changes:
        c["from_document_id"] = from_doc["document_id"]
        c["to_document_id"] = to_doc["document_id"]
    return Diff(to_doc["area"], from_doc, to_doc, tuple(changes))


def as_json(d: Diff) -> dict[str, Any]:
    def doc(x: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "document_id": x["document_id"],
            "version": x.get("version"),
            "plan_date": x["plan_date"].isoformat() if x.get("plan_date") else None,
            "source_path": x.get("source_path"),
        }

    return {
        "area": d.area,
        "from": doc(d.from_doc),
        "to": doc(d.to_doc),
        "counts": d.counts(),
        "changes": [{k: c.get(k) for k in COLUMNS} for c in d.changes],
    }
