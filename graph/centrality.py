"""How central each unit is in carrying the plan: one measure per function, and a table.

The measures read the graphs of :mod:`fengong.graph.projection`:

- :func:`task_degree` — in the unit–task two-mode graph, by role or overall;
- :func:`weighted_degree`, :func:`betweenness`, :func:`eigenvector`, :func:`pagerank` — on
  the unit–unit co-assignment projection (Newman collaboration weights);
- :func:`pagerank` and the in/out degree — on the lead → support network.

:func:`centrality_table` computes them all for every unit, one row each.
"""

from __future__ import annotations

import functools
import sys
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from typing import Any

import networkx as nx

from .projection import (
    ASSIGNMENT_ROLES,
    assignments,
    co_assignment_ties,
    index_units,
    lead_support_ties,
)

__all__ = [
    "MEASURES",
    "task_degree",
    "weighted_degree",
    "betweenness",
    "eigenvector",
    "pagerank",
    "centrality_table",
]

#: The numeric columns of :func:`centrality_table`, in order.
MEASURES = (
    "degree",
    "degree_lead",
    "degree_responsible",
    "degree_support",
    "degree_guide",
    "strength",
    "betweenness",
    "eigenvector",
    "pagerank",
    "ls_out_degree",
    "ls_in_degree",
    "ls_pagerank",
)


def task_degree(
    G: nx.MultiDiGraph,
    role: str | None = None,
    *,
    placeholders: bool = False,
    implicit: bool = False,
) -> dict[str, int]:
    """Degree in the unit–task two-mode graph: the number of distinct tasks a unit is
    assigned to with ``role``, or in any assignment role when ``role`` is ``None``.

    Every unit with at least one assignment (in any role) is a key, so the by-role
    degrees of one graph have the same keys.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for t in ("t1", "t2"): G.add_node(t, type="Task")
    >>> for u in "ab": G.add_node(u, type="Unit", placeholder=False)
    >>> for u, t, r in [("a", "t1", "lead"), ("a", "t2", "responsible"), ("b", "t1", "responsible")]:
    ...     _ = G.add_edge(u, t, type=r)
    >>> task_degree(G), task_degree(G, "lead")
    ({'a': 2, 'b': 1}, {'a': 1, 'b': 0})
    """
    if role is not None and role not in ASSIGNMENT_ROLES:
        raise ValueError(f"unknown role {role!r} (known: {', '.join(ASSIGNMENT_ROLES)})")
    return _task_degrees(assignments(G, placeholders=placeholders, implicit=implicit, sort=False))[role]


def _task_degrees(found: Iterable[tuple[Any, str, str]]) -> dict[str | None, dict[Any, int]]:
    """:func:`task_degree` overall (key ``None``) and for each role, from the distinct
    ``(unit, task, role)`` triples of the graph (units as names or indices)."""
    tasks: dict[Any, set[str]] = defaultdict(set)
    by_role: dict[str, dict[Any, int]] = {role: defaultdict(int) for role in ASSIGNMENT_ROLES}
    for unit, task, role in found:
        tasks[unit].add(task)
        by_role[role][unit] += 1  # the triples are distinct: once per task
    units = sorted(tasks)
    return {None: {u: len(tasks[u]) for u in units},
            **{role: {u: counts[u] for u in units} for role, counts in by_role.items()}}


def weighted_degree(P: nx.Graph, weight: str = "weight") -> dict[str, float]:
    """Weighted degree (strength): the sum of the weights of a unit's edges.

    In the co-assignment projection this is the number of a unit's tasks that it shares
    with other units, each task counted once however many co-workers it has.

    Examples
    --------
    >>> P = nx.Graph(); P.add_edge("a", "b", weight=1.5); P.add_edge("a", "c", weight=0.5)
    >>> weighted_degree(P)
    {'a': 2.0, 'b': 1.5, 'c': 0.5}
    """
    return {n: float(d) for n, d in sorted(P.degree(weight=weight))}


def _igraph(H: nx.Graph, weight: str):
    """``H`` as an igraph graph over its nodes in sorted order, with the edge weights."""
    nodes = sorted(H)
    index = {n: i for i, n in enumerate(nodes)}
    edges = ((index[u], index[v], float(w)) for u, v, w in H.edges(data=weight, default=1.0))
    return _igraph_of(len(nodes), edges, H.is_directed()), nodes


