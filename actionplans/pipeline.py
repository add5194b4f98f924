"""Extract then normalise one document; build a dataset from many.

`process_document` is a pure function of (path, options): no state is shared between
documents, so batches can run on local processes (and later a Dask cluster) while a single
`DatasetWriter` in the calling process writes every table.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actionplans import __version__
from actionplans.engines import check_engine
from actionplans.engines import results as engine_results
from actionplans.extract.errors import DocumentError
from actionplans.failures import LoadFailure, explain, one_line, safe_path
from actionplans.limits import Limits
from actionplans.outlock import DatasetError
from actionplans.worker import reset as reset_workers
from actionplans.worker import stop_all as stop_workers

if TYPE_CHECKING:
    from actionplans.dataset import DatasetSummary, DatasetWriter
    from actionplans.extract.hints import LayoutHints

# The readers, mapping and normalisers are imported by `process_document` when it first runs
# (in the worker), so the building process and `actionplans --help` never load them; the
# dataset writer (pyarrow) by `build`, so a worker never loads it.


@dataclass(frozen=True)
class DocumentResult:
    """All rows of one document, ready for the writer."""

    path: str
    area: str
    area_id: str
    document_id: str
    tables: dict[str, list[dict[str, Any]]]

    @property
    def action_count(self) -> int:
        return len(self.tables["actions"])

    @property
    def warning_count(self) -> int:
        if "warnings" in self.tables:  # one row per fact (exact repeats dropped)
            return len(self.tables["warnings"])
        return len(self.tables["documents"][0]["warnings"]) + sum(
            len(a["warnings"]) for a in self.tables["actions"]
        )


@dataclass(frozen=True)
class LoadedDocument:
    """What a report keeps of a written document when its rows are dropped (`keep_rows`)."""

    path: str
    area: str
    area_id: str
    document_id: str
    action_count: int
    warning_count: int

    @classmethod
    def of(cls, result: DocumentResult) -> LoadedDocument:
        return cls(result.path, result.area, result.area_id, result.document_id,
                   result.action_count, result.warning_count)


@dataclass(frozen=True)
class Skipped:
    """An input not read this run: its bytes are committed already (unchanged, or the same
    bytes as another input of this run, recorded as one more source path)."""

    path: str
    document_id: str
    reason: str


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C during a build: the workers are stopped; `written` documents were committed."""

    def __init__(self, written: int) -> None:
        super().__init__(written)
        self.written = written


