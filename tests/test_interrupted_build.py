"""A build killed mid-way leaves every output either as it was or as the new build writes it,
never half-written; the next build finishes and reuses the parses that were done."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import write_corpus  # noqa: E402


def build(inputs: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "fengong", "build", str(inputs), "-o", str(out), "--workers", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


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
