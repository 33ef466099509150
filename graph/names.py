"""The names of a unit: the ways one department is written, as data.

Chinese administration writes one body many ways: 发改委, 发展改革委 and 发展和改革委员会 are
one commission; 荆门市发改委 and 市发改委 one body of 荆门市; 中共荆门市委组织部 is 市委组织部.
``graph/data/abbreviations.toml`` lists the interchangeable pieces of names (``[[forms]]``)
and the prefixes a name may carry or drop (``[prefixes]``); this module reads it and gives

- :func:`equivalent_names`: the forms of a name — each piece in each of its written forms,
  with and without the jurisdiction in front — for a search box or an index;
- :func:`name_key`: one key per department, the same for every form, for comparing names.

Both fold the name first (:func:`fengong.parser.normalize.fold`: traditional characters as
simplified, full-width punctuation as ASCII) and drop its spaces, so ``荆门市 發改委`` is
``荆门市发改委``. For every form ``f`` of ``equivalent_names(name, j)``,
``name_key(f, j) == name_key(name, j)``.
"""

from __future__ import annotations

import functools
import itertools
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import regex

from fengong.parser.errors import InputError
from fengong.parser.normalize import fold

__all__ = [
    "CENTRAL",
    "Abbreviations",
    "load_abbreviations",
    "place_stem",
    "place_level",
    "equivalent_names",
    "name_key",
]

#: The jurisdiction of the central government's documents (see ``graph/data/units.toml``).
CENTRAL = "中央"

#: The most forms :func:`equivalent_names` gives for one name (a name of several pieces each
#: written several ways would otherwise give their product).
MAX_FORMS = 256

#: The level words a jurisdiction's name ends in, longest first, and the word its units are
#: written with in front (湘西自治州 → 州司法局, 荆门市 → 市发改委).
_LEVELS = (("特别行政区", ""), ("自治区", "自治区"), ("自治州", "州"), ("自治县", "县"), ("地区", "地区"),
           ("省", "省"), ("市", "市"), ("州", "州"), ("盟", "盟"), ("县", "县"), ("旗", "旗"), ("区", "区"))

_TOP_KEYS = {"prefixes": dict, "forms": list}
_PREFIX_KEYS = {"party": list, "central": list}
_FORM_KEYS = {"forms": list, "note": str}
_SPACE = regex.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Abbreviations:
    """The abbreviation data, read and checked by :func:`load_abbreviations`."""

    groups: tuple[tuple[str, ...], ...]  #: each ``[[forms]]`` entry, its key form first
    party: tuple[str, ...]  #: prefixes dropped from the front of any name (中共)
    central: tuple[str, ...]  #: prefixes dropped from the front of a central body's name, longest first
    group_of: Mapping[str, int] = field(hash=False)  #: form → index of its group
    pattern: regex.Pattern = field(hash=False)  #: every form, longest first


def _check(table: object, keys: dict, where: str) -> None:
    if not isinstance(table, dict):
        raise InputError("must be a table", path=where)
    for key, value in table.items():
        if key not in keys:
            raise InputError(f"unknown key {key!r} (known: {', '.join(sorted(keys))})", path=where)
        if not isinstance(value, keys[key]):
            raise InputError(f"key {key!r} must be a {keys[key].__name__}", path=where)


def _names(values: list, what: str, where: str) -> tuple[str, ...]:
    if not all(isinstance(v, str) and v and v == fold(v) and not _SPACE.search(v) for v in values):
        raise InputError(f"{what} must be non-empty strings in simplified characters, without spaces", path=where)
    return tuple(values)


