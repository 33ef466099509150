"""The plan graph of the main document (corpus/source.txt): units, merges and the numbers
the issue asks for. ``doc`` is the parsed main document (tests/conftest.py)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import networkx as nx
import pytest

from fengong.graph.build import to_networkx
from fengong.graph.centrality import betweenness, centrality_table, pagerank
from fengong.graph.projection import co_assignment_graph, unit_task_graph
from fengong.graph.schema import EDGE_TYPES, NODE_TYPES, ROLE_EDGE_TYPES
from fengong.graph.tables import find_units, unit_counts

GOLDEN = Path(__file__).parent / "golden" / "unit_merges.json"


@pytest.fixture(scope="module")
def G(doc):
    return to_networkx([doc])


def merges_json(G) -> str:
    return json.dumps([asdict(m) for m in G.graph["unit_merges"]], ensure_ascii=False, indent=1) + "\n"


def test_every_node_and_edge_has_a_schema_type(G):
    assert {t for _, t in G.nodes(data="type")} == NODE_TYPES
    assert {t for *_, t in G.edges(data="type")} <= EDGE_TYPES
    assert Counter(t for _, t in G.nodes(data="type"))["Task"] == 157


def test_every_mention_edge_points_back_to_its_text(G, doc):
    mentions = [d for *_, d in G.edges(data=True) if d["type"] in ROLE_EDGE_TYPES]
    assert len(mentions) == len(doc.assignments)
    for d in mentions:
        assert doc.text[d["start"]:d["end"]] == d["as_written"]
    for node, data in G.nodes(data=True):
        if data["type"] == "Section":
            assert doc.text[data["start"]:data["end"]].startswith(data["label"])


def test_seventy_distinct_unit_strings_before_merging(G):
    written = {d["as_written"] for *_, d in G.edges(data=True)
               if d["type"] in ("lead", "responsible") and not d["implicit"]}
    assert len(written) == 70
    units = {u for u, _, d in G.edges(data=True) if d["type"] in ("lead", "responsible")}
    assert len(units) == 68  # two merges, each of two strings


def test_the_merges_are_the_golden_ones(G):
    assert merges_json(G) == GOLDEN.read_text(encoding="utf-8")


def test_no_unreviewed_look_alikes_and_jurisdiction_read(G):
    assert G.graph["diagnostics"] == ()
    assert G.nodes["doc:source"]["jurisdiction"] == "荆门市"


def test_fagaiwei_leads_34_and_is_named_in_81(G):
    (node,) = find_units(G, "市发改委")
    row = {r["id"]: r for r in unit_counts(G)}[node]
    assert (row["led"], row["total"]) == (34, 81)
    lead_or_responsible = {v for _, v, d in G.out_edges(node, data=True)
                           if d["type"] in ("lead", "responsible") and not d["implicit"]}
    assert len(lead_or_responsible) == 81


def test_counts_add_up_to_the_gold_totals(G):
    rows = unit_counts(G)
    assert sum(r["led"] for r in rows) == 151
    assert sum(r["responsible"] for r in rows) == 412
    (counties,) = find_units(G, "各县市区")
    row = {r["id"]: r for r in rows}[counties]
    assert (row["responsible"], row["implicit"], row["placeholder"]) == (1, 156, True)


def test_placeholders_are_in_the_graph_but_not_in_centrality(G):
    placeholders = {n for n, p in G.nodes(data="placeholder") if p}
    # 市直各部门, 市政府各部门, 市政府有关部门, 各县市区, and the members of 10 groups
    assert len(placeholders) == 14
    assert not placeholders & set(co_assignment_graph(G))
    assert placeholders & set(co_assignment_graph(G, placeholders=True))


def test_projection_and_betweenness_match_networkx(G):
    P = co_assignment_graph(G)
    Bg = unit_task_graph(G)
    theirs = nx.bipartite.collaboration_weighted_projected_graph(Bg, [n for n, p in Bg.nodes(data="bipartite") if p == 0])
    assert {frozenset((u, v)): pytest.approx(w) for u, v, w in theirs.edges(data="weight")} == \
        {frozenset((u, v)): w for u, v, w in P.edges(data="weight")}
    assert betweenness(P) == pytest.approx(nx.betweenness_centrality(P, weight="distance"), abs=1e-12)


def test_pagerank_matches_networkx(G):
    pytest.importorskip("scipy")  # networkx's pagerank needs it; ours does not
    P = co_assignment_graph(G)
    assert pagerank(P) == pytest.approx(nx.pagerank(P, weight="weight", tol=1e-13), abs=1e-9)


def test_the_most_central_unit_in_the_projection(G):
    rows = centrality_table(G)
    top_betweenness = max(rows, key=lambda r: r["betweenness"])
    top_pagerank = max(rows, key=lambda r: r["pagerank"])
    # the values reported in the note to the lead
    assert (top_betweenness["name"], round(top_betweenness["betweenness"], 4)) == ("市发改委", 0.6266)
    assert (top_pagerank["name"], round(top_pagerank["pagerank"], 4)) == ("市发改委", 0.1260)
