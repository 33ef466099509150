"""The fast paths of graph/ give what the straightforward code gives.

The tables, the measures, the unit report and the Gephi files are computed for a corpus in
one pass over the graph, from edge lists and without networkx's writers (see
benchmarks/bench_corpus.py). Each test here computes the same thing the plain way — the way
the code first did it: networkx projections, one scan of ``G.edges`` per measure, every pair
of units compared, networkx's GEXF and GraphML writers — on a small mixed corpus, and
expects the same result, down to the last bit of every float and byte of every file.
"""

from __future__ import annotations

import math
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from fengong import parser
from fengong.graph import export
from fengong.graph.build import to_networkx
from fengong.graph.centrality import (MEASURES, betweenness, centrality_table, eigenvector, pagerank, task_degree,
                              weighted_degree)
from fengong.graph.export import gephi_graph, to_gexf, to_graphml, write_graph_outputs
from fengong.graph.projection import ASSIGNMENT_ROLES, co_assignment_graph, lead_support_graph
from fengong.graph.tables import unit_counts
from fengong.graph.units import _line_column, _rules, look_alike, resolve_units

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def docs(doc, tmp_path_factory):
    """Six synthetic documents, the development corpus, and the main document twice (one
    jurisdiction, so units are shared across documents)."""
    synthetic = write_corpus(tmp_path_factory.mktemp("synth"), 6)
    files = synthetic + sorted((ROOT / "tests" / "corpus").glob("*.txt"))
    return [parser.parse_file(f) for f in files] + [doc, doc]


@pytest.fixture(scope="module")
def keys(docs):
    return [f"d{i}" for i in range(len(docs))]


@pytest.fixture(scope="module")
def G(docs, keys):
    return to_networkx(docs, keys)


# --------------------------------------------------------------------------------------
# The plain way
# --------------------------------------------------------------------------------------


def plain_assignments(G, roles=ASSIGNMENT_ROLES, placeholders=False, implicit=False):
    found = set()
    for u, v, data in G.edges(data=True):
        if data.get("type") not in roles or G.nodes[v].get("type") != "Task":
            continue
        if data.get("implicit", False) and not implicit:
            continue
        if G.nodes[u].get("placeholder", False) and not placeholders:
            continue
        found.add((u, v, data["type"]))
    return sorted(found)


def plain_co_assignment_graph(G, roles=ASSIGNMENT_ROLES, placeholders=False, implicit=False):
    units_of = defaultdict(set)
    found = plain_assignments(G, roles, placeholders, implicit)
    for unit, task, _ in found:
        units_of[task].add(unit)
    weight, shared = defaultdict(float), defaultdict(int)
    for task in sorted(units_of):
        units = sorted(units_of[task])
        for i, u in enumerate(units):
            for v in units[i + 1:]:
                weight[(u, v)] += 1.0 / (len(units) - 1)
                shared[(u, v)] += 1
    P = nx.Graph()
    for unit in sorted({u for u, _, _ in found}):
        P.add_node(unit, name=G.nodes[unit].get("name", unit), unit_type=G.nodes[unit].get("unit_type", ""))
    for (u, v), w in sorted(weight.items()):
        P.add_edge(u, v, weight=w, tasks=shared[(u, v)], distance=1.0 / w)
    return P


def plain_lead_support_graph(G, placeholders=False, implicit=False):
    by_task = defaultdict(lambda: defaultdict(set))
    for unit, task, role in plain_assignments(G, placeholders=placeholders, implicit=implicit):
        by_task[task][role].add(unit)
    D = nx.DiGraph()
    for unit in sorted({u for roles in by_task.values() for units in roles.values() for u in units}):
        D.add_node(unit, name=G.nodes[unit].get("name", unit), unit_type=G.nodes[unit].get("unit_type", ""))
    weight = defaultdict(int)
    for task in sorted(by_task):
        for lead in sorted(by_task[task]["lead"]):
            for other in sorted(by_task[task]["responsible"] | by_task[task]["support"]):
                if other != lead:
                    weight[(lead, other)] += 1
    for (u, v), w in sorted(weight.items()):
        D.add_edge(u, v, weight=w)
    return D


