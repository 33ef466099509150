"""Files for people and for Gephi: the unit and centrality tables (CSV) and the graph
(GEXF, GraphML).

Every writer here is deterministic: nodes, edges and attributes are written in sorted
order and no clock is read, so the same graph gives byte-identical files on every run and
under every ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx
import regex

from parser.export import csv_cell
from parser.io import atomic_write_chunks, atomic_write_text

from .centrality import MEASURES, centrality_table
from .tables import UNIT_COLUMNS, unit_counts

__all__ = [
    "CENTRALITY_COLUMNS",
    "table_csv",
    "units_csv",
    "centrality_csv",
    "gephi_graph",
    "to_gexf",
    "to_graphml",
    "write_graph_outputs",
]

#: The columns of the centrality table, in order.
CENTRALITY_COLUMNS = ("id", "name", "unit_type", *MEASURES)

#: Digits after the point for floats in the CSV tables.
CSV_DECIMALS = 6

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

#: Node and edge attribute names the GEXF format (as networkx writes it) takes for itself,
#: and the names they are written under instead.
_GEXF_NODE_RENAMES = {"label": "numbering", "start": "offset_start", "end": "offset_end", "id": "node_id", "pid": "parent_id"}
_GEXF_EDGE_RENAMES = {"type": "relation", "start": "offset_start", "end": "offset_end", "label": "edge_label",
                      "weight": "edge_weight", "id": "edge_id"}


def _cell(value: object) -> str:
    if isinstance(value, float):
        return csv_cell(f"{value:.{CSV_DECIMALS}f}")
    return csv_cell(value)


def table_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """Rows as CSV text (``\\r\\n`` row ends): a header, then one line per row; floats with six decimals, text
    that a spreadsheet would run as a formula (starting ``=`` ``+`` ``-`` ``@``) escaped.

    Examples
    --------
    >>> table_csv([{"name": "=1+1", "share": 0.5, "placeholder": False}], ["name", "share", "placeholder"])
    "name,share,placeholder\\r\\n'=1+1,0.500000,false\\r\\n"
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return out.getvalue()


def units_csv(G: nx.MultiDiGraph) -> str:
    """The unit table (:func:`graph.tables.unit_counts`) as CSV text.

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委)。\\n")
    >>> units_csv(to_networkx([doc], ["d"])).splitlines()[1]
    'unit:荆门市:荆门市发展和改革委员会,市发改委,荆门市发展和改革委员会,government_department,false,1,0,0,0,1,0,1.000000,1,0,市发改委'
    """
    return table_csv(unit_counts(G), UNIT_COLUMNS)


def centrality_csv(G: nx.MultiDiGraph, *, placeholders: bool = False) -> str:
    """The centrality table (:func:`graph.centrality.centrality_table`) as CSV text.

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局)。\\n")
    >>> centrality_csv(to_networkx([doc], ["d"])).splitlines()[0].split(",")[:5]
    ['id', 'name', 'unit_type', 'degree', 'degree_lead']
    """
    return table_csv(centrality_table(G, placeholders=placeholders), CENTRALITY_COLUMNS)


def _display_label(node: str, data: dict) -> str:
    kind = data.get("type")
    if kind in ("Unit", "UnitGroup"):
        return data.get("name") or node
    if kind == "Section":
        return f"{data.get('path', '')} {data.get('title', '')}".strip()
    if kind == "Task":
        text = data.get("text", "")
        return text if len(text) <= 24 else text[:23] + "…"
    for attr in ("title", "name", "text", "ref"):
        if data.get(attr):
            return str(data[attr])
    return node


def _unit_measures(central: Sequence[dict], units: Sequence[dict]) -> dict[str, dict]:
    """The values :func:`gephi_graph` adds to each unit assigned to a task: the measures of
    the centrality table (floats rounded to 12 places) and the counts of the unit table."""
    extra: dict[str, dict] = {}
    for row in central:
        extra[row["id"]] = {m: round(row[m], 12) if isinstance(row[m], float) else row[m] for m in MEASURES}
    for row in units:
        if row["id"] in extra:
            extra[row["id"]].update({c: row[c] for c in ("led", "responsible", "supported", "guided", "total")})
    return extra


