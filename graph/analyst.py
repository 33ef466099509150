"""Files for analysts and for the staff who fill in a 分工表: the assignments of a corpus in
one table, the 分工表 (CSV and Excel), the co-assignment pairs (CSV) and the unit network
alone (GEXF, for Gephi and UCINET users).

Every writer here is deterministic (rows in a fixed order, no clock read: the Excel file's
dates are the latest document date, as in the GEXF of :mod:`fengong.graph.export`) and writes
through an atomic rename.

The Excel file is written with XlsxWriter: it is the most used library that writes .xlsx
without reading it, streams rows to disk (``constant_memory``), and stores its zip members
with a fixed timestamp, so that with the document properties' date given the same rows make
the same bytes (openpyxl stamps each zip member with the time of saving).
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import networkx as nx
import regex

from fengong.parser.export import csv_cell
from fengong.parser.io import atomic_path, atomic_write_chunks
from fengong.parser.model import Document

from .export import CSV_DECIMALS, _latest_date, _utf8, table_csv
from .tables import (
    CORPUS_ASSIGNMENT_COLUMNS,
    CO_ASSIGNMENT_COLUMNS,
    DIVISION_COLUMNS,
    DIVISION_HEADERS,
    co_assignment_rows,
    corpus_assignment_rows,
    task_division,
)

__all__ = ["MAX_WIDTH", "XLSX_TASK_LIMIT", "csv_lines", "write_task_division_xlsx", "to_units_gexf", "write_analyst_outputs"]

#: The widest a column of the Excel 分工表 is made (in Excel's width units, about one Latin
#: character or half a Chinese one); longer text wraps.
MAX_WIDTH = {"task": 60, "section_title": 30, "lead": 24, "responsible": 30, "support": 30, "guide": 20,
             "deadline": 16}


def csv_lines(rows: Iterable[dict], columns: Sequence[str], header: Sequence[str] | None = None,
              block: int = 2000) -> Iterator[str]:
    """CSV text of ``rows`` as :func:`fengong.graph.export.table_csv` writes it (header
    ``header`` or the column names), in blocks of ``block`` rows, so that a table of a
    corpus is never one string.

    >>> "".join(csv_lines([{"a": "=1", "b": 2}], ["a", "b"], ["甲", "乙"]))
    "甲,乙\\r\\n'=1,2\\r\\n"
    """
    rows = iter(rows)
    first = table_csv([], header or columns)
    yield first
    while True:
        chunk = [row for _, row in zip(range(block), rows)]
        if not chunk:
            return
        yield table_csv(chunk, columns).split("\r\n", 1)[1]


def _write_csv(path: Path, lines: Iterable[str]) -> Path:
    """``lines`` to ``path`` as UTF-8 with a BOM (Excel shows the Chinese text), atomically."""
    def chunks() -> Iterator[bytes]:
        yield b"\xef\xbb\xbf"
        yield from _utf8(lines)
    return atomic_write_chunks(path, chunks())


def _width(text: str) -> int:
    """Display width of the longest line of ``text``, about: a character that takes three
    bytes or more in UTF-8 (Chinese) counts two, one of one byte (ASCII) one.

    >>> _width("市发改委"), _width("GDP"), _width("一二\\nabcdef")
    (8, 3, 6)
    """
    if "\n" in text:
        return max(_width(line) for line in text.split("\n"))
    return (len(text.encode("utf-8")) + len(text)) // 2


#: The height of one line of text in the Excel 分工表, in points.
LINE_HEIGHT = 16


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` wide (at least one).

    >>> _lines("市发改委", 12), _lines("一" * 30, 20), _lines("甲\\n乙", 10)
    (1, 4, 2)
    """
    room = max(width - 1, 1)
    return sum(max(1, -(-_width(line) // int(room))) for line in text.split("\n"))


_SHEET_UNSAFE = regex.compile(r"[\[\]:*?/\\']")


def _sheet_names(keys: Sequence[str]) -> list[str]:
    """Excel sheet names for document keys: at most 31 characters, none of ``[]:*?/\\'``,
    unique whatever the case (a number added where two would be one).

    >>> _sheet_names(["plan", "PLAN", "a/b", "规" * 40])
    ['plan', 'PLAN_2', 'a_b', '规规规规规规规规规规规规规规规规规规规规规规规规规规规规规规规']
    """
    names: list[str] = []
    taken: set[str] = set()
    for key in keys:
        base = _SHEET_UNSAFE.sub("_", key)[:31] or "sheet"
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base[:31 - len(str(n)) - 1]}_{n}"
        names.append(name)
        taken.add(name.casefold())
    return names


def write_task_division_xlsx(path: str | Path, sheets: Iterable[tuple[str, Sequence[dict]]],
                             date: str = "1970-01-01") -> Path:
    """The 分工表 as an Excel workbook: one sheet per ``(document key, rows of
    :func:`fengong.graph.tables.task_division`)``, with the Chinese headers of
    :data:`fengong.graph.tables.DIVISION_HEADERS` (without the document column), the header
    row frozen, text wrapped, and each column as wide as its longest cell (Chinese characters
    counting two) up to :data:`MAX_WIDTH`. ``date`` (YYYY-MM-DD) is the workbook's created and
    modified date. Cells are written as text: a cell starting with ``=`` is not a formula.

    Examples
    --------
    >>> import tempfile, zipfile
    >>> from fengong import parser
    >>> from fengong.graph.tables import task_division
    >>> doc = parser.parse("一、任务\\n(一)甲(牵头单位:市发改委)。\\n")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     book = zipfile.ZipFile(write_task_division_xlsx(f"{tmp}/d.xlsx", [("d", task_division(doc, "d"))]))
    ...     sheet = book.read("xl/worksheets/sheet1.xml").decode()
    >>> '<pane ySplit="1"' in sheet, "<t>市发改委</t>" in sheet
    (True, True)
    """
    import xlsxwriter

    columns = DIVISION_COLUMNS[1:]
    created = datetime.datetime.strptime(date, "%Y-%m-%d")
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_formulas": False,
                                              "strings_to_urls": False, "strings_to_numbers": False})
        book.set_properties({"title": "分工表", "author": "fengong", "created": created})
        head = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8EEF5",
                                "border": 1})
        cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
        sheets = list(sheets)
        for name, (key, rows) in zip(_sheet_names([k for k, _ in sheets]), sheets):
            sheet = book.add_worksheet(name)
            widths = []
            for i, column in enumerate(columns):
                widest = max([_width(DIVISION_HEADERS[column]), *(_width(str(r[column])) for r in rows)])
                widths.append(min(widest + 2, MAX_WIDTH.get(column, 12)))
                sheet.set_column(i, i, widths[-1])
            sheet.freeze_panes(1, 0)
            # printed: landscape, one page wide, the header on every page
            sheet.set_landscape()
            sheet.fit_to_pages(1, 0)
            sheet.repeat_rows(0)
            for i, column in enumerate(columns):
                sheet.write_string(0, i, DIVISION_HEADERS[column], head)
            for n, row in enumerate(rows, 1):
                texts = [str(row[column]) for column in columns]
                # a height for the wrapped lines: not every program measures wrapped text on opening
                sheet.set_row(n, LINE_HEIGHT * max(_lines(t, w) for t, w in zip(texts, widths)))
                for i, text in enumerate(texts):
                    sheet.write_string(n, i, text, cell)
        if not sheets:
            book.add_worksheet("分工表")
        try:
            book.close()
        except xlsxwriter.exceptions.FileCreateError as exc:  # XlsxWriter wraps the OSError (a full disk)
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
            raise cause from exc  # which the atomic write reports as every output's, naming the file
    return Path(path)


