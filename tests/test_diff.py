"""`actionplans diff`: V18 (constructed for testing) → V19 of Stoke-on-Trent finds every change
listed in tests/fixtures/versions/README.md and nothing else.

The expected changes below are read off that README's table (changes 1-7; change 0 is the
document's own plan date and version, which `diff` shows in its title, not as an action change).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from actionplans.cli import main
from actionplans.diff import DiffError, compare_actions, diff_area

from .analysis_dataset import VERSIONS, versions_dataset

D = dt.date
# (action_id, change, field, from_value, to_value, days) — README rows 1-7
EXPECTED = {
    ("2.1", "changed", "rag", "GREEN", "AMBER", None),  # 1: Month RAG Green -> Yellow
    ("2.1", "changed", "status", "on_track", "at_risk", None),
    ("2.2", "changed", "revised_date", D(2018, 4, 30), D(2018, 6, 30), 61),  # 2: April -> June 18
    ("2.2", "slipped", "effective_due_date", D(2018, 4, 30), D(2018, 6, 30), 61),
    ("2.3", "changed", "rag", "GREEN", "BLUE", None),  # 3: Month RAG Green -> Blue
    ("2.3", "changed", "status", "on_track", "complete_assured", None),
    ("4.2", "changed", "owner_raw", "Chief Operating Officer, UHNM",  # 4: owner
     "Deputy Chief Operating Officer, UHNM", None),
    ("4.4", "removed", None, None, None, None),  # 5: absent from V19
    ("6.5.2", "changed", "rag", "AMBER", "GREEN", None),  # 6: Yellow / Yellow -> Green / Green
    ("6.5.2", "changed", "rag_on_target", "AMBER", "GREEN", None),
    ("6.5.2", "changed", "status", "at_risk", "on_track", None),
    ("6.7.6", "added", None, None, None, None),  # 7: new in V19
}  # fmt: skip


def _key(c: dict) -> tuple:
    return (c["action_id"], c["change"], c["field"], c["from_value"], c["to_value"], c["days"])


def test_readme_lists_the_actions_we_expect():
    """The README's table of changes names exactly the actions EXPECTED covers."""
    text = (VERSIONS / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| ([\d.]+|— \(document\)) \|", text, re.M)
    assert [n for n, _ in rows] == [str(i) for i in range(8)]
    assert {a for _, a in rows if a[0].isdigit()} == {e[0] for e in EXPECTED}


def test_diff_finds_every_change_and_nothing_else():
    result = diff_area(versions_dataset(), "Stoke-on-Trent")  # default: the two latest
    assert (result.from_doc["version"], result.to_doc["version"]) == ("18", "19")
    assert result.from_doc["plan_date"] == D(2018, 2, 19)
    got = [_key(c) for c in result.changes]
    assert len(got) == len(set(got))
    assert set(got) == EXPECTED
    assert result.counts() == {"changed": 9, "slipped": 1, "removed": 1, "added": 1}


@pytest.mark.parametrize(
    ("start", "end"),
    [("18", "19"), ("V18", "v19"), ("2018-02-19", "2018-03-19"), (None, "19"), ("18", None)],
)
def test_versions_chosen_by_number_date_or_default(start, end):
    result = diff_area(versions_dataset(), "stoke-on-trent", start, end)
    assert {_key(c) for c in result.changes} == EXPECTED


def test_versions_chosen_by_document_id():
    out = versions_dataset()
    first = diff_area(out, "Stoke-on-Trent")
    result = diff_area(out, "Stoke", first.from_doc["document_id"][:8],
                       first.to_doc["document_id"])  # fmt: skip
    assert {_key(c) for c in result.changes} == EXPECTED


def test_reversed_diff_is_the_inverse():
    result = diff_area(versions_dataset(), "Stoke-on-Trent", "19", "18")
    got = {_key(c) for c in result.changes}
    assert ("4.4", "added", None, None, None, None) in got
    assert ("6.7.6", "removed", None, None, None, None) in got
    assert ("2.2", "brought_forward", "effective_due_date", D(2018, 6, 30), D(2018, 4, 30),
            -61) in got  # fmt: skip
    assert len(got) == len(EXPECTED)


def _action(**values) -> dict:
    base = {"area": "Westshire", "action_id": "1.1", "theme_id": "1", "action_text": "Agree",
            "section": "open", "rag": None, "rag_on_target": None, "rag_previous": None,
            "status": "unknown", "start_date": None, "due_date": D(2018, 3, 31),
            "revised_date": None, "owner_raw": "Director of Adult Social Care", "lead_raw": None}
    base.update(values)
    base["effective_due_date"] = base["revised_date"] or base["due_date"]
    return base  # fmt: skip


def test_a_first_revised_date_slips_the_effective_due_date():
    changes = compare_actions([_action()], [_action(revised_date=D(2018, 5, 31))])
    assert [_key(c) for c in changes] == [
        ("1.1", "changed", "revised_date", None, D(2018, 5, 31), None),
        ("1.1", "slipped", "effective_due_date", D(2018, 3, 31), D(2018, 5, 31), 61),
    ]


def test_rewrapped_text_and_number_order():
    old = [_action(owner_raw="Director of\nAdult Social Care"), _action(action_id="1.10")]
    new = [_action(action_id="1.10"), _action(), _action(action_id="1.2")]
    changes = compare_actions(old, new)
    assert [_key(c) for c in changes] == [("1.2", "added", None, None, None, None)]
    changes = compare_actions([_action(due_date=None)], [_action()])
    assert [c["change"] for c in changes] == ["changed", "set"]


def test_cli_diff_formats(capsys):
    out = str(versions_dataset())
    assert main(["diff", "Stoke-on-Trent", "--out", out, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["from"]["version"], data["to"]["version"]) == ("18", "19")
    assert data["to"]["plan_date"] == "2018-03-19"
    assert len(data["changes"]) == len(EXPECTED)
    assert {"action_id": "2.2", "change": "slipped", "days": 61}.items() <= next(
        c for c in data["changes"] if c["change"] == "slipped").items()
    assert main(["diff", "Stoke-on-Trent", "--out", out, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(EXPECTED) and rows[0]["from_document_id"]
    assert main(["diff", "Stoke-on-Trent", "--out", out]) == 0
    shown = capsys.readouterr().out
    assert "V18 (2018-02-19" in shown and "V19 (2018-03-19" in shown and "slipped" in shown


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["diff", "Northmoor"], ["unknown area 'Northmoor'", "Halton", "Stoke-on-Trent"]),
        (["diff", "Stoke-on-Trent", "--from", "17"], ["no version '17'", "V18", "V19"]),
        (["diff", "Stoke-on-Trent", "--to", "2018-04-16"], ["no version '2018-04-16'"]),
        (["diff", "Stoke-on-Trent", "--from", "19", "--to", "V19"], ["same document"]),
        (["diff", "Halton"], ["Halton has one version only", "nothing to compare"]),
        (["diff", "Stoke-on-Trent", "--to", "18"], ["no version of Stoke-on-Trent before V18"]),
    ],
)
def test_cli_diff_bad_input_exits_2(capsys, args, words):
    assert main([*args, "--out", str(versions_dataset())]) == 2
    err = capsys.readouterr().err
    for word in words:
        assert word in err, (word, err)


def test_cli_diff_without_a_dataset(tmp_path, capsys):
    assert main(["diff", "Halton", "--out", str(tmp_path / "outputs")]) == 1
    assert "no dataset at" in capsys.readouterr().err


def test_diff_error_is_usage():
    with pytest.raises(DiffError) as info:
        diff_area(versions_dataset(), "Nowhere")
    assert info.value.exit_code == 2
