"""Trackers saved as CSV: each file is written here and the golden values are read off its
lines (cited by line number)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actionplans.extract.csv_reader import read_csv, sniff_delimiter
from actionplans.extract.errors import DocumentError
from actionplans.extract.registry import read_document
from actionplans.pipeline import process_document

# As continental Excel saves a sheet: semicolons, every record padded to the sheet's width,
# cells with line breaks (Alt+Enter) and semicolons quoted.
NORTHVALE = "\r\n".join([
    '"Northvale Local System Review – Action Plan";;;;;',  # line 1
    "Updated 05/02/2018;;;;;",  # line 2
    ";;;;;",  # line 3
    "1. Discharge from hospital;;;;;",  # line 4
    "Ref;Action required;Responsible officer;By when;RAG;Progress update",  # line 5
    '1.1;"Introduce a discharge to assess pathway; start with pathway 1";"Jo Bloggs',  # 6
    'Head of Integrated Care";31/03/2018;Green;"22/01/18 pathway agreed',  # line 7
    '05/02/18 first patients discharged home"',  # line 8
    "1.2;Agree the trusted assessor role with care homes;Ann Smith;June 2018;Amber;",  # 9
    ";;;;;",  # line 10
    "2. Workforce;;;;;",  # line 11
    "Ref;Action required;Responsible officer;By when;RAG;Progress update",  # line 12
    "2.1;Joint recruitment campaign for domiciliary care;Director of Adult Social Care;"
    "Sept 2018;Red;Campaign delayed to April",  # line 13
    "",
])


def test_semicolon_csv_with_quoted_newlines_reads_to_actions(tmp_path: Path):
    path = tmp_path / "northvale-action-plan.csv"
    path.write_bytes(NORTHVALE.encode("utf-8-sig"))  # Excel's "CSV UTF-8" writes a BOM
    result = process_document(path)
    got = [(a["action_id"], a["theme_id"], a["theme_title"], a["action_text"], a["owner_raw"],
            str(a["due_date"]), a["rag"], a["progress"], a["source_line_start"],
            a["source_line_end"]) for a in result.tables["actions"]]
    assert got == [
        ("1.1", "1", "Discharge from hospital",  # lines 6-8, one record
         "Introduce a discharge to assess pathway; start with pathway 1",
         "Jo Bloggs\nHead of Integrated Care", "2018-03-31", "GREEN",
         "22/01/18 pathway agreed\n05/02/18 first patients discharged home", 6, 8),
        ("1.2", "1", "Discharge from hospital",  # line 9
         "Agree the trusted assessor role with care homes", "Ann Smith", "2018-06-30", "AMBER",
         None, 9, 9),
        ("2.1", "2", "Workforce",  # line 13
         "Joint recruitment campaign for domiciliary care", "Director of Adult Social Care",
         "2018-09-30", "RED", "Campaign delayed to April", 13, 13),
    ]
    doc = result.tables["documents"][0]
    assert result.area == "Northvale" and doc["plan_date"] == dt.date(2018, 2, 5)
    assert doc["source_format"] == "csv"


def test_delimiter_is_sniffed_not_fooled_by_quoted_cells():
    comma = 'Ref,Action,Lead\n1.1,"Agree plan; publish it","Ann Smith; Jo Bloggs"\n'
    assert sniff_delimiter(comma) == ","
    semicolon = "Ref;Action;Lead\n1.1;Agree the plan, then publish it;Ann Smith, Director\n"
    assert sniff_delimiter(semicolon) == ";"
    tab = "Ref\tAction\tLead\n1.1\tAgree the plan, then publish it\tAnn Smith; Director\n"
    assert sniff_delimiter(tab) == "\t"


def test_encodings_as_excel_saves_them(tmp_path: Path):
    text = ("Eastvale Improvement Plan\nRef,Action,Lead,Due\n"
            "1.1,Review the café contract at the community hospital,Zoë Hart,March 2018\n")
    for name, data in {
        "cp1252.csv": text.encode("cp1252"),
        "utf16.csv": text.replace(",", "\t").encode("utf-16"),  # "Unicode text" export
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        doc = read_csv(path)
        (table,) = doc.tables
        assert [c.text for c in table.rows[0].cells] == [
            "1.1", "Review the café contract at the community hospital", "Zoë Hart",
            "March 2018"], name


def test_bad_csv_files(tmp_path: Path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\r\n")
    with pytest.raises(DocumentError, match="file is empty"):
        read_document(empty)
    binary = tmp_path / "tracker.csv"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40)  # an .xlsx renamed
    with pytest.raises(DocumentError, match="binary file"):
        read_document(binary)
