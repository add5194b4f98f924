"""Where a plan's layout hints file is, without loading the hints machinery.

Why: the building process asks for every input whether it has a hints file (its bytes are part
of the document's build key) but never reads one; `hints.py` imports the header vocabulary and
the RAG readers, which a build's own process does not otherwise need.
"""

from __future__ import annotations

from pathlib import Path


def find_hints(plan_path: str | Path) -> Path | None:
    """The sidecar hints file of a plan: `<name>.hints.toml`, else `<stem>.hints.toml`."""
    plan = Path(plan_path)
    for name in (f"{plan.name}.hints.toml", f"{plan.stem}.hints.toml"):
        candidate = plan.with_name(name)
        if candidate.is_file():
            return candidate
    return None
