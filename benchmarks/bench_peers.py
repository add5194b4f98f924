"""Side by side, as whole processes in one run: actionplans against raw pdfplumber, camelot
(lattice and stream), raw python-docx and docling's Word backend, on every PDF and Word plan of
the fixtures, for CPU seconds, wall seconds, peak memory and what each recovered.

What "recovered" means, scored against the golden tables a person read off the documents
(tests/golden/, tests/fixtures/*/*.golden.csv; never the parser's output):
- actions: a golden action is found when one table row holds its id (a cell that is the id or
  starts with it) and its first words (the golden `action_text_start`, else the action text's
  first words in tests/golden/text_fields/, else the owner cell's start). For actionplans: the
  action with that id whose text (or owner) holds those words.
- colour RAG: actions whose RAG the document shows by cell colour alone (the files below that
  their fixture notes describe so); recovered when the tool gives that RAG. The peers give
  text only, so none.
- cut rows: actions with a cell (action, progress, assurance ...) that starts on one page and
  ends on the next (found by searching each page's text for the golden first and last words of
  that cell, tests/golden/text_fields/); recovered when one row holds both ends of every such
  cell (actionplans: the action's field holds both).

Peers run in their own environment (benchmarks/peers/requirements.txt; `--peers-python`),
never the package's. The 4-page plan is the first four pages of the Stoke-on-Trent rendition
(cut here with pypdfium2, which pdfplumber installs); it has no golden of its own.

    python benchmarks/bench_peers.py [--runs 7] [--peers-python /tmp/actionplans-peers/bin/python]
        [--json results.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proc import Run, measure, measure_once

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "benchmarks" / "peers"
FIX = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
PDFS = [
    FIX / "renditions" / "halton-action-plan-2018-02-21.pdf",
    FIX / "renditions" / "stoke-on-trent-improvement-plan-v19-2018-03-19.pdf",
    FIX / "plans" / "riverside-plan-2018-05-14.pdf",
    FIX / "plans" / "riverside-plan-2018-05-14-unruled.pdf",
    FIX / "plans" / "southshire-borderless.pdf",
    FIX / "unseen" / "eastbridge-action-plan.pdf",
    FIX / "unseen" / "boardpaper-ashdown-vale-gb-2018-06-12.pdf",
    FIX / "unseen" / "boardpaper-kestermoor-scrutiny-2018-07-04.pdf",
    FIX / "unseen" / "boardpaper-wyreford-hwb-2018-05-15.pdf",
]
DOCXS = [
    FIX / "renditions" / "halton-action-plan-2018-02-21.docx",
    FIX / "renditions" / "stoke-on-trent-improvement-plan-v19-2018-03-19.docx",
    FIX / "plans" / "riverside-plan-2018-05-14.docx",
    FIX / "plans" / "southshire-borderless.docx",
    FIX / "unseen" / "northmoor-improvement-plan.docx",
    FIX / "unseen" / "rosewood-house-cqc-action-plan.docx",
]
# Documents whose RAG is cell colour alone, as their fixtures describe them:
# tests/test_renditions.py ("show RAG only as cell shading"), tests/fixtures/unseen/README.md
# (Eastbridge: "RAG is colour only"), the golden notes ("shaded ..., no text").
COLOUR_ONLY = {"halton-action-plan-2018-02-21", "stoke-on-trent-improvement-plan-v19-2018-03-19",
               "riverside-plan-2018-05-14", "riverside-plan-2018-05-14-unruled",
               "eastbridge-action-plan", "boardpaper-kestermoor-scrutiny-2018-07-04"}


# --------------------------------------------------------------------------- golden


def _squash(text: str | None) -> str:
    """Comparison key: lower case, no whitespace, no hyphen breaks (wrapping differs by tool)."""
    return re.sub(r"[\s\-‐–|]+", "", (text or "").lower())


def golden_actions(path: Path) -> list[dict[str, str]] | None:
    """id, anchor words, last words (when known) and RAG of each golden action; None when the
    document has no golden file."""
    stem = path.stem.replace("-unruled", "")
    slug = {"halton-action-plan-2018-02-21": "halton",
            "stoke-on-trent-improvement-plan-v19-2018-03-19": "stoke-on-trent"}.get(stem)
    if slug:
        rows = _csv(GOLDEN / "actions" / f"{slug}.csv")
        fields = _csv(GOLDEN / "text_fields" / f"{slug}.csv")
        text = {r["action_id"]: r for r in fields if r["field"] == "action_text"}
        ends: dict[str, list[tuple[str, str, str]]] = {}
        for r in fields:
            if r["first_words"] and r["last_words"]:
                ends.setdefault(r["action_id"], []).append(
                    (r["field"], r["first_words"], r["last_words"]))
        return [{"id": r["action_id"], "anchor": text.get(r["action_id"], {}).get("first_words")
                 or r["owner_raw"][:20], "ends": ends.get(r["action_id"], []),
                 "anchor_field": "action_text" if r["action_id"] in text else "owner_raw",
                 "rag": r["rag"]} for r in rows]
    candidates = list(path.parent.glob(f"{stem}.golden.csv"))
    if not candidates:
        return None
    out = []
    for r in _csv(candidates[0]):
        start = r.get("action_text_start") or ""
        out.append({"id": r["action_id"], "anchor": start or r.get("owner_raw", "")[:20],
                    "ends": [], "anchor_field": "action_text" if start else "owner_raw",
                    "rag": r.get("rag", "")})
    return out


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def cut_by_page_break(path: Path, actions: list[dict[str, Any]]
                      ) -> dict[str, list[tuple[str, str, str]]]:
    """Per action, its cells whose first words and last words are on consecutive pages."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages = [_squash(page.extract_text()) for page in pdf.pages]
    cut: dict[str, list[tuple[str, str, str]]] = {}
    for a in actions:
        for field, first_words, last_words in a["ends"]:
            first = [i for i, p in enumerate(pages) if _squash(first_words) in p]
            last = [i for i, p in enumerate(pages) if _squash(last_words) in p]
            if len(first) == 1 and len(last) == 1 and last[0] == first[0] + 1:
                cut.setdefault(a["id"], []).append((field, first_words, last_words))
    return cut


