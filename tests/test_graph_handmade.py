"""Each measure of graph/ on a small hand-made document whose answers are worked out by hand.

The document (built by :func:`make_doc`, not by the parser, so these tests do not depend
on it) is, with A = 市发改委, B = 市财政局, C = 市经信局, D = 市科技局:

=====  =======  ====  ============  ==========================================
task   section  lead  responsible   support / other
=====  =======  ====  ============  ==========================================
T1     1.1      A     B
T2     1.1      A     B
T3     1.2      B     C
T4     1.2      C     B
T5     2.1      A     C             D supports
T6     2.1      D     各县市区      B responsible only implicitly (scoping note)
=====  =======  ====  ============  ==========================================

and A is named once in prose in section 2. By default the placeholder 各县市区 and the
implicit assignment of B are left out of every measure.
"""

from __future__ import annotations

import math
from fractions import Fraction

import networkx as nx
import pytest

from fengong.graph.build import to_networkx
from fengong.graph.centrality import betweenness, centrality_table, eigenvector, pagerank, task_degree, weighted_degree
from fengong.graph.projection import co_assignment_graph, lead_support_graph, unit_task_graph
from fengong.graph.tables import find_units, unit_counts, unit_tasks
from fengong.parser.model import Annotation, Assignment, Document, Metadata, Section, Span, Task

ROLE_LABEL = {"lead": "牵头单位", "responsible": "责任单位", "support": "配合单位", "guide": "指导单位"}


def make_doc(items, *, issuer="荆门市人民政府办公室", source="hand.txt", prose=()):
    """A Document built by hand, every offset true to its text.

    ``items`` is a list of ``(section path, task text, mentions)`` in document order;
    a mention is ``(role, unit)``, or ``(role, unit, True)`` for an implicit one (its
    offsets point into a scoping-note line at the top). ``prose`` is a list of
    ``(section path, unit)`` named in running text at the end.
    """
    text = ""

    def put(s: str) -> tuple[int, int]:
        nonlocal text
        start = len(text)
        text += s
        return start, len(text)

    start, end = put(issuer)
    put("\n")
    metadata = Metadata(issuer=Span(issuer, start, end))
    notes = {}
    for _, _, mentions in items:
        for m in mentions:
            if len(m) == 3 and m[1] not in notes:
                put("以下均需")
                notes[m[1]] = put(m[1])
                put("落实\n")
    sections, tasks, assignments, seen = [], [], [], []
    count: dict[str, int] = {}

    def heading(path: str) -> None:
        parts = path.split(".")
        for i in range(1, len(parts) + 1):
            p = ".".join(parts[:i])
            if p in seen:
                continue
            seen.append(p)
            start, _ = put(p + " ")
            title_start, title_end = put(f"第{p}节")
            sections.append(Section(p, i, p + " ", "hand", f"第{p}节", title_start, title_end, start, title_end))
            put("\n")

    for path, task_text, mentions in items:
        heading(path)
        count[path] = count.get(path, 0) + 1
        tid = f"{path}#{count[path]}"
        t_start, t_end = put(task_text)
        a_start, _ = put("(")
        found = []
        explicit = [m for m in mentions if len(m) == 2]
        for i, role in enumerate(r for r in ROLE_LABEL if any(m[0] == r for m in explicit)):
            put((";" if i else "") + ROLE_LABEL[role] + ":")
            for j, (_, unit) in enumerate(m for m in explicit if m[0] == role):
                put("、" if j else "")
                u_start, u_end = put(unit)
                found.append(Assignment(unit, role, path, tid, u_start, u_end, source="label"))
        _, a_end = put(")")
        put("\n")
        for m in mentions:
            if len(m) == 3:
                n_start, n_end = notes[m[1]]
                found.append(Assignment(m[1], m[0], path, tid, n_start, n_end, implicit=True, source="scope"))
        annotation = Annotation("bracket", text[a_start:a_end], a_start, a_end)
        tasks.append(Task(tid, path, task_text, t_start, t_end, annotation))
        assignments.extend(found)
    for path, unit in prose:
        heading(path)
        u_start, u_end = put(unit)
        put("要抓好落实。\n")
        assignments.append(Assignment(unit, "prose", path, None, u_start, u_end, source="prose"))
    doc = Document(source=source, text=text, metadata=metadata, sections=tuple(sections), tasks=tuple(tasks),
                   assignments=tuple(assignments))
    for a in doc.assignments:
        assert doc.text[a.start:a.end] == a.unit
    for s in doc.sections:
        assert doc.text[s.title_start:s.title_end] == s.title
    return doc


