"""`actionplans export`: one workbook (a sheet per table) or a CSV per table, from a fresh build."""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from pathlib import Path

import openpyxl
import pyarrow.dataset as ds
import pytest

from actionplans import export as export_module
from actionplans.cli import main
from actionplans.export import RAG_FILLS, ExportError, export, write_xlsx

from .analysis_dataset import versions_dataset


def _rows(out: Path, name: str) -> list[dict]:
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table().to_pylist()


@cache
def _workbook() -> tuple[Path, openpyxl.Workbook]:
    out = versions_dataset()
    target = out.parent / "export" / "actionplans.xlsx"
    assert main(["export", "--format", "xlsx", "--to", str(target), "--out", str(out)]) == 0
    return target, openpyxl.load_workbook(target)


def _sheet_rows(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_a_sheet_per_table_with_every_row():
    out = versions_dataset()
    _, wb = _workbook()
    for name in ("documents", "themes", "actions", "owners", "owner_organisations", "updates",
                 "targets", "warnings", "theme_alignment", "action_matches"):  # fmt: skip
        sheet = wb[name]
        assert sheet.max_row - 1 == len(_rows(out, name)), name
    assert "canonical_themes" in wb.sheetnames
    assert "actions_latest" not in wb.sheetnames  # a view of actions, not a table


def test_header_bold_frozen_and_widths():
    _, wb = _workbook()
    for sheet in wb.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(c.font.bold for c in sheet[1]), sheet.title
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(8 <= w <= 60 for w in widths), sheet.title
    actions = wb["actions"]
    header = [c.value for c in actions[1]]
    width = {h: actions.column_dimensions[c.column_letter].width for h, c in
             zip(header, actions[1], strict=True)}  # fmt: skip
    assert width["action_text"] == 60 and width["rag"] < 20


def test_rag_cells_coloured_with_their_colour():
    _, wb = _workbook()
    rows = _sheet_rows(wb["actions"])
    seen = set()
    for row in rows:
        for column in ("rag", "rag_on_target"):
            cell = row[column]
            if cell.value:
                assert cell.fill.fgColor.rgb[-6:] == RAG_FILLS[cell.value][0], (column, cell.value)
                seen.add(cell.value)
            else:
                assert cell.fill.fill_type is None
    # Stoke-on-Trent uses all four (key lines 36-40: Blue, Green, Amber/Yellow, Red)
    assert {"BLUE", "GREEN", "AMBER"} <= seen
    stoke_21 = next(r for r in rows if r["area"].value == "Stoke-on-Trent"
                    and r["action_id"].value == "2.1" and r["source_line_start"].value == 143)
    assert stoke_21["rag"].value == "AMBER"  # line 143: Month RAG "Yellow"
    assert stoke_21["rag"].fill.fgColor.rgb[-6:] == "FFC000"


def test_dates_are_excel_dates_and_datetimes_naive_utc():
    out = versions_dataset()
    _, wb = _workbook()
    rows = _sheet_rows(wb["actions"])
    stoke_22 = next(r for r in rows if r["area"].value == "Stoke-on-Trent"
                    and r["action_id"].value == "2.2" and r["source_line_start"].value == 144)
    # line 144: revised "June 18" -> 2018-06-30
    cell = stoke_22["revised_date"]
    assert cell.is_date and cell.value.date() == dt.date(2018, 6, 30)
    assert cell.number_format == "yyyy-mm-dd"
    docs = {d["document_id"]: d for d in _rows(out, "documents")}
    for row in _sheet_rows(wb["documents"]):
        cell = row["extracted_at"]
        stored = docs[row["document_id"].value]["extracted_at"]
        assert cell.is_date and cell.value.tzinfo is None
        assert cell.value == stored.astimezone(dt.UTC).replace(tzinfo=None)


def test_lists_and_structs_as_readable_text():
    _, wb = _workbook()
    rows = _sheet_rows(wb["actions"])
    by = {(r["area"].value, r["action_id"].value, r["document_id"].value): r for r in rows}
    stoke_51 = [r for (a, i, _), r in by.items() if (a, i) == ("Stoke-on-Trent", "5.1")]
    # line 186: "Domiciliary Care – See Service Improvement Work stream 6.5"
    assert {r["see_also"].value for r in stoke_51} == {"6.5"}
    warnings = [r["warnings"].value for r in rows if r["warnings"].value]
    assert any("; " in w for w in warnings)  # several warnings of one action joined
    docs = _sheet_rows(wb["documents"])
    key = next(r["rag_key"].value for r in docs if r["area"].value == "Stoke-on-Trent")
    assert key.startswith("colour: BLUE, meaning: ") and "; colour: GREEN" in key


def test_csv_one_file_per_table(tmp_path):
    out = versions_dataset()
    written = export(out, "csv", tmp_path / "csv")
    names = {p.stem for p in written}
    assert {"documents", "actions", "owner_organisations", "warnings", "updates"} <= names
    with open(tmp_path / "csv" / "actions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(_rows(out, "actions"))
    row = next(r for r in rows if r["area"] == "Stoke-on-Trent" and r["action_id"] == "2.2"
               and r["source_line_start"] == "144" and r["revised_raw"] == "June 18")
    assert (row["revised_date"], row["effective_due_date"], row["days_slipped"]) == (
        "2018-06-30", "2018-06-30", "122")  # Feb 18 (2018-02-28) -> June 18: 122 days


def test_text_that_looks_like_a_formula_stays_text_and_aware_times_convert(tmp_path,
                                                                          monkeypatch):
    """Synthetic rows: a cell opening with "=" is not a formula; +01:00 times become UTC."""
    when = dt.datetime(2018, 3, 19, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    rows = [("=SUM(A1:A9)", when, ["a", "b"], "GREEN", "bad\x07char")]
    columns = ["text", "extracted_at", "see_also", "rag", "note"]
    monkeypatch.setattr(export_module, "_tables", lambda out: [("actions", columns, rows)])
    target = write_xlsx(tmp_path, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(target)["actions"]
    values = [c.value for c in sheet[2]]
    assert values[0] == "=SUM(A1:A9)" and sheet["A2"].data_type == "s"
    assert values[1] == dt.datetime(2018, 3, 19, 8, 30)
    assert values[2:] == ["a; b", "GREEN", "badchar"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_unwritable_export_path_is_one_line_exit_1(tmp_path, capsys, fmt):
    out = versions_dataset()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / ("x.xlsx" if fmt == "xlsx" else "csv")  # under a file: cannot exist
    assert main(["export", "--format", fmt, "--to", str(target), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_export_onto_a_folder_or_a_file_of_the_wrong_kind(tmp_path):
    out = versions_dataset()
    with pytest.raises(ExportError, match="it is a folder"):
        export(out, "xlsx", tmp_path)
    (tmp_path / "plain.txt").write_text("x")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        export(out, "csv", tmp_path / "plain.txt")


def test_export_without_a_dataset_exits_1(tmp_path, capsys):
    assert main(["export", "--to", str(tmp_path / "x.xlsx"), "--out", str(tmp_path / "no")]) == 1
    assert "run `actionplans build` first" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
