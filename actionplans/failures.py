"""Why a document did not load, as one clear line with its stage and error type.

Why: a parser's own exception ("XMLSyntaxError", a pdfminer IndexError, MemoryError) says
nothing to an analyst and, unhandled, stops the batch. Every failure becomes a `LoadFailure`
(a DocumentError naming the file) with the stage it happened in, for the report and for the
`load_errors` table.
"""

from __future__ import annotations

import os
import sysconfig
import traceback
import zipfile
import zlib
from pathlib import Path

from actionplans.extract.errors import DocumentError
from actionplans.limits import LimitExceeded, format_size

STAGES = ("read", "map", "normalise", "write", "limit")
MAX_MESSAGE = 400

# Third-party packages that parse files: an exception raised inside them is a parse failure
# of the file, not a bug of this project.
_PARSERS = {
    "pdfminer": "PDF", "pdfplumber": "PDF", "pypdfium2": "PDF",
    "docx": "Word", "openpyxl": "Excel", "lxml": "XML", "xml": "XML", "et_xmlfile": "XML",
    "zipfile": "zip", "csv": "CSV",
}


_PATHS = sysconfig.get_paths()
# Site-packages first: it lies inside the standard library's folder on most installs.
_LIBRARY_ROOTS = (*sorted({Path(_PATHS["purelib"]), Path(_PATHS["platlib"])}),
                  Path(_PATHS["stdlib"]))


class LoadFailure(DocumentError):
    """A document that did not load: the reason, the stage (read, map, normalise, write,
    limit), the error type and, when the file could be read, its SHA-256."""

    def __init__(self, path: str, reason: str, *, stage: str, error_type: str,
                 sha256: str | None = None) -> None:
        super().__init__(path, reason)
        self.stage = stage
        self.error_type = error_type
        self.sha256 = sha256

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_rebuild, (self.path, self.reason, self.stage, self.error_type, self.sha256))


def _rebuild(path: str, reason: str, stage: str, error_type: str,
             sha256: str | None) -> LoadFailure:
    return LoadFailure(path, reason, stage=stage, error_type=error_type, sha256=sha256)


def safe_path(path: str | os.PathLike[str]) -> str:
    """A path that can be stored and printed: bytes of a non-UTF-8 name (held by Python as
    surrogate escapes) shown as \\xNN, so the name is never lost and never crashes a writer."""
    text = os.fspath(path)
    try:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    except UnicodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def one_line(text: object) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 1] + "…"


def explain(exc: BaseException, path: str, *, max_memory: int | None = None) -> LoadFailure:
    """The LoadFailure for any exception raised while loading `path`."""
    path = safe_path(path)
    if isinstance(exc, LoadFailure):
        return exc
    if isinstance(exc, LimitExceeded):
        return LoadFailure(safe_path(exc.path), exc.reason, stage="limit", error_type=exc.kind)
    if isinstance(exc, DocumentError):  # its own path: a hints file may be the one at fault
        return LoadFailure(safe_path(exc.path), one_line(exc.reason), stage=_stage(exc),
                           error_type="DocumentError")
    name = type(exc).__name__
    detail = one_line(f"{name}: {exc}") if str(exc) else name
    if isinstance(exc, MemoryError):
        limit = f" (--max-memory {format_size(max_memory)})" if max_memory else ""
        return LoadFailure(path, f"memory limit exceeded while reading{limit}; the file is too "
                           "large or malformed", stage="limit", error_type="MemoryLimit")
    parser = _parser_of(exc)
    if isinstance(exc, RecursionError):
        where = f" by the {parser} parser" if parser else ""
        reason = f"structure nested too deeply to be read{where} (RecursionError)"
    elif _is_xml_error(exc):
        reason = (f"XML entity expansion refused ({detail})" if "entit" in str(exc).lower()
                  else f"malformed XML in a document part ({detail})")
    elif isinstance(exc, zipfile.BadZipFile | zlib.error) or parser == "zip":
        reason = f"damaged zip package, cannot be unpacked ({detail})"
    elif parser is not None:
        reason = f"damaged {parser} file, the {parser} parser failed ({detail})"
    else:
        return LoadFailure(path, f"internal error: {detail}", stage=_stage(exc), error_type=name)
    return LoadFailure(path, reason, stage="read", error_type=name)


def _is_xml_error(exc: BaseException) -> bool:
    return type(exc).__module__ in ("lxml.etree", "xml.etree.ElementTree", "xml.parsers.expat",
                                    "pyexpat")


def _parser_of(exc: BaseException) -> str | None:
    """The parser (by package) whose code raised `exc`: the innermost third-party or standard
    library parsing frame of the traceback, else the exception's own module."""
    found = _PARSERS.get(type(exc).__module__.split(".")[0])
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        for root in _LIBRARY_ROOTS:
            if path.is_relative_to(root):
                top = path.relative_to(root).parts[0]
                found = _PARSERS.get(top.removesuffix(".py"), found)
                break
    return found


def _stage(exc: BaseException) -> str:
    """read, map or normalise: where in `process_document` the exception was raised."""
    names = [f.name for f in traceback.extract_tb(exc.__traceback__)]
    if "read_document" in names:
        return "read"
    if "map_document" in names:
        return "map"
    if isinstance(exc, DocumentError) and exc.reason.startswith("not an action plan"):
        return "map"  # process_document's verdict on what the mapping found
    return "normalise"