A, B, C, D, ALL = "市发改委", "市财政局", "市经信局", "市科技局", "各县市区"
ITEMS = [
    ("1.1", "任务一", [("lead", A), ("responsible", B)]),
    ("1.1", "任务二", [("lead", A), ("responsible", B)]),
    ("1.2", "任务三", [("lead", B), ("responsible", C)]),
    ("1.2", "任务四", [("lead", C), ("responsible", B)]),
    ("2.1", "任务五", [("lead", A), ("responsible", C), ("support", D)]),
    ("2.1", "任务六", [("lead", D), ("responsible", ALL), ("responsible", B, True)]),
]


@pytest.fixture(scope="module")
def G():
    return to_networkx([make_doc(ITEMS, prose=[("2", A)])], ["hand"])


@pytest.fixture(scope="module")
def ids(G):
    return {name: find_units(G, name)[0] for name in (A, B, C, D, ALL)}


def by_name(values: dict, ids: dict) -> dict:
    back = {v: k for k, v in ids.items()}
    return {back[n]: x for n, x in values.items()}


def solve(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction]:
    """Gaussian elimination in exact arithmetic."""
    n = len(rhs)
    m = [row[:] + [r] for row, r in zip(matrix, rhs)]
    for i in range(n):
        pivot = next(k for k in range(i, n) if m[k][i] != 0)
        m[i], m[pivot] = m[pivot], m[i]
        for k in range(n):
            if k != i and m[k][i] != 0:
                f = m[k][i] / m[i][i]
                m[k] = [a - f * b for a, b in zip(m[k], m[i])]
    return [m[i][n] / m[i][i] for i in range(n)]


def pagerank_by_hand(nodes: list[str], weights: dict[tuple[str, str], float], alpha=Fraction(17, 20)) -> dict:
    """Solve x = (1-α)/n + α (Σ_u x_u w_uv / W_u + Σ_dangling x_u / n) exactly."""
    n = len(nodes)
    out = {u: sum(Fraction(w) for (a, _), w in weights.items() if a == u) for u in nodes}
    matrix, rhs = [], []
    for v in nodes:
        row = []
        for u in nodes:
            coeff = Fraction(1 if u == v else 0)
            if out[u] == 0:
                coeff -= alpha / n
            else:
                coeff -= alpha * Fraction(weights.get((u, v), 0)) / out[u]
            row.append(coeff)
        matrix.append(row)
        rhs.append((1 - alpha) / n)
    return dict(zip(nodes, solve(matrix, rhs)))


# ----------------------------------------------------------------------------------------


def test_the_graph_has_one_node_per_unit_and_one_edge_per_mention(G, ids):
    assert sum(1 for _, t in G.nodes(data="type") if t == "Task") == 6
    assert len(ids) == len(set(ids.values())) == 5
    mentions = [(u, d["type"], d["implicit"]) for u, _, d in G.edges(data=True) if "as_written" in d]
    assert len(mentions) == 15  # 14 in the table (2+2+2+2+3+3), 1 in prose
    assert sum(1 for _, r, i in mentions if i) == 1
    prose = [v for u, v, d in G.edges(data=True) if d["type"] == "prose"]
    assert prose == ["sec:hand:2"]


def test_task_degree_by_role_and_overall(G, ids):
    assert by_name(task_degree(G), ids) == {A: 3, B: 4, C: 3, D: 2}
    assert by_name(task_degree(G, "lead"), ids) == {A: 3, B: 1, C: 1, D: 1}
    assert by_name(task_degree(G, "responsible"), ids) == {A: 0, B: 3, C: 2, D: 0}
    assert by_name(task_degree(G, "support"), ids) == {A: 0, B: 0, C: 0, D: 1}
    assert by_name(task_degree(G, placeholders=True, implicit=True), ids) == {A: 3, B: 5, C: 3, D: 2, ALL: 1}


