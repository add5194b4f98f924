"""Time to compare the corpus plans after start-up (median of several runs).

Builds the corpus into a temporary dataset once, then times `compare_dataset` (read themes and
actions, classify, match, crosswalk) and `write_compare`. The first call also loads the taxonomy
and fits its vectors; it is reported separately as the cold run.

    python benchmarks/bench_compare.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from actionplans.compare.stage import compare_dataset, write_compare
from actionplans.compare.text import clear_caches
from actionplans.pipeline import build

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        build([ROOT / "corpus"], out)
        start = time.perf_counter()
        result = compare_dataset(out)
        cold = time.perf_counter() - start
        compare_times, write_times = [], []
        for _ in range(args.runs):
            clear_caches()  # time the text work too, not a cache hit from the previous run
            start = time.perf_counter()
            result = compare_dataset(out)
            compare_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            write_compare(out, result)
            write_times.append(time.perf_counter() - start)
    print(f"compare {len(result.areas)} areas, {len(result.themes)} themes, "
          f"{len(result.actions)} actions -> {len(result.theme_alignment)} alignments, "
          f"{len(result.action_matches)} matches")
    print(f"cold (first call, taxonomy load): {cold * 1000:.0f} ms")
    median = statistics.median(compare_times)
    print(f"compare_dataset median of {args.runs}: {median * 1000:.0f} ms "
          f"(min {min(compare_times) * 1000:.0f}, max {max(compare_times) * 1000:.0f})")
    print(f"write_compare median of {args.runs}: {statistics.median(write_times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
