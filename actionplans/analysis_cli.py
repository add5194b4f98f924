"""Command line of the analyst's commands over a built dataset: warnings, query, export, diff.

Kept out of cli.py so that the build commands and these stay small; cli.py registers them with
`add_parsers(sub)` and dispatches through `HANDLERS`. Exit status: 0 done, 1 no dataset or a
file that cannot be written, 2 bad input (SQL, an unknown area, version, code or severity).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

# rich is imported by the command that prints (0.04 s of CPU), not by `actionplans --help`

FORMATS = ("table", "csv", "json")
_OUT_HELP = "dataset folder (default: outputs/)"


def add_parsers(sub: Any) -> None:
    """The four subcommands, on the `build` parser's subparsers."""
    w = sub.add_parser(
        "warnings",
        help="list the warnings to review (code, severity, field, location)",
        description="List the dataset's warnings, one per fact, with their stable code, "
        "severity (info, review, error), field and location. `--codes` prints what every code "
        "means and what a reviewer should do.",
    )
    w.add_argument("area", nargs="?", metavar="AREA", help="only this area (name or area_id)")
    w.add_argument(
        "--severity",
        action="append",
        metavar="S",
        help="only these severities: info, review, error (repeat or comma-separate)",
    )
    w.add_argument("--code", action="append", metavar="CODE", help="only these codes (repeatable)")
    w.add_argument("--latest", action="store_true", help="only each area's latest document")
    w.add_argument("--codes", action="store_true", help="print the table of codes and exit")
    _common(w)

    q = sub.add_parser(
        "query",
        help="run SQL over the dataset (DuckDB; every table a view)",
        description="Run SQL with DuckDB over the dataset: every table is a view by its name "
        "(documents, actions, owners, owner_organisations, updates, targets, themes, warnings, "
        "theme_alignment, action_matches, ...), plus actions_latest (the actions of each "
        "area's latest document) and canonical_themes (the taxonomy).",
    )
    example = '"SELECT area, count(*) FROM actions GROUP BY area"'
    q.add_argument("sql", metavar="SQL", help=f"one SQL text, e.g. {example}")
    _common(q)

    e = sub.add_parser(
        "export",
        help="write the dataset as one Excel workbook or CSV files",
        description="Write every table of the dataset as a sheet of one Excel workbook (header "
        "frozen, RAG cells coloured, real dates) or as one CSV file per table in a folder.",
    )
    e.add_argument("--format", choices=("xlsx", "csv"), default="xlsx", help="default: xlsx")
    e.add_argument(
        "--to",
        metavar="PATH",
        help="workbook file or CSV folder (default: actionplans.xlsx / actionplans-csv/)",
    )
    e.add_argument("--out", default="outputs", metavar="DIR", help=_OUT_HELP)

    d = sub.add_parser(
        "diff",
        help="what changed between two versions of one area's plan",
        description="Actions added or removed, RAG, status, section, dates (slippage of the "
        "effective due date in days) and owners changed between two versions of AREA's plan. "
        "A version is a version number (18, V18), a plan date (2018-02-19) or a document_id; "
        "the default compares the two latest.",
    )
    d.add_argument("area", metavar="AREA", help="area name or area_id")
    d.add_argument("--from", dest="start", metavar="V", help="earlier version (default: the one "
                   "before --to)")
    d.add_argument("--to", dest="end", metavar="V", help="later version (default: the latest)")
    _common(d)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="outputs", metavar="DIR", help=_OUT_HELP)
    p.add_argument("--format", choices=FORMATS, default="table", help="default: table")


def _fail(exc: Exception) -> int:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False).print(
        f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True
    )
    return int(getattr(exc, "exit_code", 1))


def _emit(fmt: str, columns: Any, rows: Any, title: str | None = None) -> None:
    from actionplans.query import print_table, to_csv, to_json

    if fmt == "csv":
        sys.stdout.write(to_csv(columns, rows))
    elif fmt == "json":
        sys.stdout.write(to_json(columns, rows))
    else:
        print_table(_console(), columns, rows, title=title)


