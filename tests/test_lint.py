"""The tree stays ruff-clean (the project's lint rules live in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from .conftest import ROOT


def test_ruff_clean():
    ruff = shutil.which("ruff") or f"{sys.executable} -m ruff"
    result = subprocess.run(f"{ruff} check --no-cache .", shell=True, cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
