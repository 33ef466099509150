"""Files for people and for Gephi: the unit and centrality tables (CSV) and the graph
(GEXF, GraphML).

Every writer here is deterministic: nodes, edges and attributes are written in sorted
order and no clock is read, so the same graph gives byte-identical files on every run and
under every ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import array
import csv
import io
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx
import regex

from fengong.parser.export import csv_cell
from fengong.parser.io import atomic_write_chunks, atomic_write_text

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
    """The unit table (:func:`fengong.graph.tables.unit_counts`) as CSV text.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委)。\\n")
    >>> units_csv(to_networkx([doc], ["d"])).splitlines()[1]
    'unit:荆门市:荆门市发展和改革委员会,市发改委,荆门市发展和改革委员会,government_department,false,1,0,0,0,1,0,1.000000,1,0,市发改委'
    """
    return table_csv(unit_counts(G), UNIT_COLUMNS)


def centrality_csv(G: nx.MultiDiGraph, *, placeholders: bool = False) -> str:
    """The centrality table (:func:`fengong.graph.centrality.centrality_table`) as CSV text.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
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
    nodes ``(id, names, values)`` and its edges ``(source, target, key, names, values)``
    (the names and values of their attributes, in order) in the order they are written,
    afresh on each call, so that a writer can read them more than once without holding a
    copy of the graph."""

    graph: Mapping
    nodes: Callable[[], Iterable[tuple[Any, tuple[str, ...], tuple]]]
    edges: Callable[[], Iterable[tuple[Any, Any, Any, tuple[str, ...], tuple]]]

    @classmethod
    def of(cls, H: nx.MultiDiGraph) -> _Items:
        """The items of ``H``, as they are."""
        return cls(H.graph,
                   lambda: ((n, tuple(d), tuple(d.values())) for n, d in H.nodes(data=True)),
                   lambda: ((u, v, k, tuple(d), tuple(d.values())) for u, v, k, d in H.edges(keys=True, data=True)))


class _Plain:
    """Attribute dicts made plain: their names sorted, after the names ``first`` whose
    values are given, and the names whose value is ``None`` left out.

    Graphs have few lists of attribute names, so the sorted order of each is kept.

    >>> _Plain(("edge_key",))({"type": "lead", "doc": "d", "end": None}, "k")
    (('edge_key', 'doc', 'type'), ('k', 'd', 'lead'))
    """

    def __init__(self, first: tuple[str, ...] = ()):
        self.first = first
        self.orders: dict[tuple[str, ...], tuple[tuple[str, ...], Callable[[Mapping], tuple]]] = {}

    def __call__(self, data: Mapping, *first: Any) -> tuple[tuple[str, ...], tuple]:
        keys = tuple(data)
        known = self.orders.get(keys)
        if known is None:
            order = tuple(sorted(keys))
            get = operator.itemgetter(*order) if len(order) > 1 else lambda d: tuple(d[k] for k in order)
            known = self.orders[keys] = (self.first + order, get)
        names, get = known
        values = first + get(data)
        if None in values:
            kept = [(n, v) for n, v in zip(names, values) if v is not None]
            names, values = tuple(n for n, _ in kept), tuple(v for _, v in kept)
        return names, values


def _gephi_items(G: nx.MultiDiGraph, extra: Mapping[str, dict]) -> _Items:
    """The nodes and edges of :func:`gephi_graph` of ``G`` (with ``extra`` added to the
    units), each made as it is read."""
    nodes = sorted(G)
    node_data = dict(G.nodes(data=True))
    adjacency = dict(G.adjacency())

    def node_items() -> Iterator[tuple[str, tuple[str, ...], tuple]]:
        plain = _Plain()
        for node in nodes:
            data, more = node_data[node], extra.get(node)
            yield (node, *plain({**data, **more} if more else data))

    def edge_items() -> Iterator[tuple[str, str, str, tuple[str, ...], tuple]]:
        plain = _Plain(("edge_key",))
        n = 0
        for u in nodes:  # sorted by (source, target, str(key)), in graph order where those tie
            targets = adjacency[u]
            for v in sorted(targets) if len(targets) > 1 else targets:
                edges = targets[v]
                for key in sorted(edges, key=str) if len(edges) > 1 else edges:
                    yield (u, v, f"e{n}", *plain(edges[key], str(key)))
                    n += 1

    return _Items({"documents": "|".join(G.graph.get("documents", ()))}, node_items, edge_items)


#: A kind of node or edge: its scope (``node`` or ``edge``), attribute names, the types
#: of their values, and the type of its key (``NoneType`` for a node).
_Kind = tuple[str, tuple[str, ...], tuple[type, ...], type]


def _kinds(items: _Items) -> tuple[list[_Kind], array.array]:
    """The kinds of node and edge in ``items``, in the order they are first met (nodes
    first), and the number of the kind of each node and edge in turn.

    Every first meeting of an attribute name, and every first value of a name, is at the
    first node or edge of some kind, so the files' declarations can be read from these.
    """
    kinds: dict[_Kind, int] = {}
    numbers = array.array("L")
    for _, names, values in items.nodes():
        numbers.append(kinds.setdefault(("node", names, tuple(map(type, values)), type(None)), len(kinds)))
    for _, _, key, names, values in items.edges():
        numbers.append(kinds.setdefault(("edge", names, tuple(map(type, values)), type(key)), len(kinds)))
    return list(kinds), numbers


def _check_types(kinds: Iterable[_Kind]) -> None:
    """Raise ``TypeError`` if an attribute holds a type Gephi cannot read (not a str, int,
    float or bool), or two types under one name."""
    seen: dict[tuple[str, str], type] = {}
    for scope, names, types, _ in kinds:
        for name, kind in zip(names, types):
            if kind not in (str, int, float, bool):
                raise TypeError(f"{scope} attribute {name!r} holds a {kind.__name__}, which Gephi cannot read")
            if seen.setdefault((scope, name), kind) is not kind:
                raise TypeError(f"{scope} attribute {name!r} holds both "
                                f"{seen[(scope, name)].__name__} and {kind.__name__}")


def gephi_graph(G: nx.MultiDiGraph, *, placeholders: bool = False) -> nx.MultiDiGraph:
    """A copy of ``G`` ready to write for Gephi: sorted, plain, with the measures on the units.

    - nodes sorted by id, edges by (source, target, key), attributes by name;
    - edges keyed ``e0``, ``e1`` … in that order, so every edge id in the file is unique
      (Gephi drops an edge whose id it has seen); the key in ``G`` is kept as ``edge_key``;
    - every value a ``str``, ``int``, ``float`` or ``bool`` (no lists, no ``None``: a
      missing value is a missing attribute), one type per attribute name;
    - ``G.graph`` reduced to the ``documents`` keys joined by ``|``;
    - each unit assigned to a task gets the :func:`fengong.graph.centrality.centrality_table`
      measures (floats rounded to 12 places) and the counts of
      :func:`fengong.graph.tables.unit_counts` (``led``, ``responsible``, ``supported``, ``guided``,
      ``total``).

    Raises ``TypeError`` if an attribute holds another type, or two types under one name.
    (:func:`write_graph_outputs` writes the files of this copy without making it.)

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局)。\\n")
    >>> H = gephi_graph(to_networkx([doc], ["d"]))
    >>> H.nodes["unit:荆门市:荆门市发展和改革委员会"]["pagerank"]
    0.5
    """
    items = _gephi_items(G, _unit_measures(centrality_table(G, placeholders=placeholders), unit_counts(G)))
    _check_types(_kinds(items)[0])
    H = nx.MultiDiGraph(**items.graph)
    H.add_nodes_from((node, dict(zip(names, values))) for node, names, values in items.nodes())
    H.add_edges_from((u, v, key, dict(zip(names, values))) for u, v, key, names, values in items.edges())
    return H


# --------------------------------------------------------------------------------------
# GEXF and GraphML text. The files are written line by line, byte for byte as networkx's
# GEXFWriter and GraphMLWriter (pretty-printed, then serialised by ElementTree) write a
# graph whose values are str, int, float or bool, one type per name, as gephi_graph makes
# them (networkx's GEXF writer would also read attributes named viz, parents, spells or
# slices as its own; the plan graph has none). networkx's writers build the whole document
# as elements first, which took 8.7 GB and five minutes for 1,000 documents.
# tests/test_graph_scale.py compares the two.
# --------------------------------------------------------------------------------------


#: what XML 1.0 does not allow in a document, even as a character reference: the C0 controls
#: but tab and line breaks, lone surrogates (a file name that is not UTF-8, as Python reads
#: it), U+FFFE and U+FFFF
_NOT_XML = regex.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape_text(text: str) -> str:
    """Element text escaped as ElementTree escapes it, and what XML 1.0 forbids (:data:`_NOT_XML`)
    replaced by U+FFFD, one character for one, so that the file is well-formed whatever the
    document held and the offsets still count the same characters.

    >>> _escape_text("a<b & c>\\n"), _escape_text("ESC\\x1b NUL\\x00")
    ('a&lt;b &amp; c&gt;\\n', 'ESC\\ufffd NUL\\ufffd')
    """
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("\ufffd", text)
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
              'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
              'version="1.2">\n')
_GRAPHML_ROOT = ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


#: The characters ElementTree escapes in an attribute value (in text, only the first three),
#: and those XML 1.0 forbids (:data:`_NOT_XML`).
_MARKUP = regex.compile('[&<>"\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


class _Layout(NamedTuple):
    """How one kind of node or edge is written: a template with a ``{}`` for each value,
    which of the item's values fill it (indices into its head — id, label … — followed by
    its attribute values; ``None``: all of them in order), how the text among them is
    escaped, and how the values that ``str.format`` would not write as networkx does
    (GEXF floats and bools) are written."""

    template: str
    picks: tuple[int, ...] | None
    escapes: tuple[tuple[int, Callable[[str], str]], ...]
    converts: tuple[tuple[int, Callable[[Any], str]], ...]

    def fill(self, values: Sequence) -> str:
        values = list(values) if self.picks is None else [values[i] for i in self.picks]
        for i, convert in self.converts:
            values[i] = convert(values[i])
        if _MARKUP.search("".join([values[i] for i, _ in self.escapes])):  # seldom: look at all at once
            for i, escape in self.escapes:
                values[i] = escape(values[i])
        return self.template.format(*values)


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


def _gexf_layouts(kinds: Iterable[_Kind]) -> tuple[list[_Layout], list[tuple[str, str, str, str]]]:
    """The layout of each kind in GEXF, and the attributes to declare: ``(class, id, title,
    type)``, numbered in the order networkx's GEXFWriter numbers them.

    A node is filled from ``(id, label, *values)``, an edge from ``(source, target, id,
    *values, key)``. As in :func:`to_gexf`, names GEXF reserves are renamed (a later name
    renamed onto an earlier one takes the earlier one's place, as in a dict), the key of
    an edge comes last, as ``networkx_key``, and its type is its label.
    """
    ids: dict[tuple[str, str], str] = {}
    declared = []
    layouts = []
    for scope, names, types, key_type in kinds:
        renames = _GEXF_NODE_RENAMES if scope == "node" else _GEXF_EDGE_RENAMES
        heads = 2 if scope == "node" else 3
        place = {renames.get(name, name): heads + i for i, name in enumerate(names)}
        if scope == "edge":
            place["key"] = heads + len(names)  # the key, after the values
        types = (*(str,) * heads, *types, key_type)
        lines = []
        for title, i in place.items():
            title = "networkx_key" if title == "key" else title
            if types[i] not in _GEXF_TYPES:
                raise TypeError(f"attribute value type is not allowed: {types[i]}")
            if (scope, title) not in ids:
                ids[(scope, title)] = str(len(ids))
                declared.append((scope, ids[(scope, title)], title, _GEXF_TYPES[types[i]][0]))
            lines.append(f'          <attvalue for="{ids[(scope, title)]}" value="{{}}" />\n')
        picks = (*range(heads), *place.values())
        if scope == "node":
            head = '      <node id="{}" label="{}"'
        elif "type" in names:
            head = '      <edge source="{}" target="{}" id="{}" label="{}"'
            picks = (0, 1, 2, heads + names.index("type"), *picks[3:])
        else:
            head = '      <edge source="{}" target="{}" id="{}" label=""'
        template = (f"{head}>\n        <attvalues>\n{''.join(lines)}        </attvalues>\n      </{scope}>\n"
                    if lines else f"{head} />\n")
        picked = [types[i] for i in picks]
        layouts.append(_Layout(
            template, None if picks == tuple(range(len(picks))) else picks,
            tuple((n, _escape_attribute) for n, kind in enumerate(picked) if kind is str),
            tuple((n, _GEXF_TYPES[kind][1]) for n, kind in enumerate(picked) if kind in (float, bool)
                  and n >= len(picked) - len(lines))))
    return layouts, declared


def _gexf_lines(items: _Items, kinds: tuple[list[_Kind], array.array], date: str) -> Iterator[str]:
    """The GEXF 1.2 text of ``items`` (whose kinds are ``kinds``), line by line."""
    layouts, declared = _gexf_layouts(kinds[0])
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
    numbers = iter(kinds[1])
    nodes = (layouts[k].fill((str(node), str(_display_label(node, dict(zip(names, values)))), *values))
             for (node, names, values), k in zip(items.nodes(), numbers))
    yield from _block("nodes", nodes, "    ")
    edges = (layouts[k].fill((str(u), str(v), str(key), *values, key))
             for (u, v, key, _, values), k in zip(items.edges(), numbers))
    yield from _block("edges", edges, "    ")
    yield "  </graph>\n</gexf>\n\n"


def _graphml_layouts(graph: Mapping, kinds: Iterable[_Kind]) -> tuple[_Layout, list[_Layout], list[str]]:
    """The layouts of the graph's data and of each kind in GraphML, and the key elements,
    numbered (``d0``, ``d1`` …) as networkx's GraphMLWriter numbers them: the graph's
    attributes first, then by node and edge; one key per name, type and scope.

    A node is filled from ``(id, *values)``, an edge from ``(source, target, id, *values)``.
    """
    ids: dict[tuple[str, type, str], str] = {}
    keys = []

    def layout(scope: str, names: Iterable[str], types: Sequence[type], head: str) -> _Layout:
        heads = head.count("{}")
        lines = []
        for name, value_type in zip(names, types):
            name = str(name)
            if value_type not in _GRAPHML_TYPES:
                raise TypeError(f"GraphML does not support type {value_type} as data values.")
            if (name, value_type, scope) not in ids:
                ids[(name, value_type, scope)] = f"d{len(ids)}"
                keys.append(f'  <key id="{ids[(name, value_type, scope)]}" for="{scope}" '
                            f'attr.name="{_escape_attribute(name)}" attr.type="{_GRAPHML_TYPES[value_type][0]}" />\n')
            indent = "    " if scope == "graph" else "      "
            lines.append(f'{indent}<data key="{ids[(name, value_type, scope)]}">{{}}</data>\n')
        if scope == "graph":
            template = "".join(lines)
        else:
            template = f"{head}>\n{''.join(lines)}    </{scope}>\n" if lines else f"{head} />\n"
        escapes = [(n, _escape_attribute) for n in range(heads)]
        escapes += [(heads + n, _escape_text) for n, kind in enumerate(types) if kind is str]
        return _Layout(template, None, tuple(escapes), ())  # str.format writes the rest as networkx does

    graph_layout = layout("graph", graph, [type(v) for v in graph.values()], "")
    layouts = [layout(scope, names, types, '    <node id="{}"' if scope == "node"
                      else '    <edge source="{}" target="{}" id="{}"')
               for scope, names, types, _ in kinds]
    return graph_layout, layouts, keys[::-1]  # networkx puts each new key first


def _graphml_fill(layout: _Layout, values: Sequence) -> str:
    """``layout`` filled in; an empty text makes a short element, as ElementTree writes it."""
    text = layout.fill(values)
    return text.replace("></data>", " />") if "></data>" in text else text


def _graphml_lines(items: _Items, kinds: tuple[list[_Kind], array.array]) -> Iterator[str]:
    """The GraphML text of ``items`` (whose kinds are ``kinds``), line by line."""
    graph = {k: v for k, v in items.graph.items() if k not in ("node_default", "edge_default", "id")}
    graph_layout, layouts, keys = _graphml_layouts(graph, kinds[0])
    yield _XML_DECLARATION + _GRAPHML_ROOT
    yield from keys
    graph_id = items.graph.get("id")
    attributes = ' edgedefault="directed"' + ("" if graph_id is None else f' id="{_escape_attribute(str(graph_id))}"')
    numbers = iter(kinds[1])
    nodes = (_graphml_fill(layouts[k], (str(node), *values)) for (node, _, values), k in zip(items.nodes(), numbers))
    edges = (_graphml_fill(layouts[k], (str(u), str(v), str(key), *values))
             for (u, v, key, _, values), k in zip(items.edges(), numbers))
    # networkx adds the graph's data after its nodes and edges
    data = [_graphml_fill(graph_layout, tuple(graph.values()))] if graph else []
    yield from _block("graph", itertools.chain(nodes, edges, data), "  ", attributes)
    yield "</graphml>\n\n"


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
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n2021年12月31日\\n一、任务\\n(一)甲(牵头单位:市发改委)。\\n")
    >>> text = to_gexf(gephi_graph(to_networkx([doc], ["d"])))
    >>> 'lastmodifieddate="2021-12-31"' in text, 'label="市发改委"' in text, 'title="relation"' in text
    (True, True, True)
    """
    items = _Items.of(H)
    return "".join(_gexf_lines(items, _kinds(items), _latest_date(H.nodes(data=True))))


def to_graphml(H: nx.MultiDiGraph) -> str:
    """GraphML text of a :func:`gephi_graph` copy, attribute names as in :mod:`fengong.graph.schema`.

    The text is what networkx's ``GraphMLWriter`` (pretty-printed) writes, with the
    characters themselves rather than ``&#…;`` references.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
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


def write_graph_outputs(G: nx.MultiDiGraph, outdir: Path, name: str, *, central: list[dict] | None = None,
                        gephi: bool = True) -> list[Path]:
    """Write the unit table, the centrality table and the graph for Gephi into ``outdir``.

    Files, each written atomically: ``<name>.units.csv`` and ``<name>.centrality.csv``
    (UTF-8 with a BOM, so Excel shows the Chinese text), ``<name>.gexf`` and
    ``<name>.graphml`` (:func:`to_gexf` and :func:`to_graphml` of :func:`gephi_graph`,
    written as they are made, without the copy of the graph or the whole text in memory;
    left out when ``gephi`` is false). Returns their paths in that order. Raises
    ``TypeError`` before writing anything if :func:`gephi_graph` would. ``central`` is the
    centrality table of ``G``, when the caller has it already (it takes seconds for a corpus).

    Examples
    --------
    >>> import tempfile
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局)。\\n")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_graph_outputs(to_networkx([doc], ["d"]), Path(tmp), "d")]
    ['d.units.csv', 'd.centrality.csv', 'd.gexf', 'd.graphml']
    """
    outdir = Path(outdir)
    units, central = unit_counts(G), centrality_table(G) if central is None else central
    if gephi:
        items = _gephi_items(G, _unit_measures(central, units))
        kinds = _kinds(items)
        _check_types(kinds[0])
    written = [
        atomic_write_text(outdir / f"{name}.units.csv", table_csv(units, UNIT_COLUMNS), bom=True),
        atomic_write_text(outdir / f"{name}.centrality.csv", table_csv(central, CENTRALITY_COLUMNS), bom=True),
    ]
    del units, central  # the rows are not needed any more: a corpus has hundreds of thousands
    if not gephi:
        return written
    date = _latest_date(G.nodes(data=True))
    return [
        *written,
        atomic_write_chunks(outdir / f"{name}.gexf", _utf8(_gexf_lines(items, kinds, date))),
        atomic_write_chunks(outdir / f"{name}.graphml", _utf8(_graphml_lines(items, kinds))),
    ]
