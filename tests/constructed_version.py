"""A next month's issue of the Stoke-on-Trent plan, CONSTRUCTED FOR TESTING (not a published plan).

Derived from corpus/stoke-on-trent-improvement-plan-v19-2018-03-19.txt by exactly these edits,
so the tests know every change by construction:

* title line 7 "19th March 2018 – V19" -> "16th April 2018 – V20" (plan date and version);
* action 2.1 (line 143): Revised date "May 18" -> "July 18" (61 more days: 31 May -> 31 July
  2018) and Month RAG "Yellow" -> "Red" (AMBER -> RED);
* action 6.3.3 (line 276) deleted (a removed action).
"""

from __future__ import annotations

from pathlib import Path

from .conftest import CORPUS

SOURCE = CORPUS / "stoke-on-trent-improvement-plan-v19-2018-03-19.txt"
FILE_NAME = "stoke-on-trent-improvement-plan-v20-2018-04-16.txt"
# Action column (0-based) and the two edited columns of a Stoke-on-Trent action row.
ACTION, REVISED, MONTH_RAG = 2, 7, 10


def write_v20(folder: Path) -> Path:
    """Write the constructed V20 into `folder`; returns its path."""
    out = []
    for line in SOURCE.read_text(encoding="utf-8").split("\n"):
        cells = line.split("\t")
        action = cells[ACTION] if len(cells) > MONTH_RAG else None
        if line.strip() == "19th March 2018 – V19":
            line = "16th April 2018 – V20"
        elif action == "2.1":
            assert (cells[REVISED], cells[MONTH_RAG]) == ("May 18", "Yellow"), cells
            cells[REVISED], cells[MONTH_RAG] = "July 18", "Red"
            line = "\t".join(cells)
        elif action == "6.3.3":
            continue
        out.append(line)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def build_two_versions(out: Path, work: Path) -> Path:
    """The corpus plus the constructed V20 built into `out`, with the compare tables."""
    from rich.console import Console

    from actionplans.compare.stage import run_compare
    from actionplans.pipeline import build

    report = build([CORPUS, write_v20(work)], out)
    assert not report.errors, report.errors
    assert run_compare(out, Console(quiet=True)) == 0
    return out
