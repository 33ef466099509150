"""Tables in a PDF's text layer (pdfplumber, on the pdfminer.six the text reader uses).

Two kinds: a table drawn with ruling lines, whose cells pdfplumber finds from the lines —
a cell merged across rows or columns is one box spanning several, and is read as one cell;
and a table laid out by text alignment alone, whose columns are the gutters of white space
that run down the lines under a header of three or more pieces. In both, a line that wraps
inside a cell is joined to the line before it (without a space where the line above ran to
the cell's edge, with one where it stopped short), so a row that wraps is one row. A table
that runs on over a page break is one table, its repeated header row dropped.
"""

from __future__ import annotations

import bisect
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
import re
import unicodedata
from typing import Any

from .layout import RawCell, TableBlock

__all__ = ["pdf_blocks", "quiet_pdfminer", "radicals_as_ideographs"]

#: a page number printed alone on its line: - 2 -, 第2页, 2
_PAGE_NUMBER = re.compile(r"[-—－–\s]*(?:第\s*)?[0-9]{1,4}(?:\s*页)?[-—－–\s]*")
_TOLERANCE = 2.0  #: points within which two coordinates are one
#: the supplementary radicals Unicode gives no decomposition, as the simplified ideographs
#: they are the shapes of (the Kangxi radicals decompose to their ideographs under NFKC)
_SUPPLEMENT = dict(zip("⺟⺠⺰⻄⻅⻆⻈⻉⻋⻌⻐⻓⻔⻗⻙⻚⻛⻜⻠⻢⻣⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳", "母民纟西见角讠贝车辶钅长门雨韦页风飞饣马骨鱼鸟卤麦黄黾齐齿龙龟"))
_RADICAL = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")


def _snap(values: list[float]) -> list[float]:
    """The distinct coordinates among ``values``, those within the tolerance taken as one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOLERANCE:
            out.append(v)
    return out


def _index(coords: list[float], v: float) -> int:
    i = bisect.bisect_left(coords, v - _TOLERANCE)
    return min(i, len(coords) - 1)


def radicals_as_ideographs(text: str) -> str:
    """``text`` with the Kangxi and supplementary radicals (U+2F00–U+2FDF, U+2E80–U+2EFF) as
    the ideographs they are drawn as: PDF writers (Chromium among them) map glyphs of CJK fonts
    to the radicals block, so that 一 reads as ⼀ and 大 as ⼤.

    >>> radicals_as_ideographs("⼀、扩⼤有效投资，⻓期坚持")
    '一、扩大有效投资，长期坚持'
    """
    if not _RADICAL.search(text):
        return text
    return _RADICAL.sub(lambda m: _SUPPLEMENT.get(m.group()) or unicodedata.normalize("NFKC", m.group()), text)


def _char_width(chars: list[dict]) -> float:
    widths = sorted(c["x1"] - c["x0"] for c in chars if c["text"].strip())
    return widths[len(widths) // 2] if widths else 10.0


def _cell_lines(chars: list[dict], right: float, width: float) -> str:
    """The text of the chars in one cell, a line break kept only where a line stopped short
    of the cell's right edge ``right`` (a wrapped line runs on without one)."""
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= _TOLERANCE * 1.5:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    out = ""
    for k, line in enumerate(lines):
        line.sort(key=lambda c: c["x0"])
        text = "".join(c["text"] for c in line).strip()
        if k and out and max(c["x1"] for c in lines[k - 1]) < right - 2 * width:
            out += "\n"
        out += text
    return out


