"""Dialects: what a document style changes, kept as data and validated against fixed keys.

The default dialect is ``parser/dialects/default.toml``; each key is documented there. A user
file with any of the same keys is merged over it (tables key by key, lists replaced).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from .errors import InputError

__all__ = ["Dialect", "load_dialect", "KEYS", "ROLE_NAMES", "TABLE_COLUMNS"]

ROLE_NAMES = ("lead", "responsible", "support", "guide")
#: what a table's column may hold, named by its header words (``table_headers``): a role's
#: units, a deadline, persons (never units), the row's number, the task, an indicator's name,
#: its unit of measure and its type
TABLE_COLUMNS = (*ROLE_NAMES, "deadline", "persons", "index", "task", "indicator", "measure", "indicator_type")

#: The keys a dialect file may hold, with the type of each.
KEYS: dict[str, type[Any]] = {
    "name": str,
    "indicator_types": list,
    "note_markers": list,
    "scoping_notes": list,
    "first_listed_lead": list,
    "first_listed_positions": list,
    "first_listed_leads": list,
    "label_endings": list,
    "person_label_endings": list,
    "default_role": str,
    "prose": bool,
    "compounds": list,
    "role_labels": dict,
    "role_verbs": dict,
    "line_labels": dict,
    "field_labels": dict,
    "table_headers": dict,
    "no_unit_words": list,
}
#: The keys allowed inside each table.
TABLE_KEYS = {
    "role_labels": ROLE_NAMES,
    "role_verbs": ROLE_NAMES,
    "line_labels": ("statement", "person"),
    "field_labels": ("scope", "deadline", "document"),
    "table_headers": TABLE_COLUMNS,
}
PATTERN_KEYS = ("scoping_notes", "first_listed_lead")


def _words(words) -> list[str]:
    """Longest first, so that 牵头责任单位 is tried before 责任单位."""
    return sorted(words, key=lambda w: (-len(w), w))


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in _words(words))


@dataclass(frozen=True, slots=True)
class Dialect:
    """The data a parse runs on, with its patterns compiled once."""

    name: str
    data: dict = field(repr=False, compare=False)  #: the merged TOML data
    role_of_label: dict[str, str] = field(repr=False, compare=False)  #: 牵头单位 → lead, 适用范围 → field:scope
    role_of_verb: dict[str, str] = field(repr=False, compare=False)
    label_re: regex.Pattern = field(repr=False, compare=False)  #: a role or field label and its colon
    verb_re: regex.Pattern = field(repr=False, compare=False)  #: a role verb ending a piece
    verb_in_re: regex.Pattern = field(repr=False, compare=False)  #: a role verb anywhere
    statement_re: regex.Pattern = field(repr=False, compare=False)
    person_re: regex.Pattern = field(repr=False, compare=False)
    note_re: regex.Pattern | None = field(repr=False, compare=False)
    compound_re: regex.Pattern | None = field(repr=False, compare=False)
    scoping_res: tuple[regex.Pattern, ...] = field(repr=False, compare=False)
    first_listed_res: tuple[regex.Pattern, ...] = field(repr=False, compare=False)
    #: the first-listed-lead family: a position word and a lead word, in either order, in one clause
    convention_re: regex.Pattern = field(repr=False, compare=False)
    #: a role label, known or not: a known one, or any short word ending in a label ending
    #: (单位, 部门, 领导) that names no collective (各有关单位: is an addressee line, not a label)
    any_label_re: regex.Pattern = field(repr=False, compare=False)
    #: anything in a unit list that needs more than cutting it at 、 and , (see
    #: :func:`fengong.parser.annotations.plain_units`): a bracket, 。, a word that may join, end or date a
    #: list (等 及 月 年 持续 长期), a note marker, a collective name written with 、, a role verb
    list_special_re: regex.Pattern = field(repr=False, compare=False)
    #: the characters a role label, a statement label or a person label starts with: a line
    #: starting otherwise is no annotation line
    line_label_firsts: frozenset[str] = field(repr=False, compare=False)
    #: a table header word → what its column holds (one of :data:`TABLE_COLUMNS`)
    column_of_header: dict[str, str] = field(repr=False, compare=False, default_factory=dict)
    #: the table header words, longest first
    header_re: regex.Pattern | None = field(repr=False, compare=False, default=None)

    @property
    def indicator_types(self) -> tuple[str, ...]:
        return tuple(self.data["indicator_types"])

    @property
    def prose(self) -> bool:
        return self.data["prose"]

    @property
    def default_role(self) -> str:
        """The role of units listed with no label or verb (“…完成投资80亿元。发改局、财政局”)."""
        return self.data["default_role"]

    def label_role(self, label: str) -> str:
        """The role a label gives: a known one's, ``person`` for a …领导 label, else ``other``."""
        known = self.role_of_label.get(label)
        if known is not None:
            return known
        return "person" if label.endswith(tuple(self.data["person_label_endings"])) else "other"


