"""What kind of row a table row is, before it is assembled: an action of its own without a
number, a theme's parent action, a cross-reference to another action, or a continuation; and the
number an unnumbered action is given.
"""

from __future__ import annotations

import re

from .cells import collapse, is_debris
from .celltypes import looks_like_name, parse_action_id
from .drafts import DATE_LIKE, DATE_ROLES, PERSON_ROLES, RAG_ROLES, Draft
from .ids import theme_of_id
from .rows import AlignedRow


def has_substance(row: AlignedRow) -> bool:
    """Own officer and own date/status cells: enough to be an action even without a number."""
    owner = row.values.get("owner", "")
    has_owner = bool(owner) and not is_debris(owner) and looks_like_name(owner)
    has_date = any(row.types.get(r) in DATE_LIKE for r in DATE_ROLES)
    return has_owner and has_date


def infer_id(
    previous: str | None, theme_id: str | None, used: set[str], text: str
) -> tuple[str, bool]:
    """Next free number after the previous action (or first of the theme), and whether the plan
    refers to it somewhere ("See Action 6.3")."""
    prefix = ""
    if previous:
        parts = previous.split(".")
        head, last = parts[:-1], parts[-1]
        m = re.match(r"^(\D*)(\d*)", last)
        prefix, n = m.group(1), int(m.group(2) or 0)  # "R1" -> "R2", "6.2" -> "6.3"
    else:
        head, n = ([theme_id] if theme_id else []), 0
    while True:
        n += 1
        candidate = ".".join([*head, f"{prefix}{n}"])
        if candidate not in used:
            break
    referenced = bool(
        re.search(rf"(?i)\b(?:action(?: point)?|see)\s+{re.escape(candidate)}\b", text)
    )
    return candidate, referenced


def is_parent_action(row: AlignedRow) -> bool:
    action = row.values.get("action", "").strip()
    if not action or is_debris(action) or row.id_cell:
        return False
    owner = row.values.get("owner", "")
    has_owner = bool(owner) and not is_debris(owner) and looks_like_name(owner)
    has_date = any(row.types.get(r) in DATE_LIKE for r in DATE_ROLES)
    return has_owner and has_date


def parent_id(rows: list[AlignedRow], theme_id: str | None, used: set[str]) -> str:
    """The number a parent action implies: the theme its children's ids share ("1" over 1.1)."""
    for row in rows:
        parsed = parse_action_id(row.id_cell) if row.id_cell else None
        if parsed:
            parent = theme_of_id(parsed[0])
            if parent and parent not in used:
                return parent
            break
    if theme_id and theme_id not in used:
        return theme_id
    return infer_id(None, theme_id, used, "")[0]


def starts_unnumbered_action(row: AlignedRow, current: Draft | None) -> bool:
    """In a table without numbers, a row with its own action text starts an action, unless it is
    the lower-case tail of a row cut by a page break."""
    action = row.values.get("action", "").strip()
    if not action or is_debris(action):
        return False
    tail = current is not None and action[0].islower() and not row.values.get("owner")
    return not tail


_CROSS_REFERENCE = re.compile(
    r"\b(?:see|refer(?:\s+to)?|cross[- ]?ref(?:erence)?|covered\s+(?:in|by|under)|"
    r"reported\s+(?:in|under)|included\s+(?:in|under))\b",
    re.IGNORECASE,
)
_REFERENCED_ID = re.compile(r"(?<![\w.])(?:[A-Z]{1,4})?\d{1,2}(?:\.\d{1,2}){0,3}[a-z]?(?![\w.]*\d)")


def cross_reference(row: AlignedRow) -> list[str] | None:
    """Action numbers a row only points to ("HIC Trusted Assessor – see … Workstream 6.1.1").

    A row with no number, officer or date whose short text refers the reader to another
    action or workstream is a reference, not text of the actions around it.
    """
    other = (*PERSON_ROLES, *DATE_ROLES, *RAG_ROLES, "progress", "assurance")
    if row.id_cell or any(r in row.values for r in other):
        return None
    texts = list(row.values.values())
    if not texts or sum(len(t.split()) for t in texts) > 40:
        return None
    if any(not collapse(t)[:1].isupper() for t in texts):
        return None  # a sentence continued from the row above, not a row of its own
    refs: list[str] = []
    for text in texts:
        flat = collapse(text)
        m = _CROSS_REFERENCE.search(flat)
        if m:
            refs.extend(_REFERENCED_ID.findall(flat[m.end() :]))
    return refs or None
