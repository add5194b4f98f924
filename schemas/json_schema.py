"""Documentation shipped inside every dataset folder: DATASET.md and schema.json.

A researcher who receives only the folder must still know every column. Both files are generated
from the pyarrow schemas (`tables.py`), never written by hand: DATASET.md reuses the data
dictionary's table sections, schema.json holds one JSON Schema (draft 2020-12) per table for a row
as DuckDB, pandas or `pyarrow.dataset(..., partitioning="hive")` return it (`area_id` included),
with the allowed values as enums and dates as ISO strings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .dictionary import data_dictionary
from .tables import PARTITION_COLUMN, TABLES

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _meta(field: pa.Field) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}


def _type_schema(t: pa.DataType) -> dict[str, Any]:
    """JSON Schema of a non-null value of Arrow type `t`."""
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        item = t.value_field
        return {"type": "array", "items": _value_schema(item.type, item.nullable)}
    if pa.types.is_struct(t):
        return {
            "type": "object",
            "properties": {f.name: _value_schema(f.type, f.nullable) for f in t},
            "additionalProperties": False,
        }
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return {"type": "string"}
    if pa.types.is_boolean(t):
        return {"type": "boolean"}
    if pa.types.is_integer(t):
        return {"type": "integer"}
    if pa.types.is_floating(t):
        return {"type": "number"}
    if pa.types.is_date(t):
        return {"type": "string", "format": "date"}
    if pa.types.is_timestamp(t):
        return {"type": "string", "format": "date-time"}
    raise TypeError(f"no JSON Schema mapping for Arrow type {t}")


def _value_schema(
    t: pa.DataType, nullable: bool, allowed: list[str] | None = None
) -> dict[str, Any]:
    schema = _type_schema(t)
    if allowed:
        schema["enum"] = list(allowed)
    if nullable:
        schema["type"] = [schema["type"], "null"]
        if allowed:
            schema["enum"] = [*schema["enum"], None]
    return schema


def table_schema(name: str) -> dict[str, Any]:
    """JSON Schema of one row of table `name`."""
    spec = TABLES[name]
    properties: dict[str, Any] = {}
    for field in spec.schema:
        meta = _meta(field)
        allowed = meta["allowed"].split(",") if "allowed" in meta else None
        prop = _value_schema(field.type, field.nullable, allowed)
        prop["description"] = meta.get("description", "")
        prop["x-arrow-type"] = str(field.type)
        properties[field.name] = prop
    return {
        "$schema": DRAFT,
        "title": name,
        "description": spec.description,
        "type": "object",
        "properties": properties,
        "required": list(spec.schema.names),
        "additionalProperties": False,
    }


def dataset_schema() -> dict[str, Any]:
    """Every table's row schema, keyed by table name (`tables.actions` is a complete schema)."""
    return {
        "$schema": DRAFT,
        "title": "actionplans dataset",
        "description": "One JSON Schema per table for a row read with Hive partitioning "
        f"(`{PARTITION_COLUMN}` comes from the folder name). Dates are ISO 8601 strings.",
        "tables": {name: table_schema(name) for name in TABLES},
    }


def _documents_section(out: Path) -> list[str]:
    """The documents this folder holds (so the folder says what it is a dataset of)."""
    folder = out / "documents"
    if not folder.is_dir() or not any(folder.glob(f"{PARTITION_COLUMN}=*/*.parquet")):
        return ["No documents have been loaded into this folder yet.", ""]
    columns = ["area", "version", "plan_date", "is_latest", "action_count", "source_path",
               "document_id"]
    # file by file: pyarrow.dataset would cost a build 0.1 s of start-up for these few rows
    rows = [row for path in sorted(folder.glob(f"{PARTITION_COLUMN}=*/*.parquet"))
            for row in pq.ParquetFile(path).read().to_pylist()]
    rows.sort(key=lambda r: (r["area"], str(r["plan_date"]), r["version"] or "", r["document_id"]))
    header = [("source file" if c == "source_path" else c) for c in columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        r = {**r, "source_path": Path(r["source_path"]).name}  # not the builder's folders
        cells = ["" if r.get(c) is None else str(r[c]).replace("|", "\\|") for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def dataset_markdown(out: str | Path) -> str:
    """DATASET.md: what the folder holds, how to read it, then every table and column."""
    out = Path(out)
    dictionary = data_dictionary()
    tables = dictionary[dictionary.index("\n## `") + 1 :]
    return "\n".join(
        [
            "# actionplans dataset",
            "",
            "Health and care action plans (CQC local system review improvement plans and "
            "providers' action plans) read into Hive-partitioned Parquet tables by `actionplans "
            "build`. Generated from the package's schemas at build time; do not edit by hand.",
            "",
            f"Layout: `<table>/{PARTITION_COLUMN}=<slug>/<document_id>.parquet`, one file per "
            "source document (the compare tables hold one `compare.parquet` per area). "
            f"`{PARTITION_COLUMN}` is the folder name, not a column inside the files: read with "
            "Hive partitioning. `schema.json` beside this file holds a JSON Schema per table "
            "(allowed values as enums).",
            "",
            "```sql",
            "-- DuckDB, from this folder",
            "SELECT area, status, count(*) FROM read_parquet('actions/*/*.parquet', "
            "hive_partitioning = true) GROUP BY ALL;",
            "```",
            "",
            'pandas: `pd.read_parquet("actions")`; Polars: `pl.read_parquet("actions/**/*.parquet",'
            " hive_partitioning=True)`.",
            "",
            "## Documents in this folder",
            "",
            *_documents_section(out),
            tables,
        ]
    )


def write_dataset_docs(out: str | Path) -> tuple[Path, Path]:
    """Write `<out>/DATASET.md` and `<out>/schema.json`; returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    md = out / "DATASET.md"
    md.write_text(dataset_markdown(out), encoding="utf-8")
    js = out / "schema.json"
    js.write_text(json.dumps(dataset_schema(), indent=2) + "\n", encoding="utf-8")
    return md, js
