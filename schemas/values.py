"""The allowed values of the dataset's coded columns, without pyarrow.

Why: the readers and normalisers check values against these lists in worker processes that
never write a table; importing them from `tables.py` would load pyarrow there (0.15 s) for
nothing. `tables.py` builds the schemas from the same lists.
"""

from __future__ import annotations

PARTITION_COLUMN = "area_id"

RAG_VALUES = ("BLUE", "GREEN", "AMBER", "RED")
# What a document was read from: a reader's own format, or the original format of a file
# converted through LibreOffice before reading.
SOURCE_FORMATS = ("text", "docx", "pdf", "xlsx", "csv", "odt", "ods", "doc", "rtf", "xls")
STATUS_VALUES = (
    "complete_assured",
    "complete",
    "on_track",
    "at_risk",
    "off_track",
    "not_started",
    "unknown",
)
SECTION_VALUES = ("open", "completed")
PRECISION_VALUES = ("day", "week", "month", "season", "quarter", "year", "financial_year")
