"""A long PDF's pages read in two processes (extract/pdf_pages): the same document as a
one-process read, and a child that fails costs nothing but time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from actionplans.extract import pdf_pages
from actionplans.extract.pdf import read_pdf
from actionplans.extract.pdf_pages import PAGE_PROCESSES, processes_for, scan_pages
from actionplans.limits import Limits

FIX = Path(__file__).parent / "fixtures"
HALTON = FIX / "renditions" / "halton-action-plan-2018-02-21.pdf"  # 10 pages, rows cut by breaks
KESTERMOOR = FIX / "unseen" / "boardpaper-kestermoor-scrutiny-2018-07-04.pdf"  # unruled, 2 pages


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)


def _read(path: Path, processes: int):
    token = PAGE_PROCESSES.set(processes)
    try:
        return read_pdf(path)
    finally:
        PAGE_PROCESSES.reset(token)


@pytest.mark.usefixtures("two_cores")
@pytest.mark.parametrize("path", [HALTON, KESTERMOOR], ids=["ruled", "unruled"])
def test_two_processes_read_the_same_document_as_one(path: Path) -> None:
    one, two = _read(path, 1), _read(path, 2)
    assert two == one
    assert sum(len(t.rows) for t in two.tables) > 5


def test_automatic_uses_two_processes_only_for_a_long_document(two_cores: None) -> None:
    assert processes_for(pdf_pages.MIN_PAGES) == 2
    assert processes_for(pdf_pages.MIN_PAGES - 1) == 1
    token = PAGE_PROCESSES.set(1)
    try:
        assert processes_for(100) == 1
    finally:
        PAGE_PROCESSES.reset(token)


def test_one_core_means_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert processes_for(100) == 1


class _Pages:
    def __init__(self, count: int) -> None:
        self.pages = [None] * count


def _who(pdf, numbers):  # a scan: which process read each page
    return [(n, os.getpid()) for n in numbers]


@pytest.mark.usefixtures("two_cores")
def test_every_second_page_is_read_in_the_child_and_merged_in_page_order() -> None:
    token = PAGE_PROCESSES.set(2)
    try:
        got = scan_pages(str(HALTON), _Pages(10), _who)
    finally:
        PAGE_PROCESSES.reset(token)
    assert [n for n, _ in got] == list(range(1, 11))
    me = os.getpid()
    assert {pid for n, pid in got if n % 2} == {me}
    assert me not in {pid for n, pid in got if n % 2 == 0}


@pytest.mark.usefixtures("two_cores")
@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_failing_child_means_its_pages_are_read_here(how: str) -> None:
    parent = os.getpid()

    def scan(pdf, numbers):
        if os.getpid() != parent:
            if how == "dies":
                os._exit(9)
            raise RuntimeError("child failure")
        return _who(pdf, numbers)

    token = PAGE_PROCESSES.set(2)
    try:
        got = scan_pages(str(HALTON), _Pages(7), scan)
    finally:
        PAGE_PROCESSES.reset(token)
    assert got == [(n, parent) for n in range(1, 8)]


@pytest.mark.usefixtures("two_cores")
def test_an_error_in_this_process_is_raised_and_the_child_reaped() -> None:
    parent = os.getpid()

    def scan(pdf, numbers):
        if os.getpid() == parent:
            raise ValueError("damaged page")
        return _who(pdf, numbers)

    token = PAGE_PROCESSES.set(2)
    try:
        with pytest.raises(ValueError, match="damaged page"):
            scan_pages(str(HALTON), _Pages(8), scan)
    finally:
        PAGE_PROCESSES.reset(token)


def test_page_processes_is_validated() -> None:
    assert Limits(page_processes=2).page_processes == 2
    for bad in (-1, 3, 1.5, "2"):
        with pytest.raises(ValueError, match="page_processes"):
            Limits(page_processes=bad)


@pytest.mark.parametrize(("jobs", "asked", "expected"),
                         [(1, 0, 0), (2, 0, 1), (2, 2, 2), (1, 1, 1)])
def test_a_build_of_several_documents_at_once_reads_each_in_one_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, asked: int,
        expected: int) -> None:
    """Two workers already take the two cores: automatic page processes become one."""
    from actionplans import pipeline

    seen: list[Limits] = []

    def engine(engine, work, limits, jobs, scheduler):  # engine_results' signature
        seen.append(limits)
        return iter(())

    monkeypatch.setattr(pipeline, "engine_results", engine)
    pipeline.build([KESTERMOOR], tmp_path / "out", jobs=jobs,
                   limits=Limits(page_processes=asked))
    assert [limits.page_processes for limits in seen] == [expected]
