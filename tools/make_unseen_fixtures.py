"""Write the "unseen layout" fixture plans: one hand-made plan per layout family real plans use.

Each plan is laid out the way councils, NHS bodies and care providers publish them (a Word plan
with theme rows merged across one big table, a ruled PDF with colour-only RAG, a Word->text
export, an Excel tracker with one sheet per theme, a care home's post-inspection plan). The
goldens next to them (`<name>.golden.csv` / `.golden.json`) are NOT written here: they were
written by hand by reading the generated documents, and must never be produced from the
pipeline's output. Run from the project root (needs python-docx, openpyxl and reportlab):

    python tools/make_unseen_fixtures.py

Output: tests/fixtures/unseen/{northmoor-improvement-plan.docx, eastbridge-action-plan.pdf,
fenwick-recommendations.txt, harbourside-tracker.xlsx, rosewood-house-cqc-action-plan.docx}.
Deterministic: fixed document properties, fixed zip timestamps, reportlab's invariant mode.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "unseen"
FILL = {"B": "0070C0", "G": "00B050", "A": "FFC000", "R": "FF0000"}
ZIP_TIME = (2018, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- shared helpers
def _stable_zip(data: bytes, path: Path) -> None:
    """Rewrite an OOXML package with fixed entry timestamps, so the bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))


def _shade(cell, hex_fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tc_pr.append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _write_cell(cell, text: str, bold: bool = False, size: float = 8) -> None:
    """Cell text; '\\n' starts a new paragraph, as a Word user pressing Enter in the cell."""
    parts = text.split("\n")
    cell.paragraphs[0].text = ""
    for i, part in enumerate(parts):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        run = para.add_run(part)
        run.bold = bold
        run.font.size = Pt(size)


def _landscape(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))


def _save_docx(doc, path: Path, when: datetime, author: str, revision: int) -> None:
    props = doc.core_properties
    props.author = props.last_modified_by = author
    props.created = props.modified = props.last_printed = when
    props.revision = revision
    props.title = doc.paragraphs[0].text
    buf = io.BytesIO()
    doc.save(buf)
    _stable_zip(buf.getvalue(), path)


def _apply_widths(table, widths_cm: list[float]) -> None:
    """Column widths in the grid and on every unmerged row (Word reads them per cell)."""
    table.autofit = False
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        grid_col.w = Cm(width)
    for row in table.rows:
        cells = row.cells
        if len({id(c._tc) for c in cells}) == len(widths_cm):
            for cell, width in zip(cells, widths_cm, strict=True):
                cell.width = Cm(width)


