"""``fengong build``: parse documents and write every output into a folder."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from fengong.build import CACHE_DIR
from fengong.commands import stdin_suffix
from fengong.build import build as run_build
from fengong.parser.io import atomic_write_bytes


def _checked_base(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A ``--base`` that would break the RDF is refused before any work (the build adds a
    missing final ``/`` itself, and says so)."""
    if value is not None:
        from fengong.graph.rdf import RDFExportError, check_base

        try:
            check_base(value)
        except RDFExportError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", default="outputs", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write into.")
@click.option("--workers", type=click.IntRange(1), default=None, help="Worker processes (default: all cores).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Seconds one document may take before it is reported and skipped.")
@click.option("--dialect", type=click.Path(dir_okay=False), help="A TOML file of dialect keys merged over the default.")
@click.option("--name", help="Name of the build's combined outputs (default: the document's, or 'corpus').")
@click.option("--no-cache", is_flag=True, help="Parse every document again instead of reusing earlier parses.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where documents are parsed: worker processes here, or one Dask task per document "
                   "(needs pip install 'fengong[dask]'; see docs/distributed.md).")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --executor dask: the scheduler of an existing cluster (tcp://HOST:8786); "
                   "without it a local cluster of --workers processes is started.")
@click.option("--rdf", "rdf_formats", metavar="FORMATS",
              help="RDF outputs besides the N-Quads, comma-separated from ttl, jsonld, store (default: all; "
                   "the store only up to 1,000,000 quads); '' for none.")
@click.option("--base", metavar="IRI", callback=_checked_base, help="Base IRI of the RDF, e.g. https://data.example.gov.cn/plans/ "
                                            "(http or https, ending in / or #; default https://fengong.example/id/).")
@click.option("--xlsx/--no-xlsx", default=None,
              help="Write the 分工表 as an Excel workbook too (default: for up to 20,000 tasks, about 200 plans).")
@click.pass_context
def build(ctx: click.Context, paths: tuple[str, ...], outdir: str, workers: int | None, timeout: float,
          dialect: str | None, name: str | None, no_cache: bool, executor: str, scheduler: str | None,
          rdf_formats: str | None, base: str | None, xlsx: bool | None) -> None:
    """Parse PATHS (files, folders, globs; - for standard input) and write the model, tables,
    the 分工表, the SQLite database, graph, RDF and HTML view.

    Exit status 1 when some documents could not be read, or have no task-division structure; they
    are listed and everything else is built. Exit status 1 too when the RDF does not conform to
    its shapes: the violations are listed.

    \b
    Example:
      fengong build corpus/source.txt plans/ 'more/*.docx' -o outputs
      fengong build corpus/source.txt --base https://data.example.gov.cn/plans/
      sqlite3 outputs/corpus.sqlite 'SELECT name, led FROM unit_load ORDER BY led DESC LIMIT 5'
    """
    from fengong.commands import Progress

    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    formats = None
    if rdf_formats is not None:
        from fengong.graph.rdf_writers import RDF_FORMATS

        formats = [f.strip() for f in rdf_formats.split(",") if f.strip()]
        unknown = [f for f in formats if f not in RDF_FORMATS]
        if unknown:
            raise click.BadParameter(f"{unknown[0]!r}: choose from {', '.join(RDF_FORMATS)}", param_hint="--rdf")
    with contextlib.ExitStack() as stack:
        if "-" in paths:  # standard input, kept beside the parse cache as a document named stdin
            data = sys.stdin.buffer.read()
            stdin = atomic_write_bytes(Path(outdir) / CACHE_DIR / f"stdin{stdin_suffix(data)}", data)
            paths = tuple(str(stdin) if p == "-" else p for p in paths)
        progress = stack.enter_context(Progress())
        report = run_build(list(paths), Path(outdir), workers=workers, timeout=timeout, dialect=dialect,
                           cache=not no_cache, name=name, progress=progress, executor=executor,
                           scheduler=scheduler, rdf_formats=formats, xlsx=xlsx, base=base)
    for path in report.written:
        click.echo(str(path))
    for note in report.notes:
        click.echo(f"fengong: note: {note}", err=True)
    for failed in report.failed:
        click.echo(f"fengong: error: {failed.path}: {failed.error}", err=True)
    for o in report.unstructured:
        click.echo(f"fengong: error: {o.path}: no task-division structure found", err=True)
    if report.violations:
        _show_violations(report.violations)
    if report.failed:
        click.echo(f"fengong: error: {len(report.failed)} of {len(report.outcomes)} documents failed", err=True)
    if report.failed or report.unstructured or report.violations:
        ctx.exit(1)


def _show_violations(violations: list, most: int = 20) -> None:
    """The shapes' report on standard error: how many, and the first ``most`` one to a line."""
    from fengong.cli import one_line

    click.echo(f"fengong: error: the RDF does not conform to its shapes (graph/data/shapes.ttl): "
               f"{len(violations)} violation{'s' if len(violations) != 1 else ''}", err=True)
    for violation in violations[:most]:
        click.echo(f"fengong: error: {one_line(str(violation))}", err=True)
    if len(violations) > most:
        click.echo(f"fengong: error: … and {len(violations) - most} more", err=True)
