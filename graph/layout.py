"""Where the network view puts things: positions computed once, in Python, so that the browser
draws the view without a physics simulation.

- :func:`radial_layout` — the full view: the document tree around a ring, in document order,
  and the units inside it near the items they are named against;
- :func:`ring_layout` and :func:`pack_circles` — the corpus overview: each jurisdiction's units
  on rings around the most central one, and these circles packed in rows;
- :func:`wrap_label` — a Chinese name broken into balanced lines.

Nothing here draws or knows about HTML; :mod:`fengong.graph.view_data` calls these and
:mod:`fengong.graph.html` puts the result in a page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import networkx as nx

from .schema import ROLE_EDGE_TYPES, document_id

__all__ = [
    "radial_layout",
    "ring_layout",
    "pack_circles",
    "wrap_label",
    "label_footprint",
    "sorted_edges",
    "children",
    "documents",
]

UNIT_KINDS = ("Unit", "UnitGroup")


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


def label_footprint(name: str, size: float = 7.0, font: float = 14.0) -> float:
    """Radius of the circle a unit's dot of radius ``size`` and its name, wrapped
    (:func:`wrap_label`) and drawn under the dot in ``font``-high characters, need.

    Examples
    --------
    >>> label_footprint("市发改委"), label_footprint("市发改委", size=40.0)
    (40.5, 52.5)
    """
    lines = wrap_label(name).split("\n")
    width = font * max(len(line) for line in lines)
    height = (font + 3) * len(lines)
    return max(size, width / 2) + height / 2 + 4.0


def sorted_edges(G: nx.MultiDiGraph) -> list[tuple[str, str, object, dict]]:
    """The edges in an order that depends on the graph's content only."""
    return sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


def children(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """``has_part`` children of each node, in document order (``start``, then id)."""
    kids: dict[str, list[str]] = {}
    for u, v, _, d in sorted_edges(G):
        if d.get("type") == "has_part":
            kids.setdefault(u, []).append(v)
    for u in kids:
        kids[u] = sorted(set(kids[u]), key=lambda n: (G.nodes[n].get("start", 0), str(n)))
    return kids


def documents(G: nx.MultiDiGraph) -> list[str]:
    """Document nodes, in the build's order where the graph records it."""
    docs = sorted(n for n, t in G.nodes(data="type") if t == "Document")
    order = {document_id(k): i for i, k in enumerate(G.graph.get("documents", ()))}
    return sorted(docs, key=lambda n: (order.get(n, len(order)), n))


def radial_layout(G: nx.MultiDiGraph, *, spacing: float = 14.0,
                  reach: Mapping[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Positions for every node: the document tree around a ring, the units inside it.

    The leaves of the ``has_part`` tree (tasks and indicators, and sections without parts)
    are placed around a circle in document order, clockwise from the top, ``spacing`` apart;
    sections sit outside the ring above their parts, deeper levels nearer the ring, and each
    document outside its sections. Targets and 专栏 sit just outside the ring next to the
    items they belong to. A unit starts at the weighted mean position of the items it is
    named against (a lead counts 3, responsible 2, others 1), pulled towards the centre, so
    a unit working all over the plan sits in the middle and a specialised one near its
    sections; overlapping units (with their labels) are then pushed apart: ``reach`` gives
    the radius each unit needs (by default :func:`label_footprint` of its name). The ring is
    made large enough for the units to fit inside it.

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
    kids = children(G)
    kind = dict(G.nodes(data="type", default=""))
    units = sorted(n for n in G if kind[n] in UNIT_KINDS)
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

    for doc in documents(G):
        if depth:
            next_slot += 6  # a wider gap between documents
        visit(doc, 0)
    for node in sorted(n for n in G if n not in depth and n not in attached and kind[n] not in UNIT_KINDS):
        visit(node, 0)  # parts of no document: after the last one
    orphans = sorted(n for n in attached if not any(p in slot for p in G.predecessors(n)))
    for node in orphans:
        slot[node] = next_slot
        next_slot += 1
    total = next_slot + 3 if next_slot > 1 else 1.0  # the same gap where the ring closes

    if reach is None:
        reach = {u: label_footprint(str(G.nodes[u].get("name") or u)) for u in units}
    else:
        reach = {u: reach[u] for u in units}
    # the units cover at most half the disc: packed denser, the last ones search long for a gap
    inner = math.sqrt(sum(r * r for r in reach.values()) / 0.5)
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


def _unit_positions(G: nx.MultiDiGraph, units: list[str], pos: Mapping[str, tuple[float, float]],
                    reach: Mapping[str, float], limit: float) -> dict[str, tuple[float, float]]:
    """Each unit at the first free place on a spiral around the weighted mean of its items.

    Units are placed largest first, so the central ones get the places they pull to and the
    small ones fill the gaps; a place is free when the unit's footprint (``reach``)
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
        for gx in (cx - 1, cx, cx + 1):
            for gy in (cy - 1, cy, cy + 1):
                for px, py, pr in grid.get((gx, gy), ()):
                    dx, dy, gap = x - px, y - py, r + pr
                    if dx * dx + dy * dy < gap * gap:
                        return False
        return True

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


def pack_circles(radii: Sequence[float], gap: float, aspect: float = 1.6) -> list[tuple[float, float]]:
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
