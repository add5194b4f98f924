"""Write the seed plans as Word documents and PDFs, the way councils publish them.

The golden fields of every action (number, theme, section, owner, lead, dates, RAG colours,
status) are written from the golden tables (tests/golden/actions/*.csv), never from the
pipeline; the pipeline's reading of the text rendition only supplies filler text (action,
issue, outcome, assurance, progress, theme titles) so the documents look real. Layout as
councils use it: landscape pages, one table per theme under its heading, issue and outcome
cells merged down the actions they cover, header rows repeated on every page, RAG shown only
as cell shading, long progress cells running over page breaks, per-organisation sub-rows with
the number cell merged. The PDFs come from LibreOffice headless (libreoffice-writer-nogui).

Run from the project root:  python tools/make_renditions.py [--no-pdf]
Outputs are committed under tests/fixtures/ so tests need no LibreOffice.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from actionplans.pipeline import process_document

ROOT = Path(__file__).resolve().parent.parent
RENDITIONS = ROOT / "tests" / "fixtures" / "renditions"
PLANS = ROOT / "tests" / "fixtures" / "plans"
BAD = ROOT / "tests" / "fixtures" / "bad"

FILL = {"BLUE": "0070C0", "GREEN": "00B050", "AMBER": "FFC000", "RED": "FF0000"}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
FILLER_LIMIT = 1800  # characters of filler text per cell: enough to run over a page break


@dataclass(frozen=True)
class Plan:
    slug: str
    corpus: str
    stem: str  # output file stem (keeps the plan date of the corpus file name)
    layout: str  # "stoke" (issue/outcome, month dates, two RAG columns) or "halton"


SEEDS = (
    Plan("stoke-on-trent", "stoke-on-trent-improvement-plan-v19-2018-03-19.txt",
         "stoke-on-trent-improvement-plan-v19-2018-03-19", "stoke"),
    Plan("halton", "halton-action-plan-2018-02-21.txt", "halton-action-plan-2018-02-21", "halton"),
)


# --- golden dates as printed --------------------------------------------------------------


def _iso(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _is_month_end(d: date) -> bool:
    return (d + timedelta(days=1)).day == 1


def month_text(d: date, long: bool = False) -> str:
    """'April 2018' / 'Feb 18' for a month-end date; a full date otherwise."""
    if not _is_month_end(d):
        return f"{d.day} {LONG_MONTHS[d.month - 1]} {d.year}"
    if long:
        return f"{LONG_MONTHS[d.month - 1]} {d.year}"
    return f"{MONTHS[d.month - 1]} {d.year % 100}"


def start_month_text(d: date) -> str:
    if d.day != 1:
        return f"{d.day} {LONG_MONTHS[d.month - 1]} {d.year}"
    return f"{MONTHS[d.month - 1]} {d.year % 100}"


def day_text(d: date) -> str:
    """Halton's '31.3.18'."""
    return f"{d.day}.{d.month}.{d.year % 100:02d}"


# --- low-level docx helpers ---------------------------------------------------------------


def shade(cell, hex_fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tc_pr.append(shd)


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    tr_pr.append(el)


def set_text(cell, text: str | None, bold: bool = False) -> None:
    """Cell text with one paragraph per line (as Word keeps separate paragraphs)."""
    lines = (text or "").split("\n")
    cell.paragraphs[0].text = ""
    for i, line in enumerate(lines):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        run = para.add_run(line)
        run.bold = bold


def landscape(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.27))
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(8)
    style.paragraph_format.space_after = Pt(2)


