"""The parse loop: lines → numbered items → annotations → tasks, assignments, indicators.

One :class:`ParseState` carries the text, the open sections and the output; the rules in
:mod:`fengong.parser.numbering` and :mod:`fengong.parser.annotations` read from it and change the output only
through it. Nothing is kept at module or class level between parses.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path

import regex

from . import annotations as ann_rules
from . import tables as table_rules
from .conventions import applies as convention_applies
from .conventions import find_conventions
from .coverage import report_unread
from .dialect import Dialect, load_dialect
from .inputs import read_source
from .metadata import is_closing_line, read_metadata
from .model import (
    Annotation,
    Assignment,
    ColumnRef,
    Convention,
    Diagnostic,
    Document,
    Indicator,
    Section,
    Span,
    Table,
    Target,
    Task,
)
from .normalize import fold
from .numbering import match_numbering
from .plan import plan_start
from .units import unit_grammar
from .targets import find_targets, find_year

__all__ = ["parse", "parse_file", "ParseState"]

#: characters trimmed from both ends of a task's text
_TRIM = frozenset(" \t\r\n\u3000。.;,:、")
_START = attrgetter("start")
_ROLE_WORD = regex.compile(r"牵头|负责|责任单位|配合|协同|参与|指导|责任部门")
_TITLE_END = regex.compile(r"[。(]")  #: what ends a heading's title
#: a mention that reads as no unit: a label, a sentence end or a clause inside it, a role verb
#: ending it (the unit grammar's :meth:`~fengong.parser.units.UnitGrammar.defect`, as one pattern
#: searched in place for speed; the grammar names the defect when one is found)
_DEFECT = regex.compile(r"[:;。,!?“”《》的]|(?:牵头|负责|配合|参与|协同|协助|落实|指导)$")
#: a mention short enough, without 的 and not ending in one of these has no defect (split_units cuts
#: at every separator, so only a long mention can hold a clause): the pattern is searched in the others only
_VERB_ENDS = frozenset(["牵头", "负责", "配合", "参与", "协同", "协助", "落实", "指导"])
_VERB_LAST = frozenset(verb[-1] for verb in _VERB_ENDS)
#: a bracket or a label with a role word: what makes a numbered line of a notice the plan's first item
_ANNOTATED = regex.compile(r"[(\[][^()\[\]]{0,200}?(?:牵头|负责|配合|责任单位|协办)|(?:单位|部门):")


@dataclass(slots=True)
class _Item:
    """A numbered item under construction: its heading and the lines that follow it."""

    section: Section
    text_start: int  #: where the item's own text starts (after the label)
    end: int  #: end of the item's last line
    #: lines read as a whole: (kind, line start, content start, line end), kind ``annotation`` or ``person``
    lines: list[tuple[str, int, int, int]] = field(default_factory=list)
    #: annotation lines after a group of sub-items that cover this whole item (see :func:`_lift_group_annotations`)
    group_lines: list[tuple[str, int, int, int]] = field(default_factory=list)
    parent: "_Item | None" = None
    #: for an item a table row opened: its rows, each read as one task (see :mod:`fengong.parser.tables`)
    rows: list[table_rules.RowPlan] = field(default_factory=list)


@dataclass
class ParseState:
    """Everything one parse reads and writes."""

    text: str
    folded: str
    source: str
    dialect: Dialect
    line_starts: list[int] = field(default_factory=list)
    stack: list[tuple[str, int, str]] = field(default_factory=list)  #: open (style, ordinal, path)
    last_ordinal: dict[tuple[str, str], int] = field(default_factory=dict)  #: (parent path, style) → ordinal
    last_of_style: dict[str, int] = field(default_factory=dict)
    items: list[_Item] = field(default_factory=list)
    open_items: dict[str, _Item] = field(default_factory=dict)  #: path → the latest item with it
    first_items: dict[str, _Item] = field(default_factory=dict)  #: path → the first item with it
    preamble: list[tuple[int, int]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    column_refs: list[ColumnRef] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    scoped: list[Span] = field(default_factory=list)  #: units a scoping note made responsible from here on
    #: each unit named against a task (as folded) → the first assignment naming it
    units_seen: dict[str, Assignment] = field(default_factory=dict)
    first_listed_from: int | None = None  #: where a “列第一位者为牵头单位” convention took effect
    #: the dialect's first-listed-lead patterns that may match in this text (see :func:`may_match`)
    first_listed_res: tuple[regex.Pattern, ...] = ()
    section_years: dict[str, int | None] = field(default_factory=dict)  #: 到YYYY年 in a section's own text
    text_end: int = 0  #: the end of the text without trailing white space: an annotation reaching it is cut
    conventions: list[Convention] = field(default_factory=list)  #: first-listed-lead conventions
    notes: list[Span] = field(default_factory=list)  #: the notice's numbered and 附件 lines, a lead-in
    plan_index: int = 0  #: index in ``lines`` of the plan's first line (see :mod:`fengong.parser.plan`)
    labels_reported: set[str] = field(default_factory=set)  #: unknown labels already warned about

    lines: list[tuple[int, int]] = field(default_factory=list)  #: non-blank lines, stripped
    line_index: int = 0  #: index in ``lines`` of the line being read
    tables: list[Table] = field(default_factory=list)  #: the text's tables, in order
    table_starts: list[int] = field(default_factory=list)  #: where each of ``tables`` starts
    tables_read: set[int] = field(default_factory=set)  #: indexes of the tables already read or tried

    def next_line(self) -> tuple[int, int] | None:
        """The non-blank line after the one being read, if any."""
        return self.lines[self.line_index + 1] if self.line_index + 1 < len(self.lines) else None

    def consume_next(self) -> None:
        """Mark the next line as read by the current rule."""
        self.line_index += 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def diag(self, code: str, severity: str, message: str, start: int, end: int) -> None:
        line, column = self.position(start)
        self.diagnostics.append(Diagnostic(code, severity, message, line, column, start, end))

    # what a table row changes, through the same steps as a heading and an annotation

    def open_section(self, style: str, ordinal: int, label_start: int, label_end: int, title_start: int,
                     title_end: int, start: int, end: int) -> _Item:
        """Open a numbered item as a heading does (see :func:`open_item`)."""
        return open_item(self, style, ordinal, label_start, label_end, title_start, title_end, start, end)

    def next_ordinal(self, style: str) -> int:
        """The number the next item of ``style`` takes under the open section."""
        depth = next((i for i, (s, _, _) in enumerate(self.stack) if s == style), len(self.stack))
        parent = self.stack[depth - 1][2] if depth else ""
        return self.last_ordinal.get((parent, style), 0) + 1

    def add_paragraph(self, start: int, end: int) -> None:
        rule_paragraph(self, start, end)

    def add_task(self, section: str, number: int, start: int, end: int, annotation: Annotation,
                 reading: ann_rules.Reading) -> Task:
        """A task of ``section`` read from ``annotation``, its units assigned as an annotation's are."""
        task = Task(f"{section}#{number}", section, self.text[start:end], start, end, annotation)
        self.tasks.append(task)
        if reading.roles:
            _assign(self, task, reading)
        return task


