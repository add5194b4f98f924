"""Peak memory of reading one long PDF, with pages released as they are read and without.

    python benchmarks/bench_pdf_pages.py [--pages 400]

A synthetic PDF of N pages of 40 text lines each (reportlab) is read by `read_pdf` in a fresh
process, once as the reader does it (`page.close()` after each page) and once with
`Page.close` made a no-op (every page's parsed objects kept, as before). Prints peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_pdf(path: Path, pages: int) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for n in range(1, pages + 1):
        for k in range(40):
            c.drawString(72, 800 - k * 18, f"{n}.{k} Agree joint governance with partners by "
                         "March 2018 (Jo Bloggs, Director of Adult Social Care)")
        c.showPage()
    c.save()


def read_once(path: Path, keep_pages: bool) -> str:
    import pdfplumber

    from actionplans.extract.errors import DocumentError
    from actionplans.extract.pdf import read_pdf

    if keep_pages:
        pdfplumber.page.Page.close = lambda self: None  # type: ignore[method-assign]
    start = time.perf_counter()
    with contextlib.suppress(DocumentError):  # not an action plan: every page was still read
        read_pdf(path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mode = "pages kept" if keep_pages else "pages closed"
    return f"| {mode} | {seconds:.1f} | {peak:.0f} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--read", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.read:
        print(read_once(Path(args.read[0]), args.read[1] == "keep"))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "long.pdf"
        make_pdf(pdf, args.pages)
        print(f"{args.pages} pages, 40 lines each\n\n| reading | seconds | peak RSS (MB) |\n"
              "|---|---:|---:|")
        for mode in ("close", "keep"):
            done = subprocess.run([sys.executable, __file__, "--read", str(pdf), mode],
                                  capture_output=True, text=True, check=True)
            print(done.stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
