"""A build on a full disk: a one-line error, every output whole or as it was, nothing left
behind, and the next build (with room again) writes what a clean build writes.

The disk is a small tmpfs, mounted in a mount namespace of the test's own (``unshare``), so
that nothing outside the test sees it and it goes away with the test; as root that needs no
more than ``unshare -m``, elsewhere a user namespace (``unshare -rm``). ``ENOSPC`` there is
the kernel's own, raised wherever the build writes: the parse cache, each output, the
N-Quads scratch files of the worker processes, the Oxigraph store.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from test_interrupted_build import ROOT, small_corpus, snapshot

#: runs inside the namespace, the tmpfs mounted at DISK: for each amount of free space, the
#: old outputs put back, the disk filled to leave that much, the new inputs built, and what
#: the build left copied out to RESULTS/<free>; then the disk emptied and the build run again
DRIVER = r"""
import json, os, shutil, subprocess, sys
disk, inputs, old, results, frees = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
out, ballast = os.path.join(disk, "out"), os.path.join(disk, "ballast")
build = [sys.executable, "-m", "fengong", "build", inputs, "-o", out, "--workers", "2"]
report = {}
for free in frees + [None]:
    shutil.rmtree(out, ignore_errors=True)
    if os.path.exists(ballast):
        os.unlink(ballast)
    shutil.copytree(old, out)
    if free is not None:
        room = os.statvfs(disk)
        with open(ballast, "wb") as f:  # the disk filled but for `free` bytes
            left = room.f_bavail * room.f_frsize - free
            while left > 0:
                try:
                    left -= f.write(b"\0" * min(left, 1 << 20))
                except OSError:
                    break
    run = subprocess.run(build, capture_output=True)
    key = "rerun" if free is None else str(free)
    report[key] = {"status": run.returncode, "stderr": run.stderr.decode("utf-8", "replace")}
    shutil.copytree(out, os.path.join(results, key), symlinks=True)
print(json.dumps(report))
"""

#: free space left for the build, as shares of the size of its outputs: from too little for the
#: first of them to enough for all (the old outputs are replaced one by one, so it needs room
#: only for the parse cache, for the file being written and for the store being loaded)
FREE = [0, 0.005, 0.05, 0.1, 0.2, 0.45, 0.5, 0.55, 0.6, 0.7, 0.9]


def in_a_small_disk(command: list[str], disk: Path, size: str) -> subprocess.CompletedProcess:
    """``command`` run with a tmpfs of ``size`` mounted at ``disk``, in a mount namespace of its
    own: as root directly, else in a user namespace."""
    mount = f"mount -t tmpfs -o size={size} fengong-test {disk} && exec \"$@\""
    failures = []
    for unshare in (["unshare", "--mount", "--propagation", "private"],
                    ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"]):
        run = subprocess.run([*unshare, "sh", "-c", mount, "sh", *command], cwd=ROOT, capture_output=True)
        if run.returncode == 0 or b"mount" not in run.stderr and b"unshare" not in run.stderr:
            return run
        failures.append(run.stderr.decode("utf-8", "replace").strip())
    raise AssertionError("cannot mount a tmpfs in a mount namespace here (this test needs unshare and mount, "
                         f"as root or with user namespaces): {failures}")


def test_a_build_on_a_full_disk_fails_in_one_line_with_every_output_whole_or_as_it_was(tmp_path):
    inputs = tmp_path / "in"
    clean = {}
    for seed in (1, 2):  # the old outputs, then the new ones, each built on a disk with room
        small_corpus(inputs, seed, n=8)
        done = subprocess.run([sys.executable, "-m", "fengong", "build", str(inputs), "-o", str(tmp_path / f"clean{seed}"),
                               "--workers", "2"], cwd=ROOT, capture_output=True)
        assert done.returncode == 0, done.stderr.decode()
        clean[seed] = snapshot(tmp_path / f"clean{seed}")
    need = sum(len(data) for data in clean[2].values())
    free = [int(share * need) for share in FREE]

    disk, results = tmp_path / "disk", tmp_path / "results"
    disk.mkdir()
    results.mkdir()
    run = in_a_small_disk([sys.executable, "-c", DRIVER, str(disk), str(inputs), str(tmp_path / "clean1"),
                           str(results), json.dumps(free)], disk, "48m")
    assert run.returncode == 0, run.stderr.decode()
    report = json.loads(run.stdout)

    failed_at = {}
    for room in free:
        got, outcome = results / str(room), report[str(room)]
        err = outcome["stderr"]
        left = snapshot(got)
        if outcome["status"] == 0:  # room enough
            assert left == clean[2], room
            continue
        assert outcome["status"] == 2, (room, err)
        assert err.count("\n") == 1 and err.startswith("fengong: error: ") and "Traceback" not in err, (room, err)
        assert err.rstrip("\n").endswith(": cannot write: No space left on device"), (room, err)
        failed_at[room] = err.split(": ")[2].rpartition("/")[2]
        for name, data in left.items():
            assert data in (clean[1].get(name), clean[2].get(name)), (room, name)  # whole, old or new
        assert set(clean[1]) <= set(left), (room, set(clean[1]) - set(left))  # nothing the old build wrote is lost
        assert not [p for p in got.rglob("*") if p.name.endswith(".tmp")], room  # no temporaries left
        assert not (got / ".fengong.lock").exists(), room
    # the disk ran out in different places: the first outputs, the tables, the graph, the N-Quads, the store
    print(failed_at)
    assert len(set(failed_at.values())) >= 4, failed_at

    rerun = report["rerun"]
    assert rerun["status"] == 0, rerun["stderr"]
    assert snapshot(results / "rerun") == clean[2]
    shutil.rmtree(results)
