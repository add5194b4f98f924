"""Byte-reproducible Office files: fixed zip timestamps and document-property dates.

python-docx and openpyxl stamp the save time into the package; a generated set must give the
same bytes (and so the same document ids) for the same seed.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_FIXED = (1980, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def normalise_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>2018-01-01T00:00:00Z\g<2>", data)
            out.writestr(zipfile.ZipInfo(name, _FIXED), data, zipfile.ZIP_DEFLATED)
