"""`actionplans inspect FILE`: how a document was understood, as text and as JSON.

Expected values are read off the plans themselves (line numbers of the corpus text, the text of
the Riverside PDF); counts of owners, updates and targets are checked against what the pipeline
wrote, since inspect reports the pipeline's own result.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from actionplans.cli import main
from actionplans.inspect import group_warnings, inspect_document, warning_kind
from actionplans.pipeline import process_document

from .conftest import CORPUS, ROOT

STOKE = CORPUS / "stoke-on-trent-improvement-plan-v19-2018-03-19.txt"
HALTON = CORPUS / "halton-action-plan-2018-02-21.txt"
RIVERSIDE_PDF = ROOT / "tests" / "fixtures" / "plans" / "riverside-plan-2018-05-14.pdf"
WYREFORD = ROOT / "tests" / "fixtures" / "hints" / "wyreford-improvement-plan.txt"

KEYS = [
    "file",
    "loaded",
    "error",
    "source_format",
    "pages",
    "title",
    "area",
    "plan_date",
    "version",
    "hints",
    "tables",
    "themes",
    "rag_key",
    "id_scheme",
    "counts",
    "warnings",
]


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["inspect", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def stoke() -> dict:
    return inspect_document(STOKE)


def test_stoke_document_facts(stoke: dict):
    assert list(stoke) == KEYS  # stable key order
    assert (stoke["file"], stoke["loaded"], stoke["error"]) == (str(STOKE), True, None)
    assert (stoke["source_format"], stoke["pages"]) == ("text", None)
    # Lines 3-7: "CARE QUALITY COMMISSION", "STOKE-ON-TRENT LOCAL SYSTEM REVIEW",
    # "IMPROVEMENT PLAN", "19th March 2018 – V19"; the text spells it "Stoke-on-Trent".
    assert stoke["area"] == {"value": "Stoke-on-Trent", "source": "document", "candidates": None}
    assert stoke["plan_date"] == {"value": "2018-03-19", "source": "document"}
    assert stoke["version"] == {"value": "19", "source": "document"}
    assert stoke["hints"] is None


def test_stoke_themes_tables_and_key(stoke: dict):
    # Theme headings: "Improvement Theme N: **…**" at lines 115, 134, 150, 163, 176 and 190
    # (title "SERVICE IMPROVEMENT" on line 192); "Service Improvement Workstream 6.N" after it.
    assert [(t["id"], t["title"], t["location"]) for t in stoke["themes"]] == [
        ("1", "LEADERSHIP and GOVERNANCE", "line 115"),
        ("2", "STRATEGY and COMMISSIONING", "line 134"),
        ("3", "INFORMATION and DATA SHARING", "line 150"),
        ("4", "PERFORMANCE and OUTCOMES", "line 163"),
        ("5", "WORKFORCE", "line 176"),
        ("6", "SERVICE IMPROVEMENT", "line 190"),
        ("6.1", "CARE AND NURSING HOMES", "line 224"),
        ("6.2", "DISCHARGE TO ASSESS", "line 243"),
        ("6.3", "PRIMARY CARE", "line 265"),
        ("6.4", "PREVENTION", "line 278"),
        ("6.5", "DOMICILIARY CARE", "line 294"),
        ("6.6", "MENTAL HEALTH", "line 312"),
        ("6.7", "END OF LIFE", "line 325"),
    ]
    first = stoke["tables"][0]
    assert (first["location"], first["section"], first["theme"]) == (
        "lines 123-132",
        "open",
        {"id": "1", "title": "LEADERSHIP and GOVERNANCE"},
    )
    # Line 123, the header; its third column has no label and holds the action numbers.
    assert [(c["label"], c["role"], c["source"]) for c in first["columns"]] == [
        ("CQC Identified issue", "cqc_issue", "header"),
        ("Intended Outcome", "intended_outcome", "header"),
        ("", "id", "content"),
        ("Action", "action", "header"),
        ("Owner", "owner", "header"),
        ("Operational lead", "lead", "header"),
        ("Month due", "due", "header"),
        ("Revised date", "revised", "header"),
        ("Description of Assurance", "assurance", "header"),
        ("Progress/ Any Actions due this period", "progress", "header"),
        ("Month RAG", "rag", "header"),
        ("On target RAG", "rag_on_target", "header"),
    ]
    assert first["unmapped"] == []
    # Actions 1 (line 124, the theme's parent action) and 1.1-1.6 (golden stoke-on-trent.csv);
    # 53 in all.
    assert first["actions"] == 7
    assert sum(t["actions"] for t in stoke["tables"]) == 53
    # Lines 37-41, "RAG Rating Criteria".
    assert stoke["rag_key"] == {
        "source": "document",
        "entries": [
            {"colour": "BLUE", "meaning": "Complete with Assurance", "status": "complete_assured"},
            {"colour": "GREEN", "meaning": "On target for delivery", "status": "on_track"},
            {"colour": "AMBER", "meaning": "Risk to delivery, plan in place", "status": "at_risk"},
            {"colour": "RED", "meaning": "Not deliverable by target", "status": "off_track"},
        ],
    }
    assert stoke["id_scheme"] == {"scheme": "dotted numeric (1.1)", "printed": 52, "inferred": 1}


def test_counts_and_warnings_are_the_pipelines(stoke: dict):
    result = process_document(STOKE)
    assert stoke["counts"] == {
        "themes": 13,
        "actions": 53,
        "owners": len(result.tables["owners"]),
        "updates": len(result.tables["updates"]),
        "targets": len(result.tables["targets"]),
    }
    warnings = stoke["warnings"]
    expected = len(result.tables["documents"][0]["warnings"]) + sum(
        len(a["warnings"]) for a in result.tables["actions"]
    )
    assert warnings["total"] == expected == sum(k["count"] for k in warnings["kinds"])
    counts = [k["count"] for k in warnings["kinds"]]
    assert counts == sorted(counts, reverse=True)
    shifted = next(k for k in warnings["kinds"] if k["kind"].startswith("N cell(s) placed"))
    assert all("placed under another header by content" in m for m in shifted["messages"])


def test_warning_kinds():
    assert warning_kind(
        "line 126: 3 cell(s) placed under another header by content (row shifted)"
    ) == ("N cell(s) placed under another header by content")
    assert warning_kind("due: text around the date ignored: 'Dash-board developed'") == (
        "due: text around the date ignored"
    )
    assert (
        warning_kind(
            "action 2.1: RAG colour 'Yellow' is off the BLUE/GREEN/AMBER/RED scale: "
            "mapped to nearest AMBER"
        )
        == "RAG colour … is off the BLUE/GREEN/AMBER/RED scale"
    )
    groups = group_warnings(
        [
            "line 3: debris 'x' in 'action' not used",
            "page 2: debris '~' in 'progress' not used",
            "lone",
        ]
    )
    assert [(g["kind"], g["count"]) for g in groups] == [("debris … in … not used", 2), ("lone", 1)]


def test_halton_plan_date_from_the_file_name(capsys: pytest.CaptureFixture[str]):
    code, report = _json(capsys, str(HALTON))
    assert code == 0
    # The document prints no date; the file name carries 2018-02-21.
    assert report["plan_date"] == {"value": "2018-02-21", "source": "file_name"}
    assert report["area"]["value"] == "Halton"
    kinds = {k["kind"]: k for k in report["warnings"]["kinds"]}
    assert kinds["plan date N taken from the file name"]["messages"] == [
        "plan date 2018-02-21 taken from the file name; the document's first lines give none"
    ]


def test_riverside_pdf_fixture(capsys: pytest.CaptureFixture[str]):
    code, report = _json(capsys, str(RIVERSIDE_PDF))
    assert code == 0
    assert list(report) == KEYS
    # One page: "Riverside Local System Review / Improvement Plan - update 14 May 2018", a key
    # drawn as shaded cells, "Priority 1: Joined-up leadership" (P1.1-P1.3) and
    # "Priority 2: Hospital discharge" (P2.1, P2.2) under "Ref | What we will do | By Whom |
    # By When | BRAG | Update".
    assert (report["source_format"], report["pages"]) == ("pdf", 1)
    assert report["area"] == {"value": "Riverside", "source": "document", "candidates": None}
    assert report["plan_date"] == {"value": "2018-05-14", "source": "document"}
    assert report["version"] == {"value": None, "source": None}
    assert [(t["id"], t["title"]) for t in report["themes"]] == [
        ("1", "Joined-up leadership"),
        ("2", "Hospital discharge"),
    ]
    assert [(t["theme"]["id"], t["actions"], t["unmapped"]) for t in report["tables"]] == [
        ("1", 3, []),
        ("2", 2, []),
    ]
    assert [(c["label"], c["role"]) for c in report["tables"][0]["columns"]] == [
        ("Ref", "id"),
        ("What we will do", "action"),
        ("By Whom", "owner"),
        ("By When", "due"),
        ("BRAG", "rag"),
        ("Update", "progress"),
    ]
    assert [(e["colour"], e["meaning"], e["status"]) for e in report["rag_key"]["entries"]] == [
        ("BLUE", "Completed", "complete"),
        ("GREEN", "On track", "on_track"),
        ("AMBER", "Some slippage", "at_risk"),
        ("RED", "Significant risk", "off_track"),
    ]
    assert report["id_scheme"]["scheme"].startswith("letter prefix")
    assert (report["id_scheme"]["printed"], report["counts"]["actions"]) == (5, 5)


def test_text_output(capsys: pytest.CaptureFixture[str]):
    assert main(["inspect", str(RIVERSIDE_PDF)]) == 0
    out = capsys.readouterr().out
    assert "format: pdf, pages: 1" in out
    assert "area: Riverside (from document title lines)" in out
    assert "What we will do → action (header)" in out
    assert "columns as table 0" in out
    assert "BLUE → Completed → complete" in out
    assert "rows: themes 2, actions 5," in out


def test_json_is_the_same_content(capsys: pytest.CaptureFixture[str]):
    code, report = _json(capsys, str(STOKE))
    assert code == 0
    assert report == json.loads(json.dumps(inspect_document(STOKE)))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("empty.txt", b"", "file is empty"), ("scan.bin", b"\x00\x01", "no reader for '.bin'")],
)
def test_unreadable_file_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, reason: str
):
    path = tmp_path / name
    path.write_bytes(content)
    for extra in ([], ["--json"]):
        assert main(["inspect", str(path), *extra]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        line = " ".join(captured.err.split())
        assert line.startswith(f"error: {path}: {reason}")
        assert captured.err.strip().count("\n") == 0  # one line, however long


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["inspect", str(tmp_path / "nope.pdf")]) == 1
    assert "path does not exist" in capsys.readouterr().err


def test_document_that_would_not_load_is_described(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    # The Wyreford plan without its first line ("Wyreford Health and Care System"): nothing
    # left names the area.
    untitled = tmp_path / "untitled-plan.txt"
    untitled.write_text(WYREFORD.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    code, report = _json(capsys, str(untitled))
    assert code == 1
    assert report["loaded"] is False
    assert "area not found" in report["error"]
    # Lines 2-3 and the two "Key Finding" lines (6, 13): the title-like lines the area was
    # sought in (table rows are not title lines).
    assert report["area"] == {
        "value": None,
        "source": None,
        "candidates": [
            "Improvement Plan – CQC Review Recommendations",
            "Report to the Health and Wellbeing Board, May 2018",
            "Key Finding 1 – Shared vision and system leadership",
            "Key Finding 2 – Hospital discharge and flow",
        ],
    }
    counts = report["counts"]
    assert (counts["actions"], counts["owners"], counts["updates"], counts["targets"]) == (
        5,
        None,
        None,
        None,
    )
    # "Executive Sponsor" is read as the owner column by its content (with a warning).
    assert report["tables"][0]["unmapped"] == ["Progress update"]
    main(["inspect", str(untitled)])
    out = capsys.readouterr().out
    assert "area not found; title lines searched:" in out
    assert "not loaded: " in out


def test_hints_provenance_shows(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    plan = tmp_path / WYREFORD.name
    shutil.copy(WYREFORD, plan)
    sidecar = tmp_path / f"{WYREFORD.name}.hints.toml"
    sidecar.write_text(
        'area = "Wyreford"\nplan_date = 2018-05-15\nversion = "3"\n'
        "theme_pattern = '^Key Finding (?P<id>\\d+)\\s*[–:-]\\s*(?P<title>.+)$'\n"
        '[columns]\n"Executive Sponsor" = "owner"\n"Comments from last month" = "ignore"\n'
        '[rag_key]\nGreen = "Completed"\n',
        encoding="utf-8",
    )
    code, report = _json(capsys, str(plan))
    assert code == 0
    assert report["area"] == {"value": "Wyreford", "source": "hints", "candidates": None}
    assert report["plan_date"] == {"value": "2018-05-15", "source": "hints"}
    assert report["version"] == {"value": "3", "source": "hints"}
    assert report["hints"]["path"] == str(sidecar)
    assert report["hints"]["settings"]["columns"] == {
        "executive sponsor": "owner",
        "comments from last month": "ignore",
    }
    columns = {c["label"]: (c["role"], c["source"]) for c in report["tables"][0]["columns"]}
    assert columns["Executive Sponsor"] == ("owner", "hints")
    assert columns["Comments from last month"] == (None, "ignored (hints)")
    assert columns["Progress update"] == ("progress", "header")
    assert report["tables"][0]["unmapped"] == []
    # Headings at lines 6 and 13, found by the hinted pattern.
    assert [(t["id"], t["title"], t["location"]) for t in report["themes"]] == [
        ("1", "Shared vision and system leadership", "line 6"),
        ("2", "Hospital discharge and flow", "line 13"),
    ]
    assert report["rag_key"] == {
        "source": "hints",
        "entries": [{"colour": "GREEN", "meaning": "Completed", "status": "complete"}],
    }
    # Another hints file can be tried without moving it next to the plan.
    other = tmp_path / "try.toml"
    other.write_text('area = "Wyreford Borough"\n', encoding="utf-8")
    code, report = _json(capsys, str(plan), "--hints", str(other))
    assert (code, report["area"]["value"], report["hints"]["path"]) == (
        0,
        "Wyreford Borough",
        str(other),
    )
    assert main(["inspect", str(plan)]) == 0
    out = capsys.readouterr().out
    assert "area: Wyreford (from hints file)" in out
    assert "Executive Sponsor → owner (hints)" in out
    assert f"hints: {sidecar}" in " ".join(out.split())


def test_document_text_is_not_read_as_markup(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """File names and headings can hold '[/red]'; they are printed as they are."""
    plan = tmp_path / "plan [bold]v2[red].txt"
    plan.write_text(
        "WESTSHIRE LOCAL SYSTEM REVIEW [/red]\nACTION PLAN\n12 March 2018\n\n\n"
        "Priority 1 – Leadership [/bold]\n\n"
        "Ref\tAction\tLead\tBy when\tRAG\n"
        "1.1\tAgree the system plan [/]\tJo Bloggs\tMarch 2018\tGreen\n",
        encoding="utf-8",
    )
    assert main(["inspect", str(plan)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "plan [bold]v2[red].txt" in out
    assert "WESTSHIRE LOCAL SYSTEM REVIEW [/red]" in out
    assert "1 Leadership [/bold]" in out


def test_id_scheme_of_a_plan_that_prints_none(tmp_path: Path):
    plan = tmp_path / "westshire.txt"
    plan.write_text(
        "WESTSHIRE LOCAL SYSTEM REVIEW\nACTION PLAN\n12 March 2018\n\n\n"
        "Priority 1 – Leadership\n\n"
        "What we will do\tResponsible Officer\tBy when\tProgress update\n"
        "Agree the system plan\tJo Bloggs\tMarch 2018\tDraft agreed\n"
        "Publish a market position statement\tAnn Smith\tJune 2018\tNot started\n",
        encoding="utf-8",
    )
    report = inspect_document(plan)
    assert report["loaded"], report["error"]
    assert report["id_scheme"] == {
        "scheme": "inferred (plan prints none)",
        "printed": 0,
        "inferred": 2,
    }
