"""A long PDF's pages read in two processes when two cores are free.

Why: pdfminer parses a page's content stream in pure Python (over half of a PDF's reading
time) and one document uses one core. A page is read on its own (objects, words, ruled
tables, fills; `pdf._scan_page`), so pages can be split: a forked child reads every second
page from its own handle on the file (a forked handle shares its file offset with the parent,
so it is never used) and sends back its pages in one pickle, while this process reads the
others; results are merged in page order, so output is identical to a one-process read.
Anything wrong in the child (an exception, a kill, memory) only means this process reads
those pages itself: errors are then raised from here, as in a one-process read.

The child dies with its reader (PR_SET_PDEATHSIG), so a document killed over its time limit
leaves nothing behind, and it inherits the worker's memory cap. How many processes:
`PAGE_PROCESSES` (a context variable the worker sets from `Limits.page_processes`; 0 = auto:
two when this process may run on two cores and the document has `MIN_PAGES` pages or more).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar

MIN_PAGES = 6  # below this the fork, second open and pickle cost more than they save
PAGE_PROCESSES: ContextVar[int] = ContextVar("actionplans_pdf_page_processes", default=0)
_PR_SET_PDEATHSIG = 1

T = TypeVar("T")


def processes_for(page_count: int) -> int:
    """How many processes read a document of `page_count` pages (1 or 2)."""
    wanted = PAGE_PROCESSES.get()
    if wanted == 1 or not hasattr(os, "fork"):
        return 1
    if wanted == 0 and page_count < MIN_PAGES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 if (cores or 1) >= 2 and page_count >= 2 else 1


def scan_pages(path: str, pdf: Any, scan: Callable[[Any, Sequence[int]], list[T]]) -> list[T]:
    """`scan(pdf, page_numbers)` over every page (1-based), in page order, in one or two
    processes. `scan` returns one picklable result per page, in the order of its numbers."""
    count = len(pdf.pages)
    numbers = list(range(1, count + 1))
    if processes_for(count) < 2:
        return scan(pdf, numbers)
    mine, theirs = numbers[0::2], numbers[1::2]
    child = _fork_scan(path, scan, theirs)
    if child is None:
        return scan(pdf, numbers)
    pid, fd = child
    try:
        own = scan(pdf, mine)
    except BaseException:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        os.close(fd)
        _reap(pid)
        raise
    data = _read_all(fd)
    _reap(pid)
    other = _unpickle(data)
    if other is None or len(other) != len(theirs):
        other = scan(pdf, theirs)  # the child failed: read its pages here (and raise here)
    merged = dict(zip(mine, own, strict=True)) | dict(zip(theirs, other, strict=True))
    return [merged[n] for n in numbers]


def _fork_scan(path: str, scan: Callable[[Any, Sequence[int]], list[T]],
               numbers: Sequence[int]) -> tuple[int, int] | None:
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid:
        os.close(write_fd)
        return pid, read_fd
    # ---- the child: never returns
    code = 1
    try:
        os.close(read_fd)
        _die_with(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            payload = pickle.dumps(("ok", scan(pdf, numbers)), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
        code = 0
    except BaseException:  # anything: the parent reads these pages itself
        code = 1
    finally:
        os._exit(code)


def _die_with(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _read_all(fd: int) -> bytes:
    chunks = []
    with os.fdopen(fd, "rb") as stream:
        while chunk := stream.read(1 << 20):
            chunks.append(chunk)
    return b"".join(chunks)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _unpickle(data: bytes) -> list[Any] | None:
    try:
        status, value = pickle.loads(data)
    except Exception:  # an empty or cut stream: the child died
        return None
    return value if status == "ok" else None
