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
from fengong.graph.html import ViewError, radial_layout, to_html, view_data, write_html
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
                                           "label", "input", "ol", "fieldset", "legend", "select", "option", "span",
                                           "main", "aside", "button", "h2", "script", "details", "summary"}
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
    assert sorted(n["id"] for n in data["nodes"]) == sorted(main_graph.nodes)
    assert len(data["edges"]) == main_graph.number_of_edges()
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    drawn = sorted((e["from"], e["to"]) for e in data["edges"])
    assert drawn == sorted((u, v) for u, v, _ in main_graph.edges(keys=True))
    roles = {"lead", "responsible", "support", "guide", "prose"}
    assert len(data["links"]) == sum(1 for _, _, t in main_graph.edges(data="type") if t in roles)


def test_units_sized_by_measure_and_coloured_by_type(main_graph):
    data = view_data(main_graph, "t", measure="pagerank")
    size = {n["id"]: n["size"] for n in data["nodes"]}
    rows = centrality_table(main_graph)
    ranked = sorted(rows, key=lambda r: -r["pagerank"])
    assert max(size, key=size.get) == ranked[0]["id"]
    assert size[ranked[0]["id"]] > size[ranked[-1]["id"]] > 0
    by_type = {}
    for n in data["nodes"]:
        if data["info"][n["id"]]["kind"] in ("Unit", "UnitGroup"):
            by_type.setdefault(data["info"][n["id"]]["unit_type"], set()).add(n["color"]["background"])
    assert all(len(colours) == 1 for colours in by_type.values())
    assert len({c for colours in by_type.values() for c in colours}) == len(by_type)
    other = view_data(main_graph, "t", measure="betweenness")
    assert [n["size"] for n in other["nodes"]] != [n["size"] for n in data["nodes"]]


@pytest.mark.parametrize("measure", MEASURES)
def test_units_sized_by_the_table_s_values(main_graph, measure):
    table = {row["id"]: row[measure] for row in centrality_table(main_graph)}
    info = view_data(main_graph, "t", measure=measure)["info"]
    shown = {n: i["value"] for n, i in info.items() if i["kind"] in ("Unit", "UnitGroup") and i["value"] is not None}
    assert shown == pytest.approx({n: round(v, 6) for n, v in table.items()}, abs=1e-6)


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
