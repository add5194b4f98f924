"""Write and execute notebooks/cross_area_analysis.ipynb (needs nbformat, nbclient, ipykernel,
matplotlib: the `test` extra).

Run from the repository root after the README's build (`actionplans build`, into outputs/):

    python tools/make_cross_area_notebook.py

The notebook reads the dataset in the folder named by the environment variable
ACTIONPLANS_DATASET, else outputs/; its outputs are committed executed.
tests/test_cross_area_notebook.py runs the same cells against a fresh build.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "notebooks" / "cross_area_analysis.ipynb"

CELLS = [
    ("md", """# Two local systems, one question: are their plans being delivered?

In 2017-18 the Care Quality Commission reviewed how twenty local health and social care systems
look after people over 65 as they move between home, hospital and care homes. Each system
answered with an improvement plan, reissued as work progressed. This notebook walks through the
dataset `actionplans build` made from those plans, as a researcher comparing areas would:

1. what the plans are about, in a common vocabulary (canonical themes), and how far each got;
2. where deadlines slip, and what counting "overdue" honestly requires;
3. which organisations carry the work;
4. where the two systems tackle the same problem, and where one is silent;
5. what changed from one issue of a plan to the next.

Every table below is read from the Parquet dataset with DuckDB; nothing is recomputed from the
source documents. Columns are documented in the dataset folder itself (`DATASET.md`,
`schema.json`)."""),
    ("code", """import os
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from actionplans.query import connect

ROOT = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
DATASET = Path(os.environ.get("ACTIONPLANS_DATASET") or ROOT / "outputs")
if not (DATASET / "documents").is_dir():
    raise FileNotFoundError(f"no dataset in {DATASET}: run `actionplans build` in {ROOT} "
                            "first, or set ACTIONPLANS_DATASET to a dataset folder")

con = connect(DATASET)  # every table is a view by its name; actions_latest: current issues
plt.rcParams.update({"figure.dpi": 80, "axes.spines.top": False, "axes.spines.right": False})
STATUS_ORDER = ["complete_assured", "complete", "on_track", "at_risk", "off_track",
                "not_started", "unknown"]
STATUS_COLOURS = ["#1f4e99", "#2e7d32", "#81c784", "#f9a825", "#c62828", "#8d6e63", "#cfd8dc"]


def sql(query: str) -> pd.DataFrame:
    return con.sql(query).df()


