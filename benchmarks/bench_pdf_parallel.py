"""Does reading a PDF's pages in two processes pay? CPU and wall seconds, whole processes.

The page work that could run in parallel (pdfminer's parse, the page objects, words and table
finding: everything before the whole-document passes) on one process, then split over
`--jobs` forked processes (pages dealt round-robin), round-robin runs, medians. The answer
decided that `extract/pdf_pages.py` reads long PDFs in two processes (BENCHMARKS.md).

    python benchmarks/bench_pdf_parallel.py [--runs 7] [--jobs 2] [PLAN.pdf ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proc import measure_once

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "tests" / "fixtures" / "renditions" /
           "stoke-on-trent-improvement-plan-v19-2018-03-19.pdf",
           ROOT / "tests" / "fixtures" / "renditions" / "halton-action-plan-2018-02-21.pdf"]


def pages(path: str, jobs: int) -> None:
    """The per-page work, on `jobs` processes (1: this one)."""
    import pdfplumber

    from actionplans.extract.pdf_objects import page_objects

    def work(indices: range) -> None:
        with pdfplumber.open(path) as pdf:
            for i in indices:
                page = pdf.pages[i]
                page_objects(page)
                page.extract_words(extra_attrs=["size", "fontname"])
                page.find_tables()
                page.close()

    with pdfplumber.open(path) as pdf:
        total = len(pdf.pages)
    if jobs == 1:
        work(range(total))
        return
    children = []
    for k in range(jobs):
        pid = os.fork()
        if pid == 0:
            work(range(k, total, jobs))
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pages", nargs=2, metavar=("PDF", "JOBS"), help=argparse.SUPPRESS)
    parser.add_argument("pdfs", nargs="*", type=Path)
    args = parser.parse_args()
    if args.pages:
        pages(args.pages[0], int(args.pages[1]))
        return
    print("| file | processes | CPU s | wall s |\n|---|---:|---:|---:|")
    for path in args.pdfs or DEFAULT:
        cmds = {jobs: [sys.executable, __file__, "--pages", str(path), str(jobs)]
                for jobs in (1, args.jobs)}
        runs: dict[int, list] = {jobs: [] for jobs in cmds}
        for k in range(args.runs + 1):
            for jobs, cmd in cmds.items():
                run = measure_once(cmd)
                if k:
                    runs[jobs].append(run)
        for jobs, rs in runs.items():
            print(f"| {path.name} | {jobs} | {statistics.median(r.cpu for r in rs):.2f} | "
                  f"{statistics.median(r.wall for r in rs):.2f} |", flush=True)


if __name__ == "__main__":
    main()
