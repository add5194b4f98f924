"""spaCy's English tokenizer rules, read from spaCy once and cached on disk.

Why: `owner_nlp` applies these rules without spaCy, and reading them needs spaCy itself
(about 1 s to import and build), so they are kept in the user's cache folder
(`actionplans.user_cache`) in a file named by everything they depend on: spaCy's version and
the owner module's own additions. The three affix expressions are long (30 kB) and take Python
0.1 s to compile, so the file also keeps their compiled form (the `re` engine's code, used only
by the Python build that made it; any other build compiles them again). A cache that cannot be
read or written is not an error: the rules are then read from spaCy in memory, with the same
result.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from actionplans.user_cache import cache_dir

FORMAT = 1  # bump when what is stored changes


@dataclass(frozen=True)
class Extras:
    """What the owner pipeline adds to spaCy's English affixes."""

    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    infixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TokenizerRules:
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    infix: re.Pattern[str]
    url: re.Pattern[str] | None
    token_match: re.Pattern[str] | None
    specials: dict[str, tuple[str, ...]]  # special-case text -> its tokens


_ABOUT_VERSION = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


@lru_cache(maxsize=1)
def _spacy_version() -> str:
    """spaCy's version from its `about.py`, found without importing spaCy; importlib.metadata
    (0.02 s of CPU for a worker) only when that file cannot be read."""
    import importlib.util

    with contextlib.suppress(ImportError, ValueError, OSError, TypeError):
        spec = importlib.util.find_spec("spacy")
        if spec is not None and spec.origin:
            about = Path(spec.origin).with_name("about.py").read_text(encoding="utf-8")
            if found := _ABOUT_VERSION.search(about):
                return found.group(1)
    from importlib import metadata

    try:
        return metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return "unknown"


def cache_key(extras: Extras) -> str:
    """What the rules depend on, hashed: spaCy's version, the extras and the storage format."""
    text = json.dumps([FORMAT, _spacy_version(), extras.prefixes, extras.suffixes,
                       extras.infixes], ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_rules(extras: Extras) -> TokenizerRules:
    """The rules for `extras`: from the cache when it holds them, else read from spaCy (and
    stored for the next run when the cache folder can be written)."""
    path = cache_dir() / f"spacy-tokenizer-{_spacy_version()}-{cache_key(extras)}.json"
    stored: dict[str, Any] | None = None
    with contextlib.suppress(OSError, ValueError, UnicodeDecodeError):
        stored = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(stored, dict) and stored.get("key") == cache_key(extras):
        with contextlib.suppress(KeyError, TypeError, ValueError, re.error):
            return _thaw(stored)
    data = _read_from_spacy(extras)
    _store(path, data)
    return _thaw(data)


def _store(path: Path, data: dict[str, Any]) -> None:
    """Written whole or not at all (a temporary file renamed), silently skipped when the
    folder cannot be written."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=True)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _read_from_spacy(extras: Extras) -> dict[str, Any]:
    import spacy
    from spacy.attrs import ORTH
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    nlp = spacy.blank("en")
    d = nlp.Defaults
    prefix = compile_prefix_regex([*d.prefixes, *extras.prefixes])
    suffix = compile_suffix_regex([*d.suffixes, *extras.suffixes])
    infix = compile_infix_regex([*d.infixes, *extras.infixes])
    tok = nlp.tokenizer
    url = tok.url_match.__self__ if tok.url_match is not None else None
    token_match = tok.token_match.__self__ if tok.token_match is not None else None
    specials = {text: [piece[ORTH] for piece in pieces] for text, pieces in tok.rules.items()}
    return {
        "key": cache_key(extras),
        "python": _python_build(),
        "prefix": _freeze(prefix), "suffix": _freeze(suffix), "infix": _freeze(infix),
        "url": _freeze(url) if url is not None else None,
        "token_match": _freeze(token_match) if token_match is not None else None,
        "specials": specials,
    }


def _python_build() -> str:
    from re import _constants  # type: ignore[attr-defined]

    return f"{sys.implementation.cache_tag}-{sys.version}-{_constants.MAGIC}"


def _freeze(pattern: re.Pattern[str]) -> dict[str, Any]:
    """The expression and, on CPython, the engine code `re.compile` would make of it."""
    out: dict[str, Any] = {"pattern": pattern.pattern, "flags": pattern.flags}
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern.pattern, pattern.flags)
        out["code"] = _compiler._code(parsed, pattern.flags)
        out["groups"] = parsed.state.groups
        out["groupindex"] = dict(parsed.state.groupdict)
        out["state_flags"] = parsed.state.flags
        if _thaw_one(out, True) != pattern:  # CPython compares flags and engine code
            raise ValueError("engine code differs")
    except Exception:  # another Python: compiled again at load
        out.pop("code", None)
    return out


def _thaw_one(frozen: dict[str, Any], same_build: bool) -> re.Pattern[str]:
    if same_build and "code" in frozen:
        try:
            import _sre  # type: ignore[import-not-found]

            groupindex = frozen["groupindex"]
            indexgroup: list[str | None] = [None] * frozen["groups"]
            for name, i in groupindex.items():
                indexgroup[i] = name
            return _sre.compile(frozen["pattern"], frozen["flags"] | frozen["state_flags"],
                                frozen["code"], frozen["groups"] - 1, groupindex,
                                tuple(indexgroup))
        except Exception:  # compiled from the expression below
            pass
    return re.compile(frozen["pattern"], frozen["flags"])


def _thaw(data: dict[str, Any]) -> TokenizerRules:
    same = data.get("python") == _python_build()
    url, token_match = data.get("url"), data.get("token_match")
    return TokenizerRules(
        prefix=_thaw_one(data["prefix"], same),
        suffix=_thaw_one(data["suffix"], same),
        infix=_thaw_one(data["infix"], same),
        url=_thaw_one(url, same) if url else None,
        token_match=_thaw_one(token_match, same) if token_match else None,
        specials={k: tuple(v) for k, v in data["specials"].items()},
    )
