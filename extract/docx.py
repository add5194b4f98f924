"""Reader for Word .docx plans (python-docx, reading the XML directly where merges matter).

Word keeps what a text rendition loses: cells merged across columns (gridSpan) and down rows
(vMerge), shading, repeated header rows. Each row is resolved to one logical cell per grid
column; a vertically merged cell gives its text on its first row only, as a printed page shows
it (the mapping step carries issue and outcome down itself). Body tables and paragraphs are
handed in order to `layout.assemble`, which the PDF reader shares.

Locations are 1-based: `table_index` counts the document's tables in body order (nested ones
included), `row_index` the rows of that table.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn as _docx_qn
from lxml import etree

from .errors import DocumentError
from .headers import is_header_continuation, is_header_row
from .hints import LayoutHints
from .layout import Block, Paragraph, TableBlock, assemble
from .model import Cell, ExtractedDocument, Location, Row

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PROLOG_BYTES = 64 * 1024
_DOCTYPE = re.compile(r"<!DOCTYPE", re.I)
_START_TAG = re.compile(r"<[A-Za-z_]")
_NO_FILL = {"", "auto", "ffffff", "none"}
# "w:p" -> "{namespace}p", looked up tens of thousands of times per plan: remembered
qn = lru_cache(maxsize=None)(_docx_qn)


def read_docx(path: str | Path, hints: LayoutHints | None = None) -> ExtractedDocument:
    """Read one .docx plan. Stateless; every failure is a DocumentError naming the reason."""
    path = Path(path)
    data = path.read_bytes()
    source = str(path)
    if not data:
        raise DocumentError(source, "file is empty")
    if data.startswith(_OLE_MAGIC):
        raise DocumentError(source, "not a .docx package but an OLE compound file: a password-"
                            "protected document or a legacy Word 97-2003 .doc; save it as .docx")
    if not zipfile.is_zipfile(path):
        raise DocumentError(source, "not a Word .docx file (not a zip package)")
    _refuse_doctype(path, source)
    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocumentError(source, f"zip package is not a Word document ({exc})") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise DocumentError(source, f"damaged zip package, cannot be unpacked "
                            f"({type(exc).__name__}: {exc})") from exc
    except etree.XMLSyntaxError as exc:
        raise DocumentError(source, f"malformed XML in the Word package ({exc})") from exc
    counter = _Counter()
    blocks = list(_blocks(document.element.body, counter))
    if counter.tables == 0:
        raise DocumentError(source, "no tables in the document: not an action plan")
    return assemble(blocks, source_path=source, source_format="docx",
                    sha256=hashlib.sha256(data).hexdigest(), hints=hints,
                    page_header=_page_header_lines(document))


def _page_header_lines(document) -> list[str]:
    """Text of the sections' page headers (the area is often printed only there)."""
    lines: list[str] = []
    for section in document.sections:
        for part in (section.first_page_header, section.header):
            try:
                element = part._element if not part.is_linked_to_previous else None
            except (AttributeError, KeyError, ValueError):
                element = None
            if element is None:
                continue
            for p in element.iter(qn("w:p")):
                lines.extend(x for x in _paragraph_text(p).split("\n") if x.strip())
    return list(dict.fromkeys(lines))


def _refuse_doctype(path: Path, source: str) -> None:
    """DocumentError when an XML part declares a DOCTYPE. Word never writes one; a DOCTYPE is
    how entity-expansion bombs and external entities get in, so the file is refused before
    python-docx parses any part. Only each part's prolog (its first 64 KiB) is unpacked."""
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                with z.open(info) as part:
                    head = part.read(_PROLOG_BYTES)
                text = _prolog_text(head)
                if _DOCTYPE.search(text):
                    raise DocumentError(source, f"part {info.filename!r} contains a DOCTYPE "
                                        "declaration; refused (XML entity expansion risk)")
                if head and len(head) == _PROLOG_BYTES and not _START_TAG.search(text):
                    raise DocumentError(source, f"part {info.filename!r} has no element in its "
                                        f"first {_PROLOG_BYTES // 1024} KiB; refused")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        raise DocumentError(source, f"damaged zip package, cannot be unpacked "
                            f"({type(exc).__name__}: {exc})") from exc


def _prolog_text(head: bytes) -> str:
    """The start of an XML part as text, in the encoding its byte-order mark names."""
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, "ignore")
    if head[:2] in (b"<\x00", b"\x00<"):
        return head.decode("utf-16-le" if head[0] == 0x3C else "utf-16-be", "ignore")
    return head.decode("utf-8", "ignore")


class _Counter:
    def __init__(self) -> None:
        self.tables = 0
        self.paragraphs = 0


def _children(element) -> Iterator:
    """Block-level children, looking through content controls (w:sdt) as Word displays them."""
    for child in element.iterchildren():
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _children(content)
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            yield child


def _struck(run) -> bool:
    """A run shown struck through (w:strike / w:dstrike not switched off)."""
    props = run.find(qn("w:rPr"))
    if props is None:
        return False
    for tag in ("w:strike", "w:dstrike"):
        el = props.find(qn(tag))
        if el is not None and el.get(qn("w:val"), "true").lower() not in ("0", "false", "off"):
            return True
    return False