def plain_betweenness(P):
    """Betweenness computed by igraph on the whole projection at once."""
    import igraph

    nodes = sorted(P)
    if len(nodes) < 3 or P.number_of_edges() == 0:
        return {v: 0.0 for v in nodes}
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted((index[u], index[v], float(w)) for u, v, w in P.edges(data="weight"))
    g = igraph.Graph(n=len(nodes), edges=[(u, v) for u, v, _ in edges])
    raw = g.betweenness(directed=False, weights=[1.0 / w for _, _, w in edges])
    scale = 2.0 / ((len(nodes) - 1) * (len(nodes) - 2))
    return {v: float(b) * scale for v, b in zip(nodes, raw)}


def plain_centrality_table(G, placeholders=False, implicit=False, roles=ASSIGNMENT_ROLES):
    found = plain_assignments(G, placeholders=placeholders, implicit=implicit)
    tasks = {u: defaultdict(set) for u, _, _ in found}
    for unit, task, role in found:
        tasks[unit][role].add(task)
        tasks[unit][None].add(task)
    P = plain_co_assignment_graph(G, roles, placeholders, implicit)
    D = plain_lead_support_graph(G, placeholders, implicit)
    strength, between, eigen, rank = weighted_degree(P), plain_betweenness(P), eigenvector(P), pagerank(P)
    ls_rank = pagerank(D)
    rows = [{
        "id": unit,
        "name": G.nodes[unit].get("name", unit),
        "unit_type": G.nodes[unit].get("unit_type", ""),
        "degree": len(tasks[unit][None]),
        **{f"degree_{role}": len(tasks[unit][role]) for role in ASSIGNMENT_ROLES},
        "strength": strength.get(unit, 0.0),
        "betweenness": between.get(unit, 0.0),
        "eigenvector": eigen.get(unit, 0.0),
        "pagerank": rank.get(unit, 0.0),
        "ls_out_degree": D.out_degree(unit) if unit in D else 0,
        "ls_in_degree": D.in_degree(unit) if unit in D else 0,
        "ls_pagerank": ls_rank.get(unit, 0.0),
    } for unit in sorted(tasks)]
    rows.sort(key=lambda r: (-r["pagerank"], r["name"], r["id"]))
    return rows


def plain_unit_counts(G, implicit=False):
    n_tasks = sum(1 for _, t in G.nodes(data="type") if t == "Task")
    tasks = defaultdict(lambda: defaultdict(set))
    written, by_note, prose = defaultdict(set), defaultdict(set), defaultdict(int)
    for u, v, data in G.edges(data=True):
        role = data.get("type")
        if role == "prose":
            prose[u] += 1
        if role not in ASSIGNMENT_ROLES or G.nodes[v].get("type") != "Task":
            continue
        (by_note if data.get("implicit", False) else written)[u].add(v)
        if implicit or not data.get("implicit", False):
            tasks[u][role].add(v)
    rows = []
    for node, data in G.nodes(data=True):
        if data.get("type") not in ("Unit", "UnitGroup"):
            continue
        every = set().union(*tasks[node].values())
        rows.append({
            "id": node, "name": data.get("name", node), "full_name": data.get("full_name", ""),
            "unit_type": data.get("unit_type", ""), "placeholder": bool(data.get("placeholder", False)),
            "led": len(tasks[node]["lead"]), "responsible": len(tasks[node]["responsible"]),
            "supported": len(tasks[node]["support"]), "guided": len(tasks[node]["guide"]),
            "total": len(every), "implicit": len(by_note[node] - written[node]),
            "share": len(every) / n_tasks if n_tasks else 0.0,
            "sections": len({(G.nodes[t].get("doc"), G.nodes[t].get("path")) for t in every}),
            "prose": prose[node], "aliases": data.get("aliases", ""),
        })
    rows.sort(key=lambda r: (-r["total"], r["name"], r["id"]))
    return rows


