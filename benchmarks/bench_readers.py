"""Seconds per page and per document for each reader on the renditions of the seed plans.

Pages are the PDF rendition's page count for every format of a plan (the text and Word files
hold the same content), so the per-page figures compare readers on equal work. Best of
`--repeat` runs; prints a Markdown table.

    python benchmarks/bench_readers.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from actionplans.extract.registry import read_document
from actionplans.pipeline import process_document

ROOT = Path(__file__).resolve().parent.parent
PLANS = {
    "stoke-on-trent": ("corpus", "tests/fixtures/renditions",
                       "stoke-on-trent-improvement-plan-v19-2018-03-19"),
    "halton": ("corpus", "tests/fixtures/renditions", "halton-action-plan-2018-02-21"),
    "riverside": (None, "tests/fixtures/plans", "riverside-plan-2018-05-14"),
}


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| plan | format | pages | read s/doc | read s/page | process s/doc | actions |")
    print("|---|---|---:|---:|---:|---:|---:|")
    totals: dict[str, list[float]] = {}
    for slug, (text_dir, dir_, stem) in PLANS.items():
        pdf = ROOT / dir_ / f"{stem}.pdf"
        pages = read_document(pdf).page_count or 1
        paths = {"text": ROOT / text_dir / f"{stem}.txt"} if text_dir else {}
        paths |= {"docx": ROOT / dir_ / f"{stem}.docx", "pdf": pdf}
        for fmt, path in paths.items():
            read = best(lambda p=path: read_document(p), args.repeat)
            full = best(lambda p=path: process_document(p), args.repeat)
            actions = process_document(path).action_count
            totals.setdefault(fmt, [0.0, 0.0])
            totals[fmt][0] += read
            totals[fmt][1] += pages
            print(f"| {slug} | {fmt} | {pages} | {read:.3f} | {read / pages:.4f} | {full:.3f} "
                  f"| {actions} |")
    for fmt, (seconds, pages) in totals.items():
        print(f"| all | {fmt} | {pages:.0f} | {seconds:.3f} | {seconds / pages:.4f} | | |")


if __name__ == "__main__":
    main()
