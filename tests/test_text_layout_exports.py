"""Text exports that keep a table's columns with spaces (pdftotext -layout, "save as text"
with layout) are read by position, like a PDF without ruling (extract/text_layout.py)."""

from __future__ import annotations

from pathlib import Path

from actionplans.extract.text import read_text_bytes
from actionplans.extract.text_layout import is_layout_export, layout_pages

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
EXPORT = UNSEEN / "eastbridge-action-plan-pdftotext.txt"  # pdftotext -layout of the ruled PDF


def test_a_pdftotext_layout_export_is_recognised_and_tab_or_pipe_text_is_not() -> None:
    assert is_layout_export(EXPORT.read_text(encoding="utf-8").split("\n"))
    tabbed = ["Ref\tAction\tLead\tBy when", "1.1\tAgree   the plan   with partners\tJo\tMay"]
    assert not is_layout_export(tabbed * 5)
    piped = ["| Ref | Action | Lead |", "| 1.1 | Agree   the plan   with partners | Jo |"]
    assert not is_layout_export(piped * 5)


def test_prose_with_an_aligned_line_or_two_stays_prose() -> None:
    prose = ["The Board agreed the plan at its meeting in March 2018.",
             "Signed:   Jo Bloggs   Director of Adult Social Care",
             *["Partners will report progress to the Health and Wellbeing Board."] * 20]
    assert not is_layout_export(prose)


def test_each_page_keeps_its_own_character_grid() -> None:
    """A form feed starts a page: pdftotext lays page 2 out in narrower columns."""
    pages = layout_pages(EXPORT.read_text(encoding="utf-8"))
    assert [p.number for p in pages] == [1, 2]
    header = [ln for ln in pages[1].lines if ln.text.startswith("RAG No.")]
    assert header and header[0].x0 == 0.0


def test_its_tables_come_out_as_cells() -> None:
    doc = read_text_bytes(EXPORT.read_bytes(), str(EXPORT))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert {t.header for t in doc.tables} == {("RAG", "No.", "Recommendation", "Actions",
                                              "Responsible officer", "Target date", "Update")}
    c2 = next(r for r in rows if r[1] == "C2")  # page 2, lines 55-56 of the export
    assert " ".join(c2[3].split()) == ("Launch a joint recruitment campaign for care workers "
                                       "with local providers")
    assert c2[4].split() == ["Workforce", "Lead,", "Eastbridge", "Care", "Association"]
    assert c2[5].split() == ["November", "2018"]
