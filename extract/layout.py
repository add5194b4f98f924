"""Assembling a document from blocks in reading order: the part the DOCX and PDF readers share.

A reader turns its format into a flat sequence of paragraphs and table blocks (rows of cells
with fill colours and locations). This module finds what the text reader finds in lines:
theme headings and their metadata, the completed-actions marker, header rows, tables split by
a page break (same header repeated, or a header-less continuation) joined, small tables read as
the plan's RAG key, and everything else reported, so every format yields the same
`ExtractedDocument`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from actionplans.normalise.rag import read_rag

from .headers import assign_roles, is_header_continuation, is_header_row
from .headings import is_completed_marker, match_heading, match_theme_meta
from .model import Cell, ExtractedDocument, Location, RagKeyEntry, Row, Table, ThemeHeading
from .rag_key import rag_key_from_rows


@dataclass(frozen=True)
class Paragraph:
    """A line or paragraph of text outside tables; empty text marks a visible gap."""

    text: str
    location: Location


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
    theme_id: str
    title: str
    section: str
    location: Location
    explicit: bool
    position: int
    meta: dict[str, str] = field(default_factory=dict)
    in_explanation: bool = False

    def freeze(self) -> ThemeHeading:
        return ThemeHeading(
            theme_id=self.theme_id,
            title=self.title,
            section=self.section,
            location=self.location,
            lead_organisation=self.meta.get("lead_organisation") or None,
            reporting_lead=self.meta.get("reporting_lead") or None,
            explanation=self.meta.get("explanation") or None,
        )


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
) -> ExtractedDocument:
    """Themes, action tables, RAG key and warnings of a document read as blocks."""
    themes: list[_Theme] = []
    tables: list[Table] = []
    non_action: list[_Draft] = []
    loose: list[Row] = []
    warnings: list[str] = []
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
            _finish(table, tables, non_action)
        table = None

    for position, block in enumerate(blocks):
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
            heading = match_heading(text)
            if heading is not None:
                close()
                draft = _Theme(heading.theme_id, heading.title, section, block.location,
                               heading.explicit, position)
                if heading.explicit:
                    themes.append(draft)
                    theme, pending = draft, None
                else:
                    pending = draft
                continue
            target = pending or theme
            meta = match_theme_meta(text)
            if meta is not None and target is not None:
                close()
                name, value = meta
                target.meta[name] = value
                target.in_explanation = name == "explanation"
                continue
            if target is not None and not target.title and position - target.position <= 3 \
                    and len(text) < 80:
                target.title = text.strip("* ")
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
        header, data = split_header(rows, block.header_rows)
        if header:
            labels = tuple(tuple(c.text for c in r.cells) for r in header)
            if table is not None and joinable and _same_header(table.header_lines, labels):
                _extend(table, data)  # the header repeated on the next page: same table
                continue
            close()
            owner = pending or theme
            if pending is not None:
                themes.append(pending)
                theme, pending = pending, None
            if owner is not None:
                owner.in_explanation = False
            table = _Draft(list(labels), owner, section, block.location)
            table.rows.extend(data)
            joinable = True
            continue
        if table is not None and joinable and data and \
                max(len(r.cells) for r in data) == table.width:
            _extend(table, data)  # a table continued without its header
            continue
        close()
        loose.extend(data)
        joinable = False
    close()

    key_rows = [[_key_text(c) for c in r.cells] for r in loose]
    for t in non_action:
        key_rows.extend([list(h) for h in t.header_lines[:1]])
        key_rows.extend([_key_text(c) for c in r.cells] for r in t.rows)
    rag_key = tuple(RagKeyEntry(colour, meaning) for colour, meaning in rag_key_from_rows(key_rows))
    for t in non_action:
        label = " | ".join(x for x in t.header if x)
        warnings.append(f"{t.location.describe()}: table '{label}' ({len(t.rows)} rows) has no "
                        "action columns; not read as actions")
    if loose:
        sample = " | ".join(c.text for c in loose[0].cells if c.text.strip())[:60]
        warnings.append(f"{loose[0].location.describe()}: {len(loose)} table rows outside any "
                        f"action table (first: '{sample}') not read as actions")
    full_text = "\n".join(lines)
    return ExtractedDocument(
        source_path=source_path,
        source_format=source_format,
        sha256=sha256,
        title=" ".join(title_parts) or None,
        head_lines=tuple(line for text in lines for line in text.split("\n") if line.strip())[:40],
        full_text=full_text,
        themes=tuple(t.freeze() for t in themes),
        tables=tuple(tables),
        rag_key=rag_key,
        warnings=tuple(warnings),
        page_count=page_count,
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


def _finish(draft: _Draft, tables: list[Table], non_action: list[_Draft]) -> None:
    roles = assign_roles(draft.header)
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
