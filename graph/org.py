"""How units hang together, for the RDF (W3C ORG): ``graph/data/org.toml`` read and checked.

Which body a unit is part of (``org:unitOf``: 州委编办 of 州委, a leading group's office of
the group) and the members of a group (``org:hasMember``), as data: :func:`load_org_rules`
reads and checks the file, :meth:`OrgRules.parent` answers for one unit's name.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fengong.parser.errors import InputError

__all__ = ["UnitOfRule", "OrgRules", "load_org_rules", "org_rules"]




@dataclass(frozen=True, slots=True)
class UnitOfRule:
    """One ``[[unit_of]]`` entry: units whose name matches ``pattern`` are part of ``parent``."""

    pattern: re.Pattern
    parent: str  #: the parent's name, ``{group}`` standing for the pattern's group
    jurisdiction: str | None  #: the parent's jurisdiction, where not the unit's own
    parent_type: str | None  #: the parent's unit type where no document names it
    description: str
    examples: tuple[tuple[str, str], ...]

    def parent_of(self, name: str) -> str | None:
        match = self.pattern.search(name)
        if match is None:
            return None
        return self.parent.replace("{group}", match.groupdict().get("group") or "")


@dataclass(frozen=True, slots=True)
class OrgRules:
    """The data of ``graph/data/org.toml``, read and checked by :func:`load_org_rules`."""

    unit_of: tuple[UnitOfRule, ...]
    members: dict  #: (jurisdiction, group as written) → (member names as written, source)

    def parent(self, name: str, full_name: str = "") -> tuple[str, UnitOfRule] | None:
        """The name of the body the unit ``name`` (or ``full_name``) is part of, and the rule."""
        for candidate in (name, full_name):  # the short name first: the rules are written for it
            for rule in self.unit_of if candidate else ():
                parent = rule.parent_of(candidate)
                if parent and parent != candidate:
                    return parent, rule
        return None


_ORG_KEYS = {"unit_of": list, "members": list}
_UNIT_OF_KEYS = {"pattern": str, "parent": str, "jurisdiction": str, "parent_type": str, "description": str,
                 "examples": list}
_MEMBERS_KEYS = {"group": str, "jurisdiction": str, "members": list, "source": str}


def _check_keys(table: object, keys: dict, where: str, required: Sequence[str]) -> dict:
    if not isinstance(table, dict):
        raise InputError("must be a table", path=where)
    for key, value in table.items():
        if key not in keys:
            raise InputError(f"unknown key {key!r} (known: {', '.join(sorted(keys))})", path=where)
        if not isinstance(value, keys[key]):
            raise InputError(f"key {key!r} must be a {keys[key].__name__}", path=where)
    for key in required:
        if key not in table:
            raise InputError(f"missing key {key!r}", path=where)
    return table


def load_org_rules(path: str | Path | None = None) -> OrgRules:
    """Read and check ``graph/data/org.toml`` (or the file at ``path``): which body a unit is
    part of, and the members of groups. A bad file is an :class:`~fengong.parser.errors.InputError`
    naming the file and the entry.

    Examples
    --------
    >>> rules = load_org_rules()
    >>> rules.parent("州委编办")[0], rules.parent("市发改委")
    ('州委', None)
    """
    from fengong.graph.units import UNIT_TYPES

    where = str(path) if path is not None else "graph/data/org.toml"
    try:
        text = (resources.files(__package__).joinpath("data", "org.toml").read_text("utf-8") if path is None
                else Path(path).read_text(encoding="utf-8"))
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read the organisation data: {exc}", path=where) from None
    _check_keys(data, _ORG_KEYS, where, ())
    rules = []
    for n, entry in enumerate(data.get("unit_of", []), 1):
        at = f"{where} [[unit_of]] #{n}"
        _check_keys(entry, _UNIT_OF_KEYS, at, ("pattern", "parent", "description"))
        try:
            pattern = re.compile(entry["pattern"])
        except re.error as exc:
            raise InputError(f"bad pattern {entry['pattern']!r}: {exc}", path=at) from None
        if "{group}" in entry["parent"] and "group" not in pattern.groupindex:
            raise InputError("parent uses {group} but the pattern has no group named 'group'", path=at)
        if entry.get("parent_type", "other") not in UNIT_TYPES:
            raise InputError(f"unknown parent_type {entry['parent_type']!r}", path=at)
        examples = entry.get("examples", [])
        if not all(isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) for x in e) for e in examples):
            raise InputError("examples must be pairs [unit, parent]", path=at)
        rules.append(UnitOfRule(pattern, entry["parent"], entry.get("jurisdiction"), entry.get("parent_type"),
                                entry["description"], tuple(tuple(e) for e in examples)))
    members = {}
    for n, entry in enumerate(data.get("members", []), 1):
        at = f"{where} [[members]] #{n}"
        _check_keys(entry, _MEMBERS_KEYS, at, ("group", "jurisdiction", "members", "source"))
        if not entry["members"] or not all(isinstance(m, str) and m for m in entry["members"]):
            raise InputError("members must be a list of unit names", path=at)
        members[(entry["jurisdiction"], entry["group"])] = (tuple(entry["members"]), entry["source"])
    return OrgRules(tuple(rules), members)


@functools.cache
def org_rules() -> OrgRules:
    """The rules of ``graph/data/org.toml``, read once."""
    return load_org_rules()


