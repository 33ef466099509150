"""Units as the graph knows them: one node per real body, typed, named in full, scoped.

A unit string as written (``市发改委``) is resolved in four steps, each driven by the data in
``graph/data/units.toml``, after folding it with :func:`fengong.parser.normalize.fold` (full-width
brackets and punctuation to ASCII, traditional characters to simplified: 州委編辦 → 州委编办),
so that the canonical names, types and merges are read in one script:

1. **merge** — a variant spelling listed in ``[[merges]]`` for the document's jurisdiction
   becomes its canonical form (``市法院`` → ``市中级法院``), and a full name listed in
   ``[full_names]`` becomes its short form (``荆门市发展和改革委员会`` → ``市发改委``);
2. **collective** — a name ending in a collective suffix (``成员单位`` …) whose head is a
   leading group is that group's members; the head is merged as in step 1, so the members
   of two spellings of one group are one node;
3. **type** — the first ``[[types]]`` rule that matches the canonical name gives its type,
   its node type (Unit or UnitGroup) and whether it is a placeholder;
4. **scope** — the node id is :func:`fengong.graph.schema.unit_id` of the jurisdiction that issued
   the document and the full name (or, where none is known, the canonical short name), so
   市发改委 of two cities is two nodes.
"""

from __future__ import annotations

import functools
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import regex

from fengong.parser.errors import FengongError, InputError
from fengong.parser.model import Diagnostic, Document
from fengong.parser.normalize import fold

from .names import place_stem
from .schema import unit_id

__all__ = [
    "UNIT_TYPES",
    "UnitRules",
    "ResolvedUnit",
    "Merge",
    "UnitResolution",
    "UnknownUnitError",
    "AmbiguousUnitError",
    "load_unit_rules",
    "infer_jurisdiction",
    "unit_type",
    "resolve_unit",
    "resolve_units",
    "look_alike",
]

#: The unit types a ``[[types]]`` rule may give, in the order the data file tries them.
UNIT_TYPES = (
    "collective",
    "leading_group_office",
    "leading_group",
    "court_procuratorate",
    "party_organ",
    "peoples_organisation",
    "central_branch",
    "enterprise",
    "park_zone",
    "government_department",
    "other",
)

#: The keys the data file may hold (top level, and in each table of an array), with types.
_TOP_KEYS = {
    "types": list,
    "collective_suffixes": list,
    "merges": list,
    "distinct": list,
    "jurisdictions": dict,
    "full_names": dict,
}
_TYPE_KEYS = {
    "type": str,
    "node": str,
    "placeholder": bool,
    "description": str,
    "patterns": list,
    "names": list,
    "examples": list,
}
_MERGE_KEYS = {"canonical": str, "names": list, "jurisdictions": list, "reason": str}
_DISTINCT_KEYS = {"names": list, "reason": str}
_JURISDICTION_KEYS = {"place_pattern": str, "fixed": dict}


class UnknownUnitError(FengongError):
    """A unit asked for by name is not in the graph. ``suggestions`` lists the closest
    units' node ids, best first."""

    def __init__(self, message: str, *, suggestions: Sequence[str] = (), **where) -> None:
        super().__init__(message, **where)
        self.suggestions = tuple(suggestions)


class AmbiguousUnitError(UnknownUnitError):
    """A name given for one unit names several. ``suggestions`` lists them."""


@dataclass(frozen=True, slots=True)
class TypeRule:
    """One ``[[types]]`` entry: names and patterns that give a unit its type."""

    type: str
    node: str  #: ``Unit`` or ``UnitGroup``
    placeholder: bool
    description: str
    patterns: tuple[regex.Pattern, ...]
    names: frozenset[str]
    examples: tuple[str, ...]

    def matches(self, name: str) -> bool:
        return name in self.names or any(p.search(name) for p in self.patterns)


@dataclass(frozen=True, slots=True)
class MergeRule:
    """One ``[[merges]]`` entry: spellings of one body, joined under ``canonical``."""

    canonical: str
    names: tuple[str, ...]
    jurisdictions: tuple[str, ...]  #: empty: every jurisdiction
    reason: str


