"""pyarrow schemas of every table: the single source of truth.

The dataset writer validates every write against these, and `dictionary.py` generates the data
dictionary (DATA_DICTIONARY.md) from the descriptions kept here. `area_id` is the Hive partition
column: it names the folder (`area_id=stoke-on-trent`) and is not stored inside the files.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

# The coded columns' values live in values.py (no pyarrow there, for the workers).
from .values import PARTITION_COLUMN as PARTITION_COLUMN
from .values import PRECISION_VALUES as PRECISION_VALUES
from .values import RAG_VALUES as RAG_VALUES
from .values import SECTION_VALUES as SECTION_VALUES
from .values import SOURCE_FORMATS as SOURCE_FORMATS
from .values import STATUS_VALUES as STATUS_VALUES


def _f(
    name: str,
    type_: pa.DataType,
    doc: str,
    *,
    nullable: bool = True,
    allowed: tuple[str, ...] | None = None,
) -> pa.Field:
    meta = {"description": doc}
    if allowed:
        meta["allowed"] = ",".join(allowed)
    return pa.field(name, type_, nullable=nullable, metadata=meta)


def _provenance() -> list[pa.Field]:
    return [
        _f(
            "source_line_start",
            pa.int32(),
            "First line of the text rendition the row was read from.",
        ),
        _f("source_line_end", pa.int32(), "Last line of the text rendition the row was read from."),
        _f("source_page_start", pa.int32(), "First PDF page the row was read from."),
        _f("source_page_end", pa.int32(), "Last PDF page the row was read from."),
        _f("source_table", pa.int32(), "0-based index of the source table within the document."),
        _f("source_row", pa.int32(), "0-based row index within the source table (DOCX/PDF)."),
    ]


_ID = [
    _f(
        "document_id",
        pa.string(),
        "Stable id of the source document: first 16 hex digits of the SHA-256 of its bytes.",
        nullable=False,
    ),
    _f(
        "area",
        pa.string(),
        'Common name of the local system reviewed, as the plan spells it ("Stoke-on-Trent").',
        nullable=False,
    ),
    _f(
        PARTITION_COLUMN,
        pa.string(),
        'Slug of the area ("stoke-on-trent"); Hive partition column, taken from the folder name.',
        nullable=False,
    ),
]

_SUB_ROW = pa.struct(
    [
        pa.field("owner_raw", pa.string()),
        pa.field("start_raw", pa.string()),
        pa.field("due_raw", pa.string()),
        pa.field("start_date", pa.date32()),
        pa.field("due_date", pa.date32()),
        pa.field("progress", pa.string()),
        pa.field("source_line", pa.int32()),
        pa.field("source_page", pa.int32()),
    ]
)

_RAG_KEY_ENTRY = pa.struct(
    [
        pa.field("colour", pa.string()),
        pa.field("meaning", pa.string()),
        pa.field("status", pa.string()),
    ]
)

DOCUMENTS = pa.schema(
    [
        *_ID,
        _f(
            "source_path",
            pa.string(),
            "Path of the source file as given to the build (the first of source_paths).",
            nullable=False,
        ),
        _f(
            "source_paths",
            pa.list_(pa.string()),
            "Every path the same bytes were loaded from (an identical file under two names is "
            "one document); after `build --prune`, exactly the current inputs holding them.",
            nullable=False,
        ),
        _f(
            "source_format",
            pa.string(),
            "Reader used: text, docx or pdf.",
            nullable=False,
            allowed=SOURCE_FORMATS,
        ),
        _f("title", pa.string(), "Title lines at the head of the document."),
        _f("plan_date", pa.date32(), "Date of this issue of the plan."),
        _f(
            "plan_date_source",
            pa.string(),
            "Where plan_date was read: document, file_name or hints.",
        ),
        _f("version", pa.string(), 'Version printed on the plan ("19" for "V19").'),
        _f(
            "is_latest",
            pa.bool_(),
            "The area's current issue: greatest (plan_date, version as numbers, document_id) "
            "among the area's documents in the dataset; recomputed at every commit.",
            nullable=False,
        ),
        _f(
            "superseded_by",
            pa.string(),
            "document_id of the area's next issue in that order; null for the latest.",
        ),
        _f(
            "same_version_as",
            pa.list_(pa.string()),
            "Other documents of the area with the same plan_date and version (a warning: "
            "which is current cannot be told; the order falls back to document_id).",
            nullable=False,
        ),
        _f("area_source", pa.string(), "How the area was found: document, hints or override."),
        _f(
            "rag_key",
            pa.list_(_RAG_KEY_ENTRY),
            "The plan's own RAG key: colour, the plan's wording, and the status it maps to.",
        ),
        _f("action_count", pa.int32(), "Number of actions read from the document.", nullable=False),
        _f("page_count", pa.int32(), "Pages of a PDF source."),
        _f("sha256", pa.string(), "SHA-256 of the source bytes.", nullable=False),
        _f(
            "parser_version",
            pa.string(),
            "actionplans version that wrote the rows.",
            nullable=False,
        ),
        _f(
            "extracted_at",
            pa.timestamp("s", tz="UTC"),
            "When the rows were written (or SOURCE_DATE_EPOCH for reproducible builds).",
            nullable=False,
        ),
        _f(
            "hints_path",
            pa.string(),
            "Layout hints file applied (the plan's `<file name>.hints.toml` sidecar), or null.",
        ),
        _f(
            "hints",
            pa.string(),
            "The hint settings applied, as a JSON object (area, plan_date, version, "
            "theme_pattern, columns, rag_key), or null.",
        ),
        _f(
            "warnings",
            pa.list_(pa.string()),
            "Document-level warnings: anything read but not placed on an action.",
            nullable=False,
        ),
    ]
)

THEMES = pa.schema(
    [
        *_ID,
        _f(
            "theme_id",
            pa.string(),
            'Theme or workstream number as printed ("1", "6.2").',
            nullable=False,
        ),
        _f("parent_theme_id", pa.string(), 'Number of the enclosing theme ("6" for "6.2").'),
        _f("title", pa.string(), "Theme title as printed, markup removed."),
        _f(
            "section",
            pa.string(),
            "open, or completed for a plan's completed-actions part.",
            nullable=False,
            allowed=SECTION_VALUES,
        ),
        _f("lead_organisation", pa.string(), '"Lead Organisation" line under the heading.'),
        _f("reporting_lead", pa.string(), '"Reporting Officer Lead" line under the heading.'),
        _f("explanation", pa.string(), '"Explanation" text under the heading.'),
        _f("action_count", pa.int32(), "Actions read under this theme heading.", nullable=False),
    _f("canonical_theme", pa.string(), "Primary theme of the canonical taxonomy "
       "(compare/taxonomy.csv) this plan theme belongs to.", nullable=False),
        _f("canonical_theme_label", pa.string(), "Label of canonical_theme as the taxonomy "
           'words it ("Hospital discharge and patient flow").', nullable=False),
        _f("source_line", pa.int32(), "Line of the heading in a text rendition."),
        _f("source_page", pa.int32(), "Page of the heading in a PDF."),
    ]
)

ACTIONS = pa.schema(
    [
        *_ID,
        _f("action_id", pa.string(), 'Action number as printed ("6.2.3", "2.10").', nullable=False),
        _f(
            "action_id_inferred",
            pa.bool_(),
            "True when the number was lost in the source and "
            "inferred from neighbouring actions and references.",
            nullable=False,
        ),
        _f("theme_id", pa.string(), "Number of the theme the action sits under."),
        _f("theme_title", pa.string(), "Title of that theme."),
    _f("canonical_theme", pa.string(), "Primary theme of the canonical taxonomy "
       "(compare/taxonomy.csv) for this action.", nullable=False),
        _f("canonical_theme_label", pa.string(), "Label of canonical_theme as the taxonomy "
           'words it ("Hospital discharge and patient flow").', nullable=False),
        _f(
            "section",
            pa.string(),
            "open, or completed for a completed-actions part.",
            nullable=False,
            allowed=SECTION_VALUES,
        ),
        _f(
            "cqc_issue",
            pa.string(),
            "The CQC finding the action answers (merged cells carried down).",
        ),
        _f("intended_outcome", pa.string(), "Intended outcome (merged cells carried down)."),
        _f("action_text", pa.string(), "What will be done."),
        _f(
            "owner_raw",
            pa.string(),
            "Owner / responsible officer cell as printed; sub-row officers on separate lines.",
        ),
        _f("lead_raw", pa.string(), "Operational lead cell as printed."),
        _f("start_raw", pa.string(), "Start cell as printed."),
        _f("due_raw", pa.string(), "Due / finish cell as printed."),
        _f("revised_raw", pa.string(), "Revised date cell as printed."),
        _f("start_date", pa.date32(), "First day of the stated start period."),
        _f("start_precision", pa.string(), "Precision of start_date.", allowed=PRECISION_VALUES),
        _f(
            "due_date",
            pa.date32(),
            "Last day of the stated due period (last milestone when several).",
        ),
        _f("due_precision", pa.string(), "Precision of due_date.", allowed=PRECISION_VALUES),
        _f(
            "due_kind",
            pa.string(),
            "What the due cell held: empty, date, range, open_start, "
            "milestones, non_date, unparsed.",
            nullable=False,
        ),
        _f("revised_date", pa.date32(), "Last day of the revised due period."),
        _f(
            "revised_precision", pa.string(), "Precision of revised_date.", allowed=PRECISION_VALUES
        ),
        _f(
            "effective_due_date",
            pa.date32(),
            "The date the action is now due: revised_date when there is one, else due_date "
            "(use it for overdue and slippage questions).",
        ),
        _f(
            "days_slipped",
            pa.int32(),
            "revised_date minus due_date in days (negative when brought forward); null when "
            "there is no revised date or no due date.",
        ),
        _f("rag_raw", pa.string(), "RAG cell text (or shading colour) as found."),
        _f("rag", pa.string(), "RAG on the common scale.", allowed=RAG_VALUES),
        _f("rag_on_target_raw", pa.string(), 'Second RAG column ("On target RAG") as found.'),
        _f(
            "rag_on_target",
            pa.string(),
            "Second RAG column on the common scale.",
            allowed=RAG_VALUES,
        ),
        _f(
            "rag_previous_raw",
            pa.string(),
            'Earlier RAG column ("Previous RAG", "Jan RAG" beside "Feb RAG") as found.',
        ),
        _f(
            "rag_previous",
            pa.string(),
            "Earlier RAG on the common scale (rag is the current one).",
            allowed=RAG_VALUES,
        ),
        _f(
            "status_raw",
            pa.string(),
            'Status / completion column as found ("In progress", "Y", "Closed").',
        ),
        _f("status", pa.string(), "Delivery status.", nullable=False, allowed=STATUS_VALUES),
        _f(
            "status_source",
            pa.string(),
            "How status was decided: status_column (a status or completion column), rag_key "
            "(the plan's own key), rag_convention, words (status words in a date or RAG "
            "cell), progress_text (a progress note stating its status), section, none.",
            nullable=False,
            allowed=(
                "status_column",
                "rag_key",
                "rag_convention",
                "words",
                "progress_text",
                "section",
                "none",
            ),
        ),
        _f("assurance", pa.string(), "Assurance / evidence cell."),
        _f("progress", pa.string(), "Progress / update cell."),
        _f(
            "see_also",
            pa.list_(pa.string()),
            'Action or theme numbers a cross-reference row points to ("see 6.1.1").',
            nullable=False,
        ),
        _f(
            "extra",
            pa.list_(pa.struct([pa.field("header", pa.string()), pa.field("text", pa.string())])),
            "Cells of columns with no known meaning: header as printed and text, never dropped.",
            nullable=False,
        ),
        _f(
            "sub_rows",
            pa.list_(_SUB_ROW),
            "Per-organisation sub-rows kept with the action: own officer, dates and progress.",
            nullable=False,
        ),
        *_provenance(),
        _f(
            "confidence",
            pa.float32(),
            "1.0 when every cell sat under its header; lower when cells "
            "were placed by inference, numbers inferred or values repaired.",
            nullable=False,
        ),
        _f(
            "warnings",
            pa.list_(pa.string()),
            "Everything read but not placed, repaired or inferred for this action.",
            nullable=False,
        ),
    ]
)


OWNERS = pa.schema(
    [
        *_ID,
        _f("action_id", pa.string(), "Action the owner belongs to.", nullable=False),
        _f(
            "role",
            pa.string(),
            "owner (owner / responsible officer cell) or lead (operational lead cell).",
            nullable=False,
            allowed=("owner", "lead"),
        ),
        _f("position", pa.int32(), "0-based order of this owner within the cell.", nullable=False),
        _f("raw", pa.string(), "The part of the cell this owner was read from.", nullable=False),
        _f("person", pa.string(), "Person's name, when the cell names one."),
        _f("job_title", pa.string(), 'Job title or role ("Managing Director", "CEO").'),
        _f("organisation", pa.string(), "Official name of the organisation."),
        _f("org_code", pa.string(), "Official code: NHS ODS code or ONS GSS code."),
        _f("org_code_system", pa.string(), "Code system of org_code.", allowed=("ODS", "GSS")),
        _f("org_type", pa.string(), "Kind of organisation (ccg, nhs_trust, local_authority, ...)."),
        _f(
            "resolution",
            pa.string(),
            "How the organisation was found: cell, abbreviation, context "
            "(plan membership list or area default), none.",
        ),
        _f("confidence", pa.float32(), "Confidence of the split and resolution.", nullable=False),
    ]
)

UPDATES = pa.schema(
    [
        *_ID,
        _f("action_id", pa.string(), "Action the update belongs to.", nullable=False),
        _f(
            "seq",
            pa.int32(),
            "0-based order of the update within the action's progress text.",
            nullable=False,
        ),
        _f(
            "as_of",
            pa.date32(),
            "Plan date of the update's document: every update is known to hold as of it.",
        ),
        _f(
            "update_date",
            pa.date32(),
            'Date the note states for itself (first day of it): its marker ("Update (21.02.18)"), '
            "the date it opens with or of the event it reports; null when it states none, and "
            "null when its only date is the period a figure refers to (refers_to_period).",
        ),
        _f(
            "update_date_precision",
            pa.string(),
            "Precision of update_date.",
            allowed=PRECISION_VALUES,
        ),
        _f(
            "refers_to_period",
            pa.date32(),
            'First day of the period a figure in the note refers to ("Actual for January - 145 '
            'days" -> 2018-01-01, "2016/17 data shows" -> 2016-04-01), kept apart from '
            "update_date.",
        ),
        _f(
            "refers_to_precision",
            pa.string(),
            "Precision of refers_to_period (month, quarter, financial_year ...).",
            allowed=PRECISION_VALUES,
        ),
        _f(
            "reported_by",
            pa.string(),
            'Organisation that reported the update, by its official name ("STH&K" -> '
            "St Helens and Knowsley Teaching Hospitals NHS Trust).",
        ),
        _f("reported_by_code", pa.string(), "ODS / GSS code of reported_by."),
        _f(
            "reported_by_code_system",
            pa.string(),
            "Code system of reported_by_code (set whenever it is).",
            allowed=("ODS", "GSS"),
        ),
        _f("text", pa.string(), "Text of the update.", nullable=False),
        _f("source_field", pa.string(), "progress or sub_row.", nullable=False),
    ]
)

TARGETS = pa.schema(
    [
        *_ID,
        _f("action_id", pa.string(), "Action the target belongs to.", nullable=False),
        _f(
            "source_field",
            pa.string(),
            "Field the target was read from.",
            nullable=False,
            allowed=("action_text", "intended_outcome", "assurance", "cqc_issue", "progress"),
        ),
        _f("metric", pa.string(), 'What is measured ("delayed transfers of care per day").'),
        _f("baseline_value", pa.float64(), "Starting value, when stated."),
        _f("baseline_date", pa.date32(), "Date of the baseline, when stated."),
        _f("target_value", pa.float64(), "Promised value."),
        _f("target_date", pa.date32(), "Date by which the target is promised."),
        _f("unit", pa.string(), "Unit of the values (%, days, per day, per 100,000, people ...)."),
        _f(
            "comparator",
            pa.string(),
            "How the target compares: <=, >=, =, reduce_by, increase_by, reduce_to, increase_to.",
            allowed=("<=", ">=", "=", "reduce_by", "increase_by", "reduce_to", "increase_to"),
        ),
        _f("raw", pa.string(), "The sentence the target was read from.", nullable=False),
    ]
)

WARNINGS = pa.schema(
    [
        *_ID,
        _f("action_id", pa.string(), "Action the warning is about; null for the document."),
        _f(
            "field",
            pa.string(),
            "Column the warning is about (comma-separated when one message covers several).",
        ),
        _f(
            "code",
            pa.string(),
            "Stable code of the kind of warning (README: what it means, what to do).",
            nullable=False,
        ),
        _f(
            "severity",
            pa.string(),
            "info: a repair that keeps everything; review: inferred or moved by a rule, to "
            "confirm; error: source text or a value not read.",
            nullable=False,
            allowed=("info", "review", "error"),
        ),
        _f("location", pa.string(), 'Where in the source ("line 252", "pages 3-4", "table 2 '
           'row 5"); the action\'s own location when the message names none.'),
        _f("message", pa.string(), "The warning as written, location prefix removed.",
           nullable=False),
    ]
)

OWNER_ORGANISATIONS = pa.schema(
    [
        *_ID,
        _f("action_id", pa.string(), "The action.", nullable=False),
        _f("organisation", pa.string(), "Official name of an organisation owning or leading it.",
           nullable=False),
        _f("org_code", pa.string(), "Official code: NHS ODS code or ONS GSS code."),
        _f("org_code_system", pa.string(), "Code system of org_code (set whenever it is).",
           allowed=("ODS", "GSS")),
        _f("org_type", pa.string(), "Kind of organisation (ccg, nhs_trust, local_authority, ...)."),
        _f("roles", pa.list_(pa.string()), "owner and/or lead: the cells that name it.",
           nullable=False),
    ]
)

THEME_ALIGNMENT = pa.schema(
    [
        _f(
            "canonical_theme",
            pa.string(),
            "Canonical theme of the taxonomy (compare/taxonomy).",
            nullable=False,
        ),
        _f("area", pa.string(), "Area of the plan theme.", nullable=False),
        _f(
            PARTITION_COLUMN,
            pa.string(),
            "Slug of the area; Hive partition column.",
            nullable=False,
        ),
        _f("document_id", pa.string(), "Document of the plan theme.", nullable=False),
        _f("theme_id", pa.string(), "Plan theme number.", nullable=False),
        _f(
            "rank",
            pa.int32(),
            "0 for the primary canonical theme, 1.. for secondary ones.",
            nullable=False,
        ),
        _f("score", pa.float32(), "Alignment score (0-1).", nullable=False),
        _f(
            "matched_terms", pa.list_(pa.string()), "Terms that produced the score.", nullable=False
        ),
    ]
)

ACTION_MATCHES = pa.schema(
    [
        _f("area_a", pa.string(), "Area of the action.", nullable=False),
        _f(PARTITION_COLUMN, pa.string(), "Slug of area_a; Hive partition column.", nullable=False),
        _f("document_id_a", pa.string(), "Document of the action.", nullable=False),
        _f("action_id_a", pa.string(), "The action.", nullable=False),
        _f("area_b", pa.string(), "Area of the counterpart.", nullable=False),
    _f("area_id_b", pa.string(), "Slug of area_b (joins with the actions partition).",
       nullable=False),
        _f("document_id_b", pa.string(), "Document of the counterpart.", nullable=False),
        _f("action_id_b", pa.string(), "The counterpart action in area_b.", nullable=False),
        _f(
            "rank",
            pa.int32(),
            "1 for the best counterpart in area_b, 2 for the next ...",
            nullable=False,
        ),
        _f("score", pa.float32(), "Similarity score (0-1).", nullable=False),
        _f(
            "canonical_theme",
            pa.string(),
            "Canonical theme the pair shares: their common primary theme, else the primary of "
            "one that is a secondary theme of the other; null when they share none.",
        ),
        _f("canonical_theme_a", pa.string(), "Primary canonical theme of action a.",
           nullable=False),
        _f("canonical_theme_b", pa.string(), "Primary canonical theme of action b.",
           nullable=False),
        _f(
            "matched_terms",
            pa.list_(pa.string()),
            "Terms both actions share, by weight.",
            nullable=False,
        ),
    ]
)


CROSSWALK = pa.schema(
    [
        _f("canonical_theme", pa.string(), "Canonical theme (row of the crosswalk).",
           nullable=False),
        _f("canonical_theme_label", pa.string(), "Its label in compare/taxonomy.csv.",
           nullable=False),
        _f("area", pa.string(), "Area (column of the crosswalk).", nullable=False),
        _f(PARTITION_COLUMN, pa.string(), "Slug of the area; Hive partition column.",
           nullable=False),
        _f("plan_themes", pa.list_(pa.string()), 'The area\'s own themes whose primary canonical '
           'theme this is ("6.2 DISCHARGE TO ASSESS").', nullable=False),
        _f("theme_action_count", pa.int32(), "Actions under those plan themes.", nullable=False),
        _f("primary_action_count", pa.int32(), "Actions of the area whose own primary canonical "
           "theme this is (wherever they sit).", nullable=False),
        _f("secondary_action_count", pa.int32(), "Actions that have it as a secondary theme.",
           nullable=False),
        _f("gap", pa.bool_(), "True when no theme and no action of the area has this theme, "
           "primary or secondary.", nullable=False),
    ]
)

LOAD_STAGES = ("read", "map", "normalise", "write", "limit")

LOAD_ERRORS = pa.schema(
    [
        _f(
            "path",
            pa.string(),
            "The file as given to build (a name that is not valid UTF-8 shown with \\xNN "
            "escapes).",
            nullable=False,
        ),
        _f("sha256", pa.string(), "SHA-256 of the file's bytes; null when it could not be read."),
        _f(
            "stage",
            pa.string(),
            "Where loading stopped: read (the reader), map (tables to actions), normalise, "
            "write (the dataset writer) or limit (a time, memory, page or unpacked-size limit).",
            nullable=False,
            allowed=LOAD_STAGES,
        ),
        _f(
            "error_type",
            pa.string(),
            "Kind of failure: DocumentError, TimeLimit, MemoryLimit, PageLimit, "
            "UnzippedSizeLimit, ZipRatioLimit, WorkerDied, or the parser's exception name.",
            nullable=False,
        ),
        _f("message", pa.string(), "The one-line reason, as the build printed it.", nullable=False),
        _f("occurred_at", pa.timestamp("s", tz="UTC"), "When the build met the failure.",
           nullable=False),
    ]
)


@dataclass(frozen=True)
class TableSpec:
    name: str
    schema: pa.Schema
    description: str


TABLES: dict[str, TableSpec] = {
    "documents": TableSpec("documents", DOCUMENTS, "One row per source document loaded."),
    "themes": TableSpec("themes", THEMES, "One row per theme or workstream heading."),
    "actions": TableSpec("actions", ACTIONS, "One row per action of a plan."),
    "owners": TableSpec(
        "owners",
        OWNERS,
        "One row per owner or lead named in an action's "
        "owner and lead cells, split and resolved to organisations.",
    ),
    "updates": TableSpec("updates", UPDATES, "One row per dated progress update of an action."),
    "targets": TableSpec(
        "targets",
        TARGETS,
        "One row per numeric target promised in an action's text, outcome or assurance.",
    ),
    "owner_organisations": TableSpec(
        "owner_organisations",
        OWNER_ORGANISATIONS,
        "One row per action and organisation named in its owner or lead cells (however many "
        "people of it are named): actions per organisation is a plain GROUP BY organisation.",
    ),
    "warnings": TableSpec(
        "warnings",
        WARNINGS,
        "One row per warning of a document or of one of its actions, with a stable code.",
    ),
    "theme_alignment": TableSpec(
        "theme_alignment",
        THEME_ALIGNMENT,
        "Plan themes aligned to the canonical theme taxonomy (compare stage).",
    ),
    "crosswalk": TableSpec(
        "crosswalk",
        CROSSWALK,
        "The crosswalk (compare stage): one row per canonical theme and area, with the area's "
        "own themes and how many of its actions have the theme.",
    ),
    "action_matches": TableSpec(
        "action_matches",
        ACTION_MATCHES,
        "For every action, its best counterparts in every other area (compare stage).",
    ),
    "load_errors": TableSpec(
        "load_errors",
        LOAD_ERRORS,
        "One row per file the latest build could not load (one file, `load_errors/"
        "load_errors.parquet`, replaced by every build; not partitioned by area).",
    ),
}

# Tables written per document by `actionplans build`; the rest are written by `compare`.
DOCUMENT_TABLES = (
    "documents", "themes", "actions", "owners", "updates", "targets", "owner_organisations",
    "warnings",
)


def file_schema(schema: pa.Schema) -> pa.Schema:
    """The schema stored inside each Parquet file: the partition column lives in the path."""
    if PARTITION_COLUMN not in schema.names:
        return schema  # a table not partitioned by area (load_errors)
    return schema.remove(schema.get_field_index(PARTITION_COLUMN))
