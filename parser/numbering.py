"""Numbering rules: one small function per numbering form, in one ordered table.

Each rule takes the folded text (see :mod:`fengong.parser.normalize`), the offset where a line's
content starts and the offset where the line ends, and returns ``(ordinal, label_end)`` when
the line opens with its numbering, or ``None``. A rule never reads past the line's end (the
``regex`` module's ``match`` without an end position can scan the rest of the text, which
made reading a long document quadratic). The folded text has half-width brackets and ASCII
digits, so one rule reads the half- and full-width forms alike.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

__all__ = ["NUMBERING_RULES", "cn_to_int", "match_numbering"]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "零〇一二两三四五六七八九十百"


def cn_to_int(numeral: str) -> int | None:
    """The value of a Chinese numeral up to 九百九十九, or ``None``.

    >>> [cn_to_int(s) for s in ("一", "十", "十七", "二十", "三十五", "一百零二")]
    [1, 10, 17, 20, 35, 102]
    """
    total, digit = 0, None
    for ch in numeral:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch == "十":
            total += (1 if digit is None else digit) * 10
            digit = None
        elif ch == "百":
            total += (1 if digit is None else digit) * 100
            digit = None
        else:
            return None
    total += digit or 0
    return total or None


Rule = Callable[[str, int, int], "tuple[int, int] | None"]

_CN_DUN = regex.compile(rf"[{_CN}]{{1,4}}、")
_CN_PAREN = regex.compile(rf"\(([{_CN}]{{1,4}})\)")
_ARABIC_DOT = regex.compile(r"([0-9]{1,3})[.、](?![0-9]*+[.%‰倍])")
_ARABIC_PAREN = regex.compile(r"\(([0-9]{1,3})\)")
_CIRCLED = regex.compile(r"[\u2460-\u2473\u3251-\u325f]")


def cn_dun(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """Level-1 numbering, a Chinese numeral and 、: “二、主要指标”."""
    m = _CN_DUN.match(text, pos, end)
    if m:
        value = cn_to_int(m.group()[:-1])
        if value:
            return value, m.end()
    return None


def cn_paren(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """A Chinese numeral in brackets: “（一）夯实创新第一动力。” or “(一)…”."""
    m = _CN_PAREN.match(text, pos, end)
    if m:
        value = cn_to_int(m.group(1))
        if value:
            return value, m.end()
    return None


def arabic_paren(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """An arabic number in brackets: “（1）建立健全应急预案体系。” or “(1)…”."""
    m = _ARABIC_PAREN.match(text, pos, end)
    return (int(m.group(1)), m.end()) if m and int(m.group(1)) else None


def arabic_dot(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """An arabic number and a point or 、: “1.地区生产总值(GDP)…”, “1、…”, “1．…”, “1﹒…”.

    Not a heading: a figure that merely starts a line (“3.5%…”, “1.5倍…”, “2025年…”). A
    number right after the point (“11.121人才梯队项目”) is checked against the numbering by
    the heading rule.
    """
    m = _ARABIC_DOT.match(text, pos, end)
    return (int(m.group(1)), m.end()) if m and int(m.group(1)) else None


def circled(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """A circled number: “①加强组织领导。”."""
    m = _CIRCLED.match(text, pos, end)
    if not m:
        return None
    code = ord(m.group())
    return (code - 0x2460 + 1 if code <= 0x2473 else code - 0x3251 + 21), m.end()


#: The numbering forms, tried in this order on each line, each with the characters (of the folded
#: text) its numbering can start with: a line is tried only against the rules its first allows.
NUMBERING_RULES: tuple[tuple[str, Rule, str], ...] = (
    ("cn_dun", cn_dun, _CN),
    ("cn_paren", cn_paren, "("),
    ("arabic_dot", arabic_dot, "0123456789"),
    ("arabic_paren", arabic_paren, "("),
    ("circled", circled, "".join(map(chr, [*range(0x2460, 0x2474), *range(0x3251, 0x3260)]))),
)
#: first character → the rules, in table order, whose numbering can start with it
_BY_FIRST: dict[str, tuple[tuple[str, Rule], ...]] = {}
for _name, _rule, _firsts in NUMBERING_RULES:
    for _ch in _firsts:
        _BY_FIRST[_ch] = (*_BY_FIRST.get(_ch, ()), (_name, _rule))


def match_numbering(text: str, pos: int, end: int | None = None) -> tuple[str, int, int] | None:
    """The first numbering rule that matches at ``pos`` on a line ending at ``end`` (default:
    the end of ``text``): ``(style, ordinal, label_end)``.

    >>> match_numbering("(三)推进", 0)
    ('cn_paren', 3, 3)
    >>> match_numbering("3.5%以上", 0) is None
    True
    """
    end = len(text) if end is None else end
    if pos >= end:
        return None
    for name, rule in _BY_FIRST.get(text[pos], ()):
        hit = rule(text, pos, end)
        if hit is not None:
            return name, hit[0], hit[1]
    return None
