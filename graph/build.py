"""From parsed documents to the typed plan graph described in :mod:`fengong.graph.schema`."""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import PurePath

import networkx as nx

from fengong.parser.errors import FengongError
from fengong.parser.model import Document, Target

from .schema import (
    ROLE_EDGE_TYPES,
    column_id,
    document_id,
    indicator_id,
    section_id,
    target_id,
    task_id,
)
from .units import ResolvedUnit, UnitResolution, UnitRules, resolve_units

__all__ = ["to_networkx", "document_key", "document_keys"]


def document_key(doc: Document) -> str:
    """The default key of a document in a build: the stem of its source file name.

    Examples
    --------
    >>> document_key(Document(source="corpus/source.txt", text=""))
    'source'
    """
    return PurePath(doc.source).stem or doc.source or "document"


def document_keys(docs: Sequence[Document]) -> list[str]:
    """The default keys of documents in a build: :func:`document_key`, with ``_2``, ``_3`` …
    added to the second, third … document of the same stem.

    Examples
    --------
    >>> document_keys([Document(source="a/plan.txt", text=""), Document(source="b/plan.txt", text="")])
    ['plan', 'plan_2']
    """
    keys: list[str] = []
    taken: set[str] = set()
    for doc in docs:
        key, n = document_key(doc), 1
        while (key if n == 1 else f"{key}_{n}") in taken:
            n += 1
        keys.append(key if n == 1 else f"{key}_{n}")
        taken.add(keys[-1])
    return keys


def _parent(path: str, sections: Mapping[str, str], doc_node: str) -> str:
    """The node a section hangs from: its nearest numbered ancestor (``sections`` maps the
    document's section paths to their nodes), else the document."""
    while "." in path:
        path = path.rsplit(".", 1)[0]
        if path in sections:
            return sections[path]
    return doc_node


def _target_attrs(key: str, t: Target) -> dict:
    attrs = {"type": "Target", "doc": key, "start": t.start, "end": t.end, "text": t.text,
             "unit": t.unit or "", "comparator": t.comparator, "kind": t.kind}
    if t.value is not None:
        attrs["value"] = float(t.value)
    if t.year is not None:
        attrs["year"] = int(t.year)
    return attrs


def _add_unit(G: nx.MultiDiGraph, unit: ResolvedUnit, aliases: Sequence[str]) -> None:
    if unit.id in G:
        return
    G.add_node(
        unit.id,
        type=unit.node_type,
        name=unit.name,
        full_name=unit.full_name,
        unit_type=unit.unit_type,
        placeholder=unit.placeholder,
        jurisdiction=unit.jurisdiction,
        aliases="|".join(aliases),
        group=unit.group.id if unit.group else "",
        merge_reason=unit.reason,
    )
    if unit.group is not None:
        _add_unit(G, unit.group, ())
        G.add_edge(unit.id, unit.group.id, key="member_of", type="member_of")


def to_networkx(
    docs: Sequence[Document],
    keys: Sequence[str] | None = None,
    *,
    include: Collection[str] = ROLE_EDGE_TYPES,
    jurisdictions: Mapping[str, str] | None = None,
    rules: UnitRules | None = None,
) -> nx.MultiDiGraph:
    """The plan graph of ``docs``: documents, sections, tasks, indicators, targets, 专栏 and
    the units named against the tasks, typed as :mod:`fengong.graph.schema` documents.

    Parameters
    ----------
    docs : sequence of Document
        Parsed documents.
    keys : sequence of str, optional
        One key per document, used in node ids; by default the stem of each document's
        source file name (:func:`document_keys`). Keys must be distinct.
    include : collection of str
        The roles whose mentions become edges; by default all of
        :data:`fengong.graph.schema.ROLE_EDGE_TYPES` (lead, responsible, support, guide, prose).
    jurisdictions : mapping of str to str, optional
        The issuing jurisdiction of a document, by key, where it should not be read from
        the document (see :func:`fengong.graph.units.infer_jurisdiction`).
    rules : UnitRules, optional
        Unit data other than ``graph/data/units.toml``.

    Returns
    -------
    networkx.MultiDiGraph
        The graph. ``G.graph`` holds ``documents`` (the keys, in order) and the unit
        report: ``unit_merges`` (:class:`fengong.graph.units.Merge`), ``kept_apart`` and
        ``diagnostics`` (pairs of document key and :class:`fengong.parser.model.Diagnostic`).

    Examples
    --------
    >>> from fengong import parser
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委;责任单位:市财政局)。\\n",
    ...                    source="plan.txt")
    >>> G = to_networkx([doc])
    >>> sorted(G.nodes[n]["type"] for n in G)
    ['Document', 'Section', 'Section', 'Task', 'Unit', 'Unit']
    >>> for u, v, d in G.in_edges("task:plan:1.1#1", data=True):
    ...     print(u, d["type"], d.get("as_written", "-"))
    sec:plan:1.1 has_part -
    unit:荆门市:荆门市发展和改革委员会 lead 市发改委
    unit:荆门市:荆门市财政局 responsible 市财政局
    """
    keys = document_keys(docs) if keys is None else list(keys)
    if len(keys) != len(docs):
        raise FengongError(f"{len(docs)} documents but {len(keys)} keys")
    if len(set(keys)) != len(keys):
        twice = sorted(k for k, n in Counter(keys).items() if n > 1)
        raise FengongError(f"two documents have the key {twice[0]!r}; give each a distinct key")
    unknown = set(include) - set(ROLE_EDGE_TYPES)
    if unknown:
        raise FengongError(f"unknown role {sorted(unknown)[0]!r} in include (known: {', '.join(ROLE_EDGE_TYPES)})")

    with _cycle_collection_paused():
        return _build(docs, keys, include, resolve_units(docs, keys, jurisdictions=jurisdictions, rules=rules))


