"""What the network view shows, as JSON-ready data: the full view of a plan graph.

:func:`view_data` turns a plan graph (:mod:`fengong.graph.schema`) into the data the page's
script (``graph/templates/view.js``) draws and tables: every node and edge, positions from
:mod:`fengong.graph.layout`, and for each unit the measures staff rank departments by.
A corpus too large for the browser to draw smoothly gets the unit overview instead
(:func:`fengong.graph.overview.overview_data`); :func:`wants_overview` decides.
:mod:`fengong.graph.html` puts either in a page.

What staff ask first is *which departments lead the most tasks*, so units are sized by the
number of tasks they lead unless asked otherwise, and every measure carries a plain Chinese
name and a one-line explanation (:data:`MEASURE_TEXT`) that the page shows with it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from fengong.parser.errors import FengongError
from fengong.parser.normalize import traditional_table

from .layout import UNIT_KINDS, children, documents, label_footprint, radial_layout, sorted_edges, wrap_label
from .schema import ROLE_EDGE_TYPES

__all__ = [
    "UNIT_TYPE_STYLE",
    "ROLE_STYLE",
    "KIND_STYLE",
    "MEASURE_TEXT",
    "SIZE_MEASURES",
    "TABLE_MEASURES",
    "DEFAULT_MEASURE",
    "OVERVIEW_ITEMS",
    "ViewError",
    "view_data",
    "view_title",
    "wants_overview",
    "drawn_items",
    "measure_values",
    "unit_measures",
    "task_words",
    "search_folds",
    "search_names",
    "unit_keys",
    "short_value",
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

#: Node type → (label, shape, colour, size) for the nodes that are not units.
KIND_STYLE: Mapping[str, tuple[str, str, str, float]] = {
    "Document": ("文件", "star", "#2c3e50", 22),
    "Section": ("章节", "square", "#5d6d7e", 6),
    "Task": ("任务", "dot", "#a9b4bf", 3.5),
    "Indicator": ("指标", "triangle", "#b7950b", 5),
    "Target": ("目标值", "triangleDown", "#d4ac0d", 3),
    "Column": ("专栏", "square", "#a569bd", 4),
}
_UNKNOWN_TYPE_COLOURS = ("#17becf", "#bcbd22", "#7f7f7f", "#aec7e8", "#ff9896")

#: Each measure of a unit the view shows: (plain name, one-line explanation). The names are
#: the columns of :func:`fengong.graph.centrality.centrality_table`.
MEASURE_TEXT: Mapping[str, tuple[str, str]] = {
    "degree_lead": ("牵头任务数", "作为牵头单位的任务数"),
    "degree": ("涉及任务数", "以牵头、责任、配合或指导任一角色列出的任务数"),
    "degree_responsible": ("责任任务数", "作为责任单位的任务数"),
    "degree_support": ("配合任务数", "作为配合单位的任务数"),
    "degree_guide": ("指导任务数", "作为指导单位的任务数"),
    "ls_out_degree": ("带动单位数", "在它牵头的任务中，配合它的不同单位有几个"),
    "ls_in_degree": ("被带动次数", "有几个不同单位牵头时要它配合"),
    "ls_pagerank": ("配合网络影响力", "在“牵头→配合”关系中被重要牵头单位依靠的程度（PageRank）"),
    "strength": ("协作量", "与其他单位共同承担的任务量，一项任务按同伴数分摊"),
    "betweenness": ("桥梁作用", "其他单位之间最近的协作路径有多大比例经过它：越高越像连接不同部门的枢纽"),
    "eigenvector": ("核心圈程度", "与协作多的单位协作越多越高（特征向量中心度，最高为 1）"),
    "pagerank": ("综合影响力", "在单位协作网络中所占的份额（PageRank），与重要单位合作越多越高；全部单位合计 100%"),
}
#: The measures the page offers to size units by; the first is the default.
SIZE_MEASURES = ("degree_lead", "degree", "betweenness", "pagerank")
DEFAULT_MEASURE = SIZE_MEASURES[0]
#: The measures the unit table shows after its counts of tasks by role.
TABLE_MEASURES = ("ls_out_degree", "strength", "betweenness", "pagerank", "eigenvector")

#: A view of more than one document that would draw more than this many items (nodes and
#: edges, :func:`drawn_items`) is the unit overview instead of the full view. Set from what
#: Chromium redraws within 150 ms on a 2-core machine without a GPU
#: (``benchmarks/bench_html.py --redraw``): 25 synthetic plans of the main document's size
#: (about 26,000 items) redraw in 50–130 ms, 30 plans (31,000) in about 270 ms, 50 plans
#: (53,000) in 380 ms; the overview of 50 plans in about 40 ms.
OVERVIEW_ITEMS = 27000

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'


class ViewError(FengongError):
    """The view cannot be made (an unknown measure, a graph that is not a plan graph)."""


def shorten(text: str, limit: int) -> str:
    """``text`` with runs of white space as one space, cut with ``…`` at ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def task_words(text: str, limit: int = 10) -> str:
    """A task's label on the network: its first phrase, at most ``limit`` characters.

    The phrase ends at the first 。；，： (or their ASCII forms) that leaves at least two
    characters; a longer one is cut with ``…``.

    Examples
    --------
    >>> task_words("夯实创新第一动力。推进创新荆门建设,实施创新驱动发展战略")
    '夯实创新第一动力'
    >>> task_words("地区生产总值(GDP)总量力争突破3000亿元,年均增长7%以上")
    '地区生产总值(GD…'
    >>> task_words("  "), task_words("严格知识产权保护")
    ('', '严格知识产权保护')
    """
    text = " ".join(str(text).split())
    for i, ch in enumerate(text):
        if ch in "。；，：;,:" and i >= 2:
            text = text[:i]
            break
    return text if len(text) <= limit else text[: limit - 1] + "…"


