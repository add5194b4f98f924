"""Hostile and unlucky files, made on the fly for the tests (nothing large is kept in the repo).

Each maker writes one file of a kind analysts meet in folders they did not make: a PDF whose
objects point at each other, zip bombs, a PDF of thousands of pages, an XML entity bomb.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDITIONS = ROOT / "tests" / "fixtures" / "renditions"
HALTON_DOCX = RENDITIONS / "halton-action-plan-2018-02-21.docx"
HALTON_PDF = RENDITIONS / "halton-action-plan-2018-02-21.pdf"
EXAMPLESHIRE = ROOT / "tests" / "fixtures" / "plans" / "exampleshire-action-plan.txt"


def workers_of(parent: int) -> list[int]:
    """pids of guarded workers started for `parent` (their command line names its pid)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"actionplans.worker" in cmd and str(parent).encode() in cmd:
            found.append(int(entry.name))
    return found


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A syntactically complete PDF (header, objects, xref table, trailer, %%EOF)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def looping_pdf(path: Path) -> Path:
    """A 380-byte PDF whose page's MediaBox is an object that refers to itself: pdfminer's
    `resolve1` follows the reference forever (100% CPU, no exception)."""
    path.write_bytes(pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R /Contents 4 0 R >>",
        b"4 0 R",
    ]))
    return path


def many_pages_pdf(path: Path, pages: int) -> Path:
    """A PDF of `pages` pages, one line of text each (reportlab; a second or two for 2,000)."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842), pageCompression=1)
    for n in range(1, pages + 1):
        c.drawString(72, 770, f"Appendix B: evidence of completion, page {n}")
        c.showPage()
    c.save()
    return path


def with_extra_member(path: Path, source: Path, name: str, size: int) -> Path:
    """`source` (a .docx) with one more member of `size` zero bytes: it deflates about 1,000
    to 1, the shape of a zip bomb."""
    shutil.copy(source, path)
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z, \
            z.open(name, "w", force_zip64=True) as member:
        left = size
        while left > 0:
            member.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
    return path


def replace_member(path: Path, source: Path, name: str, transform) -> Path:
    """`source` with member `name` rewritten by `transform(bytes) -> bytes`."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, transform(data) if info.filename == name else data)
    return path


LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def entity_bomb_docx(path: Path, source: Path = HALTON_DOCX) -> Path:
    """A .docx whose document.xml declares the "billion laughs" entities and uses the last."""

    def bomb(xml: bytes) -> bytes:
        decl_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
        body = xml[decl_end:].replace(b"<w:t>", b"<w:t>&lol9;", 1)
        return xml[:decl_end] + LAUGHS + body

    return replace_member(path, source, "word/document.xml", bomb)
