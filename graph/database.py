"""One SQLite database of a build, for SQL, Datasette, DuckDB and pandas.

:func:`write_database` writes the documents, sections, tasks, unit mentions (assignments),
units, indicators, targets and diagnostics of a build, with the co-assignment pairs and the
centrality table, into one SQLite file, with foreign keys, indexes on the columns analysts
join on, two views that answer the common questions directly and a full-text index of the
task text:

- ``task_division``: one row per task with its lead, responsible, support and guide units
  (as written, joined by ``、``), as :func:`fengong.graph.tables.task_division` gives it;
- ``unit_load``: per unit and document, the tasks it leads, is responsible for, supports and
  guides, as :func:`fengong.graph.tables.unit_counts` counts them;
- ``tasks_fts``: FTS5 over ``tasks.text`` with the ``trigram`` tokenizer, so that any Chinese
  substring of three characters or more matches (``… WHERE tasks_fts MATCH '营商环境'``); a
  shorter one is found with ``LIKE '%就业%'``.

:data:`TABLES` says what each table and view holds, in Chinese and English; :func:`datasette_metadata`
gives the same as Datasette's ``metadata.json``.

The file is written under a temporary name in the same folder, with the rows inserted in
one transaction and the indexes and the full-text index built after them, and renamed over
the old file only when complete: a reader sees the old database or the new one. The same
build gives a byte-identical file (the same statements in the same order lay out the same
pages; nothing reads the clock).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import networkx as nx

from fengong.parser.errors import FengongError
from fengong.parser.io import atomic_path
from fengong.parser.model import Document

from .centrality import MEASURES, centrality_table
from .projection import ASSIGNMENT_ROLES
from .schema import indicator_id, section_id, target_id, task_id
from .tables import CO_ASSIGNMENT_COLUMNS, co_assignment_rows, mention_units

__all__ = ["TABLES", "SCHEMA", "write_database", "datasette_metadata"]

#: Each table and view: (Chinese title, English title, description).
TABLES = {
    "documents": ("文件", "Documents", "One row per document of the build: its key (doc), title, issuer, date, "
                  "文号 and the jurisdiction that issued it."),
    "sections": ("章节", "Sections", "Every numbered heading: its path (3.2.1), level, numbering as printed, title "
                 "and the section it sits under (parent)."),
    "tasks": ("任务", "Tasks", "The text one annotation applies to, with its section, deadline and annotation; "
              "id is the task's node id (task:<doc>:<path>#<n>)."),
    "assignments": ("分工", "Assignments", "One row per unit mention: the task, the unit it resolves to (unit_id), "
                    "the role (lead, responsible, support, guide, prose), whether it is implicit (from a "
                    "scoping note), the unit as written and where (start, end)."),
    "units": ("单位", "Units", "One row per unit: canonical short name, full name, type, jurisdiction and the "
              "strings it is written as (aliases, |-joined)."),
    "indicators": ("指标", "Indicators", "Numbered indicators (主要指标) with their type (预期性, 约束性)."),
    "targets": ("目标", "Targets", "Quantitative and textual targets, of an indicator or of a task."),
    "diagnostics": ("诊断", "Diagnostics", "What the parser could not read or found wrong, with line and column."),
    "co_assignment": ("协同", "Co-assignment", "Unit pairs named on a common task: Newman weight, shared tasks, "
                      "and shared tasks by role pair (lead_support: unit_a leads, unit_b supports)."),
    "centrality": ("中心性", "Centrality", "Degree by role, and strength, betweenness, eigenvector and PageRank on "
                   "the co-assignment network, in/out degree and PageRank on the lead → support network."),
    "task_division": ("分工表", "Task division", "One row per task with its lead, responsible, support and guide "
                      "units, as written, joined by 、 (implicit assignments left out)."),
    "unit_load": ("单位任务量", "Unit load", "Per unit and document: the tasks it leads, is responsible for, "
                  "supports and guides, and in all (implicit assignments left out)."),
}

_MEASURE_COLUMNS = ",\n    ".join(f"{m} {'INTEGER' if m.startswith('degree') or m.endswith('_degree') else 'REAL'} NOT NULL"
                                    for m in MEASURES)
_PAIR_COLUMNS = ",\n    ".join(f"{c} INTEGER NOT NULL" for c in CO_ASSIGNMENT_COLUMNS[6:])


def _role_units(role: str) -> str:
    return (f"(SELECT group_concat(as_written, '、') FROM (SELECT as_written FROM assignments a "
            f"WHERE a.task = t.id AND a.role = '{role}' AND NOT a.implicit GROUP BY as_written ORDER BY min(a.n)))"
            f" AS {role}")


#: The statements that make the tables (before the rows go in).
SCHEMA = f"""
CREATE TABLE documents (
    doc TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    source TEXT NOT NULL,
    title TEXT,
    issuer TEXT,
    date TEXT,
    doc_number TEXT,
    jurisdiction TEXT NOT NULL,
    dialect TEXT NOT NULL,
    characters INTEGER NOT NULL
);
CREATE TABLE sections (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(doc),
    path TEXT NOT NULL,
    parent TEXT REFERENCES sections(id),
    level INTEGER NOT NULL,
    label TEXT NOT NULL,
    title TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE TABLE tasks (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL REFERENCES documents(doc),
    task TEXT NOT NULL,
    section TEXT NOT NULL,
    section_id TEXT REFERENCES sections(id),
    text TEXT NOT NULL,
    deadline TEXT NOT NULL,
    annotation TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE TABLE units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    full_name TEXT NOT NULL,
    unit_type TEXT NOT NULL,
    node_type TEXT NOT NULL,
    placeholder INTEGER NOT NULL,
    jurisdiction TEXT NOT NULL,
    aliases TEXT NOT NULL,
    group_id TEXT REFERENCES units(id),
    merge_reason TEXT NOT NULL
);
CREATE TABLE assignments (
    n INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(doc),
    task TEXT REFERENCES tasks(id),
    section TEXT NOT NULL,
    section_id TEXT REFERENCES sections(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL,
    implicit INTEGER NOT NULL,
    as_written TEXT NOT NULL,
    source TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE TABLE indicators (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(doc),
    path TEXT NOT NULL,
    section_id TEXT REFERENCES sections(id),
    name TEXT NOT NULL,
    type TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE TABLE targets (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(doc),
    indicator TEXT REFERENCES indicators(id),
    task TEXT REFERENCES tasks(id),
    text TEXT NOT NULL,
    value REAL,
    unit TEXT,
    comparator TEXT NOT NULL,
    kind TEXT NOT NULL,
    year INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE TABLE diagnostics (
    n INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(doc),
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE TABLE co_assignment (
    unit_a TEXT NOT NULL REFERENCES units(id),
    unit_b TEXT NOT NULL REFERENCES units(id),
    weight REAL NOT NULL,
    tasks INTEGER NOT NULL,
    {_PAIR_COLUMNS},
    PRIMARY KEY (unit_a, unit_b)
);
CREATE TABLE centrality (
    unit_id TEXT PRIMARY KEY REFERENCES units(id),
    name TEXT NOT NULL,
    unit_type TEXT NOT NULL,
    {_MEASURE_COLUMNS}
);
"""

#: The statements run after the rows are in: indexes, the full-text index and the views.
FINISH = f"""
CREATE INDEX sections_doc ON sections(doc);
CREATE INDEX tasks_doc ON tasks(doc, section);
CREATE INDEX tasks_section ON tasks(section_id);
CREATE INDEX assignments_task ON assignments(task, role);
CREATE INDEX assignments_unit ON assignments(unit_id, role);
CREATE INDEX units_name ON units(name);
CREATE INDEX units_jurisdiction ON units(jurisdiction);
CREATE INDEX indicators_doc ON indicators(doc);
CREATE INDEX targets_indicator ON targets(indicator);
CREATE INDEX targets_task ON targets(task);
CREATE INDEX diagnostics_doc ON diagnostics(doc, code);
CREATE INDEX co_assignment_b ON co_assignment(unit_b);
CREATE VIRTUAL TABLE tasks_fts USING fts5(text, content="tasks", content_rowid="n", tokenize="trigram");
INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild');
CREATE VIEW task_division AS
SELECT t.doc, t.id AS task_id, t.section, s.title AS section_title, t.text,
    {_role_units('lead')},
    {_role_units('responsible')},
    {_role_units('support')},
    {_role_units('guide')},
    t.deadline
FROM tasks t LEFT JOIN sections s ON s.id = t.section_id
ORDER BY t.n;
CREATE VIEW unit_load AS
SELECT a.doc, a.unit_id, u.name, u.full_name, u.unit_type, u.jurisdiction,
    count(DISTINCT CASE WHEN a.role = 'lead' THEN a.task END) AS led,
    count(DISTINCT CASE WHEN a.role = 'responsible' THEN a.task END) AS responsible,
    count(DISTINCT CASE WHEN a.role = 'support' THEN a.task END) AS supported,
    count(DISTINCT CASE WHEN a.role = 'guide' THEN a.task END) AS guided,
    count(DISTINCT a.task) AS total
FROM assignments a JOIN units u ON u.id = a.unit_id
WHERE a.task IS NOT NULL AND NOT a.implicit AND a.role IN ({", ".join(f"'{r}'" for r in ASSIGNMENT_ROLES)})
GROUP BY a.doc, a.unit_id;
"""


def _parent(path: str, paths: set[str]) -> str | None:
    """The nearest numbered ancestor of the section ``path`` among ``paths``, or ``None``."""
    while "." in path:
        path = path.rsplit(".", 1)[0]
        if path in paths:
            return path
    return None


def _document_rows(docs: Sequence[Document], keys: Sequence[str], G: nx.MultiDiGraph) -> Iterator[tuple]:
    for position, (doc, key) in enumerate(zip(docs, keys)):
        m = doc.metadata
        yield (key, position, doc.source, m.title.value if m.title else None, m.issuer.value if m.issuer else None,
               m.iso_date, m.doc_number.value if m.doc_number else None,
               G.nodes[f"doc:{key}"].get("jurisdiction", "") if f"doc:{key}" in G else "", doc.dialect, len(doc.text))


def _inserts(con: sqlite3.Connection, docs: Sequence[Document], keys: Sequence[str], G: nx.MultiDiGraph,
             central: Sequence[dict], co_rows: Sequence[tuple], unit_of: Mapping[tuple[str, str], str]) -> None:
    """Insert every row; per document, so that no table of the whole corpus is held twice."""
    con.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)", _document_rows(docs, keys, G))
    con.executemany("INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?,?)", (
        (node, d.get("name", node), d.get("full_name", ""), d.get("unit_type", ""), d["type"],
         int(bool(d.get("placeholder", False))), d.get("jurisdiction", ""), d.get("aliases", ""),
         d.get("group") or None, d.get("merge_reason", ""))
        for node, d in sorted(G.nodes(data=True)) if d.get("type") in ("Unit", "UnitGroup")))
    for doc, key in zip(docs, keys):
        paths = {s.path for s in doc.sections}
        sec = {p: section_id(key, p) for p in paths}
        tasks = {t.id: task_id(key, t.id) for t in doc.tasks}
        con.executemany("INSERT INTO sections VALUES (?,?,?,?,?,?,?,?,?)", (
            (sec[s.path], key, s.path, sec.get(_parent(s.path, paths) or ""), s.level, s.label, s.title,
             s.start, s.end) for s in doc.sections))
        con.executemany("INSERT INTO tasks (id, doc, task, section, section_id, text, deadline, annotation, start, "
                        '"end") VALUES (?,?,?,?,?,?,?,?,?,?)', (
            (tasks[t.id], key, t.id, t.section, sec.get(t.section), t.text,
             "、".join(d.text for d in t.annotation.deadlines), t.annotation.text, t.start, t.end)
            for t in doc.tasks))
        con.executemany("INSERT INTO assignments (doc, task, section, section_id, unit_id, role, implicit, "
                        'as_written, source, start, "end") VALUES (?,?,?,?,?,?,?,?,?,?,?)', (
            (key, tasks.get(a.task) if a.task else None, a.section, sec.get(a.section), unit_of[(key, a.unit)],
             a.role, int(a.implicit), a.unit, a.source, a.start, a.end)
            for a in doc.assignments if (key, a.unit) in unit_of))
        indicators = {i.path: indicator_id(key, i.path) for i in doc.indicators}
        con.executemany("INSERT INTO indicators VALUES (?,?,?,?,?,?,?,?)", (
            (indicators[i.path], key, i.path, sec.get(i.path) or sec.get(_parent(i.path, paths) or ""), i.name,
             i.type, i.start, i.end) for i in doc.indicators))
        targets: dict[str, tuple] = {}
        for i in doc.indicators:
            for t in i.targets:
                targets.setdefault(target_id(key, t.start), (indicators[i.path], None, t))
        for t in doc.targets:
            owner_indicator = indicators.get(t.owner.removeprefix("indicator:")) if t.owner.startswith("indicator:") \
                else None
            targets.setdefault(target_id(key, t.start), (owner_indicator, tasks.get(t.owner), t))
        con.executemany("INSERT INTO targets VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (
            (tid, key, indicator, task, t.text, t.value, t.unit, t.comparator, t.kind, t.year, t.start, t.end)
            for tid, (indicator, task, t) in targets.items()))
        con.executemany("INSERT INTO diagnostics (doc, code, severity, message, line, \"column\", start, \"end\") "
                        "VALUES (?,?,?,?,?,?,?,?)", (
            (key, d.code, d.severity, d.message, d.line, d.column, d.start, d.end) for d in doc.diagnostics))
    con.executemany("INSERT INTO diagnostics (doc, code, severity, message, line, \"column\", start, \"end\") "
                    "VALUES (?,?,?,?,?,?,?,?)", (
        (key, d.code, d.severity, d.message, d.line, d.column, d.start, d.end)
        for key, d in G.graph.get("diagnostics", ())))
    marks = ",".join("?" * len(CO_ASSIGNMENT_COLUMNS[4:]))
    con.executemany(f"INSERT INTO co_assignment VALUES (?,?,{marks})", ((r[0], r[2], *r[4:]) for r in co_rows))
    marks = ",".join("?" * (3 + len(MEASURES)))
    by_id = sorted(central, key=lambda r: r["id"])  # in key order, so the primary key grows at its end
    con.executemany(f"INSERT INTO centrality VALUES ({marks})", (
        (r["id"], r["name"], r["unit_type"], *(r[m] for m in MEASURES)) for r in by_id))


def write_database(path: str | os.PathLike, docs: Sequence[Document], keys: Sequence[str], G: nx.MultiDiGraph, *,
                   central: Sequence[dict] | None = None, co_rows: Sequence[tuple] | None = None,
                   unit_of: Mapping[tuple[str, str], str] | None = None) -> Path:
    """Write the SQLite database of ``docs`` (keyed by ``keys``; ``G`` is their plan graph,
    :func:`fengong.graph.build.to_networkx`) to ``path``, atomically; see the module docstring.

    ``central`` and ``co_rows`` are the rows of :func:`fengong.graph.centrality.centrality_table`
    and :func:`fengong.graph.tables.co_assignment_rows` of ``G``, and ``unit_of`` its
    :func:`fengong.graph.tables.mention_units`, when the caller has them already (a build
    writes them to CSV too); otherwise they are computed.

    Examples
    --------
    >>> import sqlite3, tempfile
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)优化营商环境(牵头单位:市发改委;责任单位:市财政局)。\\n")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     con = sqlite3.connect(write_database(f"{tmp}/d.sqlite", [doc], ["d"], to_networkx([doc], ["d"])))
    ...     print(con.execute("SELECT lead, responsible FROM task_division").fetchall())
    ...     print(con.execute("SELECT name, led FROM unit_load ORDER BY name").fetchall())
    ...     print(con.execute("SELECT text FROM tasks_fts WHERE tasks_fts MATCH '营商环'").fetchall())
    ...     con.close()
    [('市发改委', '市财政局')]
    [('市发改委', 1), ('市财政局', 0)]
    [('优化营商环境',)]
    """
    if len(docs) != len(keys):
        raise FengongError(f"{len(docs)} documents but {len(keys)} keys")
    if central is None:
        central = centrality_table(G)
    if co_rows is None:
        co_rows = co_assignment_rows(G)
    if unit_of is None:
        unit_of = mention_units(G)
    with atomic_path(path) as tmp:
        con = sqlite3.connect(tmp, isolation_level=None)
        try:
            # the file is renamed into place only when complete, so it needs no journal of its own
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            con.execute("PRAGMA cache_size = -65536")  # 64 MB: the indexes are built in memory
            con.executescript(SCHEMA)
            con.execute("BEGIN")
            _inserts(con, docs, keys, G, central, co_rows, unit_of)
            con.execute("COMMIT")
            con.executescript(FINISH)
        except sqlite3.Error as exc:
            raise _as_os_error(exc) from exc
        finally:
            con.close()
    return Path(path)


#: SQLite's primary result codes that are the disk's doing (https://sqlite.org/rescode.html)
_SQLITE_DISK = {13: errno.ENOSPC, 10: errno.EIO}  # SQLITE_FULL, SQLITE_IOERR


def _as_os_error(exc: sqlite3.Error) -> Exception:
    """A full disk or an I/O error met by SQLite as the :class:`OSError` it is, so that the
    atomic write reports it as every other output's (``…sqlite: cannot write: No space left
    on device``); any other SQLite error as it is.

    >>> _as_os_error(sqlite3.OperationalError("database or disk is full"))
    OSError(28, 'No space left on device')
    """
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None and "disk is full" in str(exc):  # an error made without its code
        code = 13
    number = _SQLITE_DISK.get(code & 0xFF) if code is not None else None
    return OSError(number, os.strerror(number)) if number is not None else exc


def datasette_metadata(database: str) -> dict:
    """Datasette's ``metadata.json`` for the database ``<database>.sqlite``: a title and a
    description for each table and view, in Chinese and English, and the full-text search of
    the tasks.

    >>> datasette_metadata("corpus")["databases"]["corpus"]["tables"]["tasks"]["title"]
    '任务 Tasks'
    """
    tables = {name: {"title": f"{zh} {en}", "description": text} for name, (zh, en, text) in TABLES.items()}
    tables["tasks"].update({"fts_table": "tasks_fts", "fts_pk": "n"})
    return {
        "title": "fengong 分工",
        "description": "任务分工方案的文件、任务、单位与分工 — the documents, tasks, units and assignments of "
                       "task-division plans, as read by fengong.",
        "databases": {database: {"tables": tables}},
    }
