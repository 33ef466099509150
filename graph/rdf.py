"""The plan as linked data: one mapping from the document model and the plan graph to RDF.

:func:`to_rdf` is a pure converter: parsed :class:`~fengong.parser.model.Document` objects plus the
networkx graph built from them (which carries the resolved units) become an
:class:`rdflib.Dataset` with one named graph per document (and one for the units they name,
described once). :func:`write_rdf_outputs` puts that
dataset in files (Turtle, N-Quads, JSON-LD with a local context) and in an on-disk Oxigraph
store; the same input gives byte-identical files.

The mapping (``docs/rdf.md`` says the same at more length)
-------------------------------------------------------------
Document
    ``eli:LegalResource`` with ``dcterms:title``, ``eli:date_document``, ``eli:passed_by`` (the
    issuer, an ``org:Organization``), ``eli:id_local`` (the 文号, where printed),
    ``eli:jurisdiction`` and ``eli:has_part`` its top-level sections. It ``eli:is_realized_by``
    one ``eli:LegalExpression`` (title, language) that ``eli:is_embodied_by`` one ``eli:Format``:
    the text itself (``rdf:value``, ``fg:sha256``), against which every offset counts.
Section
    ``eli:LegalResourceSubdivision`` with ``eli:number`` (the label as printed, ``三、``),
    ``dcterms:title``, ``fg:path``, ``fg:depth``, ``eli:is_part_of`` / ``eli:has_part``.
Task
    ``fg:Task`` and ``prov:Activity``: ``fg:text``, ``fg:section``, ``fg:annotationText`` and
    ``fg:annotationForm``, ``fg:note`` for each scoping note, ``fg:deadline`` for each deadline.
Assignment (one unit named against a task)
    ``fg:Assignment`` and ``prov:Association``, reached by ``prov:qualifiedAssociation`` from the
    task, with ``prov:agent`` the unit, ``prov:hadRole`` one of ``fg:lead``, ``fg:responsible``,
    ``fg:support``, ``fg:guide``, ``fg:implicit``, ``fg:asWritten`` and ``fg:roleSource``; the
    task also gets the unqualified ``prov:wasAssociatedWith``. A unit named in running text
    (role ``fg:prose``) is an ``fg:Assignment`` reached by ``fg:mentions`` from its section.
Unit
    ``org:Organization`` (and ``org:OrganizationalCollaboration`` for leading groups and
    committees) and ``prov:Agent``; a collective placeholder (各县市区, 市直各部门) is an
    ``fg:UnitPlaceholder`` and ``prov:Agent`` only. ``skos:prefLabel`` the full name,
    ``skos:altLabel`` the short name and every spelling met, ``org:classification`` the unit
    type (a ``skos:Concept`` in ``fg:UnitTypes``), ``fg:jurisdiction``; a 成员单位 collective
    ``fg:collectiveOf`` its group.
Indicator and Target
    ``fg:Indicator`` (``fg:name``, ``fg:path``, ``fg:indicatorType``, ``fg:section``) and
    ``fg:Target`` (also ``schema:QuantitativeValue`` when it has a number): ``fg:text``,
    ``schema:value``, ``schema:unitText``, ``schema:minValue``/``schema:maxValue`` for ≥/≤,
    ``fg:comparator``, ``fg:targetKind``, ``fg:targetYear``; linked by ``fg:hasTarget`` from
    its indicator or task.
Provenance
    Every section, task, assignment, indicator and target ``fg:readFrom`` an
    ``oa:SpecificResource`` whose ``oa:hasSource`` is the document's text and whose two
    selectors are an ``oa:TextPositionSelector`` (``oa:start``/``oa:end`` in code points, as
    Python counts) and an ``oa:TextQuoteSelector`` (``oa:exact``, ``oa:prefix``,
    ``oa:suffix``).

IRIs are ASCII, opaque and deterministic, all under one base (:data:`DEFAULT_BASE` unless
given): ``eli/<d>`` for a document (``d`` is ``n`` + a hash of its 文号, or ``t`` + a hash of
its text), its parts below it by section path and offset, ``unit/<h>`` for a unit (a hash of
jurisdiction and canonical name, so two cities' 市发改委 never merge) and ``place/<h>`` for a
jurisdiction. There are no blank nodes: merging the output of several runs never duplicates a
node.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SH, SKOS, XSD, DefinedNamespace, Namespace

from fengong.parser.errors import FengongError
from fengong.parser.io import atomic_write_text, atomic_writer, temporary_folder

from .schema import ROLE_EDGE_TYPES, document_id, section_id, task_id
from .units import resolve_unit

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from fengong.parser.model import Document

__all__ = [
    "DEFAULT_BASE",
    "FG",
    "ELI",
    "OA",
    "PREFIXES",
    "ROLE_CONCEPTS",
    "COMPARATOR_CONCEPTS",
    "TARGET_KIND_CONCEPTS",
    "INDICATOR_TYPE_CONCEPTS",
    "UNIT_TYPE_CLASSES",
    "RDFExportError",
    "script_tag",
    "document_iri",
    "unit_iri",
    "units_graph_iri",
    "to_rdf",
    "union_graph",
    "to_turtle",
    "to_nquads",
    "iter_nquads",
    "write_nquads",
    "to_jsonld",
    "jsonld_context",
    "write_rdf_outputs",
    "RDF_FORMATS",
    "RDFLIB_QUAD_LIMIT",
    "ontology",
    "shapes",
    "validate",
    "assignment_table",
]

#: The base IRI every minted IRI starts with. ``.example`` is a reserved name (RFC 2606): a
#: publisher passes its own base to :func:`to_rdf` / :func:`write_rdf_outputs`.
DEFAULT_BASE = "https://fengong.example/id/"

#: Characters that may stand in an IRI path segment as they are.
_SAFE_SEGMENT = re.compile(r"[0-9A-Za-z._-]+")
#: Code points of context kept on each side of a quote (``oa:prefix`` / ``oa:suffix``).
QUOTE_CONTEXT = 16
#: Characters found only in traditional / only in simplified writing, pairwise (發/发 …);
#: used to tag literals ``zh-Hant`` or ``zh-Hans``.
_SCRIPT_PAIRS = "發发會会國国為为經经濟济區区門门業业產产務务關关實实現现這这們们長长進进設设財财"
_TRADITIONAL = frozenset(_SCRIPT_PAIRS[0::2])
_SIMPLIFIED = frozenset(_SCRIPT_PAIRS[1::2])


class FG(DefinedNamespace):
    """fengong's own vocabulary; every term is defined in ``graph/data/fengong.ttl``."""

    _NS = Namespace("https://fengong.example/ns#")
    _fail = True

    # classes
    Task: URIRef  # the text one annotation applies to; a prov:Activity
    Assignment: URIRef  # one unit named against a task (or in prose); a prov:Association
    UnitPlaceholder: URIRef  # a collective such as 各县市区 that stands for many units
    Indicator: URIRef  # a numbered indicator (主要指标)
    Target: URIRef  # a quantitative or textual target
    Column: URIRef  # a 专栏 (project column)
    # concept schemes and their concepts
    Roles: URIRef
    lead: URIRef
    responsible: URIRef
    support: URIRef
    guide: URIRef
    prose: URIRef
    other: URIRef
    Comparators: URIRef
    atLeast: URIRef
    atMost: URIRef
    exactly: URIRef
    about: URIRef
    increaseBy: URIRef
    TargetKinds: URIRef
    levelTarget: URIRef
    growthTarget: URIRef
    changeTarget: URIRef
    textTarget: URIRef
    IndicatorTypes: URIRef
    expected: URIRef
    binding: URIRef
    UnitTypes: URIRef
    collectiveUnit: URIRef
    leadingGroupOffice: URIRef
    leadingGroup: URIRef
    courtOrProcuratorate: URIRef
    partyOrgan: URIRef
    peoplesOrganisation: URIRef
    centralBranch: URIRef
    enterprise: URIRef
    parkOrZone: URIRef
    governmentDepartment: URIRef
    otherUnit: URIRef
    # properties
    addressee: URIRef
    annotationForm: URIRef
    annotationText: URIRef
    asWritten: URIRef
    collectiveOf: URIRef
    columnRef: URIRef
    comparator: URIRef
    deadline: URIRef
    depth: URIRef
    hasTarget: URIRef
    implicit: URIRef
    indicatorType: URIRef
    jurisdiction: URIRef
    mentions: URIRef
    name: URIRef
    note: URIRef
    path: URIRef
    readFrom: URIRef
    refersTo: URIRef
    roleSource: URIRef
    section: URIRef
    sha256: URIRef
    sourceName: URIRef
    targetKind: URIRef
    targetYear: URIRef
    text: URIRef


