"""Reading a table as a plan: the header row found by its words, then each row a section, a
task and its units, as the prose rules read an item and its annotation.

A table comes from the reader (:class:`~fengong.parser.model.Table`, one line of the text per
row) or is found here in plain text (:func:`find_text_tables`): lines of tab-separated cells,
or columns laid out with spaces under a header line. Its header row is the first of its first
rows whose cells name two or more kinds of column (``table_headers`` in the dialect: a role's
units, deadline, persons, 序号, task, indicator …); a second header row under it refines the
columns a cell of the first spans (责任单位 over 牵头单位 | 配合单位).

Under the header:

- a row of one cell across the table, or whose 序号 is a Chinese numeral, or whose only text
  opens with a heading's numbering (一、 / （一）), is a category: a section, like a heading;
- any other row is a numbered item under the open category — its 序号 the item's number (一、
  row then 3 → ``1.3``; rows without one are counted) — holding one task: the text of its task
  column (the rightmost one with text where there are several: 重点任务 | 具体措施); its unit
  cells are read with the annotation rules' unit list reader, each cell a list of its own
  (split also at ; and line breaks), so that a cell's units keep their offsets; a task cell
  that itself holds numbered sub-items has them read as the sections they are;
- a cell merged down over several rows is, in each of them, the cell it continues, and an
  assignment points at that cell's characters; where the format lost the merges (a text
  copy), an empty unit cell under a filled one is taken as continuing it.

A table with a role column is a task table. One with an indicator column, or with year
columns beside a unit of measure or a type, is an indicator table: each row an indicator with
its target. Any other table is read as text, line by line, as before; where its header could
not be mapped the parse says so (``table-header-unmapped``).
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import regex

from . import annotations as ann_rules
from .dialect import ROLE_NAMES
from .model import Annotation, Cell, Deadline, Indicator, Span, Table, Target
from .numbering import cn_to_int, match_numbering
from .targets import find_targets

if TYPE_CHECKING:
    from .core import ParseState
    from .dialect import Dialect

__all__ = ["find_text_tables", "read_table", "read_row", "header_columns", "RowPlan"]

#: how many rows at the top of a table are looked at for its header
_HEADER_ROWS = 6
#: the longest header cell, without its brackets
_HEADER_LONGEST = 24
#: a year column of an indicator table: 2020年, 2025年目标值, 2020年基期值
_YEAR_COLUMN = regex.compile(r"((?:19|20)[0-9]{2})年?(?:目标值?|预期目标|规划目标|规划值|基期值?|基数|现状值?|完成值?)?")
_BRACKETED = regex.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_SPACE = regex.compile(r"\s+")
#: what splits a unit cell into lists before the annotation rules split each at 、 and ,
_CELL_PIECES = regex.compile(r"[;\s()\[\]]")
_PERSON_PIECES = regex.compile(r"[、,;\s()\[\]]")
_CN_NUMERAL = regex.compile(r"[一二三四五六七八九十]{1,3}")
_INDEX = regex.compile(r"\(?([0-9]{1,4})[.、)]?")
_LETTER = regex.compile(r"[\p{L}\p{N}]")
#: an indicator table's value cell: “6”, “≥95”, “7%左右”, “<=0.5”
_CELL_NUMBER = regex.compile(
    r"(?P<cmp>[<>≥≤]=?)?[ ]?(?P<num>-?[0-9]{1,12}(?:\.[0-9]{1,12})?)[ ]?(?P<unit>%|‰)?(?P<suffix>以上|以内|以下|左右)?")
_COMPARATORS = {">": ">=", ">=": ">=", "≥": ">=", "<": "<=", "<=": "<=", "≤": "<=", "以上": ">=", "以内": "<=",
                "以下": "<=", "左右": "~"}
_UNIT_COLUMNS = (*ROLE_NAMES, "deadline", "persons")


# ---------------------------------------------------------------------------------------------
# the header


def _header_kind(dialect: Dialect, folded: str) -> str | None:
    """What a header cell's column holds, by the longest header word in it (brackets left out)."""
    bare = _SPACE.sub("", _BRACKETED.sub("", folded))
    if not bare or len(bare) > _HEADER_LONGEST:
        return None
    if m := _YEAR_COLUMN.fullmatch(bare):
        return f"year:{m.group(1)}"
    if dialect.header_re is None:
        return None
    words = [(len(m.group()), m.start(), m.group()) for m in dialect.header_re.finditer(bare)]
    if not words:
        return None
    # the longest word; of two as long, the later (a header printed over two lines, the
    # lower more specific: 责任单位 over 牵头单位)
    return dialect.column_of_header[max(words)[2]]