def _paragraph_text(p) -> str:
    """Visible text of a paragraph: runs, hyperlinks, tabs and line breaks.

    Text struck through is kept, marked "~~like this~~": a plan that strikes out the old date
    beside its replacement records a revision (read by `normalise.revisions`).
    """
    parts: list[str] = []
    struck_open = False
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        run = el.getparent()
        struck = run is not None and run.tag == qn("w:r") and _struck(run)
        if struck != struck_open and (el.tag == qn("w:t") and (el.text or "").strip()):
            parts.append("~~" if struck or struck_open else "")
            struck_open = struck
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        elif el.tag == qn("w:tab"):
            parts.append(" ")
        elif el.get(qn("w:type")) in (None, "textWrapping"):
            if struck_open:
                parts.append("~~")
                struck_open = False
            parts.append("\n")
    if struck_open:
        parts.append("~~")
    return _tidy_strike("".join(parts))


def _tidy_strike(text: str) -> str:
    """"~~March 2018 ~~June 2018" → "~~March 2018~~ June 2018" (markers hug their words)."""
    text = re.sub(r"~~(\s*)~~", r"\1", text)
    text = re.sub(r"~~\s+([^~]*?)\s*~~", r"~~\1~~ ", text)
    text = re.sub(r"~~([^~]*?)\s+~~", r"~~\1~~ ", text)
    return re.sub(r"[ \t]{2,}", " ", text)


def _blocks(body, counter: _Counter) -> Iterator[Block]:
    for child in _children(body):
        if child.tag == qn("w:p"):
            counter.paragraphs += 1
            for line in _paragraph_text(child).split("\n"):
                yield Paragraph(line, Location())
        elif _is_wrapper(child):
            for tc in child.iter(qn("w:tc")):
                if tc.getparent().getparent() is child:
                    yield from _blocks(tc, counter)
        else:
            counter.tables += 1
            yield _table(child, counter.tables)


def _is_wrapper(tbl) -> bool:
    """A layout table with one column whose cells hold the real tables: read through it."""
    rows = tbl.findall(qn("w:tr"))
    cells = [tc for tr in rows for tc in tr.findall(qn("w:tc"))]
    return bool(cells) and len(cells) == len(rows) and any(
        tc.find(qn("w:tbl")) is not None for tc in cells
    )


def _cell_text(tc) -> str:
    """Paragraphs on separate lines; a nested table's rows as lines of space-joined cells."""
    lines: list[str] = []
    for child in _children(tc):
        if child.tag == qn("w:p"):
            lines.extend(" ".join(s.split()) for s in _paragraph_text(child).split("\n"))
        else:
            for tr in child.iter(qn("w:tr")):
                cells = [_cell_text(c).replace("\n", " ") for c in tr.findall(qn("w:tc"))]
                lines.append(" ".join(c for c in cells if c))
    return "\n".join(line for line in lines if line)


def _fill(tc) -> str | None:
    shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    if shd is None:
        return None
    fill = (shd.get(qn("w:fill")) or "").lower()
    return None if fill in _NO_FILL else fill.upper()


def _int_attr(parent, tag: str) -> int:
    el = parent.find(f"{qn('w:trPr')}/{qn(tag)}") if parent is not None else None
    return int(el.get(qn("w:val"), "0")) if el is not None else 0


def _table(tbl, table_index: int) -> TableBlock:
    grid = tbl.find(qn("w:tblGrid"))
    width = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
    raw_rows: list[list[tuple[str, str | None, int, bool]]] = []
    flagged = 0
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        cells: list[tuple[str, str | None, int, bool]] = [("", None, 1, False)] * _int_attr(
            tr, "w:gridBefore")
        for tc in tr.findall(qn("w:tc")):
            tc_pr = tc.find(qn("w:tcPr"))
            span_el = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
            span = int(span_el.get(qn("w:val"), "1")) if span_el is not None else 1
            vmerge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            continued = vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue"
            text = "" if continued else _cell_text(tc)
            cells.append((text, _fill(tc), span, True))
            cells.extend([("", None, 1, False)] * (span - 1))
        raw_rows.append(cells)
        if r == flagged and tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None:
            flagged += 1
    width = max([width, *(len(c) for c in raw_rows)])
    header_rows = flagged or _detected_header(raw_rows)
    rows: list[Row] = []
    for r, cells in enumerate(raw_rows):
        cells = cells + [("", None, 1, False)] * (width - len(cells))
        out: list[Cell] = []
        for i, (text, fill, span, origin) in enumerate(cells):
            if r < header_rows and not text:
                text = _spanned_label(cells, i)  # a header label spans its columns
            out.append(Cell(text, fill, span if origin else 1))
        rows.append(Row(tuple(out), Location(table_index=table_index, row_index=r + 1)))
    location = Location(table_index=table_index, row_index=1)
    return TableBlock(tuple(rows), location, header_rows or None)


def _spanned_label(cells: list[tuple[str, str | None, int, bool]], i: int) -> str:
    for j in range(i - 1, -1, -1):
        text, _, span, origin = cells[j]
        if origin:
            return text if j + span > i else ""
    return ""


def _detected_header(raw_rows: list[list[tuple[str, str | None, int, bool]]]) -> int:
    if not raw_rows or not is_header_row([c[0] for c in raw_rows[0]]):
        return 0
    n = 1
    while n < min(len(raw_rows), 3) and is_header_continuation([c[0] for c in raw_rows[n]]):
        n += 1
    return n
