"""The plan as linked data: one mapping from the document model and the plan graph to RDF.

:func:`to_rdf` is a pure converter: parsed :class:`~parser.model.Document` objects plus the
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

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SH, SKOS, XSD, DefinedNamespace, Namespace

from parser.errors import FengongError
from parser.io import atomic_write_text

from .schema import ROLE_EDGE_TYPES, document_id
from .units import resolve_unit

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from parser.model import Document

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
    "to_jsonld",
    "jsonld_context",
    "write_rdf_outputs",
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
ROLE_CONCEPTS = {"lead": FG.lead, "responsible": FG.responsible, "support": FG.support, "guide": FG.guide, "prose": FG.prose}
COMPARATOR_CONCEPTS = {">=": FG.atLeast, "<=": FG.atMost, "=": FG.exactly, "~": FG.about, "+": FG.increaseBy}
TARGET_KIND_CONCEPTS = {"level": FG.levelTarget, "growth": FG.growthTarget, "change": FG.changeTarget, "text": FG.textTarget}
INDICATOR_TYPE_CONCEPTS = {"预期性": FG.expected, "约束性": FG.binding}
#: unit type (:data:`graph.units.UNIT_TYPES`) → its concept, and the W3C ORG class a unit of
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

    >>> from parser.model import Document
    >>> document_iri(Document(source="a.txt", text="一、总体要求"))
    rdflib.term.URIRef('https://fengong.example/id/eli/t75c2cf96f6bafcec')
    """
    number = doc.metadata.doc_number
    key = "n" + _hash(number.value) if number is not None else "t" + _hash(doc.text)
    return URIRef(f"{base}eli/{key}")


