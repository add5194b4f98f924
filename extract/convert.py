"""OpenDocument, legacy Office and RTF plans, read through a LibreOffice conversion.

.odt, .doc and .rtf become .docx, .ods and .xls become .xlsx (`soffice --headless
--convert-to`), and the Word or Excel reader reads the result, so there is one reader per
layout model, not per file format. Each conversion runs in a private temporary directory with
its own LibreOffice profile (parallel conversions do not share one) on a copy of the file (no
lock file is left beside the original), under a time limit. The document keeps the original's
path, format and SHA-256, so its identity does not depend on the converter.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from .errors import DocumentError
from .hints import LayoutHints
from .model import ExtractedDocument

CONVERT_TIMEOUT = 120  # seconds for one conversion (a first start builds the profile: ~5 s)
TARGETS = {  # source suffix -> (target format, LibreOffice export filter)
    ".odt": ("docx", "docx:MS Word 2007 XML"),
    ".doc": ("docx", "docx:MS Word 2007 XML"),
    ".rtf": ("docx", "docx:MS Word 2007 XML"),
    ".ods": ("xlsx", "xlsx:Calc MS Excel 2007 XML"),
    ".xls": ("xlsx", "xlsx:Calc MS Excel 2007 XML"),
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_converted(path: str | Path, hints: LayoutHints | None = None) -> ExtractedDocument:
    """Convert with LibreOffice, read the .docx / .xlsx, and report it as the original."""
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in TARGETS:
        raise DocumentError(source, f"no conversion for '{suffix}' files")
    fmt = suffix[1:]
    data = path.read_bytes()
    _check(data, fmt, source)
    soffice = find_soffice()
    if soffice is None:
        raise DocumentError(source, f"needs LibreOffice to convert .{fmt} files (soffice not "
                            f"found on PATH); install LibreOffice or save the file as "
                            f".{TARGETS[suffix][0]}")
    target, export_filter = TARGETS[suffix]
    with tempfile.TemporaryDirectory(prefix="actionplans-convert-") as tmp:
        work = Path(tmp)
        original = work / "in" / f"document{suffix}"
        original.parent.mkdir()
        original.write_bytes(data)
        converted = _convert(soffice, original, work, export_filter, target, source, fmt)
        from .docx import read_docx  # imported here: a batch without conversions needs neither
        from .xlsx import read_xlsx

        reader = read_docx if target == "docx" else read_xlsx
        try:
            doc = reader(converted, hints)
        except DocumentError as exc:
            raise DocumentError(source, f"{exc.reason} (in its .{target} conversion by "
                                "LibreOffice)") from exc
    note = f"converted from .{fmt} to .{target} by LibreOffice before reading"
    return replace(doc, source_path=source, source_format=fmt,
                   sha256=hashlib.sha256(data).hexdigest(), warnings=(note, *doc.warnings))


def _check(data: bytes, fmt: str, source: str) -> None:
    """Refuse what LibreOffice would fail on slowly or read as something else."""
    if not data.strip():
        raise DocumentError(source, "file is empty")
    if data.startswith(_OLE_MAGIC) and _ENCRYPTED in data[:1_000_000]:
        raise DocumentError(source, "the document is password-protected (encrypted); remove "
                            "the password and save it again")
    if fmt in ("odt", "ods"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                mimetype = package.read("mimetype").decode("ascii", "replace")
                names = set(package.namelist())
                manifest = package.read("META-INF/manifest.xml") if (
                    "META-INF/manifest.xml" in names) else b""
        except (zipfile.BadZipFile, KeyError) as exc:
            raise DocumentError(source, f"not an OpenDocument .{fmt} file (not a zip package "
                                "with a mimetype)") from exc
        if b"encryption-data" in manifest:
            raise DocumentError(source, "the document is password-protected (encrypted); "
                                "remove the password and save it again")
        if not mimetype.startswith("application/vnd.oasis.opendocument."):
            raise DocumentError(source, f"zip package is not an OpenDocument file ({mimetype})")
    if fmt == "rtf" and not data.lstrip()[:5] == b"{\\rtf":
        raise DocumentError(source, "not an RTF file (no {\\rtf header)")


def _convert(soffice: str, original: Path, work: Path, export_filter: str, target: str,
             source: str, fmt: str) -> Path:
    out = work / "out"
    profile = (work / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--nolockcheck", "--nodefault", "--convert-to", export_filter, "--outdir",
               str(out), str(original)]
    env = {**os.environ, "HOME": str(work)}  # nothing written to the user's own profile
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # soffice.bin is a child of the script
        process.communicate()
        raise DocumentError(source, f"LibreOffice did not convert the .{fmt} file within "
                            f"{CONVERT_TIMEOUT} s") from None
    result = out / f"{original.stem}.{target}"
    if process.returncode != 0 or not result.is_file():
        lines = [" ".join(line.split()) for line in (stderr + stdout).decode(
            "utf-8", "replace").splitlines() if line.strip()]
        said = next((line for line in lines if line.startswith("Error")), lines[-1] if lines
                    else "")[:200]  # its own error line, not a warning about Java
        raise DocumentError(source, f"LibreOffice could not convert the .{fmt} file "
                            f"(exit {process.returncode}{': ' + said if said else ''})")
    return result
