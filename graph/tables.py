"""Per-unit tables: what each unit carries, and the tasks of one unit."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .projection import ASSIGNMENT_ROLES
from .units import UnknownUnitError

__all__ = ["UNIT_COLUMNS", "unit_counts", "find_units", "unit_tasks"]

#: The columns of a :func:`unit_counts` row, in order.
UNIT_COLUMNS = (
    "id",
    "name",
    "full_name",
    "unit_type",
    "placeholder",
    "led",
    "responsible",
    "supported",
    "guided",
    "total",
    "implicit",
    "share",
    "sections",
    "prose",
    "aliases",
)

_COUNT_OF_ROLE = {"lead": "led", "responsible": "responsible", "support": "supported", "guide": "guided"}


def unit_counts(G: nx.MultiDiGraph, *, implicit: bool = False) -> list[dict]:
    """What each unit carries: one row per Unit or UnitGroup node of the plan graph.

    Columns (see :data:`UNIT_COLUMNS`):

    - ``led``, ``responsible``, ``supported``, ``guided``: the number of distinct tasks the
      unit is named against in that role;
    - ``total``: the number of distinct tasks it is named against in any of these roles
      (a unit both leading and responsible for one task counts once);
    - ``implicit``: the number of distinct tasks it is assigned to only by a scoping note
      (各县市区 after “以下均需各县市区落实”); these count in the columns above only when
      ``implicit`` is true;
    - ``share``: ``total`` divided by the number of tasks in the graph;
    - ``sections``: the number of distinct numbered items (section paths, per document)
      its ``total`` tasks sit in;
    - ``prose``: the number of times it is named in running text (role ``prose``).

    Rows are sorted by ``total`` (highest first), then ``name`` and ``id``.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局)。"
    ...                    "乙(牵头单位:市财政局)。\\n(二)丙(牵头单位:市发改委)。\\n")
    >>> for r in unit_counts(to_networkx([doc], ["d"])):
    ...     print(r["name"], r["led"], r["responsible"], r["total"], r["share"], r["sections"])
    市发改委 2 0 2 0.6666666666666666 2
    市财政局 1 1 2 0.6666666666666666 1
    """
    nodes = dict(G.nodes(data=True))
    n_tasks = sum(1 for data in nodes.values() if data.get("type") == "Task")
    rows = []
    for node, targets in G.adjacency():  # the edges out of each unit
        data = nodes[node]
        if data.get("type") not in ("Unit", "UnitGroup"):
            continue
        tasks: dict[str, set[str]] = {role: set() for role in _COUNT_OF_ROLE}
        written: set[str] = set()  # tasks with an explicit assignment
        by_note: set[str] = set()  # tasks with an implicit one
        prose = 0
        for v, edges in targets.items():
            on_task = nodes[v].get("type") == "Task"
            for edge in edges.values():
                role = edge.get("type")
                if role == "prose":
                    prose += 1
                if role not in ASSIGNMENT_ROLES or not on_task:
                    continue
                is_implicit = edge.get("implicit", False)
                (by_note if is_implicit else written).add(v)
                if implicit or not is_implicit:
                    tasks[role].add(v)
        every = set().union(*tasks.values())
        rows.append({
            "id": node,
            "name": data.get("name", node),
            "full_name": data.get("full_name", ""),
            "unit_type": data.get("unit_type", ""),
            "placeholder": bool(data.get("placeholder", False)),
            **{column: len(tasks[role]) for role, column in _COUNT_OF_ROLE.items()},
            "total": len(every),
            "implicit": len(by_note - written),
            "share": len(every) / n_tasks if n_tasks else 0.0,
            "sections": len({(nodes[t].get("doc"), nodes[t].get("path")) for t in every}),
            "prose": prose,
            "aliases": data.get("aliases", ""),
        })
    rows.sort(key=lambda r: (-r["total"], r["name"], r["id"]))
    return rows


def find_units(G: nx.MultiDiGraph, query: str) -> list[str]:
    """The unit nodes that ``query`` names: a node id, a canonical or full name, or a
    string as written. Sorted; empty when none matches.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("unit:荆门市:荆门市中级人民法院", type="Unit", name="市中级法院",
    ...            full_name="荆门市中级人民法院", aliases="市中级法院|市法院")
    >>> find_units(G, "市法院")
    ['unit:荆门市:荆门市中级人民法院']
    """
    found = []
    for node, data in G.nodes(data=True):
        if data.get("type") not in ("Unit", "UnitGroup"):
            continue
        names = {node, data.get("name"), data.get("full_name")} | set(filter(None, data.get("aliases", "").split("|")))
        if query in names:
            found.append(node)
    return sorted(found)


def unit_tasks(G: nx.MultiDiGraph, unit: str, role: str | None = None, *, implicit: bool = False) -> list[dict]:
    """The tasks a unit is named against, in document order, each once.

    ``unit`` is anything :func:`find_units` accepts (all the units it names are taken);
    ``role`` keeps only tasks where the unit has that role. Each row has ``doc``,
    ``task`` (node id), ``section`` (path), ``roles`` (``|``-joined, in
    :data:`fengong.graph.projection.ASSIGNMENT_ROLES` order), ``implicit`` (true when every
    assignment of the unit to the task is implicit), ``text``, ``start``, ``end``.
    Raises :class:`fengong.graph.units.UnknownUnitError` when no unit matches.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局)。"
    ...                    "乙(牵头单位:市财政局)。\\n")
    >>> [(r["section"], r["roles"], r["text"]) for r in unit_tasks(to_networkx([doc], ["d"]), "市财政局")]
    [('1.1', 'responsible', '甲'), ('1.1', 'lead', '乙')]
    """
    if role is not None and role not in ASSIGNMENT_ROLES:
        raise ValueError(f"unknown role {role!r} (known: {', '.join(ASSIGNMENT_ROLES)})")
    nodes = find_units(G, unit)
    if not nodes:
        raise UnknownUnitError(f"no unit named {unit!r} in the graph")
    roles: dict[str, set[str]] = defaultdict(set)
    explicit: dict[str, bool] = defaultdict(bool)
    for node in nodes:
        for _, task, data in G.out_edges(node, data=True):
            r = data.get("type")
            if r not in ASSIGNMENT_ROLES or G.nodes[task].get("type") != "Task":
                continue
            if data.get("implicit", False) and not implicit:
                continue
            roles[task].add(r)
            explicit[task] |= not data.get("implicit", False)
    documents = {key: i for i, key in enumerate(G.graph.get("documents", ()))}
    rows = []
    for task in roles:
        if role is not None and role not in roles[task]:
            continue
        data = G.nodes[task]
        rows.append({
            "doc": data.get("doc", ""),
            "task": task,
            "section": data.get("path", ""),
            "roles": "|".join(r for r in ASSIGNMENT_ROLES if r in roles[task]),
            "implicit": not explicit[task],
            "text": data.get("text", ""),
            "start": data.get("start", 0),
            "end": data.get("end", 0),
        })
    rows.sort(key=lambda r: (documents.get(r["doc"], len(documents)), r["doc"], r["start"], r["task"]))
    return rows
