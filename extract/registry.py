"""Readers registered by file type. Each reader is stateless: path in, `ExtractedDocument` out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .convert import TARGETS as CONVERTED
from .convert import read_converted
from .csv_reader import read_csv
from .docx import read_docx
from .errors import DocumentError
from .hints import LayoutHints
from .model import ExtractedDocument
from .pdf import read_pdf
from .text import read_text
from .xlsx import read_xlsx

Reader = Callable[..., ExtractedDocument]  # (path, hints=None) -> document

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,  # Markdown renditions (pipe tables), as document converters export them
    ".markdown": read_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,  # macro-enabled workbooks: the cells are read, macros never run
    ".csv": read_csv,
    ".tsv": read_csv,
    # .odt .ods .doc .rtf .xls: converted by LibreOffice, then read as .docx / .xlsx
    **dict.fromkeys(CONVERTED, read_converted),
}

# Suffixes with a reader. A folder yields every file (pipeline.discover), so a file of any
# other type is reported by `reader_for`, never skipped silently.
PLAN_SUFFIXES = frozenset(READERS)


def reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        known = ", ".join(sorted(READERS))
        raise DocumentError(str(path), f"no reader for '{suffix or 'no extension'}' files "
                            f"(readers: {known})")
    return READERS[suffix]


def read_document(path: Path, hints: LayoutHints | None = None) -> ExtractedDocument:
    """Read any supported file; every failure is a DocumentError naming the file and reason."""
    if not path.exists():
        raise DocumentError(str(path), "path does not exist")
    if not path.is_file():
        raise DocumentError(str(path), "not a regular file")
    reader = reader_for(path)
    try:
        return reader(path, hints)
    except DocumentError:
        raise
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
