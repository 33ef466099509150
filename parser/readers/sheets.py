"""Spreadsheets: .xlsx, .xls and .ods, every visible sheet a table.

Read with python-calamine (Rust's calamine): one library for all three formats, fast, and it
reads the merged-cell ranges of .xlsx and .xls. Where it gives none (an .ods), the ranges are
read from the file itself: openpyxl for an .xlsx, the ODF ``number-*-spanned`` attributes for
an .ods. Numbers Excel stores as floats are written as people typed them (``1.0`` → ``1``) and
dates stored as serial numbers as dates (``2021年12月31日``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any
from xml.etree import ElementTree

from ..errors import InputError
from .layout import RawCell, TableBlock

__all__ = ["sheet_blocks", "value_text", "MAX_CELLS"]

#: the most cells a sheet's used range may hold (a sheet with one cell at XFD1048576 would
#: otherwise be a grid of 17 billion)
MAX_CELLS = 4_000_000


def value_text(value: Any) -> str:
    """A cell value as the text a reader of the sheet sees.

    >>> [value_text(v) for v in (1.0, 2.5, 3, True, dt.date(2021, 12, 31), dt.datetime(2022, 6, 30, 0, 0), None)]
    ['1', '2.5', '3', 'TRUE', '2021年12月31日', '2022年6月30日', '']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        day = f"{value.year}年{value.month}月{value.day}日"
        return day if value.time() == dt.time() else f"{day} {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return str(value)


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merges(data: bytes) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """An .ods file's merged ranges by sheet name, from ``content.xml``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    out: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for table in root.iter(f"{_TABLE}table"):
        merges = out.setdefault(table.get(f"{_TABLE}name", ""), [])
        r = 0
        for row in table.iter(f"{_TABLE}table-row"):
            c = 0
            for cell in row:
                repeat = int(cell.get(f"{_TABLE}number-columns-repeated", "1"))
                rows = int(cell.get(f"{_TABLE}number-rows-spanned", "1"))
                cols = int(cell.get(f"{_TABLE}number-columns-spanned", "1"))
                if rows > 1 or cols > 1:
                    merges.append(((r, c), (r + rows - 1, c + cols - 1)))
                c += repeat
            r += int(row.get(f"{_TABLE}number-rows-repeated", "1")) if r < 1_048_576 else 1
    return out


def _xlsx_merges(data: bytes) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """An .xlsx file's merged ranges by sheet name, with openpyxl."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    try:
        return {ws.title: [((m.min_row - 1, m.min_col - 1), (m.max_row - 1, m.max_col - 1))
                           for m in ws.merged_cells.ranges] for ws in book.worksheets}
    finally:
        book.close()


def _check_zip(data: bytes, path: str, limit: int) -> None:
    """An .xlsx or .ods is a ZIP: refuse one whose parts unpack to more than ``limit``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a readable spreadsheet: {exc}", path=path) from None
    if total > limit:
        raise InputError(f"the spreadsheet unpacks to {total:,} bytes, more than the {limit:,} a document may have",
                         path=path)


def sheet_blocks(data: bytes, path: str, suffix: str, limit: int) -> list[str | TableBlock]:
    """Every visible sheet of a spreadsheet as a table, with its merged ranges."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - a dependency of the package
        raise InputError("reading spreadsheets needs python-calamine: pip install python-calamine", path=path) from None
    if suffix in (".xlsx", ".xlsm", ".ods"):
        _check_zip(data, path, limit)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise InputError(f"not a readable spreadsheet: {type(exc).__name__}: {exc}", path=path) from None
    blocks: list[str | TableBlock] = []
    fallback: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] | None = None
    try:
        for meta in book.sheets_metadata:
            if str(getattr(meta, "visible", "Visible")).rsplit(".", 1)[-1] != "Visible":
                continue
            sheet = book.get_sheet_by_name(meta.name)
            if sheet.height * sheet.width > MAX_CELLS:
                raise InputError(f"sheet {meta.name!r} spans {sheet.height:,} × {sheet.width:,} cells, more than the"
                                 f" {MAX_CELLS:,} a document may have", path=path)
            values = sheet.to_python(skip_empty_area=False)
            merges = sheet.merged_cell_ranges
            if merges is None:
                if fallback is None:
                    fallback = _ods_merges(data) if suffix == ".ods" else _xlsx_merges(data) \
                        if suffix in (".xlsx", ".xlsm") else {}
                merges = fallback.get(meta.name, [])
            blocks.append(_sheet_table(values, merges, meta.name))
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"not a readable spreadsheet: {type(exc).__name__}: {exc}", path=path) from None
    return blocks


def _sheet_table(values: list[list[Any]], merges: list[tuple[tuple[int, int], tuple[int, int]]],
                 name: str) -> TableBlock:
    """A sheet's values as a table: a merged range one cell, spanning it; empty rows at the
    end and empty columns at the right left out."""
    texts = [[value_text(v) for v in row] for row in values]
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for (r0, c0), (r1, c1) in merges:
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    height = max((r + 1 for r, row in enumerate(texts) if any(row)), default=0)
    width = max((c + 1 for row in texts for c, t in enumerate(row) if t), default=0)
    rows = []
    for r in range(height):
        row = []
        for c in range(width):
            if (r, c) in covered:
                continue
            text = texts[r][c] if c < len(texts[r]) else ""
            rowspan, colspan = spans.get((r, c), (1, 1))
            row.append(RawCell(text, min(rowspan, height - r), min(colspan, width - c)))
        rows.append(row)
    return TableBlock(rows, name=name)
