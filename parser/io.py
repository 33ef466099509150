"""Writing output files atomically, and the temporary files and folders that takes.

Every temporary file or folder is made in the folder of the output it becomes, named
``.NAME.XXXXXXXX.tmp`` after that output: a process killed while it writes leaves only names
of that form, which :func:`remove_leftovers` recognises and removes (``fengong build`` does, in
its output folder, before it writes). A write that fails (a full disk) removes its temporary
file and raises :class:`OutputError`, naming the output, with the file as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import BinaryIO
from pathlib import Path

from .errors import FengongError

__all__ = ["atomic_writer", "atomic_path", "atomic_write_bytes", "atomic_write_chunks", "atomic_write_text", "temporary_folder",
           "is_temporary", "remove_leftovers", "OutputError", "output_error", "TEMPORARY_SUFFIX"]

#: the end of the name of every temporary file and folder made here
TEMPORARY_SUFFIX = ".tmp"


class OutputError(FengongError, OSError):
    """An output that could not be written (``errno`` as the system gave it, e.g. ``ENOSPC``).
    An :class:`OSError` too, so that ``except OSError`` still catches it."""


#: reasons a write fails that a library may give only in its message (RocksDB, under the
#: Oxigraph store, raises a bare ``OSError("IO error: …: No space left on device")``)
_REASONS = {os.strerror(code): code for code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EIO)}


def output_error(path: str | Path, exc: OSError) -> OutputError:
    """The :class:`OutputError` for ``exc`` raised while ``path`` was written: ``cannot write:``
    and the system's reason (found at the end of the message where the error has no
    ``errno``), with ``errno`` kept.

    >>> str(output_error("out/a.oxigraph", OSError("IO error: While appending to x.sst: No space left on device")))
    'out/a.oxigraph: cannot write: No space left on device'
    """
    reason = exc.strerror or next((r for r in _REASONS if str(exc).endswith(r)), None) or str(exc)
    error = OutputError(f"cannot write: {reason}", path=str(path))
    error.errno = exc.errno if exc.errno is not None else _REASONS.get(reason)
    return error


def is_temporary(name: str) -> bool:
    """Whether ``name`` is that of a temporary file or folder made here.

    >>> is_temporary(".corpus.nq.k2j3_x.tmp"), is_temporary("corpus.nq"), is_temporary(".fengong-cache")
    (True, False, False)
    """
    return name.startswith(".") and name.endswith(TEMPORARY_SUFFIX)


def remove_leftovers(folder: str | Path) -> list[Path]:
    """Remove the temporary files and folders (:func:`is_temporary`) directly inside
    ``folder``: what writers killed mid-way left. Returns what was removed, in name order.
    Only call it while no other process writes into ``folder``."""
    removed: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return removed
    for entry in entries:
        if not is_temporary(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)
        removed.append(Path(entry.path))
    return removed


def temporary_folder(path: str | Path) -> Path:
    """A new, empty folder beside ``path``, named as a temporary of it, as readable as any
    new folder (``mkdtemp`` alone makes it private, 0700): for building ``path`` before it is
    renamed into place, or for scratch files while ``path`` is written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent))
    except OSError as exc:
        raise output_error(path, exc) from exc
    os.chmod(folder, 0o777 & ~_umask())
    return folder


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, so that a crash (or an exception raised in
    the ``with`` block) leaves either the old file or the whole new one.

    The bytes go to a temporary file in the same folder, are flushed to disk when the block
    ends, and the temporary file is renamed over ``path``. An :class:`OSError` on the way (a
    full disk: ``ENOSPC``) leaves ``path`` as it was and is raised as an :class:`OutputError`
    naming ``path``.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with atomic_writer(pathlib.Path(tmp) / "a.txt") as out:
    ...         _ = out.write(b"xy")
    ...     (pathlib.Path(tmp) / "a.txt").read_bytes()
    b'xy'
    """
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        yield handle


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path to write ``path`` through, for writers that open the file by name
    themselves (SQLite): what is written there is flushed to disk and renamed over ``path``
    when the ``with`` block ends, and removed if it raises; an :class:`OSError` on the way
    is raised as an :class:`OutputError` naming ``path``, as :func:`atomic_writer` does.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with atomic_path(pathlib.Path(tmp) / "a.db") as part:
    ...         _ = part.write_bytes(b"xy")
    ...     sorted(p.name for p in pathlib.Path(tmp).iterdir())
    ['a.db']
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise output_error(path, exc) from exc
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); an output is as readable as any new file
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, FengongError):
            raise output_error(path, exc) from exc
        raise


def atomic_write_chunks(path: str | Path, chunks: Iterable[bytes]) -> Path:
    """Write the ``chunks`` one after another to ``path`` through :func:`atomic_writer`;
    only one chunk is held at a time, so a file larger than memory can be written.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     atomic_write_chunks(pathlib.Path(tmp) / "a.txt", (b"x" for _ in range(3))).read_bytes()
    b'xxx'
    """
    with atomic_writer(path) as handle:
        for chunk in chunks:
            handle.write(chunk)
    return Path(path)


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one
    (see :func:`atomic_write_chunks`)."""
    return atomic_write_chunks(path, (data,))


def atomic_write_text(path: str | Path, text: str, *, bom: bool = False) -> Path:
    """Write ``text`` as UTF-8 (with a BOM for Excel if ``bom``), atomically, ``\\n`` line ends.

    A lone surrogate — a byte of a file name that is not UTF-8, as Python reads it — is written
    as its escape (``\\udcb7``), as error messages show it, so that the file is UTF-8."""
    data = text.encode("utf-8", "backslashreplace")
    return atomic_write_bytes(path, (b"\xef\xbb\xbf" + data) if bom else data)
