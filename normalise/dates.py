"""The project's single date grammar: every date-like cell and every date inside text goes here.

Action plans write dates in many hands ("31.3.18", "Dec17", "Feb 18 - Feb 19", "Q2 2018/19",
"w/c 8th January 2018", "Ongoing", "Sep 18: Phase 1 ..."). Keeping the whole grammar in one
file means one set of conventions, one place to fix a misreading, and one test file.

Conventions (all deliberate, all tested):

* UK day-first always: "1/12/17" is 1 December 2017.
* "Mon NN" is month + two-digit year ("Feb 18" = February 2018), never "18 February"; a day
  comes first ("18 Feb") or carries an ordinal ("Feb 18th").
* Every reading is a *period*: ``start`` is its first day and ``end`` its last, at the precision
  the text names ("April 2018" = 2018-04-01..2018-04-30; "end of March 2018" is still the month).
* UK financial years run April-March: "2018/19" = 2018-04-01..2019-03-31, "Q4 2017/18" =
  Jan-Mar 2018. A bare "Q3" is a quarter of the financial year containing the reference date.
  "Q1 2018" (quarter + one calendar year) is read as a calendar quarter, with a warning.
* The plan's own date (``reference``) is the ONLY notion of "now": it settles the century of
  two-digit years (the century putting the year nearest the reference year; ties go to the
  earlier) and the year of bare months / day-months (the occurrence nearest the reference date;
  ties go to the later one). Without a reference, ``DEFAULT_REFERENCE`` is used. The clock is
  never read, so the same input always gives the same reading.
* Dates more than ``IMPLAUSIBLE_YEARS_BEFORE`` years before or ``IMPLAUSIBLE_YEARS_AFTER``
  years after the reference are kept but warned about ("31.3.10" in a 2018 plan is 2010).
* Qualifiers change the kind, not the period: "From Jan 18" / "Commenced ..." / "start ..." /
  "... onwards" are open starts (no last day); "by ..." / "end of ..." are deadlines at the
  precision written; "w/c 8.1.18" is the week 8-14 January 2018 (precision "week").
* A cell with several dates is "milestones". Each point's label is its step's text: the text
  after the date when dates are followed by a colon ("Sep 18: Phase 1 ..."), otherwise the text
  before it ("Shortlist Mar 2018"). ``first_day()`` is the EARLIEST start among the points (the
  work starts with its first step, whatever order the plan lists them in); ``last_day()`` is the
  end of the LAST point in text order (the final milestone is the due date, as the golden
  tables read it).
* HTML tags left in cells by the document rendition are ignored; whitespace runs collapse.
  ``DatePoint.text`` is the fragment as written after that clean-up, qualifier included
  ("from 1.4.18"); a range's two ends carry their own text, or the whole fragment when they
  share a year ("Jan-Mar 2018").

The explicit grammar (compiled regexes below) reads every form the corpus uses. ``dateparser``
is only a last-resort fallback for short cells the grammar cannot read; it is imported lazily
(it is slow to import), pinned to English, day-first and the reference date, and a reading it
produces always carries a warning.
"""

from __future__ import annotations

import html
import re
from calendar import monthrange
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

__all__ = [
    "DEFAULT_REFERENCE",
    "MONTHS",
    "NON_DATE_WORDS",
    "DatePoint",
    "DateReading",
    "Kind",
    "Precision",
    "find_dates",
    "read_date",
]

Precision = Literal["day", "week", "month", "season", "quarter", "year", "financial_year"]
Kind = Literal["empty", "date", "range", "open_start", "milestones", "non_date", "unparsed"]

# --------------------------------------------------------------------------------------------
# Vocabulary: everything a newcomer needs to know about what counts as a date lives here.
# --------------------------------------------------------------------------------------------

#: Used when the caller has no plan date; a fixed day so readings never depend on the clock.
DEFAULT_REFERENCE: date = date(2018, 1, 1)

#: Years before / after the reference beyond which a date is kept but flagged as implausible.
IMPLAUSIBLE_YEARS_BEFORE = 5
IMPLAUSIBLE_YEARS_AFTER = 10

#: First month of the UK (public sector) financial year.
FINANCIAL_YEAR_START_MONTH = 4

#: Month words (lower case) -> month number. Includes "Sept" and common misspellings.
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "janaury": 1,
    "february": 2, "feb": 2, "febuary": 2, "feburary": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

#: Month names accepted on their own inside running text (full and capitalised only, so that
#: "Jan Ross" or "may be" are not read as dates). A cell holding nothing but a month word is
#: read whatever its case or abbreviation.
BARE_MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

