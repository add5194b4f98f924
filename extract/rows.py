"""Rows typed and placed under their table's headers, before any assembly into actions.

Every physical row of a table becomes an `AlignedRow`: header text fused into cells removed,
each cell typed by its content (`celltypes`) and placed under a column (`align`), so the
assembly step (`mapping`) sees field roles, not positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from actionplans.normalise.rag import read_rag

from .align import align_row
from .cells import join_wrapped
from .celltypes import CellType, cell_type, parse_action_id
from .columns import infer_columns
from .headers import assign_roles
from .hints import LayoutHints
from .ids import leading_id, theme_of_id
from .model import Location, Table


@dataclass
class AlignedRow:
    """One row's cell texts by field role, with types, fills and what could not be mapped."""

    values: dict[str, str]  # role -> text
    types: dict[str, CellType]
    fills: dict[str, str]
    extras: list[tuple[str, str]]  # (header label, text) of columns with no role
    id_cell: str | None
    location: Location
    shifted: int
    warnings: list[str]
    origins: dict[str, int] = field(default_factory=dict)  # role -> physical cell index
    roles: tuple[str | None, ...] = ()  # the table's column roles, by physical index


def table_roles(
    table: Table, reference: date | None, hints: LayoutHints | None = None
) -> list[str | None]:
    roles = assign_roles(table.header)
    pinned: set[int] = set()  # columns an analyst's hints fixed (never re-guessed)
    if hints is not None:
        roles, pinned = hints.header_roles(table.header)
    if "id" not in roles:
        # An unlabelled column that holds action numbers (Stoke-on-Trent's third column).
        counts: dict[int, int] = {}
        for row in table.rows:
            for i, cell in enumerate(row.cells):
                if parse_action_id(cell.text, reference=reference):
                    for j in (i - 1, i, i + 1):
                        if 0 <= j < len(roles) and roles[j] is None and j not in pinned:
                            counts[j] = counts.get(j, 0) + 1
        if counts:
            best = max(sorted(counts), key=lambda j: counts[j])
            roles[best] = "id"
    roles, _ = infer_columns(
        table.header, table.rows, roles, reference=reference, pinned=pinned
    )
    return roles


def column_notes(
    table: Table, reference: date | None, hints: LayoutHints | None = None
) -> list[str]:
    """What `table_roles` inferred from content, for the document's warnings."""
    roles = assign_roles(table.header)
    pinned: set[int] = set()
    if hints is not None:
        roles, pinned = hints.header_roles(table.header)
    roles = list(roles)
    final = table_roles(table, reference, hints)
    if "id" in final and "id" not in roles:
        roles[final.index("id")] = "id"
    return [
        f"{table.location.describe()}: {note}"
        for note in infer_columns(
            table.header, table.rows, roles, reference=reference, pinned=pinned
        )[1]
    ]


_ID_BEARING = ("action", "cqc_issue", "theme", "intended_outcome", "assurance")


def _numbers_in_action_column(table: Table, roles: Sequence[str | None]) -> int | None:
    """Index of the text column in which the plan prints each action's number ("1.1 Agree…",
    "R12-1 Regulation 12: …" at the start of an issue cell).

    Only when the table has no number column and most cells of that column start with an id;
    the action column is tried first, then the other text columns from the left.
    """
    if "id" in roles:
        return None
    candidates = [roles.index("action")] if "action" in roles else []
    candidates += [i for i, r in enumerate(roles) if r in _ID_BEARING and i not in candidates]
    for index in candidates:
        cells = [
            r.cells[index].text
            for r in table.rows
            if index < len(r.cells) and r.cells[index].text.strip()
        ]
        numbered = sum(1 for text in cells if leading_id(text))
        if cells and numbered * 2 >= len(cells) and numbered >= min(2, len(cells)):
            return index
    return None


def _theme_numbers_column(
    table: Table, roles: list[str | None], reference: date | None
) -> list[str | None]:
    """A "No." column that numbers themes while each action cell starts with its own id.

    "1 | Shared vision | 1.1 Develop a vision…" then "  |  | 1.2 Communicate…": the column
    printed once per theme (merged down) holds 1, 2 and the ids 1.1, 1.2, 2.1 extend them, so
    the column is the theme and the ids in the cells are the actions'.
    """
    if "id" not in roles or "theme" in roles:
        return roles
    index = roles.index("id")
    numbers = [
        r.cells[index].text.strip().rstrip(".")
        for r in table.rows
        if index < len(r.cells) and r.cells[index].text.strip()
    ]
    without = [None if i == index else r for i, r in enumerate(roles)]
    column = _numbers_in_action_column(table, without)
    if column is None or not numbers:
        return roles
    cells = [r.cells[column].text for r in table.rows if column < len(r.cells)]
    led = [found[0] for text in cells if (found := leading_id(text, reference=reference))]
    if len(led) <= len(numbers) or not all(theme_of_id(x) for x in led):
        return roles
    if not set(numbers) <= {theme_of_id(x) for x in led}:
        return roles
    out = list(roles)
    out[index] = "theme"
    return out


