"""The unit grammar (parser/units.py, parser/data/units.toml, the gazetteer parser/data/places.tsv)
reads every unit of the main document's gold and of every corpus reading, and tells units from
the text around them."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from fengong.parser.normalize import fold
from fengong.parser.units import KEYS, core_name, unit_grammar

HERE = Path(__file__).parent
ROLES = ("lead", "responsible", "support", "guide")


def every_unit_of_the_readings() -> list[str]:
    units = set()
    gold = json.loads((HERE / "data" / "source.gold.json").read_text(encoding="utf-8"))
    readings = [gold] + [json.loads(p.read_text(encoding="utf-8")) for p in sorted((HERE / "corpus").glob("*.expected.json"))]
    for reading in readings:
        for a in reading["assignments"]:
            for role in ROLES:
                units.update(a.get(role, []))
            units.update(unit for _, unit in a.get("other", []))
    return sorted(units)


UNITS = every_unit_of_the_readings()


def test_the_readings_hold_many_units():
    assert len(UNITS) > 200  # the test below is over something


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_of_the_gold_and_the_corpus_readings_reads_as_a_unit(unit):
    grammar = unit_grammar()
    assert grammar.is_unit(fold(unit)), unit
    assert grammar.defect(fold(unit)) is None, unit


@pytest.mark.parametrize("text", [
    "做好工作", "市发", "县农业农", "区", "县级市", "2021年", "协助单位:市财政局", "市发改委牵头",
    "推进改造。市住建局", "各县市区的住建部门", "预包装食品", "联系点",
])
def test_what_is_not_a_unit(text):
    assert not unit_grammar().is_unit(fold(text))


@pytest.mark.parametrize(("text", "listed"), [
    ("市教育局", True), ("财政局", True), ("国土房管局", True), ("各相关单位", True), ("黄埔区政府", True),
    ("越秀区", True), ("嘉鱼经济开发区", True), ("海外人才工作站", False), ("区县级市", False),
])
def test_a_list_with_no_label_holds_units_with_a_jurisdiction_a_known_stem_or_a_collective(text, listed):
    assert unit_grammar().is_listed_unit(fold(text)) is listed


def test_brackets_in_a_name_are_a_second_name_or_pinyin_not_part_of_the_grammar():
    assert core_name(fold("县发改局(粮食局)")) == "县发改局"
    assert core_name(fold("湘西經(jīng)開區(qū)管委會")) == "湘西经开区管委会"


def test_the_gazetteer_knows_every_level_and_its_short_names():
    places = unit_grammar().places
    for name in ("湖北省", "荆门市", "荆门", "湘西土家族苗族自治州", "湘西", "嘉鱼县", "立山区", "黄埔区", "襄樊市"):
        assert name in places, name
    assert len(places) > 6000


def test_the_gazetteer_records_its_source_version_and_licence():
    header = resources.files("fengong.parser").joinpath("data/places.tsv").read_text("utf-8").splitlines()[:3]
    assert all(line.startswith("#") for line in header)
    assert "jionlp 1.5.31" in " ".join(header) and "Apache License 2.0" in " ".join(header)


def test_the_grammar_data_is_well_formed():
    data = tomllib.loads(resources.files("fengong.parser").joinpath("data/units.toml").read_text("utf-8"))
    assert set(data) == set(KEYS)
    for key, kind in KEYS.items():
        assert isinstance(data[key], kind), key
    for key in ("suffixes", "jurisdictions", "stems"):
        assert len(set(data[key])) == len(data[key]), f"{key} lists a word twice"
        assert all(isinstance(w, str) and w for w in data[key])