class _Items(NamedTuple):
    """A graph as a file is written from it: its attributes, and functions that give its
    nodes ``(id, attributes)`` and its edges ``(source, target, key, attributes)`` in the
    order they are written, afresh on each call, so that a writer can read them twice
    without holding a copy of the graph."""

    graph: Mapping
    nodes: Callable[[], Iterable[tuple[Any, dict]]]
    edges: Callable[[], Iterable[tuple[Any, Any, Any, dict]]]

    @classmethod
    def of(cls, H: nx.MultiDiGraph) -> _Items:
        """The items of ``H``, as they are."""
        return cls(H.graph, lambda: H.nodes(data=True), lambda: H.edges(keys=True, data=True))


def _plain(data: Mapping, orders: dict[tuple, tuple]) -> dict:
    """``data`` with its names in sorted order and its ``None`` values left out.

    ``orders`` keeps the sorted order of each list of names met (a graph has few).
    """
    names = tuple(data)
    order = orders.get(names)
    if order is None:
        order = orders[names] = tuple(sorted(names))
    return {k: data[k] for k in order if data[k] is not None}


def _gephi_items(G: nx.MultiDiGraph, extra: Mapping[str, dict]) -> _Items:
    """The nodes and edges of :func:`gephi_graph` of ``G`` (with ``extra`` added to the
    units), each made as it is read."""
    nodes = sorted(G)
    adjacency = dict(G.adjacency())

    def node_items() -> Iterator[tuple[str, dict]]:
        orders: dict[tuple, tuple] = {}
        for node in nodes:
            data, more = G.nodes[node], extra.get(node)
            yield node, _plain({**data, **more} if more else data, orders)

    def edge_items() -> Iterator[tuple[str, str, str, dict]]:
        orders: dict[tuple, tuple] = {}
        n = 0
        for u in nodes:  # sorted by (source, target, str(key)), in graph order where those tie
            targets = adjacency[u]
            for v in sorted(targets):
                for key, data in sorted(targets[v].items(), key=lambda kd: str(kd[0])):
                    yield u, v, f"e{n}", {"edge_key": str(key), **_plain(data, orders)}
                    n += 1

    return _Items({"documents": "|".join(G.graph.get("documents", ()))}, node_items, edge_items)


#: A kind of node or edge: its scope (``node`` or ``edge``), attribute names, the types
#: of their values and the type of its key (``NoneType`` for a node).
_Kind = tuple[str, tuple[str, ...], tuple[type, ...], type]


def _kind(scope: str, data: dict, key: Any = None) -> _Kind:
    return scope, tuple(data), tuple(map(type, data.values())), type(key)


def _kinds(items: _Items) -> list[_Kind]:
    """The kinds of node and edge in ``items``, in the order they are first met, nodes first.

    Each first meeting of an attribute name, and each first value of a name, is at the
    first node or edge of some kind, so the files' declarations can be read from these.
    """
    kinds: dict[_Kind, None] = {}
    for _, data in items.nodes():
        kinds.setdefault(_kind("node", data))
    for _, _, key, data in items.edges():
        kinds.setdefault(_kind("edge", data, key))
    return list(kinds)


def _check_types(kinds: Iterable[_Kind]) -> None:
    """Raise ``TypeError`` if an attribute holds a type Gephi cannot read (not a str, int,
    float or bool), or two types under one name."""
    seen: dict[tuple[str, str], type] = {}
    for scope, names, types, _ in kinds:
        for name, kind in zip(names, types):
            if kind not in (str, int, float, bool):
                raise TypeError(f"{scope} attribute {name!r} holds a {kind.__name__}, which Gephi cannot read")
            if seen.setdefault((scope, name), kind) is not kind:
                raise TypeError(f"{scope} attribute {name!r} holds both {seen[(scope, name)].__name__} and {kind.__name__}")


