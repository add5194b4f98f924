"""The compare stage: read themes and actions from a built dataset, align, match, write, show.

`run_compare(out, console)` is what `actionplans compare` (and `build`) call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from actionplans.compare.classify import classify_tables, theme_key
from actionplans.compare.crosswalk import CrosswalkCell, PlanTheme, crosswalk_cells
from actionplans.compare.match import match_actions
from actionplans.compare.taxonomy import OTHER, Taxonomy, load_taxonomy
from actionplans.dataset import DatasetWriter
from actionplans.schemas.tables import PARTITION_COLUMN
from actionplans.versions import latest_rows, read_documents

COMPARE_TABLES = ("theme_alignment", "action_matches", "crosswalk")
FILE_STEM = "compare"
MAX_TERMS = 12


@dataclass(frozen=True)
class ActionTheme:
    area_id: str
    document_id: str
    action_id: str
    canonical_theme: str


@dataclass(frozen=True)
class CompareResult:
    areas: tuple[tuple[str, str], ...]          # (area_id, area), sorted by area_id
    themes: tuple[PlanTheme, ...]
    actions: tuple[ActionTheme, ...]            # in the order the actions were read
    theme_alignment: tuple[dict[str, Any], ...]
    action_matches: tuple[dict[str, Any], ...]
    crosswalk: tuple[CrosswalkCell, ...]
    canonical_ids: tuple[str, ...]              # rows of the crosswalk

    @property
    def unclassified(self) -> int:
        """Themes and actions that fell back to `other` (no keyword or term matched)."""
        return (sum(t.classification.primary == OTHER for t in self.themes)
                + sum(a.canonical_theme == OTHER for a in self.actions))


def _read(out: Path, name: str) -> list[dict[str, Any]]:
    folder = Path(out) / name
    if not folder.is_dir():
        return []
    return ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()


def compare_tables(themes: Sequence[Mapping[str, Any]], actions: Sequence[Mapping[str, Any]],
                   taxonomy: Taxonomy | None = None) -> CompareResult:
    """Alignment, matches and crosswalk of themes and actions rows (with `area_id`)."""
    taxonomy = taxonomy or load_taxonomy()
    theme_cls, action_cls = classify_tables(themes, actions, taxonomy)
    first: dict[tuple[str, str], Mapping[str, Any]] = {}
    for t in themes:
        first.setdefault(theme_key(t), t)
    plan_themes = tuple(
        PlanTheme(row["area"], row[PARTITION_COLUMN], key[0], key[1], row.get("title") or "",
                  theme_cls[key])
        for key, row in sorted(first.items(), key=lambda kv: (kv[1][PARTITION_COLUMN], kv[0])))
    alignment = tuple(
        {"canonical_theme": s.canonical_theme, "area": t.area, PARTITION_COLUMN: t.area_id,
         "document_id": t.document_id, "theme_id": t.theme_id, "rank": rank,
         "score": s.score, "matched_terms": list(s.matched_terms[:MAX_TERMS])}
        for t in plan_themes for rank, s in enumerate(t.classification.scores))
    primaries = [c.primary for c in action_cls]
    action_themes = tuple(ActionTheme(a[PARTITION_COLUMN], a["document_id"], a["action_id"], p)
                          for a, p in zip(actions, primaries, strict=True))
    areas = tuple(sorted({(r[PARTITION_COLUMN], r["area"]) for r in [*themes, *actions]}))
    used = {t.classification.primary for t in plan_themes} | set(primaries)
    canonical_ids = taxonomy.ids + ((OTHER,) if OTHER in used else ())
    secondaries = [
        (a[PARTITION_COLUMN], s.canonical_theme)
        for a, c in zip(actions, action_cls, strict=True) for s in c.scores[1:]
    ]
    theme_actions: dict[tuple[str, str], int] = defaultdict(int)
    for a in actions:
        if a.get("theme_id") is not None:
            theme_actions[(a["document_id"], a["theme_id"])] += 1
    cells = crosswalk_cells(plan_themes, [(a.area_id, a.canonical_theme) for a in action_themes],
                            canonical_ids, [a for a, _ in areas], secondaries, theme_actions)
    themes_of = {
        (a["document_id"], a["action_id"]): {s.canonical_theme for s in c.scores}
        for a, c in zip(actions, action_cls, strict=True)
    }
    primary_of = {(a["document_id"], a["action_id"]): p
                  for a, p in zip(actions, primaries, strict=True)}
    matches = [
        _with_shared_theme(row, primary_of, themes_of)
        for row in match_actions(actions, primaries, taxonomy)
    ]
    return CompareResult(areas, plan_themes, action_themes, alignment, tuple(matches), cells,
                         canonical_ids)


def _with_shared_theme(row: dict[str, Any], primary_of: dict, themes_of: dict) -> dict[str, Any]:
    """The pair's shared canonical theme: a common primary, else one's primary that is among
    the other's themes, else none; both primaries kept beside it."""
    a = (row["document_id_a"], row["action_id_a"])
    b = (row["document_id_b"], row["action_id_b"])
    pa_, pb = primary_of[a], primary_of[b]
    if pa_ == pb or pa_ in themes_of[b]:
        shared: str | None = pa_
    else:
        shared = pb if pb in themes_of[a] else None
    return {**row, "canonical_theme": shared, "canonical_theme_a": pa_, "canonical_theme_b": pb}