@dataclass(frozen=True, slots=True)
class UnitRules:
    """The unit data, read and checked by :func:`load_unit_rules`."""

    types: tuple[TypeRule, ...]
    collective_suffixes: tuple[str, ...]  #: longest first
    merges: tuple[MergeRule, ...]
    distinct: tuple[tuple[frozenset[str], str], ...]  #: (pair of names, reason)
    place_pattern: regex.Pattern
    fixed_jurisdictions: tuple[tuple[str, str], ...]  #: (issuer prefix, jurisdiction), longest first
    full_names: Mapping[str, Mapping[str, str]] = field(hash=False)  #: jurisdiction → short → full

    def merge_for(self, name: str, jurisdiction: str) -> MergeRule | None:
        """The merge rule that applies to ``name`` in ``jurisdiction``, if any."""
        for rule in self.merges:
            if name in rule.names and (not rule.jurisdictions or jurisdiction in rule.jurisdictions):
                return rule
        return None

    def distinct_reason(self, a: str, b: str) -> str | None:
        """The reason ``a`` and ``b`` are kept apart, if the pair was reviewed."""
        for names, reason in self.distinct:
            if names == {a, b}:
                return reason
        return None


@dataclass(frozen=True, slots=True)
class ResolvedUnit:
    """What a unit string stands for, in the jurisdiction of the document it was read in."""

    id: str  #: graph node id, see :func:`fengong.graph.schema.unit_id`
    name: str  #: canonical short name
    full_name: str  #: the official full name, ``""`` where not known
    unit_type: str  #: one of :data:`UNIT_TYPES`
    node_type: str  #: ``Unit`` or ``UnitGroup``
    placeholder: bool
    jurisdiction: str  #: the issuing jurisdiction, ``""`` when it could not be read
    group: ResolvedUnit | None = None  #: for a collective of a group's members: the group
    reason: str = ""  #: why the string was joined to another spelling, ``""`` if it was not


@dataclass(frozen=True, slots=True)
class Merge:
    """Two or more strings as written that became one unit node."""

    id: str
    name: str
    names: tuple[str, ...]  #: the strings as written, sorted
    reason: str


@dataclass(frozen=True, slots=True)
class UnitResolution:
    """The units of a set of documents: each string as written, resolved, and the report."""

    jurisdictions: Mapping[str, str] = field(hash=False)  #: doc key → jurisdiction (``""``: unknown)
    units: Mapping[tuple[str, str], ResolvedUnit] = field(hash=False)  #: (doc key, as written) → unit
    aliases: Mapping[str, tuple[str, ...]] = field(hash=False)  #: node id → strings as written, sorted
    merges: tuple[Merge, ...] = ()
    kept_apart: tuple[tuple[str, str, str], ...] = ()  #: (name, name, reason) of reviewed look-alikes
    diagnostics: tuple[tuple[str, Diagnostic], ...] = ()  #: (doc key, diagnostic)


# --------------------------------------------------------------------------------------
# Reading the data
# --------------------------------------------------------------------------------------


def _check(table: dict, keys: dict, where: str, required: Sequence[str] = ()) -> None:
    for key, value in table.items():
        if key not in keys:
            raise InputError(f"unknown key {key!r} (known: {', '.join(sorted(keys))})", path=where)
        if not isinstance(value, keys[key]):
            raise InputError(f"key {key!r} must be a {keys[key].__name__}", path=where)
    for key in required:
        if key not in table:
            raise InputError(f"missing key {key!r}", path=where)


def _strings(values: list, what: str, where: str) -> tuple[str, ...]:
    if not all(isinstance(v, str) for v in values):
        raise InputError(f"{what} must be a list of strings", path=where)
    return tuple(values)


def _compile(pattern: str, where: str) -> regex.Pattern:
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise InputError(f"bad pattern {pattern!r}: {exc}", path=where) from None


