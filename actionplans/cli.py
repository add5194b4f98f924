"""The `actionplans` command line."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actionplans import __version__
from actionplans.extract.errors import DocumentError

if TYPE_CHECKING:
    from rich.console import Console

    from actionplans.pipeline import BuildReport, DocumentResult

# rich, pyarrow and the pipeline are imported by the subcommand that uses them, so that
# `actionplans --help` (and a mistyped option) answers at once.


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="actionplans",
        description="Turn CQC local system review action plans into a validated Parquet dataset.",
    )
    parser.add_argument("--version", action="version", version=f"actionplans {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser(
        "build",
        help="extract and normalise plans into the dataset",
        description="Read every plan under PATH (files or folders; default corpus/), map its "
        "action tables to the common schema and write the Hive-partitioned Parquet dataset. "
        "A file that cannot be read is reported on one line and the batch goes on.",
    )
    b.add_argument(
        "paths", nargs="*", metavar="PATH", help="plan files or folders (default: corpus/)"
    )
    b.add_argument(
        "--out", default="outputs", metavar="DIR", help="dataset folder (default: outputs/)"
    )
    b.add_argument("--area", help="area name to use instead of the one read from the document")
    b.add_argument(
        "--jobs",
        type=_positive_int,
        default=1,
        metavar="N",
        help="documents processed in parallel: local worker processes, or the workers of a "
        "LocalCluster with --engine dask (default: 1)",
    )
    b.add_argument("--quiet", action="store_true", help="no progress display or summary")
    b.add_argument(
        "--no-compare", action="store_true", help="skip the comparison stage after loading"
    )
    b.add_argument(
        "--prune",
        action="store_true",
        help="remove documents whose bytes are no longer those of an input (files removed "
        "from the inputs, the old reading of a file edited in place)",
    )
    b.add_argument(
        "--all-versions",
        action="store_true",
        help="compare every version of each area, not only its latest",
    )
    b.add_argument(
        "--lock-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long to wait for another build writing to the same --out (default: 60)",
    )
    _limit_options(b)

    c = sub.add_parser(
        "compare",
        help="align themes and actions across areas (also run by build)",
        description="Align every plan theme and action of the dataset to the canonical theme "
        "taxonomy, match actions across areas, write the theme_alignment and action_matches "
        "tables and print the crosswalk (canonical themes x areas).",
    )
    c.add_argument(
        "--out", default="outputs", metavar="DIR", help="dataset folder (default: outputs/)"
    )
    c.add_argument(
        "--all-versions",
        action="store_true",
        help="compare every version of each area, not only its latest",
    )

    i = sub.add_parser(
        "inspect",
        help="show how one document was understood (for a new layout)",
        description="Show how FILE was read: format, pages, area / plan date / version and "
        "where each came from, tables with header labels and the field each was read as, "
        "themes, RAG key, id scheme, row counts per table and every warning grouped by kind. "
        "A sidecar FILE.hints.toml is applied as build applies it. Exit code 1 when the file "
        "cannot be read or would not load.",
    )
    i.add_argument("file", metavar="FILE", help="one plan file")
    i.add_argument("--json", action="store_true", help="print one JSON object instead")
    i.add_argument("--area", help="area name to use instead of the one read from the document")
    i.add_argument(
        "--hints",
        metavar="TOML",
        help="hints file to try instead of the sidecar (FILE.hints.toml)",
    )

    r = sub.add_parser(
        "report",
        help="write a self-contained HTML report of the dataset (for a board)",
        description="One HTML page, no network needed: status and RAG by canonical theme per "
        "area, due dates with slippage, organisations' load, the crosswalk, what changed since "
        "the previous version and the warnings to review. Each area at its latest version.",
    )
    r.add_argument(
        "--out", default="outputs", metavar="DIR", help="dataset folder (default: outputs/)"
    )
    r.add_argument(
        "--to", metavar="FILE", help="where to write the page (default: DIR/report.html)"
    )

    d = sub.add_parser(
        "dictionary",
        help="write the data dictionary generated from the schemas",
        description="Write the Markdown data dictionary generated from schemas/tables.py.",
    )
    d.add_argument(
        "--out",
        default="schemas/DATA_DICTIONARY.md",
        metavar="FILE",
        help="where to write it (default: schemas/DATA_DICTIONARY.md; '-' for stdout)",
    )
    from actionplans.analysis_cli import add_parsers

    add_parsers(sub)  # warnings, query, export, diff
    return parser


class UsageError(Exception):
    """A bad option value: reported like argparse's own errors, exit status 2."""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
    return value


