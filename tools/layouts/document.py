"""A plan as a format-free document: title lines, headings, paragraphs and tables of cells.

Every writer (text, Markdown, Word, PDF, Excel) prints this same structure, so a difference in
accuracy between formats is the reader's, not the generator's. Columns, their order and their
labels are decided here and recorded on the plan (`plan.columns`, `plan.headers`, and one
`hdr_<column>` dimension each).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from . import vocab
from .datefmt import MON, MONTHS
from .truth import Action, Plan, heading_text

WIDTHS = {"id": 0.6, "theme": 1.4, "action": 3.0, "outcome": 1.8, "owner": 1.6, "due": 1.1,
          "revised": 1.1, "rag_prev": 0.75, "rag": 0.75, "status": 0.9, "progress": 3.4,
          "evidence": 1.3}
ORDERS = {
    "standard": ("action", "outcome", "owner", "due", "revised", "rag_prev", "rag", "status",
                 "progress", "evidence"),
    "progress_before_rag": ("action", "outcome", "owner", "due", "revised", "progress",
                            "evidence", "status", "rag_prev", "rag"),
    "owner_after_dates": ("action", "outcome", "due", "revised", "owner", "rag_prev", "rag",
                          "status", "progress", "evidence"),
    "rag_early": ("rag_prev", "rag", "action", "outcome", "owner", "due", "revised", "status",
                  "progress", "evidence"),
}
HEADING_FORMS = ("numbered_heading", "recommendation_heading", "priority_heading",
                 "workstream_heading")


@dataclass
class Cell:
    text: str = ""
    fill: str | None = None
    span: int = 1  # columns covered (a merged theme row spans the table)
    vmerge: str | None = None  # "restart" | "continue" (a theme column merged down)
    bold: bool = False
    value: object = None  # a real date for spreadsheets, with `number_format`
    number_format: str | None = None


@dataclass
class Row:
    cells: list[Cell]
    kind: str  # header | theme | action | key


@dataclass
class Table:
    rows: list[Row]
    widths: list[float]
    header_rows: int = 1
    repeat_header: bool = False
    header_fill: str | None = None
    sheet: str | None = None  # spreadsheet: this table starts a sheet of that name


@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Para:
    text: str


Block = Heading | Para | Table


@dataclass
class Document:
    title: list[str]
    blocks: list[Block] = field(default_factory=list)


def choose_columns(plan: Plan, rng: random.Random) -> None:
    """Column order and labels for `plan` (stored on it and in its dimensions)."""
    d = plan.dims
    present = {"action", "owner", "due", "progress"}
    if d["revisions"] == "column":
        present.add("revised")
    if d["rag_form"] != "none":
        present.add("rag")
        if d["rag_columns"] != "single":
            present.add("rag_prev")
    if d["status_column"] != "none":
        present.add("status")
    if d["extra_columns"] != "none":
        present.add(d["extra_columns"])
    if d["column_order"] == "shuffled":
        rest = sorted(present)
        rng.shuffle(rest)
        for first, second in (("due", "revised"), ("rag_prev", "rag")):
            if first in rest and second in rest:
                i, j = sorted((rest.index(first), rest.index(second)))
                rest[i], rest[j] = first, second
    else:
        rest = [c for c in ORDERS[d["column_order"]] if c in present]
    lead = (["theme"] if d["theme_form"] == "theme_column" else []) + (
        ["id"] if d["id_place"] == "column" else [])
    plan.columns = lead + rest
    plan.headers = {c: _label(c, plan, rng) for c in plan.columns}
    for c, label in plan.headers.items():
        plan.dims[f"hdr_{c}"] = label


def _label(column: str, plan: Plan, rng: random.Random) -> str:
    d = plan.dims
    if column == "status":
        if d["status_column"] == "yn":
            return rng.choice(("Complete? (Y/N)", "Completed (Y/N)"))
        return rng.choice(("Status", "Current status", "Delivery status"))
    if column in ("rag", "rag_prev") and d["rag_columns"] == "month_pair":
        now = plan.plan_date
        prev = date(now.year - (now.month == 1), (now.month - 2) % 12 + 1, 1)
        when = now if column == "rag" else prev
        if rng.random() < 0.5:
            return f"RAG {MON[when.month - 1]} {when.year % 100:02d}"
        return f"{MONTHS[when.month - 1]} RAG"
    if column == "rag" and d["rag_columns"] == "previous_current":
        return rng.choice(vocab.HEADERS["rag_now"])
    options = list(vocab.HEADERS[column])
    if column == "rag" and d["status_column"] != "none":
        options = [o for o in options if "Status" not in o]
    if column == "progress" and d["extra_columns"] == "evidence":
        options = [o for o in options if "evidence" not in o]
    return rng.choice(options)


def _cells(a: Action, plan: Plan, fmt: str) -> dict[str, Cell]:
    in_action = plan.dims["id_place"] == "in_action"
    due = Cell(a.due_text)
    revised = Cell(a.revised_text or "")
    if fmt == "xlsx":  # spreadsheets hold typed dates as real date values
        _typed(due, a.due_date, a.due_style, a.revision_style)
        if a.revised_text:
            _typed(revised, a.revised_date, a.due_style, "none")
    return {
        "id": Cell(a.action_id),
        "action": Cell(f"{a.action_id} {a.action_text}" if in_action else a.action_text),
        "owner": Cell(a.owner),
        "due": due,
        "revised": revised,
        "rag": Cell(a.rag_cell, a.rag_fill),
        "rag_prev": Cell(a.rag_prev_cell, a.rag_prev_fill),
        "status": Cell(a.status_text or ""),
        "progress": Cell(a.progress),
        "outcome": Cell(a.outcome),
        "evidence": Cell(a.evidence),
    }


_EXCEL_FORMATS = {"dmy_slash": "dd/mm/yyyy", "dmy_dot_short": "d.m.yy", "month_year": "mmmm yyyy",
                  "mon_yy": "mmm-yy"}


def _typed(cell: Cell, expected: date | None, style: str, revision: str) -> None:
    """A date typed into Excel: the day, or the 1st of a month shown as "Mar-18"."""
    if expected is None or revision not in ("none", "column") or style not in _EXCEL_FORMATS:
        return
    cell.value = expected if style.startswith("dmy") else expected.replace(day=1)
    cell.number_format = _EXCEL_FORMATS[style]


def _header(plan: Plan, fill: str | None, two_line: bool) -> Row:
    cells = []
    for c in plan.columns:
        label = plan.headers[c]
        words = label.split()
        if two_line and len(words) >= 2:
            cut = (len(words) + 1) // 2
            label = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
        cells.append(Cell(label, fill, bold=True))
    return Row(cells, "header")


def _theme_text(plan: Plan, theme, rng_form: str) -> str:
    return heading_text(rng_form, theme.label, theme.title, plan.dims["id_scheme"] == "EL01")


def build(plan: Plan, rng: random.Random) -> Document:
    """The format-free document of a plan (columns must be chosen first)."""
    d = plan.dims
    fmt = d["format"]
    doc = Document(list(plan.title_lines))
    d["intro_para"] = "yes" if rng.random() < 0.5 else "no"
    if d["intro_para"] == "yes":
        doc.blocks.append(Para(
            "This plan sets out the actions agreed by partners in response to the Care "
            "Quality Commission's local system review, and the progress made on each."))
    key = _key_blocks(plan, rng)
    if d["key_position"] == "top":
        doc.blocks += key
    fill = vocab.HEADER_FILLS[d["header_fill"]]
    two_line = fmt == "pdf_unruled"
    widths = [WIDTHS[c] for c in plan.columns]
    repeat = d["page_breaks"] == "long_repeat"
    n = len(plan.columns)
    form = d["theme_form"]
    words_form = form if form in HEADING_FORMS else d.setdefault(
        "theme_words", rng.choice(HEADING_FORMS))

    def action_rows(theme) -> list[Row]:
        rows = []
        for i, a in enumerate(theme.actions):
            cells = _cells(a, plan, fmt)
            if form == "theme_column":
                cells["theme"] = Cell(_theme_text(plan, theme, words_form) if i == 0 else "",
                                      vmerge="restart" if i == 0 else "continue")
            rows.append(Row([cells[c] for c in plan.columns], "action"))
        return rows

    if form in HEADING_FORMS:
        for theme in plan.themes:
            table = Table([_header(plan, fill, two_line), *action_rows(theme)], widths,
                          repeat_header=repeat, header_fill=fill)
            if d["xlsx_sheets"] == "per_theme":
                table.sheet = _sheet_name(theme.heading)
                if table.sheet == theme.heading:  # the sheet's name is the heading
                    doc.blocks.append(table)
                    continue
                table.sheet = _sheet_name(theme.heading.split(":")[0].split(" – ")[0])
            doc.blocks.append(Heading(theme.heading))
            doc.blocks.append(table)
    else:
        rows = [_header(plan, fill, two_line)]
        for theme in plan.themes:
            if form == "merged_row":
                text = _theme_text(plan, theme, words_form)
                rows.append(Row([Cell(text, None, span=n, bold=True)], "theme"))
            rows += action_rows(theme)
        doc.blocks.append(Table(rows, widths, repeat_header=repeat, header_fill=fill))
    if d["key_position"] == "bottom":
        doc.blocks += key
    return doc


def _sheet_name(text: str) -> str:
    clean = "".join(ch for ch in text if ch not in "[]:*?/\\")
    return clean[:31].strip()


def _key_blocks(plan: Plan, rng: random.Random) -> list[Block]:
    d = plan.dims
    if not plan.key:
        return []
    if d["rag_key"] == "line":
        if d["key_meaning"] == "c_line" or d["rag_form"] == "initials":
            parts = [f"{c[0]} = {m}" for c, m in plan.key]
            return [Para("Key: " + ", ".join(parts))]
        return [Para("RAG key: " + "; ".join(f"{c} – {m}" for c, m in plan.key))]
    head = rng.choice(vocab.KEY_HEADERS)
    rows = [Row([Cell(head[0], bold=True), Cell(head[1], bold=True)], "header")]
    fill_ok = d["format"] in ("docx", "pdf_ruled", "pdf_unruled", "xlsx")
    for colour_word, meaning in plan.key:
        colour = colour_word.upper()
        fill = vocab.FILLS[colour][0] if fill_ok else None
        rows.append(Row([Cell(colour_word, fill), Cell(meaning)], "key"))
    return [Heading(rng.choice(vocab.KEY_TITLES), 3), Table(rows, [1.0, 4.0])]