def _grid_table(doc, header: list[str], widths_cm: list[float]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text, width in zip(table.rows[0].cells, header, widths_cm, strict=True):
        _write_cell(cell, text, bold=True)
        _shade(cell, "D9E2F3")
        cell.width = Cm(width)
    _repeat_header(table.rows[0])
    return table


# --------------------------------------------------------------------------- 1. Northmoor
NORTHMOOR_HEADER = ["Ref", "Action", "Lead", "Timescale", "Revised timescale", "BRAG",
                    "Progress update"]
# (kind, cells): "theme" rows span the table; in "action" rows a timescale given as a pair
# (struck, replacement) is printed with the first date struck through.
NORTHMOOR_ROWS = [
    ("theme", "Theme 1: Leadership and system governance"),
    ("action", ["1.1", "Review the terms of reference of the Health and Wellbeing Board so that "
                "it provides clear system leadership for older people's services",
                "Director of Public Health", "30/06/2018", "", "G",
                "Draft terms of reference discussed at the Board development session on "
                "8 March 2018; for approval at the June meeting."]),
    ("action", ["1.2", "Agree a shared vision and strategy for older people with people who use "
                "services, carers and the voluntary sector",
                "Chief Executive, Northmoor Council\nAccountable Officer, NHS Northmoor CCG",
                ("March 2018", "June 2018"), "", "A",
                "Three co-production workshops held in February and March 2018. Sign-off "
                "moved to the June Board meeting."]),
    ("action", ["1.3", "Establish a joint commissioning board with a pooled budget under a "
                "section 75 agreement", "Director of Adult Social Care", "Q2 2018/19", "", "G",
                "Draft section 75 agreement is with both legal teams."]),
    ("action", ["1.4", "Develop a system-wide organisational development programme for senior "
                "leaders across health and social care", "Workforce Directors Group",
                "end of June 2018", "30/09/2018", "R",
                "Funding for the programme not yet agreed; escalated to the System Leadership "
                "Board on 3 April 2018."]),
    ("theme", "Priority 2 – Hospital discharge and flow"),
    ("action", ["2.1", "Implement a trusted assessor model with all care homes in Northmoor",
                "Head of Integrated Discharge, Northmoor Hospitals NHS Foundation Trust",
                "31/07/2018", "", "G",
                "Trusted assessor in post since February 2018; 14 of 32 homes signed up."]),
    ("action", ["2.2", "Roll out discharge to assess pathways 1 to 3 across both hospital sites",
                "Director of Operations, Northmoor Hospitals NHS Foundation Trust", "Ongoing", "",
                "G", "Pathway 1 live at both sites; pathways 2 and 3 being tested."]),
    ("action", ["2.3", "Reduce delayed transfers of care to 3.5% of occupied bed days",
                "A&E Delivery Board", "31/03/2018", "30/09/2018", "A",
                "Delayed transfers at 4.6% in February 2018. Revised trajectory agreed with "
                "NHS England."]),
    ("action", ["2.4", "Introduce a seven-day social work service at the hospital front door",
                "Head of Adult Social Care Operations", "December 2017", "", "B",
                "Seven-day service in place since 4 December 2017."]),
    ("theme", "Workforce and care market"),
    ("action", ["3.1", "Produce a joint recruitment and retention strategy for domiciliary care",
                "Head of Commissioning, Northmoor Council", "September 2018", "", "G",
                "Provider engagement event held 22 March 2018."]),
    ("action", ["3.2", "Publish a market position statement for care homes and home care",
                "Head of Commissioning, Northmoor Council", "Q1 2018/19", "Q3 2018/19", "R",
                "Delayed by the care home fee review."]),
    ("action", ["3.3", "Train care home staff in the Red Bag hospital transfer scheme",
                "Quality and Safeguarding Lead, NHS Northmoor CCG", "31/05/2018", "", "B",
                "All 32 homes trained by 28 March 2018."]),
]
BRAG_WORD = {"B": "Blue", "G": "Green", "A": "Amber", "R": "Red"}


def make_northmoor(path: Path) -> None:
    doc = Document()
    _landscape(doc)
    header = doc.sections[0].header.paragraphs[0]
    header.text = "Northmoor Health and Care Partnership – CQC Local System Review"
    title = doc.add_paragraph()
    title_run = title.add_run("Northmoor Local System Review: Improvement Plan")
    title_run.bold, title_run.font.size = True, Pt(16)
    doc.add_paragraph("Updated 12 April 2018")
    doc.add_paragraph("Version 4")
    doc.add_paragraph(
        "This plan sets out the Northmoor system's response to the CQC local system review "
        "report published on 15 December 2017. It is owned by the Northmoor Health and "
        "Wellbeing Board and reviewed monthly by the System Leadership Board."
    )
    doc.add_paragraph(
        "BRAG key: Blue = Complete; Green = On track; Amber = Some slippage, recovery action "
        "agreed; Red = Off track, escalated to the Health and Wellbeing Board."
    )
    table = _grid_table(doc, NORTHMOOR_HEADER, [1.2, 7.0, 4.2, 2.4, 2.2, 1.4, 8.2])
    for kind, content in NORTHMOOR_ROWS:
        cells = table.add_row().cells
        if kind == "theme":
            merged = cells[0].merge(cells[-1])  # one cell with gridSpan across all columns
            _write_cell(merged, content, bold=True, size=9)
            _shade(merged, "D9D9D9")
            continue
        ref, action, lead, timescale, revised, brag, progress = content
        for cell, text in zip(cells, (ref, action, lead, "", revised, "", progress), strict=True):
            _write_cell(cell, text)
        if isinstance(timescale, tuple):
            old, new = timescale
            para = cells[3].paragraphs[0]
            struck = para.add_run(old)
            struck.font.strike, struck.font.size = True, Pt(8)
            para.add_run(" ").font.size = Pt(8)
            para.add_run(new).font.size = Pt(8)
        else:
            _write_cell(cells[3], timescale)
        _write_cell(cells[5], BRAG_WORD[brag])
        _shade(cells[5], FILL[brag])
    _apply_widths(table, [1.2, 7.0, 4.2, 2.4, 2.2, 1.4, 8.2])
    _save_docx(doc, path, datetime(2018, 4, 12, 9, 0, 0), "Northmoor Programme Office", 4)


# --------------------------------------------------------------------------- 2. Eastbridge
EASTBRIDGE_HEADER = ["RAG", "No.", "Recommendation", "Actions", "Responsible officer",
                     "Target date", "Update"]
# Sections: (heading or None, rows). A row's recommendation "" means the cell above is merged
# down over it (drawn as one spanning cell).
EASTBRIDGE_SECTIONS = [
    ("A. Strategic leadership and shared vision", [
        ("G", "A1", "System leaders should develop a shared vision for health and social care "
         "for older people, owned by all partners.", "Hold a system leadership summit to agree "
         "the shared vision and the priorities for the next two years",
         "Chief Executive, Eastbridge Borough Council", "31/07/2018",
         "Summit booked for 12 July 2018 with all partner boards invited."),
        ("A", "A2", "", "Publish the joint older people's strategy and communicate it to staff "
         "in all partner organisations", "Director of Strategy, NHS Eastbridge CCG", "Sept 2018",
         "First draft delayed by the CCG governance review; draft now due to the July "
         "System Leadership Board."),
        ("B", "A3", "The Health and Wellbeing Board should hold partners to account for "
         "delivery of this plan.", "Add a standing item on this action plan to every Health and "
         "Wellbeing Board agenda", "Health and Wellbeing Board Manager", "end of March 2018",
         "Standing item in place from the March 2018 meeting."),
    ]),
    ("B. Hospital discharge and transfers of care", [
        ("G", "B1", "Partners should reduce delayed transfers of care and improve the flow of "
         "people out of hospital.", "Set up a single integrated discharge hub at Eastbridge "
         "General Hospital", "Director of Operations, Eastbridge Hospitals NHS Trust",
         "Q2 2018/19", "Hub manager appointed in April 2018. Social work and community "
         "nursing staff move into the hub in August; the hub will take all referrals for "
         "complex discharges from the medical and surgical wards from September 2018."),
        ("R", "B2", "", "Agree a discharge to assess model for people who need nursing home "
         "care", "Head of Adult Social Care", "30/06/2018", "Not enough nursing home capacity "
         "to start the model; an options paper goes to the July System Leadership Board, "
         "including block-purchased beds and a trusted assessor shared with the hospital."),
        ("A", "B3", "", "Apply the SAFER patient flow bundle on all medical wards",
         "Chief Nurse, Eastbridge Hospitals NHS Trust", "Ongoing", "Live on 9 of 14 medical "
         "wards; the remaining wards follow once the electronic whiteboards are installed."),
    ]),
    (None, [
        ("G", "C1", "Commissioners should work with providers to make the home care market "
         "sustainable.", "Move home care contracts to outcome-based rates",
         "Head of Commissioning, Eastbridge Borough Council", "Q3 2018/19", "Consultation "
         "with providers on the new rates closed on 18 May 2018; responses are being analysed "
         "and a report goes to Cabinet in September."),
        ("A", "C2", "", "Launch a joint recruitment campaign for care workers with local "
         "providers", "Workforce Lead, Eastbridge Care Association", "November 2018",
         "Campaign materials drafted; funding bid submitted to the Better Care Fund."),
        ("G", "C3", "Partners should improve how information about people is shared between "
         "health and social care.", "Give social workers read access to the hospital "
         "electronic patient record", "Chief Information Officer, Eastbridge Hospitals NHS "
         "Trust", "31/12/2018", "Technical testing under way; training for social workers "
         "planned for the autumn."),
        ("B", "C4", "", "Agree an information sharing agreement across all partners",
         "Information Governance Lead, NHS Eastbridge CCG", "April 2018",
         "Signed by all partners on 26 April 2018."),
    ]),
]


def make_eastbridge(path: Path) -> None:
    from reportlab import rl_config

    rl_config.invariant = 1  # fixed creation date and document id: reproducible bytes
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    head = styles["BodyText"].clone("head", fontSize=8, leading=10, fontName="Helvetica-Bold")
    grid = colors.HexColor("#404040")

    def footer(canvas, doc_):
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(28 * cm, 1 * cm, f"Page {doc_.page}")

    story = [
        Paragraph("Eastbridge Local System Review – Action Plan", styles["Title"]),
        Paragraph("Eastbridge Health and Care System Leadership Board", styles["Heading3"]),
        Paragraph("Position at 31 May 2018", styles["BodyText"]),
        Spacer(1, 0.3 * cm),
        Paragraph("RAG key", head),
    ]
    key_rows = [("B", "Complete and assured"), ("G", "On track"),
                ("A", "At risk – mitigating actions in place"), ("R", "Off track")]
    key = Table([[x for _, m in key_rows for x in ("", Paragraph(m, body))]],
                colWidths=[w * cm for w in (0.8, 3.8, 0.8, 2.0, 0.8, 5.6, 0.8, 2.0)],
                hAlign="LEFT")
    key.setStyle(TableStyle(  # a one-line legend: colour swatch, then its meaning
        [("GRID", (0, 0), (-1, -1), 0.5, grid)]
        + [("BACKGROUND", (2 * i, 0), (2 * i, 0), colors.HexColor("#" + FILL[c]))
           for i, (c, _) in enumerate(key_rows)]
    ))
    story += [key, Spacer(1, 0.4 * cm)]
    widths = [1.2, 1.2, 5.0, 5.6, 4.2, 2.4, 7.0]
    for heading, rows in _eastbridge_tables():
        if heading:
            story.append(Paragraph(heading, styles["Heading2"]))
        data = [[Paragraph(h, head) for h in EASTBRIDGE_HEADER]]
        style = [("GRID", (0, 0), (-1, -1), 0.5, grid), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("BACKGROUND", (1, 0), (-1, 0), colors.HexColor("#D9E2F3")),
                 ("BACKGROUND", (0, 0), (0, 0), colors.HexColor("#D9E2F3"))]
        span_start = None
        for i, (rag, ref, rec, action, owner, due, update) in enumerate(rows, start=1):
            data.append(["", ref, Paragraph(rec, body), Paragraph(action, body),
                         Paragraph(owner, body), Paragraph(due, body), Paragraph(update, body)])
            style.append(("BACKGROUND", (0, i), (0, i), colors.HexColor("#" + FILL[rag])))
            if rec:
                span_start = i
            elif span_start is not None:
                style.append(("SPAN", (2, span_start), (2, i)))
        table = Table(data, colWidths=[w * cm for w in widths], repeatRows=1)
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 0.3 * cm)]
    pdf = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=1.2 * cm,
                            rightMargin=1.2 * cm, topMargin=1.2 * cm, bottomMargin=1.5 * cm,
                            title="Eastbridge Local System Review – Action Plan",
                            author="Eastbridge Health and Care System Leadership Board")
    pdf.build(story, onFirstPage=footer, onLaterPages=footer)


