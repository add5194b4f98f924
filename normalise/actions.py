"""From raw actions (cell text as printed) to rows of the common `actions` schema.

Dates go through the one date grammar (`dates.py`), colours and status through `rag.py`.
Raw text is always kept beside the normalised value, and every value that could not be read
becomes a warning on the row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from actionplans.extract.mapping import RawAction

from .dates import DateReading, read_date
from .rag import read_rag, status_from_phrase, status_of


def _date_warning(field: str, reading: DateReading) -> list[str]:
    if reading.kind == "unparsed":
        reasons = "; ".join(reading.warnings) or "no date found"
        return [f"{field} {reading.raw!r} is not a date ({reasons})"]
    return [f"{field}: {w}" for w in reading.warnings]


def normalise_action(
    raw: RawAction,
    *,
    document_id: str,
    area: str,
    area_id: str,
    reference: date | None,
    rag_key: dict[str, str] | None,
) -> dict[str, Any]:
    """One `actions` row. Start dates take the first day of the stated period, due and revised
    dates the last day; a due cell that is a range or an open start ("From Jan 18") also gives
    the start date when the plan has no start value of its own."""
    warnings = list(raw.warnings)
    start = read_date(raw.start_raw, reference=reference)
    due = read_date(raw.due_raw, reference=reference)
    revised = read_date(raw.revised_raw, reference=reference)
    warnings += _date_warning("start", start) + _date_warning("due", due)
    warnings += _date_warning("revised", revised)

    start_date, start_precision = start.first_day(), start.start_precision()
    if start_date is None and due.kind in ("range", "open_start"):
        start_date, start_precision = due.first_day(), due.start_precision()
        warnings.append(f"start date taken from the due cell {raw.due_raw!r}")
    due_date = due.last_day()
    confidence = raw.confidence
    if any(r.kind == "unparsed" for r in (start, due, revised)):
        confidence -= 0.1

    rag_reading = read_rag(raw.rag_raw)
    target_reading = read_rag(raw.rag_on_target_raw)
    for reading, text in ((rag_reading, raw.rag_raw), (target_reading, raw.rag_on_target_raw)):
        if reading.colour is None and status_from_phrase(text):
            continue  # a status column in words ("In progress"), read as status below
        if reading.warning:
            warnings.append(reading.warning)
    status, status_source = status_of(
        rag_reading.colour,
        target_reading.colour,
        rag_key,
        words=(raw.due_raw, raw.revised_raw),
        completed_section=raw.section == "completed",
        status_words=(raw.rag_raw, raw.rag_on_target_raw),
    )
    loc = raw.location
    return {
        "document_id": document_id,
        "area": area,
        "area_id": area_id,
        "action_id": raw.action_id,
        "action_id_inferred": raw.id_inferred,
        "theme_id": raw.theme_id,
        "theme_title": raw.theme_title,
        "section": raw.section,
        "cqc_issue": raw.cqc_issue,
        "intended_outcome": raw.intended_outcome,
        "action_text": raw.action_text,
        "owner_raw": raw.owner_raw,
        "lead_raw": raw.lead_raw,
        "start_raw": raw.start_raw,
        "due_raw": raw.due_raw,
        "revised_raw": raw.revised_raw,
        "start_date": start_date,
        "start_precision": start_precision,
        "due_date": due_date,
        "due_precision": due.end_precision() if due_date else None,
        "due_kind": due.kind,
        "revised_date": revised.last_day(),
        "revised_precision": revised.end_precision() if revised.last_day() else None,
        "rag_raw": raw.rag_raw,
        "rag": rag_reading.colour,
        "rag_on_target_raw": raw.rag_on_target_raw,
        "rag_on_target": target_reading.colour,
        "status": status,
        "status_source": status_source,
        "assurance": raw.assurance,
        "progress": raw.progress,
        "sub_rows": [
            {
                "owner_raw": s.owner_raw,
                "start_raw": s.start_raw,
                "due_raw": s.due_raw,
                "start_date": read_date(s.start_raw, reference=reference).first_day(),
                "due_date": read_date(s.due_raw, reference=reference).last_day(),
                "progress": s.progress,
                "source_line": s.location.line_start,
                "source_page": s.location.page_start,
            }
            for s in raw.sub_rows
        ],
        "source_line_start": loc.line_start,
        "source_line_end": loc.line_end,
        "source_page_start": loc.page_start,
        "source_page_end": loc.page_end,
        "source_table": raw.table_index,
        "source_row": loc.row_index,
        "confidence": round(max(0.1, confidence), 2),
        "warnings": warnings,
    }
