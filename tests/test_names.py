"""The names of a unit: graph/data/abbreviations.toml is well formed, and every department named
in the hand-checked readings is found whichever way it is commonly written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fengong.graph.names import equivalent_names, load_abbreviations, name_key
from fengong.graph.units import load_unit_rules, unit_type
from fengong.parser.errors import InputError
from fengong.parser.normalize import fold

TESTS = Path(__file__).resolve().parent
DATA = load_abbreviations()

#: the issuing jurisdiction of each hand-checked reading (its issuer, as infer_jurisdiction reads it)
READINGS = {
    "data/source.gold.json": "荆门市",
    "corpus/01_guofa-2018-39-jiuye.expected.json": "中央",
    "corpus/03_guobanfa-2018-129-xiaofei-fupin.expected.json": "中央",
    "corpus/05_guangzhou-2012-rencai-jiju-633.expected.json": "广州市",
    "corpus/08_guangdong-2021-zfgzbg-zhongdian-fengong_partial.expected.json": "广东省",
    "corpus/11_sichuan-2022-liutong-tixi-shishi_partial.expected.json": "四川省",
    "corpus/12_yuncheng-2017-yingji-tixi-zeren-fenjie_partial.expected.json": "运城市",
    "corpus/13_xiangxi-2020-fangguanfu-gongzuo-jihua_partial_trad.expected.json": "湘西自治州",
}

#: Every unit the readings name against a task that is not a collective placeholder, with other
#: ways the same body is written (the official full name and the common short forms). Written
#: from what these bodies are called, not from the program's output.
NAMED = {
    # 荆门市 (the main document): the full names are those of graph/data/units.toml, checked below
    ("荆门市", "市发改委"): ["市发展改革委", "荆门市发展和改革委员会", "荆门发改委"],
    ("荆门市", "市人社局"): ["市人力资源和社会保障局", "荆门市人力资源社会保障局", "市人力社保局"],
    ("荆门市", "市住建局"): ["市住房和城乡建设局", "荆门市住房城乡建设局"],
    ("荆门市", "市市场监管局"): ["市市场监督管理局", "荆门市市场监督管理局"],
    ("荆门市", "市卫健委"): ["市卫生健康委", "荆门市卫生健康委员会"],
    ("荆门市", "市经信局"): ["市经济和信息化局", "荆门市经济和信息化局"],
    ("荆门市", "市科技局"): ["市科学技术局", "荆门市科学技术局"],
    ("荆门市", "市文旅局"): ["市文化和旅游局", "荆门市文化和旅游局"],
    ("荆门市", "市水利湖泊局"): ["荆门市水利和湖泊局"],
    ("荆门市", "市政府国资委"): ["市国资委", "荆门市人民政府国有资产监督管理委员会"],
    ("荆门市", "市医保局"): ["市医疗保障局", "荆门市医疗保障局"],
    ("荆门市", "市退役军人局"): ["市退役军人事务局", "荆门市退役军人事务局"],
    ("荆门市", "市应急局"): ["市应急管理局", "荆门市应急管理局"],
    ("荆门市", "市民宗委"): ["市民族宗教事务委员会", "荆门市民族宗教事务委员会"],
    ("荆门市", "市审批局"): ["市行政审批局", "荆门市行政审批局"],
    ("荆门市", "市地方金融局"): ["市地方金融工作局", "市地方金融监督管理局"],
    ("荆门市", "市城管委"): ["市城市管理委员会", "荆门市城市管理委员会"],
    ("荆门市", "市优化办"): ["市优化营商环境领导小组办公室"],
    ("荆门市", "市委组织部"): ["中共荆门市委组织部", "荆门市委组织部"],
    ("荆门市", "市委宣传部"): ["中共荆门市委宣传部"],
    ("荆门市", "市委统战部"): ["中共荆门市委统一战线工作部", "市委统一战线工作部"],
    ("荆门市", "市委政法委"): ["中共荆门市委政法委员会"],
    ("荆门市", "市委编办"): ["中共荆门市委机构编制委员会办公室", "市委编委办"],
    ("荆门市", "市委外办"): ["中共荆门市委外事工作委员会办公室", "市委外事办"],
    ("荆门市", "市委改革办"): ["中共荆门市委全面深化改革委员会办公室", "市委深改办"],
    ("荆门市", "市委国安办"): ["中共荆门市委国家安全委员会办公室"],
    ("荆门市", "市纪委监委"): ["荆门市纪委监委", "市纪律检查委员会监察委员会"],
    ("荆门市", "市中级法院"): ["荆门市中级人民法院", "市中院"],
    ("荆门市", "市法院"): ["市人民法院", "荆门市法院"],
    ("荆门市", "市检察院"): ["荆门市人民检察院"],
    ("荆门市", "市残联"): ["荆门市残疾人联合会"],
    ("荆门市", "市妇联"): ["荆门市妇女联合会"],
    ("荆门市", "市工商联"): ["荆门市工商业联合会"],
    ("荆门市", "市文联"): ["荆门市文学艺术界联合会"],
    ("荆门市", "市社科联"): ["荆门市社会科学界联合会"],
    ("荆门市", "人行市中心支行"): ["中国人民银行荆门市中心支行", "人民银行荆门市中心支行", "人民银行市中心支行"],
    ("荆门市", "市税务局"): ["荆门市税务局"],
    ("荆门市", "国网荆门供电公司"): ["国家电网荆门供电公司"],
    ("荆门市", "市交通运输局"): ["荆门市交通运输局"],
    ("荆门市", "市农业农村局"): ["荆门市农业农村局"],
    ("荆门市", "市商务局"): ["荆门市商务局"],
    ("荆门市", "市生态环境局"): ["荆门市生态环境局"],
    ("荆门市", "市教育局"): ["荆门市教育局"],
    ("荆门市", "市财政局"): ["荆门市财政局"],
    ("荆门市", "市民政局"): ["荆门市民政局"],
    ("荆门市", "市乡村振兴局"): ["荆门市乡村振兴局"],
    ("荆门市", "市公安局"): ["荆门市公安局"],
    ("荆门市", "市司法局"): ["荆门市司法局"],
    ("荆门市", "市信访局"): ["荆门市信访局"],
    ("荆门市", "市自然资源局"): ["荆门市自然资源局"],
    ("荆门市", "市招商局"): ["荆门市招商局"],
    ("荆门市", "市交旅集团"): ["荆门市交旅集团"],
    ("荆门市", "荆门海关"): [],
    ("荆门市", "荆门航空产业园"): [],
    ("荆门市", "市推进区域发展布局实施工作领导小组办公室"): ["荆门市推进区域发展布局实施工作领导小组办公室"],
    # 中央 (documents 01 and 03): the State Council writes ministries without 国家 / 中华人民共和国
    ("中央", "人力资源社会保障部"): ["人社部", "人力资源和社会保障部", "中华人民共和国人力资源和社会保障部"],
    ("中央", "住房城乡建设部"): ["住建部", "住房和城乡建设部"],
    ("中央", "工业和信息化部"): ["工信部", "中华人民共和国工业和信息化部"],
    ("中央", "市场监管总局"): ["国家市场监督管理总局", "市场监督管理总局"],
    ("中央", "税务总局"): ["国家税务总局"],
    ("中央", "人民银行"): ["中国人民银行", "人行"],
    ("中央", "医保局"): ["国家医疗保障局", "医疗保障局"],
    ("中央", "银保监会"): ["中国银行保险监督管理委员会", "银行保险监督管理委员会"],
    ("中央", "科技部"): ["科学技术部", "中华人民共和国科学技术部"],
    ("中央", "教育部"): ["中华人民共和国教育部"],
    ("中央", "民政部"): ["中华人民共和国民政部"],
    ("中央", "财政部"): ["中华人民共和国财政部"],
    ("中央", "发展改革委"): ["国家发展改革委", "国家发展和改革委员会", "发改委"],
    ("中央", "卫生健康委"): ["国家卫生健康委员会", "国家卫健委", "卫健委"],
    ("中央", "国资委"): ["国务院国资委", "国务院国有资产监督管理委员会"],
    ("中央", "文化和旅游部"): ["文旅部", "中华人民共和国文化和旅游部"],
    ("中央", "广电总局"): ["国家广播电视总局"],
    ("中央", "扶贫办"): ["国务院扶贫开发领导小组办公室", "国务院扶贫办"],
    ("中央", "粮食和储备局"): ["国家粮食和物资储备局"],
    ("中央", "邮政局"): ["国家邮政局"],
    ("中央", "国管局"): ["国家机关事务管理局"],
    ("中央", "交通运输部"): ["中华人民共和国交通运输部"],
    ("中央", "农业农村部"): ["中华人民共和国农业农村部"],
    ("中央", "自然资源部"): ["中华人民共和国自然资源部"],
    ("中央", "商务部"): ["中华人民共和国商务部"],
    ("中央", "中央宣传部"): ["中宣部"],
    ("中央", "中央统战部"): ["中央统一战线工作部"],
    ("中央", "中央和国家机关工委"): ["中央和国家机关工作委员会", "中央国家机关工委"],
    ("中央", "中央军委政治工作部"): [],
    ("中央", "供销合作总社"): ["中华全国供销合作总社", "供销总社"],
    ("中央", "全国妇联"): ["中华全国妇女联合会"],
    ("中央", "全国工商联"): ["中华全国工商业联合会"],
    ("中央", "全国总工会"): ["中华全国总工会"],
    ("中央", "共青团中央"): ["团中央", "中国共产主义青年团中央委员会"],
    # 广州市 (document 05, 2012)
    ("广州市", "市发展改革委"): ["市发改委", "广州市发展和改革委员会"],
    ("广州市", "市人力资源和社会保障局"): ["市人社局", "广州市人力资源和社会保障局"],
    ("广州市", "市国资委"): ["广州市人民政府国有资产监督管理委员会"],
    ("广州市", "市城管委"): ["广州市城市管理委员会"],
    ("广州市", "市工商局"): ["广州市工商行政管理局"],
    ("广州市", "市法制办"): ["广州市人民政府法制办公室"],
    ("广州市", "市金融办"): ["广州市人民政府金融工作办公室"],
    ("广州市", "市住房保障办"): ["广州市住房保障办公室"],
    ("广州市", "市国土房管局"): ["广州市国土资源和房屋管理局"],
    ("广州市", "市经贸委"): ["广州市经济贸易委员会"],
    ("广州市", "市科技和信息化局"): ["广州市科技和信息化局", "市科信局"],
    ("广州市", "市文化广电新闻出版局"): ["广州市文化广电新闻出版局", "市文广新局"],
    ("广州市", "市编办"): ["广州市机构编制委员会办公室"],
    ("广州市", "市科协"): ["广州市科学技术协会"],
    ("广州市", "团市委"): ["共青团广州市委员会", "共青团广州市委", "共青团市委"],
    ("广州市", "市委组织部"): ["中共广州市委组织部"],
    ("广州市", "市委宣传部"): ["中共广州市委宣传部"],
    ("广州市", "市委政法委"): ["中共广州市委政法委员会"],
    ("广州市", "市检察院"): ["广州市人民检察院"],
    ("广州市", "市法院"): ["市人民法院"],
    ("广州市", "市工商联"): ["广州市工商业联合会"],
    ("广州市", "市教育局"): ["广州市教育局"],
    ("广州市", "市财政局"): ["广州市财政局"],
    ("广州市", "市公安局"): ["广州市公安局"],
    ("广州市", "市司法局"): ["广州市司法局"],
    ("广州市", "市民政局"): ["广州市民政局"],
    ("广州市", "市体育局"): ["广州市体育局"],
    ("广州市", "市农业局"): ["广州市农业局"],
    ("广州市", "市卫生局"): ["广州市卫生局"],
    ("广州市", "市规划局"): ["广州市规划局"],
    ("广州市", "市留交办"): ["广州市留交办"],
    ("广州市", "越秀区"): [],
    # 广东省 (document 08) and 四川省 (document 11)
    ("广东省", "省发展改革委"): ["省发改委", "广东省发展和改革委员会"],
    ("广东省", "省商务厅"): ["广东省商务厅"],
    ("广东省", "省财政厅"): ["广东省财政厅"],
    ("四川省", "省发展改革委"): ["省发改委", "四川省发展和改革委员会"],
    ("四川省", "省市场监管局"): ["四川省市场监督管理局", "省市场监督管理局"],
    ("四川省", "省大数据中心"): ["四川省大数据中心"],
    ("四川省", "商务厅"): [],
    # 湘西自治州 (document 13, in traditional characters)
    ("湘西自治州", "州委編辦"): ["州委编办", "中共湘西自治州委机构编制委员会办公室", "湘西州委编办"],
    ("湘西自治州", "州行政審批服務局"): ["州审批局", "湘西自治州行政审批服务局", "湘西州行政审批服务局"],
    ("湘西自治州", "州司法局"): ["湘西自治州司法局", "湘西州司法局"],
    ("湘西自治州", "湘西經(jīng)開區(qū)管委會"): [],
}


def reading_units() -> set[tuple[str, str]]:
    """(jurisdiction, unit as written) of every unit the readings name in a role."""
    found = set()
    for path, jurisdiction in READINGS.items():
        reading = json.loads((TESTS / path).read_text(encoding="utf-8"))
        for annotation in reading["assignments"]:
            for role in ("lead", "responsible", "support", "guide"):
                found.update((jurisdiction, unit) for unit in annotation.get(role, []))
    return found


def test_every_department_of_the_readings_is_listed_here():
    departments = {(j, u) for j, u in reading_units() if unit_type(u) != "collective"}
    assert departments - set(NAMED) == set()
    assert set(NAMED) - departments == set()


@pytest.mark.parametrize("jurisdiction, name", sorted(NAMED))
def test_the_ways_a_department_is_written_have_one_key(jurisdiction, name):
    key = name_key(name, jurisdiction)
    for other in NAMED[(jurisdiction, name)]:
        assert name_key(other, jurisdiction) == key, other
    for form in equivalent_names(name, jurisdiction):
        assert name_key(form, jurisdiction) == key, form


@pytest.mark.parametrize("jurisdiction, name", [k for k in sorted(NAMED) if NAMED[k]])
def test_equivalent_names_give_the_common_forms(jurisdiction, name):
    # each short form listed above that differs only by abbreviation or prefix is generated
    forms = set(equivalent_names(name, jurisdiction))
    assert fold(name) in forms or fold(name).removeprefix("中共") in forms
    assert any(o in forms for o in NAMED[(jurisdiction, name)]), (name, sorted(forms)[:12])


#: full names in units.toml that are not an abbreviation of their short name: the body's name
#: joins two bodies, or is the name of the central body it is a branch of
COMPOUND_FULL_NAMES = {"市纪委监委", "市税务局", "国网荆门供电公司"}


@pytest.mark.parametrize("short, full", sorted(load_unit_rules().full_names["荆门市"].items()))
def test_the_full_names_of_the_unit_data_have_the_key_of_their_short_names(short, full):
    if short in COMPOUND_FULL_NAMES:
        assert name_key(full, "荆门市") != name_key(short, "荆门市")  # listed here on purpose
    else:
        assert name_key(full, "荆门市") == name_key(short, "荆门市")


@pytest.mark.parametrize("forms", DATA.groups, ids=lambda g: g[0])
def test_each_form_of_an_entry_has_the_entry_key(forms):
    assert {name_key(f) for f in forms} == {forms[0]}


@pytest.mark.parametrize("name, jurisdiction, key", [
    ("荆门市 发改委", "荆门市", "市发展改革委"),  # spaces, as typed in a search box
    ("市發改委", "荆门市", "市发展改革委"),  # traditional characters
    ("市发改委", "宜昌市", "市发展改革委"),  # another city's: the same key, scoped by its jurisdiction
    ("发改委", "荆门市", "发展改革委"),  # no level word: not the city's key
    ("荆门海关", "荆门市", "市海关"),
    ("中共荆门市纪律检查委员会", "荆门市", "市纪委"),
    ("市卫生局", "荆门市", "市卫生局"),  # a body of another year, not 卫健委
    ("市农业局", "荆门市", "市农业局"),
    ("国家发展和改革委员会", "", "国家发展改革委"),  # 国家 is dropped only for a central document
])
def test_name_key(name, jurisdiction, key):
    assert name_key(name, jurisdiction) == key


def test_bodies_of_other_years_or_levels_keep_their_own_keys():
    assert name_key("市卫生局", "荆门市") != name_key("市卫健委", "荆门市")
    assert name_key("市经信局", "荆门市") != name_key("市工信局", "荆门市")
    assert name_key("省发改委", "四川省") != name_key("市发改委", "荆门市")
    assert name_key("市委编办", "荆门市") != name_key("市委外办", "荆门市")


def test_equivalent_names_are_sorted_and_bounded():
    forms = equivalent_names("荆门市人民政府国有资产监督管理委员会法制办公室科学技术局", "荆门市")
    assert list(forms) == sorted(set(forms)) and 1 < len(forms) <= 256


def write(tmp_path, text):
    path = tmp_path / "abbreviations.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_minimal_data_file_loads(tmp_path):
    data = load_abbreviations(write(tmp_path, '[[forms]]\nforms = ["发改委", "发展和改革委员会"]\n'))
    assert name_key("荆门市发展和改革委员会", "荆门市", data) == "市发改委"


@pytest.mark.parametrize("bad, message", [
    ("colour = 1\n", "unknown key 'colour'"),
    ('[prefixes]\nparty = "中共"\n', "must be a list"),
    ('[prefixes]\nregion = ["省"]\n', "unknown key 'region'"),
    ('[[forms]]\nforms = ["发改委"]\n', "two different forms"),
    ('[[forms]]\nforms = ["发改委", "发改委"]\n', "two different forms"),
    ('[[forms]]\nforms = ["发改委", "发展改革委"]\n[[forms]]\nforms = ["发改委", "发展和改革委员会"]\n', "also in"),
    ('[[forms]]\nforms = ["發改委", "发展改革委"]\n', "simplified"),
    ('[[forms]]\nforms = ["发改委", "发展 改革委"]\n', "without spaces"),
    ('[[forms]]\nforms = ["发改委", ""]\n', "non-empty"),
    ('[[forms]]\nforms = ["发改委", "发展改革委"]\nnote = 1\n', "must be a str"),
    ("[[forms]\n", "cannot read"),
])
def test_a_bad_data_file_is_refused_with_its_name(tmp_path, bad, message):
    path = write(tmp_path, bad)
    with pytest.raises(InputError, match=message) as info:
        load_abbreviations(path)
    assert str(path) in str(info.value)
