"""Normalisation for matching, by equal-length substitution only.

:func:`fold` returns a string of exactly the same length as its input, so every offset into
the folded text is an offset into the original. After it:

- full-width brackets （ ） ［ ］ and the hexagonal and lenticular brackets 〔 〕 【 】 are
  ``(`` ``)`` ``[`` ``]`` (so half- and full-width forms of one numbering or annotation read
  the same, and a mixed pair ``(…）`` still pairs);
- full-width ： ； ， ． ﹒ ！ ？ are ``:`` ``;`` ``,`` ``.`` ``.`` ``!`` ``?``;
- full-width digits and Latin letters are ASCII; the ideographic space U+3000 is a space;
- traditional characters are their simplified forms, where the two are one character each
  (from OpenCC's character table: 發→发, 牽→牵, 單→单 …), so traditional documents read with
  the same rules;
- every other character is unchanged (in particular 、 。 “ ” and simplified ideographs).

The original text is never changed: unit strings and offsets are always taken from it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

__all__ = ["fold", "traditional_table"]

_PAIRS = {
    "（": "(", "）": ")", "［": "[", "］": "]", "〔": "[", "〕": "]", "【": "[", "】": "]",
    "：": ":", "；": ";", "，": ",", "．": ".", "﹒": ".", "！": "!", "？": "?", "\u3000": " ",
    "﹙": "(", "﹚": ")",
}
_PAIRS.update({chr(0xFF10 + i): chr(0x30 + i) for i in range(10)})
_PAIRS.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_PAIRS.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FOLD_CHARS = "".join(_PAIRS)
# The standard library's re, not regex, for the two character classes below: re compiles a class
# of characters below U+10000 to a bitmap and scans a 10,000-character text for it in some 30 µs,
# where regex takes milliseconds for the class of 4,000 traditional characters.
_FULL_WIDTH = re.compile("[" + "".join(map(re.escape, _FOLD_CHARS)) + "]")


def fold(text: str) -> str:
    """Fold full-width punctuation, digits and letters to ASCII, keeping the length.

    >>> fold("（一）牵头单位：市发改委；１．")
    '(一)牵头单位:市发改委;1.'
    >>> len(fold("〔２０２１〕")) == len("〔２０２１〕")
    True
    >>> fold("牽頭單位：發改委"), fold("單位\U00020000")
    ('牵头单位:发改委', '单位\U00020000')
    """
    # each step first scans for what it would change, and most texts have nothing for one of them
    if _FULL_WIDTH.search(text):
        # str.replace per character present is several times faster than str.translate here,
        # where most of the text (CJK) is left as it is
        for char in _FOLD_CHARS:
            if char in text:
                text = text.replace(char, _PAIRS[char])
    if _traditional_re().search(text):
        text = text.translate(traditional_table()[0])
    return text


@lru_cache(maxsize=1)
def traditional_table() -> tuple[dict[int, str], frozenset[str]]:
    """OpenCC's one-to-one traditional → simplified characters, and the set of them.

    >>> table, traditional = traditional_table()
    >>> "牽頭單位".translate(table), traditional.isdisjoint("牵头单位")
    ('牵头单位', True)
    """
    # found without importing opencc, whose import takes longer than reading the file
    spec = find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("opencc (opencc-python-reimplemented) is not installed", name="opencc")
    folder = Path(next(iter(spec.submodule_search_locations)))
    data = (folder / "dictionary" / "TSCharacters.txt").read_text("utf-8")
    table: dict[int, str] = {}
    for line in data.splitlines():
        trad, _, simp = line.partition("\t")
        simp = simp.split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[ord(trad)] = simp
    return table, frozenset(chr(c) for c in table)


@lru_cache(maxsize=1)
def _traditional_re() -> re.Pattern:
    """A class matching each traditional character of :func:`traditional_table` below U+10000,
    and every character above it: the few traditional ones there, listed one by one, would make
    re test each character of the text against a list. A text with such a character is just
    translated; the translation leaves any other character as it is."""
    _, traditional = traditional_table()
    bmp = "".join(map(re.escape, sorted(ch for ch in traditional if ord(ch) <= 0xFFFF)))
    return re.compile(f"[{bmp}\U00010000-\U0010ffff]")
