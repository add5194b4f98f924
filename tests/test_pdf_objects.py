"""extract/pdf_objects.py builds pdfplumber's page objects faster; they must be the same.

Every object dict of every page of the fixture PDFs (ruled and unruled renditions, board
papers, a borderless table) is compared with pdfplumber's own `Page.parse_objects`: same object
types, same objects in the same order, same keys in the same order, same values.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from actionplans.extract.pdf_objects import page_objects

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted(
    p for p in (ROOT / "tests" / "fixtures").rglob("*.pdf")
    if "bad" not in p.parts and "stoke-on-trent" not in p.name  # 27 pages: the same producer
)


def shape(objects: dict[str, list[dict]]) -> list[tuple[str, list[list[str]]]]:
    return [(kind, [list(obj) for obj in objs]) for kind, objs in objects.items()]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_page_objects_are_pdfplumbers(path: Path):
    with pdfplumber.open(path) as ours, pdfplumber.open(path) as theirs:
        for mine, reference in zip(ours.pages, theirs.pages, strict=True):
            got, expected = page_objects(mine), reference.objects
            assert shape(got) == shape(expected), f"page {mine.page_number}: keys or order"
            assert got == expected, f"page {mine.page_number}: values"
            assert mine.chars == reference.chars  # what pdfplumber builds on them agrees
            mine.close()
            reference.close()


def test_objects_are_cached_where_pdfplumber_looks(tmp_path: Path):
    path = next(p for p in PDFS if "halton" in p.name)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        objects = page_objects(page)
        assert page.objects is objects
        assert page_objects(page) is objects
