"""``fengong parse`` and ``fengong lint``: one document, printed."""

from __future__ import annotations


import click

from fengong.commands import write_stdout

from fengong import parser
from fengong.cli import one_line
from fengong.parser.export import to_csv, to_json



@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="json: the whole model; csv: the assignment table, one row per unit mention.")
@click.option("--dialect", type=click.Path(dir_okay=False), help="A TOML file of dialect keys merged over the default.")
def parse(file: str, fmt: str, dialect: str | None) -> None:
    """Parse FILE and print its document model."""
    doc = parser.parse_file(file, dialect=dialect)
    write_stdout(to_json(doc) if fmt == "json" else to_csv(doc))


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--dialect", type=click.Path(dir_okay=False), help="A TOML file of dialect keys merged over the default.")
@click.pass_context
def lint(ctx: click.Context, file: str, dialect: str | None) -> None:
    """Print FILE's diagnostics as FILE:LINE:COLUMN; exit status 1 if any is an error."""
    doc = parser.parse_file(file, dialect=dialect)
    name = one_line(file)
    lines = [f"{name}:{d.line}:{d.column}: {d.severity}: {one_line(d.message)} [{d.code}]\n" for d in doc.diagnostics]
    write_stdout("".join(lines))
    if any(d.severity == "error" for d in doc.diagnostics):
        ctx.exit(1)
