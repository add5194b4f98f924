"""Owner parsing of both seed plans after start-up.

Start-up (building the spaCy pipeline from the gazetteer, extracting the plans' actions) is
timed separately; then per plan the officer directory (`owner_context`) and every owner and
lead cell (`owners_for_action`) are timed, best of several rounds.

Run: python benchmarks/bench_owners.py
"""

from __future__ import annotations

import time
from pathlib import Path

from actionplans.normalise.owners import build_nlp, owner_context, owners_for_action
from actionplans.pipeline import process_document

ROOT = Path(__file__).resolve().parents[1]
PLANS = (
    ROOT / "corpus" / "stoke-on-trent-improvement-plan-v19-2018-03-19.txt",
    ROOT / "corpus" / "halton-action-plan-2018-02-21.txt",
)
ROUNDS = 5


def main() -> None:
    t0 = time.perf_counter()
    build_nlp()
    startup_ms = (time.perf_counter() - t0) * 1000
    docs = []
    for path in PLANS:
        actions = process_document(str(path)).tables["actions"]
        docs.append((actions, path.read_text(encoding="utf-8")))

    best_ctx = best_cells = float("inf")
    rows = cells = 0
    for _ in range(ROUNDS):
        ctx_s = cells_s = 0.0
        rows = cells = 0
        for actions, text in docs:
            t = time.perf_counter()
            context = owner_context(actions[0]["area"], text)
            ctx_s += time.perf_counter() - t
            t = time.perf_counter()
            for action in actions:
                rows += len(owners_for_action(action, context=context))
                cells += bool(action.get("owner_raw")) + bool(action.get("lead_raw"))
            cells_s += time.perf_counter() - t
        best_ctx, best_cells = min(best_ctx, ctx_s), min(best_cells, cells_s)
    print(f"start-up (nlp + gazetteer): {startup_ms:.1f} ms")
    print(f"owner_context, both plans: {best_ctx * 1000:.1f} ms")
    print(f"owner/lead cells, both plans: {best_cells * 1000:.1f} ms "
          f"({cells} cells, {rows} rows)")
    print(f"total after start-up: {(best_ctx + best_cells) * 1000:.1f} ms (best of {ROUNDS})")


if __name__ == "__main__":
    main()
