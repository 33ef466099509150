"""Hostile and broken input (issue 8): each bad input with its documented behaviour.

The behaviours are listed, with the test that checks each, in docs/robustness.md. Commands
run as a user runs them, in a subprocess, so a test holds whichever module does the work.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
import regex

from fengong import parser
from fengong.parser import annotations, core, dialect, metadata, numbering, targets
from fengong.parser.export import CSV_COLUMNS, to_csv, to_json
from model_checks import check_document

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpus" / "source.txt"


def fengong(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the command line as a user does; output as bytes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "fengong", *args], cwd=cwd, capture_output=True, env=env)


def assert_one_line_error(run: subprocess.CompletedProcess, path: Path) -> str:
    """Exit status 2, one line on stderr naming the file, no traceback; returns the line."""
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2, err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    assert str(path) in err
    assert run.stdout == b""
    return err


# ---------------------------------------------------------------------------------------------
# empty and structureless text


@pytest.mark.parametrize("content", ["", "   \n\t\n\u3000\n\r\n", "这是一段普通的文字，没有编号。\n也没有括号和单位。\n"],
                         ids=["empty", "whitespace", "no-structure"])
def test_text_without_structure_is_a_clean_result_with_one_diagnostic(tmp_path, content):
    """The model is printed whole, and the command says on standard error that the document has
    no task-division structure, with exit status 1 (a script must not take it for a plan)."""
    path = tmp_path / "plain.txt"
    path.write_text(content, encoding="utf-8")
    run = fengong("parse", str(path))
    assert run.returncode == 1
    assert run.stderr.decode("utf-8") == f"fengong: error: {path}: no task-division structure found\n"
    data = json.loads(run.stdout.decode("utf-8"))
    assert (data["sections"], data["tasks"], data["assignments"]) == ([], [], [])
    assert [(d["code"], d["message"]) for d in data["diagnostics"]] == [
        ("no-structure", "no task-division structure found")]
    lint = fengong("lint", str(path))
    assert lint.returncode == 1
    assert lint.stdout.decode("utf-8") == f"{path}:1:1: error: no task-division structure found [no-structure]\n"


# ---------------------------------------------------------------------------------------------
# files that are not text


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document>一、总体要求</w:document>" * 20)
    return out.getvalue()


NOT_TEXT = {
    "png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "zip.txt": _zip_bytes(),
    "pdf.docx": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(128, 256)),
    "truncated.docx": _zip_bytes()[:40],
}


@pytest.mark.parametrize("name", sorted(NOT_TEXT))
@pytest.mark.parametrize("command", ["parse", "lint"])
def test_a_file_that_is_not_text_is_a_one_line_error(tmp_path, name, command):
    path = tmp_path / name
    path.write_bytes(NOT_TEXT[name])
    assert_one_line_error(fengong(command, str(path)), path)


def test_an_empty_zip_renamed_txt_is_a_one_line_error(tmp_path):
    path = tmp_path / "empty.txt"
    out = io.BytesIO()
    zipfile.ZipFile(out, "w").close()  # b"PK\x05\x06" and 18 NUL bytes: valid UTF-8
    path.write_bytes(out.getvalue())
    assert_one_line_error(fengong("parse", str(path)), path)


def test_invalid_utf8_mid_file_names_the_byte_offset(tmp_path):
    good = SOURCE.read_bytes()
    cut = good.index("三、主要任务".encode("utf-8"))
    path = tmp_path / "broken.txt"
    path.write_bytes(good[:cut] + b"\xff" + good[cut:])  # 0xFF starts no character in UTF-8 or GB18030
    err = assert_one_line_error(fengong("parse", str(path)), path)
    assert f"byte {cut}" in err
    lint = fengong("lint", str(path))
    assert lint.returncode == 2 and f"byte {cut}" in lint.stderr.decode("utf-8")


def test_debug_shows_the_traceback(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes("一、总体要求\n".encode("utf-8") + b"\xff\n")
    run = fengong("--debug", "parse", str(path))
    err = run.stderr.decode("utf-8")
    assert run.returncode != 0
    assert "Traceback (most recent call last)" in err and "InputError" in err


def test_a_missing_file_is_a_one_line_error(tmp_path):
    path = tmp_path / "missing.txt"
    assert_one_line_error(fengong("parse", str(path)), path)


def test_a_file_name_with_a_line_break_stays_on_one_line(tmp_path):
    path = tmp_path / "two\nlines.txt"
    path.write_bytes(b"\xff")
    run = fengong("parse", str(path))
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2 and err.count("\n") == 1, err
    assert "two\\nlines.txt" in err


# ---------------------------------------------------------------------------------------------
# brackets


def parse_checked(text: str) -> parser.Document:
    doc = parser.parse(text)
    check_document(doc, text)
    return doc


def codes(doc: parser.Document) -> list[str]:
    return [d.code for d in doc.diagnostics]


def units(doc: parser.Document) -> list[tuple[str, str]]:
    return [(a.role, a.unit) for a in doc.assignments if a.role != "prose"]


def test_a_bracket_never_closed_is_reported_and_the_rest_read():
    doc = parse_checked("一、任务\n（一）做好（GDP工作。\n（二）做好工作（牵头单位：市发改委）。\n")
    assert "bracket-unclosed" in codes(doc)
    assert [s.path for s in doc.sections] == ["1", "1.1", "1.2"]
    assert units(doc) == [("lead", "市发改委")]


def test_a_bracket_never_opened_is_reported_and_the_rest_read():
    doc = parse_checked("一、任务\n（一）做好）工作（牵头单位：市发改委）。\n")
    unopened = [d for d in doc.diagnostics if d.code == "bracket-unopened"]
    assert [(d.line, d.column) for d in unopened] == [(2, 6)]
    assert units(doc) == [("lead", "市发改委")]
    assert doc.tasks[0].text == "做好）工作"


def test_brackets_nested_ten_deep():
    nested = "（" * 10 + "内容" + "）" * 10
    doc = parse_checked(f"一、任务\n（一）做好{nested}工作（牵头单位：市发改委（{nested}）；责任单位：市财政局）。\n"
                        f"（二）{nested}（责任单位：市科技局）。\n")
    assert [s.path for s in doc.sections] == ["1", "1.1", "1.2"]
    assert ("responsible", "市财政局") in units(doc) and units(doc)[-1] == ("responsible", "市科技局")
    assert not [c for c in codes(doc) if c.startswith("bracket")]


def test_an_annotation_cut_off_by_the_end_of_the_file_is_read_up_to_there():
    """The complete mentions before the cut are kept; the cut-off name is no mention but the
    annotation's ``truncated``, reported once."""
    doc = parse_checked("一、任务\n（一）做好工作（牵头单位：市发改委；责任单位：市财政局、市科")
    assert codes(doc).count("annotation-truncated") == 1 and "annotation-unclosed" not in codes(doc)
    assert units(doc) == [("lead", "市发改委"), ("responsible", "市财政局")]
    cut = doc.tasks[0].annotation.truncated
    assert (cut.value, doc.text[cut.start : cut.end]) == ("市科", "市科")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("为抓好落实（牵头单位：市发改委），现将任务分工如下：\n一、总体要求\n（一）做好工作（牵头单位：市财政局）。\n", (1, 6)),
        ("牵头单位：市发改委\n一、总体要求\n（一）做好工作（牵头单位：市财政局）。\n", (1, 1)),
        ("做好工作（牵头单位：市发改委）。\n", (1, 5)),
    ],
    ids=["bracket-above-the-items", "label-line-above-the-items", "no-numbered-items"],
)
def test_an_annotation_outside_any_numbered_item_is_reported_not_dropped(text, where):
    """An annotation above the first numbered heading (or in a text with none) belongs to no
    item, so no task is read for it: a warning says where, instead of silence. A stray bracket
    above the items (a title's “（2021—2025年）” cut off) is not reported as one."""
    doc = parse_checked(text)
    outside = [d for d in doc.diagnostics if d.code == "annotation-outside-items"]
    assert [(d.line, d.column, d.severity) for d in outside] == [(*where, "warning")]
    assert "市发改委" in outside[0].message and "市发改委" not in [a.unit for a in doc.assignments]
    assert not [c for c in codes(parse_checked("各单位负责落实（2021—2025年\n" + text)) if c.startswith("bracket")]


