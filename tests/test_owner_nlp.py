"""The owner pipeline without spaCy (normalise/owner_nlp.py) against spaCy itself.

owner_nlp applies spaCy's English tokenizer rules and EntityRuler matching in plain Python so
that a run never imports spaCy; these tests build the spaCy pipeline the way owners.py used to
(spacy.blank("en"), the same affix additions, two entity rulers with the same patterns) and
require the same tokens (text, trailing space, lower case, the is_* flags) and the same
entities (span, label, id) on every line and cell of the fixture plans, on owner cells in the
forms real plans write, and on random strings built from the characters that exercise the
rules. The rules' cache on disk is checked too: reused, rebuilt when damaged, and optional.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplans.extract.errors import DocumentError
from actionplans.extract.registry import read_document
from actionplans.normalise import owner_rules, owners
from actionplans.normalise.owner_nlp import Pipeline

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

# Owner and lead cells in the forms CQC local system review and provider action plans use.
OWNER_CELLS = [
    "Sue Wallace-Bonner, Director of Adult Social Care, HBC / CEO, UHNM",
    "Managing Director- North Staffordshire & Stoke on Trent CCGs",
    "Accountable Officer and Director of Commissioning, CCG",
    "SRO / CEO, NSCHT; Chief Nurse (UHNM)",
    "Registered Manager – Rosewood House",
    "Responsible officer: Dr. A. Patel, Clinical Director (NHS Halton CCG)",
    "Head of Comm. & Snr Comm Manager",
    "Lead: H&WB Board / HWBB; Healthwatch",
    "Director of Public Health, Stoke-on-Trent City Council (SOTCC)",
    "Mr J O'Neill & Mrs K McDonald - Deputy Chief Executive's office",
    "e.g. the LA's Safeguarding Lead, 10km radius, www.halton.gov.uk, n/a",
    "Chair of the Alliance Board\tBy when: Q3 2018/19",
    "Can't  confirm  yet :) — TBC",
]


@cache
def reference():
    """The spaCy pipeline owners.py built before owner_nlp, with the replica's patterns."""
    import spacy
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    ours = owners.build_nlp()
    extras = owners.TOKENIZER_EXTRAS
    nlp = spacy.blank("en")
    d = nlp.Defaults
    nlp.tokenizer.prefix_search = compile_prefix_regex([*d.prefixes, *extras.prefixes]).search
    nlp.tokenizer.suffix_search = compile_suffix_regex([*d.suffixes, *extras.suffixes]).search
    nlp.tokenizer.infix_finditer = compile_infix_regex([*d.infixes, *extras.infixes]).finditer
    names = nlp.add_pipe("entity_ruler", name="names_ruler",
                         config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    abbrs = nlp.add_pipe("entity_ruler", name="abbreviations_ruler",
                         config={"overwrite_ents": False})
    names.add_patterns(ours.rulers[0].patterns)
    abbrs.add_patterns(ours.rulers[1].patterns)
    return nlp, ours


def reading(doc) -> tuple[list[tuple], list[tuple]]:
    tokens = [(t.text, t.whitespace_, t.lower_, t.is_alpha, t.is_upper, t.is_space, t.is_punct)
              for t in doc]
    ents = [(e.start, e.end, e.label_, e.ent_id_, e.text) for e in doc.ents]
    return tokens, ents


def assert_same(texts: list[str]) -> None:
    nlp, ours = reference()
    differ = [t for t in texts if reading(nlp(t)) != reading(ours(t))]
    assert not differ, "\n".join(
        f"{t!r}\n  spaCy: {reading(nlp(t))}\n  ours:  {reading(ours(t))}" for t in differ[:5])


@cache
def fixture_texts() -> list[str]:
    """Every line and tab-separated cell of the fixture plans (text, Word, sheets)."""
    texts: set[str] = set()
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix.lower() not in {".txt", ".md", ".docx", ".xlsx", ".csv"} or \
                "bad" in path.parts:
            continue
        try:
            doc = read_document(path)
        except DocumentError:  # a deliberately broken fixture: nothing to compare
            continue
        for line in doc.full_text.split("\n"):
            texts.add(line)
            texts.update(line.split("\t"))
    return sorted(texts)


def test_tokens_and_entities_match_spacy_on_the_fixture_plans():
    texts = fixture_texts()
    assert len(texts) > 1000
    assert_same(texts)


def test_tokens_and_entities_match_spacy_on_owner_cells():
    assert_same(OWNER_CELLS)


PIECES = [*"abcXYZ019 -–—/.,;:()'’\"&@$£%+!?\n\t\u00a0", "e.g.", "Dr.", "CCG", "Director",
          "Stoke-on-Trent", "Chief Executive", "n't", ":)", "www.nhs.uk", "10km", "CEO", "U.S.",
          "HWBB", "Mr", "Can't", "'s", "…", "•", "é", "Halton", "NHS", "Council", "  "]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=20))
def test_tokens_and_entities_match_spacy_on_random_strings(pieces):
    assert_same(["".join(pieces)])


def test_the_rules_cache_is_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ACTIONPLANS_CACHE", str(tmp_path))
    first = owner_rules.load_rules(owners.TOKENIZER_EXTRAS)
    assert len(list(tmp_path.glob("spacy-tokenizer-*.json"))) == 1

    def no_spacy(extras):
        raise AssertionError("spaCy read again although the cache holds the rules")

    monkeypatch.setattr(owner_rules, "_read_from_spacy", no_spacy)
    again = owner_rules.load_rules(owners.TOKENIZER_EXTRAS)
    assert again.specials == first.specials
    for name in ("prefix", "suffix", "infix", "url"):
        assert getattr(again, name) == getattr(first, name)  # same flags and engine code


def test_compiled_rules_equal_the_expressions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ACTIONPLANS_CACHE", str(tmp_path))
    rules = owner_rules.load_rules(owners.TOKENIZER_EXTRAS)
    for name in ("prefix", "suffix", "infix", "url"):
        pattern = getattr(rules, name)
        assert pattern == re.compile(pattern.pattern, pattern.flags), name


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ACTIONPLANS_CACHE", str(tmp_path))
    owner_rules.load_rules(owners.TOKENIZER_EXTRAS)
    (cached,) = tmp_path.glob("spacy-tokenizer-*.json")
    cached.write_text('{"key": "', encoding="utf-8")
    rules = owner_rules.load_rules(owners.TOKENIZER_EXTRAS)
    assert rules.specials["can't"] == ("ca", "n't")
    assert cached.read_text(encoding="utf-8").startswith('{"key": "')
    assert len(cached.read_text(encoding="utf-8")) > 1000


def test_a_cache_folder_that_cannot_be_written_is_not_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("ACTIONPLANS_CACHE", str(blocker / "cache"))
    rules = owner_rules.load_rules(owners.TOKENIZER_EXTRAS)
    nlp, ours = reference()
    fresh = Pipeline(rules)
    for ruler in ours.rulers:
        fresh.add_ruler(ruler.name, phrase_attr=ruler.phrase_attr,
                        overwrite=ruler.overwrite).add_patterns(ruler.patterns)
    for text in OWNER_CELLS:
        assert reading(fresh(text)) == reading(nlp(text))
    assert not (blocker / "cache").exists()