def _console() -> Console:
    """Standard output; a wide page when it is not a terminal (a file, a pipe, a log)."""
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 200)


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or () for v in item.split(",") if v.strip()]


def cmd_warnings(args: argparse.Namespace) -> int:
    from actionplans.query import QueryError, connect, resolve_area
    from actionplans.warning_codes import CODES, OTHER, SEVERITIES, codes_markdown

    if args.codes:
        sys.stdout.write(codes_markdown())
        return 0
    severities, codes = _split(args.severity), _split(args.code)
    known = {c.code for c in CODES} | {OTHER}
    try:
        if bad := [s for s in severities if s not in SEVERITIES]:
            raise QueryError(f"unknown severity {bad[0]!r}: one of {', '.join(SEVERITIES)}")
        if bad := [c for c in codes if c.upper() not in known]:
            raise QueryError(f"unknown code {bad[0]!r}: `actionplans warnings --codes` lists them")
        con = connect(args.out)
        try:
            where, params = ["TRUE"], []
            if args.area:
                area_id = resolve_area(con, args.area)
                where.append("w.area_id = ?")
                params.append(area_id)
            if severities:
                where.append(f"w.severity IN ({', '.join('?' for _ in severities)})")
                params += severities
            if codes:
                where.append(f"w.code IN ({', '.join('?' for _ in codes)})")
                params += [c.upper() for c in codes]
            if args.latest:
                where.append("w.document_id IN (SELECT DISTINCT document_id FROM actions_latest)")
            cursor = con.execute(
                "SELECT w.area, d.version, d.plan_date, w.action_id, w.severity, w.code, "
                "w.field, w.location, w.message, w.document_id FROM warnings w "
                "LEFT JOIN documents d USING (document_id) "
                f"WHERE {' AND '.join(where)} ORDER BY w.area, d.plan_date, w.document_id, "
                "CASE w.severity WHEN 'error' THEN 0 WHEN 'review' THEN 1 ELSE 2 END, "
                "w.action_id NULLS FIRST, w.code",
                params,
            )
            columns = [c[0] for c in cursor.description]
            rows = cursor.fetchall()
        finally:
            con.close()
    except QueryError as exc:
        return _fail(exc)
    _emit(args.format, columns, rows, title="warnings")
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from actionplans.query import QueryError, run

    try:
        result = run(args.out, args.sql)
    except QueryError as exc:
        return _fail(exc)
    _emit(args.format, result.columns, result.rows)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from actionplans.export import ExportError, export
    from actionplans.query import QueryError

    try:
        written = export(args.out, args.format, args.to)
    except (ExportError, QueryError) as exc:
        return _fail(exc)
    if args.format == "xlsx":
        done = f"wrote {written[0]}"
    else:
        done = f"wrote {len(written)} CSV file(s) to {written[0].parent if written else args.to}"
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False).print(escape(done))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from actionplans.diff import COLUMNS, as_json, describe, diff_area
    from actionplans.query import QueryError

    try:
        result = diff_area(args.out, args.area, args.start, args.end)
    except QueryError as exc:
        return _fail(exc)
    if args.format == "json":
        import json

        from actionplans.query import json_value

        sys.stdout.write(json.dumps(json_value(as_json(result)), ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return 0
    rows = [[c.get(k) for k in COLUMNS] for c in result.changes]
    if args.format == "csv":
        _emit("csv", COLUMNS, rows)
        return 0
    shown = ("action_id", "change", "field", "from_value", "to_value", "days", "action_text")
    table_rows = [
        [c.get(k) if k != "action_text" else _short(c.get(k)) for k in shown]
        for c in result.changes
    ]
    title = f"{result.area}: {describe(result.from_doc)} → {describe(result.to_doc)}"
    _emit("table", shown, table_rows, title=title)
    counts = ", ".join(f"{n} {k}" for k, n in sorted(result.counts().items())) or "no changes"
    _console().print(counts)
    return 0


def _short(text: str | None, n: int = 60) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "warnings": cmd_warnings,
    "query": cmd_query,
    "export": cmd_export,
    "diff": cmd_diff,
}
