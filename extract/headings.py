"""Recognising theme headings, theme metadata lines and the completed-actions marker.

Shared by the text, DOCX and PDF readers: whatever the format, a heading is a short line such as
"Improvement Theme 3: **INFORMATION and DATA SHARING**", "Service Improvement Workstream 6.2:
**DISCHARGE TO ASSESS**" or "4. Workforce". Headings that name a theme or workstream explicitly
always count; bare numbered lines count only when a table follows them (the reader decides).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that introduce a theme heading ("Improvement Theme 3:", "Recommendation 1:",
# "Priority 2 –", "Workstream C", "Key line of enquiry 4").
_THEME_WORDS = (
    r"theme|workstream|work-stream|work\s+stream|priority|objective|domain|section|"
    r"key\s+line\s+of\s+enquiry|kloe|recommendation|key\s+question|strand|aim|goal|"
    r"area\s+for\s+improvement|improvement\s+area|focus\s+area|regulation|reg\."
)
_THEME_ID = r"\d{1,2}(?:\.\d{1,2})*|[A-Z](?![A-Za-z])|(?-i:[IVX]{1,4})(?![A-Za-z])"
_EXPLICIT = re.compile(
    rf"^(?P<prefix>(?:[A-Za-z&]+\s+){{0,3}}?(?:{_THEME_WORDS}))\s*(?:no\.?\s*)?"
    rf"(?P<id>{_THEME_ID})\s*[:.\-–—)]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
# A heading that names a theme without a number ("Theme: Workforce"); the reader numbers it.
_UNNUMBERED = re.compile(
    rf"^(?:improvement\s+|key\s+|strategic\s+)?(?:{_THEME_WORDS})(?:\s+area)?\s*[:\-–—]\s*"
    r"(?P<title>(?-i:[A-Z])[^\t]{1,100})$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(
    r"^(?P<id>\d{1,2}(?:\.\d{1,2})?|[A-Z](?=[.)]))[.)]?\s+(?P<title>[A-Z(][^\t]{2,100})$"
)
# A titled heading that gives the code its actions' ids start with: "Admission avoidance (AA)".
_CODED = re.compile(r"^(?P<title>[A-Z][^()\t]{2,80}?)\s*\((?P<id>[A-Z]{1,4}\d{0,2})\)$")
# The code first: "PE – Prevention and early help" over PE01, PE02.
_CODE_FIRST = re.compile(r"^(?P<id>[A-Z]{2,4})\s*[–—:\-]\s+(?P<title>[A-Z][^\t]{2,80})$")
# The five key questions CQC asks of every service: a provider's plan is themed by them
# ("SAFE", "Is the service effective?", "Key question: Well-led", "Responsive – complaints").
CQC_KEY_QUESTIONS = ("Safe", "Effective", "Caring", "Responsive", "Well-led")
_KEY_QUESTION = re.compile(
    r"^(?:(?:cqc\s+)?(?:key\s+question|domain)\s*\d?\s*[:\-–—]?\s*)?"
    r"(?:(?:is|are)\s+(?:the\s+)?(?:service|services|trust|practice|home|provider|location)s?\s+)?"
    r"(?P<q>safe|effective|caring|responsive|well[\s-]?led)\??"
    r"(?:\s*[:\-–—]\s*(?P<title>.{2,100}))?$",
    re.IGNORECASE,
)
_META = (
    ("lead_organisation", re.compile(r"^lead\s+organi[sz]ations?\s*[:\-–]\s*(?P<v>.*)$", re.I)),
    (
        "reporting_lead",
        re.compile(
            r"^(?:reporting\s+(?:officer\s+)?lead|lead\s+officer|senior\s+responsible\s+officer|"
            r"sro|executive\s+lead|theme\s+lead)\s*[:\-–]\s*(?P<v>.*)$",
            re.I,
        ),
    ),
    (
        "explanation",
        re.compile(r"^(?:explanation|rationale|context|summary)\s*[:\-–]\s*(?P<v>.*)$", re.I),
    ),
)
_COMPLETED = re.compile(r"^(?:completed|closed|complete)\s+actions?\b.{0,40}$", re.I)
_MARKUP = re.compile(r"[*_#]+")


@dataclass(frozen=True)
class HeadingMatch:
    theme_id: str  # "" when the heading prints no number (the reader numbers it by order)
    title: str
    explicit: bool


def clean_title(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).split()).strip(" :-–")


def match_heading(line: str) -> HeadingMatch | None:
    """A theme heading on a line without table cells, or None."""
    text = " ".join(_MARKUP.sub(" ", line).split())
    if not text or len(text) > 160:
        return None
    question = _KEY_QUESTION.match(text.strip(" :"))
    if question:
        word = question.group("q").lower().replace(" ", "-")
        theme_id = next(q for q in CQC_KEY_QUESTIONS if q.lower() == word.replace("--", "-"))
        printed = re.sub(r"(?i)^(?:cqc\s+)?(?:key\s+question|domain)\s*\d?\s*[:\-–—]?\s*", "", text)
        return HeadingMatch(theme_id, clean_title(question.group("title") or printed), True)
    explicit = _EXPLICIT.match(text)
    if explicit:
        return HeadingMatch(explicit.group("id"), clean_title(explicit.group("title")), True)
    unnumbered = _UNNUMBERED.match(text)
    if unnumbered:
        return HeadingMatch("", clean_title(unnumbered.group("title")), True)
    coded = _CODED.match(text) or _CODE_FIRST.match(text)
    if coded:  # "Admission avoidance (AA)" over AA01, AA02
        return HeadingMatch(coded.group("id"), clean_title(coded.group("title")), False)
    numbered = _NUMBERED.match(text)
    if numbered:
        title = clean_title(numbered.group("title"))
        words = title.split()
        if len(words) <= 14 and not title.endswith((".", ";", ",")):
            return HeadingMatch(numbered.group("id"), title, False)
    return None


def match_theme_meta(line: str) -> tuple[str, str] | None:
    """("lead_organisation" | "reporting_lead" | "explanation", value) for a metadata line."""
    text = " ".join(line.split())
    for name, pattern in _META:
        m = pattern.match(text)
        if m:
            return name, m.group("v").strip()
    return None


def is_completed_marker(line: str) -> bool:
    """The line that opens a plan's completed-actions part ("COMPLETED ACTIONS")."""
    return bool(_COMPLETED.match(" ".join(_MARKUP.sub(" ", line).split())))