def _size(text: str) -> int:
    from actionplans.limits import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _limit_options(b: argparse.ArgumentParser) -> None:
    """Flags of the guarded workers (actionplans.limits.Limits holds the defaults)."""
    from actionplans.limits import Limits, format_size

    d = Limits()
    b.add_argument("--timeout", type=_positive_float, default=d.timeout, metavar="SECONDS",
                   help=f"wall-clock time one document may take (default: {d.timeout:g})")
    b.add_argument("--max-memory", type=_size, default=d.max_memory, metavar="SIZE",
                   help="memory one document may take in its worker, e.g. 512M, 4G "
                   f"(default: {format_size(d.max_memory)})")
    b.add_argument("--max-pages", type=_positive_int, default=d.max_pages, metavar="N",
                   help=f"PDF pages, counted before any page is read (default: {d.max_pages})")
    b.add_argument("--max-unzipped", type=_size, default=d.max_unzipped, metavar="SIZE",
                   help="unpacked size of a .docx/.xlsx package, checked before it is opened "
                   f"(default: {format_size(d.max_unzipped)})")
    b.add_argument("--page-processes", type=int, choices=(0, 1, 2), default=d.page_processes,
                   metavar="N", help="processes one PDF's pages are read in: 1, 2, or 0 for "
                   "two on a long PDF when cores are free and one document runs at a time "
                   "(default: 0)")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="where documents run: local worker processes, or a Dask cluster "
                   "(needs the 'dask' extra) (default: local)")
    b.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler to use with --engine dask, e.g. tcp://host:8786 "
                   "(default: a LocalCluster of --jobs workers)")


def _limits(args: argparse.Namespace) -> Any:
    from actionplans.engines import EngineUnavailable, check_engine
    from actionplans.limits import Limits

    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    try:
        check_engine(args.engine)
    except EngineUnavailable as exc:
        raise UsageError(str(exc)) from None
    try:
        return Limits(timeout=args.timeout, max_memory=args.max_memory,
                      max_pages=args.max_pages, max_unzipped=args.max_unzipped,
                      page_processes=args.page_processes)
    except ValueError as exc:
        raise UsageError(str(exc).replace("max_", "--max-").replace("timeout", "--timeout",
                                                                     1)) from None


def _summary(console: Console, report: BuildReport, out: str) -> None:
    """What this run did, then what the dataset holds after it (all areas, not only this run's)."""
    from rich.markup import escape
    from rich.table import Table

    loaded: dict[str, list[DocumentResult]] = defaultdict(list)
    for doc in report.documents:
        loaded[doc.area_id].append(doc)
    unchanged = sum(s.reason == "unchanged" for s in report.skipped)
    console.print(
        f"this run: {len(report.documents)} loaded, {unchanged} unchanged (skipped), "
        f"{len(report.skipped) - unchanged} duplicate, {len(report.errors)} failed, "
        f"{len(report.pruned)} pruned",
        highlight=False,
    )
    held = report.dataset
    table = Table(title=f"dataset {escape(out)} after this run (actions: of the latest "
                  "version; all: of every version; loaded, warnings: this run)",
                  title_justify="left")
    table.add_column("area", no_wrap=True)
    for name in ("docs", "latest", "actions", "all", "loaded", "warnings"):
        table.add_column(name, justify="left" if name == "latest" else "right")
    areas = held.areas if held else {}
    for area_id, a in sorted(areas.items(), key=lambda kv: kv[1].area):
        docs = loaded.get(area_id, [])
        version = str(a.latest_plan_date or "no date") + (
            f" V{a.latest_version}" if a.latest_version else ""
        )
        table.add_row(escape(a.area), str(a.documents), version, str(a.latest_actions),
                      str(a.actions), str(len(docs)), str(sum(d.warning_count for d in docs)))
    if held:
        table.add_row("[bold]total", f"[bold]{held.documents}", "", f"[bold]{held.latest_actions}",
                      f"[bold]{held.actions}", f"[bold]{len(report.documents)}",
                      f"[bold]{sum(d.warning_count for d in report.documents)}")
    console.print(table)
    for row in report.pruned:
        console.print(f"pruned {row['document_id']} ({escape(row['area'])}, "
                      f"{escape(row['source_path'])})", highlight=False, soft_wrap=True)
    for note in report.notes:
        console.print(f"[yellow]warning[/yellow]: {escape(note)}", highlight=False,
                      soft_wrap=True)
    if report.errors:
        console.print(f"[red]{len(report.errors)} file(s) not loaded[/red] (see errors above)")


