"""Text renditions: tab-separated rows (.txt) and Markdown pipe tables (.md).

A text rendition keeps no shading and no merges: a merged theme row is its text in the first
cell, a theme column merged down has its text on the first row only, and a header repeated on
each page of the source reappears every few rows ("long_repeat"), as document converters emit.
"""

from __future__ import annotations

from pathlib import Path

from .document import Document, Heading, Para, Table

REPEAT_EVERY = 8  # body rows between repeated header rows (one printed page)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _rows(table: Table) -> list[list[str]]:
    width = len(table.widths)
    header = [[_flat(c.text) for c in r.cells] for r in table.rows[: table.header_rows]]
    out = [*header]
    for i, row in enumerate(table.rows[table.header_rows :]):
        if table.repeat_header and i and i % REPEAT_EVERY == 0:
            out += header
        cells = [_flat(c.text) for c in row.cells]
        out.append(cells + [""] * (width - len(cells)))
    return out


def write_txt(doc: Document, path: Path) -> None:
    lines = [*doc.title, "", ""]
    for block in doc.blocks:
        if isinstance(block, Table):
            lines += ["\t".join(r) for r in _rows(block)]
        else:
            lines.append(block.text)
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_md(doc: Document, path: Path) -> None:
    lines = [f"# {doc.title[0]}", "", *(f"{t}  " for t in doc.title[1:]), ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Para):
            lines.append(block.text)
        else:
            rows = _rows(block)
            lines.append("| " + " | ".join(rows[0]) + " |")
            lines.append("|" + "|".join("---" for _ in rows[0]) + "|")
            lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
