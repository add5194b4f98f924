"""Every build documents its own folder: DATASET.md (every table and column) and schema.json
(a JSON Schema per table, generated from schemas/tables.py) that the rows really satisfy."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pyarrow.dataset as ds

from actionplans.schemas.json_schema import dataset_schema, table_schema
from actionplans.schemas.tables import TABLES

from .analysis_dataset import versions_dataset

SAMPLE = 60  # rows validated per table (evenly spread over the table)


def _json_rows(out, name: str) -> list[dict]:
    """Rows as a researcher's reader returns them, through JSON (dates become ISO strings)."""
    folder = out / name
    if not folder.is_dir():
        return []
    rows = ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()
    step = max(1, len(rows) // SAMPLE)
    iso = lambda v: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v  # noqa: E731
    return json.loads(json.dumps(rows[::step], default=iso))


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        table_schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_build_writes_dataset_md_and_schema_json(built) -> None:
    out, _ = built
    md = (out / "DATASET.md").read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert f"## `{spec.name}`" in md
        for field in spec.schema:
            assert f"| `{field.name}` |" in md, (spec.name, field.name)
    # It says what the folder holds: both seed plans, by area and plan date.
    assert "| Halton |  | 2018-02-21 | True | 47 |" in md
    assert "| Stoke-on-Trent | 19 | 2018-03-19 | True | 53 |" in md
    on_disk = json.loads((out / "schema.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(dataset_schema()))
    assert set(on_disk["tables"]) == set(TABLES)


def test_schema_json_validates_rows_of_every_table() -> None:
    out = versions_dataset()  # with the compare tables and two issues of one plan
    checked = 0
    for name in TABLES:
        jsonschema.Draft202012Validator.check_schema(table_schema(name))
        validator = _validator(name)
        for row in _json_rows(out, name):
            errors = [e.message for e in validator.iter_errors(row)]
            assert not errors, (name, errors[:3])
            checked += 1
    assert checked > 300


def test_schema_json_rejects_rows_that_break_the_schema() -> None:
    row = _json_rows(versions_dataset(), "actions")[0]
    validator = _validator("actions")
    assert validator.is_valid(row)
    for broken in (
        {**row, "status": "done"},              # not one of the allowed statuses
        {**row, "rag": "Yellow"},               # RAG words are normalised to the common scale
        {**row, "due_date": "31/03/2018"},      # dates are ISO
        {**row, "action_id": None},             # not nullable
        {**row, "surprise": 1},                 # no undocumented column
        {k: v for k, v in row.items() if k != "confidence"},  # every column present
    ):
        assert not validator.is_valid(broken), broken
