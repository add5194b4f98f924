"""Layout hints: an analyst fixes a wrong reading with a sidecar TOML file, no code.

`tests/fixtures/hints/wyreford-improvement-plan.txt` is a plan written the way CQC review plans
were: headings "Key Finding 1 – …" (a style the assembly does not know), the owner column headed
"Executive Sponsor" (no synonym knows the word) and last month's comments printed before the
current progress update. Every expected value below is read off that file by line number.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from actionplans.cli import main
from actionplans.extract.errors import DocumentError
from actionplans.extract.hints import (
    NOTSET,
    HintsError,
    LayoutHints,
    find_hints,
    load_hints,
)
from actionplans.pipeline import build, process_document

from .conftest import ROOT, read_table

FIXTURES = ROOT / "tests" / "fixtures"
WYREFORD = FIXTURES / "hints" / "wyreford-improvement-plan.txt"
EXAMPLESHIRE = FIXTURES / "plans" / "exampleshire-action-plan.txt"

WYREFORD_HINTS = """\
# The plan prints no area and only "May 2018"; the Board paper is dated 15 May 2018.
area = "Wyreford"
plan_date = "15/05/2018"
theme_pattern = '^Key Finding (?P<id>\\d+)\\s*[–:-]\\s*(?P<title>.+)$'

[columns]
"Executive Sponsor" = "owner"
"Comments from last month" = "ignore"

