"""The N-Quads are streamed graph by graph, in worker processes for a corpus, and Turtle and
JSON-LD are left out (and removed) where they would not fit in memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset

from fengong import parser
from fengong.graph import rdf
from fengong.graph.build import to_networkx
from fengong.graph.rdf import iter_nquads, to_nquads, to_rdf, write_nquads, write_rdf_outputs

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
    assert not list(tmp_path.glob(".*.tmp"))


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


def test_turtle_and_jsonld_are_left_out_over_the_limit_and_old_ones_removed(tmp_path, monkeypatch, corpus):
    docs, G = corpus
    small = [docs[0]]
    written = write_rdf_outputs(to_networkx(small), small, tmp_path, "c")
    assert sorted(p.name for p in written) == ["c.context.jsonld", "c.jsonld", "c.nq", "c.oxigraph", "c.ttl"]
    monkeypatch.setattr(rdf, "RDFLIB_QUAD_LIMIT", 1000)
    written = write_rdf_outputs(G, docs, tmp_path, "c", workers=2)
    assert [p.name for p in written] == ["c.nq", "c.oxigraph"]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["c.nq", "c.oxigraph"]
    # asked for by name, they are written whatever the size
    written = write_rdf_outputs(G, docs, tmp_path, "c", formats=["ttl"])
    assert [p.name for p in written] == ["c.nq", "c.ttl"]


def test_an_unknown_format_is_refused(tmp_path, corpus):
    docs, G = corpus
    with pytest.raises(rdf.RDFExportError, match="unknown RDF format 'xml'"):
        write_rdf_outputs(G, docs, tmp_path, "c", formats=["xml"])


def test_build_says_when_it_leaves_turtle_out_and_writes_what_rdf_asks_for(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from fengong.cli import cli

    inputs = [str(p) for p in CORPUS[:3]]
    monkeypatch.setattr(rdf, "RDFLIB_QUAD_LIMIT", 1000)
    result = CliRunner().invoke(cli, ["build", *inputs, "-o", str(tmp_path / "a"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "corpus.ttl and corpus.jsonld left out: the N-Quads hold more than 1,000 quads" in result.stderr
    assert not (tmp_path / "a" / "corpus.ttl").exists() and (tmp_path / "a" / "corpus.nq").exists()
    result = CliRunner().invoke(cli, ["build", *inputs, "-o", str(tmp_path / "b"), "--workers", "1", "--rdf", "ttl"])
    assert result.exit_code == 0 and "left out" not in result.stderr
    made = {p.name for p in (tmp_path / "b").iterdir()}
    assert {"corpus.nq", "corpus.ttl"} <= made and not made & {"corpus.jsonld", "corpus.oxigraph"}
    result = CliRunner().invoke(cli, ["build", *inputs, "-o", str(tmp_path / "c"), "--rdf", "ttl,xml"])
    assert result.exit_code == 2 and "'xml': choose from ttl, jsonld, store" in result.output