def _validate(data: dict, where: str) -> None:
    for key, value in data.items():
        if key not in KEYS:
            raise InputError(f"unknown dialect key {key!r} (known: {', '.join(sorted(KEYS))})", path=where)
        if not isinstance(value, KEYS[key]):
            raise InputError(f"dialect key {key!r} must be a {KEYS[key].__name__}", path=where)
        if key == "default_role" and value not in ROLE_NAMES:
            raise InputError(f"default_role must be one of {', '.join(ROLE_NAMES)}", path=where)
        if key in TABLE_KEYS:
            for sub, words in value.items():
                if sub not in TABLE_KEYS[key]:
                    raise InputError(f"unknown key {sub!r} in {key} (known: {', '.join(TABLE_KEYS[key])})", path=where)
                if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
                    raise InputError(f"{key}.{sub} must be a list of non-empty strings", path=where)
        elif isinstance(value, list) and not all(isinstance(w, str) and w for w in value):
            raise InputError(f"{key} must be a list of non-empty strings", path=where)
    for key in PATTERN_KEYS:
        for pattern in data.get(key, []):
            try:
                compiled = regex.compile(pattern)
            except regex.error as exc:
                raise InputError(f"bad pattern in {key}: {pattern!r}: {exc}", path=where) from None
            if key == "scoping_notes" and "unit" not in compiled.groupindex:
                raise InputError(f"scoping_notes pattern {pattern!r} has no (?P<unit>…) group", path=where)


def _read(text: str, where: str) -> dict:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"cannot read dialect file: {exc}", path=where) from None
    _validate(data, where)
    return data


def load_dialect(path: str | Path | None = None) -> Dialect:
    """The default dialect, with the keys of the file at ``path`` (if given) merged over it.

    >>> d = load_dialect()
    >>> d.name, d.role_of_label["牵头单位"], d.role_of_verb["配合"]
    ('default', 'lead', 'support')
    """
    return _load(None if path is None else str(Path(path).resolve()))


def _convention_re(positions: list[str], leads: list[str]) -> regex.Pattern:
    """A position word and a lead word within one clause (no 。 ; or line break between), in either
    order: 列第一位者为牵头单位, 排在第一位的部门为牵头部门, 牵头单位排名第一, 首位为牵头单位."""
    pos, lead = _alternation(positions), _alternation(leads)
    return regex.compile(rf"(?:{pos})[^。;\n()\[\]]{{0,16}}?(?:{lead})(?:单位|部门)?|(?:{lead})(?:单位|部门)?[^。;\n()\[\]]{{0,12}}?(?:{pos})")


@lru_cache(maxsize=16)
def _load(path: str | None) -> Dialect:
    default = resources.files(__package__).joinpath("dialects/default.toml").read_text("utf-8")
    data = _read(default, "default.toml")
    if path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read dialect file: {exc}", path=path) from None
        for key, value in _read(text, path).items():
            data[key] = {**data[key], **value} if key in TABLE_KEYS else value
    role_of_label = {w: role for role, words in data["role_labels"].items() for w in words}
    role_of_label.update({w: f"field:{name}" for name, words in data["field_labels"].items() for w in words})
    role_of_verb = {w: role for role, words in data["role_verbs"].items() for w in words}
    column_of_header = {w: kind for kind, words in data.get("table_headers", {}).items() for w in words}
    line = data["line_labels"]
    statement_words = line.get("statement", ["部门分工"])
    person_words = line.get("person", ["分管领导"])
    return Dialect(
        name=data["name"],
        data=data,
        role_of_label=role_of_label,
        role_of_verb=role_of_verb,
        label_re=regex.compile(rf"(?P<label>{_alternation(role_of_label)})[ \t]*:[ \t]*"),
        verb_re=regex.compile(rf"(?P<verb>{_alternation(role_of_verb)})$"),
        verb_in_re=regex.compile(_alternation(role_of_verb) or "(?!)"),
        statement_re=regex.compile(rf"(?:{_alternation(statement_words)})[ \t]*:[ \t]*"),
        person_re=regex.compile(rf"(?:{_alternation(person_words)})[ \t]*:[ \t]*"),
        note_re=regex.compile(_alternation(data["note_markers"])) if data["note_markers"] else None,
        compound_re=regex.compile(_alternation(data["compounds"])) if data["compounds"] else None,
        scoping_res=tuple(regex.compile(p) for p in data["scoping_notes"]),
        first_listed_res=tuple(regex.compile(p) for p in data["first_listed_lead"]),
        convention_re=_convention_re(data["first_listed_positions"], data["first_listed_leads"]),
        any_label_re=regex.compile(
            rf"(?P<label>{_alternation(role_of_label)}|(?<![^\s(\[;,:。、])(?:(?!各|有关|相关|直属|所属|政府)[^\s:;,。()\[\]、]){{1,6}}?"
            rf"(?:{_alternation(data['label_endings'])}))[ \t]*:[ \t]*"),
        # (an empty list of labels matches a line that starts with the colon)
        line_label_firsts=frozenset([w[0] for w in (*role_of_label, *statement_words, *person_words)]
                                    + ([] if role_of_label and statement_words and person_words else [":"])),
        column_of_header=column_of_header,
        header_re=regex.compile(_alternation(column_of_header)) if column_of_header else None,
        list_special_re=regex.compile("|".join(
            [r"[。()\[\]等及月年]|持续|长期"]
            + [_alternation(words) for words in (data["note_markers"], data["compounds"], role_of_verb) if words])),
    )