_NOT_XML = regex.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_ATTR_SPECIAL = regex.compile('[&<>"\n\r\t]|' + _NOT_XML.pattern)


def _attr(text: str) -> str:
    """``text`` as an XML attribute value: markup escaped, characters XML cannot hold as U+FFFD.

    >>> _attr('市"发改委"&\x01')
    '市&quot;发改委&quot;&amp;\ufffd'
    """
    if not _ATTR_SPECIAL.search(text):  # nearly always
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    text = text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return _NOT_XML.sub("\ufffd", text)


#: The node attributes of the units-only GEXF: (name, GEXF type).
_UNIT_ATTRIBUTES = (("full_name", "string"), ("unit_type", "string"), ("jurisdiction", "string"),
                    ("tasks", "integer"), ("pagerank", "double"), ("betweenness", "double"))


def _units_gexf_lines(G: nx.MultiDiGraph, central: Sequence[dict], co_rows: Iterable[tuple]) -> Iterator[str]:
    measures = {r["id"]: r for r in central}
    units = sorted(measures)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield ('<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n')
    yield (f'  <meta lastmodifieddate="{_latest_date(G.nodes(data=True))}">\n    <creator>fengong</creator>\n'
           "    <description>units joined where they are named on a common task; weight: Newman's "
           "collaboration weight</description>\n  </meta>\n")
    yield '  <graph defaultedgetype="undirected" mode="static">\n    <attributes class="node" mode="static">\n'
    for i, (name, kind) in enumerate(_UNIT_ATTRIBUTES):
        yield f'      <attribute id="{i}" title="{name}" type="{kind}" />\n'
    yield ('    </attributes>\n    <attributes class="edge" mode="static">\n'
           '      <attribute id="0" title="tasks" type="integer" />\n    </attributes>\n    <nodes>\n')
    nodes = G.nodes
    for unit in units:
        data, m = nodes[unit], measures[unit]
        values = (data.get("full_name", ""), data.get("unit_type", ""), data.get("jurisdiction", ""), m["degree"],
                  m["pagerank"], m["betweenness"])
        attvalues = "".join(f'          <attvalue for="{i}" value="{_attr(str(v))}" />\n' for i, v in enumerate(values))
        yield (f'      <node id="{_attr(unit)}" label="{_attr(data.get("name", unit))}">\n        <attvalues>\n'
               f"{attvalues}        </attvalues>\n      </node>\n")
    yield "    </nodes>\n    <edges>\n"
    for n, (a, _, b, _, weight, tasks, *_) in enumerate(co_rows):
        yield (f'      <edge id="{n}" source="{_attr(a)}" target="{_attr(b)}" weight="{weight!r}">\n'
               f'        <attvalues>\n          <attvalue for="0" value="{tasks}" />\n'
               "        </attvalues>\n      </edge>\n")
    yield "    </edges>\n  </graph>\n</gexf>\n"