@contextlib.contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a graph is built.

    A corpus graph is millions of small dicts made one after another, none of them in a
    reference cycle; the collector would look through all of them again each time enough
    new ones were made (a third of the time of building the graph of 1,000 documents).
    Reference counting frees objects as usual meanwhile.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(docs: Sequence[Document], keys: Sequence[str], include: Collection[str],
           resolution: UnitResolution) -> nx.MultiDiGraph:
    """The graph of :func:`to_networkx`, from the documents and their resolved units."""
    G = nx.MultiDiGraph(
        documents=tuple(keys),
        unit_merges=resolution.merges,
        kept_apart=resolution.kept_apart,
        diagnostics=resolution.diagnostics,
    )
    units: dict[str, str] = {}  # one string object per unit id, however many documents name it
    for key, doc in zip(keys, docs):
        nodes = _add_document(G, key, doc, resolution.jurisdictions[key])
        for a in doc.assignments:
            if a.role not in include:
                continue
            unit = resolution.units[(key, a.unit)]
            _add_unit(G, unit, resolution.aliases[unit.id])
            # a mention against something the model does not hold goes to the document
            target = nodes.get(("task", a.task) if a.task is not None else ("section", a.section), nodes["document"])
            G.add_edge(units.setdefault(unit.id, unit.id), target, key=f"{a.role}@{a.start}", type=a.role,
                       doc=key, start=a.start, end=a.end, implicit=a.implicit, as_written=a.unit)
    return G


def _add_document(G: nx.MultiDiGraph, key: str, doc: Document, jurisdiction: str) -> dict:
    """Add the document, its sections, tasks, indicators, targets and 专栏 with their edges.

    Returns the node of the document (under ``"document"``) and of each section and task
    (under ``("section", path)`` and ``("task", id)``). Each node id is made once and used
    for every edge of the node: an id made again would be another copy of the string in
    the graph's adjacency dicts (690,000 copies, 44 MB, in the graph of 1,000 documents).
    """
    m = doc.metadata
    doc_node = document_id(key)
    G.add_node(doc_node, type="Document", doc=key, start=0, end=len(doc.text),
               title=m.title.value if m.title else "", issuer=m.issuer.value if m.issuer else "",
               date=m.iso_date or "", source=doc.source, jurisdiction=jurisdiction)

    sections = {s.path: section_id(key, s.path) for s in doc.sections}
    for s in doc.sections:
        node = sections[s.path]
        G.add_node(node, type="Section", doc=key, start=s.start, end=s.end,
                   path=s.path, level=s.level, label=s.label, title=s.title)
        G.add_edge(_parent(s.path, sections, doc_node), node, key="has_part", type="has_part", doc=key)

    tasks: dict[str, str] = {}
    tasks_of: dict[str, list[str]] = {}
    for t in doc.tasks:
        node = tasks.setdefault(t.id, task_id(key, t.id))
        G.add_node(node, type="Task", doc=key, start=t.start, end=t.end, path=t.section, text=t.text)
        G.add_edge(sections.get(t.section, doc_node), node, key="has_part", type="has_part", doc=key)
        tasks_of.setdefault(t.section, []).append(node)

    indicators: dict[str, str] = {}
    targets: dict[int, str] = {}
    for ind in doc.indicators:
        node = indicators.setdefault(ind.path, indicator_id(key, ind.path))
        G.add_node(node, type="Indicator", doc=key, start=ind.start, end=ind.end,
                   path=ind.path, name=ind.name, indicator_type=ind.type or "")
        parent = sections[ind.path] if ind.path in sections else _parent(ind.path, sections, doc_node)
        G.add_edge(parent, node, key="has_part", type="has_part", doc=key)
        for t in ind.targets:
            target = targets.setdefault(t.start, target_id(key, t.start))
            G.add_node(target, **_target_attrs(key, t))
            G.add_edge(node, target, key="has_target", type="has_target", doc=key)

    for t in doc.targets:
        owner = indicators.get(t.owner.removeprefix("indicator:")) if t.owner.startswith("indicator:") \
            else tasks.get(t.owner)
        target = targets.setdefault(t.start, target_id(key, t.start))
        G.add_node(target, **_target_attrs(key, t))
        if owner is not None:
            G.add_edge(owner, target, key="has_target", type="has_target", doc=key)

    columns: dict[str, str] = {}
    for ref in doc.column_refs:
        if ref.ref not in columns:
            node = columns[ref.ref] = column_id(key, ref.ref)
            G.add_node(node, type="Column", doc=key, start=ref.start, end=ref.end, ref=ref.ref)
        # no task: the section itself, made here if the document has no such section
        sources = tasks_of.get(ref.section) or [sections.setdefault(ref.section, section_id(key, ref.section))]
        for source in sources:
            G.add_edge(source, columns[ref.ref], key=f"refers_to@{ref.start}", type="refers_to",
                       doc=key, start=ref.start, end=ref.end)
    return {"document": doc_node, **{("section", p): n for p, n in sections.items()},
            **{("task", t): n for t, n in tasks.items()}}
