"""The one mapping step from tables (any reader) to actions.

Rows are typed and placed under their headers (`rows`), then assembled into actions:

* a row with a new action number starts an action;
* a row with an empty number cell continues the action above: a page-break continuation (cell
  text joined) or, when it names another officer, a sub-row (Halton's per-trust rows) kept with
  the action, with its own dates and progress;
* a row that repeats the number above, or whose number cell holds debris, is a damaged copy of
  the action above: its text joins, its dates and owner only fill gaps;
* a row whose number cell holds debris but which has its own officer and dates is an action
  whose number was lost: the number is inferred from its neighbours and references to it;
* rows above the first action of a table are lead-ins: their issue / outcome cells carry down
  like merged cells, the rest is kept as a warning on the first action.

Nothing is dropped: anything that cannot be placed becomes a warning on the nearest action or
on the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from actionplans.schemas.records import RawAction, SubRow

from .cells import collapse, is_debris, join_wrapped
from .celltypes import CellType, parse_action_id
from .continuation import continued_text_role, own_column
from .drafts import (
    CARRY_ROLES,
    DATE_LIKE,
    DATE_ROLES,
    PERSON_ROLES,
    RAG_ROLES,
    TEXT_ROLES,
    Box,
    Draft,
)
from .hints import LayoutHints
from .model import ExtractedDocument, Table, ThemeHeading
from .officers import known_names, normal_name, owner_join, repair_split_name
from .row_kinds import (
    cross_reference,
    has_substance,
    infer_id,
    is_parent_action,
    parent_id,
    starts_unnumbered_action,
)
from .rows import AlignedRow, align_table, column_notes
from .themes import resolve_themes


@dataclass(frozen=True)
class MappingResult:
    actions: tuple[RawAction, ...]
    warnings: tuple[str, ...]  # document-level: what could not be put on any action
    themes: tuple[ThemeHeading, ...] = ()  # headings, theme columns and id-prefix themes


def map_document(
    doc: ExtractedDocument, *, reference: date | None = None, hints: LayoutHints | None = None
) -> MappingResult:
    """All actions of a document, in document order (column hints applied when given)."""
    aligned = [(table, *align_table(table, reference, hints)) for table in doc.tables]
    known = known_names(
        row.values.get(role, "") for _, _, rows in aligned for row in rows for role in PERSON_ROLES
    )
    all_ids = {
        parsed[0]
        for _, _, rows in aligned
        for row in rows
        if row.id_cell and (parsed := parse_action_id(row.id_cell, reference=reference))
    }
    actions: list[RawAction] = []
    warnings: list[str] = []
    for table, roles, rows in aligned:
        built, table_warnings = _assemble(table, roles, rows, known, all_ids, doc.full_text)
        actions.extend(built)
        warnings.extend(table_warnings)
    _flag_duplicates(actions)
    resolved = resolve_themes(actions, doc.themes)
    warnings.extend(resolved.warnings)
    for table in doc.tables:
        warnings.extend(column_notes(table, reference, hints))
    warnings.extend(_unmapped_column_warnings(aligned))
    return MappingResult(resolved.actions, tuple(warnings), resolved.themes)


def _unmapped_column_warnings(aligned: list) -> list[str]:
    """One warning per column with no known meaning (its cells are kept in `extra`)."""
    out = []
    for table, _roles, rows in aligned:
        labels = dict.fromkeys(label for row in rows for label, _ in row.extras)
        for label in labels:
            out.append(
                f"{table.location.describe()}: column '{label}' has no known meaning; its "
                "cells are kept in the actions' `extra` column (a hints file can map it)"
            )
    return out


# --- assembly ------------------------------------------------------------------------------


def _new_draft(
    action_id: str,
    row: AlignedRow,
    table: Table,
    roles: Sequence[str | None],
    carry: dict[str, Box],
) -> Draft:
    draft = Draft(action_id=action_id, location=row.location, table=table)
    for role, text in row.values.items():
        if role in CARRY_ROLES:
            carry[role] = Box(text)
        else:
            draft.values[role] = text
    draft.fills.update(row.fills)
    draft.carry = dict(carry)
    for role in PERSON_ROLES:
        if role in draft.values and is_debris(draft.values[role]):
            draft.warnings.append(
                f"{row.location.describe()}: debris {draft.values.pop(role)!r} "
                f"in the {role} column not used"
            )
    draft.warnings.extend(row.warnings)
    if row.shifted:
        draft.confidence -= 0.1
    if any("rejoined" in w for w in row.warnings):
        draft.confidence -= 0.05
    for label, text in row.extras:
        draft.extra[label] = text
    # Fill-from-the-left: a shifted row's only date sits under "Revised", its only RAG under the
    # second RAG column; a revised date or second RAG implies a first one.
    if "revised" in draft.values and "due" not in draft.values and "due" in roles:
        draft.values["due"] = draft.values.pop("revised")
        draft.warnings.append(
            f"{row.location.describe()}: only date of the row was under "
            "'Revised date'; read as the due date"
        )
        draft.confidence -= 0.05
    if "rag_on_target" in draft.values and "rag" not in draft.values and "rag" in roles:
        draft.values["rag"] = draft.values.pop("rag_on_target")
        draft.warnings.append(
            f"{row.location.describe()}: single RAG value read as the first RAG column"
        )
    return draft


def _move_bled_owner(draft: Draft, known: frozenset[str]) -> None:
    """An officer's name pushed to the end of the action text, with the owner cell empty."""
    action = draft.values.get("action", "")
    if draft.values.get("owner") or not action:
        return
    flat = normal_name(action)
    for name in sorted(known, key=len, reverse=True):
        if flat.endswith(" " + name):
            draft.values["owner"] = name
            draft.values["action"] = action[: action.rfind(name.split()[0])].rstrip()
            draft.warnings.append(
                f"{draft.location.describe()}: officer '{name}' found at the end "
                "of the action text and moved to owner"
            )
            draft.confidence -= 0.15
            return


