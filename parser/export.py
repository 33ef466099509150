"""The document model as JSON and as the assignment table (CSV), and the model read back
from its JSON.

Both are deterministic: the same document gives the same string, key order included.
"""

from __future__ import annotations

import csv
import io
import json
import copy
from collections.abc import Iterator
from dataclasses import fields, is_dataclass

import regex

from .errors import InputError
from .model import (Annotation, Assignment, Cell, ColumnRef, Convention, Deadline, Diagnostic, Document, Field,
                    Indicator, Metadata, Section, Span, Table, Target, Task)

__all__ = ["to_dict", "to_json", "iter_json", "from_dict", "from_json", "assignment_rows", "to_csv", "iter_csv",
           "csv_cell", "CSV_COLUMNS"]

_SURROGATE = regex.compile(r"[\ud800-\udfff]")

#: columns of the assignment table, one row per unit mention
CSV_COLUMNS = ("section", "role", "unit", "task", "start", "end", "implicit", "task_id", "task_start", "task_end")


#: the field names of each model class, in order, once looked up
_FIELDS: dict[type, tuple[str, ...]] = {}


def asdict(value):
    """A model object as plain data, as :func:`dataclasses.asdict` makes it (fields in order,
    nested objects as dicts), five times as fast: a corpus build writes the model of every
    document."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool or kind is float:
        return value
    if kind is tuple:
        return tuple([asdict(v) for v in value])
    if kind is list:
        return [asdict(v) for v in value]
    if kind is dict:
        return {asdict(k): asdict(v) for k, v in value.items()}
    names = _FIELDS.get(kind)
    if names is None:
        if not is_dataclass(value):
            return copy.deepcopy(value)
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    return {name: asdict(getattr(value, name)) for name in names}


#: the lists of the model, in the order :func:`to_dict` has them
_LISTS = ("sections", "tasks", "assignments", "indicators", "targets", "column_refs", "diagnostics")


def _span(span: Span | None) -> dict | None:
    return None if span is None else asdict(span)


#: the lists written only where the document has any, after :data:`_LISTS`, in order
_SPARSE_LISTS = ("tables", "conventions", "notes")


def to_dict(doc: Document) -> dict:
    """The model as plain data: metadata, sections, tasks, assignments, indicators, targets,
    column references and diagnostics; every fact with its ``start``/``end``. Tables,
    conventions and notes, an assignment's ``label`` and an annotation's ``truncated`` are
    written only where the document has them, so a document without keeps the keys it
    always had."""
    return {**_head(doc), **{key: [_fact(key, item) for item in getattr(doc, key)] for key in _lists(doc)}}


def _lists(doc: Document) -> tuple[str, ...]:
    """The lists :func:`to_dict` writes of ``doc``, in order."""
    return (*_LISTS, *(key for key in _SPARSE_LISTS if getattr(doc, key)))


def _fact(key: str, item) -> dict:
    """One item of the list ``key`` as plain data."""
    if key == "tables":
        return _table(item)
    data = asdict(item)
    if key == "assignments" and data["label"] is None:
        del data["label"]
    elif key == "tasks" and data["annotation"]["truncated"] is None:
        del data["annotation"]["truncated"]
    return data


def _table(table: Table) -> dict:
    """A table as rows of cells, each cell once, at its top-left corner with its spans."""
    return {
        "name": table.name, "start": table.start, "end": table.end, "width": table.width,
        "spans_known": table.spans_known,
        "rows": [{"start": row.start, "end": row.end,
                  "cells": [asdict(c) for k, c in enumerate(cells) if c.row == r and c.col == k]}
                 for r, (row, cells) in enumerate(zip(table.rows, table.grid))],
    }


def _head(doc: Document) -> dict:
    """What :func:`to_dict` has before the lists: the source, the dialect, the metadata."""
    m = doc.metadata
    return {
        "source": doc.source,
        "dialect": doc.dialect,
        "metadata": {
            "title": _span(m.title),
            "issuer": _span(m.issuer),
            "date": _span(m.date),
            "iso_date": m.iso_date,
            "doc_number": _span(m.doc_number),
            "addressees": [asdict(a) for a in m.addressees],
        },
    }


def to_json(doc: Document) -> str:
    """The model as UTF-8 JSON text (not ASCII-escaped), ending in a newline: :func:`iter_json` joined.

    >>> from fengong import parser
    >>> '"unit": "市发改委"' in to_json(parser.parse("一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n"))
    True
    """
    return "".join(iter_json(doc))


def iter_json(doc: Document, *, batch: int = 256) -> Iterator[str]:
    """The text of :func:`to_json` in pieces, made as they are written: one batch of
    ``batch`` facts at a time, so that writing a model's JSON holds the model and one
    batch, never the whole text or :func:`to_dict` of the model (which take about a
    hundred bytes of memory per byte of JSON). The pieces joined are exactly
    ``json.dumps(to_dict(doc), ensure_ascii=False, indent=1) + "\\n"``, but that a lone
    surrogate (a file name that is not UTF-8, as Python reads it) is written as its JSON
    escape, which reads back as the same string.

    >>> from fengong import parser
    >>> doc = parser.parse("一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n")
    >>> "".join(iter_json(doc)) == json.dumps(to_dict(doc), ensure_ascii=False, indent=1) + "\\n"
    True
    """
    head = _head(doc)
    yield _escaped("{\n" + "".join(f" {json.dumps(key)}: {_indented(value, 1)},\n" for key, value in head.items()))
    keys = _lists(doc)
    for n, key in enumerate(keys):
        items = getattr(doc, key)
        end = ",\n" if n < len(keys) - 1 else "\n"
        if not items:
            yield f" {json.dumps(key)}: []{end}"
            continue
        yield f" {json.dumps(key)}: [\n"
        for start in range(0, len(items), batch):
            last = start + batch >= len(items)
            # the batch as a list one level down: its brackets taken off, each line one more in
            text = _indented([_fact(key, item) for item in items[start:start + batch]], 1)[2:-3]
            yield _escaped(text + ("\n" if last else ",\n"))
        yield f" ]{end}"
    yield "}\n"


_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=1)


def _indented(value: object, depth: int) -> str:
    """``value`` as ``json.dumps(..., indent=1)`` writes it ``depth`` levels down."""
    text = _ENCODER.encode(value)
    return text.replace("\n", "\n" + " " * depth) if "\n" in text else text


def _escaped(text: str) -> str:
    # a lone surrogate cannot be written as UTF-8: write it as the JSON escape
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _SURROGATE.search(text) else text


def from_dict(data: dict, text: str) -> Document:
    """The model :func:`to_dict` gave ``data`` for, with ``text`` the text it was read from.

    Raises :class:`fengong.parser.errors.InputError` when ``data`` is not the shape
    :func:`to_dict` writes (a key missing or unknown, a fact that is not an object). The
    values are taken as they are: read only what :func:`to_json` wrote.

    >>> from fengong import parser
    >>> doc = parser.parse("一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n")
    >>> from_dict(to_dict(doc), doc.text) == doc
    True
    """
    try:
        m = data["metadata"]
        metadata = Metadata(title=_span_of(m["title"]), issuer=_span_of(m["issuer"]), date=_span_of(m["date"]),
                            iso_date=m["iso_date"], doc_number=_span_of(m["doc_number"]),
                            addressees=tuple(Span(**a) for a in m["addressees"]))
        return Document(
            source=data["source"], text=text, metadata=metadata, dialect=data["dialect"],
            sections=tuple(Section(**s) for s in data["sections"]),
            tasks=tuple(Task(**{**t, "annotation": _annotation(t["annotation"])}) for t in data["tasks"]),
            assignments=tuple(Assignment(**a) for a in data["assignments"]),
            indicators=tuple(Indicator(**{**i, "targets": tuple(Target(**t) for t in i["targets"])})
                             for i in data["indicators"]),
            targets=tuple(Target(**t) for t in data["targets"]),
            column_refs=tuple(ColumnRef(**c) for c in data["column_refs"]),
            diagnostics=tuple(Diagnostic(**d) for d in data["diagnostics"]),
            tables=tuple(_table_of(t, text) for t in data.get("tables", ())),
            conventions=tuple(Convention(**c) for c in data.get("conventions", ())),
            notes=tuple(Span(**n) for n in data.get("notes", ())),
        )
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as exc:
        raise InputError(f"not a document model as fengong writes it: {type(exc).__name__}: {exc}") from None


def from_json(json_text: str | bytes, text: str) -> Document:
    """The model :func:`to_json` wrote as ``json_text``, with ``text`` the text it was read
    from (``fengong build`` writes them side by side: ``NAME.json`` and ``NAME.txt``).

    >>> from fengong import parser
    >>> doc = parser.parse("一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="plan.txt")
    >>> from_json(to_json(doc), doc.text) == doc
    True
    """
    try:
        data = json.loads(json_text)
    except ValueError as exc:
        raise InputError(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError("not a document model as fengong writes it: not a JSON object")
    return from_dict(data, text)


def _span_of(data: dict | None) -> Span | None:
    return None if data is None else Span(**data)


def _table_of(data: dict, text: str) -> Table:
    """The table :func:`_table` gave ``data`` for, in ``text``: every grid position holds the cell covering it."""
    rows = tuple(Span(text[r["start"]:r["end"]], r["start"], r["end"]) for r in data["rows"])
    grid: list[list[Cell | None]] = [[None] * data["width"] for _ in rows]
    for row in data["rows"]:
        for cell in (Cell(**c) for c in row["cells"]):
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    grid[r][c] = cell
    covered = tuple(tuple(cell for cell in line if cell is not None) for line in grid)
    if any(len(line) < data["width"] for line in covered):
        raise ValueError("a table position no cell covers")
    return Table(start=data["start"], end=data["end"], rows=rows, grid=covered, width=data["width"],
                 spans_known=data["spans_known"], name=data["name"])


def _annotation(data: dict) -> Annotation:
    return Annotation(**{**data, "indicator_type": _span_of(data["indicator_type"]),
                         "notes": tuple(Span(**n) for n in data["notes"]),
                         "deadlines": tuple(Deadline(**d) for d in data["deadlines"]),
                         "fields": tuple(Field(**f) for f in data["fields"]),
                         "persons": tuple(Span(**p) for p in data["persons"]),
                         "truncated": _span_of(data.get("truncated"))})


def csv_cell(value: object) -> str:
    """A CSV cell that spreadsheet programs show as text, never run as a formula.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell("市发改委"), csv_cell(3)
    ("'=HYPERLINK(1)", '市发改委', '3')
    """
    text = "true" if value is True else "false" if value is False else "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def assignment_rows(doc: Document) -> list[list[str]]:
    """The assignment table: a header row, then one row per unit mention in document order."""
    return list(_assignment_rows(doc))


def _assignment_rows(doc: Document) -> Iterator[list[str]]:
    tasks = {t.id: t for t in doc.tasks}
    yield list(CSV_COLUMNS)
    for a in doc.assignments:
        task = tasks.get(a.task) if a.task else None
        yield [
            csv_cell(a.section), csv_cell(a.role), csv_cell(a.unit), csv_cell(task.text if task else ""),
            csv_cell(a.start), csv_cell(a.end), csv_cell(a.implicit), csv_cell(a.task or ""),
            csv_cell(task.start if task else ""), csv_cell(task.end if task else ""),
        ]


def to_csv(doc: Document) -> str:
    """The assignment table as CSV text (``\\r\\n`` row ends, as RFC 4180 has them): :func:`iter_csv` joined."""
    return "".join(iter_csv(doc))


def iter_csv(doc: Document, *, batch: int = 1024) -> Iterator[str]:
    """The text of :func:`to_csv` in pieces of ``batch`` rows, made as they are written.

    >>> from fengong import parser
    >>> doc = parser.parse("一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n")
    >>> next(iter_csv(doc)).splitlines()[1].split(",")[:3]
    ['1.1', 'lead', '市发改委']
    """
    out = io.StringIO()
    writer = csv.writer(out)
    for n, row in enumerate(_assignment_rows(doc), start=1):
        writer.writerow(row)
        if n % batch == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue()
