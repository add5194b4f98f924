"""The `actionplans` command line."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from actionplans import __version__
from actionplans.extract.errors import DocumentError
from actionplans.pipeline import BuildReport, DocumentResult, build, discover


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
        type=int,
        default=1,
        metavar="N",
        help="documents processed in parallel on local cores (default: 1)",
    )
    b.add_argument("--quiet", action="store_true", help="no progress display or summary")
    b.add_argument(
        "--no-compare", action="store_true", help="skip the comparison stage after loading"
    )

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
    return parser


def _summary(console: Console, report: BuildReport, out: str) -> None:
    per_area: dict[str, list[DocumentResult]] = defaultdict(list)
    for doc in report.documents:
        per_area[doc.area].append(doc)
    table = Table(title=f"actionplans build → {out}", title_justify="left")
    table.add_column("area")
    table.add_column("documents", justify="right")
    table.add_column("actions", justify="right")
    table.add_column("warnings", justify="right")
    for area in sorted(per_area):
        docs = per_area[area]
        table.add_row(
            area,
            str(len(docs)),
            str(sum(d.action_count for d in docs)),
            str(sum(d.warning_count for d in docs)),
        )
    table.add_row(
        "[bold]total",
        f"[bold]{len(report.documents)}",
        f"[bold]{sum(d.action_count for d in report.documents)}",
        f"[bold]{sum(d.warning_count for d in report.documents)}",
    )
    console.print(table)
    if report.errors:
        console.print(f"[red]{len(report.errors)} file(s) not loaded[/red] (see errors above)")


def _cmd_build(args: argparse.Namespace) -> int:
    paths = args.paths or ["corpus"]
    console = Console(stderr=True)
    errors = Console(stderr=True, highlight=False)
    files = [str(f) for f in discover(paths)]  # walk the folders once
    total = len(files)

    def report_error(path: str, result: DocumentResult | DocumentError) -> None:
        if isinstance(result, DocumentError):
            errors.print(f"[red]error[/red]: {escape(str(result))}", markup=True, soft_wrap=True)

    if args.quiet or total == 0:
        report = build(files, args.out, area=args.area, jobs=args.jobs, on_progress=report_error)
    else:
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("reading plans", total=total)

            def tick(path: str, result: DocumentResult | DocumentError) -> None:
                report_error(path, result)
                progress.update(task, advance=1, description=Path(path).name[:40])

            report = build(files, args.out, area=args.area, jobs=args.jobs, on_progress=tick)
    if total == 0:
        errors.print(f"[red]error[/red]: no plan files found under {' '.join(paths)}")
        return 1
    if not args.quiet:
        _summary(Console(), report, args.out)
    if report.documents and not args.no_compare:
        from actionplans.compare.stage import run_compare

        run_compare(Path(args.out), Console(quiet=args.quiet))
    return 1 if report.errors else 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from actionplans.compare.stage import run_compare

    return run_compare(Path(args.out), Console())


def _cmd_inspect(args: argparse.Namespace) -> int:
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
    handlers = {
        "build": _cmd_build,
        "compare": _cmd_compare,
        "inspect": _cmd_inspect,
        "dictionary": _cmd_dictionary,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
