"""Where a PDF's reading time goes, phase by phase, in one process (CPU seconds).

Phases of one `read_pdf`: pdfminer's interpretation of the content stream with pdfplumber's
page objects (`pdf_objects.page_objects`), pdfplumber's words, its table finder, this
project's own page work (cells from words, fills, lines), and the whole-document passes after
the pages (furniture, unruled tables, assembly). Raw pdfplumber `extract_tables` on the same file is
given beside it. Medians over `--runs` after a warm-up.

    python benchmarks/bench_pdf_profile.py [--runs 5] [PLAN.pdf ...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "tests" / "fixtures" / "renditions" / "halton-action-plan-2018-02-21.pdf",
           ROOT / "tests" / "fixtures" / "renditions" /
           "stoke-on-trent-improvement-plan-v19-2018-03-19.pdf"]


def phases(path: Path) -> dict[str, float]:
    """One `read_pdf` (pages in one process), its phases timed by wrapping the functions it
    calls, so the shares add up within the same run."""
    from pdfplumber.page import Page

    from actionplans.extract import pdf as reader
    from actionplans.extract.pdf_pages import PAGE_PROCESSES

    spent = dict.fromkeys(("objects", "words", "tables", "whole-document passes"), 0.0)

    def timed(fn, phase):  # a wrapper that adds its CPU time to `phase`
        def run(*args, **kwargs):
            t = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[phase] += time.process_time() - t
        return run

    patches = [(reader, "page_objects", "objects"), (Page, "extract_words", "words"),
               (Page, "find_tables", "tables"), (reader, "drop_furniture", "whole-document passes"),
               (reader, "unruled_tables", "whole-document passes"),
               (reader, "assemble", "whole-document passes")]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    for owner, name, phase in patches:
        setattr(owner, name, timed(getattr(owner, name), phase))
    token = PAGE_PROCESSES.set(1)
    try:
        t = time.process_time()
        reader.read_pdf(path)
        total = time.process_time() - t
    finally:
        PAGE_PROCESSES.reset(token)
        for owner, name, fn in saved:
            setattr(owner, name, fn)
    own = total - sum(spent.values())
    return {"pdfminer parse + page objects": spent["objects"], "pdfplumber words":
            spent["words"], "pdfplumber table finder": spent["tables"],
            "own page work (cells, lines, fills)": own, "whole-document passes":
            spent["whole-document passes"], "read_pdf total": total}


def raw_pdfplumber(path: Path) -> float:
    import pdfplumber

    t = time.process_time()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
    return time.process_time() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("pdfs", nargs="*", type=Path)
    args = parser.parse_args()
    print("| file | phase | CPU s | share of read_pdf |\n|---|---|---:|---:|")
    for path in args.pdfs or DEFAULT:
        phases(path)  # warm-up: imports, caches
        runs = [phases(path) for _ in range(args.runs)]
        raw = statistics.median(raw_pdfplumber(path) for _ in range(args.runs))
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        for name, value in med.items():
            share = f"{100 * value / med['read_pdf total']:.0f}%"
            print(f"| {path.name} | {name} | {value:.2f} | {share} |")
        print(f"| {path.name} | raw pdfplumber extract_tables | {raw:.2f} | |", flush=True)


if __name__ == "__main__":
    main()
