"""fengong compare on pairs made from corpus documents with known edits: it reports exactly the
edits made, and nothing else, whatever the formats of the two versions."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import make_inputs
from fengong import parser
from fengong.graph.compare import CHANGE_COLUMNS, Change, compare

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "corpus" / "source.txt").read_text(encoding="utf-8")
GUANGZHOU = (ROOT / "tests" / "corpus" / "05_guangzhou-2012-rencai-jiju-633.txt").read_text(encoding="utf-8")


def edited(text: str, *edits: tuple[str, str]) -> str:
    """``text`` with each ``(old, new)`` replaced, each ``old`` found exactly once."""
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


#: Edits to the main document, and what each must be reported as.
SOURCE_EDITS = [
    ("11.基本养老保险参保率达到95%。", "11.基本养老保险参保率达到96%。"),  # text changed
    ("13.人均预期寿命达到79.5岁。(预期性指标,责任单位:市卫健委)", "13.人均预期寿命达到79.5岁。(预期性指标,牵头单位:市卫健委)"),
    ("(约束性指标,牵头单位:市自然资源局;责任单位:市发改委)", "(约束性指标,牵头单位:市自然资源局)"),  # a unit dropped
    ("(约束性指标,牵头单位:市农业农村局;责任单位:市发改委)",
     "(约束性指标,牵头单位:市农业农村局;责任单位:市发改委、市水利湖泊局)"),  # a unit added
    ("20.能源综合生产能力(万吨标煤)达到210万吨。(约束性指标,责任单位:市发改委)\n",  # a task removed, one added
     "21.全市快递业务量年均增长10%以上。(预期性指标,牵头单位:市邮政管理局;责任单位:市商务局)\n"),
    # the same department by its full name: no change
    ("12.每千人口拥有3岁以下婴幼儿托位数达到2.93个。(预期性指标,牵头单位:市卫健委;责任单位:市发改委)",
     "12.每千人口拥有3岁以下婴幼儿托位数达到2.93个。(预期性指标,牵头单位:荆门市卫生健康委员会;责任单位:荆门市发展和改革委员会)"),
]

SOURCE_CHANGES = [
    Change("text changed", "2.11", "基本养老保险参保率达到96%", old_section="2.11", old_task="基本养老保险参保率达到95%",
           similarity=92.9),  # Indel: one character of 14 replaced, 1 - 2/28
    Change("role changed", "2.13", "人均预期寿命达到79.5岁", "市卫健委", "responsible", "lead"),
    Change("unit removed", "2.18", "森林覆盖率达到32.05%", "市发改委", "responsible", ""),
    Change("unit added", "2.19", "粮食综合生产能力不少于285万吨", "市水利湖泊局", "", "responsible"),
    Change("task removed", "2.20", "能源综合生产能力(万吨标煤)达到210万吨"),
    Change("task added", "2.21", "全市快递业务量年均增长10%以上"),
]


def test_compare_reports_exactly_the_edits_made_to_the_main_document():
    old = parser.parse(SOURCE, source="old.txt")
    new = parser.parse(edited(SOURCE, *SOURCE_EDITS), source="new.txt")
    result = compare(old, new)
    assert result.changes == SOURCE_CHANGES
    assert (result.old_tasks, result.new_tasks, result.matched) == (157, 157, 156)
    changed = {r["unit"]: {k: v for k, v in r.items() if k.endswith("_diff") and v} for r in result.loads}
    assert {u: d for u, d in changed.items() if d} == {
        "市发改委": {"responsible_diff": -2, "total_diff": -2},  # 2.18 dropped it, 2.20 is gone
        "市卫健委": {"led_diff": 1, "responsible_diff": -1},
        "市水利湖泊局": {"responsible_diff": 1, "total_diff": 1},
        "市邮政管理局": {"led_diff": 1, "total_diff": 1},
        "市商务局": {"responsible_diff": 1, "total_diff": 1},
    }
    row = next(r for r in result.loads if r["unit"] == "市发改委")
    assert row["responsible_new"] == row["responsible_old"] - 2


def test_a_version_compared_with_itself_has_no_changes():
    doc = parser.parse(GUANGZHOU, source="a.txt")
    result = compare(doc, doc)
    assert result.changes == [] and result.matched == len(doc.tasks)
    assert all(r[f"{c}_diff"] == 0 for r in result.loads for c in ("led", "responsible", "supported", "total"))


GUANGZHOU_EDITS = [
    ("（牵头单位：市金融办，配合单位：市发展改革委、市人力资源和社会保障局，各区、县级市）",
     "（牵头单位：市发展改革委，配合单位：市金融办、市人力资源和社会保障局，各区、县级市）"),
    # an abbreviation for a full form: the same unit
    ("（牵头单位：市发展改革委，配合单位：市委组织部、市人力资源和社会保障局，各区、县级市）",
     "（牵头单位：市发改委，配合单位：市委组织部、市人社局，各区、县级市）"),
]


def guangzhou_changes() -> list[Change]:
    doc = parser.parse(GUANGZHOU)
    task = next(t for t in doc.tasks if "金融高级人才开发项目" in t.text)
    return [Change("role changed", task.section, task.text, "市发展改革委", "support", "lead"),
            Change("role changed", task.section, task.text, "市金融办", "lead", "support")]


def test_compare_across_formats_a_docx_against_a_txt(tmp_path):
    old = tmp_path / "2012.txt"
    old.write_text(GUANGZHOU, encoding="utf-8")
    new = tmp_path / "2013.docx"
    lines = edited(GUANGZHOU, *GUANGZHOU_EDITS).split("\n")
    new.write_bytes(make_inputs.docx([(line, None) for line in lines], numbering=False))
    result = compare(parser.parse_file(old), parser.parse_file(new))
    assert result.changes == guangzhou_changes()


def fengong(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fengong", *args], cwd=ROOT, capture_output=True, input=stdin)


@pytest.fixture()
def pair(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(SOURCE, encoding="utf-8")
    new.write_text(edited(SOURCE, *SOURCE_EDITS), encoding="utf-8")
    return str(old), str(new)


def test_the_command_prints_the_changes_as_csv_json_and_a_table(pair):
    run = fengong("compare", *pair, "--format", "csv")
    assert run.returncode == 0, run.stderr.decode()
    assert not run.stdout.startswith(b"\xef\xbb\xbf")  # no BOM on standard output
    rows = list(csv.DictReader(io.StringIO(run.stdout.decode("utf-8"), newline="")))
    assert list(rows[0])[:6] == ["change", "section", "task", "unit", "old_role", "new_role"]
    assert [(r["change"], r["section"], r["unit"], r["old_role"], r["new_role"]) for r in rows] == \
           [(c.change, c.section, c.unit, c.old_role, c.new_role) for c in SOURCE_CHANGES]
    data = json.loads(fengong("compare", *pair, "--format", "json").stdout)
    assert data["summary"] == {"old_tasks": 157, "new_tasks": 157, "matched": 156, "changes": 6}
    assert [c["change"] for c in data["changes"]] == [c.change for c in SOURCE_CHANGES]
    assert set(CHANGE_COLUMNS) == set(data["changes"][0])
    table = fengong("compare", *pair).stdout.decode("utf-8")
    assert table.startswith("157 tasks in") and "市水利湖泊局" in table and "units whose load changed" in table
    units = list(csv.DictReader(io.StringIO(fengong("compare", *pair, "--format", "csv", "--units")
                                            .stdout.decode("utf-8"), newline="")))
    assert {r["unit"] for r in units if r["total_diff"] != "0"} == {"市发改委", "市水利湖泊局", "市邮政管理局", "市商务局"}


def test_the_command_reads_the_new_version_from_standard_input(pair):
    old, new = pair
    run = fengong("compare", old, "-", "--format", "json", stdin=Path(new).read_bytes())
    assert run.returncode == 0, run.stderr.decode()
    assert json.loads(run.stdout)["summary"]["changes"] == 6