def _numpy_spared(function: Callable) -> Callable:
    """``function``, which works on igraph graphs given as lists, run without importing NumPy.

    Every igraph graph made (``igraph.Graph()``, ``subgraph``) imports NumPy to ask whether
    its edges came as an array. Nothing here passes one, and NumPy's import is most of the
    time the main document's centrality takes, so where nothing else has imported it a
    ``None`` in ``sys.modules`` makes that import fail at once, which igraph expects and
    passes over.
    """

    @functools.wraps(function)
    def spared(*args: Any, **kwargs: Any) -> Any:
        if "numpy" in sys.modules:
            return function(*args, **kwargs)
        sys.modules["numpy"] = None  # type: ignore[assignment]
        try:
            return function(*args, **kwargs)
        finally:
            if sys.modules.get("numpy", 0) is None:
                del sys.modules["numpy"]

    return spared


@_numpy_spared
def _igraph_of(n: int, edges: Iterable[tuple[int, int, float]], directed: bool):
    """The igraph graph of ``n`` nodes and the weighted ``edges`` between their indices,
    the edges added in sorted order (so one set of edges always gives one graph)."""
    import igraph

    edges = sorted(edges)
    g = igraph.Graph(n=n, edges=[(u, v) for u, v, _ in edges], directed=directed)
    g.es["w"] = [w for _, _, w in edges]
    return g


