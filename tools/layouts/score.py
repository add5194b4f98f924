"""Compare the pipeline's reading of generated plans with their truth records, field by field.

Expected actions are paired with read actions by action id, then (for ids read wrongly) by the
most similar action text, so one misread id does not hide the other fields of that row. Texts
compare with whitespace and line breaks collapsed (a PDF wraps lines where the source did not)
and no space after a hyphen; dates as ISO days; a missing value is "".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from .truth import Plan

PLAN_FIELDS = ("area", "plan_date", "action_order")
ACTION_FIELDS = ("action_id", "theme_id", "theme_title", "action_text", "owner_raw",
                 "due_date", "revised_date", "rag", "rag_previous", "status")
FIELDS = PLAN_FIELDS + ACTION_FIELDS
MISSING = "<missing action>"


def norm(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\n", " ")
    text = re.sub(r"\s*\|\s*", " ", text)
    text = re.sub(r"-\s+", "-", text)
    return " ".join(text.split())


@dataclass
class Check:
    plan: str
    file: str
    field: str
    action_id: str
    expected: str
    got: str
    dims: dict[str, str]

    @property
    def ok(self) -> bool:
        return self.expected == self.got


@dataclass
class Scores:
    checks: list[Check] = field(default_factory=list)
    load_errors: dict[str, str] = field(default_factory=dict)  # plan name -> reason
    plans: list[Plan] = field(default_factory=list)

    def loaded_accuracy(self) -> float:
        """Field accuracy over the plans that loaded (what reading gets right once it reads)."""
        return self.accuracy([c for c in self.checks if c.plan not in self.load_errors])

    def accuracy(self, checks: list[Check] | None = None) -> float:
        checks = self.checks if checks is None else checks
        return sum(c.ok for c in checks) / len(checks) if checks else 1.0


def _expected(plan: Plan) -> list[dict[str, str]]:
    rows = []
    no_titles = plan.dims["theme_form"] == "id_prefix"
    for theme in plan.themes:
        for a in theme.actions:
            rows.append({
                "action_id": a.action_id, "theme_id": a.theme_id,
                "theme_title": "" if no_titles else theme.title, "action_text": a.action_text,
                "owner_raw": a.owner, "due_date": norm(a.due_date),
                "revised_date": norm(a.revised_date), "rag": a.rag or "",
                "rag_previous": a.rag_previous or "", "status": a.status,
                "_dims": {"due_style": a.due_style, "revision_style": a.revision_style},
            })
    return rows


def _pair(expected: list[dict], got: list[dict]) -> tuple[list[int | None], list[int]]:
    """For each expected action the index of its read action (or None), and unpaired reads."""
    free = set(range(len(got)))
    by_id: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(got):
        by_id[norm(g.get("action_id"))].append(i)
    pairs: list[int | None] = []
    for e in expected:
        hit = next((i for i in by_id.get(e["action_id"], []) if i in free), None)
        if hit is not None:
            free.discard(hit)
        pairs.append(hit)
    for k, e in enumerate(expected):
        if pairs[k] is not None:
            continue
        scored = [(SequenceMatcher(None, e["action_text"], norm(got[i].get("action_text")))
                   .ratio(), i) for i in sorted(free)]
        if scored and max(scored)[0] >= 0.6:
            best = max(scored)[1]
            pairs[k] = best
            free.discard(best)
    return pairs, sorted(free)


def score_plan(scores: Scores, plan: Plan, file: str, result: Any) -> None:
    """Add the checks of one plan; `result` is a DocumentResult or the exception it raised."""
    scores.plans.append(plan)
    dims = dict(plan.dims)
    expected = _expected(plan)

    def add(field_: str, action_id: str, exp: str, got: str, extra: dict | None = None) -> None:
        scores.checks.append(Check(plan.name, file, field_, action_id, exp, got,
                                   {**dims, **(extra or {})}))

    if isinstance(result, BaseException):
        scores.load_errors[plan.name] = str(result)
        got_doc: dict = {}
        got_actions: list[dict] = []
        area = ""
    else:
        got_doc = result.tables["documents"][0]
        got_actions = result.tables["actions"]
        area = result.area
    add("area", "", plan.area, norm(area) if got_doc else "<not loaded>")
    add("plan_date", "", plan.plan_date.isoformat(),
        norm(got_doc.get("plan_date")) if got_doc else "<not loaded>")
    pairs, extra = _pair(expected, got_actions)
    by_id = [i for e, i in zip(expected, pairs, strict=True)
             if i is not None and norm(got_actions[i].get("action_id")) == e["action_id"]]
    add("action_order", "", "in order", "in order" if by_id == sorted(by_id) and by_id else
        "out of order" if by_id else "<no ids read>")
    for e, i in zip(expected, pairs, strict=True):
        g = got_actions[i] if i is not None else None
        for f in ACTION_FIELDS:
            got = MISSING if g is None else norm(g.get(f))
            add(f, e["action_id"], e[f], got, e["_dims"])
    for i in extra:
        add("action_id", norm(got_actions[i].get("action_id")), "<no such action>",
            f"extra action {norm(got_actions[i].get('action_id'))!r}: "
            f"{norm(got_actions[i].get('action_text'))[:60]}")


# --------------------------------------------------------------------------- reporting

SHORT = {"area": "area", "plan_date": "date", "action_order": "order", "action_id": "id",
         "theme_id": "thm", "theme_title": "title", "action_text": "text", "owner_raw": "owner",
         "due_date": "due", "revised_date": "rev", "rag": "rag", "rag_previous": "prev",
         "status": "stat"}


def _cell(checks: list[Check]) -> str:
    if not checks:
        return "   -"
    pct = 100 * sum(c.ok for c in checks) / len(checks)
    return f"{pct:4.0f}" if pct < 99.95 else " 100"


def table(scores: Scores, dims: list[str] | None = None) -> str:
    """Accuracy (%) per dimension value and field; `loads` is the share of plans read."""
    from .design import DIMENSIONS

    dims = dims or [*DIMENSIONS, "due_style", "revision_style", "theme_words",
                    "title_extra_line", "intro_para", "pdf_row_split", "pdf_footer"]
    head = (f"{'dimension = value':<44}{'plans':>6}{'loads':>6}"
            + "".join(f"{SHORT[f]:>6}" for f in FIELDS) + f"{'ALL':>6}")
    lines = [head, "-" * len(head)]
    by: dict[tuple[str, str], list[Check]] = defaultdict(list)
    plans_by: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in scores.checks:
        for d in dims:
            if d in c.dims:
                by[(d, c.dims[d])].append(c)
                plans_by[(d, c.dims[d])].add(c.plan)
    for d in dims:
        values = sorted(v for (dd, v) in by if dd == d)
        for v in values:
            checks = by[(d, v)]
            plans = plans_by[(d, v)]
            loads = sum(p not in scores.load_errors for p in plans) / len(plans)
            per = "".join(f"{_cell([c for c in checks if c.field == f]):>6}" for f in FIELDS)
            lines.append(f"{(d + ' = ' + v)[:43]:<44}{len(plans):>6}{100 * loads:>6.0f}{per}"
                         f"{_cell(checks):>6}")
        lines.append("")
    total = "".join(f"{_cell([c for c in scores.checks if c.field == f]):>6}" for f in FIELDS)
    n = len(scores.plans)
    loads = 100 * (n - len(scores.load_errors)) / n if n else 100
    lines.append(f"{'ALL':<44}{n:>6}{loads:>6.0f}{total}{_cell(scores.checks):>6}")
    return "\n".join(lines)


def _shape(text: str) -> str:
    """The form of an id ("01.02" → "99.99", "WS2.1" → "AA9.9"), to group like misreads."""
    return re.sub(r"[A-Za-z]", "A", re.sub(r"\d", "9", text)) or "nothing"


def _kind(c: Check, load_errors: dict[str, str]) -> str:
    """A failure kind: the field and what went wrong, in words that group like failures."""
    if c.got == "<not loaded>":
        reason = load_errors.get(c.plan, "").removeprefix("DocumentError: ")
        return "plan not loaded: " + reason.split(";")[0].split(" (")[0]
    if c.got == MISSING:
        return "action not found (all its fields)"
    if c.expected == "<no such action>":
        return "action_id: extra action read"
    if c.field == "action_order":
        return f"action_order: {c.got}"
    if c.field in ("status", "rag", "rag_previous"):
        return f"{c.field}: {c.expected or 'none'} read as {c.got or 'nothing'}"
    if c.field in ("theme_id", "action_id"):
        return f"{c.field}: {_shape(c.expected)} read as {_shape(c.got)}"
    if c.field in ("due_date", "revised_date"):
        style = c.dims.get("revision_style") if c.dims.get("revision_style") not in (
            "none", "column") else c.dims.get("due_style")
        what = "nothing read" if not c.got else (
            "value read where the plan has none" if not c.expected else "wrong date")
        return f"{c.field}: {what} ({style})"
    if not c.got:
        return f"{c.field}: nothing read"
    if not c.expected:
        return f"{c.field}: value read where the plan has none"
    if c.field in ("action_text", "owner_raw", "theme_title"):
        if c.expected in c.got:
            return f"{c.field}: extra text around the value"
        if c.got in c.expected:
            return f"{c.field}: value cut short"
    return f"{c.field}: wrong value"


def failure_kinds(scores: Scores) -> list[tuple[str, list[Check], int]]:
    """(kind, representative misses, fields lost), most fields lost first. A plan that did not
    load is represented by its area check and loses all its fields; a missing action by its
    action_id check and loses its fields."""
    groups: dict[str, list[Check]] = defaultdict(list)
    lost: Counter[str] = Counter()
    rep_of: dict[tuple[str, str], str] = {}
    for c in scores.checks:
        if c.ok:
            continue
        if c.plan in scores.load_errors and c.field != "area":
            lost[rep_of[(c.plan, "")]] += 1
            continue
        if c.got == MISSING and c.field != "action_id":
            lost[rep_of[(c.plan, c.action_id)]] += 1
            continue
        kind = _kind(c, scores.load_errors)
        groups[kind].append(c)
        lost[kind] += 1
        if c.field == "area" or c.got == MISSING:
            rep_of[(c.plan, "" if c.field == "area" else c.action_id)] = kind
    return sorted(((k, v, lost[k]) for k, v in groups.items()), key=lambda r: (-r[2], r[0]))


def likely_cause(scores: Scores, misses: list[Check], top: int = 2) -> str:
    """Dimension values shared by the plans with this failure and rare among the others,
    counted per plan (share of failing plans with the value × share of plans with the value
    that fail)."""
    failing = {c.plan for c in misses}
    if len(failing) == 1:
        return "all in one plan"
    plans_with: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in scores.checks:
        if c.field == misses[0].field:
            for dv in c.dims.items():
                plans_with[dv].add(c.plan)
    ranked = []
    for dv, plans in plans_with.items():
        hit = len(plans & failing)
        if hit < 2 or dv[1] == "n/a":
            continue
        share, rate = hit / len(failing), hit / len(plans)
        ranked.append((share * rate, share, dv))
    ranked.sort(key=lambda r: (-r[0], r[2]))
    return ", ".join(f"{d}={v} ({100 * sh:.0f}% of them)" for _, sh, (d, v) in ranked[:top])


def report_failures(scores: Scores, kinds: int = 15, examples: int = 2) -> str:
    lines = []
    for n, (kind, misses, lost) in enumerate(failure_kinds(scores)[:kinds], 1):
        plans = len({c.plan for c in misses})
        lines.append(f"{n:2d}. {kind} — {len(misses)} in {plans} plan(s), {lost} fields lost; "
                     f"most with {likely_cause(scores, misses)}")
        shown: set[str] = set()
        for c in misses:  # examples from different plans
            if len(shown) == examples:
                break
            if c.plan in shown:
                continue
            shown.add(c.plan)
            lines.append(f"      {c.file} [{c.action_id or '-'}] {c.field}: "
                         f"expected {c.expected!r} got {c.got[:90]!r}")
    if scores.load_errors:
        lines.append("\nplans that did not load:")
        for name, reason in sorted(scores.load_errors.items()):
            lines.append(f"  {name}: {reason[:150]}")
    return "\n".join(lines)


def worst_plans(scores: Scores, top: int = 10) -> str:
    """The loaded plans read worst, with the fields they miss most."""
    by_plan: dict[str, list[Check]] = defaultdict(list)
    for c in scores.checks:
        by_plan[c.plan].append(c)
    rows = []
    for name, checks in by_plan.items():
        if name in scores.load_errors:
            continue
        misses = Counter(c.field for c in checks if not c.ok)
        rows.append((scores.accuracy(checks), checks[0].file, misses))
    rows.sort(key=lambda r: (r[0], r[1]))
    lines = []
    for acc, file, misses in rows[:top]:
        fields = ", ".join(f"{f} {n}" for f, n in misses.most_common(4))
        lines.append(f"  {100 * acc:5.1f}%  {file:<28} {fields}")
    return "\n".join(lines)
