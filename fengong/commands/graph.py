"""``fengong units``, ``fengong tasks`` and ``fengong centrality``: the plan graph's tables."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence

import click

from fengong.commands import CSV_HELP, read_documents, write_stdout

from fengong.graph.build import to_networkx
from fengong.graph.centrality import MEASURES, centrality_table
from fengong.graph.export import CENTRALITY_COLUMNS, table_csv
from fengong.graph.projection import ASSIGNMENT_ROLES
from fengong.graph.tables import UNIT_COLUMNS, UNIT_DOC_COLUMNS, in_section, unit_counts, unit_tasks

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


def _graph(files: Sequence[str], dialect: str | None):
    return to_networkx(read_documents(files, dialect))


FILES = click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
FORMAT = click.option("--format", "fmt", type=FORMATS, default="table", show_default=True,
                      help=f"table: aligned columns; csv, json: every column. {CSV_HELP}")
DIALECT = click.option("--dialect", type=click.Path(dir_okay=False),
                       help="A TOML file of dialect keys merged over the default.")
BY_DOC = click.option("--by-doc", is_flag=True, help="A row per unit per document (a doc column first).")
SECTION = click.option("--section", metavar="PATH",
                       help="Only the tasks in section PATH (e.g. 3.2) and the sections under it.")


@click.command()
@FILES
@FORMAT
@click.option("--implicit", is_flag=True, help="Count implicit assignments (from scoping notes) in the roles.")
@BY_DOC
@SECTION
@DIALECT
def units(files: tuple[str, ...], fmt: str, implicit: bool, by_doc: bool, section: str | None,
          dialect: str | None) -> None:
    """One row per unit named in FILES: name, full name, type, tasks by role, share, sections.

    \b
    Example:
      fengong units plan2021.txt plan2022.docx --by-doc --section 3 --format csv > units.csv
    """
    rows = unit_counts(_graph(files, dialect), implicit=implicit, by_doc=by_doc, section=section)
    _print(rows, fmt, UNIT_DOC_COLUMNS if by_doc else UNIT_COLUMNS, ("doc", *UNIT_TABLE) if by_doc else UNIT_TABLE)


@click.command()
@FILES
@click.option("--unit", "unit", required=True,
              help="The unit: as written (市发改委), its full name, another common form (荆门市发展和改革委员会, "
                   "发改委) or its node id. A name of several units, or of none, lists the closest and exits 2.")
@click.option("--role", type=click.Choice(ASSIGNMENT_ROLES), help="Only tasks where the unit has this role.")
@FORMAT
@click.option("--implicit", is_flag=True, help="Also tasks the unit is assigned to only by a scoping note.")
@DIALECT
def tasks(files: tuple[str, ...], unit: str, role: str | None, fmt: str, implicit: bool, dialect: str | None) -> None:
    """The tasks in FILES a unit is named against, with section path and text.

    \b
    Example:
      fengong tasks corpus/source.txt --unit 荆门市发展和改革委员会 --role lead
    """
    _print(unit_tasks(_graph(files, dialect), unit, role, implicit=implicit), fmt, TASK_COLUMNS, TASK_TABLE)


@click.command()
@FILES
@click.option("--measure", type=click.Choice(MEASURES), default="pagerank", show_default=True,
              help="Sort by this measure, highest first.")
@click.option("--top", type=click.IntRange(min=1), help="Only the first N units (with --by-doc: of each document).")
@FORMAT
@click.option("--placeholders", is_flag=True, help="Include collective placeholders (市直各部门, …成员单位).")
@click.option("--implicit", is_flag=True, help="Include implicit assignments (from scoping notes).")
@BY_DOC
@SECTION
@DIALECT
def centrality(files: tuple[str, ...], measure: str, top: int | None, fmt: str, placeholders: bool,
               implicit: bool, by_doc: bool, section: str | None, dialect: str | None) -> None:
    """How central each unit in FILES is: degree by role, and measures on the co-assignment
    and lead→support networks (definitions: ``help(fengong.graph.centrality)``).

    With --by-doc the measures are those of each document's own network; with --section,
    of the network of the tasks in that section.

    \b
    Example:
      fengong centrality corpus/source.txt --measure betweenness --top 10 --section 3
    """
    G = _graph(files, dialect)
    nodes = G.nodes
    groups = G.graph.get("documents", ()) if by_doc else (None,)
    rows = []
    for doc in groups:
        def keep(task: str, doc: str | None = doc) -> bool:
            data = nodes[task]
            return (doc is None or data.get("doc") == doc) and in_section(data.get("path", ""), section)

        part = centrality_table(G, placeholders=placeholders, implicit=implicit,
                                tasks=keep if by_doc or section is not None else None)
        part.sort(key=lambda r: (-r[measure], r["name"], r["id"]))
        rows += [{"doc": doc, **r} for r in (part[:top] if top else part)]
    columns = ("doc", *CENTRALITY_COLUMNS) if by_doc else CENTRALITY_COLUMNS
    shown = CENTRALITY_TABLE if measure in CENTRALITY_TABLE else (*CENTRALITY_TABLE, measure)
    _print(rows, fmt, columns, ("doc", *shown) if by_doc else shown)
