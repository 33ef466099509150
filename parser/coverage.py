"""Never silent: what looks like an assignment but was not read becomes a warning at its line.

After a parse, the text outside everything read (annotations, headings' metadata, the notice
read as metadata and notes, conventions) is searched for two things:

- ``unread-role-text``: a role label and its colon with something after it (“协办单位:市财政局”),
  or units the unit grammar accepts followed by a role verb and the end of a clause (“市财政局
  牵头,”, “区教育局负责。”);
- ``unread-units``: a line, or a bracket, that holds nothing but units a list with no label may
  hold (see :func:`fengong.parser.annotations.listed_units`).

:func:`coverage` is the share of such places that were read: annotations read, over annotations
read plus these warnings and the annotations reported but not read (outside any item, unreadable).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import regex

from .annotations import listed_units
from .model import Document
from .units import unit_grammar

if TYPE_CHECKING:
    from .core import ParseState

__all__ = ["report_unread", "coverage", "UNREAD_CODES"]

#: the diagnostics that count as places not read, for :func:`coverage`
UNREAD_CODES = ("unread-role-text", "unread-units", "annotation-outside-items", "annotation-unreadable")
#: a role verb ending a clause: what stands before it may be units given that role
_VERB = regex.compile(r"(?:牵头|负责|配合|参与|协同|协助)(?=[,;。)\]\n]|$)")
#: where a run of units before a verb starts
_RUN_START = "\n,;。:()[]"
_LIST_LINE_FINAL = frozenset(")]")


def report_unread(state: ParseState, read: list[tuple[int, int]]) -> None:
    """Add an ``unread-*`` warning for each place outside the ``read`` spans (sorted ``(start,
    end)``) that looks like an assignment."""
    folded, text = state.folded, state.text
    starts = [a for a, _ in read]

    def is_read(start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and read[i][1] >= end

    if ":" in folded:
        for m in state.dialect.any_label_re.finditer(folded):
            line_end = folded.find("\n", m.end())
            line_end = len(folded) if line_end == -1 else line_end
            if m.end() < line_end and not is_read(m.start(), m.end()):
                state.diag("unread-role-text", "warning",
                           f"a role label that was not read: {text[m.start() : line_end][:40]}", m.start(), m.end())
    grammar = unit_grammar()
    for m in _VERB.finditer(folded):
        if is_read(m.start(), m.end()):
            continue
        run = m.start()
        while run > 0 and folded[run - 1] not in _RUN_START and m.start() - run < 80:
            run -= 1
        units = listed_units(folded, run, m.start())
        if units and all(grammar.is_listed_unit(folded[a:b]) for a, b in units):
            state.diag("unread-role-text", "warning",
                       f"units and a role verb that were not read: {text[run : m.end()][:40]}", run, m.end())
    for start, end in state.lines:
        if is_read(start, end) or end - start > 120:
            continue
        s, e = start, end
        if folded[s] in "([" and folded[e - 1] in _LIST_LINE_FINAL:
            s, e = s + 1, e - 1
        if listed_units(folded, s, e):
            state.diag("unread-units", "warning", f"a line of units that was not read: {text[start:end][:40]}",
                       start, end)


def coverage(doc: Document) -> float:
    """The share of the places that look like assignments which were read (1.0 where there are none).

    >>> from fengong import parser
    >>> coverage(parser.parse("一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n协办单位:市财政局\\n"))
    1.0
    """
    unread = sum(1 for d in doc.diagnostics if d.code in UNREAD_CODES)
    read = len(doc.tasks)
    return 1.0 if read + unread == 0 else read / (read + unread)