_LINE_BREAK = regex.compile(r"\r\n|\r|\n")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break: ``\n``, ``\r\n`` or a lone ``\r``
    (old Mac files, some exports), the line breaks of Python's universal newlines."""
    if "\r" not in text:
        out, pos = [], 0
        for line in text.split("\n"):
            out.append((pos, pos + len(line)))
            pos += len(line) + 1
        if out and out[-1][0] == len(text):
            out.pop()  # the text ends with a line break
        return out
    out, pos = [], 0
    for m in _LINE_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _strip(folded: str, start: int, end: int, chars: frozenset[str] = frozenset(" \t\u3000")) -> tuple[int, int]:
    while start < end and folded[start] in chars:
        start += 1
    while end > start and folded[end - 1] in chars:
        end -= 1
    return start, end


# ---------------------------------------------------------------------------------------------
# line rules


def rule_heading(state: ParseState, start: int, end: int) -> bool:
    """A numbered heading line: “三、主要任务”, “(一)夯实创新第一动力。推进…”, “1.地区生产总值…”."""
    hit = match_numbering(state.folded, start, end)
    if hit is None:
        return False
    style, ordinal, label_end = hit
    if style == "arabic_dot" and state.folded[label_end : label_end + 1].isdigit():
        # “11.121人才梯队项目” is item 11, but “2.9人次…” is a figure: a number right after the
        # point makes a heading only where the numbering expects this ordinal
        if ordinal != state.last_of_style.get(style, 0) + 1:
            return False
    body_start, _ = _strip(state.folded, label_end, end)
    if body_start >= end:
        # a number alone on its line: web layout put the heading's text on the next line
        following = state.next_line()
        if (following is None or match_numbering(state.folded, *following)
                or state.dialect.label_re.match(state.folded, *following)):
            state.diag("heading-without-text", "warning", f"{state.text[start:label_end]} stands alone", start, end)
            return True
        state.consume_next()
        body_start, end = following
    item = open_item(state, style, ordinal, start, label_end, body_start, end, start, end)
    _trailing_units(state, item, body_start, end)
    return True