def _strip_fused_labels(texts: list[str], header_lines: Sequence[Sequence[str]]) -> list[str]:
    """Remove header words fused into data cells ("Responsible Officer Neil Holland").

    Only done when at least two cells, and half the row's cells, start with their own column's
    label, so a progress note that happens to begin with "Update ..." is left alone.
    """
    stripped: list[tuple[int, str]] = []
    for i, text in enumerate(texts):
        labels = {h[i].strip() for h in header_lines if i < len(h) and len(h[i].strip()) >= 2}
        combined = " ".join(h[i].strip() for h in header_lines if i < len(h) and h[i].strip())
        if len(combined) >= 2:
            labels.add(combined)
        for label in sorted(labels, key=len, reverse=True):
            if (
                text.lower().startswith(label.lower())
                and len(text) > len(label)
                and (text[len(label)].isspace())
            ):
                stripped.append((i, text[len(label) :].strip()))
                break
    filled = sum(1 for t in texts if t.strip())
    if len(stripped) < max(2, (filled + 1) // 2):
        return texts  # a few cells that happen to start with their label ("Update 24/05/18")
    out = list(texts)
    for i, rest in stripped:
        out[i] = rest
    return out


def align_table(
    table: Table, reference: date | None, hints: LayoutHints | None = None
) -> tuple[list[str | None], list[AlignedRow]]:
    roles = _theme_numbers_column(table, table_roles(table, reference, hints), reference)
    header = tuple(table.header)
    numbers_in_action = _numbers_in_action_column(table, roles)
    if numbers_in_action is not None:
        # "1.1 Agree terms of reference" in one cell: split the number into a column of its own.
        roles = ["id", *roles]
        header = ("", *header)
    out: list[AlignedRow] = []
    for row in table.rows:
        texts = _strip_fused_labels([c.text for c in row.cells], table.header_lines)
        fills = [c.fill for c in row.cells]
        if numbers_in_action is not None:
            number = ""
            if numbers_in_action < len(texts):
                found = leading_id(texts[numbers_in_action], reference=reference)
                if found:
                    number, texts[numbers_in_action] = found
            texts = [number, *texts]
            fills = [None, *fills]
        if not any(t.strip() for t in texts) and not any(fills):
            continue
        types = []
        for text, fill in zip(texts, fills, strict=True):
            t = cell_type(text, reference=reference)
            if t is CellType.EMPTY and fill and read_rag(fill).colour:
                t = CellType.RAG
            types.append(t)
        alignment = align_row(types, roles)
        values: dict[str, str] = {}
        vtypes: dict[str, CellType] = {}
        vfills: dict[str, str] = {}
        extras: list[tuple[str, str]] = []
        origins: dict[str, int] = {}
        moves: list[tuple[int, str, str]] = []  # (physical index, text, header it went under)
        id_cell = None

        def label_of(col: int) -> str:
            return (header[col] if col < len(header) else "") or f"column {col + 1}"

        for i, col in enumerate(alignment.columns):
            if col is None:
                continue
            role = roles[col]
            text = texts[i]
            if role is None:
                label = header[col] if col < len(header) else f"column {col + 1}"
                extras.append((label or f"column {col + 1}", text))
                continue
            if role == "id":
                id_cell = text
                continue
            values[role] = join_wrapped(values[role], text) if role in values else text
            vtypes[role] = types[i]
            origins.setdefault(role, i)
            if col != i:
                moves.append((i, text, label_of(col)))
            if fills[i]:
                vfills[role] = fills[i]  # type: ignore[assignment]
        row_warnings = list(row.notes)
        where = row.location.describe()
        if alignment.shifted:
            placed = "; ".join(
                f"cell {i + 1} {_short(text)!r} under {label!r}" for i, text, label in moves
            )
            row_warnings.append(
                f"{where}: {alignment.shifted} cell(s) placed under another header by content "
                f"(row shifted): {placed}"
            )
        if alignment.overflow:
            row_warnings.append(
                f"{where}: {alignment.overflow} surplus cell(s) joined into the last column"
            )
        out.append(
            AlignedRow(
                values,
                vtypes,
                vfills,
                extras,
                id_cell,
                row.location,
                alignment.shifted,
                row_warnings,
                origins,
                tuple(roles),
            )
        )
    return roles, out


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
