"""The `load_errors` table: every file a build could not load, kept as data, not only printed.

Why: an analyst loading a folder of 300 plans needs to see afterwards which did not load and why,
and to query it beside the documents. One file, `<out>/load_errors/load_errors.parquet`, is
replaced (written to a unique temporary name, then renamed) by every completed build, so it
always describes the latest run; an interrupted build leaves the previous one in place.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from actionplans.dataset import validate_rows
from actionplans.extract.errors import DocumentError
from actionplans.failures import LoadFailure, explain, one_line, safe_path

TABLE = "load_errors"
FILE_NAME = "load_errors.parquet"


def error_row(error: DocumentError, occurred_at: datetime) -> dict[str, Any]:
    failure = error if isinstance(error, LoadFailure) else explain(error, error.path)
    return {
        "path": safe_path(failure.path),
        "sha256": failure.sha256,
        "stage": failure.stage,
        "error_type": failure.error_type,
        "message": one_line(failure.reason),
        "occurred_at": getattr(failure, "occurred_at", None) or occurred_at,
    }


def write_load_errors(out: str | Path, errors: Iterable[DocumentError],
                      occurred_at: datetime) -> Path:
    """Replace `<out>/load_errors/load_errors.parquet` with one row per error (none: empty)."""
    rows = [error_row(e, occurred_at) for e in errors]
    table = validate_rows(TABLE, rows)
    folder = Path(out) / TABLE
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / FILE_NAME
    tmp = folder / f".{FILE_NAME}.{os.getpid()}.tmp"
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, final)
    finally:
        if tmp.exists():
            tmp.unlink()
    return final
