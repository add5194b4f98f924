"""What each entry point imports (never how long it takes: the machine decides that).

`actionplans --help` and the building process must not load the readers' libraries, spaCy
or pandas; a worker reading a text plan must not load the PDF, Word or spreadsheet stacks or
pyarrow; and owners are read without importing spaCy once its rules are cached.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from actionplans.normalise import owner_rules, owners

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("spacy", "pandas", "pdfplumber", "pdfminer", "docx", "openpyxl", "duckdb", "pyarrow",
         "numpy", "rich")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A rules cache filled by this process (spaCy read here, once), for the probes."""
    folder = tmp_path_factory.mktemp("cache")
    saved = os.environ.get("ACTIONPLANS_CACHE")
    os.environ["ACTIONPLANS_CACHE"] = str(folder)
    try:
        owner_rules.load_rules(owners.TOKENIZER_EXTRAS)
    finally:
        if saved is None:
            del os.environ["ACTIONPLANS_CACHE"]
        else:
            os.environ["ACTIONPLANS_CACHE"] = saved
    return folder


def loaded_after(code: str, cache: Path) -> list[str]:
    probe = (f"{code}\nimport json, sys\n"
             f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    env = {**os.environ, "ACTIONPLANS_CACHE": str(cache)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_help_loads_nothing_heavy(cache: Path):
    code = ("import contextlib, io\nfrom actionplans.cli import main\n"
            "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['--help'])")
    assert loaded_after(code, cache) == []  # rich too: it is imported only to print


def test_the_pipeline_module_loads_nothing_heavy(cache: Path):
    assert loaded_after("import actionplans.pipeline", cache) == []


def test_a_text_plan_is_processed_without_the_other_readers_or_spacy(cache: Path):
    plan = ROOT / "tests" / "fixtures" / "plans" / "exampleshire-action-plan.txt"
    loaded = loaded_after(f"from actionplans.pipeline import process_document\n"
                          f"process_document({str(plan)!r})", cache)
    assert not {"spacy", "pandas", "pdfplumber", "docx", "openpyxl", "pyarrow",
                "numpy"} & set(loaded)


def test_a_command_line_build_keeps_pandas_out(tmp_path: Path, cache: Path):
    plan = ROOT / "tests" / "fixtures" / "plans" / "exampleshire-action-plan.txt"
    code = ("import sys\nfrom actionplans.cli import main\n"
            f"sys.argv = ['actionplans', 'build', {str(plan)!r}, '--out', "
            f"{str(tmp_path / 'out')!r}, '--quiet', '--no-compare']\n"
            "assert main() == 0")
    loaded = loaded_after(code, cache)
    assert "pyarrow" in loaded and "pandas" not in loaded
    assert "numpy" not in loaded and "rich" not in loaded  # --no-compare, --quiet
    assert (tmp_path / "out" / "actions").is_dir()


def test_a_build_without_numpy_writes_what_a_build_with_it_writes(tmp_path: Path, cache: Path):
    """The command line keeps numpy out of a --no-compare build; pyarrow must then write the
    same values as in a process that has numpy (a library caller's)."""
    import pyarrow.dataset as ds

    plan = ROOT / "tests" / "fixtures" / "renditions" / "halton-action-plan-2018-02-21.docx"
    env = {**os.environ, "ACTIONPLANS_CACHE": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    cli = ("import sys\nfrom actionplans.cli import main\n"
           f"sys.argv = ['actionplans', 'build', {str(plan)!r}, '--out', "
           f"{str(tmp_path / 'cli')!r}, '--quiet', '--no-compare']\n"
           "assert main() == 0\nassert 'numpy' not in sys.modules")
    library = ("import numpy\nfrom actionplans.pipeline import build\n"
               f"build([{str(plan)!r}], {str(tmp_path / 'library')!r})")
    for code in (cli, library):
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    tables = sorted(p.name for p in (tmp_path / "cli").iterdir() if p.is_dir())
    assert "actions" in tables and "owners" in tables
    for table in tables:
        got, expected = (ds.dataset(tmp_path / side / table, format="parquet",
                                    partitioning="hive").to_table() for side in ("cli", "library"))
        assert got.schema == expected.schema, table
        assert got.to_pylist() == expected.to_pylist(), table
