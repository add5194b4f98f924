"""Numeric targets against tests/golden/targets.csv, read off the two plans by a person.

``kind = target`` rows are promises that must be found with every field as read;
``kind = not_target`` rows are numbers that must not become a target or baseline (counts,
dates, "24/7", actuals). Every target found must be in the golden set. On failure every
differing field is printed, with the field accuracy.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache

import pytest

from actionplans.dataset import validate_rows
from actionplans.normalise.targets import targets_for_action, targets_in_text
from actionplans.pipeline import process_document

from .conftest import CORPUS, GOLDEN

PLANS = {
    "halton": CORPUS / "halton-action-plan-2018-02-21.txt",
    "stoke-on-trent": CORPUS / "stoke-on-trent-improvement-plan-v19-2018-03-19.txt",
}
FIELDS = ("metric_contains", "baseline_value", "baseline_date", "target_value", "target_date",
          "unit", "comparator")  # fmt: skip


@cache
def _targets(slug: str) -> list[dict]:
    result = process_document(PLANS[slug])
    plan_date = result.tables["documents"][0]["plan_date"]
    return [
        row
        for action in result.tables["actions"]
        for row in targets_for_action(action, reference=plan_date)
    ]


def _golden(kind: str) -> list[dict[str, str]]:
    with open(GOLDEN / "targets.csv", newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["kind"] == kind]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _key_value(row: dict) -> str:
    value = row["target_value"] if row["target_value"] not in (None, "") else row["baseline_value"]
    return _text(float(value)) if value not in (None, "") else ""


def _same(golden: dict[str, str], row: dict) -> bool:
    return (
        golden["area_id"] == row["area_id"]
        and golden["action_id"] == row["action_id"]
        and golden["source_field"] == row["source_field"]
        and _key_value(golden) == _key_value(row)
    )


def test_golden_targets_match():
    golden = _golden("target")
    got = [r for slug in PLANS for r in _targets(slug)]
    assert len(golden) + len(_golden("not_target")) >= 40
    diffs, checked, used = [], 0, set()
    for g in golden:
        matches = [i for i, r in enumerate(got) if i not in used and _same(g, r)]
        where = f"{g['area_id']} {g['action_id']} {g['source_field']} (line {g['source_line']})"
        if not matches:
            diffs.append(f"{where}: target {_key_value(g)} not found")
            checked += len(FIELDS)
            continue
        used.add(matches[0])
        row = got[matches[0]]
        for name in FIELDS:
            checked += 1
            if name == "metric_contains":
                want, have = g[name], row["metric"] or ""
                ok = want.lower() in have.lower() if want else have == ""
            else:
                want, have = g[name], _text(row[name])
                if name.endswith("_value") and want:
                    want = _text(float(want))
                ok = want == have
            if not ok:
                diffs.append(f"{where} {name}: want {want!r} got {have!r}")
    extra = [r for i, r in enumerate(got) if i not in used]
    for r in extra:
        diffs.append(f"{r['area_id']} {r['action_id']} {r['source_field']}: unexpected target "
                     f"{_key_value(r)} {r['comparator']} in {r['raw']!r}")  # fmt: skip
    accuracy = 1 - (len(diffs) - len(extra)) / checked
    print(f"targets: {len(golden)} golden, {len(got)} found, {checked} fields checked, "
          f"accuracy {accuracy:.1%}, {len(extra)} unexpected")  # fmt: skip
    print("\n".join(diffs))
    assert not diffs


def test_numbers_that_are_not_targets():
    rows = [r for slug in PLANS for r in _targets(slug)]
    wrong = []
    for g in _golden("not_target"):
        number = float(g["target_value"])
        for r in rows:
            if (r["area_id"], r["action_id"], r["source_field"]) != (
                g["area_id"], g["action_id"], g["source_field"]
            ):  # fmt: skip
                continue
            if number in (r["target_value"], r["baseline_value"]):
                wrong.append(f"{g['action_id']} {g['source_field']}: {g['raw_excerpt']!r}")
    print("\n".join(wrong))
    assert not wrong


@pytest.mark.parametrize("slug", sorted(PLANS))
def test_rows_match_schema(slug):
    assert validate_rows("targets", _targets(slug)).num_rows == len(_targets(slug))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # phrasings the seed plans do not use: (comparator, target, baseline, unit, date)
        ("At least 3 sessions per week by Q2 2018/19",
         (">=", 3, None, "sessions per week", "2018-09-30")),
        ("Increase to 120 beds by 31.3.19", ("increase_to", 120, None, "beds", "2019-03-31")),
        ("No more than 10 patients waiting over 28 days", ("<=", 10, None, "patients", "")),
        ("Admissions reduced from 1,250 to 1,000 per year", ("reduce_to", 1000, 1250,
                                                             "per year", "")),
        ("Target of 92 per cent by March 2019", ("=", 92, None, "%", "2019-03-31")),
        ("Uptake will reach 60% within the financial year", (">=", 60, None, "%", "2018-03-31")),
        ("Waits are equal to or lower than average (from 12 weeks to the average of 8 weeks)",
         ("<=", 8, 12, "weeks", "")),
        ("Capacity grew 5% with a further 20% to be delivered by Q2 2018/19",
         ("increase_by", 20, None, "%", "2018-09-30")),
        ("At the end of May 2018 waits had fallen to 40 days. Target is 30 days.",
         ("reduce_to", 30, 40, "days", "")),
    ],
)
def test_other_phrasings(text, expected):
    (t,) = targets_in_text(text, reference=date(2018, 3, 19))
    got = (t.comparator, t.target_value, t.baseline_value, t.unit,
           t.target_date.isoformat() if t.target_date else "")  # fmt: skip
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "Call the hub on 0151 511 5000 (see action 6.5)",
        "Service runs 24/7 and 8am-8pm at weekends from 1/12/17",
        "Increase capacity by 2019",
        "The 2 projects increased by Feb 18 compared to 2017",
        "Admissions show a 12% increase compared to last year",
    ],
)
def test_not_targets(text):
    assert targets_in_text(text, reference=date(2018, 3, 19)) == []
