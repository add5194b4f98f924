"""`--engine dask`: the same build on a Dask cluster (a LocalCluster here) gives the same tables.

Every Parquet table of both builds is read back and compared row for row; only `extracted_at`
(the time of the run) may differ. A hostile file is reported the same way on both engines.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds

from actionplans.limits import Limits
from actionplans.pipeline import build

from .conftest import CORPUS
from .hostile_files import HALTON_DOCX, ROOT, with_extra_member


def _table(out: Path, name: str) -> list[dict]:
    folder = out / name
    if not folder.exists():
        return []
    table = ds.dataset(folder, format="parquet", partitioning="hive").to_table()
    rows = [{k: v for k, v in row.items() if k not in ("extracted_at", "occurred_at")}
            for row in table.to_pylist()]
    return sorted(rows, key=repr)


def test_dask_build_gives_the_same_tables_as_the_local_one(tmp_path: Path):
    bomb = with_extra_member(tmp_path / "bomb.docx", HALTON_DOCX, "word/media/x.bin", 4 << 20)
    inputs = [CORPUS, HALTON_DOCX, ROOT / "tests/fixtures/bad/encrypted.pdf", bomb]
    limits = Limits()
    local = build(inputs, tmp_path / "local", limits=limits, jobs=2)
    dask = build(inputs, tmp_path / "dask", limits=limits, jobs=1, engine="dask")
    assert [d.document_id for d in dask.documents] == [d.document_id for d in local.documents]
    assert len(local.documents) == 3
    assert [str(e) for e in dask.errors] == [str(e) for e in local.errors]
    assert [(e.stage, e.error_type) for e in dask.errors] == [
        ("read", "DocumentError"), ("limit", "ZipRatioLimit")]
    tables = sorted(p.name for p in (tmp_path / "local").iterdir()
                    if p.is_dir() and not p.name.startswith(("_", ".")))
    assert {"documents", "actions", "owners", "load_errors"} <= set(tables)
    for name in tables:
        a, b = _table(tmp_path / "local", name), _table(tmp_path / "dask", name)
        assert a == b, name
        assert a or name in ("targets", "load_errors"), f"{name} is empty"
