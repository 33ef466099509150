"""Annotation rules: the brackets and lines that name units against the text before them.

The forms, each one small function with the same signature, in one ordered table
(:data:`ANNOTATION_RULES`): given the parse state and the span of a candidate (a bracket's
content, or a whole line), a rule returns the units it reads with their roles, or ``None``
when the candidate is not of its form. A bracket that no rule reads stays text (“(GDP)”,
“(助理)”, “(专栏3—1)”); one that holds a role word but that no rule could read becomes a
diagnostic.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from .model import Annotation, Span

if TYPE_CHECKING:
    from .core import ParseState

__all__ = ["ANNOTATION_RULES", "find_annotations", "starts_with_role_label", "split_units"]

Role = tuple[str, str, int, int]  # (unit as written, role, start, end)
_OPEN = {"(": ")", "[": "]"}
_CLOSE = {")": "(", "]": "["}
_ROLE_HINT = regex.compile(r"牵头|负责|责任单位|配合|协同|参与|指导")


@lru_cache(maxsize=32)
def _label_pattern(labels: tuple[tuple[str, str], ...]) -> regex.Pattern:
    words = "|".join(regex.escape(w) for w, _ in labels)
    return regex.compile(rf"(?P<label>{words})\s*:\s*")


def starts_with_role_label(state: ParseState, pos: int) -> bool:
    """Whether a role label such as “牵头单位:” stands at ``pos``."""
    return _label_pattern(state.dialect.role_labels).match(state.folded, pos) is not None


def split_units(folded: str, start: int, end: int, compounds: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Split a unit list on 、 , ， at bracket depth 0; returns (start, end) of each item.

    Brackets inside a unit name stay in it: “各县(市、区)人民政府” is one item; so do the
    ``compounds``, collective names written with a 、 (“各区、县级市”).

    >>> split_units("市发改委、各县(市、区)人民政府,市财政局", 0, 22)
    [(0, 4), (5, 15), (16, 20)]
    >>> split_units("市人社局、各区、县级市", 0, 11, ("各区、县级市",))
    [(0, 4), (5, 11)]
    """
    protected = set()
    for compound in compounds:
        pos = folded.find(compound, start, end)
        while pos != -1:
            protected.update(range(pos, pos + len(compound)))
            pos = folded.find(compound, pos + len(compound), end)
    items, depth, a = [], 0, start
    for i in range(start, end):
        ch = folded[i]
        if i in protected:
            continue
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif depth == 0 and ch in "、,":
            items.append((a, i))
            a = i + 1
    items.append((a, end))
    out = []
    for s, e in items:
        while s < e and folded[s] in " \t\u3000":
            s += 1
        while e > s and folded[e - 1] in " \t\u3000;。.":
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def labelled_roles(state: ParseState, start: int, end: int) -> tuple[list[Role], list[Span], Span | None] | None:
    """Role labels followed by unit lists: “预期性指标,牵头单位:市发改委;责任单位:市政府有关部门,各县市区,
    以下均需各县市区落实,不再逐一列出”, also with a comma between roles (“牵头单位:X,配合单位:Y”).
    """
    pattern = _label_pattern(state.dialect.role_labels)
    labels = list(pattern.finditer(state.folded, start, end))
    if not labels:
        return None
    roles: list[Role] = []
    notes: list[Span] = []
    indicator = None
    text, folded = state.text, state.folded
    # what stands before the first label: an indicator type, or a note
    ps, pe = start, labels[0].start()
    for item_start, item_end in split_units(folded, ps, pe):
        value = text[item_start:item_end]
        if indicator is None and value in state.dialect.indicator_types:
            indicator = Span(value, item_start, item_end)
        else:
            notes.append(Span(value, item_start, item_end))
    for i, label in enumerate(labels):
        role = dict(state.dialect.role_labels)[label.group("label")]
        seg_end = labels[i + 1].start() if i + 1 < len(labels) else end
        items = split_units(folded, label.end(), seg_end, state.dialect.compounds)
        for k, (s, e) in enumerate(items):
            value = folded[s:e]
            if any(value.startswith(m) for m in state.dialect.note_markers):
                ns, ne = s, items[-1][1]
                notes.append(Span(text[ns:ne], ns, ne))
                break
            s2, e2 = s, e
            while e2 > s2 and folded[e2 - 1] in ";,":
                e2 -= 1
            if s2 < e2:
                roles.append((text[s2:e2], role, s2, e2))
    return roles, notes, indicator


