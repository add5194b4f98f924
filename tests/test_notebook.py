"""notebooks/explore_dataset.ipynb is committed executed, without errors (regenerate it with
`python tools/make_notebook.py`)."""

from __future__ import annotations

import json

from .conftest import ROOT


def test_notebook_is_executed_without_errors():
    nb = json.loads((ROOT / "notebooks" / "explore_dataset.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    for cell in code:
        assert cell["execution_count"] is not None
        assert not [o for o in cell["outputs"] if o["output_type"] == "error"]
    text = json.dumps(nb)
    assert "Stoke-on-Trent" in text and "05W" in text  # it shows real rows of the dataset