def betweenness(P: nx.Graph, weight: str = "weight") -> dict[str, float]:
    """Betweenness centrality with edge length ``1 / weight``.

    The share of shortest paths between pairs of other units that pass through a unit,
    summed over pairs and divided by the number of pairs, ``(n-1)(n-2)/2``. Path length is
    the sum of ``1 / weight`` over its edges, so a strong collaboration is a short step
    (using the weight itself as the length would make the strongest ties the longest).
    Pairs with several shortest paths share the credit equally. This is networkx's
    ``betweenness_centrality(normalized=True)``, computed by igraph's C core (Brandes'
    algorithm), which a corpus of thousands of units needs.

    Examples
    --------
    a–b and b–c are strong (weight 2), a–c weak (0.5): the shortest way from a to c is
    through b (length 1/2 + 1/2 = 1 < 1/0.5 = 2), so b is on the one path between others.

    >>> P = nx.Graph()
    >>> P.add_edge("a", "b", weight=2.0); P.add_edge("b", "c", weight=2.0); P.add_edge("a", "c", weight=0.5)
    >>> betweenness(P)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    if P.number_of_nodes() < 3 or P.number_of_edges() == 0:
        return {v: 0.0 for v in sorted(P)}
    g, nodes = _igraph(P, weight)
    return dict(zip(nodes, _betweenness(g)))


@_numpy_spared
def _betweenness(g) -> list[float]:
    """:func:`betweenness` of the nodes of the igraph graph ``g`` (weights ``w``), in order.

    Computed for each connected part on its own (a shortest path never leaves its part):
    igraph's weighted betweenness takes time in proportion to the square of the number of
    nodes of the graph it is given, so for a corpus of many jurisdictions the parts are much
    faster, and they give the same numbers to the last bit.
    """
    n = g.vcount()
    if n < 3 or g.ecount() == 0:
        return [0.0] * n
    raw = [0.0] * n
    for part in g.connected_components():
        if len(part) >= 3:  # in a smaller part no node is between two others
            sub = g.subgraph(part)
            for i, b in zip(part, sub.betweenness(directed=False, weights=[1.0 / w for w in sub.es["w"]])):
                raw[i] = b
    scale = 2.0 / ((n - 1) * (n - 2))
    return [float(b) * scale for b in raw]


def eigenvector(P: nx.Graph, weight: str = "weight") -> dict[str, float]:
    """Eigenvector centrality on the weighted projection, within each connected part.

    The entries of the leading eigenvector ``x`` of the weight matrix ``W``
    (``λ x = W x``), scaled to Euclidean length 1: a unit is central when it works much
    with units that are central. In a projection of several disconnected parts (a corpus
    of several jurisdictions, whose units never share a task) the leading eigenvector of
    the whole matrix only sees the part with the largest eigenvalue, so the measure is
    computed for each part on its own (each scaled to length 1); isolated units get 0.
    On a connected projection this is networkx's ``eigenvector_centrality``.

    Examples
    --------
    A triangle with equal weights: every unit ``1/√3``; a separate pair: ``1/√2`` each.

    >>> P = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> {n: round(x, 6) for n, x in eigenvector(P).items()}
    {'a': 0.57735, 'b': 0.57735, 'c': 0.57735, 'x': 0.707107, 'y': 0.707107}
    """
    if P.number_of_edges() == 0:
        return {v: 0.0 for v in sorted(P)}
    g, nodes = _igraph(P, weight)
    return dict(zip(nodes, _eigenvector(g)))


@_numpy_spared
def _eigenvector(g) -> list[float]:
    """:func:`eigenvector` of the nodes of the igraph graph ``g`` (weights ``w``), in order."""
    import random

    import igraph

    result = [0.0] * g.vcount()
    if g.ecount() == 0:
        return result
    # ARPACK starts from a random vector: seed it, so that every run gives the same digits
    igraph.set_random_number_generator(random.Random(0))
    try:
        parts = [(part, g.subgraph(part).eigenvector_centrality(weights="w", scale=True))
                 for part in g.connected_components() if len(part) >= 2]
    finally:
        igraph.set_random_number_generator(random)
    for part, values in parts:
        norm = sum(x * x for x in values) ** 0.5 or 1.0
        for i, x in zip(part, values):
            result[i] = abs(float(x)) / norm
    return result


def pagerank(H: nx.Graph, alpha: float = 0.85, weight: str = "weight") -> dict[str, float]:
    """PageRank: the long-run share of time a random walker spends at each unit.

    At each step the walker follows an edge with probability ``alpha``, chosen in
    proportion to its ``weight`` (an undirected edge can be followed either way), and
    otherwise jumps to a unit chosen uniformly; from a unit with no way out it jumps. So

    .. math:: x_v = \\frac{1-\\alpha}{n} + \\alpha \\Big( \\sum_u x_u \\frac{w_{uv}}{W_u}
              + \\frac{1}{n} \\sum_{u : W_u = 0} x_u \\Big)

    with ``W_u`` the total weight out of ``u``; the values add up to 1. This is
    networkx's definition, solved exactly (to floating-point precision) by igraph's PRPACK
    rather than by power iteration, so it is fast on a corpus and the same on every run.

    Examples
    --------
    A walker on a → b with no way out of b:

    >>> pr = pagerank(nx.DiGraph([("a", "b")]))
    >>> round(pr["a"], 6), round(pr["b"], 6)
    (0.350877, 0.649123)
    """
    if H.number_of_nodes() == 0:
        return {}
    g, nodes = _igraph(H, weight)
    return dict(zip(nodes, _pagerank(g, alpha)))


@_numpy_spared
def _pagerank(g, alpha: float = 0.85) -> list[float]:
    """:func:`pagerank` of the nodes of the igraph graph ``g`` (weights ``w``), in order."""
    if g.vcount() == 0:
        return []
    values = g.pagerank(damping=alpha, weights="w" if g.ecount() else None, directed=g.is_directed(),
                        implementation="prpack")
    return [float(x) for x in values]


def centrality_table(
    G: nx.MultiDiGraph,
    *,
    placeholders: bool = False,
    implicit: bool = False,
    roles: Collection[str] = ASSIGNMENT_ROLES,
    tasks: Callable[[str], bool] | None = None,
) -> list[dict]:
    """Every measure for every unit assigned to a task, one row each, most central first.

    Columns: ``id``, ``name``, ``unit_type``, then :data:`MEASURES`:

    - ``degree``, ``degree_<role>``: :func:`task_degree`, overall and by role;
    - ``strength``, ``betweenness``, ``eigenvector``, ``pagerank``: :func:`weighted_degree`,
      :func:`betweenness`, :func:`eigenvector`, :func:`pagerank` on the co-assignment
      projection (:func:`fengong.graph.projection.co_assignment_graph` over ``roles``);
    - ``ls_out_degree``, ``ls_in_degree``, ``ls_pagerank``: in the lead → support network
      (:func:`fengong.graph.projection.lead_support_graph`), the number of units a unit leads, the
      number it works under, and PageRank with edges weighted by shared tasks (the walker
      goes from lead to supporter, so units that many central leads rely on rank high).

    ``tasks`` keeps only the tasks (node ids) for which it is true, so that the measures are
    those of one document's or one section's network.

    Rows are sorted by ``pagerank`` (highest first), then by ``name`` and ``id``.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局、市科技局)。\\n")
    >>> rows = centrality_table(to_networkx([doc], ["d"]))
    >>> [(r["name"], r["degree"], r["strength"], r["ls_out_degree"]) for r in rows]
    [('市发改委', 1, 1.0, 2), ('市科技局', 1, 1.0, 0), ('市财政局', 1, 1.0, 0)]
    """
    units, found = index_units(assignments(G, placeholders=placeholders, implicit=implicit, sort=False, tasks=tasks))
    degrees = _task_degrees(found)
    co = _co_assignment_measures([t for t in found if t[2] in roles])
    ls = _lead_support_measures(found)
    no_ties = dict.fromkeys(("strength", "betweenness", "eigenvector", "pagerank"), 0.0)
    rows = []
    for i, unit in enumerate(units):
        data = G.nodes[unit]
        rows.append({
            "id": unit,
            "name": data.get("name", unit),
            "unit_type": data.get("unit_type", ""),
            "degree": degrees[None][i],
            **{f"degree_{role}": degrees[role][i] for role in ASSIGNMENT_ROLES},
            **co.get(i, no_ties),
            **ls[i],
        })
    rows.sort(key=lambda r: (-r["pagerank"], r["name"], r["id"]))
    return rows


def _co_assignment_measures(found: Iterable[tuple[int, str, str]]) -> dict[int, dict[str, float]]:
    """``strength``, ``betweenness``, ``eigenvector`` and ``pagerank`` of each unit on the
    co-assignment projection of the triples ``found`` (units as indices, see
    :func:`fengong.graph.projection.index_units`).

    The same numbers as :func:`weighted_degree` … :func:`pagerank` on
    :func:`fengong.graph.projection.co_assignment_graph`, without building the networkx graph:
    the igraph graph is made from the ties directly (nodes and edges in the same sorted
    order) and the weights of each unit are added in the order of its neighbours' names,
    as a networkx graph built in sorted order adds them.
    """
    units = sorted({u for u, _, _ in found})
    index = {u: i for i, u in enumerate(units)}
    ties = co_assignment_ties(found)
    strength: list[float] = [0] * len(units)
    for (u, v), (w, _) in ties.items():  # in sorted pairs: each unit's neighbours in name order
        strength[index[u]] += w
        strength[index[v]] += w
    g = _igraph_of(len(units), [(index[u], index[v], w) for (u, v), (w, _) in ties.items()], False)
    measures = zip(units, strength, _betweenness(g), _eigenvector(g), _pagerank(g))
    return {unit: {"strength": float(s), "betweenness": b, "eigenvector": e, "pagerank": p}
            for unit, s, b, e, p in measures}


def _lead_support_measures(found: Iterable[tuple[int, str, str]]) -> dict[int, dict[str, float]]:
    """``ls_out_degree``, ``ls_in_degree`` and ``ls_pagerank`` of each unit in the lead →
    support network of the triples ``found`` (units as indices), as
    :func:`fengong.graph.projection.lead_support_graph` and :func:`pagerank` on it give them,
    without building the networkx graph."""
    units = sorted({u for u, _, _ in found})
    index = {u: i for i, u in enumerate(units)}
    ties = lead_support_ties(found)
    out_degree, in_degree = [0] * len(units), [0] * len(units)
    for u, v in ties:
        out_degree[index[u]] += 1
        in_degree[index[v]] += 1
    g = _igraph_of(len(units), [(index[u], index[v], float(w)) for (u, v), w in ties.items()], True)
    measures = zip(units, out_degree, in_degree, _pagerank(g))
    return {unit: {"ls_out_degree": o, "ls_in_degree": i, "ls_pagerank": p} for unit, o, i, p in measures}