def open_item(state: ParseState, style: str, ordinal: int, label_start: int, label_end: int, body_start: int,
              body_end: int, start: int, end: int) -> _Item:
    """Open the numbered item of a heading (or of a table row) spanning ``[start, end)``: its
    label ``[label_start, label_end)``, its title read from ``[body_start, body_end)``."""
    # the level of a numbering style is its depth among the styles now open
    depth = next((i for i, (s, _, _) in enumerate(state.stack) if s == style), None)
    if depth is not None:
        del state.stack[depth:]
    parent = state.stack[-1][2] if state.stack else ""
    path = f"{parent}.{ordinal}" if parent else str(ordinal)
    _check_ordinal(state, parent, style, ordinal, label_start, label_end)
    state.stack.append((style, ordinal, path))
    stop = _TITLE_END.search(state.folded, body_start, body_end)
    title_end = stop.start() if stop else body_end
    _, title_end = _strip(state.folded, body_start, title_end, _TRIM)
    section = Section(
        path=path,
        level=len(state.stack),
        label=state.text[label_start:label_end],
        style=style,
        title=state.text[body_start:title_end],
        title_start=body_start,
        title_end=title_end,
        start=start,
        end=end,
    )
    state.sections.append(section)
    item = _Item(section, body_start, body_end, parent=state.open_items.get(parent))
    state.items.append(item)
    state.open_items[path] = item
    state.first_items.setdefault(path, item)
    return item


def _check_ordinal(state: ParseState, parent: str, style: str, ordinal: int, start: int, end: int) -> None:
    previous = state.last_ordinal.get((parent, style))
    expected = previous + 1 if previous is not None else 1
    continued = state.last_of_style.get(style)
    if ordinal != expected and not (previous is None and continued is not None and ordinal == continued + 1):
        label = state.text[start:end]
        if previous is not None and ordinal <= previous:
            state.diag("numbering-repeat", "warning", f"{label} repeats or goes back after number {previous}", start, end)
        else:
            state.diag("numbering-skip", "warning", f"{label} skips: expected number {expected}", start, end)
    state.last_ordinal[(parent, style)] = ordinal
    state.last_of_style[style] = ordinal


def rule_annotation_line(state: ParseState, start: int, end: int) -> bool:
    """A line of its own that states roles, applying to the item above: role labels
    (“牵头单位:市科技局、市发改委;责任单位:…。”) or a labelled sentence (“部门分工:省发展改革委牵头,
    各地、各部门配合。”); or a line naming a person (“分管省领导:林克庆”), recorded as such.
    """
    dialect, folded = state.dialect, state.folded
    if not state.items:
        return False
    item = state.items[-1]
    if folded[start] not in dialect.line_label_firsts:
        # a label the dialect does not know (协助单位:, 督办单位:, 责任领导:) also makes a role line
        colon = folded.find(":", start, min(end, start + 10))
        if colon == -1 or not dialect.any_label_re.match(folded, start, end) or colon + 1 >= end:
            return False
        _add_label_line(item, start, end)
    elif dialect.label_re.match(folded, start, end):
        _add_label_line(item, start, end)
    elif m := dialect.statement_re.match(state.folded, start, end):
        item.lines.append(("annotation", start, m.end(), end))
    elif m := dialect.person_re.match(state.folded, start, end):
        item.lines.append(("person", start, m.end(), end))
    else:
        return False
    item.end = end
    return True


def _add_label_line(item: _Item, start: int, end: int) -> None:
    """A label line; one right after another (“牵头单位:区发改局” then “责任单位:各街道”) is one
    annotation with it."""
    if item.lines and item.lines[-1][0] == "annotation" and item.lines[-1][3] == item.end:
        kind, ls, cs, _ = item.lines.pop()
        item.lines.append((kind, ls, cs, end))
    else:
        item.lines.append(("annotation", start, start, end))


def rule_unit_line(state: ParseState, start: int, end: int) -> bool:
    """Units with no label after a task sentence: a line “发改局、财政局” after the item's text,
    or what follows the last 。 of a line, “…完成投资80亿元。发改局、财政局”."""
    if not state.items:
        return False
    last = state.folded[end - 1]
    if last not in ann_rules.UNIT_FINAL and last not in ")]":
        return False  # the common line ends with 。 or a bracket of text: one look at its last character
    if is_closing_line(state.folded[start:end]):
        return False  # the issuer signing the plan at its end
    return _trailing_units(state, state.items[-1], start, end)


