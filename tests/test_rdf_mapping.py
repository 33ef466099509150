"""The RDF mapping on small hand-made documents: IRIs and the base, vocabulary, ORG and PROV
as defined, shared spans, serialisations that read back. The main document is in
test_rdf_main.py, the shapes in test_rdf_shapes.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SKOS

from fengong import parser
from fengong.graph import rdf
from fengong.graph.build import to_networkx
from fengong.graph.rdf import (
    DEFAULT_BASE,
    FG,
    OA,
    PREFIXES,
    UNIT_TYPE_CLASSES,
    RDFExportError,
    assignment_table,
    check_base,
    document_iri,
    ontology,
    to_rdf,
    union_graph,
    units_graph_iri,
)
from fengong.graph.rdf_shapes import validate
from fengong.graph.rdf_writers import to_jsonld, to_nquads, to_turtle
from fengong.graph.org import load_org_rules
from fengong.graph.units import UNIT_TYPES, resolve_unit
from fengong.parser.errors import InputError
from fengong.parser.export import assignment_rows

JINGMEN = "荆门市人民政府办公室\n一、任务\n(一)做好甲工作(牵头单位:市发改委;责任单位:市财政局、各县市区)。做好乙工作。\n"
YICHANG = "宜昌市人民政府办公室\n一、任务\n(一)做好丙工作(牵头单位:市发改委)。\n"
#: the seven development documents written as annotated prose (tests/corpus/ holds table-form ones too)
CORPUS = sorted(p for p in (Path(__file__).parent / "corpus").glob("*.txt")
                if p.name.startswith(("01_", "03_", "05_", "08_", "11_", "12_", "13_")))


def build(*texts: str, base: str = DEFAULT_BASE) -> tuple[list, Dataset]:
    docs = [parser.parse(text, source=f"plan{i}.txt") for i, text in enumerate(texts)]
    return docs, to_rdf(docs, to_networkx(docs), base=base)


def agents(ds: Dataset, written: str) -> set:
    g = union_graph(ds)
    return {o for s, o in g.subject_objects(PROV.agent) if str(g.value(s, FG.asWritten)) == written}


def test_every_iri_is_ascii_under_the_base_and_there_are_no_blank_nodes():
    base = "https://plans.example.org/x/"
    _, ds = build(JINGMEN, base=base)
    terms = {t for quad in ds.quads() for t in quad[:3]}
    assert not any(isinstance(t, BNode) for t in terms)
    minted = {t for t in terms if isinstance(t, URIRef) and not any(t.startswith(ns) for ns in PREFIXES.values())}
    minted -= {URIRef("http://publications.europa.eu/resource/authority/language/ZHO"),
               URIRef("http://www.iana.org/assignments/media-types/text/plain")}
    assert minted and all(t.startswith(base) and t.isascii() and re.fullmatch(r"[!-~]+", t) for t in minted)


@pytest.mark.parametrize("given, base, note", [
    ("https://data.example.gov.cn/plans/", "https://data.example.gov.cn/plans/", False),
    ("http://data.example.gov.cn/plans#", "http://data.example.gov.cn/plans#", False),
    ("https://data.example.gov.cn/plans", "https://data.example.gov.cn/plans/", True),
    ("https://data.example.gov.cn", "https://data.example.gov.cn/", True),
])
def test_a_base_iri_is_absolute_http_and_ends_in_a_slash_or_hash(given, base, note):
    checked, said = check_base(given)
    assert checked == base and (said is not None) == note
    if note:
        assert "does not end in / or #" in said and base in said


@pytest.mark.parametrize("given, why", [
    ("data.example.gov.cn/plans/", "absolute http"),
    ("ftp://data.example.gov.cn/plans/", "absolute http"),
    ("urn:plans:", "absolute http"),
    ("https:///plans/", "absolute http"),
    ("https://data.example.gov.cn/规划/", "printable ASCII"),
    ("https://data.example.gov.cn/a b/", "printable ASCII"),
    ("https://data.example.gov.cn/a>b/", "printable ASCII"),
    ('https://data.example.gov.cn/a"b/', "printable ASCII"),
    ("https://data.example.gov.cn/a\nb/", "printable ASCII"),
    ("https://data.example.gov.cn/?x=1/", "query"),
    ("https://data.example.gov.cn/a#b/", "# may only end it"),
    ("https://data.example.gov.cn/a/../b/", ". or .. segments"),
])
def test_a_base_iri_that_would_break_the_rdf_is_refused(given, why):
    with pytest.raises(RDFExportError, match=re.escape(why)):
        check_base(given)


@pytest.mark.parametrize("base", ["https://plans.example.org/x/", "https://plans.example.org/x#"])
def test_every_serialisation_reads_back_under_a_publishers_base(base, tmp_path):
    docs = [parser.parse(text, source=f"plan{i}.txt") for i, text in enumerate((JINGMEN, YICHANG))]
    G = to_networkx(docs)
    expected = {(s, p, o, str(g)) for s, p, o, g in to_rdf(docs, G, base=base).quads()}
    assert all(str(s).startswith(base) for s, _, _, _ in expected)
    turtle = Graph().parse(data=to_turtle(docs, G, base=base), format="turtle")
    assert set(turtle) == {q[:3] for q in expected}
    (tmp_path / "x.context.jsonld").write_text(json.dumps({"@context": PREFIXES}), encoding="utf-8")
    (tmp_path / "x.jsonld").write_text(to_jsonld(docs, G, base=base), encoding="utf-8")
    back = Dataset()
    back.parse((tmp_path / "x.jsonld").as_uri(), format="json-ld")
    assert {(s, p, o, str(g)) for s, p, o, g in back.quads()} == expected


def test_iris_are_deterministic_and_the_document_iri_comes_from_its_text_or_number():
    runs = [[parser.parse(JINGMEN, source="plan0.txt")] for _ in range(2)]
    assert to_nquads(runs[0], to_networkx(runs[0])) == to_nquads(runs[1], to_networkx(runs[1]))
    doc = parser.parse(JINGMEN, source="a.txt")
    assert document_iri(doc) == document_iri(parser.parse(JINGMEN, source="b.txt"))
    assert document_iri(doc) != document_iri(parser.parse(JINGMEN + "\n", source="a.txt"))


NUMBERED = "国务院关于做好就业工作的意见\n国发〔2018〕39号\n一、任务\n(一)做好{}工作(牵头单位:人力资源社会保障部)。\n"


def test_two_documents_sharing_a_number_are_two_graphs_that_conform():
    """A draft and its final text, or a notice reprinted with another attachment, carry one
    文号: identified by 文号 and content, they are two documents, each valid."""
    draft, final = (parser.parse(NUMBERED.format(word), source=f"{word}.txt") for word in ("甲", "乙"))
    assert draft.metadata.doc_number.value == final.metadata.doc_number.value == "国发〔2018〕39号"
    docs = [draft, final]
    ds = to_rdf(docs, to_networkx(docs))
    graphs = {g.identifier for g in ds.graphs() if len(g)}
    assert graphs == {document_iri(draft), document_iri(final), units_graph_iri()} and len(graphs) == 3
    assert all(str(document_iri(d)).rsplit("/", 1)[1].startswith("n") for d in docs)
    titles = list(union_graph(ds).objects(document_iri(draft), URIRef("http://purl.org/dc/terms/title")))
    assert len(titles) == 1
    conforms, _, report = validate(ds)
    assert conforms, report
    # the same text given twice is still one document
    again = [draft, parser.parse(draft.text, source="copy.txt")]
    assert len({g.identifier for g in to_rdf(again, to_networkx(again)).graphs() if len(g)}) == 2


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
    assert str(g.value(unit, SKOS.prefLabel)) == "荆门市发展和改革委员会"


PROSE = ("荆门市人民政府办公室\n一、任务\n(一)做好甲工作(牵头单位:市发改委)。\n二、工作要求\n"
         "(一)加强组织领导。领导小组办公室设在市发改委,统筹实施工作。\n")


def test_every_association_belongs_to_an_activity_prose_ones_too():
    docs, ds = build(PROSE)
    assert any(a.role == "prose" for a in docs[0].assignments)
    g = union_graph(ds)
    for association in g.subjects(RDF.type, PROV.Association):
        (activity,) = g.subjects(PROV.qualifiedAssociation, association)
        assert (activity, RDF.type, PROV.Activity) in g
        agent = g.value(association, PROV.agent)
        assert (activity, PROV.wasAssociatedWith, agent) in g
    (prose,) = g.subjects(PROV.hadRole, FG.prose)
    (section,) = g.subjects(FG.mentions, prose)
    (activity,) = g.subjects(PROV.qualifiedAssociation, prose)
    assert (activity, FG.section, section) in g and (activity, RDF.type, FG.Task) not in g
    assert assignment_table(ds) == sorted(assignment_rows(docs[0])[1:])


def test_placeholders_are_not_classified_as_organisations():
    _, ds = build(JINGMEN)
    g = union_graph(ds)
    (placeholder,) = agents(ds, "各县市区")
    assert (placeholder, RDF.type, FG.UnitPlaceholder) in g and (placeholder, RDF.type, ORG.Organization) not in g
    assert g.value(placeholder, ORG.classification) is None
    assert g.value(placeholder, FG.placeholderType) == FG.collectiveUnit
    for organisation in g.subjects(ORG.classification, None):
        assert (organisation, RDF.type, ORG.Organization) in g
    (department,) = agents(ds, "市发改委")
    assert g.value(department, ORG.classification) == FG.governmentDepartment
    assert (department, RDF.type, ORG.FormalOrganization) in g


UNITS = ("荆门市人民政府办公室\n一、任务\n(一)做好甲工作(牵头单位:市委编办;责任单位:市税务局、"
         "市推进区域发展布局实施工作领导小组办公室、市优化办、市推进科技创新领导小组成员单位)。\n")


def test_an_organisational_unit_says_what_it_is_a_unit_of():
    docs, ds = build(UNITS)
    g = union_graph(ds)

    def label(node) -> str:
        return str(g.value(node, SKOS.prefLabel))

    parents = {label(unit): label(g.value(unit, ORG.unitOf)) for unit in g.subjects(RDF.type, ORG.OrganizationalUnit)}
    assert parents == {
        "中共荆门市委机构编制委员会办公室": "市委",  # a Party committee's office: of the committee
        "国家税务总局荆门市税务局": "税务总局",  # a central branch: of the administration
        "市推进区域发展布局实施工作领导小组办公室": "市推进区域发展布局实施工作领导小组",
    }
    for unit in g.subjects(RDF.type, ORG.OrganizationalUnit):
        assert (g.value(unit, ORG.unitOf), ORG.hasUnit, unit) in g
    (office,) = agents(ds, "市优化办")  # whose office the data does not say: an organisation, not a unit
    assert (office, RDF.type, ORG.Organization) in g and (office, RDF.type, ORG.OrganizationalUnit) not in g
    committee = g.value(next(iter(agents(ds, "市委编办"))), ORG.unitOf)
    assert g.value(committee, ORG.classification) == FG.partyOrgan  # the parent's type, from the data
    tax = g.value(next(iter(agents(ds, "市税务局"))), ORG.unitOf)  # in the jurisdiction the data gives
    assert tax == URIRef(rdf.unit_iri(resolve_unit("税务总局", "中央").id))
    conforms, _, report = validate(ds)
    assert conforms, report


def test_the_unit_of_a_group_named_in_one_document_is_that_groups_iri():
    text = UNITS.replace("市委编办", "市推进区域发展布局实施工作领导小组")
    _, ds = build(text)
    g = union_graph(ds)
    (group,) = agents(ds, "市推进区域发展布局实施工作领导小组")
    (office,) = agents(ds, "市推进区域发展布局实施工作领导小组办公室")
    assert g.value(office, ORG.unitOf) == group and (group, RDF.type, ORG.OrganizationalCollaboration) in g


def test_a_collective_uses_org_membership_where_the_members_are_known(tmp_path, monkeypatch):
    data = tmp_path / "org.toml"
    data.write_text(Path(rdf.__file__).with_name("data").joinpath("org.toml").read_text(encoding="utf-8") + """
