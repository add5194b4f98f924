"""The canonical theme taxonomy and the acronym table, read from the CSV files beside this module.

Data, not code: a researcher extends a theme's keywords or adds an acronym by editing
taxonomy.csv / acronyms.csv (plain CSV so no YAML dependency is needed). `OTHER` is the fallback
for a theme or action in which no keyword and no taxonomy term was found; it is never silent — its
rows carry no matched terms and the compare report counts them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

OTHER = "other"


@dataclass(frozen=True)
class CanonicalTheme:
    id: str
    label: str
    definition: str
    keywords: tuple[str, ...]
    acronyms: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[CanonicalTheme, ...]
    acronyms: tuple[tuple[str, str], ...]  # (acronym, expansion), sorted

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    @property
    def acronym_map(self) -> dict[str, str]:
        return dict(self.acronyms)

    def label(self, theme_id: str) -> str:
        for t in self.themes:
            if t.id == theme_id:
                return t.label
        return "Other / unclassified" if theme_id == OTHER else theme_id


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in (cell or "").split(";") if x.strip())


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("actionplans.compare").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The packaged taxonomy; raises ValueError on an unknown acronym or a duplicate id."""
    acronyms = {r["acronym"].strip(): r["expansion"].strip() for r in _read("acronyms.csv")}
    themes = []
    for row in _read("taxonomy.csv"):
        theme = CanonicalTheme(row["id"].strip(), row["label"].strip(), row["definition"].strip(),
                               _split(row["keywords"]), _split(row["acronyms"]))
        unknown = [a for a in theme.acronyms if a not in acronyms]
        if unknown:
            raise ValueError(f"taxonomy.csv theme {theme.id}: acronyms {unknown} are not in "
                             "acronyms.csv")
        themes.append(theme)
    ids = [t.id for t in themes]
    if len(set(ids)) != len(ids) or OTHER in ids:
        raise ValueError(f"taxonomy.csv: duplicate or reserved theme ids in {ids}")
    return Taxonomy(tuple(themes), tuple(sorted(acronyms.items())))
