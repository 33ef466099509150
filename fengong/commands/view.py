"""``fengong view``: the interactive network view of one or more documents, as one HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from fengong.cli import one_line
from fengong.commands import Progress, read_documents
from fengong.graph.build import to_networkx
from fengong.graph.centrality import MEASURES
from fengong.graph.html import write_html


def _html_path(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    if value.suffix.lower() not in (".html", ".htm"):
        raise click.BadParameter(f"{str(value)!r}: the view is an HTML page (a picture of it is not made); "
                                 "give a file name ending in .html", ctx=ctx, param=param)
    return value


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), callback=_html_path,
              help="The HTML file to write (.html).")
@click.option("--title", help="The page title; by default the document's title, for several 'N 份文件：…'.")
@click.option("--measure", type=click.Choice(MEASURES), default="degree_lead", show_default=True,
              help="The measure units are sized by when the page opens (the page can switch).")
@click.option("--dialect", type=click.Path(dir_okay=False), help="A TOML file of dialect keys merged over the default.")
@click.pass_context
def view(ctx: click.Context, files: tuple[str, ...], output: Path, title: str | None, measure: str,
         dialect: str | None) -> None:
    """Write the network view of FILES (units, tasks, sections) to one offline HTML file; exit
    status 1 if a document has no task-division structure (the view is written all the same).

    \b
    Example:
      fengong view corpus/source.txt -o jingmen.html --measure betweenness
    """
    with Progress() as progress:
        progress.phase("parsing", len(files))
        docs = []
        for file in files:
            docs += read_documents([file], dialect)
            progress(1)
        progress.phase("graph", 1)
        G = to_networkx(docs)
        progress(1)
        if title is None and len(docs) == 1:
            first = docs[0].metadata.title
            title = first.value if first else Path(files[0]).stem
        progress.phase("view", 1)
        path = write_html(G, output, title, measure=measure)
        progress(1)
    click.echo(str(path))
    unstructured = [f for f, d in zip(files, docs) if any(x.code == "no-structure" for x in d.diagnostics)]
    for f in unstructured:
        click.echo(f"fengong: error: {one_line(f)}: no task-division structure found", err=True)
    if unstructured:
        ctx.exit(1)
