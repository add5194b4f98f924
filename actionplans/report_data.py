"""What the HTML report shows, read from a built dataset folder and nothing else.

Each area is shown at its latest version (`actionplans.versions`: plan date, then version); a
second version of an area gives "what changed". Every number
here comes from the Parquet tables, so the page says what the dataset says.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from actionplans.compare.taxonomy import OTHER, load_taxonomy
from actionplans.schemas.tables import PARTITION_COLUMN
from actionplans.versions import latest_document_ids, order_key

Row = dict[str, Any]
DONE = ("complete", "complete_assured")


def read_table(out: Path, name: str) -> list[Row]:
    """All rows of one table (Hive partitions), or [] when the table is not in the folder."""
    folder = Path(out) / name
    if not folder.is_dir() or not any(folder.glob(f"{PARTITION_COLUMN}=*/*.parquet")):
        return []
    return ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()


def latest_ids(out: Path) -> set[str]:
    """Document ids of each area's current version (the order of actionplans.versions)."""
    return latest_document_ids(out)


def effective_due(action: Mapping[str, Any]) -> date | None:
    if "effective_due_date" in action:
        return action["effective_due_date"]
    return action.get("revised_date") or action.get("due_date")


def days_slipped(action: Mapping[str, Any]) -> int | None:
    if "days_slipped" in action:
        return action["days_slipped"]
    due, revised = action.get("due_date"), action.get("revised_date")
    return (revised - due).days if due and revised else None


@dataclass(frozen=True)
class Change:
    action_id: str
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class VersionChange:
    area: str
    before: Row   # documents row of the previous version
    after: Row    # documents row of the latest version
    changes: tuple[Change, ...]


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value) or "—"
    return str(value)


COMPARED = (
    ("rag", "RAG"),
    ("status", "status"),
    ("due_date", "due date"),
    ("revised_date", "revised date"),
    ("owner_raw", "owner"),
)


def _compare_actions(old: Sequence[Row], new: Sequence[Row]) -> list[Change]:
    """Added, removed and changed actions by number (used when actionplans.diff is absent)."""
    before = {a["action_id"]: a for a in old}
    after = {a["action_id"]: a for a in new}
    out = [Change(i, "added", "—", _text(after[i].get("action_text"))[:160])
           for i in after if i not in before]
    out += [Change(i, "removed", _text(before[i].get("action_text"))[:160], "—")
            for i in before if i not in after]
    for i in (i for i in after if i in before):
        a, b = before[i], after[i]
        for col, name in COMPARED:
            if a.get(col) != b.get(col):
                out.append(Change(i, f"{name} changed", _text(a.get(col)), _text(b.get(col))))
        old_due, new_due = effective_due(a), effective_due(b)
        if old_due and new_due and new_due > old_due:
            out.append(Change(i, "slipped", str(old_due),
                              f"{new_due} ({(new_due - old_due).days} days later)"))
    return out


def _diff_changes(out: Path, old: Row, new: Row, old_rows: Sequence[Row],
                  new_rows: Sequence[Row]) -> list[Change]:
    """The changes between two versions of one area's plan."""
    return _compare_actions(old_rows, new_rows)


@dataclass
class ReportData:
    out: Path
    documents: list[Row]                  # every document, all versions
    latest: list[Row]                     # the documents shown, one per area, by area
    actions: list[Row]                    # actions of the latest documents
    owners: list[Row]
    themes: list[Row]
    theme_alignment: list[Row]
    warnings: list[Row]                   # warnings table rows, or rows made from the lists
    warnings_table: bool                  # True when the dataset has a warnings table
    versions: list[VersionChange] = field(default_factory=list)

    @property
    def areas(self) -> list[tuple[str, str]]:
        return [(d[PARTITION_COLUMN], d["area"]) for d in self.latest]


def _warnings_from_lists(documents: Sequence[Row], actions: Sequence[Row]) -> list[Row]:
    rows = [{"area": d["area"], "document_id": d["document_id"], "action_id": None,
             "message": w} for d in documents for w in d["warnings"]]
    rows += [{"area": a["area"], "document_id": a["document_id"], "action_id": a["action_id"],
              "message": w} for a in actions for w in a["warnings"]]
    return rows


