"""Regular expressions compiled once per machine, not once per process.

Why: the readers and normalisers compile about 300 regular expressions when they are imported
(date, target and heading grammars); Python keeps compiled expressions only in memory, so
every worker process spends about 0.1 s of CPU compiling the same ones again. The first run
stores the `re` engine's code for each expression in the cache folder
(`actionplans.user_cache`), in a file named by the Python build that made it; later processes
put those ready expressions into `re`'s own cache before the modules are imported, so their
`re.compile` calls find them there. An expression is stored only when the one rebuilt from the
stored code equals the one Python compiles (CPython compares the engine code), and anything
unexpected (another Python, a damaged or unreadable file) means expressions are compiled as
usual: results never depend on the cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from actionplans.user_cache import cache_dir

_MAX_STORED = 4000  # a file grown past this (code that changed a lot) starts again
_state: dict[str, Any] = {"warmed": False, "remembered": False, "stored": None}


def _cache() -> dict[Any, Any] | None:
    cache = getattr(re, "_cache", None)
    return cache if isinstance(cache, dict) else None


def _path() -> Path:
    from re import _constants  # type: ignore[attr-defined]

    build = f"{sys.implementation.cache_tag}-{sys.version_info[:3]}-{_constants.MAGIC}"
    return cache_dir() / f"re-{''.join(c if c.isalnum() else '-' for c in build)}.json"


def _version() -> str:
    return sys.version


def warm() -> None:
    """Put the stored expressions into `re`'s cache (once per process; silent when there is
    no usable file)."""
    if _state["warmed"]:
        return
    _state["warmed"] = True
    cache = _cache()
    if cache is None or sys.implementation.name != "cpython":
        return
    try:
        import _sre  # type: ignore[import-not-found]

        data = json.loads(_path().read_text(encoding="utf-8"))
        if data.get("python") != _version():
            return
        entries = data["patterns"]
    except (OSError, ValueError, KeyError, TypeError, ImportError):
        return
    _state["stored"] = entries
    room = max(0, getattr(re, "_MAXCACHE", 512) - len(cache) - 64)
    for entry in entries[:room]:
        with contextlib.suppress(Exception):  # one bad entry: that expression compiles as usual
            pattern, flags = entry["pattern"], entry["flags"]
            key = (str, pattern, flags)
            if key in cache:
                continue
            groupindex = entry["groupindex"]
            indexgroup: list[str | None] = [None] * entry["groups"]
            for name, i in groupindex.items():
                indexgroup[i] = name
            cache[key] = _sre.compile(pattern, entry["final_flags"], entry["code"],
                                      entry["groups"] - 1, groupindex, tuple(indexgroup))


def remember() -> None:
    """Store the expressions `re`'s cache holds that the file lacks (once per process). Called
    right after the modules are imported, so expressions made from a document's own words
    (an area name, an action id) are never stored."""
    if _state["remembered"]:
        return
    _state["remembered"] = True
    cache = _cache()
    if cache is None or sys.implementation.name != "cpython":
        return
    path = _path()
    stored = _state["stored"]
    if stored is None:  # not warmed from the file: read what it holds
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            stored = data["patterns"] if data.get("python") == _version() else []
        except (OSError, ValueError, KeyError, TypeError):
            stored = []
    have = {(e["pattern"], e["flags"]) for e in stored if isinstance(e, dict)}
    new = []
    for key, compiled in list(cache.items()):
        if not (isinstance(key, tuple) and len(key) == 3 and key[0] is str):
            continue
        _, pattern, flags = key
        if (pattern, flags) in have or not isinstance(compiled, re.Pattern):
            continue
        entry = _freeze(pattern, flags, compiled)
        if entry is not None:
            new.append(entry)
    if not new:
        return
    patterns = stored + new if len(stored) + len(new) <= _MAX_STORED else new
    _store(path, {"python": _version(), "patterns": patterns})


def _freeze(pattern: str, flags: int, compiled: re.Pattern[str]) -> dict[str, Any] | None:
    try:
        import _sre  # type: ignore[import-not-found]
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        final = flags | parsed.state.flags
        rebuilt = _sre.compile(pattern, final, code, parsed.state.groups - 1, groupindex,
                               tuple(indexgroup))
        if rebuilt != compiled:  # CPython compares pattern, flags and engine code
            return None
    except Exception:  # any surprise: this expression is simply not stored
        return None
    return {"pattern": pattern, "flags": flags, "final_flags": final, "code": code,
            "groups": parsed.state.groups, "groupindex": groupindex}


def _store(path: Path, data: dict[str, Any]) -> None:
    """Written whole or not at all; silently skipped when the folder cannot be written."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".re-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=True, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
