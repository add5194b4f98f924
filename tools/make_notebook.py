"""Write and execute notebooks/explore_dataset.ipynb (needs nbformat, nbclient, ipykernel).

Run from the repository root: python tools/make_notebook.py
Run it after the README's build (`actionplans build`, into outputs/): the notebook reads that
dataset (or the folder named by ACTIONPLANS_DATASET) with DuckDB, so it shows what a researcher
gets; its outputs are committed executed.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "notebooks" / "explore_dataset.ipynb"

CELLS = [
    ("md", """# Exploring the actionplans dataset

The dataset the README's `actionplans build` wrote into `outputs/` from the two seed plans
(Stoke-on-Trent, Halton), queried with DuckDB. Every table is Hive-partitioned by `area_id`;
columns are described in `DATASET.md` in the dataset folder."""),
    ("code", """import os
from pathlib import Path

import duckdb

# The dataset the README's `actionplans build` wrote (or ACTIONPLANS_DATASET).
ROOT = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
out = Path(os.environ.get("ACTIONPLANS_DATASET") or ROOT / "outputs")
if not (out / "documents").is_dir():
    raise FileNotFoundError(f"no dataset in {out}: run `actionplans build` in {ROOT} first")


def table(name: str) -> str:
    return f"read_parquet('{out}/{name}/*/*.parquet', hive_partitioning = true)"


duckdb.sql(f"SELECT area, version, plan_date, action_count FROM {table('documents')}").df()
"""),
    ("md", "## Actions by area and delivery status"),
    ("code", """duckdb.sql(f\"\"\"
    SELECT area, status, count(*) AS actions
    FROM {table('actions')} GROUP BY ALL ORDER BY area, actions DESC
\"\"\").df()"""),
    ("md", """## Actions past their due date when the plan was issued, not complete

`due_date` is the last day of the stated period; `plan_date` comes from the document."""),
    ("code", """duckdb.sql(f\"\"\"
    SELECT a.area, a.action_id, a.due_raw, a.due_date, a.status, a.owner_raw
    FROM {table('actions')} a JOIN {table('documents')} d USING (document_id)
    WHERE a.status NOT IN ('complete', 'complete_assured') AND a.due_date < d.plan_date
    ORDER BY a.area, a.due_date
\"\"\").df()"""),
    ("md", "## Which organisations own the actions (official ODS / GSS codes)"),
    ("code", """duckdb.sql(f\"\"\"
    SELECT o.area, o.organisation, o.org_code, o.org_code_system,
           count(DISTINCT o.action_id) AS actions,
           count(DISTINCT o.action_id) FILTER (WHERE a.status IN ('at_risk', 'off_track'))
               AS slipping
    FROM {table('owners')} o JOIN {table('actions')} a USING (document_id, action_id)
    WHERE o.organisation IS NOT NULL
    GROUP BY ALL ORDER BY actions DESC LIMIT 12
\"\"\").df()"""),
    ("md", "## Dated progress updates per month"),
    ("code", """duckdb.sql(f\"\"\"
    SELECT area, date_trunc('month', update_date) AS month, count(*) AS updates
    FROM {table('updates')} WHERE update_date IS NOT NULL
    GROUP BY ALL ORDER BY area, month
\"\"\").df()"""),
    ("md", "## Numeric targets the plans promise"),
    ("code", """duckdb.sql(f\"\"\"
    SELECT area, action_id, metric, baseline_value, target_value, unit, comparator, target_date
    FROM {table('targets')} ORDER BY area, action_id LIMIT 15
\"\"\").df()"""),
    ("md", """## Comparing areas

Each action's best counterpart in the other area (`action_matches`, rank 1), with the terms
the two actions share."""),
    ("code", """duckdb.sql(f\"\"\"
    SELECT m.area_a, m.action_id_a, m.area_b, m.action_id_b, round(m.score, 2) AS score,
           m.canonical_theme, m.matched_terms
    FROM {table('action_matches')} m
    WHERE m.rank = 1 AND m.area_a = 'Stoke-on-Trent'
    ORDER BY m.score DESC LIMIT 10
\"\"\").df()"""),
    ("md", "## Warnings: what was repaired, inferred or could not be placed"),
    ("code", """duckdb.sql(f\"\"\"
    SELECT area, action_id, confidence, unnest(warnings) AS warning
    FROM {table('actions')} WHERE confidence < 1 ORDER BY confidence, area, action_id LIMIT 12
\"\"\").df()"""),
]


def main() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "md" else
                nbformat.v4.new_code_cell(src) for kind, src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(OUT.parent)}}).execute()
    for cell in nb.cells:  # keep the committed file stable: no per-run timing metadata
        cell.get("metadata", {}).pop("execution", None)
    OUT.write_text(nbformat.writes(nb), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