def header_columns(dialect: Dialect, folded: str, table: Table, row: int) -> list[str | None]:
    """What each column holds by the header words in row ``row``."""
    return [_header_kind(dialect, folded[c.start:c.end]) for c in table.grid[row]]


def _is_header(kinds: list[str | None]) -> bool:
    found = {k for k in kinds if k}
    main = {"task", "indicator", *ROLE_NAMES}
    return len(found) >= 2 and bool(found & main or any(k.startswith("year:") for k in found))


@dataclass
class Header:
    """A table's header: the rows it takes and what each column holds."""

    first: int  #: first header row
    last: int  #: last header row
    kinds: list[str | None]
    convention: int | None = None  #: offset of a first-listed-lead convention written in a header cell


def find_header(state: ParseState, table: Table) -> Header | None:
    """The header of ``table``, or ``None`` when none of its first rows names its columns."""
    dialect, folded = state.dialect, state.folded
    for r in range(min(_HEADER_ROWS, len(table.grid))):
        kinds = header_columns(dialect, folded, table, r)
        if not _is_header(kinds):
            continue
        last = r
        if r + 1 < len(table.grid):
            below = header_columns(dialect, folded, table, r + 1)
            if any(below) and not _looks_like_data(table, r + 1, below):
                # a second header row: it names the columns under the wider cells of the first
                # (责任单位 over 牵头单位 | 配合单位); a cell merged down from the first is the same cell
                kinds = [b or k for k, b in zip(kinds, below)]
                last = r + 1
        header = Header(r, last, kinds)
        for rr in range(r, last + 1):
            for cell in table.grid[rr]:
                for pattern in dialect.first_listed_res:
                    if pattern.search(folded, cell.start, cell.end):
                        header.convention = cell.start
        return header
    return None


def _looks_like_data(table: Table, r: int, kinds: list[str | None]) -> bool:
    """A row under a header row that holds data rather than more header words: a cell of it
    that names no column holds text, and is not the cell of the row above continued down."""
    for c, cell in enumerate(table.grid[r]):
        if cell.text and not kinds[c] and cell.row == r:
            return True
    return False


# ---------------------------------------------------------------------------------------------
# text copies: tables found in plain text


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _tab_fields(text: str, start: int, end: int) -> list[tuple[int, int]]:
    fields, a = [], start
    while True:
        b = text.find("\t", a, end)
        if b < 0:
            fields.append((a, end))
            return fields
        fields.append((a, b))
        a = b + 1


_SPACED = regex.compile(r"(?:[ \u3000]{2,}|\u3000)")
_FIELD = regex.compile(r"[^ \u3000\t]+(?: [^ \u3000\t]+)*")


def _text_table(text: str, rows: list[list[tuple[int, int]]], lines: list[tuple[int, int]], width: int) -> Table:
    grid = []
    for r, fields in enumerate(rows):
        cells = []
        for c in range(width):
            if c < len(fields):
                a, b = fields[c]
                while a < b and text[a] in " \u3000":
                    a += 1
                while b > a and text[b - 1] in " \u3000":
                    b -= 1
            else:
                a = b = lines[r][1]
            cells.append(Cell(text[a:b], a, b, r, c))
        grid.append(tuple(cells))
    spans = tuple(Span(text[a:b], a, b) for a, b in lines)
    return Table(lines[0][0], lines[-1][1], spans, tuple(grid), width, False)