#: Regex fragment (lower case) -> canonical word, for cells that state a status, not a date.
NON_DATE_WORDS: dict[str, str] = {
    r"on[\s-]*going": "ongoing",
    r"continuous": "ongoing",
    r"continuing": "ongoing",
    r"in\s+progress": "ongoing",
    r"tbc": "tbc",
    r"tba": "tbc",
    r"tbd": "tbc",
    r"to\s+be\s+confirmed": "tbc",
    r"to\s+be\s+determined": "tbc",
    r"to\s+be\s+decided": "tbc",
    r"to\s+be\s+announced": "tbc",
    r"to\s+be\s+agreed": "to_be_agreed",
    r"completed?": "completed",
    r"done": "completed",
    r"achieved": "completed",
    r"closed": "completed",
    r"as\s+per\s+(?:the\s+)?strategy": "as_per_strategy",
    r"as\s+per\s+(?:the\s+)?(?:project\s+)?plan": "as_per_plan",
    r"n\s*/\s*a": "not_applicable",
    r"n\.a\.?": "not_applicable",
    r"na": "not_applicable",
    r"not\s+applicable": "not_applicable",
    r"immediate(?:ly)?": "immediate",
    r"asap": "immediate",
    r"timelines?": "timelines",
    r"timescales?": "timelines",
    r"not\s+(?:yet\s+)?started": "not_started",
    r"(?:bi-?)?(?:weekly|monthly|quarterly|annually|annual|daily)": "recurring",
    r"see\s+(?:above|below|action\s+\d+(?:\.\d+)*)": "see_other",
}

#: Words before a date that make it the start of an open-ended period ("From Jan 18").
OPEN_START_WORDS = (
    r"from|commenc(?:ed|ing|es|e)|start(?:ed|ing|s)?|begin(?:ning|s)?|since|"
    r"with\s+effect\s+from|w\.?e\.?f\.?"
)
#: Words before a date that make it a deadline. The period itself is unchanged: "by 31.3.18"
#: is that day, "end of March 2018" is still the month of March.
DEADLINE_WORDS = (
    r"(?:by\s+)?(?:the\s+)?end(?:\s+of)?(?:\s+the)?|by|before|due(?:\s+by)?|deadline|"
    r"target(?:\s+date)?|no\s+later\s+than|not\s+later\s+than|until|till"
)
#: "Week commencing" words: the period is the day written plus the six days after it.
WEEK_START_WORDS = r"w\s*/\s*[cb]|w\.c\.|wc|week\s+(?:commencing|beginning|starting)"
#: "Week ending" words: the period is the six days before the day written, and that day.
WEEK_END_WORDS = r"w\s*/\s*e|week\s+ending"
#: Harmless prepositions absorbed into the date so they do not count as surrounding text.
NEUTRAL_WORDS = r"in|on|during|for"
#: Words after a date that make it an open start ("Jan 18 onwards").
OPEN_END_SUFFIXES = r"onwards?|and\s+beyond"
#: Connectors that join two dates into a range ("Feb 18 - Feb 19", "1.4.18 to 31.3.19").
RANGE_CONNECTORS = r"-|–|—|to|until|till|through|thru|/"

#: Settings for the dateparser fallback (RELATIVE_BASE is added per reference date).
DATEPARSER_SETTINGS: dict[str, object] = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "PREFER_DATES_FROM": "current_period",
    "REQUIRE_PARTS": ["month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    # No relative ("next week") or timestamp parsing: plans state dates, and a bare number
    # must never become a Unix timestamp.
    "PARSERS": ["custom-formats", "absolute-time"],
}
#: Longer cells are prose, not a date dateparser should guess at.
DATEPARSER_MAX_CHARS = 60


# --------------------------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatePoint:
    """One period named by the text, kept as first and last day so every precision compares."""

    start: date
    end: date
    precision: Precision
    text: str
    label: str | None = None


@dataclass(frozen=True)
class DateReading:
    """Everything read from one cell, so callers pick start/due dates without re-parsing.

    ``kind`` says how to use ``points``: one ``date``; a ``range`` (its two ends); an
    ``open_start`` (a start with no end); ``milestones`` (several dated steps, with labels).
    ``non_date`` holds the canonical status word ("ongoing", "tbc", "completed", ...) for
    ``non_date`` cells, and also a status word standing next to a date ("Completed 21/2/18").
    """

    raw: str
    kind: Kind
    points: tuple[DatePoint, ...]
    non_date: str | None
    warnings: tuple[str, ...]

    def _first_point(self) -> DatePoint | None:
        if not self.points:
            return None
        if self.kind == "milestones":
            # Milestones are not always listed in date order; the work starts at the earliest.
            return min(self.points, key=lambda p: p.start)
        return self.points[0]

    def _last_point(self) -> DatePoint | None:
        if not self.points or self.kind == "open_start":
            return None
        # For milestones the final milestone in text order is the due date (the plan's own
        # reading order), even if an earlier-listed step ends later.
        return self.points[-1]

    def first_day(self) -> date | None:
        """First day of the first period (earliest start for milestones): a start date."""
        point = self._first_point()
        return point.start if point else None

    def last_day(self) -> date | None:
        """Last day of the last period in text order: a due/revised date; None if open."""
        point = self._last_point()
        return point.end if point else None

    def start_precision(self) -> Precision | None:
        """Precision of the point that gave ``first_day``."""
        point = self._first_point()
        return point.precision if point else None

    def end_precision(self) -> Precision | None:
        """Precision of the point that gave ``last_day``."""
        point = self._last_point()
        return point.precision if point else None


# --------------------------------------------------------------------------------------------
# Periods and eras
# --------------------------------------------------------------------------------------------


def _day(d: date, text: str) -> DatePoint:
    return DatePoint(d, d, "day", text)


def _month(year: int, month: int, text: str) -> DatePoint:
    return DatePoint(
        date(year, month, 1), date(year, month, monthrange(year, month)[1]), "month", text
    )