def test_unit_counts(G, ids):
    rows = {r["name"]: r for r in unit_counts(G)}
    assert [(rows[n]["led"], rows[n]["responsible"], rows[n]["supported"], rows[n]["total"], rows[n]["sections"])
            for n in (A, B, C, D, ALL)] == [(3, 0, 0, 3, 2), (1, 3, 0, 4, 2), (1, 2, 0, 3, 2), (1, 0, 1, 2, 1),
                                            (0, 1, 0, 1, 1)]
    assert rows[B]["implicit"] == 1 and rows[A]["implicit"] == 0
    assert rows[A]["prose"] == 1
    assert rows[B]["share"] == pytest.approx(4 / 6)
    assert rows[ALL]["placeholder"] is True and rows[A]["placeholder"] is False
    with_implicit = {r["name"]: r for r in unit_counts(G, implicit=True)}
    assert (with_implicit[B]["responsible"], with_implicit[B]["total"], with_implicit[B]["sections"]) == (4, 5, 3)


def test_unit_task_graph_is_bipartite_with_every_task(G, ids):
    Bg = unit_task_graph(G)
    assert nx.is_bipartite(Bg)
    assert sorted(by_name({n: 0 for n, p in Bg.nodes(data="bipartite") if p == 0}, ids)) == sorted([A, B, C, D])
    assert sum(1 for _, p in Bg.nodes(data="bipartite") if p == 1) == 6


def test_co_assignment_weights_are_newmans(G, ids):
    P = co_assignment_graph(G)
    weights = {frozenset(by_name({u: 0, v: 0}, ids)): w for u, v, w in P.edges(data="weight")}
    assert weights == {
        frozenset({A, B}): 2.0,  # T1, T2: two units each, 1/(2-1)
        frozenset({B, C}): 2.0,  # T3, T4
        frozenset({A, C}): 0.5,  # T5: three units, 1/(3-1)
        frozenset({A, D}): 0.5,
        frozenset({C, D}): 0.5,
    }
    assert {frozenset(by_name({u: 0, v: 0}, ids)): t for u, v, t in P.edges(data="tasks")}[frozenset({A, B})] == 2
    # the same weights as networkx's own projection
    Bg = unit_task_graph(G)
    units = [n for n, p in Bg.nodes(data="bipartite") if p == 0]
    theirs = nx.bipartite.collaboration_weighted_projected_graph(Bg, units)
    assert {frozenset((u, v)): w for u, v, w in theirs.edges(data="weight")} == \
        {frozenset((u, v)): w for u, v, w in P.edges(data="weight")}


def test_placeholders_and_implicit_join_the_projection_only_when_asked(G, ids):
    assert ids[ALL] not in co_assignment_graph(G)
    with_all = co_assignment_graph(G, placeholders=True)
    assert with_all[ids[D]][ids[ALL]]["weight"] == 1.0  # T6: D and 各县市区
    with_implicit = co_assignment_graph(G, implicit=True)
    assert with_implicit[ids[B]][ids[D]]["weight"] == 1.0  # T6: D and (implicitly) B


def test_weighted_degree(G, ids):
    assert by_name(weighted_degree(co_assignment_graph(G)), ids) == {A: 3.0, B: 4.0, C: 3.0, D: 1.0}


def test_betweenness_uses_inverse_weight_as_distance(G, ids):
    # lengths: AB = BC = 1/2, AC = AD = CD = 2.
    # A–C: through B (1/2 + 1/2 = 1 < 2)                → B gets 1
    # B–D: through A (1/2 + 2) or through C (1/2 + 2)  → A and C get 1/2 each
    # A–B, B–C, A–D, C–D: direct.  Three pairs of others per node: divide by 3.
    P = co_assignment_graph(G)
    assert by_name(betweenness(P), ids) == pytest.approx({A: 1 / 6, B: 1 / 3, C: 1 / 6, D: 0.0})
    # with the weight itself as the length, B would be on no shortest path
    wrong = nx.betweenness_centrality(P, weight="weight")
    assert wrong[ids[B]] == 0.0