def find_text_tables(state: ParseState, lines: list[tuple[int, int]], taken: list[Table]) -> list[Table]:
    """Tables written in plain text, outside the reader's ``taken`` tables: runs of lines of
    tab-separated cells, and runs of lines whose cells are set apart by two or more spaces
    under a header line; each only where a header row names its columns.

    ``lines`` are the text's lines, ``(start, end)`` without their line breaks."""
    text, folded, dialect = state.text, state.folded, state.dialect
    if dialect.header_re is None or ("\t" not in text and "  " not in text and "\u3000" not in text):
        return []
    starts = [t.start for t in taken]

    def inside(offset: int) -> bool:
        k = bisect.bisect_right(starts, offset) - 1
        return k >= 0 and offset <= taken[k].end

    found: list[Table] = []
    i = 0
    while i < len(lines):
        s, e = lines[i]
        if s == e or inside(s):
            i += 1
            continue
        if "\t" in text[s:e]:
            j = i
            while j < len(lines) and "\t" in text[lines[j][0]:lines[j][1]] and not inside(lines[j][0]):
                j += 1
            rows = [_tab_fields(text, a, b) for a, b in lines[i:j]]
            table = _text_table(text, rows, lines[i:j], max(len(f) for f in rows))
            if j - i >= 2 and find_header(state, table) is not None:
                found.append(table)
                i = j
                continue
            i += 1
            continue
        table_end = _spaced_table(state, lines, i)
        if table_end is not None:
            table, i = table_end
            found.append(table)
            continue
        i += 1
    return found


def _spaced_table(state: ParseState, lines: list[tuple[int, int]], i: int) -> tuple[Table, int] | None:
    """A table laid out with spaces whose header is line ``i``: the table and the line after it."""
    text = state.text
    s, e = lines[i]
    if not _SPACED.search(text, s, e):
        return None
    header = [m.span() for m in _FIELD.finditer(text, s, e)]
    if len(header) < 3:
        return None
    kinds = [_header_kind(state.dialect, state.folded[a:b]) for a, b in header]
    if not _is_header(kinds):
        return None
    # the columns start where the header's fields start, in display columns
    starts = [_display_width(text[s:a]) for a, _ in header]
    rows, spans = [[(a, b) for a, b in header]], [(s, e)]
    j = i + 1
    full = _display_width(text[s:e])
    while j < len(lines):
        a, b = lines[j]
        fields = [m.span() for m in _FIELD.finditer(text, a, b)]
        if not fields:
            break
        if len(fields) == 1 and _display_width(text[fields[0][0]:fields[0][1]]) > 0.6 * full:
            break  # a line of prose under the table
        row: list[tuple[int, int]] = [(b, b)] * len(starts)
        for fa, fb in fields:
            col = _display_width(text[a:fa])
            k = min(range(len(starts)), key=lambda n: (abs(starts[n] - col), n))
            if starts[k] > col + 2 and k > 0 and row[k - 1][0] == b:
                k -= 1
            row[k] = (fa, fb) if row[k][0] == b else (row[k][0], fb)
        rows.append(row)
        spans.append((a, b))
        j += 1
    if j - i < 2:
        return None
    return _text_table(text, rows, spans, len(starts)), j


# ---------------------------------------------------------------------------------------------
# reading the rows


@dataclass
class RowPlan:
    """A data row of a task table, as :func:`read_row` reads it when its item is read."""

    table: Table
    row: int
    kinds: list[str | None]
    task: Cell | None  #: the task cell
    units: list[tuple[str, Cell]] = field(default_factory=list)  #: (column kind, cell), in column order
    annotation: tuple[int, int] = (0, 0)  #: the row's own unit, deadline and person fields
    number: int = 1  #: the task's number in its section


def _field(table: Table, r: int, c: int) -> tuple[int, int]:
    """The span of row ``r``'s own field in column ``c`` (an empty one where a merged cell from
    above covers it)."""
    cell = table.grid[r][c]
    if cell.row == r and cell.col == c:
        return cell.start, cell.end
    line = table.rows[r]
    if "\t" in line.value:
        fields = _tab_fields(line.value, 0, len(line.value))
        if c < len(fields):
            return line.start + fields[c][0], line.start + fields[c][1]
    return line.end, line.end


def _distinct(cells: tuple[Cell, ...]) -> list[Cell]:
    out: list[Cell] = []
    for cell in cells:
        if cell.text and all(cell is not o for o in out):
            out.append(cell)
    return out


