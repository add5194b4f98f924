"""Peer: raw pdfplumber, `extract_tables` on every page (default settings), as a whole process.

    python benchmarks/peers/raw_pdfplumber.py PLAN.pdf OUT.json
"""

import json
import sys

import pdfplumber


def main() -> None:
    path, out = sys.argv[1], sys.argv[2]
    tables = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for rows in page.extract_tables():
                tables.append({"page": page.page_number,
                               "rows": [[cell or "" for cell in row] for row in rows]})
            page.close()
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"tables": tables}, fh)


if __name__ == "__main__":
    main()
