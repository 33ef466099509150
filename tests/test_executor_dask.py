"""`fengong build --executor dask`: one Dask task per document, on a local cluster of worker
processes, gives the same outputs as a local build; a document that fails or runs out of time is
reported and the others are built."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from fengong import parser
from fengong.build import build
from fengong.cli import main
from fengong.executors import parse_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus"
SLOW_PLAN = "一、慢\n(一)做好工作(牵头单位:市发改委)。\n"
FAST_PLAN = "一、快\n(一)做好工作(牵头单位:市发改委)。\n"


@pytest.fixture(scope="module")
def cluster():
    """An existing cluster, as `--scheduler` connects to: two worker processes."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield cluster, client


def files_under(folder: Path) -> dict[str, bytes]:
    """Every output file, by path relative to ``folder``, except the Oxigraph store and the cache."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
            and not any(part.endswith(".oxigraph") or part == ".fengong-cache" for part in p.relative_to(folder).parts)}


def assert_same_outputs(local: Path, dask: Path) -> None:
    expected, got = files_under(local), files_under(dask)
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name] == expected[name], name
    # the same parses are cached, under the same keys
    assert sorted(p.name for p in (dask / ".fengong-cache").iterdir()) == sorted(
        p.name for p in (local / ".fengong-cache").iterdir())


def test_dask_parses_give_the_local_parses_byte_for_byte(tmp_path):
    """On a local cluster the build starts itself; a file that is not text is reported."""
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    paths = [str(ROOT / "corpus" / "source.txt"),
             str(CORPUS / "08_guangdong-2021-zfgzbg-zhongdian-fengong_partial.txt"),
             str(tmp_path / "picture.txt"), str(CORPUS / "01_guofa-2018-39-jiuye.txt")]
    local = build(paths, tmp_path / "local", workers=1, graph=False)
    done = []
    dask = build(paths, tmp_path / "dask", workers=2, graph=False, executor="dask", progress=done.append)

    assert done == [1, 1, 1, 1]
    for report in (local, dask):
        assert [o.path.name for o in report.outcomes] == [Path(p).name for p in paths]
        assert [(o.path.name, o.error) for o in report.failed] == [
            ("picture.txt", "not a text file: it looks like a PNG image")]
    assert [o.doc for o in dask.outcomes] == [o.doc for o in local.outcomes]
    assert {"source.txt", "source.json", "source.assignments.csv", "corpus.summary.csv"} <= set(
        files_under(tmp_path / "dask"))
    assert_same_outputs(tmp_path / "local", tmp_path / "dask")
    assert len(list((tmp_path / "dask" / ".fengong-cache").iterdir())) == 3  # not the picture


def test_dask_build_on_a_cluster_gives_every_output_of_the_local_build(tmp_path, cluster):
    """Graph, tables, RDF and HTML too (the Oxigraph store aside, which is never byte-stable)."""
    cluster, _ = cluster
    paths = [str(CORPUS / name) for name in ("01_guofa-2018-39-jiuye.txt",
                                             "12_yuncheng-2017-yingji-tixi-zeren-fenjie_partial.txt",
                                             "13_xiangxi-2020-fangguanfu-gongzuo-jihua_partial_trad.txt")]
    local = build(paths, tmp_path / "local", workers=1)
    dask = build(paths, tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)
    assert not local.failed and not dask.failed
    assert {"corpus.units.csv", "corpus.nq", "corpus.ttl", "corpus.graphml", "corpus.html"} <= set(
        files_under(tmp_path / "dask"))
    assert_same_outputs(tmp_path / "local", tmp_path / "dask")


def test_a_document_out_of_time_on_a_cluster_is_reported_and_stopped(tmp_path, cluster):
    cluster, client = cluster

    def slow_down_parsing():  # in each worker: a document containing 慢 takes 30 s
        import time

        from fengong import parser

        real = parser.parse

        def slow(text, **kwargs):
            if "慢" in text:
                for _ in range(600):
                    time.sleep(0.05)
            return real(text, **kwargs)

        parser.parse, parser._real_parse = slow, real

    def restore_parsing():
        from fengong import parser

        parser.parse = parser.__dict__.pop("_real_parse", parser.parse)

    def parses_running():
        import threading

        return [t.name for t in threading.enumerate() if t.name.startswith("fengong-parse")]

    (tmp_path / "slow.txt").write_text(SLOW_PLAN, encoding="utf-8")
    (tmp_path / "fast.txt").write_text(FAST_PLAN, encoding="utf-8")
    client.run(slow_down_parsing)
    try:
        started = time.monotonic()
        report = build([str(tmp_path / "slow.txt"), str(tmp_path / "fast.txt")], tmp_path / "out", timeout=1.0,
                       graph=False, executor="dask", scheduler=cluster.scheduler_address)
        assert time.monotonic() - started < 10
        assert [(o.path.name, o.error) for o in report.failed] == [("slow.txt", "timed out after 1 s")]
        assert (tmp_path / "out" / "fast.json").exists()
        assert not (tmp_path / "out" / "slow.json").exists()
        # the parse that ran out of time is stopped, not left running on its worker
        deadline = time.monotonic() + 10
        while any(client.run(parses_running).values()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(client.run(parses_running).values())
        assert len(list((tmp_path / "out" / ".fengong-cache").iterdir())) == 1  # fast.txt's parse only
    finally:
        client.run(restore_parsing)


def test_the_command_line_sends_the_parses_to_a_running_cluster(tmp_path, cluster, capsys):
    cluster, _ = cluster
    plan = CORPUS / "08_guangdong-2021-zfgzbg-zhongdian-fengong_partial.txt"
    shutil.copy(plan, tmp_path / plan.name)
    status = main(["build", str(tmp_path / plan.name), "-o", str(tmp_path / "out"), "--executor", "dask",
                   "--scheduler", cluster.scheduler_address])
    assert status == 0
    assert f"{tmp_path / 'out' / plan.stem}.json" in capsys.readouterr().out.splitlines()
    assert (tmp_path / "out" / f"{plan.stem}.nq").exists()


def test_a_scheduler_without_the_dask_executor_is_refused(tmp_path, capsys):
    status = main(["build", str(ROOT / "corpus" / "source.txt"), "-o", str(tmp_path),
                   "--scheduler", "tcp://127.0.0.1:1"])
    assert status == 2
    assert "--scheduler needs --executor dask" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_a_scheduler_that_cannot_be_reached_is_a_one_line_error(tmp_path, capsys):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        status = main(["build", str(ROOT / "corpus" / "source.txt"), "-o", str(tmp_path), "--executor", "dask",
                       "--scheduler", "tcp://127.0.0.1:1"])
    assert status == 2
    assert capsys.readouterr().err == ("fengong: error: cannot reach the dask scheduler at tcp://127.0.0.1:1: "
                                       "Timed out trying to connect to tcp://127.0.0.1:1 after 1 s\n")


def test_without_dask_the_error_is_one_line_with_the_install_hint(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails as if not installed
    status = main(["build", str(ROOT / "corpus" / "source.txt"), "-o", str(tmp_path), "--executor", "dask"])
    assert status == 2
    assert capsys.readouterr().err == (
        "fengong: error: the dask executor needs dask.distributed: pip install 'fengong[dask]'\n")


def test_parse_and_a_local_build_do_not_import_dask(tmp_path):
    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "fengong", "parse", "corpus/source.txt"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stderr
    assert "fengong.cli" in imports  # the report is there to be read
    assert not [line for line in imports.splitlines() if "dask" in line or "distributed" in line]
    script = ("import sys; from fengong.build import build; "
              f"report = build([{str(ROOT / 'corpus' / 'source.txt')!r}], {str(tmp_path)!r}, workers=1, graph=False); "
              "assert not report.failed; "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed') "
              "or m == 'fengong.executors'))")
    loaded = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_a_parse_in_a_thread_keeps_its_time_limit_without_signals(tmp_path, monkeypatch):
    """What a Dask, Ray or other engine's worker thread gets from parse_document."""
    real = parser.parse
    stopped = threading.Event()

    def slow(text, **kwargs):
        if "慢" in text:
            try:
                for _ in range(600):
                    time.sleep(0.05)
            except BaseException:
                stopped.set()
                raise
        return real(text, **kwargs)

    monkeypatch.setattr(parser, "parse", slow)
    (tmp_path / "slow.txt").write_text(SLOW_PLAN, encoding="utf-8")
    (tmp_path / "fast.txt").write_text(FAST_PLAN, encoding="utf-8")
    outcomes = {}

    def run(name):
        outcomes[name] = parse_document(tmp_path / name, timeout=0.5, cache_dir=tmp_path / "cache")

    threads = [threading.Thread(target=run, args=(name,)) for name in ("slow.txt", "fast.txt")]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - started < 5
    assert outcomes["slow.txt"].error == "timed out after 0.5 s" and outcomes["slow.txt"].doc is None
    assert outcomes["fast.txt"].error is None and outcomes["fast.txt"].doc.assignments
    assert stopped.wait(5), "the parse that ran out of time was not stopped"
    time.sleep(0.1)
    assert len(list((tmp_path / "cache").iterdir())) == 1