def networkx_gexf(H):
    """GEXF as networkx's writer writes it (the renames and meta of :func:`to_gexf`)."""
    out = nx.MultiDiGraph(name=H.graph.get("documents", ""))
    for node, data in H.nodes(data=True):
        attrs = {export._GEXF_NODE_RENAMES.get(k, k): v for k, v in data.items()}
        out.add_node(node, label=export._display_label(node, data), **attrs)
    for u, v, key, data in H.edges(keys=True, data=True):
        attrs = {export._GEXF_EDGE_RENAMES.get(k, k): value for k, value in data.items()}
        out.add_edge(u, v, key=key, id=key, label=data.get("type", ""), **attrs)
    writer = GEXFWriter(out, prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.set("lastmodifieddate", export._latest_date(H.nodes(data=True)))
    meta.find("creator").text = "fengong"
    writer.indent(writer.xml)
    return export._XML_DECLARATION + ET.tostring(writer.xml, encoding="unicode") + "\n"


def networkx_graphml(H):
    writer = GraphMLWriter(H.copy(), prettyprint=True)
    writer.indent(writer.xml)
    return export._XML_DECLARATION + ET.tostring(writer.xml, encoding="unicode") + "\n"


def same(a, b):
    """Equal, floats to the last bit (so NaN equals NaN and 0.0 does not equal -0.0)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.copysign(1, a) == math.copysign(1, b) and (a == b or (math.isnan(a) and math.isnan(b)))
    return type(a) is type(b) and a == b


def same_rows(rows, expected):
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    for row, want in zip(rows, expected):
        assert list(row) == list(want)
        assert all(same(row[k], want[k]) for k in want), (row, want)


# --------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------


def test_the_corpus_is_big_enough_to_mean_something(G):
    units = [n for n, t in G.nodes(data="type") if t == "Unit"]
    assert len(units) > 500 and G.number_of_edges() > 5000
    assert any(G.nodes[n].get("placeholder") for n in units)
    assert any(d.get("implicit") for *_, d in G.edges(data=True))


@pytest.mark.parametrize("placeholders, implicit", [(False, False), (True, False), (False, True), (True, True)])
def test_centrality_table_as_computed_the_plain_way(G, placeholders, implicit):
    same_rows(centrality_table(G, placeholders=placeholders, implicit=implicit),
              plain_centrality_table(G, placeholders, implicit))


def test_centrality_table_over_some_roles_as_computed_the_plain_way(G):
    roles = ("lead", "support")
    same_rows(centrality_table(G, roles=roles), plain_centrality_table(G, roles=roles))


def test_projections_and_degrees_as_computed_the_plain_way(G):
    for fast, plain in [(co_assignment_graph(G), plain_co_assignment_graph(G)),
                        (lead_support_graph(G), plain_lead_support_graph(G))]:
        assert list(fast.nodes(data=True)) == list(plain.nodes(data=True))
        assert list(fast.edges(data=True)) == list(plain.edges(data=True))
    found = plain_assignments(G)
    for role in (None, *ASSIGNMENT_ROLES):
        expected = {u: len({t for v, t, r in found if v == u and role in (None, r)})
                    for u in sorted({u for u, _, _ in found})}
        assert task_degree(G, role) == expected


@pytest.mark.parametrize("implicit", [False, True])
def test_unit_counts_as_computed_the_plain_way(G, implicit):
    same_rows(unit_counts(G, implicit=implicit), plain_unit_counts(G, implicit))


def test_gephi_files_are_what_networkx_writes(G, tmp_path):
    H = gephi_graph(G)
    gexf, graphml = to_gexf(H), to_graphml(H)
    assert gexf == networkx_gexf(H)
    assert graphml == networkx_graphml(H)
    written = write_graph_outputs(G, tmp_path, "c")
    assert written[2].read_text(encoding="utf-8") == gexf
    assert written[3].read_text(encoding="utf-8") == graphml


def test_gephi_copy_is_the_sorted_plain_graph(G):
    H = gephi_graph(G)
    assert list(H) == sorted(G)
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    assert [(u, v, k) for u, v, k in H.edges(keys=True)] == [(u, v, f"e{n}") for n, (u, v, *_) in enumerate(edges)]
    for (u, v, key, data), (_, _, _, plain) in zip(edges, H.edges(keys=True, data=True)):
        assert plain == {"edge_key": str(key), **{k: data[k] for k in sorted(data)}}
        assert list(plain) == ["edge_key", *sorted(data)]


def test_awkward_values_are_written_as_networkx_writes_them():
    """Characters XML escapes, empty text, NaN and infinities, a node and an edge with no
    attributes, names GEXF reserves, whole-number keys, and a graph id."""
    H = nx.MultiDiGraph(documents='a&b|"c"', id="g<1>")
    H.add_node("n&1", type="Document", date="2021-05-06", title='x < y & "z"\r\n\t', level=3)
    H.add_node("n2", label="一、", start=0, end=5, value=float("nan"), other=float("-inf"), flag=True, empty="")
    H.add_node("n3")
    H.add_node("n4", id="own id", pid="p", value=float("inf"), flag=False)
    H.add_edge("n&1", "n2", key=0, type="has_part", weight=2.5, label="l", id="i")
    H.add_edge("n2", "n3", key="k<", type="lead", start=1, end=2, implicit=False, as_written="市>局")
    H.add_edge("n3", "n4", key=7)
    assert to_gexf(H) == networkx_gexf(H)
    assert to_graphml(H) == networkx_graphml(H)
    empty = nx.MultiDiGraph()
    assert to_gexf(empty) == networkx_gexf(empty)
    assert to_graphml(empty) == networkx_graphml(empty)


def test_look_alike_warnings_as_found_by_comparing_every_pair(docs, keys):
    """The report compares only the pairs that could look alike; comparing every pair of
    units of one jurisdiction finds the same warnings, in the same order."""
    res = resolve_units(docs, keys)
    names, scopes, first = {}, {}, {}
    for index, (key, doc) in enumerate(zip(keys, docs)):
        for a in doc.assignments:
            unit = res.units[(key, a.unit)]
            names.setdefault(unit.id, unit)
            scopes[unit.id] = res.jurisdictions[key] or f"doc:{key}"
            first.setdefault(unit.id, (index, a.start, a.end))
    by_scope = defaultdict(list)
    for uid in sorted(names):
        by_scope[scopes[uid]].append(names[uid])
    expected = []
    for members in by_scope.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if _rules(None).distinct_reason(a.name, b.name) is None and look_alike(a.name, b.name):
                    index, start, end = max(first[a.id], first[b.id])
                    where = (*_line_column(docs[index].text, start), start, end)
                    expected.append((keys[index], f"{a.name} and {b.name}", where))
    found = [(key, d.message.split(" look like")[0], (d.line, d.column, d.start, d.end))
             for key, d in res.diagnostics if d.code == "unit-look-alike"]
    assert found == expected and len(found) > 0


def test_measures_cover_every_unit(G):
    rows = centrality_table(G)
    assert set(MEASURES) <= set(rows[0])
    assert {r["id"] for r in rows} == {u for u, _, _ in plain_assignments(G)}


def test_betweenness_part_by_part_as_on_the_whole_projection(G):
    P = co_assignment_graph(G, placeholders=True, implicit=True)
    assert len(list(nx.connected_components(P))) > 3
    found, expected = betweenness(P), plain_betweenness(P)
    assert list(found) == list(expected) and all(same(found[v], expected[v]) for v in expected)
