"""What a user installs: a wheel holding only fengong/… (parser/ and graph/ of the repository
install as fengong.parser and fengong.graph), with every library we import declared, and an
API that a notebook folder's own graph.py or parser.py cannot break."""

from __future__ import annotations

import ast
import importlib.metadata
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ("parser", "graph", "fengong")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    (path,) = out.glob("fengong-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_installs_only_the_fengong_namespace(wheel):
    names = wheel.namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"fengong", next(t for t in tops if t.endswith(".dist-info"))}, tops
    for needed in ("fengong/parser/core.py", "fengong/parser/dialects/default.toml", "fengong/graph/rdf.py",
                   "fengong/graph/data/units.toml", "fengong/graph/templates/view.js", "fengong/commands/build.py"):
        assert needed in names, needed
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_the_wheel_declares_what_the_code_imports(wheel):
    metadata = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    requires = [line.split(":", 1)[1].strip() for line in wheel.read(metadata).decode().splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line]
    declared = {req.split(">")[0].split("=")[0].split("[")[0].split(";")[0].strip().lower().replace("_", "-")
                for req in requires}
    assert {"jinja2", "markupsafe", "networkx", "regex", "rdflib", "pyvis"} <= declared
    imported = top_level_imports(module_level_only=True)
    distributions = importlib.metadata.packages_distributions()
    missing = set()
    for module in imported - set(sys.stdlib_module_names) - {"fengong"}:
        dists = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not dists & declared:
            missing.add(module)
    assert not missing, f"imported at module level but not declared in [project] dependencies: {missing}"


def test_lazy_imports_are_declared_somewhere():
    """A library imported inside a function is at least an optional dependency."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    every = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    declared = {r.split(">")[0].split("=")[0].split("[")[0].strip().lower().replace("_", "-") for r in every}
    # an extra that names a distribution of its own: dask[distributed] brings distributed
    declared |= {r.split("[")[1].split("]")[0].strip().lower() for r in every if "[" in r}
    distributions = importlib.metadata.packages_distributions()
    for module in top_level_imports(module_level_only=False) - set(sys.stdlib_module_names) - {"fengong"}:
        dists = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        assert dists & declared, module


def top_level_imports(module_level_only: bool) -> set[str]:
    found = set()
    for folder in CODE:
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            nodes = tree.body if module_level_only else list(ast.walk(tree))
            for node in nodes:
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    found.add(node.module.split(".")[0])
    return found


def test_nothing_imports_the_old_top_level_names():
    """Code, tests and benchmarks import fengong.parser and fengong.graph, never a top-level
    parser or graph (which would only resolve from the repository's root, and load a second
    copy of every module)."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        if any(part in (".venv", ".git", "build") for part in path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno}: {name}" for name in names
                          if name.split(".")[0] in ("parser", "graph")]
    assert not offenders


def test_a_notebook_folder_with_its_own_graph_and_parser_modules(tmp_path):
    """The folder a user works in may hold graph.py or parser.py; the API is unaffected."""
    (tmp_path / "graph.py").write_text("raise RuntimeError('the user graph.py was imported')\n", encoding="utf-8")
    (tmp_path / "parser.py").write_text("raise RuntimeError('the user parser.py was imported')\n", encoding="utf-8")
    script = ("from fengong import parser\n"
              "from fengong.graph.build import to_networkx\n"
              "doc = parser.parse('一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n')\n"
              "G = to_networkx([doc])\n"
              "print(sorted(d['type'] for _, d in G.nodes(data=True))[0])\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip()