def to_units_gexf(G: nx.MultiDiGraph, central: Sequence[dict], co_rows: Iterable[tuple]) -> str:
    """GEXF 1.2 text of the unit network alone: the units of the centrality table ``central``
    (:func:`fengong.graph.centrality.centrality_table` of ``G``) with their full name, type,
    jurisdiction, number of tasks, PageRank and betweenness, joined by the undirected edges of
    the co-assignment rows ``co_rows`` (:func:`fengong.graph.tables.co_assignment_rows`),
    whose GEXF weight is Newman's collaboration weight and whose ``tasks`` the shared tasks.

    Examples
    --------
    >>> import io
    >>> from fengong import parser
    >>> from fengong.graph.build import to_networkx
    >>> from fengong.graph.centrality import centrality_table
    >>> doc = parser.parse("荆门市人民政府\\n一、任务\\n(一)甲(牵头单位:市发改委;责任单位:市财政局)。\\n")
    >>> G = to_networkx([doc], ["d"])
    >>> U = nx.read_gexf(io.StringIO(to_units_gexf(G, centrality_table(G), co_assignment_rows(G))))
    >>> sorted(U.nodes[n]["label"] for n in U), [d["weight"] for _, _, d in U.edges(data=True)]
    (['市发改委', '市财政局'], [1.0])
    """
    return "".join(_units_gexf_lines(G, central, co_rows))


#: The most tasks for which a build writes the 分工表 as an Excel workbook by default (about 200
#: plans the size of the main document): XlsxWriter takes about 9 µs a cell, 9 s for 1,000 plans.
XLSX_TASK_LIMIT = 20_000


