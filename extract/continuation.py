"""Which column a page-break fragment continues.

A table cut by a page break goes on with fragments of its cells; conversions shift them under
the wrong header. The sentence a fragment continues says where it belongs: a fragment that
starts mid-sentence continues a cell that was cut mid-sentence.
"""

from __future__ import annotations

from .drafts import CARRY_ROLES, TEXT_ROLES, Draft
from .headers import assign_roles
from .rows import AlignedRow

SENTENCE_END = (".", "!", "?")


_DANGLING = frozenset(
    {"and", "or", "the", "a", "an", "of", "to", "in", "into", "for", "with", "on", "at", "by",
     "from", "as", "that", "which", "is", "are", "was", "were", "be", "including", "between"}
)


def plainly_cut(text: str) -> bool:
    """Text that stops where no sentence can end: on "and", "the", a comma or a hyphen."""
    flat = text.rstrip()
    if flat.endswith((",", "-", "–", "&", ":", "(")):
        return True
    last = flat.split()[-1].lower() if flat.split() else ""
    return last in _DANGLING


def continued_text_role(
    draft: Draft, role: str, text: str, row_roles: set[str], where: str
) -> str:
    """The text column a page-break fragment really continues.

    A fragment that starts mid-sentence (lower case or a digit) continues a cell that was cut
    mid-sentence. When the column it was placed in ended its sentence and another text column
    of the action was cut mid-sentence (and gets nothing else from this row; the nearest one
    when several were), the fragment belongs there; the move is warned about.
    """
    first = text.lstrip()[:1]
    placed = draft.values.get(role, "").rstrip()
    if not first or not placed or not placed.endswith(SENTENCE_END):
        return role
    mid_sentence = first.islower() or first.isdigit()
    open_roles = [
        other
        for other in TEXT_ROLES
        if other != role
        and other not in row_roles
        and draft.values.get(other, "").rstrip()
        and not draft.values[other].rstrip().endswith(SENTENCE_END)
        # a capitalised fragment ("Halton UCC's…") only continues a text plainly cut off
        and (mid_sentence or plainly_cut(draft.values[other]))
    ]
    if len(open_roles) > 1:
        # Prefer the cut column nearest to where the fragment was printed.
        columns = assign_roles(draft.table.header)
        here = columns.index(role) if role in columns else None
        if here is None or any(r not in columns for r in open_roles):
            return role
        distance = sorted((abs(columns.index(r) - here), r) for r in open_roles)
        if distance[0][0] == distance[1][0]:
            return role
        open_roles = [distance[0][1]]
    if not open_roles:
        return role
    draft.confidence -= 0.05
    draft.warnings.append(
        f"{where}: text continuing a sentence cut by the page break moved from "
        f"'{role}' to '{open_roles[0]}'"
    )
    return open_roles[0]


def text_of(draft: Draft, role: str) -> str:
    if role in CARRY_ROLES:
        return draft.carry[role].text if role in draft.carry else ""
    return draft.values.get(role, "")


def own_column(draft: Draft, row: AlignedRow, role: str, text: str, where: str) -> str:
    """A page-break fragment moved off its own column by the row's shift, put back.

    The aligner shifts a continuation row as a whole when a merged cell was lost; a fragment
    that starts mid-sentence ("people from harm.") and sits physically under a text column whose
    text was cut mid-sentence continues that column, not the one the shift put it under.
    """
    first = text.lstrip()[:1]
    origin = row.origins.get(role)
    if not first or not first.islower() or origin is None or origin >= len(row.roles):
        return role
    own = row.roles[origin]
    if own is None or own == role or own in row.values or own not in (*TEXT_ROLES, *CARRY_ROLES):
        return role
    current = text_of(draft, own).rstrip()
    if not current or current.endswith(SENTENCE_END):
        return role
    draft.confidence -= 0.05
    draft.warnings.append(
        f"{where}: text continuing a sentence cut by the page break kept in its own column "
        f"'{own}' (the row's shift put it under '{role}')"
    )
    return own