def _quarter_of_fy(fy_start: int, quarter: int, text: str) -> DatePoint:
    month = FINANCIAL_YEAR_START_MONTH + 3 * (quarter - 1)
    year = fy_start + (month - 1) // 12
    month = (month - 1) % 12 + 1
    last = month + 2
    return DatePoint(
        date(year, month, 1), date(year, last, monthrange(year, last)[1]), "quarter", text
    )


def _calendar_quarter(year: int, quarter: int, text: str) -> DatePoint:
    first = 3 * quarter - 2
    last = first + 2
    return DatePoint(
        date(year, first, 1), date(year, last, monthrange(year, last)[1]), "quarter", text
    )


def _financial_year(fy_start: int, text: str) -> DatePoint:
    start = date(fy_start, FINANCIAL_YEAR_START_MONTH, 1)
    end = date(fy_start + 1, FINANCIAL_YEAR_START_MONTH, 1) - timedelta(days=1)
    return DatePoint(start, end, "financial_year", text)


def _calendar_year(year: int, text: str) -> DatePoint:
    return DatePoint(date(year, 1, 1), date(year, 12, 31), "year", text)


def _fy_of(d: date) -> int:
    """Start year of the financial year containing ``d``."""
    return d.year if d.month >= FINANCIAL_YEAR_START_MONTH else d.year - 1


def _expand_year(token: str, ref: date) -> int:
    """Four digits as written; two digits in the century putting them nearest the reference."""
    digits = token.strip("'’‘ ")
    if len(digits) == 4:
        return int(digits)
    yy = int(digits)
    base = ref.year - ref.year % 100
    return min((base - 100 + yy, base + yy, base + 100 + yy), key=lambda y: (abs(y - ref.year), y))


def _distance(ref: date, start: date, end: date) -> int:
    if start <= ref <= end:
        return 0
    return min(abs((start - ref).days), abs((end - ref).days))


def _nearest_month(month: int, ref: date, text: str) -> DatePoint:
    """The occurrence of a year-less month nearest the reference (ties: the later one)."""
    options = [_month(ref.year + k, month, text) for k in (-1, 0, 1)]
    return min(options, key=lambda p: (_distance(ref, p.start, p.end), -p.start.year))


def _nearest_day(day: int, month: int, ref: date, text: str) -> DatePoint | None:
    """The occurrence of a year-less day-month nearest the reference (ties: the later one)."""
    options = []
    for k in range(-4, 5):
        try:
            options.append(date(ref.year + k, month, day))
        except ValueError:
            continue
    if not options:
        return None
    return _day(min(options, key=lambda d: (abs((d - ref).days), -d.year)), text)


def _fy_start(first: str, second: str, ref: date) -> int | None:
    """Start year of a written financial year ("2018/19", "17-18"), or None if not one."""
    start = _expand_year(first, ref)
    end = int(second) if len(second) == 4 else None
    if end is not None:
        return start if end == start + 1 else None
    return start if int(second) == (start + 1) % 100 else None


# --------------------------------------------------------------------------------------------
# Grammar: compiled regexes, one per form, each with a builder
# --------------------------------------------------------------------------------------------

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_NL = r"(?<![a-z])"  # not preceded by a letter
_NA = r"(?![a-z])"  # not followed by a letter
_ORD = r"(?:\s?(?:st|nd|rd|th)(?![a-z]))"  # ordinal suffix, also split by PDF extraction
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_YEAR_END = r"(?!\d)(?![.:,]\d)(?!\s?(?:st|nd|rd|th)(?![a-z]))(?!%)"


def _month_group(name: str) -> str:
    return rf"{_NL}(?P<{name}>{_MONTH_ALT}){_NA}"


# Between a month and its year: "Feb. 2018" and "3 March, 2018" are fine before four digits,
# but a full stop or comma before two digits ends the date ("on 8 February. 10 people ...");
# a hyphen joins them as spreadsheets write it ("Mar-18", "Sep-2018").
_YEAR_SEP = r"(?:\.?,?\s*(?=(?:19|20)\d{2}(?!\d))|-(?=['’‘]?\d{2}(?!\d)|(?:19|20)\d{2})|\s*)"


def _year_group(name: str) -> str:
    return rf"(?P<{name}>(?:19|20)\d{{2}}|['’‘]?\d{{2}}){_YEAR_END}"


def _fy_group(tag: str) -> str:
    return (
        rf"(?:fy\s*)?(?P<{tag}a>(?:19|20)?\d{{2}})\s*[/-]\s*(?P<{tag}b>(?:19|20)?\d{{2}})"
        r"(?!\d)(?![./-]\d)"
    )


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class _Hit:
    """A stretch of text read as one date, one range or one pair of dates (internal)."""

    start: int
    end: int
    points: tuple[DatePoint, ...]
    role: Literal["point", "range", "pair", "open_start"] = "point"
    error: str | None = None
    warnings: tuple[str, ...] = ()


def _error(m: re.Match[str], why: str) -> _Hit:
    return _Hit(m.start(), m.end(), (), error=f"not a date: {m.group(0)!r} ({why})")


