"""One shape for every format: what a reader found, laid out as the text the parser reads.

A reader gives a list of blocks in document order: a paragraph is a string (one line of the
text), a table is a :class:`TableBlock` of rows of :class:`RawCell` — each row listing only
the cells that start in it, with their row and column spans, as HTML does. :func:`assemble`
resolves the spans into a grid and writes each table row as one line, one tab between cells
(one field per grid column: a merged cell's text once, in its first column), and returns the
text with its :class:`~fengong.parser.model.Table` objects, whose cells are spans of that text.

A cell may hold blocks of its own (Word and HTML put paragraphs and whole tables in a cell).
A table with a table in one of its cells, or with a single column, is a frame around content —
pages and notices are laid out that way — and is read as its content, cell by cell, so that
the table inside is read as a table; in any other table a cell's paragraphs are one line of
text, their breaks as spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Cell, Span, Table

__all__ = ["RawCell", "TableBlock", "Source", "assemble", "cell_text", "MAX_SPAN", "MAX_GRID"]

#: the widest a cell may span (HTML caps colspan at 1,000 too): a hostile file cannot make a
#: grid of a million columns
MAX_SPAN = 1000
#: the most grid positions a table may have (rows × columns): more, and its cells are read as
#: lines of text rather than laid out with a tab for every column
MAX_GRID = 4_000_000

_SPACE = re.compile(r"[ \t\r\n\x0b\x0c\u2028\u2029\u00a0\u3000]+")


def cell_text(text: str) -> str:
    """A cell's text on one line: its line breaks, tabs and runs of space as one space, and
    none at either end.

    >>> cell_text("  市发改委\\n市财政局\\t ")
    '市发改委 市财政局'
    """
    return _SPACE.sub(" ", text).strip(" ")


@dataclass
class RawCell:
    """A cell as a reader found it, before its place in the grid is known: its text, or the
    blocks it holds (paragraphs, and tables)."""

    text: "str | list[str | TableBlock]"
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass
class TableBlock:
    """A table as a reader found it: rows of the cells that start in each row."""

    rows: list[list[RawCell]] = field(default_factory=list)
    spans_known: bool = True  #: see :attr:`fengong.parser.model.Table.spans_known`
    name: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """What every reader returns: the text the parser reads, and the tables in it."""

    text: str
    tables: tuple[Table, ...] = ()


def _place(rows: list[list[RawCell]]) -> tuple[list[list[tuple[int, int, RawCell] | None]], int]:
    """The grid of ``rows``: at each position, the (row, column) of the cell covering it and the
    cell, as the HTML table algorithm places cells; and the grid's width."""
    height = len(rows)
    grid: list[list[tuple[int, int, RawCell] | None]] = [[] for _ in range(height)]
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            colspan = min(max(cell.colspan, 1), MAX_SPAN)
            rowspan = min(max(cell.rowspan, 1), height - r)
            for rr in range(r, r + rowspan):
                line = grid[rr]
                if len(line) < c + colspan:
                    line.extend([None] * (c + colspan - len(line)))
                for cc in range(c, c + colspan):
                    if line[cc] is None:
                        line[cc] = (r, c, cell)
            c += colspan
            width = max(width, c)
    return grid, width


def _is_frame(block: TableBlock) -> bool:
    """A table around content rather than a table of data: one column, or a table in a cell.
    (So is a table whose grid would exceed :data:`MAX_GRID`: its cells are read one a line.)"""
    widths = [sum(min(max(c.colspan, 1), MAX_SPAN) for c in row) for row in block.rows]
    if all(w <= 1 for w in widths) or max(widths, default=0) * len(block.rows) > MAX_GRID:
        return True
    return any(isinstance(part, TableBlock) for row in block.rows for c in row if isinstance(c.text, list)
               for part in c.text)


def _content(block: TableBlock) -> list[str | TableBlock]:
    """A frame's content, cell by cell, row by row."""
    out: list[str | TableBlock] = []
    for row in block.rows:
        for c in row:
            out += [c.text] if isinstance(c.text, str) else c.text
    return out


def _text_of(content: "str | list[str | TableBlock]") -> str:
    return cell_text(content if isinstance(content, str) else "\n".join(p for p in content if isinstance(p, str)))


def _table(block: TableBlock, out: list[str], pos: int) -> tuple[Table | None, int]:
    """Write ``block``'s rows into ``out`` from offset ``pos``; the table and the new offset."""
    rows = [[RawCell(_text_of(c.text), c.rowspan, c.colspan, c.header) for c in row] for row in block.rows]
    grid, width = _place(rows)
    if width == 0 or not any(c.text for row in rows for c in row):
        return None, pos
    made: dict[tuple[int, int], Cell] = {}
    lines, cells = [], []
    for r, line in enumerate(grid):
        line = line + [None] * (width - len(line))
        start, fields, row_cells = pos, [], []
        for c, slot in enumerate(line):
            if slot is not None and slot[:2] == (r, c):
                raw = slot[2]
                assert isinstance(raw.text, str)
                cell = made[(r, c)] = Cell(raw.text, pos, pos + len(raw.text), r, c,
                                           min(raw.rowspan, len(grid) - r), min(raw.colspan, width - c), raw.header)
                fields.append(cell.text)
            else:
                fields.append("")
                cell = made[slot[:2]] if slot is not None else Cell("", pos, pos, r, c)
            row_cells.append(cell)
            pos += len(fields[-1]) + 1  # the tab after it, or the line break after the last
        lines.append(Span("\t".join(fields), start, pos - 1))
        out.append(lines[-1].value)
        cells.append(tuple(row_cells))
    table = Table(lines[0].start, lines[-1].end, tuple(lines), tuple(cells), width, block.spans_known, block.name)
    return table, pos


def assemble(blocks: list[str | TableBlock]) -> Source:
    """The text of ``blocks`` — a line per paragraph (as given: a reader drops blank ones if
    it will), a line per table row — ending in a line break, with its tables.

    >>> src = assemble(["附件", TableBlock([[RawCell("序号"), RawCell("牵头单位")],
    ...                                    [RawCell("1"), RawCell("市发改委", rowspan=2)], [RawCell("2")]])])
    >>> src.text
    '附件\\n序号\\t牵头单位\\n1\\t市发改委\\n2\\t\\n'
    >>> lead = src.tables[0].grid[2][1]
    >>> lead.text, src.text[lead.start:lead.end], lead.rowspan
    ('市发改委', '市发改委', 2)
    >>> assemble([TableBlock([[RawCell(["通知", TableBlock([[RawCell("序号"), RawCell("任务")]])])]])]).text
    '通知\\n序号\\t任务\\n'
    """
    out: list[str] = []
    tables: list[Table] = []
    pos = 0
    todo = list(reversed(blocks))
    while todo:
        block = todo.pop()
        if isinstance(block, TableBlock):
            if _is_frame(block):
                todo += reversed(_content(block))
                continue
            table, pos = _table(block, out, pos)
            if table is not None:
                tables.append(table)
        else:
            out.append(block)
            pos += len(block) + 1
    return Source("\n".join(out) + "\n" if out else "", tuple(tables))
