"""Exit statuses of `actionplans build`: 0 all loaded, 1 some failed (the rest written), 2 a
usage error found before any work, 130 interrupted (one line, workers stopped)."""

from __future__ import annotations

import contextlib
import io
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from actionplans.cli import main
from actionplans.limits import GiB, Limits, MiB, parse_size

from .conftest import CORPUS, ROOT
from .hostile_files import EXAMPLESHIRE, looping_pdf, workers_of

HALTON = CORPUS / "halton-action-plan-2018-02-21.txt"


def _run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own usage errors
            code = int(exc.code or 0)
    return code, err.getvalue()


def test_all_loaded_is_0_and_some_failed_is_1(tmp_path: Path):
    assert _run(["build", str(HALTON), "--out", str(tmp_path / "a"), "--no-compare"])[0] == 0
    bad = tmp_path / "minutes.pdf"
    bad.write_bytes(b"not a pdf")
    code, err = _run(["build", str(HALTON), str(bad), "--out", str(tmp_path / "b"),
                      "--no-compare", "--quiet"])
    assert code == 1
    assert err.strip() == f"error: {bad}: not a PDF file (no %PDF header)"
    assert list((tmp_path / "b" / "actions").glob("*/*.parquet"))  # the rest written


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--jobs", "0"], "argument --jobs: must be 1 or more, not 0"),
        (["--jobs", "-3"], "argument --jobs: must be 1 or more, not -3"),
        (["--jobs", "two"], "argument --jobs: not a whole number: 'two'"),
        (["--timeout", "0"], "argument --timeout: must be a positive number, not 0"),
        (["--timeout", "nan"], "argument --timeout: must be a positive number, not nan"),
        (["--max-pages", "0"], "argument --max-pages: must be 1 or more, not 0"),
        (["--max-memory", "lots"], "argument --max-memory: not a size: 'lots'"),
        (["--max-memory", "10M"], "--max-memory must be at least 64 MiB"),
        (["--max-unzipped", "1K"], "--max-unzipped must be at least 1 MiB"),
        (["--engine", "spark"], "argument --engine: invalid choice: 'spark'"),
        (["--scheduler", "tcp://localhost:8786"], "--scheduler needs --engine dask"),
    ],
)
def test_bad_flag_values_are_usage_errors(tmp_path: Path, flags: list[str], message: str):
    out = tmp_path / "out"
    code, err = _run(["build", str(HALTON), "--out", str(out), *flags])
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()  # found before any work


def test_an_unwritable_out_is_a_usage_error_before_any_work(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the dataset folder should be")
    code, err = _run(["build", str(HALTON), "--out", str(blocker / "dataset")])
    assert code == 2
    assert f"cannot write to {blocker / 'dataset'}" in err


def test_limits_are_validated_when_made():
    assert Limits().max_memory == 2 * GiB and Limits().max_unzipped == 200 * MiB
    assert parse_size("512M") == 512 * MiB and parse_size("2GiB") == 2 * GiB
    for bad in ({"timeout": -1}, {"timeout": float("inf")}, {"max_pages": 0},
                {"max_memory": 1024}, {"max_ratio": 1}):
        with pytest.raises(ValueError):
            Limits(**bad)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_is_one_line_130_and_stops_the_workers(tmp_path: Path):
    """SIGINT while the worker is stuck in a looping PDF, after two plans were written."""
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(HALTON, folder / "a-halton.txt")
    shutil.copy(EXAMPLESHIRE, folder / "b-exampleshire.txt")
    looping_pdf(folder / "z-loop.pdf")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "actionplans.cli", "build", str(folder), "--out", str(out),
         "--quiet", "--timeout", "600", "--no-compare"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        end = time.monotonic() + 120
        while time.monotonic() < end and proc.poll() is None:
            if len(list(out.glob("actions/*/*.parquet"))) >= 2:
                break
            time.sleep(0.1)
        time.sleep(1.0)  # the worker is now looping in the third file
        workers = workers_of(proc.pid)
        assert workers, "no worker running"
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert stderr.decode().splitlines() == ["interrupted; 2 documents written, workers stopped"]
    assert b"Traceback" not in stdout + stderr
    end = time.monotonic() + 10
    while time.monotonic() < end and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()
                and b" Z " not in Path(f"/proc/{w}/stat").read_bytes()]
