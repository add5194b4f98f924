"""Layout hints: what an analyst tells the reader when the automatic reading of a layout is wrong.

A hint file sits next to the plan (`<plan file name>.hints.toml`, e.g. `plan.pdf.hints.toml`, or
`<stem>.hints.toml`) and needs no code change:

    area = "Wyreford"
    plan_date = 2018-05-15      # TOML date or "15/05/2018"
    version = "3"
    theme_pattern = '^Recommendation (?P<id>\\d+)[:.]?\\s*(?P<title>.*)$'
    [columns]                   # header label as printed -> field, or "ignore"
    "Who" = "owner"
    [rag_key]                   # colour -> the plan's meaning for it
    Green = "Completed"

Loading validates everything, so a typo is one clear error naming the hints file and the key
(`HintsError`, a `DocumentError`: the batch reports it and goes on) rather than a wrong reading.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from actionplans.normalise.rag import STATUSES, is_rag_word, status_from_phrase

from .errors import DocumentError
from .headers import HEADER_SYNONYMS, ROLES, assign_roles, normalise_label, role_of
from .headings import clean_title
from .hints_files import find_hints as find_hints  # kept importable from here

IGNORE = "ignore"
FIELDS = (*ROLES, IGNORE)
KEYS = ("area", "plan_date", "version", "theme_pattern", "columns", "rag_key")
_DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")
_MARKUP = re.compile(r"[*_#]+")
# Each field's own name as a header label (the first synonym that reads as that field).
_LABEL_OF = {
    role: next(p for p in phrases if role_of(p) == role) for role, phrases in HEADER_SYNONYMS
}


class _NotSet:
    """No hint for this label: the synonyms decide (distinct from None, "read as no field")."""

    _instance: _NotSet | None = None

    def __new__(cls) -> _NotSet:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOTSET"

    def __bool__(self) -> bool:
        return False


NOTSET: Final = _NotSet()


class HintsError(DocumentError):
    """A hints file that cannot be used: names the file, the key and the reason."""


@dataclass(frozen=True)
class LayoutHints:
    """Validated hints for one document (every field optional)."""

    path: str | None = None  # the hints file they came from (recorded in provenance)
    area: str | None = None
    plan_date: date | None = None
    version: str | None = None
    # normalised header label -> field role (one of headers.ROLES) or "ignore"
    columns: Mapping[str, str] = field(default_factory=dict)
    # regular expression with named groups `id` and (optional) `title` for theme headings
    theme_pattern: str | None = None
    # colour word -> the plan's meaning for it ("Green" -> "Completed")
    rag_key: Mapping[str, str] = field(default_factory=dict)

    def role_for(self, label: str) -> str | _NotSet | None:
        """The hinted role of a header label, None for "ignore", NOTSET when not hinted."""
        role = self.columns.get(normalise_label(label), NOTSET)
        return None if role == IGNORE else role

    def header_roles(self, labels: Sequence[str]) -> tuple[list[str | None], set[int]]:
        """Roles of a header with the column hints applied, and the indexes the hints fixed.

        A hinted label stands in as its field's own name, so the synonyms' rules for the other
        columns (a second owner column is the lead, …) see it; then a hinted role wins and a
        column the synonyms gave the same role loses it, so no field is read from two columns.
        """
        hinted = {i: self.role_for(label) for i, label in enumerate(labels)}
        hinted = {i: role for i, role in hinted.items() if role is not NOTSET}
        masked = list(labels)
        for i, role in hinted.items():
            masked[i] = _LABEL_OF.get(role, "") if isinstance(role, str) else ""
        roles = assign_roles(masked)
        for i, role in hinted.items():
            roles[i] = role  # type: ignore[assignment]
        taken = set(hinted.values()) - {None}
        for i, role in enumerate(roles):
            if i not in hinted and role in taken:
                roles[i] = None
        return roles, set(hinted)

    def heading(self, text: str) -> tuple[str, str] | None:
        """(theme id, title) when `theme_pattern` finds a heading in a line of text."""
        if not self.theme_pattern:
            return None
        pattern = re.compile(self.theme_pattern)
        flat = " ".join(text.split())
        for candidate in dict.fromkeys((flat, " ".join(_MARKUP.sub(" ", flat).split()))):
            m = pattern.search(candidate)
            if m:
                groups = m.groupdict()
                return (groups["id"] or "").strip(" .:"), clean_title(groups.get("title") or "")
        return None

    def rag_entries(self) -> list[tuple[str, str]]:
        """The hinted key as (colour, meaning) pairs; a status name is given as its words."""
        return [
            (colour, meaning.replace("_", " ") if meaning in STATUSES else meaning)
            for colour, meaning in self.rag_key.items()
        ]

    def settings(self) -> dict[str, Any]:
        """The settings applied, JSON-ready in a stable key order (documents.hints)."""
        out: dict[str, Any] = {}
        if self.area is not None:
            out["area"] = self.area
        if self.plan_date is not None:
            out["plan_date"] = self.plan_date.isoformat()
        if self.version is not None:
            out["version"] = self.version
        if self.theme_pattern is not None:
            out["theme_pattern"] = self.theme_pattern
        if self.columns:
            out["columns"] = dict(self.columns)
        if self.rag_key:
            out["rag_key"] = dict(self.rag_key)
        return out

    def to_json(self) -> str:
        return json.dumps(self.settings(), ensure_ascii=False)


def load_hints(path: str | Path) -> LayoutHints:
    """Read and validate a hints file; any problem is a HintsError naming the file and key."""
    path = Path(path)
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise HintsError(where, f"cannot read hints file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise HintsError(where, "hints file is not UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise HintsError(where, f"not valid TOML: {exc}") from exc

    def fail(reason: str) -> HintsError:
        return HintsError(where, reason)

    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} (keys: {', '.join(KEYS)})")
    area = _text(data, "area", fail)
    version = data.get("version")
    if version is not None:
        if isinstance(version, bool) or not isinstance(version, str | int | float):
            raise fail(f"version must be a string or a number, not {_kind(version)}")
        version = str(version).strip() or None
    return LayoutHints(
        path=where,
        area=area,
        plan_date=_plan_date(data.get("plan_date"), fail),
        version=version,
        columns=_columns(data.get("columns"), fail),
        theme_pattern=_theme_pattern(data.get("theme_pattern"), fail),
        rag_key=_rag_key(data.get("rag_key"), fail),
    )


def _kind(value: object) -> str:
    names = {
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        dict: "a table",
        list: "an array",
        date: "a date",
        datetime: "a date-time",
    }
    return names.get(type(value), type(value).__name__)


def _text(data: Mapping[str, Any], key: str, fail: Any) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise fail(f"{key} must be a string, not {_kind(value)}")
    if not value.strip():
        raise fail(f"{key} is empty")
    return " ".join(value.split())


def _plan_date(value: object, fail: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        raise fail(f"plan_date {value.isoformat()} has a time; give the date alone")
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise fail(f'plan_date must be a date (2018-05-15 or "15/05/2018"), not {_kind(value)}')
    text = " ".join(value.split())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise fail(f'plan_date {value!r} is not a date (use 2018-05-15 or "15/05/2018")')


def _table(value: object, key: str, fail: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise fail(f"{key} must be a table ([{key}]), not {_kind(value)}")
    return value


def _columns(value: object, fail: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for label, role in _table(value, "columns", fail).items():
        if not isinstance(role, str):
            raise fail(f"[columns] {label!r} must name a field as a string, not {_kind(role)}")
        if role not in FIELDS:
            raise fail(
                f"[columns] {label!r} → {role!r} is not a field (fields: {', '.join(FIELDS)})"
            )
        norm = normalise_label(label)
        if not norm:
            raise fail(f"[columns] {label!r} has no letters or digits to match a header by")
        if out.get(norm, role) != role:
            raise fail(f"[columns] {label!r} is given twice with different fields")
        out[norm] = role
    return out


def _theme_pattern(value: object, fail: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise fail(f"theme_pattern must be a string, not {_kind(value)}")
    try:
        pattern = re.compile(value)
    except re.error as exc:
        raise fail(f"theme_pattern is not a valid regular expression: {exc}") from exc
    if "id" not in pattern.groupindex:
        raise fail("theme_pattern has no named group 'id' (write (?P<id>...) around the number)")
    return value


def _rag_key(value: object, fail: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for colour, meaning in _table(value, "rag_key", fail).items():
        if not is_rag_word(colour) or len(colour.strip()) < 2:
            raise fail(
                f"[rag_key] {colour!r} is not a RAG colour "
                "(Blue, Green, Amber, Red, or Yellow, Amber/Green, Purple …)"
            )
        if not isinstance(meaning, str) or not meaning.strip():
            raise fail(f"[rag_key] {colour!r} must give the plan's meaning as a string")
        words = meaning.replace("_", " ") if meaning in STATUSES else meaning
        if status_from_phrase(words) is None:
            raise fail(
                f"[rag_key] {colour!r} → {meaning!r} names no status "
                f"(say e.g. 'Completed', 'On track', 'At risk', or one of {', '.join(STATUSES)})"
            )
        out[colour] = meaning
    return out


def apply_meta(meta: Any, hints: LayoutHints) -> Any:
    """Document metadata (`normalise.document.DocumentMeta`) with the hinted values applied.

    Area, plan date and version from hints replace what was read (source "hints"); an area given
    on the command line (source "override") still wins. Where the document said otherwise, a
    warning keeps its reading; warnings about a missing plan date no longer apply.
    """
    changes: dict[str, Any] = {}
    warnings = list(meta.warnings)
    name = Path(hints.path).name if hints.path else "hints"
    if hints.area and meta.area_source != "override":
        if meta.area and meta.area != hints.area:
            warnings.append(f"area {hints.area!r} from {name}; the document reads {meta.area!r}")
        changes.update(area=hints.area, area_source="hints")
    if hints.plan_date:
        warnings = [w for w in warnings if not w.startswith(("plan date", "no plan date"))]
        if meta.plan_date and meta.plan_date != hints.plan_date:
            warnings.append(
                f"plan date {hints.plan_date.isoformat()} from {name}; the "
                f"{meta.plan_date_source or 'document'} gives {meta.plan_date.isoformat()}"
            )
        changes.update(plan_date=hints.plan_date, plan_date_source="hints")
    if hints.version:
        if meta.version and meta.version != hints.version:
            warnings.append(
                f"version {hints.version!r} from {name}; the document reads {meta.version!r}"
            )
        changes["version"] = hints.version
    return replace(meta, **changes, warnings=tuple(warnings))
