"""Assembling a document from blocks in reading order: the one step every reader shares.

A reader turns its format into a flat sequence of paragraphs and table blocks (rows of cells
with fill colours and locations): text renditions give a paragraph per line and a table block
per run of tab-separated lines, Word and PDF their paragraphs and (per page) tables. This module
finds the structure in them: the title, theme headings and their metadata, the completed-actions
marker, header rows (two-line headers too), tables split by a page break (the same header
repeated, inside a block or at the start of the next, or a header-less continuation) joined, the
plan's RAG key (small tables, or list lines such as "Blue – Complete"), and everything else
reported, so every format yields the same `ExtractedDocument`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from actionplans.normalise.rag import is_rag_word, read_rag

from .celltypes import CellType, cell_type
from .columns import infer_columns
from .headers import assign_roles, is_header_continuation, is_header_row, role_of
from .headings import (
    HeadingMatch,
    clean_title,
    is_completed_marker,
    match_heading,
    match_theme_meta,
)
from .hints import LayoutHints
from .ids import parse_action_id
from .model import Cell, ExtractedDocument, Location, RagKeyEntry, Row, Table, ThemeHeading
from .rag_key import key_entries_in_line, rag_key_from_rows

# A RAG key written as a list: "Blue – Complete with assurance", "Amber = some slippage".
_KEY_LINE = re.compile(
    r"^[-•*]?\s*(?P<colour>blue|green|amber|red|yellow|purple|grey|amber/green|amber/red)"
    r"\s*[-–—=:]\s*(?P<meaning>[A-Za-z].{2,80})$",
    re.IGNORECASE,
)
_TITLE_DISTANCE = 3  # a bare numbered heading takes its title from the next few lines


@dataclass(frozen=True)
class Paragraph:
    """A line or paragraph of text outside tables; empty text marks a visible gap."""

    text: str
    location: Location
    heading: bool = False  # the layout says it is a heading (a merged row across a table)


@dataclass(frozen=True)
class TableBlock:
    """One physical table (or the part of it on one page).

    `header_rows` is the number of leading header rows when the format says so (Word's
    repeated-header flag); None lets the header be recognised by its labels.
    """

    rows: tuple[Row, ...]
    location: Location
    header_rows: int | None = None


Block = Paragraph | TableBlock


@dataclass
class _Theme:
    heading: ThemeHeading
    explicit: bool
    position: int
    meta: dict[str, str] = field(default_factory=dict)
    in_explanation: bool = False

    def freeze(self) -> ThemeHeading:
        return ThemeHeading(
            theme_id=self.heading.theme_id,
            title=self.heading.title,
            section=self.heading.section,
            location=self.heading.location,
            lead_organisation=self.meta.get("lead_organisation") or None,
            reporting_lead=self.meta.get("reporting_lead") or None,
            explanation=self.meta.get("explanation") or None,
            numbered=self.heading.numbered,
        )

    def near(self, location: Location, position: int) -> bool:
        """Within a few lines (text) or blocks (other formats) of the heading."""
        start = self.heading.location.line_start
        if start is not None and location.line_start is not None:
            return location.line_start - start <= _TITLE_DISTANCE
        return position - self.position <= _TITLE_DISTANCE


@dataclass
class _Draft:
    header_lines: list[tuple[str, ...]]
    theme: _Theme | None
    section: str
    location: Location
    rows: list[Row] = field(default_factory=list)

    @property
    def header(self) -> tuple[str, ...]:
        width = max(len(h) for h in self.header_lines)
        return tuple(
            " ".join(h[i].strip() for h in self.header_lines if i < len(h) and h[i].strip())
            for i in range(width)
        )

    @property
    def width(self) -> int:
        return max(len(h) for h in self.header_lines)


def texts(row: Row) -> list[str]:
    return [c.text for c in row.cells]


def split_header(rows: Sequence[Row], header_rows: int | None) -> tuple[list[Row], list[Row]]:
    """Leading header rows and the data rows of a table block."""
    if header_rows:
        return list(rows[:header_rows]), list(rows[header_rows:])
    if not rows or not is_header_row(texts(rows[0])):
        return [], list(rows)
    n = 1
    while n < len(rows) and n < 3 and is_header_continuation(texts(rows[n])):
        n += 1
    return list(rows[:n]), list(rows[n:])


def _segments(rows: Sequence[Row], header_rows: int | None) -> list[tuple[list[Row], list[Row]]]:
    """(header, data) parts of a block; a header row inside it starts a new part.

    Text renditions run a whole table, page breaks and repeated headers included, into one
    block, and a second table may follow the first without a gap; both are found here as a
    header at the start of a block is.
    """
    header, rest = split_header(rows, header_rows)
    parts: list[tuple[list[Row], list[Row]]] = []
    while True:
        cut = next((i for i, r in enumerate(rest) if is_header_row(texts(r))), len(rest))
        parts.append((header, rest[:cut]))
        if cut == len(rest):
            return parts
        header, rest = split_header(rest[cut:], None)


def _in_table_heading(
    row: Row, hints: LayoutHints | None = None, id_first: bool = False
) -> str | None:
    """A theme heading written as a row of the table ("Theme 2: Discharge" across merged cells).

    Only a row whose one text (repeated across merged cells or alone) is a heading: an explicit
    one ("Theme", "Workstream", "Priority" ...), a short whole-number heading ("2. Discharge")
    in the first columns, where a page-break fragment of a progress note would not sit, or an
    unnumbered title ("Workforce and care market") in a cell merged across the row, or alone in
    a first column that otherwise holds action numbers.
    """
    filled = [(i, " ".join(c.text.split())) for i, c in enumerate(row.cells) if c.text.strip()]
    distinct = {t for _, t in filled}
    if len(distinct) != 1:
        return None
    (text,) = distinct
    if hints is not None and hints.heading(text):
        return text  # the analyst's theme_pattern says so
    if is_completed_marker(text):
        return text  # "COMPLETED ACTIONS" as a row of the table opens the completed part
    heading = match_heading(text)
    if heading is None:
        return text if _titled_row(row, filled, id_first) else None
    if len(text.split()) > 12:
        return None
    if heading.explicit or (filled[0][0] <= 1 and "." not in heading.theme_id):
        return text
    return None


def _titled_row(row: Row, filled: list[tuple[int, str]], id_first: bool) -> bool:
    """A short title alone on a row, merged across it or in the action-number column."""
    index, text = filled[0]
    words = text.split()
    if len(filled) > 1 and any(row.cells[i].span == 1 for i, _ in filled):
        return False
    if not words or len(words) > 10 or len(text) > 90 or not text[0].isupper():
        return False
    if text.endswith((".", ",", ";", ":")) or parse_action_id(text) or is_rag_word(text):
        return False
    if cell_type(text) not in (CellType.TEXT, CellType.NAME):
        return False
    spans_row = row.cells[index].span >= max(2, len(row.cells) - 1)
    return spans_row or (index == 0 and id_first and len(filled) == 1)


def _first_column_is_id(header: Sequence[Row]) -> bool:
    return any(r.cells and role_of(r.cells[0].text) == "id" for r in header)


def _record_labels(block: TableBlock) -> list[str] | None:
    """The labels of a table written as one action's record: a label cell, then its value, on
    each row ("Action | Review the terms…", "Lead | Director of…", "By when | June 2018")."""
    rows = [r for r in block.rows if any(c.text.strip() for c in r.cells)]
    if len(rows) < 3:
        return None
    labels = []
    for row in rows:
        filled = [c for c in row.cells if c.text.strip()]
        if not filled:
            continue
        label = " ".join(filled[0].text.split()).rstrip(":")
        if role_of(label) is None or len(label.split()) > 6 or is_header_row(texts(row)):
            return None
        labels.append(label)
    roles = assign_roles(labels)
    if "action" not in roles or not {"owner", "due", "id"} & set(roles):
        return None
    return labels


def _records_as_rows(blocks: Iterable[Block]) -> Iterable[Block]:
    """A plan that gives each action its own small table of label and value rows: each record
    becomes a header row and one data row, so the same assembly reads it (records with the same
    labels in a run join into one table, as a header repeated after a page break does)."""
    for block in blocks:
        labels = _record_labels(block) if isinstance(block, TableBlock) else None
        if labels is None:
            yield block
            continue
        values: list[Cell] = []
        for row in (r for r in block.rows if any(c.text.strip() for c in r.cells)):
            filled = [c for c in row.cells if c.text.strip() or c.fill]
            rest = filled[1:]
            text = "\n".join(c.text for c in rest if c.text.strip())
            fill = next((c.fill for c in rest if c.fill), None) or (
                filled[0].fill if len(filled) == 1 else None
            )
            values.append(Cell(text, fill))
        header = Row(tuple(Cell(label) for label in labels), block.rows[0].location)
        data = Row(tuple(values), block.location)
        yield TableBlock((header, data), block.location, 1)


def _split_at_headings(
    blocks: Iterable[Block], hints: LayoutHints | None = None
) -> Iterable[Block]:
    """Table blocks cut at heading rows: the heading becomes a paragraph, and the rows after it
    a table under the same header (so they belong to the new theme)."""
    last_header: list[Row] = []  # a table continued on a new page keeps the last header
    for block in blocks:
        block_header = (
            split_header(block.rows, block.header_rows)[0] if isinstance(block, TableBlock) else []
        )
        id_first = _first_column_is_id(block_header or last_header)
        if not isinstance(block, TableBlock) or not any(
            _in_table_heading(r, hints, id_first) for r in block.rows
        ):
            if isinstance(block, TableBlock):
                last_header = split_header(block.rows, block.header_rows)[0] or last_header
            yield block
            continue
        header, rest = split_header(block.rows, block.header_rows)
        last_header = header or last_header
        id_first = _first_column_is_id(last_header)
        piece: list[Row] = []
        first = True
        for row in rest:
            text = _in_table_heading(row, hints, id_first)
            if text is None:
                if is_header_row(texts(row)):  # a header inside the block (a key table above)
                    last_header = [row]
                    id_first = _first_column_is_id(last_header)
                piece.append(row)
                continue
            if piece or (first and header):
                yield _piece(header if first else last_header, piece, block)
            yield Paragraph(text, row.location, heading=True)
            piece, first = [], False
        if piece:
            yield _piece(header if first else last_header, piece, block)


def _piece(header: list[Row], rows: list[Row], block: TableBlock) -> TableBlock:
    all_rows = (*header, *rows)
    location = all_rows[0].location.span(all_rows[-1].location) if all_rows else block.location
    return TableBlock(all_rows, location, len(header) if header else None)


def _key_text(cell: Cell) -> str:
    """A key cell's words, or the colour of a cell that shows its colour only as shading."""
    if cell.text.strip():
        return cell.text
    return (read_rag(cell.fill).colour or "") if cell.fill else ""


