"""One parametrised test over the fixture files in tests/fixtures/: each case is a name line,
then the input and the expected dump (see fixture_dump.py), each opened and closed by a line
holding a single “.” — as markdown-it-py keeps its fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from fengong import parser
from fixture_dump import dump
from model_checks import check_assignment_order

FIXTURES = Path(__file__).parent / "fixtures"


def read_cases(path: Path):
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].strip() or lines[i].startswith("#"):
            i += 1
            continue
        name = lines[i]
        assert lines[i + 1] == ".", f"{path.name}:{i + 2}: expected '.'"
        j = lines.index(".", i + 2)
        k = lines.index(".", j + 1)
        yield pytest.param("\n".join(lines[i + 2 : j]) + "\n", "\n".join(lines[j + 1 : k]) + "\n",
                           id=f"{path.stem}:{i + 1}:{name}")
        i = k + 1


CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in read_cases(path)]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_fixture(text, expected):
    doc = parser.parse(text)
    assert dump(doc) == expected
    for obj in (*doc.sections, *doc.tasks, *doc.assignments):
        assert 0 <= obj.start <= obj.end <= len(text)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
def test_a_whole_fixture_file_keeps_its_assignments_in_document_order(path):
    """A fixture file read as one document repeats its numbering from case to case, so several
    tasks share an id (1.1#1 …): their assignments still follow the tasks in document order,
    not grouped under the last task with the id."""
    text = path.read_text(encoding="utf-8")
    doc = parser.parse(text)
    assert len({t.id for t in doc.tasks}) < len(doc.tasks)  # the case this test is about
    check_assignment_order(doc)
