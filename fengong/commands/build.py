"""``fengong build``: parse documents and write every output into a folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click
import regex

import parser
from parser.errors import FengongError
from parser.export import to_csv, to_json
from parser.io import atomic_write_text

_UNSAFE = regex.compile(r"[^\w.\-]+")


def safe_name(name: str) -> str:
    """A file name from a document's name that stays inside the output folder.

    >>> safe_name("../../etc/passwd"), safe_name("荆门 方案"), safe_name("..")
    ('etc_passwd', '荆门_方案', 'document')
    """
    cleaned = _UNSAFE.sub("_", name).strip("._")
    return cleaned or "document"


def check_writable(outdir: Path) -> None:
    """Fail before any work when ``outdir`` cannot be created or written."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".fengong-probe.", dir=outdir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise FengongError(f"output folder is not writable: {exc.strerror or exc}", path=str(outdir)) from None


def build_outputs(paths: list[str], outdir: Path) -> list[Path]:
    """Parse ``paths`` and write the model, tables, graph, RDF and HTML view into ``outdir``."""
    check_writable(outdir)
    docs = [parser.parse_file(p) for p in paths]
    names = []
    for path, doc in zip(paths, docs):
        name = safe_name(Path(path).stem)
        while name in names:
            name += "_"
        names.append(name)
    written: list[Path] = []
    for name, doc in zip(names, docs):
        written.append(atomic_write_text(outdir / f"{name}.json", to_json(doc)))
        written.append(atomic_write_text(outdir / f"{name}.assignments.csv", to_csv(doc), bom=True))
    return written


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", "outdir", default="outputs", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write into.")
def build(paths: tuple[str, ...], outdir: str) -> None:
    """Parse PATHS and write the model, tables, graph, RDF and HTML view into the output folder."""
    for path in build_outputs(list(paths), Path(outdir)):
        click.echo(str(path))
