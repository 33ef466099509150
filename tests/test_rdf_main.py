"""The main document's RDF: it conforms to the shapes, its SPARQL counts are the model's, it
reads back to the parser's assignment table, its files are byte-identical across runs, the
store answers queries without the source, and ``fengong query`` never reaches the network.
``doc`` is the parsed main document."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from fengong.graph.build import to_networkx
from fengong.graph.rdf import PREFIXES, assignment_table, iter_graphs, to_rdf, union_graph
from fengong.graph.rdf_shapes import validate
from fengong.graph.rdf_writers import write_rdf_outputs
from fengong.graph.schema import ROLE_EDGE_TYPES
from fengong.graph.sparql import QueryError, format_result, open_rdf, run_query
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
def written(doc, G, tmp_path_factory):
    outdir = tmp_path_factory.mktemp("rdf")
    return write_rdf_outputs(G, [doc], outdir, "source")


@pytest.fixture(scope="module")
def outputs(written):
    return written.paths


def file_of(outputs: list[Path], suffix: str) -> Path:
    """The output ``source<suffix>``."""
    (path,) = [p for p in outputs if p.name == "source" + suffix]
    return path


def unit_nodes_named_against_tasks(G) -> set[str]:
    return {u for u, _, t in G.edges(data="type") if t in ROLE_EDGE_TYPES and t != "prose"}


def mentions(doc) -> int:
    """Units named against a task in an annotation (implicit assignments are not mentions)."""
    return sum(a.role != "prose" and not a.implicit for a in doc.assignments)


def test_the_main_document_conforms_to_the_shapes(ds, written):
    conforms, _, report = validate(ds)  # pyshacl, the reference
    assert conforms, report
    assert written.conforms, [str(v) for v in written.violations[:5]]  # what the build checks


def test_sparql_counts_equal_the_model(ds, doc, G):
    (row,) = union_graph(ds).query(COUNTS, initNs=PREFIXES)
    assert int(row.tasks) == 157 == len(doc.tasks)
    assert int(row.lead) == 151
    assert int(row.responsible) == 412
    assert int(row.implicitMentions) == sum(a.implicit for a in doc.assignments)
    assert int(row.units) == len(unit_nodes_named_against_tasks(G))


def test_the_store_gives_the_same_counts_and_holds_the_vocabulary(outputs, doc, G):
    store = open_rdf(outputs[-1])
    (row,) = list(run_query(store, COUNTS))
    assert [int(row[v].value) for v in ("tasks", "lead", "responsible", "units")] == \
        [157, 151, 412, len(unit_nodes_named_against_tasks(G))]
    (named,) = list(run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert int(named["n"].value) == len(file_of(outputs, ".nq").read_text(encoding="utf-8").splitlines())
    # the vocabulary is in the default graph: a consumer sees what fg:lead means, in both languages
    labels = {r["label"].value for r in run_query(store, "SELECT ?label WHERE { fg:lead skos:prefLabel ?label }")}
    assert labels == {"lead unit", "牵头单位"}


def test_the_stores_loader_imports_pyoxigraph_alone(tmp_path):
    """The process that loads the store runs while both cores write the build's other
    outputs: it must not import the parser or rdflib (0.2 s of CPU, where its own work on
    the main document is 0.1 s)."""
    from fengong.graph.sparql import StoreLoader

    loader = StoreLoader(tmp_path / "x.oxigraph")
    command = loader.process.args[2]  # python -c COMMAND
    loader.cancel()
    imports, _, _ = command.rpartition(";")  # the command without its call of main()
    run = subprocess.run([sys.executable, "-c", f"import sys; {imports}; import pyoxigraph; "
                          "print(sorted({m.split('.')[0] if m.split('.')[0] != 'fengong' else m for m in sys.modules}))"],
                         capture_output=True, text=True, check=True)
    loaded = set(eval(run.stdout))  # noqa: S307 - the list printed just above
    assert {"fengong.graph.store_load", "pyoxigraph"} <= loaded
    assert not {m for m in loaded if m.startswith("fengong.parser") or m in ("rdflib", "networkx", "regex")}


def test_the_vocabulary_is_written_beside_the_outputs(outputs):
    (path,) = [p for p in outputs if p.name == "fengong.ttl"]
    assert path.read_text(encoding="utf-8") == (ROOT / "graph" / "data" / "fengong.ttl").read_text(encoding="utf-8")


def test_prose_mentions_are_kept_apart_from_annotation_roles(ds, doc):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s fg:mentions ?a . ?a prov:hadRole fg:prose }"
    (row,) = union_graph(ds).query(query, initNs=PREFIXES)
    assert int(row.n) == Counter(a.role for a in doc.assignments)["prose"] > 0


def test_the_rdf_reads_back_to_the_parsers_assignment_table(outputs, doc):
    from rdflib import Dataset

    back = Dataset()
    back.parse(file_of(outputs, ".nq"), format="nquads")  # from the file, not from the converter's graph
    assert assignment_table(back) == sorted(assignment_rows(doc)[1:])


def test_turtle_and_jsonld_hold_the_quads_of_the_nquads(outputs):
    import pyoxigraph

    nq = {str(q) for q in open_rdf(file_of(outputs, ".nq"))}
    assert {str(q) for q in open_rdf(file_of(outputs, ".jsonld"))} == nq  # the named graphs too
    assert {str(q.triple) for q in open_rdf(file_of(outputs, ".ttl"))} == {str(q.triple) for q in open_rdf(file_of(outputs, ".nq"))}
    parsed = pyoxigraph.parse(path=str(file_of(outputs, ".ttl")), format=pyoxigraph.RdfFormat.TURTLE)
    assert sum(1 for _ in parsed) == len(nq)  # each triple once: no subject is in two graphs
    assert "@prefix fg: <https://fengong.example/ns#> ." in file_of(outputs, ".ttl").read_text(encoding="utf-8")
    data = json.loads(file_of(outputs, ".jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == ["source.context.jsonld", {"@base": "https://fengong.example/id/"}]
    assert json.loads(file_of(outputs, ".context.jsonld").read_text(encoding="utf-8")) == {"@context": PREFIXES}


def test_a_span_is_described_once_and_shared(ds, doc):
    """The 156 implicit assignments of the main document are read from one scoping note's
    unit: one span, not 156 copies of it."""
    spans = {(s.start, s.end) for s in doc.sections} | {(t.start, t.end) for t in doc.tasks} \
        | {(a.start, a.end) for a in doc.assignments} | {(i.start, i.end) for i in doc.indicators} \
        | {(t.start, t.end) for t in doc.targets} | {(t.start, t.end) for i in doc.indicators for t in i.targets}
    query = "SELECT (COUNT(DISTINCT ?span) AS ?n) WHERE { ?span a oa:SpecificResource }"
    (row,) = union_graph(ds).query(query, initNs=PREFIXES)
    assert int(row.n) == len(spans)
    implicit = {(a.start, a.end) for a in doc.assignments if a.implicit}
    assert sum(a.implicit for a in doc.assignments) == 156 and len(implicit) == 1


def test_quads_per_unit_mention(doc, G):
    """docs/rdf.md states the number: 38.5 before spans were shared and quotes left to the text."""
    quads = sum(len(triples) for _, triples in iter_graphs([doc], G))
    assert mentions(doc) == 563
    assert round(quads / mentions(doc), 1) == 27.8


def test_outputs_are_byte_identical_across_runs(outputs, doc, G, tmp_path):
    again = write_rdf_outputs(to_networkx([doc]), [doc], tmp_path, "source").paths
    texts = [p for p in outputs if p.is_file()]
    assert sorted(p.name for p in texts) == ["fengong.ttl", "source.context.jsonld", "source.jsonld", "source.nq",
                                             "source.ttl"]
    for first in texts:
        assert first.read_bytes() == (tmp_path / first.name).read_bytes(), first.name
    assert [p.name for p in again] == [p.name for p in outputs]
    # and in another process, where Python hashes strings differently
    script = ("import sys; from pathlib import Path; from fengong import parser; "
              "from fengong.graph.build import to_networkx; from fengong.graph.rdf_writers import write_rdf_outputs; "
              "d = parser.parse_file(sys.argv[1]); "
              "write_rdf_outputs(to_networkx([d]), [d], Path(sys.argv[2]), 'source', workers=2)")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    other = tmp_path / "other"
    subprocess.run([sys.executable, "-c", script, "corpus/source.txt", str(other)], check=True, env=env, cwd=ROOT)
    for first in texts:
        assert first.read_bytes() == (other / first.name).read_bytes(), first.name


def test_the_store_is_queried_without_the_source(outputs, tmp_path):
    store = tmp_path / "copy.oxigraph"
    shutil.copytree(outputs[-1], store)
    run = subprocess.run(
        [sys.executable, "-m", "fengong", "query", str(store), "-f", str(QUERIES / "tasks_led_by_unit.rq"),
         "--bind", "unit=市发改委", "--format", "csv"],
        capture_output=True, cwd=tmp_path, check=True)
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


def query_cli(*args: str):
    from click.testing import CliRunner

    from fengong.cli import cli

    return CliRunner().invoke(cli, ["query", *args])


def test_query_command_errors_are_one_line_and_a_nonzero_status(outputs, tmp_path):
    store = str(outputs[-1])
    bad = query_cli(store, "--sparql", "SELECT ?x WHERE { ?s ?p ?o")
    assert bad.exit_code == 1 and "SPARQL syntax error: error at 1:" in bad.output
    assert len(bad.output.strip().splitlines()) == 1
    neither = query_cli(store)
    assert neither.exit_code == 2 and "exactly one of --sparql or -f" in neither.output
    unbound = query_cli(store, "-f", str(QUERIES / "tasks_without_lead.rq"), "--bind", "x=1")
    assert unbound.exit_code == 1 and "no block VALUES ?x" in unbound.output
    ok = query_cli(str(file_of(outputs, ".ttl")), "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?t a fg:Task }",
                   "--format", "csv")
    assert ok.exit_code == 0 and ok.stdout_bytes == b"n\r\n157\r\n"
    # an error met while the solutions are computed (not when the query is read)
    failing = query_cli(store, "--sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "json")
    assert failing.exit_code == 0
    latin = tmp_path / "latin1.rq"
    latin.write_bytes("SELECT * WHERE { ?s ?p 'é' }".encode("latin-1"))
    unreadable = query_cli(store, "-f", str(latin))
    assert unreadable.exit_code == 1 and "cannot read the query" in unreadable.output
    assert len(unreadable.output.strip().splitlines()) == 1 and "Traceback" not in unreadable.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:a> <urn:b> .", encoding="utf-8")
    result = query_cli(str(broken), "--sparql", "ASK {}")
    assert result.exit_code == 1 and "not valid RDF" in result.output and len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
    "select * where { service silent ?endpoint { ?s ?p ?o } }",
    "PREFIX ex: <http://x/>\nSELECT * WHERE {\n  # a comment\n  Service <http://x/> { ?s ex:p 'SERVICE' }\n}",
])
def test_query_refuses_service(outputs, sparql):
    result = query_cli(str(outputs[-1]), "--sparql", sparql)
    assert result.exit_code == 1
    assert result.output == "fengong: error: the query uses SERVICE: fengong query does not send queries over the network\n"


def test_service_in_strings_iris_comments_and_names_is_not_service(outputs):
    store = open_rdf(outputs[-1])
    query = ("SELECT ?service WHERE { BIND('SERVICE <x> {}' AS ?service) "
             "FILTER(?service != <http://example.org/SERVICE>) }  # SERVICE <http://x/> { }")
    assert [r["service"].value for r in run_query(store, query)] == ["SERVICE <x> {}"]


@pytest.mark.parametrize("context", ["https://schema.org/", "http://example.org/context.jsonld",
                                     "file:///etc/passwd", "//example.org/c.jsonld"])
def test_query_refuses_a_remote_jsonld_context(tmp_path, context):
    data = tmp_path / "x.jsonld"
    data.write_text(json.dumps({"@context": ["local.jsonld", {"@import": context}],
                                "@id": "urn:a", "name": "b"}), encoding="utf-8")
    (tmp_path / "local.jsonld").write_text(json.dumps({"@context": {"name": "urn:name"}}), encoding="utf-8")
    result = query_cli(str(data), "--sparql", "ASK { ?s ?p ?o }")
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert "is not a local file" in result.output and context in result.output
    data.write_text(json.dumps({"@context": context, "@id": "urn:a"}), encoding="utf-8")
    with pytest.raises(QueryError, match="not a local file"):
        open_rdf(data)


def test_query_reads_local_jsonld_contexts(tmp_path):
    data = tmp_path / "x.jsonld"
    data.write_text(json.dumps({"@context": "local.jsonld", "@id": "urn:a", "name": "b"}), encoding="utf-8")
    (tmp_path / "local.jsonld").write_text(json.dumps({"@context": {"name": "urn:name"}}), encoding="utf-8")
    result = query_cli(str(data), "--sparql", "SELECT ?o WHERE { <urn:a> <urn:name> ?o }", "--format", "csv")
    assert result.exit_code == 0 and result.stdout_bytes == b"o\r\nb\r\n"


def test_query_values_on_a_terminal_are_escaped_as_parse_escapes_them(tmp_path):
    """A value holding ESC or a bidi override reaches a terminal as escapes, in the table and
    in CSV alike (through a pseudo-terminal); a pipe gets CSV as it is. The table, for people,
    always shows a value on one line, its control characters as escapes."""
    import pty

    data = tmp_path / "x.ttl"
    data.write_text('<urn:a> <urn:b> "红\\u001b[2J字\\u202e反" .', encoding="utf-8")
    for fmt in ("table", "csv"):
        command = [sys.executable, "-m", "fengong", "query", str(data), "--sparql", "SELECT ?o WHERE { ?s ?p ?o }",
                   "--format", fmt]
        main, side = pty.openpty()
        process = subprocess.Popen(command, stdout=side, stderr=subprocess.PIPE, cwd=tmp_path)
        os.close(side)
        out = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        process.wait()
        os.close(main)
        text = out.decode("utf-8")
        assert "\x1b" not in text and "\u202e" not in text, fmt
        assert "红\\x1b[2J字\\u202e反" in text, fmt
        piped = subprocess.run(command, capture_output=True, cwd=tmp_path, check=True).stdout.decode("utf-8")
        assert ("红\x1b[2J字\u202e反" if fmt == "csv" else "红\\x1b[2J字\\u202e反") in piped, fmt
