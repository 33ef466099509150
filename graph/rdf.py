"""The plan as linked data: what each fact of the document model becomes in RDF.

This module is the mapping, the one place it is written: :func:`iter_graphs` turns parsed
:class:`~fengong.parser.model.Document` objects plus the networkx graph built from them
(which carries the resolved units) into named graphs of triples, one per document and one
for the units they name (described once). How those triples are laid out in files — N-Quads,
Turtle, JSON-LD, an Oxigraph store — is :mod:`fengong.graph.rdf_writers`; checking them
against the SHACL shapes is :mod:`fengong.graph.rdf_shapes`. :func:`to_rdf` gives the same
triples as an :class:`rdflib.Dataset`.

The mapping (``docs/rdf.md`` says the same at more length)
-------------------------------------------------------------
Document
    ``eli:LegalResource`` with ``dcterms:title``, ``eli:date_document``, ``eli:passed_by`` (the
    issuer), ``eli:id_local`` (the 文号, where printed), ``eli:jurisdiction`` and
    ``eli:has_part`` its top-level sections. It ``eli:is_realized_by`` one
    ``eli:LegalExpression`` (title, language) that ``eli:is_embodied_by`` one ``eli:Format``:
    the text itself (``rdf:value``, ``fg:sha256``), against which every offset counts.
Section
    ``eli:LegalResourceSubdivision`` with ``eli:number`` (the label as printed, ``三、``),
    ``dcterms:title``, ``fg:path``, ``fg:depth``, ``eli:is_part_of`` / ``eli:has_part``.
Task
    ``fg:Task`` and ``prov:Activity``: ``fg:text``, ``fg:section``, ``fg:annotationText`` and
    ``fg:annotationForm``, ``fg:note`` for each scoping note, ``fg:deadline`` for each deadline.
Assignment (one unit named against a task)
    ``fg:Assignment`` and ``prov:Association``, reached by ``prov:qualifiedAssociation`` from
    its activity, with ``prov:agent`` the unit, ``prov:hadRole`` one of ``fg:lead``,
    ``fg:responsible``, ``fg:support``, ``fg:guide``, ``fg:implicit``, ``fg:asWritten`` and
    ``fg:roleSource``; the activity also gets the unqualified ``prov:wasAssociatedWith``. The
    activity is the task; a unit named in running text (role ``fg:prose``) belongs to its
    section's activity ``<section>/work`` and is reached by ``fg:mentions`` from the section.
Unit
    ``prov:Agent`` and ``org:Organization`` with ``org:classification`` its type (a
    ``skos:Concept`` in ``fg:UnitTypes``) and a more specific ORG class by type;
    ``org:OrganizationalUnit`` with ``org:unitOf`` where ``graph/data/org.toml`` knows the
    body it is part of. A collective placeholder (各县市区, 市直各部门) is an
    ``fg:UnitPlaceholder`` with ``fg:placeholderType``, never an organisation. ``skos:prefLabel``
    the full name, ``skos:altLabel`` the short name and every spelling met,
    ``fg:jurisdiction``; a 成员单位 collective ``fg:collectiveOf`` its group, and the group
    ``org:hasMember`` its members where ``org.toml`` lists them.
Indicator and Target
    ``fg:Indicator`` (``fg:name``, ``fg:path``, ``fg:indicatorType``, ``fg:section``) and
    ``fg:Target`` (also ``schema:QuantitativeValue`` when it has a number): ``fg:text``,
    ``schema:value``, ``schema:unitText``, ``schema:minValue``/``schema:maxValue`` for ≥/≤,
    ``fg:comparator``, ``fg:targetKind``, ``fg:targetYear``; linked by ``fg:hasTarget`` from
    its indicator or task.
Provenance
    Every section, task, assignment, indicator and target ``fg:readFrom`` an
    ``oa:SpecificResource``: a span of the document's text (``oa:hasSource``), selected by an
    ``oa:TextPositionSelector`` (``oa:start``/``oa:end`` in code points, as Python counts).
    A span is described once, whatever number of facts were read from it.

IRIs are ASCII, opaque and deterministic, all under one base (:data:`DEFAULT_BASE` unless
given, checked by :func:`check_base`): ``eli/<d>`` for a document (``d`` is ``n`` + a hash of
its 文号 and its text, or ``t`` + a hash of its text), its parts below it by section path and
offset, ``unit/<h>`` for a unit (a hash of jurisdiction and canonical name, so two cities'
市发改委 never merge) and ``place/<h>`` for a jurisdiction. There are no blank nodes: merging
the output of several runs never duplicates a node.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import PurePath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import ORG, PROV, RDFS  # noqa: F401 - PROV and RDFS: the doctests

from fengong.parser.errors import FengongError

from .org import OrgRules
from .rdf_terms import (
    COMPARATOR_CONCEPTS,
    ELI,
    FG,
    INDICATOR_TYPE_CONCEPTS,
    OA,
    PREFIXES,
    ROLE_CONCEPTS,
    TARGET_KIND_CONCEPTS,
    UNIT_TYPE_CLASSES,
    T,
    Triple,
    _decimal,
    _FALSE,
    _integer,
    _lang,
    _quoted,
    _TRUE,
    _typed,
)
from .org import org_rules as _org_rules
from .rdf_shapes import validate  # noqa: F401 - here too, where it was before the checker had a module
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
    "Triple",
    "check_base",
    "script_tag",
    "document_iri",
    "unit_iri",
    "units_graph_iri",
    "iter_graphs",
    "to_rdf",
    "union_graph",
    "ontology",
    "ontology_text",
    "shapes",
    "validate",
    "assignment_table",
]

#: The base IRI every minted IRI starts with. ``.example`` is a reserved name (RFC 2606): a
#: publisher passes its own (``fengong build --base``, ``base=``), checked by :func:`check_base`.
DEFAULT_BASE = "https://fengong.example/id/"

#: Characters that may stand in an IRI path segment as they are.
_SAFE_SEGMENT = re.compile(r"[0-9A-Za-z._-]+")
#: Characters found only in traditional / only in simplified writing, pairwise (發/发 …);
#: used to tag literals ``zh-Hant`` or ``zh-Hans``.
_SCRIPT_PAIRS = "發发會会國国為为經经濟济區区門门業业產产務务關关實实現现這这們们長长進进設设財财"
_TRADITIONAL = frozenset(_SCRIPT_PAIRS[0::2])
_SIMPLIFIED = frozenset(_SCRIPT_PAIRS[1::2])



#: The EU Publications Office's language authority entry for Chinese.
_CHINESE = "http://publications.europa.eu/resource/authority/language/ZHO"
_TEXT_PLAIN = "http://www.iana.org/assignments/media-types/text/plain"

class RDFExportError(FengongError):
    """The documents and the graph given to the mapping do not belong together, or a base
    IRI cannot be used."""


# --------------------------------------------------------------------------------------------
# IRIs

#: characters an IRI cannot hold in N-Quads (``<`` … ``>``) or that would make it ambiguous
_BAD_IRI_CHARACTERS = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


def check_base(base: str) -> tuple[str, str | None]:
    """The base IRI to mint under, and a note where it was changed.

    A base is an absolute ``http`` or ``https`` IRI with a host, in printable ASCII without
    the characters N-Quads cannot hold in an IRI (space, ``<>"{}|^`\\``), and no query; it
    ends in ``/`` or ``#`` (a ``#`` only at the end), so that the minted IRIs are paths or
    fragments below it. A base that ends otherwise gets a ``/``, and the note says so.
    Anything else is an :class:`RDFExportError`.

    Examples
    --------
    >>> check_base("https://data.example.gov.cn/plans/")
    ('https://data.example.gov.cn/plans/', None)
    >>> check_base("https://data.example.gov.cn/plans")
    ('https://data.example.gov.cn/plans/', "base IRI 'https://data.example.gov.cn/plans' does not end in / or #: using 'https://data.example.gov.cn/plans/'")
    >>> check_base("data.example.gov.cn/plans/")
    Traceback (most recent call last):
    ...
    fengong.graph.rdf.RDFExportError: base IRI 'data.example.gov.cn/plans/': must be an absolute http:// or https:// IRI
    """
    if not base.isascii() or _BAD_IRI_CHARACTERS.search(base):
        raise RDFExportError(f"base IRI {base!r}: must be printable ASCII without spaces or any of <>\"{{}}|^`\\ "
                             "(percent-encode other characters)")
    parts = urlsplit(base)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not base.lower().startswith(("http://", "https://")):
        raise RDFExportError(f"base IRI {base!r}: must be an absolute http:// or https:// IRI")
    if parts.query or "?" in base:
        raise RDFExportError(f"base IRI {base!r}: must not have a query (?…)")
    if "#" in base[:-1]:
        raise RDFExportError(f"base IRI {base!r}: a # may only end it")
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        raise RDFExportError(f"base IRI {base!r}: no . or .. segments in its path")
    if base.endswith(("/", "#")):
        return base, None
    return base + "/", f"base IRI {base!r} does not end in / or #: using {base + '/'!r}"


def _hash(*parts: str) -> str:
    """16 hex digits of the SHA-256 of the parts, joined by a unit separator."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _segment(value: str) -> str:
    """``value`` as an IRI path segment: itself where it is plain ASCII (and not ``.`` or
    ``..``, which a consumer would resolve away), else ``x`` + a hash.

    >>> _segment("3.2.1"), _segment("5—3"), _segment("..")
    ('3.2.1', 'xec0eb69264beb873', 'x5ec1f7e700f37c3d')
    """
    return value if _SAFE_SEGMENT.fullmatch(value) and value not in (".", "..") else "x" + _hash(value)


def document_iri(doc: Document, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a document: from its 文号 and its text where it has a 文号, else from its
    text. Two documents that share a 文号 but differ (a draft and its final text, a notice
    reprinted with another attachment) are two documents; the same text given twice is one.

    >>> from fengong.parser.model import Document
    >>> document_iri(Document(source="a.txt", text="一、总体要求"))
    rdflib.term.URIRef('https://fengong.example/id/eli/t75c2cf96f6bafcec')
    """
    number = doc.metadata.doc_number
    key = "n" + _hash(number.value, doc.text) if number is not None else "t" + _hash(doc.text)
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


def _place_iri(jurisdiction: str, base: str) -> str:
    return f"<{base}place/{_hash(jurisdiction)}>"


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


# --------------------------------------------------------------------------------------------
# the mapping of one document


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


@dataclass(slots=True)
class Named:
    """What one document's graph names that the units graph describes."""

    units: dict[str, str]  #: unit node → its IRI form
    issuers: dict[str, tuple[str, dict, bool]]  #: issuer IRI form → (node id, attributes, is a group), not in the graph
    places: set[str]
    lang: str  #: the document's script tag, for the names described


class _DocumentMapping:
    """The triples of one document's named graph, in the order the mapping writes them.

    The units, issuers and places it names are only recorded (:attr:`named`): their
    descriptions go in the shared units graph, which :class:`_UnitsMapping` writes once for
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
        self.triples: list[Triple] = []
        self.spans: dict[tuple[int, int], str] = {}  #: (start, end) → the span's IRI form, described once
        self.activities: dict[str, str] = {}  #: section IRI form → its activity for prose mentions
        self.named = Named({}, {}, set(), self.lang)

    # helpers -----------------------------------------------------------------------------

    def zh(self, value: str) -> str:
        return _lang(value, self.lang)

    def read_from(self, subject: str, start: int, end: int) -> None:
        """``subject fg:readFrom`` the span ``text[start:end]``, described the first time a
        fact is read from it and shared by every later one."""
        span = self.spans.get((start, end))
        if span is None:
            inner = f"{self.iri_text}/span/{start}-{end}"
            span = self.spans[(start, end)] = f"<{inner}>"
            position = f"<{inner}/pos>"
            self.triples += (
                (span, T["rdf:type"], T["oa:SpecificResource"]),
                (span, T["oa:hasSource"], self.text_iri),
                (span, T["oa:hasSelector"], position),
                (position, T["rdf:type"], T["oa:TextPositionSelector"]),
                (position, T["oa:start"], _integer(start)),
                (position, T["oa:end"], _integer(end)),
            )
        self.triples.append((subject, T["fg:readFrom"], span))

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
        units = self.named.units
        form = units.get(node)
        if form is None:
            form = units[node] = f"<{unit_iri(node, self.base)}>"
        return form

    def issuer(self, written: str) -> str:
        """The issuing body, resolved as the unit rules resolve any unit string, so that it is
        the same node where the graph names it too."""
        scope = self.jurisdiction or document_id(self.key)
        resolved = resolve_unit(written, self.jurisdiction, scope=scope)
        if resolved.id in self.G:
            return self.unit(resolved.id)
        form = f"<{unit_iri(resolved.id, self.base)}>"
        self.named.issuers[form] = (resolved.id, _resolved_attributes(resolved, written), resolved.node_type == "UnitGroup")
        return form

    def place(self, name: str) -> str:
        self.named.places.add(name)
        return _place_iri(name, self.base)

    def activity(self, section: str) -> str:
        """The activity a section's prose mentions belong to: the work the section describes."""
        form = self.activities.get(section)
        if form is None:
            form = self.activities[section] = f"<{section[1:-1]}/work>"
            self.triples += ((form, T["rdf:type"], T["prov:Activity"]), (form, T["fg:section"], section))
        return form

    # the document ------------------------------------------------------------------------

    def write(self) -> list[Triple]:
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
        return self.triples

    def write_document(self) -> None:
        doc, iri, text = self.doc, self.iri, self.text_iri
        meta = doc.metadata
        expression = f"<{self.iri_text}/zh>"
        add = self.triples.append
        add((iri, T["rdf:type"], T["eli:LegalResource"]))
        add((iri, T["eli:is_realized_by"], expression))
        add((expression, T["rdf:type"], T["eli:LegalExpression"]))
        add((expression, T["eli:realizes"], iri))
        add((expression, T["eli:language"], f"<{_CHINESE}>"))
        add((expression, T["eli:is_embodied_by"], text))
        add((text, T["rdf:type"], T["eli:Format"]))
        add((text, T["eli:embodies"], expression))
        add((text, T["eli:format"], f"<{_TEXT_PLAIN}>"))
        add((text, T["rdf:value"], _quoted(doc.text)))
        add((text, T["fg:sha256"], _quoted(hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest())))
        add((text, T["fg:sourceName"], _quoted(PurePath(doc.source).name)))  # no machine's folders
        if meta.title is not None:
            add((iri, T["dcterms:title"], self.zh(meta.title.value)))
            add((expression, T["eli:title"], self.zh(meta.title.value)))
        if meta.iso_date:
            add((iri, T["eli:date_document"], _typed(meta.iso_date, "xsd:date")))
        if meta.doc_number is not None:
            add((iri, T["eli:id_local"], _quoted(meta.doc_number.value)))
        if meta.issuer is not None:
            add((iri, T["eli:passed_by"], self.issuer(meta.issuer.value)))
        if self.jurisdiction:
            add((iri, T["eli:jurisdiction"], self.place(self.jurisdiction)))
        for addressee in meta.addressees:
            add((iri, T["fg:addressee"], self.zh(addressee.value)))

    def write_section(self, section) -> None:
        iri = self.section_iri(section.path)
        parent = self.parent_iri(section.path)
        self.triples += (
            (iri, T["rdf:type"], T["eli:LegalResourceSubdivision"]),
            (iri, T["eli:is_part_of"], parent),
            (parent, T["eli:has_part"], iri),
            (iri, T["eli:number"], self.zh(section.label)),
            (iri, T["dcterms:title"], self.zh(section.title)),
            (iri, T["fg:path"], _quoted(section.path)),
            (iri, T["fg:depth"], _integer(section.level, "xsd:integer")),
        )
        self.read_from(iri, section.start, section.end)

    def write_task(self, task) -> None:
        iri = self.task_iri(task.id)
        note = task.annotation
        self.triples += (
            (iri, T["rdf:type"], T["fg:Task"]),
            (iri, T["rdf:type"], T["prov:Activity"]),
            (iri, T["dcterms:identifier"], _quoted(task.id)),
            (iri, T["fg:section"], self.section_iri(task.section)),
            (iri, T["fg:text"], self.zh(task.text)),
            (iri, T["fg:annotationText"], self.zh(note.text)),
            (iri, T["fg:annotationForm"], _quoted(note.form)),
        )
        for span in note.notes:
            self.triples.append((iri, T["fg:note"], self.zh(span.value)))
        for deadline in note.deadlines:  # as written
            self.triples.append((iri, T["fg:deadline"], self.zh(deadline.text)))
        self.read_from(iri, task.start, task.end)

    def write_assignment(self, a) -> None:
        node = self.mention_units.get((a.start, a.end))
        if node is None:
            raise RDFExportError(f"{self.doc.source}: no unit in the graph for {a.unit!r} at {a.start}–{a.end}")
        unit = self.unit(node)
        add = self.triples.append
        if a.task is None:
            section = self.section_iri(a.section)
            iri = f"<{section[1:-1]}/m/{a.role}-{a.start}>"
            add((section, T["fg:mentions"], iri))
            activity = self.activity(section)
        else:
            activity = self.task_iri(a.task)
            iri = f"<{activity[1:-1]}/a/{a.role}-{a.start}" + ("-i>" if a.implicit else ">")
        self.triples += (
            (activity, T["prov:qualifiedAssociation"], iri),
            (activity, T["prov:wasAssociatedWith"], unit),
            (iri, T["rdf:type"], T["fg:Assignment"]),
            (iri, T["rdf:type"], T["prov:Association"]),
            (iri, T["prov:agent"], unit),
            (iri, T["prov:hadRole"], f"<{ROLE_CONCEPTS[a.role]}>"),
            (iri, T["fg:implicit"], _TRUE if a.implicit else _FALSE),
            (iri, T["fg:asWritten"], self.zh(a.unit)),
        )
        if a.source:
            add((iri, T["fg:roleSource"], _quoted(a.source)))
        self.read_from(iri, a.start, a.end)

    def write_indicator(self, indicator) -> None:
        iri = self.indicator_iri(indicator.path)
        add = self.triples.append
        add((iri, T["rdf:type"], T["fg:Indicator"]))
        add((iri, T["fg:name"], self.zh(indicator.name)))
        add((iri, T["fg:path"], _quoted(indicator.path)))
        add((iri, T["fg:section"], self.section_iri(indicator.path)))
        if indicator.type in INDICATOR_TYPE_CONCEPTS:
            add((iri, T["fg:indicatorType"], f"<{INDICATOR_TYPE_CONCEPTS[indicator.type]}>"))
        self.read_from(iri, indicator.start, indicator.end)
        for target in indicator.targets:
            add((iri, T["fg:hasTarget"], self.write_target(target, owner=iri)))

    def write_target(self, target, owner: str | None = None) -> str:
        iri = f"<{self.iri_text}/g/{target.start}>"
        add = self.triples.append
        if owner is None and target.owner:
            kind, _, name = target.owner.rpartition(":")
            owner = self.indicator_iri(name) if kind == "indicator" else self.task_iri(name)
            add((owner, T["fg:hasTarget"], iri))
        add((iri, T["rdf:type"], T["fg:Target"]))
        add((iri, T["fg:text"], self.zh(target.text)))
        add((iri, T["fg:comparator"], f"<{COMPARATOR_CONCEPTS[target.comparator]}>"))
        add((iri, T["fg:targetKind"], f"<{TARGET_KIND_CONCEPTS[target.kind]}>"))
        if target.value is not None:
            value = _decimal(target.value)
            add((iri, T["rdf:type"], T["schema:QuantitativeValue"]))
            add((iri, T["schema:value"], value))
            if target.comparator == ">=":
                add((iri, T["schema:minValue"], value))
            elif target.comparator == "<=":
                add((iri, T["schema:maxValue"], value))
        if target.unit:
            add((iri, T["schema:unitText"], self.zh(target.unit)))
        if target.year is not None:
            add((iri, T["fg:targetYear"], _typed(f"{target.year:04d}", "xsd:gYear")))
        self.read_from(iri, target.start, target.end)
        return iri

    def write_column_ref(self, ref) -> None:
        column = f"<{self.iri_text}/c/{_segment(ref.ref)}>"
        self.triples += (
            (column, T["rdf:type"], T["fg:Column"]),
            (column, T["fg:columnRef"], _quoted(ref.ref)),
            (self.section_iri(ref.section), T["fg:refersTo"], column),
        )


def _resolved_attributes(resolved, written: str = "") -> dict:
    """The attributes of a unit the graph does not hold, as its nodes have them."""
    return {"name": resolved.name, "full_name": resolved.full_name, "unit_type": resolved.unit_type,
            "placeholder": resolved.placeholder, "jurisdiction": resolved.jurisdiction, "aliases": written}


# --------------------------------------------------------------------------------------------
# the units graph


class _UnitsMapping:
    """The shared units graph: each unit, issuer, parent body and place the documents name,
    described once, from the attributes of its graph node (or, for a body the graph does not
    hold, as the unit rules resolve its name)."""

    def __init__(self, G: nx.MultiDiGraph, base: str, rules: OrgRules | None = None) -> None:
        self.G = G
        self.base = base
        self.rules = rules or _org_rules()
        self.triples: dict[Triple, None] = {}  #: each triple once, in the order first written
        self.described: set[str] = set()
        self.places: dict[str, str] = {}  #: jurisdiction → its IRI form, once described
        self.groups: dict[str, list[str]] = {}  #: a 成员单位 collective → the groups it is of (member_of)
        for member, group, kind in G.edges(data="type"):
            if kind == "member_of":
                self.groups.setdefault(member, []).append(group)

    def add(self, s: str, p: str, o: str) -> None:
        self.triples[(s, p, o)] = None

    def take(self, named: Named) -> None:
        """Describe what one document's mapping named."""
        for node in named.units:
            self.unit(node, named.lang)
        for form, (node, data, group) in named.issuers.items():
            self.describe(node, form, data, group, named.lang)
        for name in sorted(named.places):
            self.place(name, named.lang)

    def unit(self, node: str, lang: str) -> str:
        """A unit node of the graph, described once."""
        form = f"<{unit_iri(node, self.base)}>"
        if node not in self.described:
            data = self.G.nodes[node]
            self.describe(node, form, data, data.get("type") == "UnitGroup", lang)
            for group in self.groups.get(node, ()):
                self.add(form, T["fg:collectiveOf"], self.unit(group, lang))
        return form

    def named_unit(self, written: str, jurisdiction: str, scope: str, lang: str, unit_type: str | None = None) -> str:
        """A body named in the organisation data: the graph's node where a document names it,
        else described as the unit rules resolve the name."""
        resolved = resolve_unit(written, jurisdiction, scope=scope)
        if resolved.id in self.G:
            return self.unit(resolved.id, lang)
        form = f"<{unit_iri(resolved.id, self.base)}>"
        data = _resolved_attributes(resolved, written)
        if unit_type:
            data["unit_type"] = unit_type
        self.describe(resolved.id, form, data, resolved.node_type == "UnitGroup", lang)
        return form

    def describe(self, node: str, iri: str, data, group: bool, lang: str) -> None:
        """Types, names, classification, jurisdiction and place in larger bodies of a unit,
        from the attributes of its graph node (``name``, ``full_name``, ``unit_type``,
        ``placeholder``, ``jurisdiction``, ``aliases``)."""
        if node in self.described:
            return
        self.described.add(node)
        add = self.add
        name = data.get("name") or ""
        full_name = data.get("full_name") or name
        jurisdiction = data.get("jurisdiction") or ""
        unit_type = data.get("unit_type") or "other"
        if unit_type not in UNIT_TYPE_CLASSES:
            raise RDFExportError(f"unit type {unit_type!r} of {name} has no concept in graph.rdf.UNIT_TYPE_CLASSES")
        concept, org_class = UNIT_TYPE_CLASSES[unit_type]
        add(iri, T["rdf:type"], T["prov:Agent"])
        parent = None
        if data.get("placeholder"):
            add(iri, T["rdf:type"], T["fg:UnitPlaceholder"])
            add(iri, T["fg:placeholderType"], f"<{concept}>")
        else:
            add(iri, T["rdf:type"], T["org:Organization"])
            add(iri, T["org:classification"], f"<{concept}>")
            parent = self.rules.parent(name, data.get("full_name") or "")
            if parent is not None:
                org_class = ORG.OrganizationalUnit
            elif group:
                org_class = ORG.OrganizationalCollaboration
            if org_class is not None:
                add(iri, T["rdf:type"], f"<{org_class}>")
        add(iri, T["skos:prefLabel"], _lang(full_name, script_tag(full_name, lang)))
        aliases = {a for a in (data.get("aliases") or "").split("|") if a} | {name}
        for alias in sorted(aliases - {full_name, ""}):
            add(iri, T["skos:altLabel"], _lang(alias, script_tag(alias, lang)))
        if jurisdiction:
            add(iri, T["fg:jurisdiction"], self.place(jurisdiction, lang))
        scope = _scope(node, full_name or name)
        if parent is not None:
            written, rule = parent
            at = rule.jurisdiction if rule.jurisdiction is not None else jurisdiction
            body = self.named_unit(written, at, rule.jurisdiction or scope, lang, rule.parent_type)
            add(iri, T["org:unitOf"], body)
            add(body, T["org:hasUnit"], iri)
        members = self.rules.members.get((jurisdiction, name)) or self.rules.members.get((jurisdiction, full_name))
        if group and members is not None:
            for member in members[0]:
                form = self.named_unit(member, jurisdiction, scope, lang)
                add(iri, T["org:hasMember"], form)
                add(form, T["org:memberOf"], iri)

    def place(self, name: str, lang: str) -> str:
        iri = self.places.get(name)
        if iri is not None:
            return iri
        iri = self.places[name] = _place_iri(name, self.base)
        self.add(iri, T["rdf:type"], T["eli:AdministrativeArea"])
        self.add(iri, T["rdf:type"], T["skos:Concept"])
        self.add(iri, T["skos:prefLabel"], _lang(name, script_tag(name, lang)))
        return iri


def _scope(node: str, name: str) -> str:
    """What a unit node id (:func:`fengong.graph.schema.unit_id`) is scoped to.

    >>> _scope("unit:荆门市:市委编办", "市委编办"), _scope("unit:doc:a:市发改委", "市发改委")
    ('荆门市', 'doc:a')
    """
    body = node.removeprefix("unit:")
    return body[: -len(name) - 1] if body.endswith(":" + name) else body.rpartition(":")[0]


# --------------------------------------------------------------------------------------------
# the mapping of a build


def document_groups(docs: Sequence[Document], base: str) -> list[list[int]]:
    """The documents that make one named graph: the indexes of each document IRI's
    documents, in the order the IRIs first come (a text given twice is one graph)."""
    groups: dict[str, list[int]] = {}
    for i, doc in enumerate(docs):
        groups.setdefault(str(document_iri(doc, base)), []).append(i)
    return list(groups.values())


def group_graph(docs: Sequence[Document], keys: Sequence[str], G: nx.MultiDiGraph, base: str,
                group: Sequence[int]) -> tuple[str, list[Triple], list[Named]]:
    """The named graph of the documents ``docs[i]`` for ``i`` in ``group`` (one document, or
    the same text given more than once): its IRI form, its triples in the order written with
    each once, and what each document named."""
    triples: list[Triple] = []
    named: list[Named] = []
    graph = ""
    for i in group:
        mapping = _DocumentMapping(docs[i], keys[i], G, base)
        triples += mapping.write()
        named.append(mapping.named)
        graph = mapping.iri
    # a triple written twice (a 专栏 named in two sections, a text given twice) is kept once
    return graph, list(dict.fromkeys(triples)), named


def units_graph(G: nx.MultiDiGraph, base: str, named: Iterable[Named]) -> tuple[str, list[Triple]]:
    """The units graph: what the documents named (``named``, in document order), described once."""
    units = _UnitsMapping(G, base)
    for item in named:
        units.take(item)
    return f"<{units_graph_iri(base)}>", list(units.triples)


def iter_graphs(docs: Iterable[Document], G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE,
                keys: Sequence[str] | None = None) -> Iterator[tuple[str, list[Triple]]]:
    """The documents as RDF: ``(graph, triples)`` for each named graph, terms in N-Quads form.

    The graphs come in the order of the documents (a text given twice is one graph, where it
    first comes), then the units graph; each graph's triples in the order the mapping writes
    them (document, sections, tasks, assignments, indicators, targets), each once. Only one
    document's triples are held at a time, besides the units graph.

    Parameters
    ----------
    docs
        Parsed documents.
    G
        The plan graph built from the same documents (see :mod:`fengong.graph.schema`); the
        units, their names, types and merges are read from its Unit and UnitGroup nodes.
    base
        The base IRI (see :func:`check_base`); every IRI minted ends up under it.
    keys
        The key of each document in ``G``; by default the keys it was built with
        (``G.graph["documents"]``).

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> [(graph, len(triples)) for graph, triples in iter_graphs([doc], to_networkx([doc]))]
    [('<https://fengong.example/id/eli/te6cd4ec47334da16>', 72), ('<https://fengong.example/id/units>', 16)]
    """
    docs = list(docs)
    keys = _document_keys(docs, G, keys)
    named: list[Named] = []
    for group in document_groups(docs, base):
        graph, triples, group_named = group_graph(docs, keys, G, base, group)
        named += group_named
        yield graph, triples
    yield units_graph(G, base, named)


def nquads(graph: str, triples: Iterable[Triple]) -> str:
    """The triples of one named graph as N-Quads lines.

    >>> print(nquads("<urn:g>", [("<urn:s>", "<urn:p>", '"o"')]), end="")
    <urn:s> <urn:p> "o" <urn:g> .
    """
    end = f" {graph} .\n"
    return "".join(f"{s} {p} {o}{end}" for s, p, o in triples)


def _with_prefixes(graph: Graph) -> Graph:
    """``graph`` with :data:`PREFIXES` bound (and only those written: serialisers drop unused ones)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def to_rdf(docs: Iterable[Document], G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE,
           keys: Sequence[str] | None = None) -> Dataset:
    """The documents as an :class:`rdflib.Dataset`: named graph ``<document IRI>`` for each
    document and :func:`units_graph_iri` for the units, the triples of :func:`iter_graphs`.

    rdflib holds about 3 KB a triple: for more than a few plans, use the files and the store
    :func:`fengong.graph.rdf_writers.write_rdf_outputs` writes.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> ds = to_rdf([doc], to_networkx([doc]))
    >>> q = "SELECT ?label WHERE { ?t prov:qualifiedAssociation [ prov:hadRole fg:lead ; prov:agent [ skos:prefLabel ?label ] ] }"
    >>> [str(row.label) for row in union_graph(ds).query(q, initNs=PREFIXES)]
    ['荆门市发展和改革委员会']
    """
    ds = _with_prefixes(Dataset())
    text = "".join(nquads(graph, triples) for graph, triples in iter_graphs(docs, G, base=base, keys=keys))
    ds.parse(data=text, format="nquads")
    return ds


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


# --------------------------------------------------------------------------------------------
# the vocabulary, the shapes and reading back


def ontology_text() -> str:
    """fengong's vocabulary as Turtle (``graph/data/fengong.ttl``): labels in Chinese and
    English, comments, domains and ranges. ``fengong build`` writes it beside its outputs and
    into the store's default graph.

    >>> "fg:lead a skos:Concept" in ontology_text()
    True
    """
    return resources.files(__package__).joinpath("data", "fengong.ttl").read_text("utf-8")


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
    >>> from rdflib.namespace import RDF, SH
    >>> len(list(shapes().subjects(RDF.type, SH.NodeShape))) > 5
    True
    """
    return _data_graph("shapes.ttl")


_ASSIGNMENT_QUERY = """
SELECT ?section ?role ?unit ?task ?start ?end ?implicit ?taskId ?taskStart ?taskEnd WHERE {
  ?a prov:hadRole ?role ; fg:asWritten ?unit ; fg:implicit ?implicit ; fg:readFrom ?span .
  ?span oa:hasSelector ?position .
  ?position oa:start ?start ; oa:end ?end .
  {
    ?t a fg:Task ; prov:qualifiedAssociation ?a ; dcterms:identifier ?taskId ; fg:text ?task ; fg:readFrom ?taskSpan .
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