def _checked_day(m: re.Match[str], year: int, month: int, day: int) -> _Hit:
    try:
        return _Hit(m.start(), m.end(), (_day(date(year, month, day), m.group(0)),))
    except ValueError:
        if not 1 <= month <= 12:
            return _error(m, f"month {month} out of range")
        return _error(m, f"day {day} out of range for {year}-{month:02d}")


def _build_iso(m: re.Match[str], ref: date) -> _Hit:
    return _checked_day(m, int(m["y"]), int(m["m"]), int(m["d"]))


def _build_numeric(m: re.Match[str], ref: date) -> _Hit:
    return _checked_day(m, _expand_year(m["y"], ref), int(m["m"]), int(m["d"]))


def _day_month(m: re.Match[str], ref: date, day: int, month_word: str, text: str) -> DatePoint:
    month = MONTHS[month_word.lower()]
    if m["y"]:
        return _day(date(_expand_year(m["y"], ref), month, day), text)
    point = _nearest_day(day, month, ref, text)
    if point is None:
        raise ValueError(f"day {day} out of range for month {month}")
    return point


def _build_day_month(m: re.Match[str], ref: date) -> _Hit:
    try:
        point = _day_month(m, ref, int(m["d"]), m["mon"], m.group(0))
    except ValueError as exc:
        return _error(m, str(exc))
    return _Hit(m.start(), m.end(), (point,))


def _build_day_range(m: re.Match[str], ref: date) -> _Hit:
    text = m.group(0)
    try:
        first = _day_month(m, ref, int(m["d1"]), m["mon"], text)
        second = _day_month(m, ref, int(m["d2"]), m["mon"], text)
    except ValueError as exc:
        return _error(m, str(exc))
    joined = m["c"].lower() in ("and", "&")
    return _Hit(m.start(), m.end(), (first, second), role="pair" if joined else "range")


def _build_month_range(m: re.Match[str], ref: date) -> _Hit:
    text = m.group(0)
    year = _expand_year(m["y"], ref)
    first, second = MONTHS[m["mon1"].lower()], MONTHS[m["mon2"].lower()]
    # "Dec/Jan 18": the year written belongs to the later month, so the range starts a year
    # earlier.
    first_year = year - 1 if first > second else year
    points = (_month(first_year, first, text), _month(year, second, text))
    joined = m["c"].lower() in ("and", "&")
    return _Hit(m.start(), m.end(), points, role="pair" if joined else "range")


def _build_month_year(m: re.Match[str], ref: date) -> _Hit:
    point = _month(_expand_year(m["y"], ref), MONTHS[m["mon"].lower()], m.group(0))
    return _Hit(m.start(), m.end(), (point,))


def _quarter_points(
    m: re.Match[str], ref: date, quarters: Iterable[int]
) -> tuple[tuple[DatePoint, ...], str | None, tuple[str, ...]]:
    """Points for quarters given the year part of the match; (points, error, warnings)."""
    text = m.group(0)
    for tag in ("fy", "pre"):
        if m[f"{tag}a"]:
            fy = _fy_start(m[f"{tag}a"], m[f"{tag}b"], ref)
            if fy is None:
                return (), f"{m[f'{tag}a']}/{m[f'{tag}b']} is not a financial year", ()
            return tuple(_quarter_of_fy(fy, q, text) for q in quarters), None, ()
    if m["cy"]:
        year = int(m["cy"])
        why = (
            f"ambiguous quarter year: {text!r} read as calendar quarter(s) of {year}, "
            "not the financial year"
        )
        return tuple(_calendar_quarter(year, q, text) for q in quarters), None, (why,)
    fy = _fy_of(ref)
    return tuple(_quarter_of_fy(fy, q, text) for q in quarters), None, ()


def _build_quarter(m: re.Match[str], ref: date) -> _Hit:
    points, error, warnings = _quarter_points(m, ref, (int(m["q"]),))
    if error:
        return _error(m, error)
    return _Hit(m.start(), m.end(), points, warnings=warnings)


def _build_quarter_range(m: re.Match[str], ref: date) -> _Hit:
    points, error, warnings = _quarter_points(m, ref, (int(m["q1"]), int(m["q2"])))
    if error:
        return _error(m, error)
    return _Hit(m.start(), m.end(), points, role="range", warnings=warnings)


def _build_financial_year(m: re.Match[str], ref: date) -> _Hit | None:
    fy = _fy_start(m["fya"], m["fyb"], ref)
    if fy is None:
        return None  # "12/17" and the like are simply not dates
    return _Hit(m.start(), m.end(), (_financial_year(fy, m.group(0)),))


# First month of each season (meteorological seasons, three months each).
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _build_season(m: re.Match[str], ref: date) -> _Hit:
    """A season of a year; winter runs from December into the next year ("Winter 2017/18")."""
    first = SEASONS[m["season"].lower()]
    if m["fya"]:
        fy = _fy_start(m["fya"], m["fyb"], ref)
        if fy is None:
            return _error(m, f"{m['fya']}/{m['fyb']} is not a pair of consecutive years")
        year = fy if first == 12 else fy + (1 if first < 4 else 0)
    else:
        year = _expand_year(m["y"].lstrip("'’‘"), ref)
    start = date(year, first, 1)
    end_month = (first + 2 - 1) % 12 + 1
    end_year = year + (1 if first + 2 > 12 else 0)
    end = _month(end_year, end_month, m.group(0)).end
    point = DatePoint(start, end, "season", m.group(0))
    return _Hit(m.start(), m.end(), (point,))


