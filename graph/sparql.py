"""SPARQL over the exported RDF: an on-disk Oxigraph store, or an RDF file read into memory.

``fengong build`` loads its N-Quads into ``outputs/<name>.oxigraph/`` (:func:`load_store`);
later commands open that store (:func:`open_rdf`) and query it without parsing anything
again. Queries see the union of all named graphs as their default graph, so a query written
against the Turtle file runs unchanged against the store.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import unicodedata
from pathlib import Path

from fengong.parser.errors import FengongError
from fengong.parser.io import TEMPORARY_SUFFIX, output_error, temporary_folder

from .rdf import PREFIXES

__all__ = ["QueryError", "FORMATS", "load_store", "open_rdf", "bind_values", "run_query", "format_result"]

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


def load_store(path: str | Path, nquads: bytes | os.PathLike) -> Path:
    """Build an Oxigraph store at ``path`` holding exactly ``nquads`` (the N-Quads as bytes,
    or the path of an N-Quads file, read as it loads), replacing any store there.

    The store is built in a folder beside ``path`` and renamed into place, so a reader never
    meets a half-loaded store.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     store = load_store(pathlib.Path(tmp) / "x.oxigraph", b"<urn:a> <urn:b> <urn:c> <urn:g> .\\n")
    ...     len(open_rdf(store))
    1
    """
    import pyoxigraph

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    building = temporary_folder(path)  # as readable as any other output, not 0700
    try:
        store = pyoxigraph.Store(str(building))
        if isinstance(nquads, os.PathLike):
            store.bulk_load(path=nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        else:
            store.bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        store.flush()
        del store  # closes the database before it is renamed
        old = None
        if path.exists():
            old = path.with_name(f".{path.name}.old{TEMPORARY_SUFFIX}")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
        os.replace(building, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException as exc:
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, FengongError):  # a full disk, as one line
            raise output_error(path, exc) from exc
        raise
    return path


def open_rdf(path: str | Path):
    """A :class:`pyoxigraph.Store` for ``path``: the store itself if ``path`` is a store folder
    (opened read-only), else a store in memory holding the RDF file (Turtle, N-Quads,
    N-Triples, TriG, RDF/XML, or fengong's JSON-LD with its local context).

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
        except OSError as exc:
            raise QueryError(f"cannot open the store: {exc}", path=str(path)) from None
    if not path.is_file():
        raise QueryError("no such file or store", path=str(path))
    store = pyoxigraph.Store()
    try:
        if path.suffix in (".jsonld", ".json"):
            store.load(_jsonld_as_nquads(path), format=pyoxigraph.RdfFormat.N_QUADS)
        elif path.suffix in _FILE_FORMATS:
            store.load(path=str(path), format=getattr(pyoxigraph.RdfFormat, _FILE_FORMATS[path.suffix]))
        else:
            raise QueryError(f"unknown RDF file type {path.suffix!r} (use one of "
                             f"{', '.join(sorted(_FILE_FORMATS) + ['.jsonld'])} or a store folder)", path=str(path))
    except SyntaxError as exc:
        raise QueryError(f"not valid RDF: {exc}", path=str(path)) from None
    return store


def _jsonld_as_nquads(path: Path) -> bytes:
    """JSON-LD read with rdflib, which resolves a relative ``@context`` against the file."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(path.resolve().as_uri(), format="json-ld")
    return ds.serialize(format="nquads", encoding="utf-8")


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


def run_query(store, sparql: str, bindings: dict[str, str] | None = None):
    """Run ``sparql`` on ``store`` with fengong's prefixes predeclared and the union of the
    named graphs as default graph. ``bindings`` sets ``VALUES`` blocks (:func:`bind_values`).

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
    try:
        return store.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=True)
    except SyntaxError as exc:  # Oxigraph lists every token it expected: keep the first line
        raise QueryError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


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


def format_result(result, fmt: str = "table") -> str:
    """A query result as text: an aligned ``table`` (IRIs shortened with fengong's prefixes),
    ``csv`` (SPARQL 1.1 CSV results) or ``json`` (SPARQL 1.1 JSON results). An ``ASK`` gives
    ``true``/``false``; a ``CONSTRUCT``/``DESCRIBE`` gives N-Triples whatever ``fmt``.

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
    import pyoxigraph

    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
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
    return _table(header, [[_short(s[v]) for v in header] for s in solutions])
