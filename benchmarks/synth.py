"""Realistic synthetic corpora for the scale benchmark.

Each document is issued by its own jurisdiction (a made-up city: 北岭市, 南川市 … with a
number where the names run out) and recombines the numbered items of the main document and
of the development corpus, rewriting their annotations into the styles real plans use:
“(牵头单位:X;责任单位:Y)”, “(X牵头,Y配合)”, “(A、B负责)”, “(牵头单位:X,配合单位:Y)”, a bare
“牵头单位:…” line. A document is about 11,000 characters, like the main document.

``python benchmarks/synth.py OUTDIR N [--seed S]`` writes N documents into OUTDIR.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fengong import parser  # noqa: E402
from fengong.parser.inputs import _chinese_counting  # noqa: E402

_PREFIX = "北南东西中新安永长宁平泰广清丰兴昌临江河山"
_SUFFIX = "岭川阳州城原丘林泉水"
_CN = "一二三四五六七八九十"


def city(i: int) -> str:
    """A distinct made-up city name for document ``i``, written as real ones are: two
    characters and 市 for the first 210, then three, then four (no digits, which no city's
    name holds and which the jurisdiction rules rightly do not read as part of one).

    >>> city(0), city(1), city(210), len({city(i) for i in range(10000)})
    ('北岭市', '北川市', '北北岭市', 10000)
    """
    length = 1
    while i >= len(_PREFIX) ** length * len(_SUFFIX):
        i -= len(_PREFIX) ** length * len(_SUFFIX)
        length += 1
    i, last = divmod(i, len(_SUFFIX))
    front = ""
    for _ in range(length):
        i, r = divmod(i, len(_PREFIX))
        front = _PREFIX[r] + front
    return f"{front}{_SUFFIX[last]}市"


def _items() -> list[tuple[str, list[str], list[str]]]:
    """(task text, leads, others) of every annotation in the main document and the corpus."""
    items = []
    sources = [ROOT / "corpus" / "source.txt", *sorted((ROOT / "tests" / "corpus").glob("*.txt"))]
    for path in sources:
        doc = parser.parse_file(path)
        roles: dict[str, tuple[list[str], list[str]]] = {}
        for a in doc.assignments:
            if a.task and not a.implicit:
                lead, other = roles.setdefault(a.task, ([], []))
                (lead if a.role == "lead" else other).append(a.unit.replace("\n", ""))
        for task in doc.tasks:
            lead, other = roles.get(task.id, ([], []))
            text = task.text.replace("\n", "")
            if text and (lead or other):
                items.append((text, lead, other))
    return items


def _annotate(rng: random.Random, lead: list[str], other: list[str]) -> str:
    style = rng.randrange(5)
    lead = lead or other[:1]
    other = [u for u in other if u not in lead] or ["市政府有关部门"]
    if style == 0:
        return f"(牵头单位:{'、'.join(lead)};责任单位:{'、'.join(other)})"
    if style == 1:
        return f"({'、'.join(lead)}牵头,{'、'.join(other)}配合)"
    if style == 2:
        return f"({'、'.join(lead + other)}负责)"
    if style == 3:
        return f"（牵头单位：{'、'.join(lead)}，配合单位：{'、'.join(other)}）"
    return f"\n牵头单位:{'、'.join(lead)};责任单位:{'、'.join(other)}。"


def document(i: int, items, rng: random.Random, size: int = 11000) -> str:
    """The text of synthetic document ``i``."""
    name = city(i)
    head = (f"各县、市、区人民政府,{name}政府各部门:\n《{name}重点任务分工方案》已经市人民政府同意,现印发给你们,请认真贯彻执行。\n"
            f"{name}人民政府办公室\n2022年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日\n{name}重点任务分工方案\n")
    parts = [head]
    length, top = len(head), 0
    while length < size:
        top += 1
        parts.append(f"{_chinese_counting(top)}、第{top}部分重点任务\n")
        for sub in range(1, rng.randrange(3, 7)):
            text, lead, other = rng.choice(items)
            note = _annotate(rng, lead, other)
            line = f"({_CN[sub - 1]}){text}{note}{'' if note.endswith('。') else '。'}\n"
            parts.append(line)
            length += len(line)
            if length >= size:
                break
    return "".join(parts)


def write_corpus(outdir: Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` synthetic documents into ``outdir``; the same seed gives the same files."""
    outdir.mkdir(parents=True, exist_ok=True)
    items, rng, paths = _items(), random.Random(seed), []
    for i in range(n):
        path = outdir / f"doc{i:05d}.txt"
        path.write_text(document(i, items, rng), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("outdir", type=Path)
    args.add_argument("n", type=int)
    args.add_argument("--seed", type=int, default=0)
    ns = args.parse_args()
    print(len(write_corpus(ns.outdir, ns.n, ns.seed)), "documents written to", ns.outdir)
