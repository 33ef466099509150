"""Where the plan starts: past a cover notice and a news article's lead-in.

A plan is often published under a notice (addressees, “现将《…》印发给你们”, numbered
requirements of the notice itself, ``附件:1.…`` lines, issuer, date) and copied by news sites
under a lead-in (“日前,…印发…。文件详情如下:”). Numbered lines there are not the plan's
sections. :func:`plan_start` finds the first line of the plan; the lines before it are read as
metadata and notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .metadata import is_closing_line, is_title_line

__all__ = ["PlanStart", "plan_start"]

#: pinyin a web mirror inserted after a character (發(fā)): taken out before the patterns below
_PINYIN = regex.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")
#: the sentence of a notice that hands the plan over: 现将《…》印发给你们, 现印发给你们, 通知如下
_TRANSMITTAL = regex.compile(
    r"现将.{0,160}?(?:印发|分解|下达|转发|发)(?:给)?你们|(?:现|予以|现予)?印发(?:给)?你们|通知如下|现予印发")
#: a word every transmittal sentence holds: a head without one is searched no further
_TRANSMITTAL_WORDS = ("你们", "如下", "印发")
#: the line that ends a news article's lead-in: 文件详情如下:, 全文如下:
_LEAD_IN_END = regex.compile(r"(?:详情|全文|原文|内容)如下[::]?$")
#: how far into a document a notice or a lead-in is looked for, in lines
_HEAD_LINES = 60


@dataclass
class PlanStart:
    """Where the plan starts, and what comes before it."""

    index: int = 0  #: index of the plan's first line in the parse's list of lines
    notice: bool = False  #: whether a cover notice was found before it
    lead_in: int = 0  #: number of lines of a news lead-in at the very top
    notes: list[tuple[int, int]] = field(default_factory=list)  #: numbered or 附件 lines of the notice


def _plain(folded: str, start: int, end: int) -> str:
    line = folded[start:end]
    return _PINYIN.sub("", line) if "(" in line else line


def plan_start(folded: str, lines: list[tuple[int, int]], numbered, annotated) -> PlanStart:
    """The first line of the plan in ``lines`` (``(start, end)`` of each non-blank line).

    ``numbered(start, end)`` says whether a line opens with numbering; ``annotated(start, end)``
    whether it holds a role label or a bracket with a role word. Without a notice the plan starts
    at the top (after a lead-in, if any). With one, it starts after the block of closing lines
    (issuer, date, “(此件公开发布)”, “附件1”) that follows the transmittal sentence; where the
    notice has no such block, at the first numbered line that holds an annotation; and where it
    has neither, nowhere: every numbered line is the notice's.
    """
    found = PlanStart()
    head = min(len(lines), _HEAD_LINES)
    head_end = lines[head - 1][1] if head else 0
    if folded.find("如下", 0, head_end) != -1:  # the words a lead-in ends with: “文件详情如下:”
        for k in range(head):
            if folded.find("如下", *lines[k]) != -1 and _LEAD_IN_END.search(_plain(folded, *lines[k])):
                found.lead_in = found.index = k + 1
                break
    if not any(folded.find(w, 0, head_end) != -1 for w in _TRANSMITTAL_WORDS):
        return found
    transmittal = next((k for k in range(found.index, head) if _TRANSMITTAL.search(_plain(folded, *lines[k]))), None)
    if transmittal is None:
        return found
    found.notice = True
    found.index = len(lines)  # a notice alone: every numbered line is the notice's
    for k in range(transmittal + 1, len(lines)):
        line = _plain(folded, *lines[k])
        if is_closing_line(line):
            while k < len(lines) and is_closing_line(_plain(folded, *lines[k])):
                k += 1
            found.index = k
            break
        if numbered(*lines[k]):
            if annotated(*lines[k]):
                found.index = k  # the first numbered line that assigns units: the plan's first item
                break
        elif is_title_line(line):
            found.index = k  # the plan's title, printed with no signature before it
            break
    found.notes = [line for line in lines[transmittal + 1 : found.index]
                   if numbered(*line) or folded.startswith("附件", line[0])]
    return found
