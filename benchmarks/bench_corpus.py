"""``fengong build`` as a user runs it: the main job, synthetic corpora, and one long document.

Every measurement runs the command in a subprocess (``python -m fengong …``), with every
default output, and reports its wall time, the peak memory of the whole process tree (the
build, its worker processes and the process that loads the store: the sum of their
proportional set sizes, sampled every 50 ms, so memory two processes share counts once) and
the bytes written per output. Parts, each optional:

``--main``
    ``fengong parse corpus/source.txt`` against ``fengong build corpus/source.txt`` into a new
    folder (a first build) and into the same folder again (the parse then comes from the
    cache), alternated, ``--repeat`` times. Target: the build within 4× the parse.
``--sizes N …``
    a corpus of N synthetic plans (``benchmarks/synth.py``, about 11,500 characters each, each
    from its own jurisdiction) built into a new folder. Targets: 1,000 plans under 60 s and
    2 GB; 5,000 within 5.5× the time of 1,000.
``--chars N …``
    one synthetic plan of N characters of prose. Target: 4,000,000 within 5× the time of
    1,000,000.

``--args='…'`` adds options to every ``fengong build`` (``--args='--rdf ttl,jsonld'``, to
compare like with like where a default output depends on the size).

The machine is shared: check ``uptime`` first, and compare numbers of one run. Run, e.g.:
``python benchmarks/bench_corpus.py --main --repeat 5 --sizes 1000 5000 --chars 1000000 4000000``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _children() -> dict[int, list[int]]:
    """parent pid → child pids, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_mb(root: int) -> float:
    """The proportional set size of ``root`` and all its descendants, in MB."""
    tree, todo, total = _children(), [root], 0
    while todo:
        pid = todo.pop()
        total += _pss_kb(pid)
        todo += tree.get(pid, [])
    return total / 1024


def run(args: list[str], cwd: Path = ROOT) -> dict:
    """Run ``python -m fengong ARGS``: wall seconds, peak MB of its process tree, exit status."""
    peak = 0.0
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "fengong", *args], cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss_mb(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"fengong {' '.join(args)} exited {process.returncode}:\n{err.decode('utf-8', 'replace')}")
    return {"wall": wall, "peak_mb": peak, "stderr": err.decode("utf-8", "replace")}


def output_bytes(outdir: Path) -> dict[str, int]:
    """Bytes written per kind of output: per-document files summed by suffix, combined files
    by name, the store folder as a whole."""
    sizes: dict[str, int] = {}
    for path in sorted(outdir.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            key, size = path.name, sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        else:
            key, size = path.name, path.stat().st_size
            if path.name.startswith("doc") and path.name[3:8].isdigit():  # a synthetic corpus's own files
                key = "doc*" + "".join(path.suffixes)
        sizes[key] = sizes.get(key, 0) + size
    return sizes


def show_bytes(sizes: dict[str, int]) -> str:
    total = sum(sizes.values())
    parts = ", ".join(f"{k} {v / 1e6:,.1f}" for k, v in sorted(sizes.items(), key=lambda kv: -kv[1]))
    return f"{total / 1e6:,.1f} MB written ({parts})"


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} (min {min(values):.3f}, max {max(values):.3f}, n={len(values)})"


#: options added to every ``fengong build`` (--args)
EXTRA: list[str] = []


def main_job(repeat: int) -> None:
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    parse, first, again, ratios, ratios_again = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeat):
            p = run(["parse", "corpus/source.txt"])["wall"]
            b = run(["build", "corpus/source.txt", "-o", f"{tmp}/new{i}", *EXTRA])
            a = run(["build", "corpus/source.txt", "-o", f"{tmp}/new{i}", *EXTRA])
            parse.append(p)
            first.append(b["wall"])
            again.append(a["wall"])
            ratios.append(b["wall"] / p)
            ratios_again.append(a["wall"] / p)
        sizes = output_bytes(Path(tmp) / "new0")
    print(f"fengong parse corpus/source.txt: {spread(parse)} s")
    print(f"fengong build corpus/source.txt, new folder: {spread(first)} s; build/parse {spread(ratios)}")
    print(f"fengong build corpus/source.txt, again: {spread(again)} s; build/parse {spread(ratios_again)}")
    print(f"main job: {show_bytes(sizes)}")
    print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)


