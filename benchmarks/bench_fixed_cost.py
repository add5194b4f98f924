"""What a build costs before and around its first page: whole processes, CPU seconds.

Each line adds one piece: a bare interpreter; the command line's imports; the worker's imports
and warm-up (what a worker does before it says "ready"); the reader's own import; a whole
`actionplans build --no-compare --quiet` of a one-page text, Word and PDF plan (the building
process and its worker, measured together by benchmarks/proc.py). Medians of `--runs`.

    python benchmarks/bench_fixed_cost.py [--runs 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proc import measure

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "tests" / "fixtures" / "plans"
WARM = "from actionplans.worker import _warm_up; _warm_up()"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    py = sys.executable
    out = tempfile.mkdtemp(prefix="bench-fixed-")
    steps = [
        ("python -c pass", [py, "-c", "pass"], None),
        ("import actionplans.cli (the building process's start)",
         [py, "-c", "import actionplans.cli"], None),
        ("+ pyarrow and the dataset writer (numpy and pandas kept out, as by the CLI)",
         [py, "-c", "from actionplans.no_pandas import block_numpy, block_pandas; "
          "block_pandas(); block_numpy(); import actionplans.cli, actionplans.dataset, "
          "pyarrow.parquet"], None),
        ("worker: imports + warm-up (a one-action text plan)", [py, "-c", WARM], None),
        ("worker: imports + warm-up + the Word reader (python-docx)",
         [py, "-c", WARM + "; import actionplans.extract.docx"], None),
        ("worker: imports + warm-up + the PDF reader (pdfplumber)",
         [py, "-c", WARM + "; import actionplans.extract.pdf"], None),
    ]
    for name, plan in (("text", "exampleshire-action-plan.txt"),
                       ("Word", "riverside-plan-2018-05-14.docx"),
                       ("PDF", "riverside-plan-2018-05-14.pdf")):
        steps.append((f"actionplans build, a one-page {name} plan",
                      ["actionplans", "build", str(PLANS / plan), "--out", out, "--quiet",
                       "--no-compare"], ["rm", "-rf", out]))
    print("| step | CPU s | wall s | peak MB |\n|---|---:|---:|---:|")
    for name, cmd, before in steps:
        m = measure(cmd, runs=args.runs, before=before)
        print(f"| {name} | {m['cpu']:.3f} | {m['wall']:.3f} | {m['peak_mb']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
