"""Cell text cleaning shared by every reader.

Renditions carry HTML fragments (`<p>`, `<ul><li>`, `<i>`), bullet characters and PDF line
wraps. A cell becomes plain text with one list item or paragraph per line, so owners listed in
separate paragraphs stay separable and progress notes keep their structure.
"""

from __future__ import annotations

import html
import re

_BLOCK_TAG = re.compile(r"</?(?:p|li|br|div|tr|h\d)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BULLET = re.compile(r"\s*[•▪◦●■]\s*")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")

# Debris (watermarks, broken glyphs: ×, soft hyphens, U+FFFD, Symbol-font bullets) has no
# two ASCII letters in a row; a word has.
_TWO_LETTERS = re.compile(r"[A-Za-z]{2}")


def clean_cell(raw: str) -> str:
    """Plain text of a cell: markup removed, one paragraph or list item per line."""
    if not raw:
        return ""
    text = _BLOCK_TAG.sub("\n", raw)
    text = _ANY_TAG.sub(" ", text)
    text = html.unescape(text)
    text = _BULLET.sub("\n", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def join_wrapped(first: str, second: str) -> str:
    """Join two pieces of one cell broken by a line or page wrap.

    A trailing hyphen means the word or name continues ("Sue Wallace-" + "Bonner"), so no space
    is inserted; otherwise the pieces are joined with a space.
    """
    first = first.rstrip()
    second = second.lstrip()
    if not first:
        return second
    if not second:
        return first
    if first.endswith("-") and first[-2:-1].isalpha():  # "Wallace-" + "Bonner"; not ":-"
        return first + second
    return first + " " + second


def is_debris(text: str) -> bool:
    """True for fragments that carry no words: stray digits, punctuation, watermark glyphs."""
    stripped = text.strip()
    if not stripped:
        return False
    return _TWO_LETTERS.search(stripped) is None


def collapse(text: str) -> str:
    """Single-spaced, single-line form of text (for matching, never for storage)."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
