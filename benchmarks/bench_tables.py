"""Corpus scale of the analysts' outputs: the SQLite database, the 分工表 (CSV and Excel), the
co-assignment table and the unit network, for synthetic corpora of N documents.

For each N given (default 1000) it writes a synthetic corpus (benchmarks/synth.py), parses it
and builds the plan graph and the centrality table as ``fengong build`` does, and then times
each of the outputs of :func:`fengong.graph.analyst.write_analyst_outputs` and
:func:`fengong.graph.database.write_database`, as a ratio to the time of parsing too (the
build's main job should stay within four times ``fengong parse``), in wall-clock seconds and in
CPU seconds (steadier on a shared machine; the parse's counted over all its workers). It
prints seconds, file sizes and the peak memory of this process. Each N runs in a fresh process.

Run: ``python benchmarks/bench_tables.py 100 1000``.
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
    from fengong.graph.analyst import (_co_assignment_lines, _units_gexf_lines, _write_csv, csv_lines,
                                       write_task_division_xlsx)
    from fengong.graph.build import document_keys, to_networkx
    from fengong.graph.centrality import centrality_table
    from fengong.graph.database import write_database
    from fengong.graph.export import _utf8
    from fengong.graph.tables import (CORPUS_ASSIGNMENT_COLUMNS, DIVISION_COLUMNS, DIVISION_HEADERS,
                                      co_assignment_rows, corpus_assignments, task_division)
    from fengong.parser.io import atomic_write_chunks

    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        paths = write_corpus(out / "in", n)
        times: dict[str, float] = {}
        t = time.perf_counter()
        outcomes = parse_many(paths, workers=workers)
        times["parse"] = time.perf_counter() - t
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        times["parse CPU"] = children.ru_utime + children.ru_stime  # the workers' CPU seconds
        docs = [o.doc for o in outcomes if o.doc is not None]
        keys = document_keys(docs)
        t = time.perf_counter()
        G = to_networkx(docs, keys)
        times["graph"] = time.perf_counter() - t
        t = time.perf_counter()
        central = centrality_table(G)
        times["centrality table"] = time.perf_counter() - t

        def timed(label: str, make) -> None:
            start, cpu = time.perf_counter(), time.process_time()
            path = make()
            times[label] = time.perf_counter() - start
            times[f"{label} CPU"] = time.process_time() - cpu
            times[f"{label} MB"] = Path(path).stat().st_size / 1e6

        t, cpu = time.perf_counter(), time.process_time()
        co_rows = co_assignment_rows(G)
        times["co_assignment table"] = time.perf_counter() - t
        times["co_assignment table CPU"] = time.process_time() - cpu
        times["co_assignment pairs"] = len(co_rows)
        timed("sqlite", lambda: write_database(out / "corpus.sqlite", docs, keys, G, central=central,
                                               co_rows=co_rows))
        timed("corpus.assignments.csv", lambda: _write_csv(out / "a.csv", csv_lines(
            corpus_assignments(docs, keys, G), CORPUS_ASSIGNMENT_COLUMNS)))
        t, cpu = time.perf_counter(), time.process_time()
        divisions = [(key, task_division(doc, key)) for doc, key in zip(docs, keys)]
        times["task_division rows"] = time.perf_counter() - t
        times["task_division rows CPU"] = time.process_time() - cpu
        timed("task_division.csv", lambda: _write_csv(out / "d.csv", csv_lines(
            (r for _, rows in divisions for r in rows), DIVISION_COLUMNS, [DIVISION_HEADERS[c] for c in DIVISION_COLUMNS])))
        timed("task_division.xlsx", lambda: write_task_division_xlsx(out / "d.xlsx", divisions))
        timed("co_assignment.csv", lambda: _write_csv(out / "c.csv", _co_assignment_lines(co_rows)))
        timed("units.gexf", lambda: atomic_write_chunks(out / "u.gexf", _utf8(_units_gexf_lines(G, central, co_rows))))
    # the Excel workbook is left out of a build of more than 20,000 tasks by default: timed apart
    mine = ("co_assignment table", "sqlite", "corpus.assignments.csv", "task_division rows", "task_division.csv",
            "co_assignment.csv", "units.gexf")
    times["these outputs"] = sum(times[k] for k in mine)
    times["these outputs / parse"] = times["these outputs"] / times["parse"]
    # CPU seconds, steadier than wall time on a shared machine: against the parse's over all workers
    times["these outputs CPU"] = sum(times[f"{k} CPU"] for k in mine)
    times["these outputs CPU / parse CPU"] = times["these outputs CPU"] / times["parse CPU"]
    times["peak MB (this process)"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return times


def main(sizes: list[int]) -> None:
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True)
        result = json.loads(out.stdout.splitlines()[-1])
        print(f"{n} documents: " + ", ".join(
            f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items()), flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(run(int(sys.argv[2]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [1000])