def load_unit_rules(path: str | Path | None = None) -> UnitRules:
    """Read and check the unit data: ``graph/data/units.toml``, or the file at ``path``.

    Every key is checked against a fixed set, every type against :data:`UNIT_TYPES`, every
    pattern compiled; the last type rule must match any name. A bad file raises
    :class:`fengong.parser.errors.InputError` naming the file and the key.

    Examples
    --------
    >>> rules = load_unit_rules()
    >>> rules.types[-1].type, "市发改委" in rules.full_names["荆门市"]
    ('other', True)
    """
    where = str(path) if path is not None else "graph/data/units.toml"
    try:
        if path is None:
            text = resources.files(__package__).joinpath("data/units.toml").read_text("utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read unit data: {exc}", path=where) from None
    _check(data, _TOP_KEYS, where, required=("types", "jurisdictions"))

    types = []
    for n, entry in enumerate(data["types"], 1):
        at = f"{where} [[types]] #{n}"
        if not isinstance(entry, dict):
            raise InputError("each [[types]] entry must be a table", path=at)
        _check(entry, _TYPE_KEYS, at, required=("type", "node", "placeholder"))
        if entry["type"] not in UNIT_TYPES:
            raise InputError(f"unknown unit type {entry['type']!r}", path=at)
        if entry["node"] not in ("Unit", "UnitGroup"):
            raise InputError(f"node must be Unit or UnitGroup, not {entry['node']!r}", path=at)
        types.append(
            TypeRule(
                type=entry["type"],
                node=entry["node"],
                placeholder=entry["placeholder"],
                description=entry.get("description", ""),
                patterns=tuple(_compile(p, at) for p in _strings(entry.get("patterns", []), "patterns", at)),
                names=frozenset(_strings(entry.get("names", []), "names", at)),
                examples=_strings(entry.get("examples", []), "examples", at),
            )
        )
    if not types or not types[-1].matches("\u3007任何名称"):
        raise InputError("the last [[types]] rule must match every name (pattern '')", path=where)

    merges = []
    for n, entry in enumerate(data.get("merges", []), 1):
        at = f"{where} [[merges]] #{n}"
        _check(entry, _MERGE_KEYS, at, required=("canonical", "names", "reason"))
        names = _strings(entry["names"], "names", at)
        if entry["canonical"] not in names or len(set(names)) < 2:
            raise InputError("names must hold the canonical name and at least one other", path=at)
        merges.append(
            MergeRule(entry["canonical"], names, _strings(entry.get("jurisdictions", []), "jurisdictions", at),
                      entry["reason"])
        )

    distinct = []
    for n, entry in enumerate(data.get("distinct", []), 1):
        at = f"{where} [[distinct]] #{n}"
        _check(entry, _DISTINCT_KEYS, at, required=("names", "reason"))
        names = _strings(entry["names"], "names", at)
        if len(set(names)) != 2:
            raise InputError("names must be a pair of different names", path=at)
        distinct.append((frozenset(names), entry["reason"]))

    juris = data["jurisdictions"]
    _check(juris, _JURISDICTION_KEYS, f"{where} [jurisdictions]", required=("place_pattern",))
    place = _compile(juris["place_pattern"], f"{where} [jurisdictions]")
    if "place" not in place.groupindex:
        raise InputError("place_pattern needs a group named 'place'", path=f"{where} [jurisdictions]")
    fixed = juris.get("fixed", {})
    if not all(isinstance(v, str) for v in fixed.values()):
        raise InputError("jurisdictions.fixed must map strings to strings", path=where)

    full_names: dict[str, dict[str, str]] = {}
    for jurisdiction, table in data.get("full_names", {}).items():
        if not isinstance(table, dict) or not all(isinstance(v, str) and v for v in table.values()):
            raise InputError(f"full_names.{jurisdiction} must map short names to full names", path=where)
        full_names[jurisdiction] = dict(table)

    suffixes = _strings(data.get("collective_suffixes", []), "collective_suffixes", where)
    return UnitRules(
        types=tuple(types),
        collective_suffixes=tuple(sorted(suffixes, key=lambda s: (-len(s), s))),
        merges=tuple(merges),
        distinct=tuple(distinct),
        place_pattern=place,
        fixed_jurisdictions=tuple(sorted(fixed.items(), key=lambda kv: (-len(kv[0]), kv[0]))),
        full_names=full_names,
    )


@functools.cache
def _default_rules() -> UnitRules:
    return load_unit_rules()


def _rules(rules: UnitRules | None) -> UnitRules:
    return _default_rules() if rules is None else rules


# --------------------------------------------------------------------------------------
# Jurisdiction, type, one unit
# --------------------------------------------------------------------------------------


