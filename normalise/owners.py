"""Owners and leads: people, job titles and organisations with official codes.

A rule-based pipeline (spaCy's English tokenizer + EntityRuler, no model download, applied by
``owner_nlp`` without importing spaCy) marks
organisations (from the gazetteer ``reference/organisations.csv``: names, abbreviations and
their spelling variants), place stems ("North Staffordshire" in "North Staffordshire & Stoke
on Trent CCGs") and job-title heads. Plain rules then find person names (2-3 capitalised words
outside the vocabulary), grow titles over their portfolio words ("Strategic Manager
Safeguarding Quality and Commissioning"), and fill owner slots (person, title, organisations):
a slot that is already filled starts the next owner, so "CEO, UHNM CEO, SSOTP" gives two.

Why the rules are shaped this way:
- one owner per unit, one row per (owner, organisation): "Managing Director- North
  Staffordshire & Stoke on Trent CCGs" is one owner (one ``position``) in two rows, 05G and 05W;
- "/", ";", line breaks and "and" between owners separate them; "A / B" and "A and B" between
  organisations group them; a title-only owner joined by "/" or "and" to a following owner of
  the same shape takes its organisation ("Accountable Officer and Director of Commissioning,
  CCG": both of the CCG);
- bare generic words ("CCG", "City Council", "HWBB") resolve to the gazetteer row of that type
  in the plan's own area (resolution ``context``), preferring the body named after the area;
- a person named without an organisation takes it (and a missing title) from the plan's own
  officer directory (``owner_context``): membership lists, "Reporting Officer Lead:" lines and
  other cells of the same plan that name the person with an organisation;
- identical owners repeated within one cell (per-trust sub-rows) are kept once.

The nlp object and the gazetteer are built once per gazetteer path (``lru_cache``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .owner_nlp import Doc, Pipeline, Span
from .owner_rules import Extras, load_rules

# --------------------------------------------------------------------------- gazetteer

_REPO_CSV = Path(__file__).resolve().parents[1] / "reference" / "organisations.csv"


def default_gazetteer_path() -> Path:
    """The packaged copy (``actionplans/normalise/organisations.csv``) when installed with it,
    else the repository's ``reference/organisations.csv``."""
    try:
        packaged = resources.files("actionplans.normalise") / "organisations.csv"
        if packaged.is_file():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError):
        pass
    return _REPO_CSV


@dataclass(frozen=True)
class Org:
    """One gazetteer row."""

    key: int
    name: str
    aliases: tuple[str, ...]
    org_type: str
    code: str | None
    code_system: str | None
    area: str | None


