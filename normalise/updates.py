"""Progress cells split into dated events: the `updates` table.

Plans keep a running log inside one progress cell. Two hands are common:

* explicit markers (Halton): ``Update (21.02.18)``, ``Update – STH&K (21.02.18)``,
  ``<u>Update (18.12.17)</u>``. A marker starts an event that runs to the next marker; the
  marker's date dates it and an organisation named in it reported it.
* dated sentences (Stoke-on-Trent): one paragraph per line, some starting with a date
  ("22/1/18 actions to improve ...") or stating one ("... completed 21st February 2018").

Text outside markers is cut into paragraphs (a line that does not merely continue the line
before) and sentences; a paragraph starts an event, and so does a *dated* sentence: one with a
leading date, or a past-tense event phrase ("completed / commenced / agreed / held ...") followed
directly by a date. Undated sentences stay with the event before them. Every date is read by
``normalise.dates.find_dates`` / ``read_date`` with the plan's date as reference; an event
phrase or leading date without a written year is taken as past (events have happened by the
time they are reported), so "August" in a February plan is the August before it.

Nothing is dropped: the events' texts are consecutive slices of the progress text, marker
included, so joined together they give the cell back (up to whitespace). Sub-row progress
(Halton's per-trust rows) is located inside the action's progress; events from it are marked
``source_field = "sub_row"``, and a sub-row that the progress text does not contain is split on
its own.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from .dates import DatePoint, find_dates, read_date

__all__ = [
    "EVENT_PHRASES",
    "OrgLookup",
    "load_org_lookup",
    "split_events",
    "updates_for_action",
]

#: Past-tense phrases that, followed directly by a date, date the sentence they stand in.
EVENT_PHRASES: tuple[str, ...] = (
    "completed", "commenced", "agreed", "held", "started", "approved", "launched",
    "established", "implemented", "introduced", "advertised", "submitted", "published",
    "signed off", "took place", "went live", "opened", "appointed", "delivered", "convened",
    "finalised", "finalized", "ratified", "endorsed", "awarded", "in place",
)  # fmt: skip

#: Words allowed between an event phrase and its date ("implemented on 1 st September").
_EVENT_LINK = r"(?:\s*[,:–—-]\s*|\s+)(?:(?:on|in|at|from|since|during|w/c)\s+)?"
#: Words before an event phrase that make it a plan, not an event ("to be launched w/c ...").
_FUTURE_BEFORE = re.compile(
    r"\b(?:to|will|shall|would|should|could|may|might|must|be|being)\s+(?:\w+ly\s+)?$", re.I
)
#: A leading date may stand after a preposition ("In March (to 14th) ...").
_LEAD_PREP = re.compile(r"^(?:in|on|during|at|as at|as of)\s+", re.I)
#: Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = ("i.e", "e.g", "nb", "n.b", "dr", "mr", "mrs", "ms", "no", "vs", "st", "cf")
#: Events are reported after they happen: a year-less date after the plan date is read again
#: against a reference this much earlier, which picks the occurrence before the plan date.
_PAST_SHIFT = timedelta(days=182)

_MARKER_RE = re.compile(
    r"(?P<lead>(?:<[^<>]{1,20}>\s*)*)(?<![A-Za-z])(?:progress\s+)?update(?![a-z])"
    r"(?:\s*(?:[-–—:]|from|by)\s*(?P<org>[A-Z][\w&'.]*(?:\s[A-Z][\w&'.]*){0,5}))?"
    r"(?P<gap>\s*(?:</?[^<>]{1,20}>\s*)*)",
    re.IGNORECASE,
)
_PAREN_DATE_RE = re.compile(r"\(\s*(?P<date>[^()]{1,40}?)\s*\)")
_EVENT_RE = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(p.replace(" ", r"\s+") for p in EVENT_PHRASES) + r")(?![a-z])",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9£•])")
_TAG_RE = re.compile(r"<[^<>]*>")
_SPACE_RE = re.compile(r"\s+")


# --------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgLookup:
    """Abbreviation or name (any case) -> (official name, code), from organisations.csv."""

    entries: Mapping[str, tuple[str, str | None]]

    def __call__(self, text: str) -> tuple[str, str | None] | None:
        return self.entries.get(_org_key(text))


def _org_key(text: str) -> str:
    return _SPACE_RE.sub(" ", text.replace("&amp;", "&")).strip(" .,-–").casefold()


def _reference_csv() -> Path | Any:
    """The packaged organisations.csv, else the project's reference/ folder."""
    for package in ("actionplans.reference", "actionplans.normalise"):
        try:
            candidate = resources.files(package) / "organisations.csv"
        except (ModuleNotFoundError, TypeError):
            continue
        if candidate.is_file():
            return candidate
    return Path(__file__).resolve().parent.parent / "reference" / "organisations.csv"