def infer_jurisdiction(doc: Document, rules: UnitRules | None = None) -> str | None:
    """The jurisdiction that issued ``doc``, read from its issuer or else its title.

    An issuer starting with a ``[jurisdictions.fixed]`` prefix (国务院, 中共中央 …) belongs
    to that jurisdiction (中央); otherwise the place name at its start is the jurisdiction
    (荆门市人民政府办公室 → 荆门市, 湘西自治州人民政府 → 湘西自治州). ``None`` when neither
    the issuer nor the title starts with one. The text is folded first
    (:func:`fengong.parser.normalize.fold`), so a traditional-character issuer gives the
    jurisdiction in simplified characters.

    Examples
    --------
    >>> from fengong.parser.model import Document, Metadata, Span
    >>> def issued_by(issuer):
    ...     return Document(source="x", text=issuer, metadata=Metadata(issuer=Span(issuer, 0, len(issuer))))
    >>> [infer_jurisdiction(issued_by(i)) for i in ("荆门市人民政府办公室", "国务院办公厅", "广东省人民政府")]
    ['荆门市', '中央', '广东省']
    >>> infer_jurisdiction(issued_by("关于推进人才集聚工程的实施意见")) is None
    True
    """
    rules = _rules(rules)
    for span in (doc.metadata.issuer, doc.metadata.title):
        if span is None:
            continue
        text = fold(span.value).strip()
        for prefix, jurisdiction in rules.fixed_jurisdictions:
            if text.startswith(prefix):
                return jurisdiction
        match = rules.place_pattern.search(text)
        if match:
            return match.group("place")
    return None


def _type_rule(name: str, rules: UnitRules) -> TypeRule:
    for rule in rules.types:
        if rule.matches(name):
            return rule
    raise AssertionError("the last type rule matches every name")  # checked by load_unit_rules


def unit_type(name: str, rules: UnitRules | None = None) -> str:
    """The type of the unit named ``name``: the first ``[[types]]`` rule that matches its
    folded form (so 州委編辦 is typed as 州委编办).

    Examples
    --------
    >>> [unit_type(n) for n in ("市发改委", "市委组织部", "市法院", "市妇联", "荆门海关")]
    ['government_department', 'party_organ', 'court_procuratorate', 'peoples_organisation', 'central_branch']
    >>> [unit_type(n) for n in ("市交旅集团", "荆门航空产业园", "市直各部门", "市优化办")]
    ['enterprise', 'park_zone', 'collective', 'leading_group_office']
    >>> unit_type("州委編辦")
    'party_organ'
    """
    return _type_rule(fold(name), _rules(rules)).type


def _canonical(name: str, jurisdiction: str, rules: UnitRules) -> tuple[str, str]:
    """Step 1: the canonical short name of ``name`` and the reason it changed (or ``""``)."""
    rule = rules.merge_for(name, jurisdiction)
    if rule is not None and rule.canonical != name:
        return rule.canonical, rule.reason
    for short, full in rules.full_names.get(jurisdiction, {}).items():
        if name == full and short != name:
            return short, f"{name} is the full name of {short} (full_names table)"
    return name, ""


def resolve_unit(written: str, jurisdiction: str, rules: UnitRules | None = None, *, scope: str | None = None) -> ResolvedUnit:
    """Resolve one unit string as written in a document of ``jurisdiction``.

    ``scope`` is what the node id is scoped to; it defaults to the jurisdiction (pass a
    document's own id when its jurisdiction is unknown, so nothing is merged across
    documents on a guess).

    Examples
    --------
    >>> u = resolve_unit("市发改委", "荆门市")
    >>> u.id, u.full_name, u.unit_type
    ('unit:荆门市:荆门市发展和改革委员会', '荆门市发展和改革委员会', 'government_department')
    >>> resolve_unit("市发改委", "宜昌市").id        # another city's: another node
    'unit:宜昌市:市发改委'
    >>> resolve_unit("市法院", "荆门市").name, resolve_unit("市法院", "荆门市").full_name
    ('市中级法院', '荆门市中级人民法院')
    >>> m = resolve_unit("市推进区域布局实施工作领导小组成员单位", "荆门市")
    >>> m.name, m.placeholder, m.group.name, m.group.node_type
    ('市推进区域发展布局实施工作领导小组成员单位', True, '市推进区域发展布局实施工作领导小组', 'UnitGroup')
    >>> resolve_unit("市發改委", "荆门市").id == u.id    # traditional characters: the same unit
    True
    """
    rules = _rules(rules)
    return _resolve(written, jurisdiction, rules, jurisdiction if scope is None else scope,
                    functools.partial(_type_rule, rules=rules))


