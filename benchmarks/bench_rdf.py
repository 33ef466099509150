"""Writing, checking and loading a corpus as RDF: our writers, rdflib and Oxigraph.

The corpus is ``--copies`` (200) copies of the main document, each with a line of its own
appended so that its text, and so its document IRI and every IRI below it, is distinct;
the units merge across copies, as the units of one city's plans should. Steps timed, each
once (they are long):

1. build the plan graph of the corpus and write its N-Quads with
   :func:`fengong.graph.rdf_writers.iter_nquads`, in this process and in worker processes;
   then N-Quads, Turtle and JSON-LD with the shapes' check, as ``fengong build`` writes
   them (:func:`fengong.graph.rdf_writers.write_rdf_outputs`, without the store);
2. rdflib: parse the N-Quads into a new :class:`rdflib.Dataset`, count the tasks with SPARQL;
3. Oxigraph: bulk-load the same N-Quads into an on-disk store, load them into a store in
   memory, dump the store as N-Quads, run the count and the ready queries of
   ``docs/queries/`` on the store.

Run ``python benchmarks/bench_rdf.py [--copies N]``; it prints a table (seconds, quads per
second) and the peak memory of the process. rdflib's own SPARQL is timed on the count only:
on the ready queries' joins it takes minutes even on a few copies.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph  # noqa: E402
from rdflib import Dataset  # noqa: E402

from fengong import parser  # noqa: E402
from fengong.graph.build import to_networkx  # noqa: E402
from fengong.graph.rdf import PREFIXES  # noqa: E402
from fengong.graph.rdf_writers import iter_nquads, write_rdf_outputs  # noqa: E402
from fengong.graph.sparql import run_query  # noqa: E402

COUNT_TASKS = "SELECT (COUNT(?t) AS ?n) WHERE { ?t a fg:Task }"


def copies(n: int) -> list:
    """``n`` copies of the main document, each text with its own last line."""
    doc = parser.parse_file(ROOT / "corpus" / "source.txt")
    return [dataclasses.replace(doc, text=f"{doc.text}\n副本{i:04d}", source=f"copy{i:04d}.txt") for i in range(n)]


class Timer:
    """Records (step, seconds, quads) rows."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, int | None]] = []

    def __call__(self, step: str, fn, quads: int | None = None):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
        self.rows.append((step, seconds, quads))
        rate = f"  {quads / seconds:>12,.0f} quads/s" if quads else ""
        print(f"{step:<58} {seconds:>9.2f} s{rate}", flush=True)
        return result


def main(argv: list[str] | None = None) -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--copies", type=int, default=200)
    n = args.parse_args(argv).copies
    timer = Timer()
    docs = timer(f"parse the main document, make {n} copies", lambda: copies(n))
    G = timer("build the plan graph (to_networkx)", lambda: to_networkx(docs))
    data = timer("write N-Quads (iter_nquads, this process)", lambda: b"".join(iter_nquads(docs, G)))
    quads = data.count(b"\n")
    workers = os.cpu_count() or 1
    again = timer(f"write N-Quads (iter_nquads, {workers} processes)",
                  lambda: b"".join(iter_nquads(docs, G, workers=workers)), quads)
    assert again == data
    del again
    with tempfile.TemporaryDirectory() as tmp:
        written = timer(f"write N-Quads, Turtle, JSON-LD and check them ({workers} processes)",
                        lambda: write_rdf_outputs(G, docs, Path(tmp), "c", formats=["ttl", "jsonld"], workers=workers),
                        quads)
        assert written.conforms and written.quads == quads
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:,.1f} MB" for p in written.paths)
    print(f"{'':<58} {sizes}")
    nquads = data.decode("utf-8")
    print(f"N-Quads: {quads:,} quads, {len(data) / 1e6:,.1f} MB")

    def rdflib_load():
        back = Dataset()
        back.parse(data=nquads, format="nquads")
        return back

    back = timer("rdflib: parse N-Quads into a Dataset (memory)", rdflib_load, quads)
    assert sum(len(g) for g in back.graphs()) == quads

    def rdflib_count():
        back.default_union = True
        return int(next(iter(back.query(COUNT_TASKS, initNs=PREFIXES)))[0])

    tasks = timer("rdflib: SPARQL count of tasks", rdflib_count)
    assert tasks == 157 * n, tasks
    del back
    gc.collect()

    with tempfile.TemporaryDirectory() as tmp:
        def bulk_load():
            store = pyoxigraph.Store(str(Path(tmp) / "store"))
            store.bulk_load(data, format=pyoxigraph.RdfFormat.N_QUADS)
            store.flush()
            return store

        store = timer("Oxigraph: bulk-load N-Quads into an on-disk store", bulk_load, quads)
        assert len(store) == quads

        def memory_load():
            memory = pyoxigraph.Store()
            memory.load(data, format=pyoxigraph.RdfFormat.N_QUADS)
            return memory

        memory = timer("Oxigraph: load N-Quads into a store in memory", memory_load, quads)
        assert len(memory) == quads
        del memory
        timer("Oxigraph: dump the on-disk store as N-Quads", lambda: store.dump(format=pyoxigraph.RdfFormat.N_QUADS), quads)
        count = timer("Oxigraph: SPARQL count of tasks", lambda: int(next(iter(run_query(store, COUNT_TASKS)))[0].value))
        assert count == 157 * n, count
        for query in sorted((ROOT / "docs" / "queries").glob("*.rq")):
            rows = timer(f"Oxigraph: {query.name}", lambda q=query: len(list(run_query(store, q.read_text("utf-8")))))
            print(f"{'':<58} {rows:>9,} rows")
        del store

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:,.0f} MB")


if __name__ == "__main__":
    main()