@dataclass
class BuildReport:
    documents: list[DocumentResult] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    pruned: list[dict[str, Any]] = field(default_factory=list)  # documents rows removed
    notes: list[str] = field(default_factory=list)  # recovery, changed sources, versions
    dataset: DatasetSummary | None = None  # what the dataset holds after the run

    def actions_per_area(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for d in self.documents:
            counts[d.area] += d.action_count
        return counts


@functools.lru_cache(maxsize=1)
def _org_lookup():  # type: ignore[no-untyped-def]
    """The organisations gazetteer, loaded once per process."""
    from actionplans.normalise.updates import load_org_lookup

    return load_org_lookup()


def extracted_at() -> datetime:
    """Build time, or SOURCE_DATE_EPOCH when set, so builds can be byte-reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def process_document(
    path: str | Path, area_override: str | None = None, hints: LayoutHints | None = None
) -> DocumentResult:
    """Read, map and normalise one plan. Raises DocumentError with the file and the reason.

    `hints` (else the plan's sidecar `<name>.hints.toml`, when there is one) correct a layout the
    automatic reading gets wrong; what they set is recorded on the documents row.
    """
    from actionplans import re_cache

    re_cache.warm()  # expressions an earlier run compiled, ahead of the modules that use them
    from actionplans.compare.classify import canonical_theme_columns
    from actionplans.extract.hints import apply_meta, find_hints, load_hints
    from actionplans.extract.mapping import map_document
    from actionplans.extract.registry import read_document
    from actionplans.normalise.actions import normalise_action
    from actionplans.normalise.document import read_document_meta, slugify
    from actionplans.normalise.owners import owner_context, owners_for_action
    from actionplans.normalise.rag import codes_from_entries, key_from_entries, read_rag
    from actionplans.normalise.targets import targets_for_action
    from actionplans.normalise.updates import update_warnings, updates_for_action
    from actionplans.research_columns import add_due_columns, owner_organisation_rows, theme_label
    from actionplans.warning_codes import warning_rows

    re_cache.remember()  # what these imports compiled (never a document's own expressions)
    path = Path(path)
    if hints is None and (sidecar := find_hints(path)) is not None:
        hints = load_hints(sidecar)
    doc = read_document(path, hints)
    meta = read_document_meta(
        doc.head_lines, doc.title, doc.full_text, doc.source_path, area_override
    )
    if hints is not None:
        meta = apply_meta(meta, hints)
    reference = meta.plan_date
    mapped = map_document(doc, reference=reference, hints=hints)
    if not doc.tables:
        raise DocumentError(
            str(path),
            "not an action plan: no table with action and owner, date or progress columns found",
        )
    if not mapped.actions:
        raise DocumentError(str(path), "not an action plan: tables found but no numbered actions")
    if not meta.area:
        raise DocumentError(
            str(path),
            "area not found in the document's title lines"
            + _considered(meta.area_candidates)
            + f"; give it with --area or in a hints file ({path.name}.hints.toml: "
            'area = "...")',
        )
    area = meta.area
    area_id = slugify(area)
    document_id = doc.sha256[:16]
    key_pairs = [(e.colour, e.meaning) for e in doc.rag_key]
    if hints is not None and hints.rag_key:
        key_pairs = hints.rag_entries()  # the analyst's key replaces the one read
    rag_key = key_from_entries(key_pairs)
    rag_codes = codes_from_entries(key_pairs)

    actions = [
        normalise_action(
            a,
            document_id=document_id,
            area=area,
            area_id=area_id,
            reference=reference,
            rag_key=rag_key or None,
            rag_codes=rag_codes or None,
        )
        for a in mapped.actions
    ]
    counts = Counter((a["theme_id"], a["section"]) for a in actions)
    themes = [
        {
            "document_id": document_id,
            "area": area,
            "area_id": area_id,
            "theme_id": t.theme_id,
            "parent_theme_id": t.theme_id.rsplit(".", 1)[0] if "." in t.theme_id else None,
            "title": t.title or None,
            "section": t.section,
            "lead_organisation": t.lead_organisation,
            "reporting_lead": t.reporting_lead,
            "explanation": t.explanation,
            "action_count": counts.get((t.theme_id, t.section), 0),
            "source_line": t.location.line_start,
            "source_page": t.location.page_start,
        }
        for t in mapped.themes
    ]
    theme_classes, action_classes = canonical_theme_columns(themes, actions)
    for row, canonical in zip(themes, theme_classes, strict=True):
        row["canonical_theme"] = canonical
        row["canonical_theme_label"] = theme_label(canonical)
    for row, canonical in zip(actions, action_classes, strict=True):
        row["canonical_theme"] = canonical
        row["canonical_theme_label"] = theme_label(canonical)
        add_due_columns(row)
    context = owner_context(area, doc.full_text)
    owners = [row for action in actions for row in owners_for_action(action, context=context)]
    org_lookup = _org_lookup()
    updates: list[dict[str, Any]] = []
    for action in actions:
        rows = updates_for_action(action, reference=reference, org_lookup=org_lookup)
        action["warnings"] = [
            *action["warnings"],
            *update_warnings(action, rows, reference=reference),
        ]
        updates.extend(rows)
    targets = [row for action in actions for row in targets_for_action(action, reference=reference)]
    documents = [
        {
            "document_id": document_id,
            "area": area,
            "area_id": area_id,
            "source_path": doc.source_path,
            "source_format": doc.source_format,
            "title": doc.title,
            "plan_date": meta.plan_date,
            "plan_date_source": meta.plan_date_source,
            "version": meta.version,
            "area_source": meta.area_source,
            "rag_key": [
                {
                    "colour": (colour := read_rag(c).colour or rag_codes.get(c.strip().upper()))
                    or c,
                    "meaning": m,
                    "status": rag_key.get(colour or ""),
                }
                for c, m in key_pairs
            ],
            "action_count": len(actions),
            "page_count": doc.page_count,
            "sha256": doc.sha256,
            "parser_version": __version__,
            "extracted_at": extracted_at(),
            "hints_path": hints.path if hints is not None else None,
            "hints": hints.to_json() if hints is not None else None,
            "warnings": [*meta.warnings, *doc.warnings, *mapped.warnings],
        }
    ]
    return DocumentResult(
        str(path),
        area,
        area_id,
        document_id,
        {
            "documents": documents,
            "themes": themes,
            "actions": actions,
            "owners": owners,
            "updates": updates,
            "targets": targets,
            "owner_organisations": owner_organisation_rows(owners),
            "warnings": warning_rows(documents[0], actions),
        },
    )


def _considered(lines: tuple[str, ...]) -> str:
    """The title lines an area was looked for in, shortened, for the error message."""
    if not lines:
        return " (no title-like lines before the first table)"
    shown = "; ".join(repr(line[:60]) for line in lines[:4])
    return f" (considered: {shown}{' …' if len(lines) > 4 else ''})"


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to load: given files as they are, folders walked for every file in sorted order.

    In a folder only hidden files (and files in hidden folders; Office's "~$" owner files),
    README files (a corpus's own documentation) and layout hints (`*.hints.toml`, read with
    their plan) are not candidates; any other file is yielded, so one of a type no reader
    takes is reported by the registry ("no reader for '.png' files"), never skipped silently.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if (
                    child.is_file()
                    and not any(part.startswith(".") for part in parts)
                    and not child.name.startswith("~$")
                    and child.stem.upper() != "README"
                    and not child.name.lower().endswith(".hints.toml")
                ):
                    yield child
        else:
            yield path  # missing paths are reported by the reader


def _safe_process(
    args: tuple[str, str | None], max_memory: int | None = None
) -> DocumentResult | DocumentError:
    """process_document that never raises for a document: a LoadFailure names the file, the
    stage and a one-line reason (parser errors, MemoryError and RecursionError included)."""
    path, area = args
    try:
        return _storable(process_document(path, area))
    except Exception as exc:  # a reader bug or a hostile file must not stop the batch
        return explain(exc, path, max_memory=max_memory)


def _storable(result: DocumentResult) -> DocumentResult:
    """A file name that is not valid UTF-8 (surrogate escapes) stored as \\xNN, never lost."""
    for row in result.tables.get("documents", []):
        if isinstance(row.get("source_path"), str):
            row["source_path"] = safe_path(row["source_path"])
    return result


def build(
    paths: Iterable[str | Path],
    out: str | Path,
    *,
    area: str | None = None,
    jobs: int = 1,
    on_progress: Callable[[str, DocumentResult | DocumentError | Skipped], None] | None = None,
    prune: bool = False,
    lock_timeout: float = 60.0,
    limits: Limits | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    keep_rows: bool = True,
) -> BuildReport:
    """Load every plan under `paths` into the dataset at `out`; bad files are reported.

    The dataset's lock is held throughout (`--out` is checked writable before any document is
    read); unchanged inputs are skipped; `prune` removes every document whose bytes are no
    longer those of an input. Raises DatasetError (one line) when `out` cannot be used.

    Each document runs in a guarded worker (`limits`: time, memory, pages, unpacked size) on
    `jobs` local processes, or on a Dask cluster (`engine="dask"`, `scheduler` address); results
    are written as they finish and reported in input order. Ctrl-C stops the workers and raises
    BuildInterrupted (how many documents were written). With `keep_rows=False` the report keeps
    only each document's counts (`LoadedDocument`), so memory stays flat however many load.
    """
    from actionplans.dataset import DatasetWriter
    from actionplans.load_errors import write_load_errors

    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number >= 1, not {jobs!r}")
    limits = limits or Limits()
    if (jobs > 1 or engine == "dask") and limits.page_processes == 0:
        limits = replace(limits, page_processes=1)  # the cores are taken by documents
    check_engine(engine)
    files = [str(p) for p in discover(paths)]
    report = BuildReport()
    with DatasetWriter(out, lock_timeout=lock_timeout) as writer:
        report.notes += writer.recovered
        plan = writer.plan(files, area)
        for path, doc_id in plan.changed:
            if not prune:
                report.notes.append(f"{path} changed since it was loaded; its old document "
                                    f"{doc_id} is kept beside the new one (--prune removes it)")
        for path, doc_id in plan.skipped:
            report.skipped.append(Skipped(path, doc_id, "unchanged"))
        for path, same in plan.duplicates:
            report.skipped.append(Skipped(path, plan_id(plan, same), f"same bytes as {same}"))
        if on_progress:
            for skipped in report.skipped:
                on_progress(skipped.path, skipped)
        work = [(i, f, area) for i, f in enumerate(plan.todo)]
        reset_workers()
        finished = engine_results(engine, work, limits, jobs, scheduler) if work else iter(())
        _collect(finished, plan.todo, writer, report, on_progress, plan.keys, keep_rows)
        try:
            write_load_errors(out, report.errors, extracted_at())
        except OSError as exc:
            raise DatasetError(f"could not write the load_errors table in {out}: "
                               f"{exc.strerror or exc}") from exc
        for doc in report.documents:  # the bytes read, should a file change while hashed
            paths_now = plan.current.setdefault(doc.document_id, [])
            if doc.path not in paths_now:
                paths_now.append(doc.path)
        if prune:
            report.pruned = writer.prune(plan.current)
        else:
            writer.add_sources(plan.current)
        report.dataset = writer.finish()
        report.notes += [w["message"] for w in report.dataset.warnings]
        if Path(out).is_dir():  # the folder documents itself: DATASET.md and schema.json
            from actionplans.schemas.json_schema import write_dataset_docs

            write_dataset_docs(out)
    return report


def plan_id(plan: Any, path: str) -> str:
    """document_id an input path's bytes give (for a duplicate's report line)."""
    return next((d for d, paths in plan.current.items() if path in paths), "")


def _collect(
    results: Iterable[tuple[int, DocumentResult | DocumentError]],
    files: list[str],
    writer: DatasetWriter,
    report: BuildReport,
    on_progress: Callable[[str, DocumentResult | DocumentError | Skipped], None] | None,
    keys: dict[str, str] | None = None,
    keep_rows: bool = True,
) -> None:
    """Write each document as it finishes; the report is put in input order at the end."""
    order: dict[int, int] = {}
    try:
        for index, result in results:
            kept = _collect_one(files[index], result, writer, report, on_progress, keys,
                                keep_rows)
            order[id(kept)] = index
    except KeyboardInterrupt:
        stop_workers()
        close = getattr(results, "close", None)
        if close is not None:
            close()  # the engine cancels what is queued and waits for nothing
        raise BuildInterrupted(len(report.documents)) from None
    except DatasetError:  # disk full: no later document can be written either
        stop_workers()
        close = getattr(results, "close", None)
        if close is not None:
            close()
        raise
    report.documents.sort(key=lambda d: order.get(id(d), -1))
    report.errors.sort(key=lambda e: order.get(id(e), len(files)))


def _collect_one(
    path: str,
    result: DocumentResult | DocumentError,
    writer: DatasetWriter,
    report: BuildReport,
    on_progress: Callable[[str, DocumentResult | DocumentError | Skipped], None] | None,
    keys: dict[str, str] | None,
    keep_rows: bool = True,
) -> DocumentResult | LoadedDocument | DocumentError:
    """Write one finished document; what the report keeps of it (an error, the rows, counts)."""
    kept: DocumentResult | LoadedDocument | DocumentError = result
    if isinstance(result, DocumentResult):
        try:
            writer.write_document(
                result.area_id,
                result.document_id,
                result.tables,
                path=path,
                build_key=(keys or {}).get(path),
            )
            kept = result if keep_rows else LoadedDocument.of(result)
            report.documents.append(kept)  # type: ignore[arg-type]
        except DatasetError:
            raise  # disk full or the folder unusable: stop, the dataset stays as it was
        except Exception as exc:
            result = LoadFailure(safe_path(path), one_line(f"could not be written: {exc}"),
                                 stage="write", error_type=type(exc).__name__,
                                 sha256=(result.tables.get("documents") or [{}])[0].get("sha256"))
            report.errors.append(result)
            kept = result
    else:
        report.errors.append(result)
    if isinstance(result, DocumentError):
        result.occurred_at = extracted_at()  # type: ignore[attr-defined]
    if on_progress:
        on_progress(path, result)
    return kept
