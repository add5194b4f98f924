"""Peer: camelot (`lattice` or `stream`) on every page, as a whole process. Benchmark only: it
runs in its own environment (benchmarks/peers/requirements.txt), never the package's.

    python benchmarks/peers/camelot_tables.py lattice|stream PLAN.pdf OUT.json
"""

import json
import sys
import warnings

import camelot


def main() -> None:
    flavor, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no tables found on page N" for pages without any
        found = camelot.read_pdf(path, pages="all", flavor=flavor)
    tables = [{"page": int(t.page), "rows": [[str(c) for c in row] for row in t.df.values.tolist()]}
              for t in found]
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"tables": tables}, fh)


if __name__ == "__main__":
    main()
