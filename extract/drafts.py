"""An action being assembled from rows, and the field roles the assembly sorts cells into.

Shared by the mapping step and the helpers that judge rows (`row_kinds`) and route page-break
fragments (`continuation`), so each of them stays one concept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from actionplans.schemas.records import Location, SubRow

from .celltypes import CellType
from .model import Table

TEXT_ROLES = ("action", "assurance", "progress")
# Cell types a date column may hold: dates, non-dates ("Ongoing", "TBC") and "Completed".
DATE_LIKE = (CellType.DATE, CellType.NON_DATE, CellType.STATUS)
CARRY_ROLES = ("cqc_issue", "intended_outcome", "theme")
PERSON_ROLES = ("owner", "lead")
DATE_ROLES = ("start", "due", "revised")
RAG_ROLES = ("rag", "rag_on_target", "rag_previous", "status")


@dataclass
class Box:
    """A carried-down (vertically merged) cell shared by the actions it spans."""

    text: str


@dataclass
class Draft:
    action_id: str
    location: Location
    table: Table
    id_inferred: bool = False
    values: dict[str, str] = field(default_factory=dict)
    fills: dict[str, str] = field(default_factory=dict)
    carry: dict[str, Box] = field(default_factory=dict)
    sub_rows: list[SubRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    confidence: float = 1.0
    extra: dict[str, str] = field(default_factory=dict)  # header -> text of unmapped columns
    see_also: list[str] = field(default_factory=list)
