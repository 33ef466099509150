"""The README's database examples run as shown — Datasette (served, and asked without a
server), DuckDB through its sqlite scanner installed from PyPI (no download at run time) and
pandas.read_sql — on the database ``fengong build corpus/source.txt`` writes. They run in a
folder holding ``outputs/`` and a ``.venv`` that is this test's environment, as in a
checkout where the README's first command was run."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
import socket
import subprocess
import sys
import textwrap
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
import regex

from fengong.build import build
from test_readme import README, indented_blocks

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = [textwrap.dedent(b) for b in indented_blocks(README)]  # those in a list item are indented further


def block(start: str) -> str:
    (found,) = [b for b in BLOCKS if b.startswith(start)]
    return found


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A folder where the README's commands run: outputs/ from the main job, and .venv."""
    folder = tmp_path_factory.mktemp("checkout")
    build([str(ROOT / "corpus" / "source.txt")], folder / "outputs", workers=1, rdf_formats=[])
    (folder / ".venv").symlink_to(sys.prefix)
    return folder


def shell(folder: Path, command: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(folder)}
    return subprocess.run(command, shell=True, cwd=folder, capture_output=True, env=env, **kwargs)


def duckdb_example() -> tuple[str, str]:
    """The DuckDB example: its install command, and its Python."""
    install, _, code = block(".venv/bin/pip install duckdb").partition("\n\n")
    return install, code


def test_the_packages_the_readme_installs_are_those_the_tests_install():
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    pins = {regex.split(r"[=<>]", p)[0]: p for p in extra["test"]}
    for command in (block(".venv/bin/pip install datasette").splitlines()[0], duckdb_example()[0]):
        for package in shlex.split(command)[2:]:
            name = regex.split(r"[=<>]", package)[0]
            assert name in pins, name
            assert "==" not in package or pins[name] == package, package


def test_datasette_answers_without_a_server(checkout):
    run = shell(checkout, block(".venv/bin/datasette outputs/source.sqlite --metadata outputs/source.metadata.json --get"))
    assert run.returncode == 0, run.stderr.decode()
    rows = json.loads(run.stdout)
    assert [(r["name"], r["led"]) for r in rows] == top_led(checkout, 3)


def top_led(folder: Path, n: int) -> list[tuple[str, int]]:
    """The ``n`` units that lead most tasks, most first (then by name), from the unit table."""
    from fengong import parser
    from fengong.graph.build import to_networkx
    from fengong.graph.tables import unit_counts

    rows = unit_counts(to_networkx([parser.parse_file(folder / "outputs" / "source.txt")]))
    return sorted(((r["name"], r["led"]) for r in rows), key=lambda r: (-r[1], r[0]))[:n]


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_datasette_serves_the_database_with_chinese_and_english_titles(checkout):
    command = block(".venv/bin/pip install datasette").splitlines()[1]  # the serve line, as shown
    port = free_port()  # on a free port of this machine rather than 8001, which another may hold
    server = subprocess.Popen([*shlex.split(command), "--port", str(port)], cwd=checkout,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/source/tasks?_search=营商环境".replace(
                    "营商环境", "%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83"), timeout=5).read().decode("utf-8")
                break
            except OSError:
                assert time.monotonic() < deadline, "datasette did not start"
                time.sleep(0.5)
        assert "任务 Tasks" in page and "着力优化营商环境" in page
        views = urllib.request.urlopen(f"http://127.0.0.1:{port}/source/task_division.json?_shape=array&_size=1",
                                       timeout=10).read()
        assert json.loads(views)[0]["lead"] == "市发改委"
    finally:
        server.terminate()
        server.wait(timeout=30)


def run_python(folder: Path, code: str, monkeypatch) -> str:
    """Run a README Python block in ``folder`` (its HOME too, so that DuckDB installs its
    extension there) and return what it printed."""
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HOME", str(folder))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own README
    return out.getvalue()


def test_duckdb_reads_the_database_through_its_sqlite_scanner(checkout, monkeypatch):
    code = duckdb_example()[1]
    assert code.startswith("import duckdb")
    import duckdb

    # DuckDB shows a table itself; the example's query, fetched, is what it shows
    shown = []
    monkeypatch.setattr(duckdb.DuckDBPyRelation, "show", lambda self, **kw: shown.append(self.fetchall()))
    run_python(checkout, code, monkeypatch)
    assert shown == [top_led(checkout, 5)]
    assert list((checkout / ".duckdb" / "extensions").rglob("sqlite_scanner.duckdb_extension"))
    assert duckdb.sql("SELECT current_setting('allow_unsigned_extensions')").fetchone() == (False,)


def test_pandas_reads_the_views(checkout, monkeypatch):
    printed = run_python(checkout, block("import sqlite3"), monkeypatch)
    lines = printed.splitlines()
    assert lines[0].split() == ["name", "led", "responsible", "supported"]
    (name, led), = top_led(checkout, 1)
    assert lines[1].split()[1:3] == [name, str(led)]
