"""The RDF is written graph by graph, in worker processes for a corpus, the three text formats
side by side with the same bytes whatever the number of workers; the store is left out (and
an old one removed) where it would take minutes to load; ``fengong build`` takes a base IRI,
checks the shapes and fails when they do not hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from fengong import parser
from fengong.cli import cli
from fengong.graph import rdf, rdf_writers
from fengong.graph.build import to_networkx
from fengong.graph.rdf import iter_graphs, to_rdf
from fengong.graph.rdf_writers import iter_nquads, to_nquads, write_nquads, write_rdf_outputs
from fengong.graph.sparql import open_rdf, run_query

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def corpus():
    docs = [parser.parse_file(ROOT / "corpus" / "source.txt")] + [parser.parse_file(p) for p in CORPUS]
    docs.append(parser.parse(docs[1].text, source="again.txt"))  # the same text under another name
    return docs, to_networkx(docs)


def test_worker_processes_write_the_same_bytes(tmp_path, corpus):
    docs, G = corpus
    assert len(docs) > 3
    one = b"".join(iter_nquads(docs, G))
    assert b"".join(iter_nquads(docs, G, workers=2)) == one
    assert one.decode("utf-8") == to_nquads(docs, G)
    for workers in (1, 2):
        assert write_nquads(tmp_path / f"{workers}.nq", docs, G, workers=workers) == one.count(b"\n")
        assert (tmp_path / f"{workers}.nq").read_bytes() == one
        written = write_rdf_outputs(G, docs, tmp_path / f"all{workers}", "c", workers=workers, formats=["ttl", "jsonld"])
        assert written.conforms and written.quads == one.count(b"\n")
    for name in ("c.nq", "c.ttl", "c.jsonld", "c.context.jsonld", "fengong.ttl"):
        assert (tmp_path / "all1" / name).read_bytes() == (tmp_path / "all2" / name).read_bytes(), name
    assert (tmp_path / "all1" / "c.nq").read_bytes() == one
    assert not [p for p in tmp_path.rglob(".*") if p.name != ".fengong-cache"]  # no scratch files left


def test_one_graph_per_text_in_the_order_of_the_documents_then_the_units(corpus):
    docs, G = corpus
    blocks = [b.decode("utf-8") for b in iter_nquads(docs, G)]
    graphs = [{line.rsplit(" ", 2)[1] for line in block.splitlines()} for block in blocks]
    assert all(len(g) == 1 for g in graphs)
    order = [g.pop()[1:-1] for g in graphs]
    expected = list(dict.fromkeys(str(rdf.document_iri(d)) for d in docs)) + [str(rdf.units_graph_iri())]
    assert order == expected and len(order) == len(docs)  # the text given twice is one graph
    for block in blocks:
        lines = block.splitlines()
        assert len(lines) == len(set(lines))


def test_the_stream_is_the_dataset(corpus):
    docs, G = corpus
    text = to_nquads(docs, G)
    ds = to_rdf(docs, G)
    back = Dataset()
    back.parse(data=text, format="nquads")
    assert set(back.quads()) == set(ds.quads()) and len(ds) == text.count("\n")
    assert sum(len(triples) for _, triples in iter_graphs(docs, G)) == text.count("\n")


def test_the_store_is_left_out_over_its_limit_and_an_old_one_removed(tmp_path, monkeypatch, corpus):
    docs, G = corpus
    small = [docs[0]]
    written = write_rdf_outputs(to_networkx(small), small, tmp_path, "c")
    assert sorted(p.name for p in written.paths) == ["c.context.jsonld", "c.jsonld", "c.nq", "c.oxigraph", "c.ttl",
                                                     "fengong.ttl"]
    monkeypatch.setattr(rdf_writers, "STORE_QUAD_LIMIT", 1000)
    written = write_rdf_outputs(G, docs, tmp_path, "c", workers=2)
    assert [p.name for p in written.paths] == ["c.nq", "c.ttl", "c.jsonld", "c.context.jsonld", "fengong.ttl"]
    assert written.notes == [f"c.oxigraph left out: {written.quads:,} quads take minutes to load (more than 1,000); "
                             "--rdf ttl,jsonld,store writes it anyway"]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == \
        ["c.context.jsonld", "c.jsonld", "c.nq", "c.ttl", "fengong.ttl"]
    # asked for by name, it is written whatever the size; what was not asked for is removed
    written = write_rdf_outputs(G, docs, tmp_path, "c", formats=["store"])
    assert [p.name for p in written.paths] == ["c.nq", "fengong.ttl", "c.oxigraph"] and not written.notes
    assert not (tmp_path / "c.ttl").exists() and not (tmp_path / "c.jsonld").exists()


def test_an_unknown_format_is_refused(tmp_path, corpus):
    docs, G = corpus
    with pytest.raises(rdf.RDFExportError, match="unknown RDF format 'xml'"):
        write_rdf_outputs(G, docs, tmp_path, "c", formats=["xml"])


def test_build_says_when_it_leaves_the_store_out_and_writes_what_rdf_asks_for(tmp_path, monkeypatch):
    inputs = [str(p) for p in CORPUS[:3]]
    monkeypatch.setattr(rdf_writers, "STORE_QUAD_LIMIT", 1000)
    result = CliRunner().invoke(cli, ["build", *inputs, "-o", str(tmp_path / "a"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "corpus.oxigraph left out: " in result.stderr and "--rdf ttl,jsonld,store writes it anyway" in result.stderr
    made = {p.name for p in (tmp_path / "a").iterdir()}
    assert {"corpus.nq", "corpus.ttl", "corpus.jsonld", "fengong.ttl"} <= made and "corpus.oxigraph" not in made
    result = CliRunner().invoke(cli, ["build", *inputs, "-o", str(tmp_path / "b"), "--workers", "1", "--rdf", "ttl"])
    assert result.exit_code == 0 and "left out" not in result.stderr
    made = {p.name for p in (tmp_path / "b").iterdir()}
    assert {"corpus.nq", "corpus.ttl"} <= made and not made & {"corpus.jsonld", "corpus.oxigraph"}
    result = CliRunner().invoke(cli, ["build", *inputs, "-o", str(tmp_path / "c"), "--rdf", "ttl,xml"])
    assert result.exit_code == 2 and "'xml': choose from ttl, jsonld, store" in result.output


def test_build_mints_under_the_base_a_publisher_gives(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(CORPUS[0]), "-o", str(tmp_path), "--base",
                                      "https://data.example.gov.cn/plans"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ("fengong: note: base IRI 'https://data.example.gov.cn/plans' does not end in / or #: "
                             "using 'https://data.example.gov.cn/plans/'\n")
    store = open_rdf(tmp_path / f"{CORPUS[0].stem}.oxigraph")
    subjects = {row["s"].value for row in run_query(store, "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert subjects and all(s.startswith("https://data.example.gov.cn/plans/") for s in subjects)
    ttl = (tmp_path / f"{CORPUS[0].stem}.ttl").read_text(encoding="utf-8")
    assert ttl.startswith("@base <https://data.example.gov.cn/plans/> .\n")


@pytest.mark.parametrize("base", ["data.example.gov.cn/plans/", "https://data.example.gov.cn/a b/", "https://x/a#b/"])
def test_build_refuses_a_base_that_would_break_the_rdf(tmp_path, base, capsys):
    from fengong.cli import main

    status = main(["build", str(CORPUS[0]), "-o", str(tmp_path / "x"), "--base", base])
    err = capsys.readouterr().err
    assert status == 2 and err.splitlines()[-1].startswith("fengong: error: Invalid value for '--base': base IRI ")
    assert not (tmp_path / "x").exists()  # refused before any work


NUMBERED = "国务院关于做好就业工作的意见\n国发〔2018〕39号\n一、任务\n(一)做好{}工作(牵头单位:人力资源社会保障部)。\n"


@pytest.fixture()
def two_with_one_number(tmp_path) -> list[str]:
    paths = []
    for word in ("甲", "乙"):
        path = tmp_path / f"{word}.txt"
        path.write_text(NUMBERED.format(word), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_two_documents_with_one_number_build_into_two_graphs_and_validate(tmp_path, two_with_one_number):
    result = CliRunner().invoke(cli, ["build", *two_with_one_number, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "does not conform" not in result.stderr
    store = open_rdf(tmp_path / "out" / "corpus.oxigraph")
    rows = list(run_query(store, "SELECT ?g (COUNT(?t) AS ?n) WHERE { GRAPH ?g { ?d eli:id_local ?n0 ; dcterms:title ?t } } GROUP BY ?g"))
    assert len(rows) == 2 and all(int(r["n"].value) == 1 for r in rows)


def test_a_build_whose_graph_breaks_the_shapes_exits_1_with_the_report(tmp_path, two_with_one_number, monkeypatch):
    """As the 文号 alone once named a document: two documents with one 文号 made one graph with
    two texts, which the shapes forbid. The build says so and fails."""
    def by_number_alone(doc, base=rdf.DEFAULT_BASE):
        number = doc.metadata.doc_number
        return rdf.URIRef(f"{base}eli/n{rdf._hash(number.value)}")

    monkeypatch.setattr(rdf, "document_iri", by_number_alone)
    for workers in ("1", "2"):
        result = CliRunner().invoke(cli, ["build", *two_with_one_number, "-o", str(tmp_path / workers), "--workers", workers])
        assert result.exit_code == 1, result.output
        lines = result.stderr.splitlines()
        assert lines[0].startswith("fengong: error: the RDF does not conform to its shapes (graph/data/shapes.ttl): ")
        assert "rdf:value: 2 values, at most 1 allowed [fgsh:Text, sh:MaxCountConstraintComponent]" in result.stderr
        assert lines[0].endswith(f": {len(lines) - 1} violations")
        assert "not a prov:Agent" not in result.stderr  # the units are described, in the units graph
        assert (tmp_path / workers / "corpus.nq").exists()  # written, for the publisher to look at


def _descendants(pid: int) -> set[int]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_bytes().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):  # gone meanwhile
                continue
            tree.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def test_a_killed_build_leaves_no_process_writing_on(tmp_path):
    """The RDF is written by a child of the build and its workers: killed, the build takes
    them with it, so none goes on writing outputs under the next build (Linux: /proc)."""
    import signal
    import subprocess
    import sys
    import time

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import write_corpus

    write_corpus(tmp_path / "in", 40, seed=3)
    build = subprocess.Popen([sys.executable, "-m", "fengong", "build", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                              "--workers", "2"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    children: set[int] = set()
    while build.poll() is None and time.monotonic() < deadline:
        if list((tmp_path / "out").glob(".corpus.nq.*.tmp/")):  # the RDF's workers are starting
            time.sleep(0.3)
            children = _descendants(build.pid)
            break
        time.sleep(0.01)
    # the RDF's child, the store's loader and the RDF's workers
    assert build.poll() is None and len(children) >= 3, "the build finished before its RDF was under way"
    build.send_signal(signal.SIGKILL)
    build.wait()
    time.sleep(1.0)

    def running(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0] != b"Z"
        except OSError:  # gone
            return False

    assert [pid for pid in children if running(pid)] == []


def test_the_readmes_publisher_command_runs_as_shown(tmp_path):
    import shlex
    import shutil
    import subprocess
    import sys

    from test_readme import README, indented_blocks

    (command,) = [b for b in indented_blocks(README) if "--base" in b and b.startswith("fengong build")]
    (tmp_path / "corpus").mkdir()
    shutil.copy(ROOT / "corpus" / "source.txt", tmp_path / "corpus" / "source.txt")
    args = shlex.split(command)
    run = subprocess.run([sys.executable, "-m", "fengong", *args[1:]], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    base = args[args.index("--base") + 1]
    nq = (tmp_path / "published" / "source.nq").read_text(encoding="utf-8")
    assert all(line.startswith(f"<{base}") for line in nq.splitlines())