def _eastbridge_tables():
    """Section A is its own table; B and the heading-less C rows share one table, as printed."""
    (head_a, rows_a), (head_b, rows_b), (_, rows_c) = EASTBRIDGE_SECTIONS
    return [(head_a, rows_a), (head_b, rows_b + rows_c)]


# --------------------------------------------------------------------------- 3. Fenwick
FENWICK = """Fenwick Local System Review
Response to the CQC Recommendations – Progress Report to the Health and Wellbeing Board
Report date: 14 September 2018
Version 1.3

This report updates the Board on each recommendation of the CQC local system review of
Fenwick. Dates that have moved are shown in the Revised date column or in the date cell.

RAG rating key
Blue\tComplete
Green\tOn track to deliver by the agreed date
Amber\tSome risk to delivery
Red\tNot on track – escalation required

Recommendation 1: Develop a single shared vision and strategy for older people across health \
and social care

Ref\tAction\tLead\tOriginal date\tRevised date\tPrevious RAG\tCurrent RAG\tProgress
1a\tAgree the Fenwick Older People's Strategy at the Health and Wellbeing Board\tDirector of \
Adult Social Services\t31/03/2018\t30/06/2018\tAmber\tBlue\tStrategy agreed by the Board on \
21 June 2018.
1b\tPublish a public summary of the strategy in accessible formats\tHead of Communications, \
Fenwick Council\t30/06/2018 (extended to 31/08/2018)\t\tGreen\tAmber\tEasy read version with \
the printers; publication delayed by the summer recess.
1c\tSet up a partnership delivery group reporting to the Health and Wellbeing Board\tChief \
Officer, NHS Fenwick CCG\tApril 2018\t\tBlue\tBlue\tFirst meeting held 10 April 2018; meets \
monthly.

Recommendation 2: Improve the flow of people out of hospital and reduce delayed transfers of care

Ref\tAction\tLead\tOriginal date\tRevised date\tPrevious RAG\tCurrent RAG\tProgress
2a\tImplement a home first discharge to assess service\tDirector of Operations, Fenwick \
Hospitals NHS Foundation Trust\tNov 2018, revised to Feb 2019\t\tAmber\tAmber\tRecruitment to \
reablement posts is behind plan: 9 of 16 posts filled.
2b\tIntroduce a weekly multi-agency review of every patient with a length of stay over 21 \
days\tDeputy Chief Nurse, Fenwick Hospitals NHS Foundation Trust\tend of June 2018\t\tGreen\t\
Green\tWeekly reviews running since 4 June 2018.
2c\tCommission additional step-down beds for winter 2018/19\tHead of Commissioning, NHS \
Fenwick CCG\tQ3 2018/19\tQ4 2018/19\tRed\tRed\tNo provider bid for the first tender; the beds \
will not be in place before January.

Recommendation 3: Strengthen the health and social care workforce

Ref\tAction\tLead\tOriginal date\tRevised date\tPrevious RAG\tCurrent RAG\tProgress
3a\tDevelop a joint health and social care workforce plan\tWorkforce Lead, Fenwick Health and \
Care Partnership\tDecember 2018\t\tGreen\tGreen\tWorkforce data collected from all partners.
3b\tOffer care home staff places on the hospital's clinical skills training\tDirector of \
Nursing, NHS Fenwick CCG\tOngoing\t\tGreen\tGreen\t48 care home staff trained since April.
3c\tRun a joint recruitment campaign for care workers\tHead of Adult Social Care\t31/10/2018\t\
31/01/2019\t\tAmber\tNew action added in July 2018 at the request of the Board.
"""


