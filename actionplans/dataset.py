"""The one dataset writer: every table of every document is validated and committed here.

Layout: `<out>/<table>/area_id=<slug>/<document_id>.parquet` for a document's child tables
(themes, actions, owners, updates, targets), one `documents/area_id=<slug>/documents.parquet`
per area holding a row for each of the area's documents, and `<out>/_manifest.json`.

A document is committed as one transaction (see README "Transactions"): every file is first
written and fsynced under `<out>/_staging/<run>/`, outside the table folders that readers glob;
then the child tables are renamed into place, then the area's documents file (the commit point:
a document is visible in `documents` only once all its tables are in place, and its versions
flags flip in the same rename), then the manifest. A kill at any instant leaves every document
listed in `documents` complete; the next writer to open the folder deletes stale staging and
any child file whose document is not listed, and re-reads what was not recorded.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from actionplans.manifest import Manifest, abspath, build_key, file_sha256
from actionplans.outlock import DatasetError, OutLock, OutputNotWritable
from actionplans.schemas.tables import DOCUMENT_TABLES, PARTITION_COLUMN, TABLES, file_schema
from actionplans.versions import order_key, version_flags, version_warnings

__all__ = [
    "DatasetError",
    "DatasetWriter",
    "DiskFull",
    "OutputNotWritable",
    "SchemaViolation",
    "validate_rows",
]

CHILD_TABLES = tuple(t for t in DOCUMENT_TABLES if t != "documents")
DOCUMENTS_FILE = "documents.parquet"
STAGING = "_staging"
VERSION_COLUMNS = ("is_latest", "superseded_by", "same_version_as")
_DOC_STEM = re.compile(r"^[0-9a-f]{16}$")
_FULL = (errno.ENOSPC, errno.EDQUOT)


class SchemaViolation(ValueError):
    """Rows that do not fit the table's schema; names the table, column and value."""


class DiskFull(DatasetError):
    """No space left: the document being written was not committed, the dataset is as before."""