[[members]]
group = "市推进科技创新领导小组"
jurisdiction = "荆门市"
members = ["市科技局", "市发改委"]
source = "a test"
""", encoding="utf-8")
    monkeypatch.setattr(rdf, "_org_rules", lambda: load_org_rules(data))
    _, ds = build(UNITS)
    g = union_graph(ds)
    (collective,) = agents(ds, "市推进科技创新领导小组成员单位")
    group = g.value(collective, FG.collectiveOf)
    members = {str(g.value(m, SKOS.prefLabel)) for m in g.objects(group, ORG.hasMember)}
    assert members == {"荆门市科学技术局", "荆门市发展和改革委员会"}
    for member in g.objects(group, ORG.hasMember):
        assert (member, ORG.memberOf, group) in g
    conforms, _, report = validate(ds)
    assert conforms, report
    # without the data, the group has no members said
    monkeypatch.undo()
    _, ds = build(UNITS)
    assert not list(union_graph(ds).objects(None, ORG.hasMember))


def test_every_org_rule_places_its_examples():
    rules = load_org_rules()
    assert rules.unit_of
    for rule in rules.unit_of:
        assert rule.examples, rule.description
        for unit, parent in rule.examples:
            assert rules.parent(unit) == (parent, rule), unit


def test_the_org_data_is_checked(tmp_path):
    bad = tmp_path / "org.toml"
    bad.write_text('[[unit_of]]\npatern = "x"\nparent = "y"\ndescription = "z"\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown key 'patern'"):
        load_org_rules(bad)
    bad.write_text('[[unit_of]]\npattern = "^(x"\nparent = "y"\ndescription = "z"\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad pattern"):
        load_org_rules(bad)
    bad.write_text('[[unit_of]]\npattern = "x"\nparent = "{group}"\ndescription = "z"\n', encoding="utf-8")
    with pytest.raises(InputError, match="no group named 'group'"):
        load_org_rules(bad)


def test_spans_are_described_once_with_a_position_the_facts_words_are_at():
    docs, ds = build(JINGMEN.replace("各县市区)。做好乙工作。", "各县市区,以下均需各县市区落实,不再逐一列出)。\n"
                                                            "(二)做好乙工作(牵头单位:市财政局)。"))
    g = union_graph(ds)
    text = docs[0].text
    spans = list(g.subjects(RDF.type, OA.SpecificResource))
    read = {(x.start, x.end) for x in (*docs[0].sections, *docs[0].tasks, *docs[0].assignments)}
    assert len(spans) == len(read)
    assert any(a.implicit for a in docs[0].assignments)  # an implicit assignment shares its note's span
    for span in spans:
        (position,) = g.objects(span, OA.hasSelector)
        assert (position, RDF.type, OA.TextPositionSelector) in g
        start, end = g.value(position, OA.start).toPython(), g.value(position, OA.end).toPython()
        for fact in g.subjects(FG.readFrom, span):
            for words in (g.value(fact, FG.asWritten), g.value(fact, FG.text)):
                assert words is None or str(words) == text[start:end]


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


def test_every_term_has_labels_in_chinese_and_english_and_a_comment():
    onto = ontology()
    for name in FG.__annotations__:
        term = FG[name]
        languages = {label.language for label in onto.objects(term, RDFS.label)}
        assert {"zh-Hans", "en"} <= languages, name
        assert onto.value(term, RDFS.comment) is not None or onto.value(term, SKOS.definition) is not None, name
        if (term, RDF.type, OWL.ObjectProperty) in onto or (term, RDF.type, OWL.DatatypeProperty) in onto:
            assert onto.value(term, RDFS.domain) is not None, name
            assert onto.value(term, RDFS.range) is not None, name


def test_every_unit_type_of_the_unit_rules_has_a_concept_in_the_ontology():
    assert set(UNIT_TYPE_CLASSES) == set(UNIT_TYPES)
    onto = ontology()
    notations = {str(onto.value(concept, SKOS.notation)) for concept, _ in UNIT_TYPE_CLASSES.values()}
    assert notations == set(UNIT_TYPES)


def test_the_ontology_is_an_owl_ontology():
    assert (URIRef("https://fengong.example/ns"), RDF.type, OWL.Ontology) in ontology()


def test_turtle_and_jsonld_read_back_to_the_same_triples(tmp_path):
    docs = [parser.parse(text, source=f"plan{i}.txt") for i, text in enumerate((JINGMEN, YICHANG))]
    G = to_networkx(docs)
    ds = to_rdf(docs, G)
    expected = {(s, p, o) for s, p, o, _ in ds.quads()}
    turtle = Graph().parse(data=to_turtle(docs, G), format="turtle")
    assert set(turtle) == expected
    (tmp_path / "x.context.jsonld").write_text(json.dumps({"@context": PREFIXES}), encoding="utf-8")
    (tmp_path / "x.jsonld").write_text(to_jsonld(docs, G, context_ref="x.context.jsonld"), encoding="utf-8")
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
    assert len(CORPUS) == 7
    docs = [parser.parse_file(path) for path in CORPUS]
    ds = to_rdf(docs, to_networkx(docs))
    conforms, _, report = validate(ds)
    assert conforms, report
    assert assignment_table(ds) == sorted(row for doc in docs for row in assignment_rows(doc)[1:])
    numbered = [doc for doc in docs if doc.metadata.doc_number is not None]
    assert numbered and all(document_iri(doc).rsplit("/", 1)[1].startswith("n") for doc in numbered)
    g = union_graph(ds)
    (office,) = {s for s, o in g.subject_objects(SKOS.prefLabel | SKOS.altLabel) if str(o) == "州委编办"}
    assert str(g.value(g.value(office, ORG.unitOf), SKOS.prefLabel)) == "州委"  # a Party committee's office


def test_hostile_strings_give_jsonld_and_turtle_that_read_back(tmp_path):
    """Controls, a NUL, bidi overrides, quotes, line breaks and markup in unit names and task
    text (tests/test_robustness.py's hostile document) survive every serialisation."""
    from test_robustness import HOSTILE

    from fengong.graph.sparql import open_rdf

    docs = [parser.parse(HOSTILE, source="hostile.txt")]
    G = to_networkx(docs)
    expected = {str(q) for q in open_rdf_text(to_nquads(docs, G), tmp_path / "x.nq")}
    (tmp_path / "x.context.jsonld").write_text(json.dumps({"@context": PREFIXES}), encoding="utf-8")
    (tmp_path / "x.jsonld").write_text(to_jsonld(docs, G), encoding="utf-8")
    assert {str(q) for q in open_rdf(tmp_path / "x.jsonld")} == expected
    json.loads((tmp_path / "x.jsonld").read_text(encoding="utf-8"))  # strict JSON: controls escaped
    (tmp_path / "x.ttl").write_text(to_turtle(docs, G), encoding="utf-8")
    assert {str(q.triple) for q in open_rdf(tmp_path / "x.ttl")} == {str(q.triple) for q in open_rdf(tmp_path / "x.nq")}


def open_rdf_text(text: str, path: Path):
    from fengong.graph.sparql import open_rdf

    path.write_text(text, encoding="utf-8")
    return open_rdf(path)


def test_a_unit_under_a_label_the_dialect_does_not_know_is_an_assignment_with_role_other():
    """协助单位: is no label of the default dialect: its unit is read with role ``other`` and
    exported as an assignment with the role fg:other, which the shapes accept."""
    doc = parser.parse("一、任务\n(一)做好工作(牵头单位:市发改委,协助单位:市财政局)。\n", source="other.txt")
    assert [(a.role, a.unit, a.label) for a in doc.assignments] == [("lead", "市发改委", None), ("other", "市财政局", "协助单位")]
    ds = to_rdf([doc], to_networkx([doc]))
    conforms, _, report = validate(ds)
    assert conforms, report
    assert sorted(row[1] for row in assignment_table(ds)) == ["lead", "other"]
    assert by_checker_conforms([doc])


def by_checker_conforms(docs) -> bool:
    """What the build's checker says of the documents' RDF (the union of its graphs, as one)."""
    from fengong.graph.rdf import iter_graphs
    from fengong.graph.rdf_shapes import Pending, shape_checker

    triples = [t for _, graph in iter_graphs(docs, to_networkx(docs)) for t in graph]
    return shape_checker().check(triples, Pending())[0] == []
