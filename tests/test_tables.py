"""Reading tables as plans: a table in the middle of prose, indicator tables, tables that are
not task tables, what ``fengong lint`` says about tables, header words as dialect data, and
the readers' table shapes (Word's nested frames and grid, web pages' layout tables and
encodings, every sheet of a workbook)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from fengong import parser
from fengong.parser.errors import InputError
from fengong.parser.export import to_dict
from fengong.parser.inputs import read_source
from model_checks import check_document
from test_corpus_readings import (
    assignments_expected,
    assignments_read,
    metadata_read,
    sections_expected,
    sections_read,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TABLES = HERE / "fixtures" / "tables"
sys.path.insert(0, str(HERE / "corpus"))
import check_expected  # noqa: E402


def fengong(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "fengong", *args], cwd=ROOT, capture_output=True, env=env)


# ---------------------------------------------------------------------------------------------
# a table in the middle of prose


PROSE_MIDDLE = json.loads((TABLES / "prose_middle.expected.json").read_text(encoding="utf-8"))


def test_the_hand_reading_of_the_prose_with_tables_is_consistent():
    assert check_expected.check(TABLES / "prose_middle.expected.json") == []


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_prose_and_tables_are_read_in_document_order(fmt):
    """Prose items, an indicator table, a task table, more prose, and a contact list: the
    prose and the task table as the hand reading has them, in order."""
    doc = parser.parse_file(TABLES / f"prose_middle.{fmt}")
    assert doc.text == (TABLES / "prose_middle.txt").read_text(encoding="utf-8")
    assert sections_read(doc) == sections_expected(PROSE_MIDDLE)
    assert assignments_read(doc) == assignments_expected(PROSE_MIDDLE)
    assert metadata_read(doc) == PROSE_MIDDLE["metadata"]
    check_document(doc, doc.text)


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_an_indicator_tables_rows_become_indicators_not_assignments(fmt):
    doc = parser.parse_file(TABLES / f"prose_middle.{fmt}")
    got = [(i.path, i.name, i.type, [(t.text, t.comparator, t.value, t.unit, t.year) for t in i.targets])
           for i in doc.indicators]
    assert got == [("2.1", "地表水优良水体比例", "约束性", [("85", "=", 85.0, "%", 2025)]),
                   ("2.2", "细颗粒物浓度", "约束性", [("≤30", "<=", 30.0, "微克/立方米", 2025)])]
    assert not [a for a in doc.assignments if a.section.startswith("2")]
    for i in doc.indicators:
        assert doc.text[i.start:i.end] == i.name


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_a_contact_list_is_no_task_table(fmt):
    doc = parser.parse_file(TABLES / f"prose_middle.{fmt}")
    assert not [a for a in doc.assignments if a.task and a.unit == "张明"]
    if fmt != "txt":  # a text copy's lines with tabs are a table only where a header names them
        [diag] = [d for d in doc.diagnostics if d.code == "table-header-unmapped"]
        assert "单位 | 联系人 | 电话" in diag.message


# ---------------------------------------------------------------------------------------------
# fengong lint


LINT_PAGE = """<html><head><meta charset="utf-8"></head><body>
<p>附件：重点工作任务分解表</p>
<table><tr><th>序号</th><th>重点工作任务</th><th>牵头单位</th><th>配合单位</th></tr>
<tr><td>1</td><td>加快项目建设</td><td>市发改委</td><td>市财政局</td></tr>
<tr><td>2</td><td>加强督查考核</td><td></td><td></td></tr>
<tr><td>3</td><td>做好宣传工作</td><td>/</td><td>无</td></tr></table>
<p>附件2：项目清单</p>
<table><tr><td>项目名称</td><td>建设地点</td><td>总投资</td></tr><tr><td>城市快速路</td><td>城区</td><td>20亿元</td></tr></table>
</body></html>
"""


def test_lint_reports_what_it_could_not_read_in_a_table(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(LINT_PAGE, encoding="utf-8")
    run = fengong("lint", str(path))
    out = run.stdout.decode("utf-8").splitlines()
    assert run.returncode == 1  # a row with a task but no unit is an error
    assert f"{path}:4:1: error: table row with a task but no unit: 加强督查考核 [table-row-without-unit]" in out
    assert f"{path}:5:1: error: table row with a task but no unit: 做好宣传工作 [table-row-without-unit]" in out
    assert f"{path}:5:10: warning: unit cell reads as no unit: / [table-unit-cell-unread]" in out
    assert f"{path}:5:12: warning: unit cell reads as no unit: 无 [table-unit-cell-unread]" in out
    assert (f"{path}:7:1: warning: table header not recognised (saw: 项目名称 | 建设地点 | 总投资); its rows are"
            " read as text [table-header-unmapped]") in out


def test_a_header_with_task_words_but_no_unit_column_is_reported_with_what_it_saw():
    doc = parser.parse("序号\t工作事项\t进度安排\t完成情况\n1\t建设综合体\t3月底前\t已完成\n")
    [diag] = [d for d in doc.diagnostics if d.code == "table-header-unmapped"]
    assert diag.message == "table has no unit column (saw: 序号 | 工作事项 | 进度安排 | 完成情况); its rows are read as text"


# ---------------------------------------------------------------------------------------------
# header words are dialect data


def test_a_user_dialect_adds_header_words(tmp_path):
    text = "序号\t重点工作\t主责处室\t协同处室\n1\t推进改革\t法规处\t办公室\n"
    assert not parser.parse(text).tasks  # 主责处室 is no header word of the default dialect
    mine = tmp_path / "mine.toml"
    mine.write_text('[table_headers]\nlead = ["主责处室"]\nsupport = ["协同处室"]\n', encoding="utf-8")
    doc = parser.parse(text, dialect=mine)
    assert [(a.role, a.unit) for a in doc.assignments] == [("lead", "法规处"), ("support", "办公室")]


def test_a_dialect_with_an_unknown_column_kind_is_refused(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[table_headers]\nowner = ["负责人"]\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        parser.parse("一、任务\n", dialect=bad)
    assert "unknown key 'owner' in table_headers" in str(err.value) and "bad.toml" in str(err.value)


# ---------------------------------------------------------------------------------------------
# the readers' table shapes


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'
                                              f"{body}</w:body></w:document>")
    return out.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text)}</w:tc>"


def test_word_a_frame_table_around_the_task_table_is_read_as_its_content(tmp_path):
    """A one-cell table framing a notice and the task table: the frame is no table; the table
    inside is. ``w:gridBefore`` leaves grid columns empty at a row's start; ``w:vMerge`` continues
    a cell down; ``w:gridSpan`` spans columns."""
    span4, restart, cont = '<w:gridSpan w:val="4"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    inner = ("<w:tbl>"
             f"<w:tr>{_tc('序号')}{_tc('重点工作任务')}{_tc('牵头单位')}{_tc('配合单位')}</w:tr>"
             f"<w:tr>{_tc('一、扩大投资', span4)}</w:tr>"
             f"<w:tr>{_tc('1')}{_tc('抓项目')}{_tc('市发改委', restart)}{_tc('市财政局')}</w:tr>"
             f"<w:tr>{_tc('2')}{_tc('扩消费')}{_tc('', cont)}{_tc('市商务局')}</w:tr>"
             "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>"
             f"{_tc('稳外贸')}{_tc('市商务局')}{_tc('海关')}</w:tr>"
             "</w:tbl>")
    frame = f"<w:tbl><w:tr><w:tc>{_p('附件：任务分解表')}{inner}{_p('（此件公开发布）')}</w:tc></w:tr></w:tbl>"
    path = tmp_path / "framed.docx"
    path.write_bytes(_docx(_p("北岭市人民政府办公室") + frame + _p("2021年3月1日")))
    source = read_source(path)
    assert source.text == ("北岭市人民政府办公室\n附件：任务分解表\n序号\t重点工作任务\t牵头单位\t配合单位\n一、扩大投资\t\t\t\n"
                           "1\t抓项目\t市发改委\t市财政局\n2\t扩消费\t\t市商务局\n\t稳外贸\t市商务局\t海关\n（此件公开发布）\n2021年3月1日\n")
    [table] = source.tables
    assert table.grid[3][2] is table.grid[2][2] and table.grid[2][2].rowspan == 2
    doc = parser.parse(source.text, tables=source.tables)
    assert [(a.section, a.role, a.unit) for a in doc.assignments if a.task] == [
        ("1.1", "lead", "市发改委"), ("1.1", "support", "市财政局"),
        ("1.2", "lead", "市发改委"), ("1.2", "support", "市商务局"),
        ("1.3", "lead", "市商务局"), ("1.3", "support", "海关")]


def test_web_page_layout_tables_are_read_as_their_content_and_gbk_pages_decode(tmp_path):
    """Old government pages lay out the whole page in tables; the table of data inside is the
    table. A GBK page; <br> in a cell is a space; an unclosed <td> is closed by the next."""
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>'
            "<table width=1000><tr><td>网站导航</td></tr><tr><td>"
            "<p>附件：重点任务分工表</p>"
            "<table><tr><th>序号<th>重点任务<th>责任单位（列第一位的为牵头单位）</tr>"
            "<tr><td>1<td>发展数字经济<td>市工信局<br>市科技局</tr></table>"
            "</td></tr></table></body></html>")
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gbk"))
    source = read_source(path)
    assert source.text == ("网站导航\n附件：重点任务分工表\n序号\t重点任务\t责任单位（列第一位的为牵头单位）\n"
                           "1\t发展数字经济\t市工信局 市科技局\n")
    doc = parser.parse(source.text, tables=source.tables)
    assert [(a.role, a.unit, a.source) for a in doc.assignments] == [
        ("lead", "市工信局", "convention"), ("responsible", "市科技局", "label")]


def test_every_sheet_of_a_workbook_is_read_and_its_name_kept(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "经济发展"
    for row in (["序号", "工作任务", "牵头单位"], [1, "抓项目", "市发改委"]):
        first.append(row)
    second = book.create_sheet("社会民生")
    for row in (["序号", "工作任务", "牵头单位"], [1, "办实事", "市民政局"]):
        second.append(row)
    hidden = book.create_sheet("下拉选项")
    hidden.append(["市发改委", "市民政局"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "plan.xlsx"
    book.save(path)
    doc = parser.parse_file(path)
    assert [t.name for t in doc.tables] == ["经济发展", "社会民生"]
    assert [(a.section, a.unit) for a in doc.assignments if a.task] == [("1", "市发改委"), ("1", "市民政局")]
    assert "tables" in to_dict(doc) and to_dict(doc)["tables"][1]["name"] == "社会民生"


def test_a_document_without_tables_keeps_its_json_keys(doc):
    """The main document has no table: its JSON has the keys it always had (tests/golden)."""
    assert "tables" not in to_dict(doc)


def test_a_table_of_huge_spans_is_read_as_lines_not_laid_out(tmp_path):
    """colspan=1000 on 5,000 rows would be a grid of five million tabs: read as lines instead."""
    row = '<tr><td colspan="1000">甲</td><td colspan="1000">乙</td></tr>'
    path = tmp_path / "wide.html"
    path.write_text(f"<table>{row * 5000}</table>", encoding="utf-8")
    source = read_source(path)
    assert not source.tables and source.text.count("\n") == 10000 and "\t" not in source.text


def test_plans_read_from_tables_convert_to_rdf_that_conforms():
    """The table fixtures and the real table-form documents, as one corpus: the graph and RDF
    take a table's rows as they take prose items (the SHACL shapes hold, the assignment table
    reads back)."""
    from fengong.graph.build import to_networkx
    from fengong.graph.rdf import assignment_table, to_rdf, validate
    from fengong.parser.export import assignment_rows

    paths = [TABLES / "plan.docx", TABLES / "plan.xlsx", TABLES / "prose_middle.html",
             *sorted((HERE / "corpus").glob("t0*.txt"))]
    docs = [parser.parse_file(p) for p in paths]
    ds = to_rdf(docs, to_networkx(docs))
    conforms, _, report = validate(ds)
    assert conforms, report
    assert assignment_table(ds) == sorted(row for doc in docs for row in assignment_rows(doc)[1:])
