"""The shared mechanisms behind reading unseen layouts, each on the smallest plan that shows it:
id schemes, themes from ids and columns, several columns for one field, revisions in a cell,
RAG keys in every form, status from status columns and progress notes, unknown columns,
cross-reference rows. Wording follows published plans; every expected value is read off the
plan text in the test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actionplans.extract.ids import leading_id, parse_action_id, theme_of_id
from actionplans.extract.rag_key import key_entries_in_line
from actionplans.normalise.revisions import split_revision
from actionplans.pipeline import process_document

HEAD = "Coventry Local System Review – Improvement Plan\nUpdated 14 May 2018\n\n"


def _actions(tmp_path: Path, body: str) -> tuple[list[dict], dict]:
    path = tmp_path / "plan.txt"
    path.write_text(HEAD + body, encoding="utf-8")
    result = process_document(path)
    return result.tables["actions"], result.tables


@pytest.mark.parametrize(
    ("cell", "action_id", "theme"),
    [
        ("1.1", "1.1", "1"),
        ("6.2.3", "6.2.3", "6.2"),
        ("2.10", "2.10", "2"),
        ("1a", "1a", "1"),
        ("1(a)", "1(a)", "1"),
        ("A1", "A1", "A"),
        ("A.1", "A.1", "A"),
        ("WS2.1", "WS2.1", "WS2"),
        ("EL01", "EL01", "EL"),
        ("R12-1", "R12-1", "R12"),
        ("REC 4", "REC 4", "REC"),
        ("01.02", "01.02", "1"),
        ("Action No. 3.1", "3.1", "3"),
    ],
)
def test_id_schemes_and_the_theme_they_imply(cell: str, action_id: str, theme: str):
    parsed = parse_action_id(cell)
    assert parsed is not None and parsed[0] == action_id
    assert theme_of_id(action_id) == theme


@pytest.mark.parametrize("cell", ["9.11.17", "Q1", "FY18", "2018", "V19", "12/03/18", "Safe"])
def test_dates_quarters_years_and_words_are_not_ids(cell: str):
    assert parse_action_id(cell) is None


def test_id_printed_at_the_start_of_a_cell():
    assert leading_id("R12-1 Regulation 12: medicines records") == (
        "R12-1", "Regulation 12: medicines records"
    )
    assert leading_id("2 carers assessments were completed") is None  # a figure, not an id


@pytest.mark.parametrize(
    ("cell", "due", "revised"),
    [
        ("Nov 2018, revised to Feb 2019", "Nov 2018", "Feb 2019"),
        ("30/06/2018 (extended to 31/08/2018)", "30/06/2018", "31/08/2018"),
        ("was Jan 18 now Mar 18", "Jan 18", "Mar 18"),
        ("Mar 18 → Jun 18", "Mar 18", "Jun 18"),
        ("~~March 2018~~ June 2018", "March 2018", "June 2018"),
        ("Revised: June 2018 (was March 2018)", "March 2018", "June 2018"),
    ],
)
def test_revisions_written_in_the_due_cell(cell: str, due: str, revised: str):
    revision = split_revision(cell)
    assert revision is not None and (revision.original, revision.revised) == (due, revised)


@pytest.mark.parametrize("cell", ["March 2018", "Feb 18 - Feb 19", "From Jan 18", "Ongoing"])
def test_a_range_or_a_date_is_not_a_revision(cell: str):
    assert split_revision(cell) is None


def test_key_written_on_one_line():
    assert key_entries_in_line("Key: C = Complete, G = On track, A = At risk, R = Off track") == [
        ("C", "Complete"), ("G", "On track"), ("A", "At risk"), ("R", "Off track")
    ]


def test_previous_and_current_rag_revision_in_cell_and_completion_column(tmp_path: Path):
    actions, _ = _actions(
        tmp_path,
        "Recommendation 1: Hospital discharge\n\n"
        "Ref\tAction\tLead\tTimescale\tPrevious RAG\tCurrent RAG\tComplete? (Y/N)\n"
        "1a\tRoll out discharge to assess\tDirector of Operations\tNov 2018, revised to Feb "
        "2019\tRed\tAmber\tN\n"
        "1b\tAgree a trusted assessor model\tHead of Social Work\t31/05/2018\tGreen\tGreen\tY\n",
    )
    first, second = actions
    assert (first["action_id"], first["theme_id"]) == ("1a", "1")
    assert (first["rag"], first["rag_previous"]) == ("AMBER", "RED")
    assert (first["due_date"], first["revised_date"]) == (dt.date(2018, 11, 30),
                                                          dt.date(2019, 2, 28))
    assert first["status"] == "at_risk"
    assert (second["status"], second["status_source"]) == ("complete", "status_column")


def test_month_named_rag_columns_the_latest_is_current(tmp_path: Path):
    actions, _ = _actions(
        tmp_path,
        "1. Leadership\n\nRef\tAction\tLead\tDue\tRAG Apr 18\tRAG May 18\n"
        "1.1\tAgree a shared vision\tChief Executive\tJune 2018\tAmber\tGreen\n",
    )
    assert (actions[0]["rag"], actions[0]["rag_previous"]) == ("GREEN", "AMBER")


def test_status_stated_by_the_progress_note_is_warned(tmp_path: Path):
    actions, _ = _actions(
        tmp_path,
        "1. Leadership\n\nRef\tAction\tLead\tDue\tProgress update\n"
        "1.1\tAgree a shared vision\tChief Executive\tJune 2018\tNot started.\n"
        "1.2\tPublish the joint strategy\tChief Executive\tMay 2018\tComplete. Published "
        "on 3 May 2018.\n"
        "1.3\tReview the Board's terms of reference\tChief Executive\tMay 2018\tDraft "
        "discussed at the April meeting.\n",
    )
    assert [a["status"] for a in actions] == ["not_started", "complete", "unknown"]
    assert actions[0]["status_source"] == "progress_text" and actions[0]["confidence"] < 1
    assert any("read from the progress note" in w for w in actions[0]["warnings"])


def test_unknown_columns_typed_by_content_or_kept_in_extra(tmp_path: Path):
    actions, tables = _actions(
        tmp_path,
        "1. Leadership\n\nRef\tHow we will do it\tSponsor\tDate\tSTP link\n"
        "1.1\tAgree a shared vision\tJo Bloggs\tJune 2018\tBetter Care Fund scheme\n"
        "1.2\tPublish the joint strategy\tAnn Smith\tMay 2018\tHome First programme\n",
    )
    assert [a["action_text"] for a in actions] == [
        "Agree a shared vision", "Publish the joint strategy"
    ]
    assert [a["owner_raw"] for a in actions] == ["Jo Bloggs", "Ann Smith"]
    assert actions[0]["extra"] == [
        {"header": "STP link", "text": "Better Care Fund scheme"}
    ]
    warnings = tables["documents"][0]["warnings"]
    assert any("'Sponsor' has no known header; read as owner" in w for w in warnings)
    assert any("'STP link' has no known meaning" in w for w in warnings)


def test_cross_reference_row_is_a_reference_not_text(tmp_path: Path):
    actions, _ = _actions(
        tmp_path,
        "Workstream 2: Discharge\n\nRef\tAction\tLead\tDue\n"
        "2.1\tEmbed track and triage in the acute hospital\tHead of Discharge\tMar 18\n"
        "\tTrusted assessor – see Workstream 1.3\t\t\n"
        "2.2\tRoll out the home first model\tHead of Discharge\tJun 18\n",
    )
    assert [a["action_id"] for a in actions] == ["2.1", "2.2"]
    assert actions[0]["action_text"] == "Embed track and triage in the acute hospital"
    assert actions[0]["see_also"] == ["1.3"]


def test_theme_column_merged_down_and_numbered(tmp_path: Path):
    actions, tables = _actions(
        tmp_path,
        "Key line of enquiry\tRef\tAction\tLead\tDue\n"
        "1. Is there a shared vision?\t1.1\tAgree a shared vision\tChief Executive\tJune 2018\n"
        "\t1.2\tPublish the joint strategy\tChief Executive\tMay 2018\n"
        "2. How do services work together?\t2.1\tJoin up discharge teams\tHead of Nursing\t"
        "July 2018\n",
    )
    assert [(a["action_id"], a["theme_id"]) for a in actions] == [
        ("1.1", "1"), ("1.2", "1"), ("2.1", "2")
    ]
    assert [(t["theme_id"], t["title"]) for t in tables["themes"]] == [
        ("1", "Is there a shared vision?"), ("2", "How do services work together?")
    ]


def test_year_broken_by_a_narrow_column_wrap():
    from actionplans.normalise.dates import read_date

    assert read_date("31/05/20 18").last_day() == dt.date(2018, 5, 31)
    assert read_date("31/05/20").last_day() == dt.date(2020, 5, 31)


def test_key_written_meaning_first():
    assert key_entries_in_line(
        "Status key: Completed (blue), On track (green), Minor slippage (amber)"
    ) == [("blue", "Completed"), ("green", "On track"), ("amber", "Minor slippage")]


def test_each_action_in_its_own_label_and_value_table(tmp_path: Path):
    """Some plans print every action as a small form: Ref / Action / Lead officer / Target date
    / RAG / Progress down the left, values on the right, one table per action."""
    from docx import Document

    document = Document()
    document.add_paragraph("Plymouth Local System Review")
    document.add_paragraph("Improvement plan – position at 1 June 2018")
    document.add_paragraph("Theme 1: System leadership")
    records = [
        ("1.1", "Agree a shared vision for older people", "Chief Executive", "30 June 2018",
         "Green", "Draft vision agreed by partners."),
        ("1.2", "Set up a joint commissioning board", "Director of Integrated Commissioning",
         "September 2018", "Amber", "Terms of reference drafted."),
    ]
    for record in records:
        table = document.add_table(rows=0, cols=2)
        labels = ("Ref", "Action", "Lead officer", "Target date", "RAG", "Progress")
        for label, value in zip(labels, record, strict=True):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
        document.add_paragraph("")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    actions = process_document(path).tables["actions"]
    assert [
        (a["action_id"], a["theme_id"], a["owner_raw"], a["due_date"], a["rag"]) for a in actions
    ] == [
        ("1.1", "1", "Chief Executive", dt.date(2018, 6, 30), "GREEN"),
        ("1.2", "1", "Director of Integrated Commissioning", dt.date(2018, 9, 30), "AMBER"),
    ]
    assert actions[1]["progress"] == "Terms of reference drafted."


def test_label_words_fused_at_a_pdf_line_wrap_are_split():
    from actionplans.extract.headers import role_of

    assert role_of("Previousrating") == "rag_previous"
    assert role_of("Responsibleofficer") == "owner"
    assert role_of("Commissioning") is None
