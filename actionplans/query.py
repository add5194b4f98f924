"""SQL over a built dataset: DuckDB with every table a view by its name.

`connect(out)` makes one in-memory DuckDB connection where each table folder of the dataset is a
view over its Parquet files (Hive partitions, so `area_id` is a column), a table with no files
yet is an empty view with its schema, `actions_latest` holds the actions of each area's latest
document, and `canonical_themes` is the taxonomy (id, label, definition). Errors are one line a
person can act on: DuckDB's message plus the tables or columns there are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from actionplans.schemas.tables import TABLES

LATEST_VIEW = "actions_latest"
TAXONOMY_VIEW = "canonical_themes"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class QueryError(Exception):
    """A query that cannot run; `exit_code` 2 for bad SQL or usage, 1 for a missing dataset."""

    exit_code = 2


class NoDataset(QueryError):
    exit_code = 1


@dataclass(frozen=True)
class Result:
    columns: tuple[str, ...]
    types: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def table_sources(out: str | Path) -> dict[str, str]:
    """Table name -> the DuckDB expression reading its files, for every folder holding Parquet."""
    root = Path(out)
    if not root.is_dir():
        return {}
    names = list(TABLES) + sorted(
        p.name for p in root.iterdir() if p.is_dir() and p.name not in TABLES
    )
    found: dict[str, str] = {}
    for name in names:
        folder = root / name
        if name.startswith(("_", ".")) or not folder.is_dir():
            continue
        if any(folder.glob("*=*/*.parquet")):
            pattern = _sql_path(folder) + "/*=*/*.parquet"
            options = "hive_partitioning = true, union_by_name = true"
            found[name] = f"read_parquet('{pattern}', {options})"
        elif any(folder.glob("*.parquet")):
            found[name] = f"read_parquet('{_sql_path(folder)}/*.parquet', union_by_name = true)"
    return found


def _empty(name: str) -> pa.Table:
    return TABLES[name].schema.empty_table()


def _latest_ids(out: Path, con: duckdb.DuckDBPyConnection) -> list[str] | None:
    """Latest document of each area: versions.latest_document_ids, else the greatest plan_date."""
    try:
        from actionplans.versions import latest_document_ids
    except ImportError:
        latest_document_ids = None
    if latest_document_ids is not None:
        return sorted(latest_document_ids(out))
    rows = con.execute(
        "SELECT document_id FROM (SELECT document_id, row_number() OVER (PARTITION BY area_id "
        "ORDER BY plan_date DESC NULLS LAST, try_cast(regexp_extract(version, '\\d+') AS INT) "
        "DESC NULLS LAST, document_id DESC) AS n FROM documents) WHERE n = 1"
    ).fetchall()
    return [r[0] for r in rows]


def connect(out: str | Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the dataset's views; NoDataset when there is nothing to query."""
    root = Path(out)
    sources = table_sources(root)
    if "documents" not in sources:
        raise NoDataset(f"no dataset at {out}: run `actionplans build` first")
    con = duckdb.connect(":memory:")
    for name, expression in sources.items():
        con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM {expression}')
    for name in TABLES:
        if name not in sources:
            con.register(name, _empty(name))  # a table no document has rows for yet
    ids = _latest_ids(root, con) or []
    listed = ", ".join("'" + i.replace("'", "''") + "'" for i in ids) or "NULL"
    con.execute(
        f"CREATE VIEW {LATEST_VIEW} AS SELECT * FROM actions WHERE document_id IN ({listed})"
    )
    from actionplans.compare.taxonomy import load_taxonomy

    themes = load_taxonomy().themes
    con.register(
        TAXONOMY_VIEW,
        pa.table(
            {
                "canonical_theme": [t.id for t in themes],
                "label": [t.label for t in themes],
                "definition": [t.definition for t in themes],
            }
        ),
    )
    return con


def resolve_area(con: duckdb.DuckDBPyConnection, area: str) -> str:
    """The area_id of an area given by name, area_id or a unique start of either."""
    from actionplans.normalise.document import slugify

    pairs = con.execute("SELECT DISTINCT area_id, area FROM documents ORDER BY area").fetchall()
    wanted = slugify(area) or area.strip().lower()
    for exact in (True, False):
        hits = {
            a_id
            for a_id, name in pairs
            if (a_id == wanted or name.lower() == area.strip().lower())
            or (not exact and a_id.startswith(wanted))
        }
        if len(hits) == 1:
            return hits.pop()
        if len(hits) > 1:
            break
    known = ", ".join(name for _, name in pairs) or "none"
    raise QueryError(f"unknown area {area!r}: the dataset has {known}")


def relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the views and tables a query can use."""
    rows = con.execute(
        "SELECT DISTINCT table_name FROM information_schema.tables ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


def columns_of(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    return [r[0] for r in con.execute(f'DESCRIBE "{name}"').fetchall()]


def _explain(con: duckdb.DuckDBPyConnection, sql: str, exc: duckdb.Error) -> str:
    """DuckDB's message, then what there is to choose from."""
    message = str(exc).strip()
    names = relations(con)
    if isinstance(exc, duckdb.CatalogException):
        return f"{message}\ntables: {', '.join(names)}"
    if isinstance(exc, duckdb.BinderException):
        used = [n for n in names if n.lower() in {w.lower() for w in _IDENT.findall(sql)}]
        lines = [f"{n}: {', '.join(columns_of(con, n))}" for n in used]
        if lines:
            return message + "\ncolumns of " + "\ncolumns of ".join(lines)
        return f"{message}\ntables: {', '.join(names)}"
    if isinstance(exc, duckdb.ParserException):
        return f"{message}\n(SQL syntax error; tables: {', '.join(names)})"
    return message


def run(out: str | Path, sql: str) -> Result:
    """Run one SQL text over the dataset at `out`."""
    if not sql or not sql.strip():
        raise QueryError("empty query: give a SQL statement, e.g. \"SELECT count(*) FROM actions\"")
    con = connect(out)
    try:
        cursor = con.execute(sql)
        if cursor.description is None:
            return Result((), (), ())
        cols = tuple(d[0] for d in cursor.description)
        types = tuple(str(d[1]) for d in cursor.description)
        return Result(cols, types, tuple(cursor.fetchall()))
    except duckdb.Error as exc:
        raise QueryError(_explain(con, sql, exc)) from None
    finally:
        con.close()


# --- output -------------------------------------------------------------------------------


def as_text(value: Any) -> str:
    """A cell as readable text: lists as "a; b", structs as "key: value, ...", dates ISO."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {as_text(v)}" for k, v in value.items() if v not in (None, ""))
    if isinstance(value, list | tuple):
        return "; ".join(as_text(v) for v in value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def json_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return as_text(value) if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float | int | str | bool) or value is None:
        return value
    return str(value)


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([as_text(v) for v in row] for row in rows)
    return buf.getvalue()


def to_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    data = [{c: json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def print_table(console: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                title: str | None = None) -> None:
    """Rows as a rich table (every value escaped), with the row count under it."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for c in columns:
        table.add_column(escape(c), overflow="fold")
    for row in rows:
        table.add_row(*(escape(as_text(v)) for v in row))
    console.print(table)
    console.print(f"{len(rows)} row(s)", highlight=False)


__all__ = [
    "LATEST_VIEW",
    "NoDataset",
    "QueryError",
    "Result",
    "as_text",
    "connect",
    "run",
    "table_sources",
]