def _merge(draft: Draft, row: AlignedRow, mode: str, known: frozenset[str]) -> None:
    """Join a following row into the action above; mode: continuation | repeat | debris."""
    where = row.location.describe()
    draft.location = draft.location.span(row.location)
    draft.warnings.extend(row.warnings)
    for label, text in row.extras:
        draft.extra[label] = join_wrapped(draft.extra.get(label, ""), text)
    owner_fragment = row.values.get("owner")
    subrow = False
    if owner_fragment is not None:
        how = owner_join(draft.values.get("owner", ""), owner_fragment, known)
        if how == "junk":
            draft.warnings.append(
                f"{where}: fragment {owner_fragment!r} in the owner column is not a name; not used"
            )
        elif how == "wrap" or not draft.values.get("owner"):
            draft.values["owner"] = join_wrapped(draft.values.get("owner", ""), owner_fragment)
        else:
            subrow = mode == "continuation"
            if not subrow:
                draft.warnings.append(
                    f"{where}: officer {owner_fragment!r} in a repeated row added to owner"
                )
            draft.values["owner"] = draft.values["owner"].rstrip() + "\n" + owner_fragment.strip()
    if subrow:
        draft.sub_rows.append(
            SubRow(
                owner_fragment,
                row.values.get("start"),
                row.values.get("due"),
                row.values.get("progress"),
                row.location,
            )
        )
    for placed, text in row.values.items():
        if placed == "owner":
            continue
        role = placed
        if mode == "continuation" and not subrow:
            role = own_column(draft, row, placed, text, where)
        if role in CARRY_ROLES:
            if is_debris(text):
                draft.warnings.append(f"{where}: debris {text!r} in '{role}' not used")
            elif role in draft.carry:
                draft.carry[role].text = join_wrapped(draft.carry[role].text, text)
            else:
                draft.carry[role] = Box(text)
        elif role in TEXT_ROLES:
            if is_debris(text):
                draft.warnings.append(f"{where}: debris {text!r} in '{role}' not used")
                continue
            if collapse(draft.values.get(role, "")).endswith(collapse(text)):
                continue  # a repeated fragment of a damaged copy
            if mode == "continuation" and not subrow:
                role = continued_text_role(draft, role, text, set(row.values), where)
            current = draft.values.get(role, "")
            sep = "\n" if subrow and role == "progress" else None
            draft.values[role] = (
                (current.rstrip() + "\n" + text)
                if (sep and current)
                else join_wrapped(current, text)
            )
        elif role == "lead":
            how = owner_join(draft.values.get("lead", ""), text, known)
            if how == "junk":
                draft.warnings.append(f"{where}: fragment {text!r} in the lead column not used")
            elif how == "wrap" or not draft.values.get("lead"):
                draft.values["lead"] = join_wrapped(draft.values.get("lead", ""), text)
            else:
                draft.values["lead"] = draft.values["lead"].rstrip() + "\n" + text.strip()
        elif role in DATE_ROLES:
            _merge_date(draft, role, text, row.types.get(role), mode, subrow, where)
        elif role in RAG_ROLES:
            current = draft.values.get(role)
            if not current:
                draft.values[role] = text
            elif collapse(current).lower() != collapse(text).lower():
                draft.warnings.append(f"{where}: second {role} value {text!r} (kept {current!r})")
    for role, fill in row.fills.items():
        draft.fills.setdefault(role, fill)


