"""Tables for analysts: what each unit carries, the tasks of one unit, the 分工表 (one row per
task with its units by role), the assignments of a corpus with their resolved units, and the
co-assignment pairs by role."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

import networkx as nx

from fengong.parser.model import Document
from fengong.parser.normalize import fold

from .projection import ASSIGNMENT_ROLES, ROLE_PAIRS, assignments, co_assignment_pairs, index_units
from .names import name_key, place_level
from .units import AmbiguousUnitError, UnknownUnitError

__all__ = ["UNIT_COLUMNS", "UNIT_DOC_COLUMNS", "unit_counts", "find_units", "lookup_unit", "unit_label", "unit_tasks", "in_section", "mention_units",
           "DIVISION_COLUMNS", "DIVISION_HEADERS", "task_division", "CORPUS_ASSIGNMENT_COLUMNS", "corpus_assignment_rows", "corpus_assignments",
           "CO_ASSIGNMENT_COLUMNS", "co_assignment_rows", "co_assignment_table"]

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


def in_section(path: str, section: str | None) -> bool:
    """Whether the section ``path`` is ``section`` or under it (``None``: every section).

    >>> in_section("3.2.1", "3.2"), in_section("3.21", "3.2"), in_section("3.2", None)
    (True, False, True)
    """
    return section is None or path == section or path.startswith(section + ".")


#: The columns of a :func:`unit_counts` row with ``by_doc``: the document, then :data:`UNIT_COLUMNS`.
UNIT_DOC_COLUMNS = ("doc", *UNIT_COLUMNS)


def unit_counts(G: nx.MultiDiGraph, *, implicit: bool = False, by_doc: bool = False,
                section: str | None = None) -> list[dict]:
    """What each unit carries: one row per Unit or UnitGroup node of the plan graph.

    Columns (see :data:`UNIT_COLUMNS`):

    - ``led``, ``responsible``, ``supported``, ``guided``: the number of distinct tasks the
      unit is named against in that role;
    - ``total``: the number of distinct tasks it is named against in any of these roles
      (a unit both leading and responsible for one task counts once);
    - ``implicit``: the number of distinct tasks it is assigned to only by a scoping note
      (各县市区 after “以下均需各县市区落实”); these count in the columns above only when
      ``implicit`` is true;
    - ``share``: ``total`` divided by the number of tasks in the graph (with ``by_doc``: in
      the document; with ``section``: under that section);
    - ``sections``: the number of distinct numbered items (section paths, per document)
      its ``total`` tasks sit in;
    - ``prose``: the number of times it is named in running text (role ``prose``).

    ``by_doc`` gives a row per unit per document it is named in, with a ``doc`` column first
    (:data:`UNIT_DOC_COLUMNS`); ``section`` (a path such as ``3.2``) counts only the tasks and
    prose mentions in that section and the sections under it, in every document, and leaves
    out the units named nowhere there.

    Rows are sorted by ``total`` (highest first), then ``name`` and ``id`` (with ``by_doc``:
    by document, in build order, first).

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
    >>> [(r["doc"], r["name"], r["total"]) for r in unit_counts(to_networkx([doc], ["d"]), by_doc=True, section="1.2")]
    [('d', '市发改委', 1)]
    """
    nodes = dict(G.nodes(data=True))
    n_tasks: dict[str | None, int] = defaultdict(int)
    for data in nodes.values():
        if data.get("type") == "Task" and in_section(data.get("path", ""), section):
            n_tasks[data.get("doc") if by_doc else None] += 1
    documents = {key: i for i, key in enumerate(G.graph.get("documents", ()))}
    scoped = by_doc or section is not None
    rows = []
    for node, targets in G.adjacency():  # the edges out of each unit
        data = nodes[node]
        if data.get("type") not in ("Unit", "UnitGroup"):
            continue
        counts: dict[str | None, _Count] = defaultdict(_Count)
        if not scoped:
            counts[None] = _Count()
        for v, edges in targets.items():
            target = nodes[v]
            on_task = target.get("type") == "Task"
            if section is not None and not in_section(target.get("path", ""), section):
                continue
            for edge in edges.values():
                role = edge.get("type")
                count = counts[edge.get("doc") if by_doc else None]
                if role == "prose":
                    count.prose += 1
                if role not in ASSIGNMENT_ROLES or not on_task:
                    continue
                is_implicit = edge.get("implicit", False)
                (count.by_note if is_implicit else count.written).add(v)
                if implicit or not is_implicit:
                    count.tasks[role].add(v)
        for doc, count in counts.items():
            every = set().union(*count.tasks.values())
            if scoped and not (every or count.prose or count.by_note):
                continue
            row = {"doc": doc} if by_doc else {}
            row.update({
                "id": node,
                "name": data.get("name", node),
                "full_name": data.get("full_name", ""),
                "unit_type": data.get("unit_type", ""),
                "placeholder": bool(data.get("placeholder", False)),
                **{column: len(count.tasks[role]) for role, column in _COUNT_OF_ROLE.items()},
                "total": len(every),
                "implicit": len(count.by_note - count.written),
                "share": len(every) / n_tasks[doc] if n_tasks[doc] else 0.0,
                "sections": len({(nodes[t].get("doc"), nodes[t].get("path")) for t in every}),
                "prose": count.prose,
                "aliases": data.get("aliases", ""),
            })
            rows.append(row)
    if by_doc:
        rows.sort(key=lambda r: (documents.get(r["doc"], len(documents)), r["doc"], -r["total"], r["name"], r["id"]))
    else:
        rows.sort(key=lambda r: (-r["total"], r["name"], r["id"]))
    return rows


class _Count:
    """What one unit carries (in one document): its tasks by role, the tasks it is named
    against explicitly and by a scoping note, and its prose mentions."""

    __slots__ = ("tasks", "written", "by_note", "prose")

    def __init__(self) -> None:
        self.tasks: dict[str, set[str]] = {role: set() for role in _COUNT_OF_ROLE}
        self.written: set[str] = set()
        self.by_note: set[str] = set()
        self.prose = 0


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


def unit_label(G: nx.MultiDiGraph, node: str) -> str:
    """How a unit is named in a message: its name and, in brackets, its jurisdiction (or, for
    a unit of a document whose jurisdiction is unknown, that document's key).

    >>> G = nx.MultiDiGraph(); G.add_node("unit:荆门市:x", name="市发改委", jurisdiction="荆门市")
    >>> unit_label(G, "unit:荆门市:x")
    '市发改委 (荆门市)'
    """
    data = G.nodes[node]
    where = data.get("jurisdiction") or (node.split(":")[2] if node.startswith("unit:doc:") else "")
    return f"{data.get('name', node)} ({where})" if where else data.get("name", node)


def _level_free(key: str, jurisdiction: str) -> str:
    level = place_level(jurisdiction)[1] if jurisdiction else ""
    return key[len(level):] if level and key.startswith(level) and len(key) > len(level) else key


def lookup_unit(G: nx.MultiDiGraph, query: str, *, limit: int = 5) -> str:
    """The one unit node that ``query`` names, however it is written.

    Tried in turn, the first that names any unit deciding:

    1. a node id, a canonical or full name, or a string as written (:func:`find_units`; the
       query folded as the parser folds text, so 市發改委 is 市发改委);
    2. the same department under another name or abbreviation, with or without the
       jurisdiction in front (荆门市发展和改革委员会, 荆门发改委 for 市发改委 of 荆门市:
       :func:`fengong.graph.names.name_key` in each unit's jurisdiction);
    3. the same without the level word the units of a jurisdiction are written with (发改委
       for 市发改委 of 荆门市 and 省发展改革委 of 四川省).

    Raises :class:`fengong.graph.units.AmbiguousUnitError` when the deciding step names
    several units, and :class:`fengong.graph.units.UnknownUnitError` when none names any;
    both list the closest units (at most ``limit``, by rapidfuzz's similarity of their keys)
    in the message, as ``did you mean: 市发改委 (荆门市), 省发展改革委 (四川省)``, and in
    ``suggestions``.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> a = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委)。\\n", source="a.txt")
    >>> b = parser.parse("四川省人民政府\\n一、任务\\n(一)乙(牵头单位:省发展改革委)。\\n", source="b.txt")
    >>> G = to_networkx([a, b])
    >>> lookup_unit(G, "荆门市发展和改革委员会"), lookup_unit(G, "四川省发改委")
    ('unit:荆门市:荆门市发展和改革委员会', 'unit:四川省:省发展改革委')
    >>> lookup_unit(G, "发改委")
    Traceback (most recent call last):
    ...
    fengong.graph.units.AmbiguousUnitError: '发改委' names 2 units; did you mean: 市发改委 (荆门市), 省发展改革委 (四川省)
    """
    found = find_units(G, query) or find_units(G, fold(query).strip())
    units = [(node, data) for node, data in G.nodes(data=True) if data.get("type") in ("Unit", "UnitGroup")]
    keys: dict[str, set[str]] = {}
    if not found:
        queries: dict[str, str] = {}
        for node, data in units:
            j = data.get("jurisdiction", "")
            if j not in queries:
                queries[j] = name_key(query, j)
            names = {data.get("name", ""), data.get("full_name", "")} | set(data.get("aliases", "").split("|"))
            keys[node] = {name_key(n, j) for n in names if n}
            if queries[j] in keys[node]:
                found.append(node)
        if not found:
            for node, data in units:
                j = data.get("jurisdiction", "")
                if _level_free(queries[j], j) in {_level_free(k, j) for k in keys[node]}:
                    found.append(node)
    found = sorted(set(found))
    if len(found) == 1:
        return found[0]
    if found:
        shown = sorted(found, key=lambda n: (unit_label(G, n), n))
        more = f", and {len(shown) - limit} more" if len(shown) > limit else ""
        raise AmbiguousUnitError(f"{query!r} names {len(found)} units; did you mean: "
                                 f"{', '.join(unit_label(G, n) for n in shown[:limit])}{more}", suggestions=shown)
    close = _closest(G, query, units, keys, limit)
    hint = f"; did you mean: {', '.join(unit_label(G, n) for n in close)}" if close else ""
    raise UnknownUnitError(f"no unit named {query!r} in the graph{hint}", suggestions=close)


def _closest(G: nx.MultiDiGraph, query: str, units: list[tuple[str, dict]], keys: Mapping[str, set[str]],
             limit: int) -> list[str]:
    """The units whose names are most like ``query``: rapidfuzz's WRatio of the keys without
    the level word, at least 60 of 100, best first (ties by name)."""
    from rapidfuzz import fuzz

    scored = []
    for node, data in units:
        j = data.get("jurisdiction", "")
        wanted = _level_free(name_key(query, j), j)
        score = max((fuzz.WRatio(wanted, _level_free(k, j)) for k in keys.get(node, ())), default=0.0)
        if score >= 60:
            scored.append((-score, unit_label(G, node), node))
    return [node for _, _, node in sorted(scored)[:limit]]


def unit_tasks(G: nx.MultiDiGraph, unit: str, role: str | None = None, *, implicit: bool = False) -> list[dict]:
    """The tasks a unit is named against, in document order, each once.

    ``unit`` is any name :func:`lookup_unit` resolves to one unit;
    ``role`` keeps only tasks where the unit has that role. Each row has ``doc``,
    ``task`` (node id), ``section`` (path), ``roles`` (``|``-joined, in
    :data:`fengong.graph.projection.ASSIGNMENT_ROLES` order), ``implicit`` (true when every
    assignment of the unit to the task is implicit), ``text``, ``start``, ``end``.
    Raises :class:`fengong.graph.units.UnknownUnitError` when no unit matches, and
    :class:`fengong.graph.units.AmbiguousUnitError` when the name is that of several units.

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
    nodes = [lookup_unit(G, unit)]
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


def mention_units(G: nx.MultiDiGraph) -> dict[tuple[str, str], str]:
    """The unit node of each unit string as written, by document: ``(doc key, as written) →
    node id``, read from the mention edges of the plan graph (a string is one unit within a
    document, see :func:`fengong.graph.units.resolve_units`).

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委)。\\n")
    >>> mention_units(to_networkx([doc], ["d"]))
    {('d', '市发改委'): 'unit:荆门市:荆门市发展和改革委员会'}
    """
    found: dict[tuple[str, str], str] = {}
    for unit, targets in G.adjacency():
        for edges in targets.values():
            for data in edges.values():
                written = data.get("as_written")
                if written is not None:
                    found[(data["doc"], written)] = unit
    return found


#: The columns of :func:`task_division`: the 分工表 as staff hand it back.
DIVISION_COLUMNS = ("doc", "number", "section", "section_title", "task", "lead", "responsible", "support",
                    "guide", "deadline")

#: The header of each :data:`DIVISION_COLUMNS` column in the files for people (CSV, XLSX).
DIVISION_HEADERS = {"doc": "文件", "number": "序号", "section": "章节", "section_title": "章节标题",
                    "task": "重点任务", "lead": "牵头单位", "responsible": "责任单位", "support": "配合单位",
                    "guide": "指导单位", "deadline": "完成时限"}


def task_division(doc: Document, key: str) -> list[dict]:
    """The 分工表 of one document: one row per task, in document order.

    ``number`` is the task's section path (``3.2.1``), with ``-2``, ``-3`` … for the second,
    third … task of a section that has several (the first keeps the bare path);
    ``section_title`` is the title of its section; ``lead``, ``responsible``, ``support`` and
    ``guide`` are the units named against it in that role, as written, each once, in the
    order written, joined by ``、`` (units assigned only by a scoping note are left out: the
    document does not write them against the task); ``deadline`` the deadlines written in its
    annotation, joined by ``、``.

    Examples
    --------
    >>> from fengong import parser
    >>> doc = parser.parse("一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局、市科技局)。乙(市财政局牵头)。\\n")
    >>> [(r["number"], r["task"], r["lead"], r["responsible"]) for r in task_division(doc, "d")]
    [('1.1', '甲', '市发改委', '市财政局、市科技局'), ('1.1-2', '乙', '市财政局', '')]
    """
    titles = {s.path: s.title for s in doc.sections}
    units: dict[str, dict[str, list[str]]] = defaultdict(lambda: {role: [] for role in ASSIGNMENT_ROLES})
    for a in doc.assignments:
        if a.task is not None and not a.implicit and a.role in ASSIGNMENT_ROLES:
            named = units[a.task][a.role]
            if a.unit not in named:
                named.append(a.unit)
    rows = []
    for t in doc.tasks:
        n = int(t.id.rpartition("#")[2] or 1) if "#" in t.id else 1
        roles = units.get(t.id) or {role: [] for role in ASSIGNMENT_ROLES}
        rows.append({
            "doc": key,
            "number": t.section if n == 1 else f"{t.section}-{n}",
            "section": t.section,
            "section_title": titles.get(t.section, ""),
            "task": t.text,
            **{role: "、".join(roles[role]) for role in ASSIGNMENT_ROLES},
            "deadline": "、".join(d.text for d in t.annotation.deadlines),
        })
    return rows


#: The columns of :func:`corpus_assignments`: ``doc``, the columns of the assignment table
#: (:data:`fengong.parser.export.CSV_COLUMNS`), and the unit and section they resolve to.
CORPUS_ASSIGNMENT_COLUMNS = ("doc", "section", "role", "unit", "task", "start", "end", "implicit", "task_id",
                             "task_start", "task_end", "unit_id", "unit_full_name", "jurisdiction", "section_title")


def corpus_assignment_rows(docs: Sequence[Document], keys: Sequence[str], G: nx.MultiDiGraph,
                           unit_of: Mapping[tuple[str, str], str] | None = None) -> Iterator[tuple]:
    """The rows of :func:`corpus_assignments` as tuples in the order of
    :data:`CORPUS_ASSIGNMENT_COLUMNS` (``implicit`` as ``true``/``false``, as the per-document
    table writes it), made one document at a time. ``unit_of`` is :func:`mention_units` of
    ``G``, when the caller has it."""
    unit_of = mention_units(G) if unit_of is None else unit_of
    nodes = G.nodes
    for doc, key in zip(docs, keys, strict=True):
        tasks = {t.id: t for t in doc.tasks}
        titles = {s.path: s.title for s in doc.sections}
        for a in doc.assignments:
            task = tasks.get(a.task) if a.task else None
            unit = unit_of.get((key, a.unit), "")
            data = nodes[unit] if unit else {}
            yield (key, a.section, a.role, a.unit, task.text if task else "", a.start, a.end,
                   "true" if a.implicit else "false", a.task or "", task.start if task else "",
                   task.end if task else "", unit, data.get("full_name", ""), data.get("jurisdiction", ""),
                   titles.get(a.section, ""))


def corpus_assignments(docs: Sequence[Document], keys: Sequence[str], G: nx.MultiDiGraph) -> Iterator[dict]:
    """The assignment tables of ``docs`` as one: a row per unit mention, document by document,
    with the document's key (``doc``) and the unit node each mention resolves to in the plan
    graph ``G`` (``unit_id``, its ``unit_full_name`` and ``jurisdiction``), and the title of
    the section it was read in. Rows are made one document at a time.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委)。\\n")
    >>> row = next(corpus_assignments([doc], ["d"], to_networkx([doc], ["d"])))
    >>> row["doc"], row["unit"], row["unit_id"], row["jurisdiction"], row["section_title"]
    ('d', '市发改委', 'unit:荆门市:荆门市发展和改革委员会', '荆门市', '甲')
    """
    for row in corpus_assignment_rows(docs, keys, G):
        yield dict(zip(CORPUS_ASSIGNMENT_COLUMNS, row))


#: The columns of :func:`co_assignment_table`: the pair, its weight and shared tasks, and the
#: shared tasks by ordered role pair (``lead_support``: ``unit_a`` leads, ``unit_b`` supports).
CO_ASSIGNMENT_COLUMNS = ("unit_a", "name_a", "unit_b", "name_b", "weight", "tasks",
                         *(f"{a}_{b}" for a, b in ROLE_PAIRS))


def co_assignment_rows(G: nx.MultiDiGraph, *, placeholders: bool = False, implicit: bool = False) -> list[tuple]:
    """The rows of :func:`co_assignment_table` as tuples in the order of
    :data:`CO_ASSIGNMENT_COLUMNS` (a corpus has hundreds of thousands of pairs: a tuple takes
    a fifth of the memory of a dict).

    >>> co_assignment_rows(nx.MultiDiGraph())
    []
    """
    units, found = index_units(assignments(G, placeholders=placeholders, implicit=implicit, sort=False))
    nodes = G.nodes
    names = [nodes[u].get("name", u) for u in units]
    return [(units[a], names[a], units[b], names[b], *row) for (a, b), row in co_assignment_pairs(found).items()]


def co_assignment_table(G: nx.MultiDiGraph, *, placeholders: bool = False, implicit: bool = False) -> list[dict]:
    """The co-assignment network as a table: one row per pair of units named on a common task.

    ``weight`` is Newman's collaboration weight and ``tasks`` the number of shared tasks, as
    in :func:`fengong.graph.projection.co_assignment_graph`; the columns ``<role>_<role>``
    (:data:`fengong.graph.projection.ROLE_PAIRS`) count the shared tasks on which ``unit_a``
    has the first role and ``unit_b`` the second. ``unit_a`` sorts before ``unit_b``; rows
    are sorted by pair. Placeholders and implicit assignments are left out unless asked for,
    as in the centrality table.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;配合单位:市财政局)。\\n")
    >>> row, = co_assignment_table(to_networkx([doc], ["d"]))
    >>> row["name_a"], row["name_b"], row["tasks"], row["lead_support"], row["support_lead"]
    ('市发改委', '市财政局', 1, 1, 0)
    """
    return [dict(zip(CO_ASSIGNMENT_COLUMNS, row))
            for row in co_assignment_rows(G, placeholders=placeholders, implicit=implicit)]
