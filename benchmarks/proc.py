"""CPU seconds and peak memory of a whole process tree, worker processes included.

Why: `actionplans build` reads each document in a worker process that can outlive the command's
own process (it dies with its parent), so `/usr/bin/time` would miss the worker's CPU. Each run
goes through a small probe process that makes itself a child subreaper (Linux), so every
descendant is reparented to it and waited for; `getrusage(RUSAGE_CHILDREN)` then holds the CPU
of the whole tree and the peak RSS of its largest process.

    python benchmarks/proc.py [-n 7] [--before 'rm -rf /tmp/x'] -- actionplans build plan.pdf \\
        --out /tmp/x --quiet
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

_PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True)
class Run:
    cpu: float      # user + system seconds of the whole process tree
    wall: float
    peak_mb: float  # peak resident set of the largest process in the tree
    code: int


def _subreaper() -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap_all() -> None:
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def measure_once(cmd: list[str], env: dict[str, str] | None = None,
                 cwd: str | None = None) -> Run:
    """Run `cmd` under a fresh, small probe process and return its tree's CPU, wall time and
    peak RSS. The probe is a new interpreter (not a fork of the caller), so the child's memory
    before it execs is the probe's 10 MB, never the caller's."""
    probe = subprocess.run([sys.executable, __file__, "--probe", "--", *cmd], env=env, cwd=cwd,
                           capture_output=True, text=True, check=True)
    cpu, wall, rss_kb, code = probe.stdout.split()
    return Run(float(cpu), float(wall), int(rss_kb) / 1024, int(code))


def _probe(cmd: list[str]) -> None:
    """The probe: a subreaper that runs `cmd`, waits for every descendant and prints usage."""
    _subreaper()
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    _reap_all()
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{usage.ru_utime + usage.ru_stime} {wall} {usage.ru_maxrss} {proc.returncode}")


def measure(cmd: list[str], runs: int = 7, env: dict[str, str] | None = None,
            cwd: str | None = None, before: list[str] | None = None) -> dict[str, float]:
    """Medians over `runs` (after one warm-up run that fills the OS file cache and the
    tool's own on-disk caches); `before` runs ahead of every run (e.g. to empty --out)."""
    results = []
    for k in range(runs + 1):
        if before:
            subprocess.run(before, check=False)
        run = measure_once(cmd, env, cwd)
        if k:
            results.append(run)
    return {
        "cpu": statistics.median(r.cpu for r in results),
        "wall": statistics.median(r.wall for r in results),
        "peak_mb": max(r.peak_mb for r in results),
        "code": max(r.code for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=7)
    parser.add_argument("--before", help="shell command run ahead of every run")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("cmd", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if args.probe:
        _probe(cmd)
        return
    m = measure(cmd, args.runs, before=["sh", "-c", args.before] if args.before else None)
    print(f"cpu {m['cpu']:.3f} s  wall {m['wall']:.3f} s  peak {m['peak_mb']:.0f} MB  "
          f"exit {m['code']:.0f}")


if __name__ == "__main__":
    main()
