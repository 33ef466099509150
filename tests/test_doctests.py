"""The examples in the docstrings of fengong.parser, fengong.graph and fengong run as written,
imported by the names a user imports them by (pyproject.toml maps parser/ and graph/ to
fengong.parser and fengong.graph)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import fengong

PACKAGES = ("fengong", "fengong.parser", "fengong.parser.readers", "fengong.graph", "fengong.commands")


def module_names() -> list[str]:
    names = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        names.append(package)
        names += [f"{package}.{info.name}" for info in pkgutil.iter_modules(module.__path__)
                  if not info.ispkg and info.name != "__main__"]
    return sorted(set(names))


def test_the_modules_are_found():
    names = module_names()
    assert {"fengong.parser.core", "fengong.graph.rdf", "fengong.build"} <= set(names)


@pytest.mark.parametrize("name", module_names())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    failures = []
    for test in finder.find(module, name):
        result = runner.run(test, out=failures.append)
        del result
    assert runner.failures == 0, "".join(failures)
    assert fengong.__version__
