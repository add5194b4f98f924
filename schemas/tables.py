"""pyarrow schemas of every table: the single source of truth.

The dataset writer validates every write against these, and `dictionary.py` generates the data
dictionary (DATA_DICTIONARY.md) from the descriptions kept here. `area_id` is the Hive partition
column: it names the folder (`area_id=stoke-on-trent`) and is not stored inside the files.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

PARTITION_COLUMN = "area_id"

RAG_VALUES = ("BLUE", "GREEN", "AMBER", "RED")
STATUS_VALUES = (
    "complete_assured", "complete", "on_track", "at_risk", "off_track", "not_started", "unknown",
)
SECTION_VALUES = ("open", "completed")
PRECISION_VALUES = ("day", "week", "month", "quarter", "year", "financial_year")


def _f(name: str, type_: pa.DataType, doc: str, *, nullable: bool = True,
       allowed: tuple[str, ...] | None = None) -> pa.Field:
    meta = {"description": doc}
    if allowed:
        meta["allowed"] = ",".join(allowed)
    return pa.field(name, type_, nullable=nullable, metadata=meta)


def _provenance() -> list[pa.Field]:
    return [
        _f("source_line_start", pa.int32(), "First line of the text rendition the row was read from."),
        _f("source_line_end", pa.int32(), "Last line of the text rendition the row was read from."),
        _f("source_page_start", pa.int32(), "First PDF page the row was read from."),
        _f("source_page_end", pa.int32(), "Last PDF page the row was read from."),
        _f("source_table", pa.int32(), "0-based index of the source table within the document."),
        _f("source_row", pa.int32(), "0-based row index within the source table (DOCX/PDF)."),
    ]


_ID = [
    _f("document_id", pa.string(), "Stable id of the source document: first 16 hex digits of "
       "the SHA-256 of its bytes.", nullable=False),
    _f("area", pa.string(), "Common name of the local system reviewed, as the plan spells it "
       "(\"Stoke-on-Trent\").", nullable=False),
    _f(PARTITION_COLUMN, pa.string(), "Slug of the area (\"stoke-on-trent\"); Hive partition "
       "column, taken from the folder name.", nullable=False),
]

_SUB_ROW = pa.struct([
    pa.field("owner_raw", pa.string()),
    pa.field("start_raw", pa.string()),
    pa.field("due_raw", pa.string()),
    pa.field("start_date", pa.date32()),
    pa.field("due_date", pa.date32()),
    pa.field("progress", pa.string()),
    pa.field("source_line", pa.int32()),
    pa.field("source_page", pa.int32()),
])

_RAG_KEY_ENTRY = pa.struct([
    pa.field("colour", pa.string()),
    pa.field("meaning", pa.string()),
    pa.field("status", pa.string()),
])

DOCUMENTS = pa.schema([
    *_ID,
    _f("source_path", pa.string(), "Path of the source file as given to the build.", nullable=False),
    _f("source_format", pa.string(), "Reader used: text, docx or pdf.", nullable=False,
       allowed=("text", "docx", "pdf")),
    _f("title", pa.string(), "Title lines at the head of the document."),
    _f("plan_date", pa.date32(), "Date of this issue of the plan."),
    _f("plan_date_source", pa.string(), "Where plan_date was read: document or file_name."),
    _f("version", pa.string(), "Version printed on the plan (\"19\" for \"V19\")."),
    _f("area_source", pa.string(), "How the area was found: document or override."),
    _f("rag_key", pa.list_(_RAG_KEY_ENTRY), "The plan's own RAG key: colour, the plan's wording, "
       "and the status it maps to."),
    _f("action_count", pa.int32(), "Number of actions read from the document.", nullable=False),
    _f("page_count", pa.int32(), "Pages of a PDF source."),
    _f("sha256", pa.string(), "SHA-256 of the source bytes.", nullable=False),
    _f("parser_version", pa.string(), "actionplans version that wrote the rows.", nullable=False),
    _f("extracted_at", pa.timestamp("s", tz="UTC"), "When the rows were written (or "
       "SOURCE_DATE_EPOCH for reproducible builds).", nullable=False),
    _f("warnings", pa.list_(pa.string()), "Document-level warnings: anything read but not placed "
       "on an action.", nullable=False),
])

THEMES = pa.schema([
    *_ID,
    _f("theme_id", pa.string(), "Theme or workstream number as printed (\"1\", \"6.2\").",
       nullable=False),
    _f("parent_theme_id", pa.string(), "Number of the enclosing theme (\"6\" for \"6.2\")."),
    _f("title", pa.string(), "Theme title as printed, markup removed."),
    _f("section", pa.string(), "open, or completed for a plan's completed-actions part.",
       nullable=False, allowed=SECTION_VALUES),
    _f("lead_organisation", pa.string(), "\"Lead Organisation\" line under the heading."),
    _f("reporting_lead", pa.string(), "\"Reporting Officer Lead\" line under the heading."),
    _f("explanation", pa.string(), "\"Explanation\" text under the heading."),
    _f("action_count", pa.int32(), "Actions read under this theme heading.", nullable=False),
    _f("source_line", pa.int32(), "Line of the heading in a text rendition."),
    _f("source_page", pa.int32(), "Page of the heading in a PDF."),
])

ACTIONS = pa.schema([
    *_ID,
    _f("action_id", pa.string(), "Action number as printed (\"6.2.3\", \"2.10\").", nullable=False),
    _f("action_id_inferred", pa.bool_(), "True when the number was lost in the source and "
       "inferred from neighbouring actions and references.", nullable=False),
    _f("theme_id", pa.string(), "Number of the theme the action sits under."),
    _f("theme_title", pa.string(), "Title of that theme."),
    _f("section", pa.string(), "open, or completed for a completed-actions part.",
       nullable=False, allowed=SECTION_VALUES),
    _f("cqc_issue", pa.string(), "The CQC finding the action answers (merged cells carried down)."),
    _f("intended_outcome", pa.string(), "Intended outcome (merged cells carried down)."),
    _f("action_text", pa.string(), "What will be done."),
    _f("owner_raw", pa.string(), "Owner / responsible officer cell as printed; sub-row officers "
       "on separate lines."),
    _f("lead_raw", pa.string(), "Operational lead cell as printed."),
    _f("start_raw", pa.string(), "Start cell as printed."),
    _f("due_raw", pa.string(), "Due / finish cell as printed."),
    _f("revised_raw", pa.string(), "Revised date cell as printed."),
    _f("start_date", pa.date32(), "First day of the stated start period."),
    _f("start_precision", pa.string(), "Precision of start_date.", allowed=PRECISION_VALUES),
    _f("due_date", pa.date32(), "Last day of the stated due period (last milestone when several)."),
    _f("due_precision", pa.string(), "Precision of due_date.", allowed=PRECISION_VALUES),
    _f("due_kind", pa.string(), "What the due cell held: empty, date, range, open_start, "
       "milestones, non_date, unparsed.", nullable=False),
    _f("revised_date", pa.date32(), "Last day of the revised due period."),
    _f("revised_precision", pa.string(), "Precision of revised_date.", allowed=PRECISION_VALUES),
    _f("rag_raw", pa.string(), "RAG cell text (or shading colour) as found."),
    _f("rag", pa.string(), "RAG on the common scale.", allowed=RAG_VALUES),
    _f("rag_on_target_raw", pa.string(), "Second RAG column (\"On target RAG\") as found."),
    _f("rag_on_target", pa.string(), "Second RAG column on the common scale.", allowed=RAG_VALUES),
    _f("status", pa.string(), "Delivery status.", nullable=False, allowed=STATUS_VALUES),
    _f("status_source", pa.string(), "How status was decided: rag_key (the plan's own key), "
       "rag_convention, words, section, none.", nullable=False,
       allowed=("rag_key", "rag_convention", "words", "section", "none")),
    _f("assurance", pa.string(), "Assurance / evidence cell."),
    _f("progress", pa.string(), "Progress / update cell."),
    _f("sub_rows", pa.list_(_SUB_ROW), "Per-organisation sub-rows kept with the action: own "
       "officer, dates and progress.", nullable=False),
    *_provenance(),
    _f("confidence", pa.float32(), "1.0 when every cell sat under its header; lower when cells "
       "were placed by inference, numbers inferred or values repaired.", nullable=False),
    _f("warnings", pa.list_(pa.string()), "Everything read but not placed, repaired or "
       "inferred for this action.", nullable=False),
])


@dataclass(frozen=True)
class TableSpec:
    name: str
    schema: pa.Schema
    description: str


TABLES: dict[str, TableSpec] = {
    "documents": TableSpec("documents", DOCUMENTS, "One row per source document loaded."),
    "themes": TableSpec("themes", THEMES, "One row per theme or workstream heading."),
    "actions": TableSpec("actions", ACTIONS, "One row per action of a plan."),
}


def file_schema(schema: pa.Schema) -> pa.Schema:
    """The schema stored inside each Parquet file: the partition column lives in the path."""
    return schema.remove(schema.get_field_index(PARTITION_COLUMN))