def _tuple_lines(rows: Iterable[tuple], header: Sequence[str], cells, block: int = 5000) -> Iterator[str]:
    """CSV text of tuple ``rows`` as :func:`fengong.graph.export.table_csv` writes dicts,
    ``block`` rows at a time: ``cells(row)`` gives a row's cells, text that a spreadsheet would
    run as a formula escaped (:func:`fengong.parser.export.csv_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    rows = iter(rows)
    while True:
        chunk = [cells(row) for row in itertools.islice(rows, block)]
        writer.writerows(chunk)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        if not chunk:
            return


def _co_assignment_lines(co_rows: Iterable[tuple]) -> Iterator[str]:
    """CSV text of :func:`fengong.graph.tables.co_assignment_rows`."""
    return _tuple_lines(co_rows, CO_ASSIGNMENT_COLUMNS, lambda r: (
        csv_cell(r[0]), csv_cell(r[1]), csv_cell(r[2]), csv_cell(r[3]), f"{r[4]:.{CSV_DECIMALS}f}", *r[5:]))


def _corpus_assignment_lines(rows: Iterable[tuple]) -> Iterator[str]:
    """CSV text of :func:`fengong.graph.tables.corpus_assignment_rows`: the text a document
    holds (its key, the unit and task as written, the unit's full name and jurisdiction, the
    section title) escaped; section paths, roles, offsets, task and unit ids cannot start
    as a formula does."""
    assert CORPUS_ASSIGNMENT_COLUMNS[:5] == ("doc", "section", "role", "unit", "task")
    return _tuple_lines(rows, CORPUS_ASSIGNMENT_COLUMNS, lambda r: (
        csv_cell(r[0]), r[1], r[2], csv_cell(r[3]), csv_cell(r[4]), *r[5:12], csv_cell(r[12]), csv_cell(r[13]),
        csv_cell(r[14])))


def write_analyst_outputs(docs: Sequence[Document], keys: Sequence[str], G: nx.MultiDiGraph, outdir: Path,
                          name: str, *, central: Sequence[dict], co_rows: Sequence[tuple] | None = None,
                          xlsx: bool | None = None, progress: Callable[[int], None] | None = None,
                          unit_of: Mapping[tuple[str, str], str] | None = None) -> list[Path]:
    """Write the analysts' files of a build into ``outdir``, each atomically:

    - ``<name>.assignments.csv`` — for a build of several documents only: the assignment
      tables as one, with ``doc``, ``unit_id``, ``unit_full_name``, ``jurisdiction`` and
      ``section_title`` (:func:`fengong.graph.tables.corpus_assignments`);
    - ``<name>.task_division.csv`` and ``<name>.task_division.xlsx`` — the 分工表, one row per
      task (:func:`fengong.graph.tables.task_division`; the workbook has a sheet per document,
      and is written when ``xlsx`` is true, or by default for at most :data:`XLSX_TASK_LIMIT`
      tasks; otherwise one left by an earlier build is removed);
    - ``<name>.co_assignment.csv`` — the unit pairs (:func:`fengong.graph.tables.co_assignment_rows`);
    - ``<name>.units.gexf`` — the unit network alone (:func:`to_units_gexf`).

    CSV files are UTF-8 with a BOM. ``central`` is the centrality table of ``G``; ``co_rows``
    the co-assignment rows and ``unit_of`` :func:`fengong.graph.tables.mention_units`, made
    here if not given. ``progress(1)`` is called after each
    file. Returns the paths in that order.
    """
    co_rows = co_assignment_rows(G) if co_rows is None else co_rows
    step = progress or (lambda n: None)
    written = []
    if len(docs) > 1:
        written.append(_write_csv(outdir / f"{name}.assignments.csv",
                                  _corpus_assignment_lines(corpus_assignment_rows(docs, keys, G, unit_of))))
        step(1)
    divisions = [(key, task_division(doc, key)) for doc, key in zip(docs, keys)]
    header = [DIVISION_HEADERS[c] for c in DIVISION_COLUMNS]
    written.append(_write_csv(outdir / f"{name}.task_division.csv",
                              csv_lines((row for _, rows in divisions for row in rows), DIVISION_COLUMNS, header)))
    step(1)
    if xlsx if xlsx is not None else sum(len(rows) for _, rows in divisions) <= XLSX_TASK_LIMIT:
        written.append(write_task_division_xlsx(outdir / f"{name}.task_division.xlsx", divisions,
                                                _latest_date(G.nodes(data=True))))
        step(1)
    else:  # a workbook of an earlier build would no longer match the other files
        (outdir / f"{name}.task_division.xlsx").unlink(missing_ok=True)
    del divisions
    written.append(_write_csv(outdir / f"{name}.co_assignment.csv", _co_assignment_lines(co_rows)))
    step(1)
    written.append(atomic_write_chunks(outdir / f"{name}.units.gexf", _utf8(_units_gexf_lines(G, central, co_rows))))
    step(1)
    return written