def _trailing_units(state: ParseState, item: _Item, start: int, end: int) -> bool:
    """Units after the last 。 of a line of ``item`` (the whole line where it has none, but not
    the heading's own text): read as a list with no label, “12.推进…改造。住建局”."""
    folded = state.folded
    if folded[end - 1] not in ann_rules.UNIT_FINAL:
        return False  # most lines end with 。 or a bracket (a bracket of units is read as a bracket)
    cut = folded.rfind("。", start, end) + 1 or start
    if cut == start and (item.text_start == start or item.end == start):
        return False  # a heading's text, or a line right under a heading with no text: a title, not a list
    if cut >= end or folded[cut] in "([" or ann_rules.listed_units(folded, cut, end) is None:
        return False
    item.lines.append(("units", cut, cut, end))
    item.end = end
    return True


def rule_bracket_line(state: ParseState, start: int, end: int) -> bool:
    """A line that is one annotation bracket, “(责任单位:市直各有关单位、各县(市、区)人民政府)”: kept as a
    line of the item, so that after a group of sub-items it can cover their parent."""
    folded = state.folded
    if not state.items or folded[start] not in "([" or folded[end - 1] not in ")]":
        return False
    if ann_rules.matching_close(folded, start, end) != end - 1 or not _ROLE_WORD.search(folded, start, end):
        return False
    item = state.items[-1]
    item.lines.append(("bracket", start, start, end))
    item.end = end
    return True


def rule_paragraph(state: ParseState, start: int, end: int) -> bool:
    """Any other line: text of the open item, or of the preamble before the first heading."""
    if state.items:
        state.items[-1].end = end
    else:
        state.preamble.append((start, end))
    return True


def rule_table(state: ParseState, start: int, end: int) -> bool:
    """The first line of a table (“序号\t重点工作任务\t牵头单位\t配合单位\t完成时限”): the whole
    table is read as a plan (see :mod:`fengong.parser.tables`) and its lines are consumed; a
    table that is no task or indicator table is left to the other rules, line by line."""
    k = bisect.bisect_right(state.table_starts, start) - 1
    if k < 0 or k in state.tables_read or start > state.tables[k].end:
        return False
    state.tables_read.add(k)
    table = state.tables[k]
    if not table_rules.read_table(state, table):
        return False
    while state.line_index + 1 < len(state.lines) and state.lines[state.line_index + 1][0] <= table.end:
        state.line_index += 1
    return True


#: The line rules, tried in order; the paragraph rule is last and always matches.
LINE_RULES = (
    ("table", rule_table),
    ("heading", rule_heading),
    ("annotation_line", rule_annotation_line),
    ("bracket_line", rule_bracket_line),
    ("unit_line", rule_unit_line),
    ("paragraph", rule_paragraph),
)


# ---------------------------------------------------------------------------------------------
# items → tasks


def _trim(folded: str, start: int, end: int) -> tuple[int, int]:
    return _strip(folded, start, end, _TRIM)


def _lift_group_annotations(state: ParseState) -> None:
    """An annotation line after the last of a group of sub-items none of which has an
    annotation of its own covers their parent: “1.完善应急预案体系 (1)… (2)… (3)… (4)…
    (责任单位:…)” assigns the units to 1., with the text from 1.'s start."""
    children: dict[int, list[_Item]] = {}  # id of a parent → its sub-items, in order
    for item in state.items:
        if item.parent is not None:
            children.setdefault(id(item.parent), []).append(item)
    for k, item in enumerate(state.items):
        if not item.lines or item.lines[-1][0] != "bracket" or item.parent is None:
            continue
        siblings = children[id(item.parent)]
        if siblings[-1] is not item or (k + 1 < len(state.items) and state.items[k + 1].parent is item):
            continue
        line = item.lines[-1]
        if any(_ROLE_WORD.search(state.folded, i.text_start, i.end if i is not item else line[1]) for i in siblings):
            continue
        item.lines.pop()
        item.end = line[1]
        item.parent.group_lines.append(("annotation", line[1], line[1] + 1, line[3] - 1))