def make_fenwick(path: Path) -> None:
    path.write_bytes(FENWICK.encode("utf-8"))


# --------------------------------------------------------------------------- 4. Harbourside
HARBOURSIDE_HEADER = ["CQC finding", "Ref", "Action", "Lead", "Due date", "Revised due date",
                      "RAG", "Complete? (Y/N)", "Progress / comments"]
D = datetime  # dates are real Excel dates; text timescales stay text
# sheet title, heading, [(finding or None = merged with the one above, ref, action, lead, due,
# revised, rag fill or "", Y/N, progress)]
HARBOURSIDE_SHEETS = [
    ("1. Prevention", "Theme 1: Prevention and early intervention", [
        ("Too few people are supported to stay well at home; emergency admissions after falls "
         "are above the England average.", "1.1", "Extend the community falls prevention "
         "service to all GP practices", "Falls Prevention Lead, Harbourside Community Health",
         D(2018, 9, 30), None, "G", "N", "Service live in 11 of 19 practices."),
        (None, "1.2", "Roll out social prescribing link workers in every primary care network",
         "Head of Prevention, Harbourside City Council", D(2018, 6, 30), D(2018, 10, 31), "A",
         "N", "Two link worker posts still vacant after the second advert."),
        (None, "1.3", "Launch a single point of access for community and voluntary sector "
         "support", "Chief Executive, Harbourside Voluntary Action", D(2018, 4, 30), None, "B",
         "Y", "Live since 3 April 2018; evaluation report to the June Programme Board."),
        ("Carers do not always get an assessment of their own needs.", "1.4", "Offer every "
         "carer identified on a hospital ward a carer's assessment",
         "Carers Lead, Harbourside City Council", "Ongoing", None, "G", "N",
         "Carers' champion on every ward since May."),
    ]),
    ("2. Discharge", "Theme 2: Hospital discharge and flow", [
        ("Delayed transfers of care are high and people wait too long for home care after a "
         "hospital stay.", "2.1", "Implement a discharge to assess model for pathway 1",
         "Director of Operations, Harbourside University Hospitals NHS Trust", D(2018, 5, 31),
         None, "B", "Y", "Model in place on all wards and audited in June 2018."),
        (None, "2.2", "Set a single system target for delayed transfers of care and report it "
         "weekly", "Urgent Care Programme Director", D(2018, 3, 31), None, "", "Y",
         "Target agreed at the A&E Delivery Board on 14 March 2018."),
        (None, "2.3", "Commission a bridging home care service for people waiting for a care "
         "package", "Head of Commissioning, Harbourside City Council", "Q3 2018/19", None, "R",
         "N", "Tender attracted no bids; re-procurement planned."),
        ("Information is not shared well when people move between services.", "2.4",
         "Introduce a shared discharge summary for care homes",
         "Chief Clinical Information Officer, Harbourside University Hospitals NHS Trust",
         D(2018, 8, 31), D(2018, 11, 30), "A", "N", "Supplier delay to the template."),
        (None, "2.5", "Extend the Red Bag scheme to all nursing homes",
         "Care Homes Quality Lead, NHS Harbourside CCG", D(2018, 7, 31), None, "G", "N",
         "20 of 24 nursing homes using the Red Bag."),
    ]),
    ("3. Care market", "Theme 3: A sustainable care market", [
        ("The care market is fragile and home care capacity is falling.", "3.1",
         "Agree a fair cost of care with care home providers",
         "Director of Adult Social Services", D(2018, 9, 30), None, "G", "N",
         "Cost of care exercise under way with the providers' forum."),
        (None, "3.2", "Publish a joint market position statement",
         "Head of Commissioning, Harbourside City Council", D(2018, 12, 31), None, "G", "N",
         "Draft in preparation."),
    ]),
]