# --------------------------------------------------------------------------- scoring


def _row_has_id(row: list[str], action_id: str) -> bool:
    key = _squash(action_id)
    return any(_squash(c) == key or re.match(rf"^{re.escape(action_id)}(?:[\s.:)]|$)",
                                             (c or "").strip(), re.IGNORECASE)
               for c in row)


def score_tables(tables: list[dict[str, Any]], actions: list[dict[str, Any]],
                 cut: dict[str, list[tuple[str, str, str]]]) -> dict[str, int]:
    found = whole = 0
    rows = [[c or "" for c in row] for t in tables for row in t["rows"]]
    for a in actions:
        matches = [r for r in rows if _row_has_id(r, a["id"])
                   and _squash(a["anchor"]) in _squash(" ".join(r))]
        found += bool(matches)
        if a["id"] in cut and any(all(_squash(first) in _squash(" ".join(r)) and
                                      _squash(last) in _squash(" ".join(r))
                                      for _, first, last in cut[a["id"]]) for r in matches):
            whole += 1
    return {"found": found, "colour": 0, "cut_whole": whole}


def score_ours(out: Path, actions: list[dict[str, Any]],
               cut: dict[str, list[tuple[str, str, str]]], colour_only: bool) -> dict[str, int]:
    import pyarrow.dataset as ds

    rows = ds.dataset(out / "actions", format="parquet", partitioning="hive").to_table(
    ).to_pylist()
    by_id = {r["action_id"]: r for r in rows}
    found = colour = whole = 0
    for a in actions:
        row = by_id.get(a["id"])
        if row is None or _squash(a["anchor"]) not in _squash(row[a["anchor_field"]]):
            continue
        found += 1
        colour += bool(colour_only and a["rag"] and row["rag"] == a["rag"])
        whole += bool(a["id"] in cut and all(
            _squash(first) in _squash(row[field]) and _squash(last) in _squash(row[field])
            for field, first, last in cut[a["id"]]))
    return {"found": found, "colour": colour, "cut_whole": whole}