def validate_rows(table: str, rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Rows as an Arrow table of the table's file schema, or SchemaViolation."""
    schema = TABLES[table].schema
    names = set(schema.names)
    for i, row in enumerate(rows):
        extra = set(row) - names
        missing = names - set(row)
        if extra or missing:
            raise SchemaViolation(
                f"{table} row {i}: unexpected columns {sorted(extra)}, missing {sorted(missing)}"
            )
        for field_ in schema:
            value = row[field_.name]
            if value is None and not field_.nullable:
                raise SchemaViolation(f"{table} row {i}: {field_.name} must not be null")
            allowed = (field_.metadata or {}).get(b"allowed")
            if allowed and value is not None and value not in allowed.decode().split(","):
                raise SchemaViolation(
                    f"{table} row {i}: {field_.name}={value!r} not one of {allowed.decode()}"
                )
    stored = file_schema(schema)
    try:
        return pa.Table.from_pylist(
            [{k: v for k, v in row.items() if k != PARTITION_COLUMN} for row in rows], schema=stored
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise SchemaViolation(f"{table}: {exc}") from exc


def _parquet_bytes(arrow: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def write_file(path: Path, data: bytes, fsync: bool = True) -> None:
    """Write a whole file and fsync it (module level so a test can make the disk full)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if fsync:
            os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch else datetime.now(tz=UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _display(path: str) -> str:
    """A path as text Parquet can store (a name that is not UTF-8 keeps its bytes as escapes)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass
class InputPlan:
    """What a build will do with each input, decided before any document is read."""

    todo: list[str] = field(default_factory=list)  # to read: new, changed or unreadable
    keys: dict[str, str] = field(default_factory=dict)  # path -> build key
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, document_id) unchanged
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, same bytes as path)
    changed: list[tuple[str, str]] = field(default_factory=list)  # (path, old document_id)
    current: dict[str, list[str]] = field(default_factory=dict)  # document_id -> input paths


@dataclass
class AreaHoldings:
    area: str
    documents: int
    actions: int
    latest_document_id: str
    latest_plan_date: Any
    latest_version: str | None
    latest_actions: int


@dataclass
class DatasetSummary:
    """What the dataset holds after a run (not what the run loaded)."""

    areas: dict[str, AreaHoldings] = field(default_factory=dict)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return sum(a.documents for a in self.areas.values())

    @property
    def actions(self) -> int:
        return sum(a.actions for a in self.areas.values())

    @property
    def latest_actions(self) -> int:
        return sum(a.latest_actions for a in self.areas.values())


class DatasetWriter:
    """Writes validated tables under one output folder, holding its lock while open."""

    def __init__(self, out: str | Path, *, lock_timeout: float = 60.0, fsync: bool = True) -> None:
        self.out = Path(out)
        self.lock_timeout = lock_timeout
        self.fsync = fsync
        self._lock: OutLock | None = None
        self._stage: Path | None = None
        self._docs: dict[str, dict[str, dict[str, Any]]] = {}
        self.manifest = Manifest()
        self.recovered: list[str] = []

    # --- opening, recovery, closing ---------------------------------------------------------

    def __enter__(self) -> DatasetWriter:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        """Check `out` is writable, take its lock, finish what a killed writer left."""
        if self._lock is not None:
            return
        lock = OutLock(self.out, self.lock_timeout)
        lock.__enter__()
        self._lock = lock
        try:
            self._recover()
            self._stage = self.out / STAGING / f"{os.getpid()}-{secrets.token_hex(4)}"
            self._stage.mkdir(parents=True)
        except OSError as exc:
            self.close()
            raise self._os_error(exc, "open the dataset") from exc
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._stage is not None:
            shutil.rmtree(self._stage, ignore_errors=True)
            with contextlib.suppress(OSError):
                self._stage.parent.rmdir()
            self._stage = None
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def _require_open(self) -> Path:
        if self._lock is None:
            self.open()
        assert self._stage is not None
        return self._stage

    def _os_error(self, exc: OSError, what: str) -> DatasetError:
        if exc.errno in _FULL:
            return DiskFull(f"disk full: could not {what} in {self.out}; the dataset is as it "
                            "was before this write")
        return DatasetError(f"could not {what} in {self.out}: {exc.strerror or exc}")

    def _recover(self) -> None:
        """Stale staging removed, orphan child files deleted, manifest reconciled, old layout
        (one documents file per document) migrated. Runs under the lock."""
        staging = self.out / STAGING
        if staging.is_dir():
            shutil.rmtree(staging)
            self.recovered.append(f"removed unfinished writes of an interrupted build ({staging})")
        for table in TABLES:  # hidden temporary files of older writers, never renamed
            for pattern in (".*.tmp", f"{PARTITION_COLUMN}=*/.*.tmp"):
                for tmp in (self.out / table).glob(pattern):
                    tmp.unlink()
        legacy = self._load_documents()
        ids = {d: a for a, docs in self._docs.items() for d in docs}
        orphans = 0
        for table in CHILD_TABLES:
            for path in (self.out / table).glob(f"{PARTITION_COLUMN}=*/*.parquet"):
                area_id = path.parent.name.split("=", 1)[1]
                if _DOC_STEM.match(path.stem) and ids.get(path.stem) != area_id:
                    path.unlink()
                    orphans += 1
        if orphans:
            self.recovered.append(f"deleted {orphans} file(s) of documents never committed")
        loaded = Manifest.load(self.out)
        manifest = loaded.copy() if loaded else Manifest()
        for doc_id in [d for d in manifest.documents if d not in ids]:
            del manifest.documents[doc_id]
        for area_id, docs in self._docs.items():
            for doc_id, row in docs.items():
                entry = manifest.documents.get(doc_id)
                if entry is None or entry.get("area_id") != area_id:
                    manifest.documents[doc_id] = self._entry(row, build_key=None)
        self.manifest = manifest
        if legacy:
            for area_id in sorted({a for a, _ in legacy}):
                self._commit_areas({area_id: self._docs[area_id]}, manifest, stage=None)
            for _, path in legacy:
                path.unlink()
        elif loaded is None or loaded.documents != manifest.documents:
            self._commit_areas({}, manifest, stage=None)

    def _load_documents(self) -> list[tuple[str, Path]]:
        """Read every documents row into the per-area cache; return old-layout files."""
        legacy: list[tuple[str, Path]] = []
        self._docs = {}
        for part in sorted((self.out / "documents").glob(f"{PARTITION_COLUMN}=*")):
            area_id = part.name.split("=", 1)[1]
            for path in sorted(part.glob("*.parquet")):
                try:
                    rows = pq.read_table(path).to_pylist()
                except (OSError, pa.ArrowException) as exc:
                    raise DatasetError(
                        f"{path} is not readable Parquet ({exc}); rebuild the dataset into an "
                        "empty folder"
                    ) from exc
                if path.name != DOCUMENTS_FILE:
                    legacy.append((area_id, path))
                for row in rows:
                    row[PARTITION_COLUMN] = area_id
                    self._docs.setdefault(area_id, {})[row["document_id"]] = _conform(row, path)
        return legacy

    # --- reading the state ------------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        """Every committed documents row (with area_id)."""
        self._require_open()
        return [row for area in self._docs.values() for row in area.values()]

    def find(self, document_id: str) -> dict[str, Any] | None:
        self._require_open()
        for docs in self._docs.values():
            if document_id in docs:
                return docs[document_id]
        return None

    def is_unchanged(self, document_id: str, build_key: str) -> bool:
        """Committed already, read from the same bytes by the same code with the same hints."""
        entry = self.manifest.documents.get(document_id)
        if not entry or entry.get("build_key") != build_key:
            return False
        return self.find(document_id) is not None

    def plan(self, files: Sequence[str], area_override: str | None = None) -> InputPlan:
        """Hash every input: identical bytes under several names are read once, documents
        committed with the same build key are skipped, a path whose bytes changed is noted."""
        self._require_open()
        plan = InputPlan()
        first: dict[str, str] = {}
        for path in files:
            sha = file_sha256(path)
            if sha is None:
                plan.todo.append(path)  # missing or unreadable: the reader reports why
                continue
            doc_id = sha[:16]
            plan.current.setdefault(doc_id, []).append(path)
            seen = self.manifest.paths.get(abspath(path))
            old = (seen or {}).get("document_id")
            if old not in (None, doc_id) and self.find(old) is not None:
                plan.changed.append((path, old))
            if doc_id in first:
                plan.duplicates.append((path, first[doc_id]))
                continue
            first[doc_id] = path
            key = build_key(path, sha, area_override)
            plan.keys[path] = key
            if self.is_unchanged(doc_id, key):
                plan.skipped.append((path, doc_id))
            else:
                plan.todo.append(path)
        return plan

    def summary(self) -> DatasetSummary:
        out = DatasetSummary()
        for area_id, docs in sorted(self._docs.items()):
            if not docs:
                continue
            latest = max(docs.values(), key=order_key)
            out.areas[area_id] = AreaHoldings(
                area=latest["area"],
                documents=len(docs),
                actions=sum(r["action_count"] for r in docs.values()),
                latest_document_id=latest["document_id"],
                latest_plan_date=latest["plan_date"],
                latest_version=latest["version"],
                latest_actions=latest["action_count"],
            )
        out.warnings = version_warnings(self.documents())
        return out

    # --- writing ----------------------------------------------------------------------------

    def write_document(
        self,
        area_id: str,
        document_id: str,
        tables: Mapping[str, Sequence[Mapping[str, Any]]],
        *,
        path: str | None = None,
        build_key: str | None = None,
    ) -> None:
        """Commit all tables of one document together (validated before anything is staged).

        `path` is the file it was read from as given to the build (else the documents row's
        source_path); the same bytes committed before under another name keep both names.
        """
        stage = self._require_open() / document_id
        (doc_row,) = tables["documents"]
        row = dict(doc_row)
        row[PARTITION_COLUMN] = area_id
        previous = self.find(document_id)
        given = _display(path) if path is not None else row["source_path"]
        sources = list(previous["source_paths"]) if previous else []
        sources += [p for p in [given] if p not in sources]
        row["source_path"], row["source_paths"] = sources[0], sources
        row.update({"is_latest": False, "superseded_by": None, "same_version_as": []})
        arrows = {t: validate_rows(t, tables.get(t, [])) for t in CHILD_TABLES}
        validate_rows("documents", [row])
        areas = {area_id: {**self._docs.get(area_id, {}), document_id: row}}
        old_area = previous[PARTITION_COLUMN] if previous else None
        if old_area and old_area != area_id:
            areas[old_area] = {
                d: r for d, r in self._docs[old_area].items() if d != document_id
            }
        manifest = self.manifest.copy()
        old_files = set((manifest.documents.get(document_id) or {}).get("files", {}).values())
        manifest.documents[document_id] = self._entry(row, build_key=build_key)
        if path is not None:
            manifest.paths[abspath(path)] = {"sha256": row["sha256"], "document_id": document_id}
        try:
            stage.mkdir(exist_ok=True)
            children: list[tuple[Path, Path]] = []
            for table, arrow in arrows.items():
                final = self._file(table, area_id, document_id)
                final.parent.mkdir(parents=True, exist_ok=True)
                tmp = stage / f"{table}.parquet"
                write_file(tmp, _parquet_bytes(arrow), self.fsync)
                children.append((tmp, final))
        except OSError as exc:
            shutil.rmtree(stage, ignore_errors=True)
            raise self._os_error(exc, f"write document {document_id} ({given})") from exc
        new_files = {str(final.relative_to(self.out)) for _, final in children}
        self._commit_areas(areas, manifest, stage=stage, what=f"commit {given}", first=children)
        for rel in sorted(old_files - new_files - {self._documents_rel(a) for a in areas}):
            _unlink(self.out / rel)
        shutil.rmtree(stage, ignore_errors=True)

    def add_sources(self, paths: Mapping[str, Sequence[str]], *, replace: bool = False) -> None:
        """Record more source paths of committed documents (the same bytes under other names);
        `replace` sets them to exactly `paths` (for --prune). Unknown document ids are ignored."""
        self._require_open()
        manifest = self.manifest.copy()
        areas: dict[str, dict[str, dict[str, Any]]] = {}
        for document_id, given in paths.items():
            row = self.find(document_id)
            if row is None or not given:
                continue
            shown = [_display(p) for p in given]
            sources = [] if replace else list(row["source_paths"])
            sources += [p for p in dict.fromkeys(shown) if p not in sources]
            for p in given:
                manifest.paths[abspath(p)] = {"sha256": row["sha256"], "document_id": document_id}
            if sources == list(row["source_paths"]):
                continue
            area_id = row[PARTITION_COLUMN]
            area = areas.setdefault(area_id, dict(self._docs[area_id]))
            area[document_id] = {**row, "source_path": sources[0], "source_paths": sources}
            manifest.documents[document_id] = self._entry(
                area[document_id], build_key=manifest.documents[document_id].get("build_key")
            )
        if areas or manifest.paths != self.manifest.paths:
            stage = self._require_open() / "sources"
            stage.mkdir(exist_ok=True)
            self._commit_areas(areas, manifest, stage=stage, what="record source paths")
            shutil.rmtree(stage, ignore_errors=True)

    def remove_document(self, document_id: str) -> dict[str, Any] | None:
        """Remove a document: out of `documents` first (one rename), then its files."""
        row = self.find(document_id)
        if row is None:
            return None
        area_id = row[PARTITION_COLUMN]
        manifest = self.manifest.copy()
        entry = manifest.documents.pop(document_id, None) or {}
        stage = self._require_open() / f"remove-{document_id}"
        stage.mkdir(exist_ok=True)
        areas = {area_id: {d: r for d, r in self._docs[area_id].items() if d != document_id}}
        self._commit_areas(areas, manifest, stage=stage, what=f"remove {document_id}")
        files = set(entry.get("files", {}).values())
        files |= {str(self._file(t, area_id, document_id).relative_to(self.out))
                  for t in CHILD_TABLES}
        for rel in sorted(files - {self._documents_rel(area_id)}):
            _unlink(self.out / rel)
        shutil.rmtree(stage, ignore_errors=True)
        return row

    def prune(self, current: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
        """Keep exactly the documents whose bytes are some current input's (document_id ->
        the input paths holding them now); remove the rest, and set each kept document's
        source paths to its current inputs."""
        removed = [
            r for r in sorted(self.documents(), key=lambda r: r["document_id"])
            if r["document_id"] not in current
        ]
        for row in removed:
            self.remove_document(row["document_id"])
        self.add_sources({d: p for d, p in current.items() if self.find(d)}, replace=True)
        return removed

    def finish(self) -> DatasetSummary:
        """Recompute every area's versions (rewriting only areas whose flags changed)."""
        self._require_open()
        changed = {
            area_id: docs for area_id, docs in self._docs.items()
            if _with_flags(docs) != docs
        }
        if changed:
            stage = self._require_open() / "versions"
            stage.mkdir(exist_ok=True)
            self._commit_areas(changed, self.manifest.copy(), stage=stage, what="update versions")
            shutil.rmtree(stage, ignore_errors=True)
        return self.summary()

    def write(
        self, table: str, area_id: str, document_id: str, rows: Sequence[Mapping[str, Any]]
    ) -> Path:
        """One table file (the compare stage's per-area files), staged then renamed."""
        data = _parquet_bytes(validate_rows(table, rows))
        stage = self._require_open()
        final = self._file(table, area_id, document_id)
        tmp = stage / f"{table}-{area_id}-{document_id}.parquet"
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            write_file(tmp, data, self.fsync)
            os.replace(tmp, final)
        except OSError as exc:
            _unlink(tmp)
            raise self._os_error(exc, f"write {table} of {area_id}") from exc
        return final

    def replace_file(self, table: str, name: str, rows: Sequence[Mapping[str, Any]]) -> Path:
        """A whole unpartitioned table file `<out>/<table>/<name>` (e.g. load_errors), staged,
        fsynced and renamed under the lock; a full disk leaves the previous file."""
        data = _parquet_bytes(validate_rows(table, rows))
        stage = self._require_open()
        final = self.out / table / name
        tmp = stage / f"{table}-{name}"
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            write_file(tmp, data, self.fsync)
            os.replace(tmp, final)
        except OSError as exc:
            _unlink(tmp)
            raise self._os_error(exc, f"write {table}") from exc
        return final

    # --- internals --------------------------------------------------------------------------

    def _file(self, table: str, area_id: str, stem: str) -> Path:
        return self.out / table / f"{PARTITION_COLUMN}={area_id}" / f"{stem}.parquet"

    def _documents_rel(self, area_id: str) -> str:
        return f"documents/{PARTITION_COLUMN}={area_id}/{DOCUMENTS_FILE}"

    def _entry(self, row: Mapping[str, Any], *, build_key: str | None) -> dict[str, Any]:
        area_id = row[PARTITION_COLUMN]
        files = {t: str(self._file(t, area_id, row["document_id"]).relative_to(self.out))
                 for t in CHILD_TABLES}
        return {
            "sha256": row["sha256"],
            "area_id": area_id,
            "area": row["area"],
            "source_paths": list(row["source_paths"]),
            "parser_version": row["parser_version"],
            "build_key": build_key,
            "files": {"documents": self._documents_rel(area_id), **files},
            "committed_at": _now(),
        }

    def _sync_dirs(self, folders: Iterable[Path]) -> None:
        if self.fsync:
            for folder in sorted(folders):
                _fsync_dir(folder)

    def _commit_areas(
        self,
        areas: Mapping[str, Mapping[str, dict[str, Any]]],
        manifest: Manifest,
        *,
        stage: Path | None,
        what: str = "write the manifest",
        first: Sequence[tuple[Path, Path]] = (),
    ) -> None:
        """Commit staged child files (`first`), the given areas' documents files (versions
        recomputed) and the manifest.

        Everything is written to staging and fsynced before the first rename, so a full disk
        fails here with nothing changed. Then the renames, in this order: child tables,
        documents (the commit point), manifest.
        """
        stage = stage or (self.out / STAGING / f"recover-{os.getpid()}")
        stage.mkdir(parents=True, exist_ok=True)
        flagged = {a: _with_flags(docs) for a, docs in areas.items()}
        try:
            staged: list[tuple[Path | None, Path]] = []
            for area_id, docs in sorted(flagged.items()):
                final = self.out / self._documents_rel(area_id)
                if not docs:
                    staged.append((None, final))
                    continue
                rows = sorted(docs.values(), key=order_key)
                data = _parquet_bytes(validate_rows("documents", rows))
                tmp = stage / f"documents-{area_id}.parquet"
                final.parent.mkdir(parents=True, exist_ok=True)
                write_file(tmp, data, self.fsync)
                staged.append((tmp, final))
            for doc_id, entry in manifest.documents.items():
                area = flagged.get(entry["area_id"], {})
                if doc_id in area:
                    entry["source_paths"] = list(area[doc_id]["source_paths"])
            manifest_tmp = stage / "manifest.json"
            write_file(manifest_tmp, manifest.to_bytes(_now()), self.fsync)
        except OSError as exc:
            shutil.rmtree(stage, ignore_errors=True)
            raise self._os_error(exc, what) from exc
        try:  # renames need no space; should one fail, listed documents are still whole
            for tmp, final in first:
                os.replace(tmp, final)
            self._sync_dirs({final.parent for _, final in first})
            for tmp, final in staged:
                if tmp is None:
                    _unlink(final)
                else:
                    os.replace(tmp, final)
            self._sync_dirs({final.parent for _, final in staged if final.parent.exists()})
            os.replace(manifest_tmp, self.out / "_manifest.json")
            self._sync_dirs([self.out])
        except OSError as exc:
            raise self._os_error(exc, what) from exc
        for area_id, docs in flagged.items():
            if docs:
                self._docs[area_id] = docs
            else:
                self._docs.pop(area_id, None)
                _remove_empty_partitions(self.out, area_id)
        self.manifest = manifest
        if stage.name.startswith("recover-"):
            shutil.rmtree(stage, ignore_errors=True)


def _with_flags(docs: Mapping[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    flags = version_flags(docs.values())
    return {d: {**row, **flags[d]} for d, row in docs.items()}


def _conform(row: dict[str, Any], path: Path) -> dict[str, Any]:
    """A stored documents row in the current schema: writer columns filled, columns the schema
    no longer has dropped; a required column it lacks is an error naming the file."""
    schema = TABLES["documents"].schema
    row.setdefault("source_paths", [row.get("source_path")])
    row.setdefault("is_latest", False)
    row.setdefault("superseded_by", None)
    row.setdefault("same_version_as", [])
    for f in schema:
        if f.name not in row:
            if not f.nullable:
                raise DatasetError(
                    f"{path} was written by an older actionplans and lacks column {f.name}; "
                    "rebuild the dataset into an empty folder"
                )
            row[f.name] = None
    return {f.name: row[f.name] for f in schema}


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _remove_empty_partitions(out: Path, area_id: str) -> None:
    for table in TABLES:
        part = out / table / f"{PARTITION_COLUMN}={area_id}"
        with contextlib.suppress(OSError):
            part.rmdir()
