"""Peer: docling's Word backend (`MsWordDocumentBackend`, called directly: docling's
`DocumentConverter` imports torch even for Word files), as a whole process. Benchmark only: it
runs in its own environment (benchmarks/peers/requirements.txt), never the package's.

    python benchmarks/peers/docling_docx.py PLAN.docx OUT.json
"""

import json
import sys
from pathlib import Path

from docling.backend.msword_backend import MsWordDocumentBackend
from docling.datamodel.base_models import InputFormat
from docling.datamodel.document import InputDocument


def main() -> None:
    path, out = Path(sys.argv[1]), sys.argv[2]
    source = InputDocument(path_or_stream=path, format=InputFormat.DOCX,
                           backend=MsWordDocumentBackend)
    doc = MsWordDocumentBackend(source, path).convert()
    tables = [{"page": None, "rows": [[cell.text for cell in row] for row in table.data.grid]}
              for table in doc.tables]
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"tables": tables}, fh)


if __name__ == "__main__":
    main()
