"""What a document says about itself: its area, plan date and version.

The area comes from the document's own title lines ("STOKE-ON-TRENT LOCAL SYSTEM REVIEW",
"CARE QUALITY COMMISSION HALTON LOCAL SYSTEM REVIEW"); no list of known areas limits it, so a
plan for an area never seen before is read the same way. The common-name spelling is the one
the document itself uses most in mixed case ("Stoke-on-Trent").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from .dates import read_date

_NAME = r"(?P<area>[A-Z][A-Za-z&'’.\- ]{1,60}?)"
# Title-block forms that name the area (or, for a provider's plan, the service), most telling
# first. They are matched against title-like lines only, never sentences of running text.
_AREA_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(?:.*?(?:\s[\-–|]|:)\s+)?{_NAME}\s+local\s+system\s+review\b", re.I)),
    (
        1,
        re.compile(
            rf"local\s+system\s+review\s+(?:of|for|in)\s+(?:the\s+)?{_NAME}"
            r"(?=\s*(?:[(:,.;\-–|]|health|and\s+social|action|improvement|$))",
            re.I,
        ),
    ),
    (1, re.compile(rf"local\s+system\s+review\s*(?:[–—\-:|]|\bfor\b)\s*{_NAME}\s*$", re.I)),
    (
        1,
        re.compile(
            r"review\s+of\s+health\s+(?:&|and)\s+social\s+care\s+services\s+in\s+"
            rf"{_NAME}(?=\s*(?:report|[(:,.;]|$))",
            re.I,
        ),
    ),
    (2, re.compile(rf"^{_NAME}\s+health\s+(?:and|&)\s+well-?being\s+board\b", re.I)),
    (
        3,
        re.compile(
            rf"^{_NAME}\s+(?:health\s+(?:and|&)\s+(?:social\s+)?care\s+(?:system|partnership)|"
            r"integrated\s+care\s+(?:system|partnership)|system)\s+"
            r"(?:leadership\s+board|action|improvement|plan|response)",
            re.I,
        ),
    ),
    (
        3,
        re.compile(
            rf"^{_NAME}\s*(?:[–—\-:|]\s*)?(?:cqc\s+)?(?:inspection\s+|post[- ]inspection\s+)"
            r"(?:action|improvement)\s+plan\b",
            re.I,
        ),
    ),
    (
        4,
        re.compile(
            r"^(?:area|locality|system|location(?:\s+name)?|service(?:\s+name)?|"
            r"name\s+of\s+(?:the\s+)?(?:location|service|home)|care\s+home)\s*:\s*"
            rf"{_NAME}\s*$",
            re.I,
        ),
    ),
    (
        5,
        re.compile(
            r"^(?:provider|registered\s+provider|name\s+of\s+(?:the\s+)?provider)\s*:\s*"
            rf"{_NAME}\s*$",
            re.I,
        ),
    ),
    (6, re.compile(rf"^{_NAME}\s*(?:[–—\-:|]\s*)?(?:action|improvement)\s+plan\b", re.I)),
    # A title line that is only the system: "Sheffield Health and Social Care System".
    (
        7,
        re.compile(
            rf"^{_NAME}\s+(?:health\s+(?:and|&)\s+(?:social\s+)?care\s+(?:system|partnership)|"
            r"integrated\s+care\s+(?:system|partnership)|system\s+leadership\s+board|"
            r"partnership\s+board)$",
            re.I,
        ),
    ),
    # A title line that is only the issuing body: "Kestermoor Council", "NHS Wyreford CCG".
    (
        7,
        re.compile(
            rf"^(?:nhs\s+)?{_NAME}\s+(?:(?:city|county|borough|district|metropolitan\s+borough)"
            r"\s+)?(?:council|clinical\s+commissioning\s+group|ccg)$",
            re.I,
        ),
    ),
)
_TITLE_LABEL = re.compile(r"^(?:report\s+title|title|subject)\s*[:\-–]\s*(?P<rest>.+)$", re.I)
_AREA_PREFIXES = re.compile(
    r"^(?:(?:care\s+quality\s+commission|cqc|the|final|draft|response\s+to\s+the|response\s+to)\s*"
    r"[:\-–]?\s*)+",
    re.I,
)
# Words that name the body or document rather than the place ("Harbourside Health and
# Wellbeing Board" → Harbourside).
_AREA_SUFFIXES = re.compile(
    r"(?:(?:^|\s+)(?:health\s+(?:and|&)\s+well-?being\s+board|hwb|hwbb|clinical\s+commissioning\s+group|"
    r"ccg|(?:city|county|borough|district|metropolitan\s+borough)\s+council|council|"
    r"local\s+authority|health\s+(?:and|&)\s+(?:social\s+)?care(?:\s+system)?|system|"
    r"partnership|cqc|local\s+system\s+review))+$",
    re.I,
)
_NOT_IN_NAMES = frozenset(
    {"by", "prepared", "produced", "presented", "submitted", "approved", "owned", "written",
     "report", "paper", "programme", "meeting", "response", "progress", "update", "plan"}
)
_NOT_AREAS = frozenset(
    {"local", "system", "the", "a", "an", "this", "our", "action", "improvement", "cqc",
     "inspection", "care quality commission", "draft", "final", "plan", "report", "appendix"}
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
    area_line: str | None = None  # the title line the area was read from
    area_candidates: tuple[str, ...] = ()  # title lines considered (for "area not found")
    plan_date_line: str | None = None


def slugify(text: str) -> str:
    """Partition-safe id of an area in any script: "Stoke-on-Trent" -> "stoke-on-trent",
    "Ynys Môn" -> "ynys-mon" (accents dropped after NFKD). Letters with no ASCII form add a
    stable hash of the name ("Київ" -> "area-…", "Київ Council" -> "council-…"), so two
    areas never share a partition because their letters were dropped."""
    name = unicodedata.normalize("NFC", text).strip()
    folded = unicodedata.normalize("NFKD", name.translate(_NO_DECOMPOSITION))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    dropped = any(ch.isalnum() and not ch.isascii() for ch in folded)
    if not dropped:
        return slug
    digest = hashlib.sha256(name.casefold().encode("utf-8")).hexdigest()[:8]
    return f"{slug or 'area'}-{digest}"


# Latin letters NFKD leaves whole (no combining-mark form).
_NO_DECOMPOSITION = str.maketrans({
    "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Ø": "O", "ø": "o", "Ł": "L",
    "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th", "ı": "i",
    "Ŧ": "T", "ŧ": "t", "Ħ": "H", "ħ": "h",
})


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


def _title_like(line: str) -> bool:
    """A title-block line, not a sentence of running text."""
    words = line.split()
    if not words or len(line) > 140 or len(words) > 16:
        return False
    if line.rstrip().endswith((".", ";")) and len(words) > 6:
        return False
    lower = sum(1 for w in words if w[:1].islower() and w.lower() not in _SMALL_WORDS | {
        "for", "to", "at", "with", "from", "a", "an"})
    return lower <= max(2, len(words) // 3)


def _clean_candidate(raw: str) -> str | None:
    candidate = _AREA_PREFIXES.sub("", raw).strip(" -–:,.|")
    candidate = _AREA_SUFFIXES.sub("", candidate).strip(" -–:,.|")
    words = candidate.split()
    if not candidate or len(words) > 6 or any(ch.isdigit() for ch in candidate):
        return None
    if words[-1].lower() in _SMALL_WORDS or any(w.lower() in _NOT_IN_NAMES for w in words):
        return None  # "Prepared by the (Local System Review Board)" is not a place
    if candidate.lower() in _NOT_AREAS or all(w.lower() in _NOT_AREAS for w in words):
        return None
    return candidate


@dataclass(frozen=True)
class AreaFinding:
    area: str | None
    line: str | None  # the title line it was read from
    considered: tuple[str, ...]  # title-like lines looked at (listed when nothing was found)


def find_area_in(head_lines: tuple[str, ...], full_text: str) -> AreaFinding:
    """The area (or provider's service) a plan covers, read from its title block."""
    best: tuple[int, int, str, str] | None = None
    considered: list[str] = []
    for n, line in enumerate(head_lines[:25]):
        if line.count("\t") >= 2:
            continue  # a table row, not a title line
        unmarked = re.sub(r"^[#>\s]+", "", line).replace("*", " ").replace("\t", " | ")
        text = " ".join(unmarked.split())
        labelled = _TITLE_LABEL.match(text)
        forms = [labelled.group("rest"), text] if labelled else [text]
        if not _title_like(text) and not labelled:
            continue
        considered.append(text)
        for form in forms:
            for rank, pattern in _AREA_PATTERNS:
                m = pattern.search(form)
                candidate = _clean_candidate(m.group("area")) if m else None
                if candidate and (best is None or (rank, n) < best[:2]):
                    best = (rank, n, candidate, text)
    if best is None:
        best = _name_above_plan_title(head_lines[:25])
    if best is None:
        return AreaFinding(None, None, tuple(considered))
    return AreaFinding(_canonical_spelling(best[2], full_text), best[3], tuple(considered))


_PLAN_TITLE = re.compile(
    r"^(?:cqc\s+)?(?:(?:post[- ])?inspection\s+)?(?:action|improvement)\s+plan\b", re.I
)


def _name_above_plan_title(lines: tuple[str, ...]) -> tuple[int, int, str, str] | None:
    """A name alone on the line above "Action plan following CQC inspection…" ("Sunnyside
    Lodge"): how a care provider heads its plan."""
    for n in range(len(lines) - 1):
        name = " ".join(lines[n].split())
        if not _PLAN_TITLE.match(" ".join(lines[n + 1].split())):
            continue
        words = name.split()
        if 1 <= len(words) <= 6 and all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words):
            candidate = _clean_candidate(name)
            if candidate:
                return (8, n, candidate, name)
    return None


