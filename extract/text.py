"""Reader for text renditions: tab-separated table rows, HTML fragments in cells, page breaks.

It only finds structure — headings, theme metadata, header rows, data rows and their line
numbers — and hands over an `ExtractedDocument`; the mapping step decides what cells mean.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .cells import clean_cell
from .errors import DocumentError
from .headers import assign_roles, is_header_continuation, is_header_row
from .headings import is_completed_marker, match_heading, match_theme_meta
from .model import Cell, ExtractedDocument, Location, RagKeyEntry, Row, Table, ThemeHeading
from .rag_key import rag_key_from_rows

_SEPARATOR = re.compile(r"^[\s\-=_|+:]*$")
# A RAG key written as a list: "Blue – Complete with assurance", "Amber = some slippage".
_KEY_LINE = re.compile(
    r"^[-•*]?\s*(?P<colour>blue|green|amber|red|yellow|purple|grey|amber/green|amber/red)"
    r"\s*[-–—=:]\s*(?P<meaning>[A-Za-z].{2,80})$",
    re.IGNORECASE,
)


@dataclass
class _ThemeDraft:
    theme_id: str
    title: str
    section: str
    line: int
    explicit: bool
    meta: dict[str, str] = field(default_factory=dict)
    in_explanation: bool = False
    has_table: bool = False

    def freeze(self) -> ThemeHeading:
        return ThemeHeading(
            theme_id=self.theme_id,
            title=self.title,
            section=self.section,
            location=Location(line_start=self.line, line_end=self.line),
            lead_organisation=self.meta.get("lead_organisation") or None,
            reporting_lead=self.meta.get("reporting_lead") or None,
            explanation=self.meta.get("explanation") or None,
        )


@dataclass
class _TableDraft:
    header_lines: list[list[str]]
    line: int
    theme: _ThemeDraft | None
    section: str
    rows: list[Row] = field(default_factory=list)
    pending_break: bool = False
    last_line: int = 0

    @property
    def header(self) -> tuple[str, ...]:
        width = max(len(h) for h in self.header_lines)
        labels = []
        for i in range(width):
            parts = [h[i] for h in self.header_lines if i < len(h) and h[i].strip()]
            labels.append(" ".join(parts))
        return tuple(labels)


def decode(data: bytes, path: str) -> str:
    """Text of a rendition: UTF-8 (with or without BOM), else Windows-1252 as Word saves it."""
    if b"\x00" in data[:4096]:
        raise DocumentError(path, "binary file, not a text rendition")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(path, "text is neither UTF-8 nor Windows-1252")


def read_text(path: str | Path) -> ExtractedDocument:
    """Read one text rendition. Stateless: everything it learns is in the returned document."""
    path = Path(path)
    data = path.read_bytes()
    return read_text_bytes(data, str(path))


def read_text_bytes(data: bytes, source_path: str) -> ExtractedDocument:
    if not data.strip():
        raise DocumentError(source_path, "file is empty")
    text = decode(data, source_path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    themes: list[_ThemeDraft] = []
    tables: list[Table] = []
    warnings: list[str] = []
    loose: list[tuple[int, list[str]]] = []  # tab lines outside any action table
    non_action_tables: list[_TableDraft] = []
    section = "open"
    theme: _ThemeDraft | None = None  # last theme that may own a table
    pending_generic: _ThemeDraft | None = None
    table: _TableDraft | None = None
    header_open = False  # the line after a header may continue it

    def close_table() -> None:
        nonlocal table, header_open
        if table is not None:
            _finish_table(table, tables, non_action_tables)
        table = None
        header_open = False

    for n, line in enumerate(lines, start=1):
        if not line.strip():
            if table is not None:
                table.pending_break = True
            continue
        if _SEPARATOR.match(line):
            continue
        if "\t" not in line:
            stripped = line.strip()
            if is_completed_marker(stripped):
                close_table()
                section = "completed"
                theme = None
                continue
            heading = match_heading(stripped)
            if heading is not None:
                close_table()
                draft = _ThemeDraft(heading.theme_id, heading.title, section, n, heading.explicit)
                if heading.explicit:
                    themes.append(draft)
                    theme = draft
                    pending_generic = None
                else:
                    pending_generic = draft
                continue
            key_line = _KEY_LINE.match(stripped)
            if key_line:
                loose.append((n, [key_line.group("colour"), key_line.group("meaning")]))
                continue
            meta = match_theme_meta(stripped)
            target = pending_generic or theme
            if meta is not None and target is not None:
                name, value = meta
                target.meta[name] = value
                target.in_explanation = name == "explanation"
                if table is not None:
                    close_table()
                continue
            if (
                target is not None
                and not target.title
                and target.line >= n - 3
                and len(stripped) < 80
            ):
                target.title = stripped.strip("* ")
                continue
            if target is not None and target.in_explanation and table is None:
                sep = "\n" if target.meta.get("explanation") else ""
                target.meta["explanation"] = target.meta.get("explanation", "") + sep + stripped
                continue
            if table is not None:
                close_table()
            continue

        cells = [clean_cell(c) for c in line.split("\t")]
        if (
            table is not None
            and header_open
            and not table.rows
            and (is_header_continuation(cells) or is_header_row(cells))
        ):
            table.header_lines.append(cells)  # second line of a two-line header
            continue
        if is_header_row(cells):
            if table is not None and _same_header(table, cells):
                header_open = False  # a header repeated after a page break: same table
                continue
            close_table()
            owner = pending_generic or theme
            if pending_generic is not None:
                themes.append(pending_generic)
                theme = pending_generic
                pending_generic = None
            if owner is not None:
                owner.in_explanation = False
            table = _TableDraft([cells], n, owner, section)
            header_open = True
            continue
        header_open = False
        if table is None:
            loose.append((n, cells))
            continue
        row = Row(
            cells=tuple(Cell(c) for c in cells),
            location=Location(line_start=n, line_end=n),
            after_break=table.pending_break,
        )
        table.rows.append(row)
        table.pending_break = False
        table.last_line = n
    close_table()

    key_rows = [cells for _, cells in loose]
    for t in non_action_tables:
        key_rows.extend([list(t.header_lines[0])])
        key_rows.extend([[c.text for c in r.cells] for r in t.rows])
    rag_key = tuple(RagKeyEntry(colour, meaning) for colour, meaning in rag_key_from_rows(key_rows))
    for t in non_action_tables:
        label = " | ".join(x for x in t.header if x)
        warnings.append(
            f"line {t.line}: table '{label}' ({len(t.rows)} rows) has no action columns; "
            "not read as actions"
        )
    if loose:
        first, last = loose[0][0], loose[-1][0]
        sample = " | ".join(c for c in loose[0][1] if c)[:60]
        warnings.append(
            f"lines {first}-{last}: {len(loose)} tab-separated lines outside any action table "
            f"(first: '{sample}') not read as actions"
        )

    head = tuple(line.strip() for line in lines if line.strip())[:40]
    return ExtractedDocument(
        source_path=source_path,
        source_format="text",
        sha256=hashlib.sha256(data).hexdigest(),
        title=_title(lines),
        head_lines=head,
        full_text=text,
        themes=tuple(t.freeze() for t in themes),
        tables=tuple(tables),
        rag_key=rag_key,
        warnings=tuple(warnings),
    )


def _same_header(table: _TableDraft, cells: list[str]) -> bool:
    first = [c.strip().lower() for c in table.header_lines[0]]
    return [c.strip().lower() for c in cells] == first


def _finish_table(draft: _TableDraft, tables: list[Table], non_action: list[_TableDraft]) -> None:
    roles = assign_roles(draft.header)
    if "action" not in roles or not {"owner", "due", "id", "start", "progress"} & set(roles):
        non_action.append(draft)
        return
    theme = draft.theme.freeze() if draft.theme is not None else None
    last = draft.last_line or draft.line
    tables.append(
        Table(
            header=draft.header,
            header_lines=tuple(tuple(h) for h in draft.header_lines),
            rows=tuple(draft.rows),
            location=Location(line_start=draft.line, line_end=last),
            theme=theme,
            section=draft.section,
            index=len(tables),
        )
    )


def _title(lines: list[str]) -> str | None:
    """The leading block of title lines, ended by a gap of two or more blank lines."""
    parts: list[str] = []
    blanks = 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            blanks += 1
            if parts and blanks >= 2:
                break
            continue
        blanks = 0
        if len(stripped) > 120 or "\t" in line:
            break
        parts.append(stripped)
        if len(parts) >= 6:
            break
    return " ".join(parts) or None
