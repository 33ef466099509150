"""The README's examples run as shown: its two opening commands are the ones CI and a
newcomer use, and its Python examples run against the installed package."""

from __future__ import annotations

import os
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def indented_blocks(text: str) -> list[str]:
    """The README's code blocks: runs of lines indented by four spaces after a blank line."""
    return [regex.sub(r"(?m)^    ", "", m.group(1)).rstrip() for m in
            regex.finditer(r"(?:^|\n)\n((?:    .*\n|\n(?=    ))+)", text)]


def test_the_readme_starts_with_the_main_job_and_the_test_command():
    blocks = indented_blocks(README)
    assert blocks[0] == ("python3 -m venv .venv && .venv/bin/pip install -e . && "
                         ".venv/bin/fengong build corpus/source.txt")
    assert blocks[1] == "bash .ci/run"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test]'" in ci and "python -m pytest" in ci
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


def test_the_python_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    examples = [b for b in indented_blocks(README) if b.startswith(("from fengong", "import fengong"))]
    assert examples
    for code in examples:
        namespace: dict = {}
        exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
        if "lead" in namespace:
            assert len(namespace["lead"]) == 151