def load_org_lookup(path: str | Path | None = None) -> OrgLookup:
    """Build the abbreviation lookup from organisations.csv (``abbreviations`` are ;-separated)."""
    source = Path(path) if path is not None else _reference_csv()
    entries: dict[str, tuple[str, str | None]] = {}
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = (row.get("name") or "").strip()
            if not name:
                continue
            value = (name, (row.get("code") or "").strip() or None)
            for alias in [name, *(row.get("abbreviations") or "").split(";")]:
                if alias.strip():
                    entries.setdefault(_org_key(alias), value)
    return OrgLookup(entries)


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One dated (or undated) stretch ``text[start:end]`` of a progress cell."""

    start: int
    end: int
    point: DatePoint | None
    reported_by: str | None = None
    reported_by_code: str | None = None
    marked: bool = False


@dataclass(frozen=True)
class _Marker:
    start: int
    point: DatePoint
    org: str | None


def _norm(text: str) -> str:
    return _SPACE_RE.sub(" ", _TAG_RE.sub(" ", html.unescape(text))).strip()


def _past_reading(fragment: str, point: DatePoint, reference: date | None) -> DatePoint:
    """The same date read as past when it falls after the plan date only for want of a year.

    Reading again against an earlier reference moves a year-less date ("August") to its
    previous occurrence and leaves a date with a written year where it is.
    """
    if reference is None or point.start <= reference:
        return point
    earlier = find_dates(fragment, reference=reference - _PAST_SHIFT)
    if earlier and earlier[0].text == point.text and earlier[0].start <= reference:
        return earlier[0]
    return point


def _date_at_start(fragment: str, reference: date | None) -> DatePoint | None:
    """The date ``fragment`` opens with (prepositions aside), read as past; else None."""
    text = _norm(fragment[:90])
    points = find_dates(text, reference=reference)
    if not points:
        return None
    first = points[0]
    bare = _LEAD_PREP.sub("", text, count=1)
    if text.startswith(first.text) or bare.startswith(first.text):
        return _past_reading(text, first, reference)
    return None


def _sentence_date(sentence: str, reference: date | None) -> DatePoint | None:
    """Date of a sentence that opens with a date or states an event phrase + date."""
    lead = sentence.lstrip(" \t•-–—*·")
    point = _date_at_start(lead, reference)
    if point is not None:
        return point
    for m in _EVENT_RE.finditer(sentence):
        if _FUTURE_BEFORE.search(sentence[max(0, m.start() - 30) : m.start()]):
            continue
        link = re.match(_EVENT_LINK, sentence[m.end() :], re.IGNORECASE)
        if not link:
            continue
        rest = sentence[m.end() :]
        point = _date_at_start(rest, reference) or _date_at_start(rest[link.end() :], reference)
        if point is not None:
            return point
    return None


def _markers(text: str, reference: date | None) -> list[_Marker]:
    """Update markers whose date reads as one date; "See update at 2.6" is not one."""
    found = []
    for m in _MARKER_RE.finditer(text):
        paren = _PAREN_DATE_RE.match(text, m.end())
        if paren:
            reading = read_date(paren["date"], reference=reference)
            point = reading.points[0] if reading.kind == "date" else None
        else:
            point = _date_at_start(text[m.end() : m.end() + 60].lstrip(" :–—-"), reference)
        if point is not None:
            found.append(_Marker(m.start(), point, m["org"]))
    return found


def _continues(previous: str, line: str) -> bool:
    """True when a line break does not start a new paragraph (wrapped text, list items)."""
    prev = previous.rstrip()
    if not prev:
        return False
    if prev.endswith((":", ":-", ";", ",", "-", "–", "—")) or re.search(r"\b(?:and|or)$", prev):
        return True
    first = line.lstrip(" \t•*·")
    return bool(first) and first[0].islower() and prev[-1] not in ".!?"


def _sentences(text: str, lo: int, hi: int) -> Iterable[tuple[int, int, bool]]:
    """(start, end, starts_paragraph) for each sentence of ``text[lo:hi]``."""
    pos, previous = lo, ""
    for line in text[lo:hi].split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        paragraph = not (previous and _continues(previous, line))
        cut = start
        for m in _SENTENCE_END.finditer(text, start, end):
            word = re.search(r"(\S+)\.$", text[cut : m.start()].rstrip("\"')]"))
            if word and word.group(1).casefold().lstrip("(") in _ABBREVIATIONS:
                continue
            if text[cut : m.start()].strip():
                yield cut, m.start(), paragraph
                paragraph = False
            cut = m.end()
        if text[cut:end].strip():
            yield cut, end, paragraph
        previous = line


def _plain_events(text: str, lo: int, hi: int, reference: date | None) -> list[Event]:
    """Events of unmarked text: a paragraph or a dated sentence starts one."""
    starts: list[int] = []
    points: list[DatePoint | None] = []
    for start, end, paragraph in _sentences(text, lo, hi):
        point = _sentence_date(text[start:end], reference)
        if not starts or paragraph or point is not None:
            starts.append(start)
            points.append(point)
    if not starts:
        return []
    starts[0] = lo  # leading whitespace belongs to the first event
    ends = [*starts[1:], hi]
    return [Event(s, e, p) for s, e, p in zip(starts, ends, points, strict=True)]


def split_events(
    text: str,
    *,
    reference: date | None,
    org_lookup: Callable[[str], tuple[str, str | None] | None] | None = None,
    breaks: Iterable[int] = (),
) -> list[Event]:
    """Cut ``text`` into events; ``breaks`` are offsets that always start a new event."""
    if not text or not text.strip():
        return []
    markers = {m.start: m for m in _markers(text, reference)}
    cuts = sorted({0, len(text), *markers, *(b for b in breaks if 0 < b < len(text))})
    events: list[Event] = []
    for lo, hi in pairwise(cuts):
        marker = markers.get(lo)
        if marker is None:
            events.extend(_plain_events(text, lo, hi, reference))
            continue
        name, code = marker.org, None
        if marker.org and org_lookup is not None:
            resolved = org_lookup(marker.org)
            if resolved is not None:
                name, code = resolved
        events.append(Event(lo, hi, marker.point, name, code, marked=True))
    return [e for e in events if text[e.start : e.end].strip()]


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------


def _find_loosely(haystack: str, needle: str, start: int) -> int | None:
    """Offset of ``needle``'s first words in ``haystack`` at or after ``start``, any spacing."""
    words = _norm(needle).split(" ")[:8]
    if not words or not words[0]:
        return None
    pattern = r"\s*".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(haystack, start)
    return m.start() if m else None


