"""Board papers whose action-plan table has no ruling, read from the PDF by word positions.

The fixtures (tests/fixtures/unseen/boardpaper-*.pdf, written by tools/make_boardpaper_pdf.py)
are council and CCG board reports with the plan as a borderless table: columns by position
only, header labels wrapped over two or three lines, theme headings between blocks of rows (or
none, the ids naming the themes), running headers and footers, and the table running on over
page breaks with and without its header repeated. Golden values were read off the documents by
hand (each row cites its page and row). The tests print every differing field.

The fields are checked in three groups so a failure points at its module: what the PDF reader
decides (extract/pdf.py: rows, cells, ids, owners, dates, RAG), what the shared assembly and
normalisation make of it (themes, revisions, previous RAG, status), and the document fields
(area, plan date: normalise/document.py).
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest

from actionplans.extract.errors import DocumentError
from actionplans.extract.registry import read_document
from actionplans.pipeline import DocumentResult, process_document

from .test_golden_actions import canonical

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
PAPERS = sorted(UNSEEN.glob("boardpaper-*.pdf"))
READER_FIELDS = ("action_text_start", "owner_raw", "due_date", "rag")
ASSEMBLY_FIELDS = ("theme_id", "theme_title", "revised_date", "rag_previous", "status")
TEXT_WORDS = 6  # action_text_start is the first six words of the action text


def _golden(path: Path) -> tuple[dict, list[dict[str, str]]]:
    stem = path.name.removesuffix(".pdf")
    meta = json.loads((UNSEEN / f"{stem}.golden.json").read_text(encoding="utf-8"))
    with open(UNSEEN / f"{stem}.golden.csv", newline="", encoding="utf-8") as fh:
        return meta, list(csv.DictReader(fh))


@cache
def _processed(path: Path) -> tuple[DocumentResult, str | None]:
    """The pipeline's reading, and why the area was not found when it was not (the actions are
    then read with the golden area given, so the reader is still tested)."""
    try:
        return process_document(path), None
    except DocumentError as exc:
        if "area not found" not in exc.reason:
            raise
        meta, _ = _golden(path)
        return process_document(path, area_override=meta["area"]), exc.reason


def _field(action: dict, name: str) -> str:
    if name == "action_text_start":
        return canonical(" ".join(str(action.get("action_text") or "").split()[:TEXT_WORDS]))
    return canonical(action.get(name, "<no such field>"))


def _diffs(path: Path, fields: tuple[str, ...]) -> tuple[list[str], int]:
    _, golden = _golden(path)
    result, _ = _processed(path)
    by_id = {a["action_id"]: a for a in result.tables["actions"]}
    out, total = [], 0
    for g in golden:
        row = by_id.get(g["action_id"])
        for name in fields:
            total += 1
            got = _field(row, name) if row is not None else "<missing action>"
            if canonical(g[name]) != got:
                out.append(f"{g['action_id']:<5} {name:<18} golden {canonical(g[name])!r:<48} "
                           f"pipeline {got!r}  ({g['source']})")
    return out, total


def _report(path: Path, diffs: list[str], total: int) -> None:
    print(f"\n{path.name}: {total - len(diffs)}/{total} fields equal")
    for line in diffs:
        print("  " + line)


@pytest.mark.parametrize("path", PAPERS, ids=lambda p: p.name)
def test_every_action_read_with_its_number(path: Path):
    _, golden = _golden(path)
    result, _ = _processed(path)
    assert [a["action_id"] for a in result.tables["actions"]] == [g["action_id"] for g in golden]


@pytest.mark.parametrize("path", PAPERS, ids=lambda p: p.name)
def test_reader_fields_match_golden(path: Path):
    """Action text, owner, due date and RAG: the cells the PDF reader cut from word positions."""
    diffs, total = _diffs(path, READER_FIELDS)
    _report(path, diffs, total)
    assert not diffs, f"{len(diffs)} field(s) differ (see the table above)"


@pytest.mark.parametrize("path", PAPERS, ids=lambda p: p.name)
def test_assembly_and_normalised_fields_match_golden(path: Path):
    """Themes (from headings between blocks or from the id scheme), revised dates written in
    the due cell, the previous RAG column, status from the plan's own key."""
    diffs, total = _diffs(path, ASSEMBLY_FIELDS)
    _report(path, diffs, total)
    assert not diffs, f"{len(diffs)} field(s) differ (see the table above)"


@pytest.mark.parametrize("path", PAPERS, ids=lambda p: p.name)
def test_document_fields_match_golden(path: Path):
    meta, _ = _golden(path)
    result, area_error = _processed(path)
    assert area_error is None, area_error
    doc = result.tables["documents"][0]
    assert result.area == meta["area"]
    assert canonical(doc["plan_date"]) == meta["plan_date"]
    assert (doc.get("version") or None) == meta["version"]
    got = [(t["theme_id"], t["title"] or None) for t in result.tables["themes"]]
    assert got == [(t["theme_id"], t["title"]) for t in meta["themes"]]


def test_wrapped_header_labels_joined_one_per_column():
    wyreford = read_document(UNSEEN / "boardpaper-wyreford-hwb-2018-05-15.pdf")
    assert {t.header for t in wyreford.tables} == {
        ("Ref", "Action", "Lead officer", "Timescale", "RAG", "Progress to date")}
    ashdown = read_document(UNSEEN / "boardpaper-ashdown-vale-gb-2018-06-12.pdf")
    assert {t.header for t in ashdown.tables} == {
        ("No.", "CQC finding", "Action required", "Responsible officer (organisation)",
         "By when", "Revised completion date", "Previous BRAG", "Current BRAG",
         "Evidence of completion")}


def test_page_furniture_is_not_read_as_text():
    """Running headers, footers and page numbers repeat on every page at the same place; they
    are neither title lines nor cell text."""
    for path, furniture in (
        (UNSEEN / "boardpaper-wyreford-hwb-2018-05-15.pdf",
         ("Agenda item 6", "Wyreford HWB 15 May 2018", "Page 2 of 3")),
        (UNSEEN / "boardpaper-ashdown-vale-gb-2018-06-12.pdf",
         ("Ashdown Vale CCG Governing Body – Part A",)),
    ):
        doc = read_document(path)
        assert not any(f in doc.full_text for f in furniture), path.name
        assert not any(line.strip() in ("1", "2") for line in doc.head_lines), path.name


def test_table_runs_on_over_the_page_break():
    """Wyreford's table continues on page 3 without its header: the row cut by the break is one
    action again, and the next row stays under theme 2; Ashdown's repeats its header."""
    result, _ = _processed(UNSEEN / "boardpaper-wyreford-hwb-2018-05-15.pdf")
    rows = {a["action_id"]: a for a in result.tables["actions"]}
    cut = rows["2.3"]
    assert (cut["source_page_start"], cut["source_page_end"]) == (2, 3)
    assert canonical(cut["progress"]).endswith("use the same bags and paperwork from June.")
    assert rows["2.4"]["theme_id"] == "2" and rows["2.4"]["source_page_start"] == 3
    ashdown, _ = _processed(UNSEEN / "boardpaper-ashdown-vale-gb-2018-06-12.pdf")
    assert [a["action_id"] for a in ashdown.tables["actions"] if a["source_page_start"] == 2] \
        == ["WF2", "WF3"]
