"""Write N generated plans in randomised layouts, each with its truth record.

    python tools/make_layouts.py OUT_DIR [--n 60] [--seed 2018]

Each plan `plan-NNN-<format>.<ext>` gets `plan-NNN-<format>.truth.json`: its area, plan date,
layout choices per dimension, themes and every action's expected values. See tools/layouts/.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from layouts.generate import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args(argv)
    generated = generate(args.n, args.seed, args.out)
    formats = Counter(plan.dims["format"] for plan, _ in generated)
    actions = sum(len(plan.actions) for plan, _ in generated)
    print(f"{len(generated)} plans, {actions} actions in {args.out}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(formats.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
