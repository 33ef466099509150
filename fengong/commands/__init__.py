"""The commands of ``fengong``, one module per group, loaded lazily by :mod:`fengong.cli`."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fengong.parser.model import Document

#: characters shown as escapes where text meets a reader's eyes: controls (ESC starts the
#: sequences that drive a terminal), format characters (bidi overrides, zero-width spaces) that
#: hide or reorder text, lone surrogates (from file names that are not UTF-8), line separators
HIDDEN = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def escape_hidden(text: str, keep: str = "") -> str:
    r"""``text`` with its :data:`HIDDEN` characters as Python escapes, but those in ``keep``
    (and ``\r`` in ``keep`` only where ``\n`` follows it).

    >>> escape_hidden("a\x1b[2Jb\u202ec\r\nd\re", keep="\r\n")
    'a\\x1b[2Jb\\u202ec\r\nd\\re'
    """
    if text.isprintable():
        return text
    out = []
    for i, ch in enumerate(text):
        if ch in keep and (ch != "\r" or text.startswith("\n", i + 1)) or unicodedata.category(ch) not in HIDDEN:
            out.append(ch)
        else:
            out.append(ascii(ch)[1:-1])
    return "".join(out)


def write_stdout(text: str) -> None:
    """Write to standard output as UTF-8, whatever the platform's default encoding.

    On a terminal, a document's control and format characters are shown as escapes (as ``ls``
    shows file names), so that an ESC in a plan cannot drive the terminal and a bidi override
    cannot reorder what is shown; line breaks and tabs stay. A pipe or a file gets the text as
    it is."""
    if sys.stdout.isatty():
        text = escape_hidden(text, keep="\n\t\r")
    sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))
    sys.stdout.buffer.flush()


#: Said in the help of every command that prints CSV.
CSV_HELP = "CSV on standard output has no BOM (the CSV files fengong build writes have one, for Excel)."

#: A FILE argument of this reads the document from standard input.
STDIN = "-"


def stdin_suffix(data: bytes) -> str:
    """The file suffix of a document given on standard input, told from its bytes: a ZIP is
    a Word document or a workbook by the parts it holds, an OLE file an old Excel or Word
    file, ``%PDF-`` a PDF, markup an HTML page, anything else text."""
    if data.startswith(b"PK\x03\x04"):
        import io
        import zipfile

        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return ".docx"  # its reader says what is wrong with it
        return ".xlsx" if "xl/workbook.xml" in names else ".ods" if "content.xml" in names else ".docx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ".xls" if "Workbook".encode("utf-16-le") in data[:1 << 20] else ".doc"
    if data.startswith(b"%PDF-"):
        return ".pdf"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return ".html"
    return ".txt"


def read_documents(files: Sequence[str], dialect: str | None = None) -> list[Document]:
    """Parse ``files``; ``-`` (once) is read from standard input, in any format a file may be
    in (told from its bytes), and named ``stdin``."""
    from fengong import parser
    from fengong.parser.errors import InputError
    from fengong.parser.inputs import MAX_FILE_BYTES, MAX_TEXT_CHARS, read_bytes

    if list(files).count(STDIN) > 1:
        raise InputError("standard input (-) can be read only once")
    docs = []
    for path in files:
        if path != STDIN:
            docs.append(parser.parse_file(path, dialect=dialect))
            continue
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"more than the {MAX_FILE_BYTES:,} bytes a document may have", path="<stdin>")
        source = read_bytes(data, "<stdin>" + stdin_suffix(data))
        if len(source.text) > MAX_TEXT_CHARS:
            raise InputError(f"its text is {len(source.text):,} characters, more than the {MAX_TEXT_CHARS:,} a "
                             "document may have", path="<stdin>")
        docs.append(parser.parse(source.text, source="stdin", dialect=dialect, tables=source.tables))
    return docs


class Progress:
    """A progress bar on standard error, when it is a terminal: one bar per phase of the work
    (parsing, graph, tables, RDF, view), named after it and knowing its number of steps.

    ``phase(name, total)`` starts a phase; calling the object with ``n`` advances it ``n``
    steps (the signature :func:`fengong.build.build` calls ``progress`` with)."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.bar = None

    def phase(self, name: str, total: int | None) -> None:
        from tqdm import tqdm

        self.close()
        self.bar = tqdm(total=total, desc=name, unit="doc" if name == "parsing" else "step", disable=not self.enabled)

    def __call__(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
