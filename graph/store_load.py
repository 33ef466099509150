"""The process that bulk-loads an Oxigraph store for :class:`fengong.graph.sparql.StoreLoader`.

It runs beside a build that is busy writing its other outputs, so it imports pyoxigraph and
nothing else of fengong's: not the parser, not rdflib (a tenth of a second's CPU on a machine
whose cores are taken)."""

from __future__ import annotations

import io
import os

__all__ = ["main"]


def main() -> None:
    """The process :class:`fengong.graph.sparql.StoreLoader` starts: pyoxigraph imported and
    the store created at the folder its argument names, then the job (a pickle on standard
    input) bulk-loaded into it, the N-Quads and the default graph in one pass (each pass
    costs a tenth of a second however little it loads)."""
    import pickle
    import sys

    import pyoxigraph

    from .processes import die_with_parent

    die_with_parent(int(sys.argv[2]))
    if not os.path.isdir(sys.argv[1]):  # removed already, by the next build of a killed one
        sys.exit(1)
    store = pyoxigraph.Store(sys.argv[1])
    job = pickle.loads(sys.stdin.buffer.read())
    default = b""
    if job["default_graph"] is not None:  # as N-Triples: N-Quads lines in the default graph
        default = pyoxigraph.serialize(pyoxigraph.parse(job["default_graph"], format=pyoxigraph.RdfFormat.TURTLE),
                                       format=pyoxigraph.RdfFormat.N_TRIPLES)
    if job["path"] is not None:
        with open(job["path"], "rb") as nquads:
            store.bulk_load(_Chained(nquads, io.BytesIO(b"\n" + default)), format=pyoxigraph.RdfFormat.N_QUADS)
    else:
        store.bulk_load(job["nquads"] + b"\n" + default, format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()


class _Chained(io.RawIOBase):
    """Two binary files read one after the other, as one."""

    def __init__(self, *parts) -> None:
        self.parts = list(parts)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self.parts:
            n = self.parts[0].readinto(buffer)
            if n:
                return n
            self.parts.pop(0)
        return 0
