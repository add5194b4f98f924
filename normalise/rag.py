"""RAG colours and delivery status: the one place that maps colour words and key wording.

Plans write RAG as words ("Green", "Amber/Green", "Yellow"), as cell shading, or explain their
own key ("Complete with Assurance = BLUE"). Everything is mapped onto the common scale
BLUE, GREEN, AMBER, RED; a colour outside it goes to the nearest one with a warning.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable
from dataclasses import dataclass

from actionplans.schemas.values import RAG_VALUES, STATUS_VALUES

SCALE = RAG_VALUES

# Colour words on the scale.
RAG_WORDS: dict[str, str] = {
    "blue": "BLUE",
    "b": "BLUE",
    "green": "GREEN",
    "g": "GREEN",
    "amber": "AMBER",
    "a": "AMBER",
    "red": "RED",
    "r": "RED",
}

# Colours off the scale and the nearest colour on it.
NEAREST_RAG: dict[str, str] = {
    "yellow": "AMBER",
    "orange": "AMBER",
    "amber/green": "AMBER",
    "green/amber": "AMBER",
    "amber/red": "RED",
    "red/amber": "RED",
    "purple": "BLUE",
    "grey": "BLUE",
    "gray": "BLUE",
    "dark green": "GREEN",
    "light green": "GREEN",
}

# Shading colours (hex RGB) as Word and PDF exports use them, matched by nearest hue.
_REFERENCE_RGB: dict[str, tuple[int, int, int]] = {
    "BLUE": (0, 112, 192),
    "GREEN": (0, 176, 80),
    "AMBER": (255, 192, 0),
    "RED": (255, 0, 0),
}

# Upper hue bound (degrees) of each RAG band; purples count as blue, the wrap-around as red.
_HUE_BANDS: tuple[tuple[float, str], ...] = (
    (20, "RED"),
    (70, "AMBER"),
    (175, "GREEN"),
    (320, "BLUE"),
    (361, "RED"),
)

STATUSES = STATUS_VALUES  # the schema is the single source of truth

# The common convention, used when a plan has no key of its own.
DEFAULT_STATUS_OF_RAG: dict[str, str] = {
    "BLUE": "complete",
    "GREEN": "on_track",
    "AMBER": "at_risk",
    "RED": "off_track",
}

# Wording of a plan's key (or of a status cell) → status, tried in order.
STATUS_PHRASES: tuple[tuple[str, str], ...] = (
    (r"complete\w* (with|and) assur|assured|embedded|sustained", "complete_assured"),
    (r"not (yet )?started|not commenced|yet to start", "not_started"),
    (
        r"not deliverable|not achiev|will not|off track|off target|significant|serious|critical|"
        r"failed|missed|not on (track|target)",
        "off_track",
    ),
    (r"risk|slipp|delay|behind|overdue|partial|some (issues|concerns)|plan in place", "at_risk"),
    (r"on (target|track|schedule)|progressing|in progress|ongoing|on-going|underway", "on_track"),
    (r"complete|completed|achieved|done|closed|delivered", "complete"),
)


@dataclass(frozen=True)
class RagReading:
    colour: str | None
    warning: str | None = None


def read_rag(text: str | None) -> RagReading:
    """Colour on the common scale for a RAG cell's text or a shading colour name/hex."""
    if text is None:
        return RagReading(None)
    raw = " ".join(text.split())
    if not raw:
        return RagReading(None)
    word = raw.lower().strip(" .;:")
    if word in RAG_WORDS:  # a RAG cell: "Green", or the initial alone ("G", as BRAG keys use)
        return RagReading(RAG_WORDS[word])
    if word in NEAREST_RAG:
        colour = NEAREST_RAG[word]
        return RagReading(
            colour,
            f"RAG colour {raw!r} is off the BLUE/GREEN/AMBER/RED scale: mapped to nearest {colour}",
        )
    hex_match = re.fullmatch(r"#?([0-9a-f]{6})", word)
    if hex_match:
        return _nearest_hex(hex_match.group(1), raw)
    # A cell such as "Green - on track": take the first colour word.
    for token in re.findall(r"[a-z]+(?:/[a-z]+)?", word):
        if token in NEAREST_RAG:
            return read_rag(token)
        if token in RAG_WORDS and len(token) > 1:
            return RagReading(RAG_WORDS[token], f"RAG cell {raw!r} has text around the colour")
    return RagReading(None, f"RAG cell {raw!r} names no colour")


def is_rag_word(text: str) -> bool:
    """True when the whole cell is a colour word (used to type cells by content)."""
    flat = " ".join(text.split()).strip(" .;:")
    word = flat.lower()
    if len(word) == 1:
        return flat in {"B", "G", "A", "R"}  # a capital initial alone in its cell
    return word in RAG_WORDS or word in NEAREST_RAG


