"""Properties of the parser on mutated real documents (issue 8), with hypothesis.

The documents are the main one and the seven of the development corpus, whole or a window
of them, with characters inserted, deleted and swapped, brackets dropped and lines moved or
shuffled. Whatever comes of that, the parser does not raise, every offset it reports lies
in the text and points at the string it reports, and it reads the same text the same way
every time.

Under CI (``CI`` set) each test runs its full number of examples, 11,000 in all, with a
fixed seed (``derandomize``) so that a failure there is reproduced by running the same
command; elsewhere a tenth of them, from a random seed, so that runs on a desk keep
exploring.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fengong import parser
from model_checks import check_document
from fengong.parser.errors import InputError
from fengong.parser.export import CSV_COLUMNS, to_csv, to_json

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "corpus" / "source.txt", *sorted((ROOT / "tests" / "corpus").glob("*.txt"))]
TEXTS = [path.read_text(encoding="utf-8") for path in DOCUMENTS]

CI = bool(os.environ.get("CI"))
#: examples per test under CI; the total is checked by test_at_least_10000_examples_in_ci
EXAMPLES = {"offsets": 5000, "deterministic": 2000, "files": 1500, "exports": 1500, "names": 1000}


def run(kind: str) -> settings:
    """The settings of one property test: its examples, all of them under CI, derandomized there."""
    n = EXAMPLES[kind] if CI else max(EXAMPLES[kind] // 10, 50)
    return settings(max_examples=n, deadline=None, derandomize=CI, database=None if CI else settings.default.database,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


BRACKETS = "()（）[]［］〔〕【】"
#: what gets inserted: the characters the rules turn on, and hostile ones
NOISE = (BRACKETS + "、，,;；:：。.．\n\r \t\u3000一二三四五六十0123456789①②"
         + "牵头单位责任配合负责指导市局委办等及和年月底到达以上" + "\u202e\u200b\x00\ufeff\u2028\ud800")
noise = st.one_of(st.text(alphabet=NOISE, min_size=1, max_size=6), st.text(min_size=1, max_size=3))


@st.composite
def mutated_documents(draw) -> str:
    """A real document, whole or a window of it, mutated a few times."""
    text = draw(st.sampled_from(TEXTS))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(text)))
        text = text[start : draw(st.integers(start, min(len(text), start + 3000)))]
    for op in draw(st.lists(st.sampled_from(["insert", "delete", "swap", "bracket", "move", "shuffle"]), max_size=10)):
        n = len(text)
        if op == "insert":
            i = draw(st.integers(0, n))
            text = text[:i] + draw(noise) + text[i:]
        elif op == "delete" and n:
            i = draw(st.integers(0, n - 1))
            text = text[:i] + text[i + draw(st.integers(1, 40)) :]
        elif op == "swap" and n >= 2:
            i, j = sorted((draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))))
            if i < j:
                text = text[:i] + text[j] + text[i + 1 : j] + text[i] + text[j + 1 :]
        elif op == "bracket":
            at = [i for i, ch in enumerate(text) if ch in BRACKETS]
            if at:
                i = at[draw(st.integers(0, len(at) - 1))]
                text = text[:i] + text[i + 1 :]
        elif op == "move":
            lines = text.split("\n")
            line = lines.pop(draw(st.integers(0, len(lines) - 1)))
            lines.insert(draw(st.integers(0, len(lines))), line)
            text = "\n".join(lines)
        elif op == "shuffle":
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(i, min(len(lines), i + 12)))
            lines[i:j] = draw(st.permutations(lines[i:j]))
            text = "\n".join(lines)
    return text


@run("offsets")
@given(mutated_documents())
def test_mutated_documents_parse_with_every_offset_in_place(text):
    doc = parser.parse(text, source="mutated.txt")
    check_document(doc, text)


@run("deterministic")
@given(mutated_documents())
def test_parsing_is_deterministic(text):
    first, second = parser.parse(text), parser.parse(text)
    assert first == second
    assert to_json(first) == to_json(second)
    assert to_csv(first) == to_csv(second)
    strict_json(to_json(first))


def strict_json(text: str):
    """JSON as a strict reader takes it: no NaN or Infinity, which Python writes by default."""
    def refuse(name: str):
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@st.composite
def mutated_files(draw) -> bytes:
    """A real document's bytes (UTF-8, GB18030 or UTF-16), bytes inserted, deleted or cut off."""
    text = draw(st.sampled_from(TEXTS))
    start = draw(st.integers(0, len(text)))
    text = text[start : start + 2000]
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"])))
    for op in draw(st.lists(st.sampled_from(["insert", "delete", "cut"]), max_size=4)):
        i = draw(st.integers(0, len(data)))
        if op == "insert":
            data = data[:i] + draw(st.binary(min_size=1, max_size=4)) + data[i:]
        elif op == "delete":
            data = data[:i] + data[i + draw(st.integers(1, 4)) :]
        else:
            data = data[:i]
    return data


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("files")


@run("files")
@given(data=mutated_files(), suffix=st.sampled_from([".txt", ".docx", ".html", ".pdf", ""]))
def test_reading_a_broken_file_raises_nothing_but_input_error(scratch, data, suffix):
    path = scratch / f"doc{suffix}"
    path.write_bytes(data)
    try:
        doc = parser.parse_file(path)
    except InputError as exc:
        assert exc.path == str(path)
        assert str(path) in str(exc)
        return
    check_document(doc, doc.text)


#: a unit name: any characters but those that end a unit list or an annotation
unit_names = st.text(st.characters(blacklist_characters="、,，;；:：。()（）[]［］〔〕【】\n\r", blacklist_categories=("Cs",)),
                     min_size=1, max_size=12)


@run("exports")
@given(st.lists(unit_names, min_size=1, max_size=4), st.text(max_size=20))
def test_exports_of_any_unit_names_read_back(names, task):
    text = f"一、任务\n(一){task.replace(chr(10), '')}(牵头单位:{'、'.join(names)})。\n"
    doc = parser.parse(text)
    check_document(doc, text)
    data = strict_json(to_json(doc))
    assert [a["unit"] for a in data["assignments"]] == [a.unit for a in doc.assignments]
    rows = list(csv.reader(io.StringIO(to_csv(doc), newline="")))
    assert rows[0] == list(CSV_COLUMNS) and len(rows) == 1 + len(doc.assignments)
    for row, a in zip(rows[1:], doc.assignments):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
        unit = row[CSV_COLUMNS.index("unit")]
        assert (unit[1:] if a.unit.startswith(("=", "+", "-", "@", "\t", "\r")) else unit) == a.unit


@run("names")
@given(st.text())
def test_output_names_never_leave_the_output_folder(title):
    from fengong.build import safe_name

    name = safe_name(title)
    assert name and name not in (".", "..")
    assert not set(name) & {"/", "\\", "\x00"}
    assert Path("/out", f"{name}.json").parent == Path("/out")


def test_at_least_10000_examples_in_ci():
    assert sum(EXAMPLES.values()) >= 10_000