def _merge_date(
    draft: Draft, role: str, text: str, ctype: CellType | None, mode: str, subrow: bool, where: str
) -> None:
    current = draft.values.get(role)
    readable = ctype in DATE_LIKE
    if not readable:
        draft.warnings.append(f"{where}: {text!r} in the {role} column is not a date; not used")
        return
    if not current:
        draft.values[role] = text
        if subrow or mode != "continuation":
            draft.warnings.append(f"{where}: {role} {text!r} taken from a sub-row")
        return
    if subrow:
        return  # kept on the sub-row itself
    if mode == "continuation":
        draft.values[role] = current.rstrip() + "\n" + text  # several dated milestones
        return
    if collapse(current).lower() != collapse(text).lower():
        draft.warnings.append(
            f"{where}: conflicting {role} {text!r} in a repeated or damaged "
            f"row ignored (kept {current!r})"
        )


def _assemble(
    table: Table,
    roles: Sequence[str | None],
    rows: list[AlignedRow],
    known: frozenset[str],
    all_ids: set[str],
    full_text: str,
) -> tuple[list[RawAction], list[str]]:
    drafts: list[Draft] = []
    carry: dict[str, Box] = {}
    lead_in: list[str] = []
    table_warnings: list[str] = []
    used = set(all_ids)
    current: Draft | None = None
    theme_id = table.theme.theme_id if table.theme else None
    unnumbered = "id" not in roles
    pending_refs: list[tuple[list[str], str]] = []  # references above the first action
    for row in rows:
        parsed = parse_action_id(row.id_cell) if row.id_cell else None
        where = row.location.describe()
        if unnumbered and starts_unnumbered_action(row, current):
            # A plan that prints no action numbers: each row with its own action text is an
            # action, numbered by its order under the theme.
            action_id, _ = infer_id(current.action_id if current else None, theme_id, used, "")
            used.add(action_id)
            current = _new_draft(action_id, row, table, roles, carry)
            current.id_inferred = True
            current.confidence -= 0.1
            current.warnings.append(
                f"{where}: the plan prints no action numbers; numbered "
                f"{action_id} by order in the table"
            )
            _move_bled_owner(current, known)
            drafts.append(current)
            continue
        if parsed is not None:
            action_id, rest = parsed
            if current is not None and action_id == current.action_id:
                current.warnings.append(
                    f"{where}: action number {action_id} repeated; row joined to the action above"
                )
                if rest:
                    current.warnings.append(f"{where}: text {rest!r} after the number not used")
                _merge(current, row, "repeat", known)
                continue
            current = _new_draft(action_id, row, table, roles, carry)
            if rest:
                current.warnings.append(f"{where}: text {rest!r} after the number not used")
            _move_bled_owner(current, known)
            drafts.append(current)
            continue
        if row.id_cell:  # number cell holds something that is not a number
            if has_substance(row):
                previous = current.action_id if current else None
                action_id, referenced = infer_id(previous, theme_id, used, full_text)
                used.add(action_id)
                current = _new_draft(action_id, row, table, roles, carry)
                current.id_inferred = True
                current.confidence -= 0.2 if referenced else 0.4
                current.warnings.append(
                    f"{where}: action number lost (number cell {row.id_cell!r}); inferred "
                    f"{action_id} from the neighbouring actions"
                    + (f" and the plan's reference to Action {action_id}" if referenced else "")
                )
                _move_bled_owner(current, known)
                drafts.append(current)
                continue
            if current is not None:
                current.warnings.append(
                    f"{where}: number cell {row.id_cell!r} is not an action "
                    "number; row read as a damaged copy of the action above"
                )
                _merge(current, row, "debris", known)
                continue
        refs = cross_reference(row)
        if refs is not None:
            text = "; ".join(f"{r}: {collapse(t)}" for r, t in row.values.items())
            note = f"{where}: cross-reference row ({text}) kept as see_also {', '.join(refs)}"
            if current is not None:
                current.see_also.extend(refs)
                current.warnings.append(note + f" on {current.action_id}")
            else:
                pending_refs.append((refs, note))
            continue
        if current is None and is_parent_action(row):
            # A row above the first numbered action with its own action, officer and date is
            # the theme's parent action ("Define a governance system… Key features:" over
            # 1.1-1.3): an action whose number the plan leaves implied.
            action_id = parent_id(rows, theme_id, used)
            used.add(action_id)
            current = _new_draft(action_id, row, table, roles, carry)
            current.id_inferred = True
            current.confidence -= 0.2
            current.warnings.append(
                f"{where}: row above the first numbered action with its own action, officer "
                f"and date; read as the parent action {action_id} (number inferred)"
            )
            drafts.append(current)
            continue
        if current is None:
            for role, text in row.values.items():
                if role in CARRY_ROLES:
                    carry[role] = Box(text)
                else:
                    lead_in.append(f"{role}: {collapse(text)}")
            for label, text in row.extras:
                lead_in.append(f"{label}: {collapse(text)}")
            if lead_in:
                lead_in.insert(0, f"{where}: row without an action number above the first action")
            continue
        _merge(current, row, "continuation", known)
    for refs, note in pending_refs:
        if drafts:
            drafts[0].see_also.extend(refs)
            drafts[0].warnings.append(note + f" on {drafts[0].action_id}")
        else:
            table_warnings.append(note)
    if lead_in:
        if drafts:
            drafts[0].warnings.insert(0, "; ".join(lead_in))
        else:
            table_warnings.append("; ".join(lead_in))
    if not drafts and rows:
        table_warnings.append(
            f"{table.location.describe()}: table has rows but no numbered actions"
        )
    return [_freeze(d, known) for d in drafts], table_warnings