def _norm(text: str) -> str:
    """Comparison key: lower case, '&' as 'and', hyphens and runs of space as one space."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[-–—]", " ", text)
    text = re.sub(r"[^\w' ]", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=8)
def load_gazetteer(path: str | Path | None = None) -> tuple[Org, ...]:
    """Rows of the organisations CSV (columns name, abbreviations, org_type, code, code_system,
    other_codes, area, notes)."""
    csv_path = Path(path) if path is not None else default_gazetteer_path()
    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    orgs = []
    for i, row in enumerate(rows):
        aliases = tuple(a.strip() for a in (row.get("abbreviations") or "").split(";") if a.strip())
        orgs.append(Org(
            key=i, name=row["name"].strip(), aliases=aliases, org_type=row["org_type"].strip(),
            code=(row.get("code") or "").strip() or None,
            code_system=(row.get("code_system") or "").strip() or None,
            area=(row.get("area") or "").strip() or None,
        ))
    return tuple(orgs)


# Generic words that name "the body of this type in the plan's area".
GENERIC_TERMS: dict[str, str] = {
    "ccg": "ccg", "ccgs": "ccg", "clinical commissioning group": "ccg",
    "council": "local_authority", "city council": "local_authority",
    "borough council": "local_authority", "local authority": "local_authority",
    "la": "local_authority",
    "healthwatch": "healthwatch", "gp federation": "gp_federation", "gp fed": "gp_federation",
    "stp": "stp",
    "hwbb": "health_and_wellbeing_board", "hwb": "health_and_wellbeing_board",
    "h and wb": "health_and_wellbeing_board",
    "health and wellbeing board": "health_and_wellbeing_board",
    "health and well being board": "health_and_wellbeing_board",
}
# Organisation types whose short names are only meaningful inside one area.
_LOCAL_TYPES = {"health_and_wellbeing_board", "partnership_board", "healthwatch",
                "safeguarding_board", "gp_federation"}
_TYPE_SUFFIXES = (
    "nhs foundation trust", "foundation trust", "nhs trust", "clinical commissioning group", "ccg",
    "city council", "borough council", "county council", "council", "stp",
)


_PLACE_HYPHEN = re.compile(r"-(on|upon|under|le|in|by|the)-")
_PLACE_SPACE = re.compile(r"(?<=[A-Z][a-z]) (on|upon|under|le) (?=[A-Z])")


def _name_variants(name: str) -> set[str]:
    """Spellings a plan may use for one official name."""
    out = {name}
    for _ in range(2):
        for v in list(out):
            out.add(v.replace(" and ", " & "))
            out.add(v.replace(" & ", " and "))
            # Place names written with or without hyphens: "Stoke-on-Trent" / "Stoke on Trent".
            out.add(_PLACE_HYPHEN.sub(r" \1 ", v))
            out.add(_PLACE_SPACE.sub(r"-\1-", v))
            out.add(v.replace("North West", "Northwest"))
            out.add(re.sub(r"\bCCG\b", "Clinical Commissioning Group", v))
            if v.startswith("NHS ") and v.endswith((" CCG", " Clinical Commissioning Group")):
                out.add(v[4:])
            out.add(re.sub(r" NHS (Foundation )?Trust$", r" \1Trust", v).replace("  ", " "))
    plural = {v + "s" for v in out if v.endswith(" CCG")}
    return out | plural


def _stem(name: str) -> str | None:
    """The place part of an organisation name ("NHS North Staffordshire CCG" -> "North
    Staffordshire"), used to read "North Staffordshire & Stoke on Trent CCGs"."""
    n = _norm(name)
    n = re.sub(r"^nhs ", "", n)
    for suffix in _TYPE_SUFFIXES:
        if n.endswith(" " + suffix):
            stem = n[: -len(suffix) - 1].strip()
            return stem or None
    return None


# --------------------------------------------------------------------------- vocabulary

TITLE_PHRASES = (
    "Chief Executive Officer", "Chief Executive", "Chief Officer", "Chief Operating Officer",
    "Chief Nurse", "Chief Finance Officer", "Accountable Officer", "Managing Director",
    "Medical Director", "Clinical Director", "City Director", "Head of Directorate",
    "Head of Service", "Strategic Manager", "Programme Manager", "Senior Responsible Owner",
    "Senior Responsible Officer", "Vice Chair", "Liaison Officer", "Team Leader",
)
TITLE_HEADS = (
    "Director", "Manager", "Officer", "Chair", "Chairman", "Chairperson", "Head", "Lead",
    "Leader", "Nurse", "Matron", "Executive", "Commissioner", "Coordinator", "Co-ordinator",
    "Associate", "Consultant", "Secretary", "Adviser", "Advisor", "Administrator", "Owner",
)
TITLE_ABBREVIATIONS = ("CEO", "AO", "SRO", "HOD", "COO", "CFO", "DASS", "DPH")
_MODIFIERS = {
    "assistant", "deputy", "acting", "interim", "associate", "executive", "joint", "senior",
    "snr", "strategic", "divisional", "managing", "chief", "operating", "accountable",
    "medical", "clinical", "city", "programme", "operational", "principal", "general",
    "service", "group", "liaison", "project", "team", "regional", "locality", "corporate",
    "lead", "specialist", "responsible", "vice", "commissioning", "comm", "transformation",
    "delivery", "nurse", "quality", "business", "finance", "area",
}
_DOMAIN = {
    "commissioning", "comm", "health", "social", "care", "adult", "adults", "partnerships",
    "partnership", "safeguarding", "quality", "safety", "strategy", "business", "redesign",
    "nursing", "midwifery", "governance", "operations", "leadership", "workforce",
    "development", "estates", "engagement", "primary", "intermediate", "urgent", "neuro",
    "old", "age", "psychiatry", "services", "service", "transformation", "delivery",
    "performance", "finance", "planning", "integration", "integrated", "community", "mental",
    "children", "public", "medicine", "medicines", "pharmacy", "therapy", "therapies",
    "patient", "experience", "flow", "discharge", "improvement", "information", "technology",
    "digital", "policy", "contracts", "contracting", "housing", "prevention", "wellbeing",
    "learning", "disabilities", "people", "older", "frailty", "continuing", "healthcare",
    "resources", "directorate", "assurance", "risk", "support", "provider", "market",
    "sustainability", "programmes", "projects", "acute", "secondary", "operational",
    "unplanned", "planned", "elective", "communications", "corporate", "affairs",
    "research", "education", "training", "organisational", "record", "shared", "dementia",
    "end", "life", "palliative", "emergency", "clinical", "medical",
}
_COMMON = {
    "all", "the", "and", "system", "systems", "voluntary", "sector", "board", "group",
    "committee", "working", "review", "team", "forum", "network", "partners", "tbc", "tbd",
    "update", "completed", "complete", "ongoing", "to", "be", "confirmed", "see", "action",
    "plan", "lead", "organisation", "organisations", "reporting", "officer", "no", "not",
    "nhs", "trust", "trusts", "hospital", "hospitals", "council",
    "england", "national", "local", "responsible", "start", "finish", "by", "when", "owner",
    "this", "with", "from", "for", "of", "in", "on", "at", "a", "an", "each", "both",
}
GROUP_ROLES = {
    "leads", "leaders", "representatives", "partners", "members", "officers", "managers",
    "directors", "chairs", "executives", "teams", "commissioners", "providers", "ceos",
}
_HONORIFICS = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "prof", "prof.",
               "professor", "cllr", "cllr.", "councillor", "sir", "dame"}