def heading(attrs: Mapping) -> str:
    """A section's heading as printed: its label and title (一、总体要求)."""
    return f"{attrs.get('label', '')}{attrs.get('title', '')}".strip() or str(attrs.get("path", ""))


def plan_kinds(G: nx.MultiDiGraph) -> dict[str, str]:
    """The type of every node of ``G``; a :class:`ViewError` for a type the view does not know."""
    kinds = dict(G.nodes(data="type", default=""))
    unknown = sorted({k for k in kinds.values() if k not in KIND_STYLE and k not in UNIT_KINDS})
    if unknown:
        raise ViewError(f"not a plan graph: node type {unknown[0]!r} (see graph.schema)")
    return kinds


def type_colours(G: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    """Label and colour of each unit type in ``G``; types we have no colour for get spare ones."""
    found = sorted({str(G.nodes[n].get("unit_type") or "other") for n, t in G.nodes(data="type") if t in UNIT_KINDS})
    styles = {}
    spare = iter(_UNKNOWN_TYPE_COLOURS * (1 + len(found) // len(_UNKNOWN_TYPE_COLOURS)))
    for t in found:
        styles[t] = UNIT_TYPE_STYLE.get(t) or (t, next(spare))
    return dict(sorted(styles.items(), key=lambda kv: (list(UNIT_TYPE_STYLE).index(kv[0])
                                                        if kv[0] in UNIT_TYPE_STYLE else 99, kv[0])))


def unit_size(share: float | None) -> float:
    """Radius of a unit's dot from its ``share`` of the largest value of the measure shown
    (``None``: not measured). The page computes the same when the measure is switched."""
    return 7.0 if share is None else 9.0 + 31.0 * math.sqrt(share)


def measure_values(G: nx.MultiDiGraph, measure: str, co_assignment: nx.Graph | None = None) -> dict[str, float]:
    """One column of :func:`fengong.graph.centrality.centrality_table`, computed alone.

    The same definitions and the same units (every unit assigned to a task, placeholders and
    implicit assignments left out), without computing the columns not shown, which on a
    large corpus cost more than the view needs.
    ``co_assignment`` is :func:`fengong.graph.projection.co_assignment_graph` of ``G`` where the
    caller has it already.
    """
    from . import centrality, projection  # imported here: only the view needs them

    check_measure(measure)
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


def short_value(value: float | None) -> float | int | None:
    """A measure as the page gets it: four significant digits, a whole number as one.

    >>> short_value(0.126034), short_value(34.0), short_value(None)
    (0.126, 34, None)
    """
    if value is None:
        return None
    short = float(f"{value:.4g}")
    return int(short) if short.is_integer() else short


def check_measure(measure: str) -> None:
    """A :class:`ViewError` unless ``measure`` is a column of the centrality table."""
    from .centrality import MEASURES

    if measure not in MEASURES:
        raise ViewError(f"unknown measure {measure!r} (known: {', '.join(MEASURES)})")


def unit_measures(G: nx.MultiDiGraph, measures: Iterable[str],
                  central: Sequence[Mapping] | None = None) -> dict[str, dict[str, float]]:
    """``measures`` of every measured unit, from one :func:`fengong.graph.centrality.centrality_table`
    (``central``, where the caller has it already: a build computes it for its tables).

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局)。\\n")
    >>> found = unit_measures(to_networkx([doc], ["d"]), ["degree_lead", "degree"])
    >>> sorted(found["degree_lead"].values()), sorted(found["degree"].values())
    ([0.0, 1.0], [1.0, 1.0])
    """
    from .centrality import centrality_table

    measures = list(dict.fromkeys(measures))
    for measure in measures:
        check_measure(measure)
    rows = centrality_table(G) if central is None else central
    return {m: {row["id"]: float(row[m]) for row in rows} for m in measures}


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


def unit_keys(names: Iterable[str], jurisdiction: str, known: dict | None = None) -> list[str]:
    """The keys (:func:`fengong.graph.names.name_key`) of a unit's names — its name, full name,
    spellings — in its jurisdiction: what the search box compares the key of what is typed
    with, so 发展改革委 finds 市发改委 and 荆门发改委 finds it too.

    A name in which the jurisdiction's place does not occur has one key in every
    jurisdiction but the central one (name_key reads the place only where it is written),
    so ``known``, a dict kept by the caller, holds those keys for the next unit of that name:
    a corpus of a thousand cities has a thousand 市发改委.

    >>> unit_keys(["市发改委", "荆门市发展和改革委员会", ""], "荆门市")
    ['市发展改革委']
    """
    from .names import CENTRAL, name_key, place_stem

    known = {} if known is None else known
    stem = place_stem(jurisdiction) if jurisdiction else ""
    keys = []
    for name in names:
        if not name:
            continue
        if jurisdiction == CENTRAL or (stem and stem in name):
            keys.append(name_key(name, jurisdiction))
        else:
            if name not in known:
                known[name] = name_key(name, jurisdiction)
            keys.append(known[name])
    return list(dict.fromkeys(keys))


def search_names(jurisdictions: Iterable[str]) -> dict:
    """What the page needs to compute :func:`fengong.graph.names.name_key` of what is typed,
    as ``search_fold.js`` does: the abbreviation data (``graph/data/abbreviations.toml``:
    ``groups`` of forms, the key form first; the ``party`` and ``central`` prefixes) and, for
    each of ``jurisdictions``, the ways a name may start with its place and the level word
    that stands for it (``places``: jurisdiction → ``[prefixes, level]``).

    >>> data = search_names(["荆门市"])
    >>> data["places"]["荆门市"], data["groups"][0][:2]
    ([['荆门市', '荆门'], '市'], ['发展改革委', '发改委'])
    """
    from .names import CENTRAL, _level, _place_prefixes, load_abbreviations  # the lookup's own rules

    abbreviations = load_abbreviations()
    return {"groups": [list(g) for g in abbreviations.groups], "party": list(abbreviations.party),
            "central": list(abbreviations.central), "central_place": CENTRAL,
            "places": {j: [list(_place_prefixes(j)), _level(j)] for j in sorted(set(jurisdictions)) if j}}


def drawn_items(G: nx.MultiDiGraph) -> int:
    """What the full view of ``G`` draws: one item per node and one per edge.

    >>> drawn_items(nx.MultiDiGraph([("a", "b"), ("a", "b")]))
    4
    >>> drawn_items(nx.DiGraph([("a", "b"), ("b", "a")]))
    4
    """
    if not G.is_multigraph():
        return G.number_of_nodes() + G.number_of_edges()
    # the edges counted from the successors' key dicts: a multigraph's number_of_edges()
    # sums every node's degree, in and out, which takes seconds on a corpus of 1,000 plans
    return G.number_of_nodes() + sum(len(keys) for targets in G.succ.values() for keys in targets.values())


def wants_overview(G: nx.MultiDiGraph, overview_above: float = OVERVIEW_ITEMS) -> bool:
    """Whether the view of ``G`` is the unit overview: more than one document, and more than
    ``overview_above`` items to draw (:func:`drawn_items`, :data:`OVERVIEW_ITEMS`).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["doc:a", "doc:b"], type="Document"); G.add_node("t", type="Task")
    >>> wants_overview(G), wants_overview(G, overview_above=0)
    (False, True)
    """
    documents = sum(1 for _, kind in G.nodes(data="type") if kind == "Document")
    return documents > 1 and drawn_items(G) > overview_above


def view_title(G: nx.MultiDiGraph) -> str:
    """The title of the view of ``G``: its document's title; for a corpus ``N 份文件：`` and
    the titles of the first documents.

    Examples
    --------
    >>> G = nx.MultiDiGraph(documents=("a", "b", "c"))
    >>> for k, t in zip("abc", ["荆门市分工方案", "湘西州分工方案", ""]):
    ...     G.add_node(f"doc:{k}", type="Document", title=t)
    >>> view_title(G)
    '3 份文件：荆门市分工方案、湘西州分工方案、c'
    >>> view_title(nx.MultiDiGraph())
    '0 份文件'
    """
    docs = documents(G)
    titles = [str(G.nodes[d].get("title") or d.removeprefix("doc:")) for d in docs]
    if len(titles) == 1:
        return titles[0]
    listed = "、".join(shorten(t, 40) for t in titles[:3]) + ("等" if len(titles) > 3 else "")
    return f"{len(titles)} 份文件" + (f"：{listed}" if titles else "")


def view_data(G: nx.MultiDiGraph, title: str, *, measure: str = DEFAULT_MEASURE,
              overview_above: float = OVERVIEW_ITEMS, max_units: int | None = None,
              central: Sequence[Mapping] | None = None,
              co_pairs: Iterable[tuple[str, str, int]] | None = None) -> dict:
    """What the page shows, as JSON-ready data.

    A graph of more than one document with more than ``overview_above`` items to draw gets
    the unit overview instead, :func:`fengong.graph.overview.overview_data` (with
    ``max_units``); what follows is the full view, which draws every node and every edge.

    Keys:

    - ``title``; ``docs``: one per document in build order, ``{node, key, title,
      jurisdiction}`` (``node`` indexes ``nodes``);
    - ``nodes``: one per node of ``G``, sorted by id: ``{id, kind, x, y, parent}`` (``parent``:
      the index of the node it is a part of, ``-1`` for none), and by kind: a Document its
      ``title``; a Section ``path``, ``heading``, ``level``; a Task ``path``, ``ref`` (its
      number), ``text`` and ``label`` (:func:`task_words`); an Indicator ``path`` and
      ``text``; a Target or 专栏 ``text``; a Unit or UnitGroup ``name``, ``full_name``,
      ``type`` (into ``unit_types``), ``placeholder``, ``aliases`` (spellings other than
      the name), ``jurisdiction``, ``label`` (the name in lines, :func:`fengong.graph.layout.wrap_label`)
      and ``keys`` (:func:`unit_keys`);
    - ``edges``: one per edge of ``G``, ``[from, to, type, implicit]`` (node indexes, type
      into ``edge_types``, implicit 0 or 1) and, for a mention of a unit written otherwise
      than its name, the spelling as a fifth element; the mentions (role edges) come first,
      in document order, then the other edges sorted. The page names edge ``i`` ``e<i>``;
    - ``units``: the unit nodes (indexes), sorted by id; ``measures``: ``{name, label,
      explain, values}`` for each measure shown (``values`` aligned with ``units``, ``None``
      where a unit is not measured); ``size_by`` (the measure units are sized by at first)
      and ``size_measures``, ``table_measures`` (names);
    - ``sections``: the choices of the section filter, ``[node, depth]`` in document order;
    - ``unit_types``, ``kinds``, ``edge_types``: what the legend shows and the page styles
      by; ``fold`` (:func:`search_folds`) and ``names`` (:func:`search_names`) for the search
      box; ``options`` (vis-network's).

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
    >>> data = view_data(G, "示例")
    >>> [(n["id"], n["kind"], n["parent"]) for n in data["nodes"]]
    [('doc:d', 'Document', -1), ('sec:d:1', 'Section', 0), ('task:d:1#1', 'Task', 1), ('u', 'Unit', -1)]
    >>> [data["edge_types"][e[2]]["type"] for e in data["edges"]], data["edges"][0]
    (['lead', 'has_part', 'has_part'], [3, 2, 0, 0])
    >>> data["units"], data["size_by"], data["measures"][0]["values"]
    ([3], 'degree_lead', [1])
    """
    if wants_overview(G, overview_above):
        from .overview import OVERVIEW_UNITS, overview_data

        return overview_data(G, title, measure=measure, max_units=OVERVIEW_UNITS if max_units is None else max_units,
                             central=central, co_pairs=co_pairs)
    check_measure(measure)
    kinds = plan_kinds(G)
    attrs_of = dict(G.nodes(data=True))
    order = sorted(G, key=str)
    index = {node: i for i, node in enumerate(order)}
    units = [n for n in order if kinds[n] in UNIT_KINDS]
    size_measures = list(dict.fromkeys([measure, *SIZE_MEASURES]))
    values = unit_measures(G, [*size_measures, *TABLE_MEASURES], central)

    # room for each unit: its largest dot under any of the measures it can be sized by
    top = {m: max(values[m].values(), default=0.0) for m in size_measures}
    largest = {u: max(unit_size(values[m][u] / top[m] if top[m] > 0 else 0.0) if u in values[m] else unit_size(None)
                      for m in size_measures) for u in units}
    reach = {u: label_footprint(str(attrs_of[u].get("name") or u), size=largest[u]) for u in units}
    positions = radial_layout(G, reach=reach)
    kids = children(G)
    parent = {c: p for p, cs in kids.items() for c in cs}
    types = type_colours(G)
    type_index = {t: i for i, t in enumerate(types)}
    docs = documents(G)
    doc_keys = {d: str(attrs_of[d].get("doc") or d.removeprefix("doc:")) for d in docs}

    nodes = []
    known_keys: dict[str, str] = {}
    for node in order:
        attrs, kind = attrs_of[node], kinds[node]
        x, y = positions[node]
        entry: dict = {"id": node, "kind": kind, "x": x, "y": y, "parent": index[parent[node]] if node in parent else -1}
        if kind in UNIT_KINDS:
            name = str(attrs.get("name") or node)
            entry.update(name=name, full_name=str(attrs.get("full_name") or ""),
                         type=type_index[str(attrs.get("unit_type") or "other")],
                         placeholder=bool(attrs.get("placeholder")),
                         aliases=[a for a in str(attrs.get("aliases") or "").split("|") if a and a != name],
                         jurisdiction=str(attrs.get("jurisdiction") or ""), label=wrap_label(name))
            entry["keys"] = unit_keys([name, entry["full_name"], *entry["aliases"]], entry["jurisdiction"], known_keys)
        elif kind == "Document":
            entry["title"] = str(attrs.get("title") or "")
        elif kind == "Section":
            entry.update(path=str(attrs.get("path", "")), heading=heading(attrs), level=int(attrs.get("level") or 1))
        elif kind == "Task":
            text = str(attrs.get("text", ""))
            entry.update(path=str(attrs.get("path", "")), ref=str(node).rsplit(":", 1)[-1], text=text,
                         label=task_words(text))
        elif kind == "Indicator":
            entry.update(path=str(attrs.get("path", "")), text=str(attrs.get("name", "")))
        elif kind == "Target":
            entry["text"] = str(attrs.get("text", ""))
        else:  # Column
            entry["text"] = f"专栏{attrs.get('ref', '')}"
        nodes.append(entry)

    # the edges: mentions first, in document order (the order the side panel lists them in)
    present = {str(d.get("type", "")) for _, _, d in G.edges(data=True)}
    edge_types = [t for t in ROLE_STYLE if t in present] + sorted(present - set(ROLE_STYLE))
    edge_index = {t: i for i, t in enumerate(edge_types)}
    doc_rank = {d: i for i, d in enumerate(docs)}

    def doc_of(node: str) -> int:
        while node in parent:
            node = parent[node]
        return doc_rank.get(node, len(doc_rank))

    mentions, others = [], []
    for u, v, key, d in sorted_edges(G):
        edge_type = str(d.get("type", ""))
        row = [index[u], index[v], edge_index[edge_type], int(bool(d.get("implicit")))]
        if edge_type in ROLE_EDGE_TYPES:
            written = str(d.get("as_written") or "")
            if written and written != attrs_of[u].get("name"):
                row.append(written)
            mentions.append(((doc_of(v), attrs_of[v].get("start", 0), d.get("start", 0), str(u), str(v), str(key)), row))
        else:
            others.append(row)
    mentions.sort(key=lambda m: m[0])

    sections = []
    many_docs = len(docs) > 1
    for doc in docs:
        if many_docs:
            sections.append([index[doc], 0])
        stack = [(doc, 0)]
        while stack:
            node, level = stack.pop()
            if kinds[node] == "Section":
                sections.append([index[node], level - (0 if many_docs else 1)])
            if level < 2:
                stack.extend((c, level + 1) for c in reversed(kids.get(node, [])) if kinds[c] == "Section")

    def column(m: str) -> dict:
        label, explain = MEASURE_TEXT.get(m, (m, ""))
        return {"name": m, "label": label, "explain": explain,
                "values": [short_value(values[m].get(u)) for u in units]}

    return {
        "title": title,
        "docs": [{"node": index[d], "key": doc_keys[d], "title": str(attrs_of[d].get("title") or ""),
                  "jurisdiction": str(attrs_of[d].get("jurisdiction") or "")} for d in docs],
        "nodes": nodes,
        "edges": [row for _, row in mentions] + others,
        "units": [index[u] for u in units],
        "measures": [column(m) for m in dict.fromkeys([*size_measures, *TABLE_MEASURES])],
        "size_by": measure,
        "size_measures": size_measures,
        "table_measures": list(TABLE_MEASURES),
        "sections": sections,
        "unit_types": [{"type": t, "label": lab, "color": c} for t, (lab, c) in types.items()],
        "kinds": [{"kind": k, "label": s[0], "shape": s[1], "color": s[2], "size": s[3]} for k, s in KIND_STYLE.items()
                  if k in set(kinds.values())],
        "edge_types": [{"type": t, "label": ROLE_STYLE.get(t, (t,))[0], "color": ROLE_STYLE.get(t, (t, "#d5d8dc"))[1],
                        "width": ROLE_STYLE.get(t, (t, "", 0.6))[2], "dashes": ROLE_STYLE.get(t, (t, "", 0, False))[3],
                        "role": t in ROLE_EDGE_TYPES} for t in edge_types],
        "fold": search_folds(text for n in nodes if n["kind"] in UNIT_KINDS
                             for text in (n["name"], n["full_name"], n["jurisdiction"], *n["aliases"])),
        "names": search_names(n["jurisdiction"] for n in nodes if n["kind"] in UNIT_KINDS),
        "options": {
            "autoResize": True,
            "physics": {"enabled": False},
            "layout": {"improvedLayout": False, "randomSeed": 1},
            "edges": {"smooth": False, "selectionWidth": 2},
            "nodes": {"font": {"face": FONT}},
            "interaction": {"hover": False, "tooltipDelay": 200, "keyboard": False, "multiselect": False},
        },
    }