# --------------------------------------------------------------------------- runs


def tools_for(path: Path, peers_python: str | None) -> list[tuple[str, list[str] | None]]:
    me = sys.executable
    if path.suffix == ".pdf":
        tools = [("pdfplumber extract_tables", [me, str(PEERS / "raw_pdfplumber.py")])]
        if peers_python:
            tools += [(f"camelot {f}", [peers_python, str(PEERS / "camelot_tables.py"), f])
                      for f in ("lattice", "stream")]
    else:
        tools = [("python-docx tables", [me, str(PEERS / "raw_python_docx.py")])]
        if peers_python:
            tools.append(("docling Word backend", [peers_python, str(PEERS / "docling_docx.py")]))
    return [*tools, ("actionplans build", None)]


CLI: list[str] = []  # --actionplans: the command to measure
BASELINE: list[str] = []  # --baseline: another install of it (an older version), side by side


def actionplans_cli() -> list[str]:
    if CLI:
        return CLI
    found = shutil.which("actionplans", path=str(Path(sys.executable).parent)) or \
        shutil.which("actionplans")
    return [found] if found else [sys.executable, "-m", "actionplans.cli"]


TOOLS: list[str] = []  # --tools


def run_file(path: Path, runs: int, peers_python: str | None, work: Path) -> list[dict[str, Any]]:
    """Every tool on one file, round-robin (run k of every tool before run k+1 of any), so a
    machine whose load drifts weighs on all tools alike; medians over `runs` after a warm-up."""
    actions = golden_actions(path)
    cut = cut_by_page_break(path, actions) if actions and path.suffix == ".pdf" else {}
    colour_only = path.stem in COLOUR_ONLY
    specs = []
    for i, (name, cmd) in enumerate(tools_for(path, peers_python)):
        if TOOLS and not any(t in name for t in TOOLS):
            continue
        out_json, out_dir = work / f"out-{i}.json", work / f"dataset-{i}"
        if cmd is None:
            clis = [("actionplans build", actionplans_cli(), [])]
            if path.suffix == ".pdf":  # pages in two processes (automatic) and in one
                clis.append(("actionplans build, 1 process", actionplans_cli(),
                             ["--page-processes", "1"]))
            if BASELINE:
                clis.append(("actionplans build (before)", BASELINE, []))
            for j, (label, cli, extra) in enumerate(clis):
                specs.append((label, [*cli, "build", str(path), "--out", f"{out_dir}-{j}",
                                      "--quiet", "--no-compare", *extra], None))
        else:
            specs.append((name, [*cmd, str(path), str(out_json)], out_json))
    runs_of: dict[str, list[Run]] = {name: [] for name, _, _ in specs}
    for k in range(runs + 1):
        for name, full, out_json in specs:
            if out_json is None:
                shutil.rmtree(full[full.index("--out") + 1], ignore_errors=True)
            run = measure_once(full)
            if k:
                runs_of[name].append(run)
    results = []
    for name, full, out_json in specs:
        rs = runs_of[name]
        m = {"cpu": statistics.median(r.cpu for r in rs),
             "wall": statistics.median(r.wall for r in rs),
             "peak_mb": max(r.peak_mb for r in rs), "code": max(r.code for r in rs)}
        row: dict[str, Any] = {"file": path.name, "tool": name, **m}
        if actions is not None and m["code"] == 0:
            if out_json is None:
                row.update(score_ours(Path(full[full.index("--out") + 1]), actions, cut,
                                      colour_only))
            else:
                tables = json.loads(out_json.read_text(encoding="utf-8"))["tables"]
                row.update(score_tables(tables, actions, cut))
            row.update(actions=len(actions), colour_total=sum(
                bool(a["rag"]) for a in actions) if colour_only else 0, cut_total=len(cut))
        results.append(row)
        print(f"  {path.name:52} {name:29} cpu {m['cpu']:6.2f} s  wall {m['wall']:6.2f} s  "
              f"peak {m['peak_mb']:5.0f} MB  exit {m['code']:.0f}", flush=True)
    return results


