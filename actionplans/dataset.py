"""The one dataset writer: every table of every document is validated and written here.

Layout: `<out>/<table>/area_id=<slug>/<document_id>.parquet`. One file per document and table
makes loading incremental and crash-safe: a document's files are written to a temporary name and
renamed into place, and rebuilding a document replaces exactly its own files.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from actionplans.schemas.tables import PARTITION_COLUMN, TABLES, file_schema


class SchemaViolation(ValueError):
    """Rows that do not fit the table's schema; names the table, column and value."""


def validate_rows(table: str, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Rows as an Arrow table of the table's file schema, or SchemaViolation."""
    schema = TABLES[table].schema
    names = set(schema.names)
    for i, row in enumerate(rows):
        extra = set(row) - names
        missing = names - set(row)
        if extra or missing:
            raise SchemaViolation(
                f"{table} row {i}: unexpected columns {sorted(extra)}, missing {sorted(missing)}"
            )
        for field in schema:
            value = row[field.name]
            if value is None and not field.nullable:
                raise SchemaViolation(f"{table} row {i}: {field.name} must not be null")
            allowed = (field.metadata or {}).get(b"allowed")
            if allowed and value is not None and value not in allowed.decode().split(","):
                raise SchemaViolation(
                    f"{table} row {i}: {field.name}={value!r} not one of {allowed.decode()}"
                )
    stored = file_schema(schema)
    try:
        return pa.Table.from_pylist(
            [{k: v for k, v in row.items() if k != PARTITION_COLUMN} for row in rows], schema=stored
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise SchemaViolation(f"{table}: {exc}") from exc


class DatasetWriter:
    """Writes validated tables under one output folder."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)

    def remove_document(self, document_id: str) -> None:
        """Delete a document's files from every table (before rewriting it)."""
        for table in TABLES:
            for path in (self.out / table).glob(f"{PARTITION_COLUMN}=*/{document_id}.parquet"):
                path.unlink()

    def write(
        self, table: str, area_id: str, document_id: str, rows: Sequence[Mapping[str, Any]]
    ) -> Path:
        arrow = validate_rows(table, rows)
        folder = self.out / table / f"{PARTITION_COLUMN}={area_id}"
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"{document_id}.parquet"
        tmp = folder / f".{document_id}.parquet.tmp"
        pq.write_table(arrow, tmp, compression="zstd")
        os.replace(tmp, final)
        return final

    def write_document(
        self, area_id: str, document_id: str, tables: Mapping[str, Sequence[Mapping[str, Any]]]
    ) -> None:
        """All tables of one document; all are validated before anything is replaced."""
        for name, rows in tables.items():
            validate_rows(name, rows)
        self.remove_document(document_id)
        for name, rows in tables.items():
            self.write(name, area_id, document_id, rows)
