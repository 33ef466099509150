"""The grammar of a unit name: ``[jurisdiction] stem suffix``, or a collective.

The words are data (``parser/data/units.toml``) and the places come from a gazetteer of China's
administrative divisions (``parser/data/places.tsv``, generated from the civil-affairs adcode data
by ``parser/data/make_places.py``). Both are read once, on first use, so that a parse that never
asks pays nothing and ``fengong parse`` imports nothing more.

The grammar answers three questions about a string of the folded text:

- :meth:`UnitGrammar.is_unit`: does it read as a unit name (``市发改委``, ``县发改局(粮食局)``,
  ``各有关部门和单位``, ``嘉鱼经济开发区``)?
- :meth:`UnitGrammar.is_listed_unit`: is it one a list with no label may hold, where nothing else
  says a unit is meant: a collective, a name that opens with a jurisdiction (a level, 各, a place
  of the gazetteer), or one whose stem names a field of government (``财政局``)?
- :meth:`UnitGrammar.defect`: what makes a mention the rules produced look like no unit at all
  (a label, a role verb, a clause or a sentence end inside it), or ``None``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

from .errors import InputError

__all__ = ["UnitGrammar", "unit_grammar", "KEYS", "core_name"]

#: the keys of ``units.toml`` and the type of each
KEYS = {"suffixes": list, "jurisdictions": list, "stems": list, "collectives": list, "non_stem": str}

#: pinyin a web mirror inserted after a character (發(fā)), and a second name in brackets
#: (区商务局(区招商局)): neither is part of the name the grammar reads
_INNER_BRACKETS = regex.compile(r"\([^()]*\)|\[[^\[\]]*\]")
#: a role verb at the end of a mention: “市发改委牵头” is a clause, not a unit
_VERB_END = regex.compile(r"(?:牵头|负责|配合|参与|协同|协助|落实|指导)$")
_LABEL = regex.compile(r"(?:单位|部门|领导):")
_LONGEST = 40
#: suffixes that are levels of administration: a name ending in one must be a place
_LEVELS = frozenset("省市县区州旗")


def core_name(folded: str) -> str:
    """A unit name without its brackets: pinyin a mirror inserted, a second name, a scope.

    >>> core_name("县发改局(粮食局)"), core_name("市经(jīng)贸(mào)委")
    ('县发改局', '市经贸委')
    """
    if "(" not in folded and "[" not in folded:
        return folded
    previous = None
    while previous != folded:  # nested brackets, innermost first
        previous, folded = folded, _INNER_BRACKETS.sub("", folded)
    return folded


@dataclass(frozen=True)
class UnitGrammar:
    """The unit grammar's data, with its patterns compiled."""

    suffixes: tuple[str, ...]  #: longest first
    jurisdictions: tuple[str, ...]  #: longest first
    stems: frozenset[str]
    collective_re: regex.Pattern
    non_stem: frozenset[str]

    @property
    def places(self) -> frozenset[str]:
        """The names of the gazetteer, read on first use (most units open with a level, 市/区/县,
        and need no place looked up)."""
        return _places()[0]

    def suffix(self, name: str) -> str | None:
        """The organ suffix ``name`` ends with, the longest, or ``None``."""
        for s in self.suffixes:
            if name.endswith(s) and len(name) > len(s) - (1 if len(s) > 1 else 0):
                return s
        return None

    def jurisdiction(self, name: str) -> int:
        """How many characters of ``name`` are a jurisdiction it opens with: a place of the
        gazetteer (荆门市, 湘西, 黄埔区), a level (市, 区, 各, 中共)… 0 for none. A level is looked
        for first: it needs no place read."""
        for j in self.jurisdictions:
            if name.startswith(j) and len(name) > len(j):
                return len(j)
        places, lengths = _places()
        for n in lengths:
            if n < len(name) and name[:n] in places:
                return n
        return 0

    def is_collective(self, name: str) -> bool:
        return self.collective_re.search(core_name(name)) is not None

    def is_unit(self, name: str) -> bool:
        """Whether ``name`` (folded) reads as a unit name.

        >>> g = unit_grammar()
        >>> [g.is_unit(u) for u in ("市发改委", "各有关部门和单位", "县发改局(粮食局)", "做好工作", "市发")]
        [True, True, True, False, False]
        """
        core = core_name(name)
        if not 2 <= len(core) <= _LONGEST or self.defect(name) is not None:
            return False
        if self.collective_re.search(core) is not None:
            return True
        suffix = self.suffix(core)
        if suffix is None:
            return False
        if suffix in _LEVELS:
            # a name ending in a level (越秀区, 各县市区) is a place of the gazetteer or a collective,
            # not a kind of place (县级市) nor a level alone
            return core in self.places
        return True

    def is_listed_unit(self, name: str) -> bool:
        """Whether ``name`` may stand in a list that no label or verb introduces: a unit that
        opens with a jurisdiction, a collective, or a name whose stem is an organ stem.

        >>> g = unit_grammar()
        >>> [g.is_listed_unit(u) for u in ("市教育局", "财政局", "各相关单位", "含技工院校", "海外人才工作站")]
        [True, True, True, False, False]
        """
        if not self.is_unit(name):
            return False
        core = core_name(name)
        if self.collective_re.search(core) is not None or self.jurisdiction(core):
            return True
        suffix = self.suffix(core) or ""
        return core[: len(core) - len(suffix)] in self.stems

    def defect(self, name: str) -> str | None:
        """What makes ``name`` no unit, as a few words, or ``None``.

        >>> g = unit_grammar()
        >>> g.defect("市发改委"), g.defect("协助单位:市财政局"), g.defect("市发改委牵头"), g.defect("推进改造。市住建局")
        (None, 'holds a label', 'ends with a role verb', 'holds a sentence end')
        """
        core = core_name(name)
        if _LABEL.search(name):
            return "holds a label"
        if "。" in core or ";" in core:
            return "holds a sentence end"
        if _VERB_END.search(core):
            return "ends with a role verb"
        if len(core) > _LONGEST or "," in core or any(ch in self.non_stem for ch in core):
            return "reads as a clause"
        return None


