"""Write board-paper PDFs whose action-plan table has no ruling, as councils and CCGs print them.

Board papers carry the plan as a table laid out by position only (Word tables without borders,
exported to PDF): columns exist only as the x positions of the words, header labels wrap over
two or three lines, theme headings sit between blocks of rows, every page has a running header
and footer, and the table runs on over a page break, with or without its header repeated. The
plans are invented (Wyreford, Ashdown Vale) but use the words real 2017-18 CQC local system
review plans and board reports use. The golden files beside each PDF were written by hand from
the content below, not from the pipeline.

Run from the project root:  python tools/make_boardpaper_pdf.py
Needs reportlab (pip install reportlab). Output is deterministic (invariant PDF ids, no dates)
and committed under tests/fixtures/unseen/, so tests need no reportlab.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "unseen"
FILL = {"Blue": (0.0, 0.44, 0.75), "Green": (0.0, 0.69, 0.31), "Amber": (1.0, 0.75, 0.0),
        "Red": (1.0, 0.0, 0.0)}
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of text as Word wraps it: paragraphs ("\n") kept, words never split."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if current and stringWidth(trial, font, size) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return lines


@dataclass
class Column:
    label: tuple[str, ...]  # the label's lines as the header prints them
    width: float
    centred_label: bool = False
    shaded: bool = False  # RAG column: the cell is filled with the colour its word names
    swatch: bool = False  # RAG shown by the fill only: the colour word is not printed
    bottom_label: bool = False  # the label sits on the header's last lines (Word: align bottom)


@dataclass
class Page:
    size: tuple[float, float]
    ops: list[Callable[[canvas.Canvas], None]] = field(default_factory=list)


class Document:
    """Pages of draw operations; furniture (running header, footer) is drawn last, once the
    page count is known."""

    def __init__(self, margin: float = 36.0) -> None:
        self.pages: list[Page] = []
        self.margin = margin
        self.y = 0.0  # distance from the top of the current page

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self, size: tuple[float, float]) -> None:
        self.pages.append(Page(size))
        self.y = 62.0

    def text(self, x: float, y: float, text: str, font: str = REGULAR, size: float = 9.0,
             align: str = "left") -> None:
        height = self.page.size[1]

        def op(c: canvas.Canvas) -> None:
            c.setFont(font, size)
            if align == "right":
                c.drawRightString(x, height - y, text)
            elif align == "centre":
                c.drawCentredString(x, height - y, text)
            else:
                c.drawString(x, height - y, text)

        self.page.ops.append(op)

    def fill(self, x: float, y: float, width: float, height_: float,
             colour: tuple[float, float, float]) -> None:
        height = self.page.size[1]

        def op(c: canvas.Canvas) -> None:
            c.setFillColorRGB(*colour)
            c.rect(x, height - y - height_, width, height_, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)

        self.page.ops.insert(0, op)  # under the text

    def paragraph(self, text: str, font: str = REGULAR, size: float = 10.0, after: float = 8.0,
                  width: float | None = None) -> None:
        width = width or self.page.size[0] - 2 * self.margin
        for line in wrap(text, font, size, width):
            self.y += size * 1.25
            self.text(self.margin, self.y, line, font, size)
        self.y += after

    def save(self, path: Path, furniture: Callable[[Document, int, int], None]) -> None:
        total = len(self.pages)
        for number in range(1, total + 1):
            self.y = 0.0
            saved, self.pages = self.pages, self.pages[:number]
            furniture(self, number, total)
            self.pages = saved
        c = canvas.Canvas(str(path), invariant=1, pageCompression=0)
        c.setTitle("")
        for page in self.pages:
            c.setPageSize(page.size)
            for op in page.ops:
                op(c)
            c.showPage()
        c.save()


@dataclass
class Table:
    columns: list[Column]
    size: float = 8.5
    leading: float = 10.5
    pad: float = 4.0
    repeat_header: bool = False
    bottom: float = 60.0  # space kept free at the foot of each page

    def x_of(self, doc: Document, k: int) -> float:
        return doc.margin + sum(c.width for c in self.columns[:k])

    def header(self, doc: Document) -> None:
        depth = max(len(c.label) for c in self.columns)
        top = doc.y
        for k, col in enumerate(self.columns):
            skip = depth - len(col.label) if col.bottom_label else 0
            for n, part in enumerate(col.label, start=skip):
                y = top + self.pad + (n + 1) * self.leading - 2
                if col.centred_label:
                    doc.text(self.x_of(doc, k) + col.width / 2, y, part, BOLD, self.size, "centre")
                else:
                    doc.text(self.x_of(doc, k) + self.pad, y, part, BOLD, self.size)
        doc.y = top + 2 * self.pad + depth * self.leading

    def heading(self, doc: Document, text: str, page_size: tuple[float, float],
                font: str = BOLD, size: float = 10.0) -> None:
        if doc.y + 40 > page_size[1] - self.bottom:
            self.break_page(doc, page_size)
        doc.y += 8
        doc.text(doc.margin + self.pad, doc.y + size, text, font, size)
        doc.y += size + 6

    def break_page(self, doc: Document, page_size: tuple[float, float]) -> None:
        doc.new_page(page_size)
        if self.repeat_header:
            self.header(doc)

    def check_breaks(self, text: str, width: float) -> None:
        """A paragraph break inside a cell must be visible on the page, as a reader sees it:
        the next paragraph's first word would have fitted on the line before."""
        paragraphs = text.split("\n")
        for before, after in itertools.pairwise(paragraphs):
            last = wrap(before, REGULAR, self.size, width)[-1]
            trial = f"{last} {after.split()[0]}"
            if stringWidth(trial, REGULAR, self.size) <= width:
                continue
            raise ValueError(f"paragraph break after {last!r} looks like a wrap; shorten it")

    def row(self, doc: Document, cells: list[str], page_size: tuple[float, float]) -> None:
        """One row, top-aligned; a row too long for the page runs on over the break."""
        lines = [[] if col.swatch else wrap(text, REGULAR, self.size, col.width - 2 * self.pad)
                 for text, col in zip(cells, self.columns, strict=True)]
        for text, col in zip(cells, self.columns, strict=True):
            self.check_breaks(text, col.width - 2 * self.pad)
        done = 0
        depth = max(len(ls) for ls in lines)
        while done < depth:
            room = int((page_size[1] - self.bottom - doc.y - 2 * self.pad) // self.leading)
            if room < 2 and doc.y > 120:
                self.break_page(doc, page_size)
                continue
            take = min(depth - done, room)
            top = doc.y
            for k, col in enumerate(self.columns):
                part = lines[k][done:done + take]
                if (col.shaded or col.swatch) and done == 0 and cells[k] in FILL:
                    doc.fill(self.x_of(doc, k), top, col.width,
                             2 * self.pad + take * self.leading, FILL[cells[k]])
                for n, text in enumerate(part):
                    y = top + self.pad + (n + 1) * self.leading - 2
                    doc.text(self.x_of(doc, k) + self.pad, y, text, REGULAR, self.size)
            doc.y = top + 2 * self.pad + take * self.leading
            done += take
            if done < depth:
                self.break_page(doc, page_size)


# --- Wyreford: a Health and Wellbeing Board report with the plan as its appendix ---------------

WYREFORD_THEMES = {
    "1": "Theme 1: Leadership and system governance",
    "2": "Theme 2: Hospital discharge and patient flow",
    "3": "Theme 3: Workforce and care market capacity",
}
# (theme, ref, action, lead officer, timescale, RAG, progress to date)
WYREFORD_ROWS = [
    ("1", "1.1", "Agree a single system-wide dashboard of delayed transfers of care, reported to "
     "every Health and Wellbeing Board meeting.", "Helen Marsh, Integration Programme Manager",
     "June 2018", "Green", "Dashboard drafted with partners; first version shared at the April "
     "A&E Delivery Board."),
    ("1", "1.2", "Refresh the terms of reference of the Integrated Care Partnership Board to "
     "include the voluntary sector.", "Director of Adult Social Care", "31/03/2018", "Blue",
     "Revised terms of reference approved by all partners on 28 March 2018."),
    ("1", "1.3", "Publish a joint commissioning intentions statement for older people's "
     "services.", "Chief Officer, CCG\nDirector of Adult Social Care", "Q2 2018/19",
     "Amber", "First draft delayed by winter pressures; workshop with providers rescheduled for "
     "June."),
    ("1", "1.4", "Hold two system leadership development sessions facilitated by the Local "
     "Government Association.", "Chief Executive, Wyreford Council",
     "March 2018 (revised to July 2018)", "Amber", "First session held 14 March 2018; second "
     "session moved to July to follow the local elections."),
    ("2", "2.1", "Introduce a discharge to assess pathway for people leaving Wyreford General "
     "Hospital who need a period of assessment at home.", "Deputy Chief Operating Officer, "
     "Wyreford Hospitals NHS Foundation Trust", "End of July 2018", "Red", "Recruitment of "
     "reablement staff is behind plan; 6 of 14 posts filled. Risk escalated to the System "
     "Resilience Group."),
    ("2", "2.2", "Agree a trusted assessor role with care homes so that residents can return "
     "without a second assessment.", "Sam Patel", "Sept 2018", "Green", "Trusted assessor in "
     "post since April; 9 of 22 homes have signed up to the protocol."),
    ("2", "2.3", "Roll out the Red Bag scheme to all care homes in the borough, with the "
     "ambulance service and the acute trust.", "Ruth Oduya", "30 June 2018", "Green",
     "Red Bag launched in 12 homes in February. Feedback from ward staff is positive: "
     "belongings and medication now arrive with the resident and the hospital passport is "
     "completed in most cases. The remaining homes will join in two waves in May and June, "
     "after training sessions run by the care home support team. The ambulance service has "
     "briefed crews and added the scheme to its handover checklist. An audit of the first "
     "three months will be reported to the A&E Delivery Board in July, with numbers of bags "
     "issued, returned and lost, and the views of residents and their families. Care homes "
     "outside the borough that take Wyreford residents have been invited to join, and two "
     "have agreed to use the same bags and paperwork from June."),
    ("2", "2.4", "Extend seven-day working of the hospital discharge team to weekends and bank "
     "holidays.", "Deputy Chief Operating Officer", "Q1 2018/19", "Amber", "Weekend rota agreed "
     "in principle; funding bid submitted to the iBCF panel."),
    ("3", "3.1", "Develop a joint recruitment campaign for domiciliary care workers with local "
     "providers.", "Head of Commissioning, Wyreford Council", "October 2018", "Green",
     "Campaign materials designed; launch planned for the September jobs fair."),
    ("3", "3.2", "Commission additional nursing home beds to meet the shortfall identified in "
     "the market position statement.", "Head of Commissioning, Wyreford Council", "Dec 2018",
     "Red", "Tender received no compliant bids; options paper to Cabinet in June."),
    ("3", "3.3", "Agree a shared training offer for care home staff on falls prevention and "
     "hydration.", "Designated Nurse, Wyreford CCG", "Completed", "Blue", "Training delivered "
     "to 31 homes between January and March 2018."),
    ("3", "3.4", "Review the fee rates paid for home care against the cost of care exercise.",
     "Director of Finance, Wyreford Council", "TBC", "", "Not started; awaiting the cost of care "
     "report."),
]


def wyreford_furniture(doc: Document, number: int, total: int) -> None:
    width, height = doc.page.size
    doc.text(width - doc.margin, 28, "Agenda item 6", REGULAR, 9, "right")
    doc.text(doc.margin, height - 26, "Wyreford HWB 15 May 2018", REGULAR, 8)
    doc.text(width - doc.margin, height - 26, f"Page {number} of {total}", REGULAR, 8, "right")


def wyreford(path: Path) -> None:
    doc = Document()
    doc.new_page(A4)
    doc.paragraph("WYREFORD HEALTH AND WELLBEING BOARD", BOLD, 14, after=10)
    for line in ("Report title: Local System Review Improvement Plan – progress update",
                 "Date of meeting: 15 May 2018",
                 "Report author: Helen Marsh, Integration Programme Manager",
                 "Responsible director: Director of Adult Social Care",
                 "Status of report: For assurance"):
        doc.paragraph(line, REGULAR, 10, after=2)
    doc.y += 12
    doc.paragraph("1. Purpose of the report", BOLD, 11, after=4)
    doc.paragraph("This report updates the Board on delivery of the improvement plan agreed "
                  "after the Care Quality Commission's local system review of Wyreford in "
                  "November 2017. The review looked at how people over 65 move between "
                  "hospital, their own homes and care homes, and compared Wyreford with the "
                  "neighbouring areas of Leeds and Kirklees, where delayed transfers of care "
                  "are lower.")
    doc.paragraph("2. Recommendations", BOLD, 11, after=4)
    doc.paragraph("The Board is asked to note progress against the plan and the two actions "
                  "rated Red, which have been escalated to the System Resilience Group.")
    doc.paragraph("3. Progress against the plan", BOLD, 11, after=4)
    doc.paragraph("Twelve actions are reported in Appendix A with the position at the end of "
                  "April 2018. Three actions are complete and seven are on track or at risk of "
                  "slipping.")

    size = landscape(A4)
    doc.new_page(size)
    doc.paragraph("Appendix A: Improvement plan – progress at 30 April 2018", BOLD, 11, after=6)
    table = Table([
        Column(("Ref",), 40),
        Column(("Action",), 220),
        Column(("Lead", "officer"), 125),
        Column(("Timescale",), 80),
        Column(("RAG",), 45),
        Column(("Progress", "to date"), 260),
    ], bottom=100)
    table.header(doc)
    theme = None
    for row in WYREFORD_ROWS:
        if row[0] != theme:
            theme = row[0]
            table.heading(doc, WYREFORD_THEMES[theme], size)
        table.row(doc, list(row[1:]), size)
    doc.y += 22
    doc.paragraph("RAG rating key", BOLD, 9, after=2)
    for line in ("Blue – Complete", "Green – On track", "Amber – At risk of slipping",
                 "Red – Off track"):
        doc.paragraph(line, REGULAR, 9, after=0)
    doc.save(path, wyreford_furniture)


# --- Ashdown Vale: a CCG governing body paper, id-prefix themes, three-line labels -------------

# (no., finding, action required, responsible officer, by when, revised date, previous, current,
# evidence of completion)
ASHDOWN_ROWS = [
    ("LG1", "No shared vision for older people across health and social care.", "Agree and "
     "publish a shared vision for older people's services signed by all partners.",
     "Accountable Officer (Ashdown Vale CCG)", "Apr-18", "", "Amber", "Green",
     "Vision published on partner websites."),
    ("LG2", "Governance of the Better Care Fund is unclear.", "Set up a joint commissioning "
     "board with delegated authority for the Better Care Fund.", "Director of Adults and "
     "Health (Ashdown Vale Council)", "31/03/2018", "30/06/2018", "Red", "Amber",
     "Terms of reference drafted; first meeting 6 June."),
    ("LG3", "", "Report progress on this plan to the Health and Wellbeing Board every two "
     "months.", "Head of Integration (Ashdown Vale Council)", "Ongoing", "", "Green",
     "Green", "Reports to the Board in March and May 2018."),
    ("DF1", "Too many people are admitted to long-term care directly from hospital.",
     "Stop placements in long-term care straight from an acute bed except in exceptional "
     "circumstances.", "Director of Operations (Ashdown Vale Hospitals NHS Trust)",
     "Jul-18", "", "Amber", "Amber", "Audit of placements since January under way."),
    ("DF2", "", "Introduce a daily multi-agency discharge huddle on every medical ward.",
     "Chief Nurse (Ashdown Vale Hospitals)\nHead of Social Work (Ashdown Vale Council)",
     "Q1 2018/19", "Sep-18", "Red", "Amber",
     "Huddles running on 5 of 9 wards."),
    ("DF3", "Delayed transfers of care are above the national target.", "Agree a trajectory "
     "for delayed transfers of care with NHS England and report against it weekly.",
     "Chief Finance Officer (Ashdown Vale CCG)", "May-18", "", "Green", "Blue",
     "Trajectory agreed on 2 May 2018."),
    ("DF4", "", "Commission a home first reablement service available seven days a week.",
     "Head of Commissioning (Ashdown Vale Council)", "Oct-18", "", "", "Green",
     "Service specification out to consultation."),
    ("WF1", "Recruitment to domiciliary care is difficult in rural areas.", "Run a rural "
     "recruitment pilot with three home care providers, including paid travel time.",
     "Workforce Lead (Ashdown Vale Council)", "Sep-18", "", "Amber", "Amber",
     "Providers selected; pilot starts in June."),
    ("WF2", "", "Train care home staff to recognise deterioration using the RESTORE2 tool.",
     "Deputy Director of Quality (Ashdown Vale CCG)", "Dec-18", "", "Green", "Green",
     "Training dates set for 20 homes."),
    ("WF3", "Staff do not know what community services offer.", "Publish an online directory "
     "of community and voluntary services for hospital and primary care staff.",
     "Head of Integration (Ashdown Vale Council)", "Mar-18", "Jun-18", "Red", "Red",
     "Directory content collected; website supplier not yet appointed."),
]


def ashdown_furniture(doc: Document, number: int, total: int) -> None:
    width, height = doc.page.size
    doc.text(doc.margin, 26, "Ashdown Vale CCG Governing Body – Part A – 12 June 2018",
             REGULAR, 8)
    doc.text(width / 2, height - 24, str(number), REGULAR, 9, "centre")


def ashdown(path: Path) -> None:
    size = landscape(A4)
    doc = Document(margin=40)
    doc.new_page(size)
    doc.paragraph("Paper 7", BOLD, 12, after=4)
    doc.paragraph("Title of paper: Ashdown Vale Local System Review Action Plan – monthly "
                  "progress report", BOLD, 12, after=6)
    for line in ("Meeting: Governing Body, 12 June 2018",
                 "Presented by: Director of Adults and Health",
                 "Purpose: For information and assurance"):
        doc.paragraph(line, REGULAR, 10, after=2)
    doc.y += 8
    doc.paragraph("Executive summary", BOLD, 11, after=4)
    doc.paragraph("The action plan below responds to the findings of the CQC local system "
                  "review of Ashdown Vale published in January 2018. Actions are numbered by "
                  "the area of the review they answer: LG for leadership and governance, DF for "
                  "discharge and flow and WF for the workforce. Each action shows the BRAG "
                  "rating reported to the last Governing Body and the current rating.")
    table = Table([
        Column(("No.",), 34, centred_label=True),
        Column(("CQC", "finding"), 130, centred_label=True),
        Column(("Action", "required"), 170, centred_label=True),
        Column(("Responsible", "officer", "(organisation)"), 118, centred_label=True),
        Column(("By when",), 52, centred_label=True),
        Column(("Revised", "completion", "date"), 62, centred_label=True),
        Column(("Previous", "BRAG"), 50, centred_label=True),
        Column(("Current", "BRAG"), 50, centred_label=True, shaded=True),
        Column(("Evidence of", "completion"), 96, centred_label=True),
    ], size=8, leading=10, repeat_header=True, bottom=60)
    doc.y += 6
    table.header(doc)
    for row in ASHDOWN_ROWS:
        table.row(doc, list(row), size)
    doc.y += 20
    doc.paragraph("Recommendation: the Governing Body is asked to note the progress made.",
                  REGULAR, 10)
    doc.save(path, ashdown_furniture)


# --- Kestermoor: a scrutiny committee paper, no action numbers, RAG by shading only -----------

# (priority, area for improvement, what we will do, who, by when, status colour, comments);
# an empty area for improvement continues the one above (a merged cell in the Word original).
KESTERMOOR_ROWS = [
    ("Priority 1: Shared leadership and governance", "No shared plan for older people's "
     "services across the system.", "Agree a joint older people's strategy with the CCG and "
     "the NHS trusts.", "Director of Adult Social Care", "Sept 2018", "Green",
     "Draft strategy discussed at the June Board."),
    ("", "", "Set up a monthly system leadership group chaired by the Chief Executive.",
     "Chief Executive", "July 2018", "Blue", "Group met in May and June."),
    ("", "Governance of joint funds is unclear.", "Publish the terms of reference of the "
     "joint commissioning board.", "Head of Strategic Commissioning", "31/08/2018", "Amber",
     "Legal review of the delegations is under way."),
    ("Priority 2: Safe discharge from hospital", "Too many people wait in hospital for a "
     "package of home care.", "Commission a bridging home care service for people leaving "
     "hospital.", "Head of Strategic Commissioning\nBed Manager, Kestermoor Hospital",
     "Oct 2018", "Red", "Procurement paused: no bid met the quality threshold."),
    ("", "", "Introduce discharge to assess for people who need a care home placement.",
     "Discharge Lead, Kestermoor Hospital", "Q3 2018/19", "Amber",
     "Pilot on two wards from August."),
    ("break", "Information is not shared between hospital and care homes.", "Roll out the "
     "hospital transfer pack to all care homes.", "Care Homes Quality Lead", "Dec 2018",
     "Green", "Pack agreed with the care home forum."),
    ("Priority 3: Workforce", "Care workers leave within their first year.", "Offer a care "
     "academy induction programme for new care workers.", "Workforce Development Manager",
     "March 2019", "Green", ""),
    ("", "", "Agree a common rate for travel time with home care providers.",
     "Head of Strategic Commissioning", "TBC", "", "Awaiting the fee review."),
]


def kestermoor_furniture(doc: Document, number: int, total: int) -> None:
    width, height = doc.page.size
    doc.text(width / 2, 24, "Kestermoor Council – Adults and Health Scrutiny Committee – "
             "4 July 2018", REGULAR, 8, "centre")
    doc.text(width / 2, height - 22, f"Page {number}", REGULAR, 8, "centre")


def kestermoor(path: Path) -> None:
    doc = Document(margin=40)
    doc.new_page(A4)
    doc.paragraph("Kestermoor Council", BOLD, 14, after=4)
    doc.paragraph("Adults and Health Scrutiny Committee – 4 July 2018", BOLD, 11, after=10)
    doc.paragraph("Care Quality Commission local system review: action plan update", BOLD, 12,
                  after=4)
    doc.paragraph("Report of the Director of Adult Social Care", REGULAR, 10, after=12)
    doc.paragraph("1. Summary", BOLD, 11, after=4)
    doc.paragraph("The Committee asked for a progress report on the action plan agreed after "
                  "the local system review. The plan is grouped by the three priorities of the "
                  "review; the Status column is coloured green where an action is on track, "
                  "amber where there is some slippage, red where there is a significant risk "
                  "and blue where the action is complete.")
    table = Table([
        Column(("Area for", "improvement"), 105),
        Column(("What we will", "do"), 145),
        Column(("Who",), 90, bottom_label=True),
        Column(("By", "when"), 50),
        Column(("Status",), 40, swatch=True, bottom_label=True),
        Column(("Comments",), 85, bottom_label=True),
    ], size=8.5, leading=10.5, pad=4, bottom=60)
    doc.y += 4
    table.header(doc)
    for priority, *cells in KESTERMOOR_ROWS:
        if priority == "break":
            table.break_page(doc, A4)  # the rest of the table on the next page, no header
        elif priority:
            table.heading(doc, priority, A4, REGULAR, 9)
        table.row(doc, cells, A4)
    doc.y += 16
    doc.paragraph("2. Recommendation", BOLD, 11, after=4)
    doc.paragraph("The Committee is asked to note the progress made and the actions at risk.")
    doc.save(path, kestermoor_furniture)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    wyreford(OUT / "boardpaper-wyreford-hwb-2018-05-15.pdf")
    ashdown(OUT / "boardpaper-ashdown-vale-gb-2018-06-12.pdf")
    kestermoor(OUT / "boardpaper-kestermoor-scrutiny-2018-07-04.pdf")


if __name__ == "__main__":
    main()
