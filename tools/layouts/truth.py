"""Truth records: what a person reading a generated plan should get, decided before rendering.

Every value here is chosen first; the writers only print it. Expected values follow the README's
reading conventions: ids as printed, theme ids as the theme's own label (a padded "01" is theme
"1"), dates the last day of the stated period, an in-cell revision gives due = the original and
revised = the new date, status from the plan's printed key if it has one, else the common
convention (BLUE complete, GREEN on_track, AMBER at_risk, RED off_track), else the status words.
"""

from __future__ import annotations

import random
import string
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from . import vocab
from .datefmt import DUE_STYLES, NON_DATES, first_day, plan_date_text, render


@dataclass
class Action:
    action_id: str
    theme_id: str
    action_text: str
    owner: str
    due_text: str
    due_date: date | None
    due_style: str
    revised_text: str | None  # the text of a separate revised column
    revised_date: date | None
    revision_style: str  # none | column | revised_to | extended | was_now | arrow
    rag: str | None
    rag_previous: str | None
    status: str
    status_text: str | None  # what the status column prints
    progress: str
    outcome: str = ""
    evidence: str = ""
    rag_cell: str = ""  # the printed RAG cell text (words, initials or empty for fill only)
    rag_prev_cell: str = ""
    rag_fill: str | None = None
    rag_prev_fill: str | None = None


@dataclass
class Theme:
    theme_id: str
    label: str  # as printed in headings ("1", "C", "EL", "12")
    title: str
    heading: str  # the heading line as printed
    actions: list[Action] = field(default_factory=list)


@dataclass
class Plan:
    name: str
    area: str
    plan_date: date
    version: str
    title_lines: list[str]
    dims: dict[str, str]
    themes: list[Theme]
    key: list[tuple[str, str]]  # (colour, meaning) as printed; empty without a key
    headers: dict[str, str]  # column -> label as printed
    columns: list[str]  # column order as printed

    @property
    def actions(self) -> list[Action]:
        return [a for t in self.themes for a in t.actions]

    def to_json(self) -> dict:
        out = asdict(self)
        out["plan_date"] = self.plan_date.isoformat()
        for t in out["themes"]:
            for a in t["actions"]:
                for k in ("due_date", "revised_date"):
                    a[k] = a[k].isoformat() if a[k] else None
        return out


def _theme_labels(scheme: str, n: int, rng: random.Random, codes: list[str]) -> list[str]:
    if scheme in ("A1", "A.1"):
        return list(string.ascii_uppercase[:n])
    if scheme == "EL01":
        return codes
    if scheme == "R12-1":
        return [str(x) for x in sorted(rng.sample(range(1, 16), n))]
    return [str(i + 1) for i in range(n)]


def _action_id(scheme: str, label: str, k: int, global_k: int) -> str:
    letter = string.ascii_lowercase[k - 1]
    return {
        "1.1": f"{label}.{k}",
        "1a": f"{label}{letter}",
        "1(a)": f"{label}({letter})",
        "A1": f"{label}{k}",
        "A.1": f"{label}.{k}",
        "WS2.1": f"WS{label}.{k}",
        "EL01": f"{label}{k:02d}",
        "R12-1": f"R{label}-{k}",
        "REC 4": f"REC {global_k}",
        "01.02": f"{int(label):02d}.{k:02d}" if label.isdigit() else f"{label}.{k:02d}",
    }[scheme]


def heading_text(form: str, label: str, title: str, coded: bool) -> str:
    """A theme heading line as plans print it."""
    if coded:  # "Effective leadership (EL)": code schemes name the theme by its code
        return f"{label} – {title}" if form == "numbered_heading" else f"{title} ({label})"
    return {
        "numbered_heading": f"{label}. {title}",
        "recommendation_heading": f"Recommendation {label}: {title}",
        "priority_heading": f"Priority {label} – {title}",
        "workstream_heading": f"Workstream {label} – {title}",
    }.get(form, f"{label}. {title}")


def _owner(rng: random.Random, area: str) -> str:
    person = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.SURNAMES)}"
    org = f"{area} {rng.choice(vocab.ORG_KINDS)}"
    form = rng.randrange(6)
    if form == 0:
        return person
    if form == 1:
        return f"{person}, {rng.choice(vocab.JOB_TITLES)}"
    if form == 2:
        return f"{rng.choice(vocab.JOB_TITLES)}, {org}"
    if form == 3:
        other = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.SURNAMES)}"
        return f"{person} / {other}"
    if form == 4:
        return rng.choice(vocab.GROUP_OWNERS)
    return f"{person} ({org})"


