"""A build's output folder: one build writes into it at a time, and it starts clean of what
builds killed there left behind.

:func:`claim` holds the folder for the time of a build: it takes a lock on
``DIR/.fengong.lock`` — a second build into the same folder stops at once with
``another build is writing to DIR`` instead of waiting, so two runs started by mistake are
seen, not queued — and removes the temporary files and folders
(:func:`fengong.parser.io.remove_leftovers`) from the folder and from its parse cache.
Every output is written through :mod:`fengong.parser.io`, whose temporaries are made in
the output's own folder and named so that they are found again, so any output a build
writes is covered. Whatever else the build and the libraries it calls put in the system's
temporary folder (LibreOffice's conversions, with a copy of the document) goes to a scratch
folder inside ``DIR`` for the time of the build (``tempfile.tempdir``, which the build's
worker processes inherit), so that a build killed there leaves nothing in ``/tmp`` either.

The lock is a POSIX record lock (``lockf``): it belongs to the build's process alone (worker
processes it forks do not hold it), and the system releases it when that process ends,
however it ends — a killed build never leaves the folder locked. The lock file is removed
when the build ends.
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from fengong.cache import CACHE_DIR
from fengong.parser.errors import FengongError
from fengong.parser.io import TEMPORARY_SUFFIX, output_error, remove_leftovers, temporary_folder

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows, where builds into one folder are not guarded
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_NAME", "check_writable", "claim", "held"]

#: the lock file in an output folder while a build writes there
LOCK_NAME = ".fengong.lock"


def check_writable(outdir: Path) -> None:
    """Fail before any work when ``outdir`` cannot be created or written."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".fengong-probe.", suffix=TEMPORARY_SUFFIX, dir=outdir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise FengongError(f"output folder is not writable: {exc.strerror or exc}", path=str(outdir)) from None


@contextmanager
def claim(outdir: str | Path) -> Iterator[Path]:
    """Hold ``outdir`` (which must exist) for one build: the lock, then the leftovers of
    earlier builds removed, and when the build ends (however it ends) its own;
    :class:`fengong.parser.errors.FengongError` if another build holds it."""
    outdir = Path(outdir)
    fd = _lock(outdir)
    system_tempdir = tempfile.tempdir
    scratch = None
    try:
        for folder in (outdir, outdir / CACHE_DIR):
            remove_leftovers(folder)
        scratch = temporary_folder(outdir / "fengong-scratch")
        tempfile.tempdir = str(scratch)
        yield outdir
    finally:
        tempfile.tempdir = system_tempdir
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        # a build that failed (a full disk, a step that raised) stopped the steps still
        # writing — the RDF's process among them — and what they had half written goes now,
        # while the folder is still ours
        for folder in (outdir, outdir / CACHE_DIR):
            remove_leftovers(folder)
        if fd is not None:
            Path(outdir / LOCK_NAME).unlink(missing_ok=True)
            os.close(fd)  # releases the lock


def _lock(outdir: Path) -> int | None:
    """A descriptor of the locked lock file of ``outdir``."""
    if fcntl is None:  # pragma: no cover
        return None
    path = outdir / LOCK_NAME
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as exc:
            raise output_error(path, exc) from exc
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EACCES, errno.EAGAIN):
                raise FengongError(f"another build is writing to {outdir}") from None
            raise
        # the build that held it may have removed the file between our open and our lock
        try:
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


F = TypeVar("F", bound=Callable)


def held(build: F) -> F:
    """``build(paths, outdir, …)`` run holding ``outdir`` (:func:`claim`), created if need be;
    an :class:`OSError` it lets through (a full disk where no output names itself) becomes an
    :class:`fengong.parser.io.OutputError` naming the folder, which the command line shows
    as one line."""

    @functools.wraps(build)
    def run(paths, outdir, *args, **kwargs):
        outdir = Path(outdir)
        check_writable(outdir)
        try:
            with claim(outdir):
                return build(paths, outdir, *args, **kwargs)
        except OSError as exc:
            if isinstance(exc, FengongError):
                raise
            raise output_error(exc.filename or outdir, exc) from exc

    return run  # type: ignore[return-value]
