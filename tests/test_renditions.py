"""Word and PDF renditions of the seed plans agree with the golden tables and the text reader.

The renditions (tests/fixtures/renditions/, made by tools/make_renditions.py from the golden
records) show RAG only as cell shading, merge issue/outcome cells down, repeat header rows and
let long rows run over page breaks, as councils publish plans.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from actionplans.extract.docx import read_docx
from actionplans.pipeline import DocumentResult, process_document

from .conftest import CORPUS, ROOT
from .test_golden_actions import FIELDS, canonical, load_golden

RENDITIONS = ROOT / "tests" / "fixtures" / "renditions"
PLANS = ROOT / "tests" / "fixtures" / "plans"
STEMS = {
    "stoke-on-trent": "stoke-on-trent-improvement-plan-v19-2018-03-19",
    "halton": "halton-action-plan-2018-02-21",
}


@cache
def processed(path: str) -> DocumentResult:
    return process_document(path)


def rendition(slug: str, fmt: str) -> Path:
    if fmt == "txt":
        return CORPUS / f"{STEMS[slug]}.txt"
    return RENDITIONS / f"{STEMS[slug]}.{fmt}"


def field_diffs(rows: list[dict], golden: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    by_id = {r["action_id"]: r for r in rows}
    diffs = []
    for g in golden:
        row = by_id.get(g["action_id"])
        for name in FIELDS:
            expected = canonical(g[name])
            actual = canonical(row[name]) if row is not None else "<missing action>"
            if expected != actual:
                diffs.append((g["action_id"], name, expected, actual))
    return diffs


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("slug", sorted(STEMS))
def test_rendition_matches_golden(slug, fmt):
    result = processed(str(rendition(slug, fmt)))
    golden = load_golden(slug)
    rows = result.tables["actions"]
    assert [r["action_id"] for r in rows] == [g["action_id"] for g in golden]
    diffs = field_diffs(rows, golden)
    for d in diffs:
        print(*d, sep=" | ")
    assert not diffs, f"{len(diffs)} golden field(s) differ in the {fmt} rendition"
    assert result.area_id == slug
    assert result.tables["documents"][0]["source_format"] == fmt


@pytest.mark.parametrize("slug", sorted(STEMS))
def test_formats_agree_with_text_rendition(slug):
    """Cross-format: text, Word and PDF give the same actions rows on every golden field."""
    def key(result: DocumentResult) -> list[tuple[str, ...]]:
        return [tuple(canonical(r[f]) for f in ("action_id", *FIELDS))
                for r in result.tables["actions"]]

    text = key(processed(str(rendition(slug, "txt"))))
    for fmt in ("docx", "pdf"):
        assert key(processed(str(rendition(slug, fmt)))) == text, fmt


def test_rag_from_cell_colour_and_the_plans_own_key():
    """Stoke-on-Trent's Word and PDF renditions show RAG only as shading; the key is shading too."""
    golden = {g["action_id"]: g for g in load_golden("stoke-on-trent")}
    for fmt in ("docx", "pdf"):
        result = processed(str(rendition("stoke-on-trent", fmt)))
        key = {e["colour"]: e["status"] for e in result.tables["documents"][0]["rag_key"]}
        assert key == {"BLUE": "complete_assured", "GREEN": "on_track", "AMBER": "at_risk",
                       "RED": "off_track"}
        coloured = [r for r in result.tables["actions"] if golden[r["action_id"]]["rag"]]
        assert len(coloured) >= 5
        for row in coloured:
            assert row["rag_raw"] and len(row["rag_raw"]) == 6  # a fill colour, not a word
            assert row["rag"] == golden[row["action_id"]]["rag"]
            assert row["status"] == golden[row["action_id"]]["status"]
            assert row["status_source"] == "rag_key"
    # Blue means "Complete with Assurance" in this plan's key, not the common "complete".
    blue = [r for r in coloured if r["rag"] == "BLUE"]
    assert blue and all(r["status"] == "complete_assured" for r in blue)


def test_provenance_per_format():
    pdf = processed(str(rendition("halton", "pdf")))
    docx = processed(str(rendition("halton", "docx")))
    assert pdf.tables["documents"][0]["page_count"] == 10
    for row in pdf.tables["actions"]:
        assert 1 <= row["source_page_start"] <= row["source_page_end"] <= 10
        assert row["source_line_start"] is None
    # long progress cells run over page breaks: their actions span two pages
    assert any(r["source_page_end"] > r["source_page_start"] for r in pdf.tables["actions"])
    for row in docx.tables["actions"]:
        assert row["source_table"] is not None and row["source_row"] >= 1


def test_row_cut_by_page_break_keeps_its_text():
    """The part of a cut row on the next page is joined, not lost: the progress text of every
    action in the PDF is as long as in the Word file it was made from (words, not layout)."""
    pdf = {r["action_id"]: r for r in processed(str(rendition("halton", "pdf"))).tables["actions"]}
    docx = processed(str(rendition("halton", "docx"))).tables["actions"]
    for row in docx:
        want = canonical(row["progress"]).replace(" | ", " ").split()
        got = canonical(pdf[row["action_id"]]["progress"]).replace(" | ", " ").split()
        assert len(got) >= len(want) - 1, row["action_id"]


def test_halton_sub_rows_keep_their_own_dates():
    for fmt in ("docx", "pdf"):
        result = processed(str(rendition("halton", fmt)))
        rows = {r["action_id"]: r for r in result.tables["actions"]}
        subs = rows["2.8"]["sub_rows"]
        assert [s["owner_raw"] for s in subs] == ["Diane Stafford"], fmt
        assert str(subs[0]["due_date"]) == "2017-12-31"


def test_merged_issue_cell_given_once_and_carried_down():
    doc = read_docx(rendition("stoke-on-trent", "docx"))
    table = doc.tables[0]
    issue_col = 0
    firsts = [r.cells[issue_col].text for r in table.rows]
    assert firsts[0] and not firsts[1]  # vMerge continuation: no duplicated text
    rows = {r["action_id"]: r for r in processed(str(rendition("stoke-on-trent", "docx"))).tables[
        "actions"]}
    assert rows["1.2"]["cqc_issue"] == rows["1.1"]["cqc_issue"]


# --- a plan of our own: other column names, a BRAG key ---------------------------------------


def load_plan_golden(name: str) -> list[dict[str, str]]:
    with open(PLANS / f"{name}.golden.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("path", ["riverside-plan-2018-05-14.docx", "riverside-plan-2018-05-14.pdf",
                                  "riverside-plan-2018-05-14-unruled.pdf"])
def test_plan_with_other_columns_and_brag_key(path):
    golden = load_plan_golden("riverside-plan-2018-05-14")
    result = processed(str(PLANS / path))
    rows = result.tables["actions"]
    assert [r["action_id"] for r in rows] == [g["action_id"] for g in golden]
    assert not field_diffs(rows, golden), field_diffs(rows, golden)
    assert result.area == "Riverside"
    assert str(result.tables["documents"][0]["plan_date"]) == "2018-05-14"


def test_brag_key_read_from_colour_cells():
    result = processed(str(PLANS / "riverside-plan-2018-05-14.docx"))
    entries = result.tables["documents"][0]["rag_key"]
    key = {e["colour"]: (e["meaning"], e["status"]) for e in entries}
    assert key == {"BLUE": ("Completed", "complete"), "GREEN": ("On track", "on_track"),
                   "AMBER": ("Some slippage", "at_risk"), "RED": ("Significant risk", "off_track")}
    assert all(r["status_source"] == "rag_key" for r in result.tables["actions"] if r["rag"])
