"""Building a folder of outputs from one document or a corpus of them.

:func:`build` expands the inputs (files, folders, globs), parses them in worker processes
with a per-document time limit and a cache keyed by file hash and parser version, and writes
every output through atomic writes: per document its extracted text, model (JSON) and
assignment table (CSV); for the whole build a summary per document, the unit and centrality
tables, GEXF and GraphML, Turtle, N-Quads, JSON-LD and an Oxigraph store, and the HTML view.
A document that fails or times out is reported and left out; the others go on.
"""

from __future__ import annotations

import gc
import glob
import json
import os
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

import regex

from fengong import parser
from fengong.cache import CACHE_DIR, ParseCache, parser_version
from fengong.outdir import check_writable, held
from fengong.parser.errors import FengongError
from fengong.parser.coverage import coverage
from fengong.parser.export import csv_cell, iter_csv, iter_json
from fengong.parser.inputs import READERS, read_bytes, read_input
from fengong.parser.io import atomic_write_chunks, atomic_write_text
from fengong.parser.model import Document

__all__ = ["build", "expand_paths", "parse_many", "parser_version", "safe_name", "check_writable", "Outcome",
           "BuildReport"]

_UNSAFE = regex.compile(r"[^\w.\-]+")
BOM = b"\xef\xbb\xbf"  #: before the UTF-8 of a CSV file, for Excel
#: Above this many tasks (about 100 plans the size of the main document) a build leaves out
#: the GEXF and GraphML of the whole typed graph: a graph of hundreds of thousands of nodes
#: that Gephi cannot lay out, and a gigabyte of XML at 1,000 plans (docs/rdf.md, "How fast")
FULL_GRAPH_TASKS = 10_000


#: the longest name, in UTF-8 bytes, that leaves room under the 255-byte limit of a file name
#: for the longest suffix (“.assignments.csv”) and the temporary name of an atomic write
MAX_NAME_BYTES = 180


def safe_name(name: str) -> str:
    """A file name from a document's name that stays inside the output folder and under the
    file-name length limit (cut at :data:`MAX_NAME_BYTES` bytes of UTF-8, whole characters).

    >>> safe_name("../../etc/passwd"), safe_name("荆门 方案"), safe_name("..")
    ('etc_passwd', '荆门_方案', 'document')
    >>> len(safe_name("规划" * 200).encode())
    180
    """
    cleaned = _UNSAFE.sub("_", name).strip("._")
    cleaned = cleaned.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore").rstrip("._")
    return cleaned or "document"


def expand_paths(paths: Iterable[str]) -> list[Path]:
    """Files as given, folders searched for documents (any suffix :data:`READERS` reads), globs
    expanded; each file once, folders and globs in sorted order. Anything that is not a
    folder is kept, a FIFO or a device too, for the reader to refuse by name."""
    found: list[Path] = []
    for item in paths:
        if glob.has_magic(item):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True))
        elif Path(item).is_dir():
            matches = sorted(p for p in Path(item).rglob("*") if not p.is_dir() and p.suffix.lower() in READERS)
        else:
            matches = [Path(item)]
        if not matches:
            raise FengongError("no such file, folder or match", path=item)
        found += [p for p in matches if not p.is_dir()]
    seen: set[Path] = set()
    return [p for p in found if not (p.resolve() in seen or seen.add(p.resolve()))]


@dataclass
class Outcome:
    """What became of one input."""

    path: Path
    doc: Document | None = None
    error: str | None = None
    cached: bool = False
    warning: str | None = None  #: what went wrong short of failing (a cache entry not used or not written)


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - runs in the worker when the time is up
    raise _Timeout()


def _parse_one(job: tuple[str, str | None, float | None, str | None]) -> tuple[str, Document | None, str | None, bool,
                                                                              str | None]:
    """Parse one file (in a worker process): ``(path, doc, error, cached, warning)``."""
    path, dialect, timeout, cache_dir = job
    warnings = []
    try:
        data = read_input(path)
        cache = ParseCache(cache_dir, dialect) if cache_dir is not None else None
        if cache is not None:
            doc, warning = cache.load(data, path)
            if doc is not None:
                return path, doc, None, True, None
            warnings.append(warning)
        if timeout:
            signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            read = read_bytes(data, path)
            doc = parser.parse(read.text, source=path, dialect=dialect, tables=read.tables)
        finally:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
        if cache is not None:
            warnings.append(cache.store(data, doc))
        return path, doc, None, False, "; ".join(w for w in warnings if w) or None
    except _Timeout:
        return path, None, f"timed out after {timeout:g} s", False, None
    except FengongError as exc:
        return path, None, exc.message, False, None
    except OSError as exc:
        return path, None, f"cannot read file: {exc.strerror or exc}", False, None
    except Exception as exc:  # a bug must not stop the other documents
        return path, None, f"internal error: {type(exc).__name__}: {exc}", False, None


