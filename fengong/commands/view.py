"""``fengong view``: the interactive network view of one or more documents, as one HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from fengong import parser
from fengong.graph.build import to_networkx
from fengong.graph.centrality import MEASURES
from fengong.graph.html import write_html


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write.")
@click.option("--title", help="The page title; by default the document's title, for several 'N 份文件：…'.")
@click.option("--measure", type=click.Choice(MEASURES), default="degree_lead", show_default=True,
              help="The measure units are sized by when the page opens (the page can switch).")
def view(files: tuple[str, ...], output: Path, title: str | None, measure: str) -> None:
    """Write the network view of FILES (units, tasks, sections) to one offline HTML file."""
    docs = [parser.parse_file(f) for f in files]
    if title is None and len(docs) == 1:
        first = docs[0].metadata.title
        title = first.value if first else Path(files[0]).stem
    click.echo(str(write_html(to_networkx(docs), output, title, measure=measure)))
