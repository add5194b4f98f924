"""Plan versions: which document of an area is its current issue, and which issue replaced which.

Plans are reissued monthly under new file names; every issue is its own document (its bytes
differ). Within one area the documents are ordered by (plan_date, version read as numbers,
document_id), missing values first; the greatest is the area's latest, and each other document
is superseded by the next one in that order. The order is a pure function of the documents
rows, so `latest_document_ids` recomputes it from whatever documents a reader can see and never
disagrees with the committed dataset.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from actionplans.schemas.tables import PARTITION_COLUMN

_NUMBER = re.compile(r"\d+")


def version_number(version: str | None) -> tuple[int, ...]:
    """'19' -> (19,), 'V2.10' -> (2, 10), 'Draft' or None -> () (before any number)."""
    return tuple(int(n) for n in _NUMBER.findall(version or ""))


def order_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Sort key of a documents row within its area: later issues sort higher."""
    plan_date = row.get("plan_date")
    return (
        plan_date is not None,
        plan_date or dt.date.min,
        version_number(row.get("version")),
        row["document_id"],
    )


def _by_area(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    areas: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        areas[row[PARTITION_COLUMN]].append(row)
    return areas


def version_flags(rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """document_id -> {is_latest, superseded_by, same_version_as} over rows of any areas."""
    flags: dict[str, dict[str, Any]] = {}
    for docs in _by_area(rows).values():
        ordered = sorted(docs, key=order_key)
        same: dict[tuple[Any, str], list[str]] = defaultdict(list)
        for row in ordered:
            same[(row.get("plan_date"), row.get("version") or "")].append(row["document_id"])
        for i, row in enumerate(ordered):
            doc_id = row["document_id"]
            twins = same[(row.get("plan_date"), row.get("version") or "")]
            flags[doc_id] = {
                "is_latest": i == len(ordered) - 1,
                "superseded_by": ordered[i + 1]["document_id"] if i + 1 < len(ordered) else None,
                "same_version_as": [d for d in twins if d != doc_id],
            }
    return flags


def version_warnings(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One warning per group of different documents of one area sharing plan date and version.

    Their order (hence the latest) then rests on document_id alone, which says nothing about
    which issue is current: a reviewer should check the two files (a re-save of the same issue,
    or a version number not updated) and drop or rename one.
    """
    out: list[dict[str, Any]] = []
    for area_id, docs in sorted(_by_area(rows).items()):
        groups: dict[tuple[Any, str], list[Mapping[str, Any]]] = defaultdict(list)
        for row in docs:
            groups[(row.get("plan_date"), row.get("version") or "")].append(row)
        for (plan_date, version), group in sorted(groups.items(), key=lambda kv: str(kv[0])):
            if len(group) < 2:
                continue
            group = sorted(group, key=order_key)
            names = ", ".join(f"{g['document_id']} ({g['source_path']})" for g in group)
            out.append(
                {
                    "area": group[0]["area"],
                    PARTITION_COLUMN: area_id,
                    "document_ids": [g["document_id"] for g in group],
                    "code": "version_duplicate",
                    "severity": "warning",
                    "message": f"{len(group)} different documents of {group[0]['area']} share "
                    f"plan date {plan_date or 'unknown'} and version {version or 'unknown'}: "
                    f"{names}; the latest is chosen by document id only",
                }
            )
    return out


def latest_rows(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The latest documents row of every area."""
    return [max(docs, key=order_key) for _, docs in sorted(_by_area(rows).items())]


def read_documents(out: str | Path) -> list[dict[str, Any]]:
    """The documents table of a dataset as rows (empty when there is none)."""
    import pyarrow.dataset as ds

    folder = Path(out) / "documents"
    if not folder.is_dir():
        return []
    return ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()


def latest_document_ids(out: str | Path) -> set[str]:
    """document_id of each area's latest document in the dataset at `out`.

    For `actions_latest`-style views: `... WHERE document_id IN (<these>)`, or the equivalent
    `documents.is_latest`, which the writer keeps equal to this after every commit.
    """
    return {row["document_id"] for row in latest_rows(read_documents(out))}
