"""The dataset manifest `<out>/_manifest.json`: the writer's index of what is committed.

Keyed by document_id (first 16 hex digits of the SHA-256 of the source bytes), each entry lists
the document's source paths, area, the files of each table, the parser version and the build
key it was read with, and when it was committed. `paths` maps every source path seen (absolute)
to the content last read there, which tells a rebuilt file's old document apart.

The documents table is the commit record readers see; the manifest is rebuilt from it when
missing or behind (a kill between the two renames), so it can only ever lack a build key,
which makes the next build read that document again, never skip a wrong one.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actionplans import __version__

MANIFEST_NAME = "_manifest.json"
FORMAT = "actionplans-manifest/1"
_CODE_SUFFIXES = (".py", ".csv", ".yaml", ".toml")


def file_sha256(path: str | Path) -> str | None:
    """SHA-256 of a regular file's bytes, streamed; None when it cannot be read or is not a
    regular file (a FIFO or a device would never end): the guarded reader then says why."""
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _code_dirs() -> list[Path]:
    import actionplans
    import actionplans.compare
    import actionplans.extract
    import actionplans.normalise
    import actionplans.schemas

    dirs = [
        Path(m.__file__).parent
        for m in (
            actionplans,
            actionplans.extract,
            actionplans.normalise,
            actionplans.schemas,
            actionplans.compare,
        )
        if m.__file__
    ]
    reference = Path(actionplans.normalise.__file__ or ".").parent.parent / "reference"
    return [*dirs, reference] if reference.is_dir() else dirs


_fingerprint: str | None = None


def code_fingerprint() -> str:
    """Hash of the parser's code and reference data: a changed reading rule re-reads every
    document, even when `parser_version` was not bumped."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.sha256(__version__.encode())
        for folder in _code_dirs():
            for path in sorted(folder.iterdir()):
                if path.is_file() and path.suffix in _CODE_SUFFIXES:
                    digest.update(path.name.encode())
                    digest.update(path.read_bytes())
        _fingerprint = digest.hexdigest()[:16]
    return _fingerprint


def build_key(path: str | Path, sha256: str, area_override: str | None) -> str:
    """What a document's rows depend on besides its bytes: parser code, layout hints, --area."""
    from actionplans.extract.hints_files import find_hints

    digest = hashlib.sha256(f"{sha256}\0{code_fingerprint()}\0{area_override or ''}".encode())
    hints = find_hints(path)
    if hints is not None:
        digest.update(b"\0hints\0" + (file_sha256(hints) or "unreadable").encode())
    return digest.hexdigest()[:32]


@dataclass
class Manifest:
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    paths: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> Manifest | None:
        """The manifest of `out`, or None when there is none or it cannot be read."""
        try:
            data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        return cls(dict(data.get("documents") or {}), dict(data.get("paths") or {}))

    def to_bytes(self, updated_at: str) -> bytes:
        data = {
            "format": FORMAT,
            "parser_version": __version__,
            "updated_at": updated_at,
            "documents": dict(sorted(self.documents.items())),
            "paths": dict(sorted(self.paths.items())),
        }
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")

    def copy(self) -> Manifest:
        return Manifest(
            {k: dict(v) for k, v in self.documents.items()},
            {k: dict(v) for k, v in self.paths.items()},
        )


def abspath(path: str | Path) -> str:
    """The key a source path is known by across runs started from different folders."""
    return os.path.abspath(os.fspath(path))
