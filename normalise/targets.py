"""Numeric promises in an action's text: the `targets` table.

A small rule-based grammar, run sentence by sentence (a line or a full stop ends one):

* ``from A to B`` / ``towards B`` after a change word ("reduction in X from 31% to 27.4%") or in
  any sentence ("(from 9.3 delayed days ... to the England average of 3.1 days)"): baseline A,
  target B; ``from A`` alone after a change word ("Decrease in number from 14 homes ...") keeps
  the baseline and the direction.
* change word + ``to N`` ("DTOCs are reduced to 36.8 per day") -> reduce_to / increase_to;
  change word ... ``by N`` ("reduced by 5%", "reduction in ... by 526 (50%)") -> reduce_by /
  increase_by, a bracketed restatement in another unit giving a second row.
* bounds: "95% or above", "at least N", "no more than N", "equal to or higher than ... N",
  "reach / achieve / meet / deliver N" -> >= or <=.
* the word target: "target 500 hours", "(Target 1140)", "Target LOS is 28 days",
  "official target for January – 158.4 days" -> = (or the change word's direction).
* "N% of <something>" in action, outcome and assurance text -> =.
* baselines: "baseline 12,500 hours", "(currently 74.5%)", "current level of X as at August is
  514" attach to the sentence's target; a stated baseline alone is kept as a row.

Progress text reports what happened ("a 15% reduction ... compared to last year"), so there a
number counts only when the sentence says it is aimed at (target, trajectory, aim, plan to,
will). A change stated "compared to / than" something, or in the perfect tense ("had reduced
to 37 days"), is an achievement, not a promise. Numbers inside dates (found by
``normalise.dates.find_dates``), "24/7", times, money and ordinals are never values. Dates in
the sentence after the value give ``target_date`` (last day of the period named); dates after
"as at / based on / since" give ``baseline_date`` (first day).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from .dates import DatePoint, find_dates

__all__ = ["TARGET_FIELDS", "Target", "targets_for_action", "targets_in_text"]

#: Fields read, in the plans' column order.
TARGET_FIELDS = ("cqc_issue", "intended_outcome", "action_text", "assurance", "progress")

_NUM = r"(?<![\w.,/£$€-])(?P<{n}>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?![\w/]|[.,]\d|:\d)"
#: Units written after a value, longest first; "per cent" is %.
_UNIT = (
    r"(?P<{n}>\s*(?:%|per\s*cent\b|percent\b)"
    r"|\s+(?:(?:delayed|delay|bed|care|contact|working)\s+)?"
    r"(?:days?|hours?|weeks?|months?|minutes?|mins|years?|people|patients|homes|beds|staff|"
    r"posts|places|attendances|admissions|referrals|assessments|packages|visits|calls|"
    r"practices|GPs|workers|carers|clients|users|sessions|appointments|cases|reviews|nurses)\b"
    r"(?:\s*\(?per\s+(?:day|week|month|year|annum|\d{{1,3}}(?:,\d{{3}})*(?:\s+[\w+]+)?)\)?)?"
    r"|\s+per\s+(?:day|week|month|year|annum|\d{{1,3}}(?:,\d{{3}})*(?:\s+population)?)\b)?"
)


def _value(n: str) -> str:
    return _NUM.format(n=n) + _UNIT.format(n=f"{n}u")


_REDUCE = r"reduc(?:e|ed|es|ing|tion|tions)|decreas(?:e|ed|es|ing)|lower(?:ed|ing)?|fall"
_INCREASE = (
    r"increas(?:e|ed|es|ing)|rais(?:e|ed|es|ing)|ris(?:e|es|ing)|grow(?:th|s)?"
    r"|improv(?:e|ed|es|ing|ement)"
)
_CHANGE = rf"(?P<chg>{_REDUCE}|{_INCREASE})"
_PERFECT = re.compile(r"\b(?:had|has|have)\s+(?:been\s+)?$", re.I)
_REPORTED = re.compile(
    r"^\W*(?:compared\s+(?:to|with)|than|on\s+(?:the\s+)?(?:last|previous|same)\b)", re.I
)
_EXPLICIT = re.compile(
    r"\b(?:targets?|trajector(?:y|ies)|aim(?:s|ed)?|goal|will|plan(?:s|ned)?\s+to"
    r"|further\s+\S+\s+to\s+be)\b",
    re.I,
)
#: "within the financial year", "by the end of this financial year": the plan's own year.
_THIS_FINANCIAL_YEAR = re.compile(
    r"\b(?:within|by\s+the\s+end\s+of|by|during|in|over|for)\s+(?:the|this)\s+"
    r"(?:current\s+)?financial\s+year\b",
    re.I,
)
#: An achieved level in the sentence before a bare target ("... had reduced to 37 days.").
_ACHIEVED = re.compile(
    r"\b(?:had|has|have)\s+(?:been\s+)?(?:reduced|decreased|fallen|fell|increased|risen|rose|"
    r"improved|grown)\s+to\s+" + _NUM.format(n="a") + _UNIT.format(n="au"),
    re.I,
)
_BASELINE_DATE_CUE = re.compile(r"(?:as\s+at|as\s+of|based\s+on|since)\s*(?:the\s+)?$", re.I)
_AUX = (
    r"(?:is|are|was|were|will\s+be|shall\s+be|should\s+be|must\s+be|to\s+be|be|being|been"
    r"|has|have|had)"
)
_DETERMINER = re.compile(r"^(?:the|a|an|this|these|that|those|its|their|our|all)\s+", re.I)
_TRAILING_NOISE = re.compile(
    rf"(?:\s+(?:{_AUX}|official|agreed|national|local|new|revised|annual|monthly|current|"
    r"will|shall|would|to|the|a|an|and|of|for|in|with|on|–|—|-|:))+\s*$",
    re.I,
)
_CLAUSE_CUT = re.compile(
    r"[;:]|\s[–—-]\s|,\s|\band\s+(?=(?:the|a|an|this|these|its|their)\b)", re.I
)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx, re.IGNORECASE))
    for name, rx in (
        # from A to B / from A towards B (optionally "to the England average of B")
        ("from_to", r"\bfrom\s+(?:a\s+baseline\s+of\s+)?" + _value("a")
         + r"\s*(?P<mid>[^.;]{0,15}?)\s*\b(?:to|towards)\s+"
         r"(?:(?:the\s+)?[A-Za-z][\w ]{0,40}?\s+of\s+)?" + _value("b")),
        # <change word> ... to N   (reduced to 36.8 per day)
        ("change_to", rf"\b{_CHANGE}\b(?P<obj>(?:\s+(?![Ff]rom\b)[\w'&/()-]+){{0,8}}?)\s+to\s+"
         + _value("b")),
        # <change word> ... by N (P%)
        ("change_by", rf"\b{_CHANGE}\b(?P<obj>[^.;]{{0,90}}?)\s\bby\s+" + _value("b")
         + r"(?:\s*\(\s*" + _value("c") + r"\s*\))?"),
        # <change word> ... from A  (no end value: direction and baseline only)
        ("change_from", rf"\b{_CHANGE}\b(?P<obj>[^.;]{{0,60}}?)\s+from\s+" + _value("a")
         + r"(?!\s*(?:to|towards)\b)"),
        # N or above / N or more
        ("or_above", _value("b") + r"\s+or\s+(?P<ge>above|more|higher|greater|over)\b"),
        ("or_below", _value("b") + r"\s+or\s+(?P<le>below|less|lower|fewer|under)\b"),
        ("at_least", r"\b(?P<ge>at\s+least|a\s+minimum\s+of|minimum\s+of|no\s+less\s+than|"
         r"not\s+less\s+than)\s+" + _value("b")),
        ("at_most", r"\b(?P<le>no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|maximum\s+of|"
         r"less\s+than|fewer\s+than|within)\s+" + _value("b")),
        ("equal_or", r"\bequal\s+to\s+or\s+(?:(?P<ge>higher|greater|more|above)|"
         r"(?P<le>less|lower|fewer|below))\s+than\s+(?:(?:the\s+)?[A-Za-z][\w ]{0,40}?\s+of\s+)?"
         + _value("b")),
        ("reach", r"\b(?P<ge>reach|reaching|achieve|achieving|meet|meeting|deliver|delivering|"
         r"exceed|exceeding)\s+(?:an?\s+|the\s+)?" + _value("b")),
        # target 500 hours / (Target 1140) / target for January – 158.4 days / Target LOS is 28
        ("target", r"\btarget\b(?:\s+for\s+(?P<when>[^–—:.;()\d-]{1,30}?))?\s*"
         r"(?:of|is|was|=|:|–|—|-)?\s*" + _value("b")),
        ("target_named", r"\btarget\s+(?P<named>[A-Za-z][\w&/ ]{0,30}?)\s+(?:is|of|=)\s+"
         + _value("b")),
        # a further N to be realised / released / delivered
        ("further", r"\b(?:a\s+)?further\s+" + _value("b") + r"\s+to\s+be\s+[a-z]+ed\b"),
        ("share_of", _NUM.format(n="b") + r"(?P<bu>\s*(?:%|per\s*cent\b))\s+of\s+"
         r"(?P<rest>[A-Za-z][^.;()]*)"),
    )
)  # fmt: skip

_BASELINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(rx, re.IGNORECASE)
    for rx in (
        r"\bbaseline\s*(?:of|:|–|—|-)?\s*" + _value("a"),
        r"\bcurrently\s+" + _value("a"),
        r"\bcurrent\s+level\s+of\s+(?P<named>[A-Za-z][^.;()]{0,40}?)\s+"
        r"(?:as\s+(?:at|of)\s+[^.;()]{1,30}?\s+)?(?:is|was|=)\s+" + _value("a"),
    )
)


@dataclass(frozen=True)
class Target:
    """One numeric promise read from a sentence (values as floats, dates as periods)."""

    comparator: str | None
    target_value: float | None
    baseline_value: float | None
    unit: str | None
    metric: str | None
    raw: str
    target_date: date | None = None
    baseline_date: date | None = None
    span: tuple[int, int] = field(default=(0, 0), compare=False)
    value_end: int = field(default=0, compare=False)


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = re.sub(r"<[^<>]*>", " ", html.unescape(text))
    return "\n".join(re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))


def _sentences(text: str) -> Iterator[str]:
    for line in _clean(text).split("\n"):
        yield from (s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(])", line) if s.strip())


def _number(text: str | None) -> float | None:
    return float(text.replace(",", "")) if text else None


def _unit(text: str | None) -> str | None:
    if not text or not text.strip():
        return None
    unit = re.sub(r"[()]", "", text).strip()
    unit = re.sub(r"\s+", " ", unit)
    return "%" if re.fullmatch(r"%|per\s*cent|percent", unit, re.I) else unit


def _tidy_metric(text: str | None) -> str | None:
    """A metric phrase without the determiners, auxiliaries and linking words around it."""
    edges = " \t,;:–—-'\"("
    text = (text or "").strip(edges)
    for _ in range(3):
        text = _TRAILING_NOISE.sub("", " " + text).strip(edges)
        text = _DETERMINER.sub("", text).strip(edges)
    return text or None


def _subject(sentence: str, end: int) -> str | None:
    """The noun phrase that ends where the verb or comparator phrase starts."""
    head = sentence[:end]
    cuts = [m.end() for m in _CLAUSE_CUT.finditer(head)]
    clause = head[cuts[-1] :] if cuts else head
    if not _tidy_metric(clause) and cuts:
        clause = head[: cuts[-1]]
    auxes = list(re.finditer(rf"\s{_AUX}\s", clause, re.I))
    if auxes:
        clause = clause[: auxes[-1].start()]
    return _tidy_metric(clause)


def _date_spans(sentence: str, reference: date | None) -> list[tuple[int, int, DatePoint]]:
    spans, pos = [], 0
    for point in find_dates(sentence, reference=reference):
        at = sentence.find(point.text, pos)
        if at < 0:
            at = sentence.find(point.text)
        if at >= 0:
            spans.append((at, at + len(point.text), point))
            pos = at + len(point.text)
    return spans


def _past(point: DatePoint, sentence: str, reference: date | None) -> DatePoint:
    """A baseline is in the past: a year-less date after the plan date is the one before it."""
    if reference is None or point.start <= reference:
        return point
    earlier = find_dates(sentence, reference=reference - timedelta(days=182))
    same = [p for p in earlier if p.text == point.text]
    return same[0] if same and same[0].start <= reference else point


# --------------------------------------------------------------------------------------------
# Grammar
# --------------------------------------------------------------------------------------------


def _direction(word: str | None) -> str | None:
    if not word:
        return None
    return "reduce" if re.fullmatch(_REDUCE, word, re.I) else "increase"


def _change_before(sentence: str, start: int) -> tuple[str | None, str | None, int]:
    """Change word governing a value at ``start`` in the same clause: (direction, metric, at).

    "Reduction in DTOC (Target 1140)": the metric is what follows "<change word> in".
    """
    head = sentence[:start]
    found = list(re.finditer(rf"\b{_CHANGE}\b(?P<in>\s+in\s+)?", head, re.I))
    if not found or ";" in head[found[-1].end() :]:
        return None, None, -1
    m = found[-1]
    metric = None
    if m["in"]:
        rest = head[m.end() :]
        stop = re.search(r"\s(?:from|by|to|towards)\s|\s\(", rest + " ")
        metric = _tidy_metric(rest[: stop.start()] if stop else rest)
    return _direction(m["chg"]), metric, m.start()


def _bound_before(sentence: str, start: int) -> str | None:
    """A bound stated before a "from A to B" ("equal to or less than ... (from 9.3 to 3.1)").

    The bound says what is promised (at most / at least B); the change is its route.
    """
    head = sentence[:start]
    bound = list(re.finditer(r"\bequal\s+to\s+or\s+(?:(?P<ge>higher|greater|more|above)|"
                             r"(?P<le>less|lower|fewer|below))\s+than\b", head, re.I))  # fmt: skip
    if not bound or ";" in head[bound[-1].end() :]:
        return None
    return ">=" if bound[-1]["ge"] else "<="


def _candidates(sentence: str, progress: bool) -> Iterator[tuple[str, re.Match[str]]]:
    for name, pattern in _PATTERNS:
        if name == "share_of" and progress:
            continue
        for m in pattern.finditer(sentence):
            yield name, m


def _read(name: str, m: re.Match[str], sentence: str) -> list[Target]:
    """Targets for one pattern match (one, or two for a bracketed restatement)."""
    groups = m.groupdict()
    value = _number(groups.get("b"))
    unit = _unit(groups.get("bu"))
    comparator: str | None
    metric: str | None = None
    baseline = None
    if name == "from_to":
        baseline = _number(groups["a"])
        unit = _unit(groups["au"]) or unit
        direction, metric, at = _change_before(sentence, m.start())
        if direction is None:
            direction = "reduce" if value is not None and value < (baseline or 0) else "increase"
            metric = _subject(sentence, m.start())
        elif metric is None:
            metric = _subject(sentence, at)
        comparator = _bound_before(sentence, m.start()) or f"{direction}_to"
    elif name == "change_from":
        baseline = _number(groups["a"])
        unit = _unit(groups["au"])
        comparator = f"{_direction(m['chg'])}_to"
        obj = _tidy_metric(re.sub(r"^\s*in\s+", "", groups.get("obj") or ""))
        metric = obj if obj else _subject(sentence, m.start())
    elif name in ("change_to", "change_by"):
        before = sentence[max(0, m.start() - 25) : m.start()]
        if _PERFECT.search(before):
            return []
        kind = "to" if name == "change_to" else "by"
        comparator = f"{_direction(m['chg'])}_{kind}"
        obj = _tidy_metric(re.sub(r"^\s*in\s+", "", groups.get("obj") or ""))
        metric = obj if obj else _subject(sentence, m.start())
        if name == "change_by" and groups.get("c"):
            first = Target(comparator, value, None, unit, metric, sentence,
                           span=(m.start("b"), m.end("b")), value_end=m.end())  # fmt: skip
            again = _number(groups["c"])
            second = replace(first, target_value=again, unit=_unit(groups["cu"]),
                             span=(m.start("c"), m.end("c")))  # fmt: skip
            return [first, second]
    elif name in ("or_above", "or_below", "at_least", "at_most", "equal_or", "reach"):
        comparator = ">=" if groups.get("ge") else "<="
        after = sentence[m.end() :]
        follow = re.match(r"\s+(?!(?:by|in|within|during|for|from|to|and|at|on)\b)([a-z][^.;()]*)",
                          after, re.I)  # fmt: skip
        if name in ("or_above", "or_below", "reach") and follow:
            metric = _tidy_metric(re.split(r"\s(?:by|within|during)\s", follow.group(1))[0])
        if not metric:
            metric = _subject(sentence, m.start())
        if not metric and follow:
            metric = _tidy_metric(follow.group(1))
    elif name in ("target", "target_named"):
        direction, metric, _at = _change_before(sentence, m.start())
        comparator = f"{direction}_to" if direction else "="
        if name == "target_named":
            metric = _tidy_metric(groups["named"])
        elif metric is None:
            metric = _subject(sentence, m.start())
    elif name == "further":
        comparator = "increase_by"
        metric = _subject(sentence, m.start())
    else:  # share_of
        comparator = "="
        metric = _tidy_metric(re.split(r"\s(?:by|within|during|in)\s+\d", groups["rest"])[0])
    value_end = m.end("b") if groups.get("b") else m.end("a")
    return [Target(comparator, value, baseline, unit, metric, sentence,
                   span=(m.start(), m.end()), value_end=value_end)]  # fmt: skip


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _in_date(m: re.Match[str], dates: list[tuple[int, int, DatePoint]]) -> bool:
    spans = [(m.start(g), m.end(g)) for g in ("a", "b", "c") if m.groupdict().get(g)]
    return any(_overlaps(s, (lo, hi)) for s in spans for lo, hi, _p in dates)


def targets_in_text(
    text: str | None, *, reference: date | None, progress: bool = False
) -> list[Target]:
    """Every numeric target in one field's text, in text order."""
    out: list[Target] = []
    previous = ""
    for sentence in _sentences(text or ""):
        before, previous = previous, sentence
        if not re.search(r"\d", sentence) or (progress and not _EXPLICIT.search(sentence)):
            continue
        dates = _date_spans(sentence, reference)
        taken: list[tuple[int, int]] = []
        found: list[Target] = []
        for name, m in _candidates(sentence, progress):
            if _in_date(m, dates) or any(_overlaps((m.start(), m.end()), t) for t in taken):
                continue
            if _REPORTED.match(sentence[m.end() :]):
                continue
            reads = _read(name, m, sentence)
            if reads:
                taken.append((m.start(), m.end()))
                found.extend(reads)
        found = _with_baselines(sentence, found, dates, reference)
        found = [_with_level_before(t, before, reference) for t in found]
        out.extend(_with_dates(t, dates, reference) for t in sorted(found, key=lambda t: t.span))
    return out


