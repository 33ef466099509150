"""Every offset in the JSON points at what was read; whole-document outputs match golden files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fengong.parser.export import to_csv, to_json

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parent.parent


def walk(node, path="$"):
    """Yield (json path, object) for every object holding start and end."""
    if isinstance(node, dict):
        if "start" in node and "end" in node:
            yield path, node
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}[{i}]")


def test_every_offset_round_trips(doc, source_text):
    data = json.loads(to_json(doc))
    checked = 0
    for where, obj in walk(data):
        start, end = obj["start"], obj["end"]
        assert 0 <= start <= end <= len(source_text), where
        read = source_text[start:end]
        for key in ("value", "text", "unit", "ref", "name"):
            if key in obj and isinstance(obj[key], str):
                assert read == obj[key], f"{where}: {read!r} != {obj[key]!r}"
                break
        else:
            if "label" in obj:  # a section: the heading line starts with its label, then its title
                assert read.startswith(obj["label"]), where
                assert source_text[obj["title_start"] : obj["title_end"]] == obj["title"], where
            elif "code" not in obj:  # diagnostics point at a place, not at a value
                raise AssertionError(f"{where}: nothing to check against")
        checked += 1
    # every section, task, annotation, assignment, indicator, target and column ref was walked
    expected = (len(doc.sections) + 2 * len(doc.tasks) + len(doc.assignments) + len(doc.column_refs)
                + len(doc.targets) + sum(1 + len(i.targets) for i in doc.indicators))
    assert checked >= expected


def test_json_matches_golden_file(doc):
    assert to_json(doc) == (GOLDEN / "source.json").read_text(encoding="utf-8")


def test_csv_matches_golden_file(doc):
    assert to_csv(doc) == (GOLDEN / "source.csv").read_bytes().decode("utf-8")


def test_csv_has_required_columns(doc):
    header = to_csv(doc).splitlines()[0].split(",")
    assert header[:7] == ["section", "role", "unit", "task", "start", "end", "implicit"]


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "fengong", *args], cwd=ROOT, capture_output=True, env=env)


def test_cli_parse_prints_utf8_json_whatever_the_locale():
    env = dict(os.environ, LC_ALL="C", LANG="C", PYTHONIOENCODING="ascii")
    out = run("parse", "corpus/source.txt", env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode("utf-8") == (GOLDEN / "source.json").read_text(encoding="utf-8")
    assert "市发改委".encode() in out.stdout


def test_cli_parse_csv():
    out = run("parse", "corpus/source.txt", "--format", "csv")
    assert out.returncode == 0
    assert out.stdout == (GOLDEN / "source.csv").read_bytes()


def test_cli_missing_file_is_one_line_exit_2():
    out = run("parse", "no/such/file.txt")
    assert out.returncode == 2
    assert out.stderr.decode().count("\n") == 1
    assert "no/such/file.txt" in out.stderr.decode()
    assert b"Traceback" not in out.stderr


def test_cli_lint_exit_status(tmp_path):
    clean = run("lint", "corpus/source.txt")
    assert clean.returncode == 0
    assert clean.stdout.decode().splitlines() == [
        "corpus/source.txt:48:172: warning: '市推进区域布局实施工作领导小组成员单位' and"
        " '市推进区域发展布局实施工作领导小组成员单位' look like one unit written two ways [unit-variants]",
        "corpus/source.txt:97:79: warning: '市法院' and '市中级法院' look like one unit written two ways [unit-variants]",
        "corpus/source.txt:124:163: warning: 《纲要) opens a title with 《 but closes it with ): 《纲要》 was probably meant"
        " [title-mark-mismatch]",
    ]
    empty = tmp_path / "plain.txt"
    empty.write_text("这是一段没有编号也没有分工的文字。\n", encoding="utf-8")
    out = run("lint", str(empty))
    assert out.returncode == 1
    assert out.stdout.decode().startswith(f"{empty}:1:1: error: no task-division structure found")
    parsed = run("parse", str(empty))
    assert parsed.returncode == 1 and b"no task-division structure found" in parsed.stderr
