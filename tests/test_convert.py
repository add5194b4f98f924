""".odt / .rtf / .ods plans read through LibreOffice give the same actions as the Word and Excel
files they were made from (tests/fixtures/convert/README.md), and a missing or failing
converter is a one-line error."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

import pytest

from actionplans.extract import convert
from actionplans.extract.errors import DocumentError
from actionplans.extract.registry import read_document
from actionplans.pipeline import DocumentResult, process_document

from .conftest import ROOT
from .test_golden_actions import FIELDS, canonical, load_golden
from .test_xlsx_reader import TRACKER_GOLDEN, build_tracker

CONVERT = ROOT / "tests" / "fixtures" / "convert"
RENDITIONS = ROOT / "tests" / "fixtures" / "renditions"
CASES = {  # converted fixture -> golden slug (made from the .docx of the same stem)
    "stoke-on-trent-improvement-plan-v19-2018-03-19.odt": "stoke-on-trent",
    "halton-action-plan-2018-02-21.rtf": "halton",
}
MADE_FROM = {  # SHA-256 (first 16 hex digits) of the .docx each fixture was converted from
    "stoke-on-trent-improvement-plan-v19-2018-03-19.odt": "cdf36f88e8c40120",
    "halton-action-plan-2018-02-21.rtf": "15740d0ddf154e7d",
}
needs_soffice = pytest.mark.skipif(
    convert.find_soffice() is None,
    reason="LibreOffice (soffice) not on PATH; .ci/run installs it so CI runs these tests")


@cache
def processed(path: str) -> DocumentResult:
    return process_document(path)


def _rows(result: DocumentResult) -> list[tuple[str, ...]]:
    return [tuple(canonical(r[f]) for f in ("action_id", *FIELDS))
            for r in result.tables["actions"]]


@needs_soffice
@pytest.mark.parametrize("name", sorted(CASES))
def test_converted_word_plan_reads_like_the_docx(name: str):
    path = CONVERT / name
    source = RENDITIONS / f"{path.stem}.docx"
    if hashlib.sha256(source.read_bytes()).hexdigest()[:16] != MADE_FROM[name]:
        pytest.fail(f"{source.name} changed since {name} was made from it: regenerate with "
                    f"soffice --headless --convert-to {path.suffix[1:]} --outdir "
                    f"tests/fixtures/convert {source} and update MADE_FROM")
    result = processed(str(path))
    docx = processed(str(source))
    assert _rows(result) == _rows(docx)
    golden = load_golden(CASES[name])
    assert [r["action_id"] for r in result.tables["actions"]] == [g["action_id"] for g in golden]
    doc = result.tables["documents"][0]
    fmt = path.suffix[1:]
    assert doc["source_format"] == fmt
    assert result.document_id == hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    assert f"converted from .{fmt} to .docx by LibreOffice before reading" in doc["warnings"]


@needs_soffice
def test_converted_spreadsheet_reads_like_the_xlsx(tmp_path: Path):
    ods = CONVERT / "westshire-improvement-plan.ods"
    result = processed(str(ods))
    got = [tuple(canonical(a[f]) for f in ("action_id", "rag", "due_date", "status"))
           for a in result.tables["actions"]]
    assert got == [tuple(canonical(g[i]) for i in (0, 7, 6, 8)) for g in TRACKER_GOLDEN]
    xlsx = process_document(build_tracker(tmp_path / "westshire-improvement-plan.xlsx"))
    key = [(e["colour"], e["status"]) for e in xlsx.tables["documents"][0]["rag_key"]]
    assert [(e["colour"], e["status"]) for e in result.tables["documents"][0]["rag_key"]] == key
    doc = read_document(ods)
    assert doc.source_path == str(ods) and doc.source_format == "ods"
    assert doc.sha256 == hashlib.sha256(ods.read_bytes()).hexdigest()


def test_missing_converter_is_named(tmp_path: Path, monkeypatch):
    path = tmp_path / "plan.odt"
    path.write_bytes((CONVERT / "stoke-on-trent-improvement-plan-v19-2018-03-19.odt").read_bytes())
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert str(info.value) == (
        f"{path}: needs LibreOffice to convert .odt files (soffice not found on PATH); "
        "install LibreOffice or save the file as .docx")


def _fake_soffice(tmp_path: Path, monkeypatch, script: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\n" + script)
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")


def test_a_hanging_converter_is_stopped(tmp_path: Path, monkeypatch):
    _fake_soffice(tmp_path, monkeypatch, "sleep 30\n")
    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 1)
    path = tmp_path / "plan.rtf"
    path.write_bytes(rb"{\rtf1\ansi Westvale action plan}")
    with pytest.raises(DocumentError, match=r"did not convert the \.rtf file within 1 s"):
        read_document(path)


def test_a_failing_converter_is_reported(tmp_path: Path, monkeypatch):
    _fake_soffice(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded' >&2\n")
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    with pytest.raises(DocumentError, match="could not convert the .doc file "
                                            r"\(exit 0: Error: source file could not be loaded\)"):
        read_document(path)


def test_files_that_are_not_what_their_name_says(tmp_path: Path):
    rtf = tmp_path / "plan.rtf"
    rtf.write_text("Action plan\n")
    with pytest.raises(DocumentError, match="not an RTF file"):
        read_document(rtf)
    odt = tmp_path / "plan.odt"
    odt.write_text("Action plan\n")
    with pytest.raises(DocumentError, match=r"not an OpenDocument \.odt file"):
        read_document(odt)
    empty = tmp_path / "plan.xls"
    empty.write_bytes(b"")
    with pytest.raises(DocumentError, match="file is empty"):
        read_document(empty)