def load_abbreviations(path: str | Path | None = None) -> Abbreviations:
    """Read and check the abbreviation data: ``graph/data/abbreviations.toml``, or the file at
    ``path``.

    Every key is checked against a fixed set; every form must be a folded, non-empty string
    without spaces, each ``[[forms]]`` entry must have two forms or more, and no form may be in
    two entries. A bad file raises :class:`fengong.parser.errors.InputError` naming the file.

    Examples
    --------
    >>> data = load_abbreviations()
    >>> data.groups[data.group_of["发改委"]][:3]
    ('发展改革委', '发改委', '发展和改革委员会')
    """
    where = str(path) if path is not None else "graph/data/abbreviations.toml"
    try:
        if path is None:
            text = resources.files(__package__).joinpath("data/abbreviations.toml").read_text("utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read abbreviation data: {exc}", path=where) from None
    _check(data, _TOP_KEYS, where)
    prefixes = data.get("prefixes", {})
    _check(prefixes, _PREFIX_KEYS, f"{where} [prefixes]")
    groups: list[tuple[str, ...]] = []
    group_of: dict[str, int] = {}
    for n, entry in enumerate(data.get("forms", []), 1):
        at = f"{where} [[forms]] #{n}"
        _check(entry, _FORM_KEYS, at)
        forms = _names(entry.get("forms", []), "forms", at)
        if len(set(forms)) < 2 or len(set(forms)) != len(forms):
            raise InputError("forms must list two different forms or more, each once", path=at)
        for form in forms:
            if form in group_of:
                raise InputError(f"{form!r} is also in [[forms]] #{group_of[form] + 1}", path=at)
            group_of[form] = len(groups)
        groups.append(forms)
    every = sorted(group_of, key=lambda s: (-len(s), s))
    return Abbreviations(
        groups=tuple(groups),
        party=_names(prefixes.get("party", []), "prefixes.party", where),
        central=tuple(sorted(_names(prefixes.get("central", []), "prefixes.central", where), key=lambda s: (-len(s), s))),
        group_of=group_of,
        pattern=regex.compile("|".join(map(regex.escape, every))) if every else regex.compile(r"(?!)"),
    )


@functools.cache
def _default() -> Abbreviations:
    return load_abbreviations()


def _data(data: Abbreviations | None) -> Abbreviations:
    return _default() if data is None else data


def place_level(jurisdiction: str) -> tuple[str, str]:
    """A jurisdiction's place name without its level word, and the word its units are
    written with in front (at least two characters of the place are kept).

    >>> place_level("荆门市"), place_level("湘西自治州"), place_level("中央")
    (('荆门', '市'), ('湘西', '州'), ('中央', ''))
    """
    for level, written in _LEVELS:
        if jurisdiction.endswith(level) and len(jurisdiction) - len(level) >= 2:
            return jurisdiction[: -len(level)], written
    return jurisdiction, ""


def place_stem(jurisdiction: str) -> str:
    """The place name without its level: 荆门市 → 荆门 (at least two characters kept).

    >>> place_stem("荆门市"), place_stem("湘西自治州"), place_stem("北京")
    ('荆门', '湘西', '北京')
    """
    return place_level(jurisdiction)[0]


def _place_prefixes(jurisdiction: str) -> tuple[str, ...]:
    """The ways a name of ``jurisdiction`` may start with its place, longest first:
    湘西自治州, 湘西州, 湘西 (荆门市, 荆门)."""
    if not jurisdiction or jurisdiction == CENTRAL:
        return ()
    stem, level = place_level(jurisdiction)
    found = {jurisdiction, stem + level, stem} if level else {jurisdiction}
    return tuple(sorted(found, key=lambda s: (-len(s), s)))


def _split(name: str, jurisdiction: str, data: Abbreviations) -> tuple[bool, str | None, str]:
    """``name`` folded and without spaces, as (whether it starts with a party prefix, the place
    prefix it starts with or ``None``, the rest)."""
    name = _SPACE.sub("", fold(name))
    party = False
    for prefix in data.party:
        if name.startswith(prefix) and len(name) > len(prefix):
            party, name = True, name[len(prefix):]
            break
    for prefix in _place_prefixes(jurisdiction):
        if name.startswith(prefix) and len(name) > len(prefix):
            return party, prefix, name[len(prefix):]
    return party, None, name


def _level(jurisdiction: str) -> str:
    return place_level(jurisdiction)[1] if jurisdiction and jurisdiction != CENTRAL else ""


def _pieces(name: str, data: Abbreviations) -> Iterator[tuple[str, ...]]:
    """``name`` cut into pieces, each as the tuple of its forms (a piece that is in no
    ``[[forms]]`` entry: itself alone), the longest form first, from left to right."""
    at = 0
    for match in data.pattern.finditer(name):
        if match.start() > at:
            yield (name[at:match.start()],)
        group = data.groups[data.group_of[match.group()]]
        yield (match.group(), *(f for f in group if f != match.group()))
        at = match.end()
    if at < len(name):
        yield (name[at:],)


def _keyed(name: str, data: Abbreviations) -> str:
    """``name`` with each piece in its key form."""
    return data.pattern.sub(lambda m: data.groups[data.group_of[m.group()]][0], name)