def _read_toml(name: str) -> dict:
    text = resources.files(__package__).joinpath(f"data/{name}").read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - the file ships with the package
        raise InputError(f"cannot read {name}: {exc}", path=name) from None
    for key, value in data.items():
        if key not in KEYS or not isinstance(value, KEYS[key]):
            raise InputError(f"unknown or malformed key {key!r} (known: {', '.join(KEYS)})", path=name)
    missing = set(KEYS) - set(data)
    if missing:
        raise InputError(f"missing keys: {', '.join(sorted(missing))}", path=name)
    return data


def _read_places() -> frozenset[str]:
    """The names of ``places.tsv`` (its first column)."""
    text = resources.files(__package__).joinpath("data/places.tsv").read_text("utf-8")
    return frozenset(line.partition("\t")[0] for line in text.split("\n") if line and line[0] != "#")


@lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], tuple[int, ...]]:
    """The gazetteer's names and their lengths, longest first: about 2 ms, paid by the first parse
    in a process that asks about a place."""
    places = _read_places()
    return places, tuple(sorted({len(p) for p in places}, reverse=True))


@lru_cache(maxsize=1)
def unit_grammar() -> UnitGrammar:
    """The unit grammar of ``parser/data/units.toml`` and the gazetteer, read once."""
    data = _read_toml("units.toml")
    try:
        collective_re = regex.compile("|".join(f"(?:{p})" for p in data["collectives"]))
    except regex.error as exc:  # pragma: no cover - the file ships with the package
        raise InputError(f"bad pattern in collectives: {exc}", path="units.toml") from None
    return UnitGrammar(
        suffixes=tuple(sorted(data["suffixes"], key=lambda s: (-len(s), s))),
        jurisdictions=tuple(sorted(data["jurisdictions"], key=lambda s: (-len(s), s))),
        stems=frozenset(data["stems"]),
        collective_re=collective_re,
        non_stem=frozenset(data["non_stem"]),
    )
