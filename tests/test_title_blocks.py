"""The area and plan date come from a plan's title block in any of the forms plans use, never
from a sentence of running text; when nothing is found the error lists what was considered.

Title lines are written the way published plans and board papers head themselves (areas are
among those CQC reviewed in 2017-18; providers and dates are invented)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from actionplans.extract.errors import DocumentError
from actionplans.pipeline import process_document

TABLE = (
    "Ref\tAction\tLead\tBy when\n"
    "1.1\tAgree a shared vision for older people's services\tDirector of Public Health\tJune 2018\n"
    "1.2\tPublish a market position statement for home care\tHead of Commissioning\tQ2 2018/19\n"
)


def _read(tmp_path: Path, head: str, name: str = "plan.txt"):
    path = tmp_path / name
    path.write_text(head + "\n\n" + TABLE, encoding="utf-8")
    return process_document(path)


@pytest.mark.parametrize(
    ("head", "area"),
    [
        ("Oxfordshire Health and Wellbeing Board\nLocal System Review Action Plan – progress "
         "update\nUpdated 14 May 2018", "Oxfordshire"),
        ("Report title: Cumbria Local System Review – Improvement Plan\nDate of meeting: 5 June "
         "2018", "Cumbria"),
        ("CQC Local System Review – Bracknell Forest\nAction Plan\nPosition as at 31 May 2018",
         "Bracknell Forest"),
        ("Prepared by the Local System Review Programme Board\nHartlepool Health and Wellbeing "
         "Board\n12/03/2018", "Hartlepool"),
        ("STOCKPORT LOCAL SYSTEM REVIEW: IMPROVEMENT PLAN\nVersion 3 – 9 April 2018", "Stockport"),
        ("Meadowbank Care Home – CQC Inspection Action Plan\nProvider: Meadowbank Care Ltd\n"
         "Date of plan: 2 July 2018", "Meadowbank Care Home"),
    ],
)
def test_area_from_title_block_forms(tmp_path: Path, head: str, area: str):
    assert _read(tmp_path, head).area == area


def test_running_text_never_gives_the_area(tmp_path: Path):
    head = (
        "Improvement plan\nUpdated 3 April 2018\n\nThis plan responds to the findings of the "
        "Care Quality Commission's local system review of Trafford, published in February "
        "2018, and to the comparison it drew with neighbouring areas."
    )
    with pytest.raises(DocumentError) as info:
        _read(tmp_path, head)
    reason = info.value.reason
    assert "area not found" in reason and "considered: 'Improvement plan'" in reason
    assert "Trafford" not in reason.split("considered:")[0]


def test_plan_date_from_a_labelled_line_not_the_inspection(tmp_path: Path):
    head = (
        "Meadowbank Care Home – CQC Inspection Action Plan\n"
        "Inspection dates: 16 and 17 January 2018 (report published 28 March 2018)\n"
        "Date of plan: 2 July 2018"
    )
    doc = _read(tmp_path, head).tables["documents"][0]
    assert doc["plan_date"] == dt.date(2018, 7, 2)


def test_area_printed_only_in_the_word_page_header(tmp_path: Path):
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Wiltshire Health and Wellbeing Board"
    document.add_paragraph("Improvement plan – update for the Board")
    document.add_paragraph("Updated 3 April 2018")
    rows = [line.split("\t") for line in TABLE.strip().split("\n")]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    path = tmp_path / "plan.docx"
    document.save(str(path))
    result = process_document(path)
    assert result.area == "Wiltshire"
    assert result.tables["documents"][0]["plan_date"] == dt.date(2018, 4, 3)