def test_eigenvector_closed_form(G, ids):
    # With x_A = x_C = a (symmetry), x_B = b, x_D = d and W as above:
    #   λa = 2b + a/2 + d/2,  λb = 4a,  λd = a   ⇒   λ² − λ/2 − 17/2 = 0
    lam = (0.5 + math.sqrt(0.25 + 34)) / 2
    a = 1 / math.sqrt(2 + 16 / lam**2 + 1 / lam**2)
    expected = {A: a, B: 4 * a / lam, C: a, D: a / lam}
    assert by_name(eigenvector(co_assignment_graph(G)), ids) == pytest.approx(expected, abs=1e-9)


def test_pagerank_on_the_projection_solved_exactly(G, ids):
    weights = {}
    for (u, v), w in {(A, B): 2, (B, C): 2, (A, C): 0.5, (A, D): 0.5, (C, D): 0.5}.items():
        weights[(u, v)] = weights[(v, u)] = w
    expected = pagerank_by_hand([A, B, C, D], weights)
    ours = by_name(pagerank(co_assignment_graph(G)), ids)
    assert ours == pytest.approx({k: float(v) for k, v in expected.items()}, abs=1e-10)
    assert sum(ours.values()) == pytest.approx(1.0)


def test_lead_support_network(G, ids):
    Dg = lead_support_graph(G)
    edges = {tuple(by_name({u: 0}, ids)) + tuple(by_name({v: 0}, ids)): w for u, v, w in Dg.edges(data="weight")}
    assert edges == {(A, B): 2, (B, C): 1, (C, B): 1, (A, C): 1, (A, D): 1}
    assert by_name(dict(Dg.out_degree()), ids) == {A: 3, B: 1, C: 1, D: 0}
    assert by_name(dict(Dg.in_degree()), ids) == {A: 0, B: 2, C: 2, D: 1}
    # D leads no one it can point to, so the walker jumps from it uniformly
    expected = pagerank_by_hand([A, B, C, D], {(A, B): 2, (B, C): 1, (C, B): 1, (A, C): 1, (A, D): 1})
    assert by_name(pagerank(Dg), ids) == pytest.approx({k: float(v) for k, v in expected.items()}, abs=1e-10)


def test_centrality_table_puts_the_measures_together(G, ids):
    rows = centrality_table(G)
    assert [r["name"] for r in rows] == sorted([A, B, C, D], key=lambda n: -pagerank(co_assignment_graph(G))[ids[n]])
    row = {r["name"]: r for r in rows}[B]
    assert (row["degree"], row["degree_lead"], row["degree_responsible"], row["strength"]) == (4, 1, 3, 4.0)
    assert (row["ls_out_degree"], row["ls_in_degree"]) == (1, 2)
    assert row["betweenness"] == pytest.approx(1 / 3)
    assert ALL not in {r["name"] for r in rows}
    assert ALL in {r["name"] for r in centrality_table(G, placeholders=True)}


def test_unit_tasks(G):
    rows = unit_tasks(G, B)
    assert [(r["section"], r["roles"]) for r in rows] == [("1.1", "responsible"), ("1.1", "responsible"),
                                                          ("1.2", "lead"), ("1.2", "responsible")]
    assert [r["text"] for r in unit_tasks(G, B, "lead")] == ["任务三"]
    assert [r["implicit"] for r in unit_tasks(G, B, implicit=True)][-1] is True


def test_pagerank_agrees_with_networkx_on_a_directed_graph_with_dangling_nodes():
    pytest.importorskip("scipy")  # networkx's pagerank needs it; ours does not
    H = nx.DiGraph()
    H.add_weighted_edges_from([("a", "b", 2.0), ("b", "c", 1.0), ("c", "a", 0.5), ("c", "d", 3.0), ("e", "a", 1.0)])
    theirs = nx.pagerank(H, weight="weight", tol=1e-13)
    assert pagerank(H) == pytest.approx(theirs, abs=1e-9)