def new_table(doc, widths_cm: list[float]):
    table = doc.add_table(rows=0, cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for col, w in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(w)
    return table


def add_row(table, widths_cm: list[float]):
    row = table.add_row()
    for cell, w in zip(row.cells, widths_cm, strict=True):
        cell.width = Cm(w)
    return row


def heading(doc, text: str, size: int = 11) -> None:
    para = doc.add_paragraph()
    run = para.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def filler(text: str | None) -> str:
    text = (text or "").strip()
    return text if len(text) <= FILLER_LIMIT else text[:FILLER_LIMIT].rsplit(" ", 1)[0] + " …"


def title_lines(corpus_text: str) -> list[str]:
    """The plan's title block as printed: leading lines up to the first double blank."""
    out: list[str] = []
    blanks = 0
    for line in corpus_text.splitlines():
        if not line.strip():
            blanks += 1
            if out and blanks >= 2:
                break
            continue
        blanks = 0
        out.append(line.strip())
    return out


# --- the seed plans -----------------------------------------------------------------------


def load_golden(slug: str) -> list[dict[str, str]]:
    with open(ROOT / "tests" / "golden" / "actions" / f"{slug}.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def stoke_dates(g: dict[str, str]) -> tuple[str, str]:
    """Month due and Revised date cells from the golden dates (Stoke has no start column)."""
    start, due, revised = _iso(g["start_date"]), _iso(g["due_date"]), _iso(g["revised_date"])
    if start and due:
        due_cell = f"{start_month_text(start)} - {month_text(due)}"
    elif start:
        due_cell = f"From {start_month_text(start)}"
    elif due:
        due_cell = month_text(due, long=True)
    elif g["status"] == "complete":
        due_cell = "Completed"
    else:
        due_cell = "TBC"
    return due_cell, (month_text(revised) if revised else "")


def halton_dates(g: dict[str, str]) -> tuple[str, str]:
    start, due = _iso(g["start_date"]), _iso(g["due_date"])
    done = g["status"] == "complete"
    start_cell = day_text(start) if start else ("Completed" if done and not due else "Ongoing")
    due_cell = day_text(due) if due else ("Completed" if done else "TBC")
    return start_cell, due_cell


def write_seed(plan: Plan, out_dir: Path) -> Path:
    corpus_path = ROOT / "corpus" / plan.corpus
    text = corpus_path.read_text(encoding="utf-8")
    result = process_document(corpus_path)  # filler text only
    fill_by_id = {(a["action_id"], a["section"]): a for a in result.tables["actions"]}
    themes = {(t["theme_id"], t["section"]): t for t in result.tables["themes"]}
    golden = load_golden(plan.slug)

    doc = Document()
    landscape(doc)
    for line in title_lines(text):
        heading(doc, line, 14)
    doc.add_paragraph()
    doc.add_paragraph()
    if plan.layout == "stoke":
        write_stoke_intro(doc, result)
    else:
        doc.add_paragraph("This Action Plan has been developed in response to the issues "
                          "highlighted within the report.")

    groups: list[tuple[str, str, list[dict[str, str]]]] = []
    for g in golden:
        if not groups or groups[-1][0] != g["theme_id"] or groups[-1][1] != g["section"]:
            groups.append((g["theme_id"], g["section"], []))
        groups[-1][2].append(g)
    section = "open"
    for theme_id, sec, rows in groups:
        if sec != section:
            doc.add_page_break()
            heading(doc, "COMPLETED ACTIONS", 12)
            section = sec
        theme = themes.get((theme_id, sec), {})
        if plan.layout == "stoke":
            if theme_id == "6.1":  # the parent theme is printed with its own explanation
                parent = themes.get(("6", sec), {})
                heading(doc, f"Improvement Theme 6: {parent.get('title', '')}")
                doc.add_paragraph(f"Explanation: {parent.get('explanation') or ''}")
            word = "Service Improvement Workstream" if "." in theme_id else "Improvement Theme"
            heading(doc, f"{word} {theme_id}: {theme.get('title', '')}")
            for label, key in (("Lead Organisation", "lead_organisation"),
                               ("Reporting Officer Lead", "reporting_lead"),
                               ("Explanation", "explanation")):
                if theme.get(key):
                    doc.add_paragraph(f"{label}: {theme[key]}")
            stoke_table(doc, rows, fill_by_id)
        else:
            heading(doc, f"{theme_id}. {theme.get('title', '')}")
            halton_table(doc, rows, fill_by_id)
        doc.add_paragraph()
    path = out_dir / f"{plan.stem}.docx"
    doc.save(path)
    return path


def write_stoke_intro(doc, result) -> None:
    heading(doc, "PROCESS OF ASSURANCE")
    key = new_table(doc, [8.0, 3.0])
    row = add_row(key, [8.0, 3.0])
    set_text(row.cells[0], "RAG Rating Criteria", bold=True)
    set_text(row.cells[1], "Rating", bold=True)
    for entry in result.tables["documents"][0]["rag_key"]:
        row = add_row(key, [8.0, 3.0])
        set_text(row.cells[0], entry["meaning"])
        shade(row.cells[1], FILL[entry["colour"]])  # colour only, no word
    doc.add_paragraph()
    doc.add_paragraph("Demonstrate assurance over time (normally 3 months) before RAG blue.")


STOKE_HEADER = ("CQC Identified issue", "Intended Outcome", "", "Action", "Owner",
                "Operational lead", "Month due", "Revised date", "Description of Assurance",
                "Progress/ Any Actions due this period", "Month RAG", "On target RAG")
STOKE_WIDTHS = [2.6, 2.6, 1.3, 3.0, 2.8, 2.4, 2.0, 1.7, 2.4, 3.96, 1.2, 1.2]


def stoke_table(doc, rows: list[dict[str, str]], fill_by_id) -> None:
    table = new_table(doc, STOKE_WIDTHS)
    header = add_row(table, STOKE_WIDTHS)
    repeat_header(header)
    for cell, label in zip(header.cells, STOKE_HEADER, strict=True):
        set_text(cell, label, bold=True)
    spans: list[tuple[int, int, str, str]] = []  # merged issue/outcome: first, last row, texts
    for g in rows:
        f = fill_by_id.get((g["action_id"], g["section"]), {})
        row = add_row(table, STOKE_WIDTHS)
        idx = len(table.rows) - 1
        issue, outcome = f.get("cqc_issue") or "", f.get("intended_outcome") or ""
        if spans and spans[-1][2:] == (issue, outcome):
            spans[-1] = (spans[-1][0], idx, issue, outcome)
        else:
            spans.append((idx, idx, issue, outcome))
        due_cell, revised_cell = stoke_dates(g)
        # a number the source does not print (an inferred parent action) is not printed here
        printed = "" if "Number not printed" in g["reading_note"] else g["action_id"]
        values = ["", "", printed, filler(f.get("action_text")), g["owner_raw"],
                  g["lead_raw"], due_cell, revised_cell, filler(f.get("assurance")),
                  filler(f.get("progress")), "", ""]
        for cell, value in zip(row.cells, values, strict=True):
            set_text(cell, value.replace(" | ", "\n"))
        for col, field in ((10, "rag"), (11, "rag_on_target")):
            if g[field]:
                shade(row.cells[col], FILL[g[field]])
    for first, last, issue, outcome in spans:
        for col, text in ((0, issue), (1, outcome)):
            set_text(table.cell(first, col), filler(text))
            if last > first:
                table.cell(first, col).merge(table.cell(last, col))


HALTON_WIDTHS = [1.3, 6.0, 3.2, 1.9, 1.9, 12.8]


def halton_table(doc, rows: list[dict[str, str]], fill_by_id) -> None:
    table = new_table(doc, HALTON_WIDTHS)
    top, second = add_row(table, HALTON_WIDTHS), add_row(table, HALTON_WIDTHS)
    for r in (top, second):
        repeat_header(r)
    for i, label in enumerate(("Action No.", "Action Required", "Responsible Officer", "By When",
                               "", "Progress Made to Date")):
        if label:
            set_text(top.cells[i], label, bold=True)
    set_text(second.cells[3], "Start", bold=True)
    set_text(second.cells[4], "Finish", bold=True)
    top.cells[3].merge(top.cells[4])
    for i in (0, 1, 2, 5):
        table.cell(0, i).merge(table.cell(1, i))
    for g in rows:
        f = fill_by_id.get((g["action_id"], g["section"]), {})
        subs = f.get("sub_rows") or []
        officers = g["owner_raw"].split(" | ") if g["owner_raw"] else [""]
        n_sub = min(len(subs), len(officers) - 1)
        main_officers = officers[: len(officers) - n_sub]
        start_cell, due_cell = halton_dates(g)
        row = add_row(table, HALTON_WIDTHS)
        first = len(table.rows) - 1
        values = [g["action_id"], filler(f.get("action_text")), "\n".join(main_officers),
                  start_cell, due_cell, filler(f.get("progress"))]
        for cell, value in zip(row.cells, values, strict=True):
            set_text(cell, value)
        for k in range(n_sub):
            sub = subs[len(subs) - n_sub + k]
            row = add_row(table, HALTON_WIDTHS)
            values = ["", "", officers[len(main_officers) + k], sub["start_raw"] or "",
                      sub["due_raw"] or "", filler(sub["progress"])]
            for cell, value in zip(row.cells, values, strict=True):
                set_text(cell, value)
        last = len(table.rows) - 1
        if last > first:  # number and action cells merged down the sub-rows
            for col in (0, 1):
                table.cell(first, col).merge(table.cell(last, col))


# --- a plan of our own: other column names, a BRAG key ------------------------------------

BRAG_HEADER = ("Ref", "What we will do", "By Whom", "By When", "BRAG", "Update")
BRAG_WIDTHS = [1.2, 7.5, 3.5, 2.5, 1.5, 11.0]
BRAG_KEY = (("Completed", "BLUE"), ("On track", "GREEN"), ("Some slippage", "AMBER"),
            ("Significant risk", "RED"))
BRAG_PLAN = (
    ("Priority 1: Joined-up leadership", (
        ("P1.1", "Agree a single system dashboard reported to every Board meeting.",
         "Alex Morgan", "30 June 2018", "GREEN",
         "Dashboard drafted with partners; first version shared in May."),
        ("P1.2", "Publish terms of reference for the Integrated Care Partnership.",
         "Priya Shah", "31 March 2018", "BLUE",
         "Published on 28 March after approval by all partners."),
        ("P1.3", "Run two joint workshops with the voluntary sector.",
         "Alex Morgan\nTom Ellis", "Sept 2018", "AMBER",
         "First workshop postponed because of winter pressures; new date being agreed."),
    )),
    ("Priority 2: Hospital discharge", (
        ("P2.1", "Introduce a discharge to assess pathway for people leaving hospital.",
         "Jo Turner", "Dec 2018", "RED",
         "Recruitment of reablement staff is behind plan; risk escalated to the Board."),
        ("P2.2", "Agree a trusted assessor role with care homes.", "Sam Okafor",
         "TBC", "",
         "Discussions with the care home forum have started."),
    )),
)


def write_brag_plan(out_dir: Path, ruled: bool = True,
                    stem: str = "riverside-plan-2018-05-14") -> Path:
    """A small plan unlike the seeds: other column names and a BRAG key of its own."""
    doc = Document()
    landscape(doc)
    heading(doc, "Riverside Local System Review", 14)
    heading(doc, "Improvement Plan - update 14 May 2018", 12)
    doc.add_paragraph()
    doc.add_paragraph()
    doc.add_paragraph("How we rate progress:")
    key = new_table(doc, [5.0, 2.5])
    if not ruled:
        key.style = doc.styles["Normal Table"]
    for meaning, colour in BRAG_KEY:
        row = add_row(key, [5.0, 2.5])
        if ruled:
            set_text(row.cells[0], meaning)
            shade(row.cells[1], FILL[colour])
        else:
            set_text(row.cells[0], f"{colour.title()}")
            set_text(row.cells[1], meaning)
    doc.add_paragraph()
    for title, actions in BRAG_PLAN:
        heading(doc, title)
        table = new_table(doc, BRAG_WIDTHS)
        if not ruled:
            table.style = doc.styles["Normal Table"]
        header = add_row(table, BRAG_WIDTHS)
        repeat_header(header)
        for cell, label in zip(header.cells, BRAG_HEADER, strict=True):
            set_text(cell, label, bold=True)
        for ref, what, who, when, brag, update in actions:
            row = add_row(table, BRAG_WIDTHS)
            for cell, value in zip(row.cells, (ref, what, who, when, "", update), strict=True):
                set_text(cell, value)
            if brag and ruled:
                shade(row.cells[4], FILL[brag])
            elif brag:
                set_text(row.cells[4], brag.title())
            if not ruled:
                for cell in row.cells:
                    cell.paragraphs[-1].paragraph_format.space_after = Pt(10)
        doc.add_paragraph()
    path = out_dir / f"{stem}.docx"
    doc.save(path)
    return path


# --- bad inputs that need a tool to make --------------------------------------------------


def write_not_a_plan(out_dir: Path) -> Path:
    doc = Document()
    heading(doc, "Reporting timeline", 14)
    table = new_table(doc, [8.0, 5.0])
    for a, b in (("Process", "Date"), ("Assurance meeting", "22 January 2018"),
                 ("Alliance Board", "24 January 2018"), ("Health and Well-being Board",
                                                         "18 April 2018")):
        row = add_row(table, [8.0, 5.0])
        set_text(row.cells[0], a)
        set_text(row.cells[1], b)
    path = out_dir / "not-a-plan.docx"
    doc.save(path)
    return path


def to_pdf(docx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice not found: apt-get install -y libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             "pdf", "--outdir", str(out_dir), str(docx)],
            check=True, capture_output=True, timeout=300,
        )
    return out_dir / (docx.stem + ".pdf")


def encrypt(pdf: Path, out: Path) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        sys.exit("qpdf not found: apt-get install -y qpdf")
    subprocess.run([qpdf, "--encrypt", "secret", "owner-secret", "256", "--", str(pdf), str(out)],
                   check=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-pdf", action="store_true", help="write the .docx files only")
    args = parser.parse_args(argv)
    for folder in (RENDITIONS, PLANS, BAD):
        folder.mkdir(parents=True, exist_ok=True)
    docs = [write_seed(plan, RENDITIONS) for plan in SEEDS]
    docs.append(write_brag_plan(PLANS))
    with tempfile.TemporaryDirectory() as tmp:
        text_only = write_brag_plan(Path(tmp), ruled=False,
                                    stem="riverside-plan-2018-05-14-unruled")
        not_plan = write_not_a_plan(Path(tmp))
        if args.no_pdf:
            return
        for path in docs:
            to_pdf(path, path.parent)
        to_pdf(text_only, PLANS)
        small = to_pdf(not_plan, BAD)
        encrypt(small, BAD / "encrypted.pdf")
    for path in sorted([*RENDITIONS.iterdir(), *PLANS.iterdir(), *BAD.iterdir()]):
        print(f"{path.relative_to(ROOT)}\t{path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