_TITLE_LINKS = {"of", "for", "-", "–", "—", ",", "and", "&", ".", "("}
# Lower-case function words between an owner's parts ("Chair of the Alliance Board",
# "Sue Wallace-Bonner, the Director of ...", "Senior Associate from the ...").
_FUNCTION_WORDS = {"of", "the", "for", "at", "from", "in", "with", "by", "on", "within", "a", "an"}
_OWNER_BREAKS = {"/", ";", "\n"}
_AND = {"and", "&"}
_NAME_RE = re.compile(r"^(?:[A-Z][a-z]+(?:['’][A-Z]?[a-z]+)?|[A-Z]['’][A-Z][a-z]+|Mc[A-Z][a-z]+)$")


# --------------------------------------------------------------------------- nlp


@dataclass(frozen=True)
class _Lexicon:
    """Everything built once from the gazetteer: the nlp object and its lookup tables."""

    nlp: Pipeline
    orgs: tuple[Org, ...]
    surface: dict[str, tuple[int, ...]]   # normalised name/alias -> gazetteer keys
    full_names: frozenset[str]            # normalised official names (and their variants)
    stems: dict[str, tuple[int, ...]]     # normalised place stem -> gazetteer keys
    vocab: frozenset[str]                 # lower-case words that are never part of a name


# Added to spaCy's English affixes: split '/', trailing hyphens ("Wallace-", "Director-") and
# dashes off words.
TOKENIZER_EXTRAS = Extras(prefixes=(r"/", r"[–—]"), suffixes=(r"/", r"[–—]", r"(?<=[A-Za-z])-"),
                          infixes=(r"/", r"[–—]"))


def _case_sensitive(alias: str) -> bool:
    """Short or upper-case abbreviations must match exactly ("LA", "SOT CC", "HBC")."""
    return len(alias.split()) == 1 or alias.upper() == alias or len(alias) <= 6


@lru_cache(maxsize=4)
def _lexicon(path: str) -> _Lexicon:
    orgs = load_gazetteer(path)
    nlp = Pipeline(load_rules(TOKENIZER_EXTRAS))  # spaCy's rules without spaCy (owner_nlp)
    # Names (case-insensitive phrases) and title words first; exact-case abbreviations second,
    # so a long name wins over an abbreviation inside it. Phrase patterns keep matching fast.
    names = nlp.add_ruler("names_ruler", phrase_attr="LOWER", overwrite=True)
    abbrs = nlp.add_ruler("abbreviations_ruler", overwrite=False)
    name_patterns: list[dict[str, Any]] = []
    abbr_patterns: list[dict[str, Any]] = []
    surface: dict[str, set[int]] = {}
    full_names: set[str] = set()
    stems: dict[str, set[int]] = {}
    seen: set[tuple[str, str]] = set()

    def add(label: str, text: str, key: str, *, case_sensitive: bool) -> None:
        marker = (label, text if case_sensitive else text.lower())
        if marker in seen:
            return
        seen.add(marker)
        target = abbr_patterns if case_sensitive else name_patterns
        target.append({"label": label, "id": key, "pattern": text})

    for org in orgs:
        for variant in _name_variants(org.name):
            key = _norm(variant)
            surface.setdefault(key, set()).add(org.key)
            full_names.add(key)
            add("ORG", variant, key, case_sensitive=False)
        for alias in org.aliases:
            for variant in _name_variants(alias):
                key = _norm(variant)
                surface.setdefault(key, set()).add(org.key)
                add("ORG", variant, key, case_sensitive=_case_sensitive(alias))
        stem = _stem(org.name)
        if stem:
            stems.setdefault(stem, set()).add(org.key)
    for term in GENERIC_TERMS:
        surface.setdefault(term, set())
    for text in ("CCG", "CCGs", "Clinical Commissioning Group", "Council", "City Council",
                 "Borough Council", "Local Authority", "Health and Wellbeing Board",
                 "Health & Wellbeing Board", "Health and Well-being Board", "GP Federation"):
        add("ORG", text, _norm(text), case_sensitive=False)
    for text in ("LA", "HWBB", "HWB", "H&WB", "STP", "Healthwatch", "GP Fed"):
        add("ORG", text, _norm(text), case_sensitive=True)
    for stem in stems:
        for variant in _name_variants(stem.title()):
            add("PLACE", variant, _norm(variant), case_sensitive=False)
    for phrase in TITLE_PHRASES:
        name_patterns.append({"label": "TITLE", "id": "title", "pattern": [
            {"LOWER": t.lower_, "IS_LOWER": False} if t.is_alpha and t.lower_ not in ("of",)
            else {"LOWER": t.lower_} for t in nlp.make_doc(phrase)]})
    for head in TITLE_HEADS:
        name_patterns.append({"label": "TITLE", "id": "title",
                              "pattern": [{"LOWER": head.lower(), "IS_LOWER": False}]})
    for abbr in TITLE_ABBREVIATIONS:
        abbr_patterns.append({"label": "TITLE", "id": "title", "pattern": abbr})
    names.add_patterns(name_patterns)
    abbrs.add_patterns(abbr_patterns)

    vocab = set(_MODIFIERS | _DOMAIN | _COMMON | GROUP_ROLES)
    vocab |= {w.lower() for w in TITLE_HEADS}
    vocab |= {w.lower() for p in TITLE_PHRASES for w in p.split()}
    for org in orgs:
        for text in (org.name, *org.aliases):
            vocab |= {w for w in _norm(text).split() if len(w) > 1}
    return _Lexicon(
        nlp=nlp, orgs=orgs,
        surface={k: tuple(sorted(v)) for k, v in surface.items()},
        full_names=frozenset(full_names),
        stems={k: tuple(sorted(v)) for k, v in stems.items()},
        vocab=frozenset(vocab),
    )


