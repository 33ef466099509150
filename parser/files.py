"""The edge where a document file is opened and read: what is refused before a reader sees it.

Each check is a small function that :mod:`fengong.parser.inputs` calls with its limits:

- :func:`read_regular_file` — only a regular file is read (a FIFO would block, a device such
  as ``/dev/zero`` never ends), and never more than the limit, whatever size the file
  reports (a file in ``/proc`` reports 0 bytes);
- :func:`check_text_length` — a text longer than one document can be;
- :func:`utf16_without_bom` — UTF-16 text saved without its byte-order mark, told from binary
  data by where its NUL bytes fall;
- :func:`check_archive_member` — a part of a .docx whose unpacked size is over the limit, or
  far larger than its packed size (an archive built to exhaust memory).
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import regex

from .errors import InputError

__all__ = ["read_regular_file", "check_text_length", "utf16_without_bom", "check_archive_member", "too_big",
           "MAX_UNPACK_RATIO", "UNPACK_RATIO_FLOOR"]

#: how many times its packed size a part of a .docx may unpack to: Word's and LibreOffice's
#: document.xml packs about 10 to 1; a part packed a hundred times tighter than that is built so
MAX_UNPACK_RATIO = 100
#: parts that unpack to less than this are not held to the ratio (they cannot fill memory)
UNPACK_RATIO_FLOOR = 2**20

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def too_big(size: int, what: str, limit: int) -> str:
    """The message for ``what`` (“the file is”, “word/document.xml unpacks to”) of ``size``
    bytes over ``limit``.

    >>> too_big(300 * 2**20, "the file is", 256 * 2**20)
    'the file is 314,572,800 bytes, more than the 268,435,456 (256 MB) a document may have'
    """
    return f"{what} {size:,} bytes, more than the {limit:,} ({limit / 2**20:g} MB) a document may have"


def read_regular_file(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path`` (symbolic links followed), at most
    ``max_bytes`` of them.

    Anything else — a folder, a FIFO, a device, a socket — is an :class:`InputError` naming
    what it is, raised before a byte is read; so is a file that holds more than
    ``max_bytes``, which is read no further than that. A FIFO is opened without waiting for
    a writer.

    >>> read_regular_file("/dev/zero", 100)
    Traceback (most recent call last):
    ...
    fengong.parser.errors.InputError: /dev/zero: not a regular file (a character device)
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=name) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((what for test, what in _KINDS if test(info.st_mode)), "a special file")
            raise InputError(f"not a regular file ({kind})", path=name)
        if info.st_size > max_bytes:
            raise InputError(too_big(info.st_size, "the file is", max_bytes), path=name)
        chunks, total = [], 0
        want = info.st_size + 1  # the whole file and one byte more (to see its end) in one read
        while True:
            chunk = os.read(fd, min(max(want, 1 << 16), max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # it grew, or its size was not told
                raise InputError(too_big(total, "the file is at least", max_bytes), path=name)
            want = 1 << 20
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=name) from None
    finally:
        os.close(fd)


def check_text_length(text: str, path: str, max_chars: int) -> str:
    """``text``, or an :class:`InputError` if it is longer than ``max_chars`` characters."""
    if len(text) > max_chars:
        raise InputError(f"its text is {len(text):,} characters, more than the {max_chars:,} a document may have"
                         " (is it many documents in one file? give them as separate files)", path=path)
    return text


#: what UTF-16 text rarely holds and UTF-16 read from binary data (or from the wrong end) often
#: does: unassigned and private-use code points, and controls other than tab and line breaks
_NOT_TEXT = regex.compile(r"[\p{Cn}\p{Co}\p{Cc}--[\t\n\r\f]]", regex.V1)


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` reads as UTF-16 saved without a byte-order
    mark, else ``None``.

    Such a file holds NUL bytes — the high byte of every ASCII character, line break and
    digit, mostly at odd offsets (little-endian) or at even ones (big-endian) — and it
    decodes, in one byte order, to text without NUL, with hardly any control, unassigned or
    private-use characters (under one in a hundred). Binary data holding NUL bytes does not.

    >>> utf16_without_bom("一、任务\\n".encode("utf-16-le")), utf16_without_bom("一、任务\\n".encode("utf-16-be"))
    ('utf-16-le', 'utf-16-be')
    >>> utf16_without_bom(bytes(range(256))), utf16_without_bom(bytes(100)), utf16_without_bom("一、任务".encode())
    (None, None, None)
    """
    if len(data) % 2 or b"\x00" not in data:
        return None
    order = ("utf-16-le", "utf-16-be") if data[1::2].count(0) >= data[0::2].count(0) else ("utf-16-be", "utf-16-le")
    for encoding in order:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and len(_NOT_TEXT.findall(text)) * 100 <= len(text):
            return encoding
    return None


def check_archive_member(info: zipfile.ZipInfo, path: str, max_bytes: int) -> None:
    """An :class:`InputError` if the archive member ``info`` unpacks to more than
    ``max_bytes``, or to more than :data:`MAX_UNPACK_RATIO` times its packed size (past
    :data:`UNPACK_RATIO_FLOOR`). The sizes are those the archive declares; :mod:`zipfile`
    unpacks no more than the declared size."""
    if info.file_size > max_bytes:
        raise InputError(too_big(info.file_size, f"{info.filename} unpacks to", max_bytes), path=path)
    if info.file_size > UNPACK_RATIO_FLOOR and info.file_size > MAX_UNPACK_RATIO * max(info.compress_size, 1):
        raise InputError(f"{info.filename} unpacks to {info.file_size:,} bytes, "
                         f"{info.file_size // max(info.compress_size, 1):,} times its packed size of "
                         f"{info.compress_size:,} (a document's parts pack at most {MAX_UNPACK_RATIO} to 1)",
                         path=path)