[rag_key]   # the Board's key: green means done
Green = "Completed"
Amber = "On track"
Red = "Not on track"
"""

# Read off wyreford-improvement-plan.txt (headings lines 6 and 13, rows lines 9-11 and 16-17).
EXPECTED = [
    # action_id, theme_id, theme_title, owner_raw, due_date, rag, status (hinted key), progress
    (
        "1.1",
        "1",
        "Shared vision and system leadership",
        "Director of Adult Social Care",
        date(2018, 6, 30),
        "GREEN",
        "complete",
        "Vision signed off by the Health and Wellbeing Board",
    ),
    (
        "1.2",
        "1",
        "Shared vision and system leadership",
        "Chief Operating Officer",
        date(2018, 7, 31),
        "AMBER",
        "on_track",
        "First meeting held; membership still to be confirmed",
    ),
    (
        "1.3",
        "1",
        "Shared vision and system leadership",
        "Head of Joint Commissioning",
        date(2018, 9, 30),
        "RED",
        "off_track",
        "Delayed: commissioning lead post vacant",
    ),
    (
        "2.1",
        "2",
        "Hospital discharge and flow",
        "Director of Nursing",
        date(2018, 8, 31),
        "GREEN",
        "complete",
        "Trusted assessor in place in all care homes",
    ),
    (
        "2.2",
        "2",
        "Hospital discharge and flow",
        "Chief Operating Officer",
        date(2018, 10, 31),
        "AMBER",
        "on_track",
        "Recruitment of therapists under way",
    ),
]
# The "Comments from last month" cells (lines 9-11, 16-17), which must not be read as progress.
LAST_MONTH = [
    "Draft vision circulated to partners",
    "Terms of reference drafted",
    "Not started",
    "Pilot in two care homes",
    "Pathway design agreed",
]


def _plan_with_hints(tmp_path: Path, plan: Path, hints: str, name: str | None = None) -> Path:
    copy = tmp_path / plan.name
    shutil.copy(plan, copy)
    (tmp_path / (name or f"{plan.name}.hints.toml")).write_text(hints, encoding="utf-8")
    return copy


def _row(action: dict) -> tuple:
    return (
        action["action_id"],
        action["theme_id"],
        action["theme_title"],
        action["owner_raw"],
        action["due_date"],
        action["rag"],
        action["status"],
        action["progress"],
    )


def test_without_hints_the_reading_is_wrong():
    """The precondition: the automatic reading misses owner, progress, themes and the key."""
    result = process_document(WYREFORD, area_override="Wyreford")
    actions = result.tables["actions"]
    assert [a["action_id"] for a in actions] == [e[0] for e in EXPECTED]
    # "Executive Sponsor" is no known header: its names are read as owners by their content,
    # and the document says so (a hint makes it certain).
    assert [a["owner_raw"] for a in actions] == [e[3] for e in EXPECTED]
    assert any(
        "'Executive Sponsor' has no known header; read as owner" in w
        for w in result.tables["documents"][0]["warnings"]
    )
    assert [a["progress"] for a in actions] == LAST_MONTH  # last month's column read instead
    assert [a["theme_title"] for a in actions] == [None] * 5  # "Key Finding" not a heading
    # Themes are at most implied by the action numbers, with no title.
    assert [t["title"] for t in result.tables["themes"]] in ([], [None, None])
    # No key in the plan: the common convention says green is on track.
    assert actions[0]["status"] == "on_track"
    assert result.tables["documents"][0]["hints_path"] is None


def test_sidecar_hints_fix_the_reading(tmp_path: Path):
    plan = _plan_with_hints(tmp_path, WYREFORD, WYREFORD_HINTS)
    result = process_document(plan)  # the sidecar is found next to the plan
    actions = result.tables["actions"]
    assert [_row(a) for a in actions] == EXPECTED
    themes = [(t["theme_id"], t["title"], t["source_line"]) for t in result.tables["themes"]]
    assert themes == [
        ("1", "Shared vision and system leadership", 6),
        ("2", "Hospital discharge and flow", 13),
    ]
    doc = result.tables["documents"][0]
    assert (doc["area"], doc["area_source"]) == ("Wyreford", "hints")
    assert (doc["plan_date"], doc["plan_date_source"]) == (date(2018, 5, 15), "hints")
    assert [(k["colour"], k["meaning"], k["status"]) for k in doc["rag_key"]] == [
        ("GREEN", "Completed", "complete"),
        ("AMBER", "On track", "on_track"),
        ("RED", "Not on track", "off_track"),
    ]
    # Provenance: the file and every setting applied.
    assert doc["hints_path"] == str(tmp_path / "wyreford-improvement-plan.txt.hints.toml")
    assert json.loads(doc["hints"]) == {
        "area": "Wyreford",
        "plan_date": "2018-05-15",
        "theme_pattern": r"^Key Finding (?P<id>\d+)\s*[–:-]\s*(?P<title>.+)$",
        "columns": {"executive sponsor": "owner", "comments from last month": "ignore"},
        "rag_key": {"Green": "Completed", "Amber": "On track", "Red": "Not on track"},
    }
    # The missing-plan-date warning no longer applies.
    assert not [w for w in doc["warnings"] if "plan date" in w]


def test_stem_sidecar_and_explicit_hints(tmp_path: Path):
    stem = "wyreford-improvement-plan.hints.toml"
    plan = _plan_with_hints(tmp_path, WYREFORD, WYREFORD_HINTS, stem)
    assert find_hints(plan) == tmp_path / stem
    assert find_hints(WYREFORD) is None
    hints = load_hints(tmp_path / stem)
    result = process_document(WYREFORD, hints=hints)  # given explicitly, no sidecar needed
    assert [_row(a) for a in result.tables["actions"]] == EXPECTED


def test_area_date_and_version_overrides_keep_the_documents_reading(tmp_path: Path):
    # exampleshire-action-plan.txt line 1 "EXAMPLESHIRE LOCAL SYSTEM REVIEW",
    # line 3 "5 January 2018 - Version 2".
    hints = 'area = "North Exampleshire"\nplan_date = 2018-01-15\nversion = 3\n'
    plan = _plan_with_hints(tmp_path, EXAMPLESHIRE, hints)
    doc = process_document(plan).tables["documents"][0]
    assert (doc["area"], doc["area_source"], doc["area_id"]) == (
        "North Exampleshire",
        "hints",
        "north-exampleshire",
    )
    assert (doc["plan_date"], doc["plan_date_source"]) == (date(2018, 1, 15), "hints")
    assert doc["version"] == "3"
    name = "exampleshire-action-plan.txt.hints.toml"
    assert (
        f"area 'North Exampleshire' from {name}; the document reads 'Exampleshire'"
        in (doc["warnings"])
    )
    assert f"plan date 2018-01-15 from {name}; the document gives 2018-01-05" in doc["warnings"]
    assert f"version '3' from {name}; the document reads '2'" in doc["warnings"]
    # --area on the command line still wins over the hints file.
    doc = process_document(plan, area_override="Westshire").tables["documents"][0]
    assert (doc["area"], doc["area_source"]) == ("Westshire", "override")
    assert doc["plan_date_source"] == "hints"


def _hints(tmp_path: Path, text: str) -> LayoutHints:
    path = tmp_path / "plan.pdf.hints.toml"
    path.write_text(text, encoding="utf-8")
    return load_hints(path)


def test_role_for_and_heading(tmp_path: Path):
    hints = _hints(tmp_path, "[columns]\n'Who?' = 'owner'\n'Notes' = 'ignore'\n")
    assert hints.role_for("  WHO ") == "owner"  # case, spaces and punctuation do not matter
    assert hints.role_for("Notes") is None  # ignored: read as no field
    assert hints.role_for("By when") is NOTSET  # not hinted: the synonyms decide
    pattern = LayoutHints(theme_pattern=r"^Recommendation (?P<id>\d+)[:.]?\s*(?P<title>.*)$")
    assert pattern.heading("**Recommendation 4:  Workforce planning**") == (
        "4",
        "Workforce planning",
    )
    assert pattern.heading("Recommendations from the review") is None
    assert LayoutHints().heading("Recommendation 4: Workforce") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "[columns]\nWho = 'ownr'\n",
            "[columns] 'Who' → 'ownr' is not a field (fields: id, theme, cqc_issue, ",
        ),
        ("areas = 'Wyreford'\n", "unknown key 'areas' (keys: area, plan_date, version,"),
        ("area = 3\n", "area must be a string, not a number"),
        ("version = true\n", "version must be a string or a number, not true/false"),
        ("columns = 'owner'\n", "columns must be a table ([columns]), not a string"),
        ("[columns]\nWho = 1\n", "[columns] 'Who' must name a field as a string, not a number"),
        ("plan_date = '31/02/2018'\n", "plan_date '31/02/2018' is not a date"),
        ("plan_date = 'May 2018'\n", "plan_date 'May 2018' is not a date"),
        ("plan_date = 2018-05-15T09:00:00\n", "plan_date 2018-05-15T09:00:00 has a time"),
        (
            "theme_pattern = '^Key Finding (?P<id>\\d+'\n",
            "theme_pattern is not a valid regular expression: missing ), unterminated subpattern",
        ),
        (
            "theme_pattern = '^Key Finding (\\d+)'\n",
            "theme_pattern has no named group 'id'",
        ),
        ("[rag_key]\nPink = 'Completed'\n", "[rag_key] 'Pink' is not a RAG colour"),
        ("[rag_key]\nGreen = 'Dashboard'\n", "[rag_key] 'Green' → 'Dashboard' names no status"),
        ("area = \n", "not valid TOML: "),
    ],
)
def test_bad_hints_are_one_clear_line(tmp_path: Path, text: str, reason: str):
    path = tmp_path / "plan.pdf.hints.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HintsError) as info:
        load_hints(path)
    message = str(info.value)
    assert isinstance(info.value, DocumentError)
    assert message.startswith(f"{path}: "), message
    assert reason in message, message
    assert "\n" not in message


def test_status_names_and_dates_in_several_spellings(tmp_path: Path):
    hints = _hints(
        tmp_path,
        "plan_date = '15/05/2018'\n"
        "[rag_key]\nBlue = 'complete_assured'\n'Amber/Green' = 'at_risk'\n",
    )
    assert hints.plan_date == date(2018, 5, 15)
    assert hints.rag_entries() == [("Blue", "complete assured"), ("Amber/Green", "at risk")]
    assert _hints(tmp_path, "plan_date = 2018-05-15\n").plan_date == date(2018, 5, 15)


def test_batch_reports_the_bad_hints_file_and_goes_on(tmp_path: Path):
    folder = tmp_path / "plans"
    folder.mkdir()
    bad = _plan_with_hints(folder, WYREFORD, "[columns]\n'Executive Sponsor' = 'sponsor'\n")
    shutil.copy(EXAMPLESHIRE, folder / EXAMPLESHIRE.name)
    out = tmp_path / "out"
    report = build([folder], out)
    assert [d.area for d in report.documents] == ["Exampleshire"]
    (error,) = report.errors
    assert str(error).startswith(
        f"{bad}.hints.toml: [columns] 'Executive Sponsor' → 'sponsor' is not a field "
        "(fields: id, theme, "
    )
    assert "\n" not in str(error)
    # The loaded document records that no hints applied to it, in the dataset itself.
    docs = read_table(out, "documents")
    assert docs["hints_path"].isna().all() and docs["hints"].isna().all()


def test_cli_build_prints_the_hints_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    plan = _plan_with_hints(tmp_path, WYREFORD, "plan_date = '32/05/2018'\n")
    code = main(["build", str(plan), "--out", str(tmp_path / "out"), "--quiet", "--no-compare"])
    assert code == 1
    err = capsys.readouterr().err
    assert f"{plan}.hints.toml: plan_date '32/05/2018' is not a date" in " ".join(err.split())


def test_hints_provenance_in_the_dataset(tmp_path: Path):
    folder = tmp_path / "plans"
    folder.mkdir()
    _plan_with_hints(folder, WYREFORD, WYREFORD_HINTS)
    out = tmp_path / "out"
    report = build([folder], out)
    assert not report.errors
    docs = read_table(out, "documents")
    assert list(docs["hints_path"]) == [str(folder / "wyreford-improvement-plan.txt.hints.toml")]
    assert json.loads(docs["hints"][0])["columns"]["executive sponsor"] == "owner"
    assert list(docs["area_source"]) == ["hints"]
