"""Hostile files in a folder of good ones: each is one line and one load_errors row; the good
plans load; nothing prints a traceback.

The files are made on the fly (tests/hostile_files.py): a PDF whose objects point at each
other (pdfminer loops in `resolve1` for ever), a zip bomb .docx (300 MiB of zeros in 360 KB), a
.docx with one 20 MiB member deflated 1,000 to 1, a 2,000-page PDF, a "billion laughs" entity
bomb in word/document.xml, and a plan whose file name and theme heading are console markup.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from actionplans.cli import main
from actionplans.limits import Limits, MiB, check_zip
from actionplans.pipeline import build

from .conftest import CORPUS, ROOT
from .hostile_files import (
    EXAMPLESHIRE,
    HALTON_DOCX,
    entity_bomb_docx,
    looping_pdf,
    many_pages_pdf,
    with_extra_member,
    workers_of,
)

HALTON_TXT = CORPUS / "halton-action-plan-2018-02-21.txt"
MARKUP_NAME = "exampleshire [red] plan [bold].txt"  # a name cannot hold "/": no "[/red]"
BAD_MARKUP_NAME = "board [red]minutes[bold].docx"


def _markup_plan(folder: Path) -> Path:
    """Exampleshire's plan under a name of console markup, with a theme heading of markup
    ("Priority 1 – Leadership" becomes "Priority 1 – Leadership [/red] and [/i]culture")."""
    text = EXAMPLESHIRE.read_text(encoding="utf-8")
    assert "Priority 1 – Leadership\n" in text
    path = folder / MARKUP_NAME
    path.write_text(text.replace("Priority 1 – Leadership\n",
                                 "Priority 1 – Leadership [/red] and [/i]culture\n"),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> tuple[Path, Path, int, str, str]:
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copy(HALTON_TXT, folder / "a-halton.txt")
    _markup_plan(folder)
    looping_pdf(folder / "loop.pdf")
    with_extra_member(folder / "zip-bomb.docx", HALTON_DOCX, "customXml/item9.xml", 300 * MiB)
    with_extra_member(folder / "ratio-bomb.docx", HALTON_DOCX, "word/media/blob.bin", 20 * MiB)
    many_pages_pdf(folder / "appendices.pdf", 2000)
    entity_bomb_docx(folder / "laughs.docx")
    (folder / BAD_MARKUP_NAME).write_bytes(b"minutes of the meeting, not a Word file")
    out = tmp_path_factory.mktemp("out")
    err, std = io.StringIO(), io.StringIO()
    wide = pytest.MonkeyPatch()
    wide.setenv("COLUMNS", "400")  # rich tables unwrapped, so their cells can be searched
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
            code = main(["build", str(folder), "--out", str(out), "--timeout", "5"])
    finally:
        wide.undo()
    return folder, out, code, err.getvalue(), std.getvalue()


def test_each_hostile_file_is_one_line_and_the_good_plans_load(hostile_build):
    _folder, out, code, err, std = hostile_build
    assert code == 1  # some failed, the rest written
    assert "Traceback" not in err + std
    lines = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    by_file = {Path(ln.split(": ", 2)[1]).name: ln for ln in lines}
    assert sorted(by_file) == ["appendices.pdf", BAD_MARKUP_NAME, "laughs.docx", "loop.pdf",
                               "ratio-bomb.docx", "zip-bomb.docx"], err
    assert "time limit of 5 s exceeded" in by_file["loop.pdf"]
    assert "unpacks to 300.9 MiB" in by_file["zip-bomb.docx"]
    assert "over the limit of 200 MiB (--max-unzipped)" in by_file["zip-bomb.docx"]
    assert "expands 1,0" in by_file["ratio-bomb.docx"]
    assert "more than 500 pages (--max-pages)" in by_file["appendices.pdf"]
    assert by_file["laughs.docx"].endswith(
        "part 'word/document.xml' contains a DOCTYPE declaration; refused (XML entity "
        "expansion risk)")
    documents = pq.read_table(out / "documents").to_pandas()
    assert sorted(documents["area"]) == ["Exampleshire", "Halton"]


def test_load_errors_table_has_one_row_per_hostile_file(hostile_build):
    _folder, out, *_ = hostile_build
    rows = pq.read_table(out / "load_errors").to_pandas().sort_values("path")
    assert [Path(p).name for p in rows["path"]] == [
        "appendices.pdf", BAD_MARKUP_NAME, "laughs.docx", "loop.pdf", "ratio-bomb.docx",
        "zip-bomb.docx"]
    got = dict(zip((Path(p).name for p in rows["path"]),
                   zip(rows["stage"], rows["error_type"], strict=True), strict=True))
    assert got == {
        "appendices.pdf": ("limit", "PageLimit"),
        BAD_MARKUP_NAME: ("read", "DocumentError"),
        "laughs.docx": ("read", "DocumentError"),
        "loop.pdf": ("limit", "TimeLimit"),
        "ratio-bomb.docx": ("limit", "ZipRatioLimit"),
        "zip-bomb.docx": ("limit", "UnzippedSizeLimit"),
    }
    assert rows["sha256"].str.len().eq(64).all()
    assert rows["occurred_at"].notna().all()


def test_markup_in_names_and_headings_is_printed_as_text(hostile_build):
    folder, out, _code, err, std = hostile_build
    themes = pq.read_table(out / "themes").to_pandas()
    assert "Leadership [/red] and [/i]culture" in set(themes["title"])
    docs = pq.read_table(out / "documents").to_pandas()
    assert any(p.endswith(MARKUP_NAME) for p in docs["source_path"])
    assert "Leadership [/red] and [/i]culture" in std  # in the crosswalk, as written
    assert f"{folder / BAD_MARKUP_NAME}: not a Word .docx file" in err  # the name as it is
    assert main(["compare", "--out", str(out)]) == 0  # every later compare too


def test_a_memory_bomb_is_stopped_by_the_cap_and_the_next_plan_loads(tmp_path: Path):
    """A 200 MB text file with a 128 MiB cap: MemoryError in the worker, reported as the limit;
    the worker is replaced and the plan after it loads."""
    big = tmp_path / "a-huge.txt"
    row = b"1.1\tAgree joint governance\tJo Bloggs\tOct 17\tMarch 2018\tGreen\tWorkshop held\n"
    with open(big, "wb") as fh:
        for _ in range(200 * MiB // (len(row) << 14) + 1):
            fh.write(row * (1 << 14))
    shutil.copy(HALTON_TXT, tmp_path / "b-halton.txt")
    report = build([big, tmp_path / "b-halton.txt"], tmp_path / "out",
                   limits=Limits(max_memory=128 * MiB))
    assert [d.area for d in report.documents] == ["Halton"]
    (error,) = report.errors
    assert (error.stage, error.error_type) == ("limit", "MemoryLimit")
    assert str(error) == (f"{big}: memory limit exceeded while reading (--max-memory 128 MiB); "
                          "the file is too large or malformed")


def test_zip_limits_come_from_the_directory_before_anything_is_unpacked(tmp_path: Path):
    bomb = with_extra_member(tmp_path / "b.docx", HALTON_DOCX, "customXml/item9.xml", 30 * MiB)
    check_zip(bomb, Limits(max_unzipped=40 * MiB, max_ratio=2000))  # under both: no error
    with pytest.raises(Exception, match="over the limit of 20 MiB"):
        check_zip(bomb, Limits(max_unzipped=20 * MiB))


def _wait(predicate, timeout: float = 60.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_parent(tmp_path: Path):
    """SIGKILL of the build while its worker is stuck in the looping PDF: the worker goes too."""
    looping_pdf(tmp_path / "loop.pdf")
    proc = subprocess.Popen(
        [sys.executable, "-m", "actionplans.cli", "build", str(tmp_path / "loop.pdf"), "--out",
         str(tmp_path / "out"), "--quiet", "--timeout", "600"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait(lambda: workers_of(proc.pid)), "no worker started"
        (worker,) = workers_of(proc.pid)
        time.sleep(0.5)  # the worker is now looping in pdfminer
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _wait(lambda: not Path(f"/proc/{worker}").exists()
                     or b"Z" in Path(f"/proc/{worker}/stat").read_bytes().split()[2], 10)
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_killed_mid_document_is_one_load_error(tmp_path: Path):
    """The kernel's OOM killer (here: our SIGKILL) takes the worker reading a file: that file
    is a WorkerDied load error and the next document gets a fresh worker."""
    import threading

    from actionplans.worker import run_guarded

    assert run_guarded(str(HALTON_TXT)).action_count == 47  # a worker started and idle
    loop = looping_pdf(tmp_path / "loop.pdf")
    box: list[object] = []
    thread = threading.Thread(target=lambda: box.append(
        run_guarded(str(loop), limits=Limits(timeout=120))))
    thread.start()
    me = os.getpid()
    assert _wait(lambda: workers_of(me), 60)
    time.sleep(1.0)  # the loop has started in the warm worker
    for pid in workers_of(me):  # idle ones die too: the next document gets a new worker
        os.kill(pid, signal.SIGKILL)
    thread.join(60)
    (failure,) = box
    assert failure.error_type == "WorkerDied" and failure.stage == "read"
    assert "killed by SIGKILL" in str(failure)
    assert run_guarded(str(HALTON_TXT)).action_count == 47
