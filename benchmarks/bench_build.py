"""End-to-end build speed and memory: extract + normalise + write, per document and per action.

Run: python benchmarks/bench_build.py [--repeat N] [PATH ...]
Prints a Markdown table for BENCHMARKS.md. Times are medians over repeats after one warm-up
(imports and the date grammar's lazy set-up are excluded from the per-run figures).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from actionplans.pipeline import build, discover, process_document

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "corpus")])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    files = list(discover(args.paths))
    start = time.perf_counter()
    process_document(files[0])  # warm-up: imports, regex compilation
    warm = time.perf_counter() - start

    print("| document | actions | extract+normalise (ms, median) |")
    print("|---|---:|---:|")
    total_actions = 0
    for path in files:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            result = process_document(path)
            times.append(time.perf_counter() - t0)
        total_actions += result.action_count
        print(f"| {path.name} | {result.action_count} | {statistics.median(times) * 1000:.1f} |")

    builds = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            build(args.paths, out)
            builds.append(time.perf_counter() - t0)
    median = statistics.median(builds)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"- first document including warm-up: {warm * 1000:.0f} ms")
    print(f"- full build of {len(files)} documents ({total_actions} actions) incl. Parquet "
          f"writes: {median * 1000:.0f} ms median of {args.repeat} "
          f"({median / total_actions * 1000:.2f} ms per action)")
    print(f"- peak RSS of the benchmark process: {rss_mb:.0f} MB")
    print(f"- Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