class _LazyConsole:
    """A rich Console made when first used: a quiet build with nothing to report never imports
    rich (0.04 s of CPU)."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _cmd_build(args: argparse.Namespace) -> int:
    from actionplans.dataset import DatasetError
    from actionplans.engines import EngineUnavailable
    from actionplans.pipeline import BuildInterrupted, discover

    escape = _escape
    paths = args.paths or ["corpus"]
    errors = _LazyConsole(stderr=True, highlight=False)
    files = [str(f) for f in discover(paths)]  # walk the folders once
    total = len(files)
    if total == 0:  # before the dataset is touched: a --prune of nothing must not empty it
        errors.print(f"[red]error[/red]: no plan files found under {escape(' '.join(paths))}")
        return 1
    options = {"area": args.area, "jobs": args.jobs, "prune": args.prune,
               "lock_timeout": args.lock_timeout, "limits": _limits(args),
               "engine": args.engine, "scheduler": args.scheduler,
               "keep_rows": False}  # the summary needs counts only: memory flat in N

    def report_error(path: str, result: object) -> None:
        if isinstance(result, DocumentError):
            errors.print(f"[red]error[/red]: {escape(str(result))}", markup=True, soft_wrap=True)

    try:
        report = _build_with_progress(files, args, options, report_error)
    except DatasetError as exc:
        errors.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
        return exc.exit_code
    except EngineUnavailable as exc:
        raise UsageError(str(exc)) from None
    except BuildInterrupted as exc:
        written = "1 document" if exc.written == 1 else f"{exc.written} documents"
        errors.print(f"interrupted; {written} written, workers stopped", markup=False)
        return 130
    if not args.quiet:
        from rich.console import Console

        _summary(Console(), report, args.out)
    if report.dataset and report.dataset.documents and not args.no_compare:
        from rich.console import Console

        from actionplans.compare.stage import run_compare

        run_compare(Path(args.out), Console(quiet=args.quiet), all_versions=args.all_versions)
    return 1 if report.errors else 0


def _build_with_progress(
    files: list[str],
    args: argparse.Namespace,
    options: dict[str, Any],
    report_error: Callable[[str, object], None],
) -> BuildReport:
    """build() with a progress bar (none with --quiet: rich is not even imported)."""
    from actionplans.pipeline import build

    total = len(files)
    if args.quiet:
        return build(files, args.out, on_progress=report_error, **options)
    else:
        from rich.console import Console
        from rich.markup import escape
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(stderr=True)
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("reading plans", total=total)

            def tick(path: str, result: object) -> None:
                report_error(path, result)
                progress.update(task, advance=1, description=escape(Path(path).name[:40]))

            return build(files, args.out, on_progress=tick, **options)


def _cmd_compare(args: argparse.Namespace) -> int:
    from rich.console import Console

    from actionplans.compare.stage import run_compare

    return run_compare(Path(args.out), Console(), all_versions=args.all_versions)


def _cmd_inspect(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape

    from actionplans.extract.hints import load_hints
    from actionplans.inspect import inspect_document, print_report, to_json

    errors = Console(stderr=True, highlight=False)
    try:
        hints = load_hints(args.hints) if args.hints else None
        report = inspect_document(args.file, area_override=args.area, hints=hints)
    except DocumentError as exc:
        errors.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
        return 1
    if args.json:
        sys.stdout.write(to_json(report) + "\n")
    else:
        print_report(report, Console(highlight=False))
    return 0 if report["loaded"] else 1


def _cmd_report(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape

    from actionplans.report import load, render

    errors = Console(stderr=True, highlight=False)
    try:
        html = render(load(args.out))
    except (ValueError, OSError) as exc:
        errors.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
        return 1
    target = Path(args.to) if args.to else Path(args.out) / "report.html"
    try:
        target.write_text(html, encoding="utf-8")
    except OSError as exc:
        errors.print(f"[red]error[/red]: cannot write {escape(str(target))}: "
                     f"{escape(exc.strerror or str(exc))}", soft_wrap=True)
        return 1
    Console(highlight=False).print(f"report written to {escape(str(target))}")
    return 0


def _cmd_dictionary(args: argparse.Namespace) -> int:
    from actionplans.schemas.dictionary import data_dictionary

    text = data_dictionary()
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if argv is None and getattr(args, "engine", "local") == "local":
        # a command-line process of its own, not a library caller's: pyarrow would import
        # pandas (0.5 s) to write rows that never need it (actionplans.no_pandas)
        from actionplans.no_pandas import block_numpy, block_pandas

        block_pandas()
        if args.command == "build" and args.no_compare:  # nothing here uses numpy then
            block_numpy()
    handlers = {
        "build": _cmd_build,
        "compare": _cmd_compare,
        "inspect": _cmd_inspect,
        "dictionary": _cmd_dictionary,
        "report": _cmd_report,
    }
    from actionplans.analysis_cli import HANDLERS

    handlers.update(HANDLERS)
    try:
        return handlers[args.command](args)
    except UsageError as exc:
        from rich.console import Console

        Console(stderr=True, highlight=False).print(
            f"actionplans {args.command}: error: {exc}", markup=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:  # outside a build's own handling: still one line, no traceback
        from rich.console import Console

        from actionplans.worker import stop_all

        stop_all()
        Console(stderr=True).print("interrupted; workers stopped", markup=False)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
