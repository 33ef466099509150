"""`fengong build` over one document and over a corpus: outputs, failures, cache, scoping."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fengong import parser
from fengong.build import build, expand_paths

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus"


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_main_job_writes_every_output(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the input is recorded relative to the working directory, however it was spelt
    report = build([str(ROOT / "corpus" / "source.txt")], tmp_path, workers=1)
    names = {p.name for p in report.written}
    for suffix in (".txt", ".json", ".assignments.csv", ".summary.csv", ".units.csv", ".centrality.csv", ".gexf",
                   ".graphml", ".ttl", ".nq", ".jsonld", ".html"):
        assert f"source{suffix}" in names, suffix
    assert (tmp_path / "source.txt").read_text(encoding="utf-8") == (ROOT / "corpus" / "source.txt").read_text(
        encoding="utf-8")
    summary = read_csv(tmp_path / "source.summary.csv")
    assert summary == [{"file": "corpus/source.txt", "key": "source", "status": "ok", "error": "",
                        "sections": "106", "tasks": "157", "assignments": "723",  # 151 lead, 412 responsible, 156 implicit, 4 prose
                        "diagnostics": str(len(parser.parse_file(ROOT / "corpus" / "source.txt").diagnostics)),
                        "coverage": "1.000"}]  # every place that looks like an assignment was read


def test_outputs_are_byte_identical_across_builds(tmp_path):
    build([str(ROOT / "corpus" / "source.txt")], tmp_path / "a", workers=1, cache=False)
    build([str(ROOT / "corpus" / "source.txt")], tmp_path / "b", workers=1, cache=False)
    files = sorted(p.name for p in (tmp_path / "a").iterdir() if p.is_file())
    assert files
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_corpus_build_skips_a_bad_file_and_reports_it(tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    for name in ("01_guofa-2018-39-jiuye.txt", "05_guangzhou-2012-rencai-jiju-633.txt"):
        shutil.copy(CORPUS / name, docs / name)
    (docs / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out = subprocess.run([sys.executable, "-m", "fengong", "build", str(docs), "-o", str(tmp_path / "out"),
                          "--workers", "2"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert f"{docs / 'picture.txt'}: not a text file: it looks like a PNG image" in out.stderr
    assert "1 of 3 documents failed" in out.stderr
    assert "parsing" not in out.stderr  # no progress bar when stderr is not a terminal
    summary = {row["key"] or row["file"]: row["status"] for row in read_csv(tmp_path / "out" / "corpus.summary.csv")}
    assert summary == {"01_guofa-2018-39-jiuye": "ok", "05_guangzhou-2012-rencai-jiju-633": "ok",
                       str(docs / "picture.txt"): "failed"}
    for suffix in (".units.csv", ".centrality.csv", ".nq", ".html", ".gexf"):
        assert (tmp_path / "out" / f"corpus{suffix}").exists()


def test_resumed_build_reuses_finished_parses(tmp_path):
    source = str(ROOT / "corpus" / "source.txt")
    first = build([source], tmp_path, workers=1, graph=False)
    second = build([source], tmp_path, workers=1, graph=False)
    assert [o.cached for o in first.outcomes] == [False]
    assert [o.cached for o in second.outcomes] == [True]
    assert second.outcomes[0].doc == first.outcomes[0].doc


def test_a_document_that_takes_too_long_is_skipped(tmp_path, monkeypatch):
    real = parser.parse

    def slow(text, **kwargs):
        if "慢" in text:
            time.sleep(5)
        return real(text, **kwargs)

    monkeypatch.setattr(parser, "parse", slow)
    (tmp_path / "slow.txt").write_text("一、慢\n(一)做好工作(牵头单位:市发改委)。\n", encoding="utf-8")
    (tmp_path / "fast.txt").write_text("一、快\n(一)做好工作(牵头单位:市发改委)。\n", encoding="utf-8")
    report = build([str(tmp_path / "slow.txt"), str(tmp_path / "fast.txt")], tmp_path / "out", workers=1,
                   timeout=0.5, graph=False, cache=False)
    assert [(o.path.name, o.error) for o in report.failed] == [("slow.txt", "timed out after 0.5 s")]
    assert (tmp_path / "out" / "fast.json").exists()


def test_paths_files_folders_and_globs(tmp_path):
    (tmp_path / "a").mkdir()
    for name in ("x.txt", "y.docx", "z.png"):
        (tmp_path / "a" / name).write_bytes(b"")
    got = expand_paths([str(tmp_path / "a"), str(tmp_path / "a" / "*.txt"), str(tmp_path / "a" / "z.png")])
    assert [p.name for p in got] == ["x.txt", "y.docx", "z.png"]
    with pytest.raises(parser.FengongError):
        expand_paths([str(tmp_path / "nothing-*.txt")])


def test_two_cities_departments_stay_two_units(tmp_path):
    plan = "{city}人民政府办公室\n2021年1月1日\n{city}某某工作方案\n一、任务\n(一)做好工作(牵头单位:市发改委)。\n"
    for city in ("荆门市", "宜昌市"):
        (tmp_path / f"{city}.txt").write_text(plan.format(city=city), encoding="utf-8")
    build([str(tmp_path / "荆门市.txt"), str(tmp_path / "宜昌市.txt")], tmp_path / "out", workers=1)
    rows = read_csv(tmp_path / "out" / "corpus.units.csv")
    fgw = [row for row in rows if "发展和改革委员会" in "".join(row.values()) or "市发改委" in row.values()]
    assert len(fgw) == 2


def test_a_document_with_no_task_division_structure_is_built_reported_and_fails_the_build(tmp_path):
    """A cover notice copied without its plan: every output is written, the summary shows it,
    standard error names it and the exit status is 1."""
    docs = tmp_path / "in"
    docs.mkdir()
    for name in ("01_guofa-2018-39-jiuye.txt", "27_hangzhou-2020-zfgzbg-zeren-fenjie_notice.txt"):
        shutil.copy(CORPUS / name, docs / name)
    out = subprocess.run([sys.executable, "-m", "fengong", "build", str(docs), "-o", str(tmp_path / "out"),
                          "--workers", "1", "--rdf", ""], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    notice = docs / "27_hangzhou-2020-zfgzbg-zeren-fenjie_notice.txt"
    assert f"{notice}: no task-division structure found" in out.stderr
    assert "01_guofa" not in out.stderr
    rows = {row["key"]: row for row in read_csv(tmp_path / "out" / "corpus.summary.csv")}
    assert rows["27_hangzhou-2020-zfgzbg-zeren-fenjie_notice"]["status"] == "ok"
    assert rows["27_hangzhou-2020-zfgzbg-zeren-fenjie_notice"]["sections"] == "0"
    for suffix in (".json", ".assignments.csv"):
        assert (tmp_path / "out" / f"27_hangzhou-2020-zfgzbg-zeren-fenjie_notice{suffix}").exists()
    assert (tmp_path / "out" / "corpus.html").exists()


def test_summary_coverage_is_the_share_of_what_looks_like_an_assignment_that_was_read(tmp_path):
    (tmp_path / "plan.txt").write_text(
        "一、任务\n(一)做好工作(牵头单位:市发改委)。\n各县市区人民政府、市直各有关单位\n(二)再做一件(市财政局牵头)。\n"
        "督促检查。协办单位:市审计局\n", encoding="utf-8")
    build([str(tmp_path / "plan.txt")], tmp_path / "out", workers=1, graph=False, cache=False)
    doc = parser.parse_file(tmp_path / "plan.txt")
    assert [d.code for d in doc.diagnostics if d.code.startswith("unread")] == ["unread-role-text"]
    assert read_csv(tmp_path / "out" / "plan.summary.csv")[0]["coverage"] == f"{3 / 4:.3f}"