def assemble(
    blocks: Iterable[Block],
    *,
    source_path: str,
    source_format: str,
    sha256: str,
    page_count: int | None = None,
    full_text: str | None = None,
    hints: LayoutHints | None = None,
    page_header: Sequence[str] = (),
) -> ExtractedDocument:
    """Themes, action tables, RAG key and warnings of a document read as blocks.

    `full_text` is the document's own text where the format has one (a text rendition, whose
    line numbers locations and references point into); otherwise it is rebuilt from the blocks.
    """
    themes: list[_Theme] = []
    tables: list[Table] = []
    non_action: list[_Draft] = []
    loose: list[Row] = []  # table rows outside any action table
    key_rows: list[list[str]] = []  # candidate RAG key rows, in reading order
    warnings: list[str] = []
    unnumbered: dict[str, str] = {}  # title of an unnumbered theme heading -> its number
    lines: list[str] = []
    title_parts: list[str] = []
    title_open = True
    gaps = 0
    section = "open"
    theme: _Theme | None = None
    pending: _Theme | None = None
    table: _Draft | None = None
    joinable = False  # nothing but page furniture since the last table block

    def close() -> None:
        nonlocal table
        if table is not None:
            _finish(table, tables, non_action, hints)
        table = None

    def open_table(header: list[Row], data: list[Row]) -> None:
        nonlocal table, theme, pending
        labels = [tuple(texts(r)) for r in header]
        if table is not None and joinable and _same_header(table.header_lines, labels):
            _extend(table, data)  # the header repeated after a page break: same table
            return
        close()
        owner = pending or theme
        if pending is not None:
            themes.append(pending)
            theme, pending = pending, None
        if owner is not None:
            owner.in_explanation = False
        table = _Draft(labels, owner, section, header[0].location)
        table.rows.extend(data)

    for position, block in enumerate(_split_at_headings(_records_as_rows(blocks), hints)):
        if isinstance(block, Paragraph):
            text = " ".join(block.text.split())
            if not text:
                gaps += 1
                if title_parts and gaps >= 2:
                    title_open = False
                continue
            gaps = 0
            lines.append(block.text.strip())
            if title_open:
                if len(text) <= 120 and len(title_parts) < 6:
                    title_parts.append(text)
                else:
                    title_open = False
            joinable = False
            if is_completed_marker(text):
                close()
                section, theme = "completed", None
                continue
            hinted = hints.heading(text) if hints is not None else None
            heading = HeadingMatch(*hinted, True) if hinted else match_heading(text)
            if heading is None and block.heading:
                heading = HeadingMatch("", clean_title(text), True)
            if heading is not None:
                close()
                theme_id = heading.theme_id
                if not theme_id:
                    key = heading.title.lower()
                    if key not in unnumbered:
                        # its place among the themes so far, never a number already printed
                        used = {t.heading.theme_id for t in themes} | set(unnumbered.values())
                        n = len(themes) + (pending is not None) + 1
                        while str(n) in used:
                            n += 1
                        unnumbered[key] = str(n)
                    theme_id = unnumbered[key]
                    warnings.append(
                        f"{block.location.describe()}: theme heading {text!r} has no "
                        f"number; numbered {theme_id} by its order"
                    )
                found = ThemeHeading(
                    theme_id, heading.title, section, block.location,
                    numbered=bool(heading.theme_id),
                )
                draft = _Theme(found, heading.explicit, position)
                if heading.explicit:
                    themes.append(draft)
                    theme, pending = draft, None
                else:
                    pending = draft
                continue
            entries = key_entries_in_line(text)
            if entries:  # "C = Complete, G = On track, A = At risk, R = Off track"
                key_rows.extend([code, meaning] for code, meaning in entries)
                continue
            key_line = _KEY_LINE.match(text)
            if key_line:
                key_rows.append([key_line.group("colour"), key_line.group("meaning")])
                continue
            target = pending or theme
            meta = match_theme_meta(text)
            if meta is not None and target is not None:
                close()
                name, value = meta
                target.meta[name] = value
                target.in_explanation = name == "explanation"
                continue
            if (
                target is not None
                and not target.heading.title
                and target.near(block.location, position)
                and len(text) < 80
            ):
                target.heading = _retitled(target.heading, text.strip("* "))
                continue
            if target is not None and target.in_explanation and table is None:
                sep = "\n" if target.meta.get("explanation") else ""
                target.meta["explanation"] = target.meta.get("explanation", "") + sep + text
                continue
            close()
            continue

        title_open = False
        rows = [r for r in block.rows if not all(c.empty for c in r.cells)]
        lines.extend("\t".join(texts(r)) for r in rows)
        for header, data in _segments(rows, block.header_rows):
            if header:
                open_table(header, data)
                joinable = True
                continue
            if (
                table is not None
                and joinable
                and data
                and max(len(r.cells) for r in data) == table.width
            ):
                _extend(table, data)  # a table continued without its header
                continue
            close()
            loose.extend(data)
            key_rows.extend([_key_text(c) for c in r.cells] for r in data)
            joinable = False
    close()

    for t in non_action:
        key_rows.extend([list(h) for h in t.header_lines[:1]])
        key_rows.extend([_key_text(c) for c in r.cells] for r in t.rows)
    rag_key = tuple(RagKeyEntry(colour, meaning) for colour, meaning in rag_key_from_rows(key_rows))
    for t in non_action:
        label = " | ".join(x for x in t.header if x)
        warnings.append(
            f"{t.location.describe()}: table '{label}' ({len(t.rows)} rows) has no "
            "action columns; not read as actions"
        )
    if loose:
        where = loose[0].location.span(loose[-1].location).describe()
        sample = " | ".join(c.text for c in loose[0].cells if c.text.strip())[:60]
        warnings.append(
            f"{where}: {len(loose)} table rows outside any action table "
            f"(first: '{sample}') not read as actions"
        )
    text = "\n".join(lines) if full_text is None else full_text
    head = [line.strip() for line in text.split("\n") if line.strip()][:20]
    # a Word page header ("Northmoor Health and Care Partnership – Improvement Plan") is a title
    # line too, looked at after the document's own first lines
    head += [" ".join(h.split()) for h in page_header if h.strip()][:5]
    return ExtractedDocument(
        source_path=source_path,
        source_format=source_format,
        sha256=sha256,
        title=" ".join(title_parts) or None,
        head_lines=tuple(head),
        full_text=text,
        themes=tuple(t.freeze() for t in themes),
        tables=tuple(tables),
        rag_key=rag_key,
        warnings=tuple(warnings),
        page_count=page_count,
    )


