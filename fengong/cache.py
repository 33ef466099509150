"""The parse cache of a build: finished parses kept in ``OUTDIR/.fengong-cache/``, so that a
build run again (or resumed after it was stopped) does not parse the same file twice.

An entry is plain data that nothing executes: a first line of JSON saying what the entry is
— the format, the parser version, the dialect's digest, the SHA-256 of the input file's
bytes, and the SHA-256 and length of the rest — then the extracted text and the document
model (:func:`fengong.parser.export.to_dict`) as JSON. An entry is used only when every one
of these checks holds; one that fails any of them (damaged on disk, written by another
parser, planted by someone) is reported, and the document is parsed again and the entry
written anew. A file in the cache can therefore change nothing but whether a document is
parsed again: never what the build writes, and never what code runs.

Entries are named ``<input sha256>.<parser version>.<dialect digest>.json`` and written
atomically (:func:`fengong.parser.io.atomic_write_bytes`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from fengong.parser.errors import FengongError
from fengong.parser.export import from_dict, to_dict
from fengong.parser.io import atomic_write_bytes
from fengong.parser.model import Document

__all__ = ["CACHE_DIR", "FORMAT", "ParseCache", "CacheEntryError", "parser_version", "dialect_digest",
           "encode_entry", "decode_entry"]

#: the cache's folder inside a build's output folder
CACHE_DIR = ".fengong-cache"
#: what the first line of every entry names as its format
FORMAT = "fengong-parse-cache/1"


@lru_cache(maxsize=1)
def parser_version() -> str:
    """A hash of the parser's code and data: a cached parse is reused only by the same parser."""
    digest = hashlib.sha256()
    for name, data in _package_files(resources.files("fengong.parser"), ""):
        digest.update(name.encode() + data)
    return digest.hexdigest()[:16]


def _package_files(folder, prefix: str) -> list[tuple[str, bytes]]:
    """Every file of the parser package, its code and its data (the dialect, the unit
    grammar and the gazetteer, the readers), as (path, bytes) in name order."""
    found: list[tuple[str, bytes]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__" or entry.name.startswith("."):
            continue
        if entry.is_dir():
            found += _package_files(entry, f"{prefix}{entry.name}/")
        elif not entry.name.endswith((".pyc", ".pyo")):
            found.append((prefix + entry.name, entry.read_bytes()))
    return found


def dialect_digest(dialect: str | None) -> str:
    """``default``, or a hash of the dialect file's bytes."""
    if dialect is None:
        return "default"
    return hashlib.sha256(Path(dialect).read_bytes()).hexdigest()[:12]


class CacheEntryError(FengongError):
    """A cache entry that fails a check; its message says which."""


def encode_entry(doc: Document, header: dict) -> bytes:
    """The bytes of a cache entry holding ``doc``: ``header`` with the body's checksum and
    length added, as one line of JSON, then the body.

    >>> from fengong import parser
    >>> doc = parser.parse("一、任务\\n(一)做好工作(牵头单位:市发改委)。\\n", source="a.txt")
    >>> entry = encode_entry(doc, {"input": "0" * 64})
    >>> entry.split(b"\\n", 1)[0].startswith(b'{"format":"fengong-parse-cache/1","input":"000')
    True
    >>> decode_entry(entry, {"input": "0" * 64}) == replace(doc, source="")
    True
    """
    model = to_dict(doc)
    model["source"] = ""  # entries are shared by every file with the same bytes
    body = json.dumps({"text": doc.text, "model": model}, ensure_ascii=False, separators=(",", ":"))
    data = body.encode("utf-8", "surrogatepass")
    head = {"format": FORMAT, **header, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    return json.dumps(head, sort_keys=False, separators=(",", ":")).encode("ascii") + b"\n" + data


def decode_entry(entry: bytes, expected: dict) -> Document:
    """The document in ``entry``, its ``source`` empty; :class:`CacheEntryError` unless its
    first line is a header of :data:`FORMAT` with every key of ``expected`` as given, and the
    rest has the checksum and length that header names and holds a document model.

    >>> decode_entry(b"\\x80\\x04garbage", {})
    Traceback (most recent call last):
    ...
    fengong.cache.CacheEntryError: no header line
    """
    line, newline, data = entry.partition(b"\n")
    try:
        head = json.loads(line) if newline else None
    except ValueError:
        head = None
    if not isinstance(head, dict):
        raise CacheEntryError("no header line")
    for key, value in {"format": FORMAT, **expected}.items():
        if head.get(key) != value:
            raise CacheEntryError(f"written for another {key}")
    if head.get("bytes") != len(data) or head.get("sha256") != hashlib.sha256(data).hexdigest():
        raise CacheEntryError("checksum does not match")
    try:
        body = json.loads(data.decode("utf-8", "surrogatepass"))
        if not isinstance(body, dict) or not isinstance(body.get("text"), str) or not isinstance(body.get("model"), dict):
            raise ValueError("not an object with the text and the model")
        return from_dict(body["model"], body["text"])
    except (ValueError, FengongError) as exc:
        raise CacheEntryError(f"not a document: {exc}") from None


class ParseCache:
    """The cache in ``folder`` for parses with ``dialect`` (a dialect file, or ``None``).

    :meth:`load` and :meth:`store` never raise for what is in the folder or for a folder that
    cannot be written: they return a warning instead, for the build to report.
    """

    def __init__(self, folder: str | Path, dialect: str | None = None) -> None:
        self.folder = Path(folder)
        self.header = {"parser": parser_version(), "dialect": dialect_digest(dialect)}

    def path(self, digest: str) -> Path:
        """Where the entry of an input whose bytes hash to ``digest`` is kept."""
        return self.folder / f"{digest}.{self.header['parser']}.{self.header['dialect']}.json"

    def load(self, data: bytes, source: str) -> tuple[Document | None, str | None]:
        """The cached parse of an input of bytes ``data`` with ``source`` as its source, or
        ``None``, and a warning when an entry was there but failed a check."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.path(digest)
        try:
            entry = path.read_bytes()
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            return None, f"cannot read the parse cache {path}: {exc.strerror or exc}; parsed again"
        try:
            doc = decode_entry(entry, {**self.header, "input": digest})
        except CacheEntryError as exc:
            return None, f"the parse cache {path} is not usable ({exc.message}): parsed again and written anew"
        return replace(doc, source=source), None

    def store(self, data: bytes, doc: Document) -> str | None:
        """Keep the parse ``doc`` of the input of bytes ``data``; a warning if it cannot be kept."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.path(digest)
        try:
            atomic_write_bytes(path, encode_entry(doc, {**self.header, "input": digest}))
        except OSError as exc:
            return f"cannot write the parse cache {path}: {exc.strerror or exc}"
        return None
