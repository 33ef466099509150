"""Dialects: what a document style changes, kept as data and validated against fixed keys."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

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


def load_dialect(path: str | Path | None = None) -> Dialect:
    """The default dialect, with the keys of the file at ``path`` (if given) merged over it.

    >>> d = load_dialect()
    >>> d.name, ("牵头单位", "lead") in d.role_labels
    ('default', True)
    """
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
    )
