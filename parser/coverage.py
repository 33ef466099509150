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

from .annotations import UNIT_FINAL, listed_units
from .metadata import is_closing_line
from .model import Document
from .units import unit_grammar

if TYPE_CHECKING:
    from .core import ParseState

__all__ = ["report_unread", "coverage", "UNREAD_CODES"]

#: the diagnostics that count as places not read, for :func:`coverage`
UNREAD_CODES = ("unread-role-text", "unread-units", "annotation-outside-items", "annotation-unreadable")
#: a role verb ending a clause: what stands before it may be units given that role
_VERB = regex.compile(r"(?:牵头|负责|配合|参与|协同|协助)(?=[,;。)\]\n]|$)")
#: a colon (after which a label may end) or a role verb ending a clause
_UNREAD = regex.compile(r":|(?:牵头|负责|配合|参与|协同|协助)(?=[,;。)\]\n]|$)")
#: where a run of units before a verb starts
_RUN_START = "\n,;。:()[]"
_LIST_LINE_FINAL = frozenset(")]")
_LABEL_ENDINGS = ("单位", "部门", "领导")


def report_unread(state: ParseState, read: list[tuple[int, int]]) -> None:
    """Add an ``unread-*`` warning for each place outside the ``read`` spans (sorted ``(start,
    end)``) that looks like an assignment."""
    folded, text = state.folded, state.text
    starts = [a for a, _ in read]

    def is_read(start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and read[i][1] >= end

    def touches_read(start: int, end: int) -> bool:
        i = bisect.bisect_left(starts, end) - 1
        return i >= 0 and read[i][1] > start

    grammar = unit_grammar()
    # the text with what was read blanked out (same length, so offsets hold): one search over it
    # finds what could start a role outside everything read, a label's colon or a role verb
    pieces, pos = [], 0
    for read_start, read_end in read:
        pieces += [folded[pos:read_start], "\x00" * (read_end - read_start)]
        pos = read_end
    pieces.append(folded[pos:])
    unread = "".join(pieces)
    for m in _UNREAD.finditer(unread):
        if m.group() == ":":
            colon = m.start()
            line_start = unread.rfind("\n", 0, colon) + 1
            if unread.endswith(_LABEL_ENDINGS, line_start, colon):
                _unread_label(state, line_start, colon)
        else:
            _unread_verb(state, grammar, m.start(), m.end())
    # a line of units inside the plan's items is read as a list with no label (see
    # fengong.parser.core.rule_unit_line): only the lines before the first item can hold one unread
    for start, end in state.preamble:
        last = folded[end - 1]
        if last not in UNIT_FINAL and last not in ")]:" or end - start > 120 or touches_read(start, end):
            continue  # a line with anything read in it holds more than an unread list
        s, e = start, end
        if folded[s] in "([" and folded[e - 1] in _LIST_LINE_FINAL:
            s, e = s + 1, e - 1
        if listed_units(folded, s, e) and not is_closing_line(folded[start:end]):  # a signature is no list
            state.diag("unread-units", "warning", f"a line of units that was not read: {text[start:end][:40]}",
                       start, end)


def _unread_verb(state: ParseState, grammar, start: int, end: int) -> None:
    folded = state.folded
    if start == 0 or folded[start - 1] not in UNIT_FINAL and folded[start - 1] not in ")]":
        return  # no unit ends right before the verb: 为指导, 社会资本参与
    run = max(folded.rfind(ch, max(0, start - 80), start) for ch in _RUN_START) + 1
    units = listed_units(folded, run, start)
    if units and all(grammar.is_listed_unit(folded[a:b]) for a, b in units):
        state.diag("unread-role-text", "warning",
                   f"units and a role verb that were not read: {state.text[run:end][:40]}", run, end)


def _unread_label(state: ParseState, line_start: int, colon: int) -> None:
    folded, dialect = state.folded, state.dialect
    m = dialect.any_label_re.search(folded, max(line_start, colon - 12), colon + 2)
    line_end = folded.find("\n", colon)
    line_end = len(folded) if line_end == -1 else line_end
    if m is not None and m.end() < line_end and not dialect.label_role(m.group("label")).startswith("field:"):
        state.diag("unread-role-text", "warning",
                   f"a role label that was not read: {state.text[m.start() : line_end][:40]}", m.start(), m.end())


def coverage(doc: Document) -> float:
    """The share of the places that look like assignments which were read (1.0 where there are none).

    >>> from fengong import parser
    >>> coverage(parser.parse("一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n协办单位:市财政局\\n"))
    1.0
    """
    unread = sum(1 for d in doc.diagnostics if d.code in UNREAD_CODES)
    read = len(doc.tasks)
    return 1.0 if read + unread == 0 else read / (read + unread)
