"""The database and the analysts' files of a corpus build: the seven shared corpus documents and
the main document built together. The SQLite views give the counts of the CSV tables and of the
model; the tables hold what the model holds; every file is whole and the same on every run."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pytest
import regex

from fengong import parser
from fengong.build import build
from fengong.graph import database
from fengong.graph.build import to_networkx
from fengong.graph.centrality import centrality_table
from fengong.graph.projection import ASSIGNMENT_ROLES, co_assignment_graph
from fengong.graph.tables import DIVISION_HEADERS, unit_counts

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
#: the seven shared corpus documents (not the main document's copy, 00_…) and the main document
INPUTS = [*sorted(p for p in SHARED.glob("*.txt") if not p.name.startswith("00_")), ROOT / "corpus" / "source.txt"]


def read_csv(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), path  # files get a BOM, for Excel
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    assert len(INPUTS) == 8 and all(p.exists() for p in INPUTS)
    report = build([str(p) for p in INPUTS], out, workers=1, cache=False, rdf_formats=[])
    assert not report.failed
    docs = [o.doc for o in report.outcomes]
    keys = [p.stem for p in INPUTS]
    con = sqlite3.connect(out / "corpus.sqlite")
    yield out, docs, keys, con
    con.close()


def test_the_views_give_the_counts_of_the_csv_tables_and_the_model(corpus):
    out, docs, keys, con = corpus
    # one row per task: the model, the 分工表 CSV and the task_division view
    division = read_csv(out / "corpus.task_division.csv")
    per_doc = Counter(r["文件"] for r in division)
    view = dict(con.execute("SELECT doc, count(*) FROM task_division GROUP BY doc"))
    assert per_doc == view == {k: len(d.tasks) for k, d in zip(keys, docs)}
    # the units named in each role, task by task
    model = {}
    for key, doc in zip(keys, docs):
        for t in doc.tasks:
            model[(key, t.id)] = {role: [] for role in ASSIGNMENT_ROLES}
        for a in doc.assignments:
            if a.task and not a.implicit and a.role in ASSIGNMENT_ROLES and a.unit not in model[(key, a.task)][a.role]:
                model[(key, a.task)][a.role].append(a.unit)
    rows = con.execute("SELECT doc, task_id, lead, responsible, support, guide FROM task_division").fetchall()
    got = {(doc, task.split(":", 2)[2]): {r: (v or "") for r, v in zip(ASSIGNMENT_ROLES, units)}
           for doc, task, *units in rows}
    assert got == {k: {r: "、".join(v) for r, v in roles.items()} for k, roles in model.items()}
    headers = {"lead": "牵头单位", "responsible": "责任单位", "support": "配合单位", "guide": "指导单位"}
    assert [{r: row[headers[r]] for r in ASSIGNMENT_ROLES} for row in division] == \
           [{r: v or "" for r, v in zip(ASSIGNMENT_ROLES, units)} for _, _, *units in rows]
    # per unit: unit_load summed over the documents is the unit table (units.csv) and unit_counts
    load = defaultdict(Counter)
    for unit, led, responsible, supported, guided, total in con.execute(
            "SELECT unit_id, led, responsible, supported, guided, total FROM unit_load"):
        load[unit].update(led=led, responsible=responsible, supported=supported, guided=guided, total=total)
    table = {r["id"]: Counter({c: int(r[c]) for c in ("led", "responsible", "supported", "guided", "total")})
             for r in read_csv(out / "corpus.units.csv")}
    assert {u: +c for u, c in load.items()} == {u: +c for u, c in table.items() if +c}
    G = to_networkx(docs, keys)
    assert {r["id"]: r["total"] for r in unit_counts(G) if r["total"]} == {u: c["total"] for u, c in load.items()}
    # one row per mention: the model, corpus.assignments.csv and the assignments table
    assignments = read_csv(out / "corpus.assignments.csv")
    mentions = dict(con.execute("SELECT doc, count(*) FROM assignments GROUP BY doc"))
    assert Counter(r["doc"] for r in assignments) == mentions == {k: len(d.assignments) for k, d in zip(keys, docs)}
    # documents, sections, tasks and diagnostics as in the summary
    summary = {r["key"]: r for r in read_csv(out / "corpus.summary.csv")}
    for table, column in (("sections", "sections"), ("tasks", "tasks"), ("assignments", "assignments")):
        counts = dict(con.execute(f"SELECT doc, count(*) FROM {table} GROUP BY doc"))
        assert {k: str(counts.get(k, 0)) for k in keys} == {k: summary[k][column] for k in keys}, table
    # the diagnostics: the parser's of each document, then those of the unit resolution
    rows = con.execute("SELECT doc, code, line, \"column\" FROM diagnostics ORDER BY n").fetchall()
    assert rows == [(k, d.code, d.line, d.column) for k, doc in zip(keys, docs) for d in doc.diagnostics] + \
                   [(k, d.code, d.line, d.column) for k, d in G.graph["diagnostics"]]
    assert sum(int(summary[k]["diagnostics"]) for k in keys) == sum(len(d.diagnostics) for d in docs)


def test_the_co_assignment_table_csv_and_network_agree(corpus):
    out, docs, keys, con = corpus
    G = to_networkx(docs, keys)
    P = co_assignment_graph(G)
    pairs = read_csv(out / "corpus.co_assignment.csv")
    assert len(pairs) == P.number_of_edges() == con.execute("SELECT count(*) FROM co_assignment").fetchone()[0]
    for row in pairs:
        edge = P.edges[row["unit_a"], row["unit_b"]]
        assert (float(row["weight"]), int(row["tasks"])) == (round(edge["weight"], 6), edge["tasks"])
        by_role = sum(int(row[f"{a}_{b}"]) for a in ASSIGNMENT_ROLES for b in ASSIGNMENT_ROLES)
        assert by_role >= int(row["tasks"])  # each shared task counted under at least one role pair
    units = nx.read_gexf(out / "corpus.units.gexf")
    assert not units.is_directed()
    assert set(units) == {r["id"] for r in centrality_table(G)} == set(P)
    assert units.number_of_edges() == P.number_of_edges()
    assert {units.nodes[n]["label"] for n in units} == {P.nodes[n]["name"] for n in P}


def test_every_mention_resolves_to_its_unit(corpus):
    out, docs, keys, con = corpus
    rows = read_csv(out / "corpus.assignments.csv")
    assert list(rows[0])[:1] == ["doc"] and {"unit_id", "unit_full_name", "jurisdiction", "section_title"} <= set(rows[0])
    units = {uid: (full, j) for uid, full, j in con.execute("SELECT id, full_name, jurisdiction FROM units")}
    assert all(r["unit_id"] in units and units[r["unit_id"]] == (r["unit_full_name"], r["jurisdiction"]) for r in rows)
    jingmen = [r for r in rows if r["doc"] == "source" and r["unit"] == "市发改委"]
    assert {r["unit_full_name"] for r in jingmen} == {"荆门市发展和改革委员会"}
    titles = {(k, s.path): s.title for k, d in zip(keys, docs) for s in d.sections}
    assert all(r["section_title"] == titles.get((r["doc"], r["section"]), "") for r in rows)


def test_the_database_is_sound(corpus):
    out, docs, keys, con = corpus
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                              "AND name NOT LIKE 'tasks_fts%' AND name NOT LIKE 'sqlite_%'")}
    assert tables == set(database.TABLES)
    foreign = {(t, r[3], r[2]) for t in tables for r in con.execute(f"PRAGMA foreign_key_list({t})")}
    assert {("assignments", "unit_id", "units"), ("assignments", "task", "tasks"), ("tasks", "doc", "documents"),
            ("co_assignment", "unit_b", "units"), ("centrality", "unit_id", "units")} <= foreign
    indexed = {(t, c) for t in tables for (_, index, *_) in con.execute(f"PRAGMA index_list({t})")
               for (_, _, c) in con.execute(f"PRAGMA index_info('{index}')")}
    assert {("assignments", "task"), ("assignments", "unit_id"), ("tasks", "doc"), ("co_assignment", "unit_b")} <= indexed
    plan = " ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN SELECT * FROM assignments WHERE unit_id = 'x'"))
    assert "USING INDEX" in plan
    metadata = json.loads((out / "corpus.metadata.json").read_text(encoding="utf-8"))
    titles = metadata["databases"]["corpus"]["tables"]
    assert set(titles) == set(database.TABLES)
    assert all(regex.search(r"\p{Han}", t["title"]) and regex.search(r"[A-Za-z]", t["title"]) for t in titles.values())


@pytest.mark.parametrize("words", ["营商环境", "就业见习", "消费扶贫", "人才"])
def test_full_text_search_finds_every_task_with_a_chinese_substring(corpus, words):
    out, docs, keys, con = corpus
    expected = sorted((k, t.id) for k, d in zip(keys, docs) for t in d.tasks if words in t.text)
    assert expected
    if len(words) >= 3:  # the trigram index: three characters or more
        sql = "SELECT doc, task FROM tasks JOIN tasks_fts ON tasks.n = tasks_fts.rowid WHERE tasks_fts MATCH ?"
        found = con.execute(sql, (f'"{words}"',)).fetchall()
    else:
        found = con.execute("SELECT doc, task FROM tasks WHERE text LIKE ?", (f"%{words}%",)).fetchall()
    assert sorted(found) == expected


def test_the_excel_division_has_a_sheet_per_document_a_frozen_header_and_wrapped_text(corpus):
    out, docs, keys, con = corpus
    book = zipfile.ZipFile(out / "corpus.task_division.xlsx")
    names = regex.findall(r'<sheet name="([^"]*)"', book.read("xl/workbook.xml").decode())
    assert names == [k[:31] for k in keys]
    widths = []
    for n, (key, doc) in enumerate(zip(keys, docs), 1):
        sheet = book.read(f"xl/worksheets/sheet{n}.xml").decode()
        assert sheet.count("<row ") == len(doc.tasks) + 1, key
        assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"' in sheet
        assert sheet.count('customHeight="1"') == len(doc.tasks)  # each task row as high as its wrapped text
        header = regex.findall(r"<t>([^<]*)</t>", sheet)[:9]
        assert header == [DIVISION_HEADERS[c] for c in ("number", "section", "section_title", "task", "lead",
                                                        "responsible", "support", "guide", "deadline")]
        widths.append([float(w) for w in regex.findall(r'<col [^>]*width="([\d.]+)"', sheet)])
    styles = book.read("xl/styles.xml").decode()
    assert 'wrapText="1"' in styles
    task_width = max(w[3] for w in widths)
    assert 40 <= task_width <= 61  # the task text: wide, then wrapped
    assert all(w[0] < task_width for w in widths)


def test_a_build_interrupted_while_writing_the_database_keeps_the_old_one(tmp_path, monkeypatch):
    doc = parser.parse_file(ROOT / "corpus" / "source.txt")
    G = to_networkx([doc], ["source"])
    path = database.write_database(tmp_path / "source.sqlite", [doc], ["source"], G)
    before = path.read_bytes()

    def fail(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(database, "_inserts", fail)
    with pytest.raises(KeyboardInterrupt):
        database.write_database(path, [doc], ["source"], G)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source.sqlite"]


def test_a_full_disk_while_writing_the_database_is_one_output_error_and_keeps_the_old_one(tmp_path, monkeypatch):
    """SQLite says a full disk in its own words (``database or disk is full``): the build must
    report it as every other output's (one line naming the file, exit 2), not as a traceback."""
    from fengong.parser.io import OutputError

    doc = parser.parse_file(ROOT / "corpus" / "source.txt")
    G = to_networkx([doc], ["source"])
    path = database.write_database(tmp_path / "source.sqlite", [doc], ["source"], G)
    before = path.read_bytes()
    connect = sqlite3.connect

    def small_disk(*args, **kwargs):  # the database may not grow past a few pages: SQLITE_FULL
        con = connect(*args, **kwargs)
        con.execute("PRAGMA max_page_count = 8")
        return con

    monkeypatch.setattr(database.sqlite3, "connect", small_disk)
    with pytest.raises(OutputError) as failed:
        database.write_database(path, [doc], ["source"], G)
    assert str(failed.value) == f"{path}: cannot write: No space left on device"
    assert failed.value.errno == 28
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source.sqlite"]


