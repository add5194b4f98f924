"""From raw actions (cell text as printed) to rows of the common `actions` schema.

Dates go through the one date grammar (`dates.py`), colours and status through `rag.py`.
Raw text is always kept beside the normalised value, and every value that could not be read
becomes a warning on the row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from actionplans.schemas.records import RawAction

from .dates import DateReading, read_date
from .rag import (
    RagReading,
    read_rag,
    status_from_cell,
    status_from_note,
    status_from_phrase,
    status_of,
)
from .revisions import split_revision, struck_text_removed


def _date_warning(field: str, reading: DateReading) -> list[str]:
    if reading.kind == "unparsed":
        reasons = "; ".join(reading.warnings) or "no date found"
        return [f"{field} {reading.raw!r} is not a date ({reasons})"]
    return [f"{field}: {w}" for w in reading.warnings]


def _read_coded(text: str | None, codes: dict[str, str] | None) -> RagReading:
    """A RAG cell, reading the plan's own codes ("C" for complete) through its key."""
    if text and codes and text.strip().upper() in codes:
        return RagReading(codes[text.strip().upper()])
    return read_rag(text)


def normalise_action(
    raw: RawAction,
    *,
    document_id: str,
    area: str,
    area_id: str,
    reference: date | None,
    rag_key: dict[str, str] | None,
    rag_codes: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One `actions` row. Start dates take the first day of the stated period, due and revised
    dates the last day; a due cell that is a range or an open start ("From Jan 18") also gives
    the start date when the plan has no start value of its own."""
    warnings = list(raw.warnings)
    due_text, revised_text = raw.due_raw, raw.revised_raw
    revision = split_revision(due_text, reference=reference)
    if revision is not None and not (revised_text and revised_text.strip()):
        # "Nov 2018, revised to Feb 2019" in the due cell: the original is due, the new revised
        due_text, revised_text = revision.original, revision.revised
        warnings.append(
            f"due cell {raw.due_raw!r} records a revision: due {revision.original!r}, "
            f"revised {revision.revised!r}"
        )
    elif revision is None:
        due_text = struck_text_removed(due_text)
    revised_revision = split_revision(revised_text, reference=reference)
    if revised_revision is not None:
        revised_text = revised_revision.revised  # the latest of the revisions it records
    else:
        revised_text = struck_text_removed(revised_text)
    start = read_date(raw.start_raw, reference=reference)
    due = read_date(due_text, reference=reference)
    revised = read_date(revised_text, reference=reference)
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

    rag_raw = raw.rag_raw
    if not rag_raw and raw.status_raw and read_rag(raw.status_raw).colour:
        rag_raw = raw.status_raw  # a "Status" column that holds RAG colours
    rag_reading = _read_coded(rag_raw, rag_codes)
    target_reading = _read_coded(raw.rag_on_target_raw, rag_codes)
    previous_reading = _read_coded(raw.rag_previous_raw, rag_codes)
    for reading, text in (
        (rag_reading, rag_raw),
        (target_reading, raw.rag_on_target_raw),
        (previous_reading, raw.rag_previous_raw),
    ):
        if reading.colour is None and status_from_phrase(text):
            continue  # a status column in words ("In progress"), read as status below
        if reading.warning:
            warnings.append(reading.warning)
    column_status = status_from_cell(raw.status_raw) if rag_raw is not raw.status_raw else None
    status, status_source = status_of(
        rag_reading.colour,
        target_reading.colour,
        rag_key,
        words=(raw.due_raw, raw.revised_raw),
        completed_section=raw.section == "completed",
        status_words=(raw.rag_raw, raw.rag_on_target_raw),
    )
    if column_status is not None and not (
        column_status == "complete" and status == "complete_assured"
    ):
        # A status column says what the plan says of delivery ("Not started" in a red cell);
        # only the colour's own "completed and embedded" is more specific than "Complete".
        status, status_source = column_status, "status_column"
    noted = status_from_note(raw.progress) if status_source in ("none", "section") else None
    if noted and (status_source == "none" or noted.startswith("complete")):
        status, status_source = noted, "progress_text"
        confidence -= 0.1
        warnings.append(f"status {noted} read from the progress note (no RAG or status cell)")
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
        "rag_previous_raw": raw.rag_previous_raw,
        "rag_previous": previous_reading.colour,
        "status_raw": raw.status_raw,
        "status": status,
        "status_source": status_source,
        "assurance": raw.assurance,
        "progress": raw.progress,
        "see_also": list(raw.see_also),
        "extra": [{"header": h, "text": t} for h, t in raw.extra],
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
