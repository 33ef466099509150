"""The unit overview of a corpus too large to draw whole, as JSON-ready data.

A view of many documents (:func:`fengong.graph.view_data.wants_overview`) draws units only,
joined where two are named on a common task, each jurisdiction's units together; the page
(``graph/templates/overview.*``) searches every unit and lists its tasks by document.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from .layout import UNIT_KINDS, documents, label_footprint, pack_circles, ring_layout, wrap_label
from .schema import ROLE_EDGE_TYPES, document_id, unit_id
from .view_data import (DEFAULT_MEASURE, FONT, MEASURE_TEXT, ROLE_STYLE, SIZE_MEASURES, TABLE_MEASURES, check_measure,
                        heading, plan_kinds, search_folds, search_names, short_value, shorten, type_colours, unit_keys,
                        unit_measures, unit_size)

__all__ = ["OVERVIEW_UNITS", "OVERVIEW_EDGES", "OVERVIEW_TEXT", "overview_data", "unit_font", "unit_footprint"]

#: The most units the overview draws (the most central ones; its search finds every unit).
OVERVIEW_UNITS = 5000
#: The most co-assignment edges the overview draws (those with the most shared tasks).
OVERVIEW_EDGES = 30000
#: Characters of an item's text the overview keeps; the JSON and CSV outputs have the rest.
OVERVIEW_TEXT = 160


def unit_font(share: float | None) -> float:
    """Label size of a unit: the most central units readable when the whole corpus is shown."""
    return 14.0 if share is None else round(14.0 + 12.0 * math.sqrt(share), 1)


def unit_footprint(name: str, share: float | None, size: float | None = None) -> float:
    """Radius of the circle a unit's dot (of ``size``, by default that of ``share``) and its
    label (drawn under the dot) need."""
    return label_footprint(name, size=unit_size(share) if size is None else size, font=unit_font(share))


def _cut(text: str, limit: int) -> tuple[str, bool]:
    return (text, False) if len(text) <= limit else (text[: limit - 1] + "…", True)


def overview_data(G: nx.MultiDiGraph, title: str, *, measure: str = DEFAULT_MEASURE, max_units: int = OVERVIEW_UNITS,
                  max_edges: int = OVERVIEW_EDGES, text_limit: int = OVERVIEW_TEXT,
                  central: Sequence[Mapping] | None = None,
                  co_pairs: Iterable[tuple[str, str, int]] | None = None) -> dict:
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

    ``central`` (the rows of :func:`fengong.graph.centrality.centrality_table`) and
    ``co_pairs`` (``(unit, unit, shared tasks)`` for each pair of the projection, as
    :func:`fengong.graph.tables.co_assignment_rows` gives them) are what a build has computed
    for its tables already; the page is the same with them or without.

    The side panel's data is kept small: documents, section headings, section trails and
    texts are lookup tables that the rest refers to by index, and an item's text is cut at
    ``text_limit`` characters (the JSON and CSV outputs have it all).

    Keys:

    - ``mode``: ``"overview"``; ``title``, ``options`` (vis-network's), ``legend``;
      ``measures``, ``size_by``, ``size_measures``, ``table_measures`` as in
      :func:`fengong.graph.view_data.view_data` (``values`` aligned with ``units``);
      ``names`` (:func:`fengong.graph.view_data.search_names`);
    - ``units``: one array per unit, sorted by node id: ``[id, name, full_name, type, flags,
      aliases, value, jurisdiction, links, keys]``, where ``id`` is ``0`` when it is
      ``unit:<jurisdiction>:<full_name or name>``, ``type`` indexes ``legend.unit_types``,
      ``flags`` is 1 for a placeholder plus 2 for a UnitGroup, ``aliases`` are the spellings
      other than the name, ``value`` the measure (4 significant digits, ``None`` where the
      unit is not measured), ``jurisdiction`` indexes ``jurisdictions``, and ``links`` is a
      flat list with one run per mention edge, in document order: the item (into
      ``items``) and ``2 × role + implicit`` (role into ``roles``), plus 32 where the item is
      not a task (a section, an indicator); where the unit is written otherwise than its
      name, 16 is added to the second number and a third gives the spelling (into
      ``texts``); ``keys`` are its names' keys for the search (:func:`fengong.graph.view_data.unit_keys`);
    - ``nodes``: the drawn units, most central first: ``[unit, x, y, size, font size, label]``;
    - ``edges``: ``[unit, unit, shared tasks]`` between drawn units, the first index lower;
    - ``groups``: one circle per jurisdiction drawn: ``[jurisdiction, document, x, y,
      radius]``, where ``document`` is ``-1`` except for the units of a document of no known
      jurisdiction, which are drawn with their document;
    - ``docs``: ``[title, jurisdiction, key]`` in build order; ``jurisdictions``: names, sorted,
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
    (['市发改委', '市财政局'], [[0, 1, 2]], [['方案a', 0, 'a'], ['方案b', 0, 'b']])
    >>> data["units"][0][8], data["items"], data["texts"]
    ([0, 0, 1, 0], [[0, 0, 'a', 0], [1, 0, 'b', 0]], ['做好工作'])
    >>> data["size_by"], data["units"][0][6], data["units"][0][9]
    ('degree', 2, ['市发展改革委'])
    """
    from . import projection  # imported here: only the view needs it

    check_measure(measure)
    kinds = plan_kinds(G)
    if co_pairs is None:
        co_pairs = ((a, b, d["tasks"]) for a, b, d in projection.co_assignment_graph(G).edges(data=True))
    size_measures = list(dict.fromkeys([measure, *SIZE_MEASURES]))
    measured = unit_measures(G, [*size_measures, *TABLE_MEASURES], central)
    values = measured[measure]
    top = max(values.values(), default=0.0)
    tops = {m: max(measured[m].values(), default=0.0) for m in size_measures}
    types = type_colours(G)
    type_index = {t: i for i, t in enumerate(types)}
    role_index = {r: i for i, r in enumerate(ROLE_EDGE_TYPES)}

    docs = documents(G)
    doc_index = {d: i for i, d in enumerate(docs)}
    units = sorted((n for n, k in kinds.items() if k in UNIT_KINDS), key=str)
    unit_index = {u: i for i, u in enumerate(units)}
    places = sorted({str(G.nodes[n].get("jurisdiction") or "") for n in docs + units}, key=lambda j: (j == "", j))
    place_index = {j: i for i, j in enumerate(places)}

    # the has_part tree, read upwards: where an item lies (document, trail of headings)
    # (one pass over the adjacency, whose dicts are plain: faster than G.edges and G.succ)
    attrs_of = dict(G.nodes(data=True))
    parent: dict[str, str] = {}
    out: dict[str, dict] = {}
    for u, targets in G.adjacency():
        if kinds[u] in UNIT_KINDS:
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
                title = heading(attrs)
                if title not in short:
                    short[title] = shorten(title, 24)
                trail = trail + (short[title],)
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
                ref, text = "", heading(attrs)
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
    known_keys: dict[str, str] = {}
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
            code = 2 * role + bool(d.get("implicit")) + 32 * (kinds[v] != "Task")
            if written and written != name:
                flat += [item(v, doc), code + 16, intern(texts, text_index, written)]
            else:
                flat += [item(v, doc), code]
        value = values.get(u)
        rows.append([0 if u == unit_id(place, full_name or name) else u, name, full_name,
                     type_index[str(attrs.get("unit_type") or "other")],
                     bool(attrs.get("placeholder")) + 2 * (kinds[u] == "UnitGroup"),
                     [a for a in str(attrs.get("aliases") or "").split("|") if a and a != name],
                     short_value(value), place_index[place], flat])
        rows[-1].append(unit_keys([name, full_name, *rows[-1][5]], place, known_keys))

    # the most central units, drawn; on rings per jurisdiction, the jurisdictions packed in rows
    def rank(u: str) -> tuple:
        value = values.get(u)
        return (value is None, -(value or 0.0), -count[u], str(u))

    drawn = sorted(units, key=rank)[:max(max_units, 0)]
    share = {u: (rows[unit_index[u]][1], (values[u] / top if top > 0 else 0.0) if u in values else None)
             for u in drawn}
    unknown = place_index.get("")

    def scope(u: str) -> tuple[int, int]:
        """(jurisdiction, document) a unit is drawn with: a unit of no known jurisdiction
        belongs to its document (:func:`fengong.graph.units.resolve_units` scopes it so)."""
        place, flat = rows[unit_index[u]][7], rows[unit_index[u]][8]
        return (place, items[flat[0]][0] if place == unknown and flat else -1)

    def label(key: tuple[int, int]) -> str:
        return str(G.nodes[docs[key[1]]].get("title") or "") if key[1] >= 0 else places[key[0]]

    by_scope: dict[tuple[int, int], list[str]] = {}
    for u in drawn:
        by_scope.setdefault(scope(u), []).append(u)
    def largest(u: str) -> float:  # its dot under the measure it is drawn largest by
        return max(unit_size(measured[m][u] / tops[m] if tops[m] > 0 else 0.0) if u in measured[m] else unit_size(None)
                   for m in size_measures)

    circles = {key: ring_layout([unit_footprint(*share[u], size=largest(u)) for u in members])
               for key, members in by_scope.items()}
    order = sorted(circles, key=lambda key: (-circles[key][1], label(key), key))
    centres = dict(zip(order, pack_circles([circles[key][1] for key in order], gap=160.0)))
    nodes, groups = [], []
    for key in order:
        cx, cy = centres[key]
        groups.append([*key, round(cx, 1), round(cy, 1), round(circles[key][1], 1)])
        for u, (dx, dy) in zip(by_scope[key], circles[key][0]):
            nodes.append((rank(u), [unit_index[u], round(cx + dx, 1) + 0.0, round(cy + dy, 1) + 0.0,
                                    round(unit_size(share[u][1]), 2), unit_font(share[u][1]),
                                    wrap_label(share[u][0])]))
    nodes = [n for _, n in sorted(nodes, key=lambda n: n[0])]

    on_screen = set(drawn)
    pairs = sorted((min(unit_index[a], unit_index[b]), max(unit_index[a], unit_index[b]), int(tasks))
                   for a, b, tasks in co_pairs if a in on_screen and b in on_screen)
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
            "nodes": {"font": {"face": FONT}},
            "interaction": {"hover": False, "tooltipDelay": 200, "keyboard": False, "multiselect": False},
        },
        "measures": [{"name": m, "label": MEASURE_TEXT[m][0], "explain": MEASURE_TEXT[m][1],
                      "values": [short_value(measured[m].get(u)) for u in units]}
                     for m in dict.fromkeys([*size_measures, *TABLE_MEASURES])],
        "size_by": measure,
        "size_measures": size_measures,
        "table_measures": list(TABLE_MEASURES),
        "names": search_names(places),
        "legend": {
            "unit_types": [{"type": t, "label": lab, "color": c} for t, (lab, c) in types.items()],
            "edges": [{"type": "co_assignment", "label": "共同承担任务", "color": "#8c9ba5", "width": 1.0,
                       "dashes": False}],
        },
        "units": [[list(e) if isinstance(e, tuple) else e for e in row] for row in rows],
        "nodes": nodes,
        "edges": [list(e) for e in edges],
        "groups": groups,
        "docs": [[str(G.nodes[d].get("title") or d), place_index[str(G.nodes[d].get("jurisdiction") or "")],
                  str(G.nodes[d].get("doc") or d.removeprefix("doc:"))] for d in docs],
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
