"""SPARQL over the exported RDF: an on-disk Oxigraph store, or an RDF file read into memory.

``fengong build`` loads its N-Quads into ``outputs/<name>.oxigraph/`` (:func:`load_store`),
with fengong's vocabulary in the default graph; later commands open that store
(:func:`open_rdf`) and query it without parsing anything again. Queries see the union of all
graphs as their default graph, so a query written against the Turtle file runs unchanged
against the store.

Nothing here reaches the network: a query with ``SERVICE`` is refused before it runs
(Oxigraph would send it), and so is a JSON-LD file whose context is not a local file.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

from fengong.parser.errors import FengongError
from fengong.parser.io import TEMPORARY_SUFFIX, output_error, temporary_folder

from .rdf_terms import PREFIXES

__all__ = ["QueryError", "FORMATS", "load_store", "StoreLoader", "open_rdf", "bind_values", "check_local", "run_query", "format_result"]

#: output formats of :func:`format_result`
FORMATS = ("table", "csv", "json")

#: file name ending → pyoxigraph format name, for RDF files given instead of a store
_FILE_FORMATS = {
    ".ttl": "TURTLE",
    ".nq": "N_QUADS",
    ".nt": "N_TRIPLES",
    ".trig": "TRIG",
    ".rdf": "RDF_XML",
}


class QueryError(FengongError):
    """The RDF cannot be opened or the query cannot be run."""


def load_store(path: str | Path, nquads: bytes | os.PathLike, *, default_graph: bytes | None = None) -> Path:
    """Build an Oxigraph store at ``path`` holding exactly ``nquads`` (the N-Quads as bytes,
    or the path of an N-Quads file, read as it loads), and the Turtle ``default_graph`` in its
    default graph, replacing any store there: :class:`StoreLoader` started and given the job.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     store = load_store(pathlib.Path(tmp) / "x.oxigraph", b"<urn:a> <urn:b> <urn:c> <urn:g> .\\n")
    ...     len(open_rdf(store))
    1
    """
    return StoreLoader(path).load(nquads, default_graph=default_graph)


class StoreLoader:
    """A process that builds an Oxigraph store at ``path``: started before there is anything
    to load, so that Python's start and pyoxigraph's import go on meanwhile, then given the
    N-Quads by :meth:`load` (or stopped by :meth:`cancel`).

    The store is built in a folder beside ``path`` and renamed into place, so a reader never
    meets a half-loaded store. It is built by a new Python process, not a forked one: the
    on-disk store (RocksDB) keeps threads whose locks a process forked later would inherit
    without the threads, and a build forks its workers. The process dies with this one.
    """

    def __init__(self, path: str | Path) -> None:
        import subprocess
        import sys

        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.building = temporary_folder(self.path)  # as readable as any other output, not 0700
        self.process = subprocess.Popen([sys.executable, "-c", "from fengong.graph.store_load import main; main()",
                                         str(self.building), str(os.getpid())],
                                        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def load(self, nquads: bytes | os.PathLike, *, default_graph: bytes | None = None) -> Path:
        """Load ``nquads`` (bytes, or the path of an N-Quads file) and ``default_graph``
        (Turtle), wait, and put the store in place; returns its path."""
        import pickle

        path, building = self.path, self.building
        try:
            job = {"store": str(building), "nquads": None if isinstance(nquads, os.PathLike) else bytes(nquads),
                   "path": os.fspath(nquads) if isinstance(nquads, os.PathLike) else None,
                   "default_graph": default_graph}
            _, err = self.process.communicate(pickle.dumps(job))
            if self.process.returncode != 0:
                said = err.decode("utf-8", "replace").strip().splitlines()
                reason = said[-1].partition(": ")[2] if said else f"exit status {self.process.returncode}"
                if any(reason.endswith(os.strerror(code)) for code in (errno.ENOSPC, errno.EDQUOT, errno.EIO)):
                    raise output_error(path, OSError(reason))  # a full disk, as one line
                raise QueryError(f"cannot load the store: {reason}", path=str(path))
            old = None
            if path.exists():
                old = path.with_name(f".{path.name}.old{TEMPORARY_SUFFIX}")
                shutil.rmtree(old, ignore_errors=True)
                os.replace(path, old)
            os.replace(building, path)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException as exc:
            self.cancel()
            if isinstance(exc, OSError) and not isinstance(exc, FengongError):  # a full disk, as one line
                raise output_error(path, exc) from exc
            raise
        return path

    def cancel(self) -> None:
        """Stop the process and remove what it built."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        shutil.rmtree(self.building, ignore_errors=True)


