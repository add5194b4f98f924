"""Shared fixtures: the embedded corpus built once per test session into a temporary dataset."""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pytest

from actionplans.pipeline import BuildReport, build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("dataset")
    report = build([CORPUS], out)
    return out, report


def read_table(out: Path, name: str):
    """A dataset table read back from Parquet the way a researcher would (Hive partitions)."""
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table().to_pandas()
