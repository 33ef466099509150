"""`fengong lint --explain` says how a document was read; `parse` and `view` say so, and exit 1,
for a document with no task-division structure (`build`: tests/test_build.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus"


def fengong(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fengong", *args], cwd=ROOT, capture_output=True, text=True)


def test_lint_explain_says_where_the_plan_starts_and_what_was_read():
    path = CORPUS / "26_wucheng-2025-gaozhiliang-fazhan_partial_news.txt"
    run = fengong("lint", "--explain", str(path))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"{path}: how it was read"
    # the lead-in's three lines, the notice, the plan's title and preamble come before its first item
    assert "  plan: starts at line 13, after 12 lines of notice, title and preamble; " \
           "3 numbered, 附件 or lead-in lines before it read as notes" in lines
    assert "  numbering: 一、 level 1 ×1; (一) level 2 ×1" in lines
    assert "  annotations: 1 — in brackets ×1; roles from role verbs (X牵头,Y配合) ×1" in lines
    assert "  mentions: lead 1" in lines
    assert "  coverage: 100% (1 annotation read, 0 places not read)" in lines


def test_lint_explain_names_the_conventions_of_a_notice_and_its_labels_not_in_the_dialect(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("为抓好落实,制定本方案(列第一位的单位为牵头单位)。\n一、任务\n(一)甲。(市发改委、市财政局负责)\n"
                    "(二)乙。(协助单位:市审计局)\n", encoding="utf-8")
    run = fengong("lint", "--explain", str(path))
    assert "  conventions: first listed unit leads, “列第一位的单位为牵头单位” (line 1, the whole document)" in run.stdout
    assert "  mentions: lead 1, responsible 1, other 1 (labels not in the dialect: 协助单位)" in run.stdout
    assert "[label-unknown]" in run.stdout


def test_parse_and_view_of_a_notice_without_its_plan_say_so_and_exit_1(tmp_path):
    path = CORPUS / "27_hangzhou-2020-zfgzbg-zeren-fenjie_notice.txt"
    parse = fengong("parse", str(path))
    assert parse.returncode == 1 and parse.stdout.startswith("{")
    assert parse.stderr == f"fengong: error: {path}: no task-division structure found\n"
    view = fengong("view", str(path), "-o", str(tmp_path / "view.html"))
    assert view.returncode == 1 and (tmp_path / "view.html").exists()
    assert f"{path}: no task-division structure found" in view.stderr
