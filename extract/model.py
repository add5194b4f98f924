"""The intermediate document model every reader produces.

Readers (text rendition, .docx, .pdf) only find tables, headings and cell text; they never decide
what a column means. They hand over a `ExtractedDocument`, and one mapping step
(`actionplans.extract.mapping`) turns its tables into actions whatever the source format, so a
fix to column mapping helps every format at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from actionplans.schemas.records import Location

__all__ = ["Cell", "ExtractedDocument", "Location", "RagKeyEntry", "Row", "Table", "ThemeHeading"]


@dataclass(frozen=True)
class Cell:
    """One physical cell: clean text (list items and paragraphs on separate lines) and fill colour.

    `fill` is the cell's shading as a colour name or hex (DOCX shading, PDF rect fill); plans that
    show RAG only as colour carry it here.
    """

    text: str
    fill: str | None = None
    span: int = 1  # grid columns the cell covers (a merged theme row spans them all)

    @property
    def empty(self) -> bool:
        return not self.text.strip() and self.fill is None


@dataclass(frozen=True)
class Row:
    """One physical row as the reader found it, before any meaning is given to its cells."""

    cells: tuple[Cell, ...]
    location: Location
    after_break: bool = False  # a page break / blank line separated it from the previous row
    notes: tuple[str, ...] = ()  # what the reader inferred about this row (becomes a warning)


@dataclass(frozen=True)
class ThemeHeading:
    """A theme or workstream heading and the metadata printed under it."""

    theme_id: str
    title: str
    section: str  # "open" or "completed"
    location: Location
    lead_organisation: str | None = None
    reporting_lead: str | None = None
    explanation: str | None = None
    numbered: bool = True  # False when the plan printed no number and one was given by order


@dataclass(frozen=True)
class Table:
    """A table of the document with its header labels and the theme it sits under."""

    header: tuple[str, ...]
    header_lines: tuple[tuple[str, ...], ...]  # the raw header rows (to strip fused header text)
    rows: tuple[Row, ...]
    location: Location
    theme: ThemeHeading | None
    section: str
    index: int


@dataclass(frozen=True)
class RagKeyEntry:
    """One line of a plan's own RAG key: colour and the plan's words for it."""

    colour: str
    meaning: str


@dataclass(frozen=True)
class ExtractedDocument:
    """Everything a reader found in one document; readers keep no state between documents."""

    source_path: str
    source_format: str
    sha256: str
    title: str | None
    head_lines: tuple[str, ...]  # first lines of text, for area / date / version detection
    full_text: str  # for references such as "See Action 6.3"
    themes: tuple[ThemeHeading, ...]
    tables: tuple[Table, ...]
    rag_key: tuple[RagKeyEntry, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    page_count: int | None = None
