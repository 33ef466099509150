"""``fengong parse`` and ``fengong lint``: one document, printed."""

from __future__ import annotations


import click

from fengong.commands import CSV_HELP, read_documents, write_stdout

from fengong.cli import one_line
from fengong.parser.export import to_csv, to_json

FILE = click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
DIALECT = click.option("--dialect", type=click.Path(dir_okay=False),
                       help="A TOML file of dialect keys merged over the default.")


@click.command()
@FILE
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help=f"json: the whole model; csv: the assignment table, one row per unit mention. {CSV_HELP}")
@DIALECT
def parse(file: str, fmt: str, dialect: str | None) -> None:
    """Parse FILE (- for standard input) and print its document model.

    \b
    Example:
      fengong parse plan.docx --format csv > assignments.csv
      curl -s https://…/plan.html | fengong parse - | jq '.assignments | length'
    """
    (doc,) = read_documents([file], dialect)
    write_stdout(to_json(doc) if fmt == "json" else to_csv(doc))


@click.command()
@FILE
@DIALECT
@click.pass_context
def lint(ctx: click.Context, file: str, dialect: str | None) -> None:
    """Print FILE's diagnostics as FILE:LINE:COLUMN; exit status 1 if any is an error.

    \b
    Example:
      fengong lint plan.txt --dialect my.toml
    """
    (doc,) = read_documents([file], dialect)
    name = one_line(file)
    lines = [f"{name}:{d.line}:{d.column}: {d.severity}: {one_line(d.message)} [{d.code}]\n" for d in doc.diagnostics]
    write_stdout("".join(lines))
    if any(d.severity == "error" for d in doc.diagnostics):
        ctx.exit(1)
