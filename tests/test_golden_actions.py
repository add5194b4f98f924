"""Regression test against golden tables read off the source documents by a person.

On failure it prints every differing field; it also reports field accuracy. Comparison rules
(applied to both sides) are documented in tests/golden/README.md.
"""

from __future__ import annotations

import csv
import re
from datetime import date

import pandas as pd
import pytest

from .conftest import GOLDEN, read_table

FIELDS = (
    "theme_id",
    "section",
    "owner_raw",
    "lead_raw",
    "start_date",
    "due_date",
    "revised_date",
    "rag",
    "rag_on_target",
    "status",
)
AREAS = {"stoke-on-trent": "Stoke-on-Trent", "halton": "Halton"}


def canonical(value: object) -> str:
    """Whitespace collapsed, line breaks as ' | ', no space after a hyphen."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\n", " | ")
    text = re.sub(r"\s*\|\s*", " | ", text)
    text = re.sub(r"-\s+", "-", text)
    return " ".join(text.split())


def load_golden(slug: str) -> list[dict[str, str]]:
    with open(GOLDEN / "actions" / f"{slug}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("slug", sorted(AREAS))
def test_actions_match_golden(built, slug):
    out, _ = built
    actions = read_table(out, "actions")
    got = actions[actions["area_id"] == slug]
    golden = load_golden(slug)

    golden_ids = [g["action_id"] for g in golden]
    got_ids = list(got["action_id"])
    assert len(golden_ids) == len(set(golden_ids)), "golden ids must be unique"
    missing = sorted(set(golden_ids) - set(got_ids))
    extra = sorted(set(got_ids) - set(golden_ids))
    by_id = {row["action_id"]: row for row in got.to_dict("records")}

    diffs = []
    total = equal = 0
    for g in golden:
        row = by_id.get(g["action_id"])
        for name in FIELDS:
            total += 1
            expected = canonical(g[name])
            actual = canonical(row[name]) if row is not None else "<missing action>"
            if expected == actual:
                equal += 1
            else:
                diffs.append((g["action_id"], name, expected, actual, g["source_lines"]))
    accuracy = equal / total
    print(
        f"\n{AREAS[slug]}: field accuracy {equal}/{total} = {accuracy:.1%}; "
        f"actions {len(got_ids)} (golden {len(golden_ids)})"
    )
    if diffs:
        print(f"{'action':<8} {'field':<14} {'golden':<40} {'pipeline':<40} source lines")
        for action_id, name, expected, actual, lines in diffs:
            print(f"{action_id:<8} {name:<14} {expected[:40]:<40} {actual[:40]:<40} {lines}")
    assert not missing, f"actions missing from output: {missing}"
    assert not extra, f"actions not in the golden table: {extra}"
    assert len(got_ids) == len(set(got_ids)), "duplicate action ids in output"
    assert not diffs, f"{len(diffs)} field(s) differ from the golden table (see table above)"


def test_golden_order_matches_document_order(built):
    """Actions come out in document order, as the golden tables list them."""
    out, _ = built
    actions = read_table(out, "actions").sort_values("source_line_start")
    for slug in AREAS:
        got = list(actions[actions["area_id"] == slug]["action_id"])
        assert got == [g["action_id"] for g in load_golden(slug)]