def _read_item(state: ParseState, item: _Item) -> None:
    section = item.section
    first = 1
    if item.rows:
        for row in item.rows:
            table_rules.read_row(state, section.path, row)
        table_end = item.rows[-1].table.end
        if item.end <= table_end:
            return
        # lines after the table, with no heading of their own: read as the item's text
        first = item.rows[-1].number + 1
        item.text_start = table_end
    lines = [line for line in item.lines if line[0] != "bracket"]
    found = ann_rules.find_annotations(state, item.text_start, item.end, lines)
    for kind, ls, cs, le in item.group_lines:
        hit = ann_rules.read_candidate(state, "line", ls, le + 1, cs, le)
        if hit is not None:
            found.append((hit[0], hit[1], item.text_start))
    persons = sorted(((ls, Span(state.text[cs:le], cs, le)) for kind, ls, cs, le in lines if kind == "person"),
                     key=lambda p: p[0]) if lines else []
    person_starts = [ls for ls, _ in persons]
    _read_column_refs(state, section)
    cursor = item.text_start
    for n, entry in enumerate(found, start=first):
        annotation, reading = entry[0], entry[1]
        clause_start = entry[2] if len(entry) > 2 else cursor
        # the person lines between the clause's start and the annotation
        i, j = bisect.bisect_left(person_starts, clause_start), bisect.bisect_left(person_starts, annotation.start)
        before = [p for _, p in persons[i:j]]
        clause_end = person_starts[i] if i < j else annotation.start
        a, b = _trim(state.folded, clause_start, clause_end)
        cursor = annotation.end
        if a >= b:
            state.diag("annotation-without-text", "warning", "annotation with no text before it", annotation.start,
                       annotation.end)
            a = b = annotation.start
        if before:
            # the person lines and the role line after them are one annotation
            first = person_starts[i]
            annotation = replace(annotation, persons=tuple(before), start=first,
                                 text=state.text[first : annotation.end])
        task = Task(f"{section.path}#{n}", section.path, state.text[a:b], a, b, annotation)
        state.tasks.append(task)
        _assign(state, task, reading)
        _read_targets(state, section, task)


def _assign(state: ParseState, task: Task, reading: ann_rules.Reading) -> None:
    annotation = task.annotation
    if state.first_listed_from is None and state.conventions and \
            convention_applies(state.conventions, state.folded, annotation.start, annotation.end):
        state.first_listed_from = annotation.start
    roles = reading.roles
    # a bracket whose roles a label gave, or that person lines before it give a label
    source = "label" if annotation.form != "bracket" or reading.labelled or annotation.persons and \
        state.dialect.label_re.search(state.folded, annotation.start, annotation.end) else "verb"
    first_leads = (state.first_listed_from is not None and roles and roles[0][1] != "other"
                   and not any(role == "lead" for _, role, _, _ in roles))
    folded, section, task_id, seen = state.folded, task.section, task.id, state.units_seen
    made, previous, in_order = [], -1, True
    labels = reading.labels
    has_de = folded.find("的", annotation.start, annotation.end) != -1  # 的 makes a clause of a mention
    for k, (unit, role, us, ue) in enumerate(roles):
        how = source
        if first_leads and k == 0:
            role, how = "lead", "convention"
        made.append(assignment := Assignment(unit, role, section, task_id, us, ue, False, how,
                                             labels.get(us) if labels else None))
        if role == "other":
            _report_unknown_label(state, labels.get(us, "") if labels else "", us, ue)
        if us < previous:
            in_order = False
        previous = us
        key = folded[us:ue]
        if key not in seen:
            seen[key] = assignment
        if len(unit) < 2 or folded[ue - 1] not in ann_rules.UNIT_FINAL and folded[ue - 1] not in ")]":
            state.diag("unit-looks-truncated", "warning", f"unit {unit!r} does not end like a unit name", us, ue)
        elif (ue - us > 12 or has_de or folded[ue - 1] in _VERB_LAST and folded[ue - 2 : ue] in _VERB_ENDS) and \
                (_DEFECT.search(folded, us, ue) or ue - us > 40):
            defect = unit_grammar().defect(folded[us:ue]) or "reads as a clause"
            state.diag("unit-defect", "warning", f"{unit!r} {defect}: probably not one unit", us, ue)
    if not in_order:
        made.sort(key=_START)  # a task's mentions in text order
    state.assignments += made
    if not roles and annotation.truncated is None:
        state.diag("task-without-unit", "error", "annotation names no unit", annotation.start, annotation.end)
    # a scoping note applies from its own annotation on (“…,不再做分工,下同”)
    for note in annotation.notes:
        for pattern in state.dialect.scoping_res:
            m = pattern.search(state.folded, note.start, note.end)
            if m:
                us, ue = m.span("unit")
                if all(scoped.value != state.text[us:ue] for scoped in state.scoped):  # once per unit
                    state.scoped.append(Span(state.text[us:ue], us, ue))
    if state.scoped:
        explicit = {unit for unit, _, _, _ in roles}
        for scoped in state.scoped:
            if scoped.value not in explicit:
                state.assignments.append(
                    Assignment(scoped.value, "responsible", section, task_id, scoped.start, scoped.end, True, "scope"))


def _report_unknown_label(state: ParseState, label: str, start: int, end: int) -> None:
    """Once per label: units read under a label the dialect does not know, and the dialect line
    that would give them a role."""
    if label in state.labels_reported:
        return
    state.labels_reported.add(label)
    role = next((r for words, r in _LABEL_GUESS if any(w in label for w in words)), "responsible")
    state.diag("label-unknown", "warning",
               f"label {label!r} is not in the dialect: its units are read with role 'other'; to give them a role, "
               f"put in a dialect file: [role_labels] {role} = [\"{label}\"]", start, end)


