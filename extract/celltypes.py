"""Typing cells by their content, so shifted cells can be put back under the right header.

Conversions lose merged cells and push values left or right of their header. What a cell
*contains* (an action number, a date, a RAG word, a name, a sentence) says where it belongs;
`actionplans.extract.align` uses these types with the header roles to place every cell.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum

from actionplans.normalise.dates import read_date
from actionplans.normalise.rag import is_rag_word, status_from_phrase

from .cells import collapse, is_debris
from .ids import parse_action_id


class CellType(Enum):
    EMPTY = "empty"
    ID = "id"
    DATE = "date"
    DATE_IN_TEXT = "date_in_text"  # "Update (21.02.18)", "Monitoring Group on 22.11.17."
    NON_DATE = "non_date"  # Ongoing, TBC, To be agreed ...
    STATUS = "status"  # Completed, In progress, Not started, Delayed ...
    RAG = "rag"
    FLAG = "flag"  # Y / N / Yes / No / ✓ / ✗ in a "Complete?" column
    NAME = "name"  # a person, role or organisation
    TEXT = "text"
    LONG_TEXT = "long_text"
    DEBRIS = "debris"


# Column kinds the header roles fall into.
COLUMN_KIND: dict[str | None, str] = {
    "id": "id",
    "theme": "text",
    "cqc_issue": "text",
    "intended_outcome": "text",
    "action": "text",
    "assurance": "text",
    "progress": "text",
    "owner": "person",
    "lead": "person",
    "start": "date",
    "due": "date",
    "revised": "date",
    "rag": "rag",
    "rag_on_target": "rag",
    "rag_previous": "rag",
    "status": "status",
    None: "unknown",
}

# How well a cell type fits a column kind; the aligner adds these up.
_KINDS = ("id", "text", "person", "date", "rag", "status", "unknown")
_FIT_ROWS: dict[CellType, tuple[float, ...]] = {
    #                        id  text person date  rag status unknown
    CellType.ID: (6, -2, -4, -3, -6, -6, 0),
    CellType.DATE: (-6, 0, -4, 3, -6, -3, 0),
    CellType.DATE_IN_TEXT: (-6, 0, -3, 1, -6, -1, 0),
    CellType.NON_DATE: (-6, 0, 0, 2, -1, 0, 0),
    CellType.STATUS: (-6, 0, -2, 2, 3, 4, 0),
    CellType.RAG: (-6, -2, -4, -4, 5, 2, 0),
    CellType.FLAG: (-6, -2, -4, -3, -2, 5, 0),
    CellType.NAME: (-6, 0, 1.5, -4, -6, -3, 0),
    CellType.TEXT: (-6, 1, -0.5, -6, -8, -0.5, 0),
    CellType.LONG_TEXT: (-6, 1.5, -3, -8, -8, -3, 0),
    CellType.DEBRIS: (-1, 0, 0, 0, -1, 0, 0),
}
FIT: dict[CellType, dict[str, float]] = {
    t: dict(zip(_KINDS, row, strict=True)) for t, row in _FIT_ROWS.items()
}

# Words that make a short cell a role or organisation rather than a sentence (also used by
# mapping.py to tell a person's name from a job title).
ROLE_WORDS = frozenset(
    [
        "director",
        "officer",
        "manager",
        "chair",
        "chief",
        "executive",
        "lead",
        "head",
        "ceo",
        "ao",
        "sro",
        "council",
        "ccg",
        "trust",
        "nhs",
        "board",
        "partners",
        "team",
        "commissioner",
        "nurse",
        "consultant",
        "coordinator",
        "co-ordinator",
        "assistant",
        "deputy",
        "associate",
        "interim",
        "acting",
        "strategic",
        "operating",
        "clinical",
        "senior",
        "managing",
        "accountable",
        "all",
    ]
)
_STOPWORDS = frozenset({"of", "and", "&", "the", "for", "-", "–", "/", "on", "in", "to", "at"})
_CROSS_REFERENCE = re.compile(r"\b(?:see|refer to|also)\b|\b\d+\.\d+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*")


FLAG_WORDS: dict[str, bool] = {
    "y": True, "yes": True, "✓": True, "✔": True, "☑": True, "✅": True, "done": True,
    "n": False, "no": False, "✗": False, "✘": False, "☐": False, "☒": False, "❌": False,
}


def is_flag(text: str) -> bool:
    """A yes/no or tick cell ("Y", "No", "✓"), as completion columns hold."""
    return collapse(text).strip(" .").lower() in FLAG_WORDS


def looks_like_name(text: str) -> bool:
    """Short text made of capitalised words, abbreviations or role words: an owner-like cell."""
    flat = collapse(text)
    if _CROSS_REFERENCE.search(flat):
        return False
    words = _WORD.findall(flat)
    if not words or len(words) > 30 or (flat.endswith(".") and len(words) > 6):
        return False
    content = [w for w in words if w.lower() not in _STOPWORDS]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper() or w.lower() in ROLE_WORDS)
    return capitalised / len(content) >= 0.85


def cell_type(text: str, *, reference: date | None = None) -> CellType:
    """The content type of one cell."""
    flat = collapse(text)
    if not flat:
        return CellType.EMPTY
    if parse_action_id(flat, reference=reference):
        return CellType.ID
    if is_flag(flat):
        return CellType.FLAG
    if is_rag_word(flat):
        return CellType.RAG
    words = flat.split()
    if len(flat) <= 60:
        reading = read_date(text, reference=reference)
        surrounded = any("around the" in w for w in reading.warnings)
        if reading.kind in ("date", "range", "open_start", "milestones"):
            # A date cell holds a date; words around it ("Update (21.02.18)") or a full stop
            # ("... commenced November 2017.") make it a fragment of running text.
            if reading.kind == "milestones" or (
                len(words) <= 5
                and not flat.endswith(".")
                and not (surrounded and len(words) > 3)
                and not (surrounded and flat[0].islower())
                and not re.search(r"\(\s*[^()]*\d[^()]*\)", flat)
            ):
                return CellType.DATE
            return CellType.DATE_IN_TEXT
        timescale = reading.kind == "non_date" and reading.non_date == "ongoing"
        if (
            len(words) <= 4
            and not flat.endswith(".")
            and not timescale
            and status_from_phrase(flat)
        ):
            return CellType.STATUS  # a status column in words, or "Completed" as a date
        if reading.kind == "non_date" and len(words) <= 3 and not surrounded:
            return CellType.NON_DATE
    if is_debris(flat):
        return CellType.DEBRIS
    if looks_like_name(flat):
        return CellType.NAME
    if len(words) >= 12:
        return CellType.LONG_TEXT
    return CellType.TEXT