def _freeze(draft: Draft, known: frozenset[str]) -> RawAction:
    owner = draft.values.get("owner")
    if owner:
        lines = owner.split("\n")
        repaired = repair_split_name(lines[0], known)
        if repaired:
            draft.warnings.append(
                f"{draft.location.describe()}: owner {lines[0]!r} is a name split "
                f"across cells; read as {repaired!r}"
            )
            draft.confidence -= 0.15
            draft.values["action"] = _without_name_fragment(
                draft.values.get("action", ""), repaired.split()[0], lines[0]
            )
            lines[0] = repaired
            owner = "\n".join(lines)
    theme = draft.table.theme
    values = draft.values
    return RawAction(
        action_id=draft.action_id,
        theme_id=theme.theme_id if theme else None,
        theme_title=theme.title if theme else None,
        section=draft.table.section,
        cqc_issue=draft.carry["cqc_issue"].text if "cqc_issue" in draft.carry else None,
        intended_outcome=(
            draft.carry["intended_outcome"].text if "intended_outcome" in draft.carry else None
        ),
        action_text=values.get("action") or None,
        owner_raw=owner or None,
        lead_raw=values.get("lead") or None,
        start_raw=values.get("start") or None,
        due_raw=values.get("due") or None,
        revised_raw=values.get("revised") or None,
        # a status column shaded in RAG colours gives the RAG when the plan has no RAG column
        rag_raw=values.get("rag") or draft.fills.get("rag") or draft.fills.get("status"),
        rag_on_target_raw=values.get("rag_on_target") or draft.fills.get("rag_on_target"),
        rag_previous_raw=values.get("rag_previous") or draft.fills.get("rag_previous"),
        status_raw=values.get("status") or draft.fills.get("status"),
        theme_raw=draft.carry["theme"].text if "theme" in draft.carry else None,
        assurance=values.get("assurance") or None,
        progress=values.get("progress") or None,
        sub_rows=tuple(draft.sub_rows),
        location=draft.location,
        table_index=draft.table.index,
        id_inferred=draft.id_inferred,
        confidence=round(max(0.1, min(1.0, draft.confidence)), 2),
        warnings=tuple(draft.warnings),
        see_also=tuple(dict.fromkeys(draft.see_also)),
        extra=tuple(draft.extra.items()),
    )


def _without_name_fragment(action: str, first_token: str, broken: str) -> str:
    """The action text without the head of an officer's name the conversion pushed into it
    ("…Care Home Market Su" + owner "e Wallace-" → the name "Sue", the text without "Su")."""
    tokens = action.split(" ")
    for i in range(len(tokens) - 1, -1, -1):
        t = tokens[i].strip()
        if (
            t
            and len(t) <= 3
            and t != first_token
            and first_token.startswith(t)
            and broken.lstrip().startswith(first_token[len(t) :])
        ):
            return " ".join(tokens[:i] + tokens[i + 1 :])
    return action


def _flag_duplicates(actions: list[RawAction]) -> None:
    seen: dict[str, int] = {}
    for a in actions:
        seen[a.action_id] = seen.get(a.action_id, 0) + 1
    for i, a in enumerate(actions):
        if seen[a.action_id] > 1:
            actions[i] = RawAction(
                **{
                    **a.__dict__,
                    "warnings": (
                        *a.warnings,
                        f"action number {a.action_id} appears {seen[a.action_id]} times "
                        "in the document",
                    ),
                }
            )
