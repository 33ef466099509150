"""The corpus overview as data and as a file (no browser; tests/test_html_overview.py opens
it in Chromium).

The corpus here is the main document, the seven documents of the development corpus (two
of them central, so their units are shared; one of no known jurisdiction) and a small
document of script and HTML payloads issued in 荆门市, so 市发改委 is named in two documents.
It is far below the size at which a build switches to the overview, so the tests ask for
the overview with ``overview_above=0``.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pytest

from fengong import parser
from fengong.graph.build import document_keys, to_networkx
from fengong.graph.html import to_html, write_html
from fengong.graph.layout import ring_layout
from fengong.graph.overview import overview_data, unit_footprint
from fengong.graph.view_data import DEFAULT_MEASURE, OVERVIEW_ITEMS, drawn_items, measure_values, view_data, wants_overview
from fengong.graph.projection import co_assignment_graph
from fengong.graph.schema import ROLE_EDGE_TYPES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [ROOT / "corpus" / "source.txt", *sorted((ROOT / "tests" / "corpus").glob("*.txt"))]
FGW = "unit:荆门市:荆门市发展和改革委员会"
CZB = "unit:中央:财政部"
UNITS = ("Unit", "UnitGroup")

PAYLOAD_TITLE = '荆门市<script>window.__pwned=1</script>"任务"分工方案'
PAYLOAD_TEXT = f"""荆门市人民政府办公室
{PAYLOAD_TITLE}
一、总体要求
（一）做好"<img src=x onerror=window.__pwned=2>"工作（牵头单位：市<script>window.__pwned=3</script>局；责任单位：市"财政"局、市<img src=x onerror=window.__pwned=4>委）。
（二）推进</script><b>加粗</b>&amp;任务<!--（牵头单位：市发改委）。
"""
SCRIPT_UNIT = "unit:荆门市:市<script>window.__pwned=3</script>局"


def corpus_docs():
    return [parser.parse_file(p) for p in CORPUS] + [parser.parse(PAYLOAD_TEXT, source="payload.txt")]


def corpus_graph(docs) -> nx.MultiDiGraph:
    return to_networkx(docs, document_keys(docs))


@pytest.fixture(scope="module")
def G():
    return corpus_graph(corpus_docs())


@pytest.fixture(scope="module")
def data(G):
    return view_data(G, "语料", overview_above=0)


def unit_ids(data) -> list[str]:
    """The plan-graph id of each unit of the overview, as the page makes them."""
    places = data["jurisdictions"]
    return [u[0] or f"unit:{places[u[7]]}:{u[2] or u[1]}" for u in data["units"]]


def mentions(data, i: int) -> list[tuple[int, str, bool, str | None]]:
    """(item, role, implicit, as written) of each mention of unit ``i``, decoded as the page does."""
    flat, out, k = data["units"][i][8], [], 0
    while k < len(flat):
        item, code = flat[k], flat[k + 1]
        written = data["texts"][flat[k + 2]] if code & 16 else None
        out.append((item, data["roles"][(code & 15) >> 1]["type"], bool(code & 1), written))
        k += 3 if code & 16 else 2
    return out


def document_of(G, node) -> str:
    """The document node a node of the document tree lies in."""
    while G.nodes[node]["type"] != "Document":
        node = next(p for p, _, t in G.in_edges(node, data="type") if t == "has_part")
    return node


def test_the_overview_is_for_corpora_above_the_threshold(G, doc):
    items = drawn_items(G)
    assert items == G.number_of_nodes() + G.number_of_edges()
    assert items < OVERVIEW_ITEMS and not wants_overview(G)
    assert "mode" not in view_data(G, "t")
    assert view_data(G, "t", overview_above=items - 1)["mode"] == "overview"
    assert "mode" not in view_data(G, "t", overview_above=items)
    # one document stays the full view, however large
    single = to_networkx([doc])
    assert not wants_overview(single, overview_above=0)
    assert view_data(single, "t", overview_above=0) == view_data(single, "t")


def test_every_unit_is_drawn_and_nothing_else(G, data):
    units = sorted((n for n, t in G.nodes(data="type") if t in UNITS), key=str)
    assert unit_ids(data) == units
    drawn = [n[0] for n in data["nodes"]]
    assert sorted(drawn) == list(range(len(units)))
    assert data["limits"]["units"] == data["limits"]["drawn"] == len(units)
    assert {"Task", "Section", "Document"}.isdisjoint({data["units"][i][1] for i in drawn})


def test_edges_are_the_co_assignment_projection(G, data):
    P = co_assignment_graph(G)
    index = {u: i for i, u in enumerate(unit_ids(data))}
    expected = sorted((min(index[a], index[b]), max(index[a], index[b]), d["tasks"]) for a, b, d in P.edges(data=True))
    assert [tuple(e) for e in data["edges"]] == expected
    assert len(data["edges"]) == P.number_of_edges() == data["limits"]["edges"] == data["limits"]["edges_drawn"]
    assert P.number_of_edges() > 500  # a real network: the test means something


def test_each_unit_lists_its_mentions_by_document(G, data):
    ids = unit_ids(data)
    titles = [d[0] for d in data["docs"]]
    for i, unit in enumerate(ids):
        expected = Counter()
        for _, item, d in G.out_edges(unit, data=True):
            if d["type"] in ROLE_EDGE_TYPES:
                where = document_of(G, item)
                expected[(G.nodes[where]["title"] or where, d["type"], bool(d.get("implicit")))] += 1
        found = Counter((titles[data["items"][item][0]], role, implicit)
                        for item, role, implicit, _ in mentions(data, i))
        assert found == expected, unit
    # 市发改委: 34 lead annotations in the main document, one in the payload document
    fgw = mentions(data, ids.index(FGW))
    by_doc = Counter((titles[data["items"][m[0]][0]], m[1]) for m in fgw)
    assert by_doc[(G.nodes["doc:source"]["title"], "lead")] == 34
    assert by_doc[(PAYLOAD_TITLE, "lead")] == 1
    # listed in document order: the main document first, its items by offset
    docs = [data["items"][m[0]][0] for m in fgw]
    assert docs == sorted(docs)
    # 财政部 is named in both central documents
    assert len({data["items"][m[0]][0] for m in mentions(data, ids.index(CZB))}) == 2


def test_items_carry_their_document_trail_and_text(G, data):
    ids = unit_ids(data)
    item, role, _, _ = mentions(data, ids.index(FGW))[0]
    doc, trail, ref, text, *cut = data["items"][item]
    assert data["docs"][doc][0] == G.nodes["doc:source"]["title"]
    assert [data["heads"][h] for h in data["trails"][trail]][0] == "二、主要指标"
    assert (ref, role) == ("2.1#1", "lead")
    assert data["texts"][text] == G.nodes["task:source:2.1#1"]["text"] and not cut


def test_capped_overview_draws_the_most_central_units(G):
    full = overview_data(G, "t")
    capped = overview_data(G, "t", max_units=25)
    assert capped["limits"]["units"] == full["limits"]["units"] > 25
    assert capped["limits"]["drawn"] == len(capped["nodes"]) == 25
    assert capped["units"] == full["units"]  # every unit stays in the tables, for the search
    values = measure_values(G, DEFAULT_MEASURE)
    count = Counter(u for u, _, t in G.edges(data="type") if t in ROLE_EDGE_TYPES)
    ranked = sorted(unit_ids(full), key=lambda u: (u not in values, -values.get(u, 0.0), -count[u], u))
    ids = unit_ids(full)
    assert [ids[n[0]] for n in capped["nodes"]] == ranked[:25]
    drawn = {n[0] for n in capped["nodes"]}
    assert [tuple(e) for e in capped["edges"]] == [tuple(e) for e in full["edges"] if e[0] in drawn and e[1] in drawn]
    fewer = overview_data(G, "t", max_units=25, max_edges=10)
    assert len(fewer["edges"]) == fewer["limits"]["edges_drawn"] == 10
    assert fewer["limits"]["edges"] == len(capped["edges"]) > 10
    assert sorted(e[2] for e in fewer["edges"]) == sorted(e[2] for e in capped["edges"])[-10:]


def test_units_do_not_overlap(G):
    data = overview_data(G, "t")
    values = measure_values(G, DEFAULT_MEASURE)
    top = max(values.values())
    ids = unit_ids(data)
    reach, where = {}, {}
    for i, x, y, *_ in data["nodes"]:
        name = data["units"][i][1]
        reach[i], where[i] = unit_footprint(name, values[ids[i]] / top if ids[i] in values else None), (x, y)
    drawn = sorted(where)
    for k, a in enumerate(drawn):
        for b in drawn[k + 1:]:  # places are rounded to 0.1
            assert math.dist(where[a], where[b]) >= reach[a] + reach[b] - 0.2, (ids[a], ids[b])
    circles = data["groups"]
    for k, (_, _, x, y, r) in enumerate(circles):
        for _, _, x2, y2, r2 in circles[k + 1:]:
            assert math.dist((x, y), (x2, y2)) >= r + r2


def test_ring_layout_keeps_circles_apart():
    rng = random.Random(7)
    for n in (1, 2, 3, 7, 40, 300):
        reach = sorted((rng.uniform(8, 90) for _ in range(n)), reverse=True)
        places, radius = ring_layout(reach, gap=10.0)
        assert len(places) == n and places[0] == (0.0, 0.0)
        for i in range(n):
            assert math.hypot(*places[i]) + reach[i] <= radius + 1e-9
            for j in range(i + 1, n):
                assert math.dist(places[i], places[j]) >= reach[i] + reach[j] - 1e-9


def test_long_texts_are_cut_and_said_to_be(G):
    data = overview_data(G, "t", text_limit=20)
    cut = [item for item in data["items"] if len(item) > 4]
    assert cut and data["limits"]["cut"] == len(cut) and data["limits"]["text_limit"] == 20
    assert all(len(data["texts"][item[3]]) <= 20 for item in data["items"])
    assert all(data["texts"][item[3]].endswith("…") for item in cut)


def test_texts_and_headings_are_stored_once(G, data):
    assert len(set(data["texts"])) == len(data["texts"])
    assert len(set(data["heads"])) == len(data["heads"])
    assert len({tuple(t) for t in data["trails"]}) == len(data["trails"])
    tasks = sum(1 for _, t in G.nodes(data="type") if t == "Task")
    assert len(data["items"]) <= tasks + sum(1 for _, t in G.nodes(data="type") if t == "Section")


def test_the_overview_page(G):
    from test_html_page import _policy, _read, _sha256

    page = to_html(G, "语料", overview_above=0)
    reader = _read(page)
    assert not [(t, a) for t, a in reader.tags if "src" in a or "href" in a]
    policy = _policy(reader)
    assert policy["default-src"] == ["'none'"] and policy["img-src"] == ["data:"]
    code = [text for tag, attrs, text in reader.blocks if tag == "script" and "type" not in attrs]
    styles = [text for tag, _, text in reader.blocks if tag == "style"]
    assert len(code) == 2 and len(styles) == 3
    assert "corpus overview" in code[1]
    assert policy["script-src"] == [f"'{_sha256(t)}'" for t in code]
    assert policy["style-src"] == [f"'{_sha256(t)}'" for t in styles]
    blocks = [text for tag, attrs, text in reader.blocks if attrs.get("id") == "fengong-data"]
    assert json.loads(blocks[0]) == json.loads(json.dumps(view_data(G, "语料", overview_above=0)))
    # the payloads are data: escaped in the JSON, never markup
    text = page
    for tag, attrs, block in reader.blocks:
        if attrs.get("id") != "fengong-data":
            text = text.replace(block, "")
    for needle in ("<img", "<b>", "<!--", "__pwned=1</script>", "__pwned=3</script>"):
        assert needle not in text
    assert "\\u003cscript\\u003ewindow.__pwned=3\\u003c/script\\u003e" in page


def test_the_overview_is_deterministic(G, tmp_path):
    shuffled = nx.MultiDiGraph()
    shuffled.graph.update(G.graph)
    shuffled.add_nodes_from(sorted(G.nodes(data=True), reverse=True))
    shuffled.add_edges_from(sorted(G.edges(keys=True, data=True), key=lambda e: (e[1], e[0], e[2]), reverse=True))
    assert to_html(shuffled, "语料", overview_above=0, max_units=40) == to_html(G, "语料", overview_above=0, max_units=40)
    write_html(G, tmp_path / "a.html", "语料", overview_above=0, max_units=40)
    script = ("import sys; sys.path.insert(0, 'tests'); from pathlib import Path; "
              "from test_html_overview_data import corpus_docs, corpus_graph; from graph.html import write_html; "
              "write_html(corpus_graph(corpus_docs()), Path(sys.argv[1]), '\\u8bed\\u6599', overview_above=0, max_units=40)")
    env = {"PYTHONHASHSEED": "4321", "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "b.html")], cwd=ROOT, env=env, check=True)
    assert (tmp_path / "b.html").read_bytes() == (tmp_path / "a.html").read_bytes()


def test_a_unit_of_no_known_jurisdiction_is_drawn_with_its_document(G, data):
    ids = unit_ids(data)
    unknown = data["jurisdictions"].index("")
    scoped = [i for i, u in enumerate(data["units"]) if u[7] == unknown]
    assert scoped and all(ids[i].startswith("unit:doc:") for i in scoped)
    circles = [g for g in data["groups"] if g[0] == unknown]
    assert circles and all(g[1] >= 0 for g in circles)
    by_group = defaultdict(set)
    for i in scoped:
        by_group[data["items"][mentions(data, i)[0][0]][0]].add(i)
    assert {g[1] for g in circles} == set(by_group)


def test_a_build_s_centrality_table_and_pairs_give_the_same_page(G, doc):
    """A build hands the view the centrality table and co-assignment pairs it computed for
    its tables (they are most of the overview's time on a large corpus); the page must be
    the one the view computes for itself, overview and full view alike."""
    from fengong.graph.centrality import centrality_table
    from fengong.graph.tables import CO_ASSIGNMENT_COLUMNS, co_assignment_rows

    a, b, shared = (CO_ASSIGNMENT_COLUMNS.index(c) for c in ("unit_a", "unit_b", "tasks"))
    for graph in (G, to_networkx([doc], ["d"])):
        pairs = [(row[a], row[b], row[shared]) for row in co_assignment_rows(graph)]
        for above in (0, math.inf):
            assert to_html(graph, "页", overview_above=above, central=centrality_table(graph), co_pairs=pairs) == \
                to_html(graph, "页", overview_above=above)
