"""`build --prune` leaves exactly the current inputs; the summary tells what the dataset holds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from actionplans.cli import main
from actionplans.manifest import MANIFEST_NAME
from actionplans.pipeline import build
from actionplans.schemas.tables import TABLES

from .conftest import CORPUS, ROOT
from .dataset_invariants import check_dataset, documents_rows

V18 = ROOT / "tests/fixtures/versions/stoke-on-trent-improvement-plan-v18-2018-02-19.txt"
HALTON = CORPUS / "halton-action-plan-2018-02-21.txt"


def _files_of(out: Path, doc_id: str) -> list[Path]:
    return [p for t in TABLES for p in (out / t).glob(f"area_id=*/{doc_id}.parquet")]


def _said(capsys) -> str:
    captured = capsys.readouterr()
    return " ".join((captured.out + captured.err).split())


def test_prune_removes_a_document_no_longer_among_the_inputs(tmp_path: Path):
    out = tmp_path / "out"
    build([CORPUS, V18], out)
    v18 = next(r["document_id"] for r in documents_rows(out) if r["version"] == "18")
    assert _files_of(out, v18)
    report = build([CORPUS], out, prune=True)
    assert [r["document_id"] for r in report.pruned] == [v18]
    assert report.documents == [] and len(report.skipped) == 2  # the others are not re-read
    rows = check_dataset(out)
    assert v18 not in {r["document_id"] for r in rows} and len(rows) == 2
    assert _files_of(out, v18) == []
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert v18 not in manifest["documents"]
    assert report.dataset.areas["stoke-on-trent"].documents == 1


def test_without_prune_the_old_reading_of_an_edited_file_is_kept_and_said(tmp_path: Path):
    plan = tmp_path / "plans" / "halton.txt"
    plan.parent.mkdir()
    shutil.copy(HALTON, plan)
    out = tmp_path / "out"
    build([plan.parent], out)
    (old,) = documents_rows(out)
    # edited in place (constructed for this test): action 2.8's due date "31.3.18" becomes 30.4.18
    text = plan.read_text(encoding="utf-8")
    assert text.count("31.3.18") >= 1
    plan.write_text(text.replace("31.3.18", "30.4.18", 1), encoding="utf-8")
    report = build([plan.parent], out)
    assert len(report.documents) == 1
    assert any(f"{plan} changed since it was loaded; its old document {old['document_id']} is "
               "kept" in n for n in report.notes)
    assert len(check_dataset(out)) == 2
    report = build([plan.parent], out, prune=True)
    assert [r["document_id"] for r in report.pruned] == [old["document_id"]]
    (row,) = check_dataset(out)
    assert row["document_id"] != old["document_id"] and row["source_paths"] == [str(plan)]
    assert _files_of(out, old["document_id"]) == []


def test_prune_keeps_a_moved_file_without_reading_it_again(tmp_path: Path):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(HALTON, plans / "halton.txt")
    out = tmp_path / "out"
    build([plans], out)
    (plans / "halton.txt").rename(plans / "halton-renamed.txt")
    report = build([plans], out, prune=True)
    assert report.pruned == [] and report.documents == []
    (row,) = check_dataset(out)
    assert row["source_paths"] == [str(plans / "halton-renamed.txt")]


def test_summary_reports_the_dataset_after_the_run(tmp_path: Path, capsys):
    out = str(tmp_path / "out")
    assert main(["build", str(CORPUS), "--out", out, "--no-compare"]) == 0
    capsys.readouterr()
    assert main(["build", str(V18), "--out", out, "--no-compare"]) == 0
    said = _said(capsys)
    assert "this run: 1 loaded, 0 unchanged (skipped), 0 duplicate, 0 failed, 0 pruned" in said
    # what the dataset holds: both areas, Stoke with two issues, not only this run's file
    assert "│ Halton │ 1 │ 2018-02-21 │ 47 │ 47 │ 0 │" in said
    assert "│ Stoke-on-Trent │ 2 │ 2018-03-19 V19 │ 53 │ 106 │ 1 │" in said
    assert "│ total │ 3 │ │ 100 │ 153 │ 1 │" in said
    assert main(["build", str(CORPUS), "--out", out, "--no-compare", "--prune"]) == 0
    said = _said(capsys)
    assert "this run: 0 loaded, 2 unchanged (skipped), 0 duplicate, 0 failed, 1 pruned" in said
    assert "│ Stoke-on-Trent │ 1 │ 2018-03-19 V19 │ 53 │ 53 │ 0 │" in said
    assert "pruned " in said and str(V18) in said


def test_prune_of_no_inputs_touches_nothing(tmp_path: Path, capsys):
    out = tmp_path / "out"
    build([CORPUS], out)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["build", str(empty), "--out", str(out), "--prune", "--quiet"]) == 1
    assert "no plan files found" in _said(capsys)
    assert len(check_dataset(out)) == 2


@pytest.mark.parametrize("relative", [True, False])
def test_prune_matches_inputs_by_content_not_by_how_the_path_is_spelt(
    tmp_path: Path, monkeypatch, relative: bool
):
    out = tmp_path / "out"
    build([HALTON], out)
    monkeypatch.chdir(CORPUS if relative else tmp_path)
    given = HALTON.name if relative else str(HALTON)
    report = build([given], out, prune=True)
    assert report.pruned == [] and len(check_dataset(out)) == 1


def test_a_document_read_again_under_another_area_moves(tmp_path: Path):
    out = tmp_path / "out"
    build([CORPUS, V18], out)
    v18 = next(r["document_id"] for r in documents_rows(out) if r["version"] == "18")
    report = build([V18], out, area="Testshire")  # --area changes the build key: read again
    assert [d.area_id for d in report.documents] == ["testshire"]
    rows = {r["document_id"]: r for r in check_dataset(out)}
    assert rows[v18]["area_id"] == "testshire" and rows[v18]["is_latest"]
    assert {p.parent.name for p in _files_of(out, v18)} == {"area_id=testshire"}
    stoke = [r for r in rows.values() if r["area_id"] == "stoke-on-trent"]
    assert [r["version"] for r in stoke] == ["19"] and stoke[0]["superseded_by"] is None
