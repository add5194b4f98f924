"""Measure how well the pipeline reads plans in layouts it has never seen.

Generates N plans with a seed (tools/layouts), reads each with
`actionplans.pipeline.process_document`, and prints field accuracy per dimension value and
field, the most common failure kinds with examples (file, field, expected vs got) and the plans
that did not load. Truth records sit beside the plans as `<name>.truth.json`.

    python tools/layout_accuracy.py [--n 60] [--seed 2018] [--out DIR] [--jobs 1]
                                    [--dims format,id_scheme] [--kinds 15] [--examples 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from layouts.generate import generate
from layouts.runner import read_and_score
from layouts.score import report_failures, table, worst_plans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=60, help="number of plans (default 60)")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--out", help="folder for the plans (default: a temporary folder)")
    parser.add_argument("--jobs", type=int, default=1, help="reading processes (default 1)")
    parser.add_argument("--dims", help="comma-separated dimensions to tabulate (default all)")
    parser.add_argument("--kinds", type=int, default=15, help="failure kinds to list")
    parser.add_argument("--examples", type=int, default=2, help="examples per failure kind")
    args = parser.parse_args(argv)
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="layouts-"))
    started = time.perf_counter()
    generated = generate(args.n, args.seed, out)
    made = time.perf_counter()
    scores = read_and_score(generated, jobs=args.jobs)
    done = time.perf_counter()
    print(f"{len(generated)} plans in {out} (seed {args.seed}): generated in "
          f"{made - started:.1f} s, read in {done - made:.1f} s\n")
    dims = args.dims.split(",") if args.dims else None
    print(table(scores, dims))
    print(f"\nfield accuracy {100 * scores.accuracy():.1f}% over {len(scores.checks)} fields; "
          f"{len(generated) - len(scores.load_errors)}/{len(generated)} plans loaded; "
          f"{100 * scores.loaded_accuracy():.1f}% over the plans that loaded\n")
    print(report_failures(scores, kinds=args.kinds, examples=args.examples))
    print("\nworst plans that loaded (accuracy, file, fields missed most):")
    print(worst_plans(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
