"""Officers' names in owner and lead cells: joining wrapped fragments and repairing breaks.

Conversions wrap names over lines ("Sue Wallace-" / "Bonner"), push them into the next cell
("Market Su" | "e Wallace- Ongo") or add debris ("33.111033"). The plan itself is the best
dictionary: names it writes cleanly anywhere are used to decide how a fragment joins and to
repair a broken one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .cells import collapse, is_debris
from .celltypes import ROLE_WORDS, looks_like_name

# Job-title and organisation words: a segment holding one is not a person's name.
_ROLE_WORDS = ROLE_WORDS | frozenset(
    [
        "leads",
        "city",
        "county",
        "system",
        "leaders",
        "and",
        "of",
        "the",
        "for",
        "programme",
        "group",
        "service",
        "services",
        "health",
        "care",
        "social",
    ]
)
_SEGMENT_SPLIT = re.compile(r"\n|/|,|;|\s&\s|\band\b|\|")
_NAME_TOKEN = re.compile(r"^[A-Z][a-z]+(?:['’\-][A-Z]?[a-z]+)*$|^[A-Z]'[A-Z][a-z]+$")


def normal_name(text: str) -> str:
    """Single-spaced name with "Wallace- Bonner" written "Wallace-Bonner"."""
    return re.sub(r"-\s+", "-", collapse(text)).strip(" .,/")


def _is_person_name(segment: str) -> bool:
    tokens = segment.split()
    if not 2 <= len(tokens) <= 3:
        return False
    if any(t.lower() in _ROLE_WORDS for t in tokens):
        return False
    return all(_NAME_TOKEN.match(t) for t in tokens)


def known_names(cells: Iterable[str]) -> frozenset[str]:
    """Person names written cleanly somewhere in the document's owner and lead cells."""
    names: set[str] = set()
    for cell in cells:
        for segment in _SEGMENT_SPLIT.split(cell):
            candidate = normal_name(segment)
            if _is_person_name(candidate):
                names.add(candidate)
    return frozenset(names)


def _last_segment(text: str) -> str:
    parts = [p for p in _SEGMENT_SPLIT.split(text) if p.strip()]
    return normal_name(parts[-1]) if parts else ""


def _complete_name(text: str, known: frozenset[str]) -> bool:
    norm = normal_name(text)
    return norm in known or (
        looks_like_name(norm) and len(norm.split()) >= 2 and norm[:1].isupper()
    )


def owner_join(current: str, fragment: str, known: frozenset[str]) -> str:
    """How an owner fragment from a following row joins: 'wrap', 'new' officer, or 'junk'."""
    if is_debris(fragment):
        return "junk"
    if not current.strip():
        return "new"
    tail = current.rstrip()
    if tail.endswith(("-", "/", "&", ",")) or tail.lower().endswith(" and"):
        return "wrap"
    last_line = tail.split("\n")[-1]
    last = _last_segment(last_line)
    if not _complete_name(last, known):
        return "wrap"
    joined = normal_name(last + " " + fragment)
    if joined in known or any(k.startswith(joined + " ") for k in known):
        return "wrap"
    norm = normal_name(fragment)
    words = norm.split()
    if norm in known or (looks_like_name(norm) and len(words) >= 2):
        return "new"
    return "junk"


def repair_split_name(owner: str, known: frozenset[str]) -> str | None:
    """A known officer's name broken across cells ("e Wallace- Ongo" + "Bonner"), or None.

    Only a line that contains debris tokens and the distinctive parts of exactly one known name,
    but not the name itself, is repaired.
    """
    norm = normal_name(owner)
    if any(k in norm for k in known):
        return None
    tokens = re.findall(r"[A-Za-z']+", norm)
    if not any(len(t) <= 2 and t.islower() for t in tokens):
        return None
    token_set = set(tokens)
    matches = []
    for name in sorted(known):
        parts = re.findall(r"[A-Za-z']+", name)
        rest = parts[1:]
        if len(rest) >= 2 and all(p in token_set for p in rest):
            matches.append(name)
    return matches[0] if len(matches) == 1 else None
