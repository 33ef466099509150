"""``fengong view``: the interactive network view of one or more documents, as one HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from fengong import parser
from fengong.cli import one_line
from fengong.graph.build import to_networkx
from fengong.graph.centrality import MEASURES
from fengong.graph.html import write_html


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write.")
@click.option("--title", help="The page title; by default the first document's title.")
@click.option("--measure", type=click.Choice(MEASURES), default="pagerank", show_default=True,
              help="The centrality measure units are sized by.")
@click.pass_context
def view(ctx: click.Context, files: tuple[str, ...], output: Path, title: str | None, measure: str) -> None:
    """Write the network view of FILES (units, tasks, sections) to one offline HTML file; exit
    status 1 if a document has no task-division structure (the view is written all the same)."""
    docs = [parser.parse_file(f) for f in files]
    if title is None:
        first = docs[0].metadata.title
        title = first.value if first else Path(files[0]).stem
    click.echo(str(write_html(to_networkx(docs), output, title, measure=measure)))
    unstructured = [f for f, d in zip(files, docs) if any(x.code == "no-structure" for x in d.diagnostics)]
    for f in unstructured:
        click.echo(f"fengong: {one_line(f)}: no task-division structure found", err=True)
    if unstructured:
        ctx.exit(1)
