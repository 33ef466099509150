"""The main document's RDF: it conforms to the shapes, its SPARQL counts are the model's, it
reads back to the parser's assignment table, its files are byte-identical across runs, and
the store answers queries without the source. ``doc`` is the parsed main document."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from fengong.graph.build import to_networkx
from fengong.graph.rdf import PREFIXES, assignment_table, to_rdf, union_graph, validate, write_rdf_outputs
from fengong.graph.schema import ROLE_EDGE_TYPES
from fengong.graph.sparql import format_result, open_rdf, run_query
from fengong.parser.export import assignment_rows

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "docs" / "queries"

COUNTS = """
SELECT
  (COUNT(DISTINCT ?task) AS ?tasks)
  (SUM(IF(?role = fg:lead && !?implicit, 1, 0)) AS ?lead)
  (SUM(IF(?role = fg:responsible && !?implicit, 1, 0)) AS ?responsible)
  (SUM(IF(?implicit, 1, 0)) AS ?implicitMentions)
  (COUNT(DISTINCT ?agent) AS ?units)
WHERE {
  ?task a fg:Task .
  OPTIONAL { ?task prov:qualifiedAssociation ?a . ?a prov:hadRole ?role ; fg:implicit ?implicit ; prov:agent ?agent }
}
"""


@pytest.fixture(scope="module")
def G(doc):
    return to_networkx([doc])


@pytest.fixture(scope="module")
def ds(doc, G):
    return to_rdf([doc], G)


@pytest.fixture(scope="module")
def outputs(doc, G, tmp_path_factory):
    outdir = tmp_path_factory.mktemp("rdf")
    return write_rdf_outputs(G, [doc], outdir, "source")



def file_of(outputs: list[Path], suffix: str) -> Path:
    """The output file with this suffix."""
    (path,) = [p for p in outputs if p.name.endswith(suffix) and not p.name.endswith(".context.jsonld")]
    return path

def unit_nodes_named_against_tasks(G) -> set[str]:
    return {u for u, _, t in G.edges(data="type") if t in ROLE_EDGE_TYPES and t != "prose"}


def test_the_main_document_conforms_to_the_shapes(ds):
    conforms, _, report = validate(ds)
    assert conforms, report


def test_sparql_counts_equal_the_model(ds, doc, G):
    (row,) = union_graph(ds).query(COUNTS, initNs=PREFIXES)
    assert int(row.tasks) == 157 == len(doc.tasks)
    assert int(row.lead) == 151
    assert int(row.responsible) == 412
    assert int(row.implicitMentions) == sum(a.implicit for a in doc.assignments)
    assert int(row.units) == len(unit_nodes_named_against_tasks(G))


def test_the_store_gives_the_same_counts(outputs, doc, G):
    store = open_rdf(outputs[-1])
    (row,) = list(run_query(store, COUNTS))
    assert [int(row[v].value) for v in ("tasks", "lead", "responsible", "units")] == \
        [157, 151, 412, len(unit_nodes_named_against_tasks(G))]
    assert len(store) == len(file_of(outputs, ".nq").read_text(encoding="utf-8").splitlines())


def test_prose_mentions_are_kept_apart_from_annotation_roles(ds, doc):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s fg:mentions ?a . ?a prov:hadRole fg:prose }"
    (row,) = union_graph(ds).query(query, initNs=PREFIXES)
    assert int(row.n) == Counter(a.role for a in doc.assignments)["prose"] > 0


def test_the_rdf_reads_back_to_the_parsers_assignment_table(outputs, doc):
    from rdflib import Dataset

    back = Dataset()
    back.parse(file_of(outputs, ".nq"), format="nquads")  # from the file, not from the converter's graph
    assert assignment_table(back) == sorted(assignment_rows(doc)[1:])


def test_outputs_are_byte_identical_across_runs(outputs, doc, G, tmp_path):
    again = write_rdf_outputs(to_networkx([doc]), [doc], tmp_path, "source")
    for first, second in zip(outputs[:-1], again[:-1]):
        assert first.read_bytes() == second.read_bytes(), first.name
    # and in another process, where Python hashes strings differently
    script = ("import sys, parser; from pathlib import Path; from graph.build import to_networkx; "
              "from graph.rdf import write_rdf_outputs; d = parser.parse_file(sys.argv[1]); "
              "write_rdf_outputs(to_networkx([d]), [d], Path(sys.argv[2]), 'source')")
    env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=str(ROOT))
    other = tmp_path / "other"
    subprocess.run([sys.executable, "-c", script, "corpus/source.txt", str(other)], check=True, env=env, cwd=ROOT)
    for first in outputs[:-1]:
        assert first.read_bytes() == (other / first.name).read_bytes(), first.name


def test_the_store_is_queried_without_the_source(outputs, tmp_path):
    store = tmp_path / "copy.oxigraph"
    shutil.copytree(outputs[-1], store)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-m", "fengong", "query", str(store), "-f", str(QUERIES / "tasks_led_by_unit.rq"),
         "--bind", "unit=市发改委", "--format", "csv"],
        capture_output=True, env=env, cwd=tmp_path, check=True)
    rows = run.stdout.decode("utf-8").splitlines()
    assert rows[0] == "path,id,text"
    assert len(rows) - 1 == 34  # 市发改委 leads 34 annotations (issue 3)
    assert rows[1].startswith('2.1,2.1#1,"地区生产总值(GDP)总量')


@pytest.mark.parametrize("name", ["tasks_without_lead.rq", "indicators_with_targets.rq", "co_assigned_units.rq"])
def test_ready_queries_run_on_the_store(outputs, doc, name):
    result = list(run_query(open_rdf(outputs[-1]), (QUERIES / name).read_text(encoding="utf-8")))
    if name == "tasks_without_lead.rq":
        led = {a.task for a in doc.assignments if a.role == "lead"}
        assert len(result) == sum(t.id not in led for t in doc.tasks)
    elif name == "indicators_with_targets.rq":
        assert {r["path"].value for r in result} == {i.path for i in doc.indicators}
        assert sum(r["target"] is not None for r in result) == sum(len(i.targets) for i in doc.indicators)
    else:
        assert result and all(int(r["tasks"].value) >= 1 for r in result)


def test_query_formats(outputs):
    store = open_rdf(outputs[-1])
    query = "SELECT ?n WHERE { VALUES ?n { 1 } }"
    assert format_result(run_query(store, query), "csv") == "n\r\n1\r\n"
    assert '"value": "1"' in format_result(run_query(store, query), "json")
    assert format_result(run_query(store, "ASK { ?s a fg:Task }")) == "true\n"


def test_query_command_errors_are_one_line_and_a_nonzero_status(outputs):
    from click.testing import CliRunner

    from fengong.cli import cli

    runner = CliRunner()
    store = str(outputs[-1])
    bad = runner.invoke(cli, ["query", store, "--sparql", "SELECT ?x WHERE { ?s ?p ?o"])
    assert bad.exit_code == 1 and "SPARQL syntax error: error at 1:" in bad.output
    assert len(bad.output.strip().splitlines()) == 1
    neither = runner.invoke(cli, ["query", store])
    assert neither.exit_code == 2 and "exactly one of --sparql or -f" in neither.output
    unbound = runner.invoke(cli, ["query", store, "-f", str(QUERIES / "tasks_without_lead.rq"), "--bind", "x=1"])
    assert unbound.exit_code == 1 and "no block VALUES ?x" in unbound.output
    ok = runner.invoke(cli, ["query", str(file_of(outputs, ".ttl")), "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?t a fg:Task }",
                             "--format", "csv"])
    assert ok.exit_code == 0 and ok.stdout_bytes == b"n\r\n157\r\n"
