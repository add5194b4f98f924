"""Warnings as data: every warning string of extract/ and normalise/ classified by ONE table.

Warnings are written as sentences where the repair happens (a reader, the mapping step, the date
grammar). This table gives each kind a stable code, a severity, the field it is about, what it
means and what a reviewer should do, so the `warnings` table can be filtered and counted.
A message no pattern matches gets the code `OTHER`; the tests build every fixture and fail on
one, so a new warning needs its row here.

Severities: `info` (a repair or reading choice that keeps everything), `review` (a value was
inferred, moved or mapped by a rule a person should confirm against the source), `error` (text
or a value of the source was not read: the dataset lacks something the document says).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SEVERITIES = ("info", "review", "error")
OTHER = "OTHER"

#: A warning's own location prefix ("line 252: ", "pages 3-4: ", "table 5 (sheet 'X') row 9: ").
LOCATION = re.compile(
    r"^(?P<where>(?:lines?|pages?)\s+\d+(?:-\d+)?|table \d+(?: \(sheet '[^']*'\))?(?: row \d+)?"
    r"|unknown location)\s*:\s*"
)

#: The words warnings use for a column (the mapping step's roles) -> the output column.
FIELD_NAMES = {
    "id": "action_id",
    "theme": "theme_id",
    "action": "action_text",
    "owner": "owner_raw",
    "lead": "lead_raw",
    "start": "start_date",
    "due": "due_date",
    "revised": "revised_date",
    "plan date": "plan_date",
    "issue": "cqc_issue",
}
_RAG_COLUMNS = ("rag", "rag_on_target", "rag_previous", "status")
_DATE = r"(?P<field>start|due|revised)"


@dataclass(frozen=True)
class WarningCode:
    code: str
    severity: str
    field: str | None  # column the warning is about; a (?P<field>) group in the pattern wins
    pattern: str  # matched (re.search) against the message without its location prefix
    meaning: str
    action: str  # what a reviewer should do

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    if pattern not in _CACHE:
        _CACHE[pattern] = re.compile(pattern)
    return _CACHE[pattern]


W = WarningCode
#: The one table. Order matters only where two patterns could match; the first wins.
CODES: tuple[WarningCode, ...] = (
    # --- the document ------------------------------------------------------------------------
    W("CONVERTED", "info", None, r"^converted from \.\w+ to \.\w+ by LibreOffice",
      "The file was converted by LibreOffice (.odt, .rtf, .doc, .ods, .xls) before reading.",
      "Nothing, unless values look wrong: then compare with the original file."),
    W("PLAN_DATE_FROM_FILENAME", "review", "plan_date", r"^plan date \S+ taken from the file name",
      "The document prints no plan date; the date in its file name is used.",
      "Check the file name's date is the issue date; else set plan_date in a hints file."),
    W("PLAN_DATE_MISSING", "error", "plan_date", r"^no plan date in the document or its file name",
      "No plan date found: two-digit years and bare months are read against a default date.",
      "Set plan_date in a hints file (<file>.hints.toml) and rebuild."),
    W("HINT_OVERRIDES_DOCUMENT", "info", None,
      r"^(?P<field>area|plan date|version) .* from .*; the \w+ (?:reads|gives)",
      "A hints file set a value the document itself states differently.",
      "Confirm the hints file is right for this issue of the plan."),
    W("VERSION_DUPLICATE", "review", "version",
      r"different documents of .* share plan date .* and version",
      "Two different files of one area carry the same plan date and version.",
      "Check whether one is a re-save or has a stale version number; drop or rename it."),
    # --- reading the file --------------------------------------------------------------------
    W("ENCODING_FALLBACK", "review", None,
      r"^read as Windows-1252: \d+ valid UTF-8 character\(s\) among",
      "A text file mixing UTF-8 and other bytes was read as Windows-1252.",
      "Check names, dashes and quotes; re-save the file as UTF-8 and rebuild."),
    W("BYTES_REPLACED", "error", None,
      r"^text: \d+ byte sequence\(s\) not valid \S+, replaced with U\+FFFD",
      "Bytes not valid in the file's encoding were replaced with U+FFFD (�).",
      "Look at the byte offsets named; re-save the file in one encoding."),
    W("XLSX_STREAMING", "review", None, r"^workbook unpacks to \d+ MB: read in streaming mode",
      "A very large workbook was read in streaming mode: merges, hidden rows, comments unseen.",
      "Check merged cells and hidden rows in Excel; split the workbook if needed."),
    W("SHEET_NOT_READ", "review", None, r"^(?:chart|hidden) sheet, not read",
      "A chart sheet or hidden sheet of a workbook was not read.",
      "Open the sheet: if it holds current actions, unhide it and rebuild."),
    W("XLSX_HIDDEN_CELLS", "info", None, r"^(?:rows|columns) .* are hidden in Excel; read anyway",
      "Hidden rows or columns of a sheet were read like visible ones.",
      "Check the hidden rows are not superseded entries."),
    W("XLSX_COMMENTS_NOT_READ", "review", None, r"cell comment\(s\) not read",
      "Cell comments of a sheet are not part of the dataset.",
      "Read the comments in Excel if they carry updates."),
    W("XLSX_CONDITIONAL_COLOURS", "review", "rag", r"^conditional formatting colours",
      "Colours set by conditional formatting are not read; only text and own shading are.",
      "Check RAG columns that are coloured only by rules; give them words or a RAG key."),
    W("XLSX_FORMULA_NO_VALUE", "error", None, r"formula cell\(s\) have no saved value",
      "Formula cells without a cached value read as empty.",
      "Open and save the workbook in Excel (recalculates), then rebuild."),
    W("XLSX_NUMBER_LOSS", "review", "action_id", r"is a number repeating row .*Excel stores",
      "A number cell repeats an earlier one: Excel may have stored 1.10 as 1.1.",
      "Check the action number in Excel; store numbers as text."),
    W("PAGE_BREAK_REJOINED", "info", None,
      r"row cut by a page break rejoined from its parts on both pages",
      "A table row split over two PDF pages was joined back into one row.",
      "Nothing, unless the action's text reads wrongly across the join."),
    # --- tables, themes, columns -------------------------------------------------------------
    W("TABLE_NOT_ACTIONS", "review", None, r"^table .* has no action columns; not read as actions",
      "A table without action columns (a RAG key, a timeline, a membership list) was skipped.",
      "Check it holds no actions; if it does, map its columns in a hints file."),
    W("ROWS_NOT_READ", "review", None,
      r"table rows outside any action table .* not read as actions",
      "Table rows before or between the action tables were not read as actions.",
      "Check them in the source: they are usually a key or a timeline."),
    W("TABLE_WITHOUT_ACTIONS", "error", None, r"^table has rows but no numbered actions",
      "An action table's rows gave no action.",
      "Check the table's number column; a hints file can map columns or set theme_pattern."),
    W("THEME_UNNUMBERED", "info", "theme_id", r"^theme heading .* has no number; numbered",
      "A theme heading without a number was numbered by its order.",
      "Nothing, unless the plan numbers its themes elsewhere."),
    W("THEME_FROM_IDS", "info", "theme_id", r"^theme \S+ taken from the action numbers",
      "A theme exists only as the prefix of action numbers; it has no heading of its own.",
      "Nothing; theme_title stays empty."),
    W("UNMAPPED_COLUMN", "review", "extra", r"^column '.*' has no known meaning; its cells",
      "A column's header is not one the reader knows; its cells are kept in `extra`.",
      "If the column matters, map it to a field in a hints file ([columns])."),
    W("COLUMN_BY_CONTENT", "review", None,
      r"^column '.*' has no known header; read as (?P<field>\w+) by its content",
      "A column with an unknown header was given a field because of what its cells hold.",
      "Check the column is that field; else map it in a hints file."),
    # --- rows and cells ----------------------------------------------------------------------
    W("CELL_SHIFTED", "review", None, r"cell\(s\) placed under another header by content",
      "A row had lost or gained a cell; the cells named were placed under the headers named.",
      "Check those cells against the source row."),
    W("CELLS_JOINED", "review", None, r"surplus cell\(s\) joined into the last column",
      "A row had more cells than headers; the surplus was joined into the last column.",
      "Check the last column's text for text of another column."),
    W("PAGE_BREAK_TEXT_MOVED", "review", None,
      r"text continuing a sentence cut by the page break moved from '\w+' to '(?P<field>\w+)'",
      "Text continuing a sentence across a page break was moved to the column it continues.",
      "Check the sentence reads on in that field."),
    W("PAGE_BREAK_TEXT_KEPT", "info", None,
      r"text continuing a sentence cut by the page break kept in its own column '(?P<field>\w+)'",
      "A page-break fragment that the row's shift had misplaced was kept in its own column.",
      "Nothing."),
    W("DEBRIS_DROPPED", "error", None,
      r"^debris .* in (?:the )?'?(?P<field>\w+)'?(?: column)? not used",
      "Stray characters (conversion debris) in a cell were not used.",
      "Check the source cell: if the text is real, correct the rendition."),
    W("FRAGMENT_DROPPED", "error", None,
      r"^fragment .* in the (?P<field>\w+) column (?:is not a name; )?not used",
      "A fragment in a person column was not a name and was not used.",
      "Check the owner or lead against the source."),
    W("SECOND_VALUE_DROPPED", "error", None, r"^second (?P<field>\w+) value .* \(kept",
      "A row gave a second value for a field; the first one was kept.",
      "Check which value is right."),
    W("CELL_NOT_DATE", "error", None, r"in the (?P<field>\w+) column is not a date; not used",
      "A cell of a continuation row in a date column is not a date and was not used.",
      "Check the date in the source."),
    W("VALUE_FROM_SUB_ROW", "info", None, r"^(?P<field>\w+) .* taken from a sub-row",
      "A value missing on the action's own row was taken from its sub-row.",
      "Nothing, unless the sub-row belongs to another organisation's date."),
    W("CONFLICT_IGNORED", "review", None,
      r"^conflicting (?P<field>\w+) .* in a repeated or damaged row ignored",
      "A repeated or damaged copy of a row gave a different value; the action's own was kept.",
      "Check which value is right."),
    W("OFFICER_MOVED", "review", "owner_raw",
      r"officer .* found at the end of the action text and moved to owner",
      "An officer's name pushed into the action text was moved to the owner.",
      "Check the owner."),
    W("OFFICER_ADDED", "review", "owner_raw", r"officer .* in a repeated row added to owner",
      "An officer named in a repeated row was added to the owner.",
      "Check the owner."),
    W("NAME_REPAIRED", "review", "owner_raw", r"is a name split across cells; read as",
      "An officer's name split across cells was repaired from the plan's own officer names.",
      "Check the owner."),
    W("REVISED_AS_DUE", "review", "due_date",
      r"only date of the row was under 'Revised date'; read as the due date",
      "A shifted row's only date sat under the revised column and was read as the due date.",
      "Check due and revised dates against the source."),
    W("SINGLE_RAG_AS_FIRST", "info", "rag", r"single RAG value read as the first RAG column",
      "A row's only RAG value sat under the second RAG column and was read as the first.",
      "Check the RAG columns."),
    # --- action numbers ----------------------------------------------------------------------
    W("ID_INFERRED", "review", "action_id", r"^action number lost .* inferred",
      "The action's number was lost in the source and inferred from its neighbours.",
      "Check the number against the source (action_id_inferred is true)."),
    W("ID_BY_ORDER", "review", "action_id", r"^the plan prints no action numbers; numbered",
      "The plan prints no action numbers; actions were numbered by order in their table.",
      "Nothing, but do not match these numbers with another issue's numbers."),
    W("PARENT_ACTION", "review", "action_id",
      r"^row above the first numbered action with its own action, officer and date",
      "A row above a theme's first numbered action was read as the theme's parent action.",
      "Check it is an action and not a heading."),
    W("LEAD_IN_ROW", "review", None, r"^row without an action number above the first action",
      "A row above the first action had no number; its text is kept only in this warning.",
      "Read the text: if it is an action, fix the numbering in the source or hints."),
    W("ID_REPEATED", "review", "action_id", r"^action number \S+ repeated; row joined",
      "An action number appeared twice; the second row was joined to the first.",
      "Check the two rows are one action."),
    W("DAMAGED_ROW", "review", "action_id",
      r"^number cell .* is not an action number; row read as a damaged copy",
      "A row with a garbled number cell was read as a damaged copy of the action above.",
      "Check the row is not an action of its own."),
    W("ID_TEXT_DROPPED", "error", "action_text", r"^text .* after the number not used",
      "Text beside an action number in a repeated row was not used.",
      "Check the text against the action's own."),
    W("CROSS_REFERENCE", "info", "see_also", r"^cross-reference row .* kept as see_also",
      "A row pointing to another action ('see 6.1.1') was kept as see_also, not as an action.",
      "Nothing."),
    # --- dates -------------------------------------------------------------------------------
    W("REVISION_IN_CELL", "info", "revised_date", r"^due cell .* records a revision",
      "A due cell records its own revision ('Nov 2018, revised to Feb 2019'): split in two.",
      "Nothing."),
    W("START_FROM_DUE", "info", "start_date", r"^start date taken from the due cell",
      "A due cell with a range or an open start ('From Jan 18') also gave the start date.",
      "Nothing."),
    W("DATE_UNPARSED", "error", None, rf"^{_DATE} .* is not a date \(",
      "A date cell could not be read as a date; the date column is empty.",
      "Read the cell (the *_raw column); correct it in the source if it is a typo."),
    W("DATE_TEXT_IGNORED", "info", None, rf"^{_DATE}: text around the (?:non-date word .* )?"
      r"(?:date )?ignored",
      "Words around a date or a non-date word ('Ongoing') in a date cell were ignored.",
      "Nothing, unless the words change the date's meaning."),
    W("DATE_FALLBACK", "review", None, rf"^{_DATE}: read by the dateparser fallback",
      "A date in a form the grammar does not know was read by dateparser.",
      "Check the date."),
    W("DATE_IMPLAUSIBLE_YEAR", "review", None, rf"^{_DATE}: implausible year",
      "A date's year lies far from the plan date (probably a typo).",
      "Check the date in the source."),
    W("DATE_QUARTER_AMBIGUOUS", "review", None, rf"^{_DATE}: ambiguous quarter year",
      "A quarter with a calendar year ('Q1 2018') was read as a calendar quarter.",
      "Check whether the plan means financial-year quarters."),
    W("DATE_WEEK_IGNORED", "info", None, rf"^{_DATE}: week qualifier on a \w+ ignored",
      "A week qualifier ('w/c') on something coarser than a day was ignored.", "Nothing."),
    W("DATE_RANGE_REVERSED", "review", None, rf"^{_DATE}: range ends before it starts",
      "A date range ends before it starts.", "Check the dates in the source."),
    W("DATE_STATUS_WORDS", "review", None, rf"^{_DATE}: several status words",
      "A date cell holds several status words ('Ongoing', 'Complete').", "Check the status."),
    W("DATE_PART_INVALID", "review", None, rf"^{_DATE}: not a date: ",
      "Part of a date cell looks like a date but is not one (a day or month out of range).",
      "Check the date in the source."),
    # --- RAG and status ----------------------------------------------------------------------
    W("RAG_OFF_SCALE", "review", "rag", r"^RAG colour .* is off the BLUE/GREEN/AMBER/RED scale",
      "A colour outside BLUE/GREEN/AMBER/RED ('Yellow') was mapped to the nearest one.",
      "Check the plan's key for what the colour means."),
    W("RAG_TEXT_AROUND", "info", "rag", r"^RAG cell .* has text around the colour",
      "A RAG cell holds words besides the colour; the colour was read.", "Nothing."),
    W("RAG_NO_COLOUR", "review", "rag", r"^RAG cell .* names no colour",
      "A RAG cell names no colour; rag is empty.", "Read the cell (rag_raw)."),
    W("RAG_SHADING_NOT_RAG", "review", "rag", r"^cell shading .* is not a RAG colour",
      "A RAG cell's shading is white, grey or black: no RAG value.", "Check the cell's colour."),
    W("RAG_SHADING_NEAREST", "info", "rag", r"^cell shading #\w+ read as [A-Z]+",
      "A RAG cell's shading was read by its hue as the nearest RAG colour.",
      "Nothing, unless the plan's key says otherwise."),
    W("STATUS_FROM_PROGRESS", "review", "status", r"^status \w+ read from the progress note",
      "No RAG or status cell: the status was read from words of the progress note.",
      "Check the status against the note."),
    W("UPDATE_AFTER_PLAN_DATE", "review", "progress",
      r"^update \d+ of action \S+ is dated .* after the plan date",
      "A progress note is dated after the plan's own date (kept as written; probably a typo).",
      "Check the date in the source."),
)  # fmt: skip
del W

_BY_CODE = {c.code: c for c in CODES}


@dataclass(frozen=True)
class Classified:
    code: str
    severity: str
    field: str | None
    location: str | None
    message: str  # without the location prefix


def split_location(message: str) -> tuple[str | None, str]:
    """(location prefix or None, the rest of the message)."""
    m = LOCATION.match(message)
    if not m:
        return None, message
    return m["where"], message[m.end() :]


def classify(message: str, action: Mapping[str, Any] | None = None) -> Classified:
    """Code, severity, field and location of one warning (an action row refines RAG fields)."""
    location, text = split_location(message)
    for spec in CODES:
        m = spec.regex.search(text)
        if m is None:
            continue
        found = m.groupdict().get("field")
        field = FIELD_NAMES.get(found, found) if found else spec.field
        if spec.field == "rag" and action is not None:
            field = _rag_field(text, action) or field
        return Classified(spec.code, spec.severity, field, location, text)
    return Classified(OTHER, "review", None, location, text)


def _flat(value: object) -> str:
    return " ".join(str(value or "").split()).lower().lstrip("#")


def _rag_field(text: str, action: Mapping[str, Any]) -> str | None:
    """The RAG column(s) holding the quoted cell ("rag, rag_on_target" when both hold it)."""
    m = re.search(r"'([^']*)'|\"([^\"]*)\"|#(\w{6})", text)
    if not m:
        return None
    quoted = _flat(next(g for g in m.groups() if g is not None))
    hits = [c for c in _RAG_COLUMNS if quoted and _flat(action.get(f"{c}_raw")) == quoted]
    return ", ".join(hits) or None


def _describe(row: Mapping[str, Any]) -> str | None:
    """An action's own location, for warnings that carry none."""
    start, end = row.get("source_line_start"), row.get("source_line_end")
    if start is not None:
        return f"lines {start}-{end}" if end not in (None, start) else f"line {start}"
    start, end = row.get("source_page_start"), row.get("source_page_end")
    if start is not None:
        return f"pages {start}-{end}" if end not in (None, start) else f"page {start}"
    if row.get("source_table") is not None:
        return f"table {row['source_table']} row {row.get('source_row')}"
    return None


