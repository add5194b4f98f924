"""`actionplans query`: DuckDB over a fresh build, every table a view, helpful errors."""

from __future__ import annotations

import csv
import io
import json
import re
import sys

import pyarrow.dataset as ds
import pytest

from actionplans.cli import main
from actionplans.query import NoDataset, QueryError, connect, run, table_sources
from actionplans.schemas.tables import TABLES

from .analysis_dataset import ROOT, versions_dataset


def _count(out, name: str) -> int:
    return ds.dataset(out / name, format="parquet", partitioning="hive").count_rows()


def test_every_table_is_a_view_with_its_rows():
    out = versions_dataset()
    sources = table_sources(out)
    names = ("documents", "themes", "actions", "owners", "updates", "targets",
             "owner_organisations", "warnings", "theme_alignment", "action_matches")
    for name in names:
        assert name in sources, name
        got = run(out, f"SELECT count(*) FROM {name}").rows[0][0]
        assert got == _count(out, name) > 0, name
    con = connect(out)
    try:
        for name in TABLES:  # every table is queryable, even one with no file yet
            names = [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]
            assert set(TABLES[name].schema.names) <= set(names), name
    finally:
        con.close()


def test_area_id_is_a_column_from_the_partition():
    rows = run(versions_dataset(), "SELECT DISTINCT area_id FROM actions ORDER BY 1").rows
    assert rows == (("halton",), ("stoke-on-trent",))


def test_actions_latest_holds_each_areas_latest_document():
    out = versions_dataset()
    # Stoke-on-Trent V19 (19 March 2018, corpus) is later than the constructed V18; Halton has one.
    rows = run(out, "SELECT area, count(*), any_value(document_id) FROM actions_latest "
                    "GROUP BY area ORDER BY area").rows  # fmt: skip
    latest = dict(run(out, "SELECT area, document_id FROM documents WHERE is_latest").rows)
    assert [(a, n) for a, n, _ in rows] == [("Halton", 47), ("Stoke-on-Trent", 53)]
    assert {a: d for a, _, d in rows} == latest
    v19 = run(out, "SELECT document_id FROM documents WHERE version = '19'").rows[0][0]
    assert latest["Stoke-on-Trent"] == v19


def test_actions_latest_without_the_versions_module(monkeypatch):
    """The fallback (greatest plan date per area) picks the same documents."""
    out = versions_dataset()
    expected = run(out, "SELECT DISTINCT document_id FROM actions_latest ORDER BY 1").rows
    monkeypatch.setitem(sys.modules, "actionplans.versions", None)  # import fails
    assert run(out, "SELECT DISTINCT document_id FROM actions_latest ORDER BY 1").rows == expected


def test_canonical_themes_view_labels_the_taxonomy():
    rows = run(versions_dataset(), "SELECT label FROM canonical_themes "
                                   "WHERE canonical_theme = 'end_of_life'").rows  # fmt: skip
    assert rows == (("End of life",),)


def test_readme_overdue_query_runs_on_effective_due_dates():
    """The README's overdue query uses effective_due_date and each area's latest version."""
    out = versions_dataset()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sql = re.search(r"### Querying with DuckDB\n+```sql\n(.*?)```", text, re.S).group(1)
    assert "effective_due_date" in sql and "is_latest" in sql
    got = run(out, sql.replace("'outputs/", f"'{out}/")).rows
    con = connect(out)
    try:
        expected = con.execute(
            "SELECT a.area, a.action_id FROM actions a JOIN documents d USING (document_id) "
            "WHERE d.is_latest AND a.status NOT IN ('complete', 'complete_assured') "
            "AND coalesce(a.revised_date, a.due_date) < d.plan_date"
        ).fetchall()
    finally:
        con.close()
    assert sorted((r[0], r[1]) for r in got) == sorted(expected)
    assert got  # the seed plans do have overdue actions
    # Stoke-on-Trent 2.2 (line 144): due "Dash-board developed Feb 18", revised "June 18",
    # Yellow: its original due date had passed on 19 March 2018, its revised date had not.
    assert ("Stoke-on-Trent", "2.2") not in {(r[0], r[1]) for r in got}
    old_style = run(out, sql.replace("'outputs/", f"'{out}/").replace(
        "a.effective_due_date < d.plan_date", "a.due_date < d.plan_date")).rows
    assert ("Stoke-on-Trent", "2.2") in {(r[0], r[1]) for r in old_style}


def test_cli_query_formats(capsys):
    out = versions_dataset()
    sql = "SELECT action_id, see_also FROM actions_latest WHERE area_id = 'stoke-on-trent' " \
          "AND len(see_also) > 0 ORDER BY action_id"  # fmt: skip
    assert main(["query", sql, "--out", str(out), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    # Stoke 5.1 (line 186): "Domiciliary Care – See Service Improvement Work stream 6.5"
    assert {"action_id": "5.1", "see_also": ["6.5"]} in rows
    assert main(["query", sql, "--out", str(out), "--format", "csv"]) == 0
    parsed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {"action_id": "5.1", "see_also": "6.5"} in parsed
    assert main(["query", "SELECT 1 AS one", "--out", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "one" in shown and "1 row(s)" in shown


@pytest.mark.parametrize(
    ("sql", "expect"),
    [
        ("SELECT * FROM action", ["action", "tables:", "actions", "actions_latest", "warnings"]),
        ("SELECT due_dat FROM actions", ["due_dat", "columns of actions:", "effective_due_date"]),
        ("SELEC area FROM actions", ["syntax error", "tables:"]),
        ("   ", ["empty query"]),
    ],
)
def test_bad_sql_exits_2_with_what_there_is(capsys, sql, expect):
    assert main(["query", sql, "--out", str(versions_dataset())]) == 2
    err = capsys.readouterr().err
    for word in expect:
        assert word in err, (word, err)
    assert "Traceback" not in err


def test_missing_or_empty_dataset_exits_1(tmp_path, capsys):
    missing = tmp_path / "outputs"
    assert main(["query", "SELECT 1", "--out", str(missing)]) == 1
    err = capsys.readouterr().err
    assert f"no dataset at {missing}" in err and "actionplans build" in err
    missing.mkdir()
    (missing / "actions").mkdir()  # folders but no files: still nothing to query
    assert main(["query", "SELECT 1", "--out", str(missing)]) == 1
    with pytest.raises(NoDataset):
        run(missing, "SELECT 1")


def test_query_error_types():
    with pytest.raises(QueryError) as info:
        run(versions_dataset(), "SELECT nope FROM documents")
    assert info.value.exit_code == 2