class ELI(DefinedNamespace):
    """The terms of the European Legislation Identifier ontology that fengong uses."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    AdministrativeArea: URIRef
    Format: URIRef
    LegalExpression: URIRef
    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    date_document: URIRef
    embodies: URIRef
    format: URIRef
    has_part: URIRef
    id_local: URIRef
    is_embodied_by: URIRef
    is_part_of: URIRef
    is_realized_by: URIRef
    jurisdiction: URIRef
    language: URIRef
    number: URIRef
    passed_by: URIRef
    realizes: URIRef
    title: URIRef


class OA(DefinedNamespace):
    """The terms of the W3C Web Annotation vocabulary that fengong uses."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    end: URIRef
    exact: URIRef
    hasSelector: URIRef
    hasSource: URIRef
    prefix: URIRef
    start: URIRef
    suffix: URIRef


#: Prefixes bound in every output, in the order they are written.
PREFIXES: dict[str, str] = {
    "dcterms": str(DCTERMS),
    "eli": str(ELI._NS),
    "fg": str(FG._NS),
    "oa": str(OA._NS),
    "org": str(ORG),
    "prov": str(PROV),
    "rdf": str(RDF),
    "schema": str(SDO),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

#: The EU Publications Office's language authority entry for Chinese.
_CHINESE = URIRef("http://publications.europa.eu/resource/authority/language/ZHO")
_TEXT_PLAIN = URIRef("http://www.iana.org/assignments/media-types/text/plain")

#: the model's role, comparator, target kind and indicator type → fengong's concept for it
ROLE_CONCEPTS = {"lead": FG.lead, "responsible": FG.responsible, "support": FG.support, "guide": FG.guide, "prose": FG.prose,
                 "other": FG.other}
COMPARATOR_CONCEPTS = {">=": FG.atLeast, "<=": FG.atMost, "=": FG.exactly, "~": FG.about, "+": FG.increaseBy}
TARGET_KIND_CONCEPTS = {"level": FG.levelTarget, "growth": FG.growthTarget, "change": FG.changeTarget, "text": FG.textTarget}
INDICATOR_TYPE_CONCEPTS = {"预期性": FG.expected, "约束性": FG.binding}
#: unit type (:data:`fengong.graph.units.UNIT_TYPES`) → its concept, and the W3C ORG class a unit of
#: that type also gets besides ``org:Organization`` (``None``: no more specific class)
UNIT_TYPE_CLASSES = {
    "collective": (FG.collectiveUnit, None),
    "leading_group_office": (FG.leadingGroupOffice, ORG.OrganizationalUnit),
    "leading_group": (FG.leadingGroup, ORG.OrganizationalCollaboration),
    "court_procuratorate": (FG.courtOrProcuratorate, ORG.FormalOrganization),
    "party_organ": (FG.partyOrgan, ORG.FormalOrganization),
    "peoples_organisation": (FG.peoplesOrganisation, ORG.FormalOrganization),
    "central_branch": (FG.centralBranch, ORG.OrganizationalUnit),
    "enterprise": (FG.enterprise, ORG.FormalOrganization),
    "park_zone": (FG.parkOrZone, None),
    "government_department": (FG.governmentDepartment, ORG.FormalOrganization),
    "other": (FG.otherUnit, None),
}


class RDFExportError(FengongError):
    """The documents and the graph given to :func:`to_rdf` do not belong together."""


# --------------------------------------------------------------------------------------------
# IRIs


def _hash(*parts: str) -> str:
    """16 hex digits of the SHA-256 of the parts, joined by a unit separator."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _segment(value: str) -> str:
    """``value`` as an IRI path segment: itself where it is plain ASCII, else ``x`` + a hash.

    >>> _segment("3.2.1"), _segment("5—3")
    ('3.2.1', 'xec0eb69264beb873')
    """
    return value if _SAFE_SEGMENT.fullmatch(value) else "x" + _hash(value)


def document_iri(doc: Document, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a document: from its 文号 where it has one, else from a hash of its text.

    >>> from fengong.parser.model import Document
    >>> document_iri(Document(source="a.txt", text="一、总体要求"))
    rdflib.term.URIRef('https://fengong.example/id/eli/t75c2cf96f6bafcec')
    """
    number = doc.metadata.doc_number
    key = "n" + _hash(number.value) if number is not None else "t" + _hash(doc.text)
    return URIRef(f"{base}eli/{key}")


def unit_iri(node: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a unit: a hash of its graph node id, which is the scope (the issuing
    jurisdiction) and the canonical name (:func:`fengong.graph.schema.unit_id`).

    >>> from fengong.graph.schema import unit_id
    >>> unit_iri(unit_id("荆门市", "市发改委")) != unit_iri(unit_id("宜昌市", "市发改委"))
    True
    """
    return URIRef(f"{base}unit/{_hash(node)}")


def units_graph_iri(base: str = DEFAULT_BASE) -> URIRef:
    """The named graph that holds the units and jurisdictions: described once, however many
    documents name them, so a query over the union of the graphs meets each triple once.

    >>> units_graph_iri()
    rdflib.term.URIRef('https://fengong.example/id/units')
    """
    return URIRef(f"{base}units")


def _place_iri(jurisdiction: str, base: str) -> URIRef:
    return URIRef(f"{base}place/{_hash(jurisdiction)}")


def script_tag(text: str, default: str = "zh-Hans") -> str:
    """``zh-Hant`` where traditional characters outnumber simplified ones, else ``default``.

    >>> script_tag("經濟發展"), script_tag("经济发展"), script_tag("荆门")
    ('zh-Hant', 'zh-Hans', 'zh-Hans')
    """
    if len(text) < 200:  # a name or a label: one look at each character
        traditional = sum(ch in _TRADITIONAL for ch in text)
        simplified = sum(ch in _SIMPLIFIED for ch in text)
    else:  # a whole document: one count per character of the table, in C
        traditional = sum(map(text.count, _TRADITIONAL))
        simplified = sum(map(text.count, _SIMPLIFIED))
    if traditional > simplified:
        return "zh-Hant"
    if simplified > traditional:
        return "zh-Hans"
    return default


def _decimal(value: float) -> str:
    """A float as an ``xsd:decimal`` with the shortest digits that read back as it."""
    return _typed(format(Decimal(repr(value)), "f"), "xsd:decimal")


# --------------------------------------------------------------------------------------------
# terms, written straight in their N-Quads form
#
# The mapping writes each term as the text N-Quads gives it (``<iri>``, ``"text"@zh-Hans``,
# ``"5"^^<…#integer>``) rather than as rdflib objects: a corpus has tens of millions of triples,
# and making an rdflib term costs microseconds. The forms are those of canonical N-Quads
# (RDF 1.1: only ``"``, ``\``, line feed and carriage return escaped), which is also what
# rdflib and Oxigraph write, so that :func:`to_nquads` of the rdflib dataset and the streamed
# file are the same bytes.


class _IRIForms(dict):
    """``N[term]`` is the N-Quads form ``<iri>`` of a vocabulary term, made once per term."""

    def __missing__(self, term: str) -> str:
        form = self[term] = f"<{term}>"
        return form


N = _IRIForms()


class _CURIEForms(dict):
    """``T["fg:readFrom"]`` is the N-Quads form of a term named by one of :data:`PREFIXES`,
    made once (a misspelt ``fg:`` or ``eli:`` term fails, as ``FG.x`` does)."""

    def __missing__(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        term = getattr(_NAMESPACES[prefix], local)
        form = self[curie] = f"<{term}>"
        return form


_NAMESPACES = {"dcterms": DCTERMS, "eli": ELI, "fg": FG, "oa": OA, "org": ORG, "prov": PROV, "rdf": RDF,
               "schema": SDO, "skos": SKOS, "xsd": XSD}
T = _CURIEForms()
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')


def _quoted(value: str) -> str:
    """``value`` as an N-Quads string: in double quotes, with the four characters escaped
    that canonical N-Quads escapes.

    >>> print(_quoted('他说"好"\\n'))
    "他说\\"好\\"\\n"
    """
    if _NEEDS_ESCAPE.search(value):
        value = value.translate(_ESCAPES)
    return f'"{value}"'


def _typed(lexical: str, datatype: str) -> str:
    """A typed literal; ``datatype`` as ``xsd:…``."""
    return f'"{lexical}"^^{T[datatype]}'


def _lang(value: str, tag: str) -> str:
    return f"{_quoted(value)}@{tag}"


_TRUE, _FALSE = _typed("true", "xsd:boolean"), _typed("false", "xsd:boolean")


# --------------------------------------------------------------------------------------------
# the converter


def _document_keys(docs: Sequence[Document], G: nx.MultiDiGraph, keys: Sequence[str] | None) -> list[str]:
    """The key of each document in ``G``: given, or the keys the graph was built with."""
    keys = list(G.graph.get("documents", ()) if keys is None else keys)
    if len(keys) != len(docs):
        raise RDFExportError(f"{len(docs)} documents but the graph has {len(keys)} document keys")
    for doc, key in zip(docs, keys):
        node = G.nodes.get(document_id(key))
        if node is None or node.get("source") != doc.source:
            raise RDFExportError(f"{doc.source}: the graph has no Document node {document_id(key)!r} for it")
    return keys


def _mention_units(G: nx.MultiDiGraph, key: str, doc: Document) -> dict[tuple[int, int], str]:
    """(start, end) of every unit mention of the document ``key`` → the Unit/UnitGroup node it
    resolved to, read from the role edges into the document's own nodes (so that each
    document's lookup costs its own edges, not the corpus's)."""
    index: dict[tuple[int, int], str] = {}
    targets = [document_id(key), *(section_id(key, s.path) for s in doc.sections),
               *(task_id(key, t.id) for t in doc.tasks)]
    for target in targets:
        if target not in G:
            continue
        for unit, edges in G.pred[target].items():
            for data in edges.values():
                if data.get("type") in ROLE_EDGE_TYPES and data.get("doc") == key:
                    index[(data["start"], data["end"])] = unit
    return index


class _DocumentWriter:
    """Writes the triples of one document's named graph, as N-Quads triple text.

    ``lines`` collects the N-Quads lines of the document's graph. The units, issuers and
    places it names are only recorded (``units``, ``issuers``, ``places``): their
    descriptions go in the shared units graph, which :class:`_UnitsWriter` writes once for
    all documents.
    """

    def __init__(self, doc: Document, key: str, G: nx.MultiDiGraph, base: str) -> None:
        self.doc = doc
        self.key = key
        self.G = G
        self.base = base
        self.mention_units = _mention_units(G, key, doc)
        self.iri_text = str(document_iri(doc, base))
        self.iri = f"<{self.iri_text}>"
        self.text_iri = f"<{self.iri_text}/zh/txt>"
        self.lang = script_tag(doc.text)
        self.jurisdiction = G.nodes[document_id(key)].get("jurisdiction") or ""
        self.paths = {section.path for section in doc.sections}
        self.end = f" {self.iri} .\n"  #: what ends each line: the named graph, the full stop
        #: the graph's N-Quads: one line, or the lines of one provenance (see :meth:`provenance`)
        self.lines: list[str] = []
        self.provenance_of: dict[str, str] = {}  #: subject → the lines of its provenance
        self.units: dict[str, str] = {}  #: unit node → its IRI form, for the units graph
        self.issuers: dict[str, tuple[str, dict]] = {}  #: issuer IRI form → (node, data) when not in the graph
        self.places: set[str] = set()

    # helpers -----------------------------------------------------------------------------

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o}{self.end}")

    def zh(self, value: str) -> str:
        return _lang(value, self.lang)

    def provenance(self, subject: str, start: int, end: int) -> None:
        """``subject fg:readFrom`` the span ``text[start:end]``, with both selectors."""
        text = self.doc.text
        inner = subject[1:-1]
        span, position, quote = f"<{inner}/src>", f"<{inner}/src/pos>", f"<{inner}/src/quote>"
        e = self.end
        # one string for the twelve lines: this runs for every fact a corpus holds
        block = (
            f"{subject} {T['fg:readFrom']} {span}{e}"
            f"{span} {T['rdf:type']} {T['oa:SpecificResource']}{e}"
            f"{span} {T['oa:hasSource']} {self.text_iri}{e}"
            f"{span} {T['oa:hasSelector']} {position}{e}"
            f"{span} {T['oa:hasSelector']} {quote}{e}"
            f"{position} {T['rdf:type']} {T['oa:TextPositionSelector']}{e}"
            f"{position} {T['oa:start']} \"{start}\"^^{T['xsd:nonNegativeInteger']}{e}"
            f"{position} {T['oa:end']} \"{end}\"^^{T['xsd:nonNegativeInteger']}{e}"
            f"{quote} {T['rdf:type']} {T['oa:TextQuoteSelector']}{e}"
            f"{quote} {T['oa:exact']} {_quoted(text[start:end])}{e}"
            f"{quote} {T['oa:prefix']} {_quoted(text[max(0, start - QUOTE_CONTEXT):start])}{e}"
            f"{quote} {T['oa:suffix']} {_quoted(text[end:end + QUOTE_CONTEXT])}{e}"
        )
        previous = self.provenance_of.get(subject)
        if previous is None:
            self.provenance_of[subject] = block
            self.lines.append(block)
        else:  # read a second time (a section number printed twice): only the lines not written yet
            written = set(previous.splitlines(keepends=True))
            new = [line for line in block.splitlines(keepends=True) if line not in written]
            self.provenance_of[subject] = previous + "".join(new)
            self.lines += new

    def section_iri(self, path: str) -> str:
        """The section's IRI; the document's for a path the document has no section for."""
        if path not in self.paths:
            return self.iri
        return f"<{self.iri_text}/s/{_segment(path)}>"

    def parent_iri(self, path: str) -> str:
        """The nearest numbered ancestor of a section, else the document."""
        while "." in path:
            path = path.rpartition(".")[0]
            if path in self.paths:
                return self.section_iri(path)
        return self.iri

    def indicator_iri(self, path: str) -> str:
        return f"<{self.iri_text}/i/{_segment(path)}>"

    def task_iri(self, task_id: str) -> str:
        path, _, n = task_id.rpartition("#")
        return f"<{self.iri_text}/t/{_segment(path)}-{_segment(n)}>"

    def unit(self, node: str) -> str:
        """The IRI of a unit node of the graph (described in the units graph)."""
        form = self.units.get(node)
        if form is None:
            form = self.units[node] = N[unit_iri(node, self.base)]
        return form

    def issuer(self, written: str) -> str:
        """The issuing body, resolved as the unit rules resolve any unit string, so that it is
        the same node where the graph names it too."""
        scope = self.jurisdiction or document_id(self.key)
        resolved = resolve_unit(written, self.jurisdiction, scope=scope)
        if resolved.id in self.G:
            return self.unit(resolved.id)
        form = N[unit_iri(resolved.id, self.base)]
        data = {"name": resolved.name, "full_name": resolved.full_name, "unit_type": resolved.unit_type,
                "placeholder": resolved.placeholder, "jurisdiction": resolved.jurisdiction, "aliases": written}
        self.issuers[form] = (resolved.id, data, resolved.node_type == "UnitGroup")
        return form

    def place(self, name: str) -> str:
        self.places.add(name)
        return N[_place_iri(name, self.base)]

    # the document ------------------------------------------------------------------------

    def write(self) -> None:
        self.write_document()
        for section in self.doc.sections:
            self.write_section(section)
        for task in self.doc.tasks:
            self.write_task(task)
        for assignment in self.doc.assignments:
            self.write_assignment(assignment)
        for indicator in self.doc.indicators:
            self.write_indicator(indicator)
        for target in self.doc.targets:
            self.write_target(target)
        for ref in self.doc.column_refs:
            self.write_column_ref(ref)

    def write_document(self) -> None:
        doc, iri, add = self.doc, self.iri, self.add
        meta = doc.metadata
        expression = f"<{self.iri_text}/zh>"
        add(iri, T["rdf:type"], T["eli:LegalResource"])
        add(iri, T["eli:is_realized_by"], expression)
        add(expression, T["rdf:type"], T["eli:LegalExpression"])
        add(expression, T["eli:realizes"], iri)
        add(expression, T["eli:language"], N[_CHINESE])
        add(expression, T["eli:is_embodied_by"], self.text_iri)
        add(self.text_iri, T["rdf:type"], T["eli:Format"])
        add(self.text_iri, T["eli:embodies"], expression)
        add(self.text_iri, T["eli:format"], N[_TEXT_PLAIN])
        add(self.text_iri, T["rdf:value"], _quoted(doc.text))
        add(self.text_iri, T["fg:sha256"], _quoted(hashlib.sha256(doc.text.encode("utf-8")).hexdigest()))
        add(self.text_iri, T["fg:sourceName"], _quoted(PurePath(doc.source).name))  # no machine's folders
        if meta.title is not None:
            add(iri, T["dcterms:title"], self.zh(meta.title.value))
            add(expression, T["eli:title"], self.zh(meta.title.value))
        if meta.iso_date:
            add(iri, T["eli:date_document"], _typed(meta.iso_date, "xsd:date"))
        if meta.doc_number is not None:
            add(iri, T["eli:id_local"], _quoted(meta.doc_number.value))
        if meta.issuer is not None:
            add(iri, T["eli:passed_by"], self.issuer(meta.issuer.value))
        if self.jurisdiction:
            add(iri, T["eli:jurisdiction"], self.place(self.jurisdiction))
        for addressee in meta.addressees:
            add(iri, T["fg:addressee"], self.zh(addressee.value))

    def write_section(self, section) -> None:
        iri, add = self.section_iri(section.path), self.add
        parent = self.parent_iri(section.path)
        add(iri, T["rdf:type"], T["eli:LegalResourceSubdivision"])
        add(iri, T["eli:is_part_of"], parent)
        add(parent, T["eli:has_part"], iri)
        add(iri, T["eli:number"], self.zh(section.label))
        add(iri, T["dcterms:title"], self.zh(section.title))
        add(iri, T["fg:path"], _quoted(section.path))
        add(iri, T["fg:depth"], _typed(str(section.level), "xsd:integer"))
        self.provenance(iri, section.start, section.end)

    def write_task(self, task) -> None:
        iri, add = self.task_iri(task.id), self.add
        note = task.annotation
        add(iri, T["rdf:type"], T["fg:Task"])
        add(iri, T["rdf:type"], T["prov:Activity"])
        add(iri, T["dcterms:identifier"], _quoted(task.id))
        add(iri, T["fg:section"], self.section_iri(task.section))
        add(iri, T["fg:text"], self.zh(task.text))
        add(iri, T["fg:annotationText"], self.zh(note.text))
        add(iri, T["fg:annotationForm"], _quoted(note.form))
        for span in note.notes:
            add(iri, T["fg:note"], self.zh(span.value))
        for span in note.deadlines:  # Deadline: as written
            add(iri, T["fg:deadline"], self.zh(span.text))
        self.provenance(iri, task.start, task.end)

    def write_assignment(self, a) -> None:
        node = self.mention_units.get((a.start, a.end))
        if node is None:
            raise RDFExportError(f"{self.doc.source}: no unit in the graph for {a.unit!r} at {a.start}–{a.end}")
        unit = self.unit(node)
        add = self.add
        if a.task is None:
            owner = self.section_iri(a.section)
            iri = f"<{owner[1:-1]}/m/{a.role}-{a.start}>"
            add(owner, T["fg:mentions"], iri)
        else:
            owner = self.task_iri(a.task)
            iri = f"<{owner[1:-1]}/a/{a.role}-{a.start}" + ("-i>" if a.implicit else ">")
            add(owner, T["prov:qualifiedAssociation"], iri)
            add(owner, T["prov:wasAssociatedWith"], unit)
        add(iri, T["rdf:type"], T["fg:Assignment"])
        add(iri, T["rdf:type"], T["prov:Association"])
        add(iri, T["prov:agent"], unit)
        add(iri, T["prov:hadRole"], N[ROLE_CONCEPTS[a.role]])
        add(iri, T["fg:implicit"], _TRUE if a.implicit else _FALSE)
        add(iri, T["fg:asWritten"], self.zh(a.unit))
        if a.source:
            add(iri, T["fg:roleSource"], _quoted(a.source))
        self.provenance(iri, a.start, a.end)

    def write_indicator(self, indicator) -> None:
        iri, add = self.indicator_iri(indicator.path), self.add
        add(iri, T["rdf:type"], T["fg:Indicator"])
        add(iri, T["fg:name"], self.zh(indicator.name))
        add(iri, T["fg:path"], _quoted(indicator.path))
        add(iri, T["fg:section"], self.section_iri(indicator.path))
        if indicator.type in INDICATOR_TYPE_CONCEPTS:
            add(iri, T["fg:indicatorType"], N[INDICATOR_TYPE_CONCEPTS[indicator.type]])
        self.provenance(iri, indicator.start, indicator.end)
        for target in indicator.targets:
            add(iri, T["fg:hasTarget"], self.write_target(target, owner=iri))

    def write_target(self, target, owner: str | None = None) -> str:
        iri, add = f"<{self.iri_text}/g/{target.start}>", self.add
        if owner is None and target.owner:
            kind, _, name = target.owner.rpartition(":")
            owner = self.indicator_iri(name) if kind == "indicator" else self.task_iri(name)
            add(owner, T["fg:hasTarget"], iri)
        add(iri, T["rdf:type"], T["fg:Target"])
        add(iri, T["fg:text"], self.zh(target.text))
        add(iri, T["fg:comparator"], N[COMPARATOR_CONCEPTS[target.comparator]])
        add(iri, T["fg:targetKind"], N[TARGET_KIND_CONCEPTS[target.kind]])
        if target.value is not None:
            value = _decimal(target.value)
            add(iri, T["rdf:type"], T["schema:QuantitativeValue"])
            add(iri, T["schema:value"], value)
            if target.comparator == ">=":
                add(iri, T["schema:minValue"], value)
            elif target.comparator == "<=":
                add(iri, T["schema:maxValue"], value)
        if target.unit:
            add(iri, T["schema:unitText"], self.zh(target.unit))
        if target.year is not None:
            add(iri, T["fg:targetYear"], _typed(f"{target.year:04d}", "xsd:gYear"))
        self.provenance(iri, target.start, target.end)
        return iri

    def write_column_ref(self, ref) -> None:
        column = f"<{self.iri_text}/c/{_segment(ref.ref)}>"
        self.add(column, T["rdf:type"], T["fg:Column"])
        self.add(column, T["fg:columnRef"], _quoted(ref.ref))
        self.add(self.section_iri(ref.section), T["fg:refersTo"], column)


class _UnitsWriter:
    """Writes the shared units graph: each unit, issuer and place the documents name,
    described once, from the attributes of its graph node."""

    def __init__(self, G: nx.MultiDiGraph, base: str) -> None:
        self.G = G
        self.base = base
        self.triples: dict[str, None] = {}  #: each triple once, in the order first written
        self.described: set[str] = set()
        self.places: dict[str, str] = {}  #: jurisdiction → its IRI form, once described
        self.groups: dict[str, list[str]] = {}  #: a 成员单位 collective → the groups it is of (member_of)
        for member, group, kind in G.edges(data="type"):
            if kind == "member_of":
                self.groups.setdefault(member, []).append(group)

    def add(self, s: str, p: str, o: str) -> None:
        self.triples[f"{s} {p} {o}"] = None

    def take(self, units: dict[str, str], issuers: dict[str, tuple], places: set[str], lang: str) -> None:
        """Describe what one document's writer named (``lang``: the document's script tag)."""
        for node in units:
            self.unit(node, lang)
        for form, (node, data, group) in issuers.items():
            if node not in self.described:
                self.described.add(node)
                self.describe_unit(form, data, group, lang)
        for name in sorted(places):
            self.place(name, lang)

    def unit(self, node: str, lang: str) -> str:
        form = N[unit_iri(node, self.base)]
        if node not in self.described:
            self.described.add(node)
            data = self.G.nodes[node]
            self.describe_unit(form, data, data.get("type") == "UnitGroup", lang)
            for group in self.groups.get(node, ()):
                self.add(form, T["fg:collectiveOf"], self.unit(group, lang))
        return form

    def describe_unit(self, iri: str, data, group: bool, lang: str) -> None:
        """Types, names, classification and jurisdiction of a unit, from the attributes of
        its graph node (``name``, ``full_name``, ``unit_type``, ``placeholder``,
        ``jurisdiction``, ``aliases``)."""
        add = self.add
        name = data.get("name") or ""
        full_name = data.get("full_name") or name
        add(iri, T["rdf:type"], T["prov:Agent"])
        if data.get("placeholder"):
            add(iri, T["rdf:type"], T["fg:UnitPlaceholder"])
        else:
            add(iri, T["rdf:type"], T["org:Organization"])
        unit_type = data.get("unit_type")
        if unit_type:
            if unit_type not in UNIT_TYPE_CLASSES:
                raise RDFExportError(f"unit type {unit_type!r} of {name} has no concept in graph.rdf.UNIT_TYPE_CLASSES")
            concept, org_class = UNIT_TYPE_CLASSES[unit_type]
            add(iri, T["org:classification"], N[concept])
            if org_class is not None and not data.get("placeholder"):
                add(iri, T["rdf:type"], N[org_class])
        if group and not data.get("placeholder"):
            add(iri, T["rdf:type"], T["org:OrganizationalCollaboration"])
        add(iri, T["skos:prefLabel"], _lang(full_name, script_tag(full_name, lang)))
        aliases = {a for a in (data.get("aliases") or "").split("|") if a} | {name}
        for alias in sorted(aliases - {full_name, ""}):
            add(iri, T["skos:altLabel"], _lang(alias, script_tag(alias, lang)))
        if data.get("jurisdiction"):
            add(iri, T["fg:jurisdiction"], self.place(data["jurisdiction"], lang))

    def place(self, name: str, lang: str) -> str:
        iri = self.places.get(name)
        if iri is not None:
            return iri
        iri = self.places[name] = N[_place_iri(name, self.base)]
        self.add(iri, T["rdf:type"], T["eli:AdministrativeArea"])
        self.add(iri, T["rdf:type"], T["skos:Concept"])
        self.add(iri, T["skos:prefLabel"], _lang(name, script_tag(name, lang)))
        return iri


#: what a document's writer named, for the units graph: (units, issuers, places, language tag)
_Named = tuple[dict[str, str], dict[str, tuple], set[str], str]


def _graph_block(docs: Sequence[Document], keys: Sequence[str], G: nx.MultiDiGraph, base: str,
                 group: Sequence[int]) -> tuple[bytes, list[_Named]]:
    """The named graph of the documents ``docs[i]`` for ``i`` in ``group`` (one document, or
    the same text given more than once): its N-Quads as UTF-8, in the order written with
    each triple once, and what each document named."""
    chunks: list[str] = []
    named: list[_Named] = []
    for i in group:
        writer = _DocumentWriter(docs[i], keys[i], G, base)
        writer.write()
        chunks += writer.lines
        named.append((writer.units, writer.issuers, writer.places, writer.lang))
    # a line written twice (a 专栏 named in two sections, a text given twice) is kept once;
    # lines come one to a chunk except a provenance's, which is never written twice
    return "".join(dict.fromkeys(chunks)).encode("utf-8"), named


#: (docs, keys, G, base, scratch folder) for forked workers, which inherit it
#: instead of receiving a copy; set only while :func:`_graph_blocks` runs a pool
_FORKED: tuple | None = None


def _forked_block(group: Sequence[int]) -> tuple[tuple[str, int, int, int], list[_Named]]:
    """:func:`_graph_block` in a forked worker: the block is appended to the worker's own
    file in the scratch folder, and only where it lies comes back (sending megabytes a
    document through the pool's pipe kept the parent process busier than the workers)."""
    *context, scratch = _FORKED
    block, named = _graph_block(*context, group)
    path = os.path.join(scratch, f"part-{os.getpid()}")
    with open(path, "ab") as part:
        offset = part.tell()
        part.write(block)
    return (path, offset, len(block), block.count(b"\n")), named


def _read_at(path: str, offset: int, length: int) -> bytes:
    with open(path, "rb") as part:
        part.seek(offset)
        data = part.read(length)
    if len(data) != length:  # pragma: no cover - the worker wrote it
        raise OSError(f"{path}: {length} bytes expected at {offset}, {len(data)} read")
    return data


def _graph_blocks(docs, keys, G, base, groups, workers: int,
                  near: Path | None = None) -> Iterator[tuple[bytes | tuple, list[_Named]]]:
    """For each group, in order: its block (:func:`_graph_block`) and what its documents
    named. In ``workers`` forked processes where there is more than one group and the
    platform forks; then a block comes as where it lies: ``(file, offset, length, lines)``,
    in a scratch folder beside ``near`` (the file being written; without it, in the
    system's temporary folder)."""
    import multiprocessing

    if workers <= 1 or len(groups) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for group in groups:
            yield _graph_block(docs, keys, G, base, group)
        return
    global _FORKED
    with _scratch_folder(near) as scratch:
        _FORKED = (docs, keys, G, base, scratch)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                yield from pool.imap(_forked_block, groups, chunksize=max(1, min(8, len(groups) // (workers * 4))))
        finally:
            _FORKED = None


@contextlib.contextmanager
def _scratch_folder(near: Path | None) -> Iterator[str]:
    """A folder for scratch files, removed afterwards: a temporary of ``near`` beside it
    (:func:`fengong.parser.io.temporary_folder`), so that a build leaves nothing outside its
    output folder, or one in the system's temporary folder."""
    if near is None:
        with tempfile.TemporaryDirectory(prefix="fengong-nquads-") as scratch:
            yield scratch
        return
    scratch = temporary_folder(near)
    try:
        yield str(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _blocks(docs: Iterable[Document], G: nx.MultiDiGraph, base: str, keys: Sequence[str] | None,
            workers: int, near: Path | None = None) -> Iterator[bytes | tuple]:
    """The blocks of :func:`iter_nquads`, a block in a worker's file given as where it lies."""
    docs = list(docs)
    keys = _document_keys(docs, G, keys)
    groups: dict[str, list[int]] = {}
    for i, doc in enumerate(docs):
        groups.setdefault(str(document_iri(doc, base)), []).append(i)
    units = _UnitsWriter(G, base)
    for block, named in _graph_blocks(docs, keys, G, base, list(groups.values()), workers, near):
        for item in named:
            units.take(*item)
        yield block
    end = f" {N[units_graph_iri(base)]} .\n"
    yield (end.join(units.triples) + end).encode("utf-8") if units.triples else b""


def iter_nquads(docs: Iterable[Document], G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE,
                keys: Sequence[str] | None = None, workers: int = 1) -> Iterator[bytes]:
    """The documents as N-Quads, UTF-8, one named graph at a time.

    The graphs come in the order of the documents (a text given twice is one graph, where
    it first comes), then the units graph; each graph's triples in the order the mapping
    writes them (document, sections, tasks, assignments, indicators, targets), each once.
    The same input gives the same bytes, and a change to one document changes only its own
    block. Only one document's triples are held at a time, besides the units graph; with
    ``workers`` > 1 the documents' graphs are written in that many forked processes.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> blocks = list(iter_nquads([doc], to_networkx([doc])))
    >>> [block.decode().splitlines()[0].rsplit(" ", 2)[1] for block in blocks]
    ['<https://fengong.example/id/eli/te6cd4ec47334da16>', '<https://fengong.example/id/units>']
    """
    for block in _blocks(docs, G, base, keys, workers):
        yield block if isinstance(block, bytes) else _read_at(*block[:3])


def write_nquads(path: str | Path, docs: Iterable[Document], G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE,
                 keys: Sequence[str] | None = None, workers: int = 1) -> int:
    """Write :func:`iter_nquads` to ``path`` atomically; returns the number of quads.

    The blocks worker processes write are copied into the file by the kernel
    (``os.copy_file_range``), not read into this process.

    Examples
    --------
    >>> import tempfile
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> G = to_networkx([doc])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     n = write_nquads(Path(tmp) / "a.nq", [doc], G)
    ...     text = (Path(tmp) / "a.nq").read_text(encoding="utf-8")
    >>> n == text.count("\\n") and text == to_nquads([doc], G)
    True
    """
    quads = 0
    with atomic_writer(path) as out:
        for block in _blocks(docs, G, base, keys, workers, Path(path)):
            if isinstance(block, bytes):
                out.write(block)
                quads += block.count(b"\n")
                continue
            part, offset, length, lines = block
            out.flush()
            with open(part, "rb") as source:
                copied = 0
                while copied < length:
                    n = _copy_range(source, out, length - copied, offset + copied)
                    if n <= 0:  # pragma: no cover - the worker wrote it
                        raise OSError(f"{part}: ended before {length} bytes at {offset}")
                    copied += n
            quads += lines
    return quads


def _copy_range(source, out, length: int, offset: int) -> int:
    """Copy up to ``length`` bytes at ``offset`` of ``source`` to the end of ``out``."""
    if hasattr(os, "copy_file_range"):
        try:
            return os.copy_file_range(source.fileno(), out.fileno(), length, offset)
        except OSError:  # pragma: no cover - a file system that cannot, e.g. across devices
            pass
    source.seek(offset)
    data = source.read(min(length, 1 << 24))
    out.write(data)
    out.flush()
    return len(data)


def to_nquads(docs: Iterable[Document], G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE,
              keys: Sequence[str] | None = None) -> str:
    """The documents as N-Quads text: :func:`iter_nquads` joined.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> G = to_networkx([doc])
    >>> lines = to_nquads([doc], G).splitlines()
    >>> len(lines) == len(set(lines)) == len(to_rdf([doc], G)) and all(line.endswith("> .") for line in lines)
    True
    """
    return b"".join(iter_nquads(docs, G, base=base, keys=keys)).decode("utf-8")


def _with_prefixes(graph: Graph) -> Graph:
    """``graph`` with :data:`PREFIXES` bound (and only those written: serialisers drop unused ones)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def to_rdf(docs: Iterable[Document], G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE,
           keys: Sequence[str] | None = None) -> Dataset:
    """The documents as RDF: an :class:`rdflib.Dataset` with one named graph per document
    and one for the units.

    Parameters
    ----------
    docs
        Parsed documents.
    G
        The plan graph built from the same documents (see :mod:`fengong.graph.schema`); the units,
        their names, types and merges are read from its Unit and UnitGroup nodes.
    base
        The base IRI; every IRI minted ends up under it.
    keys
        The key of each document in ``G``; by default the keys it was built with
        (``G.graph["documents"]``).

    Returns
    -------
    rdflib.Dataset
        Named graph ``<document IRI>`` for each document: the document, its sections, tasks,
        assignments, indicators and targets; named graph :func:`units_graph_iri` for the
        units and jurisdictions they name. It is read from :func:`iter_nquads`, the one
        place the mapping is written.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> G = to_networkx([doc])
    >>> ds = to_rdf([doc], G)
    >>> q = "SELECT ?label WHERE { ?t prov:qualifiedAssociation [ prov:hadRole fg:lead ; prov:agent [ skos:prefLabel ?label ] ] }"
    >>> [str(row.label) for row in union_graph(ds).query(q, initNs=PREFIXES)]
    ['荆门市发展和改革委员会']
    """
    ds = _with_prefixes(Dataset())
    ds.parse(data=to_nquads(docs, G, base=base, keys=keys), format="nquads")
    return ds


# --------------------------------------------------------------------------------------------
# serialisations (all deterministic: sorted)


def union_graph(ds: Dataset) -> Graph:
    """All the triples of the dataset's named graphs in one graph (what Turtle can hold).

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> ds = to_rdf([doc], to_networkx([doc]))
    >>> len(union_graph(ds)) == sum(len(g) for g in ds.graphs())
    True
    """
    union = _with_prefixes(Graph())
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def to_turtle(ds: Dataset) -> str:
    """The union of the dataset's graphs as Turtle, subjects and objects in sorted order.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> ds = to_rdf([doc], to_networkx([doc]))
    >>> "prov:hadRole fg:lead" in to_turtle(ds)
    True
    """
    return union_graph(ds).serialize(format="turtle")


def jsonld_context() -> dict:
    """The JSON-LD context every fengong JSON-LD file refers to: the prefixes, nothing fetched.

    >>> jsonld_context()["@context"]["fg"]
    'https://fengong.example/ns#'
    """
    return {"@context": dict(PREFIXES)}


def _sort_key(value) -> str:
    """Nodes (and named graphs) sort by ``@id``, other values by their JSON text."""
    if isinstance(value, dict) and "@id" in value:
        return "0" + value["@id"]
    return "1" + json.dumps(value, sort_keys=True, ensure_ascii=False)


def _sorted_json(value):
    """JSON-LD data with every list sorted (RDF values are sets; fengong writes no
    ``@list``), so that the text depends on the triples only."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_sorted_json(v) for v in value), key=_sort_key)
    return value


def to_jsonld(ds: Dataset, context_ref: str) -> str:
    """The dataset as JSON-LD, compacted with :func:`jsonld_context` and referring to it as
    ``context_ref`` (a file name next to the output); lists and keys sorted.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> ds = to_rdf([doc], to_networkx([doc]))
    >>> import json
    >>> json.loads(to_jsonld(ds, "a.context.jsonld"))["@context"]
    'a.context.jsonld'
    """
    data = json.loads(ds.serialize(format="json-ld", context=jsonld_context()["@context"], auto_compact=True))
    data = _sorted_json(data)
    data["@context"] = context_ref
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


#: Turtle and JSON-LD are made through an in-memory rdflib dataset, which takes about 3 KB
#: and 50 µs a quad; above this many quads (a dozen plans the size of the main document)
#: :func:`write_rdf_outputs` leaves them out unless they are asked for
RDFLIB_QUAD_LIMIT = 300_000
#: the RDF outputs :func:`write_rdf_outputs` can write besides the N-Quads
RDF_FORMATS = ("ttl", "jsonld", "store")


def write_rdf_outputs(G: nx.MultiDiGraph, docs: Iterable[Document], outdir: Path, name: str,
                      base: str = DEFAULT_BASE, *, formats: Iterable[str] | None = None,
                      workers: int = 1) -> list[Path]:
    """Write the documents' RDF into ``outdir`` and load it into an Oxigraph store there.

    Writes ``<name>.nq`` (N-Quads, one named graph per document and one for the units,
    written by :func:`write_nquads` in ``workers`` processes), and of
    :data:`RDF_FORMATS` those in ``formats``: ``ttl`` (``<name>.ttl``, Turtle), ``jsonld``
    (``<name>.jsonld`` with its context ``<name>.context.jsonld`` beside it) and ``store``
    (the Oxigraph store ``<name>.oxigraph/``, bulk-loaded from the N-Quads file and replaced
    whole). By default (``formats`` ``None``) all three, but Turtle and JSON-LD only up to
    :data:`RDFLIB_QUAD_LIMIT` quads; a Turtle or JSON-LD file left from an earlier build and
    not written this time is removed, so that no file disagrees with the N-Quads. The files
    are byte-identical for the same input. Returns the paths written, store last.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [path.name for path in write_rdf_outputs(to_networkx([doc]), [doc], Path(tmp), "a")]
    ['a.nq', 'a.ttl', 'a.jsonld', 'a.context.jsonld', 'a.oxigraph']
    """
    from .sparql import load_store

    outdir = Path(outdir)
    unknown = set(formats or ()) - set(RDF_FORMATS)
    if unknown:
        raise RDFExportError(f"unknown RDF format {sorted(unknown)[0]!r}: choose from {', '.join(RDF_FORMATS)}")
    nq = outdir / f"{name}.nq"
    quads = write_nquads(nq, docs, G, base=base, workers=workers)
    written = [nq]
    chosen = set(RDF_FORMATS) if formats is None else set(formats)
    if formats is None and quads > RDFLIB_QUAD_LIMIT:
        chosen -= {"ttl", "jsonld"}
    context_name = f"{name}.context.jsonld"
    if chosen & {"ttl", "jsonld"}:
        ds = _with_prefixes(Dataset())
        ds.parse(source=str(nq), format="nquads")
        if "ttl" in chosen:
            written.append(atomic_write_text(outdir / f"{name}.ttl", to_turtle(ds)))
        if "jsonld" in chosen:
            written.append(atomic_write_text(outdir / f"{name}.jsonld", to_jsonld(ds, context_name)))
            written.append(atomic_write_text(outdir / context_name,
                                             json.dumps(jsonld_context(), indent=1, sort_keys=True) + "\n"))
    for stale in (f"{name}.ttl", f"{name}.jsonld", context_name):
        if outdir / stale not in written:
            (outdir / stale).unlink(missing_ok=True)
    if "store" in chosen:
        written.append(load_store(outdir / f"{name}.oxigraph", nq))
    return written


# --------------------------------------------------------------------------------------------
# the ontology, the shapes, validation and reading back


def _data_graph(filename: str) -> Graph:
    graph = Graph()
    graph.parse(data=resources.files(__package__).joinpath("data", filename).read_text("utf-8"), format="turtle")
    return graph


def ontology() -> Graph:
    """fengong's vocabulary (``graph/data/fengong.ttl``) as a graph.

    Examples
    --------
    >>> (FG.Task, RDFS.subClassOf, PROV.Activity) in ontology()
    True
    """
    return _data_graph("fengong.ttl")


def shapes() -> Graph:
    """The SHACL shapes our output must conform to (``graph/data/shapes.ttl``).

    Examples
    --------
    >>> len(list(shapes().subjects(RDF.type, SH.NodeShape))) > 5
    True
    """
    return _data_graph("shapes.ttl")


def validate(data: Graph | Dataset) -> tuple[bool, Graph, str]:
    """Validate RDF against :func:`shapes`, with :func:`ontology` added to it (the concepts
    and class hierarchy the shapes refer to).

    Returns pyshacl's ``(conforms, results graph, results text)``.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
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

    graph = union_graph(data) if isinstance(data, Dataset) else data + Graph()
    graph += ontology()
    return pyshacl.validate(graph, shacl_graph=shapes(), inference="none", inplace=True)


_ASSIGNMENT_QUERY = """
SELECT ?section ?role ?unit ?task ?start ?end ?implicit ?taskId ?taskStart ?taskEnd WHERE {
  ?a prov:hadRole ?role ; fg:asWritten ?unit ; fg:implicit ?implicit ; fg:readFrom ?span .
  ?span oa:hasSelector ?position .
  ?position oa:start ?start ; oa:end ?end .
  {
    ?t prov:qualifiedAssociation ?a ; dcterms:identifier ?taskId ; fg:text ?task ; fg:readFrom ?taskSpan .
    ?t fg:section ?s .
    ?s fg:path ?section .
    ?taskSpan oa:hasSelector ?taskPosition .
    ?taskPosition oa:start ?taskStart ; oa:end ?taskEnd .
  } UNION {
    ?s fg:mentions ?a ; fg:path ?section .
  }
}
"""


def assignment_table(data: Graph | Dataset) -> list[list[str]]:
    """The assignment table read back from RDF: the rows :func:`fengong.parser.export.assignment_rows`
    gives for the same documents, without the header and sorted (RDF has no order).

    Examples
    --------
    >>> assignment_table(Graph())
    []
    """
    from fengong.parser.export import csv_cell

    graph = union_graph(data) if isinstance(data, Dataset) else data
    roles = {concept: role for role, concept in ROLE_CONCEPTS.items()}

    def cell(term) -> str:
        return csv_cell(None if term is None else term.toPython())

    rows = [
        [cell(r.section), csv_cell(roles[r.role]), cell(r.unit), cell(r.task), cell(r.start),
         cell(r.end), cell(r.implicit), cell(r.taskId), cell(r.taskStart), cell(r.taskEnd)]
        for r in graph.query(_ASSIGNMENT_QUERY, initNs=PREFIXES)
    ]
    return sorted(rows)
