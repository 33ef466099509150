"""The plan's RDF in files: N-Quads, Turtle, JSON-LD and an Oxigraph store, checked against
the shapes as they are written.

The triples come from the mapping (:mod:`fengong.graph.rdf`), one named graph at a time;
this module lays them out. The three text formats are written side by side, a document's
graph at a time (in worker processes for a corpus), so no format needs the whole dataset in
memory and each costs about what the N-Quads cost:

- N-Quads: one line per quad, the graph's triples in the order the mapping made them;
- Turtle: the union of the graphs (Turtle holds one graph), each subject once with its
  predicates and objects grouped under it, prefixed names for the vocabularies and IRIs
  relative to an ``@base``, the build's base IRI;
- JSON-LD: the named graphs as ``{"@id": graph, "@graph": [...]}``, one node object a line,
  compacted with the local context (:func:`jsonld_context`) and the base as ``@base``.

Every layout is fixed by the order of the triples, so the same input gives the same bytes.
:func:`write_rdf_outputs` writes them, ``fengong.ttl`` (the vocabulary) beside them, checks
every graph with :class:`fengong.graph.rdf_shapes.ShapeChecker` and loads the Oxigraph store.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fengong.parser.io import atomic_write_text, atomic_writer, temporary_folder

from .rdf import (
    DEFAULT_BASE,
    PREFIXES,
    RDFExportError,
    Named,
    Triple,
    _document_keys,
    document_groups,
    group_graph,
    nquads,
    ontology_text,
    units_graph,
)
from .processes import die_with_parent
from .rdf_shapes import Pending, Violation, shape_checker

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from fengong.parser.model import Document

__all__ = [
    "RDF_FORMATS",
    "STORE_QUAD_LIMIT",
    "RDFOutputs",
    "TermForms",
    "turtle",
    "jsonld_graph",
    "jsonld_context",
    "iter_nquads",
    "to_nquads",
    "to_turtle",
    "to_jsonld",
    "write_nquads",
    "write_rdf_outputs",
]

#: the RDF outputs :func:`write_rdf_outputs` can write besides the N-Quads
RDF_FORMATS = ("ttl", "jsonld", "store")
#: Above this many quads (about 60 plans the size of the main document) a build leaves the
#: Oxigraph store out unless it is asked for: loading it takes about 10 µs a quad on a 2-core
#: machine, longer than the rest of a corpus build (docs/rdf.md)
STORE_QUAD_LIMIT = 1_000_000

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: a local name Turtle and JSON-LD can write after a prefix as it is
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
#: characters JSON must escape that N-Quads writes as they are
_JSON_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class TermForms:
    """Turtle and JSON-LD forms of the mapping's N-Quads terms: vocabulary IRIs as prefixed
    names (:data:`fengong.graph.rdf.PREFIXES`), IRIs under ``base`` relative to it, literals
    with their datatype prefixed.

    >>> forms = TermForms("https://fengong.example/id/")
    >>> forms.turtle("<http://www.w3.org/ns/prov#agent>"), forms.turtle("<https://fengong.example/id/eli/t1>")
    ('prov:agent', '<eli/t1>')
    >>> forms.turtle('"5"^^<http://www.w3.org/2001/XMLSchema#integer>')
    '"5"^^xsd:integer'
    >>> forms.json('"市发改委"@zh-Hans'), forms.json("<https://fengong.example/id/unit/1>")
    ('{"@value": "市发改委", "@language": "zh-Hans"}', '{"@id": "unit/1"}')
    """

    def __init__(self, base: str) -> None:
        #: IRIs are written relative to a base that ends in ``/``; under one that ends in ``#``
        #: they are written whole (``<#rest>`` against such a base is misread by rdflib)
        self.base = base if base.endswith("/") else "\0"
        self.relative = ""
        self._under = "<" + self.base  # the N-Quads form of an IRI under the base starts so
        self._cut = len(self._under)
        self._vocabulary: dict[str, str] = {}
        self._turtle: dict[str, str] = {}  # vocabulary terms and datatypes, made once
        self._json: dict[str, str] = {}
        self._tails: dict[str, str] = {}

    def compact(self, iri: str) -> str | None:
        """``prefix:name`` for a vocabulary IRI (without ``<>``), else ``None``."""
        found = self._vocabulary.get(iri)
        if found is None:
            found = ""
            for prefix, namespace in PREFIXES.items():
                if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace):]):
                    found = f"{prefix}:{iri[len(namespace):]}"
                    break
            self._vocabulary[iri] = found
        return found or None

    def iri(self, iri: str) -> str:
        """An IRI (without ``<>``) as JSON-LD writes it in ``@id`` and ``@type``: relative to
        the base, prefixed, or whole."""
        if iri.startswith(self.base) and len(iri) > len(self.base):
            return self.relative + iri[len(self.base):]
        return self.compact(iri) or iri

    def turtle(self, form: str) -> str:
        if form.startswith(self._under) and len(form) > self._cut + 1:
            return "<" + self.relative + form[self._cut:]
        if form[-1] != ">":  # a plain or language-tagged literal: as N-Quads has it
            return form
        done = self._turtle.get(form)
        if done is not None:
            return done
        if form.startswith("<"):
            return self._turtle.setdefault(form, self.compact(form[1:-1]) or form)
        head, _, datatype = form.rpartition("^^<")  # a typed literal: "lexical"^^<datatype>
        return head + "^^" + self._turtle.setdefault(datatype, self.compact(datatype[:-1]) or "<" + datatype)

    def json(self, form: str) -> str:
        """The JSON-LD value object of a term, as JSON text."""
        if form.startswith(self._under) and len(form) > self._cut + 1:
            return '{"@id": "' + self.relative + form[self._cut:-1] + '"}'
        if form.startswith("<"):
            done = self._json.get(form)
            if done is None:
                done = self._json[form] = '{"@id": ' + _json_string(self.iri(form[1:-1])) + "}"
            return done
        end = form.rfind('"')
        body = form[: end + 1]  # N-Quads escapes \\ \" \n \r as JSON does; JSON escapes controls too
        if not body.isprintable() and _JSON_CONTROL.search(body):
            body = _JSON_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", body)
        if end == len(form) - 1:
            return body
        tail = self._tails.get(form[end + 1:])
        if tail is None:
            tail = self._tails[form[end + 1:]] = self._tail(form[end + 1:])
        return '{"@value": ' + body + tail if tail else body

    def _tail(self, suffix: str) -> str:
        """What follows a literal's value in its JSON-LD value object, for the N-Quads suffix
        of a literal (``@zh-Hans`` or ``^^<datatype>``); ``""`` for a plain string."""
        if suffix.startswith("@"):
            return ', "@language": ' + _json_string(suffix[1:]) + "}"
        datatype = suffix[3:-1]
        if datatype == _XSD_STRING:
            return ""
        return ', "@type": ' + _json_string(self.compact(datatype) or datatype) + "}"

    def key(self, form: str) -> str:
        """A predicate as a JSON-LD key, as JSON text."""
        done = self._json.get(form)
        if done is None:
            done = self._json[form] = _json_string(self.compact(form[1:-1]) or form[1:-1])
        return done

    def id(self, form: str) -> str:
        """An IRI in ``@id`` or ``@type``, as JSON text."""
        if form.startswith(self._under) and len(form) > self._cut + 1:
            return '"' + self.relative + form[self._cut:-1] + '"'
        return _json_string(self.iri(form[1:-1]))


def _json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _by_subject(triples: Iterable[Triple]) -> dict[str, dict[str, list[str]]]:
    """subject → predicate → objects, each in the order first met."""
    subjects: dict[str, dict[str, list[str]]] = {}
    for s, p, o in triples:
        by_p = subjects.get(s)
        if by_p is None:
            by_p = subjects[s] = {}
        objects = by_p.get(p)
        if objects is None:
            by_p[p] = [o]
        else:
            objects.append(o)
    return subjects


def turtle_header(base: str) -> str:
    """The ``@base`` (for a base that ends in ``/``, see :class:`TermForms`) and ``@prefix``
    lines a Turtle file starts with."""
    return (f"@base <{base}> .\n" if base.endswith("/") else "") + \
        "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "\n"


def turtle(triples: Iterable[Triple], forms: TermForms) -> str:
    """Triples as Turtle statements (without the header): one statement per subject, in the
    order the subjects first come, its predicates in the order they first come.

    >>> print(turtle([("<urn:s>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<urn:C>"),
    ...               ("<urn:s>", "<urn:p>", '"a"'), ("<urn:s>", "<urn:p>", '"b"')], TermForms("https://x.example/")), end="")
    <urn:s> a <urn:C> ;
        <urn:p> "a" , "b" .
    """
    return _turtle(_by_subject(triples), forms)


def _turtle(subjects: dict[str, dict[str, list[str]]], forms: TermForms) -> str:
    out = []
    term, under, cut = forms.turtle, forms._under, forms._cut
    for subject, by_p in subjects.items():
        parts = []
        for predicate, objects in by_p.items():
            verb = "a" if predicate == _RDF_TYPE else term(predicate)
            # the two commonest terms written here, the others by TermForms.turtle
            parts.append(verb + " " + " , ".join([
                o if o[-1] != ">" else "<" + o[cut:] if o.startswith(under) else term(o) for o in objects]))
        out.append(term(subject) + " " + " ;\n    ".join(parts) + " .\n")
    return "".join(out)


def jsonld_context() -> dict:
    """The JSON-LD context every fengong JSON-LD file refers to: the prefixes, nothing fetched.

    >>> jsonld_context()["@context"]["fg"]
    'https://fengong.example/ns#'
    """
    return {"@context": dict(PREFIXES)}


def jsonld_header(context_ref: str, base: str) -> str:
    """How a JSON-LD file starts: its context (the local file ``context_ref`` and, for a base
    that ends in ``/``, the base)."""
    context = json.dumps([context_ref, {"@base": base}] if base.endswith("/") else context_ref, ensure_ascii=False)
    return '{"@context": ' + context + ',\n "@graph": [\n'


JSONLD_FOOTER = "\n]}\n"


def jsonld_graph(graph: str, triples: Iterable[Triple], forms: TermForms) -> str:
    """One named graph as a JSON-LD object ``{"@id": graph, "@graph": [...]}``: a node object a
    line, in the order the subjects first come; a property with one value has it bare.

    >>> print(jsonld_graph("<urn:g>", [("<urn:s>", "<http://www.w3.org/ns/prov#agent>", "<urn:u>")],
    ...                    TermForms("https://x.example/")))
    {"@id": "urn:g", "@graph": [
    {"@id": "urn:s", "prov:agent": {"@id": "urn:u"}}
    ]}
    """
    return _jsonld_graph(graph, _by_subject(triples), forms)


def _jsonld_graph(graph: str, subjects: dict[str, dict[str, list[str]]], forms: TermForms) -> str:
    nodes = []
    value, key, ident, under, cut = forms.json, forms.key, forms.id, forms._under, forms._cut
    for subject, by_p in subjects.items():
        members = ['"@id": ' + ident(subject)]
        for predicate, objects in by_p.items():
            if predicate == _RDF_TYPE:
                types = [ident(o) for o in objects]
                members.insert(1, '"@type": ' + (types[0] if len(types) == 1 else "[" + ", ".join(types) + "]"))
                continue
            # an IRI under the base, the commonest term written here, made here; the others by TermForms.json
            values = ['{"@id": "' + o[cut:-1] + '"}' if o.startswith(under) else value(o) for o in objects]
            members.append(key(predicate) + ": " + (values[0] if len(values) == 1 else "[" + ", ".join(values) + "]"))
        nodes.append("{" + ", ".join(members) + "}")
    return '{"@id": ' + ident(graph) + ', "@graph": [\n' + ",\n".join(nodes) + "\n]}"


# --------------------------------------------------------------------------------------------
# rendering the graphs, in worker processes for a corpus


@dataclass(slots=True)
class _Rendered:
    """One named graph, laid out: its bytes per format (or where a worker wrote them), its
    quads, what its documents named, and its check against the shapes."""

    blocks: dict[str, bytes | tuple[str, int, int]]
    quads: int
    named: list[Named]
    violations: list[Violation]
    pending: Pending


def _render(graph: str, triples: list[Triple], formats: frozenset[str], forms: TermForms, first: bool,
            check: bool) -> tuple[dict[str, bytes], list[Violation], Pending]:
    """The blocks of one named graph in the text formats asked for (``first``: no JSON-LD
    separator before it) and its check against the shapes."""
    blocks = {"nq": nquads(graph, triples).encode("utf-8", "surrogatepass")}
    if formats & {"ttl", "jsonld"}:
        subjects = _by_subject(triples)
        if "ttl" in formats:
            blocks["ttl"] = _turtle(subjects, forms).encode("utf-8", "surrogatepass")
        if "jsonld" in formats:
            blocks["jsonld"] = (("" if first else ",\n") + _jsonld_graph(graph, subjects, forms)).encode("utf-8", "surrogatepass")
    if check:
        violations, pending = shape_checker().check(triples)
    else:
        violations, pending = [], Pending()
    return blocks, violations, pending


@dataclass
class _Job:
    """What every rendering of a build needs; forked workers inherit it."""

    docs: Sequence[Document]
    keys: Sequence[str]
    G: nx.MultiDiGraph
    base: str
    formats: frozenset[str]
    check: bool
    scratch: str | None = None


_JOB: _Job | None = None


def _render_group(item: tuple[int, Sequence[int]]) -> _Rendered:
    index, group = item
    job = _JOB
    graph, triples, named = group_graph(job.docs, job.keys, job.G, job.base, group)
    blocks, violations, pending = _render(graph, triples, job.formats, TermForms(job.base), index == 0, job.check)
    quads = len(triples)
    del triples
    if job.scratch is not None:  # a worker: the blocks go to its own files, only where they lie comes back
        placed: dict[str, bytes | tuple[str, int, int]] = {}
        for fmt, data in blocks.items():
            path = os.path.join(job.scratch, f"{fmt}-{os.getpid()}")
            with open(path, "ab") as part:
                placed[fmt] = (path, part.tell(), len(data))
                part.write(data)
        return _Rendered(placed, quads, named, violations, pending)
    return _Rendered(dict(blocks), quads, named, violations, pending)


def _rendered(docs, keys, G, base, formats, check, workers, near: Path | None) -> Iterator[_Rendered]:
    """Each named graph of the documents rendered, in order: in ``workers`` forked processes
    where there is more than one graph and the platform forks (the blocks then lie in files
    of a scratch folder beside ``near``, the N-Quads being written, named as a temporary of it;
    without it, in the system's temporary folder), else here."""
    import multiprocessing

    global _JOB
    groups = list(enumerate(document_groups(docs, base)))
    job = _Job(docs, keys, G, base, formats, check)
    if workers <= 1 or len(groups) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        _JOB = job
        try:
            yield from map(_render_group, groups)
        finally:
            _JOB = None
        return
    # a temporary of the output beside it (remove_leftovers knows its name), or in the system's
    scratch = str(temporary_folder(near)) if near is not None else tempfile.mkdtemp(prefix="fengong-rdf-")
    frozen = gc.get_freeze_count()
    try:
        job.scratch = scratch
        _JOB = job
        # the workers' collector never walks the documents and graph they inherit: in a
        # corpus that is millions of objects, walked again at every full collection
        gc.freeze()
        with multiprocessing.get_context("fork").Pool(workers, initializer=die_with_parent,
                                                      initargs=(os.getpid(),)) as pool:
            if not frozen:
                gc.unfreeze()
            yield from pool.imap(_render_group, groups, chunksize=max(1, min(8, len(groups) // (workers * 4))))
    finally:
        if not frozen:
            gc.unfreeze()
        _JOB = None
        shutil.rmtree(scratch, ignore_errors=True)


def _copy_range(source, out, length: int, offset: int) -> int:
    """Copy up to ``length`` bytes at ``offset`` of ``source`` to the end of ``out``."""
    if hasattr(os, "copy_file_range"):
        try:
            return os.copy_file_range(source.fileno(), out.fileno(), length, offset)
        except OSError:  # pragma: no cover - a file system that cannot, e.g. across devices
            pass
    source.seek(offset)
    data = source.read(min(length, 1 << 24))
    out.write(data)
    out.flush()
    return len(data)


def _append(out, block: bytes | tuple[str, int, int]) -> int:
    """Append a block to ``out``: bytes, or ``(file, offset, length)`` copied by the kernel.
    Returns its length."""
    if isinstance(block, bytes):
        out.write(block)
        return len(block)
    part, offset, length = block
    out.flush()
    with open(part, "rb") as source:
        copied = 0
        while copied < length:
            n = _copy_range(source, out, length - copied, offset + copied)
            if n <= 0:  # pragma: no cover - the worker wrote it
                raise OSError(f"{part}: ended before {length} bytes at {offset}")
            copied += n
    return length


# --------------------------------------------------------------------------------------------
# the public writers


@dataclass
class RDFOutputs:
    """What :func:`write_rdf_outputs` wrote: the files (store last), the number of quads, the
    shapes' violations (none: the RDF conforms) and notes on what was left out."""

    paths: list[Path] = field(default_factory=list)
    quads: int = 0
    violations: list[Violation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations


def _write(outdir: Path, name: str, docs: Sequence[Document], G: nx.MultiDiGraph, base: str, keys,
           formats: frozenset[str], workers: int, check: bool, result: RDFOutputs) -> None:
    """The text formats of ``formats`` (the N-Quads always) into ``outdir`` as ``name.*``."""
    keys = _document_keys(docs, G, keys)
    paths = {"nq": outdir / f"{name}.nq", "ttl": outdir / f"{name}.ttl", "jsonld": outdir / f"{name}.jsonld"}
    chosen = ["nq"] + [f for f in ("ttl", "jsonld") if f in formats]
    with _Writers({fmt: paths[fmt] for fmt in chosen}) as out:
        if "ttl" in out:
            out["ttl"].write(turtle_header(base).encode("utf-8"))
        if "jsonld" in out:
            out["jsonld"].write(jsonld_header(f"{name}.context.jsonld", base).encode("utf-8"))
        named: list[Named] = []
        pending = Pending()
        first = True
        for rendered in _rendered(docs, keys, G, base, formats, check, workers, paths["nq"]):
            for fmt, block in rendered.blocks.items():
                out.wrote(fmt, _append(out[fmt], block))
            result.quads += rendered.quads
            result.violations += rendered.violations
            pending.update(rendered.pending)
            named += rendered.named
            first = False
        graph, triples = units_graph(G, base, named)
        blocks, violations, _ = _render(graph, triples, formats, TermForms(base), first, False)
        for fmt, block in blocks.items():
            out[fmt].write(block)
        if "jsonld" in out:
            out["jsonld"].write(JSONLD_FOOTER.encode("utf-8"))
        result.quads += len(triples)
        if check:
            result.violations += shape_checker().check(triples, pending)[0]
    result.paths += [paths[fmt] for fmt in chosen]


class _Writers(dict):
    """Atomic writers of several files at once: all are replaced when the block ends without
    an error, none when it fails.

    Every :data:`SYNC_EVERY` bytes a file has been given, a thread asks the disk to take what
    it holds so far (``fsync``), while the writing goes on: the atomic writer's last
    ``fsync`` then waits for the tail only, not for gigabytes (the disk takes about 200 MB/s
    here, and the kernel starts writing by itself only past gigabytes of unwritten pages)."""

    def __init__(self, paths: dict[str, Path]) -> None:
        super().__init__()
        self._contexts = {fmt: atomic_writer(path) for fmt, path in paths.items()}
        self._unsynced: dict[str, int] = dict.fromkeys(paths, 0)
        self._syncing: dict[str, threading.Thread] = {}

    def __enter__(self) -> _Writers:
        for fmt, context in self._contexts.items():
            self[fmt] = context.__enter__()
        return self

    def wrote(self, fmt: str, size: int) -> None:
        """``size`` more bytes went into ``fmt``'s file."""
        self._unsynced[fmt] += size
        if self._unsynced[fmt] < SYNC_EVERY:
            return
        running = self._syncing.get(fmt)
        if running is not None and running.is_alive():
            return
        self._unsynced[fmt] = 0
        handle = self[fmt]
        handle.flush()
        self._syncing[fmt] = thread = threading.Thread(target=_sync, args=(handle.fileno(),), daemon=True)
        thread.start()

    def __exit__(self, kind, value, traceback) -> bool:
        for thread in self._syncing.values():
            thread.join()
        first = None
        for context in self._contexts.values():  # every file finished or removed, whatever one raises
            try:
                context.__exit__(kind, value, traceback)
            except BaseException as exc:  # noqa: BLE001 - raised below, after the others
                first = first or exc
        if first is not None:
            raise first
        return False


def _sync(fd: int) -> None:
    """Ask the disk to take what ``fd`` holds; a failure (a full disk) is left to the last
    ``fsync``, which raises it as an error naming the file."""
    try:
        os.fsync(fd)
    except OSError:
        pass


#: bytes written to a file between the fsyncs of :class:`_Writers`
SYNC_EVERY = 256 << 20


def write_rdf_outputs(G: nx.MultiDiGraph, docs: Iterable[Document], outdir: Path, name: str,
                      base: str = DEFAULT_BASE, *, formats: Iterable[str] | None = None, workers: int = 1,
                      keys: Sequence[str] | None = None, check: bool = True) -> RDFOutputs:
    """Write the documents' RDF into ``outdir``, check it against the shapes, and load it
    into an Oxigraph store there.

    Writes ``<name>.nq`` (N-Quads, one named graph per document and one for the units) and
    of :data:`RDF_FORMATS` those in ``formats``: ``ttl`` (``<name>.ttl``, Turtle), ``jsonld``
    (``<name>.jsonld`` with its context ``<name>.context.jsonld`` beside it) and ``store``
    (the Oxigraph store ``<name>.oxigraph/``, bulk-loaded from the N-Quads with the vocabulary
    in its default graph, and replaced whole); ``fengong.ttl``, the vocabulary, beside them.
    By default (``formats`` ``None``) all three, but the store only up to
    :data:`STORE_QUAD_LIMIT` quads (a note says so). A Turtle or JSON-LD file or a store left
    from an earlier build and not written this time is removed, so that nothing disagrees
    with the N-Quads. The documents' graphs are written in ``workers`` processes; the files
    are byte-identical for the same input. With ``check``, every graph is checked against
    ``graph/data/shapes.ttl`` as it is written (:class:`fengong.graph.rdf_shapes.ShapeChecker`).

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = write_rdf_outputs(to_networkx([doc]), [doc], Path(tmp), "a")
    >>> [path.name for path in written.paths], written.conforms
    (['a.nq', 'a.ttl', 'a.jsonld', 'a.context.jsonld', 'fengong.ttl', 'a.oxigraph'], True)
    """
    from .sparql import StoreLoader

    outdir = Path(outdir)
    unknown = set(formats or ()) - set(RDF_FORMATS)
    if unknown:
        raise RDFExportError(f"unknown RDF format {sorted(unknown)[0]!r}: choose from {', '.join(RDF_FORMATS)}")
    chosen = frozenset(RDF_FORMATS if formats is None else formats)
    docs = list(docs)
    result = RDFOutputs()
    # the process that loads the store starts now, to be ready when the N-Quads are
    loader = StoreLoader(outdir / f"{name}.oxigraph") if "store" in chosen else None
    try:
        _write(outdir, name, docs, G, base, keys, chosen, workers, check, result)
        context_name = f"{name}.context.jsonld"
        if "jsonld" in chosen:
            result.paths.append(atomic_write_text(outdir / context_name,
                                                  json.dumps(jsonld_context(), indent=1, sort_keys=True) + "\n"))
        result.paths.append(atomic_write_text(outdir / "fengong.ttl", ontology_text()))
        if loader is not None and formats is None and result.quads > STORE_QUAD_LIMIT:
            loader.cancel()
            loader = None
            result.notes.append(f"{name}.oxigraph left out: {result.quads:,} quads take minutes to load "
                                f"(more than {STORE_QUAD_LIMIT:,}); --rdf ttl,jsonld,store writes it anyway")
        for stale in (f"{name}.ttl", f"{name}.jsonld", context_name):
            if outdir / stale not in result.paths:
                (outdir / stale).unlink(missing_ok=True)
        if loader is not None:
            result.paths.append(loader.load(outdir / f"{name}.nq", default_graph=ontology_text().encode("utf-8")))
            loader = None
        elif (outdir / f"{name}.oxigraph").is_dir():
            shutil.rmtree(outdir / f"{name}.oxigraph", ignore_errors=True)
    finally:
        if loader is not None:
            loader.cancel()
    return result


def iter_nquads(docs: Iterable[Document], G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE,
                keys: Sequence[str] | None = None, workers: int = 1) -> Iterator[bytes]:
    """The documents as N-Quads, UTF-8, one named graph at a time: the graphs of
    :func:`fengong.graph.rdf.iter_graphs`, in their order. With ``workers`` > 1 the
    documents' graphs are made in that many forked processes.

    Examples
    --------
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> blocks = list(iter_nquads([doc], to_networkx([doc])))
    >>> [block.decode().splitlines()[0].rsplit(" ", 2)[1] for block in blocks]
    ['<https://fengong.example/id/eli/te6cd4ec47334da16>', '<https://fengong.example/id/units>']
    """
    docs = list(docs)
    keys = _document_keys(docs, G, keys)
    named: list[Named] = []
    for rendered in _rendered(docs, keys, G, base, frozenset(), False, workers, None):
        block = rendered.blocks["nq"]
        if not isinstance(block, bytes):
            with open(block[0], "rb") as part:
                part.seek(block[1])
                block = part.read(block[2])
        named += rendered.named
        yield block
    graph, triples = units_graph(G, base, named)
    yield nquads(graph, triples).encode("utf-8", "surrogatepass")


def to_nquads(docs: Iterable[Document], G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE,
              keys: Sequence[str] | None = None) -> str:
    """The documents as N-Quads text: :func:`iter_nquads` joined.

    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> lines = to_nquads([doc], to_networkx([doc])).splitlines()
    >>> len(lines) == len(set(lines)) and all(line.endswith("> .") for line in lines)
    True
    """
    return b"".join(iter_nquads(docs, G, base=base, keys=keys)).decode("utf-8", "surrogatepass")


def _whole(docs, G, base, keys, fmt: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), "x", list(docs), G, base, keys, frozenset({fmt}), 1, False, RDFOutputs())
        return (Path(tmp) / f"x.{fmt}").read_text(encoding="utf-8")


def to_turtle(docs: Iterable[Document], G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE,
              keys: Sequence[str] | None = None) -> str:
    """The documents as Turtle (the union of the named graphs), as :func:`write_rdf_outputs`
    writes it.

    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> "prov:hadRole fg:lead" in to_turtle([doc], to_networkx([doc]))
    True
    """
    return _whole(docs, G, base, keys, "ttl")


def to_jsonld(docs: Iterable[Document], G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE,
              keys: Sequence[str] | None = None, context_ref: str = "x.context.jsonld") -> str:
    """The documents as JSON-LD, as :func:`write_rdf_outputs` writes it, referring to the
    context (:func:`jsonld_context`) as ``context_ref``.

    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> json.loads(to_jsonld([doc], to_networkx([doc])))["@context"][0]
    'x.context.jsonld'
    """
    text = _whole(docs, G, base, keys, "jsonld")
    return text.replace(jsonld_header("x.context.jsonld", base), jsonld_header(context_ref, base), 1)


def write_nquads(path: str | Path, docs: Iterable[Document], G: nx.MultiDiGraph, *, base: str = DEFAULT_BASE,
                 keys: Sequence[str] | None = None, workers: int = 1) -> int:
    """Write the N-Quads alone to ``path`` atomically; returns the number of quads.

    >>> import tempfile
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> doc = parser.parse("荆门市人民政府办公室\\n一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> G = to_networkx([doc])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     n = write_nquads(Path(tmp) / "a.nq", [doc], G)
    ...     text = (Path(tmp) / "a.nq").read_text(encoding="utf-8")
    >>> n == text.count("\\n") and text == to_nquads([doc], G)
    True
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    result = RDFOutputs()
    with tempfile.TemporaryDirectory(prefix=".fengong-nq.", suffix=".tmp", dir=path.parent) as tmp:
        _write(Path(tmp), "x", list(docs), G, base, keys, frozenset(), workers, False, result)
        os.replace(Path(tmp) / "x.nq", path)
    return result.quads