def load(out: str | Path) -> ReportData:
    """Read the dataset at `out`; ValueError when it holds no documents."""
    out = Path(out)
    documents = read_table(out, "documents")
    if not documents:
        raise ValueError(f"no documents under {out}; run `actionplans build --out {out}` first")
    keep = latest_ids(out)
    latest = sorted((d for d in documents if d["document_id"] in keep), key=lambda d: d["area"])
    all_actions = read_table(out, "actions")

    def current(rows: Iterable[Row]) -> list[Row]:
        return [r for r in rows if r["document_id"] in keep]

    warnings = read_table(out, "warnings")
    has_warnings = (out / "warnings").is_dir()
    actions = current(all_actions)
    data = ReportData(
        out, documents, latest, actions, current(read_table(out, "owners")),
        current(read_table(out, "themes")), current(read_table(out, "theme_alignment")),
        current(warnings) if has_warnings else _warnings_from_lists(latest, actions),
        has_warnings,
    )
    by_doc: dict[str, list[Row]] = defaultdict(list)
    for a in all_actions:
        by_doc[a["document_id"]].append(a)
    for new in latest:
        older = sorted((d for d in documents if d[PARTITION_COLUMN] == new[PARTITION_COLUMN]
                        and d["document_id"] != new["document_id"]), key=order_key)
        if older:
            old = older[-1]
            changes = _diff_changes(out, old, new, by_doc[old["document_id"]],
                                    by_doc[new["document_id"]])
            data.versions.append(VersionChange(new["area"], old, new, tuple(changes)))
    return data


def canonical_order(used: Iterable[str]) -> list[str]:
    """Taxonomy order, then `other` when it is used."""
    used = set(used)
    ids = [t for t in load_taxonomy().ids if t in used]
    return ids + ([OTHER] if OTHER in used else [])


def label(canonical: str) -> str:
    return load_taxonomy().label(canonical)


def counts_by_theme(actions: Sequence[Row], column: str) -> list[tuple[str, Counter[str]]]:
    """(canonical theme label, counts of `column` values) in taxonomy order."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for a in actions:
        per[a["canonical_theme"]][a.get(column) or "none"] += 1
    return [(label(c), per[c]) for c in canonical_order(per)]


@dataclass(frozen=True)
class OrgLoad:
    organisation: str
    code: str | None
    open: int
    done: int


def organisation_load(data: ReportData) -> tuple[list[OrgLoad], int]:
    """Distinct actions per organisation named as owner or lead; and actions naming none."""
    status = {(a["document_id"], a["action_id"]): a["status"] for a in data.actions}
    per: dict[tuple[str, str | None], set[tuple[str, str]]] = defaultdict(set)
    resolved: set[tuple[str, str]] = set()
    for o in data.owners:
        if o.get("organisation"):
            key = (o["document_id"], o["action_id"])
            per[(o["organisation"], o.get("org_code"))].add(key)
            resolved.add(key)
    loads = [OrgLoad(org, code, sum(status.get(k) not in DONE for k in keys),
                     sum(status.get(k) in DONE for k in keys))
             for (org, code), keys in per.items()]
    loads.sort(key=lambda x: (-(x.open + x.done), x.organisation))
    return loads, len(set(status) - resolved)


@dataclass(frozen=True)
class CrosswalkCell:
    primary: tuple[str, ...]     # "6.2 DISCHARGE TO ASSESS": plan themes with this primary theme
    secondary: tuple[str, ...]   # plan themes where it is a secondary theme
    actions: int                 # actions whose canonical theme this is

    @property
    def gap(self) -> bool:
        return not self.primary and not self.secondary and not self.actions


def _theme_number_key(theme_id: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in theme_id.split("."))


def crosswalk(data: ReportData) -> tuple[list[str], dict[tuple[str, str], CrosswalkCell]]:
    """Canonical themes × areas from theme_alignment (latest versions) and the actions."""
    titles = {(t["document_id"], t["theme_id"]): t.get("title") or "" for t in data.themes}
    prim: dict[tuple[str, str], list[str]] = defaultdict(list)
    sec: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in sorted(data.theme_alignment, key=lambda r: _theme_number_key(r["theme_id"])):
        name = f'{r["theme_id"]} {titles.get((r["document_id"], r["theme_id"]), "")}'.strip()
        target = prim if r["rank"] == 0 else sec
        target[(r["canonical_theme"], r[PARTITION_COLUMN])].append(name)
    counts = Counter((a["canonical_theme"], a[PARTITION_COLUMN]) for a in data.actions)
    rows = canonical_order({*load_taxonomy().ids, *(k[0] for k in (*prim, *counts))})
    cells = {
        (c, area_id): CrosswalkCell(tuple(prim[(c, area_id)]), tuple(sec[(c, area_id)]),
                                    counts[(c, area_id)])
        for c in rows for area_id, _ in data.areas
    }
    return rows, cells