#: which role an unknown label's words suggest, for the dialect line a warning shows
_LABEL_GUESS = ((("协", "配合", "参与", "支持"), "support"), (("牵头", "主"), "lead"), (("指导",), "guide"))


def _read_targets(state: ParseState, section: Section, task: Task) -> None:
    annotation = task.annotation
    if annotation.indicator_type is None:
        state.targets.extend(find_targets(state.text, state.folded, task.start, task.end, owner=task.id))
        return
    parent = section.path.rpartition(".")[0]
    if parent not in state.section_years:
        item = state.first_items.get(parent)
        hit = find_year(state.folded, item.text_start, item.end) if item else None
        state.section_years[parent] = hit[0] if hit else None
    year = state.section_years[parent]
    targets = find_targets(state.text, state.folded, task.start, task.end, owner=f"indicator:{section.path}", year=year)
    name_end = targets[0].start if targets else task.end
    a, b = _trim(state.folded, task.start, name_end)
    kind = annotation.indicator_type.value
    state.indicators.append(
        Indicator(section.path, state.text[a:b], a, b, kind[:3] if kind.endswith("指标") else kind, tuple(targets))
    )


_COLUMN = regex.compile(r"\(专栏(?P<refs>[^()]{1,200})\)")
_COLUMN_REF = regex.compile(r"[0-9]{1,3}(?:[—\-－–][0-9]{1,3})?")


def _read_column_refs(state: ParseState, section: Section) -> None:
    if state.folded.find("(专栏", section.start, section.end) == -1:
        return  # the pattern's fixed start, looked for without the regex engine (most headings have none)
    for m in _COLUMN.finditer(state.folded, section.start, section.end):
        for r in _COLUMN_REF.finditer(state.folded, m.start("refs"), m.end("refs")):
            state.column_refs.append(ColumnRef(section.path, state.text[r.start() : r.end()], r.start(), r.end()))


#: the longest unit name looked for again in running text (bounds the work at each character)
_PROSE_LONGEST = 40


def _read_prose(state: ParseState) -> None:
    """Units the document names in annotations, named again in running text: role ``prose``.

    The units are looked for in the text between annotations, in one pass. At each character
    that starts one, the lengths of the units that begin with the two characters there are
    tried longest first, each a slice looked up in the set of units, so the work at a character
    is bounded (at most one lookup per length from 3 to 40) and the whole is linear in the text
    whatever the number of units (searching the text once per unit was quadratic on a list of
    10,000 names; a slice lookup is a few C calls where walking a trie took a Python step a
    character). Where units overlap, the leftmost is taken, and the longest there; one that
    starts in running text may run on into an annotation.
    """
    folded = state.folded
    lexicon = {unit for unit in state.units_seen if 3 <= len(unit) <= _PROSE_LONGEST}
    if not lexicon or not state.items:
        return
    lengths: dict[str, set[int]] = {}  # first two characters → lengths of the units starting so
    for unit in lexicon:
        lengths.setdefault(unit[:2], set()).add(len(unit))
    longest_first = {prefix: sorted(ns, reverse=True) for prefix, ns in lengths.items()}
    starts = regex.compile("[" + "".join(sorted({f"\\U{ord(unit[0]):08x}" for unit in lexicon})) + "]")
    item_starts = [item.text_start for item in state.items]
    size = len(folded)
    # the running text: from the first item's text on, between the annotations
    gaps, pos = [], state.items[0].text_start
    for a, b in sorted((t.annotation.start, t.annotation.end) for t in state.tasks):
        if a > pos:
            gaps.append((pos, a))
        pos = max(pos, b)
    gaps.append((pos, size))
    covered = 0
    for gap_start, gap_end in gaps:
        for m in starts.finditer(folded, max(gap_start, covered)):
            start = m.start()
            if start >= gap_end:
                break
            if start < covered:
                continue  # inside a unit found earlier
            candidates = longest_first.get(folded[start : start + 2])
            if candidates is None:
                continue
            for n in candidates:
                if start + n <= size and folded[start : start + n] in lexicon:
                    end = covered = start + n
                    break
            else:
                continue
            section = state.items[bisect.bisect_right(item_starts, start) - 1].section.path
            state.assignments.append(
                Assignment(state.text[start:end], "prose", section, None, start, end, False, "prose"))


