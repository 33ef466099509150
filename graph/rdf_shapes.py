"""Checking fengong's RDF against its SHACL shapes (``graph/data/shapes.ttl``) on every build.

pyshacl, the reference SHACL processor (:func:`validate`), takes minutes on a corpus of a
thousand plans. :class:`ShapeChecker` checks the same shapes on the triples the mapping makes,
one named graph at a time, as the build writes them: it reads ``shapes.ttl`` and
``fengong.ttl`` (for ``rdfs:subClassOf``) and evaluates the SHACL Core constraint components
the shapes use, and their SPARQL constraints with Oxigraph. A shape that uses any other
component is refused when the shapes are read, so nothing in the file goes unchecked. The tests
hold the two to the same verdict (``tests/test_rdf_shapes.py``).

A document's graph refers to units described in the units graph. :meth:`ShapeChecker.check`
of a document's graph leaves what it cannot decide there — a constraint on a node the graph
does not describe — as pending checks, which :meth:`ShapeChecker.check` of the units graph
then decides; the verdict is that of the shapes on the union of the graphs, as pyshacl
gives it on the union.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources

from fengong.parser.errors import FengongError

from .rdf_terms import PREFIXES, Triple

__all__ = ["ShapesError", "Violation", "Pending", "ShapeChecker", "shape_checker", "validate"]

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = f"{_XSD}string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_FIRST, _REST, _NIL = (f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#{n}>" for n in ("first", "rest", "nil"))

#: lexical forms of the datatypes the shapes name (a literal of another datatype is taken as
#: well formed)
_LEXICAL = {
    f"{_XSD}integer": re.compile(r"[+-]?[0-9]+"),
    f"{_XSD}nonNegativeInteger": re.compile(r"\+?[0-9]+|-0+"),
    f"{_XSD}boolean": re.compile(r"true|false|1|0"),
    f"{_XSD}decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    f"{_XSD}date": re.compile(r"-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?"),
    f"{_XSD}gYear": re.compile(r"-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?"),
}
_NUMERIC = {f"{_XSD}{n}" for n in ("integer", "nonNegativeInteger", "decimal", "double", "float", "int", "long")}
_UNESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n", "\\r": "\r", "\\t": "\t", "\\b": "\b", "\\f": "\f", "\\'": "'"}
_ESCAPE = re.compile(r"\\(?:[\\\"nrtbf']|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")


class ShapesError(FengongError):
    """The shapes file uses something the checker does not evaluate."""


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda m: _UNESCAPES.get(m.group()) or chr(int(m.group()[2:], 16)), body)


def literal(form: str) -> tuple[str, str, str | None] | None:
    """``(lexical form, datatype IRI, language)`` of a literal in N-Quads form; ``None`` for an IRI.

    >>> literal('"市发改委"@zh-Hans'), literal('"5"^^<http://www.w3.org/2001/XMLSchema#integer>')
    (('市发改委', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString', 'zh-Hans'), ('5', 'http://www.w3.org/2001/XMLSchema#integer', None))
    """
    if not form.startswith('"'):
        return None
    end = form.rfind('"')
    body, rest = _unescape(form[1:end]), form[end + 1:]
    if not rest:
        return body, _STRING, None
    if rest.startswith("@"):
        return body, _LANG_STRING, rest[1:]
    return body, rest[3:-1], None


_INTEGERS = {f"{_XSD}{n}" for n in ("integer", "nonNegativeInteger", "int", "long")}


def _number(form: str) -> Decimal | int | None:
    """The value of a numeric literal in N-Quads form, else ``None``."""
    if not form.startswith('"') or not form.endswith(">"):
        return None
    end = form.rfind('"')
    datatype = form[end + 4:-1]
    if form[end + 1:end + 4] != "^^<" or datatype not in _NUMERIC:
        return None
    lexical = form[1:end]
    try:
        return int(lexical) if datatype in _INTEGERS else Decimal(lexical)
    except (ValueError, InvalidOperation):
        return None


def short(form: str) -> str:
    """A term for a message: an IRI under one of :data:`fengong.graph.rdf.PREFIXES` as ``prefix:name``."""
    if form.startswith("<"):
        iri = form[1:-1]
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        if iri.startswith("https://fengong.example/shapes#"):
            return "fgsh:" + iri.rpartition("#")[2]
        if iri.startswith(SH):
            return "sh:" + iri[len(SH):]
    if len(form) > 80:
        return form[:60] + "…" + form[-16:]
    return form


@dataclass(frozen=True, slots=True)
class Violation:
    """One result of a shape not holding: the focus node, the path, the constraint component,
    the shape, the value node where the component is about one, and what it says."""

    focus: str
    path: str  #: ``<p>``, ``^<p>`` for an inverse path, ``""`` for the focus node itself
    component: str  #: e.g. ``sh:MinCountConstraintComponent``
    shape: str
    value: str | None
    message: str

    def __str__(self) -> str:
        path = ("^" + short(self.path[1:]) if self.path.startswith("^") else short(self.path)) if self.path else ""
        where = f"{short(self.focus)} {path}".rstrip()
        value = f" ({short(self.value)})" if self.value is not None and self.value != self.focus else ""
        return f"{where}: {self.message}{value} [{short(self.shape)}, {self.component}]"


@dataclass(slots=True)
class Pending:
    """Constraints on nodes a graph names but does not describe: ``checks[(node, shape)]`` is
    the violation to report if ``node`` does not conform to ``shape`` (a class is a shape of
    its own, ``("class", C)``), and how many more times it was asked."""

    checks: dict = field(default_factory=dict)

    def add(self, node: str, need: tuple, violation: Violation) -> None:
        first = self.checks.get((node, need))
        self.checks[(node, need)] = (violation, 0) if first is None else (first[0], first[1] + 1)

    def update(self, other: Pending) -> None:
        for key, (violation, more) in other.checks.items():
            first = self.checks.get(key)
            self.checks[key] = (violation, more) if first is None else (first[0], first[1] + more + 1)


class _Graph:
    """The triples of one graph, indexed by predicate: ``pred[p][s]`` the objects of ``s p``,
    ``back[p][o]`` the subjects of ``· p o`` (for the predicates some shape reads backwards)."""

    def __init__(self, triples: Iterable[Triple], inverse: frozenset[str]) -> None:
        pred: dict[str, dict[str, list[str]]] = {}
        back: dict[str, dict[str, list[str]]] = {p: {} for p in inverse}
        for s, p, o in dict.fromkeys(triples):  # each triple once, so that no value counts twice
            by_s = pred.get(p)
            if by_s is None:
                by_s = pred[p] = {}
            values = by_s.get(s)
            if values is None:
                by_s[s] = [o]
            else:
                values.append(o)
            by_o = back.get(p)
            if by_o is not None:
                subjects = by_o.get(o)
                if subjects is None:
                    by_o[o] = [s]
                else:
                    subjects.append(s)
        self.pred = pred
        self.back = back
        self.subjects = {s for by_s in pred.values() for s in by_s}
        self.type_of = pred.get(RDF_TYPE, {})
        self.of_type: dict[str, list[str]] = {}  #: class → its instances (as typed, not inferred)
        for node, types in self.type_of.items():
            for cls in types:
                self.of_type.setdefault(cls, []).append(node)

    def index(self, predicate: str, inverse: bool = False) -> dict[str, list[str]]:
        return (self.back if inverse else self.pred).get(predicate) or {}

    def values(self, node: str, predicate: str, inverse: bool = False) -> list[str]:
        return self.index(predicate, inverse).get(node, [])

    def types(self, node: str) -> list[str]:
        return self.type_of.get(node, [])


class _Subjects:
    """The triples of the shapes file, by subject."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.out: dict[str, dict[str, list[str]]] = {}
        for s, p, o in triples:
            self.out.setdefault(s, {}).setdefault(p, []).append(o)

    def values(self, node: str, predicate: str) -> list[str]:
        return self.out.get(node, {}).get(predicate, [])


class _Shape:
    """A node or property shape, compiled: its targets, its path (a property shape) and its
    constraints, each ``(component, parameter)``."""

    def __init__(self, node: str) -> None:
        self.node = node
        self.target_classes: list[str] = []
        self.target_objects_of: list[str] = []
        self.path: str | None = None  #: the predicate of a property shape
        self.inverse = False
        self.constraints: list[tuple[str, object]] = []
        self.properties: list[_Shape] = []
        self.sparql: list[tuple[str, str, str, frozenset[str]]] = []  #: (node, query, message, predicates it reads)
        self.min_count = 0
        self.max_count: int | None = None
        self.qualified: list[tuple[_Shape, int | None, int | None]] = []


#: the parameters of each constraint component the checker evaluates
_COMPONENTS = {"class", "datatype", "nodeKind", "minCount", "maxCount", "in", "hasValue", "pattern", "flags",
               "minInclusive", "uniqueLang", "lessThanOrEquals", "node", "or", "xone", "property",
               "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "sparql"}
#: shape predicates that are not constraints
_DESCRIPTIVE = {"targetClass", "targetObjectsOf", "path", "name", "description", "message", "order", "group",
                "severity", "deactivated"}


class ShapeChecker:
    """The shapes of ``shapes_ttl`` (by default ``graph/data/shapes.ttl``) and the class
    hierarchy of ``ontology_ttl`` (``graph/data/fengong.ttl``), ready to check graphs.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> from fengong.graph.rdf import iter_graphs
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> checker = shape_checker()
    >>> (graph, triples), (units, unit_triples) = iter_graphs([doc], to_networkx([doc]))
    >>> found, pending = checker.check(triples)
    >>> found, len(pending.checks) > 0
    ([], True)
    >>> checker.check(unit_triples, pending)[0]
    []
    >>> broken = [t for t in triples if not t[1].endswith("#agent>")]
    >>> [v.component for v in checker.check(broken + unit_triples)[0]]
    ['sh:MinCountConstraintComponent']
    """

    def __init__(self, shapes_ttl: str | None = None, ontology_ttl: str | None = None) -> None:
        data = resources.files(__package__).joinpath("data")
        shapes_ttl = data.joinpath("shapes.ttl").read_text("utf-8") if shapes_ttl is None else shapes_ttl
        ontology_ttl = data.joinpath("fengong.ttl").read_text("utf-8") if ontology_ttl is None else ontology_ttl
        self._read_hierarchy(_parse_turtle(ontology_ttl))
        self._graph = _Subjects(_parse_turtle(shapes_ttl))
        self._compiled: dict[str, _Shape] = {}
        self.shapes = [self._shape(node, node) for node, by_p in self._graph.out.items()
                       if f"<{SH}NodeShape>" in by_p.get(RDF_TYPE, ())]
        self.shapes.sort(key=lambda s: s.node)
        self._inverse = frozenset(
            p for shape in self._compiled.values() for p in (shape.target_objects_of + ([shape.path] if shape.inverse else []))
        ).union(*(NATIVE[c[0]][1] for shape in self._compiled.values() for c in shape.sparql if c[0] in NATIVE))

    # reading the shapes ------------------------------------------------------------------

    def _read_hierarchy(self, triples: Iterable[Triple]) -> None:
        parents: dict[str, set[str]] = defaultdict(set)
        #: the types the ontology gives its own terms (the concepts the shapes allow), which
        #: pyshacl sees because the ontology is added to the data
        self.known_types: dict[str, set[str]] = defaultdict(set)
        for s, p, o in triples:
            if p == _SUBCLASS:
                parents[s].add(o)
            elif p == RDF_TYPE:
                self.known_types[s].add(o)
        #: class → the classes whose instances are its instances (itself and its subclasses)
        self.instances_of: dict[str, set[str]] = defaultdict(set)
        for cls in list(parents):
            seen, todo = {cls}, [cls]
            while todo:
                for parent in parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            for parent in seen:
                self.instances_of[parent].add(cls)
        for cls, instances in self.instances_of.items():
            instances.add(cls)

    def _one(self, node: str, name: str) -> str | None:
        values = self._graph.values(node, f"<{SH}{name}>")
        return values[0] if values else None

    def _list(self, head: str) -> list[str]:
        items = []
        while head != _NIL:
            items += self._graph.values(head, _FIRST)
            rest = self._graph.values(head, _REST)
            if not rest:
                raise ShapesError(f"a broken RDF list in the shapes at {head}")
            head = rest[0]
        return items

    def _shape(self, node: str, owner: str | None = None) -> _Shape:
        shape = self._compiled.get(node)
        if shape is not None:
            return shape
        shape = self._compiled[node] = _Shape(node if node.startswith("<") or owner is None else owner)
        for predicate, values in self._graph.out.get(node, {}).items():
            name = predicate[1:-1].removeprefix(SH)
            if predicate == RDF_TYPE or name in _DESCRIPTIVE:
                continue
            if not predicate.startswith(f"<{SH}") or name not in _COMPONENTS:
                raise ShapesError(f"shape {short(node)} uses {short(predicate)}, which the shape checker does not evaluate")
        one = functools.partial(self._one, node)
        values = functools.partial(self._graph.values, node)
        shape.target_classes = values(f"<{SH}targetClass>")
        shape.target_objects_of = values(f"<{SH}targetObjectsOf>")
        path = one("path")
        if path is not None:
            if path.startswith("<"):
                shape.path = path
            else:
                inverse = self._graph.values(path, f"<{SH}inversePath>")
                if not inverse:
                    raise ShapesError(f"shape {short(node)}: only a predicate or sh:inversePath is evaluated as a path")
                shape.path, shape.inverse = inverse[0], True
        if one("minCount") is not None:
            shape.min_count = int(literal(one("minCount"))[0])
        if one("maxCount") is not None:
            shape.max_count = int(literal(one("maxCount"))[0])
        flags = literal(one("flags"))[0] if one("flags") is not None else ""
        for cls in values(f"<{SH}class>"):
            shape.constraints.append(("Class", cls))
        for datatype in values(f"<{SH}datatype>"):
            shape.constraints.append(("Datatype", datatype[1:-1]))
        for kind in values(f"<{SH}nodeKind>"):
            shape.constraints.append(("NodeKind", kind[1:-1].removeprefix(SH)))
        if one("in") is not None:
            shape.constraints.append(("In", frozenset(self._list(one("in")))))
        for value in values(f"<{SH}hasValue>"):
            shape.constraints.append(("HasValue", value))
        for pattern in values(f"<{SH}pattern>"):
            shape.constraints.append(("Pattern", re.compile(literal(pattern)[0], _regex_flags(flags))))
        for bound in values(f"<{SH}minInclusive>"):
            shape.constraints.append(("MinInclusive", _number(bound)))
        if one("uniqueLang") is not None and literal(one("uniqueLang"))[0] == "true":
            shape.constraints.append(("UniqueLang", True))
        for other in values(f"<{SH}lessThanOrEquals>"):
            shape.constraints.append(("LessThanOrEquals", other))
        for other in values(f"<{SH}node>"):
            shape.constraints.append(("Node", self._shape(other, shape.node)))
        for head in values(f"<{SH}or>"):
            shape.constraints.append(("Or", [self._shape(s, shape.node) for s in self._list(head)]))
        for head in values(f"<{SH}xone>"):
            shape.constraints.append(("Xone", [self._shape(s, shape.node) for s in self._list(head)]))
        for qualified in values(f"<{SH}qualifiedValueShape>"):
            low, high = one("qualifiedMinCount"), one("qualifiedMaxCount")
            shape.qualified.append((self._shape(qualified, shape.node), None if low is None else int(literal(low)[0]),
                                    None if high is None else int(literal(high)[0])))
        for prop in values(f"<{SH}property>"):
            shape.properties.append(self._shape(prop, shape.node))
        for constraint in values(f"<{SH}sparql>"):
            shape.sparql.append(self._sparql(constraint))
        return shape

    def _sparql(self, node: str) -> tuple[str, str, str, frozenset[str]]:
        """A SPARQL-based constraint: its query with the prefixes it declares, its message, and
        the predicates the query names (the only triples it can read)."""
        select = self._one(node, "select")
        if select is None:
            raise ShapesError(f"{short(node)}: only sh:select SPARQL constraints are evaluated")
        message = self._one(node, "message")
        prefixes = {}
        for source in self._graph.values(node, f"<{SH}prefixes>"):
            for declaration in self._graph.values(source, f"<{SH}declare>"):
                prefix = literal(self._one(declaration, "prefix"))[0]
                prefixes[prefix] = literal(self._one(declaration, "namespace"))[0]
        query = literal(select)[0]
        every = {**PREFIXES, **prefixes}
        text = re.sub(r'"(?:[^"\\]|\\.)*"', "", query)  # no strings
        predicates = {f"<{every[p]}{local}>" for p, local in re.findall(r"(?<![\w?$])([A-Za-z][\w-]*):([\w-]+)", text)
                      if p in every}
        predicates |= {f"<{iri}>" for iri in re.findall(r"<([^>\s]+:[^>\s]*)>", text)}
        if re.search(r"(?<![\w?$:])a(?![\w:])", text):
            predicates.add(RDF_TYPE)
        header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
        message = literal(message)[0] if message else "the SPARQL constraint does not hold"
        return node, header + query, message, frozenset(predicates)

    # checking ----------------------------------------------------------------------------

    def check(self, triples: Sequence[Triple], pending: Pending | None = None) -> tuple[list[Violation], Pending]:
        """Check one graph's triples. Without ``pending``: a document's graph, where a node
        it names but does not describe is left as a pending check (returned). With
        ``pending``: the graph that describes those nodes (the units graph), which decides
        the pending checks as well as its own; nothing is left pending.

        Returns the violations found and the pending checks.
        """
        graph = _Graph(triples, self._inverse)
        final = pending is not None
        left = Pending()
        run = _Run(self, graph, left if not final else None)
        found: list[Violation] = []
        for shape in self.shapes:
            focus = run.focus_nodes(shape)
            if not focus:
                continue
            failing = run.fails(shape, focus)
            if failing:  # the node by node reading, for what to report (what is pending is already left)
                run.recording = False
                found += [v for node in focus if node in failing for v in run.node_shape(node, shape)]
                run.recording = True
            if shape.sparql:
                found += _sparql_violations(shape, focus, triples, graph)
        if final:
            for (node, need), (violation, more) in pending.checks.items():
                if not run.conforms(node, need):
                    found.append(violation if not more else Violation(
                        violation.focus, violation.path, violation.component, violation.shape, violation.value,
                        f"{violation.message} (and {more} more like it)"))
        return found, left


_EMPTY: list[str] = []


class _Run:
    """One check of one graph: the constraints evaluated on its nodes.

    :meth:`fails` finds the nodes that do not conform to a shape a constraint at a time over
    all of them (what every build runs); :meth:`node_shape` reads one node against a shape a
    constraint at a time, to say what is wrong with a node :meth:`fails` found.
    """

    def __init__(self, checker: ShapeChecker, graph: _Graph, pending: Pending | None) -> None:
        self.checker = checker
        self.graph = graph
        self.pending = pending  #: where to leave checks on nodes this graph does not describe
        self.recording = True  #: whether to leave them there (they are left once)

    def classes(self, cls: str) -> set[str]:
        return self.checker.instances_of.get(cls) or {cls}

    def is_instance(self, node: str, cls: str) -> bool:
        classes = self.classes(cls)
        return not (classes.isdisjoint(self.graph.types(node)) and classes.isdisjoint(self.checker.known_types.get(node, ())))

    def described(self, node: str) -> bool:
        return node in self.graph.subjects or node in self.checker.known_types

    def focus_nodes(self, shape: _Shape) -> list[str]:
        nodes: dict[str, None] = {}
        for cls in shape.target_classes:
            for sub in sorted(self.classes(cls)):
                nodes.update(dict.fromkeys(self.graph.of_type.get(sub, ())))
        for predicate in shape.target_objects_of:
            nodes.update(dict.fromkeys(self.graph.index(predicate, True)))
        return list(nodes)

    def conforms(self, node: str, need: tuple | _Shape) -> bool:
        if isinstance(need, tuple):  # ("class", C)
            return self.is_instance(node, need[1])
        return not self.fails(need, [node])

    # all nodes at once -------------------------------------------------------------------

    def fails(self, shape: _Shape, nodes: Sequence[str]) -> set[str]:
        """The nodes of ``nodes`` that do not conform to ``shape`` (nodes this graph does not
        describe are left pending where they cannot be decided here)."""
        bad: set[str] = set()
        if shape.path is None:
            pairs = [(n, [n]) for n in nodes]
            bad |= self.failing_pairs(shape, pairs, "")
        for prop in shape.properties:
            index = self.graph.index(prop.path, prop.inverse)
            get = index.get
            pairs = [(n, get(n, _EMPTY)) for n in nodes]
            bad |= self.failing_pairs(prop, pairs, ("^" if prop.inverse else "") + prop.path)
        return bad

    def failing_pairs(self, shape: _Shape, pairs: list[tuple[str, list[str]]], path: str) -> set[str]:
        """Of ``(focus node, its value nodes)``, the focus nodes whose values break ``shape``."""
        bad: set[str] = set()
        if shape.min_count:
            low = shape.min_count
            bad.update(n for n, vs in pairs if len(vs) < low)
        if shape.max_count is not None:
            high = shape.max_count
            bad.update(n for n, vs in pairs if len(vs) > high)
        values = {v for _, vs in pairs for v in vs}
        for component, parameter in shape.constraints:
            if component == "UniqueLang":
                bad.update(n for n, vs in pairs if len(vs) > 1 and not self.unique_langs(vs))
                continue
            if component == "HasValue" and shape.path is not None:
                bad.update(n for n, vs in pairs if parameter not in vs)
                continue
            if component == "LessThanOrEquals":
                index = self.graph.index(parameter)
                bad.update(n for n, vs in pairs if vs and not self.less_or_equal(vs, index.get(n, _EMPTY)))
                continue
            broken = self.failing_values(component, parameter, values, pairs, shape, path)
            if broken:
                bad.update(n for n, vs in pairs if not broken.isdisjoint(vs))
        for qualified, low, high in shape.qualified:
            broken = self.fails(qualified, list(values))
            for n, vs in pairs:
                count = sum(v not in broken for v in vs)
                if (low is not None and count < low) or (high is not None and count > high):
                    bad.add(n)
        return bad

    def failing_values(self, component: str, parameter, values: set[str], pairs, shape: _Shape, path: str) -> set[str]:
        """The values of ``values`` that break one constraint."""
        if component in ("Class", "Node", "Or", "Xone") and self.pending is not None:
            outside = {v for v in values if v.startswith("<") and not self.described(v)}
            if outside:
                need = ("class", parameter) if component == "Class" else parameter if component == "Node" else None
                if need is not None:  # decided by the graph that describes them
                    if self.recording:
                        what = f"not a {short(parameter)}" if component == "Class" else \
                            f"does not conform to {short(parameter.node)}"
                        for n, vs in pairs:
                            for v in vs:
                                if v in outside:
                                    self.pending.add(v, need, Violation(n, path, f"sh:{component}ConstraintComponent",
                                                                        shape.node, v, what))
                    values = values - outside
        if component == "Class":
            classes = self.classes(parameter)
            types, known = self.graph.type_of, self.checker.known_types
            return {v for v in values if classes.isdisjoint(types.get(v, _EMPTY)) and classes.isdisjoint(known.get(v, ()))}
        if component == "Datatype":
            return {v for v in values if not _has_datatype(v, parameter)}
        if component == "NodeKind":
            return {v for v in values if not _has_kind(v, parameter)}
        if component == "In":
            return values - parameter
        if component == "HasValue":
            return {v for v in values if v != parameter}
        if component == "Pattern":
            return {v for v in values if not _matches(v, parameter)}
        if component == "MinInclusive":
            return {v for v in values if not ((number := _number(v)) is not None and number >= parameter)}
        if component == "Node":
            return self.fails(parameter, list(values))
        if component == "Or":
            broken = set(values)
            for branch in parameter:
                broken &= self.fails(branch, list(broken))
            return broken
        if component == "Xone":
            listed = list(values)
            failed = [self.fails(branch, listed) for branch in parameter]
            return {v for v in listed if sum(v not in f for f in failed) != 1}
        raise ShapesError(f"no check for sh:{component}")  # pragma: no cover - _COMPONENTS lists what is here

    @staticmethod
    def unique_langs(values: list[str]) -> bool:
        langs = [lit[2].lower() for lit in map(literal, values) if lit and lit[2]]
        return len(langs) == len(set(langs))

    @staticmethod
    def less_or_equal(values: list[str], bounds: list[str]) -> bool:
        for value in values:
            number = _number(value)
            for other in bounds:
                bound = _number(other)
                if number is None or bound is None or number > bound:
                    return False
        return True

    # one node at a time, to say what is wrong ---------------------------------------------

    def node_shape(self, node: str, shape: _Shape) -> list[Violation]:
        """The violations of ``shape`` with ``node`` as focus."""
        found: list[Violation] = []
        if shape.path is None:
            found += self.values_check(node, shape, [node], "")
        for prop in shape.properties:
            values = self.graph.values(node, prop.path, prop.inverse)
            found += self.values_check(node, prop, values, ("^" if prop.inverse else "") + prop.path)
        return found

    def values_check(self, focus: str, shape: _Shape, values: list[str], path: str) -> list[Violation]:
        found: list[Violation] = []

        def fail(component: str, message: str, value: str | None = None) -> None:
            found.append(Violation(focus, path, f"sh:{component}ConstraintComponent", shape.node, value, message))

        if len(values) < shape.min_count:
            fail("MinCount", f"{len(values)} values, at least {shape.min_count} needed")
        if shape.max_count is not None and len(values) > shape.max_count:
            fail("MaxCount", f"{len(values)} values, at most {shape.max_count} allowed")
        pairs = [(focus, values)]
        for component, parameter in shape.constraints:
            if component == "UniqueLang":
                if not self.unique_langs(values):
                    fail("UniqueLang", "two values in one language")
            elif component == "HasValue" and shape.path is not None:
                if parameter not in values:
                    fail("HasValue", f"no value {short(parameter)}")
            elif component == "LessThanOrEquals":
                for value in values:
                    if not self.less_or_equal([value], self.graph.values(focus, parameter)):
                        fail("LessThanOrEquals", f"more than its {short(parameter)}", value)
            else:
                for value in sorted(self.failing_values(component, parameter, set(values), pairs, shape, path),
                                    key=values.index):
                    fail(component, _MESSAGES[component](parameter), value)
        for qualified, low, high in shape.qualified:
            broken = self.fails(qualified, values)
            count = sum(v not in broken for v in values)
            name = short(qualified.node)
            if low is not None and count < low:
                fail("QualifiedMinCount", f"{count} values of {name}, at least {low} needed")
            if high is not None and count > high:
                fail("QualifiedMaxCount", f"{count} values of {name}, at most {high} allowed")
        return found


_MESSAGES = {
    "Class": lambda c: f"not a {short(c)}",
    "Datatype": lambda d: f"not an {short('<' + d + '>')}",
    "NodeKind": lambda k: f"not a {k}",
    "In": lambda _: "not one of the values allowed",
    "HasValue": lambda v: f"not {short(v)}",
    "Pattern": lambda p: f"does not match {p.pattern!r}",
    "MinInclusive": lambda b: f"less than {b}",
    "Node": lambda s: f"does not conform to {short(s.node)}",
    "Or": lambda _: "conforms to none of the shapes of sh:or",
    "Xone": lambda _: "does not conform to exactly one of the shapes of sh:xone",
}


def _has_datatype(value: str, datatype: str) -> bool:
    if not value.startswith('"'):
        return False
    end = value.rfind('"')
    rest = value[end + 1:]
    if datatype == _STRING:
        ok = not rest or rest == f"^^<{_STRING}>"
    elif datatype == _LANG_STRING:
        ok = rest.startswith("@")
    else:
        ok = rest == f"^^<{datatype}>"
    lexical = _LEXICAL.get(datatype)
    return ok and (lexical is None or lexical.fullmatch(_unescape(value[1:end])) is not None)


def _has_kind(value: str, kind: str) -> bool:
    found = "IRI" if value.startswith("<") else "BlankNode" if value.startswith("_:") else "Literal"
    return found == kind or (found in kind and kind.startswith(("BlankNodeOr", "IRIOr")))


def _matches(value: str, pattern: re.Pattern) -> bool:
    if value.startswith("_:"):
        return False
    lit = literal(value)
    return pattern.search(lit[0] if lit else value[1:-1]) is not None


def _regex_flags(flags: str) -> int:
    return (re.IGNORECASE if "i" in flags else 0) | (re.MULTILINE if "m" in flags else 0) | \
        (re.DOTALL if "s" in flags else 0) | (re.VERBOSE if "x" in flags else 0)


def _sparql_violations(shape: _Shape, focus: Sequence[str], triples: Sequence[Triple], graph: _Graph) -> list[Violation]:
    """The SPARQL constraints of ``shape`` on the focus nodes: those of :data:`NATIVE` by
    their function, the others run by Oxigraph over the graph's triples whose predicate the
    query names, with ``$this`` bound to every focus node at once (a ``VALUES`` block at the
    start of the query's ``WHERE``); each result row is a violation at its ``$this``."""
    import pyoxigraph

    found = []
    for node, query, message, predicates in shape.sparql:
        native = NATIVE.get(node)
        if native is not None:
            found += [Violation(this, "", "sh:SPARQLConstraintComponent", shape.node, value, message)
                      for this, value in native[0](graph, focus)]
            continue
        store = pyoxigraph.Store()
        lines = "".join(f"{s} {p} {o} .\n" for s, p, o in triples if p in predicates)
        store.load(lines.encode("utf-8", "surrogatepass"), format=pyoxigraph.RdfFormat.N_TRIPLES)
        where = re.search(r"\bWHERE\s*\{", query, re.IGNORECASE)
        if where is None:
            raise ShapesError(f"{short(shape.node)}: the SPARQL constraint has no WHERE {{ … }}")
        bound = (query[: where.end()] + " VALUES ?this { " + " ".join(focus) + " } " + query[where.end():])
        for row in store.query(bound.replace("$this", "?this")):
            found.append(Violation(str(row["this"]), "", "sh:SPARQLConstraintComponent", shape.node, _value_of(row),
                                   message))
    return found


_FG = "https://fengong.example/ns#"
_OA = "http://www.w3.org/ns/oa#"


def _words_at_their_position(graph: _Graph, texts: Sequence[str]) -> Iterator[tuple[str, str]]:
    """``fgsh:WordsAtTheirPosition`` in one pass: for each text (``rdf:value``) of ``texts``,
    each span on it (``oa:hasSource``), its position selectors' ``oa:start``/``oa:end``,
    each fact read from the span (``fg:readFrom``) and its ``fg:asWritten``, ``fg:text`` or
    ``fg:name``: ``(text, value)`` where the value is not ``text[start:end]`` — the rows of
    the constraint's query, but Python slicing the text instead of SPARQL's ``SUBSTR``."""
    value_of = graph.index("<http://www.w3.org/1999/02/22-rdf-syntax-ns#value>")
    spans_of = graph.index(f"<{_OA}hasSource>", True)
    selectors, starts, ends = (graph.index(f"<{_OA}{n}>") for n in ("hasSelector", "start", "end"))
    facts_of = graph.index(f"<{_FG}readFrom>", True)
    words = [graph.index(f"<{_FG}{n}>") for n in ("asWritten", "text", "name")]
    for this in texts:
        for text_form in value_of.get(this, _EMPTY):
            text = literal(text_form)[0] if text_form.startswith('"') else None
            for span in spans_of.get(this, _EMPTY):
                for position in selectors.get(span, _EMPTY):
                    for start_form in starts.get(position, _EMPTY):
                        for end_form in ends.get(position, _EMPTY):
                            start, end = _number(start_form), _number(end_form)
                            if text is None or start is None or end is None:
                                continue  # SUBSTR of these is an error, and FILTER drops an error
                            quoted = _substr(text, start, end)
                            for fact in facts_of.get(span, _EMPTY):
                                for index in words:
                                    for value in index.get(fact, _EMPTY):
                                        lit = literal(value)
                                        if (lit[0] if lit else value[1:-1]) != quoted:
                                            yield this, value


def _substr(text: str, start: Decimal, end: Decimal) -> str:
    """SPARQL's ``SUBSTR(text, start + 1, end - start)``: code points from the (1-based)
    position, rounded, for the length, rounded."""
    first, length = round(start + 1), round(end - start)
    begin = max(first, 1)
    stop = first + length
    return text[begin - 1: max(stop - 1, begin - 1)] if stop > begin else ""


#: SPARQL constraints (by their IRI) the checker evaluates with a function of its own rather
#: than through Oxigraph, with the same results (``tests/test_rdf_shapes.py``), and the
#: predicates the function reads backwards
NATIVE = {"<https://fengong.example/shapes#WordsAtTheirPosition>":
          (_words_at_their_position, frozenset({f"<{_OA}hasSource>", f"<{_FG}readFrom>"}))}


def _value_of(row) -> str | None:
    """The ``?value`` of a SPARQL constraint's result row, in N-Quads form."""
    try:
        term = row["value"]
    except (KeyError, IndexError):
        return None
    return None if term is None else str(term)


def _parse_turtle(text: str) -> list[Triple]:
    """Turtle as triples in N-Quads form (blank nodes as ``_:id``), read by Oxigraph."""
    import pyoxigraph

    return [(str(t.subject), str(t.predicate), str(t.object))
            for t in pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)]


@functools.cache
def shape_checker() -> ShapeChecker:
    """The checker of ``graph/data/shapes.ttl``, read once."""
    return ShapeChecker()


def validate(data) -> tuple[bool, object, str]:
    """Validate an rdflib graph or dataset with pyshacl, the reference SHACL processor,
    against :func:`fengong.graph.rdf.shapes` with :func:`fengong.graph.rdf.ontology` added to
    it (the concepts and class hierarchy the shapes refer to). Needs ``pip install pyshacl``;
    minutes on a large corpus, where :class:`ShapeChecker` (what ``fengong build`` runs) takes
    seconds.

    Returns pyshacl's ``(conforms, results graph, results text)``.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> from fengong.graph.rdf import to_rdf, union_graph
    >>> from rdflib.namespace import PROV
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> ds = to_rdf([doc], to_networkx([doc]))
    >>> validate(ds)[0]
    True
    >>> broken = union_graph(ds)
    >>> _ = broken.remove((None, PROV.agent, None))
    >>> conforms, _, report = validate(broken)
    >>> conforms, "prov:agent" in report
    (False, True)
    """
    import pyshacl
    from rdflib import Dataset, Graph

    from .rdf import ontology, shapes, union_graph

    graph = union_graph(data) if isinstance(data, Dataset) else data + Graph()
    graph += ontology()
    return pyshacl.validate(graph, shacl_graph=shapes(), inference="none", inplace=True)
