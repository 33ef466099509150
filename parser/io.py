"""Writing output files atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import BinaryIO
from pathlib import Path


__all__ = ["atomic_writer", "atomic_path", "atomic_write_bytes", "atomic_write_chunks", "atomic_write_text"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, so that a crash (or an exception raised in
    the ``with`` block) leaves either the old file or the whole new one.

    The bytes go to a temporary file in the same folder, are flushed to disk when the block
    ends, and the temporary file is renamed over ``path``.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with atomic_writer(pathlib.Path(tmp) / "a.txt") as out:
    ...         _ = out.write(b"xy")
    ...     (pathlib.Path(tmp) / "a.txt").read_bytes()
    b'xy'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); an output is as readable as any new file
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path to write ``path`` through, for writers that open the file by name
    themselves (SQLite): what is written there is flushed to disk and renamed over ``path``
    when the ``with`` block ends, and removed if it raises.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with atomic_path(pathlib.Path(tmp) / "a.db") as part:
    ...         _ = part.write_bytes(b"xy")
    ...     sorted(p.name for p in pathlib.Path(tmp).iterdir())
    ['a.db']
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
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
    """Write ``text`` as UTF-8 (with a BOM for Excel if ``bom``), atomically, ``\\n`` line ends."""
    data = text.encode("utf-8")
    return atomic_write_bytes(path, (b"\xef\xbb\xbf" + data) if bom else data)
