"""Which theme each action belongs to, whatever form the plan gives its themes in.

A theme is a heading above the table or a merged row inside it (the assembly step finds those),
a theme or key-line-of-enquiry column (possibly merged down, possibly numbered "1. Is there…"),
or only the id's own prefix (A1 → A, 2b → 2, WS3.2 → WS3). `theme_id` follows the plan's own
numbering; a heading the plan did not number takes the number its actions' ids share.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from actionplans.schemas.records import RawAction

from .cells import collapse
from .headings import match_heading
from .ids import theme_of_id
from .model import ThemeHeading


@dataclasses.dataclass(frozen=True)
class ResolvedThemes:
    actions: tuple[RawAction, ...]
    themes: tuple[ThemeHeading, ...]
    warnings: tuple[str, ...]


def _column_theme(text: str) -> tuple[str, str]:
    """(id or "", title) of a theme column cell: "1. Is there a shared vision?" → ("1", …)."""
    flat = collapse(text)
    bare = re.fullmatch(r"(?:\d{1,2}(?:\.\d{1,2})?|[A-Z]{1,3}\d{0,2})\.?", flat)
    if bare:  # a theme column holding only the theme's number ("1", "2.", "A")
        return flat.rstrip("."), ""
    heading = match_heading(flat)
    if heading is not None and heading.theme_id:
        return heading.theme_id, heading.title or flat
    m = re.match(r"^(?P<id>\d{1,2}(?:\.\d{1,2})?|[A-Z])[.):]\s+(?P<title>.+)$", flat)
    if m:
        return m.group("id"), m.group("title")
    return "", flat


def _prefix_themes(actions: Sequence[RawAction]) -> dict[str, str]:
    """action_id → theme the id implies, when the plan's ids carry their themes.

    A numeric prefix ("2.1" → "2") always names a theme; a letter prefix only when the ids use
    more than one ("A1", "B2"), since a prefix every id shares ("REC 4") is a label.
    """
    implied = {a.action_id: theme_of_id(a.action_id) for a in actions}
    letters = {t for t in implied.values() if t and not t[0].isdigit()}
    return {
        a: t
        for a, t in implied.items()
        if t and (t[0].isdigit() or len(letters) > 1)
    }


def resolve_themes(
    actions: Sequence[RawAction], headings: Sequence[ThemeHeading]
) -> ResolvedThemes:
    """Every action's theme_id / theme_title, and the document's themes in reading order."""
    themes: dict[tuple[str, str], ThemeHeading] = {
        (h.theme_id, h.section): h for h in headings
    }
    warnings: list[str] = []
    by_prefix = _prefix_themes(actions)
    column_ids: dict[str, str] = {}  # column title -> id given by order
    renumbered: dict[tuple[str, str], str] = {}
    out: list[RawAction] = []
    scheme = set(by_prefix.values())  # themes the plan's ids name
    for action in actions:
        theme_id, title = action.theme_id, action.theme_title
        prefix = by_prefix.get(action.action_id)
        if theme_id in scheme and prefix and prefix != theme_id and not action.theme_raw:
            # Headings follow the id scheme ("B." over B1, B2) but this id names a theme with
            # no heading of its own (C1 after the B actions): the id says where it belongs.
            theme_id, title = None, None
        heading = themes.get((theme_id, action.section)) if theme_id else None
        if action.theme_raw and action.theme_raw.strip():
            col_id, col_title = _column_theme(action.theme_raw)
            if not col_id:
                col_id = by_prefix.get(action.action_id) or column_ids.setdefault(
                    col_title.lower(), str(len(column_ids) + 1)
                )
            theme_id, title = col_id, col_title
            key = (theme_id, action.section)
            if key not in themes:
                themes[key] = ThemeHeading(theme_id, title, action.section, action.location)
        elif heading is not None and not heading.numbered:
            # A heading the plan did not number: its actions' shared prefix is its number.
            prefixes = {
                by_prefix.get(a.action_id) for a in actions
                if a.theme_id == theme_id and a.section == action.section
            }
            if len(prefixes) == 1 and None not in prefixes:
                (prefix,) = prefixes
                renumbered[(theme_id, action.section)] = prefix  # type: ignore[assignment]
                theme_id = prefix
        elif theme_id is None and action.action_id in by_prefix:
            theme_id = by_prefix[action.action_id]
            key = (theme_id, action.section)
            if key not in themes:
                themes[key] = ThemeHeading(
                    theme_id, "", action.section, action.location, numbered=True
                )
                warnings.append(
                    f"{action.location.describe()}: theme {theme_id} taken from the action "
                    f"numbers ({action.action_id}); the plan prints no heading for it"
                )
            title = themes[key].title or None
        out.append(dataclasses.replace(action, theme_id=theme_id, theme_title=title or None))
    ordered: list[ThemeHeading] = []
    for (theme_id, section), heading in themes.items():
        new_id = renumbered.get((theme_id, section))
        if new_id is not None:
            heading = dataclasses.replace(heading, theme_id=new_id, numbered=True)
        ordered.append(heading)
    return ResolvedThemes(tuple(out), tuple(_dedupe(ordered)), tuple(warnings))


def _dedupe(themes: list[ThemeHeading]) -> list[ThemeHeading]:
    seen: set[tuple[str, str]] = set()
    out = []
    for t in themes:
        if (t.theme_id, t.section) not in seen:
            seen.add((t.theme_id, t.section))
            out.append(t)
    return out
