"""The raw action record: what the mapping step hands to normalisation.

It sits in `schemas/` (a leaf every stage imports) so data flows one way: extract produces
`RawAction`s, normalise consumes them, and neither imports the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where something sits in the source: lines for text, pages for PDF, table/row for DOCX."""

    line_start: int | None = None
    line_end: int | None = None
    page_start: int | None = None
    page_end: int | None = None
    table_index: int | None = None
    row_index: int | None = None

    def span(self, other: Location) -> Location:
        """The smallest location covering both (used when rows are joined)."""

        def lo(a: int | None, b: int | None) -> int | None:
            return (
                min(x for x in (a, b) if x is not None) if a is not None or b is not None else None
            )

        def hi(a: int | None, b: int | None) -> int | None:
            return (
                max(x for x in (a, b) if x is not None) if a is not None or b is not None else None
            )

        return Location(
            line_start=lo(self.line_start, other.line_start),
            line_end=hi(self.line_end, other.line_end),
            page_start=lo(self.page_start, other.page_start),
            page_end=hi(self.page_end, other.page_end),
            table_index=self.table_index if self.table_index is not None else other.table_index,
            row_index=self.row_index if self.row_index is not None else other.row_index,
        )

    def describe(self) -> str:
        if self.line_start is not None:
            if self.line_end not in (None, self.line_start):
                return f"lines {self.line_start}-{self.line_end}"
            return f"line {self.line_start}"
        if self.page_start is not None:
            if self.page_end not in (None, self.page_start):
                return f"pages {self.page_start}-{self.page_end}"
            return f"page {self.page_start}"
        if self.table_index is not None:
            return f"table {self.table_index} row {self.row_index}"
        return "unknown location"


@dataclass(frozen=True)
class SubRow:
    """A per-organisation sub-row of an action: its own officer, dates and progress."""

    owner_raw: str | None
    start_raw: str | None
    due_raw: str | None
    progress: str | None
    location: Location


@dataclass(frozen=True)
class RawAction:
    """One action as the plan printed it: raw cell text per field, with provenance."""

    action_id: str
    theme_id: str | None
    theme_title: str | None
    section: str
    cqc_issue: str | None
    intended_outcome: str | None
    action_text: str | None
    owner_raw: str | None
    lead_raw: str | None
    start_raw: str | None
    due_raw: str | None
    revised_raw: str | None
    rag_raw: str | None
    rag_on_target_raw: str | None
    rag_previous_raw: str | None
    status_raw: str | None  # a status / completion column ("In progress", "Y", "✓")
    theme_raw: str | None  # a theme / key-line-of-enquiry column's text, when the plan has one
    assurance: str | None
    progress: str | None
    sub_rows: tuple[SubRow, ...]
    location: Location
    table_index: int
    id_inferred: bool
    confidence: float
    warnings: tuple[str, ...]
    see_also: tuple[str, ...] = ()  # action ids a cross-reference row points to
    extra: tuple[tuple[str, str], ...] = ()  # (header, text) of columns with no known meaning
