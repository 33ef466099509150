"""Dialects: what a document style changes, kept as data and validated against fixed keys."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex

from .errors import InputError

__all__ = ["Dialect", "load_dialect", "DEFAULT_KEYS"]

#: The keys a dialect file may hold, with the type of each.
DEFAULT_KEYS = {
    "name": str,
    "role_labels": dict,
    "indicator_types": list,
    "note_markers": list,
    "scoping_notes": list,
    "prose": bool,
    "compounds": list,
}


@dataclass(frozen=True, slots=True)
class Dialect:
    """The data a parse runs on; see ``parser/dialects/default.toml`` for each field."""

    name: str
    role_labels: tuple[tuple[str, str], ...]  #: (label word, role), longest word first
    indicator_types: tuple[str, ...]
    note_markers: tuple[str, ...]
    scoping_notes: tuple[str, ...]
    prose: bool
    compounds: tuple[str, ...]  #: collective names written with a 、, kept whole in unit lists
    # derived from the fields above, compiled once per dialect
    role_of: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    label_re: regex.Pattern | None = field(default=None, compare=False, repr=False)
    note_re: regex.Pattern | None = field(default=None, compare=False, repr=False)
    compound_re: regex.Pattern | None = field(default=None, compare=False, repr=False)
    scoping_res: tuple[regex.Pattern, ...] = field(default=(), compare=False, repr=False)


def _validate(data: dict, where: str) -> None:
    for key, value in data.items():
        if key not in DEFAULT_KEYS:
            raise InputError(f"unknown dialect key {key!r} (known: {', '.join(sorted(DEFAULT_KEYS))})", path=where)
        if not isinstance(value, DEFAULT_KEYS[key]):
            raise InputError(f"dialect key {key!r} must be a {DEFAULT_KEYS[key].__name__}", path=where)
    for role, words in data.get("role_labels", {}).items():
        if role not in ("lead", "responsible", "support", "guide"):
            raise InputError(f"unknown role {role!r} in role_labels", path=where)
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise InputError(f"role_labels.{role} must be a list of words", path=where)
    for key in ("indicator_types", "note_markers", "scoping_notes", "compounds"):
        if not all(isinstance(w, str) and w for w in data.get(key, [])):
            raise InputError(f"{key} must be a list of non-empty strings", path=where)


def _read(path_or_text: Path | str, where: str) -> dict:
    try:
        text = path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read dialect file: {exc}", path=where) from None
    _validate(data, where)
    return data


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def load_dialect(path: str | Path | None = None) -> Dialect:
    """The default dialect, with the keys of the file at ``path`` (if given) merged over it.

    >>> d = load_dialect()
    >>> d.name, ("牵头单位", "lead") in d.role_labels
    ('default', True)
    """
    return _load(None if path is None else str(Path(path).resolve()))


@lru_cache(maxsize=16)
def _load(path: str | None) -> Dialect:
    data = _read(resources.files(__package__).joinpath("dialects/default.toml").read_text("utf-8"), "default.toml")
    if path is not None:
        extra = _read(Path(path), str(path))
        for key, value in extra.items():
            if key == "role_labels":
                merged = dict(data["role_labels"])
                merged.update(value)
                data["role_labels"] = merged
            else:
                data[key] = value
    labels = sorted(
        ((word, role) for role, words in data["role_labels"].items() for word in words),
        key=lambda pair: (-len(pair[0]), pair[0]),
    )
    return Dialect(
        name=data["name"],
        role_labels=tuple(labels),
        indicator_types=tuple(data["indicator_types"]),
        note_markers=tuple(data["note_markers"]),
        scoping_notes=tuple(data["scoping_notes"]),
        prose=data["prose"],
        compounds=tuple(sorted(data["compounds"], key=lambda c: (-len(c), c))),
        role_of={word: role for word, role in labels},
        label_re=regex.compile(rf"(?P<label>{_alternation(w for w, _ in labels)})[ \t]*:[ \t]*"),
        note_re=regex.compile(rf"(?:{_alternation(data['note_markers'])})") if data["note_markers"] else None,
        compound_re=regex.compile(_alternation(data["compounds"])) if data["compounds"] else None,
        scoping_res=tuple(_compile(p, path or "default.toml") for p in data["scoping_notes"]),
    )


def _compile(pattern: str, where: str) -> regex.Pattern:
    try:
        compiled = regex.compile(pattern)
    except regex.error as exc:
        raise InputError(f"bad scoping_notes pattern {pattern!r}: {exc}", path=where) from None
    if "unit" not in compiled.groupindex:
        raise InputError(f"scoping_notes pattern {pattern!r} has no (?P<unit>…) group", path=where)
    return compiled
