"""The shape checker every build runs gives pyshacl's verdict: on conforming RDF and on RDF
broken in each way the shapes forbid, the same focus nodes, paths and constraint components."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from fengong import parser
from fengong.graph import rdf
from fengong.graph.build import to_networkx
from fengong.graph.rdf import iter_graphs
from fengong.graph.rdf_shapes import Pending, ShapeChecker, ShapesError, shape_checker, validate

from test_rdf_mapping import CORPUS, JINGMEN, PROSE, UNITS

FG = "https://fengong.example/ns#"
OA = "http://www.w3.org/ns/oa#"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
TARGETS = ("荆门市人民政府办公室\n一、主要指标\n1.地区生产总值(GDP)总量力争突破3000亿元,年均增长7%以上。"
           "(预期性指标,牵头单位:市发改委;责任单位:各县市区,以下均需各县市区落实,不再逐一列出)\n"
           "二、任务\n(一)做好甲工作(牵头单位:市财政局)。\n")


def triples_of(*texts: str, paths=()) -> list[tuple[str, str, str]]:
    docs = [parser.parse(text, source=f"plan{i}.txt") for i, text in enumerate(texts)]
    docs += [parser.parse_file(path) for path in paths]
    return [t for _, triples in iter_graphs(docs, to_networkx(docs)) for t in triples]


@pytest.fixture(scope="module")
def good() -> list[tuple[str, str, str]]:
    return triples_of(JINGMEN, PROSE, UNITS, TARGETS, paths=[p for p in CORPUS if "xiangxi" in p.name])


def by_checker(triples) -> set[tuple[str, str, str]]:
    found, _ = shape_checker().check(triples, Pending())
    return {(v.focus, v.path, v.component) for v in found}


def by_pyshacl(triples) -> set[tuple[str, str, str]]:
    graph = Graph().parse(data="".join(f"{s} {p} {o} .\n" for s, p, o in triples), format="nt")
    conforms, results, _ = validate(graph)
    found = set()
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        path = results.value(result, SH.resultPath)
        if path is None:
            written = ""
        elif isinstance(path, URIRef):
            written = f"<{path}>"
        else:
            written = f"^<{results.value(path, SH.inversePath)}>"
        component = str(results.value(result, SH.sourceConstraintComponent)).replace(str(SH), "sh:")
        found.add((f"<{results.value(result, SH.focusNode)}>", written, component))
    assert conforms == (not found)
    return found


def first(triples, predicate: str, obj: str | None = None) -> tuple[str, str, str]:
    return next(t for t in triples if t[1].endswith(predicate) and (obj is None or t[2] == obj))


def replace(triples, old, new):
    return [new if t == old else t for t in triples]


def drop(predicate: str):
    return lambda ts: [t for t in ts if t != first(ts, predicate)]


def with_object(predicate: str, value: str, obj: str | None = None):
    def change(ts):
        old = first(ts, predicate, obj)
        return replace(ts, old, (old[0], old[1], value))
    return change


def added(make):
    return lambda ts: ts + [make(ts)]


BROKEN = {
    "an assignment without its unit": drop("/prov#agent>"),
    "a role that is not one": with_object("/prov#hadRole>", f"<{FG}atLeast>"),
    "a start after its end": with_object(f"{OA}start>", '"100000"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>'),
    "words not in the text": with_object(f"{FG}asWritten>", '"不在原文"@zh-Hans'),
    "a task's text not in the text": with_object(f"{FG}text>", '"不在原文"@zh-Hans'),
    "two titles": added(lambda ts: (first(ts, "/dc/terms/title>")[0], "<http://purl.org/dc/terms/title>", '"另一个"@zh-Hans')),
    "an organisation's type on a placeholder": added(lambda ts: (first(ts, "#type>", f"<{FG}UnitPlaceholder>")[0],
                                                              "<http://www.w3.org/ns/org#classification>",
                                                              f"<{FG}governmentDepartment>")),
    "a unit of nothing": drop("/org#unitOf>"),
    "an association of no activity": lambda ts: [t for t in ts if not (t[1].endswith("#qualifiedAssociation>") and "/m/prose-" in t[2])],
    "a prose activity that is not one": lambda ts: [t for t in ts if not (t[0].endswith("/work>") and t[1] == TYPE)],
    "an ill-typed depth": with_object(f"{FG}depth>", '"一"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    "a depth of 0": with_object(f"{FG}depth>", '"0"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    "two selectors": added(lambda ts: (first(ts, f"{OA}hasSelector>")[0], f"<{OA}hasSelector>", "<urn:x:selector>")),
    "a section that is a unit": lambda ts: with_object(f"{FG}section>", first(ts, "/prov#agent>")[2])(ts),
    "a digest that is not one": with_object(f"{FG}sha256>", '"XYZ"'),
    "two labels in one language": added(lambda ts: (first(ts, "/skos/core#prefLabel>")[0],
                                                    "<http://www.w3.org/2004/02/skos/core#prefLabel>", '"又一个"@zh-Hans')),
    "a prose mention in no section": lambda ts: [t for t in ts if not t[1].endswith(f"{FG}mentions>")],
    "a target of nothing": lambda ts: [t for t in ts if not t[1].endswith(f"{FG}hasTarget>")],
    "a blank path number": with_object(f"{FG}path>", '"三、"'),
}


def test_conforming_rdf_conforms_for_both(good):
    assert by_checker(good) == set() == by_pyshacl(good)


@pytest.mark.parametrize("how", sorted(BROKEN))
def test_broken_rdf_gets_the_same_violations_from_both(good, how):
    broken = BROKEN[how](list(good))
    assert broken != good
    found = by_checker(broken)
    assert found, how
    assert found == by_pyshacl(broken), how


def test_a_document_graph_leaves_for_the_units_graph_what_only_it_can_decide():
    """A document graph names units the units graph describes: checked graph by graph, as
    the build checks, the verdict is the one on the union."""
    docs = [parser.parse(text, source=f"plan{i}.txt") for i, text in enumerate((JINGMEN, UNITS))]
    graphs = list(iter_graphs(docs, to_networkx(docs)))
    checker = shape_checker()
    pending = Pending()
    for _, triples in graphs[:-1]:
        found, left = checker.check(triples)
        assert found == []
        pending.update(left)
    assert pending.checks  # the units the documents name
    units = graphs[-1][1]
    assert checker.check(units, pending)[0] == []
    # a unit described wrongly in the units graph is found through the documents that name it
    unit = next(t[0] for t in units if t[2] == "<http://www.w3.org/ns/prov#Agent>")
    broken = [t for t in units if not (t[0] == unit and t[1] == TYPE)]
    found = {(v.focus, v.component) for v in checker.check(broken, pending)[0]}
    assert {v for v in found if v[1] == "sh:ClassConstraintComponent"}  # prov:wasAssociatedWith a non-agent
    assert {v for v in found if v[1] == "sh:NodeConstraintComponent"}  # prov:agent not a fgsh:Unit


def test_the_number_alone_once_made_two_documents_one_graph_which_both_refuse(monkeypatch):
    numbered = "国务院关于做好就业工作的意见\n国发〔2018〕39号\n一、任务\n(一)做好{}工作(牵头单位:人力资源社会保障部)。\n"
    monkeypatch.setattr(rdf, "document_iri",
                        lambda doc, base=rdf.DEFAULT_BASE: URIRef(f"{base}eli/n{rdf._hash(doc.metadata.doc_number.value)}"))
    merged = triples_of(numbered.format("甲"), numbered.format("乙"))
    found = by_checker(merged)
    assert ("sh:MaxCountConstraintComponent" in {c for _, _, c in found})
    assert found == by_pyshacl(merged)


def test_a_shape_the_checker_cannot_evaluate_is_refused():
    shapes = """
    @prefix sh: <http://www.w3.org/ns/shacl#> .
    @prefix ex: <http://example.org/> .
    ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minLength 2 ] .
    """
    with pytest.raises(ShapesError, match="sh:minLength"):
        ShapeChecker(shapes, "")
    paths = """
    @prefix sh: <http://www.w3.org/ns/shacl#> .
    @prefix ex: <http://example.org/> .
    ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .
    """
    with pytest.raises(ShapesError, match="only a predicate or sh:inversePath"):
        ShapeChecker(paths, "")


def test_other_sparql_constraints_run_with_oxigraph():
    shapes = """
    @prefix sh: <http://www.w3.org/ns/shacl#> .
    @prefix ex: <http://example.org/> .
    ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:sparql [ sh:message "p and q differ" ;
                    sh:select "SELECT $this ?value WHERE { $this ex:p ?value ; ex:q ?q . FILTER (?value != ?q) }" ] .
    """.replace("ex:p", "<http://example.org/p>").replace("ex:q", "<http://example.org/q>")
    checker = ShapeChecker(shapes, "")
    triples = [("<urn:a>", TYPE, "<http://example.org/C>"), ("<urn:a>", "<http://example.org/p>", '"1"'),
               ("<urn:a>", "<http://example.org/q>", '"2"'), ("<urn:b>", TYPE, "<http://example.org/C>"),
               ("<urn:b>", "<http://example.org/p>", '"1"'), ("<urn:b>", "<http://example.org/q>", '"1"')]
    found, _ = checker.check(triples, Pending())
    assert [(v.focus, v.value, v.message) for v in found] == [("<urn:a>", '"1"', "p and q differ")]
