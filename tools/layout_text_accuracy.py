"""How well layout-preserving text exports of the fixture PDFs are read, against the goldens.

Each PDF of the fixtures that has a golden table is exported with `pdftotext -layout`
(poppler-utils; Debian `apt-get install poppler-utils`), the export is read by the pipeline
as a text plan, and its actions are compared with the PDF's golden: action ids found (and
extra), owner text and due date per golden action. RAG is not compared: an export keeps no
cell colour. Prints a Markdown table.

    python tools/layout_text_accuracy.py
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
SEEDS = {"halton-action-plan-2018-02-21": "halton",
         "stoke-on-trent-improvement-plan-v19-2018-03-19": "stoke-on-trent"}


def golden_for(pdf: Path) -> list[dict[str, str]] | None:
    if pdf.stem in SEEDS:
        path = ROOT / "tests" / "golden" / "actions" / f"{SEEDS[pdf.stem]}.csv"
    else:
        path = pdf.with_name(f"{pdf.stem}.golden.csv")
    if not path.exists():
        return None
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _canonical(value: object) -> str:
    """As tests/golden/README.md compares: a line break is " | ", whitespace collapsed."""
    lines = str(value or "").replace(" | ", "\n").split("\n")
    return " | ".join(" ".join(line.split()) for line in lines if line.strip())


def _same(a: object, b: object) -> bool:
    return _canonical(a) == _canonical(b)


def main() -> None:
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    from actionplans.pipeline import process_document

    print("| PDF exported with pdftotext -layout | ids found | extra ids | owner | due date |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in sorted(FIX.rglob("*.pdf")):
            golden = golden_for(pdf)
            if golden is None or "bad" in pdf.parts:
                continue
            text = Path(tmp) / f"{pdf.stem}.txt"
            subprocess.run(["pdftotext", "-layout", str(pdf), str(text)], check=True)
            actions = process_document(text).tables["actions"]
            by_id = {a["action_id"]: a for a in actions}
            want = [g["action_id"] for g in golden]
            found = sum(i in by_id for i in want)
            extra = len({a["action_id"] for a in actions} - set(want))
            owner = sum(g["action_id"] in by_id and _same(by_id[g["action_id"]]["owner_raw"],
                                                          g["owner_raw"]) for g in golden)
            due = sum(g["action_id"] in by_id and _same(by_id[g["action_id"]]["due_date"],
                                                        g["due_date"]) for g in golden)
            n = len(golden)
            print(f"| {pdf.name} | {found}/{n} | {extra} | {owner}/{n} | {due}/{n} |",
                  flush=True)


if __name__ == "__main__":
    main()
