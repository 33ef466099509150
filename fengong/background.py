"""Running one step of a build in another process while the build goes on with the others.

A build writes outputs that do not depend on each other: the RDF (N-Quads, Turtle, JSON-LD,
the shapes' check, the Oxigraph store) on one side, the tables, Gephi files and the view on
the other. :func:`forked` starts a function in a forked child — which inherits the documents
and the graph without copying them, and imports only what the function needs — and gives back
a :class:`Job` whose :meth:`Job.result` waits for it. On a machine with more than one core the
build then takes about as long as the longer side, not the two together.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from typing import Any

from fengong.graph.processes import die_with_parent
from fengong.parser.errors import FengongError

__all__ = ["Job", "forked"]


class Job:
    """A function running in a forked child (or already run here). :meth:`result` waits for
    it and returns what it returned, or raises what it raised; leaving a ``with`` block on an
    error stops it."""

    def __init__(self, process=None, receive=None, value: Any = None) -> None:
        self._process = process
        self._receive = receive
        self._value = value

    def result(self) -> Any:
        if self._process is not None:
            try:
                status, value = self._receive.recv()
            except EOFError:  # the child died without a word (killed, out of memory)
                self._process.join()
                raise FengongError(f"a step of the build stopped (exit status {self._process.exitcode})") from None
            finally:
                self._receive.close()
            self._process.join()
            self._process = None
            if status == "error":
                raise value
            self._value = value
        return self._value

    def __enter__(self) -> Job:
        return self

    def __exit__(self, kind, value, traceback) -> bool:
        if kind is not None and self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        return False


def _run(send, parent: int, function: Callable, args: tuple, kwargs: dict) -> None:
    die_with_parent(parent)
    try:
        send.send(("ok", function(*args, **kwargs)))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent, which raises it
        try:
            send.send(("error", exc))
        except Exception:  # an exception that does not pickle
            send.send(("error", FengongError(f"{type(exc).__name__}: {exc}")))
    finally:
        send.close()


def forked(function: Callable, *args: Any, enabled: bool = True, **kwargs: Any) -> Job:
    """``function(*args, **kwargs)`` in a forked child process, as a :class:`Job`; where
    ``enabled`` is false or the platform does not fork, run here before this returns.

    The child is not a daemon, so the function may start worker processes of its own; what
    it returns (or raises) comes back pickled.

    Examples
    --------
    >>> with forked(sum, [1, 2, 3]) as job:
    ...     pass  # other work meanwhile
    >>> job.result()
    6
    """
    if not enabled or "fork" not in multiprocessing.get_all_start_methods():
        return Job(value=function(*args, **kwargs))
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(send, os.getpid(), function, args, kwargs), name="fengong-step")
    frozen = gc.get_freeze_count()
    gc.freeze()  # the child's collector never walks what it inherits (nor copies its pages)
    try:
        process.start()
    finally:
        if not frozen:
            gc.unfreeze()
    send.close()
    return Job(process, receive)
