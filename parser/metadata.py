"""Reading what a document says about itself from the lines before its first heading."""

from __future__ import annotations

import regex

from .model import Metadata, Span

__all__ = ["read_metadata"]

_DATE = regex.compile(r"(?P<y>(?:19|20)[0-9]{2})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日")
_CN_DATE = regex.compile(r"(?P<y>[〇零一二三四五六七八九]{4})年(?P<m>[〇一二三四五六七八九十]{1,3})月(?P<d>[〇一二三四五六七八九十]{1,3})日")
_ISSUER = regex.compile(
    r"(?:中共)?[^\s,，:;。《》()]{0,20}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|国务院|政府)"
)
_DOC_NUMBER = regex.compile(r"[^\s,，:;。《》()\[\]]{1,10}\[(?:19|20)[0-9]{2}\][0-9]{1,4}号")
_TITLE_END = regex.compile(r"(?:方案|意见|通知|计划|规划|办法|要点|分工|清单|决定|纲要)$")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def _cn_number(s: str) -> int:
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return int("".join(str(_CN_DIGIT[c]) for c in s))


def read_metadata(text: str, folded: str, lines: list[tuple[int, int]]) -> Metadata:
    """Title, issuer, date, addressees and 文号 from the preamble lines ``(start, end)``.

    >>> t = "各区政府,市直各部门:\\n荆门市人民政府办公室\\n2021年12月31日\\n荆门市某某工作方案\\n"
    >>> from parser.normalize import fold
    >>> spans, pos = [], 0
    >>> for line in t.splitlines():
    ...     spans.append((pos, pos + len(line)))
    ...     pos += len(line) + 1
    >>> m = read_metadata(t, fold(t), spans)
    >>> m.issuer.value, m.iso_date, [a.value for a in m.addressees], m.title.value
    ('荆门市人民政府办公室', '2021-12-31', ['各区政府', '市直各部门'], '荆门市某某工作方案')
    """
    title = issuer = date = doc_number = None
    iso = None
    addressees: list[Span] = []
    candidates: list[Span] = []
    for start, end in lines:
        while start < end and folded[start].isspace():
            start += 1
        while end > start and folded[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        line = folded[start:end]
        if not addressees and line.endswith(":") and len(line) < 300 and "," in line:
            pos = start
            for part in line[:-1].split(","):
                a, b = pos, pos + len(part)
                pos = b + 1
                while a < b and folded[a].isspace():
                    a += 1
                while b > a and folded[b - 1].isspace():
                    b -= 1
                if a < b:
                    addressees.append(Span(text[a:b], a, b))
            continue
        if date is None:
            m = _DATE.fullmatch(line) or _CN_DATE.fullmatch(line)
            if m:
                date = Span(text[start:end], start, end)
                y, mo, d = m.group("y"), m.group("m"), m.group("d")
                if not y.isdigit():
                    y, mo, d = str(_cn_number(y)), str(_cn_number(mo)), str(_cn_number(d))
                iso = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
                continue
        if issuer is None and len(line) <= 30 and _ISSUER.fullmatch(line):
            issuer = Span(text[start:end], start, end)
            continue
        if doc_number is None:
            m = _DOC_NUMBER.search(folded, start, end)
            if m and m.end() - m.start() == end - start:
                doc_number = Span(text[m.start() : m.end()], m.start(), m.end())
                continue
        if len(line) <= 80 and not line.startswith("《") and _TITLE_END.search(line):
            candidates.append(Span(text[start:end], start, end))
    if candidates:
        # the title printed after the date (web layout) or, failing that, the first candidate
        after = [c for c in candidates if date is None or c.start > date.start]
        title = (after or candidates)[0]
    return Metadata(title=title, issuer=issuer, date=date, iso_date=iso, addressees=tuple(addressees),
                    doc_number=doc_number)
