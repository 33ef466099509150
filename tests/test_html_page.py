"""The HTML view as a file: self-contained, escaped, deterministic (no browser needed here;
tests/test_html_browser.py opens it in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from fengong import parser
from fengong.graph.build import to_networkx
from fengong.graph.centrality import MEASURES, centrality_table
from fengong.graph.html import ViewError, to_html, write_html
from fengong.graph.layout import radial_layout
from fengong.graph.tables import unit_counts
from fengong.graph.view_data import MEASURE_TEXT, SIZE_MEASURES, TABLE_MEASURES, view_data, view_title
from fengong.parser.errors import FengongError

ROOT = Path(__file__).resolve().parent.parent

PAYLOAD_TEXT = """荆门市人民政府办公室
关于<script>window.__pwned=1</script>的"方案"
一、总体要求
（一）做好"<img src=x onerror=window.__pwned=2>"工作（牵头单位：市<script>window.__pwned=3</script>局；责任单位：市"财政"局、市<img src=x onerror=window.__pwned=4>委）。
（二）推进</script><b>加粗</b>&amp;任务<!--（牵头单位：市发改委）。
"""


@pytest.fixture(scope="module")
def main_graph(doc):
    return to_networkx([doc])


@pytest.fixture(scope="module")
def main_page(main_graph, doc):
    return to_html(main_graph, doc.metadata.title.value)


@pytest.fixture(scope="module")
def payload_graph():
    return to_networkx([parser.parse(PAYLOAD_TEXT, source="payload.txt")])


class _Page(HTMLParser):
    """The elements of a page, with the text inside each <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.blocks: list[tuple[str, dict, str]] = []
        self._open: tuple[str, dict] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open, self._text = (tag, dict(attrs)), []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self.blocks.append((tag, self._open[1], "".join(self._text)))
            self._open = None


def _read(page: str) -> _Page:
    reader = _Page()
    reader.feed(page)
    reader.close()
    return reader


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _policy(reader: _Page) -> dict[str, list[str]]:
    metas = [a for t, a in reader.tags if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
    assert len(metas) == 1
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in metas[0]["content"].split(";")) if d}


def test_page_links_nothing_and_declares_utf8_first(main_page):
    reader = _read(main_page)
    assert main_page.startswith("<!DOCTYPE html>")
    head = main_page.encode("utf-8")[:1024]
    assert b'<meta charset="utf-8">' in head
    assert main_page.index("charset") < main_page.index("Content-Security-Policy") < main_page.index("<style")
    assert not [(t, a) for t, a in reader.tags if "src" in a or "href" in a]
    assert {t for t, _ in reader.tags} <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "div",
                                           "label", "input", "ol", "li", "fieldset", "legend", "select", "option",
                                           "span", "main", "section", "aside", "button", "h2", "script", "details",
                                           "summary", "table", "caption", "thead", "tbody", "dl"}
    for tag, _, text in reader.blocks:
        if tag == "style":
            assert all(u.startswith(("data:", '"data:', "'data:")) for u in re.findall(r"url\(\s*([^)]*)", text))
        assert "sourceMappingURL" not in text


def test_policy_forbids_network_and_allows_only_the_page_s_own_code(main_page):
    reader = _read(main_page)
    policy = _policy(reader)
    assert policy["default-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'none'"]
    assert "connect-src" not in policy and "font-src" not in policy  # fall back to 'none'
    code = [text for tag, attrs, text in reader.blocks if tag == "script" and "type" not in attrs]
    styles = [text for tag, _, text in reader.blocks if tag == "style"]
    assert len(code) == 2 and len(styles) == 2
    assert policy["script-src"] == [f"'{_sha256(t)}'" for t in code]
    assert policy["style-src"] == [f"'{_sha256(t)}'" for t in styles]
    assert not any("unsafe" in v for values in policy.values() for v in values)


def test_payloads_stay_data(payload_graph):
    names = {a.get("name") for _, a in payload_graph.nodes(data=True)}
    assert "市<script>window.__pwned=3</script>局" in names  # the parser kept them: the test means something
    page = to_html(payload_graph, '<script>window.__pwned=5</script>"标题"')
    reader = _read(page)
    assert [t for t, _ in reader.tags if t == "script"] == ["script"] * 3
    assert page.count("</script>") == 3
    text = page  # what the document contributed: the page without vis-network's and our own code
    for tag, attrs, block in reader.blocks:
        if attrs.get("id") != "fengong-data":
            text = text.replace(block, "")
    for needle in ("<img", "<b>", "<!--", "__pwned=1</script>", "__pwned=3</script>"):
        assert needle not in text
    assert "市\\u003cimg src=x onerror=window.__pwned=4\\u003e委" in page
    assert "<title>&lt;script&gt;window.__pwned=5&lt;/script&gt;&#34;标题&#34;</title>" in page
    data_blocks = [text for tag, attrs, text in reader.blocks if attrs.get("id") == "fengong-data"]
    assert json.loads(data_blocks[0]) == json.loads(json.dumps(view_data(payload_graph, '<script>window.__pwned=5</script>"标题"')))