def gephi_graph(G: nx.MultiDiGraph, *, placeholders: bool = False) -> nx.MultiDiGraph:
    """A copy of ``G`` ready to write for Gephi: sorted, plain, with the measures on the units.

    - nodes sorted by id, edges by (source, target, key), attributes by name;
    - edges keyed ``e0``, ``e1`` … in that order, so every edge id in the file is unique
      (Gephi drops an edge whose id it has seen); the key in ``G`` is kept as ``edge_key``;
    - every value a ``str``, ``int``, ``float`` or ``bool`` (no lists, no ``None``: a
      missing value is a missing attribute), one type per attribute name;
    - ``G.graph`` reduced to the ``documents`` keys joined by ``|``;
    - each unit assigned to a task gets the :func:`graph.centrality.centrality_table`
      measures (floats rounded to 12 places) and the counts of
      :func:`graph.tables.unit_counts` (``led``, ``responsible``, ``supported``, ``guided``,
      ``total``).

    Raises ``TypeError`` if an attribute holds another type, or two types under one name.
    (:func:`write_graph_outputs` writes the files of this copy without making it.)

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局)。\\n")
    >>> H = gephi_graph(to_networkx([doc], ["d"]))
    >>> H.nodes["unit:荆门市:荆门市发展和改革委员会"]["pagerank"]
    0.5
    """
    items = _gephi_items(G, _unit_measures(centrality_table(G, placeholders=placeholders), unit_counts(G)))
    _check_types(_kinds(items))
    H = nx.MultiDiGraph(**items.graph)
    H.add_nodes_from(items.nodes())
    H.add_edges_from(items.edges())
    return H


# --------------------------------------------------------------------------------------
# GEXF and GraphML text. The files are written line by line, byte for byte as networkx's
# GEXFWriter and GraphMLWriter (pretty-printed, then serialised by ElementTree) write a
# graph whose values are str, int, float or bool, one type per name, as gephi_graph makes
# them; networkx's writers build the whole document as elements first, which takes tens
# of gigabytes for a corpus. tests/test_graph_scale.py compares the two.
# --------------------------------------------------------------------------------------


def _escape_text(text: str) -> str:
    """Element text escaped as ElementTree escapes it.

    >>> _escape_text("a<b & c>\\n")
    'a&lt;b &amp; c&gt;\\n'
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attribute(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it.

    >>> _escape_attribute('a<b & "c"\\n')
    'a&lt;b &amp; &quot;c&quot;&#10;'
    """
    text = _escape_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def _gexf_float(x: float) -> str:
    text = str(x)
    return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)


#: For each type of value: its type name in the file, and its text there (GEXF: an
#: escaped attribute value; GraphML: escaped element text).
_GEXF_TYPES: dict[type, tuple[str, Callable[[Any], str]]] = {
    str: ("string", _escape_attribute),
    int: ("long", str),
    float: ("double", _gexf_float),
    bool: ("boolean", lambda b: "true" if b else "false"),
}
_GRAPHML_TYPES: dict[type, tuple[str, Callable[[Any], str]]] = {
    str: ("string", _escape_text),
    int: ("long", str),
    float: ("double", str),
    bool: ("boolean", str),
}

_GEXF_ROOT = ('<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n')
_GRAPHML_ROOT = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')

#: Where a GEXF edge layout takes the edge's key instead of one of its values.
_KEY = -1

#: How the values of one kind of node or edge are written: for each, in order, the id it
#: is declared under, the index of the value (or :data:`_KEY`) and the function giving its text.
_Layout = list[tuple[str, int, Callable[[Any], str]]]


def _block(tag: str, lines: Iterable[str], indent: str, attributes: str = "") -> Iterator[str]:
    """``lines`` inside a ``tag`` element; an empty element written short, as ElementTree does."""
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        yield f"{indent}<{tag}{attributes} />\n"
        return
    yield f"{indent}<{tag}{attributes}>\n"
    yield first
    yield from lines
    yield f"{indent}</{tag}>\n"