def _resolve(written: str, jurisdiction: str, rules: UnitRules, scope: str,
             type_rule: Callable[[str], TypeRule]) -> ResolvedUnit:
    """:func:`resolve_unit`, with ``type_rule`` giving the type rule of a name (so that
    :func:`resolve_units` can remember it for the names met again in each document)."""
    name, reason = _canonical(fold(written), jurisdiction, rules)
    group = None
    for suffix in rules.collective_suffixes:
        head = name[: -len(suffix)]
        if name.endswith(suffix) and head:
            head_name, head_reason = _canonical(head, jurisdiction, rules)
            if type_rule(head_name).type == "leading_group":
                group = _resolve(head_name, jurisdiction, rules, scope, type_rule)
                name, reason = head_name + suffix, reason or head_reason
                break
    full_names = rules.full_names.get(jurisdiction, {})
    if name in full_names:
        full_name = full_names[name]
    elif group is not None and group.full_name:
        full_name = group.full_name + name[len(group.name):]
    elif jurisdiction and (name.startswith(jurisdiction) or name.startswith(place_stem(jurisdiction))):
        full_name = name  # a name that carries its place (荆门海关) is already in full
    else:
        full_name = ""
    rule = type_rule(name)
    return ResolvedUnit(
        id=unit_id(scope, full_name or name),
        name=name,
        full_name=full_name,
        unit_type=rule.type,
        node_type=rule.node,
        placeholder=rule.placeholder,
        jurisdiction=jurisdiction,
        group=group,
        reason=reason,
    )


def look_alike(a: str, b: str) -> bool:
    """Whether two unit names look like one body written two ways.

    True when the shorter (three characters or more) can be read out of the longer by
    dropping characters (it is a subsequence), both end in the same character, and the
    longer has at most four characters more. This catches a dropped word (市法院 /
    市中级法院, 市推进区域布局… / 市推进区域发展布局…) and leaves apart names that merely
    share a pattern (市委编办 / 市委外办).

    Examples
    --------
    >>> look_alike("市法院", "市中级法院"), look_alike("市委编办", "市委外办"), look_alike("市民政局", "市民宗委")
    (True, False, False)
    """
    short, long = sorted((a, b), key=lambda s: (len(s), s))
    if a == b or len(short) < 3 or short[-1] != long[-1] or len(long) - len(short) > 4:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)


def _kept_apart(members: Sequence[ResolvedUnit], distinct: Mapping[frozenset[str], str]) -> list[tuple[str, str, str]]:
    """``(name, name, reason)`` for each pair of ``members`` whose names are a pair in
    ``distinct`` (reviewed look-alikes kept apart, with the reason)."""
    count = Counter(m.name for m in members)
    found = []
    for pair, reason in distinct.items():
        a, b = sorted(pair)
        found += [(a, b, reason)] * (count[a] * count[b])
    return found


