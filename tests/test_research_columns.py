"""Columns for research: effective due dates and slippage, owners per organisation, update
dates kept apart from the periods figures refer to, canonical theme labels.

Golden values are read off the seed plans (the line is cited); the rest are invariants over
every row of a fresh build.
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from actionplans.compare.taxonomy import load_taxonomy
from actionplans.normalise.updates import load_org_lookup, split_events
from actionplans.query import run

from .analysis_dataset import ROOT, versions_dataset

D = dt.date
LATEST = "document_id IN (SELECT document_id FROM documents WHERE is_latest)"


def _q(sql: str) -> list[tuple]:
    return list(run(versions_dataset(), sql).rows)


@pytest.mark.parametrize(
    ("area_id", "action_id", "line", "effective", "slipped"),
    [
        # Stoke-on-Trent line 143: Month due "March 2018", Revised date "May 18"
        ("stoke-on-trent", "2.1", 143, D(2018, 5, 31), 61),
        # line 144: "Dash-board developed Feb 18", revised "June 18"
        ("stoke-on-trent", "2.2", 144, D(2018, 6, 30), 122),
        # line 275: "March 2018", revised "Oct 18"
        ("stoke-on-trent", "6.3.2", 275, D(2018, 10, 31), 214),
        # line 252: "From Jan 18" (an open start, no due date), revised "Mar 18"
        ("stoke-on-trent", "6.2.1", 252, D(2018, 3, 31), None),
        # Halton line 58: due "17.1.18", no revised date
        ("halton", "1.1", 58, D(2018, 1, 17), None),
    ],
)
def test_effective_due_date_and_days_slipped(area_id, action_id, line, effective, slipped):
    rows = _q(f"SELECT effective_due_date, days_slipped, source_line_start FROM actions "
              f"WHERE {LATEST} AND area_id = '{area_id}' AND action_id = '{action_id}'")
    assert rows == [(effective, slipped, line)]


def test_effective_due_date_invariants():
    rows = _q("SELECT due_date, revised_date, effective_due_date, days_slipped FROM actions")
    assert rows
    for due, revised, effective, slipped in rows:
        assert effective == (revised or due)
        assert slipped == ((revised - due).days if due and revised else None)


def test_owner_organisations_one_row_per_action_and_organisation():
    # Stoke-on-Trent line 130, 1.4: owner "SRO / CEO, NSCHT" — two owners, one organisation
    rows = _q(f"SELECT organisation, org_code, org_code_system, roles FROM owner_organisations "
              f"WHERE {LATEST} AND area_id = 'stoke-on-trent' AND action_id = '1.4'")  # fmt: skip
    assert rows == [("North Staffordshire Combined Healthcare NHS Trust", "RLY", "ODS", ["owner"])]
    # line 288, 6.4.2: owner "... North Staffordshire & Stoke on Trent CCGs", lead "... SOTCCG"
    rows = _q(f"SELECT org_code, org_code_system, roles FROM owner_organisations WHERE {LATEST} "
              "AND area_id = 'stoke-on-trent' AND action_id = '6.4.2' ORDER BY org_code")
    assert rows == [("05G", "ODS", ["owner"]), ("05W", "ODS", ["owner", "lead"])]
    # Halton Borough Council (HBC, the owner of many Halton actions) is a local authority: GSS
    assert ("E06000006", "GSS") in set(_q("SELECT org_code, org_code_system FROM "
                                          "owner_organisations WHERE area_id = 'halton'"))


def test_actions_per_organisation_is_a_plain_group_by():
    plain = _q("SELECT organisation, count(*) FROM owner_organisations GROUP BY 1 ORDER BY 1")
    distinct = _q("SELECT organisation, count(DISTINCT (document_id, action_id)) FROM owners "
                  "WHERE organisation IS NOT NULL GROUP BY 1 ORDER BY 1")  # fmt: skip
    assert plain == distinct and plain


def test_every_code_has_its_system():
    with open(ROOT / "reference" / "organisations.csv", newline="", encoding="utf-8") as fh:
        systems = {r["code"]: r["code_system"] for r in csv.DictReader(fh) if r["code"]}
    for table, code, system in (("owners", "org_code", "org_code_system"),
                                ("owner_organisations", "org_code", "org_code_system"),
                                ("updates", "reported_by_code", "reported_by_code_system")):
        rows = _q(f"SELECT {code}, {system} FROM {table} WHERE {code} IS NOT NULL")
        assert all(s == systems[c] for c, s in rows), table  # fmt: skip
    # Halton line 65, 2.2: "Update – STH&K (21.02.18)": St Helens and Knowsley, ODS RBN
    rows = _q(f"SELECT reported_by_code, reported_by_code_system FROM updates WHERE {LATEST} "
              "AND area_id = 'halton' AND action_id = '2.2' AND seq = 1")
    assert rows == [("RBN", "ODS")]


def test_every_update_has_as_of_its_plan_date():
    rows = _q("SELECT u.as_of, d.plan_date, u.update_date, u.refers_to_period FROM updates u "
              "JOIN documents d USING (document_id)")
    assert rows and all(as_of == plan for as_of, plan, _, _ in rows)
    assert not [r for r in rows if r[2] is not None and r[3] is not None]


def test_a_figures_period_is_not_the_notes_date():
    # Stoke-on-Trent line 252, 6.2.1: "Social Care delays DTOC official target for January -
    # 158.4 days Actual for January - 145 days" in the plan of 19 March 2018
    rows = _q(f"SELECT seq, update_date, refers_to_period, refers_to_precision, as_of FROM "
              f"updates WHERE {LATEST} AND area_id = 'stoke-on-trent' AND action_id = '6.2.1' "
              "AND seq = 0")  # fmt: skip
    assert rows == [(0, None, D(2018, 1, 1), "month", D(2018, 3, 19))]
    # Halton line 65: "Update (21.02.18)" states the note's own date
    rows = _q(f"SELECT update_date, refers_to_period FROM updates WHERE {LATEST} "
              "AND area_id = 'halton' AND action_id = '2.2' AND seq = 1")
    assert rows == [(D(2018, 2, 21), None)]


@pytest.mark.parametrize(
    ("text", "when", "figure"),
    [
        ("Actual for December – 1,204 delayed days against a target of 1,100.", D(2017, 12, 1),
         True),
        ("In November 2017 312 people received reablement at home.", D(2017, 11, 1), True),
        ("2016/17 figures show 412 admissions to care homes.", D(2016, 4, 1), True),
        ("Readmissions within 30 days fell to 7.2% in December.", D(2017, 12, 1), True),
        ("Care home fee review completed January 2018.", D(2018, 1, 1), False),
        ("Recruitment to 6 posts commenced December 2017.", D(2017, 12, 1), False),
        ("Falls prevention workshop held 12 January 2018 with all partners.", D(2018, 1, 12),
         False),
        ("Discharge to assess pathway reviewed at the January A&E Delivery Board.",
         D(2018, 1, 1), False),
    ],
)  # fmt: skip
def test_refers_to_rule(text, when, figure):
    (event,) = split_events(text, reference=D(2018, 2, 21), org_lookup=load_org_lookup())
    assert (event.point.start, event.refers_to) == (when, figure)


def test_canonical_theme_labels_in_the_data():
    labels = {t.id: t.label for t in load_taxonomy().themes} | {"other": "Other / unclassified"}
    for table in ("actions", "themes"):
        rows = _q(f"SELECT DISTINCT canonical_theme, canonical_theme_label FROM {table}")
        assert rows and all(label == labels[theme] for theme, label in rows), table
    # Stoke-on-Trent line 325 "Service Improvement Workstream 6.7: END OF LIFE": its actions
    # are labelled "End of life"
    rows = _q(f"SELECT DISTINCT canonical_theme_label FROM actions WHERE {LATEST} "
              "AND area_id = 'stoke-on-trent' AND theme_id = '6.7'")
    assert ("End of life",) in rows
