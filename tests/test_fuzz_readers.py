"""Fuzzing (hypothesis, bounded): no exception escapes a reader, the date grammar, the owner
splitter, `pipeline._safe_process` or the guarded worker; everything is a warning or a load
error naming the file.

Examples are derandomised (the same on every run, so CI is stable) and few: each test takes
a few seconds. Mutations of real renditions are byte flips, runs of random bytes and truncations.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplans.extract.errors import DocumentError
from actionplans.extract.model import ExtractedDocument
from actionplans.extract.text import read_text_bytes
from actionplans.failures import LoadFailure
from actionplans.limits import Limits
from actionplans.normalise.dates import DateReading, read_date
from actionplans.normalise.owners import owner_context, parse_owner_cell
from actionplans.pipeline import DocumentResult, _safe_process
from actionplans.worker import run_guarded

from .hostile_files import EXAMPLESHIRE, HALTON_DOCX, HALTON_PDF

BOUNDED = settings(deadline=None, database=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Words real plans put in date, owner and text cells (CQC local system review plans 2017-18,
# providers' post-inspection action plans), shuffled into cells the grammar has never seen.
DATE_WORDS = ["31/03/18", "31.3.18", "March 2018", "End of March 2018", "Q3 2017/18", "Q4",
              "2018/19", "Oct 17", "Ongoing", "TBC", "Complete", "Winter 2017", "Sept-18",
              "By end of Q2", "1st April 2018", "Apr-Jun 2018", "Revised:", "w/c 12 Feb",
              "30th", "2017-18", "now", "-", "/", "(", ")", "and", "then", "0", "99", "2099"]
OWNER_WORDS = ["Director of Adult Social Care", "CCG", "Jo Bloggs", "Ann Smith", "/", "&", ",",
               "and", "NHS Exampleshire CCG", "Exampleshire Council", "Chief Nurse", "Lead:",
               "Responsible officer", "(", ")", "Head of Commissioning", "STP", "All partners",
               "Trust", "Dr", "Mrs", "\n", ";", "Registered Manager", "Deputy"]
REFERENCE = date(2018, 1, 5)


def _phrase(words: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(words) | st.text(max_size=6), max_size=8).map(" ".join)


@settings(BOUNDED, max_examples=60)
@given(st.binary(max_size=3000))
def test_text_reader_on_any_bytes(data: bytes):
    try:
        doc = read_text_bytes(data, "fuzz.txt")
    except DocumentError as exc:
        assert exc.path == "fuzz.txt" and exc.reason
    else:
        assert isinstance(doc, ExtractedDocument)


@settings(BOUNDED, max_examples=300)
@given(_phrase(DATE_WORDS) | st.text(max_size=40))
def test_date_grammar_never_raises(text: str):
    reading = read_date(text, reference=REFERENCE)
    assert isinstance(reading, DateReading)


@pytest.fixture(scope="module")
def context():
    return owner_context("Exampleshire", EXAMPLESHIRE.read_text(encoding="utf-8"))


@settings(BOUNDED, max_examples=120)
@given(text=_phrase(OWNER_WORDS) | st.text(max_size=60))
def test_owner_splitter_never_raises(context, text: str):
    groups = parse_owner_cell(text, context=context)
    assert isinstance(groups, list)


def _mutate(data: bytes, seed: int, kind: str) -> bytes:
    rng = random.Random(seed)
    if kind.startswith("xml"):  # inside the package: the XML parser meets the damage
        if not data.startswith(b"PK"):
            return _mutate(data, seed, "flip")
        return _mutate_part(data, "word/document.xml", seed, kind.removeprefix("xml-"))
    if kind == "truncate":
        return data[: rng.randrange(1, len(data))]
    out = bytearray(data)
    if kind == "flip":
        for _ in range(rng.randint(1, 40)):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    else:  # a run of random bytes over the middle (a damaged download)
        start = rng.randrange(len(out))
        n = rng.randint(1, 512)
        out[start:start + n] = rng.randbytes(n)
    return bytes(out)


def _mutate_part(package: bytes, name: str, seed: int, kind: str) -> bytes:
    source, out = io.BytesIO(package), io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, _mutate(data, seed, kind) if info.filename == name else data)
    return out.getvalue()


MUTATIONS = st.tuples(st.integers(0, 2**32), st.sampled_from(
    ["flip", "run", "truncate", "xml-flip", "xml-run", "xml-truncate"]))


def _check(result: object, path: Path) -> None:
    assert isinstance(result, DocumentResult | LoadFailure), result
    if isinstance(result, LoadFailure):
        assert result.path == str(path) and result.reason and "\n" not in result.reason
        assert result.stage in ("read", "map", "normalise", "limit")


@settings(BOUNDED, max_examples=25)
@given(MUTATIONS)
def test_mutated_text_plans_through_safe_process(tmp_path_factory, mutation):
    path = tmp_path_factory.mktemp("fuzz") / "plan.txt"
    path.write_bytes(_mutate(EXAMPLESHIRE.read_bytes(), *mutation))
    _check(_safe_process((str(path), None)), path)


@settings(BOUNDED, max_examples=20)
@given(MUTATIONS)
def test_mutated_docx_through_safe_process(tmp_path_factory, mutation):
    path = tmp_path_factory.mktemp("fuzz") / "plan.docx"
    path.write_bytes(_mutate(HALTON_DOCX.read_bytes(), *mutation))
    _check(_safe_process((str(path), None)), path)


@settings(BOUNDED, max_examples=4)
@given(MUTATIONS)
def test_mutated_pdf_and_docx_in_the_guarded_worker(tmp_path_factory, mutation):
    folder = tmp_path_factory.mktemp("fuzz")
    for source in (HALTON_PDF, HALTON_DOCX):
        path = folder / f"plan{source.suffix}"
        path.write_bytes(_mutate(source.read_bytes(), *mutation))
        _check(run_guarded(str(path), limits=Limits(timeout=60)), path)