def _category(state: ParseState, table: Table, r: int, kinds: list[str | None]
              ) -> tuple[str, int, int, int, int, int] | None:
    """A category row: ``(style, ordinal, label start, label end, title start, title end)``."""
    cells = _distinct(table.grid[r])
    role_text = any(table.grid[r][c].text and table.grid[r][c].col == c for c, k in enumerate(kinds)
                    if k in _UNIT_COLUMNS)
    if not cells or role_text:
        return None
    folded = state.folded
    index = next((c for c, k in enumerate(kinds) if k == "index"), None)
    if index is not None:
        cell = table.grid[r][index]
        if cell.row == r and _CN_NUMERAL.fullmatch(folded, cell.start, cell.end):
            rest = [c for c in cells if c is not cell]
            title = rest[0] if rest else cell
            return "cn_dun", cn_to_int(cell.text) or 1, cell.start, cell.end, title.start, title.end
    if len(cells) != 1:
        return None
    cell = cells[0]
    hit = match_numbering(folded, cell.start, cell.end)
    if hit is not None and hit[0] in ("cn_dun", "cn_paren"):
        return hit[0], hit[1], cell.start, hit[2], hit[2], cell.end
    if cell.colspan >= max(2, table.width - 1) and (index is None or kinds[cell.col] != "index"):
        return "table_category", 0, cell.start, cell.start, cell.start, cell.end
    return None


def _index_number(folded: str, cell: Cell) -> int | None:
    m = _INDEX.fullmatch(folded, cell.start, cell.end)
    return int(m.group(1)) if m else None


def read_table(state: ParseState, table: Table) -> bool:
    """Read ``table`` into the parse: its rows as sections and items (tasks and indicators are
    read with the items, in document order). ``False`` when it is no task or indicator table:
    its lines are then read as text."""
    header = find_header(state, table)
    if header is None:
        if table.spans_known and len(table.grid) >= 2 and table.width >= 2:
            seen = " | ".join(c.text for c in _distinct(table.grid[0]))[:120]
            state.diag("table-header-unmapped", "warning",
                       f"table header not recognised (saw: {seen}); its rows are read as text", table.start,
                       table.rows[0].end)
        return False
    kinds = list(header.kinds)
    roles = [k for k in kinds if k in ROLE_NAMES]
    if not roles and "task" in kinds and "measure" in kinds and "indicator" not in kinds:
        kinds = ["responsible" if k == "measure" else k for k in kinds]  # 单位 beside a task: the units
        roles = ["responsible"]
    indicator = "indicator" in kinds or any(k and k.startswith("year:") for k in kinds) and (
        "measure" in kinds or "indicator_type" in kinds)
    if not roles and not indicator:
        seen = " | ".join(c.text for c in _distinct(table.grid[header.last]))[:120]
        state.diag("table-header-unmapped", "warning",
                   f"table has no unit column (saw: {seen}); its rows are read as text", table.start,
                   table.rows[header.last].end)
        return False
    if header.convention is not None and state.first_listed_from is None:
        state.first_listed_from = header.convention
    for r in range(header.last + 1):
        if r < header.first:
            state.add_paragraph(table.rows[r].start, table.rows[r].end)
    if roles:
        _read_task_rows(state, table, header, kinds)
    else:
        _read_indicator_rows(state, table, header, kinds)
    return True


def _same_header(state: ParseState, table: Table, r: int, header: Header) -> bool:
    """A header row repeated (a table that runs over pages repeats it)."""
    return [c.text for c in table.grid[r]] == [c.text for c in table.grid[header.first]]


