"""Files for people and for Gephi: the unit and centrality tables (CSV) and the graph
(GEXF, GraphML).

Every writer here is deterministic: nodes, edges and attributes are written in sorted
order and no clock is read, so the same graph gives byte-identical files on every run and
under every ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import xml.etree.ElementTree as ET

import networkx as nx
import regex
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from parser.export import csv_cell
from parser.io import atomic_write_text

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

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局)。\\n")
    >>> H = gephi_graph(to_networkx([doc], ["d"]))
    >>> H.nodes["unit:荆门市:荆门市发展和改革委员会"]["pagerank"]
    0.5
    """
    extra: dict[str, dict] = {}
    for row in centrality_table(G, placeholders=placeholders):
        extra[row["id"]] = {m: round(row[m], 12) if isinstance(row[m], float) else row[m] for m in MEASURES}
    for row in unit_counts(G):
        if row["id"] in extra:
            extra[row["id"]].update({c: row[c] for c in ("led", "responsible", "supported", "guided", "total")})
    H = nx.MultiDiGraph(documents="|".join(G.graph.get("documents", ())))
    for node in sorted(G):
        data = {**G.nodes[node], **extra.get(node, {})}
        H.add_node(node, **{k: data[k] for k in sorted(data) if data[k] is not None})
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    for n, (u, v, key, data) in enumerate(edges):
        attrs = {k: data[k] for k in sorted(data) if data[k] is not None}
        H.add_edge(u, v, key=f"e{n}", edge_key=str(key), **attrs)
    _check_types(H)
    return H


def _check_types(H: nx.MultiDiGraph) -> None:
    seen: dict[tuple[str, str], type] = {}
    items = [("node", d) for _, d in H.nodes(data=True)] + [("edge", d) for *_, d in H.edges(data=True)]
    for scope, data in items:
        for name, value in data.items():
            kind = type(value)
            if kind not in (str, int, float, bool):
                raise TypeError(f"{scope} attribute {name!r} holds a {kind.__name__}, which Gephi cannot read")
            if seen.setdefault((scope, name), kind) is not kind:
                raise TypeError(f"{scope} attribute {name!r} holds both {seen[(scope, name)].__name__} and {kind.__name__}")


def _xml_text(writer: GEXFWriter | GraphMLWriter) -> str:
    """The writer's document as text with the characters themselves (networkx's own
    ``generate_*`` write every Chinese character as a ``&#…;`` reference)."""
    writer.indent(writer.xml)
    return _XML_DECLARATION + ET.tostring(writer.xml, encoding="unicode") + "\n"


def _latest_date(H: nx.MultiDiGraph) -> str:
    """The latest issue date of the graph's documents (YYYY-MM-DD), else 1970-01-01."""
    dates = [data.get("date", "") for _, data in H.nodes(data=True) if data.get("type") == "Document"]
    return max((d for d in dates if regex.fullmatch(r"\d{4}-\d{2}-\d{2}", d)), default="1970-01-01")


def to_gexf(H: nx.MultiDiGraph) -> str:
    """GEXF 1.2 text of a :func:`gephi_graph` copy, for Gephi.

    GEXF reserves some attribute names (a node's ``label``, ``start``, ``end``; an edge's
    ``type``, ``weight``, ``label``, ``start``, ``end``) for its own meanings, so they are
    written under other names: ``label`` → ``numbering``, ``start``/``end`` →
    ``offset_start``/``offset_end``, an edge's ``type`` → ``relation``. Each node's GEXF
    label is a readable name (a unit's name, a section's path and title, the start of a
    task's text). The file's ``lastmodifieddate`` is the latest document date, not today's,
    and its creator is ``fengong``, so the output does not change from day to day.

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n2021年12月31日\\n一、任务\\n(一)甲(牵头单位:市发改委)。\\n")
    >>> text = to_gexf(gephi_graph(to_networkx([doc], ["d"])))
    >>> 'lastmodifieddate="2021-12-31"' in text, 'label="市发改委"' in text, 'title="relation"' in text
    (True, True, True)
    """
    out = nx.MultiDiGraph(name=H.graph.get("documents", ""))
    for node, data in H.nodes(data=True):
        attrs = {_GEXF_NODE_RENAMES.get(k, k): v for k, v in data.items()}
        out.add_node(node, label=_display_label(node, data), **attrs)
    for u, v, key, data in H.edges(keys=True, data=True):
        attrs = {_GEXF_EDGE_RENAMES.get(k, k): value for k, value in data.items()}
        out.add_edge(u, v, key=key, id=key, label=data.get("type", ""), **attrs)
    writer = GEXFWriter(out, prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.set("lastmodifieddate", _latest_date(H))
    meta.find("creator").text = "fengong"
    return _xml_text(writer)


def to_graphml(H: nx.MultiDiGraph) -> str:
    """GraphML text of a :func:`gephi_graph` copy, attribute names as in :mod:`graph.schema`.

    Examples
    --------
    >>> import parser
    >>> from graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委)。\\n")
    >>> 'attr.name="as_written" attr.type="string"' in to_graphml(gephi_graph(to_networkx([doc], ["d"])))
    True
    """
    return _xml_text(GraphMLWriter(H, prettyprint=True))


def write_graph_outputs(G: nx.MultiDiGraph, outdir: Path, name: str) -> list[Path]:
    """Write the unit table, the centrality table and the graph for Gephi into ``outdir``.

    Files, each written atomically: ``<name>.units.csv`` and ``<name>.centrality.csv``
    (UTF-8 with a BOM, so Excel shows the Chinese text), ``<name>.gexf`` and
    ``<name>.graphml``. Returns their paths in that order.

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
    H = gephi_graph(G)
    return [
        atomic_write_text(outdir / f"{name}.units.csv", units_csv(G), bom=True),
        atomic_write_text(outdir / f"{name}.centrality.csv", centrality_csv(G), bom=True),
        atomic_write_text(outdir / f"{name}.gexf", to_gexf(H)),
        atomic_write_text(outdir / f"{name}.graphml", to_graphml(H)),
    ]