def _with_baselines(
    sentence: str, found: list[Target], dates: list[tuple[int, int, DatePoint]],
    reference: date | None,
) -> list[Target]:  # fmt: skip
    """Attach stated baselines to the sentence's targets; a baseline alone is its own row."""
    for pattern in _BASELINES:
        for m in pattern.finditer(sentence):
            value_span = (m.start("a"), m.end("a"))
            if _in_date(m, dates) or any(_overlaps(value_span, t.span) for t in found):
                continue
            value, unit = _number(m["a"]), _unit(m["au"])
            named = _tidy_metric(m.groupdict().get("named"))
            when = [p for lo, _hi, p in dates if m.start() <= lo < m.end()]
            bdate = _past(when[0], sentence, reference).start if when else None
            open_targets = [t for t in found if t.baseline_value is None]
            if open_targets:
                t = open_targets[0]
                direction = t.comparator
                if direction == "=" and t.target_value is not None and value is not None:
                    direction = "reduce_to" if t.target_value < value else "increase_to"
                found[found.index(t)] = replace(
                    t, baseline_value=value, baseline_date=bdate or t.baseline_date,
                    metric=named or t.metric, unit=t.unit or unit, comparator=direction,
                )  # fmt: skip
            else:
                metric = named or _subject(sentence, m.start())
                found.append(Target(None, None, value, unit, metric, sentence, None, bdate,
                                    span=(m.start(), m.end())))  # fmt: skip
    return found


