"""Bad Word and PDF input is named and explained, and the rest of the batch goes on."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

from actionplans.extract.docx import read_docx
from actionplans.extract.errors import DocumentError
from actionplans.pipeline import build, process_document

from .conftest import ROOT

BAD = ROOT / "tests" / "fixtures" / "bad"
GOOD_PDF = ROOT / "tests" / "fixtures" / "plans" / "riverside-plan-2018-05-14.pdf"


def make_bad_files(folder: Path) -> dict[str, str]:
    """Each bad file and a phrase its error must contain."""
    shutil.copy(BAD / "encrypted.pdf", folder / "encrypted.pdf")
    shutil.copy(BAD / "not-a-plan.pdf", folder / "not-a-plan.pdf")
    Image.new("RGB", (400, 300), "white").save(folder / "scanned.pdf")
    data = GOOD_PDF.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (folder / "not-a-zip.docx").write_bytes(b"This is a plain text file saved as .docx\n")
    doc = Document()
    doc.add_paragraph("Halton Local System Review action plan")
    doc.add_paragraph("The actions will be published next month.")
    doc.save(folder / "no-tables.docx")
    with zipfile.ZipFile(folder / "other-zip.docx", "w") as zf:
        zf.writestr("readme.txt", "not a Word package")
    return {
        "encrypted.pdf": "encrypted",
        "not-a-plan.pdf": "not an action plan",
        "scanned.pdf": "OCR is needed",
        "truncated.pdf": "truncated",
        "not-a-zip.docx": "not a zip",
        "no-tables.docx": "no tables",
        "other-zip.docx": "not a Word document",
    }


def test_each_bad_file_gets_a_clear_one_line_error(tmp_path):
    for name, phrase in make_bad_files(tmp_path).items():
        with pytest.raises(DocumentError) as info:
            process_document(tmp_path / name)
        message = str(info.value)
        assert name in message and phrase in message, message
        assert "\n" not in message


def test_batch_goes_on_past_bad_files(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    expected = make_bad_files(folder)
    shutil.copy(GOOD_PDF, folder / GOOD_PDF.name)
    report = build([folder], tmp_path / "out")
    assert [d.area for d in report.documents] == ["Riverside"]
    assert sorted(Path(e.path).name for e in report.errors) == sorted(expected)
    assert not any("internal error" in e.reason for e in report.errors)


# --- Word structure: split tables, nested tables, spans ------------------------------------


def _plan_doc() -> Document:
    doc = Document()
    doc.add_paragraph("Testshire Local System Review")
    doc.add_paragraph("Action plan 1 March 2018")
    doc.add_paragraph("")
    doc.add_paragraph("")
    doc.add_paragraph("Theme 1: Leadership")
    return doc


def _header(table) -> None:
    for cell, label in zip(table.rows[0].cells, ("No.", "Action", "Lead", "Due"), strict=True):
        cell.text = label


def test_table_split_by_page_break_is_joined(tmp_path):
    doc = _plan_doc()
    first = doc.add_table(rows=2, cols=4)
    _header(first)
    for cell, text in zip(first.rows[1].cells, ("1.1", "Agree a plan", "Ann Lee", "March 2018"),
                          strict=True):
        cell.text = text
    doc.add_page_break()
    second = doc.add_table(rows=2, cols=4)
    _header(second)
    for cell, text in zip(second.rows[1].cells, ("1.2", "Report it", "Bob Day", "April 2018"),
                          strict=True):
        cell.text = text
    doc.save(tmp_path / "split.docx")
    read = read_docx(tmp_path / "split.docx")
    assert len(read.tables) == 1 and len(read.tables[0].rows) == 2
    assert read.tables[0].rows[1].after_break
    rows = process_document(tmp_path / "split.docx").tables["actions"]
    assert [(r["action_id"], r["owner_raw"], str(r["due_date"])) for r in rows] == [
        ("1.1", "Ann Lee", "2018-03-31"), ("1.2", "Bob Day", "2018-04-30")]


def test_nested_table_text_and_spanned_header(tmp_path):
    doc = _plan_doc()
    table = doc.add_table(rows=3, cols=5)
    labels = ("No.", "Action", "Owner", "By when", "")
    for cell, label in zip(table.rows[0].cells, labels, strict=True):
        cell.text = label
    table.rows[1].cells[3].text = "Start"
    table.rows[1].cells[4].text = "Finish"
    table.rows[0].cells[3].merge(table.rows[0].cells[4])
    for i, text in enumerate(("1.1", "Set up a board", "Ann Lee", "Jan 2018", "June 2018")):
        table.rows[2].cells[i].text = text
    inner = table.rows[2].cells[1].add_table(rows=1, cols=2)
    inner.rows[0].cells[0].text = "Step one"
    inner.rows[0].cells[1].text = "Step two"
    doc.save(tmp_path / "nested.docx")
    read = read_docx(tmp_path / "nested.docx")
    assert read.tables[0].header[3:] == ("By when Start", "By when Finish")
    assert "Step one Step two" in read.tables[0].rows[0].cells[1].text
    row = process_document(tmp_path / "nested.docx").tables["actions"][0]
    assert (str(row["start_date"]), str(row["due_date"])) == ("2018-01-01", "2018-06-30")
