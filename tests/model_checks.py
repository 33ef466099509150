"""What every parse result must satisfy, whatever the text: offsets inside the text, and
``text[start:end]`` equal to the string the model reports. Used by the property and
robustness tests."""

from __future__ import annotations

import bisect
import re

import regex

from fengong.parser.model import Document, Span

__all__ = ["check_assignment_order", "check_document", "spans_checked"]


def _span(text: str, start: int, end: int, value: str, what: str) -> None:
    assert isinstance(start, int) and isinstance(end, int), what
    assert 0 <= start <= end <= len(text), f"{what}: [{start}, {end}) outside a text of {len(text)}"
    assert text[start:end] == value, f"{what}: text[{start}:{end}] = {text[start:end]!r} != {value!r}"


def _joined_lines(text: str, start: int, end: int) -> str:
    """A title printed over several lines, as :class:`fengong.parser.model.Metadata` has it: the
    lines stripped and joined without their breaks."""
    return "".join(line.strip() for line in re.split(r"\r\n|\r|\n", text[start:end]))


def spans_checked(doc: Document) -> int:
    """Check every span of ``doc`` against its text; return how many were checked."""
    text, n = doc.text, 0

    def span(start: int, end: int, value: str, what: str) -> None:
        nonlocal n
        _span(text, start, end, value, what)
        n += 1

    m = doc.metadata
    if m.title is not None:
        t = m.title
        assert 0 <= t.start <= t.end <= len(text), "metadata.title"
        if re.search(r"[\r\n]", text[t.start : t.end]):
            assert t.value == _joined_lines(text, t.start, t.end), f"metadata.title {t.value!r}"
            assert text[t.start : t.end].startswith(t.value[:1]), "metadata.title"
            n += 1
        else:
            span(t.start, t.end, t.value, "metadata.title")
    for name in ("issuer", "date", "doc_number"):
        s: Span | None = getattr(m, name)
        if s is not None:
            span(s.start, s.end, s.value, f"metadata.{name}")
    for s in m.addressees:
        span(s.start, s.end, s.value, "metadata.addressees")
    for sec in doc.sections:
        assert 0 <= sec.start <= sec.end <= len(text), f"section {sec.path}"
        span(sec.start, sec.start + len(sec.label), sec.label, f"section {sec.path} label")
        assert sec.start + len(sec.label) <= sec.end, f"section {sec.path}: label runs past the heading"
        span(sec.title_start, sec.title_end, sec.title, f"section {sec.path} title")
        assert sec.start <= sec.title_start <= sec.title_end <= sec.end, f"section {sec.path}: title outside heading"
        assert sec.level >= 1 and sec.path.count(".") + 1 == sec.level, f"section {sec.path} level {sec.level}"
    for task in doc.tasks:
        span(task.start, task.end, task.text, f"task {task.id}")
        a = task.annotation
        span(a.start, a.end, a.text, f"task {task.id} annotation")
        if a.indicator_type is not None:
            span(a.indicator_type.start, a.indicator_type.end, a.indicator_type.value, f"task {task.id} indicator type")
        for s in (*a.notes, *a.persons):
            span(s.start, s.end, s.value, f"task {task.id} note/person")
        for d in a.deadlines:
            span(d.start, d.end, d.text, f"task {task.id} deadline")
        for f in a.fields:
            span(f.start, f.end, f.value, f"task {task.id} field {f.name}")
    task_ids = {t.id for t in doc.tasks}
    for x in doc.assignments:
        span(x.start, x.end, x.unit, f"assignment {x.role} {x.unit!r}")
        assert x.task is None or x.task in task_ids, f"assignment to unknown task {x.task}"
    for ind in doc.indicators:
        span(ind.start, ind.end, ind.name, f"indicator {ind.path}")
        for t in ind.targets:
            span(t.start, t.end, t.text, f"indicator {ind.path} target")
    for t in doc.targets:
        span(t.start, t.end, t.text, f"target of {t.owner}")
    for c in doc.column_refs:
        span(c.start, c.end, c.ref, f"column ref {c.section}")
    if doc.diagnostics:
        # lines end at \n, \r\n or a lone \r, as in Python's universal newlines
        starts = [0] + [m.end() for m in regex.finditer(r"\r\n|\r|\n", text)]
    for d in doc.diagnostics:
        assert 0 <= d.start <= d.end <= len(text), f"diagnostic {d.code}"
        line = bisect.bisect_right(starts, d.start)
        column = d.start - starts[line - 1] + 1
        assert (d.line, d.column) == (line, column), f"diagnostic {d.code} at {d.line}:{d.column}, not {line}:{column}"
        n += 1
    return n


def _holds(task, a) -> bool:
    """The mention lies in the task's annotation; for a table row's, in the row or in a cell
    above it merged down into the row (an assignment points at the cell it continues)."""
    ann = task.annotation
    return ann.start <= a.start < ann.end or ann.form == "table" and a.start < ann.end


def check_assignment_order(doc: Document) -> None:
    """The assignments are in document order: task by task in the order of the tasks (even
    where a repeated number gives two tasks one id), each task's explicit mentions in text order
    and inside its annotation, then its implicit ones; then the prose mentions in text order."""
    tasks, k, last = doc.tasks, -1, None  # the task being walked, and the last assignment
    for a in doc.assignments:
        if a.task is None:
            assert last is None or last.task is not None or last.start < a.start, f"prose {a.unit!r} out of order"
        elif a.implicit:
            if not (k >= 0 and tasks[k].id == a.task):  # a task that names no unit itself
                k += 1
                while k < len(tasks) and tasks[k].id != a.task:
                    k += 1
                assert k < len(tasks), f"implicit {a.unit!r}: no later task {a.task}"
        else:
            assert last is None or last.task is not None, f"{a.unit!r} after the prose mentions"
            # the mention belongs to the task being walked unless it does not follow that task's
            # last one: a cell merged down into the next row of the same number points where the
            # first row's did (two tasks 1#1, from a row with no 序号 and one numbered 1)
            if not (k >= 0 and tasks[k].id == a.task and not last.implicit and _holds(tasks[k], a)
                    and last.start < a.start):
                k += 1
                while k < len(tasks) and not (tasks[k].id == a.task and _holds(tasks[k], a)):
                    k += 1
                assert k < len(tasks), f"{a.unit!r} at {a.start}: no later task {a.task} holds it"
            else:
                assert last.start < a.start, f"{a.unit!r} at {a.start} before the mention read before it"
        last = a


def check_document(doc: Document, text: str) -> None:
    """``doc`` was parsed from ``text``: it holds the text unchanged, every span fits it and
    the assignments are in document order."""
    assert doc.text == text
    spans_checked(doc)
    check_assignment_order(doc)