def test_a_full_disk_while_writing_the_excel_division_is_one_output_error(tmp_path, monkeypatch):
    """XlsxWriter wraps the OSError of a full disk in its own FileCreateError: it must come out
    as every other output's, naming the file."""
    import xlsxwriter.workbook

    from fengong.graph.analyst import write_task_division_xlsx
    from fengong.parser.io import OutputError

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", full)
    path = tmp_path / "source.task_division.xlsx"
    with pytest.raises(OutputError) as failed:
        write_task_division_xlsx(path, [("source", [])])
    assert str(failed.value) == f"{path}: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == []


BUILD = """
import sys
from fengong.build import build
build(sys.argv[2:], sys.argv[1], workers=1, cache=False, rdf_formats=[])
"""


def test_the_files_are_byte_identical_across_runs_and_hash_seeds(tmp_path):
    inputs = [str(INPUTS[0]), str(INPUTS[2]), str(INPUTS[-1])]
    for seed, out in (("1", "a"), ("2", "b")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", BUILD, str(tmp_path / out), *inputs], check=True, env=env)
    for suffix in (".sqlite", ".task_division.xlsx", ".task_division.csv", ".assignments.csv", ".co_assignment.csv",
                   ".units.gexf", ".metadata.json"):
        a, b = (tmp_path / d / f"corpus{suffix}" for d in "ab")
        assert a.read_bytes() == b.read_bytes(), suffix
