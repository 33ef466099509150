"""Corpus scale: parse, merge, tables and N-Quads for synthetic corpora of N documents.

For each N given (default 100 1000 5000) it writes a synthetic corpus (benchmarks/synth.py,
about 11,000 characters a document, each from its own jurisdiction) and times the steps of a
corpus build as ``fengong build`` runs them on all cores: parsing in worker processes, the
merged graph, the unit and centrality tables, and the N-Quads streamed to a file (the
documents' graphs in worker processes). It prints each step's seconds, the total, the
N-Quads' size, and the peak memory (max RSS) of this process and of the largest worker.

Targets on a 2-core machine: 1,000 documents in under 60 s and 2 GB, and time growing no
faster than linearly from 1,000 to 5,000. Run: ``python benchmarks/bench_corpus.py 100 1000``.
Each N runs in a fresh process, so that one size's peak memory does not count for the next.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def run(n: int) -> dict[str, float]:
    from synth import write_corpus

    from fengong.build import parse_many
    from fengong.graph.build import document_keys, to_networkx
    from fengong.graph.export import centrality_csv, units_csv
    from fengong.graph.rdf import write_nquads

    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp) / "in", n)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
        times: dict[str, float] = {"characters per document": chars / n}
        t0 = time.perf_counter()
        outcomes = parse_many(paths, workers=workers)
        t1 = time.perf_counter()
        docs = [o.doc for o in outcomes if o.doc is not None]
        assert len(docs) == n, [o.error for o in outcomes if o.error][:3]
        G = to_networkx(docs, document_keys(docs))
        t2 = time.perf_counter()
        units_csv(G)
        centrality_csv(G)
        t3 = time.perf_counter()
        quads = write_nquads(Path(tmp) / "corpus.nq", docs, G, workers=workers)
        t4 = time.perf_counter()
        size = (Path(tmp) / "corpus.nq").stat().st_size
    times.update({"parse": t1 - t0, "graph": t2 - t1, "tables": t3 - t2, "nquads": t4 - t3, "total": t4 - t0,
                  "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "quads": quads, "N-Quads MB": size / 1e6,
                  "peak MB (this process)": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "peak MB (largest worker)": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024})
    return times


def main(sizes: list[int]) -> None:
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True)
        result = json.loads(out.stdout.splitlines()[-1])
        print(f"{n} documents: " + ", ".join(
            f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items()), flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(run(int(sys.argv[2]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [100, 1000, 5000])
