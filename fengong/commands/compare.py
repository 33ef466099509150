"""``fengong compare``: two versions of a plan, task by task and unit by unit."""

from __future__ import annotations

import json

import click

from fengong.commands import CSV_HELP, read_documents, write_stdout
from fengong.commands.graph import _table
from fengong.graph.compare import CHANGE_COLUMNS, LOAD_COLUMNS, compare as run_compare
from fengong.graph.export import table_csv

#: What ``--format table`` shows of a change and of a unit's load
CHANGE_TABLE = ("change", "section", "task", "unit", "old_role", "new_role")
LOAD_TABLE = ("unit", "led_old", "led_new", "responsible_old", "responsible_new", "supported_old", "supported_new",
              "total_old", "total_new", "total_diff")


def _cut(text: str, n: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


@click.command()
@click.argument("old", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("new", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help=f"table: the changes, then the units whose load changed; csv: the changes (or, with --units, "
                   f"every unit's load); json: both. {CSV_HELP}")
@click.option("--units", "units_only", is_flag=True, help="With --format csv: the units' load instead of the changes.")
@click.option("--dialect", type=click.Path(dir_okay=False), help="A TOML file of dialect keys merged over the default.")
def compare(old: str, new: str, fmt: str, units_only: bool, dialect: str | None) -> None:
    """Compare two versions of a plan, OLD and NEW (any input formats; - for standard input):
    tasks added, removed, reworded or moved, each unit whose role on a task changed, and each
    unit's load (tasks led, responsible, supported) in both and the difference.

    Tasks are matched by text similarity, preferring the same section (see
    help(fengong.graph.compare)); units by department, so 市发改委 and 荆门市发展和改革委员会 are
    one unit.

    \b
    Example:
      fengong compare plan-2021.docx plan-2022.txt
      fengong compare draft.txt final.txt --format csv > changes.csv
    """
    result = run_compare(*read_documents([old, new], dialect))
    if fmt == "json":
        write_stdout(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        rows = result.loads if units_only else [{k: getattr(c, k) for k in CHANGE_COLUMNS} for c in result.changes]
        write_stdout(table_csv(rows, LOAD_COLUMNS if units_only else CHANGE_COLUMNS))
    else:
        head = (f"{result.old_tasks} tasks in {old}, {result.new_tasks} in {new}: {result.matched} matched, "
                f"{len(result.changes)} changes\n")
        changes = [{k: _cut(str(getattr(c, k))) for k in CHANGE_TABLE} for c in result.changes]
        loads = [r for r in result.loads if any(r[f"{c}_diff"] for c in ("led", "responsible", "supported", "guided"))]
        text = head + ("\n" + _table(changes, CHANGE_TABLE) if changes else "")
        text += ("\nunits whose load changed:\n" + _table(loads, LOAD_TABLE)) if loads else ""
        write_stdout(text)
