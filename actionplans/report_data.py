"""What the HTML report shows, read from a built dataset folder and nothing else.

Each area is shown at its latest version (`actionplans.versions`); an area with an earlier
version gets "what changed" from `actionplans.diff`. Organisations' load is a GROUP BY of
`owner_organisations`, slippage is `actions.days_slipped`, warnings are the `warnings` table with
their codes (`actionplans.warning_codes`). Every number on the page comes from the dataset.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from actionplans.compare.taxonomy import OTHER, load_taxonomy
from actionplans.diff import Diff, diff_area
from actionplans.query import QueryError
from actionplans.schemas.tables import PARTITION_COLUMN
from actionplans.versions import latest_document_ids

Row = dict[str, Any]
DONE = ("complete", "complete_assured")


def read_table(out: Path, name: str) -> list[Row]:
    """All rows of one table (Hive partitions), or [] when the table is not in the folder."""
    folder = Path(out) / name
    if not folder.is_dir() or not any(folder.glob(f"{PARTITION_COLUMN}=*/*.parquet")):
        return []
    return ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()


@dataclass
class ReportData:
    out: Path
    documents: list[Row]                  # every document, all versions
    latest: list[Row]                     # the documents shown, one per area, by area
    actions: list[Row]                    # actions of the latest documents
    owner_organisations: list[Row]
    themes: list[Row]
    theme_alignment: list[Row]
    warnings: list[Row]
    versions: list[Diff] = field(default_factory=list)   # latest vs previous, per area

    @property
    def areas(self) -> list[tuple[str, str]]:
        return [(d[PARTITION_COLUMN], d["area"]) for d in self.latest]


def load(out: str | Path) -> ReportData:
    """Read the dataset at `out`; ValueError when it holds no documents."""
    out = Path(out)
    documents = read_table(out, "documents")
    if not documents:
        raise ValueError(f"no documents under {out}; run `actionplans build --out {out}` first")
    keep = latest_document_ids(out)
    latest = sorted((d for d in documents if d["document_id"] in keep), key=lambda d: d["area"])

    def current(name: str) -> list[Row]:
        return [r for r in read_table(out, name) if r["document_id"] in keep]

    data = ReportData(out, documents, latest, current("actions"), current("owner_organisations"),
                      current("themes"), current("theme_alignment"), current("warnings"))
    versions = Counter(d[PARTITION_COLUMN] for d in documents)
    for d in latest:
        if versions[d[PARTITION_COLUMN]] > 1:
            try:
                data.versions.append(diff_area(out, d[PARTITION_COLUMN]))
            except QueryError as exc:  # one line naming the area, never a traceback
                raise ValueError(f"what changed in {d['area']}: {exc}") from exc
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
    labels: dict[str, str] = {}
    for a in actions:
        per[a["canonical_theme"]][a.get(column) or "none"] += 1
        labels[a["canonical_theme"]] = a["canonical_theme_label"]
    return [(labels[c], per[c]) for c in canonical_order(per)]


@dataclass(frozen=True)
class OrgLoad:
    organisation: str
    code: str | None
    open: int
    done: int


def organisation_load(data: ReportData) -> tuple[list[OrgLoad], int]:
    """Actions per organisation named as owner or lead; and how many actions name none."""
    status = {(a["document_id"], a["action_id"]): a["status"] for a in data.actions}
    per: dict[tuple[str, str | None], list[str | None]] = defaultdict(list)
    for o in data.owner_organisations:
        per[(o["organisation"], o.get("org_code"))].append(
            status.get((o["document_id"], o["action_id"])))
    loads = [OrgLoad(org, code, sum(s not in DONE for s in st), sum(s in DONE for s in st))
             for (org, code), st in per.items()]
    loads.sort(key=lambda x: (-(x.open + x.done), x.organisation))
    named = {(o["document_id"], o["action_id"]) for o in data.owner_organisations}
    return loads, len(set(status) - named)


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
