"""Peer: raw python-docx, every table's cell texts (merged cells repeated), as a whole process.

    python benchmarks/peers/raw_python_docx.py PLAN.docx OUT.json
"""

import json
import sys

from docx import Document


def main() -> None:
    path, out = sys.argv[1], sys.argv[2]
    tables = [{"page": None, "rows": [[cell.text for cell in row.cells] for row in t.rows]}
              for t in Document(path).tables]
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"tables": tables}, fh)


if __name__ == "__main__":
    main()