#: what in a pattern's source may be a zero-width assertion, whose result depends on where a
#: search is bounded: anchors, word boundaries, lookarounds
_ASSERTION = regex.compile(r"[\^$]|\\[AbBGKmMZz]|\(\?<?[=!]")


def may_match(pattern: regex.Pattern, folded: str) -> bool:
    """False only when ``pattern`` can match in no span of ``folded``: a pattern with no
    assertion that matches nowhere in the whole text matches in none of its parts either, so
    one search of the text can spare a search per annotation.

    >>> may_match(regex.compile("列第一位"), "牵头单位:市发改委"), may_match(regex.compile("^a"), "b")
    (False, True)
    """
    return _ASSERTION.search(pattern.pattern) is not None or pattern.search(folded) is not None


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


def _check_variants(state: ParseState) -> None:
    """Two unit strings that look like one unit written two ways: same first character and
    last two, and the shorter is the longer with up to four characters left out
    (市推进区域布局实施工作领导小组 / 市推进区域发展布局实施工作领导小组, 市法院 / 市中级法院).
    Names longer than ``_PROSE_LONGEST`` characters (no real unit's is) are not compared:
    each comparison costs the names' length, and 200 names of 5,000 characters took 6 s."""
    first_seen = state.units_seen
    buckets: dict[tuple[str, str], list[str]] = {}
    for unit in first_seen:
        if 3 <= len(unit) <= _PROSE_LONGEST:
            buckets.setdefault((unit[0], unit[-2:]), []).append(unit)
    for names in buckets.values():
        names = sorted(names, key=lambda u: (len(u), u))[:200]  # bounded work on pathological lists
        for i, short in enumerate(names):
            for long in names[i + 1 :]:
                if short in (long.replace("有关", "", 1), long.replace("相关", "", 1)):
                    continue  # 各省级人民政府 / 各有关省级人民政府 are two scopes, not two spellings
                if 0 < len(long) - len(short) <= 4 and _is_subsequence(short, long):
                    later = max(first_seen[short], first_seen[long], key=lambda a: a.start)
                    state.diag("unit-variants", "warning",
                               f"{first_seen[short].unit!r} and {first_seen[long].unit!r} look like one unit written two ways",
                               later.start, later.end)


def _report_preamble_annotations(state: ParseState) -> None:
    """Annotations before the first numbered heading (or in a text with none) belong to no
    item, so no task is read for them: each becomes a warning, ``annotation-outside-items``,
    rather than passing in silence."""
    folded = state.folded
    for start, end in state.preamble:
        if not _ROLE_WORD.search(folded, start, end):
            continue
        before = len(state.diagnostics)
        found = [hit[0] for hit in ann_rules.find_annotations(state, start, end, [])]
        # of what the scan reports, only the annotations' own problems: a stray bracket in a
        # title or a note above the items is no concern of the task reading
        state.diagnostics[before:] = [d for d in state.diagnostics[before:] if d.code.startswith("annotation-")]
        if state.dialect.label_re.match(folded, start, end):
            hit = ann_rules.read_candidate(state, "line", start, end, start, end)
            if hit is not None:
                found.append(hit[0])
        for annotation in found:
            state.diag("annotation-outside-items", "warning",
                       f"annotation outside any numbered item, read against no task: {annotation.text[:40]}",
                       annotation.start, annotation.end)