def crosswalk_rows(result: CompareResult) -> list[dict[str, Any]]:
    """The crosswalk as rows of the `crosswalk` table (one per canonical theme and area)."""
    taxonomy = load_taxonomy()
    names = dict(result.areas)
    return [
        {
            "canonical_theme": c.canonical_theme,
            "canonical_theme_label": taxonomy.label(c.canonical_theme),
            "area": names[c.area_id],
            PARTITION_COLUMN: c.area_id,
            "plan_themes": list(c.themes),
            "theme_action_count": c.theme_action_count,
            "primary_action_count": c.action_count,
            "secondary_action_count": c.secondary_count,
            "gap": c.gap,
        }
        for c in result.crosswalk
    ]


def compare_dataset(out: Path, all_versions: bool = False) -> CompareResult:
    """Compare every area of the dataset under `out`: each area's latest document, or every
    committed document with `all_versions` (rows of a document not in `documents` are an
    unfinished write and never compared)."""
    docs = read_documents(out)
    keep = {r["document_id"] for r in (docs if all_versions else latest_rows(docs))}
    return compare_tables([r for r in _read(out, "themes") if r["document_id"] in keep],
                          [r for r in _read(out, "actions") if r["document_id"] in keep])


def write_compare(out: Path, result: CompareResult) -> None:
    """One `compare.parquet` per area and table; files of areas no longer present are removed."""
    with DatasetWriter(out) as writer:  # under the dataset's lock, staged then renamed
        _write_compare(writer, out, result)


def _write_compare(writer: DatasetWriter, out: Path, result: CompareResult) -> None:
    current = {area_id for area_id, _ in result.areas}
    for table, rows in (("theme_alignment", result.theme_alignment),
                        ("action_matches", result.action_matches),
                        ("crosswalk", crosswalk_rows(result))):
        by_area: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_area[row[PARTITION_COLUMN]].append(row)
        for area_id in sorted(current):
            writer.write(table, area_id, FILE_STEM, by_area.get(area_id, []))
        for stale in sorted((Path(out) / table).glob(f"{PARTITION_COLUMN}=*/{FILE_STEM}.parquet")):
            if stale.parent.name.split("=", 1)[1] not in current:
                stale.unlink()
                if not any(stale.parent.iterdir()):
                    stale.parent.rmdir()


def format_crosswalk(result: CompareResult) -> Table:
    """Canonical themes as rows, areas as columns: the area's themes and action count, or a gap."""
    taxonomy = load_taxonomy()
    table = Table(title="Crosswalk: canonical themes × areas", title_justify="left",
                  show_lines=True)
    table.add_column("canonical theme", style="bold")
    for _, area in result.areas:
        table.add_column(escape(area))  # names and headings are document text, not markup
    cells = {(c.canonical_theme, c.area_id): c for c in result.crosswalk}
    for canonical in result.canonical_ids:
        row = [escape(taxonomy.label(canonical))]
        for area_id, _ in result.areas:
            cell = cells[(canonical, area_id)]
            if cell.gap:
                row.append("[red]— gap[/red]")
                continue
            lines = [escape(t) for t in cell.themes] or ["[yellow](no theme of its own)[/yellow]"]
            if cell.themes:  # the themes' own actions, then those classified here from elsewhere
                lines.append(f"[dim]{_count(cell.theme_action_count)} under these themes[/dim]")
            lines.append(f"[dim]{_count(cell.action_count)} with it as primary theme"
                         + (f", {cell.secondary_count} as secondary" if cell.secondary_count
                            else "") + "[/dim]")
            row.append("\n".join(lines))
        table.add_row(*row)
    return table


def _count(n: int) -> str:
    return f"{n} action" if n == 1 else f"{n} actions"


def run_compare(out: Path, console: Console, all_versions: bool = False) -> int:
    """Compare, write the two tables and print the crosswalk; 1 when there is nothing to compare.

    Each area's latest version by default; `all_versions` compares every committed document."""
    result = compare_dataset(Path(out), all_versions)
    if not result.themes and not result.actions:
        console.print(f"[red]error[/red]: no themes or actions under {escape(str(out))}; "
                      "run build first")
        return 1
    write_compare(Path(out), result)
    console.print(format_crosswalk(result))
    console.print(f"{len(result.theme_alignment)} theme alignments, {len(result.action_matches)} "
                  f"action matches and the crosswalk across {len(result.areas)} area(s) written to "
                  f"{escape(str(out))}")
    if result.unclassified:
        console.print(f"[yellow]warning[/yellow]: {result.unclassified} theme(s)/action(s) "
                      "matched no taxonomy term and are filed under 'other'")
    if len(result.areas) < 2:
        console.print("[yellow]warning[/yellow]: only one area: no action matches possible")
    return 0