def _read_task_rows(state: ParseState, table: Table, header: Header, kinds: list[str | None]) -> None:
    folded = state.folded
    task_cols = [c for c, k in enumerate(kinds) if k == "task"]
    if not task_cols:  # no column says it holds the task: the unnamed one with the most text
        free = [c for c, k in enumerate(kinds) if k is None]
        if free:
            task_cols = [max(free, key=lambda c: sum(len(table.grid[r][c].text) for r in range(len(table.grid))))]
    index_col = next((c for c, k in enumerate(kinds) if k == "index"), None)
    unit_cols = [c for c, k in enumerate(kinds) if k in _UNIT_COLUMNS]
    previous: tuple[int, ...] | None = None  # what made the last row's item
    last_filled: dict[int, Cell] = {}  # for a text copy: the last unit cell with text, by column
    number = 0
    row_item = None
    for r in range(header.last + 1, len(table.grid)):
        cells = table.grid[r]
        if not _distinct(cells) or _same_header(state, table, r, header):
            continue
        category = _category(state, table, r, kinds)
        if category is not None:
            style, ordinal, ls, le, ts, te = category
            if style == "table_category":
                ordinal = state.next_ordinal(style)
            state.open_section(style, ordinal, ls, le, ts, te, table.rows[r].start, table.rows[r].end)
            previous, last_filled = None, {}
            continue
        task = next((cells[c] for c in reversed(task_cols) if cells[c].text), None)
        first_task = cells[task_cols[0]] if task_cols else None
        index = cells[index_col] if index_col is not None and cells[index_col].text else None
        key = (id(index),) if index is not None else (id(first_task),) if first_task is not None and \
            first_task.rowspan > 1 and first_task.text else None
        units: list[tuple[str, Cell]] = []
        for c in unit_cols:
            cell = cells[c]
            if cell.col != c:
                continue  # a cell spanning from a column to the left holds that column's content
            if not cell.text and not table.spans_known and c in last_filled:
                cell = last_filled[c]  # a merged cell, lost in the copy: the one above continued
            if cell.text:
                if not table.spans_known:
                    last_filled[c] = cell
                if all(cell is not u for _, u in units):
                    units.append((kinds[c] or "", cell))
        own = [_field(table, r, c) for c in unit_cols]
        annotation = (min(a for a, _ in own), max(b for _, b in own)) if own else (table.rows[r].end,) * 2
        if key is not None and key == previous and row_item is not None:
            number += 1
        else:
            if index is not None and (n := _index_number(folded, index)) is not None:
                ordinal, ls, le = n, index.start, index.end
            else:  # a row without a number follows the one before it
                ordinal, ls, le = state.next_ordinal("table_row"), table.rows[r].start, table.rows[r].start
            title = first_task if first_task is not None and first_task.text else task
            ts, te = (title.start, title.end) if title is not None else (table.rows[r].end, table.rows[r].end)
            item = row_item = state.open_section("table_row", ordinal, ls, le, ts, te, table.rows[r].start,
                                                 table.rows[r].end)
            number = 1
            if task is not None:
                item.end = task.end
                item.text_start = task.start
                _sub_items(state, task)
            previous = key if key is not None else (id(item),)
        row_item.rows.append(RowPlan(table, r, kinds, task, units, annotation, number))


def _sub_items(state: ParseState, task: Cell) -> None:
    """Numbered sub-items in a task cell (“1.…；2.…”, line breaks written as spaces): each
    opens a section under the row's, read by the prose rules; the row's units cover them all."""
    folded = state.folded
    starts = [task.start] + [m.end() for m in regex.finditer(r"[ ;。:,]", folded[task.start:task.end])]
    found = []
    expect = 1
    style = None
    for k, pos in enumerate(starts):
        pos = task.start + pos if k else pos
        hit = match_numbering(folded, pos, task.end)
        if hit is None or hit[0] in ("cn_dun",) or hit[1] != expect or (style is not None and hit[0] != style):
            continue
        style = hit[0]
        found.append((pos, hit))
        expect += 1
    if len(found) < 2:
        return
    for k, (pos, (style, ordinal, label_end)) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else task.end
        while end > pos and folded[end - 1] == " ":
            end -= 1
        state.open_section(style, ordinal, pos, label_end, label_end, end, pos, end)


