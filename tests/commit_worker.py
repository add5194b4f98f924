"""A writer process for the transaction tests: commits pre-read documents over and over.

`python -m tests.commit_worker DOCS.pickle OUT loop` re-commits every document forever (every
other pass removes and re-adds the last one; each pass rewrites every file), for a test to
SIGKILL at random instants. `... OUT times N LOG` commits N passes (no removals, so a concurrent
reader may check the folder at any time) and appends when it held the dataset's lock to LOG.
Only `actionplans.dataset` is imported (no parsing): the kills land in the writer's code.
"""

from __future__ import annotations

import pickle
import sys
import time
from itertools import count
from pathlib import Path

from actionplans.dataset import DatasetWriter


def _pass(writer: DatasetWriter, docs: list[dict], i: int, remove: bool) -> None:
    *kept, last = docs
    if remove and i % 2:
        writer.remove_document(last["document_id"])
    for doc in [*kept, last]:
        writer.write_document(
            doc["area_id"], doc["document_id"], doc["tables"], path=doc["path"],
            build_key=f"pass-{i}",
        )
    writer.finish()


def main(argv: list[str]) -> int:
    docs = pickle.loads(Path(argv[0]).read_bytes())
    out, mode = Path(argv[1]), argv[2]
    print("ready", flush=True)
    with DatasetWriter(out, lock_timeout=120) as writer:
        start = time.monotonic()
        passes = count() if mode == "loop" else range(int(argv[3]))
        for i in passes:
            _pass(writer, docs, i, remove=mode == "loop")
        end = time.monotonic()
        if mode == "times":
            with open(argv[4], "a", encoding="utf-8") as log:
                log.write(f"{start} {end}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