def _status_and_rag(
    rng: random.Random, dims: dict[str, str], key: dict[str, tuple[str, str]] | None
) -> tuple[str | None, str]:
    """(current RAG colour or None, expected status)."""
    has_rag = dims["rag_form"] != "none"
    colours = list(key) if key else ["BLUE", "GREEN", "AMBER", "RED"]
    unrated = rng.random() < 0.12 and dims["status_column"] == "words"
    if has_rag and not unrated:
        rag = rng.choices(colours, weights=[3, 4, 3, 2][: len(colours)])[0]
        return rag, (key[rag][0] if key else vocab.CONVENTION[rag])
    if dims["status_column"] == "words":
        return None, rng.choice(["not_started", "on_track", "at_risk", "complete", "off_track"])
    return None, "unknown"


def _progress(rng: random.Random, plan_date: date, long: bool) -> str:
    if rng.random() < 0.15:
        return ""
    when = plan_date - timedelta(days=rng.randrange(3, 60))
    stamp = rng.choice([f"{when.day:02d}/{when.month:02d}/{when.year % 100:02d}",
                        f"{when.day} {when.strftime('%B')} {when.year}"])
    note = rng.choice(vocab.PROGRESS_NOTES)
    text = rng.choice([f"Update {stamp}: {note}.", f"{stamp} – {note[0].upper()}{note[1:]}."])
    extra = rng.sample(vocab.PROGRESS_FILLER, rng.randint(3, 5) if long else rng.randint(0, 1))
    return " ".join([text, *extra])


def _dates(rng: random.Random, dims: dict[str, str], plan_date: date, pdf: bool) -> dict:
    style = dims["date_style"] if rng.random() < 0.8 else rng.choice(DUE_STYLES)
    if rng.random() < 0.06:
        return {"due_text": rng.choice(NON_DATES), "due_date": None, "due_style": "non_date",
                "revised_text": None, "revised_date": None, "revision_style": "none"}
    day = plan_date + timedelta(days=rng.randrange(-120, 300))
    text, due = render(style, day)
    out = {"due_text": text, "due_date": due, "due_style": style, "revised_text": None,
           "revised_date": None, "revision_style": "none"}
    if dims["revisions"] == "none" or rng.random() < 0.55:
        return out
    later = due + timedelta(days=rng.randrange(20, 200))
    if dims["revisions"] == "column":
        new_text, new = render(style, later)
        if first_day(style, later) <= due:
            return out
        out.update(revised_text=new_text, revised_date=new, revision_style="column")
        return out
    kinds = ["revised_to", "extended", "was_now"] + ([] if pdf else ["arrow"])
    kind = rng.choice(kinds)
    fmt = {"revised_to": "month_year", "extended": "dmy_slash", "was_now": "mon_yy_space",
           "arrow": "mon_yy_space"}[kind]
    old_text, old = render(fmt, day)
    new_text, new = render(fmt, later)
    if new <= old:
        return out
    template = {"revised_to": "{o}, revised to {n}", "extended": "{o} (extended to {n})",
                "was_now": "was {o} now {n}", "arrow": "{o} → {n}"}[kind]
    out.update(due_text=template.format(o=old_text, n=new_text), due_date=old,
               due_style=fmt, revised_date=new, revision_style=kind)
    return out


