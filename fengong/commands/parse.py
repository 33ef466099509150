"""``fengong parse`` and ``fengong lint``: one document, printed."""

from __future__ import annotations

import click

from fengong.cli import one_line
from fengong.commands import CSV_HELP, read_documents, write_stdout
from fengong.parser.export import to_csv, to_json
from fengong.parser.model import Document

FILE = click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
DIALECT = click.option("--dialect", type=click.Path(dir_okay=False),
                       help="A TOML file of dialect keys merged over the default.")


def exit_if_unstructured(ctx: click.Context, file: str, doc: Document) -> None:
    """Say so on standard error, and exit 1, for a document with no task-division structure."""
    if any(d.code == "no-structure" for d in doc.diagnostics):
        click.echo(f"fengong: error: {one_line(file)}: no task-division structure found", err=True)
        ctx.exit(1)


@click.command()
@FILE
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help=f"json: the whole model; csv: the assignment table, one row per unit mention. {CSV_HELP}")
@DIALECT
@click.pass_context
def parse(ctx: click.Context, file: str, fmt: str, dialect: str | None) -> None:
    """Parse FILE (- for standard input) and print its document model; exit status 1 if it has no
    task-division structure.

    \b
    Example:
      fengong parse plan.docx --format csv > assignments.csv
      curl -s https://…/plan.html | fengong parse - | jq '.assignments | length'
    """
    (doc,) = read_documents([file], dialect)
    write_stdout(to_json(doc) if fmt == "json" else to_csv(doc))
    exit_if_unstructured(ctx, file, doc)


@click.command()
@FILE
@DIALECT
@click.option("--explain", is_flag=True,
              help="First say how the document was read: where the plan starts, numbering, annotation forms, "
                   "conventions and notes, tables, coverage.")
@click.pass_context
def lint(ctx: click.Context, file: str, dialect: str | None, explain: bool) -> None:
    """Print FILE's diagnostics as FILE:LINE:COLUMN; exit status 1 if any is an error.

    \b
    Example:
      fengong lint plan.txt --dialect my.toml
      fengong lint --explain new-plan.docx
    """
    (doc,) = read_documents([file], dialect)
    name = one_line(file)
    lines = [f"{name}:{d.line}:{d.column}: {d.severity}: {one_line(d.message)} [{d.code}]\n" for d in doc.diagnostics]
    if explain:
        from fengong.parser.explain import explain as how

        lines.insert(0, f"{name}: how it was read\n" + "".join(f"  {x}\n" for x in how(doc).splitlines()))
    write_stdout("".join(lines))
    if any(d.severity == "error" for d in doc.diagnostics):
        ctx.exit(1)