def _ruled(page: Any, table: Any) -> TableBlock:
    """A table pdfplumber found by its ruling lines, merged cells as one cell each."""
    boxes = table.cells
    xs = _snap([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _snap([b[1] for b in boxes] + [b[3] for b in boxes])
    chars = [c for c in page.chars if c["text"].strip()]
    width = _char_width(chars)
    placed = []
    for x0, top, x1, bottom in boxes:
        inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
        r, c = _index(ys, top), _index(xs, x0)
        placed.append((r, c, RawCell(_cell_lines(inside, x1, width), max(_index(ys, bottom) - r, 1),
                                     max(_index(xs, x1) - c, 1))))
    placed.sort(key=lambda p: (p[0], p[1]))
    rows: list[list[RawCell]] = [[] for _ in range(max(len(ys) - 1, 1))]
    for r, _, cell in placed:
        rows[min(r, len(rows) - 1)].append(cell)
    return TableBlock(rows)


def _segments(chars: list[dict], gap: float) -> list[list[dict]]:
    """A line's chars in pieces, cut where the white space between two is wider than ``gap``."""
    pieces: list[list[dict]] = []
    for ch in chars:
        if not ch["text"].strip():
            continue
        if pieces and ch["x0"] - pieces[-1][-1]["x1"] <= gap:
            pieces[-1].append(ch)
        else:
            pieces.append([ch])
    return pieces


def _aligned(lines: list[dict], width: float) -> list[tuple[int, int, TableBlock]]:
    """Tables laid out by alignment: ``(first line, line after the last, table)`` each.

    A header line of three or more pieces starts one; it runs on over the lines below while
    they keep to its columns (a line of one piece that is no wider than a column, or than the
    table's first columns, may be a category row or a wrapped line) and no gap of more than two
    lines' height comes between."""
    found = []
    gap = 1.5 * width
    pieces = [_segments(line["chars"], gap) for line in lines]
    i = 0
    while i < len(lines):
        if len(pieces[i]) < 3:
            i += 1
            continue
        left = min(p[0]["x0"] for p in pieces[i])
        right = max(p[-1]["x1"] for p in pieces[i])
        j = i + 1
        while j < len(lines):
            height = lines[j - 1]["bottom"] - lines[j - 1]["top"]
            if lines[j]["top"] - lines[j - 1]["bottom"] > 2 * max(height, width):
                break
            if len(pieces[j]) == 1:
                p = pieces[j][0]
                if p[-1]["x1"] - p[0]["x0"] > 0.6 * (right - left) or p[0]["x0"] < left - width:
                    break
            j += 1
        if j - i >= 2:
            found.append((i, j, _aligned_table(lines[i:j], pieces[i:j], width)))
            i = j
        else:
            i += 1
    return found


def _aligned_table(lines: list[dict], pieces: list[list[list[dict]]], width: float) -> TableBlock:
    # the columns: between the gutters that no piece of a line of two or more pieces crosses
    spans = sorted((p[0]["x0"], p[-1]["x1"]) for ps in pieces if len(ps) >= 2 for p in ps)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1] + width / 2:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    starts = [c[0] for c in columns]
    # where rows are set further apart than the lines of a wrapped cell (cell padding), the
    # distance tells a wrapped line from a new row; where not, a line that leaves the first
    # column empty is taken as wrapped
    pitches = [b["top"] - a["top"] for a, b in zip(lines, lines[1:])]
    height = min((line["bottom"] - line["top"] for line in lines), default=0.0)
    # lines nearer than a line's height are one row set at two heights (a cell centred beside
    # a wrapped one); the least distance beyond that is the one between a cell's lines
    pitch = min((p for p in pitches if p >= 0.8 * height), default=0.0)
    spaced = any(p > pitch * 1.35 + 1 for p in pitches)
    rows: list[list[RawCell]] = []
    texts: list[list[str]] = []
    last_x1: list[float] = []
    for n, (line, ps) in enumerate(zip(lines, pieces)):
        wrapped = bool(texts and texts[-1]) and (
            pitches[n - 1] <= pitch * 1.2 + 0.5 if spaced else not _first_piece_in(ps, columns[0], width))
        if len(ps) == 1 and bisect.bisect_right(starts, ps[0][-1]["x1"]) - bisect.bisect_right(starts, ps[0][0]["x0"]) >= 1 \
                and len(columns) > 1 and ps[0][-1]["x1"] > columns[0][1] + width:
            # one piece across a gutter: a category row over the whole width
            rows.append([RawCell("".join(c["text"] for c in ps[0]), colspan=len(columns))])
            texts.append([])
            continue
        cells = [""] * len(columns)
        ends = [0.0] * len(columns)
        for p in ps:
            k = max(bisect.bisect_right(starts, p[0]["x0"] + width / 2) - 1, 0)
            cells[k] += "".join(c["text"] for c in p)
            ends[k] = p[-1]["x1"]
        if not wrapped:
            rows.append([])
            texts.append(cells)
            last_x1 = ends
            continue
        for k, piece in enumerate(cells):  # a wrapped line: its pieces run on in their cells
            if piece:
                short = texts[-1][k] and last_x1[k] < columns[k][1] - 2 * width
                texts[-1][k] += ("\n" if short else "") + piece
                last_x1[k] = ends[k]
    for row, cells in zip(rows, texts):
        if cells:
            row.extend(RawCell(t) for t in cells)
    return TableBlock(rows, spans_known=False)


def _first_piece_in(pieces: list[list[dict]], column: list[float], width: float) -> bool:
    return bool(pieces) and pieces[0][0]["x0"] < column[1] + width / 2


def _same_header(a: TableBlock, b: TableBlock) -> bool:
    def texts(row: list[RawCell]) -> list[str]:
        return ["".join(str(c.text).split()) for c in row]
    return bool(a.rows and b.rows) and texts(a.rows[0]) == texts(b.rows[0])


def _width(block: TableBlock) -> int:
    return max((sum(c.colspan for c in row) for row in block.rows), default=0)


@contextmanager
def quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs a warning per glyph of a font without a bounding box (Chromium writes
    such fonts): noise on standard error, where a one-line error is all a user should see."""
    log = logging.getLogger("pdfminer")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def pdf_blocks(data: bytes) -> list[str | TableBlock] | None:
    """The lines and tables of a PDF in reading order, or ``None`` when it has no table
    (its text is then read as the text reader reads it)."""
    import pdfplumber

    blocks: list[str | TableBlock] = []
    with quiet_pdfminer(), pdfplumber.open(io.BytesIO(data)) as pdf:
        _read_pages(pdf, blocks)
    for k, block in enumerate(blocks):
        if isinstance(block, TableBlock):
            for row in block.rows:
                for cell in row:
                    cell.text = radicals_as_ideographs(str(cell.text))
        else:
            blocks[k] = radicals_as_ideographs(block)
    return blocks if any(isinstance(b, TableBlock) for b in blocks) else None


def _read_pages(pdf: Any, blocks: list[str | TableBlock]) -> None:
    """Add the lines and tables of every page of ``pdf`` to ``blocks``."""
    for page in pdf.pages:
        tables = page.find_tables()
        boxes = [t.bbox for t in tables]

        def outside(obj: dict, boxes: list = boxes) -> bool:
            cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
            return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

        rest = page.filter(outside) if boxes else page
        lines = [line for line in rest.extract_text_lines() if not _PAGE_NUMBER.fullmatch(line["text"])]
        width = _char_width([c for line in lines for c in line["chars"]] or page.chars)
        items: list[tuple[float, str | TableBlock]] = [(t.bbox[1], _ruled(page, t)) for t in tables]
        taken: set[int] = set()
        for i, j, block in _aligned(lines, width):
            items.append((lines[i]["top"], block))
            taken.update(range(i, j))
        items += [(line["top"], line["text"]) for k, line in enumerate(lines) if k not in taken]
        items.sort(key=lambda item: item[0])
        for k, (_, item) in enumerate(items):
            if isinstance(item, TableBlock):
                previous = blocks[-1] if blocks else None
                if k == 0 and isinstance(previous, TableBlock) and _width(previous) == _width(item):
                    # the table runs on from the page before
                    previous.rows += item.rows[1:] if _same_header(previous, item) else item.rows
                    continue
            blocks.append(item)