def _with_level_before(t: Target, before: str, reference: date | None) -> Target:
    """A bare target ("Target is 28 days.") takes its baseline and metric from the sentence
    before when that states the level reached in the same unit ("... average length of stay
    had reduced to 37 days."), as "Current level ... is 514 (Target 425)" does in one sentence.
    """
    if t.metric is not None or t.baseline_value is not None or t.comparator != "=":
        return t
    m = _ACHIEVED.search(before)
    if m is None or _unit(m["au"]) != t.unit or t.target_value is None:
        return t
    baseline = _number(m["a"])
    when = [p for lo, _hi, p in _date_spans(before, reference) if lo < m.start()]
    lower = baseline is not None and t.target_value < baseline
    comparator = "reduce_to" if lower else "increase_to"
    return replace(
        t, baseline_value=baseline, metric=_subject(before, m.start()), comparator=comparator,
        baseline_date=_past(when[0], before, reference).start if when else None,
    )  # fmt: skip


def _with_dates(
    t: Target, dates: list[tuple[int, int, DatePoint]], reference: date | None
) -> Target:
    """Target date: the first date after the value, else one named in "target for <date>"."""
    target_date, baseline_date = t.target_date, t.baseline_date
    for lo, _hi, point in dates:
        if _BASELINE_DATE_CUE.search(t.raw[max(0, lo - 15) : lo]):
            if baseline_date is None and lo >= t.span[0] - 40:
                baseline_date = _past(point, t.raw, reference).start
        elif target_date is None and t.comparator is not None:
            after_value = lo >= t.value_end
            named = t.span[0] <= lo < t.value_end and bool(
                re.search(r"\btarget\s+for\s+$", t.raw[t.span[0] : lo], re.I)
            )
            if after_value or named:
                target_date = point.end
    if target_date is None and t.comparator is not None and reference is not None:
        this_year = _THIS_FINANCIAL_YEAR.search(t.raw, t.value_end)
        if this_year:
            target_date = _financial_year_end(reference)
    return replace(t, target_date=target_date, baseline_date=baseline_date)


def _financial_year_end(reference: date) -> date:
    """Last day of the UK financial year (April-March) containing ``reference``."""
    return date(reference.year + (reference.month > 3), 3, 31)


def targets_for_action(
    action: Mapping[str, Any], *, reference: date | None
) -> list[dict[str, Any]]:
    """Rows of the ``targets`` table for one ``actions`` row."""
    rows = []
    for source_field in TARGET_FIELDS:
        for t in targets_in_text(
            action.get(source_field), reference=reference, progress=source_field == "progress"
        ):
            rows.append({
                "document_id": action["document_id"],
                "area": action["area"],
                "area_id": action["area_id"],
                "action_id": action["action_id"],
                "source_field": source_field,
                "metric": t.metric,
                "baseline_value": t.baseline_value,
                "baseline_date": t.baseline_date,
                "target_value": t.target_value,
                "target_date": t.target_date,
                "unit": t.unit,
                "comparator": t.comparator,
                "raw": t.raw,
            })  # fmt: skip
    return rows
