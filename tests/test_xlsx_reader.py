"""Excel trackers: the workbooks are built here, cell by cell, and every golden value below is
read off the cells this file writes (each row cites its sheet and Excel row)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.colors import Color

from actionplans.extract import xlsx
from actionplans.extract.errors import DocumentError
from actionplans.extract.registry import read_document
from actionplans.extract.xlsx import read_xlsx
from actionplans.pipeline import build, process_document
from actionplans.schemas.tables import DOCUMENTS

from .test_golden_actions import canonical


def writable_formats() -> set[str]:
    """source_format values the dataset schema accepts (schemas/tables.py)."""
    meta = DOCUMENTS.field("source_format").metadata or {}
    return set(meta.get(b"allowed", b"").decode().split(","))


def solid(rgb: str | None = None, **colour) -> PatternFill:
    return PatternFill("solid", fgColor=Color(rgb=rgb) if rgb else Color(**colour))


def build_tracker(path: Path) -> Path:
    """A local system review tracker: cover, key, a sheet per theme, a hidden old sheet."""
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["B2"] = "Westshire Local System Review"
    cover["B3"] = "Improvement Action Plan"
    cover["B5"] = "Version 4"
    cover["B6"] = dt.datetime(2018, 3, 12)
    cover["B6"].number_format = "d mmmm yyyy"

    key = wb.create_sheet("Key")
    key["A1"] = "BRAG rating"
    key["A2"].fill = solid("FF0070C0")
    key["B2"] = "Complete and assured"
    key["A3"].fill = solid(theme=6)  # accent 3 of the workbook's theme: 9BBB59, a green
    key["B3"] = "On track"
    key["A4"].fill = solid("FFFFC000")
    key["B4"] = "Some slippage, recovery plan agreed"
    key["A5"].fill = solid(indexed=10)  # palette red FF0000
    key["B5"] = "Off track, escalated to the A&E Delivery Board"

    t1 = wb.create_sheet("1. Leadership")
    t1["A1"] = "Strategic leadership and partnership working"
    t1.merge_cells("A1:H1")
    labels = {"A3": "CQC finding", "B3": "Ref", "C3": "Action", "D3": "Responsible officer",
              "E3": "Timescale", "G3": "BRAG", "H3": "Evidence of completion",
              "E4": "Start", "F4": "By when"}
    for ref, label in labels.items():
        t1[ref] = label
        t1[ref].fill = solid("FF1F497D")
        t1[ref].font = Font(color="FFFFFFFF", bold=True)
    t1.merge_cells("E3:F3")
    for col in "ABCDGH":
        t1.merge_cells(f"{col}3:{col}4")
    rows = [
        ("There is no shared vision for older people's health and care across Westshire", 1.1,
         "Agree a joint health and care strategy for older people at the Health and Wellbeing "
         "Board", "Director of Adult Social Care, Westshire County Council",
         dt.date(2018, 1, 1), dt.date(2018, 4, 30), solid("FF00B050"), "Board minutes"),
        (None, 1.2, "Publish the strategy with an engagement plan for carers and providers",
         "Chief Officer, Westshire CCG", dt.date(2018, 2, 1), dt.date(2018, 6, 30),
         solid("FFFFC000"), ""),
        ("Governance of the A&E Delivery Board is unclear to partners", 1.3,
         "Review the terms of reference and membership of the A&E Delivery Board",
         "Chief Executive, Westshire Hospitals NHS Trust", dt.date(2018, 1, 15),
         dt.date(2018, 3, 31), solid(theme=4), "Revised terms of reference"),
        (None, "1.4", "Agree a joint escalation protocol for winter pressures",
         "Director of Operations, Westshire Hospitals NHS Trust", None, "End of March 2018",
         solid(indexed=10), ""),
    ]
    for r, (issue, ref, action, owner, start, due, fill, evidence) in enumerate(rows, start=5):
        for col, value in zip("ABCDEFH", (issue, ref, action, owner, start, due, evidence),
                              strict=True):
            if value:
                t1[f"{col}{r}"] = value
        for col in "EF":
            t1[f"{col}{r}"].number_format = "dd/mm/yyyy"
        t1[f"G{r}"].fill = fill
    t1.merge_cells("A5:A6")
    t1.merge_cells("A7:A8")

    t2 = wb.create_sheet("Theme 2 Discharge")
    t2.append([])
    t2.append(["Ref", "Action required", "Lead", "By when", "RAG", "Progress update"])
    t2.append(["2.1", "Roll out the trusted assessor model to all care homes",
               "Head of Commissioning", dt.datetime(2018, 3, 1), "Green",
               "Pilot in four care homes complete"])
    t2["D3"].number_format = "mmm-yy"
    t2.append([2.2, "Implement the discharge to assess pathway for people with ongoing needs",
               "Director of Operations, Westshire Hospitals NHS Trust",
               dt.datetime(2018, 5, 31), "Amber", "Business case approved 22/01/18"])
    t2["D4"].number_format = "dd/mm/yyyy"

    old = wb.create_sheet("Version 3")
    old["A1"] = "Superseded: see the current plan"
    old.sheet_state = "hidden"
    wb.save(path)
    return path


# Read off build_tracker: (action_id, theme_id, theme_title, cqc_issue, owner_raw, start_date,
# due_date, rag, status).
TRACKER_GOLDEN = [
    ("1.1", "1", "Leadership",  # sheet '1. Leadership' row 5; 00B050 → GREEN → "On track"
     "There is no shared vision for older people's health and care across Westshire",
     "Director of Adult Social Care, Westshire County Council", "2018-01-01", "2018-04-30",
     "GREEN", "on_track"),
    ("1.2", "1", "Leadership",  # row 6: issue merged down from row 5; FFC000 → "Some slippage"
     "There is no shared vision for older people's health and care across Westshire",
     "Chief Officer, Westshire CCG", "2018-02-01", "2018-06-30", "AMBER", "at_risk"),
    ("1.3", "1", "Leadership",  # row 7: theme accent 1 (4F81BD) → BLUE → "Complete and assured"
     "Governance of the A&E Delivery Board is unclear to partners",
     "Chief Executive, Westshire Hospitals NHS Trust", "2018-01-15", "2018-03-31", "BLUE",
     "complete_assured"),
    ("1.4", "1", "Leadership",  # row 8: issue merged down from row 7; palette red, "Off track"
     "Governance of the A&E Delivery Board is unclear to partners",
     "Director of Operations, Westshire Hospitals NHS Trust", "", "2018-03-31", "RED",
     "off_track"),
    ("2.1", "2", "Discharge",  # sheet 'Theme 2 Discharge' row 3: 1 Mar 2018 shown as Mar-18
     "", "Head of Commissioning", "", "2018-03-31", "GREEN", "on_track"),
    ("2.2", "2", "Discharge",  # row 4: id stored as the number 2.2
     "", "Director of Operations, Westshire Hospitals NHS Trust", "", "2018-05-31", "AMBER",
     "at_risk"),
]
FIELDS = ("action_id", "theme_id", "theme_title", "cqc_issue", "owner_raw", "start_date",
          "due_date", "rag", "status")


@pytest.fixture()
def tracker(tmp_path: Path) -> Path:
    return build_tracker(tmp_path / "westshire-improvement-plan.xlsx")


def test_tracker_reads_to_the_golden_actions(tracker: Path):
    result = process_document(tracker)
    got = [tuple(canonical(a[f]) for f in FIELDS) for a in result.tables["actions"]]
    assert got == [tuple(canonical(v) for v in g) for g in TRACKER_GOLDEN]
    doc = result.tables["documents"][0]
    assert result.area == "Westshire"
    assert doc["plan_date"] == dt.date(2018, 3, 12)  # cover B6, a real date
    assert doc["source_format"] == "xlsx"
    assert doc["title"].startswith("Westshire Local System Review Improvement Action Plan")
    rows = {a["action_id"]: a for a in result.tables["actions"]}
    assert (rows["1.3"]["source_row"], rows["2.2"]["source_row"]) == (7, 4)  # Excel rows
    assert rows["1.1"]["assurance"] == "Board minutes"


def test_key_sheet_of_coloured_cells_is_the_plans_rag_key(tracker: Path):
    doc = process_document(tracker).tables["documents"][0]
    key = {e["colour"]: (e["meaning"], e["status"]) for e in doc["rag_key"]}
    assert key == {  # sheet 'Key' rows 2-5: a swatch beside each meaning
        "BLUE": ("Complete and assured", "complete_assured"),
        "GREEN": ("On track", "on_track"),
        "AMBER": ("Some slippage, recovery plan agreed", "at_risk"),
        "RED": ("Off track, escalated to the A&E Delivery Board", "off_track"),
    }


def test_merged_header_labels_each_column_and_merged_issue_is_given_once(tracker: Path):
    doc = read_xlsx(tracker)
    table = doc.tables[0]
    assert table.header == ("CQC finding", "Ref", "Action", "Responsible officer",
                            "Timescale Start", "Timescale By when", "BRAG",
                            "Evidence of completion")
    issues = [r.cells[0].text for r in table.rows]
    assert issues[0].startswith("There is no shared vision") and issues[1] == ""
    assert [r.location.row_index for r in table.rows] == [5, 6, 7, 8]
    assert {r.location.table_index for r in table.rows} == {3}  # the third sheet
    fills = [r.cells[6].fill for r in table.rows]
    assert fills == ["00B050", "FFC000", "4F81BD", "FF0000"]  # rgb, rgb, theme, indexed
    assert [r.cells[5].text for r in table.rows] == [
        "30/04/2018", "30/06/2018", "31/03/2018", "End of March 2018"]


def test_sheet_names_give_theme_headings_and_hidden_sheets_are_warned(tracker: Path):
    doc = read_xlsx(tracker)
    assert [(t.theme_id, t.title) for t in doc.themes] == [("1", "Leadership"),
                                                          ("2", "Discharge")]
    assert "Cover" not in (doc.title or "")  # the first sheet's tab label is not the title
    hidden = [w for w in doc.warnings if "hidden sheet" in w]
    assert hidden == ["table 5 (sheet 'Version 3'): hidden sheet, not read"]
    assert "Superseded" not in doc.full_text


def _sheet(tmp_path: Path, fill_sheet, name: str = "values.xlsx") -> Path:
    wb = openpyxl.Workbook()
    fill_sheet(wb.active)
    path = tmp_path / name
    wb.save(path)
    return path


def test_cells_read_as_excel_shows_them(tmp_path: Path):
    def fill(ws):
        ws.append(["Ref", "Action", "Lead", "Due", "Target", "Done"])
        ws.append([1.1, "Recruit six reablement workers", "Jo Bloggs",
                   dt.datetime(2018, 3, 31, 0, 0), 0.95, True])
        ws.append([3.0, "Reduce delayed transfers of care", "Ann Smith",
                   dt.date(2018, 6, 1), 0.1 + 0.2, False])
        ws.append([2.10, "Open the discharge lounge", "Sam Patel", dt.date(2019, 1, 1), 1234.5,
                   None])
        ws["D3"].number_format = "mmmm yyyy"
        ws["E2"].number_format = "0%"
        ws["D4"].number_format = "yyyy"
        ws["E4"].number_format = "#,##0.00"

    doc = read_xlsx(_sheet(tmp_path, fill))
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[0] == ["1.1", "Recruit six reablement workers", "Jo Bloggs", "31/03/2018",
                       "95%", "TRUE"]
    assert rows[1] == ["3", "Reduce delayed transfers of care", "Ann Smith", "Jun 2018", "0.3",
                       "FALSE"]
    assert rows[2][:5] == ["2.1", "Open the discharge lounge", "Sam Patel", "2019", "1,234.50"]


def test_an_id_typed_as_1_10_is_warned_about(tmp_path: Path):
    def fill(ws):
        ws.append(["Ref", "Action", "Lead", "By when"])
        for n in range(1, 11):  # Excel stores 1.10 as the number 1.1
            ws.append([float(f"1.{n}"), f"Action {n} of the workforce plan", "Jo Bloggs",
                       "March 2018"])

    doc = read_xlsx(_sheet(tmp_path, fill))
    loss = [w for w in doc.warnings if "1.10" in w]
    assert len(loss) == 1
    assert loss[0].startswith("table 1 (sheet 'Sheet') row 11: 1.1 in column A")
    assert "repeating row 2" in loss[0]


def test_heading_rows_title_cells_and_notes_on_one_sheet(tmp_path: Path):
    def fill(ws):
        ws.title = "Action Plan"
        ws["A1"] = "Southvale Local System Review Action Plan"
        ws["F1"] = "Updated: 05/03/2018"
        ws.append([])
        ws.append(["Ref", "Action", "Lead", "Timescale", "RAG", "Progress"])
        ws.append(["Theme 1: Discharge"])
        ws.merge_cells("A4:F4")
        ws.append(["1.1", "Seven day social work cover on the wards", "Jo Bloggs",
                   "April 2018", "Green", "Rota agreed"])
        ws.append(["1.2", "Weekly long length of stay reviews", "Ann Smith", "May 2018",
                   "Amber", ""])
        ws.append([])
        ws.append(["Theme 2: Workforce"])
        ws.append(["2.1", "Joint recruitment campaign for care staff", "Sam Patel",
                   "June 2018", "Red", "Campaign launched 1 March"])
        ws.append([])
        ws.append(["Progress is reviewed monthly by the A&E Delivery Board"])
        ws.row_dimensions[6].hidden = True
        ws["B5"].comment = Comment("Confirmed at the 12 March board", "Jo Bloggs")

    result = process_document(_sheet(tmp_path, fill, "southvale.xlsx"))
    got = [(a["action_id"], a["theme_id"], a["theme_title"], a["owner_raw"], str(a["due_date"]),
            a["rag"]) for a in result.tables["actions"]]
    assert got == [  # rows 5, 6 under the heading row 4; row 9 under the heading row 8
        ("1.1", "1", "Discharge", "Jo Bloggs", "2018-04-30", "GREEN"),
        ("1.2", "1", "Discharge", "Ann Smith", "2018-05-31", "AMBER"),
        ("2.1", "2", "Workforce", "Sam Patel", "2018-06-30", "RED"),
    ]
    doc = result.tables["documents"][0]
    assert doc["title"] == "Southvale Local System Review Action Plan Updated: 05/03/2018"
    assert doc["plan_date"] == dt.date(2018, 3, 5)
    assert result.tables["actions"][-1]["progress"] == "Campaign launched 1 March"
    warnings = doc["warnings"]
    assert "table 1 (sheet 'Action Plan'): rows 6 are hidden in Excel; read anyway" in warnings
    assert any("1 cell comment(s) not read (first at B5)" in w for w in warnings)


def test_large_workbook_is_streamed_with_a_warning(tracker: Path, monkeypatch):
    monkeypatch.setattr(xlsx, "FULL_LOAD_BYTES", 0)
    result = process_document(tracker)
    warnings = result.tables["documents"][0]["warnings"]
    assert any("streaming mode, where merged cells" in w for w in warnings)
    got = {a["action_id"]: a for a in result.tables["actions"]}
    assert list(got) == [g[0] for g in TRACKER_GOLDEN]
    assert got["1.2"]["rag"] == "AMBER"  # fills are still read


def test_formula_without_a_saved_value_is_warned(tmp_path: Path):
    def fill(ws):
        ws.append(["Ref", "Action", "Lead", "By when"])
        ws.append(["1.1", "Agree the winter plan", "Jo Bloggs", "=TEXT(DATE(2018,3,31),\"d\")"])

    doc = read_xlsx(_sheet(tmp_path, fill))  # openpyxl saves formulas without values
    assert any("1 formula cell(s) have no saved value" in w and "D2" in w for w in doc.warnings)


def _bad(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    return info.value.reason


def test_bad_workbooks_get_a_clear_reason(tmp_path: Path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    assert _bad(tmp_path, "empty.xlsx", b"") == "file is empty"
    assert "not a zip package" in _bad(tmp_path, "notes.xlsx", b"Action plan notes\n")
    encrypted = ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    assert "password-protected" in _bad(tmp_path, "locked.xlsx", encrypted)
    assert "legacy Excel 97-2003" in _bad(tmp_path, "old.xlsx", ole)
    with zipfile.ZipFile(tmp_path / "word.zip", "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    other = (tmp_path / "word.zip").read_bytes()
    assert "not an Excel workbook" in _bad(tmp_path, "word.xlsx", other)
    with zipfile.ZipFile(tmp_path / "broken.zip", "w") as z:
        z.writestr("xl/workbook.xml", "<workbook")
    broken = (tmp_path / "broken.zip").read_bytes()
    assert "not a readable Excel workbook" in _bad(tmp_path, "broken.xlsx", broken)


def test_bounds_refuse_a_dump_not_a_plan(tmp_path: Path, monkeypatch):
    wide = _sheet(tmp_path, lambda ws: ws.cell(1, xlsx.MAX_COLUMNS + 1, "x"), "wide.xlsx")
    with pytest.raises(DocumentError, match=r"across to column GS, beyond the 100000 rows and "
                                            r"200 columns"):
        read_xlsx(wide)
    monkeypatch.setattr(xlsx, "MAX_SHEETS", 2)
    with pytest.raises(DocumentError, match="5 sheets, more than the 2"):
        read_xlsx(build_tracker(tmp_path / "many.xlsx"))


def test_text_only_on_hidden_sheets_is_an_error(tmp_path: Path):
    def fill(ws):
        ws.title = "Sheet1"
        hidden = ws.parent.create_sheet("Plan (draft)")
        hidden["A1"] = "Westshire action plan"
        hidden.sheet_state = "hidden"

    with pytest.raises(DocumentError, match="no text in its visible sheets"):
        read_xlsx(_sheet(tmp_path, fill))


def test_key_above_the_header_and_theme_rows_inside_the_table(tmp_path: Path):
    def fill(ws):
        ws.title = "Tracker"
        ws["A1"] = "Eastmere Local System Review Improvement Plan"
        ws["A2"] = "Position as at 3 November 2017"
        ws["A4"] = "Key"
        rows = [("RAG", "Definition"), ("Blue", "Action completed"),
                ("Green", "On track to deliver by the target date"),
                ("Amber", "Some slippage, recoverable"), ("Red", "Significant risk to delivery")]
        for r, row in enumerate(rows, start=5):
            ws.cell(r, 1, row[0])
            ws.cell(r, 2, row[1])
        # row 10 blank; the header on row 11; theme rows merged across the table
        for c, label in enumerate(("Ref", "Actions", "Responsible officer", "When", "RAG"), 1):
            ws.cell(11, c, label)
        ws["A12"] = "8. Hospital discharge"
        ws.merge_cells("A12:E12")
        ws.append(["8.1", "Review the discharge to assess pathway", "Jo Bloggs", "Oct 2017",
                   "Green"])
        ws.append(["8.2", "Deliver trusted assessor training to care home staff", "Ann Smith",
                   "Dec 2017", "Blue"])
        ws["A15"] = "14. Market shaping and commissioning"
        ws.merge_cells("A15:E15")
        ws.append(["14.1", "Set up a care home provider forum", "Sam Patel", "Jan 2018", "Red"])

    result = process_document(_sheet(tmp_path, fill, "eastmere.xlsx"))
    got = [(a["action_id"], a["theme_id"], a["theme_title"], a["rag"], a["status"])
           for a in result.tables["actions"]]
    assert got == [  # rows 13, 14 under row 12; row 16 under row 15; status from rows 6-9
        ("8.1", "8", "Hospital discharge", "GREEN", "on_track"),
        ("8.2", "8", "Hospital discharge", "BLUE", "complete"),
        ("14.1", "14", "Market shaping and commissioning", "RED", "off_track"),
    ]
    key = [e["colour"] for e in result.tables["documents"][0]["rag_key"]]
    assert key == ["BLUE", "GREEN", "AMBER", "RED"]


def test_a_completed_actions_sheet_opens_the_completed_section(tmp_path: Path):
    def fill(ws):
        ws.title = "Open actions"
        ws["A1"] = "Riverford Local System Review Action Plan, 1 June 2018"
        ws.append([])
        ws.append(["Ref", "Action", "Lead", "By when"])
        ws.append(["1.1", "Agree the winter plan with care providers", "Jo Bloggs", "Oct 2018"])
        done = ws.parent.create_sheet("Completed actions")
        done.append(["Ref", "Action", "Lead", "By when"])
        done.append(["1.2", "Appoint a system discharge lead", "Ann Smith", "March 2018"])

    result = process_document(_sheet(tmp_path, fill, "riverford.xlsx"))
    got = [(a["action_id"], a["section"]) for a in result.tables["actions"]]
    assert got == [("1.1", "open"), ("1.2", "completed")]  # sheet 1 row 4; sheet 2 row 2


def test_theme_colours_with_tint_as_excel_shows_them():
    from actionplans.extract.xlsx_cells import _tinted

    # Excel 2007 theme picker: "Blue, Accent 1, Lighter 40%" is 95B3D7 and "Olive Green,
    # Accent 3, Darker 25%" is 76923C (Excel rounds in its own integer HLS: within 1 a channel).
    assert _tinted("4F81BD", 0.4) == "95B3D7"
    got = _tinted("9BBB59", -0.25)
    assert all(abs(int(got[i:i + 2], 16) - int("76923C"[i:i + 2], 16)) <= 1 for i in (0, 2, 4))


@pytest.mark.xfail("xlsx" not in writable_formats() or "csv" not in writable_formats(),
                   reason="schemas/tables.py documents.source_format allows only "
                          "text, docx, pdf (the lead adds xlsx, csv)", strict=True)
def test_a_folder_of_workbooks_and_csv_is_written(tmp_path: Path):
    folder = tmp_path / "plans"
    folder.mkdir()
    build_tracker(folder / "westshire-improvement-plan.xlsx")
    from .test_csv_reader import NORTHVALE

    (folder / "northvale-action-plan.csv").write_text(NORTHVALE, encoding="utf-8")
    report = build([folder], tmp_path / "out")
    assert not report.errors, [str(e) for e in report.errors]
    assert sorted(d.area for d in report.documents) == ["Northvale", "Westshire"]
