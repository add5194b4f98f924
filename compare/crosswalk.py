"""The crosswalk: plan themes and actions of every area laid out against the canonical themes.

Two plan themes of different areas correspond when they share their primary canonical theme, or
when each one's primary canonical theme scores at least RELATED_RATIO of the other's best score
(a mutual test: "Market Capacity & Capability" ~ "DOMICILIARY CARE" because each is strong in
the other's primary theme; a one-sided secondary is not enough).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from actionplans.compare.classify import Classification

RELATED_RATIO = 0.5


@dataclass(frozen=True)
class PlanTheme:
    area: str
    area_id: str
    document_id: str
    theme_id: str
    title: str
    classification: Classification


@dataclass(frozen=True)
class CrosswalkCell:
    canonical_theme: str
    area_id: str
    themes: tuple[str, ...]      # "6.2 DISCHARGE TO ASSESS", in theme-number order
    action_count: int            # actions whose primary canonical theme this is
    theme_action_count: int = 0  # actions under the area's own themes in this cell
    secondary_count: int = 0     # actions that have this theme as a secondary one

    @property
    def gap(self) -> bool:
        """No theme and no action of the area has this canonical theme, primary or secondary."""
        return not self.themes and self.action_count == 0 and self.secondary_count == 0


def _related(a: Classification, b: Classification) -> bool:
    """True when b's primary canonical theme scores at least RELATED_RATIO of a's best."""
    best = a.scores[0].score
    return any(s.canonical_theme == b.primary and s.score >= RELATED_RATIO * best
               for s in a.scores)


def corresponds(a: Classification, b: Classification) -> bool:
    return a.primary == b.primary or (_related(a, b) and _related(b, a))


def corresponding_themes(themes: Iterable[PlanTheme], area_a: str, area_b: str
                         ) -> set[tuple[str, str]]:
    """(theme_id in area_a, theme_id in area_b) pairs judged to correspond."""
    themes = list(themes)
    left = [t for t in themes if t.area_id == area_a]
    right = [t for t in themes if t.area_id == area_b]
    return {(a.theme_id, b.theme_id) for a in left for b in right
            if corresponds(a.classification, b.classification)}


def _number_key(theme_id: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in theme_id.split("."))


def crosswalk_cells(themes: Iterable[PlanTheme], action_primaries: Iterable[tuple[str, str]],
                    canonical_ids: Iterable[str], area_ids: Iterable[str],
                    action_secondaries: Iterable[tuple[str, str]] = (),
                    theme_actions: dict[tuple[str, str], int] | None = None,
                    ) -> tuple[CrosswalkCell, ...]:
    """One cell per canonical theme and area; `action_primaries` and `action_secondaries` hold
    (area_id, canonical theme) per action, `theme_actions` the action count of each
    (document_id, theme_id)."""
    themes = list(themes)
    counts: dict[tuple[str, str], int] = {}
    for area_id, primary in action_primaries:
        counts[(primary, area_id)] = counts.get((primary, area_id), 0) + 1
    secondary: dict[tuple[str, str], int] = {}
    for area_id, theme in action_secondaries:
        secondary[(theme, area_id)] = secondary.get((theme, area_id), 0) + 1
    theme_actions = theme_actions or {}
    cells = []
    for canonical in canonical_ids:
        for area_id in area_ids:
            mine = sorted((t for t in themes if t.area_id == area_id
                           and t.classification.primary == canonical),
                          key=lambda t: (t.document_id, _number_key(t.theme_id)))
            cells.append(CrosswalkCell(
                canonical, area_id, tuple(f"{t.theme_id} {t.title}".strip() for t in mine),
                counts.get((canonical, area_id), 0),
                sum(theme_actions.get((t.document_id, t.theme_id), 0) for t in mine),
                secondary.get((canonical, area_id), 0),
            ))
    return tuple(cells)
