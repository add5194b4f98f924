"""The text reader finds structure; the mapping step gives it meaning. Values cite source lines."""

from __future__ import annotations

from datetime import date

from actionplans.extract.align import align_row
from actionplans.extract.cells import clean_cell, join_wrapped
from actionplans.extract.celltypes import CellType, cell_type, parse_action_id
from actionplans.extract.headers import assign_roles, role_of
from actionplans.extract.headings import match_heading
from actionplans.extract.text import read_text

from .conftest import CORPUS

STOKE = CORPUS / "stoke-on-trent-improvement-plan-v19-2018-03-19.txt"
HALTON = CORPUS / "halton-action-plan-2018-02-21.txt"
REF = date(2018, 3, 19)


def test_cell_markup_becomes_lines():
    raw = "<p>Accountable Officer, CCG</p> <p>Assistant Director- Commissioning, SOTCC</p>"
    assert clean_cell(raw) == "Accountable Officer, CCG\nAssistant Director- Commissioning, SOTCC"
    assert clean_cell("will include: • Public engagement • Service User engagement") == (
        "will include:\nPublic engagement\nService User engagement"
    )
    assert clean_cell('<ul style="list-style-type: none"> A &amp; E</ul>') == "A & E"
    assert join_wrapped("Sue Wallace-", "Bonner") == "Sue Wallace-Bonner"
    assert join_wrapped("Leigh", "Thompson") == "Leigh Thompson"


def test_headings():
    h = match_heading("Improvement Theme 3: **INFORMATION and DATA SHARING**")  # Stoke line 150
    assert (h.theme_id, h.title, h.explicit) == ("3", "INFORMATION and DATA SHARING", True)
    h = match_heading("Service Improvement Workstream 6.2: **DISCHARGE TO ASSESS**")  # line 243
    assert (h.theme_id, h.title) == ("6.2", "DISCHARGE TO ASSESS")
    h = match_heading("4. Workforce")  # Halton line 107
    assert (h.theme_id, h.title, h.explicit) == ("4", "Workforce", False)
    assert match_heading("The Plan is based on six key themes and seven work-streams.") is None


def test_two_line_headers_are_merged():
    doc = read_text(HALTON)
    header = doc.tables[0].header  # lines 56-57: "By V | Vhen" over "Start | Finish"
    assert header[0] == "Action No." and header[3] == "By V Start" and header[4] == "Vhen Finish"
    assert assign_roles(header) == ["id", "action", "owner", "start", "due", "progress"]


def test_header_synonyms_of_other_plans():
    assert role_of("Ref") == "id"
    assert role_of("What we will do") == "action"
    assert role_of("By Whom") == "owner"
    assert role_of("Timescale") == "due"
    assert role_of("BRAG") == "rag"
    assert role_of("Progress Made to Date") == "progress"
    assert role_of("Evidence of completion") == "assurance"
    assert role_of("Recommendation") == "cqc_issue"
    assert role_of("Lead Officer") == "owner"
    assert role_of("Target Date") == "due"
    assert role_of("Comments") == "progress"
    roles = assign_roles(["Owner", "Lead", "Due", "Revised", "RAG", "RAG"])
    assert roles == ["owner", "lead", "due", "revised", "rag", "rag_on_target"]


def test_stoke_themes_and_metadata():
    doc = read_text(STOKE)
    themes = {t.theme_id: t for t in doc.themes}
    assert list(themes) == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "6.1",
        "6.2",
        "6.3",
        "6.4",
        "6.5",
        "6.6",
        "6.7",
    ]
    # line 117: "Lead Organisation: North Staffordshire Combined Healthcare NHS Trust (Caroline ..."
    assert themes["1"].lead_organisation.startswith("North Staffordshire Combined Healthcare")
    assert [e.colour for e in doc.rag_key] == ["BLUE", "GREEN", "AMBER", "RED"]  # lines 37-40
    assert any("Process | Date" in w for w in doc.warnings)  # lines 50-109 are not actions


def test_cell_types():
    assert parse_action_id("6.2.3", reference=REF) == ("6.2.3", "")
    assert parse_action_id("9.11.17", reference=REF) is None  # a date of the plan's era
    assert parse_action_id("Action No. 3.1", reference=REF) == ("3.1", "")
    assert parse_action_id("6.2 Engure", reference=REF) == ("6.2", "Engure")
    assert cell_type("Feb 18 - Feb 19", reference=REF) is CellType.DATE
    assert cell_type("Update (21.02.18)", reference=REF) is CellType.DATE_IN_TEXT
    assert cell_type("Ongoing", reference=REF) is CellType.NON_DATE
    assert cell_type("TBC", reference=REF) is CellType.NON_DATE
    assert cell_type("Not started", reference=REF) is CellType.STATUS
    assert cell_type("Delayed", reference=REF) is CellType.STATUS
    assert cell_type("Yellow", reference=REF) is CellType.RAG
    assert cell_type("Head of Directorate, NSCHT / CCG", reference=REF) is CellType.NAME
    assert cell_type("33.111033", reference=REF) is CellType.DEBRIS


def test_alignment_follows_content_not_position():
    roles = ["id", "action", "owner", "start", "due", "rag", "progress"]
    t = CellType
    # one extra empty cell after the action pushes the rest right (exampleshire line 20)
    types = [t.ID, t.TEXT, t.EMPTY, t.NAME, t.DATE, t.DATE, t.RAG, t.LONG_TEXT]
    assert align_row(types, roles).columns == (0, 1, None, 2, 3, 4, 5, 6)
    # a lost leading cell pulls the rest left; the action number anchors the shift
    types = [t.ID, t.TEXT, t.NAME, t.DATE, t.DATE, t.RAG, t.LONG_TEXT]
    assert align_row(types, roles).columns == (0, 1, 2, 3, 4, 5, 6)
    types = [t.EMPTY, t.NON_DATE, t.NON_DATE, t.LONG_TEXT]  # Halton line 309, shifted left
    halton = ["id", "action", "owner", "start", "due", "progress"]
    assert align_row(types, halton).columns == (None, 3, 4, 5)