def _gexf_layouts(kinds: Iterable[_Kind]) -> tuple[dict[_Kind, _Layout], list[tuple[str, str, str, str]]]:
    """The layout of each kind in GEXF, and the attributes to declare: ``(class, id, title,
    type)``, numbered in the order networkx's GEXFWriter numbers them.

    As in :func:`to_gexf`, names GEXF reserves are renamed (a later name renamed onto an
    earlier one takes the earlier one's place, as in a dict), and the key of an edge comes
    last, as ``networkx_key``.
    """
    ids: dict[tuple[str, str], str] = {}
    declared = []
    layouts = {}
    for kind in kinds:
        scope, names, types, key_type = kind
        renames = _GEXF_NODE_RENAMES if scope == "node" else _GEXF_EDGE_RENAMES
        place = {renames.get(name, name): i for i, name in enumerate(names)}
        if scope == "edge":
            place["key"] = _KEY
        layout = []
        for title, i in place.items():
            title = "networkx_key" if title == "key" else title
            value_type = key_type if i == _KEY else types[i]
            if value_type not in _GEXF_TYPES:
                raise TypeError(f"attribute value type is not allowed: {value_type}")
            if (scope, title) not in ids:
                ids[(scope, title)] = str(len(ids))
                declared.append((scope, ids[(scope, title)], title, _GEXF_TYPES[value_type][0]))
            layout.append((ids[(scope, title)], i, _GEXF_TYPES[value_type][1]))
        layouts[kind] = layout
    return layouts, declared


def _gexf_attvalues(layout: _Layout, values: Sequence, key: Any = None) -> str:
    lines = ["        <attvalues>\n"]
    for attr_id, i, text in layout:
        lines.append(f'          <attvalue for="{attr_id}" value="{text(key if i == _KEY else values[i])}" />\n')
    lines.append("        </attvalues>\n")
    return "".join(lines)


def _gexf_lines(items: _Items, kinds: list[_Kind], date: str) -> Iterator[str]:
    """The GEXF 1.2 text of ``items`` (whose kinds are ``kinds``), line by line."""
    layouts, declared = _gexf_layouts(kinds)
    yield _XML_DECLARATION + _GEXF_ROOT
    yield f'  <meta lastmodifieddate="{_escape_attribute(date)}">\n    <creator>fengong</creator>\n  </meta>\n'
    name = _escape_attribute(str(items.graph.get("documents", "")))
    yield f'  <graph defaultedgetype="directed" mode="static" name="{name}">\n'
    for scope in ("edge", "node"):  # networkx puts each new class of attributes first
        mine = [(attr_id, title, type_name) for of, attr_id, title, type_name in declared if of == scope]
        if mine:
            yield f'    <attributes mode="static" class="{scope}">\n'
            for attr_id, title, type_name in mine:
                yield f'      <attribute id="{attr_id}" title="{_escape_attribute(title)}" type="{type_name}" />\n'
            yield "    </attributes>\n"
    yield from _block("nodes", _gexf_nodes(items, layouts), "    ")
    yield from _block("edges", _gexf_edges(items, layouts), "    ")
    yield "  </graph>\n</gexf>\n\n"


def _gexf_nodes(items: _Items, layouts: Mapping[_Kind, _Layout]) -> Iterator[str]:
    for node, data in items.nodes():
        node_id = _escape_attribute(str(node))
        label = _escape_attribute(str(_display_label(node, data)))
        if not data:
            yield f'      <node id="{node_id}" label="{label}" />\n'
        else:
            yield (f'      <node id="{node_id}" label="{label}">\n'
                   + _gexf_attvalues(layouts[_kind("node", data)], list(data.values()))
                   + "      </node>\n")


def _gexf_edges(items: _Items, layouts: Mapping[_Kind, _Layout]) -> Iterator[str]:
    for u, v, key, data in items.edges():
        ends = f'source="{_escape_attribute(str(u))}" target="{_escape_attribute(str(v))}"'
        label = _escape_attribute(str(data.get("type", "")))
        yield (f'      <edge {ends} id="{_escape_attribute(str(key))}" label="{label}">\n'
               + _gexf_attvalues(layouts[_kind("edge", data, key)], list(data.values()), key)
               + "      </edge>\n")