def build_nlp(gazetteer: str | Path | None = None) -> Pipeline:
    """The (cached) pipeline: spaCy's tokenizer and EntityRulers with ORG, PLACE and TITLE,
    applied without spaCy (owner_nlp)."""
    return _lexicon(str(gazetteer or default_gazetteer_path())).nlp


# --------------------------------------------------------------------------- chunks


@dataclass
class _Chunk:
    kind: str          # org | place | title | person | surname | sep | other
    start: int         # token index
    end: int
    text: str
    keys: tuple[str, ...] = ()   # normalised org surfaces (org chunks, grouped)


def _is_name_token(tok: Any, vocab: frozenset[str]) -> bool:
    return bool(_NAME_RE.match(tok.text)) and tok.lower_ not in vocab


def _persons(doc: Doc, taken: list[bool], lex: _Lexicon,
             known: frozenset[str]) -> list[_Chunk]:
    """Runs of capitalised non-vocabulary words (hyphenated names joined) split into names."""
    out: list[_Chunk] = []
    i, n = 0, len(doc)
    while i < n:
        if taken[i]:
            i += 1
            continue
        j = i
        honorific = doc[i].lower_ in _HONORIFICS and doc[i].text[0].isupper()
        if honorific:
            j += 1
        words: list[tuple[int, int]] = []   # token spans of single name words
        while j < n and not taken[j] and _is_name_token(doc[j], lex.vocab):
            k = j + 1
            # "Wallace-Bonner", "Wallace- Bonner", "Munton-Davies"
            while (k + 1 < n and doc[k].text == "-" and not doc[k - 1].whitespace_
                   and not taken[k + 1] and _is_name_token(doc[k + 1], lex.vocab)):
                k += 2
            words.append((j, k))
            j = k
        if not words:
            i += 1
            continue
        for start, end in _split_names(doc, words, known):
            if honorific and start == words[0][0]:
                start = i
            kind = "person" if end - start > 1 and (
                len([w for w in words if start <= w[0] < end]) > 1 or honorific) else "surname"
            out.append(_Chunk(kind, start, end, _name_text(doc[start:end])))
        i = j
    return out


def _split_names(doc: Doc, words: list[tuple[int, int]],
                 known: frozenset[str]) -> list[tuple[int, int]]:
    """A run of name words split into names: the plan's known names first, else pairs (a run
    of three is one name: "Anna Marie Jones")."""
    out: list[tuple[int, int]] = []
    w = 0
    while w < len(words):
        rest = len(words) - w
        for size in (3, 2):
            if size <= rest and _norm(_name_text(doc[words[w][0]:words[w + size - 1][1]])) in known:
                break
        else:
            size = rest if rest <= 3 else 2
            if rest == 5:
                size = 2
        out.append((words[w][0], words[w + size - 1][1]))
        w += size
    return out


def _name_text(span: Span) -> str:
    """A name as one string: "Wallace- Bonner" -> "Wallace-Bonner"."""
    text = span.text
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


