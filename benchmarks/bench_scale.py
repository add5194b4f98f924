"""Throughput and peak memory of whole builds as the corpus grows: local (jobs 1, 2) and Dask.

    python benchmarks/bench_scale.py [--sizes 10 100 1000] [--configs local1 local2 dask2]

Each corpus is synthetic (tools/make_corpus.py: every format in turn, seed 2018). Each build
runs in a fresh process (`--run`), so every figure includes start-up: interpreter, the guarded
workers' imports and warm-up, and for Dask the LocalCluster. Peak memory is sampled every
0.2 s over the whole process tree (the build, its workers, Dask's scheduler, nannies and
workers): the peak of the summed PSS (proportional set size, shared pages split between the
processes that share them), the build process's own peak and the largest other process (a
guarded worker, or a Dask process). Results print as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {"local1": ("local", 1), "local2": ("local", 2), "dask2": ("dask", 2)}


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, []))
    return out


def _pss(pid: int) -> int:
    """Bytes of proportional set size (smaps_rollup), else resident set size."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


class Sampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_total = self.peak_parent = self.peak_child = 0
        self.done = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.done.is_set():
            sizes = {p: _pss(p) for p in _tree(me)}
            self.peak_total = max(self.peak_total, sum(sizes.values()))
            self.peak_parent = max(self.peak_parent, sizes.get(me, 0))
            self.peak_child = max([self.peak_child, *(v for p, v in sizes.items() if p != me)])
            time.sleep(0.2)


def run_one(n: int, config: str, corpus: Path) -> dict:
    """One build in this process (called with --run): what it loaded, its time and memory."""
    import resource

    from actionplans.pipeline import build
    from actionplans.worker import stop_all

    engine, jobs = CONFIGS[config]
    load_before = os.getloadavg()[0]
    sampler = Sampler()
    sampler.start()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as out:
        start = time.perf_counter()
        report = build([corpus], out, jobs=jobs, engine=engine, keep_rows=False)
        seconds = time.perf_counter() - start
    stop_all()  # reap the idle workers: their CPU time is then counted as children's
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler.done.set()
    sampler.join()
    return {
        "n": n, "config": config, "seconds": seconds, "loaded": len(report.documents),
        "failed": len(report.errors), "actions": sum(d.action_count for d in report.documents),
        "peak_total_mb": sampler.peak_total / 2**20, "peak_parent_mb": sampler.peak_parent / 2**20,
        "peak_child_mb": sampler.peak_child / 2**20,
        "load": (load_before, os.getloadavg()[0]),  # the machine may be shared: say so
        "cpu_parent": me.ru_utime + me.ru_stime, "cpu_children": kids.ru_utime + kids.ru_stime,
    }


def corpus_for(n: int, cache: Path) -> Path:
    folder = cache / f"corpus-{n}"
    if not folder.exists() or len([p for p in folder.iterdir() if p.is_file()]) != n:
        sys.path.insert(0, str(ROOT / "tools"))
        from make_corpus import make_corpus

        make_corpus(n, 2018, folder)
    return folder


def _cpu(r: dict) -> str:
    """CPU seconds of the build process and of its reaped workers (local engine only: a Dask
    worker's own guarded workers are not reaped by it, so their time would be missing)."""
    if CONFIGS[r["config"]][0] != "local":
        return "—"
    return f"{r['cpu_parent']:.0f} / {r['cpu_children']:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--configs", nargs="+", choices=sorted(CONFIGS),
                        default=["local1", "local2", "dask2"])
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "bench-scale"),
                        help="where the synthetic corpora are kept between runs")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--run", nargs=3, metavar=("N", "CONFIG", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        n, config, corpus = args.run
        print(json.dumps(run_one(int(n), config, Path(corpus))))
        return 0
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    rows = []
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}", file=sys.stderr)
    for n in args.sizes:
        corpus = corpus_for(n, cache)
        for config in args.configs:
            done = subprocess.run(
                [sys.executable, __file__, "--run", str(n), config, str(corpus)],
                capture_output=True, text=True, check=True, cwd=ROOT)
            row = json.loads(done.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    base = {r["n"]: r["seconds"] for r in rows if r["config"] == "local1"}
    print("| documents | engine | workers | loaded / failed | actions | seconds | docs/s "
          "| speed-up vs 1 | peak memory, all processes (MB) | build process (MB) "
          "| largest other process (MB) | CPU s: build / workers | load avg before / after |")
    print("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in rows:
        engine, jobs = CONFIGS[r["config"]]
        speed = f"{base[r['n']] / r['seconds']:.2f}x" if r["n"] in base else ""
        print(f"| {r['n']} | {engine} | {jobs} | {r['loaded']} / {r['failed']} | {r['actions']} "
              f"| {r['seconds']:.1f} | {r['loaded'] / r['seconds']:.2f} | {speed} "
              f"| {r['peak_total_mb']:.0f} | {r['peak_parent_mb']:.0f} "
              f"| {r['peak_child_mb']:.0f} | {_cpu(r)} "
              f"| {r['load'][0]:.1f} / {r['load'][1]:.1f} |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