def _build_year(m: re.Match[str], ref: date) -> _Hit:
    return _Hit(m.start(), m.end(), (_calendar_year(int(m["y"]), m.group(0)),))


def _build_bare_month(m: re.Match[str], ref: date) -> _Hit:
    point = _nearest_month(MONTHS[m["mon"].lower()], ref, m.group(0))
    return _Hit(m.start(), m.end(), (point,))


_Builder = Callable[[re.Match[str], date], "_Hit | None"]

#: The atoms of the grammar. Where candidates overlap, the leftmost wins, then the longest,
#: then the one listed first.
_ATOMS: tuple[tuple[str, re.Pattern[str], _Builder], ...] = (
    # 2018-03-31 (also 2018.03.31, 2018/03/31)
    ("iso", _rx(r"(?<![\d./-])(?P<y>(?:19|20)\d{2})(?P<s>[-./])(?P<m>\d{1,2})(?P=s)"
                r"(?P<d>\d{1,2})(?!\d)(?![./-]\d)"), _build_iso),
    # 21.02.18, 9.11.17, 22/1/18, 17.1.2018, 1-4-18 (day first; two- or four-digit year)
    ("numeric", _rx(r"(?<![\d./-])(?P<d>\d{1,2})(?P<s>[./-])(?P<m>\d{1,2})(?P=s)"
                    r"(?P<y>(?:19|20)\d{2}|\d{2})(?!\d)(?![./-]\d)"), _build_numeric),
    # 21st-23rd March 2018, 21 st and 28 th February
    ("day_range", _rx(rf"(?<![\d./])(?P<d1>[0-3]?\d){_ORD}?\s*(?P<c>-|–|—|to|and|&)\s*"
                      rf"(?P<d2>[0-3]?\d){_ORD}?\s*(?:of\s+)?{_month_group('mon')}"
                      rf"(?:{_YEAR_SEP}{_year_group('y')})?"), _build_day_range),
    # 21st February 2018, 21 st February 2018, 3rd Jan 2018, 21 Feb 18, Thursday 9th November
    ("day_month", _rx(rf"{_NL}{_WEEKDAY}(?<![\d./])(?P<d>[0-3]?\d){_ORD}?\s*(?:of\s+)?"
                      rf"{_month_group('mon')}(?:{_YEAR_SEP}{_year_group('y')})?"),
     _build_day_month),
    # February 21st 2018, March 3, 2018 (month first needs an ordinal or a comma + year)
    ("month_day", _rx(rf"{_NL}{_WEEKDAY}{_month_group('mon')}\.?\s+(?:the\s+)?"
                      rf"(?P<d>[0-3]?\d)(?:{_ORD}|(?=,\s*(?:19|20)\d{{2}}))"
                      r"(?:,?\s*(?P<y>(?:19|20)\d{2})(?!\d))?"), _build_day_month),
    # Jan-Mar 2018, Feb/March 2018, Jan/Feb '18
    ("month_range", _rx(rf"{_month_group('mon1')}\.?\s*(?P<c>-|–|—|/|to|and|&)\s*"
                        rf"{_month_group('mon2')}{_YEAR_SEP}{_year_group('y')}"),
     _build_month_range),
    # Jan 2018, January 2018, Dec17, Dec '17, Sept 2018
    ("month_year", _rx(rf"{_month_group('mon')}{_YEAR_SEP}{_year_group('y')}"), _build_month_year),
    # Q1 and Q3 2018/19, Q1-Q2
    ("quarter_range", _rx(rf"(?<![a-z0-9])(?:{_fy_group('pre')}\s+)?q(?P<q1>[1-4])\s*"
                          r"(?:-|–|—|/|to|and|&)\s*q(?P<q2>[1-4])(?![0-9a-z])"
                          rf"(?:\s*(?:of\s+)?(?:{_fy_group('fy')}|(?P<cy>(?:19|20)\d{{2}})"
                          r"(?![\d/-])))?"), _build_quarter_range),
    # Q2 2018/19, Q4 17/18, 2018/19 Q1, bare Q3, Q1 2018 (calendar, warned)
    ("quarter", _rx(rf"(?<![a-z0-9])(?:{_fy_group('pre')}\s+)?(?:q|quarter\s*)(?P<q>[1-4])"
                    r"(?![0-9a-z])"
                    rf"(?:\s*(?:of\s+)?(?:{_fy_group('fy')}|(?P<cy>(?:19|20)\d{{2}})"
                    r"(?![\d/-])))?"), _build_quarter),
    # Spring 2018, Summer '18, Winter 2017/18
    ("season", _rx(rf"{_NL}(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?"
                   rf"(?:{_fy_group('fy')}|{_year_group('y')})"), _build_season),
    # 2018/19, 2017-18, 17/18, FY 2018/19
    ("financial_year", _rx(rf"(?<![\d./-]){_fy_group('fy')}"), _build_financial_year),
    # 2018
    ("year", _rx(r"(?<![\d./£$-])(?P<y>(?:19|20)\d{2})(?!\d)(?![./-]\d)(?!%)"), _build_year),
    # March (full, capitalised month word on its own)
    ("bare_month", re.compile(rf"(?<![A-Za-z])(?P<mon>{'|'.join(BARE_MONTH_NAMES)})"
                              r"(?![A-Za-z])"), _build_bare_month),
)  # fmt: skip