@pytest.mark.parametrize("open_, close", [("(", "）"), ("（", ")"), ("〔", "]"), ("[", "〕")])
def test_mixed_full_and_half_width_pairs_pair(open_, close):
    doc = parse_checked(f"一、任务\n(一)做好工作{open_}牵头单位:市发改委{close}。\n")
    assert units(doc) == [("lead", "市发改委")]
    assert not [c for c in codes(doc) if c.startswith("bracket")]


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_of_windows_and_old_mac_files_read_as_line_breaks(newline):
    text = SOURCE.read_text(encoding="utf-8")
    unix, other = parse_checked(text), parse_checked(text.replace("\n", newline))
    assert [(s.path, s.title) for s in other.sections] == [(s.path, s.title) for s in unix.sections]
    assert [(a.role, a.unit, a.task) for a in other.assignments] == [(a.role, a.unit, a.task) for a in unix.assignments]
    assert [(d.code, d.line, d.column) for d in other.diagnostics] == [(d.code, d.line, d.column) for d in unix.diagnostics]


# ---------------------------------------------------------------------------------------------
# pathological sizes: work grows linearly (time at ten times the size under 30 times)


def best_time(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        parser.parse(text)
        best = min(best, time.perf_counter() - t0)
    return best


def assert_linear(make, n: int, factor: int = 10, bound: float = 30.0) -> None:
    """Parsing ``make(factor * n)`` takes less than ``bound`` times as long as ``make(n)``:
    linear work with room for noise; quadratic work would be about ``factor ** 2`` times."""
    parser.parse("一、任务\n(一)做好工作(牵头单位:市发改委)。\n")  # warm: dialect and character tables loaded
    small, large = make(n), make(factor * n)
    # the objects the rest of the test session holds are moved out of the collector's sight, so
    # its full collections time this parse, not the session's heap
    gc.collect()
    gc.freeze()
    try:
        t_small = best_time(small, 3)
        t_large = best_time(large, 1)
        if t_large > bound * t_small:  # a busy machine can slow one run: try once more
            t_large = min(t_large, best_time(large, 1))
    finally:
        gc.unfreeze()
    assert t_large < bound * t_small, f"{len(small)} chars: {t_small:.4f} s; {len(large)} chars: {t_large:.4f} s"


def _filler(n_bytes: int) -> str:
    """The main document, then lines of running text from it (no brackets, so no
    annotations), to more than ``n_bytes`` bytes of UTF-8."""
    source = SOURCE.read_text(encoding="utf-8")
    prose = "\n".join(line for line in source.split("\n")
                      if len(line) > 60 and not regex.search(r"[(（)）\[\]〔〕:：]|单位|牵头|负责", line))
    prose += "\n"
    return source + prose * ((n_bytes - len(source.encode())) // len(prose.encode()) + 1)


def test_a_document_of_plan_text_parses_in_linear_time():
    source = SOURCE.read_text(encoding="utf-8")
    assert_linear(lambda n: source * n, 20)


def test_a_20_mb_file_parses_in_linear_time():
    assert_linear(_filler, 2_000_000)


#: runs the command line, then writes the process's peak memory (resident set) to stderr
PEAK_MEMORY = """
import resource, sys
from fengong.cli import main
status = main(sys.argv[1:])
sys.stderr.write(f"peak={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
sys.exit(status)
"""


def peak_memory_of_parse(path: Path) -> int:
    """Bytes of memory at the peak of ``fengong parse --format csv FILE``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", PEAK_MEMORY, "parse", str(path), "--format", "csv"], cwd=ROOT,
                         capture_output=True, env=env)
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.startswith(b"section,role,unit,")
    return int(run.stderr.decode().rpartition("peak=")[2]) * 1024  # ru_maxrss is in KiB on Linux


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss is in KiB on Linux only")
def test_a_20_mb_file_through_the_command_in_bounded_memory(tmp_path):
    small, large = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(_filler(2_000_000), encoding="utf-8")
    large.write_text(_filler(20_000_000), encoding="utf-8")
    assert large.stat().st_size > 20_000_000
    grown = peak_memory_of_parse(large) - peak_memory_of_parse(small)
    # the text, its folded copy and the line table: a few bytes of memory per byte of input
    assert grown < 10 * (large.stat().st_size - small.stat().st_size), grown


def test_a_single_5_mb_line_parses_in_linear_time():
    line = "推进新型工业化，加快建设制造强市（GDP），培育壮大新动能。" * 10
    assert_linear(lambda n: "一、任务\n(一)" + line * (n // len(line.encode())) + "(牵头单位:市发改委)\n", 500_000)


@pytest.mark.parametrize("shape", ["paren", "bracket", "unclosed", "closing"])
def test_a_long_line_of_brackets_parses_in_linear_time(shape):
    unit = {"paren": "(a)", "bracket": "〔牵头单位:市局〕", "unclosed": "（", "closing": "）"}[shape]
    assert_linear(lambda n: "一、任务\n(一)做好" + unit * (n // len(unit.encode())) + "\n", 50_000)


def test_100000_numbered_items_parse_in_linear_time():
    def items(n: int) -> str:
        return "一、任务\n" + "".join(f"（{i % 999 + 1}）做好第{i}项工作。\n" for i in range(n))

    assert_linear(items, 10_000)


def test_numbered_items_with_annotations_parse_in_linear_time():
    def items(n: int) -> str:
        return "一、任务\n" + "".join(f"（{i % 999 + 1}）做好第{i}项工作（牵头单位：市发改委）。\n" for i in range(n))

    assert_linear(items, 1_000)


def test_numbered_items_with_roles_on_lines_of_their_own_parse_in_linear_time():
    def items(n: int) -> str:
        return "一、任务\n(一)总体\n" + "".join(f"{i % 999 + 1}.做好工作\n(牵头单位:市发改委)\n" for i in range(n))

    assert_linear(items, 1_000)


def test_indicators_under_many_sections_parse_in_linear_time():
    def sections(n: int) -> str:
        """Indicators each under a section of its own: 一、 (1) ① … (999) ① 二、 (1) ① …"""
        out = []
        for i in range(n):
            if i % 999 == 0:
                tens, ones = divmod(i // 999 + 1, 10)
                out.append(("" if tens < 2 else "零一二三四五六七八九"[tens]) + ("十" if tens else "")
                           + ("" if ones == 0 else "零一二三四五六七八九"[ones]) + "、指标\n")
            out.append(f"({i % 999 + 1})指标组到2025年\n①森林覆盖率达到5%(约束性指标,牵头单位:市发改委)\n")
        return "".join(out)

    assert [i.targets[0].year for i in parser.parse(sections(1000)).indicators] == [2025] * 1000
    assert_linear(sections, 1_000)


@pytest.mark.parametrize("line", ["荆门市某某工作方案", "各区政府,市直各部门:", "国发〔2018〕39号", "随便写点什么内容而已"],
                         ids=["title", "addressees", "doc-number", "plain"])
def test_a_preamble_of_100000_lines_parses_in_linear_time(line):
    assert_linear(lambda n: f"{line}\n" * n + "一、任务\n(一)做好工作(牵头单位:市发改委)\n", 10_000)


def test_a_unit_list_of_10000_names_parses_in_linear_time():
    def unit_list(n: int) -> str:
        names = "、".join(f"市{chr(0x4E00 + i % 20000)}{chr(0x4E00 + i // 20000)}局" for i in range(n))
        return f"一、任务\n(一)做好工作(牵头单位:{names})。\n(二){names.replace('、', '和')}要做好工作。\n"

    assert_linear(unit_list, 1_000)


def test_a_unit_list_of_long_names_alike_parses_as_fast_as_plain_text():
    """200 names of 5,000 characters, alike at both ends: the variant check compared every
    pair in full (linear in the length, but 200 × 200 times over)."""
    names = "、".join("市" + "甲" * (5000 + i % 4) + f"{i:03d}乙局" for i in range(200))
    text = f"一、任务\n(一)做好工作(牵头单位:{names})。\n"
    plain = "一、任务\n(一)" + "做好工作，" * (len(names) // 5) + "(牵头单位:市发改委)。\n"
    parser.parse(plain)
    t_plain, t_names = best_time(plain, 2), best_time(text, 1)
    assert t_names < 30 * t_plain, f"{t_names:.3f} s, plain text of the same length {t_plain:.3f} s"


def test_a_unit_list_of_10000_collective_names_parses_in_linear_time():
    assert_linear(lambda n: "一、任务\n(一)做好工作(牵头单位:" + "、".join(["各县、市、区"] * n) + ")。\n", 1_000)


def test_many_person_lines_in_one_item_parse_in_linear_time():
    assert_linear(lambda n: "一、任务\n(一)总体\n" + "分管省领导:张三\n牵头单位:市发改委\n" * n, 1_000)


@pytest.mark.parametrize("target", ["达到5%,", "到2025年达到5%,", "控制在省下达指标内,", "5%,"])
def test_a_task_with_many_targets_parses_in_linear_time(target):
    assert_linear(lambda n: "一、任务\n(一)" + target * n + "(牵头单位:市发改委)\n", 2_000)


def test_a_scoping_note_repeated_names_its_unit_once_per_task():
    note = "（牵头单位：市发改委；责任单位：各县市区，以下均需各县市区落实，不再逐一列出）"
    doc = parse_checked("一、任务\n" + "".join(f"（{'一二三四五'[i]}）做好工作{note}。\n" for i in range(5)))
    for task in doc.tasks:
        mentions = [a for a in doc.assignments if a.task == task.id and a.unit == "各县市区"]
        assert len(mentions) == 1, task.id


# ---------------------------------------------------------------------------------------------
# regular expressions: no catastrophic backtracking


def all_patterns() -> list[tuple[str, regex.Pattern]]:
    """Every compiled pattern in parser/ and in the default dialect."""
    found = []
    for module in (annotations, core, metadata, numbering, targets):
        for name, value in vars(module).items():
            if isinstance(value, regex.Pattern):
                found.append((f"{module.__name__}.{name}", value))
    d = dialect.load_dialect()
    for name in ("label_re", "verb_re", "statement_re", "person_re", "note_re", "compound_re"):
        if getattr(d, name) is not None:
            found.append((f"dialect.{name}", getattr(d, name)))
    for name in ("scoping_res", "first_listed_res"):
        found += [(f"dialect.{name}[{i}]", p) for i, p in enumerate(getattr(d, name))]
    return found


def worst_cases(pattern: regex.Pattern, n: int) -> list[str]:
    """Long runs of what a pattern repeats: each character it names, each literal run it
    holds, all its characters in turn, and digits, letters and CJK text between them."""
    source = pattern.pattern
    chars = sorted({c for c in source if not c.isspace()} | set("0123456789.a市局、,("))
    literals = {m.group() for m in regex.finditer(r"[^\\()\[\]{}|?*+^$]{2,}", source)}
    cases = [c * n for c in chars]
    cases += [(lit * (n // len(lit) + 1))[:n] for lit in literals]
    cases += [(lit + "0" * 5 + "市") * (n // (len(lit) + 6)) for lit in literals]
    cases.append(("".join(chars) * (n // len(chars) + 1))[:n])
    return cases


PATTERNS = all_patterns()


def test_every_pattern_is_found():
    names = {name for name, _ in PATTERNS}
    assert {"fengong.parser.targets._TEXT_TARGET", "fengong.parser.metadata._DOC_NUMBER",
            "fengong.parser.annotations._DEADLINE",
            "dialect.label_re", "dialect.scoping_res[0]"} <= names
    assert len(PATTERNS) >= 30


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_no_pattern_backtracks_catastrophically(name, pattern):
    """Every search over 20,000 characters of a pattern's worst cases ends within a second
    (a pattern with nested or overlapping repeats takes minutes on these)."""
    for case in worst_cases(pattern, 20_000):
        try:
            for m in pattern.finditer(case, timeout=1.0):
                pass
            pattern.match(case, 0, len(case), timeout=1.0)
        except TimeoutError:
            pytest.fail(f"{name} backtracks on {case[:30]!r}…")


# ---------------------------------------------------------------------------------------------
# hostile strings in units and task text

HOSTILE_UNITS = [
    '=HYPERLINK("http://evil.example")局', "+市局", "-市局", "@市局", '"市"局', ">市局",
    "<script>alert(1)</script>局", "市\u202e局", "市\x00局", "市\u200b发改委", "𠀀市局",
]
HOSTILE = (
    "一、任务\n"
    f"(一)=SUM(A1)工作(牵头单位:{HOSTILE_UNITS[0]};责任单位:{'、'.join(HOSTILE_UNITS[1:])})。\n"
    "(二)<script>alert(2)</script>\u202e做好\x00工作〔牵头单位:市\n发改委〕。\n"
    "(三)-1+1@工作“引号”(牵头单位:市\u200d科技局\r)。\n"
)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_json(out: str, doc: parser.Document) -> None:
    """``out`` is valid JSON that loads back to the model's strings, each at its offsets."""
    data = strict_json(out)
    text = doc.text
    assert [a["unit"] for a in data["assignments"]] == [a.unit for a in doc.assignments]
    assert [t["text"] for t in data["tasks"]] == [t.text for t in doc.tasks]
    for a in data["assignments"]:
        assert text[a["start"] : a["end"]] == a["unit"]
    for t in data["tasks"]:
        assert text[t["start"] : t["end"]] == t["text"]
        assert text[t["annotation"]["start"] : t["annotation"]["end"]] == t["annotation"]["text"]
    assert data["source"] == doc.source


def check_csv(out: str, doc: parser.Document) -> None:
    """``out`` reads back as the assignment table, no cell starting a formula, the unit and
    task cells equal to the model's strings once the escaping quote is taken off."""
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + len(doc.assignments)
    for row in rows:
        assert len(row) == len(CSV_COLUMNS)
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    tasks = {t.id: t for t in doc.tasks}
    for row, a in zip(rows[1:], doc.assignments):
        record = dict(zip(CSV_COLUMNS, row))
        assert (int(record["start"]), int(record["end"])) == (a.start, a.end)
        for column, value in (("unit", a.unit), ("task", tasks[a.task].text if a.task else "")):
            cell = record[column]
            assert cell.startswith("'") == value.startswith(FORMULA_START)
            assert (cell[1:] if value.startswith(FORMULA_START) else cell) == value


def test_hostile_strings_give_json_and_csv_that_read_back():
    doc = parse_checked(HOSTILE)
    check_json(to_json(doc), doc)
    check_csv(to_csv(doc), doc)
    escaped = [row[2] for row in csv.reader(io.StringIO(to_csv(doc), newline="")) if row[2].startswith("'")]
    assert len(escaped) >= 4  # =HYPERLINK… +市局 -市局 @市局


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> Path:
    """The hostile text as a file, without its NUL: a file holding NUL bytes is refused as
    binary (see test_a_file_that_is_not_text_is_a_one_line_error)."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.txt"
    path.write_bytes(HOSTILE.replace("\x00", "").encode("utf-8"))
    return path


def test_hostile_strings_through_parse_give_json_that_loads_back(hostile_file):
    run = fengong("parse", str(hostile_file))
    assert run.returncode == 0, run.stderr.decode()
    check_json(run.stdout.decode("utf-8"), parser.parse_file(hostile_file))


def test_hostile_strings_through_parse_give_csv_without_formulas(hostile_file):
    run = fengong("parse", str(hostile_file), "--format", "csv")
    assert run.returncode == 0, run.stderr.decode()
    check_csv(run.stdout.decode("utf-8"), parser.parse_file(hostile_file))


def _on_a_terminal(*args: str) -> bytes:
    """What ``fengong ARGS`` shows on a terminal: its standard output is a pseudo-terminal."""
    import pty

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    main, tty = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "fengong", *args], cwd=ROOT, stdout=tty,
                                stderr=subprocess.DEVNULL, env=env)
    finally:
        os.close(tty)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert proc.wait(timeout=60) == 0
    return shown


def test_a_terminal_is_shown_a_documents_control_characters_as_escapes(tmp_path):
    """An ESC in a plan starts the sequences that clear a screen or retitle a window, and a bidi
    override reorders what follows it: printed to a terminal they show as escapes (as ``ls``
    shows file names), while a pipe gets the text exactly as it is, for other programs."""
    path = tmp_path / "plan.txt"
    path.write_text("一、任务\n（一）做好\x1b]0;pwned\x07工作\u202e（牵头单位：市发改委）。\n", encoding="utf-8")
    # (JSON writes the controls as its own escapes already, and the bidi override as it is)
    for fmt, escaped in [("csv", b"\\x1b]0;pwned\\x07"), ("json", b"\\u001b]0;pwned\\u0007")]:
        shown = _on_a_terminal("parse", str(path), "--format", fmt)
        assert b"\x1b" not in shown and b"\x07" not in shown and "\u202e".encode() not in shown, fmt
        assert escaped in shown and b"\\u202e" in shown and "市发改委".encode() in shown, fmt
    piped = fengong("parse", str(path), "--format", "csv")
    assert b"\x1b]0;pwned\x07" in piped.stdout and "\u202e".encode() in piped.stdout


def test_a_file_name_that_is_not_utf8(tmp_path):
    path = tmp_path / os.fsdecode("分工".encode("gbk") + b".txt")  # a GBK name unpacked on Linux
    path.write_text("一、任务\n(一)做好工作(牵头单位:市发改委)\n(三)做好工作\n", encoding="utf-8")
    run = fengong("parse", str(path))
    assert run.returncode == 0, run.stderr.decode()
    check_json(run.stdout.decode("utf-8"), parser.parse_file(path))
    lint = fengong("lint", str(path))
    out = lint.stdout.decode("utf-8")
    assert lint.returncode == 0 and out.count("\n") == 1 and out.startswith(f"{tmp_path}/\\udcb7"), out


def test_lint_prints_one_line_per_diagnostic_whatever_the_text(tmp_path):
    path = tmp_path / "lint.txt"
    path.write_text("一、任务\n(一)做好工作〔请\n市发改委研究后牵头〕。\n(二)做好〔\u202e牵头 x〕\n(四)做好(牵头单位:x\u2028)\n",
                    encoding="utf-8")
    run = fengong("lint", str(path))
    out = run.stdout.decode("utf-8")
    doc = parser.parse_file(path)
    assert len(doc.diagnostics) >= 3
    assert out.count("\n") == len(doc.diagnostics), out
    for line in out.splitlines():
        assert line.startswith(f"{path}:")
        assert not [c for c in line if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")], repr(line)


def strict_json(text: str):
    """JSON as a strict reader takes it: no NaN or Infinity, which Python writes by default."""
    def refuse(name: str):
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_a_number_too_large_for_a_float_still_gives_valid_json():
    doc = parse_checked("一、任务\n(一)产值达到" + "9" * 400 + "亿元,增长" + "9" * 400 + "%(牵头单位:市发改委)。\n")
    data = strict_json(to_json(doc))
    assert data["assignments"][0]["unit"] == "市发改委"
    assert all(t["value"] is None or t["value"] < float("inf") for t in data["targets"])


def test_csv_of_the_main_document_has_no_formula_cells():
    rows = list(csv.reader(io.StringIO(to_csv(parser.parse_file(SOURCE)), newline="")))
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_START)]


# ---------------------------------------------------------------------------------------------
# output paths


HOSTILE_TITLES = ["../../etc/passwd", "/etc/passwd", "..", ".", "", "a/../../b", "C:\\Windows\\win.ini",
                  "\x00", "荆门市/../../方案", "~/.ssh/authorized_keys", "\u202etxt.exe", "..\\..\\x", " ", "-rf"]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_output_names_from_titles_stay_in_the_output_folder(tmp_path, title):
    from fengong.build import safe_name

    name = safe_name(title)
    assert name and name not in (".", "..") and "/" not in name and "\\" not in name and "\x00" not in name
    target = (tmp_path / f"{name}.json").resolve()
    assert target.parent == tmp_path.resolve()


def test_an_output_name_from_a_long_title_can_be_written(tmp_path):
    from fengong.build import safe_name
    from fengong.parser.io import atomic_write_text

    name = safe_name("荆门市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要任务分工方案" * 10)
    path = atomic_write_text(tmp_path / f"{name}.assignments.csv", "x")
    assert path.read_text() == "x" and path.parent == tmp_path


def test_an_unwritable_output_folder_is_an_error_before_any_work(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    missing = tmp_path / "missing.txt"  # reading it would fail: the folder must be checked first
    run = fengong("build", str(missing), "-o", str(blocker / "out"))
    err = assert_one_line_error(run, blocker / "out")
    assert "not writable" in err and "missing.txt" not in err


def test_hostile_strings_give_turtle_and_nquads_that_read_back():
    from rdflib import Dataset, Graph

    from fengong.graph.build import to_networkx
    from fengong.graph.rdf import FG, to_rdf, union_graph
    from fengong.graph.rdf_writers import to_nquads, to_turtle

    docs = [parser.parse(HOSTILE, source="hostile.txt")]
    ds = to_rdf(docs, to_networkx(docs))
    written = {str(o) for o in union_graph(ds).objects(None, FG.asWritten)}
    assert set(HOSTILE_UNITS) <= written  # the strings reached the RDF: the test means something
    expected = {(s, p, o) for s, p, o, _ in ds.quads()}
    assert set(Graph().parse(data=to_turtle(docs, to_networkx(docs)), format="turtle")) == expected
    back = Dataset()
    back.parse(data=to_nquads(docs, to_networkx(docs)), format="nquads")
    assert {(s, p, o) for s, p, o, _ in back.quads()} == expected