def _clean_title(text: str) -> str:
    text = re.sub(r"(\w)-\s+(\w)", r"\1-\2", text)
    text = " ".join(text.split())
    return text.strip(" ,-–—:(").strip()


def _chunks(doc: Doc, lex: _Lexicon, known: frozenset[str]) -> list[_Chunk]:
    n = len(doc)
    taken = [False] * n
    chunks: list[_Chunk] = []
    titles: list[Span] = []
    for ent in doc.ents:
        for t in range(ent.start, ent.end):
            taken[t] = True
        if ent.label_ == "TITLE":
            titles.append(ent)
        else:
            chunks.append(_Chunk(ent.label_.lower(), ent.start, ent.end, ent.text, (ent.ent_id_,)))
    persons = _persons(doc, taken, lex, known)
    for p in persons:
        for t in range(p.start, p.end):
            taken[t] = True
    chunks += persons
    title_starts = {t.start for t in titles}

    def starts_title(i: int) -> bool:
        while i < n and doc[i].lower_ in _MODIFIERS and not taken[i]:
            i += 1
        return i in title_starts

    def free_title_word(tok: Any) -> bool:
        low = tok.lower_
        return (low in _MODIFIERS or low in _DOMAIN or (tok.is_upper and tok.is_alpha is False)
                or (tok.text.isupper() and len(tok.text) > 1 and low not in lex.surface))

    merged: list[list[int]] = []
    for ent in titles:
        if merged and merged[-1][1] == ent.start:
            merged[-1][1] = ent.end          # "Chief Executive" + "Officer"
        else:
            merged.append([ent.start, ent.end])
    for pair in merged:
        start, end = pair
        # left: modifiers and portfolio words ("Snr Comm Manager", "IM&T Director",
        # "Transformation and Delivery Manager")
        s = start
        while s > 0 and not taken[s - 1]:
            tok = doc[s - 1]
            joined = (tok.lower_ in _AND and s - 2 >= 0 and not taken[s - 2]
                      and free_title_word(doc[s - 2]))
            if free_title_word(tok) or joined:
                s -= 1
            else:
                break
        # right: portfolio ("of Nursing, Quality and Safety", "- Commissioning Health ...")
        e = end
        last_word = end
        while e < n and not taken[e]:
            tok = doc[e]
            if tok.text in _OWNER_BREAKS or (tok.text == "\n"):
                break
            if tok.text == "." and last_word == e and not doc[e - 1].whitespace_:
                e += 1                        # abbreviation point: "Head of Comm."
                last_word = e
                continue
            if tok.lower_ in _TITLE_LINKS or tok.text in ("the",):
                if tok.lower_ in _AND | {","} and starts_title(e + 1):
                    break                     # "Accountable Officer and Director ..."
                e += 1
                continue
            if (tok.lower_ in _DOMAIN or tok.lower_ in _MODIFIERS
                    or (tok.text[:1].isupper() and tok.is_alpha)
                    or (tok.text.isupper() and len(tok.text) > 1)):
                e += 1
                last_word = e
                continue
            break
        for t in range(s, last_word):
            taken[t] = True
        chunks.append(_Chunk("title", s, last_word,
                             _clean_title(doc[s:last_word].text)))
    # the rest: separators and free words
    i = 0
    while i < n:
        if taken[i]:
            i += 1
            continue
        tok = doc[i]
        if (tok.text in _OWNER_BREAKS or tok.lower_ in _AND
                or tok.text in {",", "-", "–", "—", ":", "(", ")", "."}
                or tok.text in _FUNCTION_WORDS):
            chunks.append(_Chunk("sep", i, i + 1, tok.lower_))
            i += 1
            continue
        if tok.is_space or tok.is_punct:
            i += 1
            continue
        j = i
        while j < n and not taken[j] and not (doc[j].text in _OWNER_BREAKS or doc[j].lower_ in _AND
                                               or doc[j].text in {",", ";", "(", ")"}
                                               or doc[j].text in _FUNCTION_WORDS):
            j += 1
        chunks.append(_Chunk("other", i, j, " ".join(doc[i:j].text.split())))
        i = j
    chunks.sort(key=lambda c: c.start)
    return _group_orgs(chunks)


