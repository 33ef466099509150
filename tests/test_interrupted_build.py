"""A build killed mid-way leaves every output either as it was or as the new build writes it,
never half-written; the next build finishes and reuses the parses that were done."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import write_corpus  # noqa: E402


def build(inputs: Path, out: Path, *, session: bool = False) -> subprocess.Popen:
    """``fengong build INPUTS -o OUT --workers 2``, started; with ``session``, in a process
    group of its own (its workers too), which can be killed at once."""
    return subprocess.Popen([sys.executable, "-m", "fengong", "build", str(inputs), "-o", str(out), "--workers", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=session)


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def test_killed_build_leaves_old_or_new_outputs_and_resumes(tmp_path):
    inputs, out, fresh = tmp_path / "in", tmp_path / "out", tmp_path / "fresh"
    write_corpus(inputs, 12, seed=1)
    assert build(inputs, out).wait(timeout=600) == 0
    before = snapshot(out)
    write_corpus(inputs, 12, seed=2)  # the same files with new content: every output changes
    assert build(inputs, fresh).wait(timeout=600) == 0
    after = snapshot(fresh)

    started = time.time()
    proc = build(inputs, out)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        # kill it while it writes its outputs: once the first of them has been replaced
        if any(p.stat().st_mtime > started for p in out.iterdir() if p.is_file() and p.name in before):
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    middle = snapshot(out)
    assert any(middle[n] == after[n] != before[n] for n in before), "killed before writing anything"
    assert any(middle[n] == before[n] != after[n] for n in before), "killed after writing everything"
    for name, data in middle.items():
        if name.startswith("."):
            continue  # a temporary file of the killed writer, never an output's name
        assert data in (before.get(name), after.get(name)), f"{name} is neither the old nor the new output"
    assert set(before) <= set(middle)

    # the next build cleans up, reuses what was parsed, and writes the new outputs
    assert build(inputs, out).wait(timeout=600) == 0
    final = snapshot(out)
    assert not [n for n in final if n.startswith(".")]
    assert final == after


def small_corpus(folder: Path, seed: int, n: int = 20) -> None:
    """``n`` synthetic plans of about 300 characters each (a few tasks), the same names for
    every seed and new content for each."""
    from synth import _items, document

    folder.mkdir(parents=True, exist_ok=True)
    items, rng = _items(), random.Random(seed)
    for i in range(n):
        (folder / f"doc{i:02d}.txt").write_text(document(i, items, rng, size=300), encoding="utf-8")


def store_quads(out: Path, name: str = "corpus") -> int:
    """The quads of the store's named graphs: the N-Quads' (its default graph holds the vocabulary)."""
    import pyoxigraph

    from fengong.graph.sparql import open_rdf

    return sum(not isinstance(q.graph_name, pyoxigraph.DefaultGraph) for q in open_rdf(out / f"{name}.oxigraph"))


KILLS = 30


def test_a_build_killed_at_30_random_moments_resumes_each_time_to_the_clean_outputs(tmp_path):
    """A 20-document build is killed with SIGKILL at 30 moments drawn from a seeded generator,
    across the whole run (start-up, parsing, writing the cache, each output, the store), the
    inputs switched between two versions each time. After each kill every output is whole —
    as the build before wrote it, or as this one would; the build run again finishes, leaves
    no temporary file or folder, and writes exactly what a clean build writes. Half the kills
    take the whole process group; the others the build alone, leaving its worker processes
    to end by themselves while the next build runs."""
    rng = random.Random(19)
    inputs, out = tmp_path / "in", tmp_path / "out"
    versions = {}
    seconds = 0.0
    for seed in (2, 1):  # clean builds of each version of the inputs, in folders of their own
        small_corpus(inputs, seed)
        started = time.monotonic()
        assert build(inputs, tmp_path / f"clean{seed}").wait(timeout=600) == 0
        seconds = max(seconds, time.monotonic() - started)
        versions[seed] = snapshot(tmp_path / f"clean{seed}")
    assert build(inputs, out).wait(timeout=600) == 0
    current, mixed, leftovers = 1, 0, 0
    for kill in range(KILLS):
        target = 3 - current
        small_corpus(inputs, target)
        if rng.random() < 0.3:  # no cache: the killed build parses, and writes the cache
            shutil.rmtree(out / ".fengong-cache", ignore_errors=True)
        proc = build(inputs, out, session=True)
        time.sleep(rng.uniform(0.1, 1.1 * seconds))
        if rng.random() < 0.5:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        middle = snapshot(out)
        for name, data in middle.items():
            if not name.startswith("."):
                assert data in (versions[current].get(name), versions[target].get(name)), (kill, name)
        new = {n for n in middle if middle[n] == versions[target].get(n) != versions[current].get(n)}
        old = {n for n in middle if middle[n] == versions[current].get(n) != versions[target].get(n)}
        mixed += bool(new and old)
        leftovers += any(p.name.endswith(".tmp") for p in out.iterdir())

        rerun = build(inputs, out)
        assert rerun.wait(timeout=600) == 0, (kill, rerun.stderr.read().decode())
        final = snapshot(out)
        assert final == versions[target], kill
        assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".fengong-cache"], kill
        assert not [p for p in (out / ".fengong-cache").iterdir() if p.name.startswith(".")], kill
        assert store_quads(out) == final["corpus.nq"].count(b"\n"), kill
        current = target
    assert mixed >= 1, "no kill fell while the outputs were being written"
    print(f"{KILLS} kills, {mixed} mid-way through the outputs, {leftovers} leaving temporaries behind")
