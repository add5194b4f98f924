"""One fresh build shared by the analyst-command tests: the corpus and the constructed V18.

`tests/fixtures/versions/` holds an earlier Stoke-on-Trent issue constructed by hand for testing
(its README lists every change). The build runs once per test session into a temporary folder
(compare stage included), so query, warnings, export and diff all read a real dataset.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from rich.console import Console

from actionplans.compare.stage import run_compare
from actionplans.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
VERSIONS = ROOT / "tests" / "fixtures" / "versions"
V18 = VERSIONS / "stoke-on-trent-improvement-plan-v18-2018-02-19.txt"


@cache
def versions_dataset() -> Path:
    """corpus/ (Halton, Stoke-on-Trent V19) + V18, built and compared; read-only for tests."""
    root = Path(tempfile.mkdtemp(prefix="actionplans-analysis-"))
    atexit.register(shutil.rmtree, root, True)
    out = root / "outputs"
    report = build([CORPUS, V18], out)
    assert not report.errors, report.errors
    run_compare(out, Console(quiet=True))
    return out