def updates_for_action(
    action: Mapping[str, Any],
    *,
    reference: date | None,
    org_lookup: Callable[[str], tuple[str, str | None] | None] | None,
) -> list[dict[str, Any]]:
    """Rows of the ``updates`` table for one ``actions`` row (progress and sub-row progress)."""
    progress = action.get("progress") or ""
    breaks: list[int] = []
    orphans: list[str] = []
    cursor = 0
    for sub in action.get("sub_rows") or ():
        sub_text = (sub.get("progress") or "").strip()
        if not sub_text:
            continue
        at = _find_loosely(progress, sub_text, cursor)
        if at is None:
            orphans.append(sub_text)
        else:
            breaks.append(at)
            cursor = at + 1
    first_sub = min(breaks) if breaks else len(progress) + 1
    pieces: list[tuple[str, Event, str]] = [
        (progress, e, "sub_row" if e.start >= first_sub else "progress")
        for e in split_events(progress, reference=reference, org_lookup=org_lookup, breaks=breaks)
    ]
    for sub_text in orphans:
        pieces.extend(
            (sub_text, e, "sub_row")
            for e in split_events(sub_text, reference=reference, org_lookup=org_lookup)
        )
    return [
        {
            "document_id": action["document_id"],
            "area": action["area"],
            "area_id": action["area_id"],
            "action_id": action["action_id"],
            "seq": seq,
            "update_date": event.point.start if event.point else None,
            "update_date_precision": event.point.precision if event.point else None,
            "reported_by": event.reported_by,
            "reported_by_code": event.reported_by_code,
            "text": source[event.start : event.end].strip(),
            "source_field": field,
        }
        for seq, (source, event, field) in enumerate(pieces)
    ]
