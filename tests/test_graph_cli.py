"""``fengong units``, ``fengong tasks`` and ``fengong centrality`` on the main document."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fengong(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fengong", *args], cwd=ROOT, capture_output=True)


def test_units_table():
    run = fengong("units", "corpus/source.txt")
    assert run.returncode == 0, run.stderr.decode()
    lines = run.stdout.decode("utf-8").splitlines()
    assert lines[0].split()[:3] == ["name", "full_name", "unit_type"]
    assert lines[1].split()[:5] == ["市发改委", "荆门市发展和改革委员会", "government_department", "34", "47"]


def test_units_json_has_every_column():
    run = fengong("units", "corpus/source.txt", "--format", "json")
    rows = json.loads(run.stdout.decode("utf-8"))
    court = next(r for r in rows if r["name"] == "市中级法院")
    assert (court["aliases"], court["full_name"], court["total"]) == ("市中级法院|市法院", "荆门市中级人民法院", 2)


def test_tasks_of_a_unit_by_role():
    run = fengong("tasks", "corpus/source.txt", "--unit", "市发改委", "--role", "lead", "--format", "csv")
    assert run.returncode == 0, run.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(run.stdout.decode("utf-8"), newline="")))
    assert len(rows) == 34
    assert rows[0]["section"] == "2.1" and rows[0]["text"].startswith("地区生产总值")
    assert all("lead" in r["roles"].split("|") for r in rows)


def test_tasks_finds_a_unit_by_any_of_its_names():
    short = fengong("tasks", "corpus/source.txt", "--unit", "市法院", "--format", "json")
    full = fengong("tasks", "corpus/source.txt", "--unit", "荆门市中级人民法院", "--format", "json")
    assert json.loads(short.stdout) == json.loads(full.stdout)
    assert len(json.loads(short.stdout)) == 2


def test_unknown_unit_is_a_clear_error():
    run = fengong("tasks", "corpus/source.txt", "--unit", "市无此局")
    assert run.returncode == 2
    assert run.stderr.decode("utf-8").strip() == "fengong: error: no unit named '市无此局' in the graph"


def test_centrality_top_and_measure():
    run = fengong("centrality", "corpus/source.txt", "--measure", "betweenness", "--top", "3", "--format", "json")
    rows = json.loads(run.stdout.decode("utf-8"))
    assert [r["name"] for r in rows][:1] == ["市发改委"]
    assert len(rows) == 3
    assert rows == sorted(rows, key=lambda r: -r["betweenness"])


def test_centrality_placeholders_only_on_request():
    plain = json.loads(fengong("centrality", "corpus/source.txt", "--format", "json").stdout)
    more = json.loads(fengong("centrality", "corpus/source.txt", "--format", "json", "--placeholders").stdout)
    assert "市直各部门" not in {r["name"] for r in plain}
    assert "市直各部门" in {r["name"] for r in more}


def test_bad_option_is_a_usage_error():
    run = fengong("centrality", "corpus/source.txt", "--measure", "fame")
    assert run.returncode == 2
    assert b"fame" in run.stderr
