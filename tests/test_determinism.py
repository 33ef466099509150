"""The same input gives byte-identical output across runs and across ``PYTHONHASHSEED``
values (issue 8): nothing in the output depends on the order of a set or a dict of strings."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from fengong import parser
from fengong.parser.export import to_csv, to_json

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpus" / "source.txt"
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))
SEEDS = ("0", "1", "random", "4294967295")


def run(seed: str, *args: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, env=env)
    assert out.returncode in (0, 1), out.stderr.decode()
    return out.stdout


@pytest.mark.parametrize("command", [("parse",), ("parse", "--format", "csv"), ("lint",)],
                         ids=["json", "csv", "lint"])
def test_fengong_output_is_byte_identical_across_hash_seeds(command):
    outputs = {seed: run(seed, "-m", "fengong", *command, "corpus/source.txt") for seed in SEEDS}
    outputs["random again"] = run("random", "-m", "fengong", *command, "corpus/source.txt")
    assert len(set(outputs.values())) == 1, [seed for seed in outputs if outputs[seed] != outputs["0"]]
    assert outputs["0"]


def test_the_command_writes_what_the_library_returns():
    doc = replace(parser.parse_file(SOURCE), source="corpus/source.txt")
    assert run("random", "-m", "fengong", "parse", "corpus/source.txt") == to_json(doc).encode("utf-8")
    assert run("random", "-m", "fengong", "parse", "corpus/source.txt", "--format", "csv") == to_csv(doc).encode(
        "utf-8")


#: prints the JSON and CSV of every document named on the command line
SCRIPT = """
import sys
from fengong import parser
from fengong.parser.export import to_csv, to_json
for path in sys.argv[1:]:
    doc = parser.parse_file(path)
    sys.stdout.buffer.write(to_json(doc).encode("utf-8") + to_csv(doc).encode("utf-8"))
"""


def test_every_corpus_document_reads_the_same_across_hash_seeds():
    paths = [str(p.relative_to(ROOT)) for p in CORPUS]
    outputs = {seed: run(seed, "-c", SCRIPT, *paths) for seed in SEEDS}
    assert len(set(outputs.values())) == 1, [seed for seed in outputs if outputs[seed] != outputs["0"]]
    docs = [replace(parser.parse_file(ROOT / path), source=path) for path in paths]
    assert outputs["0"] == b"".join((to_json(d) + to_csv(d)).encode("utf-8") for d in docs)
