"""Layout hints: what an analyst tells the reader when the automatic reading of a layout is wrong.

A hint file sits next to the plan (`<plan file name>.hints.toml`, e.g. `plan.pdf.hints.toml`) and
needs no code change. This module only holds the validated settings; loading and validation live
here too so every reader and the mapping step see the same object.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class LayoutHints:
    """Validated hints for one document (every field optional)."""

    path: str | None = None  # the hints file they came from (recorded in provenance)
    area: str | None = None
    plan_date: date | None = None
    version: str | None = None
    # normalised header label -> field role (one of headers.ROLES) or "ignore"
    columns: Mapping[str, str] = field(default_factory=dict)
    # regular expression with named groups `id` and (optional) `title` for theme headings
    theme_pattern: str | None = None
    # colour word -> the plan's meaning for it ("Green" -> "Completed")
    rag_key: Mapping[str, str] = field(default_factory=dict)
