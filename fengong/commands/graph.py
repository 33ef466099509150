"""``fengong units``, ``fengong tasks`` and ``fengong centrality``: the plan graph's tables."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence

import click

from fengong.commands import write_stdout

from fengong import parser
from fengong.graph.build import to_networkx
from fengong.graph.centrality import MEASURES, centrality_table
from fengong.graph.export import CENTRALITY_COLUMNS, table_csv
from fengong.graph.projection import ASSIGNMENT_ROLES
from fengong.graph.tables import UNIT_COLUMNS, unit_counts, unit_tasks

FORMATS = click.Choice(["table", "csv", "json"])

#: the columns ``--format table`` shows (csv and json show every column)
UNIT_TABLE = ("name", "full_name", "unit_type", "led", "responsible", "supported", "total", "share", "sections")
TASK_TABLE = ("doc", "section", "roles", "text")
CENTRALITY_TABLE = ("name", "unit_type", "degree", "degree_lead", "strength", "betweenness", "eigenvector",
                    "pagerank", "ls_pagerank")
TASK_COLUMNS = ("doc", "task", "section", "roles", "implicit", "text", "start", "end")



def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _table(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """Rows as aligned text columns (wide CJK characters count two)."""
    cells = [list(columns)] + [[_plain(r[c]).replace("\n", " ") for c in columns] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def _print(rows: Sequence[dict], fmt: str, all_columns: Sequence[str], table_columns: Sequence[str]) -> None:
    if fmt == "json":
        write_stdout(json.dumps([{c: r[c] for c in all_columns} for r in rows], ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        write_stdout(table_csv(rows, all_columns))
    else:
        write_stdout(_table(rows, table_columns))


def _graph(files: Sequence[str]):
    return to_networkx([parser.parse_file(f) for f in files])


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--implicit", is_flag=True, help="Count implicit assignments (from scoping notes) in the roles.")
def units(files: tuple[str, ...], fmt: str, implicit: bool) -> None:
    """One row per unit named in FILES: name, full name, type, tasks by role, share, sections."""
    _print(unit_counts(_graph(files), implicit=implicit), fmt, UNIT_COLUMNS, UNIT_TABLE)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--unit", "unit", required=True, help="The unit, as written (市发改委), or its full name or node id.")
@click.option("--role", type=click.Choice(ASSIGNMENT_ROLES), help="Only tasks where the unit has this role.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--implicit", is_flag=True, help="Also tasks the unit is assigned to only by a scoping note.")
def tasks(files: tuple[str, ...], unit: str, role: str | None, fmt: str, implicit: bool) -> None:
    """The tasks in FILES a unit is named against, with section path and text."""
    _print(unit_tasks(_graph(files), unit, role, implicit=implicit), fmt, TASK_COLUMNS, TASK_TABLE)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--measure", type=click.Choice(MEASURES), default="pagerank", show_default=True,
              help="Sort by this measure, highest first.")
@click.option("--top", type=click.IntRange(min=1), help="Only the first N units.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--placeholders", is_flag=True, help="Include collective placeholders (市直各部门, …成员单位).")
@click.option("--implicit", is_flag=True, help="Include implicit assignments (from scoping notes).")
def centrality(files: tuple[str, ...], measure: str, top: int | None, fmt: str, placeholders: bool,
               implicit: bool) -> None:
    """How central each unit in FILES is: degree by role, and measures on the co-assignment
    and lead→support networks (definitions: ``help(graph.centrality)``)."""
    rows = centrality_table(_graph(files), placeholders=placeholders, implicit=implicit)
    rows.sort(key=lambda r: (-r[measure], r["name"], r["id"]))
    shown = CENTRALITY_TABLE if measure in CENTRALITY_TABLE else (*CENTRALITY_TABLE, measure)
    _print(rows[:top] if top else rows, fmt, CENTRALITY_COLUMNS, shown)
