"""Progress updates against tests/golden/updates.csv, read off the two plans by a person.

Golden rows cite the source line they were read from; ``text_start`` is the first words of the
event as printed (markup removed). On failure every differing field is printed, with the
field accuracy.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from actionplans.dataset import validate_rows
from actionplans.normalise.updates import (
    load_org_lookup,
    split_events,
    update_warnings,
    updates_for_action,
)
from actionplans.pipeline import process_document

from .conftest import CORPUS, GOLDEN, ROOT

PLANS = {
    "halton": CORPUS / "halton-action-plan-2018-02-21.txt",
    "stoke-on-trent": CORPUS / "stoke-on-trent-improvement-plan-v19-2018-03-19.txt",
}
FIELDS = ("update_date", "refers_to_period", "reported_by", "source_field", "text_start")


def _plain(text: object) -> str:
    return " ".join(re.sub(r"<[^<>]*>", " ", str(text or "")).split())


@cache
def _plan(slug: str) -> tuple[list[dict], date]:
    result = process_document(PLANS[slug])
    return result.tables["actions"], result.tables["documents"][0]["plan_date"]


@cache
def _updates(slug: str) -> list[dict]:
    actions, plan_date = _plan(slug)
    lookup = load_org_lookup()
    return [
        row
        for action in actions
        for row in updates_for_action(action, reference=plan_date, org_lookup=lookup)
    ]


def _golden() -> list[dict[str, str]]:
    with open(GOLDEN / "updates.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_golden_updates_match():
    golden = _golden()
    assert len(golden) >= 40
    got = {(slug, r["action_id"], r["seq"]): r for slug in PLANS for r in _updates(slug)}
    diffs, checked = [], 0
    for g in golden:
        key = (g["area_id"], g["action_id"], int(g["seq"]))
        row = got.get(key)
        if row is None:
            diffs.append(f"{key} (line {g['source_line']}): no such update")
            checked += len(FIELDS)
            continue
        values = {
            "update_date": row["update_date"].isoformat() if row["update_date"] else "",
            "refers_to_period": (
                row["refers_to_period"].isoformat() if row["refers_to_period"] else ""
            ),
            "reported_by": row["reported_by"] or "",
            "source_field": row["source_field"],
            "text_start": _plain(row["text"]),
        }
        for name in FIELDS:
            checked += 1
            want, have = _plain(g[name]), values[name]
            ok = have.startswith(want) if name == "text_start" else have == want
            if not ok:
                diffs.append(f"{key} (line {g['source_line']}) {name}: want {want!r} got "
                             f"{have[: len(want) + 20]!r}")  # fmt: skip
    accuracy = 1 - len(diffs) / checked
    print(f"updates: {checked} fields checked, accuracy {accuracy:.1%}")
    print("\n".join(diffs))
    assert not diffs


def test_every_dated_event_is_golden():
    """The golden file lists every dated event of both plans: no date the reader did not see."""
    golden = {(g["area_id"], g["action_id"], int(g["seq"])): g for g in _golden()}
    extra = []
    for slug in PLANS:
        for r in _updates(slug):
            for name in ("update_date", "refers_to_period"):
                if r[name] is None:
                    continue
                g = golden.get((slug, r["action_id"], r["seq"]))
                if g is None or g[name] != r[name].isoformat():
                    extra.append(f"{slug} {r['action_id']} {r['seq']} {name} {r[name]}: "
                                 f"{_plain(r['text'])[:60]!r}")  # fmt: skip
    print("\n".join(extra))
    assert not extra


@pytest.mark.parametrize("slug", sorted(PLANS))
def test_nothing_dropped(slug):
    """Every character of progress text (whitespace aside) belongs to exactly one event."""
    actions, _ = _plan(slug)
    by_action: dict[str, list[dict]] = {}
    for row in _updates(slug):
        by_action.setdefault(row["action_id"], []).append(row)
    for action in actions:
        rows = by_action.get(action["action_id"], [])
        assert [r["seq"] for r in rows] == list(range(len(rows)))
        joined = "".join("".join(r["text"].split()) for r in rows)
        assert joined == "".join((action["progress"] or "").split()), action["action_id"]


def test_every_halton_update_marker_is_a_dated_event():
    """Count the "Update (dd.mm.yy)" markers in the source file itself, not in our output."""
    source = Path(PLANS["halton"]).read_text(encoding="utf-8")
    markers = re.findall(r"Update(?:\s*[-–]\s*([A-Z&]+))?\s*\((\d+\.\d+\.\d+)\)", source)
    events = [r for r in _updates("halton") if re.match(r"Update\b", _plain(r["text"]))]
    assert len(markers) == 31  # counted by hand in the Halton rendition
    assert len(events) == len(markers)
    assert all(r["update_date"] is not None for r in events)
    written = sorted(d for _org, d in markers)
    read = sorted(re.search(r"\((\d+\.\d+\.\d+)\)", r["text"]).group(1) for r in events)
    assert read == written
    assert sum(1 for org, _d in markers if org) == sum(1 for r in events if r["reported_by"])


@pytest.mark.parametrize("slug", sorted(PLANS))
def test_rows_match_schema(slug):
    assert validate_rows("updates", _updates(slug)).num_rows == len(_updates(slug))


def test_org_lookup_from_reference_csv():
    default = load_org_lookup()
    explicit = load_org_lookup(ROOT / "reference" / "organisations.csv")
    expected = ("St Helens and Knowsley Teaching Hospitals NHS Trust", "RBN")
    assert default("STH&K") == explicit("sth&k") == expected
    assert default("no such body") is None


def test_markers_in_other_hands():
    """Marker spellings and dated sentences the seed plans do not use, read the same way."""
    text = (
        "Initial work done. Progress update: 3 March 2018 – contract signed.\n"
        "UPDATE 12/04/2018 Recruitment completed 9 April. Update - WHH (1.5.18) all posts filled."
    )
    events = split_events(text, reference=date(2018, 5, 20), org_lookup=load_org_lookup())
    got = [
        (text[e.start : e.end].strip()[:22].strip(), e.point and e.point.start, e.reported_by_code)
        for e in events
    ]
    assert got == [
        ("Initial work done.", None, None),
        ("Progress update: 3 Mar", date(2018, 3, 3), None),
        ("UPDATE 12/04/2018 Recr", date(2018, 4, 12), None),
        ("Update - WHH (1.5.18)", date(2018, 5, 1), "RWW"),
    ]


def test_year_less_event_dates_are_past():
    """ "held 20 August" in a February plan is the August before it, not after."""
    (event,) = split_events("Workshop held 20 August.", reference=date(2018, 2, 21))
    assert event.point is not None and event.point.start == date(2017, 8, 20)
    (future,) = split_events("Workshop to be held 20 August.", reference=date(2018, 2, 21))
    assert future.point is None


def test_dated_sentences_inside_a_paragraph():
    """Reported dates start events; plans, deadlines, comparisons and instructions do not."""
    text = (
        "Working group established. Meeting with the chair 4 January 2018 to agree next steps.\n"
        "Steering group met following the workshop on 12th Feb. Next meeting on 15th March.\n"
        "Figures compared to December are better. Report will be presented on 2 March.\n"
        "Delivered from 8th December 17 Dedicated post seconded from w/c 12.2.18.\n"
        "The revised actions are:\nPublish revised tender Feb 18\nTender advertised 22 Feb 18"
    )
    events = split_events(text, reference=date(2018, 3, 19))
    got = [(_plain(text[e.start : e.end])[:18], e.point and e.point.start) for e in events]
    assert got == [
        ("Working group esta", None),
        ("Meeting with the c", date(2018, 1, 4)),
        ("Steering group met", date(2018, 2, 12)),
        ("Figures compared t", None),
        ("Delivered from 8th", date(2017, 12, 8)),
        ("Dedicated post sec", date(2018, 2, 12)),
        ("The revised action", None),
        ("Tender advertised ", date(2018, 2, 22)),
    ]


def test_year_less_dates_fall_in_the_reporting_window():
    """ "in April" in a March plan is next April (a plan); "August" in February is last August."""
    (plan,) = split_events("Strategy refresh in April.", reference=date(2018, 3, 19))
    assert plan.point is None
    (past,) = split_events("Level as at August is 514.", reference=date(2018, 2, 21))
    assert past.point is not None and past.point.start == date(2017, 8, 1)


def test_update_after_plan_date_is_warned():
    progress = "Engagement event held 19 December 2018. Plan approved 20 December 2017."
    action = {"document_id": "d", "area": "A", "area_id": "a", "action_id": "2.1",
              "progress": progress}  # fmt: skip
    rows = updates_for_action(action, reference=date(2018, 3, 19), org_lookup=None)
    assert [r["update_date"] for r in rows] == [date(2018, 12, 19), date(2017, 12, 20)]
    (warning,) = update_warnings(action, rows, reference=date(2018, 3, 19))
    assert "2018-12-19" in warning and "2.1" in warning
    assert update_warnings(action, rows, reference=None) == []
