"""The owner pipeline's tokenizer and entity rulers, without spaCy at run time.

Why: importing spaCy costs about 0.6 s of CPU and building its pipeline from the gazetteer
another 0.5 s, on every run, before the first owner cell; a small plan is read in less.
spaCy stays the reference: its English tokenizer rules (prefix, suffix and infix
expressions, the URL match and about 1,300 special cases) are read from spaCy once per
spaCy version and cached on disk (`owner_rules`), and this module applies them with
spaCy's own algorithm (spacy/tokenizer.pyx: split at whitespace, strip prefixes and
suffixes, special cases, infixes, then the special-case pass over the tokens). The rulers
match as spaCy's EntityRuler does: every phrase and token pattern, longest match first, then
leftmost, no overlaps; a ruler that does not overwrite skips tokens already in an entity.
tests/test_owner_nlp.py checks tokens and entities against spaCy itself.

Only what normalise/owners.py reads is offered: token text, lower case, trailing space and
the is_* flags; spans' text, label and id; the entities of a document.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .owner_rules import TokenizerRules


class Token:
    """One token: its text, whether a space follows, and the lexical flags spaCy sets."""

    __slots__ = ("i", "text", "whitespace_")

    def __init__(self, i: int, text: str, space: bool) -> None:
        self.i = i
        self.text = text
        self.whitespace_ = " " if space else ""

    @property
    def lower_(self) -> str:
        return self.text.lower()

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()

    @property
    def is_upper(self) -> bool:
        return self.text.isupper()

    @property
    def is_lower(self) -> bool:
        return self.text.islower()

    @property
    def is_space(self) -> bool:
        return self.text.isspace()

    @property
    def is_punct(self) -> bool:
        return all(unicodedata.category(ch).startswith("P") for ch in self.text)

    def __repr__(self) -> str:
        return f"Token({self.text!r})"


class Span:
    """Tokens start..end of a document, with an entity label and id when it is one."""

    __slots__ = ("doc", "end", "ent_id_", "label_", "start")

    def __init__(self, doc: Doc, start: int, end: int, label: str = "", ent_id: str = "") -> None:
        self.doc, self.start, self.end = doc, start, end
        self.label_, self.ent_id_ = label, ent_id

    @property
    def text(self) -> str:
        tokens = self.doc.tokens[self.start:self.end]
        if not tokens:
            return ""
        return "".join(t.text + t.whitespace_ for t in tokens[:-1]) + tokens[-1].text

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.doc.tokens[self.start:self.end])


class Doc:
    """A tokenised text and its entities (in text order)."""

    __slots__ = ("ents", "tokens")

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.ents: tuple[Span, ...] = ()

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, key: Any) -> Any:
        if type(key) is int:
            return self.tokens[key]
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.tokens))
            return Span(self, start, max(start, stop))
        return self.tokens[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.tokens)

    @property
    def text(self) -> str:
        return "".join(t.text + t.whitespace_ for t in self.tokens)


class Tokenizer:
    """spaCy's tokenizer algorithm over rules read from spaCy (see the module docstring)."""

    def __init__(self, rules: TokenizerRules) -> None:
        self.rules = rules
        self.specials = rules.specials
        self._prefix = rules.prefix.search
        self._suffix = rules.suffix.search
        self._infix = rules.infix.finditer
        self._url = rules.url.match if rules.url is not None else None
        self._token_match = rules.token_match.match if rules.token_match is not None else None
        self._cache: dict[str, tuple[str, ...]] = {}
        # the last pass: special cases whose text the affix rules would split, found again
        # as a run of tokens (":)" read as ":" ")")
        self._special_runs: dict[tuple[str, ...], str] = {}
        for chunk in sorted(self.specials):
            if self._affixed(chunk) or " " in chunk:
                pieces = tuple(text for text, _ in self._split(chunk, specials=False))
                self._special_runs.setdefault(pieces, chunk)
        self._runs_from: dict[str, list[tuple[str, ...]]] = {}  # first token -> runs
        for run in self._special_runs:
            self._runs_from.setdefault(run[0], []).append(run)

    def _affixed(self, chunk: str) -> bool:
        return bool(self._prefix_len(chunk) or self._suffix_len(chunk)
                    or any(True for _ in self._infix(chunk)))

    def _prefix_len(self, text: str) -> int:
        m = self._prefix(text)
        return m.end() - m.start() if m is not None else 0

    def _suffix_len(self, text: str) -> int:
        m = self._suffix(text)
        return m.end() - m.start() if m is not None else 0

    def __call__(self, text: str) -> Doc:
        pieces = self._split(text, specials=True)
        pieces = self._special_pass(text, pieces)
        return Doc([Token(i, t, s) for i, (t, s) in enumerate(pieces)])

    def _split(self, string: str, *, specials: bool) -> list[tuple[str, bool]]:
        """(text, followed by a space) of each token: the whitespace split of
        Tokenizer._tokenize_affixes (a single space is no token; other runs are)."""
        out: list[list[Any]] = []
        if not string:
            return []
        in_ws = string[0].isspace()
        start = 0
        for i, uc in enumerate(string):
            if uc.isspace() != in_ws:
                if start < i:
                    out.extend([t, False] for t in self._chunk(string[start:i], specials))
                if uc == " ":
                    out[-1][1] = True
                    start = i + 1
                else:
                    start = i
                in_ws = not in_ws
        if start < len(string):
            out.extend([t, False] for t in self._chunk(string[start:], specials))
            out[-1][1] = string[-1] == " " and not in_ws
        return [(t, s) for t, s in out]

    def _chunk(self, span: str, specials: bool) -> tuple[str, ...]:
        if specials:
            hit = self.specials.get(span)
            if hit is not None:
                return hit
            cached = self._cache.get(span)
            if cached is None:
                cached = self._cache[span] = self._tokenize(span, True)
            return cached
        return self._tokenize(span, False)

    def _tokenize(self, string: str, with_specials: bool) -> tuple[str, ...]:
        """Tokenizer._split_affixes then _attach_tokens."""
        specials = self.specials if with_specials else {}
        prefixes: list[str] = []
        suffixes: list[str] = []
        last_size = 0
        while string and len(string) != last_size:
            if self._token_match is not None and self._token_match(string):
                break
            if string in specials:
                break
            last_size = len(string)
            pre_len = self._prefix_len(string)
            prefix = minus_pre = ""
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and minus_pre in specials:
                    string = minus_pre
                    prefixes.append(prefix)
                    break
            suf_len = self._suffix_len(string[pre_len:])
            suffix = minus_suf = ""
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and minus_suf in specials:
                    string = minus_suf
                    suffixes.append(suffix)
                    break
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        tokens = list(prefixes)
        if string:
            if string in specials:
                tokens.extend(specials[string])
            elif (self._token_match is not None and self._token_match(string)) or (
                    self._url is not None and self._url(string)):
                tokens.append(string)
            else:
                start = 0
                for m in self._infix(string):
                    infix_start, infix_end = m.start(), m.end()
                    if infix_start == 0:
                        continue
                    if infix_start != start:
                        tokens.append(string[start:infix_start])
                    if infix_start != infix_end:
                        tokens.append(string[infix_start:infix_end])
                    start = infix_end
                if string[start:]:
                    tokens.append(string[start:])
        tokens.extend(reversed(suffixes))
        return tuple(tokens)

    def _special_pass(self, text: str, pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
        """Tokenizer._apply_special_cases: runs of tokens spelling a special case, longest
        first then leftmost, replaced by its tokens (the last keeps the space after it)."""
        if not self._special_runs or not pieces:
            return pieces
        texts = [t for t, _ in pieces]
        found: set[tuple[int, int]] = set()
        for i, first in enumerate(texts):
            for run in self._runs_from.get(first, ()):
                if tuple(texts[i:i + len(run)]) == run:
                    found.add((i, i + len(run)))
        if not found:
            return pieces
        seen: set[int] = set()
        chosen: list[tuple[int, int]] = []
        for start, end in sorted(found, key=lambda m: (-(m[1] - m[0]), m[0])):
            if start not in seen and end - 1 not in seen:
                chosen.append((start, end))
            seen.update(range(start, end))
        out: list[tuple[str, bool]] = []
        i = 0
        starts = dict(chosen)
        while i < len(pieces):
            if i not in starts:
                out.append(pieces[i])
                i += 1
                continue
            end = starts[i]
            span = "".join(t + (" " if s else "") for t, s in pieces[i:end - 1])
            span += pieces[end - 1][0]
            rule = self.specials.get(span)
            if rule is None:
                out.extend(pieces[i:end])
            else:
                out.extend((t, False) for t in rule[:-1])
                out.append((rule[-1], pieces[end - 1][1]))
            i = end
        return out


_TokenPattern = tuple[tuple[dict[str, Any], ...], str, str]


@dataclass
class Ruler:
    """An EntityRuler: phrase patterns matched on lower case or exact text, token patterns of
    fixed length (LOWER, ORTH, IS_LOWER) matched on every token. Patterns are indexed by their
    first token, so a token costs one look-up however many patterns there are."""

    name: str
    tokenizer: Tokenizer
    phrase_attr: str = "ORTH"   # ORTH or LOWER
    overwrite: bool = False
    patterns: list[dict[str, Any]] = field(default_factory=list)
    # first token -> (tokens, label, id); token patterns by their first LOWER / ORTH value
    _phrases: dict[str, list[tuple[tuple[str, ...], str, str]]] = field(default_factory=dict)
    _by_lower: dict[str, list[_TokenPattern]] = field(default_factory=dict)
    _by_orth: dict[str, list[_TokenPattern]] = field(default_factory=dict)
    _anywhere: list[_TokenPattern] = field(default_factory=list)

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        for entry in patterns:
            self.patterns.append(entry)
            label, ent_id, pattern = entry["label"], entry.get("id", ""), entry["pattern"]
            if isinstance(pattern, str):
                doc = self.tokenizer(pattern)
                key = tuple(self._attr(t) for t in doc.tokens)
                if key:
                    group = self._phrases.setdefault(key[0], [])
                    if (key, label, ent_id) not in group:
                        group.append((key, label, ent_id))
                continue
            specs = tuple(pattern)
            for spec in specs:
                unknown = set(spec) - {"LOWER", "ORTH", "IS_LOWER"}
                if unknown:
                    raise ValueError(f"token pattern attribute not supported: {sorted(unknown)}")
            item = (specs, label, ent_id)
            first = specs[0] if specs else {}
            if "LOWER" in first:
                self._by_lower.setdefault(first["LOWER"], []).append(item)
            elif "ORTH" in first:
                self._by_orth.setdefault(first["ORTH"], []).append(item)
            else:
                self._anywhere.append(item)

    def _attr(self, token: Token) -> str:
        return token.lower_ if self.phrase_attr == "LOWER" else token.text

    def matches(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """(start, end, label, id) of every match, longest first, then leftmost."""
        texts = [t.text for t in doc.tokens]
        lowers = [t.lower() for t in texts]
        keys = lowers if self.phrase_attr == "LOWER" else texts
        n = len(keys)
        found: dict[tuple[int, int], list[tuple[str, str]]] = {}

        def fits(specs: tuple[dict[str, Any], ...], i: int) -> bool:
            if i + len(specs) > n:
                return False
            for k, spec in enumerate(specs):
                j = i + k
                if ("LOWER" in spec and lowers[j] != spec["LOWER"]) or (
                        "ORTH" in spec and texts[j] != spec["ORTH"]) or (
                        "IS_LOWER" in spec and texts[j].islower() != spec["IS_LOWER"]):
                    return False
            return True

        for i in range(n):
            for key, label, ent_id in self._phrases.get(keys[i], ()):
                if tuple(keys[i:i + len(key)]) == key:
                    found.setdefault((i, i + len(key)), []).append((label, ent_id))
            for specs, label, ent_id in (*self._by_lower.get(lowers[i], ()),
                                         *self._by_orth.get(texts[i], ()), *self._anywhere):
                if fits(specs, i):
                    found.setdefault((i, i + len(specs)), []).append((label, ent_id))
        ordered = sorted(found, key=lambda m: (m[1] - m[0], -m[0]), reverse=True)
        return [(s, e, *found[(s, e)][0]) for s, e in ordered if e > s]

    def __call__(self, doc: Doc) -> Doc:
        taken = {t for ent in doc.ents for t in range(ent.start, ent.end)}
        entities = list(doc.ents)
        seen: set[int] = set()
        for start, end, label, ent_id in self.matches(doc):
            if not self.overwrite and any(t in taken for t in range(start, end)):
                continue
            if start not in seen and end - 1 not in seen:
                entities = [e for e in entities if not (e.start < end and e.end > start)]
                entities.append(Span(doc, start, end, label, ent_id))
                seen.update(range(start, end))
        doc.ents = tuple(sorted(entities, key=lambda e: e.start))
        return doc


class Pipeline:
    """Tokenizer plus rulers, called like a spaCy `Language`."""

    def __init__(self, rules: TokenizerRules) -> None:
        self.tokenizer = Tokenizer(rules)
        self.rulers: list[Ruler] = []

    def add_ruler(self, name: str, *, phrase_attr: str = "ORTH", overwrite: bool = False
                  ) -> Ruler:
        ruler = Ruler(name, self.tokenizer, phrase_attr, overwrite)
        self.rulers.append(ruler)
        return ruler

    def make_doc(self, text: str) -> Doc:
        return self.tokenizer(text)

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        for ruler in self.rulers:
            ruler(doc)
        return doc