def read_row(state: ParseState, section: str, plan: RowPlan) -> None:
    """The task of one row and its units: the row's unit cells read as annotations are."""
    folded, text = state.folded, state.text
    reading = ann_rules.Reading(labelled=True)
    persons: list[Span] = []
    for kind, cell in plan.units:
        if kind in ROLE_NAMES:
            before = len(reading.roles)
            for a, b in ann_rules.split_units(folded, cell.start, cell.end, None, _CELL_PIECES):
                ann_rules.role_list(state, reading, kind, a, b)
            found = reading.roles[before:]
            real = [u for u in found if _LETTER.search(u[0]) and u[0] not in state.dialect.data["no_unit_words"]]
            if len(real) != len(found):
                reading.roles[before:] = real
            if not real:
                state.diag("table-unit-cell-unread", "warning",
                           f"unit cell reads as no unit: {cell.text[:40]}", cell.start, cell.end)
        elif kind == "deadline":
            hit = ann_rules.read_deadline(state, cell.start, cell.end)
            reading.deadlines.append(hit if hit is not None else Deadline(cell.text, cell.start, cell.end))
        elif kind == "persons":
            for a, b in ann_rules.split_units(folded, cell.start, cell.end, None, _PERSON_PIECES):
                persons.append(Span(text[a:b], a, b))
    a, b = plan.annotation
    annotation = Annotation("table", text[a:b], a, b, None, tuple(reading.notes), tuple(reading.deadlines),
                            tuple(reading.fields), tuple(persons))
    task = plan.task
    ts, te = (task.start, task.end) if task is not None else (a, a)
    while ts < te and folded[ts] in " 。.;,:、":
        ts += 1
    while te > ts and folded[te - 1] in " 。.;,:、":
        te -= 1
    state.add_task(section, plan.number, ts, te, annotation, reading)
    if not reading.roles and task is not None and task.text:
        row = plan.table.rows[plan.row]
        state.diag("table-row-without-unit", "error", f"table row with a task but no unit: {task.text[:40]}",
                   row.start, row.end)


def _read_indicator_rows(state: ParseState, table: Table, header: Header, kinds: list[str | None]) -> None:
    name_col = next((c for c, k in enumerate(kinds) if k == "indicator"), None)
    if name_col is None:
        free = [c for c, k in enumerate(kinds) if k is None or k == "task"]
        if not free:
            return
        name_col = free[0]
    years = sorted((int(k[5:]), c) for c, k in enumerate(kinds) if k and k.startswith("year:"))
    target_col = years[-1] if years else None
    measure_col = next((c for c, k in enumerate(kinds) if k == "measure"), None)
    type_col = next((c for c, k in enumerate(kinds) if k == "indicator_type"), None)
    index_col = next((c for c, k in enumerate(kinds) if k == "index"), None)
    for r in range(header.last + 1, len(table.grid)):
        cells = table.grid[r]
        if not _distinct(cells) or _same_header(state, table, r, header):
            continue
        category = _category(state, table, r, kinds)
        if category is not None or not cells[name_col].text:
            if category is not None:
                style, ordinal, ls, le, ts, te = category
                if style == "table_category":
                    ordinal = state.next_ordinal(style)
                state.open_section(style, ordinal, ls, le, ts, te, table.rows[r].start, table.rows[r].end)
            continue
        name = cells[name_col]
        index = cells[index_col] if index_col is not None and cells[index_col].text else None
        n = _index_number(state.folded, index) if index is not None else None
        if index is not None and n is not None:
            ls, le = index.start, index.end
        else:
            n, ls, le = state.next_ordinal("table_row"), table.rows[r].start, table.rows[r].start
        item = state.open_section("table_row", n, ls, le, name.start, name.end, table.rows[r].start,
                                  table.rows[r].end)
        item.end = item.text_start  # its text is its cells, read here
        path = item.section.path
        targets: tuple[Target, ...] = ()
        if target_col is not None:
            year, c = target_col
            cell = cells[c]
            measure = cells[measure_col].text if measure_col is not None else ""
            found = find_targets(state.text, state.folded, cell.start, cell.end, owner=f"indicator:{path}", year=year)
            if not found and (m := _CELL_NUMBER.fullmatch(state.folded, cell.start, cell.end)):
                # a bare number is a target by its column: the year's value, in the row's unit of measure
                a, b = m.span("num")
                cmp = _COMPARATORS.get(m.group("cmp") or m.group("suffix") or "", "=")
                found = [Target(state.text[cell.start:cell.end], cell.start, cell.end, cmp, "level",
                                float(state.folded[a:b]), m.group("unit"), year, f"indicator:{path}")]
            targets = tuple(t if t.unit or not measure else _with_unit(t, measure) for t in found)
        kind = cells[type_col].text if type_col is not None else ""
        kind = kind[:3] if kind.endswith("指标") else kind
        state.indicators.append(Indicator(path, name.text, name.start, name.end, kind or None, targets))


def _with_unit(target: Target, unit: str) -> Target:
    return replace(target, unit=unit)
