"""The corpus overview in a real browser: Debian's Chromium driven by playwright.

The corpus is the one of tests/test_html_overview_data.py (the main document, the
development corpus and a document of payloads), with the overview asked for
(``overview_above=0``) since it is far below the size at which a build switches to it.
Never skipped: without /usr/bin/chromium the tests fail and say what to install.

The overview draws units only; the page uses each unit's index in the data's unit table as
its vis-network id, and ``fengongView.unitIndex`` / ``unitId`` translate to and from the
plan graph's node ids.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from test_html_browser import ARTIFACTS, View, browser  # noqa: F401 (browser is a fixture)
from test_html_overview_data import (CZB, FGW, PAYLOAD_TITLE, SCRIPT_UNIT, UNITS, corpus_docs, corpus_graph,
                                     document_of, unit_ids)

from fengong.graph.html import write_html
from fengong.graph.overview import overview_data
from fengong.graph.projection import co_assignment_graph
from fengong.graph.schema import ROLE_EDGE_TYPES

CAP = 25


@pytest.fixture(scope="module")
def G():
    return corpus_graph(corpus_docs())


@pytest.fixture(scope="module")
def overview_html(G, tmp_path_factory) -> Path:
    return write_html(G, tmp_path_factory.mktemp("overview") / "corpus.html", "语料总览", overview_above=0)


@pytest.fixture(scope="module")
def capped_html(G, tmp_path_factory) -> Path:
    return write_html(G, tmp_path_factory.mktemp("overview") / "capped.html", "语料总览", overview_above=0,
                      max_units=CAP)


@pytest.fixture
def view(browser, overview_html):  # noqa: F811 (browser is the imported fixture)
    opened = View(browser, overview_html)
    yield opened
    opened.close()


def index_of(view: View, unit: str) -> int:
    return view.js("(id) => fengongView.unitIndex(id)", unit)


def drawn_units(view: View) -> set[str]:
    return set(view.js("() => fengongView.network.body.nodeIndices.map((i) => fengongView.unitId(Number(i)))"))


def tasks_by_document(G, unit) -> dict[str, Counter]:
    """For each document title, how many mentions of ``unit`` there are in each role."""
    found: dict[str, Counter] = {}
    for _, item, d in G.out_edges(unit, data=True):
        if d["type"] in ROLE_EDGE_TYPES:
            doc = document_of(G, item)
            found.setdefault(G.nodes[doc]["title"] or doc, Counter())[d["type"]] += 1
    return found


def test_loads_offline_and_draws_the_units_and_their_co_assignments(view, G):
    assert view.messages == []
    assert view.blocked == [] and view.requests == [view.url]
    units = {n for n, t in G.nodes(data="type") if t in UNITS}
    assert drawn_units(view) == units
    assert view.drawn() == (len(units), co_assignment_graph(G).number_of_edges())
    assert view.js("() => fengongView.network.physics.physicsEnabled") is False
    assert view.page.title() == "语料总览"
    assert view.page.is_hidden("#cap-note")
    stats = view.page.text_content("#stats")
    assert f"单位 {len(units)}" in stats and f"图中 {len(units)} 个单位" in stats


def test_search_focuses_the_unit(view):
    page = view.page
    page.fill("#search", "荆门市发改委")  # jurisdiction and name run together
    assert page.get_attribute("#search-results li:first-child button", "data-node") == FGW
    page.fill("#search", "发改委")
    assert FGW in page.locator("#search-results button").evaluate_all("bs => bs.map(b => b.dataset.node)")
    page.fill("#search", "荆门市 发展和改革")  # a jurisdiction and part of the full name
    assert page.get_attribute("#search-results li:first-child button", "data-node") == FGW
    page.press("#search", "Enter")
    assert view.js("() => fengongView.network.getSelectedNodes()") == [index_of(view, FGW)]
    assert page.text_content("#panel-title") == "市发改委"
    assert page.get_attribute("#panel", "data-node") == FGW
    assert page.is_hidden("#search-results")
    x, y = view.node_on_screen(index_of(view, FGW))
    net = page.locator("#network").bounding_box()
    panel = page.locator("#panel").bounding_box()
    assert abs(x - (net["x"] + (panel["x"] - net["x"]) / 2)) < 3
    assert abs(y - (net["y"] + net["height"] / 2)) < 3
    # a jurisdiction finds its units
    page.fill("#search", "中央")
    hits = page.locator("#search-results button").evaluate_all("bs => bs.map(b => b.dataset.node)")
    assert hits and all(h.startswith("unit:中央:") for h in hits)
    assert view.messages == []


def test_search_reads_traditional_and_simplified_alike(view):
    """The Xiangxi plan writes its units in traditional characters; the graph names them in
    simplified ones and keeps the written forms as spellings. Typed in either, or in a mix
    of the two that matches neither as it stands, they are found."""
    page = view.page
    for typed in ["州委编办", "州委編辦", "州委編办", "行政審批服务"]:
        page.fill("#search", typed)
        hits = page.locator("#search-results .hit-name").all_text_contents()
        assert hits and hits[0] in ("州委编办", "州行政审批服务局"), typed
    assert view.messages == []


def test_clicking_a_unit_lists_its_tasks_by_document_and_role(view, G):
    page = view.page
    view.js("(i) => { fengongView.network.focus(i, {scale: 1.5, animation: false}); }", index_of(view, FGW))
    x, y = view.node_on_screen(index_of(view, FGW))
    page.mouse.click(x, y)
    assert page.text_content("#panel-title") == "市发改委"
    expected = tasks_by_document(G, FGW)
    main_title = G.nodes["doc:source"]["title"]
    assert list(expected) == [main_title, PAYLOAD_TITLE] and expected[main_title]["lead"] == 34
    groups = page.locator("#panel .doc-group")
    assert groups.locator("h3").all_text_contents() == [f"{t} · {sum(c.values())}" for t, c in expected.items()]
    for k, (title, counts) in enumerate(expected.items()):
        group = groups.nth(k)
        roles = group.locator(".role-group").evaluate_all("gs => gs.map(g => g.dataset.role)")
        assert roles == [r for r in ROLE_EDGE_TYPES if counts[r]]
        for role in roles:
            assert group.locator(f'.role-group[data-role="{role}"] li.task-entry').count() == counts[role]
    lead = groups.nth(0).locator('.role-group[data-role="lead"]')
    texts = [G.nodes[v]["text"] for _, _, v in sorted(
        (G.nodes[v]["start"], d["start"], v) for _, v, d in G.out_edges(FGW, data=True)
        if d["type"] == "lead" and document_of(G, v) == "doc:source")]
    assert lead.locator(".task-text").all_text_contents() == texts
    first_trail = lead.locator(".trail").first.text_content()
    assert first_trail.startswith("二、主要指标 › ") and first_trail.endswith("2.1#1")
    # a central unit is named in both central documents
    view.js("(i) => fengongView.focusUnit(i)", index_of(view, CZB))
    expected = tasks_by_document(G, CZB)
    assert len(expected) == 2
    assert groups.locator("h3").all_text_contents() == [f"{t} · {sum(c.values())}" for t, c in expected.items()]
    assert view.messages == []


def test_filter_by_jurisdiction_and_by_document(view, G):
    page = view.page
    central = view.js("() => fengongView.data.jurisdictions.indexOf('中央')")
    page.select_option("#place-filter", f"j{central}")
    assert drawn_units(view) == {n for n, a in G.nodes(data=True)
                                 if a.get("type") in UNITS and a["jurisdiction"] == "中央"}
    docs = view.js("() => fengongView.data.docs.map(d => d[0])")
    main = docs.index(G.nodes["doc:source"]["title"])
    page.select_option("#place-filter", f"d{main}")
    assert drawn_units(view) == {u for u, v, t in G.edges(data="type")
                                 if t in ROLE_EDGE_TYPES and document_of(G, v) == "doc:source"}
    shown = len(drawn_units(view))
    assert f"图中 {shown} 个单位" in page.text_content("#stats")
    # searching a unit outside the filter shows everything again
    view.js("(i) => fengongView.focusUnit(i)", index_of(view, CZB))
    assert page.input_value("#place-filter") == ""
    assert view.drawn()[0] == sum(1 for _, t in G.nodes(data="type") if t in UNITS)
    assert view.messages == []


def test_capped_overview_says_so_and_search_still_finds_every_unit(browser, capped_html, G):  # noqa: F811
    data = overview_data(G, "t", max_units=CAP)
    total = data["limits"]["units"]
    view = View(browser, capped_html)
    page = view.page
    try:
        assert view.messages == [] and view.requests == [view.url]
        note = page.text_content("#cap-note")
        assert page.is_visible("#cap-note")
        assert f"最高的 {CAP} 个单位，共 {total} 个" in note and "可找到全部单位" in note
        drawn = {n[0] for n in data["nodes"]}
        assert view.drawn()[0] == CAP
        assert {int(i) for i in view.js("() => fengongView.network.body.nodeIndices")} == drawn
        # a unit that is not drawn: found, and its panel lists its tasks
        ids = unit_ids(data)
        hidden = max((i for i, u in enumerate(ids) if i not in drawn and u.startswith("unit:荆门市:")),
                     key=lambda i: (len(data["units"][i][8]), ids[i]))
        name = data["units"][hidden][1]
        page.fill("#search", f"荆门市{name}")
        hit = page.locator("#search-results li:first-child button")
        assert int(view.js("(id) => fengongView.unitIndex(id)", hit.get_attribute("data-node"))) == hidden
        assert "未在图中" in hit.text_content()
        hit.click()
        assert page.text_content("#panel-title") == name
        assert "未在图中显示" in page.text_content("#panel-meta")
        counts = tasks_by_document(G, ids[hidden])
        assert sum(sum(c.values()) for c in counts.values()) > 1
        assert page.locator("#panel .doc-group h3").all_text_contents() == [
            f"{t} · {sum(c.values())}" for t, c in counts.items()]
        assert view.js("() => fengongView.network.getSelectedNodes()") == []
        assert view.messages == []
    finally:
        view.close()


def test_payloads_show_as_text_and_never_run(view, G):
    page = view.page
    assert view.js("() => window.__pwned") is None
    assert view.js("() => document.querySelectorAll('img, b').length") == 0
    assert view.js("() => document.scripts.length") == 3
    page.fill("#search", "pwned=3")
    page.press("#search", "Enter")
    assert page.get_attribute("#panel", "data-node") == SCRIPT_UNIT
    assert page.text_content("#panel-title") == G.nodes[SCRIPT_UNIT]["name"]
    assert page.locator("#panel .doc-group h3").all_text_contents() == [f"{PAYLOAD_TITLE} · 1"]
    page.select_option("#place-filter", label="\u3000" + PAYLOAD_TITLE)
    assert view.js("() => window.__pwned") is None
    assert view.js("() => document.querySelectorAll('img, b').length") == 0
    assert view.messages == []


def test_screenshots(view):
    ARTIFACTS.mkdir(exist_ok=True)
    whole = ARTIFACTS / "overview.png"
    view.page.screenshot(path=str(whole))
    view.page.fill("#search", "荆门市发改委")
    view.page.press("#search", "Enter")
    focused = ARTIFACTS / "overview-focused.png"
    view.page.screenshot(path=str(focused))
    assert whole.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and whole.stat().st_size > 50_000
    assert focused.stat().st_size > 50_000
    assert view.messages == []


def test_the_unit_table_lists_every_unit_by_tasks_led(view, G):
    from test_html_use import column, table_head, table_rows

    page = view.page
    page.click("#tab-units")
    head = table_head(page)
    assert head[:3] == ["单位", "地区", "类型"] and "牵头" in head and "文件" in head and "综合影响力" in head
    rows = table_rows(page)
    units = [n for n, t in G.nodes(data="type") if t in UNITS]
    assert len(rows) == len(units)
    lead = column(page, "牵头")
    assert rows[0][0] == "市发改委" and rows[0][1] == "荆门市" and rows[0][lead] == "35"  # 34 + the payload's one
    assert rows[0][column(page, "文件")] == "2"
    page.select_option("#place-filter", label="\u3000" + G.nodes["doc:source"]["title"])
    assert "doc=source" in page.url
    row = next(r for r in table_rows(page) if r[0] == "市发改委")
    assert row[lead] == "34"  # counted in that document
    page.locator("#unit-table tbody tr", has_text="市经信局").first.click()
    assert page.text_content("#panel-title") == "市经信局"
    assert view.messages == []


def test_the_overview_s_address_bar_and_back(browser, overview_html):  # noqa: F811
    opened = View(browser, overview_html, fragment="#unit=市发改委")
    page = opened.page
    try:
        assert page.get_attribute("#panel", "data-node") == FGW
        assert "地区：荆门市" in page.text_content("#panel-meta")
        opened.js("(id) => fengongView.focusUnit(fengongView.unitIndex(id))", CZB)
        assert page.get_attribute("#panel", "data-node") == CZB
        page.go_back()
        page.wait_for_function(f"() => document.getElementById('panel').dataset.node === '{FGW}'")
        page.select_option("#size-by", "pagerank")
        assert "size=pagerank" in page.url and "大小：综合影响力" in page.text_content("#legend")
        assert opened.messages == []
    finally:
        opened.close()


def test_the_overview_finds_units_however_they_are_written(view):
    page = view.page
    page.fill("#search", "发展和改革委员会")
    hits = dict(page.locator("#search-results button").evaluate_all(
        "bs => bs.map(b => [b.dataset.node, b.querySelector('.hit-place').textContent])"))
    assert hits[FGW] == "荆门市" and hits["unit:中央:发展改革委"] == "中央"
    assert hits["unit:广东省:省发展改革委"] == "广东省" and hits["unit:四川省:省发展改革委"] == "四川省"
    page.fill("#search", "荆门发改委")
    assert page.get_attribute("#search-results li:first-child button", "data-node") == FGW
    assert view.messages == []


def test_the_overview_on_a_phone(browser, overview_html):  # noqa: F811
    from test_html_use import PHONE, _outside

    opened = View(browser, overview_html, viewport=PHONE)
    page = opened.page
    try:
        assert not page.locator("#legend details").evaluate("d => d.open")
        assert _outside(page, "body") == []
        page.click("#tools > summary")
        assert _outside(page, "body") == []
        page.fill("#search", "发改委")
        page.press("#search", "Enter")
        assert opened.js("() => document.activeElement.id") == "panel"
        assert _outside(page, "#panel", scroll=True) == []
        page.keyboard.press("Escape")
        assert page.is_hidden("#panel")
        assert opened.messages == []
    finally:
        opened.close()


def test_the_overview_s_text_contrast_is_at_least_4_5(view):
    from test_html_use import CONTRAST

    page = view.page
    assert view.js(CONTRAST) == []
    page.fill("#search", "发改委")
    assert view.js(CONTRAST) == []
    page.press("#search", "Enter")
    assert view.js(CONTRAST) == []
    page.click("#tab-units")
    assert view.js(CONTRAST) == []