def _retitled(heading: ThemeHeading, title: str) -> ThemeHeading:
    return ThemeHeading(
        heading.theme_id, title, heading.section, heading.location, numbered=heading.numbered
    )


def _same_header(first: Sequence[Sequence[str]], other: Sequence[Sequence[str]]) -> bool:
    def norm(rows: Sequence[Sequence[str]]) -> list[list[str]]:
        return [[" ".join(c.split()).lower() for c in r] for r in rows]

    return norm(first) == norm(other)


def _extend(table: _Draft, rows: list[Row]) -> None:
    for i, row in enumerate(rows):
        if i == 0:
            row = Row(row.cells, row.location, after_break=True)
        table.rows.append(row)


def _finish(
    draft: _Draft, tables: list[Table], non_action: list[_Draft], hints: LayoutHints | None = None
) -> None:
    roles, pinned = (
        hints.header_roles(draft.header) if hints is not None
        else (assign_roles(draft.header), set())
    )
    if "action" not in roles and {"owner", "due", "id"} & set(roles):
        # an action column headed in words no synonym knows ("How we will do it")
        roles, _ = infer_columns(draft.header, draft.rows, roles, pinned=pinned)
    if "action" not in roles or not {"owner", "due", "id", "start", "progress"} & set(roles):
        non_action.append(draft)
        return
    location = draft.location
    for row in draft.rows:
        location = location.span(row.location)
    tables.append(
        Table(
            header=draft.header,
            header_lines=tuple(draft.header_lines),
            rows=tuple(draft.rows),
            location=location,
            theme=draft.theme.freeze() if draft.theme is not None else None,
            section=draft.section,
            index=len(tables),
        )
    )
