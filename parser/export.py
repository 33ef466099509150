"""The document model as JSON and as the assignment table (CSV).

Both are deterministic: the same document gives the same string, key order included.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

import regex

from .model import Document, Span, Table

__all__ = ["to_dict", "to_json", "assignment_rows", "to_csv", "csv_cell", "CSV_COLUMNS"]

_SURROGATE = regex.compile(r"[\ud800-\udfff]")

#: columns of the assignment table, one row per unit mention
CSV_COLUMNS = ("section", "role", "unit", "task", "start", "end", "implicit", "task_id", "task_start", "task_end")


def _span(span: Span | None) -> dict | None:
    return None if span is None else asdict(span)


def _sparse(obj, names: tuple[str, ...]) -> dict:
    """``asdict(obj)`` without the fields in ``names`` that are ``None``: the fields a later
    version added are written only where they hold something, so the JSON of a document without
    them is what it always was."""
    data = asdict(obj)
    for name in names:
        if data.get(name) is None:
            del data[name]
    return data


def _task(task) -> dict:
    data = asdict(task)
    if data["annotation"].get("truncated") is None:
        del data["annotation"]["truncated"]
    return data


def to_dict(doc: Document) -> dict:
    """The model as plain data: metadata, sections, tasks, assignments, indicators, targets,
    column references and diagnostics; every fact with its ``start``/``end``. Conventions and
    notes, an assignment's ``label`` and an annotation's ``truncated`` are written only where
    the document has them."""
    m = doc.metadata
    data = {
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
        "sections": [asdict(s) for s in doc.sections],
        "tasks": [_task(t) for t in doc.tasks],
        "assignments": [_sparse(a, ("label",)) for a in doc.assignments],
        "indicators": [asdict(i) for i in doc.indicators],
        "targets": [asdict(t) for t in doc.targets],
        "column_refs": [asdict(c) for c in doc.column_refs],
        "diagnostics": [asdict(d) for d in doc.diagnostics],
        # a document's tables, where it has any (a document without keeps the keys it always had)
        **({"tables": [_table(t) for t in doc.tables]} if doc.tables else {}),
    }
    if doc.conventions:
        data["conventions"] = [asdict(c) for c in doc.conventions]
    if doc.notes:
        data["notes"] = [asdict(n) for n in doc.notes]
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


def to_json(doc: Document) -> str:
    """The model as UTF-8 JSON text (not ASCII-escaped), ending in a newline.

    >>> from fengong import parser
    >>> '"unit": "市发改委"' in to_json(parser.parse("一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n"))
    True
    """
    text = json.dumps(to_dict(doc), ensure_ascii=False, indent=1) + "\n"
    # a lone surrogate (a file name that is not UTF-8, as Python reads it) cannot be written
    # as UTF-8: write it as the JSON escape, which reads back as the same string
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _SURROGATE.search(text) else text


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
    tasks = {t.id: t for t in doc.tasks}
    rows = [list(CSV_COLUMNS)]
    for a in doc.assignments:
        task = tasks.get(a.task) if a.task else None
        rows.append([
            csv_cell(a.section), csv_cell(a.role), csv_cell(a.unit), csv_cell(task.text if task else ""),
            csv_cell(a.start), csv_cell(a.end), csv_cell(a.implicit), csv_cell(a.task or ""),
            csv_cell(task.start if task else ""), csv_cell(task.end if task else ""),
        ])
    return rows


def to_csv(doc: Document) -> str:
    """The assignment table as CSV text (``\\r\\n`` row ends, as RFC 4180 has them)."""
    out = io.StringIO()
    csv.writer(out).writerows(assignment_rows(doc))
    return out.getvalue()
