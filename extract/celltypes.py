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
    None: "unknown",
}

# How well a cell type fits a column kind; the aligner adds these up.
FIT: dict[CellType, dict[str, float]] = {
    CellType.ID: {"id": 6, "text": -2, "person": -4, "date": -3, "rag": -6, "unknown": 0},
    CellType.DATE: {"id": -6, "text": 0, "person": -4, "date": 3, "rag": -6, "unknown": 0},
    CellType.DATE_IN_TEXT: {"id": -6, "text": 0, "person": -3, "date": 1, "rag": -6, "unknown": 0},
    CellType.NON_DATE: {"id": -6, "text": 0, "person": 0, "date": 2, "rag": -1, "unknown": 0},
    CellType.STATUS: {"id": -6, "text": 0, "person": -2, "date": 2, "rag": 3, "unknown": 0},
    CellType.RAG: {"id": -6, "text": -2, "person": -4, "date": -4, "rag": 5, "unknown": 0},
    CellType.NAME: {"id": -6, "text": 0, "person": 1.5, "date": -4, "rag": -6, "unknown": 0},
    CellType.TEXT: {"id": -6, "text": 1, "person": -0.5, "date": -6, "rag": -8, "unknown": 0},
    CellType.LONG_TEXT: {"id": -6, "text": 1.5, "person": -3, "date": -8, "rag": -8, "unknown": 0},
    CellType.DEBRIS: {"id": -1, "text": 0, "person": 0, "date": 0, "rag": -1, "unknown": 0},
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