def open_rdf(path: str | Path):
    """A :class:`pyoxigraph.Store` for ``path``: the store itself if ``path`` is a store folder
    (opened read-only), else a store in memory holding the RDF file (Turtle, N-Quads,
    N-Triples, TriG, RDF/XML, or JSON-LD whose contexts are local files, as fengong writes it).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "x.ttl"
    ...     _ = path.write_text("<urn:a> <urn:b> '市发改委' .", encoding="utf-8")
    ...     len(open_rdf(path))
    1
    """
    import pyoxigraph

    path = Path(path)
    if path.is_dir():
        try:
            return pyoxigraph.Store.read_only(str(path))
        except (OSError, ValueError) as exc:
            raise QueryError(f"cannot open the store: {_first_line(exc)}", path=str(path)) from None
    if not path.is_file():
        raise QueryError("no such file or store", path=str(path))
    store = pyoxigraph.Store()
    try:
        if path.suffix in (".jsonld", ".json"):
            store.load(_jsonld_with_local_contexts(path), format=pyoxigraph.RdfFormat.JSON_LD,
                       base_iri=path.resolve().as_uri())
        elif path.suffix in _FILE_FORMATS:
            store.load(path=str(path), format=getattr(pyoxigraph.RdfFormat, _FILE_FORMATS[path.suffix]))
        else:
            raise QueryError(f"unknown RDF file type {path.suffix!r} (use one of "
                             f"{', '.join(sorted(_FILE_FORMATS) + ['.jsonld'])} or a store folder)", path=str(path))
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"not valid RDF: {_first_line(exc)}", path=str(path)) from None
    except OSError as exc:
        raise QueryError(f"cannot read the file: {_first_line(exc)}", path=str(path)) from None
    return store


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


#: an IRI with a scheme (``https:``, ``file:`` …), not a path relative to the file
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _jsonld_with_local_contexts(path: Path) -> bytes:
    """The JSON-LD file with every ``@context`` (and ``@import``) that names another file put
    in its place, so that nothing is fetched: a context named by a path relative to the file
    is read from beside it; one named by an IRI is refused."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QueryError(f"not valid JSON-LD: {_first_line(exc)}", path=str(path)) from None
    return json.dumps(_inline(data, path, path.parent, 0), ensure_ascii=False).encode("utf-8")


def _inline(value, path: Path, folder: Path, depth: int):
    if isinstance(value, list):
        return [_inline(v, path, folder, depth) for v in value]
    if not isinstance(value, dict):
        return value
    return {k: (_context(v, path, folder, depth) if k in ("@context", "@import") else _inline(v, path, folder, depth))
            for k, v in value.items()}


def _context(context, path: Path, folder: Path, depth: int):
    """A context with each reference to another context replaced by what that file holds."""
    if depth > 8:
        raise QueryError("JSON-LD contexts refer to each other more than 8 deep", path=str(path))
    if isinstance(context, list):
        return [_context(c, path, folder, depth) for c in context]
    if isinstance(context, dict):
        return _inline(context, path, folder, depth)
    if not isinstance(context, str):
        return context
    if _ABSOLUTE.match(context) or context.startswith("//"):
        raise QueryError(f"the JSON-LD context {context!r} is not a local file: fengong query fetches nothing "
                         "from the network (save the context beside the file and name it by its file name)",
                         path=str(path))
    local = folder / context
    try:
        loaded = json.loads(local.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QueryError(f"cannot read the JSON-LD context {context!r}: {_first_line(exc)}", path=str(path)) from None
    inner = loaded.get("@context", {}) if isinstance(loaded, dict) else {}
    return _context(inner, local, local.parent, depth + 1)


def bind_values(sparql: str, bindings: dict[str, str]) -> str:
    """The query with the block ``VALUES ?name { … }`` of each binding set to the one plain
    literal given, so a ready query's default can be changed from the command line.

    Examples
    --------
    >>> print(bind_values('SELECT * WHERE { VALUES ?unit { "市发改委" } ?s ?p ?unit }', {"unit": '市"科技"局'}))
    SELECT * WHERE { VALUES ?unit { "市\\"科技\\"局" } ?s ?p ?unit }
    """
    for name, value in bindings.items():
        literal = '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        pattern = re.compile(r"VALUES\s+[?$]" + re.escape(name) + r"\s*\{[^}]*\}", re.IGNORECASE)
        sparql, found = pattern.subn(lambda _: f"VALUES ?{name} {{ {literal} }}", sparql)
        if not found:
            raise QueryError(f"--bind {name}=…: the query has no block VALUES ?{name} {{ … }} to set")
    return sparql


#: what a query may hold that is not SPARQL keywords: strings, IRIs, comments and variables
_NOT_KEYWORDS = re.compile("|".join((
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',  # strings
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\x00-\x20]*>',  # IRIs
    r"#[^\n]*",  # comments
    r"[?$]\w+",  # variables
)))
_SERVICE = re.compile(r"(?<![\w:])SERVICE(?![\w:])", re.IGNORECASE)


def check_local(sparql: str) -> None:
    """Refuse a query that would reach the network: one with ``SERVICE`` (federated query,
    ``SERVICE SILENT`` too), which Oxigraph sends over HTTP.

    >>> check_local("SELECT * WHERE { ?service ?p 'SERVICE' }  # SERVICE")
    >>> check_local("SELECT * WHERE { SERVICE SILENT <https://dbpedia.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    fengong.graph.sparql.QueryError: the query uses SERVICE: fengong query does not send queries over the network
    """
    if _SERVICE.search(_NOT_KEYWORDS.sub(" ", sparql)):
        raise QueryError("the query uses SERVICE: fengong query does not send queries over the network")


def run_query(store, sparql: str, bindings: dict[str, str] | None = None):
    """Run ``sparql`` on ``store`` with fengong's prefixes predeclared and the union of the
    graphs as default graph. ``bindings`` sets ``VALUES`` blocks (:func:`bind_values`). A
    query that would reach the network is refused (:func:`check_local`).

    Returns pyoxigraph's result: solutions, a boolean or triples.

    Examples
    --------
    >>> import pyoxigraph
    >>> store = pyoxigraph.Store()
    >>> store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:t"), pyoxigraph.NamedNode(str(PREFIXES["rdf"]) + "type"),
    ...     pyoxigraph.NamedNode(PREFIXES["fg"] + "Task"), pyoxigraph.NamedNode("urn:g")))
    >>> bool(run_query(store, "ASK { ?t a fg:Task }"))  # the named graph is in the default graph
    True
    """
    if bindings:
        sparql = bind_values(sparql, bindings)
    check_local(sparql)
    try:
        return store.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=True)
    except SyntaxError as exc:  # Oxigraph lists every token it expected: keep the first line
        raise QueryError(f"SPARQL syntax error: {_first_line(exc)}") from None
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        raise QueryError(f"the query failed: {_first_line(exc)}") from None


def _short(term) -> str:
    """A term for people: a literal's value, an IRI with a known prefix as ``prefix:name``."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return term.value
    return term.value if hasattr(term, "value") else str(term)


