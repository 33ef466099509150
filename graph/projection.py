"""Who works on what, and with whom: the unit–task two-mode graph and the unit networks
derived from it.

The graph functions here read the plan graph built by :func:`fengong.graph.build.to_networkx` and
return a new, smaller graph whose nodes and edges are added in sorted order, so the same
plan graph always gives the same derived graph (and the same floating-point results
downstream), whatever the hash seed. The ``*_ties`` functions compute the edges of the unit
networks from the ``(unit, task, role)`` triples of :func:`assignments`, in the same order,
for callers (the centrality table of a corpus) that need them without a networkx graph.

By default collective placeholders (市直各部门, …成员单位) are left out, because they stand
for many units and would make every department look connected to every other; implicit
assignments (各县市区 made responsible by a scoping note) are left out because the
document does not write them against the task. Options bring either back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from typing import Any

import networkx as nx

__all__ = [
    "ASSIGNMENT_ROLES",
    "assignments",
    "index_units",
    "unit_task_graph",
    "co_assignment_ties",
    "ROLE_PAIRS",
    "co_assignment_pairs",
    "co_assignment_graph",
    "lead_support_ties",
    "lead_support_graph",
]

#: The roles that assign a unit to a task (``prose`` mentions do not).
ASSIGNMENT_ROLES = ("lead", "responsible", "support", "guide")


def assignments(
    G: nx.MultiDiGraph,
    roles: Collection[str] = ASSIGNMENT_ROLES,
    *,
    placeholders: bool = False,
    implicit: bool = False,
    sort: bool = True,
    tasks: Callable[[str], bool] | None = None,
) -> list[tuple[str, str, str]]:
    """The distinct ``(unit, task, role)`` triples of the plan graph ``G``, sorted.

    A unit named twice with one role against one task (it should not happen, but a
    document can do it) counts once.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A plan graph from :func:`fengong.graph.build.to_networkx`.
    roles : collection of str
        The roles to keep; by default :data:`ASSIGNMENT_ROLES`.
    placeholders : bool
        Keep collective placeholders (default: leave them out).
    implicit : bool
        Keep implicit assignments (default: leave them out).
    sort : bool
        Sort the triples (default). ``False`` gives them in the order of ``G``'s adjacency,
        for callers that sort what they take from them: the triples of one unit together, so
        that whatever is looked up by unit or task next is looked up in runs (on a corpus,
        twice as fast as in the scattered order of a set).
    tasks : callable, optional
        Keep only the tasks (node ids) for which it is true: one document's, one section's.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("t", type="Task"); G.add_node("a", type="Unit", placeholder=False)
    >>> G.add_edge("a", "t", type="lead", implicit=False)
    0
    >>> assignments(G)
    [('a', 't', 'lead')]
    """
    kind = dict(G.nodes(data="type"))
    standing_for_many = dict(G.nodes(data="placeholder", default=False))
    found = []
    for u, targets in G.adjacency():  # one pass over the edges, by (source, target)
        if standing_for_many[u] and not placeholders:
            continue
        for v, edges in targets.items():
            if kind[v] != "Task" or tasks is not None and not tasks(v):
                continue
            mine: list[str] = []  # the roles of u on v, each once
            for data in edges.values():
                role = data.get("type")
                if role in roles and (implicit or not data.get("implicit", False)) and role not in mine:
                    mine.append(role)
            found.extend((u, v, role) for role in mine)
    return sorted(found) if sort else found


def unit_task_graph(
    G: nx.MultiDiGraph,
    roles: Collection[str] = ASSIGNMENT_ROLES,
    *,
    placeholders: bool = False,
    implicit: bool = False,
) -> nx.Graph:
    """The unit–task two-mode (bipartite) graph: a unit is joined to each task it is
    assigned to in one of ``roles``, once however many roles it has there.

    Units have ``bipartite=0``, tasks ``bipartite=1``. Each edge has ``roles``, the unit's
    roles on the task joined by ``|`` in :data:`ASSIGNMENT_ROLES` order. Only units with
    at least one assignment are nodes; every task of ``G`` is a node.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for t in ("t1", "t2"): G.add_node(t, type="Task")
    >>> for u in ("a", "b"): G.add_node(u, type="Unit", placeholder=False)
    >>> G.add_edge("a", "t1", type="lead"); G.add_edge("a", "t1", type="responsible"); G.add_edge("b", "t2", type="lead")
    0
    1
    0
    >>> B = unit_task_graph(G)
    >>> sorted(B.edges(data="roles"))
    [('a', 't1', 'lead|responsible'), ('b', 't2', 'lead')]
    """
    roles_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for unit, task, role in assignments(G, roles, placeholders=placeholders, implicit=implicit):
        roles_of[(unit, task)].append(role)
    B = nx.Graph()
    B.add_nodes_from(sorted({u for u, _ in roles_of}), bipartite=0)
    B.add_nodes_from(sorted(n for n, t in G.nodes(data="type") if t == "Task"), bipartite=1)
    B.add_edges_from((unit, task, {"roles": "|".join(r for r in ASSIGNMENT_ROLES if r in found)})
                     for (unit, task), found in sorted(roles_of.items()))
    return B


def _unit_attrs(G: nx.MultiDiGraph, unit: str) -> dict[str, str]:
    """The attributes a unit keeps in a unit network: its ``name`` and ``unit_type``."""
    data = G.nodes[unit]
    return {"name": data.get("name", unit), "unit_type": data.get("unit_type", "")}


def index_units(found: Iterable[tuple[str, str, str]]) -> tuple[list[str], list[tuple[int, str, str]]]:
    """The units of ``(unit, task, role)`` triples in sorted order, and the triples with
    each unit replaced by its index in that order.

    The indices sort as the names do, so the ties of :func:`co_assignment_ties` and
    :func:`lead_support_ties` come in the same order from either; igraph takes indices.

    Examples
    --------
    >>> index_units([("b", "t1", "lead"), ("a", "t1", "support")])
    (['a', 'b'], [(1, 't1', 'lead'), (0, 't1', 'support')])
    """
    units = sorted({u for u, _, _ in found})
    index = {u: i for i, u in enumerate(units)}
    return units, [(index[u], task, role) for u, task, role in found]


def co_assignment_ties(found: Iterable[tuple[Any, str, str]]) -> dict[tuple[Any, Any], tuple[float, int]]:
    """The ties of the co-assignment projection, from ``(unit, task, role)`` triples as
    :func:`assignments` gives them: for each pair of units ``u < v`` that share a task,
    the Newman weight and the number of shared tasks (see :func:`co_assignment_graph`).

    Sorted by pair. The weights are summed over the tasks in sorted order, so the same
    triples always give the same floating-point weights. The units may be names or their
    indices from :func:`index_units`.

    Examples
    --------
    >>> co_assignment_ties([("a", "t1", "lead"), ("b", "t1", "support"), ("c", "t1", "support"),
    ...                     ("a", "t2", "lead"), ("b", "t2", "responsible")])
    {('a', 'b'): (1.5, 2), ('a', 'c'): (0.5, 1), ('b', 'c'): (0.5, 1)}
    """
    units_of: dict[str, set] = defaultdict(set)
    for unit, task, _ in found:
        units_of[task].add(unit)
    weight: dict[tuple, float] = defaultdict(float)
    shared: dict[tuple, int] = defaultdict(int)
    for task in sorted(units_of):
        units = sorted(units_of[task])
        if len(units) < 2:
            continue
        for i, u in enumerate(units):
            for v in units[i + 1:]:
                weight[(u, v)] += 1.0 / (len(units) - 1)
                shared[(u, v)] += 1
    return {pair: (weight[pair], shared[pair]) for pair in sorted(weight)}


#: The ordered role pairs of :func:`co_assignment_pairs`: ``(role of u, role of v)``.
ROLE_PAIRS = tuple((a, b) for a in ASSIGNMENT_ROLES for b in ASSIGNMENT_ROLES)

#: For two sets of roles as bit masks (bit i: role i of ASSIGNMENT_ROLES), the places in a
#: row of :func:`co_assignment_pairs` of each ordered pair of one role from each.
_PAIR_PLACES = tuple(tuple(tuple(2 + a * len(ASSIGNMENT_ROLES) + b
                                 for a in range(len(ASSIGNMENT_ROLES)) if mu >> a & 1
                                 for b in range(len(ASSIGNMENT_ROLES)) if mv >> b & 1)
                           for mv in range(1 << len(ASSIGNMENT_ROLES)))
                     for mu in range(1 << len(ASSIGNMENT_ROLES)))


def co_assignment_pairs(found: Iterable[tuple[Any, str, str]]) -> dict[tuple[Any, Any], list]:
    """The co-assignment ties with their roles, from ``(unit, task, role)`` triples as
    :func:`assignments` gives them: for each pair of units ``u < v`` that share a task,
    ``[weight, tasks, n_1, … n_16]``: the Newman weight and the number of shared tasks (as
    :func:`co_assignment_ties` gives them, to the last bit), then the number of shared tasks
    on which ``u`` has one role and ``v`` another, for each ordered pair of
    :data:`ROLE_PAIRS` in turn.

    A unit with two roles on one task (lead and responsible) counts under each, so the role
    counts of a pair can add up to more than its shared tasks. Sorted by pair. The units may
    be names or their indices from :func:`index_units` (faster).

    Examples
    --------
    >>> ties = co_assignment_pairs([("a", "t1", "lead"), ("b", "t1", "support"), ("a", "t2", "support"),
    ...                             ("b", "t2", "support")])
    >>> weight, tasks, *counts = ties[("a", "b")]
    >>> weight, tasks, {ROLE_PAIRS[i]: n for i, n in enumerate(counts) if n}
    (2.0, 2, {('lead', 'support'): 1, ('support', 'support'): 1})
    """
    bit = {role: 1 << i for i, role in enumerate(ASSIGNMENT_ROLES)}
    roles_of: dict[str, dict[Any, int]] = {}
    for unit, task, role in found:
        units = roles_of.get(task)
        if units is None:
            units = roles_of[task] = {}
        units[unit] = units.get(unit, 0) | bit[role]
    width = 2 + len(ROLE_PAIRS)
    pairs: dict[tuple, list] = {}
    for task in sorted(roles_of):  # in task order, so that the weights add up as co_assignment_ties adds them
        units = roles_of[task]
        if len(units) < 2:
            continue
        share = 1.0 / (len(units) - 1)
        ordered = sorted(units)
        for i, u in enumerate(ordered):
            places = _PAIR_PLACES[units[u]]
            for v in ordered[i + 1:]:
                row = pairs.get((u, v))
                if row is None:
                    row = pairs[(u, v)] = [0.0] + [0] * (width - 1)
                row[0] += share
                row[1] += 1
                for k in places[units[v]]:
                    row[k] += 1
    return {pair: pairs[pair] for pair in sorted(pairs)}


def co_assignment_graph(
    G: nx.MultiDiGraph,
    roles: Collection[str] = ASSIGNMENT_ROLES,
    *,
    placeholders: bool = False,
    implicit: bool = False,
) -> nx.Graph:
    """The unit–unit co-assignment projection, with Newman's collaboration weights.

    Two units are joined when they are assigned to a common task. A task with ``d_k``
    assigned units adds ``1 / (d_k - 1)`` to the weight of each pair of them, so

    .. math:: w_{uv} = \\sum_k \\frac{\\delta_u^k \\delta_v^k}{d_k - 1}

    (Newman 2001, "Scientific collaboration networks. II"; the same as networkx's
    ``bipartite.collaboration_weighted_projected_graph``). A unit's weights then add up to
    the number of its tasks that it shares with anyone: each task is one unit of work
    split among the co-workers. Tasks with one unit add nothing.

    Every unit of :func:`unit_task_graph` is a node (with ``name`` and ``unit_type``),
    co-workers or not. Each edge has ``weight`` (the sum above), ``tasks`` (the number of
    shared tasks) and ``distance = 1 / weight``, the length to use for shortest paths: a
    strong tie is a short distance.

    Examples
    --------
    One task for a, b and c, another for a and b:

    >>> G = nx.MultiDiGraph()
    >>> for t in ("t1", "t2"): G.add_node(t, type="Task")
    >>> for u in "abc": G.add_node(u, type="Unit", placeholder=False, name=u, unit_type="x")
    >>> for u, t in [("a", "t1"), ("b", "t1"), ("c", "t1"), ("a", "t2"), ("b", "t2")]:
    ...     _ = G.add_edge(u, t, type="responsible")
    >>> P = co_assignment_graph(G)
    >>> sorted((u, v, d["weight"], d["tasks"]) for u, v, d in P.edges(data=True))
    [('a', 'b', 1.5, 2), ('a', 'c', 0.5, 1), ('b', 'c', 0.5, 1)]
    """
    units, found = index_units(assignments(G, roles, placeholders=placeholders, implicit=implicit, sort=False))
    P = nx.Graph()
    P.add_nodes_from((unit, _unit_attrs(G, unit)) for unit in units)
    P.add_edges_from((units[u], units[v], {"weight": w, "tasks": n, "distance": 1.0 / w})
                     for (u, v), (w, n) in co_assignment_ties(found).items())
    return P


def lead_support_ties(found: Iterable[tuple[Any, str, str]]) -> dict[tuple[Any, Any], int]:
    """The ties of the lead → support network, from ``(unit, task, role)`` triples as
    :func:`assignments` gives them: for each pair (lead, other), the number of tasks on
    which ``lead`` leads and ``other`` is responsible or supports. Sorted by pair. The
    units may be names or their indices from :func:`index_units`.

    Examples
    --------
    >>> lead_support_ties([("a", "t1", "lead"), ("b", "t1", "responsible"), ("c", "t1", "support"),
    ...                    ("a", "t2", "lead"), ("b", "t2", "responsible"), ("c", "t2", "guide")])
    {('a', 'b'): 2, ('a', 'c'): 1}
    """
    leads: dict[str, list] = defaultdict(list)
    others: dict[str, set] = defaultdict(set)
    for unit, task, role in found:
        if role == "lead":
            leads[task].append(unit)
        elif role in ("responsible", "support"):
            others[task].add(unit)
    weight: dict[tuple, int] = defaultdict(int)
    for task, units in leads.items():
        for lead in units:
            for other in others.get(task, ()):
                if other != lead:
                    weight[(lead, other)] += 1
    return dict(sorted(weight.items()))


def lead_support_graph(
    G: nx.MultiDiGraph,
    *,
    placeholders: bool = False,
    implicit: bool = False,
) -> nx.DiGraph:
    """The lead → support network: who leads whom.

    For each task, each lead unit points to each other unit that is responsible for or
    supports the task. ``weight`` is the number of tasks on which it does. A unit's
    out-degree is the number of units it leads, its in-degree the number of units it
    works under. Every unit assigned to a task in any role is a node.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for t in ("t1", "t2"): G.add_node(t, type="Task")
    >>> for u in "abc": G.add_node(u, type="Unit", placeholder=False, name=u, unit_type="x")
    >>> for u, t, r in [("a", "t1", "lead"), ("b", "t1", "responsible"), ("c", "t1", "support"),
    ...                 ("a", "t2", "lead"), ("b", "t2", "responsible")]:
    ...     _ = G.add_edge(u, t, type=r)
    >>> sorted(lead_support_graph(G).edges(data="weight"))
    [('a', 'b', 2), ('a', 'c', 1)]
    """
    units, found = index_units(assignments(G, placeholders=placeholders, implicit=implicit, sort=False))
    D = nx.DiGraph()
    D.add_nodes_from((unit, _unit_attrs(G, unit)) for unit in units)
    D.add_edges_from((units[u], units[v], {"weight": w}) for (u, v), w in lead_support_ties(found).items())
    return D
