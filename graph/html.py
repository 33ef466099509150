"""The plan graph as one self-contained, offline HTML page: an interactive network view.

:func:`to_html` turns a plan graph (:mod:`fengong.graph.schema`) into the text of a page;
:func:`write_html` writes it to a file. The page is vis-network's nodes and edges (built
here as plain data, in the shape pyvis gives them) in our own template in
``graph/templates/``:

- **self-contained and offline**: vis-network's script and style are inlined from pyvis's
  local copy, nothing is linked, and a Content-Security-Policy forbids every network load.
  The policy allows exactly the page's own scripts and styles, by their SHA-256 hashes, so a
  script smuggled into the page would not run even if it escaped the escaping below;
- **safe with untrusted text**: every text from the document travels as JSON inside a
  ``<script type="application/json">`` element, with ``<``, ``>`` and ``&`` written as
  ``\\u003c``, ``\\u003e`` and ``\\u0026``; the page builds its DOM with ``textContent``
  only, and tooltips are plain strings (vis-network shows them with ``innerText``);
- **what is drawn**: every node and every edge of the graph, one drawn node per graph node
  and one drawn edge per graph edge (parallel edges of the multigraph drawn separately).
  Units are sized by a centrality measure and coloured by unit type; the document layer
  (documents, sections, tasks, indicators, targets, 专栏) can be switched off, and filters
  hide role edges by role and by section. A corpus of more than one document and more
  than :data:`OVERVIEW_TASKS` tasks gets the unit overview instead (:func:`overview_data`,
  ``overview.html``/``.js``/``.css``): units only, joined by co-assignment, the most
  central :data:`OVERVIEW_UNITS` of them drawn, every one searchable, with its tasks by
  document in the side panel;
- **fast**: positions are computed here (:func:`radial_layout`, :func:`ring_layout`) and
  physics is off, so the browser draws once and is done;
- **deterministic**: the same graph gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path

import jinja2
import markupsafe
import networkx as nx
import pyvis

from fengong.parser.errors import FengongError
from fengong.parser.io import atomic_write_text
from fengong.parser.normalize import traditional_table

from .schema import ROLE_EDGE_TYPES, document_id, unit_id

__all__ = [
    "UNIT_TYPE_STYLE",
    "ROLE_STYLE",
    "MEASURE_LABELS",
    "OVERVIEW_TASKS",
    "OVERVIEW_UNITS",
    "OVERVIEW_EDGES",
    "OVERVIEW_TEXT",
    "ViewError",
    "to_html",
    "write_html",
    "view_data",
    "wants_overview",
    "overview_data",
    "ring_layout",
    "radial_layout",
    "wrap_label",
    "json_for_html",
]

#: Unit type (:data:`fengong.graph.units.UNIT_TYPES`) → (label shown in the legend, colour).
UNIT_TYPE_STYLE: Mapping[str, tuple[str, str]] = {
    "government_department": ("政府部门", "#4e79a7"),
    "party_organ": ("党委机关", "#e15759"),
    "court_procuratorate": ("法院检察院", "#9c755f"),
    "peoples_organisation": ("群团组织", "#f28e2b"),
    "central_branch": ("垂直管理单位", "#76b7b2"),
    "enterprise": ("企业", "#59a14f"),
    "park_zone": ("园区开发区", "#edc948"),
    "leading_group": ("领导小组", "#b07aa1"),
    "leading_group_office": ("领导小组办公室", "#d4a6c8"),
    "collective": ("集合性单位", "#bab0ac"),
    "other": ("其他", "#8c8c8c"),
}

#: Edge type → (label, colour, width, dash pattern or ``False``). Role edges first.
ROLE_STYLE: Mapping[str, tuple[str, str, float, list[int] | bool]] = {
    "lead": ("牵头", "#c0392b", 2.4, False),
    "responsible": ("责任", "#2e86c1", 1.3, False),
    "support": ("配合", "#7f8c8d", 1.0, [5, 4]),
    "guide": ("指导", "#8e44ad", 1.0, [2, 4]),
    "prose": ("正文提及", "#aab7b8", 0.8, [1, 4]),
    "other": ("其他标签", "#b9770e", 0.8, [4, 2]),
    "has_part": ("结构", "#d5d8dc", 0.6, False),
    "member_of": ("成员", "#27ae60", 1.0, [6, 3]),
    "refers_to": ("专栏引用", "#d5d8dc", 0.6, [2, 3]),
    "has_target": ("目标", "#e5d8a8", 0.6, False),
}

#: Node type → (label, shape, colour, size, font size) for the nodes that are not units.
_KIND_STYLE = {
    "Document": ("文件", "star", "#2c3e50", 22, 18),
    "Section": ("章节", "square", "#5d6d7e", 6, 9),
    "Task": ("任务", "dot", "#a9b4bf", 3.5, 6),
    "Indicator": ("指标", "triangle", "#b7950b", 5, 6),
    "Target": ("目标值", "triangleDown", "#d4ac0d", 3, 5),
    "Column": ("专栏", "square", "#a569bd", 4, 6),
}
_UNIT_KINDS = ("Unit", "UnitGroup")
_UNIT_SHAPES = {"Unit": "dot", "UnitGroup": "diamond"}
_UNKNOWN_TYPE_COLOURS = ("#17becf", "#bcbd22", "#7f7f7f", "#aec7e8", "#ff9896")

#: Names of the measures a unit can be sized by, and how the legend describes them.
MEASURE_LABELS = {
    "pagerank": "PageRank（单位协作网络）",
    "betweenness": "中介中心度（单位协作网络）",
    "eigenvector": "特征向量中心度（单位协作网络）",
    "strength": "加权度（单位协作网络）",
    "degree": "任务数",
    "degree_lead": "牵头任务数",
    "degree_responsible": "责任任务数",
    "degree_support": "配合任务数",
    "degree_guide": "指导任务数",
    "ls_out_degree": "牵头带动单位数",
    "ls_in_degree": "被牵头单位数",
    "ls_pagerank": "PageRank（牵头—配合网络）",
}

#: A view of more than one document with more than this many tasks is the unit overview
#: (:func:`overview_data`) rather than the full view. At this size (about 30 plans of 100
#: tasks) the full view is some 11,000 nodes and 20,000 edges: 16 MB, written in 2 s, that
#: Chromium takes 3.6 s to draw; each further plan adds about 0.5 MB and 0.1 s.
OVERVIEW_TASKS = 3000
#: The most units the overview draws (the most central ones; its search finds every unit).
OVERVIEW_UNITS = 5000
#: The most co-assignment edges the overview draws (those with the most shared tasks).
OVERVIEW_EDGES = 30000
#: Characters of an item's text the overview keeps; the JSON and CSV outputs have the rest.
OVERVIEW_TEXT = 160

_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
_TEMPLATES = resources.files(__package__) / "templates"
_VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


class ViewError(FengongError):
    """The view cannot be made (an unknown measure, a graph that is not a plan graph)."""


def json_for_html(value: object) -> str:
    """``value`` as compact JSON that is safe inside an HTML ``<script>`` element.

    Keys are sorted, non-ASCII text is kept as it is, and ``<``, ``>`` and ``&`` are
    written as JSON escapes, so no text can close the element or open a comment.

    Examples
    --------
    >>> print(json_for_html({"b": "</script><img onerror=x>", "a": "市发改委 & 财政"}))
    {"a":"市发改委 \\u0026 财政","b":"\\u003c/script\\u003e\\u003cimg onerror=x\\u003e"}
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def wrap_label(text: str, width: int = 7, max_lines: int = 3) -> str:
    """Break a label into balanced lines of at most ``width`` characters.

    Chinese has no spaces to break at, and vis-network would otherwise draw a long unit name
    as one long line. Runs of white space become one space; a label longer than
    ``max_lines`` lines is cut with ``…``.

    Examples
    --------
    >>> wrap_label("市发改委")
    '市发改委'
    >>> print(wrap_label("市推进区域发展布局实施工作领导小组"))
    市推进区域发
    展布局实施工
    作领导小组
    >>> print(wrap_label("荆门市国民经济和社会发展第十四个五年规划", width=6, max_lines=2))
    荆门市国民经
    济和社会发…
    """
    text = " ".join(text.split())
    if not text:
        return ""
    lines = -(-len(text) // width)
    if lines > max_lines:
        text, lines = text[: width * max_lines - 1] + "…", max_lines
    per = -(-len(text) // lines)
    return "\n".join(text[i : i + per] for i in range(0, len(text), per))


def _shorten(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sorted_edges(G: nx.MultiDiGraph) -> list[tuple[str, str, object, dict]]:
    """The edges in an order that depends on the graph's content only."""
    return sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


def _children(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """``has_part`` children of each node, in document order (``start``, then id)."""
    kids: dict[str, list[str]] = {}
    for u, v, _, d in _sorted_edges(G):
        if d.get("type") == "has_part":
            kids.setdefault(u, []).append(v)
    for u in kids:
        kids[u] = sorted(set(kids[u]), key=lambda n: (G.nodes[n].get("start", 0), str(n)))
    return kids


def _documents(G: nx.MultiDiGraph) -> list[str]:
    """Document nodes, in the build's order where the graph records it."""
    docs = sorted(n for n, t in G.nodes(data="type") if t == "Document")
    order = {document_id(k): i for i, k in enumerate(G.graph.get("documents", ()))}
    return sorted(docs, key=lambda n: (order.get(n, len(order)), n))


def radial_layout(G: nx.MultiDiGraph, *, spacing: float = 14.0) -> dict[str, tuple[float, float]]:
    """Positions for every node: the document tree around a ring, the units inside it.

    The leaves of the ``has_part`` tree (tasks and indicators, and sections without parts)
    are placed around a circle in document order, clockwise from the top, ``spacing`` apart;
    sections sit outside the ring above their parts, deeper levels nearer the ring, and each
    document outside its sections. Targets and 专栏 sit just outside the ring next to the
    items they belong to. A unit starts at the weighted mean position of the items it is
    named against (a lead counts 3, responsible 2, others 1), pulled towards the centre, so
    a unit working all over the plan sits in the middle and a specialised one near its
    sections; overlapping units (with their labels) are then pushed apart. The ring is made
    large enough for the units to fit inside it.

    The layout uses no random numbers and runs in about linear time in the number of nodes
    (the push-apart step is quadratic in the number of units only): networkx's
    ``spring_layout`` took 44 s on a 5,000-node graph on our CI machine.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc:d", type="Document")
    >>> for i in (1, 2, 3, 4):
    ...     G.add_node(f"t{i}", type="Task", start=i); _ = G.add_edge("doc:d", f"t{i}", type="has_part")
    >>> G.add_node("u", type="Unit", name="市发改委"); _ = G.add_edge("u", "t1", type="lead")
    >>> pos = radial_layout(G)
    >>> pos["t1"], pos["t2"]
    ((0.0, -350.0), (350.0, 0.0))
    >>> math.hypot(*pos["u"]) < 350, math.dist(pos["u"], pos["t1"]) < math.dist(pos["u"], pos["t3"])
    (True, True)
    """
    kids = _children(G)
    kind = dict(G.nodes(data="type", default=""))
    units = sorted(n for n in G if kind[n] in _UNIT_KINDS)
    attached = {n for n in G if kind[n] in ("Target", "Column")}

    # 1. slots around the ring: one per leaf of the tree, with gaps between chapters
    slot: dict[str, float] = {}
    depth: dict[str, int] = {}
    order: list[str] = []
    next_slot = 0.0

    def visit(node: str, level: int) -> None:
        nonlocal next_slot
        order.append(node)
        depth[node] = level
        parts = [c for c in kids.get(node, ()) if c not in slot and c not in depth]
        if not parts:
            slot[node] = next_slot
            next_slot += 1
            return
        for i, child in enumerate(parts):
            if level == 0 and i > 0:
                next_slot += 3  # a gap between top-level sections
            visit(child, level + 1)
        leaves = [slot[c] for c in parts]
        slot[node] = (min(leaves) + max(leaves)) / 2

    for doc in _documents(G):
        if depth:
            next_slot += 6  # a wider gap between documents
        visit(doc, 0)
    for node in sorted(n for n in G if n not in depth and n not in attached and kind[n] not in _UNIT_KINDS):
        visit(node, 0)  # parts of no document: after the last one
    orphans = sorted(n for n in attached if not any(p in slot for p in G.predecessors(n)))
    for node in orphans:
        slot[node] = next_slot
        next_slot += 1
    total = next_slot + 3 if next_slot > 1 else 1.0  # the same gap where the ring closes

    reach = {u: _footprint(G.nodes[u]) for u in units}
    inner = math.sqrt(sum(r * r for r in reach.values()) / 0.6)
    ring = max(350.0, total * spacing / (2 * math.pi), inner + 60.0)

    # 2. radius by kind: leaves on the ring, sections and documents outside it
    max_depth = max((depth[n] for n in depth if kids.get(n)), default=0)
    pos: dict[str, tuple[float, float]] = {}

    def place(node: str, angle_slot: float, radius: float) -> None:
        angle = 2 * math.pi * angle_slot / total - math.pi / 2
        pos[node] = (round(radius * math.cos(angle), 1) + 0.0, round(radius * math.sin(angle), 1) + 0.0)

    for node in order:
        leaf = kind[node] in ("Task", "Indicator")
        place(node, slot[node], ring if leaf else ring + 55 + 38 * (max_depth - depth[node]))

    # 3. targets and 专栏 next to the items they belong to
    for node in sorted(attached):
        owners = sorted(p for p in G.predecessors(node) if p in slot and p not in attached)
        place(node, sum(slot[p] for p in owners) / len(owners) if owners else slot[node], ring + 24)

    # 4. units: weighted mean of their items, pulled in, then pushed apart
    if units:
        pos.update(_unit_positions(G, units, pos, reach, ring - 50.0))
    return pos


_ROLE_PULL = {"lead": 3.0, "responsible": 2.0}
_GOLDEN = math.pi * (3 - math.sqrt(5))  #: the golden angle: spiral points that never line up


def _unit_font(attrs: Mapping) -> float:
    """Label size of a unit: the most central units readable when the whole plan is shown."""
    share = attrs.get("_share")
    return 14.0 if share is None else round(14.0 + 12.0 * math.sqrt(share), 1)


def _footprint(attrs: Mapping) -> float:
    """Radius of the circle a unit's dot and its label (drawn under the dot) need."""
    lines = wrap_label(str(attrs.get("name") or "")).split("\n")
    font = _unit_font(attrs)
    width = font * max(len(line) for line in lines)
    height = (font + 3) * len(lines)
    return max(_unit_size(attrs), width / 2) + height / 2 + 4.0


def _unit_positions(G: nx.MultiDiGraph, units: list[str], pos: Mapping[str, tuple[float, float]],
                    reach: Mapping[str, float], limit: float) -> dict[str, tuple[float, float]]:
    """Each unit at the first free place on a spiral around the weighted mean of its items.

    Units are placed largest first, so the central ones get the places they pull to and the
    small ones fill the gaps; a place is free when the unit's footprint (:func:`_footprint`)
    overlaps no unit placed before and stays inside the disc of radius ``limit``.
    """
    step = max(min(reach.values()), 6.0)
    near = _spiral(4096, step)
    wide = _spiral(4096, 6 * step)
    everywhere = _spiral(16384, limit / 128)  # the whole disc, finely: where the others found no gap
    cell = 2 * max(reach.values())
    grid: dict[tuple[int, int], list[tuple[float, float, float]]] = {}

    def free(x: float, y: float, r: float) -> bool:
        cx, cy = math.floor(x / cell), math.floor(y / cell)
        return all(math.hypot(x - px, y - py) >= r + pr
                   for gx in (cx - 1, cx, cx + 1) for gy in (cy - 1, cy, cy + 1)
                   for px, py, pr in grid.get((gx, gy), ()))

    placed: dict[str, tuple[float, float]] = {}
    for unit in sorted(units, key=lambda u: (-reach[u], u)):
        wx, wy = _pull(G, unit, pos)
        r = reach[unit]
        spot = None
        for (ox, oy), points, bound in (((wx, wy), near, limit), ((wx, wy), wide, limit),
                                        ((0.0, 0.0), everywhere, limit), ((wx, wy), wide, math.inf)):
            for dx, dy in points:
                x, y = ox + dx, oy + dy
                if math.hypot(x, y) <= bound - r and free(x, y, r):
                    spot = (x, y)
                    break
            if spot:
                break
        x, y = spot or (wx, wy)
        grid.setdefault((math.floor(x / cell), math.floor(y / cell)), []).append((x, y, r))
        placed[unit] = (round(x, 1) + 0.0, round(y, 1) + 0.0)
    return {u: placed[u] for u in units}


def _spiral(count: int, step: float) -> list[tuple[float, float]]:
    """``count`` points of a sunflower spiral around the origin, ``step`` apart, nearest first."""
    return [(step * math.sqrt(k) * math.cos(k * _GOLDEN), step * math.sqrt(k) * math.sin(k * _GOLDEN))
            for k in range(count)]


def _pull(G: nx.MultiDiGraph, unit: str, pos: Mapping[str, tuple[float, float]]) -> tuple[float, float]:
    """Where a unit would like to be: the weighted mean of its items' places, 0.8 of the way
    from the centre (a lead counts 3, responsible 2, other roles 1); the centre if it has none."""
    total = sx = sy = 0.0
    for _, item, d in sorted(G.out_edges(unit, data=True), key=lambda e: str(e[1])):
        if item in pos and d.get("type") in ROLE_EDGE_TYPES:
            w = _ROLE_PULL.get(d["type"], 1.0)
            sx, sy, total = sx + w * pos[item][0], sy + w * pos[item][1], total + w
    return (0.8 * sx / total, 0.8 * sy / total) if total else (0.0, 0.0)


def _unit_size(attrs: Mapping) -> float:
    """Radius of a unit's node, from the ``_share`` of the maximum measure set by :func:`view_data`."""
    share = attrs.get("_share")
    return 7.0 if share is None else 9.0 + 31.0 * math.sqrt(share)


def _measure_values(G: nx.MultiDiGraph, measure: str, co_assignment: nx.Graph | None = None) -> dict[str, float]:
    """One column of :func:`fengong.graph.centrality.centrality_table`, computed alone.

    The same definitions and the same units (every unit assigned to a task, placeholders and
    implicit assignments left out), without computing the columns not shown, which on a
    large corpus cost more than the view needs.
    ``co_assignment`` is :func:`fengong.graph.projection.co_assignment_graph` of ``G`` where the
    caller has it already.
    """
    from . import centrality, projection  # imported here: only the view needs them

    if measure not in centrality.MEASURES:
        raise ViewError(f"unknown measure {measure!r} (known: {', '.join(centrality.MEASURES)})")
    on_projection = {"strength": centrality.weighted_degree, "betweenness": centrality.betweenness,
                     "eigenvector": centrality.eigenvector, "pagerank": centrality.pagerank}
    if measure in on_projection:
        P = co_assignment if co_assignment is not None else projection.co_assignment_graph(G)
        units: Iterable[str] = P  # its nodes are the units assigned to a task, sorted, as task_degree's keys
        found: Mapping[str, float] = on_projection[measure](P)
        return {unit: float(found.get(unit, 0.0)) for unit in units}
    units = centrality.task_degree(G)
    if measure == "degree":
        found = units
    elif measure.startswith("degree_"):
        found = centrality.task_degree(G, measure.removeprefix("degree_"))
    else:
        D = projection.lead_support_graph(G)
        found = {"ls_out_degree": dict(D.out_degree()), "ls_in_degree": dict(D.in_degree()),
                 "ls_pagerank": centrality.pagerank(D)}[measure]
    return {unit: float(found.get(unit, 0.0)) for unit in units}


def _type_colours(G: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    """Label and colour of each unit type in ``G``; types we have no colour for get spare ones."""
    found = sorted({str(G.nodes[n].get("unit_type") or "other") for n, t in G.nodes(data="type") if t in _UNIT_KINDS})
    styles = {}
    spare = iter(_UNKNOWN_TYPE_COLOURS * (1 + len(found) // len(_UNKNOWN_TYPE_COLOURS)))
    for t in found:
        styles[t] = UNIT_TYPE_STYLE.get(t) or (t, next(spare))
    return dict(sorted(styles.items(), key=lambda kv: (list(UNIT_TYPE_STYLE).index(kv[0])
                                                        if kv[0] in UNIT_TYPE_STYLE else 99, kv[0])))


def _ancestry(G: nx.MultiDiGraph, kids: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """For every document-layer node, the documents and sections it lies in (itself included)."""
    kind = dict(G.nodes(data="type", default=""))
    up: dict[str, list[str]] = {}

    def walk(node: str, above: list[str]) -> None:
        mine = above + [node] if kind[node] in ("Document", "Section") else above
        up[node] = mine
        for child in kids.get(node, ()):
            if child not in up:
                walk(child, mine)

    for doc in _documents(G):
        walk(doc, [])
    for node in sorted(G):  # targets and 专栏: where their owners are
        if kind[node] in ("Target", "Column") or (node not in up and kind[node] not in _UNIT_KINDS):
            owners = sorted(p for p in G.predecessors(node) if p in up)
            up[node] = sorted({s for p in owners for s in up[p]})
    return up


def _plan_kinds(G: nx.MultiDiGraph) -> dict[str, str]:
    """The type of every node of ``G``; a :class:`ViewError` for a type the view does not know."""
    kinds = dict(G.nodes(data="type", default=""))
    unknown = sorted({k for k in kinds.values() if k not in _KIND_STYLE and k not in _UNIT_KINDS})
    if unknown:
        raise ViewError(f"not a plan graph: node type {unknown[0]!r} (see graph.schema)")
    return kinds


def search_folds(names: Iterable[str]) -> dict[str, str]:
    """The traditional → simplified character pairs a view's search box needs for ``names``:
    the one-to-one pairs :func:`fengong.parser.normalize.fold` reads documents with, kept where either
    character occurs in a name. The page folds both the names and what is typed with them (and
    full-width forms with NFKC), so 发改委 finds 發改委 and 發改委 finds 发改委, as the parser reads
    both alike; a pair with neither character in any name could change no match and is left out.

    >>> search_folds(["市發改委", "市财政局"])["發"], search_folds(["市财政局"])["財"], "發" in search_folds(["市财政局"])
    ('发', '财', False)
    """
    present = set().union(*map(set, names))
    table, _ = traditional_table()
    return {chr(trad): simp for trad, simp in table.items() if chr(trad) in present or simp in present}


def _vis_node(node: str, *, label: str, **options) -> dict:
    """One vis-network node: its options with its ``id`` and ``label`` (the id where the label
    is empty), as pyvis's ``Network.add_node`` makes them, without pyvis's linear search of the
    nodes added before (which made a 36,000-node corpus view take 45 s)."""
    return {**options, "id": node, "label": label or node}


def _heading(attrs: Mapping) -> str:
    return f"{attrs.get('label', '')}{attrs.get('title', '')}".strip() or str(attrs.get("path", ""))


def view_data(G: nx.MultiDiGraph, title: str, *, measure: str = "pagerank",
              overview_above: float = OVERVIEW_TASKS, max_units: int = OVERVIEW_UNITS) -> dict:
    """What the page shows, as JSON-ready data: the vis-network nodes, edges and options, and
    the tables the page's search, filters, legend and side panel read.

    A graph of more than one document with more than ``overview_above`` tasks gets the unit
    overview instead, :func:`overview_data` (with ``max_units``); what follows is the full view.

    Keys: ``title``; ``nodes`` and ``edges`` (vis-network items, one per node and edge of
    ``G``, in sorted order; edge ids ``e0``, ``e1`` …); ``options``; ``info`` (node id →
    what the side panel shows: ``kind`` and, by kind, names, text, ``trail`` (the headings
    above) and ``scope`` (the documents and sections it lies in)); ``links`` (the role edges:
    ``id``, ``unit``, ``item``, ``role``, ``implicit``, ``as_written``, in document order);
    ``sections`` (the choices of the section filter); ``legend``; ``measure``.

    Examples
    --------
    >>> G = nx.MultiDiGraph(documents=("d",))
    >>> G.add_node("doc:d", type="Document", title="方案", start=0)
    >>> G.add_node("sec:d:1", type="Section", path="1", level=1, label="一、", title="任务", start=0)
    >>> G.add_node("task:d:1#1", type="Task", path="1", text="做好工作", start=5)
    >>> G.add_node("u", type="Unit", name="市发改委", full_name="", unit_type="government_department",
    ...            placeholder=False, aliases="市发改委")
    >>> for u, v, t in [("doc:d", "sec:d:1", "has_part"), ("sec:d:1", "task:d:1#1", "has_part"),
    ...                 ("u", "task:d:1#1", "lead")]:
    ...     _ = G.add_edge(u, v, type=t, start=9, implicit=False, as_written="市发改委")
    >>> data = view_data(G, "示例", measure="degree")
    >>> len(data["nodes"]), len(data["edges"])
    (4, 3)
    >>> [(link["id"], link["unit"], link["role"], link["item"]) for link in data["links"]]
    [('e2', 'u', 'lead', 'task:d:1#1')]
    >>> data["info"]["task:d:1#1"]["trail"], data["info"]["task:d:1#1"]["scope"]
    (['一、任务'], ['doc:d', 'sec:d:1'])
    """
    if wants_overview(G, overview_above):
        return overview_data(G, title, measure=measure, max_units=max_units)
    values = _measure_values(G, measure)
    top = max(values.values(), default=0.0)
    kinds = _plan_kinds(G)
    H = nx.MultiDiGraph(G)  # a copy that carries each unit's share of the top measure
    for unit, value in values.items():
        if unit in H:
            H.nodes[unit]["_share"] = value / top if top > 0 else 0.0

    kids = _children(H)
    scope = _ancestry(H, kids)
    positions = radial_layout(H)
    types = _type_colours(H)
    many_docs = len(_documents(H)) > 1
    parent = {c: p for p, cs in kids.items() for c in cs}

    def trail(node: str) -> list[str]:
        heads, at = [], parent.get(node)
        while at is not None:
            attrs = H.nodes[at]
            if attrs.get("type") == "Section":
                heads.append(_shorten(_heading(attrs), 24))
            elif attrs.get("type") == "Document" and many_docs:
                heads.append(_shorten(attrs.get("title") or at, 24))
            at = parent.get(at)
        return heads[::-1]

    nodes: list[dict] = []
    info: dict[str, dict] = {}
    for node in sorted(H, key=str):
        attrs = H.nodes[node]
        node_kind = attrs.get("type", "")
        x, y = positions[node]
        if node_kind in _UNIT_KINDS:
            unit_type = str(attrs.get("unit_type") or "other")
            type_label, colour = types[unit_type]
            name = str(attrs.get("name") or node)
            value = values.get(node)
            aliases = [a for a in str(attrs.get("aliases") or "").split("|") if a]
            info[node] = {"kind": node_kind, "name": name, "full_name": str(attrs.get("full_name") or ""),
                          "unit_type": unit_type, "type_label": type_label,
                          "placeholder": bool(attrs.get("placeholder")), "aliases": aliases,
                          "value": None if value is None else round(value, 6)}
            tip = [name, str(attrs.get("full_name") or ""), type_label,
                   f"{MEASURE_LABELS.get(measure, measure)}: {value:.4g}" if value is not None else "未计入中心度"]
            nodes.append(_vis_node(node, label=wrap_label(name), shape=_UNIT_SHAPES[node_kind], x=x, y=y,
                         size=round(_unit_size(attrs), 2), title="\n".join(t for t in tip if t),
                         color={"background": colour, "border": "#34495e" if not attrs.get("placeholder") else "#7f8c8d",
                                "highlight": {"background": colour, "border": "#000000"}},
                         borderWidth=1.5, shapeProperties={"borderDashes": [3, 3] if attrs.get("placeholder") else False},
                         font={"size": _unit_font(attrs), "face": _FONT, "color": "#1b2631", "strokeWidth": 3, "strokeColor": "#ffffff"}))
            continue
        label_kind, shape, colour, size, font_size = _KIND_STYLE[node_kind]
        entry: dict = {"kind": node_kind, "scope": scope.get(node, []), "trail": trail(node)}
        if node_kind == "Document":
            text = str(attrs.get("title") or node)
            entry["title"] = text
            label, tip = wrap_label(text, 12, 3), text
        elif node_kind == "Section":
            text = _heading(attrs)
            entry.update(path=str(attrs.get("path", "")), heading=text)
            big = attrs.get("level") == 1
            label, tip = (wrap_label(text, 9, 2) if big else str(attrs.get("label", ""))), text
            size, font_size = (9, 15) if big else (size, font_size)
        elif node_kind == "Task":
            text = str(attrs.get("text", ""))
            short_id = str(node).rsplit(":", 1)[-1]
            entry.update(path=str(attrs.get("path", "")), text=text, ref=short_id)
            label, tip = short_id, f"{short_id}\n{_shorten(text, 200)}"
        elif node_kind == "Indicator":
            text = str(attrs.get("name", ""))
            entry.update(path=str(attrs.get("path", "")), text=text, ref=str(attrs.get("path", "")))
            label, tip = str(attrs.get("path", "")), f"指标 {attrs.get('path', '')}\n{text}"
        elif node_kind == "Target":
            text = str(attrs.get("text", ""))
            entry["text"] = text
            label, tip = _shorten(text, 12), text
        else:  # Column
            text = f"专栏{attrs.get('ref', '')}"
            entry["text"] = text
            label, tip = text, text
        info[node] = entry
        nodes.append(_vis_node(node, label=label or " ", shape=shape, x=x, y=y, size=size, title=tip,
                               color={"background": colour, "border": colour,
                                      "highlight": {"background": colour, "border": "#000000"}},
                               borderWidth=1, font={"size": font_size, "face": _FONT, "color": "#34495e"}))

    links, edges = [], []
    for i, (u, v, _, d) in enumerate(_sorted_edges(H)):
        edge_type = str(d.get("type", ""))
        label, colour, width, dashes = ROLE_STYLE.get(edge_type, (edge_type, "#d5d8dc", 0.6, False))
        options = {"id": f"e{i}", "color": {"color": colour, "highlight": "#000000",
                                            "opacity": 0.45 if d.get("implicit") else 0.85},
                   "width": width, "dashes": dashes, "arrows": {"to": {"enabled": False}}}
        if edge_type in ROLE_EDGE_TYPES:
            name = info[u]["name"] if u in info and "name" in info[u] else str(u)
            options["title"] = f"{name} · {label}{'（隐含）' if d.get('implicit') else ''}"
            links.append({"id": f"e{i}", "unit": u, "item": v, "role": edge_type,
                          "implicit": bool(d.get("implicit")), "as_written": str(d.get("as_written", "")),
                          "_order": (H.nodes[v].get("start", 0), d.get("start", 0))})
        edges.append({**options, "from": u, "to": v})
    doc_rank = {doc: i for i, doc in enumerate(_documents(H))}
    links.sort(key=lambda link: (doc_rank.get((scope.get(link["item"]) or [""])[0], 0), link["_order"], link["id"]))
    for link in links:
        del link["_order"]

    sections = []
    for doc in _documents(H):
        if many_docs:
            sections.append({"id": doc, "depth": 0, "text": _shorten(info[doc]["title"], 40)})
        stack = [(doc, 0)]
        while stack:
            node, level = stack.pop()
            if H.nodes[node].get("type") == "Section":
                sections.append({"id": node, "depth": level - (0 if many_docs else 1),
                                 "text": _shorten(info[node]["heading"], 40)})
            if level < 2:
                stack.extend((c, level + 1) for c in reversed(kids.get(node, []))
                             if H.nodes[c].get("type") == "Section")

    present = {d.get("type") for _, _, d in H.edges(data=True)}
    large = H.number_of_nodes() > 1500
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "options": {
            "autoResize": True,
            "physics": {"enabled": False},
            "layout": {"improvedLayout": False, "randomSeed": 1},
            "edges": {"smooth": False, "selectionWidth": 2},
            "nodes": {"font": {"face": _FONT}},
            "interaction": {"hover": False, "tooltipDelay": 200, "hideEdgesOnDrag": large,
                            "hideEdgesOnZoom": large, "keyboard": False, "multiselect": False},
        },
        "info": info,
        "fold": search_folds(text for entry in info.values() if entry["kind"] in _UNIT_KINDS
                             for text in (entry["name"], entry["full_name"], *entry["aliases"])),
        "links": links,
        "sections": sections,
        "measure": {"name": measure, "label": MEASURE_LABELS.get(measure, measure)},
        "legend": {
            "unit_types": [{"type": t, "label": lab, "color": c} for t, (lab, c) in types.items()],
            "kinds": [{"kind": k, "label": s[0], "shape": s[1], "color": s[2]} for k, s in _KIND_STYLE.items()
                      if k in set(kinds.values())],
            "edges": [{"type": t, "label": s[0], "color": s[1], "width": s[2], "dashes": s[3],
                       "role": t in ROLE_EDGE_TYPES} for t, s in ROLE_STYLE.items() if t in present],
        },
    }


def wants_overview(G: nx.MultiDiGraph, overview_above: float = OVERVIEW_TASKS) -> bool:
    """Whether the view of ``G`` is the unit overview: more than one document, and more than
    ``overview_above`` tasks (:data:`OVERVIEW_TASKS`).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["doc:a", "doc:b"], type="Document"); G.add_node("t", type="Task")
    >>> wants_overview(G), wants_overview(G, overview_above=0)
    (False, True)
    """
    documents = tasks = 0
    for _, kind in G.nodes(data="type"):
        documents += kind == "Document"
        tasks += kind == "Task"
    return documents > 1 and tasks > overview_above


def ring_layout(reach: Sequence[float], gap: float = 10.0) -> tuple[list[tuple[float, float]], float]:
    """Places for circles of radius ``reach``, the first in the middle and the others on rings
    around it in the order given, clockwise from the top; no two circles overlap.

    A ring takes circles in turn while they fit: the sum of the widths ``2 r + gap`` of its
    circles is at most four times its radius, which is its circumference less a third, enough
    for the straight line between two neighbours to clear them both. A ring's radius is the
    outer edge of the one inside it plus ``gap`` plus the widest circle on it, so rings do
    not overlap either. Each ring starts a golden angle further round than the one inside.
    Linear in the number of circles; no collision tests.

    Returns the places, relative to the middle, and the radius of the whole.

    Examples
    --------
    >>> places, radius = ring_layout([30, 20, 20, 20])
    >>> places[0], [tuple(round(c) for c in p) for p in places[1:]], radius
    ((0.0, 0.0), [(0, -60), (52, 30), (-52, 30)], 80.0)
    >>> all(math.dist(a, b) >= 40 for i, a in enumerate(places[1:]) for b in places[i + 2:])
    True
    """
    if not reach:
        return [], 0.0
    places = [(0.0, 0.0)]
    outer, i, ring = float(reach[0]), 1, 0
    while i < len(reach):
        ring += 1
        widest, total, j = reach[i], 2 * reach[i] + gap, i + 1
        while j < len(reach):
            wider = max(widest, reach[j])
            if total + 2 * reach[j] + gap > 4 * (outer + gap + wider):
                break
            widest, total, j = wider, total + 2 * reach[j] + gap, j + 1
        radius = outer + gap + widest
        on_ring = reach[i:j]
        angle = (ring - 1) * _GOLDEN
        for k, r in enumerate(on_ring):
            places.append((radius * math.sin(angle), -radius * math.cos(angle)))
            angle += 2 * math.pi * (r + on_ring[(k + 1) % len(on_ring)] + gap) / total
        outer, i = radius + widest, j
    return places, outer


def _pack(radii: Sequence[float], gap: float, aspect: float = 1.6) -> list[tuple[float, float]]:
    """Centres for circles of ``radii`` (largest first) in rows, left to right and top down,
    the rows about ``aspect`` times as wide as the whole is high."""
    width = math.sqrt(sum((2 * r + gap) ** 2 for r in radii) * aspect)
    width = max([width] + [2 * r + gap for r in radii])
    centres, x, y, row = [], 0.0, 0.0, 0.0
    for r in radii:
        if x > 0 and x + 2 * r + gap > width:
            x, y, row = 0.0, y + row, 0.0
        row = row or 2 * r + gap
        centres.append((x + r, y + row / 2))
        x += 2 * r + gap
    return centres


def _cut(text: str, limit: int) -> tuple[str, bool]:
    return (text, False) if len(text) <= limit else (text[: limit - 1] + "…", True)


def overview_data(G: nx.MultiDiGraph, title: str, *, measure: str = "pagerank", max_units: int = OVERVIEW_UNITS,
                  max_edges: int = OVERVIEW_EDGES, text_limit: int = OVERVIEW_TEXT) -> dict:
    """What the unit overview of a corpus shows, as JSON-ready data.

    The overview draws units only (Unit and UnitGroup nodes), joined by the edges of the
    co-assignment projection (:func:`fengong.graph.projection.co_assignment_graph`: two units named
    on a common task; the edge carries the number of shared tasks), sized by ``measure``
    and coloured by type. Each jurisdiction's units (a document's, where its jurisdiction is
    not known) sit together on rings around the most central of them (:func:`ring_layout`),
    and these circles are packed in rows, largest first. Only the ``max_units`` most
    central units are drawn (by ``measure``, then by number of mentions), and of the edges
    between them at most ``max_edges``, those with the most shared tasks; every unit is in
    the tables, so the page's search finds it and its side panel lists its tasks.

    The side panel's data is kept small: documents, section headings, section trails and
    texts are lookup tables that the rest refers to by index, and an item's text is cut at
    ``text_limit`` characters (the JSON and CSV outputs have it all).

    Keys:

    - ``mode``: ``"overview"``; ``title``, ``options`` (vis-network's), ``measure``, ``legend``;
    - ``units``: one array per unit, sorted by node id: ``[id, name, full_name, type, flags,
      aliases, value, jurisdiction, links]``, where ``id`` is ``0`` when it is
      ``unit:<jurisdiction>:<full_name or name>``, ``type`` indexes ``legend.unit_types``,
      ``flags`` is 1 for a placeholder plus 2 for a UnitGroup, ``aliases`` are the spellings
      other than the name, ``value`` the measure (4 significant digits, ``None`` where the
      unit is not measured), ``jurisdiction`` indexes ``jurisdictions``, and ``links`` is a
      flat list with one run per mention edge, in document order: the item (into
      ``items``) and ``2 × role + implicit`` (role into ``roles``); where the unit is written
      otherwise than its name, 16 is added to the second number and a third gives the
      spelling (into ``texts``);
    - ``nodes``: the drawn units, most central first: ``[unit, x, y, size, font size, label]``;
    - ``edges``: ``[unit, unit, shared tasks]`` between drawn units, the first index lower;
    - ``groups``: one circle per jurisdiction drawn: ``[jurisdiction, document, x, y,
      radius]``, where ``document`` is ``-1`` except for the units of a document of no known
      jurisdiction, which are drawn with their document;
    - ``docs``: ``[title, jurisdiction]`` in build order; ``jurisdictions``: names, sorted,
      ``""`` (not known) last;
    - ``items``: ``[document, trail, ref, text]`` and a fifth element ``1`` where the text
      was cut; ``trails``: lists of indexes into ``heads``, the section headings above an
      item; ``texts``;
    - ``roles``: the role edge types with their label, colour, width and dashes;
    - ``limits``: counts of ``units``, ``drawn``, ``edges``, ``edges_drawn``, ``tasks`` and
      ``cut`` texts, and ``text_limit``.

    Examples
    --------
    >>> G = nx.MultiDiGraph(documents=("a", "b"))
    >>> for d in "ab":
    ...     G.add_node(f"doc:{d}", type="Document", title=f"方案{d}", jurisdiction="某市")
    ...     G.add_node(f"t:{d}", type="Task", text="做好工作", start=5)
    ...     _ = G.add_edge(f"doc:{d}", f"t:{d}", type="has_part")
    >>> for u in ("市发改委", "市财政局"):
    ...     G.add_node(f"unit:某市:{u}", type="Unit", name=u, unit_type="government_department",
    ...                placeholder=False, jurisdiction="某市", aliases=u)
    ...     for d in "ab":
    ...         _ = G.add_edge(f"unit:某市:{u}", f"t:{d}", type="lead" if u == "市发改委" else "responsible")
    >>> data = overview_data(G, "两份方案", measure="degree")
    >>> [u[1] for u in data["units"]], data["edges"], data["docs"]
    (['市发改委', '市财政局'], [[0, 1, 2]], [['方案a', 0], ['方案b', 0]])
    >>> data["units"][0][8], data["items"], data["texts"]
    ([0, 0, 1, 0], [[0, 0, 'a', 0], [1, 0, 'b', 0]], ['做好工作'])
    """
    from . import projection  # imported here: only the view needs it

    kinds = _plan_kinds(G)
    co_assignment = projection.co_assignment_graph(G)
    values = _measure_values(G, measure, co_assignment)
    top = max(values.values(), default=0.0)
    types = _type_colours(G)
    type_index = {t: i for i, t in enumerate(types)}
    role_index = {r: i for i, r in enumerate(ROLE_EDGE_TYPES)}

    documents = _documents(G)
    doc_index = {d: i for i, d in enumerate(documents)}
    units = sorted((n for n, k in kinds.items() if k in _UNIT_KINDS), key=str)
    unit_index = {u: i for i, u in enumerate(units)}
    places = sorted({str(G.nodes[n].get("jurisdiction") or "") for n in documents + units}, key=lambda j: (j == "", j))
    place_index = {j: i for i, j in enumerate(places)}

    # the has_part tree, read upwards: where an item lies (document, trail of headings)
    # (one pass over the adjacency, whose dicts are plain: faster than G.edges and G.succ)
    attrs_of = dict(G.nodes(data=True))
    parent: dict[str, str] = {}
    out: dict[str, dict] = {}
    for u, targets in G.adjacency():
        if kinds[u] in _UNIT_KINDS:
            out[u] = targets
            continue
        for v, edges in targets.items():
            if (v not in parent or str(u) < str(parent[v])) and (  # has_part edges are keyed so
                    "has_part" in edges or any(d.get("type") == "has_part" for d in edges.values())):
                parent[v] = u

    def intern(rows: list, index: dict, value) -> int:
        if value not in index:
            index[value] = len(rows)
            rows.append(list(value) if isinstance(value, tuple) else value)
        return index[value]

    short: dict[str, str] = {}
    where: dict[str, tuple[int, tuple[str, ...]]] = {}

    def locate(node: str | None) -> tuple[int, tuple[str, ...]]:
        """The document (index) a node of the document tree lies in, and the headings of the
        sections down to it (itself included)."""
        chain = []
        while node is not None and node not in where:
            chain.append(node)
            node = parent.get(node)
        doc, trail = where[node] if node is not None else (-1, ())
        for at in reversed(chain):
            attrs = attrs_of[at]
            if attrs.get("type") == "Document":
                doc = doc_index.get(at, doc)
            elif attrs.get("type") == "Section":
                heading = _heading(attrs)
                if heading not in short:
                    short[heading] = _shorten(heading, 24)
                trail = trail + (short[heading],)
            where[at] = (doc, trail)
        return doc, trail

    def document_of(node: str) -> int:
        doc = locate(parent.get(node))[0]
        if doc < 0 and attrs_of[node].get("doc") is not None:
            doc = doc_index.get(document_id(str(attrs_of[node]["doc"])), -1)
        return doc

    # the tables, filled in the order the units' mentions are listed, so the same graph
    # gives the same tables whatever order its edges were added in
    items: list[list] = []
    heads: list[str] = []
    trails: list[list[int]] = []
    texts: list[str] = []
    item_index: dict[str, int] = {}
    head_index: dict = {}
    trail_index: dict = {}
    text_index: dict = {}
    cut_count = 0

    def item(node: str, doc: int) -> int:
        nonlocal cut_count
        if node not in item_index:
            attrs = attrs_of[node]
            kind = attrs.get("type")
            if kind == "Task":
                ref, text = str(node).rsplit(":", 1)[-1], str(attrs.get("text", ""))
            elif kind == "Indicator":
                ref, text = str(attrs.get("path", "")), str(attrs.get("name", ""))
            elif kind == "Section":
                ref, text = "", _heading(attrs)
            else:
                ref, text = "", str(attrs.get("text") or attrs.get("title") or node)
            text, cut = _cut(text, text_limit)
            cut_count += cut
            trail = tuple(intern(heads, head_index, h) for h in locate(parent.get(node))[1])
            row = [doc, intern(trails, trail_index, trail), ref, intern(texts, text_index, text)]
            item_index[node] = len(items)
            items.append(row + [1] if cut else row)
        return item_index[node]

    # each unit's mentions, in document order
    rows, count = [], {}
    doc_of: dict[str, int] = {}
    for u in units:
        attrs = attrs_of[u]
        name = str(attrs.get("name") or u)
        full_name = str(attrs.get("full_name") or "")
        place = str(attrs.get("jurisdiction") or "")
        mentions = []
        for v, edges in out.get(u, {}).items():
            doc, start = None, attrs_of[v].get("start", 0)
            for key, d in edges.items():
                role = role_index.get(d.get("type"))
                if role is not None:
                    if doc is None:
                        doc = doc_of[v] if v in doc_of else doc_of.setdefault(v, document_of(v))
                    mentions.append((doc, start, d.get("start", 0), str(v), role, str(key), v, d))
        mentions.sort(key=lambda m: m[:6])
        count[u] = len(mentions)
        flat = []
        for doc, *_, role, _key, v, d in mentions:
            written = str(d.get("as_written") or "")
            code = 2 * role + bool(d.get("implicit"))
            if written and written != name:
                flat += [item(v, doc), code + 16, intern(texts, text_index, written)]
            else:
                flat += [item(v, doc), code]
        value = values.get(u)
        rows.append([0 if u == unit_id(place, full_name or name) else u, name, full_name,
                     type_index[str(attrs.get("unit_type") or "other")],
                     bool(attrs.get("placeholder")) + 2 * (kinds[u] == "UnitGroup"),
                     [a for a in str(attrs.get("aliases") or "").split("|") if a and a != name],
                     None if value is None else float(f"{value:.4g}"), place_index[place], flat])

    # the most central units, drawn; on rings per jurisdiction, the jurisdictions packed in rows
    def rank(u: str) -> tuple:
        value = values.get(u)
        return (value is None, -(value or 0.0), -count[u], str(u))

    drawn = sorted(units, key=rank)[:max(max_units, 0)]
    share = {u: {"name": rows[unit_index[u]][1], **({"_share": values[u] / top if top > 0 else 0.0}
                                                      if u in values else {})} for u in drawn}
    unknown = place_index.get("")

    def scope(u: str) -> tuple[int, int]:
        """(jurisdiction, document) a unit is drawn with: a unit of no known jurisdiction
        belongs to its document (:func:`fengong.graph.units.resolve_units` scopes it so)."""
        place, flat = rows[unit_index[u]][7], rows[unit_index[u]][8]
        return (place, items[flat[0]][0] if place == unknown and flat else -1)

    def label(key: tuple[int, int]) -> str:
        return str(G.nodes[documents[key[1]]].get("title") or "") if key[1] >= 0 else places[key[0]]

    by_scope: dict[tuple[int, int], list[str]] = {}
    for u in drawn:
        by_scope.setdefault(scope(u), []).append(u)
    circles = {key: ring_layout([_footprint(share[u]) for u in members]) for key, members in by_scope.items()}
    order = sorted(circles, key=lambda key: (-circles[key][1], label(key), key))
    centres = dict(zip(order, _pack([circles[key][1] for key in order], gap=160.0)))
    nodes, groups = [], []
    for key in order:
        cx, cy = centres[key]
        groups.append([*key, round(cx, 1), round(cy, 1), round(circles[key][1], 1)])
        for u, (dx, dy) in zip(by_scope[key], circles[key][0]):
            nodes.append((rank(u), [unit_index[u], round(cx + dx, 1) + 0.0, round(cy + dy, 1) + 0.0,
                                    round(_unit_size(share[u]), 2), _unit_font(share[u]),
                                    wrap_label(share[u]["name"])]))
    nodes = [n for _, n in sorted(nodes, key=lambda n: n[0])]

    on_screen = set(drawn)
    pairs = sorted((min(unit_index[a], unit_index[b]), max(unit_index[a], unit_index[b]), int(d["tasks"]))
                   for a, b, d in co_assignment.edges(data=True) if a in on_screen and b in on_screen)
    edges = pairs
    if len(pairs) > max_edges:
        edges = sorted(sorted(pairs, key=lambda e: (-e[2], e[0], e[1]))[:max(max_edges, 0)])

    return {
        "mode": "overview",
        "title": title,
        "options": {
            "autoResize": True,
            "physics": {"enabled": False},
            "layout": {"improvedLayout": False, "randomSeed": 1},
            "edges": {"smooth": False, "selectionWidth": 2},
            "nodes": {"font": {"face": _FONT}},
            "interaction": {"hover": False, "tooltipDelay": 200, "hideEdgesOnDrag": True,
                            "hideEdgesOnZoom": True, "keyboard": False, "multiselect": False},
        },
        "measure": {"name": measure, "label": MEASURE_LABELS.get(measure, measure)},
        "legend": {
            "unit_types": [{"type": t, "label": lab, "color": c} for t, (lab, c) in types.items()],
            "edges": [{"type": "co_assignment", "label": "共同承担任务", "color": "#8c9ba5", "width": 1.0,
                       "dashes": False}],
        },
        "units": [[list(e) if isinstance(e, tuple) else e for e in row] for row in rows],
        "nodes": nodes,
        "edges": [list(e) for e in edges],
        "groups": groups,
        "docs": [[str(G.nodes[d].get("title") or d), place_index[str(G.nodes[d].get("jurisdiction") or "")]]
                 for d in documents],
        "jurisdictions": places,
        "fold": search_folds([*places, *(text for row in rows for text in (row[1], row[2], *row[5]))]),
        "items": items,
        "trails": trails,
        "heads": heads,
        "texts": texts,
        "roles": [{"type": r, "label": ROLE_STYLE[r][0], "color": ROLE_STYLE[r][1], "width": ROLE_STYLE[r][2],
                   "dashes": ROLE_STYLE[r][3]} for r in ROLE_EDGE_TYPES],
        "limits": {"units": len(units), "drawn": len(drawn), "edges": len(pairs), "edges_drawn": len(edges),
                   "tasks": sum(1 for k in kinds.values() if k == "Task"), "cut": cut_count,
                   "text_limit": text_limit},
    }


def _asset(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def _vis_script() -> str:
    """vis-network's script without its source-map comment (which would name another file)."""
    text = (_VIS / "vis-network.min.js").read_text(encoding="utf-8")
    return "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL="))


def _inline(text: str, tag: str) -> markupsafe.Markup:
    """``text`` to be put inside a ``<script>`` or ``<style>`` element as it stands.

    Text that could end the element early or switch the HTML parser into its escaped script
    states (``</script``, ``</style``, ``<!--``) is refused rather than altered.
    """
    lowered = text.lower()
    for bad in (f"</{tag}", "<!--"):
        if bad in lowered:
            raise ViewError(f"cannot inline text containing {bad!r} in <{tag}>")
    return markupsafe.Markup(text)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _policy(scripts: Iterable[str], styles: Iterable[str]) -> str:
    """The Content-Security-Policy: no network, and only these inline scripts and styles."""
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_sha256(s) for s in scripts),
        "style-src " + " ".join(_sha256(s) for s in styles),
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def to_html(G: nx.MultiDiGraph, title: str, *, measure: str = "pagerank", overview_above: float = OVERVIEW_TASKS,
            max_units: int = OVERVIEW_UNITS) -> str:
    r"""The network view of the plan graph ``G`` as the text of one self-contained HTML page.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A plan graph (:func:`fengong.graph.build.to_networkx`).
    title : str
        The page's title, shown as text.
    measure : str
        The centrality measure units are sized by, a column of
        :func:`fengong.graph.centrality.centrality_table` (``pagerank``, ``betweenness`` …).
    overview_above : float
        A graph of more than one document with more than this many tasks gets the unit
        overview (:func:`overview_data`) instead of the full view; ``math.inf`` never does.
    max_units : int
        The most units the overview draws.

    Returns
    -------
    str
        The page. The same graph, title and options always give the same text.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("u", type="Unit", name='<b>市"局</b>', unit_type="other", placeholder=False)
    >>> page = to_html(G, "<script>alert(1)</script>")
    >>> '<b>市"局' in page, r'"\u003cb\u003e市\"局\u003c/b\u003e"' in page
    (False, True)
    >>> "<script>alert" in page, "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    (False, True)
    """
    data = view_data(G, title, measure=measure, overview_above=overview_above, max_units=max_units)
    overview = data.get("mode") == "overview"
    vis_js = _vis_script()
    app_js = _asset("search_fold.js") + "\n" + _asset("overview.js" if overview else "view.js")
    vis_css, app_css = (_VIS / "vis-network.css").read_text(encoding="utf-8"), _asset("view.css")
    styles = {"vis_css": vis_css, "app_css": app_css}
    if overview:
        styles["overview_css"] = _asset("overview.css")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template("overview.html" if overview else "view.html").render(
        title=title,
        csp=_policy([vis_js, app_js], styles.values()),
        data=_inline(json_for_html(data), "script"),
        vis_js=_inline(vis_js, "script"),
        app_js=_inline(app_js, "script"),
        **{name: _inline(text, "style") for name, text in styles.items()},
    )


def write_html(G: nx.MultiDiGraph, path: Path, title: str, *, measure: str = "pagerank",
               overview_above: float = OVERVIEW_TASKS, max_units: int = OVERVIEW_UNITS) -> Path:
    """Write the network view of ``G`` (:func:`to_html`) to ``path`` as UTF-8, atomically.

    Returns the path written.
    """
    return atomic_write_text(path, to_html(G, title, measure=measure, overview_above=overview_above,
                                           max_units=max_units))