def make_plan(index: int, dims: dict[str, str], rng: random.Random) -> Plan:
    """One truth record for a plan with the given dimension values."""
    area = vocab.AREAS[index % len(vocab.AREAS)]
    plan_date = date(2017, 9, 1) + timedelta(days=rng.randrange(0, 540))
    version = str(rng.randint(2, 19))
    long = dims["page_breaks"] != "short"
    n_themes = rng.randint(2, 3) if long else rng.randint(2, 4)
    picked = rng.sample(vocab.THEMES, n_themes)
    scheme = dims["id_scheme"]
    labels = _theme_labels(scheme, n_themes, rng, [c for _, c in picked])
    coded = scheme == "EL01"
    key = vocab.KEYS.get(dims["key_meaning"].replace("c_line", "standard"))
    texts = rng.sample(vocab.ACTIONS, min(len(vocab.ACTIONS), n_themes * 6))
    pdf = dims["format"].startswith("pdf")
    themes: list[Theme] = []
    global_k = 0
    for (title, _code), label in zip(picked, labels, strict=True):
        theme_id = str(int(label)) if label.isdigit() else label
        if dims["theme_form"] == "id_prefix" and scheme in ("WS2.1", "R12-1"):
            # no heading: the theme is what the id's own prefix names, letters included
            # (the convention: WS3.2 → WS3, R12-1 → R12)
            theme_id = f"{'WS' if scheme == 'WS2.1' else 'R'}{theme_id}"
        heading = heading_text(dims["theme_form"], label, title, coded)
        theme = Theme(theme_id, label, title, heading)
        for k in range(1, (rng.randint(5, 6) if long else rng.randint(2, 6)) + 1):
            global_k += 1
            rag, status = _status_and_rag(rng, dims, key)
            prev = None
            if dims["rag_columns"] != "single" and rng.random() < 0.9:
                prev = rng.choice(list(key) if key else ["BLUE", "GREEN", "AMBER", "RED"])
            status_text = None
            if dims["status_column"] == "words":
                status_text = rng.choice(vocab.STATUS_WORDS.get(status, ("",)))
            elif dims["status_column"] == "yn":
                status_text = "Y" if status.startswith("complete") else "N"
            theme.actions.append(Action(
                action_id=_action_id(scheme, label, k, global_k), theme_id=theme_id,
                action_text=texts.pop(), owner=_owner(rng, area),
                **_dates(rng, dims, plan_date, pdf),
                rag=rag, rag_previous=prev, status=status, status_text=status_text,
                progress=_progress(rng, plan_date, long),
                outcome=rng.choice(vocab.OUTCOMES), evidence=rng.choice(vocab.EVIDENCE),
            ))
        themes.append(theme)
    dims = dict(dims)
    title_lines = _title_lines(dims, area, plan_date, version, rng)
    plan = Plan(
        name=f"plan-{index:03d}-{dims['format']}", area=area, plan_date=plan_date,
        version=version, title_lines=title_lines, dims=dims, themes=themes,
        key=_key_lines(dims, key), headers={}, columns=[],
    )
    _rag_cells(plan, rng)
    return plan


def _title_lines(dims: dict[str, str], area: str, d: date, version: str,
                 rng: random.Random) -> list[str]:
    when = plan_date_text(dims["plan_date_style"], d)
    style = dims["title_block"]
    if style == "lsr_colon":
        lines = [f"{area} Local System Review: Improvement Plan", when, f"Version {version}"]
    elif style == "hwb":
        lines = [f"{area} Health and Wellbeing Board",
                 "Report title: Local System Review Improvement Plan – progress report", when]
    elif style == "report_title":
        lines = [f"Report title: {area} Local System Review Action Plan", when,
                 f"Version {version}"]
    elif style == "cqc_dash":
        lines = [f"CQC Local System Review – {area}", "Action Plan", when]
    else:
        lines = [f"{area} Health and Care System Improvement Plan", f"Version {version}", when]
    if dims["title_case"] == "capitals":
        lines[0] = lines[0].upper()
    dims["title_extra_line"] = "yes" if rng.random() < 0.3 else "no"
    if dims["title_extra_line"] == "yes":
        lines.append("Prepared by the Local System Review Programme Board")
    return lines


def _key_lines(dims: dict[str, str], key: dict[str, tuple[str, str]] | None) -> list:
    if not key:
        return []
    if dims["key_meaning"] == "c_line":
        return [("C", "Complete"), ("G", "On track"), ("A", "At risk"), ("R", "Off track")]
    return [(vocab.RAG_WORDS[c], meaning) for c, (_, meaning) in key.items()]


def _rag_cells(plan: Plan, rng: random.Random) -> None:
    """What the RAG cells print: a word, an initial, a fill, or a word on a fill."""
    form = plan.dims["rag_form"]
    c_line = plan.dims["key_meaning"] == "c_line"
    for a in plan.actions:
        for colour, cell, fill in (("rag", "rag_cell", "rag_fill"),
                                   ("rag_previous", "rag_prev_cell", "rag_prev_fill")):
            value = getattr(a, colour)
            if value is None or form == "none":
                continue
            word = vocab.RAG_WORDS[value]
            initial = "C" if (c_line and value == "BLUE") else word[0]
            setattr(a, cell, {"words": word, "initials": initial, "fill": "",
                              "both": word}[form])
            if form in ("fill", "both"):
                setattr(a, fill, rng.choice(vocab.FILLS[value]))