def _group_orgs(chunks: list[_Chunk]) -> list[_Chunk]:
    """ORG/PLACE chunks joined by '/', '&' or 'and' become one organisation group."""
    out: list[_Chunk] = []
    i = 0
    while i < len(chunks):
        c = chunks[i]
        if c.kind in ("org", "place"):
            group = _Chunk("org", c.start, c.end, c.text, tuple(f"{c.kind}:{k}" for k in c.keys))
            j = i + 1
            while (j + 1 < len(chunks) and chunks[j].kind == "sep"
                   and chunks[j].text in {"/", "and", "&", "("}
                   and chunks[j + 1].kind in ("org", "place")):
                nxt = chunks[j + 1]
                group = _Chunk("org", group.start, nxt.end, "", group.keys + tuple(
                    f"{nxt.kind}:{k}" for k in nxt.keys))
                j += 2
                if chunks[j - 2].text == "(" and j < len(chunks) and chunks[j].text == ")":
                    j += 1                    # "NHS Halton Clinical Commissioning Group (CCG)"
            out.append(group)
            i = j
        else:
            out.append(c)
            i += 1
    return out


# --------------------------------------------------------------------------- units


@dataclass
class _Unit:
    person: _Chunk | None = None
    title: _Chunk | None = None
    orgs: _Chunk | None = None
    other: list[_Chunk] = field(default_factory=list)
    joined_by: str | None = None      # separator before this unit ("/", "and", "\n", ...)
    shared_org: bool = False

    def empty(self) -> bool:
        return not (self.person or self.title or self.orgs or self.other)

    def span(self) -> tuple[int, int]:
        """Tokens this owner was read from (a borrowed organisation is not part of it)."""
        orgs = None if self.shared_org else self.orgs
        parts = [c for c in (self.person, self.title, orgs, *self.other) if c]
        return min(c.start for c in parts), max(c.end for c in parts)


def _units(chunks: Sequence[_Chunk]) -> list[_Unit]:
    units: list[_Unit] = [_Unit()]
    pending_sep: str | None = None

    def new(sep: str | None) -> _Unit:
        if not units[-1].empty():
            units.append(_Unit(joined_by=sep))
        return units[-1]

    for c in chunks:
        cur = units[-1]
        if c.kind == "sep":
            if c.text in _OWNER_BREAKS or c.text in _AND:
                new(c.text)
                pending_sep = None
            else:
                pending_sep = c.text
            continue
        if c.kind in ("person", "surname"):
            if cur.person or cur.title or cur.other:
                cur = new(pending_sep)
            cur.person = c
        elif c.kind == "title":
            if cur.title or cur.other:
                cur = new(pending_sep)
            cur.title = c
        elif c.kind == "org":
            if cur.orgs or cur.other:
                cur = new(pending_sep)
            cur.orgs = c
        else:
            if not cur.empty():
                cur = new(pending_sep)
            cur.other.append(c)
        pending_sep = None
    units = [u for u in units if not u.empty()]
    # "Accountable Officer and Director of Commissioning, CCG", "SRO / CEO, NSCHT"
    for i in range(len(units) - 2, -1, -1):
        u, nxt = units[i], units[i + 1]
        if (u.title and not u.person and not u.orgs and not u.other and nxt.title
                and nxt.orgs and not nxt.person and nxt.joined_by in ("/", "and", "&")):
            u.orgs = nxt.orgs
            u.shared_org = True
    return units


# --------------------------------------------------------------------------- resolution


@dataclass(frozen=True)
class ResolvedOrg:
    name: str
    code: str | None
    code_system: str | None
    org_type: str
    resolution: str      # cell | abbreviation | context


def _area_rows(lex: _Lexicon, area: str, org_type: str) -> list[Org]:
    rows = [o for o in lex.orgs
            if o.org_type == org_type and o.area and _norm(o.area) == _norm(area)]
    named = [o for o in rows if _norm(area) in _norm(o.name)]
    return named or rows


def _resolve_surface(lex: _Lexicon, key: str, area: str) -> ResolvedOrg | None:
    generic = GENERIC_TERMS.get(key)
    candidates = [lex.orgs[k] for k in lex.surface.get(key, ())]
    local = [o for o in candidates if o.area and _norm(o.area) == _norm(area)]
    area_bound = generic is not None or any(o.org_type in _LOCAL_TYPES for o in candidates)
    if generic and not local:
        local = _area_rows(lex, area, generic)
    if local:
        picks = local
    elif area_bound or len({o.key for o in candidates}) != 1:
        return None
    else:
        picks = candidates
    if len(picks) > 1:
        named = [o for o in picks if _norm(area) in _norm(o.name)]
        if len(named) != 1:
            return None
        picks = named
    org = picks[0]
    if generic or (area_bound and key not in lex.full_names):
        how = "context"
    elif key in lex.full_names:
        how = "cell"
    else:
        how = "abbreviation"
    return ResolvedOrg(org.name, org.code, org.code_system, org.org_type, how)