def _width(text: str) -> int:
    """Columns the text takes in a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip() + "\n"

    return line(header) + line(["-" * w for w in widths]) + "".join(line(r) for r in rows)


def format_result(result, fmt: str = "table", cell: Callable[[str], str] | None = None) -> str:
    """A query result as text: an aligned ``table`` (IRIs shortened with fengong's prefixes,
    each value passed through ``cell`` if given, e.g. to show line breaks as escapes), ``csv``
    (SPARQL 1.1 CSV results) or ``json`` (SPARQL 1.1 JSON results). An ``ASK`` gives
    ``true``/``false``; a ``CONSTRUCT``/``DESCRIBE`` gives N-Triples whatever ``fmt``. An error
    met while the solutions are computed is a :class:`QueryError`.

    Examples
    --------
    >>> import pyoxigraph
    >>> store = pyoxigraph.Store()
    >>> store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("https://fengong.example/ns#x"),
    ...     pyoxigraph.NamedNode("urn:p"), pyoxigraph.Literal("市发改委")))
    >>> print(format_result(run_query(store, "SELECT ?s ?o WHERE { ?s ?p ?o }")), end="")
    s     o
    ----  --------
    fg:x  市发改委
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    try:
        return _format(result, fmt, cell or (lambda text: text))
    except (OSError, RuntimeError, ValueError, TypeError, SyntaxError) as exc:
        raise QueryError(f"the query failed: {_first_line(exc)}") from None


def _format(result, fmt: str, cell: Callable[[str], str]) -> str:
    import pyoxigraph

    if isinstance(result, pyoxigraph.QueryBoolean):
        return ("true" if bool(result) else "false") + "\n"
    if isinstance(result, pyoxigraph.QueryTriples):
        return result.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8")
    if fmt == "json":
        data = json.loads(result.serialize(format=pyoxigraph.QueryResultsFormat.JSON))
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    header = [v.value for v in result.variables]
    solutions = list(result)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for s in solutions:
            writer.writerow(["" if s[v] is None else s[v].value for v in header])
        return out.getvalue()
    return _table(header, [[cell(_short(s[v])) for v in header] for s in solutions])
