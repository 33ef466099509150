"""The ``fengong`` command: a thin layer over the library.

Commands are loaded lazily, so ``fengong parse`` imports the parser and nothing else
(no rdflib, no pyvis).
"""

from __future__ import annotations

import importlib
import sys

import click

from fengong.commands import escape_hidden
from fengong.parser.errors import FengongError

#: command name → "module:attribute" of its click command
COMMANDS = {
    "parse": "fengong.commands.parse:parse",
    "lint": "fengong.commands.parse:lint",
    "build": "fengong.commands.build:build",
    "units": "fengong.commands.graph:units",
    "tasks": "fengong.commands.graph:tasks",
    "centrality": "fengong.commands.graph:centrality",
    "compare": "fengong.commands.compare:compare",
    "query": "fengong.commands.rdf:query",
    "view": "fengong.commands.view:view",
}


def one_line(text: str) -> str:
    """``text`` as one visible line: hidden and line-breaking characters as escapes.

    >>> one_line("two\\nlines \\u202eevil\\udcff")
    'two\\\\nlines \\\\u202eevil\\\\udcff'
    """
    return escape_hidden(text)


class LazyGroup(click.Group):
    """A click group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        spec = COMMANDS.get(name)
        if spec is None:
            return None
        module, attr = spec.split(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError):
            return None


#: ``-h`` as well as ``--help``, for the group and (inherited) every command
CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(cls=LazyGroup, context_settings=CONTEXT)
@click.option("--debug", is_flag=True, help="Show a traceback for errors.")
@click.version_option(package_name="fengong")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Read task-division plans (任务分工方案) into a typed knowledge graph.

    \b
    Example:
      fengong build corpus/source.txt          # every output, into outputs/
      fengong units plan.docx --by-doc -h      # any command's help, with an example

    A FILE of - is read from standard input. Errors are one line, "fengong: error: …",
    exit status 2.
    """
    ctx.obj = {"debug": debug}


def show_error(exc: click.ClickException) -> None:
    """A click error as fengong shows every error: for a usage error the command's usage and
    where to find help, then one line ``fengong: error: …`` on standard error. ``fengong``
    alone shows its help."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # click 8.2 and later: the help, exit status 2
        click.echo(exc.format_message(), err=True)
        return
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        click.echo(exc.ctx.get_usage(), err=True)
        click.echo(f"Try '{exc.ctx.command_path} -h' for help.", err=True)
    click.echo(f"fengong: error: {one_line(exc.format_message())}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the command; a project error becomes one line and exit status 2."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        status = cli.main(args=argv, prog_name="fengong", standalone_mode=False)
    except FengongError as exc:
        if debug:
            raise
        click.echo(f"fengong: error: {one_line(str(exc))}", err=True)
        return 2
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        show_error(exc)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    return status if isinstance(status, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
