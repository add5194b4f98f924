"""A plan in a layout unlike the seeds (its own column names, RAG key, headings, defects) is read
correctly with no code written for it. Its golden file was written by reading the fixture."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from actionplans.pipeline import process_document

from .test_golden_actions import FIELDS, canonical

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
PLAN = FIXTURES / "exampleshire-action-plan.txt"


def test_exampleshire_matches_its_golden_file():
    result = process_document(PLAN)
    doc = result.tables["documents"][0]
    assert (result.area, result.area_id) == ("Exampleshire", "exampleshire")
    assert doc["plan_date"] == dt.date(2018, 1, 5) and doc["version"] == "2"
    by_id = {a["action_id"]: a for a in result.tables["actions"]}
    with open(FIXTURES / "exampleshire-action-plan.golden.csv", newline="") as fh:
        golden = list(csv.DictReader(fh))
    assert list(by_id) == [g["action_id"] for g in golden]
    diffs = [
        (g["action_id"], f, g[f], canonical(by_id[g["action_id"]][f]))
        for g in golden
        for f in FIELDS
        if canonical(g[f]) != canonical(by_id[g["action_id"]][f])
    ]
    assert not diffs, diffs


def test_exampleshire_repairs_are_warned_not_silent():
    actions = {a["action_id"]: a for a in process_document(PLAN).tables["actions"]}
    assert actions["2.2"]["action_id_inferred"]
    assert any("inferred 2.2" in w and "reference" in w for w in actions["2.2"]["warnings"])
    assert any("shifted" in w for w in actions["1.3"]["warnings"])
    assert actions["1.3"]["confidence"] < 1.0
    assert "escalation levels" in actions["1.3"]["action_text"]
    assert any("Yellow" in w and "AMBER" in w for w in actions["2.3"]["warnings"])
    assert actions["1.1"]["confidence"] == 1.0 and actions["1.1"]["warnings"] == []


def _key_fields(actions: list[dict]) -> list[tuple]:
    """(action_id, action_text, owner_raw, due_date, rag) of each action, for comparison."""
    return [
        (a["action_id"], a["action_text"], a["owner_raw"], str(a["due_date"]), a["rag"])
        for a in actions
    ]


def _plan(tmp_path: Path, name: str, text: str) -> list[dict]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return process_document(path).tables["actions"]


def test_numbers_printed_inside_the_action_cell(tmp_path: Path):
    actions = _plan(
        tmp_path,
        "westshire.txt",
        (
            "Westshire Local System Review\nAction Plan, 1 March 2018\n\n1. Governance\n\n"
            "Action\tLead\tDue\tRAG\n"
            "1.1 Agree terms of reference for the partnership board\tJo Bloggs\tApr 18\tGreen\n"
            "1.2 Publish a joint strategy\tAnn Smith\tJune 2018\tAmber\n"
        ),
    )
    got = _key_fields(actions)
    assert got == [
        (
            "1.1",
            "Agree terms of reference for the partnership board",
            "Jo Bloggs",
            "2018-04-30",
            "GREEN",
        ),
        ("1.2", "Publish a joint strategy", "Ann Smith", "2018-06-30", "AMBER"),
    ]


def test_plan_without_action_numbers_is_numbered_by_order_with_a_warning(tmp_path: Path):
    actions = _plan(
        tmp_path,
        "eastshire.txt",
        (
            "Eastshire Local System Review\nAction Plan, 1 March 2018\n\n1. Governance\n\n"
            "Action\tLead\tDue\tRAG\n"
            "Agree terms of reference\tJo Bloggs\tApr 18\tGreen\n"
            "Publish a joint strategy\tAnn Smith\tJune 2018\tAmber\n\n"
            "and consult the public on it\t\t\t\n\n"
            "2. Workforce\n\nAction\tLead\tDue\tRAG\n"
            "Recruit more carers\tSam Patel\tSept 2018\tRed\n"
        ),
    )
    assert [a["action_id"] for a in actions] == ["1.1", "1.2", "2.1"]
    assert all(a["action_id_inferred"] for a in actions)
    assert all(any("no action numbers" in w for w in a["warnings"]) for a in actions)
    assert actions[1]["action_text"] == "Publish a joint strategy and consult the public on it"
    assert [a["owner_raw"] for a in actions] == ["Jo Bloggs", "Ann Smith", "Sam Patel"]


def test_unnumbered_themes_status_words_and_recommendation_column(tmp_path: Path):
    path = tmp_path / "northshire.txt"
    path.write_text(
        "Northshire Health and Social Care System Action Plan\n"
        "Local System Review - Northshire\nUpdated 12/02/2018 v3.1\n\n\n"
        "Theme: Workforce\n\n"
        "No\tRecommendation\tAction\tLead Officer\tTarget Date\tStatus\tComments\n"
        "1\tRecruit more carers\tLaunch a campaign\tJane Doe\t31/03/2018\tIn progress\t\n"
        "2\tImprove retention\tCareer pathway\tJohn Roe, HR Director\t30/06/2018\tNot started\t\n"
        "\nTheme: Discharge\n\n"
        "No\tRecommendation\tAction\tLead Officer\tTarget Date\tStatus\tComments\n"
        "3\tTrusted assessor\tRoll out the model\tCare Homes Manager\tSept 2018\tDelayed\t\n",
        encoding="utf-8",
    )
    result = process_document(path)
    doc = result.tables["documents"][0]
    assert (result.area, doc["plan_date"], doc["version"]) == (
        "Northshire",
        dt.date(2018, 2, 12),
        "3.1",
    )
    assert [(t["theme_id"], t["title"]) for t in result.tables["themes"]] == [
        ("1", "Workforce"),
        ("2", "Discharge"),
    ]
    assert any("has no number" in w for w in doc["warnings"])
    got = [
        (a["action_id"], a["theme_id"], a["cqc_issue"], str(a["due_date"]), a["status"])
        for a in result.tables["actions"]
    ]
    assert got == [
        ("1", "1", "Recruit more carers", "2018-03-31", "on_track"),
        ("2", "1", "Improve retention", "2018-06-30", "not_started"),
        ("3", "2", "Trusted assessor", "2018-09-30", "at_risk"),
    ]


# Southshire: a Word table with no borders (so its PDF has no ruling), labels that wrap in
# narrow columns ("Recomme"/"ndation"), ids like "1a", RAG as shading only, no key. Expected
# values read from the document itself (the .docx table cells and shading).
# Timescales: "Q1 2018/19", "end of June 2018", "Sept 18"; shading: 00B050, FFC000, FF0000;
# 1b's Recommendation cell is empty, so the one above carries down.
SOUTHSHIRE = [
    ("1a", "1", "Chief Executive, Southshire Council", "Shared vision", "2018-06-30", "GREEN",
     "on_track"),
    ("1b", "1", "Jo Bloggs", "Shared vision", "2018-06-30", "AMBER", "at_risk"),
    ("2a", "2", "Ann Smith", "Delays", "2018-09-30", "RED", "off_track"),
]  # fmt: skip


def test_borderless_word_table_reads_the_same_as_docx_and_as_pdf():
    for suffix in (".docx", ".pdf"):
        result = process_document(FIXTURES / f"southshire-borderless{suffix}")
        assert result.area == "Southshire", suffix
        got = [
            (
                a["action_id"],
                a["theme_id"],
                a["owner_raw"],
                a["cqc_issue"],
                str(a["due_date"]),
                a["rag"],
                a["status"],
            )
            for a in result.tables["actions"]
        ]
        assert got == SOUTHSHIRE, suffix


def test_markdown_rendition_with_pipe_tables():
    """A Markdown export (pipe tables, '#' headings) reads like a tab-separated rendition."""
    result = process_document(FIXTURES / "westvale-action-plan.md")
    doc = result.tables["documents"][0]
    assert (result.area, doc["plan_date"], doc["version"]) == ("Westvale", dt.date(2018, 4, 9), "4")
    assert [(t["theme_id"], t["title"]) for t in result.tables["themes"]] == [
        ("1", "Leadership"),
        ("2", "Discharge"),
    ]
    got = [
        (a["action_id"], a["owner_raw"], str(a["due_date"]), a["rag"])
        for a in result.tables["actions"]
    ]
    assert got == [  # read from the file: "31/05/2018", "Q2 2018/19", "Sept 2018"
        ("1.1", "Chief Executive, Westvale Council", "2018-05-31", "GREEN"),
        ("1.2", "Jo Bloggs", "2018-09-30", "AMBER"),
        ("2.1", "Ann Smith", "2018-09-30", "RED"),
    ]


def test_folder_discovery_skips_readme_files(tmp_path: Path):
    from actionplans.pipeline import discover

    (tmp_path / "README.md").write_text("# About this corpus\n")
    (tmp_path / "plan.md").write_text("x")
    assert [p.name for p in discover([tmp_path])] == ["plan.md"]


def test_letter_numbers_recommendation_as_action_and_lost_letter_number(tmp_path: Path):
    actions = _plan(
        tmp_path,
        "upshire.txt",
        (
            "Upshire Local System Review Action Plan 2 February 2018\n\n"
            "Ref\tRecommendation\tLead\tDue\tRAG\n"
            "R1\tAgree vision\tJo Bloggs\tApr 18\tGreen\n"
            "?\tSet up board\tAnn Smith\tMay 18\tAmber\n"
            "R3\tPublish strategy (see R2)\tSam Patel\tJune 18\tRed\n"
        ),
    )
    got = _key_fields(actions)
    assert got == [
        ("R1", "Agree vision", "Jo Bloggs", "2018-04-30", "GREEN"),
        ("R2", "Set up board", "Ann Smith", "2018-05-31", "AMBER"),
        ("R3", "Publish strategy (see R2)", "Sam Patel", "2018-06-30", "RED"),
    ]
    assert actions[1]["action_id_inferred"]
    assert any("reference to Action R2" in w for w in actions[1]["warnings"])


def test_theme_headings_written_as_rows_of_the_table(tmp_path: Path):
    """A theme heading as a (merged) row inside the table starts a new theme, in text and DOCX."""
    from docx import Document

    text = tmp_path / "midshire.txt"
    text.write_text(
        "Midshire Local System Review Action Plan 1 March 2018\n\n"
        "Ref\tAction\tLead\tDue\tRAG\n" + "\t".join(["Theme 1: Leadership"] * 5) + "\n"
        "1.1\tAgree vision\tJo Bloggs\tApr 18\tGreen\n"
        "1.2\tBoard\tAnn Smith\tMay 18\tAmber\n"
        "2. Discharge\t\t\t\t\n"
        "2.1\tTrusted assessor\tSam Patel\tJune 18\tRed\n",
        encoding="utf-8",
    )
    doc = Document()
    doc.add_paragraph("Midshire Local System Review Action Plan 1 March 2018")
    table = doc.add_table(rows=0, cols=5)
    rows = [
        ["Ref", "Action", "Lead", "Due", "RAG"],
        ["Theme 1: Leadership"],
        ["1.1", "Agree vision", "Jo Bloggs", "Apr 18", "Green"],
        ["1.2", "Board", "Ann Smith", "May 18", "Amber"],
        ["2. Discharge"],
        ["2.1", "Trusted assessor", "Sam Patel", "June 18", "Red"],
    ]
    for values in rows:
        cells = table.add_row().cells
        if len(values) == 1:
            merged = cells[0].merge(cells[4])
            merged.text = values[0]
        else:
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
    docx = tmp_path / "midshire.docx"
    doc.save(docx)
    for path in (text, docx):
        result = process_document(path)
        assert [
            (t["theme_id"], t["title"], t["action_count"]) for t in result.tables["themes"]
        ] == [("1", "Leadership", 2), ("2", "Discharge", 1)], path.suffix
        assert [
            (a["action_id"], a["theme_id"], a["owner_raw"], a["rag"])
            for a in result.tables["actions"]
        ] == [
            ("1.1", "1", "Jo Bloggs", "GREEN"),
            ("1.2", "1", "Ann Smith", "AMBER"),
            ("2.1", "2", "Sam Patel", "RED"),
        ], path.suffix
