"""Dates as plans write them, each with the value a reader should get.

The expected value of a due or revised date is the LAST day of the period the text states
(README: "a due or revised date the last day"): "March 2018" → 2018-03-31, "Q3 2018/19" →
2018-12-31 (UK financial year, Q1 = April-June), "w/c 4 June 2018" → 2018-06-10 (the week
commencing is that Monday and the six days after it), "31.3.18" → 2018-03-31. "Ongoing" has none.
Written independently of normalise/dates.py so the test does not check the parser against itself.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

MONTHS = tuple(calendar.month_name)[1:]
MON = tuple(calendar.month_abbr)[1:]

DUE_STYLES = (
    "dmy_slash",  # 31/03/2018
    "dmy_dot_short",  # 31.3.18
    "month_year",  # March 2018
    "mon_yy",  # Mar-18
    "end_of",  # end of June 2018
    "quarter_fy",  # Q3 2018/19
    "week_commencing",  # w/c 4 June 2018
)
NON_DATES = ("Ongoing", "TBC")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def fy_quarter(d: date) -> tuple[int, int]:
    """(first year of the financial year, quarter 1-4) of a day; Q1 is April-June."""
    fy = d.year if d.month >= 4 else d.year - 1
    return fy, (d.month - 4) % 12 // 3 + 1


def quarter_end(fy: int, q: int) -> date:
    month = 3 + 3 * q  # Q1 → June, Q2 → September, Q3 → December, Q4 → March next year
    return month_end(fy + 1, 3) if q == 4 else month_end(fy, month)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def render(style: str, d: date) -> tuple[str, date]:
    """(text, expected last day) of the period in `style` that contains day `d`."""
    if style == "dmy_slash":
        return f"{d.day:02d}/{d.month:02d}/{d.year}", d
    if style == "dmy_dot_short":
        return f"{d.day}.{d.month}.{d.year % 100:02d}", d
    if style == "month_year":
        return f"{MONTHS[d.month - 1]} {d.year}", month_end(d.year, d.month)
    if style == "mon_yy":
        return f"{MON[d.month - 1]}-{d.year % 100:02d}", month_end(d.year, d.month)
    if style == "mon_yy_space":
        return f"{MON[d.month - 1]} {d.year % 100:02d}", month_end(d.year, d.month)
    if style == "end_of":
        return f"end of {MONTHS[d.month - 1]} {d.year}", month_end(d.year, d.month)
    if style == "quarter_fy":
        fy, q = fy_quarter(d)
        return f"Q{q} {fy}/{(fy + 1) % 100:02d}", quarter_end(fy, q)
    if style == "week_commencing":
        monday = d - timedelta(days=d.weekday())
        return f"w/c {monday.day} {MONTHS[monday.month - 1]} {monday.year}", monday + timedelta(6)
    raise ValueError(f"unknown date style {style!r}")


def first_day(style: str, d: date) -> date:
    """First day of the period `render(style, d)` states (where a later date must start)."""
    if style in ("dmy_slash", "dmy_dot_short"):
        return d
    if style == "quarter_fy":
        fy, q = fy_quarter(d)
        end = quarter_end(fy, q)
        return date(end.year, end.month - 2, 1)
    if style == "week_commencing":
        return d - timedelta(days=d.weekday())
    return d.replace(day=1)


def plan_date_text(style: str, d: date) -> str:
    """A plan's own date line."""
    long = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return {
        "updated": f"Updated {long}",
        "slash": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "ordinal": f"{ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}",
        "meeting": f"Date of meeting: {long}",
        "as_at": f"Position as at {long}",
    }[style]


PLAN_DATE_STYLES = ("updated", "slash", "ordinal", "meeting", "as_at")
