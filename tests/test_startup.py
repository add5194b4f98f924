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
    # rich: actionplans/analysis_cli.py imports it at the top to add its subcommands
    assert [m for m in loaded_after(code, cache) if m != "rich"] == []


def test_the_pipeline_module_loads_nothing_heavy(cache: Path):
    assert loaded_after("import actionplans.pipeline", cache) == []


def test_a_text_plan_is_processed_without_the_other_readers_or_spacy(cache: Path):
    plan = ROOT / "tests" / "fixtures" / "plans" / "exampleshire-action-plan.txt"
    loaded = loaded_after(f"from actionplans.pipeline import process_document\n"
                          f"process_document({str(plan)!r})", cache)
    assert not {"spacy", "pandas", "pdfplumber", "docx", "openpyxl", "pyarrow"} & set(loaded)


def test_a_command_line_build_keeps_pandas_out(tmp_path: Path, cache: Path):
    plan = ROOT / "tests" / "fixtures" / "plans" / "exampleshire-action-plan.txt"
    code = ("import sys\nfrom actionplans.cli import main\n"
            f"sys.argv = ['actionplans', 'build', {str(plan)!r}, '--out', "
            f"{str(tmp_path / 'out')!r}, '--quiet', '--no-compare']\n"
            "assert main() == 0")
    loaded = loaded_after(code, cache)
    assert "pyarrow" in loaded and "pandas" not in loaded
    assert (tmp_path / "out" / "actions").is_dir()
