"""``fengong query``: SPARQL over the exported RDF, a store or a file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from fengong.graph.sparql import FORMATS, QueryError, format_result, open_rdf, run_query


def _binding(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", ctx=ctx, param=param)
        pairs[name.lstrip("?$")] = text
    return pairs


@click.command()
@click.argument("source", metavar="FILE_OR_STORE", type=click.Path(exists=True))
@click.option("--sparql", "sparql", help="The query text.")
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, exists=True), help="A file holding the query.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: aligned, IRIs shortened; csv and json: the SPARQL 1.1 results formats.")
@click.option("--bind", "bindings", multiple=True, callback=_binding, metavar="NAME=VALUE",
              help="Set the query's block VALUES ?NAME { … } to the string VALUE, e.g. --bind unit=市发改委 (repeatable).")
@click.pass_context
def query(ctx: click.Context, source: str, sparql: str | None, query_file: str | None, fmt: str,
          bindings: dict[str, str]) -> None:
    """Run a SPARQL query on FILE_OR_STORE: a store folder written by ``fengong build``
    (``outputs/<name>.oxigraph``) or an RDF file (.ttl, .nq, .jsonld …). fengong's prefixes
    (eli, fg, oa, org, prov, skos …) are predeclared; see docs/queries/ for ready queries.
    CSV on standard output has no BOM.

    \b
    Example:
      fengong query outputs/source.oxigraph -f docs/queries/tasks_led_by_unit.rq --bind unit=市发改委
    """
    if (sparql is None) == (query_file is None):
        raise click.UsageError("give the query with exactly one of --sparql or -f FILE")
    text = sparql if sparql is not None else Path(query_file).read_text(encoding="utf-8-sig")
    try:
        out = format_result(run_query(open_rdf(Path(source)), text, bindings), fmt)
    except QueryError as exc:
        click.echo(f"fengong: error: {exc}", err=True)
        ctx.exit(1)
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.buffer.flush()
