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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from actionplans import __version__
from actionplans.compare.classify import canonical_theme_columns
from actionplans.dataset import DatasetWriter
from actionplans.extract.errors import DocumentError
from actionplans.extract.hints import LayoutHints, apply_meta, find_hints, load_hints
from actionplans.extract.mapping import map_document
from actionplans.extract.registry import read_document
from actionplans.normalise.actions import normalise_action
from actionplans.normalise.document import read_document_meta, slugify
from actionplans.normalise.owners import owner_context, owners_for_action
from actionplans.normalise.rag import codes_from_entries, key_from_entries, read_rag
from actionplans.normalise.targets import targets_for_action
from actionplans.normalise.updates import load_org_lookup, update_warnings, updates_for_action


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
        return len(self.tables["documents"][0]["warnings"]) + sum(
            len(a["warnings"]) for a in self.tables["actions"]
        )


@dataclass
class BuildReport:
    documents: list[DocumentResult] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)

    def actions_per_area(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for d in self.documents:
            counts[d.area] += d.action_count
        return counts


@functools.lru_cache(maxsize=1)
def _org_lookup():  # type: ignore[no-untyped-def]
    """The organisations gazetteer, loaded once per process."""
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
    for row, canonical in zip(actions, action_classes, strict=True):
        row["canonical_theme"] = canonical
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


def _safe_process(args: tuple[str, str | None]) -> DocumentResult | DocumentError:
    path, area = args
    try:
        return process_document(path, area)
    except DocumentError as exc:
        return exc
    except Exception as exc:  # a reader bug must not stop the batch
        return DocumentError(path, f"internal error: {type(exc).__name__}: {exc}")


def build(
    paths: Iterable[str | Path],
    out: str | Path,
    *,
    area: str | None = None,
    jobs: int = 1,
    on_progress: Callable[[str, DocumentResult | DocumentError], None] | None = None,
) -> BuildReport:
    """Load every plan under `paths` into the dataset at `out`; bad files are reported."""
    files = [str(p) for p in discover(paths)]
    writer = DatasetWriter(out)
    report = BuildReport()
    work = [(f, area) for f in files]
    if jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results: Iterable[DocumentResult | DocumentError] = pool.map(_safe_process, work)
            _collect(results, files, writer, report, on_progress)
    else:
        _collect(map(_safe_process, work), files, writer, report, on_progress)
    if Path(out).is_dir():  # the folder documents itself: DATASET.md and schema.json
        from actionplans.schemas.json_schema import write_dataset_docs

        write_dataset_docs(out)
    return report


def _collect(
    results: Iterable[DocumentResult | DocumentError],
    files: list[str],
    writer: DatasetWriter,
    report: BuildReport,
    on_progress: Callable[[str, DocumentResult | DocumentError], None] | None,
) -> None:
    for path, result in zip(files, results, strict=True):
        if isinstance(result, DocumentResult):
            try:
                writer.write_document(result.area_id, result.document_id, result.tables)
                report.documents.append(result)
            except Exception as exc:
                result = DocumentError(path, f"could not be written: {exc}")
                report.errors.append(result)
        else:
            report.errors.append(result)
        if on_progress:
            on_progress(path, result)
