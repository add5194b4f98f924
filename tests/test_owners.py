"""Owners: golden regression over every action of both seed plans, plus splitter unit tests.

The golden table (tests/golden/owners.csv) was read off the source documents by a person; see
tests/golden/README.md. The regression prints every differing field and the field accuracy,
and asserts 100%. The unit tests feed the splitter the issue's examples and made-up cells in
the style of other areas' plans.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from actionplans.normalise.owners import (
    OwnerContext,
    default_gazetteer_path,
    load_gazetteer,
    owner_context,
    owners_for_action,
    parse_owner_cell,
)
from actionplans.pipeline import process_document

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "owners.csv"
CORPUS = {
    "stoke-on-trent": ROOT / "corpus" / "stoke-on-trent-improvement-plan-v19-2018-03-19.txt",
    "halton": ROOT / "corpus" / "halton-action-plan-2018-02-21.txt",
}
FIELDS = ("person", "job_title", "organisation", "org_code")


def canonical(value: object) -> str:
    """Whitespace collapsed, no space after a hyphen (as in tests/golden/README.md)."""
    if value is None:
        return ""
    text = re.sub(r"-\s+", "-", str(value))
    return " ".join(text.split())


@cache
def parsed(slug: str) -> tuple[list[dict], OwnerContext]:
    path = CORPUS[slug]
    result = process_document(str(path))
    actions = result.tables["actions"]
    context = owner_context(actions[0]["area"], path.read_text(encoding="utf-8"))
    rows = [row for action in actions for row in owners_for_action(action, context=context)]
    return rows, context


def keyed(rows: list[dict]) -> dict[tuple[str, str], list[tuple[str, ...]]]:
    """(action_id, role) -> sorted (position, person, job_title, organisation, org_code)."""
    out: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for row in rows:
        if not row["role"]:
            continue
        out[(row["action_id"], row["role"])].append(
            (str(row["position"]), *(canonical(row[f]) for f in FIELDS)))
    return {k: sorted(v) for k, v in out.items()}


def golden_rows(slug: str) -> list[dict]:
    with open(GOLDEN, newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["area_id"] == slug]


@pytest.mark.parametrize("slug", sorted(CORPUS))
def test_golden_owners(slug: str) -> None:
    golden = golden_rows(slug)
    rows, _ = parsed(slug)
    want, got = keyed(golden), keyed(rows)
    golden_actions = {r["action_id"] for r in golden}
    action_ids = {r["action_id"] for r in process_document(str(CORPUS[slug])).tables["actions"]}
    assert golden_actions == action_ids, "golden must cover every action of the plan"

    diffs: list[str] = []
    compared = equal = 0
    for key in sorted(set(want) | set(got)):
        w, g = want.get(key, []), got.get(key, [])
        for i in range(max(len(w), len(g))):
            a = w[i] if i < len(w) else None
            b = g[i] if i < len(g) else None
            for j, name in enumerate(("position", *FIELDS)):
                compared += 1
                va = a[j] if a else "<missing row>"
                vb = b[j] if b else "<missing row>"
                if va == vb:
                    equal += 1
                else:
                    diffs.append(f"{slug} {key[0]} {key[1]} #{i} {name}: golden {va!r} != {vb!r}")
    accuracy = equal / compared if compared else 0.0
    print(f"\n{slug}: owners field accuracy {accuracy:.2%} ({equal}/{compared})")
    for line in diffs:
        print(line)
    assert not diffs, f"{len(diffs)} differing fields"


@pytest.mark.parametrize("slug", sorted(CORPUS))
def test_rows_fit_schema_vocabulary(slug: str) -> None:
    rows, _ = parsed(slug)
    assert rows
    for row in rows:
        assert row["role"] in ("owner", "lead")
        assert row["org_code_system"] in (None, "ODS", "GSS")
        assert row["resolution"] in ("cell", "abbreviation", "context", "none")
        assert 0.0 < row["confidence"] <= 1.0
        assert row["raw"]
        assert (row["org_code"] is None) == (row["org_code_system"] is None)


# --------------------------------------------------------------------------- splitter


def context_for(area: str, text: str = "") -> OwnerContext:
    return owner_context(area, text)


def owners(cell: str, context: OwnerContext) -> list[list[tuple[str | None, ...]]]:
    return [[(r["person"], r["job_title"], r["organisation"], r["org_code"]) for r in rows]
            for rows in parse_owner_cell(cell, context=context)]


STOKE = "Stoke-on-Trent"


def test_split_five_ceos() -> None:
    got = owners("CEO, UHNM CEO, SSOTP CEO, NSCHT AO, CCG City Director, SOTCC",
                 context_for(STOKE))
    assert [o[0][1:] for o in got] == [
        ("CEO", "University Hospitals of North Midlands NHS Trust", "RJE"),
        ("CEO", "Staffordshire and Stoke on Trent Partnership NHS Trust", "R1E"),
        ("CEO", "North Staffordshire Combined Healthcare NHS Trust", "RLY"),
        ("AO", "NHS Stoke on Trent CCG", "05W"),
        ("City Director", "Stoke-on-Trent City Council", "E06000021"),
    ]


def test_one_person_two_ccgs() -> None:
    got = owners("Mark Seaton, Managing Director- North Staffordshire & Stoke on Trent CCGs",
                 context_for(STOKE))
    assert got == [[
        ("Mark Seaton", "Managing Director", "NHS North Staffordshire CCG", "05G"),
        ("Mark Seaton", "Managing Director", "NHS Stoke on Trent CCG", "05W"),
    ]]


def test_org_first_then_person_and_title() -> None:
    got = owners("SOTCC Karen Capewell, Strategic Manager Safeguarding Quality and Commissioning",
                 context_for(STOKE))
    assert got == [[("Karen Capewell", "Strategic Manager Safeguarding Quality and Commissioning",
                     "Stoke-on-Trent City Council", "E06000021")]]


def test_title_then_org() -> None:
    got = owners("Assistant Director- Commissioning Health and Social Care, SOTCC",
                 context_for(STOKE))
    assert got == [[(None, "Assistant Director-Commissioning Health and Social Care",
                     "Stoke-on-Trent City Council", "E06000021")]]


def test_two_people_slash_and_run_together() -> None:
    ctx = context_for("Halton")
    assert [o[0][0] for o in owners("Jan Ross/ Amanda Farrell", ctx)] == ["Jan Ross",
                                                                           "Amanda Farrell"]
    assert [o[0][0] for o in owners("Neil Holland Diane Stafford", ctx)] == ["Neil Holland",
                                                                              "Diane Stafford"]
    assert [o[0][0] for o in owners("Jan Ross\nDiane Stafford", ctx)] == ["Jan Ross",
                                                                           "Diane Stafford"]


def test_bare_generic_words_resolve_in_the_plans_area() -> None:
    assert owners("Director of Commissioning, CCG", context_for(STOKE))[0][0][2:] == (
        "NHS Stoke on Trent CCG", "05W")
    assert owners("Director of Commissioning, CCG", context_for("Halton"))[0][0][2:] == (
        "NHS Halton CCG", "01F")
    assert owners("Chair, City Council", context_for("Halton"))[0][0][2:] == (
        "Halton Borough Council", "E06000006")
    # an area the gazetteer does not know: nothing is guessed
    assert owners("Director of Commissioning, CCG", context_for("Nowhere"))[0][0][2:] == (
        None, None)


def test_officer_takes_organisation_from_membership_list() -> None:
    text = ("Working group members:\n"
            "- Warrington & Halton Hospitals NHS Foundation Trust;\n"
            " - o Lucy Cunliffe, Transformation and Delivery Manager\n"
            " - Jan Ross, Acting Chief Operating Officer\n")
    ctx = context_for("Halton", text)
    assert owners("Jan Ross", ctx) == [[("Jan Ross", "Acting Chief Operating Officer",
                                         "Warrington and Halton Hospitals NHS Foundation Trust",
                                         "RWW")]]
    assert owners("Ross - WHH", ctx)[0][0][0] == "Jan Ross"


def test_groups_and_placeholders_are_kept() -> None:
    ctx = context_for(STOKE)
    assert owners("All partners", ctx) == [[(None, "All partners", None, None)]]
    assert owners("TBC", ctx) == [[(None, None, None, None)]]
    rows = parse_owner_cell("TBC", context=ctx)[0]
    assert rows[0]["raw"] == "TBC" and rows[0]["confidence"] < 0.5


# Made-up cells in the style of other areas' plans (not from the seed corpus).
@pytest.mark.parametrize(("area", "cell", "expected"), [
    ("Halton", "Chief Executive, Halton Borough Council / Accountable Officer, Halton CCG",
     [(None, "Chief Executive", "Halton Borough Council"),
      (None, "Accountable Officer", "NHS Halton CCG")]),
    ("Halton",
     "Dr. Jane Smith, Medical Director, St Helens & Knowsley Teaching Hospitals NHS Trust",
     [("Dr. Jane Smith", "Medical Director",
       "St Helens and Knowsley Teaching Hospitals NHS Trust")]),
    ("Stoke-on-Trent", "Deputy Director of Nursing and Head of Safeguarding, UHNM",
     [(None, "Deputy Director of Nursing", "University Hospitals of North Midlands NHS Trust"),
      (None, "Head of Safeguarding", "University Hospitals of North Midlands NHS Trust")]),
    ("Halton", "Peter Brown and Mary Jones - NHSE",
     [("Peter Brown", None, None), ("Mary Jones", None, "NHS England")]),
    ("Halton", "Programme Lead, LGA; Chair of the HWBB",
     [(None, "Programme Lead", "Local Government Association"),
      (None, "Chair", "Halton Health and Wellbeing Board")]),
])
def test_made_up_cells(area: str, cell: str, expected: list[tuple]) -> None:
    got = [o[0][:3] for o in owners(cell, context_for(area))]
    assert got == expected


def test_gazetteer_one_row_per_organisation_and_codes_have_systems() -> None:
    orgs = load_gazetteer()
    assert len({o.name for o in orgs}) == len(orgs)
    for org in orgs:
        assert (org.code is None) == (org.code_system is None), org.name
        if org.code_system == "GSS":
            assert re.fullmatch(r"E\d{8}", org.code or ""), org.name
    assert default_gazetteer_path().is_file()