#: The annotation forms, tried in this order on each candidate.
ANNOTATION_RULES: tuple[tuple[str, Callable], ...] = (("labelled", labelled_roles),)


def _read(state: ParseState, form: str, start: int, end: int, inner: tuple[int, int]):
    for name, rule in ANNOTATION_RULES:
        hit = rule(state, *inner)
        if hit is not None:
            roles, notes, indicator = hit
            annotation = Annotation(form, state.text[start:end], start, end, indicator, tuple(notes))
            return annotation, roles
    return None


def find_annotations(
    state: ParseState, start: int, end: int, bare_lines: list[tuple[int, int]]
) -> list[tuple[Annotation, list[Role]]]:
    """The annotations of one item, in text order: brackets whose content a rule reads, and the
    bare role-label lines of the item. Unbalanced brackets become diagnostics.
    """
    folded = state.folded
    found: list[tuple[Annotation, list[Role]]] = []
    bare = iter(sorted(bare_lines))
    next_bare = next(bare, None)
    stack: list[int] = []
    i = start
    while i < end:
        if next_bare is not None and i >= next_bare[0]:
            bs, be = next_bare
            if stack:
                _unclosed(state, found, stack, bs)
            content_end = be
            while content_end > bs and folded[content_end - 1] in "。.;, \t":
                content_end -= 1
            hit = _read(state, "bare_line", bs, be, (bs, content_end))
            if hit:
                found.append(hit)
            i = be
            next_bare = next(bare, None)
            continue
        ch = folded[i]
        if ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE:
            if not stack:
                state.diag("bracket-unopened", "warning", f"closing {state.text[i]} with no opening bracket", i, i + 1)
            else:
                s = stack.pop()
                if not stack:
                    _candidate(state, found, s, i + 1, (s + 1, i))
        elif ch == "\n" and stack and folded[stack[0]] == "(":
            # a round bracket does not run over a line break: report it and read on
            _unclosed(state, found, stack, i)
        i += 1
    if stack:
        _unclosed(state, found, stack, end)
    return found


def _candidate(state: ParseState, found: list, start: int, end: int, inner: tuple[int, int]) -> None:
    hit = _read(state, "bracket", start, end, inner)
    if hit is not None:
        found.append(hit)
    elif _ROLE_HINT.search(state.folded, *inner) and _looks_like_annotation(state, *inner):
        state.diag("annotation-unreadable", "warning",
                   f"bracket holds a role word but could not be read: {state.text[start:end][:40]}", start, end)


def _looks_like_annotation(state: ParseState, start: int, end: int) -> bool:
    # a role word near the end of a short bracket, as in “(市发改委牵头)”
    return end - start <= 200 and _ROLE_HINT.search(state.folded, max(start, end - 12), end) is not None


def _unclosed(state: ParseState, found: list, stack: list[int], end: int) -> None:
    """A bracket still open at ``end``: read it as an annotation cut off there, or report it."""
    s = stack[0]
    stack.clear()
    while end > s and state.folded[end - 1] in " \t\r\n":
        end -= 1
    hit = _read(state, "bracket", s, end, (s + 1, end))
    if hit is None:
        state.diag("bracket-unclosed", "warning", f"{state.text[s]} is never closed", s, s + 1)
        return
    state.diag("annotation-unclosed", "warning", "annotation bracket is never closed; read up to here", s, s + 1)
    found.append(hit)