def _resolve_group(lex: _Lexicon, keys: Iterable[str], area: str) -> list[ResolvedOrg | None]:
    """Organisations of one group; a place stem takes the type of an organisation in the
    group ("North Staffordshire & Stoke on Trent CCGs")."""
    keys = list(keys)
    resolved: dict[int, ResolvedOrg | None] = {}
    for i, k in enumerate(keys):
        kind, key = k.split(":", 1)
        if kind == "org":
            resolved[i] = _resolve_surface(lex, key, area)
    types = {r.org_type for r in resolved.values() if r}
    for i, k in enumerate(keys):
        kind, key = k.split(":", 1)
        if kind != "place":
            continue
        rows = [lex.orgs[x] for x in lex.stems.get(key, ()) if lex.orgs[x].org_type in types]
        resolved[i] = (ResolvedOrg(rows[0].name, rows[0].code, rows[0].code_system,
                                   rows[0].org_type, "cell") if len(rows) == 1 else None)
    out: list[ResolvedOrg | None] = []
    for i in range(len(keys)):
        r = resolved[i]
        if r is None or all(o is None or o.name != r.name for o in out):
            out.append(r)
    return out


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Officer:
    """A person the plan itself names with a title and/or organisation."""

    person: str
    job_title: str | None
    orgs: tuple[ResolvedOrg, ...]
    tier: int            # 0 = membership list / front matter, 1 = another table cell
    line: int


@dataclass(frozen=True)
class OwnerContext:
    """What one plan tells about its owners, built once per document by `owner_context`."""

    area: str
    gazetteer: str
    officers: dict[str, Officer] = field(default_factory=dict)   # normalised name -> best
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def known_names(self) -> frozenset[str]:
        return frozenset(self.officers)


_TAG = re.compile(r"<[^>]+>")
_BREAK_TAGS = re.compile(r"</?(?:p|li|br|ul|ol)\b[^>]*>", re.I)
_BULLET = re.compile(r"^\s*(?:[-•*·]\s*)+(?:o\s+)?")
_LABEL = re.compile(r"^\s*[A-Z][A-Za-z ]{2,40}:\s*(?=\S)")
_NAMEISH = re.compile(r"[A-Z][a-z'’]+[- ]+[A-Z][a-z]")


def _plain_lines(cell: str) -> list[str]:
    cell = _BREAK_TAGS.sub("\n", cell)
    cell = _TAG.sub(" ", cell)
    return [" ".join(line.split()) for line in cell.split("\n") if line.strip()]


def owner_context(area: str, full_text: str, *,
                  gazetteer: str | Path | None = None) -> OwnerContext:
    """The plan's own officer directory: bullets of membership lists (an organisation bullet
    followed by its officers' bullets), 'Label: Name, Title, Org' lines, prose naming a person
    with a title and organisation, and short table cells that name a person with an
    organisation. Front matter (tier 0) wins over cells (tier 1); first mention wins within a
    tier."""
    path = str(gazetteer or default_gazetteer_path())
    lex = _lexicon(path)
    found: list[Officer] = []
    current_org: tuple[ResolvedOrg, ...] = ()
    for lineno, line in enumerate(full_text.split("\n"), start=1):
        if "\t" in line:
            current_org = ()
            for cell in line.split("\t"):
                if len(cell) > 400 or not _NAMEISH.search(cell):
                    continue
                for text in _plain_lines(cell):
                    if len(text) <= 200:
                        found += _officers_in(lex, text, area, 1, lineno, ())
            continue
        if not line.strip():
            continue
        bullet = _BULLET.match(line)
        text = line[bullet.end():] if bullet else _LABEL.sub("", line)
        text = text.strip().rstrip(";").strip()
        if text.endswith(" and"):
            text = text[:-4]
        if not text or len(text) > 400:
            current_org = () if not bullet else current_org
            continue
        units = _parse_units(lex, text, frozenset())
        if bullet and len(units) == 1 and units[0].orgs and not (
                units[0].person or units[0].title):
            current_org = tuple(o for o in _resolve_group(lex, units[0].orgs.keys, area) if o)
            continue
        found += _officers_in(lex, text, area, 0, lineno, current_org if bullet else (),
                              units=units)
        if not bullet:
            current_org = ()
    officers: dict[str, Officer] = {}
    for off in sorted(found, key=lambda o: (o.tier, o.line)):
        key = _norm(off.person)
        best = officers.get(key)
        if best is None or (not best.orgs and off.orgs and off.tier <= best.tier):
            officers[key] = off
    surnames: dict[str, list[str]] = {}
    for key in officers:
        surnames.setdefault(key.split()[-1], []).append(key)
    return OwnerContext(area=area, gazetteer=path, officers=officers,
                        surnames={k: tuple(v) for k, v in surnames.items()})


