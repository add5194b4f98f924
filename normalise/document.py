"""What a document says about itself: its area, plan date and version.

The area comes from the document's own title lines ("STOKE-ON-TRENT LOCAL SYSTEM REVIEW",
"CARE QUALITY COMMISSION HALTON LOCAL SYSTEM REVIEW"); no list of known areas limits it, so a
plan for an area never seen before is read the same way. The common-name spelling is the one
the document itself uses most in mixed case ("Stoke-on-Trent").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from .dates import read_date

_AREA_PATTERNS = (
    re.compile(r"(?P<area>[A-Za-z][A-Za-z&'’.\- ]{1,60}?)\s+local\s+system\s+review", re.I),
    re.compile(
        r"local\s+system\s+review\s+(?:of|for|in)\s+(?:the\s+)?"
        r"(?P<area>[A-Z][A-Za-z&'’.\- ]{1,60}?)"
        r"(?=\s*(?:[(:,.;\-–]|health|and\s+social|action|improvement|$))",
        re.I,
    ),
    re.compile(
        r"review\s+of\s+health\s+(?:&|and)\s+social\s+care\s+services\s+in\s+"
        r"(?P<area>[A-Z][A-Za-z&'’.\- ]{1,60}?)(?=\s*(?:report|[(:,.;]|$))",
        re.I,
    ),
    re.compile(
        r"^(?P<area>[A-Z][A-Za-z&'’.\- ]{1,60}?)\s+(?:health\s+and\s+(?:social\s+)?care\s+system|"
        r"system)\s+(?:action|improvement)\s+plan",
        re.I,
    ),
)
_AREA_PREFIXES = re.compile(
    r"^(?:(?:care\s+quality\s+commission|cqc|the|final|draft|response\s+to\s+the|response\s+to)\s*"
    r"[:\-–]?\s*)+",
    re.I,
)
_SMALL_WORDS = {"on", "upon", "in", "and", "le", "the", "of", "under", "by"}
_VERSION = re.compile(
    r"(?:\bversion(?:\s+no\.?|\s+number)?\s*[:#\-–]?\s*|\bv\.?\s*)(?P<v>\d+(?:\.\d+)?)\b", re.I
)
_ISO_IN_NAME = re.compile(r"(?P<y>20\d\d)[-_](?P<m>\d\d)[-_](?P<d>\d\d)")


@dataclass(frozen=True)
class DocumentMeta:
    area: str | None
    area_source: str | None
    plan_date: date | None
    plan_date_source: str | None
    version: str | None
    warnings: tuple[str, ...]


def slugify(text: str) -> str:
    """Partition-safe id of an area: "Stoke-on-Trent" -> "stoke-on-trent"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _canonical_spelling(candidate: str, full_text: str) -> str:
    """The document's own mixed-case spelling of an area name found in capitals."""
    flexible = r"[\s\-]+".join(re.escape(part) for part in re.split(r"[\s\-]+", candidate.strip()))
    spellings = Counter(
        m.group(0)
        for m in re.finditer(rf"\b{flexible}\b", full_text, re.I)
        if not m.group(0).isupper()
    )
    if spellings:
        return sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    words = re.split(r"(\s+|-)", candidate.strip().lower())
    out = []
    for i, w in enumerate(words):
        out.append(w if (i > 0 and w in _SMALL_WORDS) else w.capitalize())
    return "".join(out)


def find_area(head_lines: tuple[str, ...], full_text: str) -> str | None:
    """The area a plan covers, from its first lines; None when it says nowhere."""
    for line in head_lines[:25]:
        text = " ".join(line.replace("*", " ").split())
        for pattern in _AREA_PATTERNS:
            m = pattern.search(text)
            if not m:
                continue
            candidate = _AREA_PREFIXES.sub("", m.group("area")).strip(" -–:,.")
            words = candidate.split()
            if not candidate or len(words) > 6 or any(ch.isdigit() for ch in candidate):
                continue
            if candidate.lower() in {"local", "system", "the", "a", "an", "this"}:
                continue
            return _canonical_spelling(candidate, full_text)
    return None


def read_document_meta(
    head_lines: tuple[str, ...],
    title: str | None,
    full_text: str,
    source_path: str,
    area_override: str | None = None,
) -> DocumentMeta:
    warnings: list[str] = []
    if area_override:
        area, area_source = area_override, "override"
    else:
        area = find_area(head_lines, full_text)
        area_source = "document" if area else None

    plan_date = None
    plan_date_source = None
    version = None
    title_lines = head_lines[:8]
    for line in title_lines:
        if version is None and (m := _VERSION.search(line)) and len(line) < 80:
            version = m.group("v")
        if plan_date is None and len(line) < 80:
            reading = read_date(_VERSION.sub(" ", line).strip(" –-"))
            if reading.kind == "date" and reading.start_precision() == "day":
                plan_date = reading.first_day()
                plan_date_source = "document"
    if plan_date is None:
        m = _ISO_IN_NAME.search(PurePath(source_path).name)
        if m:
            try:
                plan_date = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                plan_date_source = "file_name"
                warnings.append(
                    f"plan date {plan_date.isoformat()} taken from the file name; "
                    "the document's first lines give none"
                )
            except ValueError:
                pass
    if plan_date is None:
        warnings.append(
            "no plan date in the document or its file name; two-digit years and bare "
            "months are read against the default reference date"
        )
    return DocumentMeta(area, area_source, plan_date, plan_date_source, version, tuple(warnings))
