"""Action numbers in every scheme plans print, and the theme an id implies.

Plans number actions "1.1", "6.2.3", "2.10", "1a", "1(a)", "A1", "A.1", "WS2.1", "EL01",
"R12-1", "REC 4", "01.02", in a column of their own or at the start of the action cell
("1.2 Agree the terms of reference…"). The id is kept as printed (spaces collapsed); labels
fused into the cell ("Action No. 3.1", "Ref: 4") are not part of it. A plan's own id scheme
also names its themes when nothing else does: A1 → A, 2b → 2, WS3.2 → WS3, 6.2.1 → 6.2.
"""

from __future__ import annotations

import re
from datetime import date

from actionplans.normalise.dates import read_date

from .cells import collapse

# A capital-letter prefix (1-4 letters) glued to the number or joined by ".", "-" or a space
# ("A1", "A.1", "WS2.1", "EL01", "R12-1", "REC 4"); not a quarter, financial year or version.
_PREFIX = r"(?-i:(?!(?:Q|FY|V|W|WC|PM|AM)[\s.\-]?\d)[A-Z]{1,4})(?:[.\-]|\s(?=\d))?"
_NUMBER = r"\d{1,3}(?:[.\-]\d{1,3}){0,3}"
_SUFFIX = r"(?:(?-i:[a-z])\b|\((?-i:[a-z]|[ivx]{1,4})\))?"
_ID = rf"(?:{_PREFIX})?{_NUMBER}{_SUFFIX}"
_LABEL = (
    r"(?:(?-i:[Aa]ction|ACTION|[Ii]tem|ITEM|[Rr]ec(?:ommendation)?|RECOMMENDATION)"
    r"(?:\s*(?:no|number|ref)\b\.?)?|"
    r"no\b\.?|ref\b\.?|reference|number|id)\s*[:#]?\s*"
)

_ACTION_ID = re.compile(
    rf"^(?P<label>{_LABEL})?(?P<id>{_ID})[.):]?(?=\s|$)(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# An id at the start of an action cell, followed by the action's own words.
_LEADING_ID = re.compile(
    rf"^\s*(?P<label>{_LABEL})?(?P<id>{_ID})(?:[.):]|\s*[-–—])?\s+(?=[A-Za-z(\"'‘“])",
    re.IGNORECASE,
)
_THEME_OF_ID = re.compile(
    r"^(?P<letters>[A-Z]{1,4})(?P<sep>[.\-\s]?)(?P<num>\d{1,3})?(?P<tail>.*)$"
)


def _plausible(action_id: str, label: str, rest: str, reference: date | None) -> bool:
    digits = re.sub(r"\D", "", action_id)
    if not digits:
        return False
    if re.fullmatch(r"\d{1,3}(?:[.\-]\d{1,3}){2}", action_id):
        # A dotted or dashed triple of the plan's era is a date ("9.11.17"); "6.2.3" is not.
        reading = read_date(action_id.replace("-", "."), reference=reference)
        if reading.kind == "date" and not reading.warnings:
            return False
    if re.fullmatch(r"\d{3,}", action_id) or re.fullmatch(r"(?:19|20)\d\d.*", action_id):
        return False  # a year or a figure, not an action number
    if len(rest.split()) > 2:
        return False
    bare = re.fullmatch(r"\d{1,3}", action_id) is not None
    return not (bare and rest and not label)


def parse_action_id(text: str, *, reference: date | None = None) -> tuple[str, str] | None:
    """(action id, leftover text) when a cell holds an action id, else None."""
    stripped = text.strip()
    match = _ACTION_ID.match(stripped)
    if not match:
        return None
    action_id = " ".join(match.group("id").split())
    rest = collapse(match.group("rest"))
    if not _plausible(action_id, match.group("label") or "", rest, reference):
        return None
    return action_id, rest


def leading_id(text: str, *, reference: date | None = None) -> tuple[str, str] | None:
    """(id, the cell's text after it) for an action cell that starts with its own id."""
    match = _LEADING_ID.match(text)
    if not match:
        return None
    action_id = " ".join(match.group("id").split())
    if not _plausible(action_id, match.group("label") or "", "", reference):
        return None
    if not re.search(r"[.\d()]", action_id) and not match.group("label"):
        return None
    if re.fullmatch(r"\d{1,3}", action_id) and not match.group("label"):
        # "2 carers assessments…" is a figure; a bare whole number needs "2." or "2)".
        after = text[match.start("id") + len(match.group("id")) :]
        if after[:1] not in (".", ")", ":"):
            return None
    return action_id, text[match.end() :].strip()


def theme_of_id(action_id: str) -> str | None:
    """The theme a plan's id scheme implies: "6.2.1" → "6.2", "A1" → "A", "2b" → "2",
    "1(a)" → "1", "WS3.2" → "WS3", "R12-1" → "R12", "EL01" → "EL"; None for "4"."""
    text = action_id.strip()
    m = _THEME_OF_ID.match(text)
    if m:
        letters, sep, num, tail = m.group("letters", "sep", "num", "tail")
        if num is None:
            return None
        if re.match(r"^[.\-]\d", tail) or re.fullmatch(r"[a-z]|\([a-z]\)", tail):
            return f"{letters}{sep if sep == '.' else ''}{num}"
        return letters if not tail else None
    m = re.fullmatch(r"(?P<head>\d{1,3}(?:\.\d{1,3})*)\s?(?:[a-z]|\([a-z]\)|\([ivx]+\))", text)
    if m is None:
        m = re.fullmatch(r"(?P<head>\d{1,3}(?:[.\-]\d{1,3})*)[.\-]\d{1,3}", text)
    # zero padding is for sorting, not part of the theme's number ("01.02" is in theme 1)
    return re.sub(r"\b0+(?=\d)", "", m.group("head")) if m else None


def id_scheme(action_ids: list[str]) -> str:
    """A short description of how a plan numbers its actions (for `inspect`)."""
    if not action_ids:
        return "none"
    kinds = []
    for a in action_ids:
        if re.fullmatch(r"\d+(?:\.\d+)+", a):
            kinds.append("dotted numeric (1.1)")
        elif re.fullmatch(r"\d+", a):
            kinds.append("whole numbers (1, 2)")
        elif re.fullmatch(r"\d+(?:[a-z]|\([a-z]\))", a):
            kinds.append("number and letter (1a, 1(a))")
        elif re.match(r"[A-Z]{1,4}", a):
            kinds.append("letter prefix (A1, WS2.1, REC 4)")
        else:
            kinds.append("other")
    return max(sorted(set(kinds)), key=kinds.count)