def unit_iri(node: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a unit: a hash of its graph node id, which is the scope (the issuing
    jurisdiction) and the canonical name (:func:`graph.schema.unit_id`).

    >>> from graph.schema import unit_id
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
    traditional = sum(ch in _TRADITIONAL for ch in text)
    simplified = sum(ch in _SIMPLIFIED for ch in text)
    if traditional > simplified:
        return "zh-Hant"
    if simplified > traditional:
        return "zh-Hans"
    return default


def _decimal(value: float) -> Literal:
    """A float as an ``xsd:decimal`` with the shortest digits that read back as it."""
    return Literal(format(Decimal(repr(value)), "f"), datatype=XSD.decimal)


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


def _mention_units(G: nx.MultiDiGraph) -> dict[tuple[str, int, int], str]:
    """(document key, start, end) of every unit mention → the Unit/UnitGroup node it resolved to."""
    index: dict[tuple[str, int, int], str] = {}
    for unit, _target, data in G.edges(data=True):
        if data.get("type") in ROLE_EDGE_TYPES:
            index[(data["doc"], data["start"], data["end"])] = unit
    return index


class _DocumentWriter:
    """Writes the triples of one document into its named graph."""

    def __init__(self, graph: Graph, shared: Graph, doc: Document, key: str, G: nx.MultiDiGraph, base: str,
                 mention_units: dict[tuple[str, int, int], str], units_written: set[str]) -> None:
        self.g = graph
        self.shared = shared
        self.doc = doc
        self.key = key
        self.G = G
        self.base = base
        self.mention_units = mention_units
        self.iri = document_iri(doc, base)
        self.text_iri = URIRef(f"{self.iri}/zh/txt")
        self.lang = script_tag(doc.text)
        self.jurisdiction = G.nodes[document_id(key)].get("jurisdiction") or ""
        self.units_written = units_written
        self.paths = {section.path for section in doc.sections}

    # helpers -----------------------------------------------------------------------------

    def add(self, s: URIRef, p: URIRef, o) -> None:
        self.g.add((s, p, o))

    def add_shared(self, s: URIRef, p: URIRef, o) -> None:
        """A triple about a unit or a place, which several documents may name."""
        self.shared.add((s, p, o))

    def zh(self, value: str) -> Literal:
        return Literal(value, lang=self.lang)

    def provenance(self, subject: URIRef, start: int, end: int) -> None:
        """``subject fg:readFrom`` the span ``text[start:end]``, with both selectors."""
        text = self.doc.text
        span = URIRef(f"{subject}/src")
        position = URIRef(f"{span}/pos")
        quote = URIRef(f"{span}/quote")
        add = self.add
        add(subject, FG.readFrom, span)
        add(span, RDF.type, OA.SpecificResource)
        add(span, OA.hasSource, self.text_iri)
        add(span, OA.hasSelector, position)
        add(span, OA.hasSelector, quote)
        add(position, RDF.type, OA.TextPositionSelector)
        add(position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger))
        add(position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger))
        add(quote, RDF.type, OA.TextQuoteSelector)
        add(quote, OA.exact, Literal(text[start:end]))
        add(quote, OA.prefix, Literal(text[max(0, start - QUOTE_CONTEXT):start]))
        add(quote, OA.suffix, Literal(text[end:end + QUOTE_CONTEXT]))

    def section_iri(self, path: str) -> URIRef:
        """The section's IRI; the document's for a path the document has no section for."""
        if path not in self.paths:
            return self.iri
        return URIRef(f"{self.iri}/s/{_segment(path)}")

    def parent_iri(self, path: str) -> URIRef:
        """The nearest numbered ancestor of a section, else the document."""
        while "." in path:
            path = path.rpartition(".")[0]
            if path in self.paths:
                return self.section_iri(path)
        return self.iri

    def indicator_iri(self, path: str) -> URIRef:
        return URIRef(f"{self.iri}/i/{_segment(path)}")

    def task_iri(self, task_id: str) -> URIRef:
        path, _, n = task_id.rpartition("#")
        return URIRef(f"{self.iri}/t/{_segment(path)}-{_segment(n)}")

    def unit(self, node: str) -> URIRef:
        """The IRI of a unit node of the graph, described in the units graph the first time."""
        iri = unit_iri(node, self.base)
        if node not in self.units_written:
            self.units_written.add(node)
            data = self.G.nodes[node]
            self.describe_unit(iri, data, data.get("type") == "UnitGroup")
            for _, group, edge in self.G.out_edges(node, data=True):
                if edge.get("type") == "member_of":
                    self.add_shared(iri, FG.collectiveOf, self.unit(group))
        return iri

    def describe_unit(self, iri: URIRef, data, group: bool) -> None:
        """Types, names, classification and jurisdiction of a unit, from the attributes of
        its graph node (``name``, ``full_name``, ``unit_type``, ``placeholder``,
        ``jurisdiction``, ``aliases``)."""
        add = self.add_shared
        name = data.get("name") or ""
        full_name = data.get("full_name") or name
        add(iri, RDF.type, PROV.Agent)
        if data.get("placeholder"):
            add(iri, RDF.type, FG.UnitPlaceholder)
        else:
            add(iri, RDF.type, ORG.Organization)
        unit_type = data.get("unit_type")
        if unit_type:
            if unit_type not in UNIT_TYPE_CLASSES:
                raise RDFExportError(f"unit type {unit_type!r} of {name} has no concept in graph.rdf.UNIT_TYPE_CLASSES")
            concept, org_class = UNIT_TYPE_CLASSES[unit_type]
            add(iri, ORG.classification, concept)
            if org_class is not None and not data.get("placeholder"):
                add(iri, RDF.type, org_class)
        if group and not data.get("placeholder"):
            add(iri, RDF.type, ORG.OrganizationalCollaboration)
        add(iri, SKOS.prefLabel, Literal(full_name, lang=script_tag(full_name, self.lang)))
        aliases = {a for a in (data.get("aliases") or "").split("|") if a} | {name}
        for alias in sorted(aliases - {full_name, ""}):
            add(iri, SKOS.altLabel, Literal(alias, lang=script_tag(alias, self.lang)))
        if data.get("jurisdiction"):
            add(iri, FG.jurisdiction, self.place(data["jurisdiction"]))

    def issuer(self, written: str) -> URIRef:
        """The issuing body, resolved as the unit rules resolve any unit string, so that it is
        the same node where the graph names it too."""
        scope = self.jurisdiction or document_id(self.key)
        resolved = resolve_unit(written, self.jurisdiction, scope=scope)
        if resolved.id in self.G:
            return self.unit(resolved.id)
        iri = unit_iri(resolved.id, self.base)
        data = {"name": resolved.name, "full_name": resolved.full_name, "unit_type": resolved.unit_type,
                "placeholder": resolved.placeholder, "jurisdiction": resolved.jurisdiction, "aliases": written}
        self.describe_unit(iri, data, resolved.node_type == "UnitGroup")
        return iri

    def place(self, name: str) -> URIRef:
        iri = _place_iri(name, self.base)
        self.add_shared(iri, RDF.type, ELI.AdministrativeArea)
        self.add_shared(iri, RDF.type, SKOS.Concept)
        self.add_shared(iri, SKOS.prefLabel, Literal(name, lang=script_tag(name, self.lang)))
        return iri

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
        expression = URIRef(f"{iri}/zh")
        add(iri, RDF.type, ELI.LegalResource)
        add(iri, ELI.is_realized_by, expression)
        add(expression, RDF.type, ELI.LegalExpression)
        add(expression, ELI.realizes, iri)
        add(expression, ELI.language, _CHINESE)
        add(expression, ELI.is_embodied_by, self.text_iri)
        add(self.text_iri, RDF.type, ELI.Format)
        add(self.text_iri, ELI.embodies, expression)
        add(self.text_iri, ELI.format, _TEXT_PLAIN)
        add(self.text_iri, RDF.value, Literal(doc.text))
        add(self.text_iri, FG.sha256, Literal(hashlib.sha256(doc.text.encode("utf-8")).hexdigest()))
        add(self.text_iri, FG.sourceName, Literal(PurePath(doc.source).name))  # no machine's folders
        if meta.title is not None:
            add(iri, DCTERMS.title, self.zh(meta.title.value))
            add(expression, ELI.title, self.zh(meta.title.value))
        if meta.iso_date:
            add(iri, ELI.date_document, Literal(meta.iso_date, datatype=XSD.date))
        if meta.doc_number is not None:
            add(iri, ELI.id_local, Literal(meta.doc_number.value))
        if meta.issuer is not None:
            add(iri, ELI.passed_by, self.issuer(meta.issuer.value))
        if self.jurisdiction:
            add(iri, ELI.jurisdiction, self.place(self.jurisdiction))
        for addressee in meta.addressees:
            add(iri, FG.addressee, self.zh(addressee.value))

    def write_section(self, section) -> None:
        iri, add = self.section_iri(section.path), self.add
        parent = self.parent_iri(section.path)
        add(iri, RDF.type, ELI.LegalResourceSubdivision)
        add(iri, ELI.is_part_of, parent)
        add(parent, ELI.has_part, iri)
        add(iri, ELI.number, self.zh(section.label))
        add(iri, DCTERMS.title, self.zh(section.title))
        add(iri, FG.path, Literal(section.path))
        add(iri, FG.depth, Literal(section.level))
        self.provenance(iri, section.start, section.end)

    def write_task(self, task) -> None:
        iri, add = self.task_iri(task.id), self.add
        note = task.annotation
        add(iri, RDF.type, FG.Task)
        add(iri, RDF.type, PROV.Activity)
        add(iri, DCTERMS.identifier, Literal(task.id))
        add(iri, FG.section, self.section_iri(task.section))
        add(iri, FG.text, self.zh(task.text))
        add(iri, FG.annotationText, self.zh(note.text))
        add(iri, FG.annotationForm, Literal(note.form))
        for span in note.notes:
            add(iri, FG.note, self.zh(span.value))
        for span in note.deadlines:  # Deadline: as written
            add(iri, FG.deadline, self.zh(span.text))
        self.provenance(iri, task.start, task.end)

    def write_assignment(self, a) -> None:
        node = self.mention_units.get((self.key, a.start, a.end))
        if node is None:
            raise RDFExportError(f"{self.doc.source}: no unit in the graph for {a.unit!r} at {a.start}–{a.end}")
        unit = self.unit(node)
        add = self.add
        if a.task is None:
            owner = self.section_iri(a.section)
            iri = URIRef(f"{owner}/m/{a.role}-{a.start}")
            add(owner, FG.mentions, iri)
        else:
            owner = self.task_iri(a.task)
            iri = URIRef(f"{owner}/a/{a.role}-{a.start}" + ("-i" if a.implicit else ""))
            add(owner, PROV.qualifiedAssociation, iri)
            add(owner, PROV.wasAssociatedWith, unit)
        add(iri, RDF.type, FG.Assignment)
        add(iri, RDF.type, PROV.Association)
        add(iri, PROV.agent, unit)
        add(iri, PROV.hadRole, ROLE_CONCEPTS[a.role])
        add(iri, FG.implicit, Literal(a.implicit))
        add(iri, FG.asWritten, self.zh(a.unit))
        if a.source:
            add(iri, FG.roleSource, Literal(a.source))
        self.provenance(iri, a.start, a.end)

    def write_indicator(self, indicator) -> None:
        iri, add = self.indicator_iri(indicator.path), self.add
        add(iri, RDF.type, FG.Indicator)
        add(iri, FG.name, self.zh(indicator.name))
        add(iri, FG.path, Literal(indicator.path))
        add(iri, FG.section, self.section_iri(indicator.path))
        if indicator.type in INDICATOR_TYPE_CONCEPTS:
            add(iri, FG.indicatorType, INDICATOR_TYPE_CONCEPTS[indicator.type])
        self.provenance(iri, indicator.start, indicator.end)
        for target in indicator.targets:
            add(iri, FG.hasTarget, self.write_target(target, owner=iri))

    def write_target(self, target, owner: URIRef | None = None) -> URIRef:
        iri, add = URIRef(f"{self.iri}/g/{target.start}"), self.add
        if owner is None and target.owner:
            kind, _, name = target.owner.rpartition(":")
            owner = self.indicator_iri(name) if kind == "indicator" else self.task_iri(name)
            add(owner, FG.hasTarget, iri)
        add(iri, RDF.type, FG.Target)
        add(iri, FG.text, self.zh(target.text))
        add(iri, FG.comparator, COMPARATOR_CONCEPTS[target.comparator])
        add(iri, FG.targetKind, TARGET_KIND_CONCEPTS[target.kind])
        if target.value is not None:
            value = _decimal(target.value)
            add(iri, RDF.type, SDO.QuantitativeValue)
            add(iri, SDO.value, value)
            if target.comparator == ">=":
                add(iri, SDO.minValue, value)
            elif target.comparator == "<=":
                add(iri, SDO.maxValue, value)
        if target.unit:
            add(iri, SDO.unitText, self.zh(target.unit))
        if target.year is not None:
            add(iri, FG.targetYear, Literal(f"{target.year:04d}", datatype=XSD.gYear))
        self.provenance(iri, target.start, target.end)
        return iri

    def write_column_ref(self, ref) -> None:
        column = URIRef(f"{self.iri}/c/{_segment(ref.ref)}")
        self.add(column, RDF.type, FG.Column)
        self.add(column, FG.columnRef, Literal(ref.ref))
        self.add(self.section_iri(ref.section), FG.refersTo, column)


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
        The plan graph built from the same documents (see :mod:`graph.schema`); the units,
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
        units and jurisdictions they name.

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> G = to_networkx([doc])
    >>> ds = to_rdf([doc], G)
    >>> q = "SELECT ?label WHERE { ?t prov:qualifiedAssociation [ prov:hadRole fg:lead ; prov:agent [ skos:prefLabel ?label ] ] }"
    >>> [str(row.label) for row in union_graph(ds).query(q, initNs=PREFIXES)]
    ['荆门市发展和改革委员会']
    """
    docs = list(docs)
    keys = _document_keys(docs, G, keys)
    mention_units = _mention_units(G)
    ds = _with_prefixes(Dataset())
    shared = ds.graph(units_graph_iri(base))
    units_written: set[str] = set()
    for doc, key in zip(docs, keys):
        graph = ds.graph(document_iri(doc, base))
        _DocumentWriter(graph, shared, doc, key, G, base, mention_units, units_written).write()
    return ds


# --------------------------------------------------------------------------------------------
# serialisations (all deterministic: sorted)


def union_graph(ds: Dataset) -> Graph:
    """All the triples of the dataset's named graphs in one graph (what Turtle can hold).

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
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
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> ds = to_rdf([doc], to_networkx([doc]))
    >>> "prov:hadRole fg:lead" in to_turtle(ds)
    True
    """
    return union_graph(ds).serialize(format="turtle")


def to_nquads(ds: Dataset) -> str:
    """The dataset as N-Quads (one named graph per document, one for the units), lines sorted.

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> ds = to_rdf([doc], to_networkx([doc]))
    >>> lines = to_nquads(ds).splitlines()
    >>> lines == sorted(lines) and all(line.endswith("> .") for line in lines)
    True
    """
    lines = ds.serialize(format="nquads").splitlines()
    return "".join(line + "\n" for line in sorted(set(lines)) if line.strip())


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
    >>> import parser
    >>> from graph.build import to_networkx
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


def write_rdf_outputs(G: nx.MultiDiGraph, docs: Iterable[Document], outdir: Path, name: str,
                      base: str = DEFAULT_BASE) -> list[Path]:
    """Write the documents' RDF into ``outdir`` and load it into an Oxigraph store there.

    Writes ``<name>.ttl`` (Turtle), ``<name>.nq`` (N-Quads, one named graph per document and
    one for the units),
    ``<name>.jsonld`` with its context ``<name>.context.jsonld`` beside it, and the store
    ``<name>.oxigraph/`` (replaced whole). The files are byte-identical for the same input.
    Returns the paths written, store last.

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [path.name for path in write_rdf_outputs(to_networkx([doc]), [doc], Path(tmp), "a")]
    ['a.ttl', 'a.nq', 'a.jsonld', 'a.context.jsonld', 'a.oxigraph']
    """
    from .sparql import load_store

    outdir = Path(outdir)
    ds = to_rdf(docs, G, base=base)
    nquads = to_nquads(ds)
    context_name = f"{name}.context.jsonld"
    written = [
        atomic_write_text(outdir / f"{name}.ttl", to_turtle(ds)),
        atomic_write_text(outdir / f"{name}.nq", nquads),
        atomic_write_text(outdir / f"{name}.jsonld", to_jsonld(ds, context_name)),
        atomic_write_text(outdir / context_name, json.dumps(jsonld_context(), indent=1, sort_keys=True) + "\n"),
    ]
    written.append(load_store(outdir / f"{name}.oxigraph", nquads.encode("utf-8")))
    return written


# --------------------------------------------------------------------------------------------
# the ontology, the shapes, validation and reading back


def _data_graph(filename: str) -> Graph:
    graph = Graph()
    graph.parse(data=resources.files("graph").joinpath("data", filename).read_text("utf-8"), format="turtle")
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
    >>> import parser
    >>> from graph.build import to_networkx
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
    """The assignment table read back from RDF: the rows :func:`parser.export.assignment_rows`
    gives for the same documents, without the header and sorted (RDF has no order).

    Examples
    --------
    >>> assignment_table(Graph())
    []
    """
    from parser.export import csv_cell

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
