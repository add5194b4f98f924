"""Progress cells split into dated events: the `updates` table.

Plans keep a running log inside one progress cell. Two hands are common:

* explicit markers (Halton): ``Update (21.02.18)``, ``Update – STH&K (21.02.18)``,
  ``<u>Update (18.12.17)</u>``. A marker starts an event that runs to the next marker; the
  marker's date dates it and an organisation named in it reported it.
* dated sentences (Stoke-on-Trent): one paragraph per line, some starting with a date
  ("22/1/18 actions to improve ...") or stating one ("... completed 21st February 2018").

Text outside markers is cut into paragraphs and sentences (the conventions are written down in
tests/golden/README.md, "updates.csv"):

* a paragraph (a line that does not merely continue the one before) starts an event; the items
  of a list introduced by a colon continue the paragraph that introduces them;
* a *dated* sentence starts an event too. It is dated *strongly* when it opens with a date or
  a past-tense event phrase ("completed / commenced / held ...") is followed directly by a date:
  that date stands, whatever it is. Otherwise its first *reported* date dates it: a day, week
  or month, starting on or before the plan date, not put in the future or made a deadline by
  the words before it in its clause ("will", "to be", "next", "planned", "by", "until" ...),
  not a point of comparison ("than", "compared to", "since"), in a sentence that is not an
  instruction ("Publish revised tender Feb 18");
* a date that ends in a number and is followed by a capitalised word ("... 26.9.17 SAB
  Learning events ...") ends a sentence whose full stop was lost in conversion.

Undated sentences stay with the event before them. Year-less dates are read by
``normalise.dates.find_dates`` against the plan date moved three months back, so that progress
text, which reports mostly the past, places "August" or "12th Feb" in the twelve months from
nine months before the plan date to three months after it. A strongly dated event after the
plan date is kept as written; ``update_warnings`` reports it.

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
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from .dates import BARE_MONTH_NAMES, DatePoint, find_dates, read_date

__all__ = [
    "EVENT_PHRASES",
    "OrgLookup",
    "load_org_lookup",
    "split_events",
    "update_warnings",
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
#: Progress reports mostly the past: year-less dates are read against the plan date moved back
#: this much, i.e. in the twelve months from nine months before the plan date to three after.
_REPORT_SHIFT = timedelta(days=91)
#: Words earlier in a date's clause that make it a plan or a deadline, not an event.
_FUTURE_IN_CLAUSE = re.compile(
    r"\b(?:will|shall|going\s+to|to\s+be|to\s+take\s+place|due|planned|plans?\s+to|scheduled|"
    r"arranged|expected|anticipated|proposed|intend(?:s|ed)?|next|later|upcoming|forthcoming|"
    r"in\s+advance\s+of|ahead\s+of|prior\s+to)\b",
    re.I,
)
#: Words just before a date that make it a deadline or a point of comparison.
_NOT_EVENT_BEFORE = re.compile(
    r"\b(?:by|before|until|till|deadline|no\s+later\s+than|than|compared\s+(?:to|with)|"
    r"versus|vs\.?|since)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?$",
    re.I,
)
#: Where a clause begins, for the look-back above.
_CLAUSE_START = re.compile(r"[;:.()]|\s[–—-]\s|,\s|\b(?:and|but|or|whilst|while)\s", re.I)
#: Verbs that open an instruction ("Publish revised tender Feb 18"): a plan step, not an event.
IMPERATIVE_VERBS: tuple[str, ...] = (
    "agree", "align", "appoint", "build", "commence", "commission", "complete", "confirm",
    "consider", "continue", "create", "deliver", "design", "develop", "embed", "engage",
    "ensure", "establish", "evaluate", "explore", "finalise", "hold", "identify", "implement",
    "introduce", "launch", "monitor", "present", "procure", "produce", "provide", "publish",
    "receive", "recruit", "reissue", "review", "roll", "set", "share", "submit", "undertake",
)  # fmt: skip
_IMPERATIVE = re.compile(
    r"^\W*(?:" + "|".join(IMPERATIVE_VERBS) + r")\s+(?!of\b|is\b|was\b|has\b|have\b|had\b)", re.I
)
#: Month abbreviations read in running text here; the date grammar leaves them alone there.
#: "Jan" and "May" are also a name and a word, so they are not among them.
_SHORT_MONTH = re.compile(
    r"(?<![\w/.-])(Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?![\w/.-])(?!\s*['’]?\d)"
)
_FULL_MONTH = {
    "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June", "Jul": "July",
    "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October",
    "Nov": "November", "Dec": "December",
}  # fmt: skip
#: Words of a sentence that states a measured figure ("Actual for January", "2016/17 data").
_FIGURE_WORDS = re.compile(
    r"\b(?:data|figures?|levels?\s+of|actual|targets?|performance|average|rate|total|"
    r"number\s+of)\b|\d\s*%",
    re.I,
)
#: A number right after a date, brackets or a dash between ("In March (to 14th) 75 ...").
_NUMBER_AFTER = re.compile(r"\s*(?:\([^()]*\)\s*)?[–—:-]?\s*\d")
#: Two numbers in a row outside any date: a row of figures ("July August NHS 256 390").
_NUMBER_RUN = re.compile(r"(?<![\w/.])\d[\d,.]*\s+\d[\d,.]*(?![\w/])")
#: Precisions fine enough to date an event stated inside a sentence ("in 2018" is not).
_EVENT_PRECISIONS = ("day", "week", "month")
#: What may stand before a date that opens its sentence ("On 12 March 2018 NHS England ...").
_SENTENCE_OPENER = re.compile(r"(?:^|[.!?]\s+)\W*(?:(?:on|in|at|during|as\s+(?:at|of))\s+)?$", re.I)

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
    systems: Mapping[str, str] = field(default_factory=dict)  # code -> "ODS" / "GSS"

    def __call__(self, text: str) -> tuple[str, str | None] | None:
        return self.entries.get(_org_key(text))

    def code_system(self, code: str | None) -> str | None:
        """The code system of a code of the gazetteer (its `code_system` column)."""
        return self.systems.get(code) if code else None


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
    systems: dict[str, str] = {}
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = (row.get("name") or "").strip()
            if not name:
                continue
            value = (name, (row.get("code") or "").strip() or None)
            if value[1] and (row.get("code_system") or "").strip():
                systems.setdefault(value[1], row["code_system"].strip())
            for alias in [name, *(row.get("abbreviations") or "").split(";")]:
                if alias.strip():
                    entries.setdefault(_org_key(alias), value)
    return OrgLookup(entries, systems)


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
    refers_to: bool = False  # the date is the period a figure refers to, not the note's own


@dataclass(frozen=True)
class _Marker:
    start: int
    point: DatePoint
    org: str | None


def _norm(text: str) -> str:
    return _SPACE_RE.sub(" ", _TAG_RE.sub(" ", html.unescape(text))).strip()


def _report_reference(reference: date | None) -> date | None:
    return reference - _REPORT_SHIFT if reference is not None else None


@lru_cache(maxsize=4096)
def _plain_dates(text: str, reference: date | None) -> tuple[DatePoint, ...]:
    """Dates as the grammar reads them, in the reporting window (cached: lines recur)."""
    return tuple(find_dates(text, reference=_report_reference(reference)))


@lru_cache(maxsize=4096)
def _reported_dates(text: str, reference: date | None) -> tuple[tuple[int, DatePoint], ...]:
    """(offset in ``text``, point) of every date, short month names included."""
    spelled = _SHORT_MONTH.sub(lambda m: _FULL_MONTH[m.group(1)], text)
    found, pos = [], 0
    for point in find_dates(spelled, reference=_report_reference(reference)):
        at = spelled.find(point.text, pos)
        if at < 0:
            continue
        pos = at + len(point.text)
        found.append((at, point))
    return tuple(found)


def _date_at_start(fragment: str, reference: date | None) -> DatePoint | None:
    """The date ``fragment`` opens with (prepositions aside); else None."""
    text = _norm(fragment[:90])
    points = _reported_dates(text, reference)
    if not points:
        return None
    at, first = points[0]
    bare = _LEAD_PREP.sub("", text, count=1)
    if at == 0 or bare.startswith(first.text):
        return first
    return None


def _strong_date(sentence: str, reference: date | None) -> DatePoint | None:
    """Date of a sentence that opens with a date or states an event phrase + date."""
    lead = sentence.lstrip(" \t•-–—*·")
    return _date_at_start(lead, reference) or _event_date(sentence, reference)


def _event_date(sentence: str, reference: date | None) -> DatePoint | None:
    """The date an event phrase is followed by ("completed 21st February 2018"), else None."""
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


def _reported_date(sentence: str, reference: date | None) -> DatePoint | None:
    """First date the sentence reports as having happened by the plan date, else None."""
    if reference is None or _IMPERATIVE.match(sentence):
        return None
    text = _norm(sentence)
    for at, point in _reported_dates(text, reference):
        if point.precision not in _EVENT_PRECISIONS or point.start > reference:
            continue
        head = text[:at]
        starts = [m.end() for m in _CLAUSE_START.finditer(head)]
        clause = head[starts[-1] :] if starts else head
        qualifier = re.match(r"[^\dA-Z]*", point.text)  # "since ", "from ", "w/c "
        lead = head + (qualifier.group(0) if qualifier else "")
        if _FUTURE_IN_CLAUSE.search(clause) or _NOT_EVENT_BEFORE.search(lead):
            continue
        return point
    return None


def _refers_to_figure(sentence: str, point: DatePoint, reference: date | None) -> bool:
    """True when a sentence's date is the period a figure refers to, not when something happened.

    That is a period (a week or longer, not a day) that is not an event phrase's date
    ("commenced November 2017"), in a sentence that states figures: a word of measurement
    ("data", "actual", "target", "level of" ...), a percentage, a number right after the date
    ("In July 2017 6,859 patients", "Unmet demand Feb – 594") or a run of numbers ("256 390").
    """
    lead = sentence.lstrip(" \t•-–—*·")
    if point.precision == "day":
        return False
    if _date_at_start(lead, reference) is None and _event_date(sentence, reference) is not None:
        return False
    text = _norm(sentence)
    masked = _SHORT_MONTH.sub(lambda m: _FULL_MONTH[m.group(1)], text)
    dates = _reported_dates(text, reference)  # offsets in the spelled-out text
    for at, found in dates:
        masked = masked[:at] + "#" * len(found.text) + masked[at + len(found.text) :]
    if _FIGURE_WORDS.search(masked) or _NUMBER_RUN.search(masked):
        return True
    return any(
        found.start == point.start and _NUMBER_AFTER.match(masked, at + len(found.text))
        for at, found in dates
    )


def _sentence_date(sentence: str, reference: date | None) -> DatePoint | None:
    """The date a sentence is an event of: a strong date, else its first reported date."""
    return _strong_date(sentence, reference) or _reported_date(sentence, reference)


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


def _lost_stops(text: str, start: int, end: int, reference: date | None) -> list[int]:
    """Offsets in ``text[start:end]`` where a sentence ends without its full stop.

    A date ending in a number followed by a capitalised word ("... 26.9.17 SAB Learning events
    ...") ends a sentence, unless the date opens the sentence ("On 12 March 2018 NHS England").
    """
    line = text[start:end]
    if not re.search(r"\d\s+[A-Z]", line):
        return []
    cuts, pos = [], 0
    for point in _plain_dates(line, reference):
        at = line.find(point.text, pos)
        if at < 0:
            continue
        stop = pos = at + len(point.text)
        m = re.match(r"\s+(?=[A-Z])(?!(?:" + "|".join(BARE_MONTH_NAMES) + r")\b)", line[stop:])
        if not m or not point.text[-1:].isdigit():
            continue
        before = line[:at]
        opener = _SENTENCE_OPENER.search(before)
        if opener is None and line[:stop].strip():
            cuts.append(start + stop + m.end())
    return cuts


def _sentences(
    text: str, lo: int, hi: int, reference: date | None = None
) -> Iterable[tuple[int, int, bool]]:
    """(start, end, starts_paragraph) for each sentence of ``text[lo:hi]``."""
    pos, previous, in_list = lo, "", False
    for line in text[lo:hi].split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        paragraph = not (previous and (_continues(previous, line) or in_list))
        stops = [m for m in _SENTENCE_END.finditer(text, start, end)]
        ends = sorted(
            [(m.start(), m.end()) for m in stops]
            + [(c, c) for c in _lost_stops(text, start, end, reference)]
        )
        cut = start
        for stop, resume in ends:
            if stop < cut:
                continue
            word = re.search(r"(\S+)\.$", text[cut:stop].rstrip("\"')]"))
            if word and word.group(1).casefold().lstrip("(") in _ABBREVIATIONS:
                continue
            if text[cut:stop].strip():
                yield cut, stop, paragraph
                paragraph = False
            cut = resume
        if text[cut:end].strip():
            yield cut, end, paragraph
        stripped = line.rstrip()
        if stripped.endswith((":", ":-")):
            in_list = True
        elif in_list and stripped.endswith((".", "!", "?")):
            in_list = False
        previous = line


def _plain_events(text: str, lo: int, hi: int, reference: date | None) -> list[Event]:
    """Events of unmarked text: a paragraph or a dated sentence starts one."""
    starts: list[int] = []
    points: list[DatePoint | None] = []
    figures: list[bool] = []
    for start, end, paragraph in _sentences(text, lo, hi, reference):
        point = _sentence_date(text[start:end], reference)
        if not starts or paragraph or point is not None:
            starts.append(start)
            points.append(point)
            figure = point is not None and _refers_to_figure(text[start:end], point, reference)
            figures.append(figure)
    if not starts:
        return []
    starts[0] = lo  # leading whitespace belongs to the first event
    ends = [*starts[1:], hi]
    return [
        Event(s, e, p, refers_to=f)
        for s, e, p, f in zip(starts, ends, points, figures, strict=True)
    ]


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
    code_system = getattr(org_lookup, "code_system", None)
    rows = []
    for seq, (source, event, source_field) in enumerate(pieces):
        own = event.point if event.point is not None and not event.refers_to else None
        period = event.point if event.refers_to else None
        code = event.reported_by_code
        rows.append(
            {
                "document_id": action["document_id"],
                "area": action["area"],
                "area_id": action["area_id"],
                "action_id": action["action_id"],
                "seq": seq,
                "as_of": reference,
                "update_date": own.start if own else None,
                "update_date_precision": own.precision if own else None,
                "refers_to_period": period.start if period else None,
                "refers_to_precision": period.precision if period else None,
                "reported_by": event.reported_by,
                "reported_by_code": code,
                "reported_by_code_system": code_system(code) if code and code_system else None,
                "text": source[event.start : event.end].strip(),
                "source_field": source_field,
            }
        )
    return rows


def update_warnings(
    action: Mapping[str, Any], rows: Iterable[Mapping[str, Any]], *, reference: date | None
) -> list[str]:
    """Warnings for the action row: updates dated after the plan date (most likely a typo).

    Such dates are kept as written ("event held 19 December 2018" in a March 2018 plan), so
    the reader sees them flagged instead of silently moved. A figure's period counts too.
    """
    if reference is None:
        return []
    out = []
    for row in rows:
        when = row.get("update_date") or row.get("refers_to_period")
        if when is not None and when > reference:
            out.append(
                f"update {row['seq']} of action {action['action_id']} is dated "
                f"{when.isoformat()}, after the plan date {reference.isoformat()} "
                f"(probably a typo): {_norm(row['text'])[:80]!r}"
            )
    return out
