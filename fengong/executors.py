"""Running the parse step of a build on a distributed engine: one task per document.

:func:`parse_document` is the job one task runs. It parses one file exactly as
``fengong build`` does in its worker processes — the same cache, the same time limit, the same
error messages — and it can run in any thread, which is where Dask, Ray and most other engines
run their tasks. :func:`parse_with_dask` runs it as one Dask task per document, on a cluster
it starts on this machine or on an existing one; ``fengong build --executor dask`` calls it.

Dask is imported only by :func:`parse_with_dask`: neither this module nor a local build needs
it. ``docs/distributed.md`` shows both in use, and a Ray example.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from fengong.build import Outcome, _parse_one
from fengong.parser.errors import FengongError

__all__ = ["parse_document", "parse_with_dask"]

INSTALL_HINT = "pip install 'fengong[dask]'"


def parse_document(path: str | os.PathLike, *, dialect: str | None = None, timeout: float | None = 60.0,
                   cache_dir: str | os.PathLike | None = None) -> Outcome:
    """Parse one file as ``fengong build`` does and say what became of it.

    Parameters
    ----------
    path : str or path-like
        The document (any input format ``fengong build`` reads).
    dialect : str, optional
        A dialect TOML file merged over the default, as ``--dialect``.
    timeout : float, optional
        Seconds the document may take; past them the outcome is the error
        ``timed out after … s``. ``None``: no limit.
    cache_dir : str or path-like, optional
        The parse cache (``OUTDIR/.fengong-cache`` for a build into ``OUTDIR``): a parse found
        there is reused, a new one is stored there. ``None``: no cache.

    Returns
    -------
    Outcome
        The path, the :class:`fengong.parser.model.Document` or ``None``, the error or ``None``, and
        whether the parse came from the cache. A document that cannot be read, is not text or
        runs out of time is an outcome with an error, never an exception.

    Notes
    -----
    In the main thread the time limit is a ``SIGALRM`` timer, as in ``fengong build``'s
    worker processes. In any other thread the parse runs in a thread of its own: at the
    deadline the outcome is returned at once and the parse is stopped by an exception raised
    in its thread, which takes effect at the parser's next Python instruction (a long call into
    C code is finished first). A parse that ran out of time is not cached.

    Examples
    --------
    >>> from pathlib import Path
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "plan.txt").write_text("一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", encoding="utf-8")
    >>> outcome = parse_document(folder / "plan.txt", cache_dir=folder / "cache")
    >>> outcome.error, outcome.cached, [a.unit for a in outcome.doc.assignments]
    (None, False, ['市发改委'])
    >>> parse_document(folder / "plan.txt", cache_dir=folder / "cache").cached
    True
    >>> parse_document(folder / "missing.txt").error
    'cannot read file: No such file or directory'
    """
    job = (str(path), None if dialect is None else str(dialect), timeout, None if cache_dir is None else str(cache_dir))
    if timeout and threading.current_thread() is not threading.main_thread():
        result = _parse_in_thread(job)
    else:
        result = _parse_one(job)
    return Outcome(Path(result[0]), *result[1:])


class _Stop(BaseException):
    """Raised inside a parse that ran out of time. Not an :class:`Exception`, so that
    ``_parse_one`` lets it through instead of reporting it, and caches nothing."""


def _parse_in_thread(job: tuple[str, str | None, float, str | None]) -> tuple:
    """``_parse_one(job)`` with its time limit kept by a thread instead of a signal."""
    path, dialect, timeout, cache = job
    box: list[tuple] = []
    lock = threading.Lock()
    finished = False

    def run() -> None:
        nonlocal finished
        try:
            try:
                box.append(_parse_one((path, dialect, None, cache)))
            finally:
                with lock:
                    finished = True
        except _Stop:
            pass

    thread = threading.Thread(target=run, name=f"fengong-parse {path}", daemon=True)
    thread.start()
    thread.join(timeout)
    with lock:  # the thread exists while it has not set `finished`, so its ident is its own
        if not finished:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Stop))
            return path, None, f"timed out after {timeout:g} s", False
    thread.join()
    if not box:  # only an exception that is not an Exception (SystemExit and the like) gets here
        return path, None, "internal error: the parse ended without a result", False
    return box[0]


def parse_with_dask(paths: Sequence[Path], *, workers: int | None = None, timeout: float | None = 60.0,
                    dialect: str | None = None, cache_dir: Path | None = None, scheduler: str | None = None,
                    progress: Callable[[int], None] | None = None) -> list[Outcome]:
    """Parse ``paths`` as one Dask task per document; the outcomes in input order.

    With ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``) the tasks go to that
    cluster, and ``workers`` is not used; without it a local cluster of ``workers`` processes
    (all cores by default) is started and closed again. Each task runs
    :func:`parse_document`, so errors, time limit and cache are those of a local build.
    Paths are made absolute before they are sent: the workers must see the inputs, the
    dialect file and the cache folder at the same paths as this process (on one machine they
    do; on a cluster, put them on a filesystem every worker mounts at the same place).
    ``progress(1)`` is called as each document finishes. A task that the cluster could not
    run (its worker died) is an outcome with the error ``worker failed: …``.

    Raises :class:`fengong.parser.errors.FengongError` when ``dask.distributed`` is not installed or
    the scheduler cannot be reached (within Dask's ``distributed.comm.timeouts.connect``).
    """
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise FengongError(f"the dask executor needs dask.distributed: {INSTALL_HINT}") from None
    if not paths:
        return []
    dialect = os.path.abspath(dialect) if dialect is not None else None
    cache = os.path.abspath(cache_dir) if cache_dir is not None else None
    with contextlib.ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler))
            except (OSError, ValueError) as exc:
                raise FengongError(f"cannot reach the dask scheduler at {scheduler}: {exc}") from None
        else:
            n = max(1, min(workers or os.cpu_count() or 1, len(paths)))
            cluster = stack.enter_context(LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                                       dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        futures = [client.submit(parse_document, os.path.abspath(p), dialect=dialect, timeout=timeout,
                                 cache_dir=cache, pure=False) for p in paths]
        given = {future.key: Path(p) for future, p in zip(futures, paths)}
        outcomes: dict[Path, Outcome] = {}
        for future in as_completed(futures):
            path = given[future.key]
            try:
                got = future.result()
                doc = replace(got.doc, source=str(path)) if got.doc is not None else None
                outcomes[path] = Outcome(path, doc, got.error, got.cached, got.warning)
            except Exception as exc:  # the task itself never raises: its worker or the cluster failed
                outcomes[path] = Outcome(path, None, f"worker failed: {type(exc).__name__}: {exc}")
            future.release()  # its result need not stay in the cluster's memory
            if progress:
                progress(1)
    return [outcomes[Path(p)] for p in paths]
