"""Corpus scale: parse, merge, tables and N-Quads for synthetic corpora of N documents.

For each N given (default 100 1000 5000) it writes a synthetic corpus (benchmarks/synth.py,
about 11,000 characters a document, each from its own jurisdiction) and times the steps of a
corpus build on all cores: parsing in worker processes, the merged graph, the unit and
centrality tables, and the N-Quads; then the peak memory of this process and of the workers.

Targets on a 2-core machine: 1,000 documents in under 60 s and 2 GB, and time growing no
faster than linearly from 1,000 to 5,000. Run: ``python benchmarks/bench_corpus.py 100 1000``.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import write_corpus  # noqa: E402

from fengong.build import parse_many  # noqa: E402
from graph.build import document_keys, to_networkx  # noqa: E402
from graph.export import centrality_csv, units_csv  # noqa: E402


def run(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), n)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
        times: dict[str, float] = {"characters per document": chars / n}
        t0 = time.perf_counter()
        outcomes = parse_many(paths)
        t1 = time.perf_counter()
        docs = [o.doc for o in outcomes if o.doc is not None]
        G = to_networkx(docs, document_keys(docs))
        t2 = time.perf_counter()
        units_csv(G)
        centrality_csv(G)
        t3 = time.perf_counter()
        from graph.rdf import to_nquads, to_rdf

        to_nquads(to_rdf(docs, G))
        t4 = time.perf_counter()
    times.update({"parse": t1 - t0, "graph": t2 - t1, "tables": t3 - t2, "nquads": t4 - t3, "total": t4 - t0,
                  "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                  "peak MB (this process)": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "peak MB (largest worker)": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024})
    return times


def main(sizes: list[int]) -> None:
    for n in sizes:
        result = run(n)
        print(f"{n} documents: " + ", ".join(
            f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items()), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 5000])
