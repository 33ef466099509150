"""Reading what a document says about itself from the lines before its first heading."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Required, TypedDict

import regex

from .model import Metadata, Span

__all__ = ["read_metadata", "is_closing_line", "is_title_line"]

_DATE = regex.compile(r"(?P<y>(?:19|20)[0-9]{2})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日")
_CN_DATE = regex.compile(r"(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[〇○一二三四五六七八九十]{1,3})月(?P<d>[〇○一二三四五六七八九十]{1,3})日")
_ISSUER = regex.compile(
    r"(?:中共)?(?:(?!关于|印发)[^\s,，:;。《》()]){0,20}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|国务院|政府)"
)
#: pinyin a web mirror inserted after a character: 發(fā)
_PINYIN = r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)"
_DOC_NUMBER = regex.compile(rf"(?:[^\s,:;。《》()\[\]|]|{_PINYIN}){{1,16}} ?\[(?:19|20)[0-9]{{2}}\][0-9]{{1,4}} ?号")
#: how a title ends: its kind of document, and perhaps a qualifier in brackets (…清单(一季度…情况),
#: …规划(2021—2025年))
_TITLE_END = regex.compile(
    r"(?:方案|意见|通知|计划|规划|办法|要点|分工|分解|清单|决定|纲要|事项|举措|措施|任务|(?:分解|分工|任务|一览|清单|责任)表)"
    r"(?:\([^()]{1,40}\))?$")
#: “附件：” or “附件1:” before the title of the plan a notice attaches (often a table)
_ATTACHMENT = regex.compile(r"附件[0-9一二三四五六七八九十]{0,2}[:]?[ ]*")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
#: lines that close a cover notice: “(此件公开发布)”, “附件1”
_CLOSING = regex.compile(r"\(此件[^()]{1,8}\)|附件 ?[0-9]{0,2}|[::]?")
#: what may follow a document number that ends a title line: “…的通知 常政发〔2023〕1号 |”, “…任务(华政发〔2021〕2号)”
_AFTER_NUMBER = regex.compile(r"[) |]*")
#: a line of one parenthetical: “(2025年版)”, “(试行)”, printed under a title and part of it
_TITLE_BRACKET = regex.compile(r"\([^()]{1,12}\)")


def _one_addressee(line: str) -> bool:
    """Whether a line before its colon is one unit: “各县区人民政府:”."""
    from .units import unit_grammar

    return unit_grammar().is_unit(line)


def is_closing_line(line: str) -> bool:
    """Whether a (folded, stripped) line closes a cover notice: the issuer, the date,
    “(此件公开发布)”, “附件1”.

    >>> [is_closing_line(x) for x in ("荆门市人民政府办公室", "2021年12月31日", "(此件公开发布)", "附件1", "一、总体要求")]
    [True, True, True, True, False]
    """
    line = line.strip()
    return bool(line) and (_DATE.fullmatch(line) is not None or _CN_DATE.fullmatch(line) is not None
                           or len(line) <= 30 and _ISSUER.fullmatch(line) is not None
                           or _CLOSING.fullmatch(line) is not None)


def is_title_line(line: str) -> bool:
    """Whether a (folded, stripped) line reads as a title: short, ending as a plan's name ends.

    >>> is_title_line("2023年区《政府工作报告》确定的主要目标任务责任分解方案"), is_title_line("附件:1.责任分解")
    (True, False)
    """
    attachment = _ATTACHMENT.match(line)
    if attachment and attachment.end() < len(line):
        line = line[attachment.end():]  # “附件:某某任务分解表”, the title of the plan it attaches
        if _NUMBERED.match(line):
            return False  # “附件:1.…”: a notice's list of its attachments
    return len(line) <= 80 and not line.startswith("《") and "。" not in line and _TITLE_END.search(line) is not None


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
    issuer_before_addressees: bool
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
    pending: list[tuple[int, int]] = []  # short lines that may be the first part of a broken title
    addressee_at = None
    for start, end in lines:
        start, end = _strip(folded, start, end)
        if start == end:
            continue
        n_candidates = len(found["candidates"])
        kind = _read_line(text, folded, start, end, found)
        if kind == "title" and len(found["candidates"]) > n_candidates and found["candidates"][-1].start == start:
            # (a title after “附件:” starts there: it goes on no line above it)
            previous = found["candidates"][-2] if len(found["candidates"]) > 1 else None
            if previous is not None and previous.end == _previous_end(folded, start) \
                    and _CONTINUES.match(folded, start, end):
                # the last line of a title broken after a word that can end one: “…责任分解” / “方案的通知”
                found["candidates"][-2:] = [_joined_spans(text, previous, found["candidates"][-1])]
            elif block_open and found["heading_block"]:
                # the last line of a title broken over lines: the title starts with the block
                found["candidates"][-1] = _joined(text, [*found["heading_block"], (found["candidates"][-1].start, found["candidates"][-1].end)])
            elif pending:
                found["candidates"][-1] = _joined(text, [*pending, (found["candidates"][-1].start, found["candidates"][-1].end)])
        elif kind is None and found["candidates"] and _TITLE_BRACKET.fullmatch(folded, start, end) \
                and found["candidates"][-1].end == _previous_end(folded, start):
            # “(2025年版)” printed under the title
            last = found["candidates"][-1]
            found["candidates"][-1] = Span(text[last.start:end].replace("\n", "").replace("\r", ""), last.start, end) \
                if "\n" not in text[last.end:start].strip("\r\n") else last
        if kind == "addressees" and addressee_at is None:
            addressee_at = start
        if kind is None and _title_part(folded, start, end):
            pending.append((start, end))
            if block_open:
                found["heading_block"].append((start, end))
        else:
            pending = []
            block_open = False
    for start, end in tail:
        start, end = _strip(folded, start, end)
        if start < end and ("date" not in found or "issuer" not in found):
            _read_line(text, folded, start, end, found, tail=True)
    candidates: list[Span] = found["candidates"]
    date: Span | None = found.get("date")
    title = None
    if candidates:
        # the title printed after the date (the plan's, under its notice); else the notice's,
        # printed just before its addressees; else the first
        after = [c for c in candidates if date is not None and c.start > date.start]
        before = [c for c in candidates if addressee_at is not None and c.start < addressee_at]
        title = after[0] if after else before[-1] if before else candidates[0]
    elif found["heading_block"]:
        # a title broken over the first lines: “国务院关于做好当前和今后一个时期 / 促进就业工作的若干意见”
        block = found["heading_block"]
        if _TITLE_END.search(folded, block[0][0], block[-1][1]) and len(block) <= 4:
            title = _joined(text, block)
    issuer = found.get("issuer")
    if issuer is not None and found.get("issuer_before_addressees") and found["addressees"]:
        issuer = None  # the only issuer-like line stands above the addressees: a field of the page
    if issuer is None:
        # “国务院关于…”, “广东省人民政府关于印发…”: the issuer opens the notice's title
        for start, end in [*found["heading_block"], *((c.start, c.end) for c in candidates)]:
            k = folded.find("关于", start, end)
            if k > start and _ISSUER.fullmatch(folded, start, k):
                issuer = Span(text[start:k], start, k)
                break
    return Metadata(title=title, issuer=issuer, date=date, iso_date=found.get("iso"),
                    addressees=tuple(found["addressees"]), doc_number=found.get("doc_number"))


_SENTENCE = regex.compile(r"[。,;:!?|•\->›»]")  # a breadcrumb, 首页 > 政务公开, is no title either
#: a line that goes on with the title above it: “方案的通知” under “…任务责任分解”
_CONTINUES = regex.compile(r"(?:方案|意见|通知|计划|规划|办法|要点|分工|分解|清单|的)")
_NUMBERED = regex.compile(r"[0-9一二三四五六七八九十]{1,4}[、.]")


def _title_part(folded: str, start: int, end: int) -> bool:
    """Whether a line may be the first part of a title broken over lines: short, no sentence
    punctuation, not a bracket, not numbered, not the issuer or the date."""
    return (5 <= end - start <= 40 and folded[start] not in "([" and not _SENTENCE.search(folded, start, end)
            and not _NUMBERED.match(folded, start, end) and not is_closing_line(folded[start:end]))


def _previous_end(folded: str, start: int) -> int:
    """The end of the non-blank line before the one starting at ``start``."""
    end = start
    while end > 0 and folded[end - 1] in " \t\r\n\u3000":
        end -= 1
    return end


def _joined_spans(text: str, first: Span, last: Span) -> Span:
    """Two parts of one title, the second printed on the line after the first."""
    return Span(first.value + last.value, first.start, last.end)


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
    if not tail and not found["addressees"] and line.endswith(":") and len(line) < 300 and (
            "," in line or "、" in line or _one_addressee(line[:-1])):
        if "," in line:
            pos = start
            for part in line[:-1].split(","):
                a, b = _strip(folded, pos, pos + len(part))
                pos += len(part) + 1
                if a < b:
                    found["addressees"].append(Span(text[a:b], a, b))
        else:  # “各市(州)人民政府、省级有关部门(单位):”, split at 、 outside brackets
            from .annotations import split_units

            found["addressees"] += [Span(text[a:b], a, b) for a, b in split_units(folded, start, end - 1)]
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
    if len(line) <= 30 and _ISSUER.fullmatch(line):
        # a signature comes after the addressees; a line like it above them is a web page's field
        if "issuer" not in found or found.get("issuer_before_addressees") and found["addressees"]:
            found["issuer"] = Span(text[start:end], start, end)
            found["issuer_before_addressees"] = not found["addressees"] and not tail
        return "issuer"
    if tail:
        return None
    if "doc_number" not in found:
        for m in _DOC_NUMBER.finditer(folded, start, end):
            if not folded[max(start, m.start() - 2) : m.start()].endswith(("》(", "》")):  # not a cited document's
                found["doc_number"] = Span(text[m.start() : m.end()], m.start(), m.end())
                if m.end() - m.start() == end - start:
                    return "doc_number"
                break
    number = _DOC_NUMBER.search(folded, start, end)
    if number is not None and number.start() > start and _AFTER_NUMBER.fullmatch(folded, number.end(), end):
        # “…的通知 常政发〔2023〕1号 |”, “2021年县政府重点工作任务(华政发〔2021〕2号)”
        title_end = number.start()
        while title_end > start and folded[title_end - 1] in " (":
            title_end -= 1
        if is_title_line(folded[start:title_end]):
            found["candidates"].append(Span(text[start:title_end], start, title_end))
            return "title"
    if is_title_line(line):
        attachment = _ATTACHMENT.match(folded, start, end)
        if attachment and attachment.end() < end:
            start = attachment.end()  # the plan's title, without the word that points to it
        found["candidates"].append(Span(text[start:end], start, end))
        return "title"
    return None
