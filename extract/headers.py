"""Header synonyms: the one place that knows what real plans call their columns.

Every reader hands over header labels as printed; `role_of` maps a label to a field role. Roles
are tried in `HEADER_SYNONYMS` order, so specific phrases ("revised date", "on target rag",
"operational lead", "progress ... actions due") win over generic ones ("date", "rag", "lead",
"action"). Add a synonym here when a new plan uses a new word; never special-case a plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Field roles a column can play.
ROLES = (
    "id",
    "theme",
    "cqc_issue",
    "intended_outcome",
    "action",
    "owner",
    "lead",
    "start",
    "due",
    "revised",
    "rag",
    "rag_on_target",
    "rag_previous",
    "status",
    "assurance",
    "progress",
)

# (role, phrases) in priority order. A phrase matches a label when all its words appear in order
# as whole words of the normalised label.
HEADER_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "rag_previous",
        (
            "previous rag",
            "previous brag",
            "previous rating",
            "previous status",
            "prior rag",
            "last month rag",
            "last months rag",
            "last month s rag",
            "previous month rag",
            "rag last month",
            "rag previous",
            "rag previous month",
            "last rag",
            "last reported rag",
            "rag at last report",
            "original rag",
            "baseline rag",
        ),
    ),
    (
        "due",
        (
            "completion date",
            "date of completion",
            "date for completion",
            "completed by",
            "complete by",
            "to be completed by",
            "target completion",
        ),
    ),
    (
        "rag_on_target",
        ("on target rag", "on track rag", "target rag", "forecast rag", "delivery rag"),
    ),
    (
        "revised",
        (
            "revised date",
            "revised target",
            "revised completion",
            "revised due",
            "new timescale",
            "new deadline",
            "new target date",
            "new completion date",
            "updated timescale",
            "updated deadline",
            "amended timescale",
            "extended to",
            "extended date",
            "revised timescale",
            "revised deadline",
            "revised",
            "new date",
            "amended date",
            "rescheduled",
        ),
    ),
    (
        "progress",
        (
            "progress",
            "update",
            "updates",
            "commentary",
            "comments",
            "latest position",
            "position statement",
            "actions due this",
            "narrative",
        ),
    ),
    (
        "assurance",
        (
            "assurance",
            "evidence",
            "measure of success",
            "measures of success",
            "success measure",
            "success criteria",
            "how will we know",
            "how will you know",
            "how will you monitor",
            "how will we monitor",
            "how will this be monitored",
            "how will it be monitored",
            "how will we measure",
            "how will success be measured",
            "monitored by",
            "kpi",
            "kpis",
            "metric",
            "metrics",
            "monitoring",
            "outcome measure",
            "deliverable",
        ),
    ),
    (
        "cqc_issue",
        (
            "cqc identified issue",
            "identified issue",
            "what needs to improve",
            "what needs improving",
            "what we found",
            "what cqc found",
            "what the inspection found",
            "concern",
            "concerns",
            "shortfall",
            "shortfalls",
            "breach",
            "cqc finding",
            "cqc findings",
            "key finding",
            "finding",
            "findings",
            "issue",
            "issues",
            "area for improvement",
            "areas for improvement",
            "problem",
            "recommendation from review",
            "recommendation",
            "recommendations",
            "what the review found",
            "gap",
        ),
    ),
    (
        "intended_outcome",
        (
            "intended outcome",
            "expected outcome",
            "desired outcome",
            "outcome",
            "outcomes",
            "objective",
            "objectives",
            "aim",
            "goal",
            "impact",
        ),
    ),
    ("start", ("start", "start date", "commence", "commencement", "from")),
    (
        "lead",
        (
            "operational lead",
            "delivery lead",
            "implementation lead",
            "supported by",
            "operational owner",
            "contact",
        ),
    ),
    (
        "owner",
        (
            "responsible officer",
            "responsible",
            "owner",
            "action owner",
            "by whom",
            "who",
            "accountable",
            "sro",
            "lead officer",
            "lead",
            "leads",
            "executive lead",
        ),
    ),
    (
        "rag",
        (
            "current rag",
            "rag this month",
            "month rag",
            "rag",
            "brag",
            "rag rating",
            "rag status",
            "brag rating",
            "brag status",
            "rating",
            "current rating",
            "red amber green",
        ),
    ),
    (
        "status",
        (
            "date completed",
            "date actioned",
            "date closed",
            "completed on",
            "actual completion",
            "complete y n",
            "completed y n",
            "complete",
            "completed",
            "closed",
            "open closed",
            "open or closed",
            "achieved",
            "done",
            "delivery status",
            "action status",
            "current status",
            "progress status",
            "status",
        ),
    ),
    (
        "due",
        (
            "month due",
            "due",
            "due date",
            "end",
            "finish",
            "finish date",
            "end date",
            "by when",
            "target date",
            "timescale",
            "timescales",
            "deadline",
            "completion date",
            "date due",
            "date",
            "when",
            "target",
            "timeline",
            "timeframe",
        ),
    ),
    (
        "id",
        (
            "action no",
            "action number",
            "action ref",
            "ref",
            "reference",
            "no",
            "number",
            "id",
            "item",
            "rec no",
        ),
    ),
    (
        "theme",
        (
            "theme",
            "workstream",
            "work stream",
            "priority area",
            "key line of enquiry",
            "key lines of enquiry",
            "kloe",
            "key question",
            "cqc domain",
            "domain",
            "area of focus",
            "focus area",
            "regulation",
            "regulations",
            "regulation breached",
        ),
    ),
    (
        "action",
        (
            "action required",
            "actions required",
            "action to be taken",
            "actions to be taken",
            "action taken",
            "actions agreed",
            "agreed action",
            "agreed actions",
            "planned action",
            "planned actions",
            "proposed action",
            "proposed actions",
            "improvement action",
            "how we will do it",
            "how will we do it",
            "how we will do this",
            "how we will achieve this",
            "how will we achieve this",
            "what we are doing",
            "what are we doing",
            "what needs to happen",
            "what needs to be done",
            "steps to be taken",
            "what we will do",
            "what will we do",
            "action",
            "actions",
            "key actions",
            "task",
            "tasks",
            "activity",
            "activities",
            "intervention",
            "next steps",
        ),
    ),
)

# Status words that are also column labels: alone in a cell they are data ("Completed").
_VALUE_WORDS = frozenset({"complete", "completed", "closed", "done", "achieved"})


_WORD = re.compile(r"[a-z0-9]+")


def normalise_label(label: str) -> str:
    """Lower-case words of a label, punctuation dropped ("Progress/ Any" -> "progress any");
    two label words a PDF fused at a line wrap split again ("Previousrating")."""
    return " ".join(_unfused(w) for w in _WORD.findall(label.lower()))


def _unfused(word: str) -> str:
    if len(word) < 7 or word in LABEL_VOCABULARY:
        return word
    for i in range(3, len(word) - 2):
        if word[:i] in LABEL_VOCABULARY and word[i:] in LABEL_VOCABULARY:
            return f"{word[:i]} {word[i:]}"
    return word


# One compiled pattern per role: whole-word phrase matches on the normalised label.
_ROLE_PATTERNS = tuple(
    (role, re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b"))
    for role, phrases in HEADER_SYNONYMS
)


def role_of(label: str) -> str | None:
    """The field role a header label names, or None when no synonym matches."""
    norm = normalise_label(label)
    if not norm:
        return None
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(norm):
            return role
    return None


def is_header_cell(text: str) -> bool:
    """True when a cell reads like a column label: short, naming a role, made of label words.

    The vocabulary test keeps data cells with fused header text ("Start Completed",
    "Action No. 3.1") from being taken for a header.
    """
    if len(text.split()) > 8:
        return False  # a sentence, not a label (and cheap to tell)
    words = normalise_label(text).split()
    if not words or len(words) > 8 or role_of(text) is None:
        return False
    if " ".join(words) in _VALUE_WORDS and not re.search(r"[?/(]", text):
        return False  # "Completed" in a data row is a value; "Completed?" is a label
    known = sum(1 for w in words if w in LABEL_VOCABULARY)
    return known / len(words) >= 0.6


# Words seen in the second line of two-line headers ("No.", "Officer", "Start", "Finish").
HEADER_FRAGMENT_WORDS = frozenset(
    {
        "no",
        "number",
        "ref",
        "officer",
        "start",
        "finish",
        "end",
        "date",
        "when",
        "by",
        "required",
        "lead",
        "owner",
        "rag",
        "status",
        "due",
        "revised",
        "progress",
        "made",
        "to",
        "of",
    }
)


# Every word that appears in a column label; fused data ("3.1", names, "Completed") is not.
LABEL_VOCABULARY = frozenset(
    {
        w
        for _, phrases in HEADER_SYNONYMS
        for phrase in phrases
        for w in phrase.split()
        if w not in _VALUE_WORDS  # "Start Completed" is a label fused with its value
    }
    | HEADER_FRAGMENT_WORDS
    | {
        "any",
        "this",
        "period",
        "month",
        "made",
        "description",
        "identified",
        "cqc",
        "criteria",
        "the",
        "and",
        "for",
        "date",
        "dates",
        "s",
        "key",
        "work",
        "stream",
    }
)


def is_header_continuation(cells: Sequence[str]) -> bool:
    """True for the second line of a two-line header: only short label fragments, at least two."""
    filled = [c for c in cells if c.strip()]
    if len(filled) < 2:
        return False
    hits = 0
    for cell in filled:
        words = normalise_label(cell).split()
        if not words:
            continue
        if len(words) > 6:
            return False
        if all(w in HEADER_FRAGMENT_WORDS for w in words) or is_header_cell(cell):
            hits += 1
    return hits >= 2


def is_header_row(cells: Sequence[str]) -> bool:
    """A row is a table header when at least two of its cells are column labels."""
    return sum(1 for c in cells if c.strip() and is_header_cell(c)) >= 2


_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)
_MONTH_YEAR = re.compile(
    r"\b(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*[-']?\s*"
    r"(?P<y>(?:20)?\d\d)?\b",
    re.IGNORECASE,
)


def _month_order(label: str) -> tuple[int, int] | None:
    """(year, month) named in a label such as "RAG Feb 18" or "January RAG", for ordering."""
    m = _MONTH_YEAR.search(label)
    if not m:
        return None
    year = int(m.group("y")) % 100 if m.group("y") else 0
    return year, _MONTHS.index(m.group("m").lower()[:3])


def _order_rag_columns(labels: Sequence[str], roles: list[str | None]) -> None:
    """Several RAG columns named by month ("Jan RAG", "Feb RAG"): the latest is the current
    RAG, the one before it the previous RAG, older ones keep no role (they stay in `extra`)."""
    rag_columns = [i for i, r in enumerate(roles) if r == "rag"]
    if len(rag_columns) < 2:
        return
    months = [_month_order(labels[i]) for i in rag_columns]
    if any(m is None for m in months):
        return
    if len(set(months)) != len(months):
        return
    if not all(m[0] for m in months):  # type: ignore[index]
        # without years "Dec" may precede "Jan": the printed order of the columns decides
        months = list(range(len(months)))  # type: ignore[arg-type]
    ordered = [i for _, i in sorted(zip(months, rag_columns, strict=True))]  # type: ignore[arg-type]
    for i in rag_columns:
        roles[i] = None
    roles[ordered[-1]] = "rag"
    if "rag_previous" not in roles:
        roles[ordered[-2]] = "rag_previous"


def assign_roles(labels: Sequence[str]) -> list[str | None]:
    """Roles for a header, resolving duplicates the way plans use them.

    RAG columns named by month are ordered (the latest is current, the one before previous); a
    second owner-like column is the operational lead; a second RAG column is the on-target RAG;
    a second due-like column after a due column is the revised date. A table with no action
    column states its actions as recommendations or issues: that column is the action text.
    """
    roles: list[str | None] = [role_of(label) for label in labels]
    _order_rag_columns(labels, roles)
    seen: set[str] = set()
    for i, role in enumerate(roles):
        if role is None:
            continue
        if role in seen:
            promoted = {"owner": "lead", "rag": "rag_on_target", "due": "revised"}.get(role)
            roles[i] = promoted if promoted and promoted not in seen else None
        if roles[i] is not None:
            seen.add(roles[i])  # type: ignore[arg-type]
    if "action" not in seen:
        for fallback in ("cqc_issue", "intended_outcome"):
            if fallback in seen:
                roles[roles.index(fallback)] = "action"
                break
    return roles
