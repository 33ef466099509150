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

from functools import lru_cache
from importlib import resources

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


def fold(text: str) -> str:
    """Fold full-width punctuation, digits and letters to ASCII, keeping the length.

    >>> fold("（一）牵头单位：市发改委；１．")
    '(一)牵头单位:市发改委;1.'
    >>> len(fold("〔２０２１〕")) == len("〔２０２１〕")
    True
    """
    # str.replace per character present is several times faster than str.translate here,
    # where most of the text (CJK) is left as it is
    for char in _FOLD_CHARS:
        if char in text:
            text = text.replace(char, _PAIRS[char])
    table, traditional = traditional_table()
    if not traditional.isdisjoint(text):
        text = text.translate(table)
    return text


@lru_cache(maxsize=1)
def traditional_table() -> tuple[dict[int, str], frozenset[str]]:
    """OpenCC's one-to-one traditional → simplified characters, and the set of them.

    >>> table, traditional = traditional_table()
    >>> "牽頭單位".translate(table), traditional.isdisjoint("牵头单位")
    ('牵头单位', True)
    """
    data = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    table: dict[int, str] = {}
    for line in data.splitlines():
        trad, _, simp = line.partition("\t")
        simp = simp.split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[ord(trad)] = simp
    return table, frozenset(chr(c) for c in table)