def warning_rows(
    document: Mapping[str, Any], actions: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Rows of the `warnings` table of one document: its own warnings, then each action's.

    One row per fact: an exact repeat (same action, location and message) is dropped.
    """
    ids = {k: document[k] for k in ("document_id", "area", "area_id")}
    out: list[dict[str, Any]] = []
    seen: set[tuple[str | None, str | None, str]] = set()

    def add(message: str, action: Mapping[str, Any] | None) -> None:
        c = classify(message, action)
        action_id = action["action_id"] if action is not None else None
        location = c.location or (_describe(action) if action is not None else None)
        key = (action_id, location, c.message)
        if key in seen:
            return
        seen.add(key)
        out.append(
            {
                **ids,
                "action_id": action_id,
                "field": c.field,
                "code": c.code,
                "severity": c.severity,
                "location": location,
                "message": c.message,
            }
        )

    for message in document.get("warnings") or ():
        add(message, None)
    for action in actions:
        for message in action.get("warnings") or ():
            add(message, action)
    return out


def code_spec(code: str) -> WarningCode | None:
    return _BY_CODE.get(code)


def codes_markdown(codes: Iterable[WarningCode] = CODES) -> str:
    """The README table of codes, generated from CODES."""
    lines = [
        "| code | severity | field | what it means | what a reviewer should do |",
        "|---|---|---|---|---|",
    ]
    for c in codes:
        field = f"`{c.field}`" if c.field else "named in the message"
        lines.append(f"| `{c.code}` | {c.severity} | {field} | {c.meaning} | {c.action} |")
    return "\n".join(lines) + "\n"
