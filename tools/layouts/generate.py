"""Generate a set of plans: balanced layouts, truth records, files and `<name>.truth.json`.

Deterministic for a seed: one `random.Random(seed)` designs the set, each plan draws from its
own `random.Random(f"{seed}-{index}")`, nothing reads the clock, and Office files get fixed
package timestamps, so the same seed gives the same bytes.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from .design import assign
from .document import build, choose_columns
from .truth import Plan, make_plan
from .write_docx import write_docx
from .write_pdf import write_pdf
from .write_text import write_md, write_txt
from .write_xlsx import write_xlsx

SUFFIX = {"txt": ".txt", "md": ".md", "docx": ".docx", "pdf_ruled": ".pdf",
          "pdf_unruled": ".pdf", "xlsx": ".xlsx"}


def plan_path(plan: Plan, folder: Path) -> Path:
    return folder / f"{plan.name}{SUFFIX[plan.dims['format']]}"


def generate(n: int, seed: int, folder: str | Path) -> list[tuple[Plan, Path]]:
    """Write `n` plans into `folder`; returns each truth record with its file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, dims in enumerate(assign(n, random.Random(seed))):
        rng = random.Random(f"{seed}-{i}")
        plan = make_plan(i, dims, rng)
        fmt = dims["format"]
        pdf = fmt.startswith("pdf")
        long = dims["page_breaks"] != "short"
        plan.dims["pdf_row_split"] = rng.choice(("yes", "no")) if pdf and long else "n/a"
        plan.dims["pdf_footer"] = (
            ("yes" if fmt == "pdf_unruled" else rng.choice(("yes", "no"))) if pdf else "n/a")
        choose_columns(plan, rng)
        doc = build(plan, rng)
        path = plan_path(plan, folder)
        if fmt == "txt":
            write_txt(doc, path)
        elif fmt == "md":
            write_md(doc, path)
        elif fmt == "docx":
            write_docx(doc, path)
        elif fmt == "xlsx":
            write_xlsx(doc, path)
        else:
            write_pdf(doc, path, ruled=fmt == "pdf_ruled",
                      row_split=plan.dims["pdf_row_split"] == "yes",
                      footer=plan.dims["pdf_footer"] == "yes")
        truth = folder / f"{plan.name}.truth.json"
        truth.write_text(json.dumps(plan.to_json(), indent=1, ensure_ascii=False) + "\n",
                         encoding="utf-8")
        out.append((plan, path))
    return out
