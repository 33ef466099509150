"""Properties every plan graph has, on random small documents (hypothesis)."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fengong.graph.build import to_networkx
from fengong.graph.centrality import betweenness, pagerank, task_degree, weighted_degree
from fengong.graph.projection import co_assignment_graph, lead_support_graph
from fengong.graph.tables import unit_counts
from test_graph_handmade import make_doc

UNITS = ["市发改委", "市财政局", "市经信局", "市科技局", "市教育局", "市民政局", "市直各部门"]
ROLES = ["lead", "responsible", "support"]

mentions = st.lists(st.tuples(st.sampled_from(ROLES), st.sampled_from(UNITS)), min_size=1, max_size=5,
                    unique_by=lambda m: m[1])
items = st.lists(st.tuples(st.sampled_from(["1.1", "1.2", "2.1"]), st.just("任务"), mentions),
                 min_size=1, max_size=8).map(lambda xs: sorted(xs, key=lambda x: x[0]))


@settings(max_examples=60, deadline=None)
@given(items)
def test_measures_hold_their_definitions(xs):
    G = to_networkx([make_doc(xs)], ["r"])
    P = co_assignment_graph(G)
    # Newman weights: a unit's strength is the number of its tasks it shares with anyone
    shared = {P.nodes[n]["name"]: 0 for n in P}
    for _, _, ms in xs:
        real = {u for _, u in ms if u != "市直各部门"}
        if len(real) > 1:
            for u in real:
                shared[u] += 1
    strength = {P.nodes[n]["name"]: s for n, s in weighted_degree(P).items()}
    assert strength == pytest.approx({u: float(n) for u, n in shared.items()})
    # degree is the number of tasks; the counts table agrees with it
    rows = {r["id"]: r for r in unit_counts(G)}
    for unit, degree in task_degree(G).items():
        assert rows[unit]["total"] == degree
    # PageRank is a probability distribution on both networks
    for H in (P, lead_support_graph(G)):
        if len(H):
            assert sum(pagerank(H).values()) == pytest.approx(1.0)
    # betweenness is a share of pairs: between 0 and 1
    assert all(0.0 <= b <= 1.0 + 1e-12 for b in betweenness(P).values())
    # the placeholder is in the graph, never in a measure
    assert all(not P.nodes[n]["name"] == "市直各部门" for n in P)


@settings(max_examples=30, deadline=None)
@given(items)
def test_building_twice_gives_the_same_graph(xs):
    doc = make_doc(xs)
    a, b = to_networkx([doc], ["r"]), to_networkx([doc], ["r"])
    assert nx.utils.graphs_equal(a, b)
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
