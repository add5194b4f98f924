"""Write a synthetic corpus of N plans in every format, for scale tests and benchmarks.

    python tools/make_corpus.py OUT_DIR [--n 100] [--seed 2018]

The plans come from the layout generator (tools/layouts/): each has its own area, ids, dates,
owners and layout (text, Markdown, Word, ruled and unruled PDF, Excel in turn), deterministic
for a seed. Truth records go to OUT_DIR/.truth/, a hidden folder `actionplans build` does not
read, so `actionplans build OUT_DIR` loads exactly the N plans.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from layouts.generate import generate  # tools/ is not a package: imported from its folder


def make_corpus(n: int, seed: int, out: str | Path) -> list[Path]:
    """Write `n` plans into `out` (truth records under `out/.truth/`); the plans' paths."""
    out = Path(out)
    generated = generate(n, seed, out)
    truth = out / ".truth"
    truth.mkdir(exist_ok=True)
    for record in out.glob("*.truth.json"):
        record.replace(truth / record.name)
    return [path for _, path in generated]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be 1 or more")
    paths = make_corpus(args.n, args.seed, args.out)
    formats = Counter(p.suffix for p in paths)
    print(f"{len(paths)} plans in {args.out}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(formats.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
