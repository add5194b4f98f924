"""Bad input: one clear line naming the file and the reason; the rest of the batch goes on."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from actionplans.cli import main
from actionplans.pipeline import build

from .conftest import CORPUS

HALTON = CORPUS / "halton-action-plan-2018-02-21.txt"

NOT_A_PLAN = "Minutes of the meeting\n\nAttendees\tRole\nJo Bloggs\tChair\n"
NO_AREA = (
    "ACTION PLAN\n\n1. Governance\n\n"
    "Ref\tAction\tLead\tDue\n"
    "1.1\tAgree terms of reference\tJo Bloggs\tMarch 2018\n"
)


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "minutes.txt").write_text(NOT_A_PLAN)
    (folder / "garbage.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(64))
    (folder / "no-area.txt").write_text(NO_AREA)
    shutil.copy(HALTON, folder / HALTON.name)
    return folder


def test_batch_goes_on_and_each_error_names_file_and_reason(batch: Path, tmp_path: Path):
    missing = tmp_path / "does-not-exist.txt"
    report = build([batch, missing], tmp_path / "out")
    assert [d.area for d in report.documents] == ["Halton"]
    assert report.documents[0].action_count == 47
    reasons = {Path(e.path).name: e.reason for e in report.errors}
    assert reasons["empty.txt"] == "file is empty"
    assert "not an action plan" in reasons["minutes.txt"]
    assert "binary" in reasons["garbage.txt"]
    assert "area not found" in reasons["no-area.txt"]
    assert reasons["does-not-exist.txt"] == "path does not exist"
    for error in report.errors:
        line = str(error)
        assert "\n" not in line and line.startswith(error.path)


def test_cli_prints_one_line_per_bad_file_and_exits_nonzero(batch: Path, tmp_path: Path, capsys):
    code = main(["build", str(batch), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    error_lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 1
    assert len(error_lines) == 4
    assert any("empty.txt: file is empty" in line for line in error_lines)


def test_area_override_rescues_a_plan_without_area(batch: Path, tmp_path: Path):
    report = build([batch / "no-area.txt"], tmp_path / "out", area="Exampleshire")
    assert not report.errors
    (doc,) = report.documents
    assert doc.area == "Exampleshire" and doc.area_id == "exampleshire"
    assert doc.tables["documents"][0]["area_source"] == "override"


def test_unsupported_extension_is_named(tmp_path: Path):
    path = tmp_path / "plan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    report = build([path], tmp_path / "out")
    (error,) = report.errors
    assert "no reader for '.png'" in error.reason


def test_folder_reports_every_file_it_does_not_read(tmp_path: Path):
    """A file of an unsupported type in a folder is an error line, not silently skipped;
    only hidden files, README files and layout hints are not candidates."""
    folder = tmp_path / "plans"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "config").write_text("[core]\n")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "~$lton-action-plan.docx").write_bytes(b"\x0bJo Bloggs")
    (folder / "README.md").write_text("# Plans received from the areas\n")
    shutil.copy(HALTON, folder / HALTON.name)
    (folder / f"{HALTON.name}.hints.toml").write_text('area = "Halton"\n')
    (folder / "scan-of-page-3.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "minutes").write_text("Minutes of the meeting\n")
    report = build([folder], tmp_path / "out")
    assert [d.area for d in report.documents] == ["Halton"]
    reasons = {Path(e.path).name: e.reason for e in report.errors}
    assert set(reasons) == {"scan-of-page-3.png", "minutes"}
    assert reasons["scan-of-page-3.png"].startswith("no reader for '.png' files (readers: ")
    assert reasons["minutes"].startswith("no reader for 'no extension' files")