def make_harbourside(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.writer.excel import ExcelWriter

    def fill(hex6: str) -> PatternFill:
        return PatternFill(fill_type="solid", start_color="FF" + hex6, end_color="FF" + hex6)

    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["A1"] = ("Harbourside Health and Wellbeing Board – Local System Review Action Plan "
                   "Tracker")
    cover["A1"].font = Font(bold=True, size=14)
    cover["A3"], cover["B3"] = "Date of update:", D(2018, 7, 2)
    cover["B3"].number_format = "dd/mm/yyyy"
    cover["A4"], cover["B4"] = "Version:", "6"
    cover["A5"], cover["B5"] = "Prepared by:", "Harbourside Integrated Care Programme Office"
    cover["A7"] = ("This tracker records progress against the improvement plan agreed in "
                   "response to the CQC local system review of Harbourside (report published "
                   "9 February 2018).")
    key = wb.create_sheet("Key")
    key["A1"] = "RAG key"
    key["A1"].font = Font(bold=True)
    for row, (word, letter, meaning) in enumerate(
        [("Blue", "B", "Completed and embedded"), ("Green", "G", "On track"),
         ("Amber", "A", "Some slippage – recovery plan in place"),
         ("Red", "R", "Off track – escalate to the Programme Board")], start=3):
        key.cell(row, 1, word).fill = fill(FILL[letter])
        key.cell(row, 2, meaning)
    key.column_dimensions["B"].width = 45
    for title, heading, rows in HARBOURSIDE_SHEETS:
        ws = wb.create_sheet(title)
        ws["A1"] = "Harbourside Local System Review – Action Plan Tracker"
        ws["A1"].font = Font(bold=True, size=12)
        ws["A2"] = heading
        ws["A2"].font = Font(bold=True)
        for col, text in enumerate(HARBOURSIDE_HEADER, start=1):
            cell = ws.cell(4, col, text)
            cell.font, cell.fill = Font(bold=True), fill("D9E2F3")
        merge_from = None
        for r, (finding, ref, action, lead, due, revised, rag, done, progress) in enumerate(
            rows, start=5
        ):
            if finding is not None:
                if merge_from is not None and r - 1 > merge_from:
                    ws.merge_cells(start_row=merge_from, start_column=1, end_row=r - 1,
                                   end_column=1)
                merge_from = r
                ws.cell(r, 1, finding)
            for col, value in enumerate((ref, action, lead, due, revised), start=2):
                if value is not None:
                    cell = ws.cell(r, col, value)
                    if isinstance(value, datetime):
                        cell.number_format = "dd/mm/yyyy"
            if rag:
                ws.cell(r, 7).fill = fill(FILL[rag])
            ws.cell(r, 8, done)
            ws.cell(r, 9, progress)
        last = 4 + len(rows)
        if merge_from is not None and last > merge_from:
            ws.merge_cells(start_row=merge_from, start_column=1, end_row=last, end_column=1)
        for r in range(5, last + 1):
            for c in range(1, 10):
                ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
        for col, width in zip("ABCDEFGHI", (30, 6, 40, 30, 12, 12, 6, 10, 40), strict=True):
            ws.column_dimensions[col].width = width
    when = D(2018, 7, 2, 10, 0, 0)
    wb.properties.creator = wb.properties.lastModifiedBy = "Harbourside Programme Office"
    wb.properties.created = wb.properties.modified = when
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(wb, archive).save()  # not save_workbook(), which stamps today's date
    _stable_zip(buf.getvalue(), path)


# --------------------------------------------------------------------------- 5. Rosewood
ROSEWOOD_HEADER = ["Issue identified", "Action to be taken", "Person responsible",
                   "Completion date", "Status", "Progress / evidence"]
ROSEWOOD = [
    ("Safe", [
        ("R12-1 Regulation 12 Safe care and treatment: medicines administration records (MAR) "
         "were not always fully completed.", "Introduce a daily MAR chart check at each "
         "medicines round handover", "Deputy Manager", "31/05/2018", "In progress",
         "Daily checks started 9 April 2018; weekly audit by the manager."),
        ("R12-2 Regulation 12: risk assessments for people at risk of falls were not reviewed "
         "after a fall.", "Review each falls risk assessment and care plan after every fall "
         "and record the review", "Registered Manager", "end of May 2018", "Completed",
         "All 31 falls risk assessments reviewed by 27 April 2018."),
        ("R18-1 Regulation 18 Staffing: there were not always enough staff at night to meet "
         "people's needs.", "Increase night staffing from three to four care workers and use "
         "a dependency tool every month", "Registered Manager\nOperations Director, Rosewood "
         "Care Partnership Ltd", "June 2018", "Not started",
         "Awaiting approval of the revised staffing budget by the provider."),
    ]),
    ("Effective", [
        ("REC 1 We recommended that the service follows current guidance on the Mental "
         "Capacity Act 2005 when decisions are made for people.", "Complete mental capacity "
         "assessments and best interest records for everyone who cannot consent to their care",
         "Deputy Manager", "30/06/2018", "", "Complete. Assessments in place for all 12 "
         "people and checked by the manager on 30 April 2018."),
        ("R11-1 Regulation 11 Need for consent: consent was not recorded for the use of bed "
         "rails.", "Record consent, or a best interest decision, for every person who uses "
         "bed rails", "Registered Manager", "31/05/2018", "Completed",
         "Consent forms in all nine care files."),
    ]),
    ("Responsive", [
        ("REC 2 The provider should make sure people have access to meaningful activities.",
         "Recruit an activities coordinator for 30 hours a week", "Operations Director, "
         "Rosewood Care Partnership Ltd", "Q2 2018/19", "In progress",
         "Post advertised; interviews arranged for 14 May 2018."),
        ("REC 3 Care plans did not always record people's wishes for the end of their life.",
         "Discuss end of life wishes with each person and their family and record them in the "
         "care plan", "Senior Care Workers", "Ongoing", "", "Not started. Training in advance "
         "care planning booked with the local hospice."),
    ]),
    ("Well-led", [
        ("R17-1 Regulation 17 Good governance: audits did not identify the shortfalls found "
         "at the inspection.", "Introduce a monthly quality audit programme covering "
         "medicines, care plans, falls and infection control", "Registered Manager",
         "31/07/2018", "In progress", "Medicines and falls audits in place since April."),
        ("R17-2 Regulation 17: the provider did not have oversight of the quality of care at "
         "the home.", "Operations Director to carry out and record a monthly provider visit",
         "Operations Director, Rosewood Care Partnership Ltd", "Monthly from May 2018",
         "Not started", "First visit planned for 21 May 2018."),
        ("R17-3 Regulation 17: records of people's care were not always accurate or up to "
         "date.", "Train all senior care workers in care planning and record keeping",
         "Deputy Manager", "31/03/2018", "Completed", "Training delivered on 20 and 27 March "
         "2018; attendance records held by the manager."),
    ]),
]


def make_rosewood(path: Path) -> None:
    doc = Document()
    _landscape(doc)
    title = doc.add_paragraph()
    title_run = title.add_run("Rosewood House Care Home – CQC Inspection Action Plan")
    title_run.bold, title_run.font.size = True, Pt(16)
    for line in ("Provider: Rosewood Care Partnership Ltd",
                 "Registered manager: Mrs Helen Okafor",
                 "Inspection dates: 16 and 17 January 2018 (report published 28 March 2018)",
                 "Overall rating: Requires improvement",
                 "Date of plan: 3 May 2018",
                 "This plan sets out the action we are taking on each breach of regulation "
                 "and each recommendation in the CQC inspection report."):
        doc.add_paragraph(line)
    for question, rows in ROSEWOOD:
        doc.add_heading(question, level=1)
        widths = [6.0, 6.0, 3.6, 2.4, 2.0, 6.6]
        table = _grid_table(doc, ROSEWOOD_HEADER, widths)
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                _write_cell(cell, text)
        _apply_widths(table, widths)
        doc.add_paragraph("")
    _save_docx(doc, path, datetime(2018, 5, 3, 14, 0, 0), "Helen Okafor", 2)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    make_northmoor(OUT / "northmoor-improvement-plan.docx")
    make_eastbridge(OUT / "eastbridge-action-plan.pdf")
    make_fenwick(OUT / "fenwick-recommendations.txt")
    make_harbourside(OUT / "harbourside-tracker.xlsx")
    make_rosewood(OUT / "rosewood-house-cqc-action-plan.docx")
    for path in sorted(OUT.iterdir()):
        if not path.name.startswith("boardpaper"):
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
