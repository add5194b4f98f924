"""Warnings as data: every warning has a stable code, a severity and a field; one row per fact.

The classification table is `actionplans/warning_codes.py`. Two checks keep it complete: every
warning of every fixture plan (built afresh) gets a specific code, never `OTHER`; and every code
has an example message written the way its producer's f-string writes it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from actionplans.cli import main
from actionplans.pipeline import build, discover
from actionplans.warning_codes import (
    CODES,
    OTHER,
    SEVERITIES,
    classify,
    codes_markdown,
    warning_rows,
)

from .analysis_dataset import ROOT, versions_dataset

# One example per code, worded exactly as the code that writes it (file: function).
EXAMPLES = {
    "CONVERTED": ["converted from .odt to .docx by LibreOffice before reading"],
    "PLAN_DATE_FROM_FILENAME": [
        "plan date 2018-02-21 taken from the file name; the document's first lines give none"
    ],
    "PLAN_DATE_MISSING": [
        "no plan date in the document or its file name; two-digit years and bare months are "
        "read against the default reference date"
    ],
    "HINT_OVERRIDES_DOCUMENT": [
        "area 'Wyreford' from plan.txt.hints.toml; the document reads 'Wyreford Health'",
        "plan date 2018-05-15 from plan.txt.hints.toml; the file_name gives 2018-05-01",
        "version '3' from plan.txt.hints.toml; the document reads '2'",
    ],
    "VERSION_DUPLICATE": [
        "2 different documents of Stoke-on-Trent share plan date 2018-03-19 and version 19: "
        "a (x.txt), b (y.txt); the latest is chosen by document id only"
    ],
    "ENCODING_FALLBACK": [
        "read as Windows-1252: 3 valid UTF-8 character(s) among 2 byte(s) that are not UTF-8; "
        "those characters may be garbled"
    ],
    "BYTES_REPLACED": [
        "text: 2 byte sequence(s) not valid UTF-8, replaced with U+FFFD, at byte offset(s) 10, 57"
    ],
    "XLSX_STREAMING": [
        "workbook unpacks to 300 MB: read in streaming mode, where merged cells, hidden rows "
        "and comments are not seen"
    ],
    "SHEET_NOT_READ": [
        "table 5 (sheet 'Version 3'): hidden sheet, not read",
        "table 2 (sheet 'Chart1'): chart sheet, not read",
    ],
    "XLSX_HIDDEN_CELLS": [
        "table 1 (sheet 'Plan'): rows 4-6 are hidden in Excel; read anyway",
        "table 1 (sheet 'Plan'): columns F, G are hidden in Excel; read anyway",
    ],
    "XLSX_COMMENTS_NOT_READ": ["table 1 (sheet 'Plan'): 3 cell comment(s) not read (first at B4)"],
    "XLSX_CONDITIONAL_COLOURS": [
        "table 1 (sheet 'Plan'): conditional formatting colours K2:K40; those colours are not "
        "read, only the cells' own text and shading"
    ],
    "XLSX_FORMULA_NO_VALUE": [
        "table 1 (sheet 'Plan'): 2 formula cell(s) have no saved value (the workbook was not "
        "recalculated by Excel) and read as empty (first at H7)"
    ],
    "XLSX_NUMBER_LOSS": [
        "table 1 (sheet 'Plan') row 12: 1.1 in column A is a number repeating row 3's after "
        "1.9; Excel stores a number typed as 1.10 as 1.1, so it may be wrong (store numbers "
        "as text)"
    ],
    "PAGE_BREAK_REJOINED": [
        "pages 3-4: row cut by a page break rejoined from its parts on both pages"
    ],
    "TABLE_NOT_ACTIONS": [
        "line 36: table 'RAG Rating Criteria | Rating' (4 rows) has no action columns; not read "
        "as actions"
    ],
    "ROWS_NOT_READ": [
        "lines 50-109: 59 table rows outside any action table (first: 'Process | Date') not "
        "read as actions"
    ],
    "TABLE_WITHOUT_ACTIONS": ["page 2: table has rows but no numbered actions"],
    "THEME_UNNUMBERED": [
        "table 1 row 12: theme heading 'Workforce' has no number; numbered 3 by its order"
    ],
    "THEME_FROM_IDS": [
        "page 2: theme C taken from the action numbers (C1); the plan prints no heading for it"
    ],
    "UNMAPPED_COLUMN": [
        "page 1: column 'Comments from last month' has no known meaning; its cells are kept in "
        "the actions' `extra` column (a hints file can map it)"
    ],
    "COLUMN_BY_CONTENT": [
        "column 'column 3' has no known header; read as due by its content (12 of 14 cells)"
    ],
    "CELL_SHIFTED": [
        "line 126: 1 cell(s) placed under another header by content (row shifted): cell 8 "
        "'Feb 2018' under 'Month due'"
    ],
    "CELLS_JOINED": ["line 99: 3 surplus cell(s) joined into the last column"],
    "PAGE_BREAK_TEXT_MOVED": [
        "line 89: text continuing a sentence cut by the page break moved from 'action' to "
        "'progress'"
    ],
    "PAGE_BREAK_TEXT_KEPT": [
        "line 254: text continuing a sentence cut by the page break kept in its own column "
        "'cqc_issue' (the row's shift put it under 'intended_outcome')"
    ],
    "DEBRIS_DROPPED": [
        "line 131: debris '1117' in 'action' not used",
        "line 308: debris '00' in the owner column not used",
    ],
    "FRAGMENT_DROPPED": [
        "line 70: fragment '×Q' in the owner column is not a name; not used",
        "line 71: fragment 'Q' in the lead column not used",
    ],
    "SECOND_VALUE_DROPPED": ["line 80: second due value 'April 2018' (kept 'March 2018')"],
    "CELL_NOT_DATE": ["line 75: '31.3.10' in the due column is not a date; not used"],
    "VALUE_FROM_SUB_ROW": ["line 168: due 'Ongoing' taken from a sub-row"],
    "CONFLICT_IGNORED": [
        "line 114: conflicting due 'April 2016' in a repeated or damaged row ignored (kept "
        "'April 2018')"
    ],
    "OFFICER_MOVED": [
        "line 308: officer 'Jan Ross' found at the end of the action text and moved to owner"
    ],
    "OFFICER_ADDED": ["line 82: officer 'Diane Stafford' in a repeated row added to owner"],
    "NAME_REPAIRED": [
        "lines 152-154: owner 'e Wallace- Ongo Bonner' is a name split across cells; read as "
        "'Sue Wallace-Bonner'"
    ],
    "REVISED_AS_DUE": [
        "line 40: only date of the row was under 'Revised date'; read as the due date"
    ],
    "SINGLE_RAG_AS_FIRST": ["line 40: single RAG value read as the first RAG column"],
    "ID_INFERRED": [
        "line 266: action number lost (number cell 'place'); inferred 6.3 from the neighbouring "
        "actions and the plan's reference to Action 6.3"
    ],
    "ID_BY_ORDER": [
        "page 1: the plan prints no action numbers; numbered 1.1 by order in the table"
    ],
    "PARENT_ACTION": [
        "line 124: row above the first numbered action with its own action, officer and date; "
        "read as the parent action 1 (number inferred)"
    ],
    "LEAD_IN_ROW": [
        "line 20: row without an action number above the first action; action: Review the "
        "terms of reference; owner: Director of Adult Social Care"
    ],
    "ID_REPEATED": ["line 114: action number 4.2 repeated; row joined to the action above"],
    "DAMAGED_ROW": [
        "line 75: number cell '2.,' is not an action number; row read as a damaged copy of the "
        "action above"
    ],
    "ID_TEXT_DROPPED": ["line 264: text 'Engure' after the number not used"],
    "CROSS_REFERENCE": [
        "line 261: cross-reference row (intended_outcome: HIC Trusted Assessor – see Service "
        "Improvement Workstream 6.1.1) kept as see_also 6.1.1 on 6.2.5"
    ],
    "REVISION_IN_CELL": [
        "due cell 'Nov 2018, revised to Feb 2019' records a revision: due 'Nov 2018', revised "
        "'Feb 2019'"
    ],
    "START_FROM_DUE": ["start date taken from the due cell 'From Jan 18'"],
    "DATE_UNPARSED": [
        "start 'J' is not a date (unparsed: 'J' contains no date)",
        "due '31.13.18' is not a date (not a date: '31.13.18' (month 13 out of range))",
    ],
    "DATE_TEXT_IGNORED": [
        "due: text around the date ignored: 'Dash-board developed'",
        "revised: text around the non-date word 'ongoing' ignored: 'ongoing - see 2.1'",
    ],
    "DATE_FALLBACK": ["due: read by the dateparser fallback, not the grammar: 'the 3rd of Mar'"],
    "DATE_IMPLAUSIBLE_YEAR": [
        "due: implausible year: '31.3.81' read as 1981, more than 10 years before the "
        "reference 2018-03-19"
    ],
    "DATE_QUARTER_AMBIGUOUS": [
        "due: ambiguous quarter year: 'Q1 2018' read as calendar quarter(s) of 2018, not the "
        "financial year"
    ],
    "DATE_WEEK_IGNORED": ["start: week qualifier on a month ignored: 'w/c March 2018'"],
    "DATE_RANGE_REVERSED": ["due: range ends before it starts: 'May 18 - Feb 18'"],
    "DATE_STATUS_WORDS": ["due: several status words: ('ongoing', 'complete')"],
    "DATE_PART_INVALID": ["due: not a date: '31.13.18' (month 13 out of range)"],
    "RAG_OFF_SCALE": [
        "RAG colour 'Yellow' is off the BLUE/GREEN/AMBER/RED scale: mapped to nearest AMBER"
    ],
    "RAG_TEXT_AROUND": ["RAG cell 'Green - on track' has text around the colour"],
    "RAG_NO_COLOUR": ["RAG cell 'TBC' names no colour"],
    "RAG_SHADING_NOT_RAG": ["cell shading '#D9D9D9' is not a RAG colour"],
    "RAG_SHADING_NEAREST": ["cell shading #00b04f read as GREEN"],
    "STATUS_FROM_PROGRESS": [
        "status complete read from the progress note (no RAG or status cell)"
    ],
    "UPDATE_AFTER_PLAN_DATE": [
        "update 0 of action 2.1 is dated 2018-12-19, after the plan date 2018-03-19 (probably a "
        "typo): 'Joint LA and CCG engagement event held 19 December 2018'"
    ],
}


def test_every_code_has_an_example_and_each_example_its_code():
    assert set(EXAMPLES) == {c.code for c in CODES}
    for code, messages in EXAMPLES.items():
        for message in messages:
            assert classify(message).code == code, message


def test_codes_are_well_formed():
    codes = [c.code for c in CODES]
    assert len(codes) == len(set(codes))
    for c in CODES:
        assert re.fullmatch(r"[A-Z][A-Z_]+", c.code) and c.code != OTHER
        assert c.severity in SEVERITIES
        assert c.meaning.strip() and c.action.strip()


@pytest.mark.parametrize(
    ("message", "field", "location"),
    [
        ("line 75: '31.3.10' in the due column is not a date; not used", "due_date", "line 75"),
        ("line 131: debris 'h. d.P' in 'progress' not used", "progress", "line 131"),
        ("start 'going' is not a date (unparsed: 'going' contains no date)", "start_date", None),
        ("column 'Ref' has no known header; read as id by its content (9 of 9 cells)",
         "action_id", None),
        ("table 5 (sheet 'Version 3'): hidden sheet, not read", None,
         "table 5 (sheet 'Version 3')"),
    ],
)  # fmt: skip
def test_field_and_location_come_from_the_message(message, field, location):
    c = classify(message)
    assert (c.field, c.location) == (field, location)
    assert not c.message.startswith(location or "\0")


def test_unknown_message_is_other():
    assert classify("something nobody wrote yet").code == OTHER


def _fixture_plans() -> list[Path]:
    """Every plan file among the corpus and the test fixtures (bad files and goldens aside)."""
    plans = []
    for path in discover([ROOT / "corpus", ROOT / "tests" / "fixtures"]):
        parts = path.relative_to(ROOT).parts
        if "bad" in parts or ".golden." in path.name:
            continue
        plans.append(path)
    return plans


def test_every_fixture_warning_has_a_specific_code(tmp_path):
    """A fresh build of every fixture plan: no warning falls to the generic OTHER."""
    plans = _fixture_plans()
    assert len(plans) >= 20
    report = build(plans, tmp_path / "outputs", jobs=4)
    assert len(report.documents) >= 18, [str(e) for e in report.errors]
    rows = ds.dataset(tmp_path / "outputs" / "warnings", format="parquet",
                      partitioning="hive").to_table().to_pylist()  # fmt: skip
    assert len(rows) >= 150
    other = [r["message"] for r in rows if r["code"] == OTHER]
    assert not other, "warnings with no code (add a row to warning_codes.CODES):\n" + "\n".join(
        other
    )
    assert {r["severity"] for r in rows} <= set(SEVERITIES)
    # the table counts what the documents and actions hold, exact repeats once
    for doc in report.documents:
        raw = len(doc.tables["documents"][0]["warnings"]) + sum(
            len(a["warnings"]) for a in doc.tables["actions"]
        )
        assert len(doc.tables["warnings"]) <= raw


def test_one_warning_per_fact_and_the_rag_columns_named():
    """Stoke-on-Trent 2.2 (line 144) has 'Yellow' in both Month RAG and On target RAG: the two
    identical messages become one row naming both columns."""
    action = {
        "action_id": "2.2", "rag_raw": "Yellow", "rag_on_target_raw": "Yellow",
        "rag_previous_raw": None, "status_raw": None, "source_line_start": 144,
        "source_line_end": 144,
        "warnings": ["RAG colour 'Yellow' is off the BLUE/GREEN/AMBER/RED scale: mapped to "
                     "nearest AMBER"] * 2 + ["start date taken from the due cell 'Feb 18'"],
    }  # fmt: skip
    document = {"document_id": "d" * 16, "area": "Stoke-on-Trent", "area_id": "stoke-on-trent",
                "warnings": ["line 36: table 'RAG Rating Criteria | Rating' (4 rows) has no "
                             "action columns; not read as actions"]}  # fmt: skip
    rows = warning_rows(document, [action])
    assert [(r["action_id"], r["code"], r["field"], r["location"]) for r in rows] == [
        (None, "TABLE_NOT_ACTIONS", None, "line 36"),
        ("2.2", "RAG_OFF_SCALE", "rag, rag_on_target", "line 144"),
        ("2.2", "START_FROM_DUE", "start_date", "line 144"),
    ]


def test_warnings_table_of_the_seed_build():
    out = versions_dataset()
    rows = ds.dataset(out / "warnings", format="parquet", partitioning="hive").to_table()
    rows = rows.to_pylist()
    docs = ds.dataset(out / "documents", format="parquet", partitioning="hive").to_table()
    v19 = next(d for d in docs.to_pylist() if d["version"] == "19")["document_id"]
    stoke = [r for r in rows if r["document_id"] == v19]
    assert stoke and all(r["code"] != OTHER for r in rows)
    rag = [r for r in stoke if r["action_id"] == "2.2" and r["code"] == "RAG_OFF_SCALE"]
    assert len(rag) == 1 and rag[0]["field"] == "rag, rag_on_target"  # line 144, see above
    # The RAG key table (line 36, "RAG Rating Criteria | Rating") is a document-level warning.
    key = [r for r in stoke if r["code"] == "TABLE_NOT_ACTIONS"]
    assert [(r["action_id"], r["location"]) for r in key] == [(None, "line 36")]
    # "Cells placed by content" names the cells and the headers they were put under.
    shifted = [r for r in stoke if r["code"] == "CELL_SHIFTED"]
    assert shifted and all(re.search(r"cell \d+ '.+' under '.+'", r["message"]) for r in shifted)
    halton = [r for r in rows if r["area_id"] == "halton"]
    # Halton prints no plan date; it comes from the file name (2018-02-21).
    assert any(r["code"] == "PLAN_DATE_FROM_FILENAME" and r["field"] == "plan_date"
               and r["action_id"] is None for r in halton)  # fmt: skip
    # Halton 6.3 (line 266) lost its number: inferred.
    assert any(r["code"] == "ID_INFERRED" and r["action_id"] == "6.3" for r in halton)


def test_readme_table_of_codes_is_current():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- warning-codes:start -->\n(.*?)<!-- warning-codes:end -->", text, re.S)
    assert block, "README has no warning-codes section"
    assert block.group(1) == codes_markdown(), "regenerate: actionplans warnings --codes"


def test_cli_warnings_filters_and_formats(capsys):
    out = str(versions_dataset())
    assert main(["warnings", "stoke-on-trent", "--severity", "review", "--latest",
                 "--out", out, "--format", "json"]) == 0  # fmt: skip
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["area"] for r in rows} == {"Stoke-on-Trent"}
    assert {r["severity"] for r in rows} == {"review"}
    assert {r["version"] for r in rows} == {"19"}
    assert main(["warnings", "--code", "rag_off_scale", "--out", out, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("area,version,plan_date,action_id,severity,code,field")
    assert len(lines) > 1 and all(",RAG_OFF_SCALE," in line for line in lines[1:])
    assert main(["warnings", "Halton", "--severity", "error,review", "--out", out]) == 0
    assert "warnings" in capsys.readouterr().out
    assert main(["warnings", "--codes"]) == 0
    assert capsys.readouterr().out == codes_markdown()


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["warnings", "York"], 2, ["unknown area 'York'", "Halton", "Stoke-on-Trent"]),
        (["warnings", "--severity", "warning"], 2, ["unknown severity", "info, review, error"]),
        (["warnings", "--code", "NOPE"], 2, ["unknown code 'NOPE'", "--codes"]),
    ],
)
def test_cli_warnings_bad_input(capsys, args, code, words):
    assert main([*args, "--out", str(versions_dataset())]) == code
    err = capsys.readouterr().err
    for word in words:
        assert word in err


def test_cli_warnings_without_a_dataset(tmp_path, capsys):
    assert main(["warnings", "--out", str(tmp_path / "nothing")]) == 1
    assert "run `actionplans build` first" in capsys.readouterr().err