def parse_many(paths: Sequence[Path], *, workers: int | None = None, timeout: float | None = 60.0,
               dialect: str | None = None, cache_dir: Path | None = None,
               progress: Callable[[int], None] | None = None, executor: str = "local",
               scheduler: str | None = None) -> list[Outcome]:
    """Parse ``paths`` in ``workers`` processes (all cores by default; 1: in this process),
    in input order; a document that fails or takes longer than ``timeout`` seconds is an
    :class:`Outcome` with its error.

    ``executor="dask"`` runs one Dask task per document instead, on the cluster at
    ``scheduler`` or on a local cluster of ``workers`` processes
    (:func:`fengong.executors.parse_with_dask`; needs ``pip install 'fengong[dask]'``)."""
    if executor == "dask":
        from fengong.executors import parse_with_dask

        return parse_with_dask(paths, workers=workers, timeout=timeout, dialect=dialect, cache_dir=cache_dir,
                               scheduler=scheduler, progress=progress)
    if executor != "local":
        raise FengongError(f"unknown executor {executor!r}: 'local' or 'dask'")
    if scheduler is not None:
        raise FengongError("a scheduler address is for the dask executor")
    jobs = [(str(p), dialect, timeout, str(cache_dir) if cache_dir else None) for p in paths]
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    results: dict[str, tuple] = {}
    if workers == 1:
        for job in jobs:
            results[job[0]] = _parse_one(job)
            if progress:
                progress(1)
    else:
        import multiprocessing

        with multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn").Pool(workers) as pool:
            for result in pool.imap_unordered(_parse_one, jobs, chunksize=max(1, min(16, len(jobs) // (workers * 8)))):
                results[result[0]] = result
                if progress:
                    progress(1)
    return [Outcome(Path(path), *result) for path, *result in (results[j[0]] for j in jobs)]


@dataclass
class BuildReport:
    outcomes: list[Outcome]
    written: list[Path] = field(default_factory=list)
    #: what the build chose not to write, and why; cache entries it could not use or write
    notes: list[str] = field(default_factory=list)
    #: where the RDF breaks its SHACL shapes (:class:`fengong.graph.rdf_shapes.Violation`); none when it conforms
    violations: list = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.doc is None]

    @property
    def unstructured(self) -> list[Outcome]:
        """The documents read but with no task-division structure (their outputs are written)."""
        return [o for o in self.outcomes if o.doc is not None and any(d.code == "no-structure" for d in o.doc.diagnostics)]


def _summary_csv(outcomes: Sequence[Outcome], keys: dict[Path, str]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["file", "key", "status", "error", "sections", "tasks", "assignments", "diagnostics", "coverage"])
    for o in outcomes:
        d = o.doc
        writer.writerow([csv_cell(v) for v in (
            recorded_path(o.path), keys.get(o.path, ""), "ok" if d else "failed", o.error or "",
            len(d.sections) if d else "", len(d.tasks) if d else "", len(d.assignments) if d else "",
            len(d.diagnostics) if d else "", f"{coverage(d):.3f}" if d else "")])
    return out.getvalue()


def recorded_path(path: str | Path) -> str:
    """How a build records an input's path in its outputs (a document's ``source``, the
    summary's ``file``), the same however the path was spelt: relative to the working
    directory where the file lies under it, else absolute (``..`` taken out, links kept);
    bytes of the name that are not UTF-8 written as escapes (``\\udcb7``), so that every
    output stays valid UTF-8.

    >>> recorded_path(Path.cwd() / "corpus" / "x" / ".." / "source.txt"), recorded_path("./corpus//source.txt")
    ('corpus/source.txt', 'corpus/source.txt')
    >>> recorded_path("/srv/plans/../plan.txt"), recorded_path("分工\\udcb7.txt")
    ('/srv/plan.txt', '分工\\\\udcb7.txt')
    """
    absolute = os.path.abspath(path)
    inside = os.path.relpath(absolute)
    name = absolute if inside == os.pardir or inside.startswith(os.pardir + os.sep) else inside
    return name.encode("utf-8", "backslashreplace").decode("utf-8") if not name.isprintable() else name


@held  # the output folder locked for this build, and cleared of what killed builds left
def build(paths: Sequence[str], outdir: Path, *, workers: int | None = None, timeout: float | None = 60.0,
          dialect: str | None = None, cache: bool = True, name: str | None = None, graph: bool = True,
          progress: Callable[[int], None] | None = None, executor: str = "local",
          scheduler: str | None = None, rdf_formats: Sequence[str] | None = None,
          xlsx: bool | None = None, base: str | None = None) -> BuildReport:
    """Parse ``paths`` and write every output into ``outdir`` (see the module docstring).

    ``executor`` and ``scheduler`` choose where the documents are parsed (:func:`parse_many`);
    ``rdf_formats`` which RDF outputs besides the N-Quads are written
    (:func:`fengong.graph.rdf_writers.write_rdf_outputs`; by default all, the store only for a
    corpus that loads in seconds); ``xlsx`` whether the 分工表 is also written as an Excel
    workbook (by default for at most :data:`fengong.graph.analyst.XLSX_TASK_LIMIT` tasks);
    ``base`` the base IRI of the RDF (:func:`fengong.graph.rdf.check_base`; a note says where
    a ``/`` was added). Where the RDF breaks its shapes, the report's ``violations`` say how.

    One build writes into ``outdir`` at a time: a second raises ``another build is writing
    to DIR`` (:mod:`fengong.outdir`). Inputs are recorded as :func:`recorded_path` gives them.
    A cache entry that could not be used or written is a note; a full disk, an
    :class:`fengong.parser.io.OutputError` naming the file."""
    base_note = None
    if base is not None:
        from fengong.graph.rdf import check_base

        base, base_note = check_base(base)
    files = expand_paths(paths)
    _phase(progress, "parsing", len(files))
    outcomes = parse_many(files, workers=workers, timeout=timeout, dialect=dialect,
                          cache_dir=outdir / CACHE_DIR if cache else None, progress=progress,
                          executor=executor, scheduler=scheduler)
    for o in outcomes:
        if o.doc is not None:
            o.doc = replace(o.doc, source=recorded_path(o.path))
    report = BuildReport(outcomes, notes=[f"{o.path}: {o.warning}" for o in outcomes if o.warning])
    if base_note:
        report.notes.append(base_note)
    ok = [o for o in outcomes if o.doc is not None]
    from fengong.graph.build import document_keys

    keys = [safe_name(k) for k in document_keys([o.doc for o in ok])]
    while len(set(keys)) < len(keys):  # safe_name may have made two keys one
        keys = [k if keys.index(k) == i else f"{k}_{i + 1}" for i, k in enumerate(keys)]
    key_of = {o.path: k for o, k in zip(ok, keys)}
    name = safe_name(name) if name else (keys[0] if len(files) == 1 and keys else "corpus")
    written = report.written

    def document_files() -> list[Path]:
        files = []
        for o, key in zip(ok, keys):
            files.append(atomic_write_text(outdir / f"{key}.txt", o.doc.text))
            files.append(atomic_write_chunks(outdir / f"{key}.json", (c.encode() for c in iter_json(o.doc))))
            files.append(atomic_write_chunks(outdir / f"{key}.assignments.csv",
                                             chain([BOM], (c.encode() for c in iter_csv(o.doc)))))
        files.append(atomic_write_text(outdir / f"{name}.summary.csv", _summary_csv(outcomes, key_of), bom=True))
        return files

    if graph and ok:  # the documents' files are written while the RDF is (see _graph_outputs)
        written += _graph_outputs([o.doc for o in ok], keys, outdir, name, report, workers, rdf_formats, progress,
                                  xlsx, base, document_files)
    else:
        written += document_files()
    return report


def _phase(progress: Callable[[int], None] | None, name: str, total: int) -> None:
    """Tell ``progress``, if it shows phases (has a ``phase(name, total)`` method), that the
    build starts the phase ``name`` of ``total`` steps (parsing, graph, tables, RDF, view)."""
    start = getattr(progress, "phase", None)
    if start is not None:
        start(name, total)


def _step(progress: Callable[[int], None] | None, n: int = 1) -> None:
    if progress is not None:
        progress(n)


def _graph_outputs(docs: list[Document], keys: list[str], outdir: Path, name: str, report: BuildReport,
                   workers: int | None, rdf_formats: Sequence[str] | None,
                   progress: Callable[[int], None] | None = None, xlsx: bool | None = None, base: str | None = None,
                   document_files: Callable[[], list[Path]] = list) -> list[Path]:
    from fengong.background import forked
    from fengong.graph.build import to_networkx

    _phase(progress, "graph", 3)
    G = to_networkx(docs, keys)
    _step(progress)
    workers = workers or os.cpu_count() or 1
    frozen = gc.get_freeze_count()
    gc.freeze()  # the documents and the graph live to the end: no collection walks them again
    try:
        # the RDF is written in another process meanwhile (where there is more than one worker)
        with forked(_rdf_outputs, G, docs, outdir, name, base, rdf_formats, workers, keys, enabled=workers > 1) as job:
            written = document_files()
            written += _tables_and_view(G, docs, keys, outdir, name, report, progress, xlsx)
            _phase(progress, "RDF", 1)
        rdf_paths, rdf_notes, violations = job.result()
        _step(progress)
    finally:
        if not frozen:
            gc.unfreeze()
    report.notes += rdf_notes
    report.violations += violations
    html = written.pop()
    return written + rdf_paths + [html]


def _tables_and_view(G, docs: list[Document], keys: list[str], outdir: Path, name: str, report: BuildReport,
                     progress: Callable[[int], None] | None, xlsx: bool | None) -> list[Path]:
    """The tables, the analysts' outputs, the database, the Gephi files and the view (last)."""
    from fengong.graph.analyst import XLSX_TASK_LIMIT, write_analyst_outputs
    from fengong.graph.centrality import centrality_table
    from fengong.graph.database import datasette_metadata, write_database
    from fengong.graph.export import write_graph_outputs
    from fengong.graph.html import write_html
    from fengong.graph.tables import CO_ASSIGNMENT_COLUMNS, co_assignment_rows, mention_units

    central = centrality_table(G)
    _step(progress)
    co_rows = co_assignment_rows(G)
    _step(progress)
    tasks = sum(len(d.tasks) for d in docs)
    if xlsx is None:
        xlsx = tasks <= XLSX_TASK_LIMIT
        if not xlsx:
            report.notes.append(f"{name}.task_division.xlsx left out: the build has more than {XLSX_TASK_LIMIT:,} "
                                "tasks; --xlsx writes it anyway")
    _phase(progress, "tables", 9 + (len(docs) > 1) + xlsx)
    gephi = tasks <= FULL_GRAPH_TASKS
    written = list(write_graph_outputs(G, outdir, name, central=central, gephi=gephi))
    if not gephi:
        for stale in (outdir / f"{name}.gexf", outdir / f"{name}.graphml"):
            stale.unlink(missing_ok=True)
        report.notes.append(f"{name}.gexf and {name}.graphml (the whole typed graph) left out: {tasks:,} tasks, "
                            f"more than {FULL_GRAPH_TASKS:,}, are too many nodes for Gephi to lay out usefully "
                            f"({name}.units.gexf is the unit network); "
                            "fengong.graph.export.write_graph_outputs(G, …) writes them")
    _step(progress, len(written) + 2 * (not gephi))
    unit_of = mention_units(G)
    written += write_analyst_outputs(docs, keys, G, outdir, name, central=central, co_rows=co_rows, xlsx=xlsx,
                                     progress=progress, unit_of=unit_of)
    written.append(write_database(outdir / f"{name}.sqlite", docs, keys, G, central=central, co_rows=co_rows,
                                  unit_of=unit_of))
    written.append(atomic_write_text(outdir / f"{name}.metadata.json",
                                     json.dumps(datasette_metadata(name), ensure_ascii=False, indent=1) + "\n"))
    _step(progress, 2)
    a, b, shared = (CO_ASSIGNMENT_COLUMNS.index(c) for c in ("unit_a", "unit_b", "tasks"))
    co_pairs = [(row[a], row[b], row[shared]) for row in co_rows]  # what the view's overview draws
    del co_rows, unit_of
    _phase(progress, "view", 1)
    title = docs[0].metadata.title.value if len(docs) == 1 and docs[0].metadata.title else None  # N 份文件：…
    written.append(write_html(G, outdir / f"{name}.html", title, central=central, co_pairs=co_pairs))
    _step(progress)
    return written


def _rdf_outputs(G, docs: list[Document], outdir: Path, name: str, base: str | None,
                 rdf_formats: Sequence[str] | None, workers: int, keys: list[str]) -> tuple[list, list, list]:
    """The RDF outputs (:func:`fengong.graph.rdf_writers.write_rdf_outputs`): the paths written,
    the notes and the shapes' violations — plain lists, so that the build that receives them
    from the RDF's process need not import the RDF writers (and rdflib) to read them."""
    from fengong.graph.rdf import DEFAULT_BASE
    from fengong.graph.rdf_writers import write_rdf_outputs

    rdf = write_rdf_outputs(G, docs, outdir, name, base or DEFAULT_BASE, formats=rdf_formats, workers=workers,
                            keys=keys)
    return rdf.paths, rdf.notes, rdf.violations