"""Time update splitting, target reading and the date grammar over both seed plans.

Start-up (imports, reading and extracting the plans, loading the organisation lookup) is done
first and not timed; each stage is then timed over both plans together, several rounds, and the
best and median round are printed in milliseconds. Run: python benchmarks/bench_normalise.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from actionplans.normalise.dates import read_date
from actionplans.normalise.targets import targets_for_action
from actionplans.normalise.updates import (
    _plain_dates,
    _reported_dates,
    load_org_lookup,
    updates_for_action,
)
from actionplans.pipeline import process_document

ROOT = Path(__file__).resolve().parent.parent
PLANS = (
    ROOT / "corpus" / "halton-action-plan-2018-02-21.txt",
    ROOT / "corpus" / "stoke-on-trent-improvement-plan-v19-2018-03-19.txt",
)
ROUNDS = 20


def _time(label: str, work: Callable[[], int]) -> None:
    work()  # warm-up round: lazily compiled regexes, caches
    samples, count = [], 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        count = work()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<34} {count:>5} rows   best {min(samples):7.2f} ms   "
          f"median {statistics.median(samples):7.2f} ms")  # fmt: skip


def main() -> None:
    plans = []
    for path in PLANS:
        result = process_document(path)
        plans.append((result.tables["actions"], result.tables["documents"][0]["plan_date"]))
    lookup = load_org_lookup()
    cells = [
        (cell, plan_date)
        for actions, plan_date in plans
        for action in actions
        for cell in (
            action["start_raw"], action["due_raw"], action["revised_raw"],
            *(s[k] for s in action["sub_rows"] for k in ("start_raw", "due_raw")),
        )
        if cell
    ]  # fmt: skip

    def updates() -> int:
        # Cold caches every round: a real build sees each progress text once.
        _plain_dates.cache_clear()
        _reported_dates.cache_clear()
        return sum(
            len(updates_for_action(a, reference=d, org_lookup=lookup)) for acts, d in plans
            for a in acts
        )  # fmt: skip

    def targets() -> int:
        return sum(len(targets_for_action(a, reference=d)) for acts, d in plans for a in acts)

    def dates() -> int:
        return sum(1 for cell, d in cells if read_date(cell, reference=d).kind)

    print(f"{sum(len(a) for a, _ in plans)} actions in {len(PLANS)} plans, {ROUNDS} rounds each")
    _time("updates_for_action (both plans)", updates)
    _time("targets_for_action (both plans)", targets)
    _time("read_date over all date cells", dates)
    _time("all three together", lambda: updates() + targets() + dates())


if __name__ == "__main__":
    main()
