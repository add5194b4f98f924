"""Readers registered by file type. Each reader is stateless: path in, `ExtractedDocument` out.

A reader's module (and its library: pdfplumber, python-docx, openpyxl) is imported when the
first file of its type is read, so a run over Word files never pays for the PDF stack.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .convert import TARGETS as CONVERTED  # the converter imports its readers when used
from .errors import DocumentError
from .hints import LayoutHints
from .model import ExtractedDocument

Reader = Callable[..., ExtractedDocument]  # (path, hints=None) -> document


class _Lazy:
    """A reader named by module and function, imported on its first call."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.__name__ = module, name
        self._fn: Reader | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> ExtractedDocument:
        if self._fn is None:
            self._fn = getattr(importlib.import_module(self.module, __package__), self.__name__)
        return self._fn(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<reader {self.module[1:]}.{self.__name__}>"


_TEXT, _DOCX = _Lazy(".text", "read_text"), _Lazy(".docx", "read_docx")
_XLSX, _CSV = _Lazy(".xlsx", "read_xlsx"), _Lazy(".csv_reader", "read_csv")
READERS: dict[str, Reader] = {
    ".txt": _TEXT,
    ".text": _TEXT,
    ".md": _TEXT,  # Markdown renditions (pipe tables), as document converters export them
    ".markdown": _TEXT,
    ".docx": _DOCX,
    ".pdf": _Lazy(".pdf", "read_pdf"),
    ".xlsx": _XLSX,
    ".xlsm": _XLSX,  # macro-enabled workbooks: the cells are read, macros never run
    ".csv": _CSV,
    ".tsv": _CSV,
    # .odt .ods .doc .rtf .xls: converted by LibreOffice, then read as .docx / .xlsx
    **dict.fromkeys(CONVERTED, _Lazy(".convert", "read_converted")),
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