#: In a cell that holds nothing but a month word, any case and abbreviation will do.
_LOOSE_BARE_MONTH = _rx(rf"{_month_group('mon')}")

_WORD_START = r"(?<![a-z0-9/])"
_PREFIX_RE = _rx(
    rf"{_WORD_START}(?:(?P<week>{WEEK_START_WORDS})|(?P<weekend>{WEEK_END_WORDS})"
    rf"|(?P<open>{OPEN_START_WORDS})|(?P<deadline>{DEADLINE_WORDS})|(?P<neutral>{NEUTRAL_WORDS})"
    r"|(?P<between>between))"
    r"\s*:?\s*$"
)
_SUFFIX_RE = _rx(rf"\s*(?:{OPEN_END_SUFFIXES}){_NA}")
_CONNECTOR_RE = _rx(rf"\s*(?:{RANGE_CONNECTORS})\s*")
_BETWEEN_RE = _rx(rf"{_WORD_START}between\s*$")
_AND_RE = _rx(r"\s*(?:and|&)\s*")
_NON_DATE_RE = _rx(
    r"(?<![a-z0-9])(?:"
    + "|".join(f"(?P<w{i}>{pattern})" for i, pattern in enumerate(NON_DATE_WORDS))
    + r")(?![a-z0-9])"
)
_NON_DATE_CANONICAL = tuple(NON_DATE_WORDS.values())
_COLON_AFTER = re.compile(r"\s*:")
_STATUS_CUT = _rx(rf":\s*(?:{'|'.join(NON_DATE_WORDS)})(?![a-z0-9])")
_TAG_RE = re.compile(r"<[^<>]*>")
_SPACE_RE = re.compile(r"\s+")
_ALNUM_RE = re.compile(r"[^\W_]")
_DATEISH_RE = _rx(rf"\d|{_month_group('mon')}|\bq[1-4]\b")
# What the dateparser fallback could read that the grammar did not: a month or a four-digit
# year. Cell references ("table 1 row 4"), action numbers ("6.7.6") and counts never are, and
# dateparser's first call costs about 0.3 s (it compiles every time zone's expression).
# A word in what the grammar left over that no date is written with: the cell is a sentence
# ("DTOCs reduced to 36.8 per day by end March 2018"), not a date in a form the grammar missed.
_SENTENCE_WORD = _rx(rf"(?<![a-z])(?!{_month_group('mon')}\b"
                     r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|the\b|of\b)[a-z]{3,}")
_DATEPARSER_WORTHY = _rx(rf"{_month_group('mon')}|(?<!\d)(?:19|20)\d{{2}}(?!\d)")
_LABEL_EDGES = " \t:;,.-–—•|/"
_PRECISION_RANK: dict[str, int] = {
    "day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4, "financial_year": 4,
}  # fmt: skip
_KIND_OF_ROLE: dict[str, Kind] = {"point": "date", "range": "range", "open_start": "open_start"}


# --------------------------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------------------------


# A four-digit year broken by a narrow PDF column's line wrap: "31/05/20" + "18".
_BROKEN_YEAR = re.compile(r"\b(\d{1,2}[./-]\d{1,2}[./-](?:19|20))\s+(\d{2})\b")


def _clean(text: str) -> str:
    """Drop HTML markup and collapse whitespace, so the grammar sees the words only."""
    text = _TAG_RE.sub(" ", html.unescape(text))
    text = _BROKEN_YEAR.sub(r"\1\2", text)
    return _SPACE_RE.sub(" ", text).strip()


def _reference(reference: date | None) -> date:
    if reference is None:
        return DEFAULT_REFERENCE
    if isinstance(reference, datetime):
        return reference.date()
    return reference


def _candidates(text: str, ref: date, loose: bool) -> list[_Hit]:
    if _DATEISH_RE.search(text) is None:  # every form needs a digit, a month or a quarter
        return []
    found: list[tuple[int, int, int, _Hit]] = []
    atoms = list(_ATOMS)
    if loose:
        atoms.append(("loose_month", _LOOSE_BARE_MONTH, _build_bare_month))
    for rank, (_name, pattern, build) in enumerate(atoms):
        for m in pattern.finditer(text):
            hit = build(m, ref)
            if hit is not None:
                found.append((hit.start, -(hit.end - hit.start), rank, hit))
    found.sort(key=lambda item: item[:3])
    chosen: list[_Hit] = []
    for _start, _neg_len, _rank, hit in found:
        if not chosen or hit.start >= chosen[-1].end:
            chosen.append(hit)
    return chosen


