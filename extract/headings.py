"""Recognising theme headings, theme metadata lines and the completed-actions marker.

Shared by the text, DOCX and PDF readers: whatever the format, a heading is a short line such as
"Improvement Theme 3: **INFORMATION and DATA SHARING**", "Service Improvement Workstream 6.2:
**DISCHARGE TO ASSESS**" or "4. Workforce". Headings that name a theme or workstream explicitly
always count; bare numbered lines count only when a table follows them (the reader decides).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EXPLICIT = re.compile(
    r"^(?P<prefix>(?:[A-Za-z&]+\s+){0,3}?(?:theme|workstream|work-stream|work\s+stream|priority|"
    r"objective|domain|section|key\s+line\s+of\s+enquiry|kloe))\s+(?P<id>\d{1,2}(?:\.\d{1,2})*)"
    r"\s*[:.\-–—)]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
# A heading that names a theme without a number ("Theme: Workforce"); the reader numbers it.
_UNNUMBERED = re.compile(
    r"^(?:improvement\s+|key\s+|strategic\s+)?(?:theme|workstream|work-stream|work\s+stream|"
    r"priority(?:\s+area)?|objective|domain|key\s+line\s+of\s+enquiry|kloe)\s*[:\-–—]\s*"
    r"(?P<title>[A-Z][^\t]{1,100})$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?P<id>\d{1,2}(?:\.\d{1,2})?)[.)]?\s+(?P<title>[A-Z(][^\t]{2,100})$")
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
    explicit = _EXPLICIT.match(text)
    if explicit:
        return HeadingMatch(explicit.group("id"), clean_title(explicit.group("title")), True)
    unnumbered = _UNNUMBERED.match(text)
    if unnumbered:
        return HeadingMatch("", clean_title(unnumbered.group("title")), True)
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
