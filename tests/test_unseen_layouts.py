"""Plans in layout families the pipeline has not seen, read "first time" with no code for them.

One fixture per family (tests/fixtures/unseen/README.md describes them), each with goldens a
person wrote by reading the document. The test prints every differing field and the accuracy,
then asserts that everything is equal. Comparison rules are those of test_golden_actions.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from actionplans.extract.errors import DocumentError
from actionplans.pipeline import process_document

from .test_golden_actions import canonical

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
GOLDEN_FIELDS = (
    "theme_id",
    "theme_title",
    "action_text_start",
    "owner_raw",
    "due_date",
    "revised_date",
    "rag",
    "rag_previous",
    "status",
)
DOCUMENT_FIELDS = ("area", "plan_date", "version")
TEXT_WORDS = 6  # action_text_start is the first six words of the action text


def _fixtures() -> list[Path]:
    """Every document in the folder that has both golden files (boardpaper* is tested apart)."""
    found = []
    for golden in sorted(UNSEEN.glob("*.golden.json")):
        stem = golden.name.removesuffix(".golden.json")
        if stem.startswith("boardpaper"):
            continue
        docs = [p for p in UNSEEN.glob(f"{stem}.*") if not p.name.startswith(f"{stem}.golden.")]
        assert len(docs) == 1, f"{golden.name}: expected one document named {stem}.*, got {docs}"
        assert (UNSEEN / f"{stem}.golden.csv").exists(), f"{stem}.golden.csv missing"
        found.append(docs[0])
    return found


def _got_field(action: dict, name: str) -> str:
    if name == "action_text_start":
        return canonical(" ".join(str(action.get("action_text") or "").split()[:TEXT_WORDS]))
    if name not in action:
        return "<no such field>"
    return canonical(action[name])


def _compare(path: Path) -> tuple[list[tuple[str, str, str, str, str]], int, int]:
    """(differences as (where, field, golden, pipeline, source), equal count, total count)."""
    stem = path.name.removesuffix(path.suffix)
    meta = json.loads((UNSEEN / f"{stem}.golden.json").read_text(encoding="utf-8"))
    with open(UNSEEN / f"{stem}.golden.csv", newline="", encoding="utf-8") as fh:
        golden = list(csv.DictReader(fh))
    try:
        result = process_document(path)
        error = None
    except DocumentError as exc:
        error = str(exc)
    if error is not None:
        pytest.fail(f"{path.name}: the pipeline could not read it: {error}", pytrace=False)
    diffs: list[tuple[str, str, str, str, str]] = []
    equal = total = 0

    def check(where: str, name: str, expected: object, actual: object, source: str) -> None:
        nonlocal equal, total
        total += 1
        exp, act = canonical(expected), canonical(actual)
        if exp == act:
            equal += 1
        else:
            diffs.append((where, name, exp, act, source))

    doc = result.tables["documents"][0]
    for name in DOCUMENT_FIELDS:
        check("document", name, meta[name], doc.get(name, "<no such field>"), "title lines")
    got_themes = [(t["theme_id"], t["title"]) for t in result.tables["themes"]]
    want_themes = [(t["theme_id"], t["title"]) for t in meta["themes"]]
    check("document", "theme ids", [t[0] for t in want_themes], [t[0] for t in got_themes], "")
    got_titles = dict(got_themes)
    for theme_id, title in want_themes:
        check(f"theme {theme_id}", "title", title, got_titles.get(theme_id, "<missing theme>"), "")
    actions = result.tables["actions"]
    got_ids = [a["action_id"] for a in actions]
    check("document", "action ids", [g["action_id"] for g in golden], got_ids, "")
    by_id = {a["action_id"]: a for a in actions}
    for g in golden:
        row = by_id.get(g["action_id"])
        for name in GOLDEN_FIELDS:
            actual = _got_field(row, name) if row is not None else "<missing action>"
            check(g["action_id"], name, g[name], actual, g["source"])
    return diffs, equal, total


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.name)
def test_unseen_layout_matches_its_golden_files(path: Path):
    diffs, equal, total = _compare(path)
    print(f"\n{path.name}: field accuracy {equal}/{total} = {equal / total:.1%}")
    if diffs:
        print(f"{'where':<10} {'field':<18} {'golden':<44} {'pipeline':<44} source")
        for where, name, expected, actual, source in diffs:
            print(f"{where:<10} {name:<18} {expected[:44]:<44} {actual[:44]:<44} {source}")
    if diffs:
        message = f"{path.name}: {len(diffs)} field(s) differ from the golden files (see table)"
        pytest.fail(message, pytrace=False)


def test_every_unseen_family_is_present():
    """The five families of the README are all there, each with its goldens."""
    names = {p.name for p in _fixtures()}
    assert names >= {
        "northmoor-improvement-plan.docx",
        "eastbridge-action-plan.pdf",
        "fenwick-recommendations.txt",
        "harbourside-tracker.xlsx",
        "rosewood-house-cqc-action-plan.docx",
    }