def name_key(name: str, jurisdiction: str = "", data: Abbreviations | None = None) -> str:
    """One key for every way of writing a department's name in ``jurisdiction``.

    The name is folded and its spaces dropped; a party prefix (中共) is dropped; the
    jurisdiction's place at the front (荆门市, 湘西州, 荆门) becomes the level word its units
    are written with (市, 州), and the full place elsewhere in the name too (人行荆门市中心支行);
    each piece listed in the abbreviation data becomes its key form; in a central document
    (jurisdiction ``中央``) a prefix such as 国家 or 国务院 is dropped.

    Examples
    --------
    >>> {name_key(n, "荆门市") for n in ("市发改委", "荆门市发展和改革委员会", "荆门 發改委")}
    {'市发展改革委'}
    >>> name_key("中共荆门市委机构编制委员会办公室", "荆门市"), name_key("州委編辦", "湘西自治州")
    ('市委编办', '州委编办')
    >>> name_key("国家发展和改革委员会", "中央"), name_key("人社部"), name_key("市场监督管理总局")
    ('发展改革委', '人力资源社会保障部', '市场监管总局')
    """
    data = _data(data)
    _, place, rest = _split(name, jurisdiction, data)
    level = _level(jurisdiction)
    if place is not None:
        rest = level + rest
    if level and jurisdiction in rest:
        rest = rest.replace(jurisdiction, level)
    rest = _keyed(rest, data)
    if jurisdiction == CENTRAL:
        for prefix in data.central:
            if rest.startswith(prefix) and len(rest) > len(prefix):
                rest = rest[len(prefix):]
                break
    return rest


def equivalent_names(name: str, jurisdiction: str = "", data: Abbreviations | None = None) -> tuple[str, ...]:
    """The forms of a unit's name in ``jurisdiction``: every piece of it in each of its
    written forms, with and without the place in front; sorted, at most :data:`MAX_FORMS`.

    ``name`` is folded and its spaces dropped first. A name that starts with the
    jurisdiction's place, or with the level word its units are written with (市发改委 in
    荆门市), is given with each of: the level word (市发改委), the place in full (荆门市发改委)
    and the place without its level (荆门发改委); a party organ (市委…) with 中共 and the place
    (中共荆门市委组织部) instead of the last. A place written inside a name (人行荆门市中心支行)
    is given as written and as the level word (人行市中心支行). A central body's name is given
    with each central prefix (国家, 国务院 …) and without. These are the forms a reader may type,
    not all of them in official use; every form has the :func:`name_key` of ``name``.

    Examples
    --------
    >>> equivalent_names("市发改委", "荆门市")[:6]
    ('市发展和改革委', '市发展和改革委员会', '市发展改革委', '市发展改革委员会', '市发改委', '荆门发展和改革委')
    >>> [n for n in equivalent_names("州委編辦", "湘西自治州") if n.startswith("中共")]
    ['中共湘西自治州委机构编制委员会办公室', '中共湘西自治州委编办', '中共湘西自治州委编委办']
    >>> equivalent_names("人社部")
    ('人力社保部', '人力资源和社会保障部', '人力资源社会保障部', '人社部')
    """
    data = _data(data)
    _, place, rest = _split(name, jurisdiction, data)
    level = _level(jurisdiction)
    if place is None and level and rest.startswith(level) and len(rest) > len(level):
        place, rest = level, rest[len(level):]
    stem, _ = place_level(jurisdiction)
    if jurisdiction == CENTRAL:
        fronts: tuple[str, ...] = ("", *data.central)
    elif place is None:
        fronts = ("",)
    else:
        party = rest.startswith("委")
        fronts = (level, jurisdiction, *(p + jurisdiction for p in data.party[:1] if party), *(() if party else (stem,)))
    found: set[str] = set()
    # a name with the place inside it (人行荆门市中心支行) also has it as the level word (人行市中心支行)
    for body in {rest, rest.replace(jurisdiction, level) if level else rest}:
        bodies = ("".join(p) for p in itertools.islice(itertools.product(*_pieces(body, data)), MAX_FORMS))
        # 荆门 + 市场监管局 would read as 荆门市 + 场监管局: the place without its level only
        # stands before a name that does not start with the level word
        found.update(front + b for b in bodies for front in fronts
                     if not (place is not None and front == stem and b.startswith(level)))
    return tuple(sorted(found))[:MAX_FORMS]