def four_pages(work: Path) -> Path:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(PDFS[1]))
    new = pdfium.PdfDocument.new()
    new.import_pages(src, [0, 1, 2, 3])
    target = work / "stoke-on-trent-first-4-pages.pdf"
    new.save(str(target))
    return target


def startup(runs: int) -> list[dict[str, Any]]:
    cli = actionplans_cli()
    out = []
    commands = [("python -c pass", [sys.executable, "-c", "pass"]),
                ("actionplans --help", [*cli, "--help"])]
    if BASELINE:
        commands.append(("actionplans --help (before)", [*BASELINE, "--help"]))
    for name, cmd in commands:
        m = measure(cmd, runs=runs)
        out.append({"file": "-", "tool": name, **m})
        print(f"  {name:79} cpu {m['cpu']:6.2f} s  wall {m['wall']:6.2f} s", flush=True)
    return out


def markdown(results: list[dict[str, Any]]) -> str:
    """The side-by-side table; × base is against raw pdfplumber (PDF) or docling's Word
    backend (DOCX; python-docx when docling is not installed), for CPU and for wall time."""
    lines = ["| file | tool | CPU s | CPU × base | wall s | wall × base | peak MB | actions | "
             "colour RAG | cut rows |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    base: dict[str, dict[str, Any]] = {}
    for r in results:
        if r["tool"] in ("pdfplumber extract_tables", "docling Word backend") or (
                r["tool"] == "python-docx tables" and r["file"] not in base):
            base[r["file"]] = r
    for r in results:
        b = base.get(r["file"])
        cpu_ratio = f"{r['cpu'] / b['cpu']:.2f}" if b else ""
        wall_ratio = f"{r['wall'] / b['wall']:.2f}" if b else ""

        def frac(n: str, total: str, r: dict[str, Any] = r) -> str:
            return f"{r[n]}/{r[total]}" if r.get(total) else "—"

        lines.append(f"| {r['file']} | {r['tool']} | {r['cpu']:.2f} | {cpu_ratio} | "
                     f"{r['wall']:.2f} | {wall_ratio} | {r['peak_mb']:.0f} | "
                     f"{frac('found', 'actions')} | {frac('colour', 'colour_total')} | "
                     f"{frac('cut_whole', 'cut_total')} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per tool and file "
                        "(medians; one warm-up run first)")
    parser.add_argument("--peers-python", default=os.environ.get(
        "ACTIONPLANS_PEERS_PYTHON", "/tmp/actionplans-peers/bin/python"),
        help="python of the environment with camelot and docling")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--only", help="only files whose name contains this")
    parser.add_argument("--tools", help="only tools whose name contains one of these "
                        "(comma-separated), e.g. 'actionplans,pdfplumber'")
    parser.add_argument("--actionplans", help="the actionplans command to measure "
                        "(default: the one installed beside this python)")
    parser.add_argument("--baseline", help="another actionplans command (an older install) "
                        "measured in the same rounds, as 'actionplans build (before)'")
    args = parser.parse_args()
    if args.actionplans:
        CLI.append(args.actionplans)
    if args.baseline:
        BASELINE.append(args.baseline)
    if args.tools:
        TOOLS.extend(t.strip() for t in args.tools.split(","))
    peers = args.peers_python if Path(args.peers_python).exists() else None
    if peers is None:
        print(f"no peers environment at {args.peers_python}: camelot and docling skipped "
              "(see benchmarks/peers/requirements.txt)", file=sys.stderr)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-peers-") as tmp:
        work = Path(tmp)
        results += startup(args.runs)
        files = [four_pages(work), *PDFS, *DOCXS]
        for path in files:
            if args.only and args.only not in path.name:
                continue
            results += run_file(path, args.runs, peers, work)
    print()
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