sql(\"\"\"
    SELECT area, version, plan_date, action_count, is_latest,
           regexp_extract(source_path, '[^/]+$') AS file
    FROM documents ORDER BY area, plan_date
\"\"\")"""),
    ("md", """Each row is one issue of a plan. A plan reissued next month is a new document beside
the old one; `is_latest` marks the issue that is current, and the view `actions_latest` holds
only the actions of those issues. Everything that counts actions below uses it, so loading a
second issue never doubles an area's numbers."""),
    ("md", """## 1. What the plans are about, and how far each has got

Each plan has its own headings ("Market Capacity & Capability", "6.1 CARE AND NURSING HOMES").
The compare stage assigns every action to one of fourteen canonical themes, so the two plans can
be laid side by side. The bars count actions by delivery status, as each plan reports it."""),
    ("code", """status = sql(\"\"\"
    SELECT area, canonical_theme_label AS theme, status, count(*) AS actions
    FROM actions_latest GROUP BY ALL
\"\"\")
areas = sorted(status.area.unique())
themes = (status.groupby("theme").actions.sum().sort_values().index)
fig, axes = plt.subplots(1, len(areas), figsize=(12, 5), sharey=True, squeeze=False)
for ax, area in zip(axes[0], areas, strict=True):
    table = (status[status.area == area]
             .pivot_table(index="theme", columns="status", values="actions", fill_value=0)
             .reindex(index=themes, columns=STATUS_ORDER, fill_value=0))
    table.plot.barh(stacked=True, ax=ax, color=STATUS_COLOURS, legend=False, width=0.8)
    ax.set_title(area)
    ax.set_xlabel("actions")
    ax.set_ylabel("")
axes[0][-1].legend(STATUS_ORDER, loc="lower right", fontsize=8)
fig.suptitle("Actions by canonical theme and delivery status (latest issue of each plan)")
fig.tight_layout()
plt.show()"""),
    ("code", """sql(\"\"\"
    SELECT area, status_source, count(*) AS actions, count(rag) AS rag_rated,
           string_agg(DISTINCT status, ', ' ORDER BY status) AS statuses
    FROM actions_latest GROUP BY ALL ORDER BY area, actions DESC
\"\"\")"""),
    ("md", """**What a researcher learns.** The two plans do not record progress the same way, and
`status_source` shows it: one plan says "Completed" in its date cells (status from `words`), the
other keeps a monthly RAG column, read through the plan's own RAG key (`rag_key`), that is filled
for only some of its actions. `unknown` (source `none`) means the plan itself records no status
for that action, not that nothing was done. Completion rates of two areas can be compared only
after this check, on actions whose status comes from the same kind of evidence."""),
    ("md", """## 2. Slippage: revised dates, and what "overdue" means

A plan shows a moved deadline as a *Revised date* beside the original one. `days_slipped` is
revised minus due, and `effective_due_date` is the revised date when there is one, else the due
date."""),
    ("code", """slip = sql(\"\"\"
    SELECT area, action_id, canonical_theme_label AS theme, due_date, revised_date,
           days_slipped, status
    FROM actions_latest WHERE revised_date IS NOT NULL
    ORDER BY days_slipped DESC NULLS LAST, area, action_id
\"\"\")
slip"""),
    ("code", """if slip.empty:
    print("no action of the latest issues has a revised date")
else:
    shown = slip.dropna(subset=["due_date"]).iloc[::-1]
    labels = shown.area + " " + shown.action_id
    fig, ax = plt.subplots(figsize=(9, 0.35 * len(shown) + 1.2))
    ax.hlines(labels, pd.to_datetime(shown.due_date), pd.to_datetime(shown.revised_date),
              color="#c62828", linewidth=3)
    ax.scatter(pd.to_datetime(shown.due_date), labels, color="#555", zorder=3, label="due")
    ax.scatter(pd.to_datetime(shown.revised_date), labels, color="#c62828", marker="s",
               zorder=3, label="revised")
    ax.legend(loc="lower right")
    ax.set_title("Deadlines moved: from the original due date to the revised date")
    fig.tight_layout()
    plt.show()"""),
    ("code", """sql(\"\"\"
    SELECT a.area, d.plan_date,
           count(*) FILTER (WHERE a.due_date < d.plan_date) AS past_original_due_date,
           count(*) FILTER (WHERE a.effective_due_date < d.plan_date) AS past_effective_due_date
    FROM actions_latest a JOIN documents d USING (document_id)
    WHERE a.status NOT IN ('complete', 'complete_assured')
    GROUP BY ALL ORDER BY a.area
\"\"\")"""),
    ("md", """**What a researcher learns.** Counting actions "overdue" against the original due
date overstates the problem when a plan has formally re-scheduled them; counting against the
revised date measures whether the plan keeps its *current* promises. Both are defensible, but
they answer different questions, and the gap between them is itself a measure of how much the
plan has been re-planned. The plan's own issue date is the only "now" used: results never depend
on the day the notebook is run."""),
    ("md", """## 3. Who carries the work

`owner_organisations` has one row per action and organisation named as its owner or lead, with
the organisation's official code (NHS ODS or ONS GSS, named in `org_code_system`), so the load of
each organisation is a plain GROUP BY."""),
    ("code", """load = sql(\"\"\"
    SELECT o.area, o.organisation, o.org_code, o.org_code_system,
           count(*) AS actions,
           count(*) FILTER (WHERE a.status NOT IN ('complete', 'complete_assured')) AS not_complete
    FROM owner_organisations o JOIN actions_latest a USING (document_id, action_id)
    GROUP BY ALL ORDER BY actions DESC, organisation
\"\"\")
top = load.head(12).iloc[::-1]
fig, ax = plt.subplots(figsize=(9, 4.5))
names = top.organisation.str.slice(0, 45) + " (" + top.org_code.fillna("no code") + ")"
ax.barh(names, top.actions - top.not_complete, color="#2e7d32", label="complete")
ax.barh(names, top.not_complete, left=top.actions - top.not_complete, color="#78909c",
        label="not complete")
ax.set_xlabel("actions naming the organisation as owner or lead")
ax.legend(loc="lower right")
ax.set_title("Organisations' load (latest issues)")
fig.tight_layout()
plt.show()
load.head(12)"""),
    ("code", """sql(\"\"\"
    SELECT area, count(*) AS actions,
           count(*) FILTER (WHERE NOT EXISTS (
               SELECT 1 FROM owner_organisations o
               WHERE o.document_id = a.document_id AND o.action_id = a.action_id))
               AS no_organisation_named
    FROM actions_latest a GROUP BY area ORDER BY area
\"\"\")"""),
    ("md", """**What a researcher learns.** A few bodies carry most of each plan: the
council and one NHS body (a commissioning group or the acute trust) head each area's list. An
action shared by two organisations counts for both, which is what "load" means. Actions naming
no resolvable organisation (a job title alone, "All partners") are counted by the last query;
read them before drawing conclusions about any one organisation."""),
    ("md", """## 4. Where the two systems tackle the same problem

The crosswalk counts each area's actions per canonical theme. An empty cell is a theme no
action of that area has as its own theme; the `theme_alignment` table also records secondary
themes of each plan theme, so an empty count is not yet a gap."""),
    ("code", """cross = sql(\"\"\"
    SELECT t.label AS theme, a.area, count(a.action_id) AS actions
    FROM canonical_themes t LEFT JOIN actions_latest a ON a.canonical_theme = t.canonical_theme
    GROUP BY ALL
\"\"\")
grid = (cross.dropna(subset=["area"])
        .pivot_table(index="theme", columns="area", values="actions", fill_value=0)
        .reindex(sql("SELECT label FROM canonical_themes")["label"], fill_value=0))
fig, ax = plt.subplots(figsize=(6, 6))
ax.imshow(grid.values, cmap="Blues", aspect="auto")
ax.set_xticks(range(len(grid.columns)), grid.columns)
ax.set_yticks(range(len(grid.index)), grid.index)
for (i, j), n in pd.DataFrame(grid.values).stack().items():
    ax.text(j, i, int(n), ha="center", va="center", color="white" if n > 6 else "black")
ax.set_title("Actions per canonical theme (latest issues)")
fig.tight_layout()
plt.show()"""),
    ("code", """sql(\"\"\"
    SELECT t.label AS theme, a.area,
           string_agg(DISTINCT al.theme_id, ', ' ORDER BY al.theme_id)
               FILTER (WHERE al.rank = 0) AS primary_in_themes,
           string_agg(DISTINCT al.theme_id, ', ' ORDER BY al.theme_id)
               FILTER (WHERE al.rank > 0) AS secondary_in_themes
    FROM canonical_themes t
    CROSS JOIN (SELECT DISTINCT area, area_id, document_id FROM actions_latest) a
    LEFT JOIN theme_alignment al
        ON al.canonical_theme = t.canonical_theme AND al.document_id = a.document_id
    GROUP BY ALL ORDER BY theme, area
\"\"\")"""),
    ("code", """sql(\"\"\"
    SELECT m.area_a, m.action_id_a, m.area_b, m.action_id_b, round(m.score, 2) AS score,
           m.canonical_theme, list_slice(m.matched_terms, 1, 4) AS shared_terms
    FROM action_matches m
    WHERE m.rank = 1 AND m.area_a < m.area_b  -- each pair once, from the first area's side
      AND m.document_id_a IN (SELECT document_id FROM actions_latest)
      AND m.document_id_b IN (SELECT document_id FROM actions_latest)
    ORDER BY m.score DESC LIMIT 10
\"\"\")"""),
    ("md", """**What a researcher learns.** Hospital discharge and patient flow, the
pressure point the reviews were about, is among the largest themes in both plans, and leadership
and governance follows close behind. Themes one area gives a workstream of its own (prevention,
mental health, end of life) can appear in the other only as a secondary theme of a broader
heading, or not at all: an empty cell is a question to ask of the plan, not proof of neglect.
The best cross-area action pairs, with the terms they share, are where one system could learn
from the other's approach; the comparison is lexical (README, "Known failure cases")."""),
    ("md", """## 5. From one issue of a plan to the next

When the dataset holds several issues of an area's plan, `actionplans.diff` lists what changed
between the latest issue and the one before: actions added or removed, RAG and status changes,
and deadlines that slipped (by how many days)."""),
    ("code", """from IPython.display import display

from actionplans.diff import diff_area

issues = sql("SELECT area_id, area, count(*) AS issues FROM documents GROUP BY ALL ORDER BY area")
changes = pd.DataFrame()
for row in issues[issues.issues > 1].itertuples():
    d = diff_area(DATASET, row.area_id)
    print(f"{d.area}: {d.from_doc['version'] or '?'} ({d.from_doc['plan_date']}) -> "
          f"{d.to_doc['version'] or '?'} ({d.to_doc['plan_date']}): {d.counts()}")
    changes = pd.concat([changes, pd.DataFrame(list(d.changes))], ignore_index=True)
if changes.empty:
    print("every area has one issue in this dataset. Load another issue of a plan beside it to "
          "see what changed, e.g. `actionplans build corpus tests/fixtures/versions` adds an "
          "earlier Stoke-on-Trent issue (V18) constructed for testing")
else:
    counts = changes.groupby(["area", "change"]).size().unstack(fill_value=0)
    ax = counts.plot.barh(stacked=True, figsize=(8, 1 + 0.6 * len(counts)))
    ax.set_xlabel("changes")
    ax.set_title("What changed since the previous issue")
    plt.tight_layout()
    plt.show()
    display(changes[["area", "action_id", "change", "field", "from_value", "to_value",
                     "days"]])"""),
    ("md", """**What a researcher learns.** A plan's RAG ratings and dates only mean something over
time: a reissue that quietly moves a deadline or turns an action red is exactly what a board
should see. Because each issue is kept as its own document, these changes are read from the plans
themselves, and a study of delivery can follow each action from issue to issue rather than trust
a single snapshot."""),
]


def notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "md" else
                nbformat.v4.new_code_cell(src) for kind, src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def execute(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Run every cell in notebooks/ (raises CellExecutionError on the first failing cell)."""
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(OUT.parent)}}).execute()
    for cell in nb.cells:  # keep the committed file stable: no per-run timing metadata
        cell.get("metadata", {}).pop("execution", None)
    return nb


def main() -> int:
    nb = execute(notebook())
    OUT.write_text(nbformat.writes(nb), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