def _merge_ranges(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Join "A - B" / "A to B" / "between A and B" into one range hit."""
    merged: list[_Hit] = []
    for hit in hits:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.error is None
            and hit.error is None
            and prev.role == "point"
            and hit.role == "point"
        ):
            gap = text[prev.end : hit.start]
            lo = merged[-2].end if len(merged) > 1 else 0
            joined = bool(_CONNECTOR_RE.fullmatch(gap)) or (
                bool(_AND_RE.fullmatch(gap)) and bool(_BETWEEN_RE.search(text[lo : prev.start]))
            )
            if joined:
                merged[-1] = _Hit(
                    prev.start, hit.end, prev.points + hit.points, role="range",
                    warnings=prev.warnings + hit.warnings,
                )  # fmt: skip
                continue
        merged.append(hit)
    return merged


def _qualify(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Attach prefix words (from / by / end of / w/c) and "onwards" suffixes to their dates."""
    out: list[_Hit] = []
    for i, hit in enumerate(hits):
        if hit.error is not None:
            out.append(hit)
            continue
        lo = out[-1].end if out else 0
        hi = hits[i + 1].start if i + 1 < len(hits) else len(text)
        start, end, role, warnings = hit.start, hit.end, hit.role, hit.warnings
        points, text_start = hit.points, hit.start
        m = _PREFIX_RE.search(text, lo, hit.start)
        if m:
            start = m.start()
            # A qualifier is part of what was written about the date; a preposition is not.
            text_start = hit.start if m["neutral"] else start
            if m["between"] and role == "pair":
                role = "range"  # "between 4th and 8th September 2017"
            elif m["open"] and role == "point":
                role = "open_start"
            elif (m["week"] or m["weekend"]) and role == "point":
                (point,) = points
                if point.precision == "day":
                    if m["week"]:
                        points = (replace(point, end=point.start + timedelta(days=6)),)
                    else:
                        points = (replace(point, start=point.end - timedelta(days=6)),)
                    points = (replace(points[0], precision="week"),)
                else:
                    warnings += (f"week qualifier on a {point.precision} ignored: "
                                 f"{text[start:end]!r}",)  # fmt: skip
        s = _SUFFIX_RE.match(text, end, hi)
        if s and role == "point":
            end, role = s.end(), "open_start"
        if len(points) == 1:
            points = (replace(points[0], text=text[text_start:end]),)
        out.append(_Hit(start, end, points, role, None, warnings))
    return out


def _scan(text: str, ref: date, *, loose: bool = False) -> list[_Hit]:
    return _qualify(text, _merge_ranges(text, _candidates(text, ref, loose)))


# --------------------------------------------------------------------------------------------
# Reading a cell
# --------------------------------------------------------------------------------------------


def _non_dates(text: str) -> tuple[list[str], str]:
    """Canonical status words in ``text`` (in order) and the text left once they are removed."""
    words: list[str] = []
    for m in _NON_DATE_RE.finditer(text):
        words.append(_NON_DATE_CANONICAL[int(str(m.lastgroup)[1:])])
    return words, _NON_DATE_RE.sub(" ", text)


def _has_words(text: str) -> bool:
    return bool(_ALNUM_RE.search(text))


def _tidy(text: str) -> str:
    return text.strip(_LABEL_EDGES)


def _residual(text: str, hits: Iterable[_Hit]) -> str:
    parts, pos = [], 0
    for hit in hits:
        parts.append(text[pos : hit.start])
        pos = hit.end
    parts.append(text[pos:])
    return _tidy(" ".join(_tidy(p) for p in parts if _tidy(p)))


def _plausibility(points: Iterable[DatePoint], ref: date) -> list[str]:
    warnings = []
    for p in points:
        if p.start.year < ref.year - IMPLAUSIBLE_YEARS_BEFORE:
            warnings.append(
                f"implausible year: {p.text!r} read as {p.start.year}, more than "
                f"{IMPLAUSIBLE_YEARS_BEFORE} years before the reference {ref}"
            )
        elif p.start.year > ref.year + IMPLAUSIBLE_YEARS_AFTER:
            warnings.append(
                f"implausible year: {p.text!r} read as {p.start.year}, more than "
                f"{IMPLAUSIBLE_YEARS_AFTER} years after the reference {ref}"
            )
    return warnings


def _label(text: str, before_style: bool) -> str | None:
    if before_style:
        # "Audit programme: ongoing Roll out ...: by 31.3.18": the status clause belongs to an
        # undated milestone, so the label starts after it.
        cuts = list(_STATUS_CUT.finditer(text))
        if cuts and _has_words(text[cuts[-1].end() :]):
            text = text[cuts[-1].end() :]
    label = _tidy(text.strip())
    return label or None


def _with_labels(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Label each dated step with its text: after "Sep 18:" style dates, else before them."""
    after_style = 2 * sum(bool(_COLON_AFTER.match(text, h.end)) for h in hits) > len(hits)
    out = []
    for i, hit in enumerate(hits):
        lo = hits[i - 1].end if i else 0
        hi = hits[i + 1].start if i + 1 < len(hits) else len(text)
        before, after = _label(text[lo : hit.start], True), _label(text[hit.end : hi], False)
        label = after if after_style else before
        if label is None and len(hits) == 1:
            label = before or after
        out.append(replace(hit, points=tuple(replace(p, label=label) for p in hit.points)))
    return out


@lru_cache(maxsize=4096)
def _dateparser_point(text: str, ref: date) -> DatePoint | None:
    """Last resort for a short cell the grammar cannot read (deterministic: fixed base)."""
    from dateparser.date import DateDataParser  # slow import: only when actually needed

    settings = dict(DATEPARSER_SETTINGS, RELATIVE_BASE=datetime(ref.year, ref.month, ref.day))
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:  # a fallback must never break the pipeline; the cell stays unparsed
        return None
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    if data.period == "month":
        return _month(found.year, found.month, text)
    if data.period == "year":
        return _calendar_year(found.year, text)
    if data.period == "week":
        return DatePoint(found, found + timedelta(days=6), "week", text)
    return _day(found, text)


def _without_date(raw: str, text: str, ref: date, warnings: list[str]) -> DateReading:
    words, _rest = _non_dates(text)
    if words:
        word = next((w for w in words if w != "timelines"), words[0])
        warnings.append(f"text around the non-date word {word!r} ignored: {text!r}")
        return DateReading(raw, "non_date", (), word, tuple(warnings))
    if not warnings and len(text) <= DATEPARSER_MAX_CHARS and _DATEPARSER_WORTHY.search(text):
        point = _dateparser_point(text, ref)
        if point is not None:
            warnings.append(f"read by the dateparser fallback, not the grammar: {text!r}")
            warnings.extend(_plausibility([point], ref))
            return DateReading(raw, "date", (point,), None, tuple(warnings))
    if not warnings:
        why = (
            "looks like a date but matches no supported form"
            if _DATEISH_RE.search(text)
            else "contains no date"
        )
        warnings.append(f"unparsed: {text!r} {why}")
    return DateReading(raw, "unparsed", (), None, tuple(warnings))


def _finer_by_dateparser(text: str, hits: list[_Hit], residual: str, ref: date) -> DatePoint | None:
    """dateparser's reading when the grammar read only part of a short cell ("2018 Mar 3").

    Accepted only if it is more precise than, and lies inside, what the grammar read.
    """
    if len(hits) != 1 or hits[0].role != "point" or len(text) > DATEPARSER_MAX_CHARS:
        return None
    if not _DATEISH_RE.search(residual) or not _DATEPARSER_WORTHY.search(text) or \
            _SENTENCE_WORD.search(residual):
        return None
    (point,) = hits[0].points
    rank = _PRECISION_RANK[point.precision]
    if rank == 0:
        return None  # a day already: nothing is finer
    finer = _dateparser_point(text, ref)
    if finer is None or _PRECISION_RANK[finer.precision] >= rank:
        return None
    return finer if point.start <= finer.start and finer.end <= point.end else None


def read_date(text: str | None, *, reference: date | None = None) -> DateReading:
    """Read one table cell (start, due or revised date) into a ``DateReading``.

    ``reference`` is the plan's own date: it is the only "now" used (see module docstring).
    """
    ref = _reference(reference)
    raw = "" if text is None else str(text)
    cleaned = _clean(raw)
    if not cleaned:
        return DateReading(raw, "empty", (), None, ())

    words, rest = _non_dates(cleaned)
    if words and not _has_words(rest):
        distinct = list(dict.fromkeys(words))
        warnings = () if len(distinct) == 1 else (f"several status words: {distinct}",)
        return DateReading(raw, "non_date", (), distinct[0], warnings)

    hits = _scan(cleaned, ref)
    if not any(h.error is None for h in hits):
        loose = _scan(cleaned, ref, loose=True)
        if any(h.error is None for h in loose):
            hits = loose
    warnings = [h.error for h in hits if h.error is not None]
    residual = _residual(cleaned, hits)  # invalid fragments were warned about already
    hits = [h for h in hits if h.error is None]
    if not hits:
        return _without_date(raw, cleaned, ref, warnings)

    for hit in hits:
        warnings.extend(hit.warnings)
        if hit.role == "range" and hit.points[-1].end < hit.points[0].start:
            warnings.append(f"range ends before it starts: {cleaned[hit.start : hit.end]!r}")
    points_all = [p for h in hits for p in h.points]
    warnings.extend(_plausibility(points_all, ref))

    status: str | None = None
    finer = _finer_by_dateparser(cleaned, hits, residual, ref)
    if finer is not None:
        warnings.append(f"read by the dateparser fallback, not the grammar: {cleaned!r}")
        return DateReading(raw, "date", (finer,), None, tuple(dict.fromkeys(warnings)))
    if len(hits) == 1 and hits[0].role != "pair":
        kind = _KIND_OF_ROLE[hits[0].role]
        if _has_words(residual):
            words, rest = _non_dates(residual)
            if words and not _has_words(rest):
                status = words[0]  # "Completed 21/2/18": a status beside the date
            else:
                warnings.append(f"text around the date ignored: {residual!r}")
                hits = _with_labels(cleaned, hits)
    else:
        kind = "milestones"
        hits = _with_labels(cleaned, hits) if _has_words(residual) else hits
    points = tuple(p for h in hits for p in h.points)
    return DateReading(raw, kind, points, status, tuple(dict.fromkeys(warnings)))


def find_dates(text: str, *, reference: date | None = None) -> tuple[DatePoint, ...]:
    """Every date inside running text, in text order (a range gives its two ends).

    Stricter than ``read_date`` about bare month words (full, capitalised names only) and
    silent about fragments that are not valid dates, because prose is full of numbers.
    """
    if not text:
        return ()
    cleaned = _clean(text)
    hits = _scan(cleaned, _reference(reference))
    return tuple(p for h in hits if h.error is None for p in h.points)