def find_area(head_lines: tuple[str, ...], full_text: str) -> str | None:
    """The area a plan covers, from its title block; None when it says nowhere."""
    return find_area_in(head_lines, full_text).area


def read_document_meta(
    head_lines: tuple[str, ...],
    title: str | None,
    full_text: str,
    source_path: str,
    area_override: str | None = None,
) -> DocumentMeta:
    warnings: list[str] = []
    finding = find_area_in(head_lines, full_text)
    if area_override:
        area, area_source = area_override, "override"
    else:
        area = finding.area
        area_source = "document" if area else None

    plan_date = None
    plan_date_source = None
    plan_date_line = None
    version = None
    for line in head_lines[:10]:
        if version is None and (m := _VERSION.search(line)) and len(line) < 80:
            version = m.group("v")
    for line in _date_lines(head_lines[:12]):
        reading = read_date(_VERSION.sub(" ", line).strip(" –-"))
        if reading.kind == "date" and reading.start_precision() == "day":
            plan_date, plan_date_source, plan_date_line = reading.first_day(), "document", line
            break
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
    return DocumentMeta(
        area,
        area_source,
        plan_date,
        plan_date_source,
        version,
        tuple(warnings),
        area_line=finding.line if area_source == "document" else None,
        area_candidates=finding.considered,
        plan_date_line=plan_date_line,
    )


# A line that dates the plan itself, and one that dates something else (the inspection, the
# review, the report it answers).
_PLAN_DATE_LABEL = re.compile(
    r"\b(?:updated|update|as\s+at|position\s+(?:at|as\s+at)|date\s+of\s+(?:plan|update|"
    r"meeting|report|issue)|plan\s+date|issued?|report\s+date|dated|version\s+date|"
    r"last\s+(?:updated|reviewed)|date)\b",
    re.I,
)
_OTHER_DATE = re.compile(
    r"\b(?:inspect\w*|visit\w*|published|publication|review\s+(?:took|date|carried)|"
    r"fieldwork|received)\b",
    re.I,
)


def _date_lines(lines: tuple[str, ...]) -> list[str]:
    """Short head lines that may date the plan: labelled ones first, other dates never."""
    short = [line for line in lines if len(line) < 90 and not _OTHER_DATE.search(line)]
    labelled = [line for line in short if _PLAN_DATE_LABEL.search(line)]
    return labelled + [line for line in short if line not in labelled]