def _look_alikes(members: Sequence[ResolvedUnit]) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of ``members`` whose names :func:`look_alike`, sorted.

    Only names of three characters or more that end in one character can look alike, of
    different lengths, the shorter one's characters all in the longer, so only those pairs
    are compared: a jurisdiction has hundreds of units, and most pairs are neither.
    """
    by_end: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(members):
        if len(m.name) >= 3:
            by_end[m.name[-1]].append(i)
    found = []
    for group in by_end.values():
        chars = {i: set(members[i].name) for i in group}
        for n, i in enumerate(group):
            a = members[i].name
            for j in group[n + 1:]:
                b = members[j].name
                if len(a) == len(b):
                    continue
                short, long = (i, j) if len(a) < len(b) else (j, i)
                if chars[short] <= chars[long] and look_alike(a, b):
                    found.append((i, j))
    return sorted(found)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def resolve_units(
    docs: Sequence[Document],
    keys: Sequence[str],
    *,
    jurisdictions: Mapping[str, str] | None = None,
    rules: UnitRules | None = None,
) -> UnitResolution:
    """Resolve every unit string of ``docs`` (keyed by ``keys``), with a report.

    The jurisdiction of each document is ``jurisdictions[key]`` if given, else
    :func:`infer_jurisdiction`; a document whose jurisdiction cannot be read has its units
    scoped to the document itself and a ``jurisdiction-unknown`` warning. The report lists
    the merges made (strings as written that became one node, with the reason), the
    reviewed look-alikes kept apart, and a ``unit-look-alike`` warning for every pair of
    nodes in one jurisdiction whose names :func:`look_alike` but were neither merged nor
    reviewed.

    Examples
    --------
    >>> from fengong import parser
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)甲(牵头单位:市法院)。乙(牵头单位:市中级法院)。\\n")
    >>> res = resolve_units([doc], ["d"])
    >>> res.jurisdictions["d"], [(m.name, m.names) for m in res.merges]
    ('荆门市', [('市中级法院', ('市中级法院', '市法院'))])
    """
    rules = _rules(rules)
    type_rule = functools.cache(functools.partial(_type_rule, rules=rules))  # names recur in every document
    jurisdictions = dict(jurisdictions or {})
    found: dict[str, str] = {}
    units: dict[tuple[str, str], ResolvedUnit] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    reasons: dict[str, str] = {}
    first_seen: dict[str, tuple[int, int, int]] = {}  # node id → (document index, start, end)
    names: dict[str, ResolvedUnit] = {}
    scopes: dict[str, str] = {}
    diagnostics: list[tuple[str, Diagnostic]] = []
    for index, (key, doc) in enumerate(zip(keys, docs, strict=True)):
        jurisdiction = jurisdictions.get(key) or infer_jurisdiction(doc, rules) or ""
        found[key] = jurisdiction
        if not jurisdiction:
            diagnostics.append((key, Diagnostic(
                "jurisdiction-unknown", "warning",
                "issuing jurisdiction not found in the issuer or title; units are scoped to this document",
                1, 1, 0, 0)))
        scope = jurisdiction or f"doc:{key}"
        for a in doc.assignments:
            if (key, a.unit) not in units:
                units[(key, a.unit)] = _resolve(a.unit, jurisdiction, rules, scope, type_rule)
            unit = units[(key, a.unit)]
            aliases[unit.id].add(a.unit)
            if unit.reason:
                reasons.setdefault(unit.id, unit.reason)
            first_seen.setdefault(unit.id, (index, a.start, a.end))
            names.setdefault(unit.id, unit)
            scopes[unit.id] = scope

    merges = tuple(
        Merge(uid, names[uid].name, tuple(sorted(aliases[uid])), reasons.get(uid, ""))
        for uid in sorted(aliases)
        if len(aliases[uid]) > 1
    )

    kept_apart = []
    by_scope: dict[str, list[ResolvedUnit]] = defaultdict(list)
    for uid in sorted(names):
        by_scope[scopes[uid]].append(names[uid])
    distinct: dict[frozenset[str], str] = {}
    for pair, reason in rules.distinct:
        distinct.setdefault(pair, reason)  # as distinct_reason: the first entry for a pair
    for members in by_scope.values():
        kept_apart += _kept_apart(members, distinct)
        for i, j in _look_alikes(members):
            a, b = members[i], members[j]
            if frozenset((a.name, b.name)) in distinct:
                continue
            index, start, end = max(first_seen[a.id], first_seen[b.id])  # the later name
            line, column = _line_column(docs[index].text, start)
            diagnostics.append((keys[index], Diagnostic(
                "unit-look-alike", "warning",
                f"{a.name} and {b.name} look like one body but are not merged; "
                "add them to [[merges]] or, if they differ, to [[distinct]] in the unit data",
                line, column, start, end)))
    return UnitResolution(
        jurisdictions=found,
        units=units,
        aliases={uid: tuple(sorted(v)) for uid, v in sorted(aliases.items())},
        merges=merges,
        kept_apart=tuple(sorted(kept_apart)),
        diagnostics=tuple(diagnostics),
    )
