"""The RDF mapping on small hand-made documents: IRIs, vocabulary, shapes catching errors,
serialisations that read back. The main document is in test_rdf_main.py."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF

from fengong import parser
from fengong.graph.build import to_networkx
from fengong.graph.rdf import (
    DEFAULT_BASE,
    FG,
    OA,
    PREFIXES,
    UNIT_TYPE_CLASSES,
    RDFExportError,
    assignment_table,
    document_iri,
    ontology,
    to_jsonld,
    to_nquads,
    to_rdf,
    to_turtle,
    union_graph,
    units_graph_iri,
    validate,
)
from fengong.graph.units import UNIT_TYPES
from fengong.parser.export import assignment_rows

JINGMEN = "荆门市人民政府办公室\n一、任务\n(一)做好甲工作(牵头单位:市发改委;责任单位:市财政局、各县市区)。做好乙工作。\n"
YICHANG = "宜昌市人民政府办公室\n一、任务\n(一)做好丙工作(牵头单位:市发改委)。\n"


def build(*texts: str, base: str = DEFAULT_BASE) -> tuple[list, Dataset]:
    docs = [parser.parse(text, source=f"plan{i}.txt") for i, text in enumerate(texts)]
    return docs, to_rdf(docs, to_networkx(docs), base=base)


def agents(ds: Dataset, written: str) -> set:
    return {o for s, o in union_graph(ds).subject_objects(PROV.agent)
            if (s, FG.asWritten, None) in union_graph(ds)
            and str(union_graph(ds).value(s, FG.asWritten)) == written}


def test_every_iri_is_ascii_under_the_base_and_there_are_no_blank_nodes():
    base = "https://plans.example.org/x/"
    _, ds = build(JINGMEN, base=base)
    terms = {t for quad in ds.quads() for t in quad[:3]}
    assert not any(isinstance(t, BNode) for t in terms)
    minted = {t for t in terms if isinstance(t, URIRef) and not any(t.startswith(ns) for ns in PREFIXES.values())}
    minted -= {URIRef("http://publications.europa.eu/resource/authority/language/ZHO"),
               URIRef("http://www.iana.org/assignments/media-types/text/plain")}
    assert minted and all(t.startswith(base) and t.isascii() and re.fullmatch(r"[!-~]+", t) for t in minted)


def test_iris_are_deterministic_and_the_document_iri_comes_from_its_text_or_number():
    runs = [[parser.parse(JINGMEN, source="plan0.txt")] for _ in range(2)]
    assert to_nquads(runs[0], to_networkx(runs[0])) == to_nquads(runs[1], to_networkx(runs[1]))
    doc = parser.parse(JINGMEN, source="a.txt")
    assert document_iri(doc) == document_iri(parser.parse(JINGMEN, source="b.txt"))
    assert document_iri(doc) != document_iri(parser.parse(JINGMEN + "\n", source="a.txt"))


def test_one_named_graph_per_document_and_units_scoped_to_their_city():
    docs, ds = build(JINGMEN, YICHANG)
    assert {g.identifier for g in ds.graphs() if len(g)} == {document_iri(d) for d in docs} | {units_graph_iri()}
    jingmen = {o for s, o in ds.graph(document_iri(docs[0])).subject_objects(PROV.agent)}
    yichang = {o for s, o in ds.graph(document_iri(docs[1])).subject_objects(PROV.agent)}
    assert len(jingmen) == 3 and len(yichang) == 1
    assert not jingmen & yichang  # 宜昌's 市发改委 is not 荆门's


def test_the_same_unit_in_two_documents_of_one_city_is_one_iri():
    docs, ds = build(JINGMEN, JINGMEN.replace("甲", "丁"))
    first = {o for s, o in ds.graph(document_iri(docs[0])).subject_objects(PROV.agent)}
    second = {o for s, o in ds.graph(document_iri(docs[1])).subject_objects(PROV.agent)}
    assert first == second and len(first) == 3


def test_assignments_are_qualified_associations_with_role_concepts():
    _, ds = build(JINGMEN)
    g = union_graph(ds)
    rows = sorted(
        (str(g.value(a, FG.asWritten)), g.value(a, PROV.hadRole), g.value(a, FG.implicit).toPython())
        for _, a in g.subject_objects(PROV.qualifiedAssociation)
    )
    assert rows == [("各县市区", FG.responsible, False), ("市发改委", FG.lead, False), ("市财政局", FG.responsible, False)]
    unit = next(iter(agents(ds, "市发改委")))
    assert str(g.value(unit, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))) == "荆门市发展和改革委员会"


def test_provenance_selectors_quote_the_text_at_their_position():
    docs, ds = build(JINGMEN)
    g = union_graph(ds)
    text = docs[0].text
    spans = list(g.subjects(RDF.type, OA.SpecificResource))
    assert len(spans) == len(docs[0].sections) + len(docs[0].tasks) + len(docs[0].assignments)
    for span in spans:
        selectors = list(g.objects(span, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        start, end = g.value(position, OA.start).toPython(), g.value(position, OA.end).toPython()
        assert str(g.value(quote, OA.exact)) == text[start:end]
        assert text[:start].endswith(str(g.value(quote, OA.prefix)))
        assert text[end:].startswith(str(g.value(quote, OA.suffix)))


def test_reading_the_rdf_back_gives_the_parsers_assignment_table():
    docs, ds = build(JINGMEN)
    assert assignment_table(ds) == sorted(assignment_rows(docs[0])[1:])


def test_a_mention_the_graph_does_not_hold_is_an_error_not_a_silent_skip():
    docs = [parser.parse(JINGMEN, source="plan.txt")]
    G = to_networkx(docs, include=("lead",))
    with pytest.raises(RDFExportError, match="no unit in the graph"):
        to_rdf(docs, G)


def test_documents_must_match_the_graph():
    docs = [parser.parse(JINGMEN, source="plan.txt")]
    other = [parser.parse(YICHANG, source="other.txt")]
    with pytest.raises(RDFExportError):
        to_rdf(other, to_networkx(docs))


def test_vocabulary_terms_and_ontology_are_the_same_set():
    defined = {URIRef(s) for s in ontology().subjects() if isinstance(s, URIRef) and s.startswith(str(FG._NS))}
    declared = {FG[name] for name in FG.__annotations__}
    assert defined == declared
    with pytest.raises(AttributeError):
        FG.leed  # a misspelt term fails at once  # noqa: B018


def test_every_unit_type_of_the_unit_rules_has_a_concept_in_the_ontology():
    assert set(UNIT_TYPE_CLASSES) == set(UNIT_TYPES)
    onto = ontology()
    notations = {str(onto.value(concept, URIRef("http://www.w3.org/2004/02/skos/core#notation")))
                 for concept, _ in UNIT_TYPE_CLASSES.values()}
    assert notations == set(UNIT_TYPES)


def test_the_ontology_is_an_owl_ontology():
    assert (URIRef("https://fengong.example/ns"), RDF.type, OWL.Ontology) in ontology()


def test_a_valid_small_document_conforms():
    conforms, _, report = validate(build(JINGMEN)[1])
    assert conforms, report


@pytest.mark.parametrize("break_it, constraint", [
    (lambda g: g.remove((next(g.subjects(RDF.type, FG.Assignment)), PROV.agent, None)), "MinCountConstraintComponent"),
    (lambda g: g.set((next(g.subjects(RDF.type, OA.TextQuoteSelector)), OA.exact, Literal("不在原文"))),
     "SPARQLConstraintComponent"),
    (lambda g: g.set((next(g.subjects(RDF.type, FG.Assignment)), PROV.hadRole, FG.atLeast)), "InConstraintComponent"),
    (lambda g: g.set((next(g.subjects(RDF.type, OA.TextPositionSelector)), OA.start, Literal(10 ** 6))),
     "LessThanOrEqualsConstraintComponent"),
])
def test_a_broken_graph_shows_the_violation(break_it, constraint):
    g = union_graph(build(JINGMEN)[1])
    break_it(g)
    conforms, _, report = validate(g)
    assert not conforms
    assert constraint in report


def test_turtle_and_jsonld_read_back_to_the_same_triples(tmp_path):
    _, ds = build(JINGMEN, YICHANG)
    expected = {(s, p, o) for s, p, o, _ in ds.quads()}
    turtle = Graph().parse(data=to_turtle(ds), format="turtle")
    assert set(turtle) == expected
    (tmp_path / "x.context.jsonld").write_text(json.dumps({"@context": PREFIXES}), encoding="utf-8")
    (tmp_path / "x.jsonld").write_text(to_jsonld(ds, "x.context.jsonld"), encoding="utf-8")
    back = Dataset()
    back.parse((tmp_path / "x.jsonld").as_uri(), format="json-ld")
    assert {(s, p, o, str(g)) for s, p, o, g in back.quads()} == {(s, p, o, str(g)) for s, p, o, g in ds.quads()}


def test_traditional_text_is_tagged_zh_hant():
    _, ds = build("湘西州人民政府\n一、任務\n(一)發展經濟產業(牵头单位:州發改委)。\n")
    tags = {o.language for o in union_graph(ds).objects(None, FG.text)}
    assert tags == {"zh-Hant"}


def test_units_are_described_once_however_many_documents_name_them():
    docs, ds = build(JINGMEN, JINGMEN.replace("甲", "丁"))
    quads = [q for q in ds.quads() if str(q[1]).endswith("#prefLabel")]
    assert len(quads) == len({q[:3] for q in quads})  # no triple in two graphs
    assert {str(q[3]) for q in quads} == {str(units_graph_iri())}


def test_the_documents_in_other_styles_convert_conform_and_read_back():
    """The seven development documents (tests/corpus/, origins in its README), as one corpus:
    6 issuers, deadlines, a 文号 on some, traditional characters on one."""
    from pathlib import Path

    seven = ("01_", "03_", "05_", "08_", "11_", "12_", "13_")
    corpus = sorted(p for p in (Path(__file__).parent / "corpus").glob("*.txt") if p.name.startswith(seven))
    assert len(corpus) == 7
    docs = [parser.parse_file(path) for path in corpus]
    ds = to_rdf(docs, to_networkx(docs))
    conforms, _, report = validate(ds)
    assert conforms, report
    assert assignment_table(ds) == sorted(row for doc in docs for row in assignment_rows(doc)[1:])
    numbered = [doc for doc in docs if doc.metadata.doc_number is not None]
    assert numbered and all(document_iri(doc).rsplit("/", 1)[1].startswith("n") for doc in numbered)
