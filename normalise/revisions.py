"""A due cell that records its own revision: the original date and the date it moved to.

Plans that have no "Revised date" column write the change into the cell itself: "Nov 2018,
revised to Feb 2019", "30/06/2018 (extended to 31/08/2018)", "was Jan 18 now Mar 18",
"Mar 18 → Jun 18", "Revised: June 2018 (was March 2018)", or strike the old date through in Word
(the DOCX reader writes struck text as "~~Mar 2018~~"). The original is the due date and the new
one the revised date; both sides must read as dates, or the cell is left to the date grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import read_date

_VERB = (
    r"(?:revised|extended|moved|changed|deferred|postponed|slipped|rescheduled|re-scheduled|"
    r"amended|pushed\s+back|put\s+back|delayed|carried\s+forward|brought\s+forward|updated)"
)
_PATTERNS = (
    # ~~Mar 2018~~ Jun 2018 (Word strike-through), also with the struck date after the new one
    re.compile(r"^~~(?P<old>[^~]+)~~[\s,;:/]*(?P<new>[^~]+)$"),
    re.compile(r"^(?P<new>[^~]+?)[\s,;:/]*~~(?P<old>[^~]+)~~$"),
    # was Jan 18 now Mar 18 / originally March 2018, now June 2018
    re.compile(
        r"^(?:was|originally|original(?:\s+date)?\s*[:\-]?)\s+(?P<old>.+?)[\s,;.]+"
        r"(?:now|revised(?:\s+to)?|new(?:\s+date)?\s*[:\-]?)\s+(?P<new>.+)$",
        re.I,
    ),
    # Revised: June 2018 (was March 2018) / June 2018 (previously March 2018)
    re.compile(
        r"^(?:(?:revised|new)(?:\s+date)?\s*[:\-–]\s*)?(?P<new>.+?)\s*[(\[]\s*"
        r"(?:was|previously|originally|original(?:\s+date)?\s*[:\-]?)\s+(?P<old>[^)\]]+)[)\]]\.?$",
        re.I,
    ),
    # Nov 2018, revised to Feb 2019 / 30/06/2018 (extended to 31/08/2018) / X - deferred until Y
    re.compile(
        rf"^(?:original(?:\s+date)?\s*[:\-–]\s*)?(?P<old>.+?)[\s,;.\-–(\[]*\b{_VERB}"
        r"(?:\s+(?:to|until|till|date|:))*\s*[:\-–]?\s*(?P<new>[^)\]]+?)[)\]]?\.?$",
        re.I,
    ),
    # Mar 18 → Jun 18 / Mar 18 -> Jun 18 / Mar 18 => Jun 18
    re.compile(r"^(?P<old>.+?)\s*(?:→|->|=>|⇒|➔)\s*(?P<new>.+)$"),
    # two lines: "Original: Mar 2018" / "Revised: Jun 2018"
    re.compile(
        r"^(?:original|initial|planned)[^:\n]*:\s*(?P<old>[^\n]+)\n+"
        r"(?:revised|new|updated|amended)[^:\n]*:\s*(?P<new>[^\n]+)$",
        re.I,
    ),
)


@dataclass(frozen=True)
class Revision:
    original: str
    revised: str


def _is_date(text: str, reference: date | None) -> bool:
    reading = read_date(text.strip(" ,;.()[]"), reference=reference)
    return reading.kind in ("date", "range") and reading.last_day() is not None


def split_revision(text: str | None, *, reference: date | None = None) -> Revision | None:
    """The original and revised date written in one cell, or None when it records no revision."""
    if not text or not text.strip():
        return None
    flat = text.strip()
    if "\n" in flat and not re.match(r"(?i)^(?:original|initial|planned)", flat):
        flat = " ".join(flat.split())
    for pattern in _PATTERNS:
        m = pattern.match(flat)
        if not m:
            continue
        old, new = m.group("old").strip(" ,;.:"), m.group("new").strip(" ,;.:")
        if old and new and _is_date(old, reference) and _is_date(new, reference):
            return Revision(old, new)
    return None


def struck_text_removed(text: str | None) -> str | None:
    """A cell's text without the parts struck through in Word ("~~old~~ new" → "new")."""
    if text is None or "~~" not in text:
        return text
    return " ".join(re.sub(r"~~[^~]*~~", " ", text).split()) or None