def _nearest_hex(hex6: str, raw: str) -> RagReading:
    """Shading colour by hue band: Word's "Light Green" (#92D050) is green, yellow is amber."""
    r, g, b = (int(hex6[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hi, lo = max(r, g, b), min(r, g, b)
    if hi - lo < 0.16:  # white, black, greys: no RAG meaning
        return RagReading(None, f"cell shading {raw!r} is not a RAG colour")
    h, _, _ = colorsys.rgb_to_hsv(r, g, b)
    hue = h * 360
    colour = next(c for upper, c in _HUE_BANDS if hue < upper)
    exact = tuple(_REFERENCE_RGB[colour]) == tuple(int(hex6[i : i + 2], 16) for i in (0, 2, 4))
    return RagReading(colour, None if exact else f"cell shading #{hex6} read as {colour}")


def status_from_phrase(text: str | None) -> str | None:
    """Status named by words ("Complete with Assurance", "Risk to delivery", "Completed")."""
    if not text:
        return None
    lowered = " ".join(text.lower().split())
    for pattern, status in STATUS_PHRASES:
        if re.search(pattern, lowered):
            return status
    return None


_FLAGS = {"y": "complete", "yes": "complete", "✓": "complete", "✔": "complete",
          "☑": "complete", "✅": "complete", "done": "complete"}
_NOTE_SEGMENT = re.compile(r"[^.;!\n]+")
_STATEMENT_LEAD = re.compile(r"^(?:action|status|this action is|action is|now|currently)\b")
_STATUS_START = (
    r"(?:complete|completed|closed|achieved|done|delivered|not (?:yet )?started|on (?:track|"
    r"target|schedule)|in progress|delayed|slipped|behind|at risk|off track|overdue)\b"
)


def status_from_cell(text: str | None) -> str | None:
    """Status a status / completion column states: words, or Y / ✓ for complete.

    "N" / "No" say only that the action is not complete, so they give no status of their own.
    """
    if not text:
        return None
    flat = " ".join(text.split()).strip(" .").lower()
    if flat in _FLAGS:
        return _FLAGS[flat]
    if flat in {"n", "no", "✗", "✘", "☐", "☒", "❌", "open"}:
        return None
    if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}\s+[a-z]+\s+\d{4}", flat):
        return "complete"  # a "Date completed" column holding the date it was done
    return status_from_phrase(flat)


def status_from_note(text: str | None) -> str | None:
    """Status a progress note plainly states in a short sentence of its own at its start or
    end ("Not started.", "Complete.", "Action closed."), else None."""
    if not text:
        return None
    segments = [s.strip() for s in _NOTE_SEGMENT.findall(text) if s.strip()]
    for segment in (segments[:1] + segments[-1:]) if segments else ():
        words = segment.split()
        if len(words) > 4 or re.search(r"\d", segment):
            continue
        # the statement itself ("Complete", "Action closed", "Status: not started"), not a
        # sentence that mentions a status word ("Work to complete")
        bare = _STATEMENT_LEAD.sub("", segment.lower()).strip(" :-–")
        status = status_from_phrase(bare)
        if status and re.match(_STATUS_START, bare):
            return status
    return None


_COLOUR_OF_STATUS = {
    "complete_assured": "BLUE",
    "complete": "BLUE",
    "on_track": "GREEN",
    "at_risk": "AMBER",
    "off_track": "RED",
}


def codes_from_entries(entries: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Key codes that are not colours ("C = Complete") → the colour they stand in for.

    A key "C = Complete, G = On track, A = At risk, R = Off track" is a BRAG key whose blue is
    written "C": the code takes the colour the common convention gives its meaning.
    """
    codes: dict[str, str] = {}
    for code, meaning in entries:
        if read_rag(code).colour is None and len(code.strip()) == 1:
            status = status_from_phrase(meaning)
            if status in _COLOUR_OF_STATUS:
                codes[code.strip().upper()] = _COLOUR_OF_STATUS[status]
    return codes


def key_from_entries(entries: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A plan's own key: colour on the scale → status, from (colour or code, meaning) pairs."""
    entries = list(entries)
    codes = codes_from_entries(entries)
    key: dict[str, str] = {}
    for colour_text, meaning in entries:
        colour = read_rag(colour_text).colour or codes.get(colour_text.strip().upper())
        status = status_from_phrase(meaning)
        if colour and status and colour not in key:
            key[colour] = status
    return key


def status_of(
    rag: str | None,
    rag_on_target: str | None,
    key: dict[str, str] | None,
    words: Iterable[str | None] = (),
    completed_section: bool = False,
    status_words: Iterable[str | None] = (),
) -> tuple[str, str]:
    """Status and how it was decided: the plan's key, the common convention, words, the section.

    `status_words` are cells that state a status (a "Status" column holding "In progress",
    "Not started", "Slipped"): every status phrase counts. `words` are date cells, where only
    "Completed" / "Not started" say something about delivery ("Ongoing" there is a timescale).
    """
    colour = rag or rag_on_target
    if colour:
        if key and colour in key:
            return key[colour], "rag_key"
        return DEFAULT_STATUS_OF_RAG[colour], "rag_convention"
    for word in status_words:
        status = status_from_phrase(word) if word else None
        if status:
            return status, "words"
    for word in words:
        status = status_from_phrase(word) if word else None
        if status in ("complete", "not_started"):
            return status, "words"
    if completed_section:
        return "complete", "section"
    return "unknown", "none"