def parse(text: str, source: str = "<text>", *, dialect: Dialect | str | Path | None = None,
          tables: tuple[Table, ...] = ()) -> Document:
    """Parse the text of a task-division plan into a :class:`~fengong.parser.model.Document`.

    ``tables`` are the tables a reader found in ``text`` (see :mod:`fengong.parser.inputs`);
    tables written in the text itself (tab-separated, or laid out with spaces) are found here.
    Never raises on the content of ``text``: what cannot be read becomes a diagnostic.

    >>> doc = parse("二、主要指标\\n1.森林覆盖率达到32.05%。(约束性指标,牵头单位:市自然资源局;责任单位:市发改委)\\n")
    >>> ind = doc.indicators[0]
    >>> ind.name, ind.type, ind.targets[0].value, ind.targets[0].unit
    ('森林覆盖率', '约束性', 32.05, '%')
    """
    if not isinstance(dialect, Dialect):
        dialect = load_dialect(dialect)
    state = ParseState(text=text, folded=fold(text), source=source, dialect=dialect)
    state.first_listed_res = tuple(p for p in dialect.first_listed_res if may_match(p, state.folded))
    lines = _lines(text)
    state.line_starts = [s for s, _ in lines] or [0]
    state.lines = [span for span in (_strip(state.folded, s, e) for s, e in lines) if span[0] < span[1]]
    found = table_rules.find_text_tables(state, lines, list(tables))
    state.tables = sorted((*tables, *found), key=_START) if found else list(tables)
    state.table_starts = [t.start for t in state.tables]
    state.text_end = state.lines[-1][1] if state.lines else 0
    state.line_index = state.plan_index = _find_plan_start(state)
    state.preamble += state.lines[: state.plan_index]
    while state.line_index < len(state.lines):
        start, end = state.lines[state.line_index]
        for _, rule in LINE_RULES:
            if rule(state, start, end):
                break
        state.line_index += 1
    _lift_group_annotations(state)
    plan_offset = state.items[0].section.start if state.items else len(text)
    state.conventions = find_conventions(text, state.folded, dialect, state.first_listed_res, plan_offset)
    _scope_from_preamble(state)
    for item in state.items:
        _read_item(state, item)
    if state.dialect.prose:
        _read_prose(state)
    _check_variants(state)
    _report_preamble_annotations(state)
    if not state.items and not state.tasks:
        state.diag("no-structure", "error", "no task-division structure found", 0, 0)
    preamble = state.preamble if state.items else state.lines
    metadata = read_metadata(text, state.folded, preamble, state.lines[-4:] if state.items else [])
    report_unread(state, _read_spans(state, metadata))
    state.diagnostics.sort(key=lambda d: (d.start, d.code))
    return Document(
        source=source,
        text=text,
        metadata=metadata,
        dialect=dialect.name,
        sections=tuple(state.sections),
        tasks=tuple(state.tasks),
        assignments=tuple(state.assignments),  # in document order: each task's, in text order, then prose
        indicators=tuple(state.indicators),
        targets=tuple(state.targets),
        column_refs=tuple(state.column_refs),
        diagnostics=tuple(state.diagnostics),
        tables=tuple(state.tables),
        conventions=tuple(state.conventions),
        notes=tuple(state.notes),
    )


def _find_plan_start(state: ParseState) -> int:
    """Index in ``state.lines`` of the plan's first line, past a cover notice and a news lead-in
    (:func:`fengong.parser.plan.plan_start`); their numbered and 附件 lines become notes."""
    folded, text = state.folded, state.text
    found = plan_start(folded, state.lines, lambda s, e: match_numbering(folded, s, e) is not None,
                       lambda s, e: _ANNOTATED.search(folded, s, e) is not None)
    index = found.index
    if state.table_starts and found.notice:
        # a table after the notice (the plan an attachment holds) starts the plan at the latest
        first = state.table_starts[0]
        at = bisect.bisect_right([e for _, e in state.lines], first)
        index = min(index, at) if at < len(state.lines) else index
    state.notes = [Span(text[s:e], s, e) for s, e in [*state.lines[: found.lead_in], *found.notes] if s < (
        state.lines[index][0] if index < len(state.lines) else len(text))]
    return index


def _scope_from_preamble(state: ParseState) -> None:
    """A scoping note in the notice or the preamble (“以下各项任务均需各县市区落实”) makes its unit
    responsible for every task, as one in an annotation does from there on."""
    if not state.items or "均" not in state.folded:
        return
    first = state.items[0].section.start
    for start, end in state.preamble:
        if end > first:
            break
        for pattern in state.dialect.scoping_res:
            m = pattern.search(state.folded, start, end)
            if m:
                us, ue = m.span("unit")
                if all(scoped.value != state.text[us:ue] for scoped in state.scoped):
                    state.scoped.append(Span(state.text[us:ue], us, ue))


def _read_spans(state: ParseState, metadata) -> list[tuple[int, int]]:
    """What was read or already reported, as sorted, merged ``(start, end)`` spans: annotations,
    the metadata (addressees as one span), notes, conventions, the annotations reported as not read."""
    spans = [(t.annotation.start, t.annotation.end) for t in state.tasks]
    for span in (metadata.title, metadata.issuer, metadata.date, metadata.doc_number, *state.notes):
        if span is not None:
            spans.append((span.start, span.end))
    if metadata.addressees:
        spans.append((metadata.addressees[0].start, metadata.addressees[-1].end + 1))
    spans += [(c.start, c.end) for c in state.conventions]
    spans += [(d.start, d.end) for d in state.diagnostics if d.code.startswith("annotation-")]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def parse_file(path: str | Path, *, dialect: Dialect | str | Path | None = None) -> Document:
    """Read a document file (.txt in UTF-8/UTF-16/GB18030, .docx, .html, .pdf, .xlsx/.xls/.ods,
    .doc/.wps/.et; see :mod:`fengong.parser.inputs`) and parse its text and tables; the
    document's ``source`` is the path as given."""
    read = read_source(path)
    return parse(read.text, source=str(path), dialect=dialect, tables=read.tables)
