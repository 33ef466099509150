"""The files write_graph_outputs writes: Excel-safe CSV, Gephi-safe GEXF and GraphML, and the
same bytes on every run and under every hash seed."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from fengong.graph.build import to_networkx
from fengong.graph.centrality import MEASURES
from fengong.graph.export import CENTRALITY_COLUMNS, gephi_graph, to_gexf, to_graphml, write_graph_outputs
from fengong.graph.tables import UNIT_COLUMNS
from test_graph_handmade import ITEMS, make_doc

ROOT = Path(__file__).resolve().parent.parent
#: attribute types Gephi reads (GEXF 1.2 and GraphML); no list types
GEPHI_TYPES = {"boolean", "int", "integer", "long", "float", "double", "string"}


@pytest.fixture(scope="module")
def written(doc, tmp_path_factory):
    outdir = tmp_path_factory.mktemp("out")
    return write_graph_outputs(to_networkx([doc]), outdir, "source")


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would not read the Chinese text as UTF-8"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_the_four_files(written):
    assert [p.name for p in written] == ["source.units.csv", "source.centrality.csv", "source.gexf", "source.graphml"]


def test_unit_table(written):
    rows = read_csv(written[0])
    assert tuple(rows[0]) == UNIT_COLUMNS
    first = dict(zip(rows[0], rows[1]))
    assert (first["name"], first["full_name"], first["led"], first["total"]) == ("市发改委", "荆门市发展和改革委员会", "34", "81")
    assert len(rows) == 1 + 78  # 68 units named in the text and 10 groups


def test_centrality_table(written):
    rows = read_csv(written[1])
    assert tuple(rows[0]) == CENTRALITY_COLUMNS
    assert dict(zip(rows[0], rows[1]))["name"] == "市发改委"
    assert len(rows) == 1 + 68 - 14  # no placeholders


def test_cells_that_would_run_as_formulas_are_escaped(tmp_path):
    doc = make_doc([("1.1", "甲", [("lead", "=1+1局"), ("responsible", "@市某局"), ("responsible", "-市某局"),
                                   ("responsible", "+市某局")])])
    units, centrality, *_ = write_graph_outputs(to_networkx([doc], ["d"]), tmp_path, "d")
    for path in (units, centrality):
        rows = read_csv(path)
        column = rows[0].index("name")
        assert sorted(r[column] for r in rows[1:]) == ["'+市某局", "'-市某局", "'=1+1局", "'@市某局"], path.name


def test_gexf_reads_back_with_gephi_types_and_readable_labels(written, doc):
    text = written[2].read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert 'lastmodifieddate="2021-12-31"' in text  # the document's date, not today's
    assert 'label="市发改委"' in text and "&#" not in text  # the characters, not references
    root = ET.fromstring(text.encode("utf-8"))
    ns = {"g": "http://www.gexf.net/1.2draft"}
    types = {a.get("type") for a in root.iterfind(".//g:attribute", ns)}
    assert types <= GEPHI_TYPES
    assert root.find(".//g:graph", ns).get("mode") == "static"  # no offsets taken for time spells
    for edge in root.iterfind(".//g:edge", ns):
        assert edge.get("type") is None  # our edge type is written as 'relation', not GEXF's direction
    edge_ids = [e.get("id") for e in root.iterfind(".//g:edge", ns)]
    assert len(edge_ids) == len(set(edge_ids))
    back = nx.read_gexf(written[2])
    G = to_networkx([doc])
    assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    labels = {n: d["label"] for n, d in back.nodes(data=True)}
    assert labels["unit:荆门市:荆门市发展和改革委员会"] == "市发改委"
    assert labels["sec:source:3.2"] == "3.2 优化区域发展布局"


def test_graphml_reads_back_with_the_schema_names(written, doc):
    assert "<data key=\"d" in written[3].read_text(encoding="utf-8") and "&#" not in written[3].read_text(encoding="utf-8")
    root = ET.fromstring(written[3].read_bytes())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert {k.get("attr.type") for k in root.iterfind("g:key", ns)} <= GEPHI_TYPES
    back = nx.read_graphml(written[3], force_multigraph=True)
    G = to_networkx([doc])
    assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    unit = back.nodes["unit:荆门市:荆门市发展和改革委员会"]
    assert (unit["type"], unit["placeholder"], unit["led"], unit["degree"]) == ("Unit", False, 34, 81)
    assert set(MEASURES) <= set(unit)
    first = doc.assignments[0]
    assert (first.unit, first.role, first.task) == ("市发改委", "lead", "2.1#1")
    (edge,) = [d for d in back.get_edge_data("unit:荆门市:荆门市发展和改革委员会", "task:source:2.1#1").values()
               if d["edge_key"] == f"lead@{first.start}"]
    assert (edge["type"], edge["start"], edge["end"], edge["as_written"]) == ("lead", first.start, first.end, "市发改委")
    edge_ids = [e.get("id") for e in root.iterfind(".//g:edge", ns)]
    assert len(edge_ids) == len(set(edge_ids)) == G.number_of_edges()


def test_gephi_graph_refuses_lists_none_is_dropped_and_types_must_agree():
    G = to_networkx([make_doc(ITEMS)], ["hand"])
    G.nodes["doc:hand"]["issuer"] = None
    assert "issuer" not in gephi_graph(G).nodes["doc:hand"]
    G.nodes["doc:hand"]["tags"] = ["a", "b"]
    with pytest.raises(TypeError, match="list"):
        gephi_graph(G)
    del G.nodes["doc:hand"]["tags"]
    G.nodes["sec:hand:1"]["level"] = "one"
    with pytest.raises(TypeError, match="both"):
        gephi_graph(G)


SCRIPT = """
import sys
from pathlib import Path
from fengong import parser
from fengong.graph.build import to_networkx
from fengong.graph.export import write_graph_outputs
write_graph_outputs(to_networkx([parser.parse_file("corpus/source.txt")]), Path(sys.argv[1]), "source")
"""


def test_the_same_bytes_under_any_hash_seed(written, tmp_path):
    outputs = []
    for seed in ("0", "4242"):
        outdir = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", SCRIPT, str(outdir)], cwd=ROOT, env=env, check=True)
        outputs.append({p.name: p.read_bytes() for p in sorted(outdir.iterdir())})
    assert outputs[0] == outputs[1]
    assert outputs[0] == {p.name: p.read_bytes() for p in written}


def test_to_gexf_and_to_graphml_are_pure():
    H = gephi_graph(to_networkx([make_doc(ITEMS)], ["hand"]))
    assert to_gexf(H) == to_gexf(H)
    assert to_graphml(H) == to_graphml(H)
