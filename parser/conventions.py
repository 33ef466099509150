"""Conventions a document states once: the first-listed-lead family, wherever it stands.

“列第一位者为牵头单位,下同”, “排在第一位的部门为牵头部门”, “列第一位的责任单位为牵头单位或
汇总单位” (in a cover notice), “(列第一位者为工作牵头单位)”: a position word and a lead word
in one clause (the dialect's ``first_listed_positions`` and ``first_listed_leads``, or one of its
``first_listed_lead`` patterns). Where it stands sets its scope:

- before the plan's first numbered item (the cover notice, the preamble, a column header line):
  the whole document;
- inside an annotation: from that annotation on (“下同” says so; a convention stated once is
  read that way even without it);
- in a bracket of its own right after an annotation, “(市发改委、市财政局)(列第一位者牵头)”:
  from the annotation it follows on;
- anywhere else in the plan: from there on.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Convention

__all__ = ["find_conventions", "applies"]


#: words one of which every statement of the family holds: a text with none is not searched
_POSITION_HINTS = ("第一", "首位", "居首")


def find_conventions(text: str, folded: str, dialect, patterns: Sequence, plan_start: int) -> list[Convention]:
    """The first-listed-lead conventions of the text, in order: the dialect's family and its
    ``patterns`` (those of its ``first_listed_lead`` that may match); ``plan_start`` is the offset
    of the plan's first numbered item (the end of the text where it has none)."""
    found: list[Convention] = []
    spans = []
    for hint in _POSITION_HINTS:
        # the statement is searched for only around each position word, not over the whole text
        at = folded.find(hint)
        while at != -1:
            m = dialect.convention_re.search(folded, max(0, at - 20), at + 30)
            if m is not None:
                spans.append(m.span())
            at = folded.find(hint, at + 1)
    for pattern in patterns:
        spans += [m.span() for m in pattern.finditer(folded)]
    taken = -1
    for start, end in sorted(set(spans)):
        if start < taken:
            continue  # one statement matched by the family and by a pattern
        taken = end
        if start < plan_start:
            scope = "document"
        else:
            scope = "from-here"
        found.append(Convention("first-listed-lead", text[start:end], start, end, scope))
    return found


def applies(conventions: Sequence[Convention], folded: str, start: int, end: int) -> bool:
    """Whether the annotation ``[start, end)`` reads its first unit as the lead: a convention of
    the whole document, or one stated before its end (earlier, or inside it), or in the bracket
    right after it."""
    for c in conventions:
        if c.scope == "document" or c.start < end:
            return True
        if folded[end : c.start].strip(" \t\u3000([") == "":
            return True
    return False
