"""Blocks of pages of positioned lines: what the PDF reader and the text reader's
layout-preserving exports (extract/text_layout.py) share once words have positions.

Running headers and footers are dropped, tables without ruling are read across all pages
(pdf_unruled), RAG keys laid out as columns are found, the rest is paragraphs; a row that a
page break cut in two is joined back. No PDF library is imported here.
"""

from __future__ import annotations

from .cells import join_wrapped
from .celltypes import parse_action_id
from .layout import Block, TableBlock, split_header
from .model import Cell, Row
from .pdf_furniture import drop_furniture
from .pdf_lines import PageText, page_paragraphs
from .pdf_unruled import key_columns, unruled_tables


def blocks_of_pages(pages: list[PageText], full: dict[int, tuple[bool, ...]] | None = None
                    ) -> list[Block]:
    """Blocks of pages of positioned lines (and ruled tables), in reading order: running
    headers and footers dropped, tables without ruling read across all pages, RAG key
    columns, paragraphs. Shared by the PDF reader and the text reader's layout-preserving
    exports (extract/text_layout.py); `full`: id(ruled table block) -> which cells of its last
    row run to the bottom of the page (PDF only)."""
    full = full or {}
    drop_furniture(pages)
    unruled = unruled_tables(pages)
    blocks: list[Block] = []
    for page in pages:
        keys, rest = key_columns(page.lines, page.number)
        items = [*page.ruled, *unruled.get(page.number, []), *keys]
        items.extend(page_paragraphs(rest, page.number, page.extent))
        items.sort(key=lambda item: item[0])
        page_blocks = [block for _, block in items]
        if blocks and page_blocks and isinstance(blocks[-1], TableBlock) and \
                isinstance(page_blocks[0], TableBlock):
            blocks[-1], page_blocks[0] = _rejoin_cut_row(blocks[-1], page_blocks[0],
                                                         full.get(id(blocks[-1]), ()))
        blocks.extend(page_blocks)
    return blocks


def _rejoin_cut_row(before: TableBlock, after: TableBlock, full: tuple[bool, ...]
                    ) -> tuple[TableBlock, TableBlock]:
    """Join the part of a row that the page break pushed onto the next page back to it.

    The first data row after the page break (below a repeated header) is the rest of a cut
    row when every cell it fills continues a cell of the last row that runs to the bottom of
    the page and none holds an action number; a per-organisation sub-row starting on the new
    page fills cells (officer, dates) that ended well above the bottom, so it stays a row of
    its own.
    """
    header, data = split_header(after.rows, after.header_rows)
    if not data or not before.rows or len(data[0].cells) != len(before.rows[-1].cells):
        return before, after
    last, first = before.rows[-1], data[0]
    filled = [i for i, c in enumerate(first.cells) if c.text.strip()]
    if not filled or not all(i < len(full) and full[i] for i in filled):
        return before, after
    if any(parse_action_id(first.cells[i].text) is not None for i in filled):
        return before, after  # a numbered row of its own below a short last row
    cells = tuple(
        Cell(join_wrapped(a.text, b.text), a.fill or b.fill)
        for a, b in zip(last.cells, first.cells, strict=True)
    )
    where = last.location.span(first.location).describe()
    note = f"{where}: row cut by a page break rejoined from its parts on both pages"
    joined = Row(cells, last.location.span(first.location), last.after_break,
                 (*last.notes, note))
    return (
        TableBlock((*before.rows[:-1], joined), before.location, before.header_rows),
        TableBlock((*header, *data[1:]), after.location, after.header_rows),
    )
