"""Plan versions: a second issue of a plan beside the first.

V18 is the earlier Stoke-on-Trent issue constructed by hand from V19 (every change listed in
tests/fixtures/versions/README.md). V19's title line 7 reads "19th March 2018 – V19"; V18's
reads "19th February 2018 – V18".
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from actionplans.cli import main
from actionplans.compare.stage import compare_dataset
from actionplans.pipeline import build
from actionplans.schemas.tables import DOCUMENT_TABLES
from actionplans.versions import latest_document_ids, order_key, version_number

from .conftest import CORPUS, ROOT, read_table
from .dataset_invariants import check_dataset, documents_rows

V18 = ROOT / "tests/fixtures/versions/stoke-on-trent-improvement-plan-v18-2018-02-19.txt"
V19 = CORPUS / "stoke-on-trent-improvement-plan-v19-2018-03-19.txt"
HALTON = CORPUS / "halton-action-plan-2018-02-21.txt"


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("versions")
    assert main(["build", str(CORPUS), str(V18), "--out", str(out), "--quiet"]) == 0
    return out


def _ids(out: Path) -> dict[str, str]:
    return {r["version"] or r["area"]: r["document_id"] for r in documents_rows(out)}


def _rows(out: Path, table: str, doc_id: str) -> pd.DataFrame:
    frame = read_table(out, table)
    frame = frame[frame["document_id"] == doc_id]
    times = [c for c in frame.columns if "extracted_at" in c or c.endswith("_at")]
    return frame.drop(columns=times).astype(str).reset_index(drop=True)


def test_a_second_version_changes_no_count_of_the_first(built, two_versions: Path):
    one, _ = built  # both seed plans alone
    ids = _ids(two_versions)
    for doc_id in (ids["19"], ids["Halton"]):
        for table in DOCUMENT_TABLES:
            a, b = _rows(one, table, doc_id), _rows(two_versions, table, doc_id)
            assert len(a) == len(b), (table, doc_id)
            assert a.equals(b), (table, doc_id)
    docs = read_table(two_versions, "documents").set_index("version")
    assert docs.loc["19", "action_count"] == 53 and docs.loc["18", "action_count"] == 53
    check_dataset(two_versions)


def test_latest_and_superseded_by(two_versions: Path):
    ids = _ids(two_versions)
    docs = {r["document_id"]: r for r in documents_rows(two_versions)}
    v18, v19, halton = docs[ids["18"]], docs[ids["19"]], docs[ids["Halton"]]
    assert v18["plan_date"] == dt.date(2018, 2, 19) and v19["plan_date"] == dt.date(2018, 3, 19)
    assert not v18["is_latest"] and v18["superseded_by"] == v19["document_id"]
    assert v19["is_latest"] and v19["superseded_by"] is None
    assert halton["is_latest"] and halton["superseded_by"] is None
    assert latest_document_ids(two_versions) == {v19["document_id"], halton["document_id"]}


def test_the_order_does_not_depend_on_the_order_of_loading(two_versions: Path, tmp_path: Path):
    out = tmp_path / "out"
    report = build([V18], out)
    (only,) = documents_rows(out)
    assert only["is_latest"] and report.dataset.areas["stoke-on-trent"].latest_version == "18"
    build([V19, HALTON], out)  # the later issue loaded second, in the same rename as its flag
    flags = {r["document_id"]: (r["is_latest"], r["superseded_by"]) for r in documents_rows(out)}
    assert flags == {
        r["document_id"]: (r["is_latest"], r["superseded_by"])
        for r in documents_rows(two_versions)
    }


def test_comparison_and_crosswalk_use_each_areas_latest_version(built, two_versions: Path):
    one, _ = built
    latest, alone = compare_dataset(two_versions), compare_dataset(one)
    assert latest.theme_alignment == alone.theme_alignment
    assert latest.action_matches == alone.action_matches
    assert latest.crosswalk == alone.crosswalk
    v18 = _ids(two_versions)["18"]
    matches = read_table(two_versions, "action_matches")  # written by the build
    assert v18 not in set(matches["document_id_a"]) | set(matches["document_id_b"])
    every = compare_dataset(two_versions, all_versions=True)
    stoke = [t for t in every.themes if t.area_id == "stoke-on-trent"]
    assert len(stoke) == 2 * len([t for t in alone.themes if t.area_id == "stoke-on-trent"])


def test_compare_all_versions_option(two_versions: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    shutil.copytree(two_versions, out)
    assert main(["compare", "--out", str(out), "--all-versions"]) == 0
    matches = read_table(out, "action_matches")
    assert _ids(out)["18"] in set(matches["document_id_a"]) | set(matches["document_id_b"])
    assert main(["compare", "--out", str(out)]) == 0
    matches = read_table(out, "action_matches")
    assert _ids(out)["18"] not in set(matches["document_id_a"]) | set(matches["document_id_b"])
    capsys.readouterr()


def test_two_documents_with_the_same_date_and_version_are_warned_about(tmp_path: Path):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(V19, plans / V19.name)
    # constructed for this test: the same issue re-saved with one more line break at the end
    (plans / "stoke-v19-resaved.txt").write_bytes(V19.read_bytes() + b"\n")
    out = tmp_path / "out"
    report = build([plans], out)
    (note,) = [n for n in report.notes if "share plan date" in n]
    assert note.startswith("2 different documents of Stoke-on-Trent share plan date 2018-03-19 "
                           "and version 19: ")
    (warning,) = report.dataset.warnings
    assert warning["code"] == "version_duplicate" and len(warning["document_ids"]) == 2
    rows = check_dataset(out)
    a, b = sorted(rows, key=lambda r: r["document_id"])
    assert a["same_version_as"] == [b["document_id"]] and b["same_version_as"] == [a["document_id"]]
    assert b["is_latest"] and a["superseded_by"] == b["document_id"]  # by document id only


def test_an_identical_file_under_two_names_is_one_document(tmp_path: Path):
    plans = tmp_path / "plans"
    plans.mkdir()
    first, second = plans / "a-stoke-plan.txt", plans / "b-copy-of-stoke-plan.txt"
    shutil.copy(V19, first)
    shutil.copy(V19, second)
    out = tmp_path / "out"
    report = build([plans], out)
    assert [d.path for d in report.documents] == [str(first)]
    assert [(s.path, s.reason) for s in report.skipped] == [(str(second), f"same bytes as {first}")]
    (row,) = check_dataset(out)
    assert row["source_path"] == str(first)
    assert row["source_paths"] == [str(first), str(second)]
    assert len(read_table(out, "actions")) == 53
    third = tmp_path / "elsewhere.txt"
    shutil.copy(V19, third)
    again = build([third], out)
    assert again.documents == [] and [s.reason for s in again.skipped] == ["unchanged"]
    (row,) = documents_rows(out)
    assert row["source_paths"] == [str(first), str(second), str(third)]


def test_a_chain_of_three_issues(tmp_path: Path):
    """V18 → V19 → V20; the V20 here is V19 with its title line re-dated (constructed)."""
    v20 = tmp_path / "stoke-on-trent-improvement-plan-v20-2018-04-16.txt"
    text = V19.read_text(encoding="utf-8")
    assert "19th March 2018 – V19" in text
    v20.write_text(text.replace("19th March 2018 – V19", "16th April 2018 – V20", 1),
                   encoding="utf-8")
    out = tmp_path / "out"
    build([V19, v20, V18], out)
    by_version = {r["version"]: r for r in check_dataset(out)}
    assert by_version["18"]["superseded_by"] == by_version["19"]["document_id"]
    assert by_version["19"]["superseded_by"] == by_version["20"]["document_id"]
    assert [v for v, r in sorted(by_version.items()) if r["is_latest"]] == ["20"]


def test_version_order_rules():
    assert version_number("V2.10") > version_number("2.9") > version_number("2")
    assert version_number(None) == () < version_number("1")
    undated = {"plan_date": None, "version": "99", "document_id": "f" * 16}
    dated = {"plan_date": dt.date(2017, 1, 1), "version": None, "document_id": "0" * 16}
    assert order_key(undated) < order_key(dated)  # a date beats none, whatever the version
    v9 = {"plan_date": dt.date(2018, 3, 1), "version": "9", "document_id": "f" * 16}
    v10 = {"plan_date": dt.date(2018, 3, 1), "version": "10", "document_id": "0" * 16}
    assert order_key(v9) < order_key(v10)  # as numbers, not text
