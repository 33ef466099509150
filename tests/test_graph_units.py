"""Unit resolution: the data file is well formed, and types, merges, full names, collectives,
jurisdictions and scoping do what graph/data/units.toml says."""

from __future__ import annotations

from collections import Counter

import pytest

from fengong.graph.build import to_networkx
from fengong.graph.schema import unit_id
from fengong.graph.tables import find_units
from fengong.graph.units import UNIT_TYPES, infer_jurisdiction, load_unit_rules, resolve_unit, resolve_units, unit_type
from fengong.parser.errors import InputError
from fengong.parser.model import Document, Metadata, Span
from test_graph_handmade import make_doc

RULES = load_unit_rules()


# --- the data -----------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES.types, ids=lambda r: r.type)
def test_each_type_rule_is_the_first_to_match_its_examples(rule):
    assert rule.examples, f"{rule.type} has no examples"
    for name in rule.examples:
        assert unit_type(name) == rule.type, name


def test_every_unit_type_has_a_rule():
    assert [r.type for r in RULES.types] == list(UNIT_TYPES)


def test_full_names_are_unique_within_a_jurisdiction():
    # two short names with one full name would silently become one node
    for jurisdiction, table in RULES.full_names.items():
        twice = [full for full, n in Counter(table.values()).items() if n > 1]
        assert not twice, (jurisdiction, twice)


def test_merges_have_reasons_and_keep_one_type():
    for rule in RULES.merges:
        assert len(rule.reason) > 20
        assert len({unit_type(n) for n in rule.names}) == 1, rule.names


def write(tmp_path, text):
    path = tmp_path / "units.toml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = """
