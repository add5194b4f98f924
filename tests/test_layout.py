"""One assembly step for every format: the text reader only turns lines into blocks, and what
`layout.assemble` finds in them (title, themes, key lines, repeated headers, loose rows) it finds
in a Word document too. The small plans here are written in the tests; expected values are
read off them."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from actionplans.extract.docx import read_docx
from actionplans.extract.layout import Paragraph, TableBlock
from actionplans.extract.model import ExtractedDocument, Location
from actionplans.extract.text import blocks, read_text_bytes

HEADER = ("No.", "Action", "Lead", "Due")
PLAN = [  # (kind, content) in reading order; "gap" is an empty paragraph / blank line
    ("p", "Testshire Local System Review"),
    ("p", "Action plan 1 March 2018"),
    ("gap", ""),
    ("gap", ""),
    ("p", "Key"),
    ("p", "Blue – Complete and assured"),
    ("p", "Green – On track"),
    ("p", "Amber = Some slippage"),
    ("p", "Red: Off track"),
    ("p", "Theme 1: Leadership"),
    ("p", "Lead Organisation: Testshire County Council"),
    ("p", "Explanation: One board for health and care."),
    ("p", "It meets monthly."),
    ("table", [HEADER, ("1.1", "Agree a plan", "Ann Lee", "March 2018"),
               HEADER, ("1.2", "Report it", "Bob Day", "April 2018")]),
    ("p", "Contacts"),
    ("table", [("Ann Lee", "01234 567890"), ("Bob Day", "01234 567891")]),
]


def _as_text(plan: list) -> bytes:
    lines: list[str] = []
    for kind, content in plan:
        if kind == "table":
            for i, row in enumerate(content):
                if i and row == HEADER:
                    lines.append("")  # the page break the header is repeated after
                lines.append("\t".join(row))
        else:
            lines.append(content)
    return "\n".join(lines).encode()


def _as_docx(plan: list, path: Path) -> ExtractedDocument:
    doc = Document()
    for kind, content in plan:
        if kind == "table":
            table = doc.add_table(rows=len(content), cols=len(content[0]))
            for row, texts in zip(table.rows, content, strict=True):
                for cell, text in zip(row.cells, texts, strict=True):
                    cell.text = text
        else:
            doc.add_paragraph(content)
    doc.save(path)
    return read_docx(path)


def _structure(doc: ExtractedDocument) -> dict:
    return {
        "title": doc.title,
        "themes": [(t.theme_id, t.title, t.lead_organisation, t.explanation) for t in doc.themes],
        "tables": [(t.header, [[c.text for c in r.cells] for r in t.rows],
                    [r.after_break for r in t.rows]) for t in doc.tables],
        "key": [(e.colour, e.meaning) for e in doc.rag_key],
    }


def test_text_lines_become_paragraphs_and_table_runs():
    lines = ["Plan", "", "A\tB", "", "1\t2", "--\t--", "3\t4", "", "Next"]
    out = list(blocks(lines))
    assert [type(b).__name__ for b in out] == ["Paragraph", "Paragraph", "TableBlock",
                                               "Paragraph", "Paragraph"]
    table = out[2]
    assert isinstance(table, TableBlock)
    assert [r.location.line_start for r in table.rows] == [3, 5, 7]  # line 6 is a ruling
    assert [r.after_break for r in table.rows] == [False, True, False]  # blank line 4
    assert table.location == Location(line_start=3, line_end=7)
    assert out[3] == Paragraph("", Location(line_start=8, line_end=8))  # a gap after the run


def test_text_and_word_assemble_the_same_document(tmp_path):
    text = read_text_bytes(_as_text(PLAN), "testshire.txt")
    word = _as_docx(PLAN, tmp_path / "testshire.docx")
    expected = {
        "title": "Testshire Local System Review Action plan 1 March 2018",
        "themes": [("1", "Leadership", "Testshire County Council",
                    "One board for health and care.\nIt meets monthly.")],
        # the header repeated inside the table is dropped; the row after it follows a break
        "tables": [(HEADER, [["1.1", "Agree a plan", "Ann Lee", "March 2018"],
                             ["1.2", "Report it", "Bob Day", "April 2018"]], [False, True])],
        # a key written as list lines, in Word as in text
        "key": [("Blue", "Complete and assured"), ("Green", "On track"),
                ("Amber", "Some slippage"), ("Red", "Off track")],
    }
    assert _structure(text) == expected
    assert _structure(word) == expected


def test_loose_rows_are_warned_with_where_they_are(tmp_path):
    text = read_text_bytes(_as_text(PLAN), "testshire.txt")
    (warning,) = text.warnings
    # lines 20-21 of the text: the two contact rows after "Contacts" (line 19)
    assert warning.startswith("lines 20-21: 2 table rows outside any action table")
    assert "'Ann Lee | 01234 567890'" in warning
    word = _as_docx(PLAN, tmp_path / "testshire.docx")
    (warning,) = word.warnings
    assert warning.startswith("table 2 row 1: 2 table rows outside any action table")


def test_two_line_header_repeated_after_a_break_is_the_same_table():
    """A two-line header repeated after a page break is the same table, not a new one."""
    data = (b"Testshire action plan\n\n\nTheme 1: Leadership\n"
            b"Action\tAction Required\tResponsible\tBy When\t\n"
            b"No.\t\tOfficer\tStart\tFinish\n"
            b"1.1\tAgree a plan\tAnn Lee\tJan 18\tMar 18\n\n"
            b"Action\tAction Required\tResponsible\tBy When\t\n"
            b"No.\t\tOfficer\tStart\tFinish\n"
            b"1.2\tReport it\tBob Day\tFeb 18\tApr 18\n")
    doc = read_text_bytes(data, "two-line.txt")
    (table,) = doc.tables
    assert table.header == ("Action No.", "Action Required", "Responsible Officer",
                            "By When Start", "Finish")
    assert [r.cells[0].text for r in table.rows] == ["1.1", "1.2"]
    assert [r.location.line_start for r in table.rows] == [7, 11]
    assert not doc.warnings
