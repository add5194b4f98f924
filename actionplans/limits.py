"""Resource limits for one document, and the checks made before a reader opens the file.

Why: a folder of board papers nobody vetted can hold a PDF that loops, a zip bomb or a
2,000-page scan. Each limit is checked as early and as cheaply as possible (page tree and zip
directory before any page or part is parsed); time and memory are enforced by the guarded
worker (`actionplans.worker`). Settings are validated when made, as pdfplumber validates its
table settings, so a bad flag is a usage error before any work.
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from actionplans.extract.errors import DocumentError

KiB, MiB, GiB = 1024, 1024**2, 1024**3

# Formats that are zip packages (checked before the reader opens them).
ZIP_SUFFIXES = frozenset({".docx", ".xlsx", ".xlsm", ".odt", ".ods"})
# A member is judged by its compression ratio only once it unpacks to more than this: small
# parts of repetitive XML legitimately compress very well.
RATIO_GRACE = 1 * MiB

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$", re.I)
_UNITS = {"": 1, "k": KiB, "m": MiB, "g": GiB, "t": 1024**4}


def parse_size(text: str) -> int:
    """Bytes of "2G", "512MiB", "200MB", "1048576"; units are powers of 1024 (as `ulimit`)."""
    m = _SIZE.match(str(text))
    if not m:
        raise ValueError(f"not a size: {text!r} (use e.g. 512M, 2G, 200MiB)")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def format_size(n: int) -> str:
    """'2 GiB', '200 MiB', '1.5 GiB', '712 KiB' for messages."""
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


class LimitExceeded(DocumentError):
    """A document over one of the limits: refused before (or instead of) reading it."""

    def __init__(self, path: str, reason: str, kind: str) -> None:
        super().__init__(path, reason)
        self.kind = kind  # TimeLimit, MemoryLimit, PageLimit, UnzippedSizeLimit, ZipRatioLimit

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.path, self.reason, self.kind))


@dataclass(frozen=True)
class Limits:
    """What one document may cost. Defaults suit plans of a few hundred pages on a laptop."""

    timeout: float = 120.0  # wall-clock seconds per document
    max_memory: int = 2 * GiB  # address space a document may add to its worker
    max_pages: int = 500  # PDF pages
    max_unzipped: int = 200 * MiB  # sum of the members of a .docx / .xlsx package
    max_ratio: float = 100.0  # compression ratio of one member over RATIO_GRACE
    # Processes one PDF's pages are read in (extract/pdf_pages): 0 = two for a long document
    # when two cores are free; a build of several documents at once uses 1 (its cores are busy).
    page_processes: int = 0

    def __post_init__(self) -> None:
        if not (isinstance(self.timeout, int | float) and math.isfinite(self.timeout)
                and self.timeout > 0):
            raise ValueError(f"timeout must be a positive number of seconds, not {self.timeout!r}")
        if not isinstance(self.max_memory, int) or self.max_memory < 64 * MiB:
            raise ValueError(f"max_memory must be at least 64 MiB, not {self.max_memory!r}")
        if not isinstance(self.max_pages, int) or self.max_pages < 1:
            raise ValueError(f"max_pages must be a whole number of pages >= 1, "
                             f"not {self.max_pages!r}")
        if not isinstance(self.max_unzipped, int) or self.max_unzipped < 1 * MiB:
            raise ValueError(f"max_unzipped must be at least 1 MiB, not {self.max_unzipped!r}")
        if not (isinstance(self.max_ratio, int | float) and self.max_ratio > 1):
            raise ValueError(f"max_ratio must be above 1, not {self.max_ratio!r}")
        if not isinstance(self.page_processes, int) or not 0 <= self.page_processes <= 2:
            raise ValueError(f"page_processes must be 0 (automatic), 1 or 2, "
                             f"not {self.page_processes!r}")

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)


def check_before_reading(path: str | Path, limits: Limits) -> None:
    """LimitExceeded for a zip package or PDF over the limits; nothing read beyond directories.

    A file these checks cannot parse is left to its reader, which names what is wrong with it.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in ZIP_SUFFIXES:
        check_zip(path, limits)
    elif suffix == ".pdf":
        check_pdf_pages(path, limits)


def check_zip(path: Path, limits: Limits) -> None:
    """Sum of members' unpacked sizes and each large member's ratio, from the zip directory.

    The directory's sizes are what Python's zipfile holds a member to when it unpacks it (a
    member that lies about its size fails its CRC check), so checking them is sufficient.
    """
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped:
        raise LimitExceeded(
            str(path),
            f"unpacks to {format_size(total)} in {len(members)} part(s), over the limit of "
            f"{format_size(limits.max_unzipped)} (--max-unzipped); refused as a possible zip bomb",
            "UnzippedSizeLimit",
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > RATIO_GRACE and ratio > limits.max_ratio:
            raise LimitExceeded(
                str(path),
                f"part {m.filename!r} expands {ratio:,.0f}x ({format_size(m.compress_size)} to "
                f"{format_size(m.file_size)}), over the ratio limit of {limits.max_ratio:g}x; "
                "refused as a possible zip bomb",
                "ZipRatioLimit",
            )


def check_pdf_pages(path: Path, limits: Limits) -> None:
    """Pages counted from the page tree (no page content parsed), stopping past the limit."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    count = 0
    try:
        with open(path, "rb") as fh:
            document = PDFDocument(PDFParser(fh))
            for _ in PDFPage.create_pages(document):
                count += 1
                if count > limits.max_pages:
                    break
    except Exception:  # a damaged or encrypted file: the PDF reader explains it
        return
    if count > limits.max_pages:
        raise LimitExceeded(
            str(path),
            f"has more than {limits.max_pages} pages (--max-pages); refused before reading them",
            "PageLimit",
        )
