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
