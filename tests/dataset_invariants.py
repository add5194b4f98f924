"""What a reader of a dataset folder may rely on at any instant, even after a kill.

Checked by the transaction, prune and versions tests: every Parquet file under a table folder
is readable; every document listed in `documents` has each of its tables' files; no temporary
or staging file sits where readers glob; every area has exactly one latest document and every
`superseded_by` names a listed document of the same area.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from actionplans.dataset import CHILD_TABLES
from actionplans.schemas.tables import TABLES


def documents_rows(out: Path) -> list[dict]:
    rows = []
    for path in sorted((out / "documents").glob("area_id=*/*.parquet")):
        for row in pq.read_table(path).to_pylist():
            row["area_id"] = path.parent.name.split("=", 1)[1]
            rows.append(row)
    return rows


def check_dataset(out: Path) -> list[dict]:
    """Assert the invariants; return the documents rows."""
    for table in TABLES:
        folder = out / table
        if not folder.exists():
            continue
        for path in folder.rglob("*"):
            assert not path.name.startswith("."), f"hidden file where readers glob: {path}"
            assert not path.name.endswith(".tmp"), path
            if path.is_file():
                assert path.suffix == ".parquet", path
                pq.read_table(path)  # readable, complete Parquet
    rows = documents_rows(out)
    ids = Counter(r["document_id"] for r in rows)
    assert all(n == 1 for n in ids.values()), f"a document listed twice: {ids}"
    by_id = {r["document_id"]: r for r in rows}
    for row in rows:
        area = row["area_id"]
        for table in CHILD_TABLES:
            path = out / table / f"area_id={area}" / f"{row['document_id']}.parquet"
            assert path.is_file(), f"{row['document_id']} listed in documents without {table}"
        actions = pq.read_table(
            out / "actions" / f"area_id={area}" / f"{row['document_id']}.parquet"
        )
        assert actions.num_rows == row["action_count"], row["document_id"]
        if row["superseded_by"] is not None:
            assert by_id[row["superseded_by"]]["area_id"] == area
    latest = Counter(r["area_id"] for r in rows if r["is_latest"])
    assert latest == Counter({r["area_id"]: 1 for r in rows}), latest
    return rows