def _graphml_keys(graph: Mapping, kinds: Iterable[_Kind]) -> tuple[list[str], dict[_Kind, list[str]], list[str]]:
    """The key ids of the graph's values and of each kind's values in GraphML, and the key
    elements, numbered (``d0``, ``d1`` …) as networkx's GraphMLWriter numbers them: the
    graph's attributes first, then by node and edge; one key per name, type and scope."""
    ids: dict[tuple[str, type, str], str] = {}
    lines = []

    def key_of(name: str, value_type: type, scope: str) -> str:
        if value_type not in _GRAPHML_TYPES:
            raise TypeError(f"GraphML does not support type {value_type} as data values.")
        if (name, value_type, scope) not in ids:
            ids[(name, value_type, scope)] = new = f"d{len(ids)}"
            lines.append(f'  <key id="{new}" for="{scope}" attr.name="{_escape_attribute(name)}" '
                         f'attr.type="{_GRAPHML_TYPES[value_type][0]}" />\n')
        return ids[(name, value_type, scope)]

    graph_keys = [key_of(str(name), type(value), "graph") for name, value in graph.items()]
    layouts = {kind: [key_of(str(name), t, kind[0]) for name, t in zip(kind[1], kind[2])] for kind in kinds}
    return graph_keys, layouts, lines[::-1]  # networkx puts each new key first


def _graphml_data(keys: list[str], values: Iterable, indent: str) -> str:
    lines = []
    for key, value in zip(keys, values):
        text = _GRAPHML_TYPES[type(value)][1](value)
        lines.append(f'{indent}<data key="{key}">{text}</data>\n' if text else f'{indent}<data key="{key}" />\n')
    return "".join(lines)


def _graphml_lines(items: _Items, kinds: list[_Kind]) -> Iterator[str]:
    """The GraphML text of ``items`` (whose kinds are ``kinds``), line by line."""
    graph = {k: v for k, v in items.graph.items() if k not in ("node_default", "edge_default", "id")}
    graph_keys, layouts, key_lines = _graphml_keys(graph, kinds)
    yield _XML_DECLARATION + _GRAPHML_ROOT
    yield from key_lines
    graph_id = items.graph.get("id")
    attributes = ' edgedefault="directed"' + ("" if graph_id is None else f' id="{_escape_attribute(str(graph_id))}"')
    yield from _block("graph", _graphml_graph(items, graph, graph_keys, layouts), "  ", attributes)
    yield "</graphml>\n\n"


def _graphml_graph(items: _Items, graph: Mapping, graph_keys: list[str], layouts: Mapping[_Kind, list[str]]) -> Iterator[str]:
    """The lines inside the GraphML ``graph`` element."""
    for node, data in items.nodes():
        head = f'    <node id="{_escape_attribute(str(node))}"'
        if not data:
            yield f"{head} />\n"
        else:
            yield f"{head}>\n" + _graphml_data(layouts[_kind('node', data)], data.values(), "      ") + "    </node>\n"
    for u, v, key, data in items.edges():
        head = (f'    <edge source="{_escape_attribute(str(u))}" target="{_escape_attribute(str(v))}" '
                f'id="{_escape_attribute(str(key))}"')
        if not data:
            yield f"{head} />\n"
        else:
            yield f"{head}>\n" + _graphml_data(layouts[_kind('edge', data, key)], data.values(), "      ") + "    </edge>\n"
    if graph:
        yield _graphml_data(graph_keys, graph.values(), "    ")  # networkx adds the graph's data last


def _latest_date(nodes: Iterable[tuple[Any, Mapping]]) -> str:
    """The latest issue date of the Document ``nodes`` (YYYY-MM-DD), else 1970-01-01."""
    dates = [data.get("date") for _, data in nodes if data.get("type") == "Document"]
    return max((d for d in dates if d is not None and regex.fullmatch(r"\d{4}-\d{2}-\d{2}", d)), default="1970-01-01")


