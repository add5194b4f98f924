"""Data dictionary (Markdown) generated from the pyarrow schemas, never written by hand."""

from __future__ import annotations

import pyarrow as pa

from .tables import PARTITION_COLUMN, TABLES


def _type_name(t: pa.DataType) -> str:
    if pa.types.is_list(t):
        return f"list<{_type_name(t.value_type)}>"
    if pa.types.is_struct(t):
        return "struct<" + ", ".join(f"{f.name}: {_type_name(f.type)}" for f in t) + ">"
    return str(t)


def data_dictionary() -> str:
    out = [
        "# Data dictionary",
        "",
        "Generated from `schemas/tables.py` by `actionplans dictionary`; do not edit by hand.",
        "",
        "Every table is a Hive-partitioned Parquet folder "
        f"`<out>/<table>/{PARTITION_COLUMN}=<slug>/`"
        " with one file per source document (`<document_id>.parquet`); `documents` holds one"
        " `documents.parquet` per area (a row per document: the commit record, so a document's"
        " versions flags change in one rename) and the compare tables one `compare.parquet`"
        " per area. `_manifest.json` is the writer's index (see README, Transactions).",
        "",
    ]
    for spec in TABLES.values():
        out += [
            f"## `{spec.name}`",
            "",
            spec.description,
            "",
            "| column | type | nullable | description |",
            "|---|---|---|---|",
        ]
        for field in spec.schema:
            meta = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
            desc = meta.get("description", "")
            if "allowed" in meta:
                desc += " One of: " + ", ".join(f"`{v}`" for v in meta["allowed"].split(",")) + "."
            out.append(
                f"| `{field.name}` | {_type_name(field.type)} | "
                f"{'yes' if field.nullable else 'no'} | {desc} |"
            )
        out.append("")
    return "\n".join(out)
