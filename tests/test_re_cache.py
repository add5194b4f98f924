"""actionplans/re_cache.py: expressions compiled by one process, reused by the next.

Each check runs in fresh interpreters (the cache is per process): one that compiles and
stores, then one that loads the stored expressions and compares every one of them with what
Python compiles from the expression itself (CPython's Pattern equality compares the engine
code). A damaged file is ignored and replaced.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

EXPRESSIONS = [r"(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{2,4})",
               r"\b(?:Q[1-4]|quarter\s+[1-4])\s+20\d\d(?:/\d\d)?\b",
               r"^(?:recommendation|priority|theme)\s+(\d+)[:.]?\s*(.*)$"]


def run(code: str, cache: Path) -> str:
    env = {**os.environ, "ACTIONPLANS_CACHE": str(cache)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True)
    return out.stdout.strip()


STORE = f"""
import re
from actionplans import re_cache
for e in {EXPRESSIONS!r}:
    re.compile(e, re.IGNORECASE)
re_cache.remember()
"""

CHECK = """
import json, re
from re import _compiler
from actionplans import re_cache
before = set(re._cache)
re_cache.warm()
loaded = {k: v for k, v in re._cache.items() if k not in before}
same = all(v == _compiler.compile(k[1], k[2]) for k, v in loaded.items())
print(json.dumps([len(loaded), same]))
"""


def test_stored_expressions_equal_freshly_compiled_ones(tmp_path: Path):
    run(STORE, tmp_path)
    (stored,) = tmp_path.glob("re-*.json")
    patterns = json.loads(stored.read_text(encoding="utf-8"))["patterns"]
    assert set(EXPRESSIONS) <= {p["pattern"] for p in patterns}
    loaded, same = json.loads(run(CHECK, tmp_path))
    assert loaded >= len(EXPRESSIONS) and same


def test_a_damaged_file_is_ignored_and_replaced(tmp_path: Path):
    run(STORE, tmp_path)
    (stored,) = tmp_path.glob("re-*.json")
    stored.write_text('{"python": "', encoding="utf-8")
    assert json.loads(run(CHECK, tmp_path)) == [0, True]
    run(STORE, tmp_path)
    assert json.loads(run(CHECK, tmp_path))[0] >= len(EXPRESSIONS)