def to_gexf(H: nx.MultiDiGraph) -> str:
    """GEXF 1.2 text of a :func:`gephi_graph` copy, for Gephi.

    GEXF reserves some attribute names (a node's ``label``, ``start``, ``end``; an edge's
    ``type``, ``weight``, ``label``, ``start``, ``end``) for its own meanings, so they are
    written under other names: ``label`` → ``numbering``, ``start``/``end`` →
    ``offset_start``/``offset_end``, an edge's ``type`` → ``relation``. Each node's GEXF
    label is a readable name (a unit's name, a section's path and title, the start of a
    task's text). The file's ``lastmodifieddate`` is the latest document date, not today's,
    and its creator is ``fengong``, so the output does not change from day to day.

    The text is what networkx's ``GEXFWriter`` (version 1.2draft, pretty-printed) writes,
    with the characters themselves rather than ``&#…;`` references.

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n2021年12月31日\\n一、任务\\n(一)甲(牵头单位:市发改委)。\\n")
    >>> text = to_gexf(gephi_graph(to_networkx([doc], ["d"])))
    >>> 'lastmodifieddate="2021-12-31"' in text, 'label="市发改委"' in text, 'title="relation"' in text
    (True, True, True)
    """
    items = _Items.of(H)
    return "".join(_gexf_lines(items, _kinds(items), _latest_date(H.nodes(data=True))))


def to_graphml(H: nx.MultiDiGraph) -> str:
    """GraphML text of a :func:`gephi_graph` copy, attribute names as in :mod:`graph.schema`.

    The text is what networkx's ``GraphMLWriter`` (pretty-printed) writes, with the
    characters themselves rather than ``&#…;`` references.

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委)。\\n")
    >>> 'attr.name="as_written" attr.type="string"' in to_graphml(gephi_graph(to_networkx([doc], ["d"])))
    True
    """
    items = _Items.of(H)
    return "".join(_graphml_lines(items, _kinds(items)))


def _utf8(lines: Iterable[str], size: int = 1 << 20) -> Iterator[bytes]:
    """``lines`` as UTF-8, in blocks of about ``size`` characters."""
    block: list[str] = []
    length = 0
    for line in lines:
        block.append(line)
        length += len(line)
        if length >= size:
            yield "".join(block).encode("utf-8")
            block, length = [], 0
    yield "".join(block).encode("utf-8")


def write_graph_outputs(G: nx.MultiDiGraph, outdir: Path, name: str) -> list[Path]:
    """Write the unit table, the centrality table and the graph for Gephi into ``outdir``.

    Files, each written atomically: ``<name>.units.csv`` and ``<name>.centrality.csv``
    (UTF-8 with a BOM, so Excel shows the Chinese text), ``<name>.gexf`` and
    ``<name>.graphml`` (:func:`to_gexf` and :func:`to_graphml` of :func:`gephi_graph`,
    written as they are made, without the copy of the graph or the whole text in memory).
    Returns their paths in that order. Raises ``TypeError`` before writing anything if
    :func:`gephi_graph` would.

    Examples
    --------
    >>> import parser, tempfile
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局)。\\n")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_graph_outputs(to_networkx([doc], ["d"]), Path(tmp), "d")]
    ['d.units.csv', 'd.centrality.csv', 'd.gexf', 'd.graphml']
    """
    outdir = Path(outdir)
    units, central = unit_counts(G), centrality_table(G)
    items = _gephi_items(G, _unit_measures(central, units))
    kinds = _kinds(items)
    _check_types(kinds)
    date = _latest_date(G.nodes(data=True))
    return [
        atomic_write_text(outdir / f"{name}.units.csv", table_csv(units, UNIT_COLUMNS), bom=True),
        atomic_write_text(outdir / f"{name}.centrality.csv", table_csv(central, CENTRALITY_COLUMNS), bom=True),
        atomic_write_chunks(outdir / f"{name}.gexf", _utf8(_gexf_lines(items, kinds, date))),
        atomic_write_chunks(outdir / f"{name}.graphml", _utf8(_graphml_lines(items, kinds))),
    ]