def test_drawn_network_is_the_graph(main_graph):
    data = view_data(main_graph, "t")
    ids = [n["id"] for n in data["nodes"]]
    assert ids == sorted(main_graph.nodes)
    assert len(data["edges"]) == main_graph.number_of_edges()
    drawn = sorted((ids[e[0]], ids[e[1]], data["edge_types"][e[2]]["type"]) for e in data["edges"])
    assert drawn == sorted((u, v, t) for u, v, t in main_graph.edges(data="type"))
    roles = {"lead", "responsible", "support", "guide", "prose"}
    mentions = [e for e in data["edges"] if data["edge_types"][e[2]]["role"]]
    assert len(mentions) == sum(1 for _, _, t in main_graph.edges(data="type") if t in roles)
    assert data["edges"][:len(mentions)] == mentions  # the mentions first, in document order
    order = [(main_graph.nodes[ids[e[1]]]["start"]) for e in mentions]
    assert order == sorted(order)
    # each node's parent is the node it is a part of
    parts = {(u, v) for u, v, t in main_graph.edges(data="type") if t == "has_part"}
    assert all((ids[n["parent"]], n["id"]) in parts for n in data["nodes"] if n["parent"] >= 0)
    assert {n["id"] for n in data["nodes"] if n["parent"] < 0} == {
        n for n in main_graph if not any(v == n for _, v in parts)}


def test_tasks_are_labelled_by_their_words(main_graph):
    data = view_data(main_graph, "t")
    tasks = {n["id"]: n for n in data["nodes"] if n["kind"] == "Task"}
    first = tasks["task:source:3.1#1"]
    assert first["ref"] == "3.1#1" and first["label"] == "夯实创新第一动力"
    assert all(n["label"] and "#" not in n["label"] and len(n["label"]) <= 10 for n in tasks.values())
    assert all(n["text"].startswith(n["label"].rstrip("…")) for n in tasks.values())


def test_units_are_sized_by_tasks_led_unless_asked_otherwise(main_graph):
    data = view_data(main_graph, "t")
    assert data["size_by"] == "degree_lead" == SIZE_MEASURES[0]
    assert data["size_measures"] == ["degree_lead", "degree", "betweenness", "pagerank"]
    names = {m["name"]: m for m in data["measures"]}
    ids = [data["nodes"][i]["id"] for i in data["units"]]
    led = dict(zip(ids, names["degree_lead"]["values"]))
    assert max((v or 0, u) for u, v in led.items())[1] == "unit:荆门市:荆门市发展和改革委员会"
    assert led["unit:荆门市:荆门市发展和改革委员会"] == 34
    # every measure the page shows has a plain name and a one-line explanation
    for name in [*SIZE_MEASURES, *TABLE_MEASURES]:
        label, explain = MEASURE_TEXT[name]
        assert names[name]["label"] == label and names[name]["explain"] == explain and explain
        assert not any(ch.isascii() and ch.isalpha() for ch in label)  # a Chinese name, not "PageRank"
    other = view_data(main_graph, "t", measure="eigenvector")
    assert other["size_by"] == "eigenvector" and other["size_measures"][0] == "eigenvector"


def test_the_counts_the_page_makes_are_the_unit_table_s(main_graph):
    """The page counts each unit's tasks by role from the mentions (so that it can count
    again under a filter); with no filter it must say what `fengong units` says."""
    data = view_data(main_graph, "t")
    ids = [n["id"] for n in data["nodes"]]
    kinds = [n["kind"] for n in data["nodes"]]
    found: dict = {}
    for e in data["edges"]:
        role = data["edge_types"][e[2]]["type"]
        if data["edge_types"][e[2]]["role"] and not e[3] and kinds[e[1]] == "Task" and role != "prose":
            found.setdefault(ids[e[0]], {}).setdefault(role, set()).add(e[1])
    for row in unit_counts(main_graph):
        mine = found.get(row["id"], {})
        assert [len(mine.get(r, ())) for r in ("lead", "responsible", "support", "guide")] == [
            row["led"], row["responsible"], row["supported"], row["guided"]], row["name"]


