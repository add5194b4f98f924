"""notebooks/cross_area_analysis.ipynb runs, cell by cell, against a fresh build.

The cells are the generator's (tools/make_cross_area_notebook.py), executed by nbclient in a
real kernel with ACTIONPLANS_DATASET pointing at the shared analyst build (the corpus plus the
constructed earlier Stoke-on-Trent issue V18, so the version-to-version part runs too). Any cell
error fails the test. The committed notebook must be those same cells, executed.
"""

from __future__ import annotations

import json

import pytest

from tools.make_cross_area_notebook import CELLS, OUT, execute, notebook

from .analysis_dataset import versions_dataset


def _outputs(nb) -> list[dict]:
    return [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]


def _text(outputs: list[dict]) -> str:
    parts = []
    for o in outputs:
        if o["output_type"] == "stream":
            parts.append("".join(o["text"]))
        elif "data" in o and "text/plain" in o["data"]:
            parts.append("".join(o["data"]["text/plain"]))
    return "\n".join(parts)


def test_notebook_runs_on_a_fresh_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTIONPLANS_DATASET", str(versions_dataset()))
    nb = execute(notebook())  # raises CellExecutionError on the first failing cell
    outputs = _outputs(nb)
    assert not [o for o in outputs if o["output_type"] == "error"]
    images = [o for o in outputs if "data" in o and "image/png" in o["data"]]
    assert len(images) == 5  # status by theme, slippage, load, crosswalk, version change
    text = _text(outputs)
    # The version part found the constructed V18 -> V19 changes (fixtures/versions/README.md).
    assert "Stoke-on-Trent: 18 (2018-02-19) -> 19 (2018-03-19)" in text
    assert "slipped" in text and "removed" in text and "added" in text


def test_committed_notebook_is_the_generator_executed() -> None:
    nb = json.loads(OUT.read_text(encoding="utf-8"))
    assert [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            for c in nb["cells"]] == [src for _, src in CELLS]
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] is not None for c in code)
    assert not [o for o in _outputs(nb) if o["output_type"] == "error"]
    assert sum("image/png" in o.get("data", {}) for o in _outputs(nb)) >= 4
    assert "Stoke-on-Trent" in _text(_outputs(nb))  # real rows of the README's build
