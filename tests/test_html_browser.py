"""The HTML view in a real browser: Debian's Chromium driven by playwright.

These tests are never skipped: without /usr/bin/chromium they fail and say what to install.
Screenshots of the main document's view go to tests/artifacts/ (not committed).

The drawn network is every node and every edge of the plan graph: one vis-network node
per graph node, and one line per graph edge (parallel edges of the multigraph drawn
separately), which the page draws itself (vis-network is slow to draw thousands of edges).
vis-network keeps the ids of the nodes it draws in ``body.nodeIndices`` (hidden ones left
out); the page's ``fengongView.shownEdges()`` names the edges it draws; the tests count those.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from fengong import parser
from fengong.graph.build import to_networkx
from fengong.graph.html import write_html

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-default-apps", "--disable-sync", "--mute-audio"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
VIEWPORT = {"width": 1400, "height": 900}
FGW = "unit:荆门市:荆门市发展和改革委员会"

PAYLOAD_TITLE = '关于<script>window.__pwned=1</script>的"方案"'
PAYLOAD_TEXT = f"""荆门市人民政府办公室
{PAYLOAD_TITLE}
一、总体要求
（一）做好"<img src=x onerror=window.__pwned=2>"工作（牵头单位：市<script>window.__pwned=3</script>局；责任单位：市"财政"局、市<img src=x onerror=window.__pwned=4>委）。
（二）推进</script><b>加粗</b>&amp;任务<!--（牵头单位：市发改委）。
"""
SCRIPT_UNIT = "市<script>window.__pwned=3</script>局"
IMG_UNIT = "市<img src=x onerror=window.__pwned=4>委"
IMG_TASK = '做好"<img src=x onerror=window.__pwned=2>"工作'


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), f"{CHROMIUM} is needed by the HTML view tests: apt-get install chromium fonts-noto-cjk"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def main_graph(doc):
    return to_networkx([doc])


@pytest.fixture(scope="module")
def main_html(main_graph, doc, tmp_path_factory) -> Path:
    return write_html(main_graph, tmp_path_factory.mktemp("view") / "source.html", doc.metadata.title.value)


@pytest.fixture(scope="module")
def payload_graph():
    return to_networkx([parser.parse(PAYLOAD_TEXT, source="payload.txt")])


@pytest.fixture(scope="module")
def payload_html(payload_graph, tmp_path_factory) -> Path:
    return write_html(payload_graph, tmp_path_factory.mktemp("view") / "payload.html", PAYLOAD_TITLE)


class View:
    """A page showing one HTML view, with everything it logged and every request it made."""

    def __init__(self, browser: Browser, path: Path, *, viewport: dict | None = None, fragment: str = "",
                 init: str | None = None) -> None:
        self.context = browser.new_context(viewport=viewport or VIEWPORT, device_scale_factor=1)
        if init:
            self.context.add_init_script(init)
        self.messages: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda m: self.messages.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.messages.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
        self.url = path.as_uri()

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def drawn(self) -> tuple[int, int]:
        return tuple(self.js("() => [fengongView.network.body.nodeIndices.length, fengongView.shownEdges().length]"))

    def visible_nodes(self) -> set[str]:
        return set(self.js("() => fengongView.network.body.nodeIndices"))

    def visible_edges(self) -> set[str]:
        return set(self.js("() => fengongView.shownEdges()"))

    def node_on_screen(self, node: str) -> tuple[float, float]:
        """Where ``node`` is drawn, in page coordinates."""
        x, y = self.js("""(id) => {
            const n = fengongView.network, p = n.canvasToDOM(n.getPosition(id));
            const box = document.getElementById("network").getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""", node)
        return x, y

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def main_view(browser, main_html):
    view = View(browser, main_html)
    yield view
    view.close()


def _lead_tasks(G, unit):
    """The texts of the tasks ``unit`` leads, one per lead annotation, in document order."""
    leads = sorted((G.nodes[v].get("start", 0), d["start"], v) for _, v, d in G.out_edges(unit, data=True)
                   if d["type"] == "lead")
    return [G.nodes[v]["text"] for _, _, v in leads]


def test_page_loads_offline_without_errors_and_draws_the_whole_graph(main_view, main_graph):
    assert main_view.messages == []
    assert main_view.blocked == []
    assert main_view.requests == [main_view.url]
    assert main_view.drawn() == (main_graph.number_of_nodes(), main_graph.number_of_edges())
    assert main_view.js("() => [fengongView.nodes.length, fengongView.data.edges.length]") == [
        main_graph.number_of_nodes(), main_graph.number_of_edges()]
    assert main_view.js("() => fengongView.network.physics.physicsEnabled") is False
    stats = main_view.page.text_content("#stats")
    assert f"{main_graph.number_of_nodes()}/{main_graph.number_of_nodes()} 节点" in stats


def test_layer_switch_leaves_the_units(main_view, main_graph):
    kind = dict(main_graph.nodes(data="type"))
    units = {n for n in main_graph if kind[n] in ("Unit", "UnitGroup")}
    between_units = {(u, v) for u, v in main_graph.edges() if u in units and v in units}
    main_view.page.uncheck("#layer-toggle")
    assert main_view.visible_nodes() == units
    assert main_view.drawn() == (len(units), sum(1 for u, v in main_graph.edges() if (u, v) in between_units))
    main_view.page.check("#layer-toggle")
    assert main_view.drawn() == (main_graph.number_of_nodes(), main_graph.number_of_edges())
    assert main_view.messages == []


def test_search_focuses_the_unit(main_view):
    page = main_view.page
    page.fill("#search", "发改委")
    assert page.get_attribute("#search-results li:first-child button", "data-node") == FGW
    page.press("#search", "Enter")
    assert main_view.js("() => fengongView.network.getSelectedNodes()") == [FGW]
    assert page.text_content("#panel-title") == "市发改委"
    assert page.is_hidden("#search-results")
    # centred in the part of the network the panel leaves visible, at a readable zoom
    x, y = main_view.node_on_screen(FGW)
    net = page.locator("#network").bounding_box()
    panel = page.locator("#panel").bounding_box()
    assert abs(x - (net["x"] + (panel["x"] - net["x"]) / 2)) < 3
    assert abs(y - (net["y"] + net["height"] / 2)) < 3
    assert main_view.js("() => fengongView.network.getScale()") >= 1.0
    # by the full name too
    page.fill("#search", "发展和改革")
    assert page.get_attribute("#search-results li:first-child button", "data-node") == FGW
    assert main_view.messages == []


TRAD_TEXT = "湘西州人民政府辦公室\n一、總體要求\n（一）做好工作（牽頭單位：州財政局；責任單位：各縣（市、區）人民政府）。\n"


def test_search_reads_traditional_full_width_and_simplified_alike(browser, tmp_path):
    """As the parser reads 牽頭單位 as 牵头单位 and （ as (, so does the search box: a unit
    written 各縣（市、區）人民政府 (named 各县(市、区)人民政府 in the graph, its written form kept
    as a spelling) is found typed as a Chinese input method types it, 各县（市, though that
    matches neither the name nor the spelling as they stand."""
    doc = parser.parse(TRAD_TEXT, source="trad.txt")
    view = View(browser, write_html(to_networkx([doc]), tmp_path / "trad.html", "繁體"))
    try:
        page = view.page
        for typed, found in [("州财政局", "州财政局"), ("州財政局", "州财政局"), ("州財政", "州财政局"),
                             ("各县(市、区)", "各县(市、区)人民政府"),
                             ("各县（市", "各县(市、区)人民政府"), ("各縣(市、區)", "各县(市、区)人民政府")]:
            page.fill("#search", typed)
            assert page.locator("#search-results .hit-name").all_text_contents() == [found], typed
        page.fill("#search", "发展改革")
        assert page.locator("#search-results .hit-name").all_text_contents() == []
        assert view.messages == []
    finally:
        view.close()


def test_clicking_the_unit_lists_its_lead_tasks(main_view, main_graph):
    page = main_view.page
    x, y = main_view.node_on_screen(FGW)
    assert main_view.js("([x, y]) => fengongView.network.getNodeAt({x: x, y: y - document.getElementById('network')"
                        ".getBoundingClientRect().top})", [x, y]) == FGW
    page.mouse.click(x, y)
    assert page.is_visible("#panel")
    assert page.text_content("#panel-title") == "市发改委"
    lead = page.locator('#panel .role-group[data-role="lead"] li.task-entry')
    assert lead.count() == 34
    expected = _lead_tasks(main_graph, FGW)
    assert len(expected) == 34
    assert page.locator('#panel .role-group[data-role="lead"] .task-text').all_text_contents() == expected
    first_trail = lead.first.locator(".trail").text_content()
    assert first_trail.startswith("二、主要指标 › ") and first_trail.endswith("2.1#1")
    groups = page.locator("#panel .role-group").evaluate_all("gs => gs.map(g => g.dataset.role)")
    roles = {t for _, _, t in main_graph.out_edges(FGW, data="type")}
    assert groups == [r for r in ("lead", "responsible", "support", "guide", "prose") if r in roles]
    assert main_view.messages == []


def test_role_and_section_filters(main_view, main_graph):
    page = main_view.page
    kind = dict(main_graph.nodes(data="type"))
    edge_ids = main_view.js("() => Object.fromEntries(fengongView.links.map(l => [l.id, l.role]))")
    page.uncheck('#role-filter input[value="responsible"]')
    shown = main_view.visible_edges()
    assert not [e for e in shown if edge_ids.get(e) == "responsible"]
    assert {e for e, r in edge_ids.items() if r in ("lead", "prose")} <= shown
    leaders = {u for u, _, t in main_graph.edges(data="type") if t in ("lead", "prose")}
    units = {n for n in main_view.visible_nodes() if kind[n] in ("Unit", "UnitGroup")}
    assert units == leaders
    page.check('#role-filter input[value="responsible"]')

    section = "sec:source:2"  # 二、主要指标
    assert main_graph.nodes[section]["title"] == "主要指标"
    inside = nx_descendants(main_graph, section)
    page.select_option("#section-filter", section)
    shown = main_view.visible_nodes()
    assert {n for n in shown if kind[n] == "Task"} == {n for n in inside if kind[n] == "Task"}
    assert {n for n in shown if kind[n] in ("Unit", "UnitGroup")} == {
        u for u, v, t in main_graph.edges(data="type") if v in inside and t in ("lead", "responsible", "prose")}
    main_view.js("(id) => fengongView.focusNode(id)", FGW)
    lead = page.locator('#panel .role-group[data-role="lead"] li.task-entry')
    assert lead.count() == 34  # every mention is in the panel (and printed) …
    shown = sum(1 for _, v, t in main_graph.out_edges(FGW, data="type") if t == "lead" and v in inside)
    assert 0 < shown < 34
    assert len([b for b in lead.all() if b.is_visible()]) == shown  # … those the filter hides are not shown
    assert "被角色、文件或章节筛选隐藏" in page.text_content("#panel-body")
    page.select_option("#section-filter", "")
    assert main_view.drawn() == (main_graph.number_of_nodes(), main_graph.number_of_edges())
    assert main_view.messages == []


def nx_descendants(G, node):
    """``node`` and everything below it through ``has_part`` edges."""
    seen, todo = {node}, [node]
    while todo:
        for _, child, t in G.out_edges(todo.pop(), data="type"):
            if t == "has_part" and child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def test_payloads_show_as_text_and_never_run(browser, payload_html, payload_graph):
    names = {a.get("name") for _, a in payload_graph.nodes(data=True)}
    assert {SCRIPT_UNIT, IMG_UNIT} <= names  # the payloads reached the graph: the test means something
    view = View(browser, payload_html)
    page = view.page
    try:
        assert view.messages == []
        assert view.requests == [view.url] and view.blocked == []
        assert view.js("() => window.__pwned") is None
        assert view.js("() => document.querySelectorAll('img, b').length") == 0
        assert view.js("() => document.scripts.length") == 3
        assert page.title() == PAYLOAD_TITLE
        assert page.text_content("#view-title") == PAYLOAD_TITLE
        assert view.drawn() == (payload_graph.number_of_nodes(), payload_graph.number_of_edges())

        page.fill("#search", "pwned=3")
        page.press("#search", "Enter")
        assert page.text_content("#panel-title") == SCRIPT_UNIT
        assert page.locator("#panel .task-text").all_text_contents() == [IMG_TASK]
        page.fill("#search", "onerror")
        assert page.locator("#search-results .hit-name").all_text_contents() == [IMG_UNIT]

        # the tooltip of a unit shows its name as plain text
        unit = next(n for n, a in payload_graph.nodes(data=True) if a.get("name") == IMG_UNIT)
        view.js("() => { document.getElementById('panel').hidden = true; }")
        view.js("(id) => fengongView.network.focus(id, {scale: 2, animation: false})", unit)
        x, y = view.node_on_screen(unit)
        page.mouse.move(x, y)
        page.mouse.move(x + 1, y + 1)
        tooltip = page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert tooltip.inner_text().splitlines()[0] == f"{IMG_UNIT}（荆门市）"  # with its jurisdiction
        # innerText turns line breaks into <br>; nothing else may become an element
        assert set(tooltip.evaluate("t => Array.from(t.querySelectorAll('*'), e => e.tagName)")) <= {"BR"}
        assert view.js("() => window.__pwned") is None
        assert view.messages == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "payload-view.png"))
    finally:
        view.close()


def test_screenshot_of_the_main_document(main_view):
    ARTIFACTS.mkdir(exist_ok=True)
    overview = ARTIFACTS / "main-view.png"
    main_view.page.screenshot(path=str(overview))
    main_view.page.fill("#search", "发改委")
    main_view.page.press("#search", "Enter")
    focused = ARTIFACTS / "main-view-focused.png"
    main_view.page.screenshot(path=str(focused))
    assert overview.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and overview.stat().st_size > 50_000
    assert focused.stat().st_size > 50_000
    assert main_view.messages == []
