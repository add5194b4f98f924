"""The dataset: schema-valid, Hive-partitioned, readable as-is by DuckDB, pandas and Polars."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from actionplans.dataset import DatasetWriter, SchemaViolation, validate_rows
from actionplans.pipeline import build
from actionplans.schemas.dictionary import data_dictionary
from actionplans.schemas.tables import TABLES

from .conftest import CORPUS, ROOT, read_table


def test_build_reports_both_areas(built):
    _, report = built
    assert not report.errors
    assert report.actions_per_area() == {"Stoke-on-Trent": 53, "Halton": 47}


def test_hive_layout(built):
    out, _ = built
    for table in ("documents", "themes", "actions"):
        parts = sorted(p.name for p in (out / table).iterdir())
        assert parts == ["area_id=halton", "area_id=stoke-on-trent"]


def test_duckdb_reads_the_dataset(built):
    out, _ = built
    rows = duckdb.sql(
        f"select area_id, area, count(*) n from read_parquet('{out}/actions/*/*.parquet', "
        "hive_partitioning=true) group by all order by area_id"
    ).fetchall()
    assert rows == [("halton", "Halton", 47), ("stoke-on-trent", "Stoke-on-Trent", 53)]
    overdue = duckdb.sql(
        f"select count(*) from read_parquet('{out}/actions/*/*.parquet', hive_partitioning=true) "
        "where status <> 'complete' and due_date < DATE '2018-02-21'"
    ).fetchall()[0][0]
    assert overdue > 0


def test_pandas_and_polars_read_the_dataset(built):
    out, _ = built
    pdf = pd.read_parquet(out / "actions")
    assert len(pdf) == 100 and set(pdf["area_id"].astype(str)) == {"halton", "stoke-on-trent"}
    pldf = pl.read_parquet(out / "actions" / "**" / "*.parquet", hive_partitioning=True)
    assert pldf.height == 100
    assert pldf.filter(pl.col("area_id") == "halton").height == 47


def test_documents_table(built):
    out, _ = built
    docs = read_table(out, "documents").set_index("area_id")
    stoke = docs.loc["stoke-on-trent"]
    assert stoke["area"] == "Stoke-on-Trent"
    assert stoke["plan_date"] == dt.date(2018, 3, 19)  # "19th March 2018 – V19", line 7
    assert stoke["version"] == "19"
    assert [k["status"] for k in stoke["rag_key"]] == [
        "complete_assured",
        "on_track",
        "at_risk",
        "off_track",
    ]  # RAG Rating Criteria, lines 36-40
    halton = docs.loc["halton"]
    assert halton["plan_date"] == dt.date(2018, 2, 21)
    assert halton["plan_date_source"] == "file_name"
    assert len(docs.loc["stoke-on-trent", "document_id"]) == 16


def test_themes_table(built):
    out, _ = built
    themes = read_table(out, "themes")
    stoke = themes[themes["area_id"] == "stoke-on-trent"].set_index("theme_id")
    # "Improvement Theme 3: **INFORMATION and DATA SHARING**", line 150
    assert stoke.loc["3", "title"] == "INFORMATION and DATA SHARING"
    assert stoke.loc["3", "reporting_lead"] == "Mark Bostock, IM&T Director"  # line 154
    assert stoke.loc["6.2", "parent_theme_id"] == "6"
    assert stoke.loc["6", "title"] == "SERVICE IMPROVEMENT"  # lines 278-280
    assert stoke["action_count"].sum() == 53
    halton = themes[themes["area_id"] == "halton"]
    assert set(halton["section"]) == {"open", "completed"}
    assert halton["action_count"].sum() == 47


def test_actions_keep_provenance_and_warnings(built):
    out, _ = built
    actions = read_table(out, "actions")
    assert actions["source_line_start"].notna().all()
    assert (actions["confidence"].between(0.1, 1.0)).all()
    halton = actions[actions["area_id"] == "halton"].set_index("action_id")
    lost = halton.loc["6.3"]  # number cell reads "place", line 266
    assert lost["action_id_inferred"] and lost["confidence"] < 1
    assert any("inferred 6.3" in w for w in lost["warnings"])
    officers = [s["owner_raw"] for s in halton.loc["2.8", "sub_rows"]]  # line 81
    assert officers == ["Diane Stafford"]
    assert halton.loc["2.8", "sub_rows"][0]["due_date"] == dt.date(2017, 12, 31)


def test_rebuild_is_idempotent(tmp_path: Path):
    out = tmp_path / "out"
    build([CORPUS], out)
    first = sorted(p.relative_to(out) for p in out.rglob("*.parquet"))
    build([CORPUS], out)
    assert sorted(p.relative_to(out) for p in out.rglob("*.parquet")) == first
    assert not list(out.rglob("*.tmp"))


def test_schema_violations_are_named():
    with pytest.raises(SchemaViolation, match="missing"):
        validate_rows("documents", [{"document_id": "x"}])
    row = {name: None for name in TABLES["themes"].schema.names}
    row.update(
        document_id="d", area="A", area_id="a", theme_id="1", section="later", action_count=0
    )
    with pytest.raises(SchemaViolation, match="section='later'"):
        validate_rows("themes", [row])
    row["section"] = "open"
    row["action_count"] = "many"
    with pytest.raises(SchemaViolation):
        DatasetWriter("/nonexistent").write("themes", "a", "d", [row])


def test_data_dictionary_is_up_to_date():
    """schemas/DATA_DICTIONARY.md is generated: regenerate with `actionplans dictionary`."""
    assert (ROOT / "schemas" / "DATA_DICTIONARY.md").read_text(
        encoding="utf-8"
    ) == data_dictionary()


def test_every_document_table_is_written_and_valid(built):
    out, _ = built
    for name in ("owners", "updates", "targets"):
        parts = sorted(p.name for p in (out / name).iterdir())
        assert parts == ["area_id=halton", "area_id=stoke-on-trent"], name
    owners = read_table(out, "owners")
    # Stoke-on-Trent 6.1.1 owner cell, line 233: "Mark Seaton, Managing Director- North
    # Staffordshire & Stoke on Trent CCG Bridget Cameron Assistant Director Commissioning STOCC"
    rows = owners[(owners["area_id"] == "stoke-on-trent") & (owners["action_id"] == "6.1.1")
                  & (owners["role"] == "owner")]
    assert set(rows["person"]) == {"Mark Seaton", "Bridget Cameron"}
    assert set(rows["org_code"]) >= {"05G", "05W", "E06000021"}
    updates = read_table(out, "updates")
    # Halton 1.5, line 59: "Update (21.02.18) New TORs and Membership was agreed ..."
    u = updates[(updates["area_id"] == "halton") & (updates["action_id"] == "1.5")]
    assert dt.date(2018, 2, 21) in set(u["update_date"])


def test_build_cli_runs_compare_and_writes_its_tables(tmp_path: Path, capsys):
    from actionplans.cli import main

    assert main(["build", str(CORPUS), "--out", str(tmp_path)]) == 0
    shown = capsys.readouterr().out
    assert "Stoke-on-Trent" in shown and "Halton" in shown and "100" in shown
    assert "End of life" in shown  # the crosswalk: canonical themes as rows
    matches = pd.read_parquet(tmp_path / "action_matches")
    assert set(matches["area_b"]) == {"Stoke-on-Trent", "Halton"}
    assert main(["compare", "--out", str(tmp_path)]) == 0


@pytest.mark.parametrize("command", [[], ["build"], ["compare"], ["dictionary"]])
def test_help_everywhere(command, capsys):
    from actionplans.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: actionplans" in capsys.readouterr().out


def test_parallel_build_writes_the_same_rows(tmp_path: Path):
    """`--jobs 2` runs documents in worker processes; the one writer stays in the parent."""
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build([CORPUS], serial)
    report = build([CORPUS], parallel, jobs=2)
    assert not report.errors
    for table in ("actions", "owners", "updates", "targets"):
        a = read_table(serial, table).drop(columns=["warnings"], errors="ignore")
        b = read_table(parallel, table).drop(columns=["warnings"], errors="ignore")
        assert a.astype(str).equals(b.astype(str)), table