[jurisdictions]
place_pattern = '^(?P<place>\\\\p{Han}{1,10}?市)'
[[types]]
type = "other"
node = "Unit"
placeholder = false
patterns = ['']
"""


def test_a_minimal_data_file_loads(tmp_path):
    rules = load_unit_rules(write(tmp_path, BASE))
    assert unit_type("市发改委", rules) == "other"


@pytest.mark.parametrize("bad, message", [
    ("colour = 1\n" + BASE, "unknown key 'colour'"),
    (BASE + "colour = 1\n", "unknown key 'colour'"),  # a plain key after [[types]] lands inside it
    (BASE.replace('"other"', '"department"'), "unknown unit type"),
    (BASE.replace('"Unit"', '"Thing"'), "node must be"),
    (BASE.replace("patterns = ['']", "patterns = ['市']"), "must match every name"),
    (BASE.replace("patterns = ['']", "patterns = ['(']"), "bad pattern"),
    (BASE + '[[merges]]\ncanonical = "市法院"\nnames = ["市法院"]\nreason = "x"\n', "at least one other"),
    (BASE + '[[distinct]]\nnames = ["a"]\nreason = "x"\n', "pair"),
    (BASE.replace("(?P<place>", "("), "group named 'place'"),
    ("[[types]\n", "cannot read"),
])
def test_bad_data_files_are_refused_with_the_reason(tmp_path, bad, message):
    with pytest.raises(InputError, match=message):
        load_unit_rules(write(tmp_path, bad))


# --- jurisdictions ------------------------------------------------------------------------


def issued(issuer=None, title=None):
    def span(s):
        return Span(s, 0, len(s)) if s else None

    return Document(source="x.txt", text="", metadata=Metadata(issuer=span(issuer), title=span(title)))


@pytest.mark.parametrize("issuer, title, expected", [
    # the issuers of the development corpus (../shared/corpus/README.md)
    ("国务院", None, "中央"),
    ("国务院办公厅", None, "中央"),
    ("广东省人民政府", None, "广东省"),
    ("四川省发展和改革委员会", None, "四川省"),
    ("运城市人民政府办公厅", None, "运城市"),
    ("湘西自治州人民政府", None, "湘西自治州"),
    ("荆门市人民政府办公室", None, "荆门市"),
    ("中共广州市委", None, "广州市"),
    # no issuer: the title, if it starts with a place
    (None, "荆门市国民经济和社会发展第十四个五年规划和2035年远景目标纲要任务分工方案", "荆门市"),
    (None, "国务院关于做好当前和今后一个时期促进就业工作的若干意见", "中央"),
    (None, "关于推进人才集聚工程的实施意见", None),
    (None, "2021年省《政府工作报告》重点任务分工方案", None),
    (None, None, None),
])
def test_jurisdiction_from_issuer_or_title(issuer, title, expected):
    assert infer_jurisdiction(issued(issuer, title)) == expected


# --- resolution ---------------------------------------------------------------------------


def test_short_form_gets_its_full_name_and_the_id_uses_it():
    u = resolve_unit("市发改委", "荆门市")
    assert (u.name, u.full_name, u.id) == ("市发改委", "荆门市发展和改革委员会", unit_id("荆门市", "荆门市发展和改革委员会"))
    assert resolve_unit("荆门市发展和改革委员会", "荆门市").id == u.id  # the full name as written: same node
    unknown = resolve_unit("市审批局", "荆门市")
    assert (unknown.full_name, unknown.id) == ("", "unit:荆门市:市审批局")  # not guessed
    assert resolve_unit("荆门海关", "荆门市").full_name == "荆门海关"  # carries its place


def test_one_string_in_two_places_is_one_node_and_each_mention_one_edge():
    doc = make_doc([("1.1", "甲", [("lead", "市发改委")]), ("1.2", "乙", [("lead", "市发改委")])])
    G = to_networkx([doc], ["d"])
    (node,) = find_units(G, "市发改委")
    assert [d["start"] for _, _, d in G.out_edges(node, data=True)] == [a.start for a in doc.assignments]


def test_variant_spellings_merge_with_their_reason():
    doc = make_doc([("1.1", "甲", [("lead", "市法院")]), ("1.2", "乙", [("responsible", "市中级法院")])])
    res = resolve_units([doc], ["d"])
    (merge,) = res.merges
    assert (merge.name, merge.names) == ("市中级法院", ("市中级法院", "市法院"))
    assert "intermediate people's court" in merge.reason
    G = to_networkx([doc], ["d"])
    (node,) = find_units(G, "市法院")
    assert G.nodes[node]["aliases"] == "市中级法院|市法院"
    assert G.nodes[node]["full_name"] == "荆门市中级人民法院"
    assert G.nodes[node]["unit_type"] == "court_procuratorate"


def test_collectives_of_a_group_are_placeholders_members_of_the_group_and_merge_with_it():
    doc = make_doc([
        ("1.1", "甲", [("lead", "市推进区域发展布局实施工作领导小组办公室"),
                       ("responsible", "市推进区域发展布局实施工作领导小组成员单位")]),
        ("1.2", "乙", [("lead", "市商务局"), ("responsible", "市推进区域布局实施工作领导小组成员单位")]),
    ])
    G = to_networkx([doc], ["d"])
    (members,) = find_units(G, "市推进区域布局实施工作领导小组成员单位")
    assert find_units(G, "市推进区域发展布局实施工作领导小组成员单位") == [members]
    data = G.nodes[members]
    assert (data["type"], data["unit_type"], data["placeholder"]) == ("Unit", "collective", True)
    (group,) = [v for _, v, d in G.out_edges(members, data=True) if d["type"] == "member_of"]
    assert G.nodes[group]["type"] == "UnitGroup"
    assert G.nodes[group]["name"] == "市推进区域发展布局实施工作领导小组"
    (office,) = find_units(G, "市推进区域发展布局实施工作领导小组办公室")
    assert (G.nodes[office]["unit_type"], G.nodes[office]["placeholder"]) == ("leading_group_office", False)


@pytest.mark.parametrize("name", ["市直各部门", "市政府各部门", "市政府有关部门", "各县市区", "市安委会各成员单位",
                                  "市委国家安全委员会委员单位", "市农业农村领导小组成员单位"])
def test_placeholders(name):
    assert resolve_unit(name, "荆门市").placeholder


def test_units_are_scoped_to_the_issuing_jurisdiction():
    jingmen = make_doc([("1.1", "甲", [("lead", "市发改委")])], issuer="荆门市人民政府办公室", source="jm.txt")
    jingmen2 = make_doc([("1.1", "乙", [("lead", "市发改委")])], issuer="荆门市人民政府", source="jm2.txt")
    yichang = make_doc([("1.1", "甲", [("lead", "市发改委")])], issuer="宜昌市人民政府办公室", source="yc.txt")
    G = to_networkx([jingmen, jingmen2, yichang])
    assert find_units(G, "市发改委") == ["unit:宜昌市:市发改委", "unit:荆门市:荆门市发展和改革委员会"]
    assert G.out_degree("unit:荆门市:荆门市发展和改革委员会") == 2
    assert G.nodes["doc:yc"]["jurisdiction"] == "宜昌市"


def test_unknown_jurisdiction_scopes_units_to_the_document_with_a_warning():
    a = make_doc([("1.1", "甲", [("lead", "市发改委")])], issuer="某单位", source="a.txt")
    b = make_doc([("1.1", "甲", [("lead", "市发改委")])], issuer="某单位", source="b.txt")
    G = to_networkx([a, b])
    assert find_units(G, "市发改委") == ["unit:doc:a:市发改委", "unit:doc:b:市发改委"]
    assert [(k, d.code) for k, d in G.graph["diagnostics"]] == [("a", "jurisdiction-unknown"),
                                                                 ("b", "jurisdiction-unknown")]
    # unless the caller says
    G = to_networkx([a, b], jurisdictions={"a": "荆门市", "b": "荆门市"})
    assert find_units(G, "市发改委") == ["unit:荆门市:荆门市发展和改革委员会"]


def test_look_alike_names_not_merged_give_a_warning_at_the_later_one():
    # the 市法院 merge is for 荆门市 only: in 宜昌 the two names stay apart, with a warning
    doc = make_doc([("1.1", "甲", [("lead", "市中级法院")]), ("1.2", "乙", [("lead", "市法院")])],
                   issuer="宜昌市人民政府办公室")
    res = resolve_units([doc], ["d"])
    assert res.merges == ()
    ((key, diag),) = res.diagnostics
    later = doc.assignments[1]
    assert (key, diag.code, diag.severity, diag.start, diag.end) == ("d", "unit-look-alike", "warning",
                                                                     later.start, later.end)
    assert doc.text.splitlines()[diag.line - 1][diag.column - 1:].startswith("市法院")


def test_reviewed_look_alikes_are_kept_apart_without_a_warning():
    doc = make_doc([("1.1", "甲", [("lead", "市发改委"), ("responsible", "市政府各部门"),
                                   ("responsible", "市政府有关部门")])])
    res = resolve_units([doc], ["d"])
    assert res.diagnostics == ()
    assert [pair[:2] for pair in res.kept_apart] == [("市政府各部门", "市政府有关部门")]
    G = to_networkx([doc], ["d"])
    assert len(find_units(G, "市政府各部门") + find_units(G, "市政府有关部门")) == 2


def test_traditional_characters_resolve_to_the_same_unit():
    simplified = make_doc([("1.1", "甲", [("lead", "市发改委")])], source="s.txt")
    traditional = make_doc([("1.1", "甲", [("lead", "市發改委"), ("responsible", "州委編辦")])],
                           issuer="荊門市人民政府辦公室", source="t.txt")
    G = to_networkx([simplified, traditional])
    assert G.nodes["doc:t"]["jurisdiction"] == "荆门市"
    (node,) = find_units(G, "市發改委")
    assert find_units(G, "市发改委") == [node]
    assert (G.nodes[node]["name"], G.nodes[node]["aliases"]) == ("市发改委", "市发改委|市發改委")
    (office,) = find_units(G, "州委編辦")
    assert (G.nodes[office]["name"], G.nodes[office]["unit_type"]) == ("州委编办", "party_organ")