def corpus(sizes: list[int]) -> None:
    from synth import write_corpus

    times = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_corpus(Path(tmp) / "in", n)
            chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
            load = os.getloadavg()[0]
            result = run(["build", str(Path(tmp) / "in"), "-o", str(Path(tmp) / "out"), *EXTRA])
            times[n] = result["wall"]
            notes = [line for line in result["stderr"].splitlines() if line.startswith("fengong:")]
            if EXTRA:
                notes.insert(0, f"fengong build … {' '.join(EXTRA)}")
            print(f"{n} plans ({chars / n:,.0f} characters each; load average {load:.2f}): "
                  f"{result['wall']:.1f} s, peak {result['peak_mb']:,.0f} MB; "
                  f"{show_bytes(output_bytes(Path(tmp) / 'out'))}" + "".join(f"\n  {note}" for note in notes), flush=True)
    ordered = sorted(times)
    for small, large in zip(ordered, ordered[1:]):
        print(f"{large} plans / {small} plans: {times[large] / times[small]:.2f}× the time for "
              f"{large / small:.1f}× the plans")


def long_text(size: int, seed: int = 0) -> str:
    """One plan of about ``size`` characters: the head of a synthetic plan (benchmarks/synth.py),
    then up to 99 parts (一、 … 九十九、) of numbered items (1. 2. …), each a task of the main
    document or the development corpus with its annotation rewritten as real plans write them."""
    import random

    from synth import _annotate, _items, city

    from fengong.parser.inputs import _chinese_counting

    items, rng = _items(), random.Random(seed)
    name = city(0)
    parts = [f"各县、市、区人民政府,{name}政府各部门:\n{name}人民政府办公室\n2022年3月1日\n{name}重点任务分工方案\n"]
    length, top, n = len(parts[0]), 0, 0
    per_part = max(1, size // (99 * 100))
    while length < size:
        if top < 99 and (top == 0 or n >= per_part):
            top, n = top + 1, 0
            parts.append(f"{_chinese_counting(top)}、第{top}部分重点任务\n")
        text, lead, other = rng.choice(items)
        note = _annotate(rng, lead, other)
        n += 1
        line = f"{n}.{text}{note}{'' if note.endswith('。') else '。'}\n"
        parts.append(line)
        length += len(line)
    return "".join(parts)


def long_document(lengths: list[int]) -> None:
    times = {}
    for n in lengths:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "long.txt"
            path.write_text(long_text(n), encoding="utf-8")
            chars = len(path.read_text(encoding="utf-8"))
            result = run(["build", str(path), "-o", str(Path(tmp) / "out"), *EXTRA])
            times[n] = result["wall"]
            print(f"one plan of {chars:,} characters: {result['wall']:.1f} s, peak {result['peak_mb']:,.0f} MB; "
                  f"{show_bytes(output_bytes(Path(tmp) / 'out'))}", flush=True)
    ordered = sorted(times)
    for small, large in zip(ordered, ordered[1:]):
        print(f"{large:,} / {small:,} characters: {times[large] / times[small]:.2f}× the time for "
              f"{large / small:.1f}× the text")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--main", action="store_true", help="the main job against fengong parse")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the main job (default 5)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[], help="synthetic corpora of N plans")
    parser.add_argument("--chars", type=int, nargs="*", default=[], help="one synthetic plan of N characters")
    parser.add_argument("--args", default="", help="options added to every fengong build")
    ns = parser.parse_args()
    EXTRA += ns.args.split()
    if not (ns.main or ns.sizes or ns.chars):
        parser.error("give --main, --sizes N … or --chars N …")
    if ns.main:
        main_job(ns.repeat)
    if ns.chars:
        long_document(ns.chars)
    if ns.sizes:
        corpus(ns.sizes)
