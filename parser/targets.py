"""Reading targets: “年均增长7%以上”, “力争突破3000亿元”, “控制在6%以内”, “完成省定目标”.

The patterns below are anchored on a verb or a closing punctuation and use no nested
quantifiers, so they run in linear time on any input.
"""

from __future__ import annotations

import bisect
import math

import regex

from .model import Target

__all__ = ["find_targets", "find_year", "TARGET_RULES"]

_NUM = r"(?P<num>[0-9]+(?:\.[0-9]+)?)"
_UNIT = (
    r"(?P<unit>%|‰|个百分点|万吨标煤|万吨|亿千瓦时|万千瓦|千瓦|亿元|万元|元|亿斤|万亩|亩|万人|人|"
    r"个|件|家|所|项|座|户|岁|天|年|公里|千米|米|平方米|倍)?"
)
_SUFFIX = r"(?P<suffix>以上|以内|以下|左右)?"
#: verbs before a number, with the comparator and kind they give
_VERBS = {
    "年均增长": (">=", "growth"),
    "同比提高": ("+", "change"),
    "提高": ("+", "change"),
    "力争突破": (">=", "level"),
    "突破": (">=", "level"),
    "不少于": (">=", "level"),
    "不低于": (">=", "level"),
    "超过": (">=", "level"),
    "控制在": ("<=", "level"),
    "保持在": ("=", "level"),
    "达到": ("=", "level"),
    "增长": (">=", "growth"),
}
_SUFFIX_CMP = {"以上": ">=", "以内": "<=", "以下": "<=", "左右": "~"}
_VERB_ALT = "|".join(sorted(map(regex.escape, _VERBS), key=len, reverse=True))

_VERB_TARGET = regex.compile(rf"(?P<verb>{_VERB_ALT})\s?{_NUM}\s?{_UNIT}{_SUFFIX}")
_END_TARGET = regex.compile(rf"(?<![0-9.]){_NUM}{_UNIT}{_SUFFIX}(?=[,;。)]|$)")
_TEXT_TARGET = regex.compile(
    r"(?P<t>(?:年均增长)?与[^,;。()]{1,12}?同步|控制在[^,;。()0-9]{1,12}?(?:指标|目标|范围)内|完成[^,;。()0-9]{1,12}?(?:目标|任务))"
)
_YEAR = regex.compile(r"到(?P<year>(?:19|20)[0-9]{2})年")
#: a character every target form above needs somewhere in its match: a digit (verb and end
#: targets) or the first of the fixed words of a text target (与…同步, 控制在, 完成). Most tasks
#: have none, and one search rules them out.
_MAY_HOLD_TARGET = regex.compile(r"[0-9与控完]")
_BREAK = regex.compile(r"[。;]")
_A_YEAR = regex.compile(r"(?:19|20)[0-9]{2}")  # compiled once: regex.fullmatch(pattern, …) looks it up in a cache (3 µs)

#: The target forms, tried in this order; later forms never overlap earlier matches.
TARGET_RULES = ("verb", "text", "end")


def _comparator(verb: str | None, suffix: str | None) -> tuple[str, str]:
    cmp, kind = _VERBS.get(verb or "", ("=", "level"))
    if suffix and kind != "change":
        cmp = _SUFFIX_CMP[suffix]
    return cmp, kind


def find_year(folded: str, start: int, end: int) -> tuple[int, int, int] | None:
    """The last “到YYYY年” between ``start`` and ``end``: ``(year, start, end)`` of the digits.

    >>> find_year("到2025年,全市", 0, 9)
    (2025, 1, 5)
    """
    hit = None
    for m in _YEAR.finditer(folded, start, end):
        hit = (int(m.group("year")), m.start("year"), m.end("year"))
    return hit


def find_targets(
    text: str, folded: str, start: int, end: int, *, owner: str = "", year: int | None = None
) -> list[Target]:
    """The targets written between ``start`` and ``end``, in text order.

    ``year`` is the target year that applies where the text names none itself.

    >>> t = "年均增长7%以上"
    >>> [(x.comparator, x.value, x.unit, x.kind) for x in find_targets(t, t, 0, len(t))]
    [('>=', 7.0, '%', 'growth')]
    >>> t = "每千人口拥有3岁以下婴幼儿托位数达到2.93个"
    >>> [(x.text, x.comparator) for x in find_targets(t, t, 0, len(t))]
    [('达到2.93个', '=')]
    """
    if _MAY_HOLD_TARGET.search(folded, start, end) is None:
        return []
    # (start, end, comparator, kind, value, unit) of each target, read before any year is looked for
    hits: list[tuple[int, int, str, str, float | None, str | None]] = []
    # the spans taken by the forms read so far: disjoint, in text order (bisect finds an overlap)
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    new: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        i = bisect.bisect_left(taken_starts, b) - 1  # the last span starting before b
        return i < 0 or taken_ends[i] <= a

    def take() -> None:
        spans = sorted([*zip(taken_starts, taken_ends), *new])
        taken_starts[:] = [a for a, _ in spans]
        taken_ends[:] = [b for _, b in spans]
        new.clear()

    for m in _VERB_TARGET.finditer(folded, start, end):
        if not math.isfinite(value := float(m.group("num"))):
            continue  # 400 digits are no target, and JSON has no infinity
        if m.group("unit") or not _A_YEAR.fullmatch(m.group("num")):
            cmp, kind = _comparator(m.group("verb"), m.group("suffix"))
            hits.append((m.start(), m.end(), cmp, kind, value, m.group("unit")))
            new.append((m.start(), m.end()))
    if new:
        take()
    for m in _TEXT_TARGET.finditer(folded, start, end):
        if free(m.start(), m.end()):
            t = m.group("t")
            cmp = "<=" if t.startswith("控制在") else ">=" if t.startswith("完成") else "="
            kind = "growth" if t.startswith("年均增长") else "text"
            hits.append((m.start(), m.end(), cmp, kind, None, None))
            new.append((m.start(), m.end()))
    if new:
        take()
    for m in _END_TARGET.finditer(folded, start, end):
        if m.group("unit") is None or m.group("unit") == "年" or not free(m.start(), m.end()):
            continue
        if not math.isfinite(value := float(m.group("num"))):
            continue
        cmp, kind = _comparator(None, m.group("suffix"))
        hits.append((m.start(), m.end(), cmp, kind, value, m.group("unit")))
    if not hits:
        return []

    # sentence breaks and 到YYYY年, found once (looking back from each target was quadratic)
    breaks = [m.start() for m in _BREAK.finditer(folded, start, end)]
    years = [(m.start(), m.end(), int(m.group("year"))) for m in _YEAR.finditer(folded, start, end)]
    year_ends = [e for _, e, _ in years]

    def year_for(pos: int) -> int | None:
        # 到2025年 earlier in the same sentence (up to the previous 。 or ;)
        i = bisect.bisect_left(breaks, pos) - 1
        sentence_start = breaks[i] + 1 if i >= 0 else start
        j = bisect.bisect_right(year_ends, pos) - 1
        if j >= 0 and years[j][0] >= sentence_start:  # the last 到YYYY年 before pos, in the sentence
            return years[j][2]
        return year

    found = [Target(text[a:b], a, b, cmp, kind, value, unit, year_for(a), owner)
             for a, b, cmp, kind, value, unit in hits]
    found.sort(key=lambda t: t.start)
    return found