@pytest.mark.parametrize("measure", MEASURES)
def test_units_measured_by_the_table_s_values(main_graph, measure):
    table = {row["id"]: row[measure] for row in centrality_table(main_graph)}
    data = view_data(main_graph, "t", measure=measure)
    column = next(m for m in data["measures"] if m["name"] == measure)
    ids = [data["nodes"][i]["id"] for i in data["units"]]
    shown = {u: v for u, v in zip(ids, column["values"]) if v is not None}
    assert shown == pytest.approx(table, rel=1e-3, abs=1e-9)
    assert set(ids) - set(shown) == {u for u in ids if u not in table}  # placeholders are not measured


def test_corpus_pages_are_titled_by_their_number_of_documents():
    docs = [parser.parse_file(p) for p in (ROOT / "corpus" / "source.txt", *sorted((ROOT / "tests" / "corpus").glob("*.txt"))[:2])]
    from fengong.graph.build import document_keys

    G = to_networkx(docs, document_keys(docs))
    title = view_title(G)
    assert title.startswith("3 份文件：" + docs[0].metadata.title.value)
    page = to_html(G)
    assert f"<title>{title}</title>" in page
    reader = _read(page)
    listed = [t for t, _ in reader.tags].count("li")
    assert listed == 3  # the documents, listed under the title
    for d in docs:
        assert d.metadata.title.value in page


def test_unknown_measure_is_a_clear_error(main_graph):
    with pytest.raises(ViewError, match="unknown measure 'fame'") as info:
        view_data(main_graph, "t", measure="fame")
    assert isinstance(info.value, FengongError)


def test_output_is_deterministic(main_graph, doc, tmp_path):
    shuffled = nx.MultiDiGraph()
    shuffled.graph.update(main_graph.graph)
    shuffled.add_nodes_from(sorted(main_graph.nodes(data=True), reverse=True))
    shuffled.add_edges_from(sorted(main_graph.edges(keys=True, data=True), key=lambda e: (e[1], e[0], e[2]), reverse=True))
    title = doc.metadata.title.value
    assert to_html(shuffled, title) == to_html(main_graph, title)
    written = write_html(main_graph, tmp_path / "a.html", title)
    assert written == tmp_path / "a.html"
    # a fresh interpreter with another hash seed and a non-UTF-8 default encoding
    script = ("import sys, parser; from pathlib import Path; from graph.build import to_networkx; "
              "from graph.html import write_html; d = parser.parse_file('corpus/source.txt'); "
              "write_html(to_networkx([d]), Path(sys.argv[1]), d.metadata.title.value)")
    env = {"PYTHONHASHSEED": "12345", "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "latin-1",
           "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "b.html")], cwd=ROOT, env=env, check=True)
    assert (tmp_path / "b.html").read_bytes() == (tmp_path / "a.html").read_bytes()
    (tmp_path / "b.html").read_bytes().decode("utf-8")


def test_layout_puts_units_inside_the_ring_of_items(main_graph):
    pos = radial_layout(main_graph)
    assert set(pos) == set(main_graph.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    kind = dict(main_graph.nodes(data="type"))
    radius = {n: math.hypot(*p) for n, p in pos.items()}
    ring = {round(radius[n]) for n in pos if kind[n] == "Task"}
    assert len(ring) == 1
    assert max(radius[n] for n in pos if kind[n] in ("Unit", "UnitGroup")) < min(ring)
    assert min(radius[n] for n in pos if kind[n] in ("Section", "Document")) > min(ring)
    units = [n for n in pos if kind[n] in ("Unit", "UnitGroup")]
    closest = min(math.dist(pos[a], pos[b]) for i, a in enumerate(units) for b in units[i + 1:])
    assert closest > 20  # pushed apart: no two units drawn on top of each other


def test_view_command_writes_the_page(tmp_path):
    out = tmp_path / "view.html"
    done = subprocess.run([sys.executable, "-m", "fengong", "view", "corpus/source.txt", "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    assert "<title>荆门市国民经济和社会发展第十四个五年规划和2035年远景目标纲要任务分工方案</title>" in out.read_text(encoding="utf-8")
    failed = subprocess.run([sys.executable, "-m", "fengong", "view", "missing.txt", "-o", str(tmp_path / "x.html")],
                            cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert failed.returncode == 2 and "missing.txt" in failed.stderr
    assert not (tmp_path / "x.html").exists()