def _officers_in(lex: _Lexicon, text: str, area: str, tier: int, line: int,
                 inherited: tuple[ResolvedOrg, ...], *,
                 units: list[_Unit] | None = None) -> list[Officer]:
    out = []
    for u in units if units is not None else _parse_units(lex, text, frozenset()):
        if not u.person or u.person.kind != "person":
            continue
        orgs = tuple(o for o in _resolve_group(lex, u.orgs.keys, area) if o) if u.orgs else ()
        orgs = orgs or inherited
        title = u.title.text if u.title else None
        if orgs or title:
            out.append(Officer(u.person.text, title, orgs, tier, line))
    return out


# --------------------------------------------------------------------------- owners


def _parse_units(lex: _Lexicon, text: str, known: frozenset[str]) -> list[_Unit]:
    doc = lex.nlp(text)
    units = _units(_chunks(doc, lex, known))
    for u in units:
        u.doc = doc  # type: ignore[attr-defined]
    return units


def _unit_rows(lex: _Lexicon, u: _Unit, ctx: OwnerContext) -> tuple[str, list[dict[str, Any]]]:
    doc: Doc = u.doc  # type: ignore[attr-defined]
    start, end = u.span()
    raw = " ".join(doc[start:end].text.split())
    confidence = 1.0
    person = u.person.text if u.person else None
    job_title = u.title.text if u.title else None
    orgs: list[ResolvedOrg | None] = (
        _resolve_group(lex, u.orgs.keys, ctx.area) if u.orgs else [])
    if u.shared_org:
        confidence -= 0.1
    if any(o is None for o in orgs):
        confidence -= 0.3
    officer = None
    if person:
        key = _norm(person)
        officer = ctx.officers.get(key)
        if officer is None and u.person and u.person.kind == "surname":
            names = ctx.surnames.get(key, ())
            given = {o.name for o in orgs if o}
            fits = [n for n in names if not given or given & {o.name for o in ctx.officers[n].orgs}]
            if len(fits) == 1:
                officer = ctx.officers[fits[0]]
                person = officer.person
                confidence -= 0.2
            else:
                confidence -= 0.4
        elif officer is None:
            confidence -= 0.1
    known_orgs = [o for o in orgs if o]
    if not known_orgs and officer and officer.orgs:
        known_orgs = [ResolvedOrg(o.name, o.code, o.code_system, o.org_type, "context")
                      for o in officer.orgs]
        confidence -= 0.1
    if job_title is None and officer and officer.job_title:
        job_title = officer.job_title
    if u.other:
        words = " ".join(c.text for c in u.other)
        if not (person or job_title or known_orgs):
            if words.split()[-1].lower() in GROUP_ROLES:
                job_title = words
                confidence = min(confidence, 0.5)
            else:
                confidence = min(confidence, 0.2)
        else:
            confidence -= 0.2
    if not known_orgs:
        confidence -= 0.2
    confidence = round(max(confidence, 0.1), 2)
    base = {"raw": raw, "person": person, "job_title": job_title}
    if not known_orgs:
        return raw, [{**base, "organisation": None, "org_code": None, "org_code_system": None,
                      "org_type": None, "resolution": "none", "confidence": confidence}]
    return raw, [{**base, "organisation": o.name, "org_code": o.code,
                  "org_code_system": o.code_system, "org_type": o.org_type,
                  "resolution": o.resolution, "confidence": confidence} for o in known_orgs]


def parse_owner_cell(text: str | None, *, context: OwnerContext) -> list[list[dict[str, Any]]]:
    """One list of rows per owner named in a cell (an owner with two organisations has two
    rows). Lines are parsed separately; identical owners repeated in one cell are kept once."""
    if not text or not text.strip():
        return []
    lex = _lexicon(context.gazetteer)
    known = context.known_names()
    owners: list[list[dict[str, Any]]] = []
    seen: set[tuple[Any, ...]] = set()
    for line in text.split("\n"):
        if not line.strip():
            continue
        for unit in _parse_units(lex, line, known):
            _, rows = _unit_rows(lex, unit, context)
            ident = tuple((r["person"], r["job_title"], r["organisation"]) for r in rows)
            if ident in seen:
                continue
            seen.add(ident)
            owners.append(rows)
    return owners


def owners_for_action(action: dict[str, Any], *, context: OwnerContext) -> list[dict[str, Any]]:
    """Rows of the `owners` table for one `actions` row: its owner cell (role owner) and its
    operational-lead cell (role lead)."""
    out: list[dict[str, Any]] = []
    for role, field_name in (("owner", "owner_raw"), ("lead", "lead_raw")):
        for position, rows in enumerate(parse_owner_cell(action.get(field_name), context=context)):
            for row in rows:
                out.append({
                    "document_id": action["document_id"], "area": action["area"],
                    "area_id": action["area_id"], "action_id": action["action_id"],
                    "role": role, "position": position, **row,
                })
    return out
