"""Encodings Windows tools save plans in, file names that are not UTF-8, areas in any script.

The plan text is Exampleshire's (tests/fixtures/plans), saved the ways Notepad and Word save
it: UTF-8, UTF-8 with a BOM, "Unicode" (UTF-16 LE with BOM), "Unicode big endian" (UTF-16 BE),
Windows-1252 ("ANSI"); and a UTF-8 file with stray Windows-1252 bytes pasted in.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from actionplans.extract.errors import DocumentError
from actionplans.extract.text import decode_text, read_text_bytes
from actionplans.normalise.document import slugify
from actionplans.pipeline import build, process_document

from .hostile_files import EXAMPLESHIRE

TEXT = EXAMPLESHIRE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # a BOM-less "Unicode" export
        (TEXT.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-no-bom", "cp1252"],
)
def test_every_windows_encoding_reads_the_same_text(data: bytes, encoding: str):
    decoded = decode_text(data, "plan.txt")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.warnings == ()


def test_utf16_plan_loads_like_the_utf8_one(tmp_path: Path):
    unicode = tmp_path / "exampleshire-unicode.txt"
    unicode.write_bytes(b"\xff\xfe" + TEXT.encode("utf-16-le"))
    a = process_document(EXAMPLESHIRE).tables["actions"]
    b = process_document(unicode).tables["actions"]
    assert [r["action_id"] for r in b] == [r["action_id"] for r in a]
    assert [r["action_text"] for r in b] == [r["action_text"] for r in a]


def test_stray_cp1252_bytes_in_utf8_are_replaced_with_one_warning(tmp_path: Path):
    """'Priority 1 – Leadership' keeps its UTF-8 en dash; two pasted cp1252 quotes (0x92, 0x93)
    become U+FFFD and one warning names their byte offsets."""
    data = TEXT.encode("utf-8")
    first = data.index(b"Workshop held")
    second = data.index(b"Draft out")
    data = data[:first] + b"\x93" + data[first:second] + b"\x92" + data[second:]
    decoded = decode_text(data, "plan.txt")
    assert decoded.encoding == "utf-8"
    assert "Priority 1 – Leadership" in decoded.text  # not garbled into "â€“"
    assert decoded.text.count("\ufffd") == 2
    assert decoded.warnings == (
        f"text: 2 byte sequence(s) not valid UTF-8, replaced with U+FFFD, at byte offset(s) "
        f"{first}, {second + 1}",
    )
    doc = read_text_bytes(data, "plan.txt")
    assert doc.warnings[0] == decoded.warnings[0]


def test_cp1252_with_utf8_lookalikes_says_so():
    data = "Lead – Jo Bloggs ‘Director’".encode("cp1252") + " café".encode()
    decoded = decode_text(data, "plan.txt")
    assert decoded.encoding == "cp1252"
    assert decoded.text.startswith("Lead – Jo Bloggs ‘Director’")
    assert len(decoded.warnings) == 1 and "may be garbled" in decoded.warnings[0]


def test_binary_is_still_refused():
    with pytest.raises(DocumentError, match="binary file"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02\x00\xff", "x.txt")


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_kept_safely(tmp_path: Path):
    """Bytes b'plan-\\xe9.txt' (Latin-1 é): loaded, stored as 'plan-\\\\xe9.txt'."""
    raw = os.fsencode(tmp_path) + b"/exampleshire-\xe9.txt"
    with open(raw, "wb") as fh:
        fh.write(EXAMPLESHIRE.read_bytes())
    out = tmp_path / "out"
    report = build([tmp_path], out)
    assert not report.errors, report.errors
    stored = pq.read_table(out / "documents").to_pandas()["source_path"].tolist()
    assert stored == [f"{tmp_path}/exampleshire-\\xe9.txt"]


@pytest.mark.parametrize(
    ("area", "slug"),
    [
        ("Stoke-on-Trent", "stoke-on-trent"),
        ("Ynys Môn", "ynys-mon"),
        ("Rhondda Cynon Taf", "rhondda-cynon-taf"),
        ("Łódź", "lodz"),
    ],
)
def test_area_id_transliterates(area: str, slug: str):
    assert slugify(area) == slug


def test_area_id_for_a_script_with_no_ascii_is_a_stable_hash():
    kyiv = slugify("Київ")
    assert kyiv.startswith("area-") and len(kyiv) == len("area-") + 8
    assert slugify("Київ") == kyiv and slugify("Харків") != kyiv
    assert slugify("  Київ ") == kyiv
    assert slugify("Київ Council").startswith("council-")
