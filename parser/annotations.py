"""Annotation rules: the brackets and lines that name units against the text before them.

The forms, each one small function with the same signature, in one ordered table
(:data:`ANNOTATION_RULES`): given the parse state and the span of a candidate (a bracket's
content, or a whole line), a rule returns the units it reads with their roles, or ``None``
when the candidate is not of its form. A bracket that no rule reads stays text (“(GDP)”,
“(助理)”, “(专栏3—1)”); one that holds a role word but that no rule could read becomes a
diagnostic.

Scanning jumps from bracket to bracket with one compiled pattern, so an item is read in
time linear in its length whatever its brackets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import regex

from .model import Annotation, Span

if TYPE_CHECKING:
    from .core import ParseState

__all__ = ["ANNOTATION_RULES", "find_annotations", "starts_with_role_label", "split_units"]

Role = tuple[str, str, int, int]  # (unit as written, role, start, end)
Reading = tuple[list[Role], list[Span], "Span | None"]  # roles, notes, indicator type

_BRACKETS = regex.compile(r"[()\[\]\n]")
_SEPARATORS = regex.compile(r"[、,()\[\]]")
_ROLE_HINT = regex.compile(r"牵头|负责|责任单位|配合|协同|参与|指导")
_EDGE = " \t\u3000"
_ITEM_END = " \t\u3000;。.,"


def starts_with_role_label(state: ParseState, pos: int) -> bool:
    """Whether a role label such as “牵头单位:” stands at ``pos``."""
    return state.dialect.label_re.match(state.folded, pos) is not None


def split_units(folded: str, start: int, end: int, compound_re: regex.Pattern | None = None) -> list[tuple[int, int]]:
    """Split a unit list on 、 , ， at bracket depth 0; returns (start, end) of each item.

    Brackets inside a unit name stay in it: “各县(市、区)人民政府” is one item; so do the
    collective names ``compound_re`` matches, written with a 、 (“各区、县级市”).

    >>> split_units("市发改委、各县(市、区)人民政府,市财政局", 0, 21)
    [(0, 4), (5, 16), (17, 21)]
    >>> split_units("市人社局、各区、县级市", 0, 11, regex.compile("各区、县级市"))
    [(0, 4), (5, 11)]
    """
    protected = []
    if compound_re is not None:
        protected = [(m.start(), m.end()) for m in compound_re.finditer(folded, start, end)]
    cuts, depth = [], 0
    for m in _SEPARATORS.finditer(folded, start, end):
        ch, i = m.group(), m.start()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0 and not (protected and any(a <= i < b for a, b in protected)):
            cuts.append(i)
    out, a = [], start
    for b in (*cuts, end):
        s, e = a, b
        while s < e and folded[s] in _EDGE:
            s += 1
        while e > s and folded[e - 1] in _ITEM_END:
            e -= 1
        if s < e:
            out.append((s, e))
        a = b + 1
    return out


def labelled_roles(state: ParseState, start: int, end: int) -> Reading | None:
    """Role labels followed by unit lists: “预期性指标,牵头单位:市发改委;责任单位:市政府有关部门,各县市区,
    以下均需各县市区落实,不再逐一列出”, also with a comma between roles (“牵头单位:X,配合单位:Y”).
    """
    dialect, text, folded = state.dialect, state.text, state.folded
    labels = list(dialect.label_re.finditer(folded, start, end))
    if not labels:
        return None
    roles: list[Role] = []
    notes: list[Span] = []
    indicator = None
    # what stands before the first label: an indicator type, or a note
    for s, e in split_units(folded, start, labels[0].start()):
        value = text[s:e]
        if indicator is None and value in dialect.indicator_types:
            indicator = Span(value, s, e)
        else:
            notes.append(Span(value, s, e))
    for i, label in enumerate(labels):
        role = dialect.role_of[label.group("label")]
        seg_end = labels[i + 1].start() if i + 1 < len(labels) else end
        items = split_units(folded, label.end(), seg_end, dialect.compound_re)
        for s, e in items:
            if dialect.note_re is not None and dialect.note_re.match(folded, s, e):
                ne = items[-1][1]
                notes.append(Span(text[s:ne], s, ne))
                break
            roles.append((text[s:e], role, s, e))
    return roles, notes, indicator


#: The annotation forms, tried in this order on each candidate.
ANNOTATION_RULES: tuple[tuple[str, Callable[..., Reading | None]], ...] = (("labelled", labelled_roles),)


def _read(state: ParseState, form: str, start: int, end: int, inner_start: int, inner_end: int):
    for _, rule in ANNOTATION_RULES:
        hit = rule(state, inner_start, inner_end)
        if hit is not None:
            roles, notes, indicator = hit
            return Annotation(form, state.text[start:end], start, end, indicator, tuple(notes)), roles
    return None


def find_annotations(
    state: ParseState, start: int, end: int, bare_lines: list[tuple[int, int]]
) -> list[tuple[Annotation, list[Role]]]:
    """The annotations of one item, in text order: brackets whose content a rule reads, and the
    bare role-label lines of the item. Unbalanced brackets become diagnostics.
    """
    folded = state.folded
    found: list[tuple[Annotation, list[Role]]] = []
    stack: list[int] = []
    regions, a = [], start
    for bs, be in sorted(bare_lines):
        regions.append((a, bs, (bs, be)))
        a = be
    regions.append((a, end, None))
    for region_start, region_end, bare in regions:
        for m in _BRACKETS.finditer(folded, region_start, region_end):
            ch, i = m.group(), m.start()
            if ch in "([":
                stack.append(i)
            elif ch == "\n":
                if stack and folded[stack[0]] == "(":
                    # a round bracket does not run over a line break: report it and read on
                    _unclosed(state, found, stack, i)
            elif not stack:
                state.diag("bracket-unopened", "warning", f"closing {state.text[i]} with no opening bracket", i, i + 1)
            else:
                s = stack.pop()
                if not stack:
                    _candidate(state, found, s, i + 1)
        if stack:
            _unclosed(state, found, stack, region_end)
        if bare is not None:
            bs, be = bare
            content_end = be
            while content_end > bs and folded[content_end - 1] in _ITEM_END:
                content_end -= 1
            hit = _read(state, "bare_line", bs, be, bs, content_end)
            if hit:
                found.append(hit)
    return found


def _candidate(state: ParseState, found: list, start: int, end: int) -> None:
    hit = _read(state, "bracket", start, end, start + 1, end - 1)
    if hit is not None:
        found.append(hit)
    elif end - start <= 200 and _ROLE_HINT.search(state.folded, max(start, end - 12), end):
        # a role word near the end of a short bracket, as in “(由市发改委牵头)”
        state.diag("annotation-unreadable", "warning",
                   f"bracket holds a role word but could not be read: {state.text[start:end][:40]}", start, end)


def _unclosed(state: ParseState, found: list, stack: list[int], end: int) -> None:
    """A bracket still open at ``end``: read it as an annotation cut off there, or report it."""
    s = stack[0]
    stack.clear()
    while end > s and state.folded[end - 1] in " \t\r\n":
        end -= 1
    hit = _read(state, "bracket", s, end, s + 1, end)
    if hit is None:
        state.diag("bracket-unclosed", "warning", f"{state.text[s]} is never closed", s, s + 1)
        return
    state.diag("annotation-unclosed", "warning", "annotation bracket is never closed; read up to here", s, s + 1)
    found.append(hit)
