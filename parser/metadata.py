"""Reading what a document says about itself from the lines before its first heading."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Required, TypedDict

import regex

from .model import Metadata, Span

__all__ = ["read_metadata"]

_DATE = regex.compile(r"(?P<y>(?:19|20)[0-9]{2})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日")
_CN_DATE = regex.compile(r"(?P<y>[〇零一二三四五六七八九]{4})年(?P<m>[〇一二三四五六七八九十]{1,3})月(?P<d>[〇一二三四五六七八九十]{1,3})日")
_ISSUER = regex.compile(
    r"(?:中共)?[^\s,，:;。《》()]{0,20}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|国务院|政府)"
)
#: pinyin a web mirror inserted after a character: 發(fā)
_PINYIN = r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)"
_DOC_NUMBER = regex.compile(rf"(?:[^\s,:;。《》()\[\]]|{_PINYIN}){{1,16}}\[(?:19|20)[0-9]{{2}}\][0-9]{{1,4}}号")
#: how a title ends: its kind of document, and perhaps a qualifier in brackets (…清单(一季度…情况),
#: …规划(2021—2025年))
_TITLE_END = regex.compile(
    r"(?:方案|意见|通知|计划|规划|办法|要点|分工|分解|清单|决定|纲要|(?:分解|分工|任务|一览|清单|责任)表)(?:\([^()]{1,40}\))?$")
#: “附件：” or “附件1:” before the title of the plan a notice attaches (often a table)
_ATTACHMENT = regex.compile(r"附件[0-9一二三四五六七八九十]{0,2}[:]?[ ]*")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def _cn_number(s: str) -> int:
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return int("".join(str(_CN_DIGIT[c]) for c in s))


class _Found(TypedDict, total=False):
    """What :func:`_read_line` has found so far."""

    addressees: Required[list[Span]]
    candidates: Required[list[Span]]  #: lines that may be the title
    heading_block: Required[list[tuple[int, int]]]  #: the short lines at the very top
    date: Span
    iso: str
    issuer: Span
    doc_number: Span


def read_metadata(text: str, folded: str, lines: list[tuple[int, int]],
                  tail: Sequence[tuple[int, int]] = ()) -> Metadata:
    """Title, issuer, date, addressees and 文号 from the preamble lines ``(start, end)``; the
    issuer and date are also looked for in the ``tail`` lines (a signature at the end).

    >>> t = "各区政府,市直各部门:\\n荆门市人民政府办公室\\n2021年12月31日\\n荆门市某某工作方案\\n"
    >>> from fengong.parser.normalize import fold
    >>> spans, pos = [], 0
    >>> for line in t.splitlines():
    ...     spans.append((pos, pos + len(line)))
    ...     pos += len(line) + 1
    >>> m = read_metadata(t, fold(t), spans)
    >>> m.issuer.value, m.iso_date, [a.value for a in m.addressees], m.title.value
    ('荆门市人民政府办公室', '2021-12-31', ['各区政府', '市直各部门'], '荆门市某某工作方案')
    """
    found: _Found = {"addressees": [], "candidates": [], "heading_block": []}
    block_open = True  # still in the lines at the very top (a title broken over several lines)
    for start, end in lines:
        start, end = _strip(folded, start, end)
        if start == end:
            continue
        kind = _read_line(text, folded, start, end, found)
        if kind == "title" and block_open and found["heading_block"]:
            # the last line of a title broken over lines: the title starts with the block
            found["candidates"][-1] = _joined(text, [*found["heading_block"], (start, end)])
        if kind is None and block_open and len(folded[start:end]) <= 40 and folded[end - 1] not in "。:;,":
            found["heading_block"].append((start, end))
        else:
            block_open = False
    for start, end in tail:
        start, end = _strip(folded, start, end)
        if start < end and ("date" not in found or "issuer" not in found):
            _read_line(text, folded, start, end, found, tail=True)
    candidates: list[Span] = found["candidates"]
    date: Span | None = found.get("date")
    title = None
    if candidates:
        # the title printed after the date (web layout) or, failing that, the first candidate
        after = [c for c in candidates if date is None or c.start > date.start]
        title = (after or candidates)[0]
    elif found["heading_block"]:
        # a title broken over the first lines: “国务院关于做好当前和今后一个时期 / 促进就业工作的若干意见”
        block = found["heading_block"]
        if _TITLE_END.search(folded, block[0][0], block[-1][1]) and len(block) <= 4:
            title = _joined(text, block)
    issuer = found.get("issuer")
    if issuer is None:
        # “国务院关于…”, “广东省人民政府关于印发…”: the issuer opens the notice's title
        for start, end in [*found["heading_block"], *((c.start, c.end) for c in candidates)]:
            k = folded.find("关于", start, end)
            if k > start and _ISSUER.fullmatch(folded, start, k):
                issuer = Span(text[start:k], start, k)
                break
    return Metadata(title=title, issuer=issuer, date=date, iso_date=found.get("iso"),
                    addressees=tuple(found["addressees"]), doc_number=found.get("doc_number"))


def _joined(text: str, lines: list[tuple[int, int]]) -> Span:
    """A title printed over several lines: the lines joined, spanning from the first to the last."""
    return Span("".join(text[a:b] for a, b in lines), lines[0][0], lines[-1][1])


def _strip(folded: str, start: int, end: int) -> tuple[int, int]:
    while start < end and folded[start].isspace():
        start += 1
    while end > start and folded[end - 1].isspace():
        end -= 1
    return start, end


def _read_line(text: str, folded: str, start: int, end: int, found: _Found, tail: bool = False) -> str | None:
    """Read one line into ``found``; returns what it was, or ``None``."""
    line = folded[start:end]
    if not tail and not found["addressees"] and line.endswith(":") and len(line) < 300 and "," in line:
        pos = start
        for part in line[:-1].split(","):
            a, b = _strip(folded, pos, pos + len(part))
            pos += len(part) + 1
            if a < b:
                found["addressees"].append(Span(text[a:b], a, b))
        return "addressees"
    if "date" not in found:
        m = _DATE.fullmatch(line) or _CN_DATE.fullmatch(line)
        if m:
            found["date"] = Span(text[start:end], start, end)
            y, mo, d = m.group("y"), m.group("m"), m.group("d")
            if not y.isdigit():
                y, mo, d = str(_cn_number(y)), str(_cn_number(mo)), str(_cn_number(d))
            found["iso"] = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
            return "date"
    if "issuer" not in found and len(line) <= 30 and _ISSUER.fullmatch(line):
        found["issuer"] = Span(text[start:end], start, end)
        return "issuer"
    if tail:
        return None
    if "doc_number" not in found:
        m = _DOC_NUMBER.search(folded, start, end)
        if m and m.end() - m.start() == end - start:
            found["doc_number"] = Span(text[m.start() : m.end()], m.start(), m.end())
            return "doc_number"
    if len(line) <= 80 and not line.startswith("《") and _TITLE_END.search(line):
        attachment = _ATTACHMENT.match(folded, start, end)
        if attachment and attachment.end() < end:
            start = attachment.end()  # the plan's title, without the word that points to it
        found["candidates"].append(Span(text[start:end], start, end))
        return "title"
    return None
