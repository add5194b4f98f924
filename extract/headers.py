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
    "assurance",
    "progress",
)

# (role, phrases) in priority order. A phrase matches a label when all its words appear in order
# as whole words of the normalised label.
HEADER_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "rag_on_target",
        ("on target rag", "on track rag", "target rag", "forecast rag", "delivery rag"),
    ),
    (
        "revised",
        (
            "revised date",
            "revised due",
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
        ("month rag", "rag", "brag", "rag rating", "rag status", "brag rating", "rating", "status"),
    ),
    (
        "due",
        (
            "month due",
            "due",
            "due date",
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
    ("theme", ("theme", "workstream", "work stream", "priority area")),
    (
        "action",
        (
            "action required",
            "actions required",
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

_WORD = re.compile(r"[a-z0-9]+")


def normalise_label(label: str) -> str:
    """Lower-case words of a label, punctuation dropped ("Progress/ Any" -> "progress any")."""
    return " ".join(_WORD.findall(label.lower()))


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
    words = normalise_label(text).split()
    if not words or len(words) > 8 or role_of(text) is None:
        return False
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
    {w for _, phrases in HEADER_SYNONYMS for phrase in phrases for w in phrase.split()}
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


def assign_roles(labels: Sequence[str]) -> list[str | None]:
    """Roles for a header, resolving duplicates the way plans use them.

    A second owner-like column is the operational lead; a second RAG column is the on-target RAG;
    a second due-like column after a due column is the revised date. A table with no action
    column states its actions as recommendations or issues: that column is the action text.
    """
    roles: list[str | None] = [role_of(label) for label in labels]
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
