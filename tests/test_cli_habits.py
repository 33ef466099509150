"""The command line's habits: -h with an example in every command's help, - for standard input,
one error prefix, a progress bar per phase on a terminal, CSV on standard output without a BOM,
--dialect on every command that parses, --by-doc and --section, and units found by any of
their common names."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

import make_inputs
from fengong.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpus" / "source.txt"
CORPUS = ROOT / "tests" / "corpus"


def fengong(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fengong", *args], cwd=ROOT, capture_output=True, input=stdin)


def rows(run: subprocess.CompletedProcess) -> list[dict]:
    assert run.returncode == 0, run.stderr.decode()
    assert not run.stdout.startswith(b"\xef\xbb\xbf")  # no BOM on standard output
    return list(csv.DictReader(io.StringIO(run.stdout.decode("utf-8"), newline="")))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_takes_dash_h_and_shows_an_example(command):
    short, long = fengong(command, "-h"), fengong(command, "--help")
    assert short.returncode == 0 and short.stdout == long.stdout
    text = short.stdout.decode("utf-8")
    assert "Example:" in text and f"fengong {command} " in text.split("Example:")[1]
    if "csv" in text:
        assert "no BOM" in " ".join(text.split()), command


def test_the_group_takes_dash_h():
    assert fengong("-h").stdout == fengong("--help").stdout
    assert b"Example:" in fengong("-h").stdout


@pytest.mark.parametrize("args", [
    ("centrality", "corpus/source.txt", "--measure", "fame"),
    ("parse",),
    ("units", "corpus/source.txt", "--no-such-option"),
    ("query", "corpus/source.txt"),
    ("no-such-command",),
])
def test_usage_errors_have_the_one_error_prefix(args):
    run = fengong(*args)
    assert run.returncode == 2
    lines = run.stderr.decode("utf-8").splitlines()
    assert lines[-1].startswith("fengong: error: ")
    assert not any(line.startswith("Error:") for line in lines)


def test_view_refuses_a_picture():
    run = fengong("view", "corpus/source.txt", "-o", "x.png")
    assert run.returncode == 2
    assert "the view is an HTML page" in run.stderr.decode("utf-8")
    assert not (ROOT / "x.png").exists()


def test_dash_reads_standard_input_in_any_format():
    text = SOURCE.read_bytes()
    assert fengong("parse", "-", stdin=text).stdout == fengong("parse", str(SOURCE)).stdout.replace(
        json.dumps(str(SOURCE)).encode(), b'"stdin"', 1)
    lines = text.decode("utf-8").split("\n")
    docx = make_inputs.docx([(line, None) for line in lines], numbering=False)
    from_docx = json.loads(fengong("parse", "-", stdin=docx).stdout)
    assert len(from_docx["assignments"]) == 723
    assert len(rows(fengong("units", "-", "--format", "csv", stdin=text))) == len(
        rows(fengong("units", str(SOURCE), "--format", "csv")))
    for sheet in ("plan.xlsx", "plan.xls", "plan.ods"):  # a workbook, told from its bytes
        path = ROOT / "tests" / "fixtures" / "tables" / sheet
        piped = json.loads(fengong("parse", "-", stdin=path.read_bytes()).stdout)
        named = json.loads(fengong("parse", str(path)).stdout)
        assert piped["assignments"] == named["assignments"] and piped["assignments"], sheet


def test_every_command_that_parses_takes_a_dialect(tmp_path):
    dialect = tmp_path / "my.toml"
    dialect.write_text('[role_labels]\nsupport = ["配合单位", "帮办单位"]\n', encoding="utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text("荆门市人民政府\n一、任务\n(一)做好工作(牵头单位:市发改委;帮办单位:市财政局)。\n", encoding="utf-8")
    plain = rows(fengong("units", str(plan), "--format", "csv"))
    mine = rows(fengong("units", str(plan), "--format", "csv", "--dialect", str(dialect)))
    assert {r["name"]: r["supported"] for r in mine}.get("市财政局") == "1"
    assert {r["name"]: r["supported"] for r in plain}.get("市财政局", "0") == "0"
    for args in (("tasks", str(plan), "--unit", "市财政局"), ("centrality", str(plan)), ("parse", str(plan)),
                 ("lint", str(plan)), ("compare", str(plan), str(plan)),
                 ("view", str(plan), "-o", str(tmp_path / "v.html"))):
        run = fengong(*args, "--dialect", str(dialect))
        assert run.returncode == 0, (args, run.stderr.decode())
    build = fengong("build", str(plan), "-o", str(tmp_path / "out"), "--rdf", "", "--dialect", str(dialect))
    assert build.returncode == 0, build.stderr.decode()


def test_units_and_centrality_by_document_and_section():
    docs = [str(SOURCE), str(CORPUS / "01_guofa-2018-39-jiuye.txt")]
    by_doc = rows(fengong("units", *docs, "--by-doc", "--format", "csv"))
    assert list(by_doc[0])[0] == "doc" and {r["doc"] for r in by_doc} == {"source", "01_guofa-2018-39-jiuye"}
    together = {r["id"]: int(r["total"]) for r in rows(fengong("units", *docs, "--format", "csv"))}
    summed: dict[str, int] = {}
    for r in by_doc:
        summed[r["id"]] = summed.get(r["id"], 0) + int(r["total"])
    assert summed == {u: n for u, n in together.items() if n or u in summed}
    section = rows(fengong("units", str(SOURCE), "--section", "3.2", "--format", "csv"))
    tasks = rows(fengong("tasks", str(SOURCE), "--unit", "市发改委", "--format", "csv"))
    assert next(r for r in section if r["name"] == "市发改委")["total"] == str(
        sum(1 for t in tasks if t["section"] == "3.2" or t["section"].startswith("3.2.")))
    central = rows(fengong("centrality", *docs, "--by-doc", "--top", "2", "--format", "csv"))
    assert [r["doc"] for r in central] == ["source", "source", "01_guofa-2018-39-jiuye", "01_guofa-2018-39-jiuye"]
    only = rows(fengong("centrality", str(CORPUS / "01_guofa-2018-39-jiuye.txt"), "--top", "2", "--format", "csv"))
    assert [r["id"] for r in central[2:]] == [r["id"] for r in only]


@pytest.mark.parametrize("name", ["市发改委", "荆门市发改委", "荆门发改委", "荆门市发展和改革委员会", "市发展改革委",
                                  "荆门市 发展和改革委员会", "市發改委", "发改委"])
def test_a_unit_is_found_by_any_common_name(name):
    found = rows(fengong("tasks", str(SOURCE), "--unit", name, "--format", "csv"))
    assert len(found) == 81  # 市发改委's tasks


def test_a_name_of_several_units_lists_them_and_exits_2(tmp_path):
    other = tmp_path / "yichang.txt"
    other.write_text(SOURCE.read_text(encoding="utf-8").replace("荆门市人民政府办公室", "宜昌市人民政府办公室"),
                     encoding="utf-8")
    run = fengong("tasks", str(SOURCE), str(other), "--unit", "市发改委")
    assert run.returncode == 2
    assert run.stderr.decode("utf-8").strip() == ("fengong: error: '市发改委' names 2 units; did you mean: "
                                                  "市发改委 (宜昌市), 市发改委 (荆门市)")
    assert len(rows(fengong("tasks", str(SOURCE), str(other), "--unit", "宜昌市发改委", "--format", "csv"))) == 81
    sichuan = CORPUS / "11_sichuan-2022-liutong-tixi-shishi_partial.txt"
    run = fengong("tasks", str(SOURCE), str(sichuan), "--unit", "发改委")
    assert run.stderr.decode("utf-8").strip() == ("fengong: error: '发改委' names 2 units; did you mean: "
                                                  "市发改委 (荆门市), 省发展改革委 (四川省)")


def test_an_unknown_name_lists_the_closest_units():
    run = fengong("tasks", str(SOURCE), "--unit", "市发改局")
    assert run.returncode == 2
    message = run.stderr.decode("utf-8").strip()
    assert message.startswith("fengong: error: no unit named '市发改局' in the graph; did you mean: 市发改委 (荆门市)")


def test_build_shows_a_progress_bar_per_phase_on_a_terminal(tmp_path):
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))  # a terminal has a size
    run = subprocess.Popen([sys.executable, "-m", "fengong", "build", str(SOURCE), str(CORPUS / "01_guofa-2018-39-jiuye.txt"),
                            "-o", str(tmp_path / "out"), "--rdf", ""], cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=follower)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end is closed
            break
        if not chunk:
            break
        shown += chunk
    assert run.wait(timeout=300) == 0
    os.close(leader)
    text = shown.decode("utf-8", "replace")
    for phase, total in (("parsing", 2), ("graph", 3), ("tables", 11), ("RDF", 1), ("view", 1)):
        assert f"{phase}: 100%" in text and f"{total}/{total}" in text, phase
