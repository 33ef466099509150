"""fengong's RDF vocabulary and its terms as the mapping writes them.

:class:`FG` is fengong's own vocabulary (``graph/data/fengong.ttl``), :class:`ELI` and
:class:`OA` the terms it uses of ELI and Web Annotation, :data:`PREFIXES` the prefixes every
output binds; the concept tables say which concept stands for a role, a comparator, a target
kind, an indicator type and a unit type of the model.

The mapping (:mod:`fengong.graph.rdf`) writes each term as the text N-Quads gives it
(``<iri>``, ``"text"@zh-Hans``, ``"5"^^<…#integer>``) rather than as rdflib objects: a corpus
has millions of triples, and making an rdflib term costs microseconds. The forms are those of
canonical N-Quads (RDF 1.1: only ``"``, ``\\``, line feed and carriage return escaped); the
writers of :mod:`fengong.graph.rdf_writers` lay them out as N-Quads, Turtle or JSON-LD.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace

__all__ = [
    "FG",
    "ELI",
    "OA",
    "PREFIXES",
    "ROLE_CONCEPTS",
    "COMPARATOR_CONCEPTS",
    "TARGET_KIND_CONCEPTS",
    "INDICATOR_TYPE_CONCEPTS",
    "UNIT_TYPE_CLASSES",
    "Triple",
    "T",
]

#: One triple, each term in its N-Quads form: ``<iri>``, ``"text"@zh-Hans``, ``"5"^^<…#integer>``.
Triple = tuple[str, str, str]


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
    placeholderType: URIRef
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
    "rdfs": str(RDFS),
    "schema": str(SDO),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

#: the model's role, comparator, target kind and indicator type → fengong's concept for it
ROLE_CONCEPTS = {"lead": FG.lead, "responsible": FG.responsible, "support": FG.support, "guide": FG.guide, "prose": FG.prose,
                 "other": FG.other}
COMPARATOR_CONCEPTS = {">=": FG.atLeast, "<=": FG.atMost, "=": FG.exactly, "~": FG.about, "+": FG.increaseBy}
TARGET_KIND_CONCEPTS = {"level": FG.levelTarget, "growth": FG.growthTarget, "change": FG.changeTarget, "text": FG.textTarget}
INDICATOR_TYPE_CONCEPTS = {"预期性": FG.expected, "约束性": FG.binding}
#: unit type (:data:`fengong.graph.units.UNIT_TYPES`) → its concept, and the W3C ORG class a unit of
#: that type also gets besides ``org:Organization`` (``None``: no more specific class). A unit
#: that ``graph/data/org.toml`` places in a larger body is an ``org:OrganizationalUnit`` instead.
UNIT_TYPE_CLASSES = {
    "collective": (FG.collectiveUnit, None),
    "leading_group_office": (FG.leadingGroupOffice, None),
    "leading_group": (FG.leadingGroup, ORG.OrganizationalCollaboration),
    "court_procuratorate": (FG.courtOrProcuratorate, ORG.FormalOrganization),
    "party_organ": (FG.partyOrgan, ORG.FormalOrganization),
    "peoples_organisation": (FG.peoplesOrganisation, ORG.FormalOrganization),
    "central_branch": (FG.centralBranch, None),
    "enterprise": (FG.enterprise, ORG.FormalOrganization),
    "park_zone": (FG.parkOrZone, None),
    "government_department": (FG.governmentDepartment, ORG.FormalOrganization),
    "other": (FG.otherUnit, None),
}



class _CURIEForms(dict):
    """``T["fg:readFrom"]`` is the N-Quads form of a term named by one of :data:`PREFIXES`,
    made once (a misspelt ``fg:`` or ``eli:`` term fails, as ``FG.x`` does)."""

    def __missing__(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        term = getattr(_NAMESPACES[prefix], local)
        form = self[curie] = f"<{term}>"
        return form


_NAMESPACES = {"dcterms": DCTERMS, "eli": ELI, "fg": FG, "oa": OA, "org": ORG, "prov": PROV, "rdf": RDF,
               "rdfs": RDFS, "schema": SDO, "skos": SKOS, "xsd": XSD}
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


def _decimal(value: float) -> str:
    """A float as an ``xsd:decimal`` with the shortest digits that read back as it."""
    return _typed(format(Decimal(repr(value)), "f"), "xsd:decimal")


def _integer(value: int, datatype: str = "xsd:nonNegativeInteger") -> str:
    return f'"{value}"^^{T[datatype]}'


_TRUE, _FALSE = _typed("true", "xsd:boolean"), _typed("false", "xsd:boolean")


