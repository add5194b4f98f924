"""Which layout each generated plan gets: one value per dimension, balanced over the set.

Values are assigned greedily, plan by plan and dimension by dimension, choosing among the values
allowed by the choices already made the one used least so far (ties broken by the seeded
random generator), so every value of every dimension appears a few times in 60 plans and a
failure can be attributed to the dimension value that causes it.
"""

from __future__ import annotations

import random
from collections import Counter

from .datefmt import DUE_STYLES

FORMATS = ("txt", "md", "docx", "pdf_ruled", "pdf_unruled", "xlsx")
FILL_FORMATS = {"docx", "pdf_ruled", "pdf_unruled", "xlsx"}

# Order matters: a dimension's constraints may look at the dimensions before it.
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "format": FORMATS,
    "id_scheme": ("1.1", "1a", "1(a)", "A1", "A.1", "WS2.1", "EL01", "R12-1", "REC 4", "01.02"),
    "id_place": ("column", "in_action"),
    "theme_form": (
        "numbered_heading", "recommendation_heading", "priority_heading", "workstream_heading",
        "merged_row", "theme_column", "id_prefix",
    ),
    "xlsx_sheets": ("one", "per_theme", "n/a"),
    "rag_form": ("words", "initials", "fill", "both", "none"),
    "status_column": ("none", "words", "yn"),
    "rag_columns": ("single", "previous_current", "month_pair"),
    "rag_key": ("none", "table", "line"),
    "key_meaning": ("convention", "standard", "long", "assured", "unusual", "unusual2", "c_line"),
    "key_position": ("top", "bottom", "n/a"),
    "date_style": DUE_STYLES,
    "revisions": ("none", "column", "in_cell"),
    "page_breaks": ("short", "long_repeat", "long_norepeat"),
    "column_order": ("standard", "progress_before_rag", "owner_after_dates", "rag_early",
                     "shuffled"),
    "extra_columns": ("none", "outcome", "evidence"),
    "title_block": ("lsr_colon", "hwb", "report_title", "cqc_dash", "system_plan"),
    "title_case": ("as_written", "capitals"),
    "plan_date_style": ("updated", "slash", "ordinal", "meeting", "as_at"),
    "header_fill": ("none", "grey", "dark_blue", "pale_blue"),
}


def allowed(dim: str, value: str, c: dict[str, str]) -> bool:
    """Whether `value` of `dim` makes sense with the choices `c` made so far."""
    fmt = c.get("format")
    if dim == "theme_form" and value == "id_prefix":
        return c["id_scheme"] != "REC 4"  # global numbers do not say the theme
    if dim == "xlsx_sheets":
        if fmt != "xlsx":
            return value == "n/a"
        if value == "per_theme":  # a theme heading becomes the sheet's name
            return c["theme_form"].endswith("_heading")
        return value == "one"
    if dim == "rag_form" and value in ("fill", "both"):
        return fmt in FILL_FORMATS
    if dim == "status_column" and c["rag_form"] == "none":
        return value == "words"  # without RAG, status has to be printed in words
    if dim == "rag_columns" and value != "single":
        return c["rag_form"] != "none"
    if dim == "rag_key" and value != "none":
        return c["rag_form"] != "none"
    if dim == "key_meaning":
        if c["rag_key"] == "none":
            return value == "convention"
        if value == "convention":
            return False
        if value == "c_line":  # "C = Complete, G = On track ..." needs letters in the cells
            return c["rag_key"] == "line" and c["rag_form"] == "initials"
    if dim == "key_position":
        return (value == "n/a") == (c["rag_key"] == "none")
    if dim == "header_fill" and value != "none":
        return fmt in FILL_FORMATS
    return True


def assign(n: int, rng: random.Random) -> list[dict[str, str]]:
    """Dimension values for `n` plans, balanced (least used first) under the constraints."""
    used: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
    plans: list[dict[str, str]] = []
    for i in range(n):
        choice: dict[str, str] = {}
        for dim, values in DIMENSIONS.items():
            if dim == "format":
                choice[dim] = FORMATS[i % len(FORMATS)]
            else:
                ok = [v for v in values if allowed(dim, v, choice)]
                low = min(used[dim][v] for v in ok)
                choice[dim] = rng.choice([v for v in ok if used[dim][v] == low])
            used[dim][choice[dim]] += 1
        plans.append(choice)
    return plans
