"""The network view as staff use it, in Chromium: the unit table, sizes, the first screen,
the address bar, search by abbreviation, print and export, phones, keyboard and contrast.

Driven like tests/test_html_browser.py (Debian's Chromium through playwright, never
skipped). The main document's view answers the first question staff ask — which
departments lead the most tasks — and a corpus view (the main document, the development
corpus and a payload document, drawn whole) shows where each unit belongs.
"""

from __future__ import annotations

import io
import logging
import math
import re
import unicodedata
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text
from test_html_browser import ARTIFACTS, FGW, View, _lead_tasks, browser  # noqa: F401 (browser is a fixture)
from test_html_overview_data import corpus_docs, corpus_graph

from fengong.graph.build import to_networkx
from fengong.graph.html import write_html
from fengong.graph.layout import wrap_label
from fengong.graph.tables import unit_counts
from fengong.parser.normalize import fold

PHONE = {"width": 390, "height": 844}
#: Every fillText of the page recorded until the first frame is drawn (the page sets
#: body[data-ready] once vis-network and the labels have drawn it).
FIRST_FRAME = """
(() => {
  const calls = window.__firstFrame = [];
  const fill = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, ...rest) {
    if (!(document.body && document.body.dataset.ready === "true")) calls.push([String(text), this.font]);
    return fill.call(this, text, x, y, ...rest);
  };
})();
"""
#: Controls a reader works with.
CONTROLS = "input, select, button, summary, textarea, a[href], [tabindex]:not([tabindex='-1'])"


@pytest.fixture(scope="module")
def main_graph(doc):
    return to_networkx([doc])


@pytest.fixture(scope="module")
def main_html(main_graph, doc, tmp_path_factory) -> Path:
    return write_html(main_graph, tmp_path_factory.mktemp("use") / "source.html")


@pytest.fixture(scope="module")
def corpus():
    return corpus_graph(corpus_docs())


@pytest.fixture(scope="module")
def corpus_html(corpus, tmp_path_factory) -> Path:
    return write_html(corpus, tmp_path_factory.mktemp("use") / "corpus.html")


@pytest.fixture
def view(browser, main_html):  # noqa: F811
    opened = View(browser, main_html)
    yield opened
    opened.close()


def table_rows(page) -> list[list[str]]:
    return page.locator("#unit-table tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells, c => c.textContent))")


def table_head(page) -> list[str]:
    return page.locator("#unit-table thead th").evaluate_all("hs => hs.map(h => h.textContent)")


def column(page, label: str) -> int:
    return table_head(page).index(label)


def panel_unit(page) -> str | None:
    return None if page.is_hidden("#panel") else page.get_attribute("#panel", "data-node")


# ---- the unit table ------------------------------------------------------------------------

def test_the_unit_table_ranks_units_by_tasks_led(view, main_graph):
    page = view.page
    page.click("#tab-units")
    assert page.is_visible("#unit-table") and page.is_hidden("#network-pane")
    head = table_head(page)
    assert head[:8] == ["单位", "地区", "类型", "牵头", "责任", "配合", "合计", "带动单位数"]
    assert {"协作量", "桥梁作用", "综合影响力", "核心圈程度"} <= set(head)
    rows = table_rows(page)
    counts = {r["name"]: r for r in unit_counts(main_graph)}
    assert len(rows) == len(counts) == 78
    assert rows[0][:4] == ["市发改委", "荆门市", "政府部门", "34"]
    led = [int(r[3]) for r in rows]
    assert led == sorted(led, reverse=True)
    for row in rows:  # what `fengong units` says, row by row
        c = counts[row[0]]
        assert [int(x) for x in row[3:7]] == [c["led"], c["responsible"], c["supported"], c["total"]], row[0]
    # a real table: headers for columns and rows, a one-line explanation for every measure
    assert page.locator("#unit-table thead th[scope=col]").count() == len(head)
    assert page.locator("#unit-table tbody th[scope=row]").count() == 78
    assert page.get_attribute("#unit-table thead th:nth-child(4)", "aria-sort") == "descending"
    notes = page.text_content("#measure-notes")
    assert "综合影响力" in notes and "PageRank" in notes and "桥梁作用" in notes
    # sortable from the keyboard: the headers are buttons
    sort = page.locator("#unit-table thead th", has_text="综合影响力").locator("button")
    sort.focus()
    page.keyboard.press("Enter")
    values = [r[column(page, "综合影响力")] for r in table_rows(page)]
    shares = [float(v.rstrip("%")) for v in values if v != "—"]
    assert shares == sorted(shares, reverse=True) and values[0] == f"{shares[0]}%"
    page.keyboard.press("Enter")
    assert page.get_attribute("#unit-table thead th:nth-child(" + str(column(page, "综合影响力") + 1) + ")",
                              "aria-sort") == "ascending"
    # a row opens the unit's panel
    page.locator("#unit-table tbody tr", has_text="市经信局").first.click()
    assert page.text_content("#panel-title") == "市经信局"
    assert view.messages == []


def test_the_unit_table_follows_the_filters_and_the_search(view, main_graph):
    page = view.page
    page.click("#tab-units")
    page.uncheck('#role-filter input[value="lead"]')
    page.uncheck('#role-filter input[value="prose"]')
    rows = table_rows(page)
    responsible = {u for u, _, t in main_graph.edges(data="type") if t == "responsible"}
    assert {r[0] for r in rows} == {main_graph.nodes[u]["name"] for u in responsible}
    page.check('#role-filter input[value="lead"]')
    page.check('#role-filter input[value="prose"]')
    # in a section, the tasks are counted in that section
    page.select_option("#section-filter", "sec:source:2")
    inside = {v for u, v, t in main_graph.edges(data="type") if t == "has_part" and u.startswith("sec:source:2")}
    led = sum(1 for _, v, t in main_graph.out_edges(FGW, data="type") if t == "lead" and v in inside)
    row = next(r for r in table_rows(page) if r[0] == "市发改委")
    assert int(row[3]) == led < 34
    assert "按筛选与查找" in page.text_content("#table-count")
    page.select_option("#section-filter", "")
    # the search box narrows the table as staff type
    page.fill("#search", "局")
    rows = table_rows(page)
    assert rows and all("局" in r[0] for r in rows)
    page.click("#units-pane", position={"x": 900, "y": 500})  # the hits close
    assert page.text_content("#table-clear") == "不按“局”查找"
    page.click("#table-clear")  # the table says it is narrowed, and widens again in one click
    assert page.input_value("#search") == "" and len(table_rows(page)) == 78
    assert page.is_hidden("#table-clear")
    assert view.messages == []


def test_the_table_downloads_as_csv_and_copies_as_columns(view):
    page = view.page
    page.click("#tab-units")
    with page.expect_download() as got:
        page.click("#table-csv")
    text = Path(got.value.path()).read_bytes().decode("utf-8")
    assert got.value.suggested_filename.endswith(".csv")
    assert text.startswith("\ufeff单位,地区,类型,牵头,责任,配合,合计,")
    lines = text.strip().splitlines()
    assert len(lines) == 79 and lines[1].startswith("市发改委,荆门市,政府部门,34,47,0,81,")
    # 导出表格 in the bar: the table as it is shown
    page.fill("#search", "市委")
    page.click("#units-pane", position={"x": 900, "y": 500})  # the list of hits closes; the table stays narrowed
    with page.expect_download() as got:
        page.click("#export-csv")
    shown = Path(got.value.path()).read_bytes().decode("utf-8").strip().splitlines()
    assert 1 < len(shown) - 1 == len(table_rows(page)) < 78
    # 复制: tab-separated, as a spreadsheet pastes it
    page.evaluate("() => { window.__copied = null; navigator.clipboard.writeText = "
                  "(t) => { window.__copied = t; return Promise.resolve(); }; }")
    page.click("#table-copy")
    page.wait_for_function("() => window.__copied !== null")
    copied = page.evaluate("() => window.__copied").splitlines()
    assert copied[0].split("\t")[:4] == ["单位", "地区", "类型", "牵头"]
    assert len(copied) == len(shown)
    assert "已复制" in page.text_content("#copy-status")
    assert view.messages == []


# ---- sizes, the first screen, the selection ----------------------------------------------------

def test_units_are_sized_by_tasks_led_and_the_legend_says_so(view):
    page = view.page
    sizes = view.js("() => Object.fromEntries(fengongView.nodes.get().filter(n => n.id.startsWith('unit:'))"
                    ".map(n => [n.id, n.size]))")
    assert max(sizes, key=sizes.get) == FGW
    assert page.input_value("#size-by") == "degree_lead"
    assert "大小：牵头任务数" in page.text_content("#legend")
    page.select_option("#size-by", "pagerank")
    assert "大小：综合影响力" in page.text_content("#legend")
    assert "PageRank" in page.text_content("#legend")  # with what the word means
    resized = view.js("() => Object.fromEntries(fengongView.nodes.get().filter(n => n.id.startsWith('unit:'))"
                      ".map(n => [n.id, n.size]))")
    assert resized != sizes
    assert "size=pagerank" in page.url
    # the panel says what a measure means, never a bare "PageRank：0.1260"
    view.js("(id) => fengongView.focusNode(id)", FGW)
    meta = page.text_content("#panel-meta")
    assert not re.search(r"PageRank\s*[:：]\s*0\.\d", meta)
    assert "综合影响力12.6%，第 1 名／54" in meta
    assert "牵头 34 项" in meta and "地区：荆门市" in meta
    explain = page.locator("#panel-meta .measures dd .explain").all_text_contents()
    assert len(explain) == 5 and all(explain)
    assert view.messages == []


def test_the_first_frame_shows_the_leading_units_legibly(browser, main_html, main_graph):  # noqa: F811
    view = View(browser, main_html, init=FIRST_FRAME)
    try:
        calls = view.js("() => window.__firstFrame")
        sizes: dict[str, float] = {}
        for text, font in calls:
            px = float(re.search(r"([\d.]+)px", font).group(1))
            sizes[text] = max(sizes.get(text, 0), px)
        names = {a["name"] for _, a in main_graph.nodes(data=True) if a["type"] in ("Unit", "UnitGroup")}
        # a long name is drawn in lines (wrap_label): drawn when each of its lines is
        legible = {n for n in names if all(sizes.get(line, 0) >= 12 for line in wrap_label(n).split("\n"))}
        assert len(legible) >= 10, sorted(legible)
        assert {"市发改委", "市经信局", "市农业农村局"} <= legible  # the units that lead most
        assert min(sizes.values()) >= 12  # nothing is drawn too small to read
        # the page's own account of the frame says the same
        first = view.js("() => fengongView.firstLabels")
        assert {lab["text"] for lab in first if lab["kind"] in ("Unit", "UnitGroup") and lab["px"] >= 12} <= legible
        # more names appear as the reader zooms in
        view.js("() => { const n = fengongView.network; n.moveTo({scale: n.getScale() * 2.5, animation: false}); n.redraw(); }")
        assert len([lab for lab in view.js("() => fengongView.labels()") if lab["kind"] == "Task"]) > 0
        assert view.messages == []
    finally:
        view.close()


def test_tasks_are_labelled_by_their_words_when_zoomed_in(view, main_graph):
    view.js("(id) => { const n = fengongView.network; n.focus(id, {scale: 2.5, animation: false}); n.redraw(); }",
            "task:source:3.1#1")
    tasks = [lab for lab in view.js("() => fengongView.labels()") if lab["kind"] == "Task"]
    assert tasks and not [lab for lab in tasks if re.fullmatch(r"[\d.]+#\d+", lab["text"])]
    assert "夯实创新第一动力" in {lab["text"] for lab in tasks}
    assert all(main_graph.nodes[lab["id"]]["text"].startswith(lab["text"].rstrip("…")) for lab in tasks)


def _gap(p, a, b) -> float:
    """How far point ``p`` is from the segment ``a``–``b``."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / ((dx * dx + dy * dy) or 1.0)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def test_selecting_a_unit_fades_everything_but_its_neighbourhood(view, main_graph):
    page = view.page
    where = {n["id"]: (n["x"], n["y"]) for n in view.js("() => fengongView.data.nodes")}
    near = {FGW} | {v for _, v in main_graph.out_edges(FGW)}
    # another large unit, and the one furthest from every edge of the selection (those are
    # drawn again above the veil)
    units = [u for u, a in main_graph.nodes(data=True) if a["type"] == "Unit" and u not in near
             and view.js("(id) => fengongView.nodes.get(id).size", u) >= 12]
    other = max(units, key=lambda u: min(_gap(where[u], where[FGW], where[v]) for v in near - {FGW}))

    def pixel(node):
        """The mean colour of the 9 × 9 pixels at the middle of ``node`` (an edge drawn across
        it covers a few of them)."""
        x, y = view.node_on_screen(node)
        box = page.locator("#network").bounding_box()
        return view.js("""([x, y]) => {
            const c = document.querySelector('#network canvas'), r = window.devicePixelRatio;
            const copy = document.createElement('canvas'); copy.width = c.width; copy.height = c.height;
            const ctx = copy.getContext('2d', {willReadFrequently: true}); ctx.drawImage(c, 0, 0);
            const d = ctx.getImageData(Math.round(x * r) - 4, Math.round(y * r) - 4, 9, 9).data, mean = [0, 0, 0, 0];
            for (let k = 0; k < d.length; k++) mean[k % 4] += d[k] / 81;
            return mean.map(Math.round); }""", [x - box["x"], y - box["y"]])

    show_both = "(ids) => { const n = fengongView.network; n.fit({nodes: ids, animation: false}); n.redraw(); }"
    view.js(show_both, [FGW, other])
    before = pixel(other)
    assert before[3] > 250 and sum(before[:3]) < 450  # drawn in its colour
    view.js("(id) => fengongView.showPanel(id)", FGW)
    view.js(show_both, [FGW, other])
    after, selected = pixel(other), pixel(FGW)
    assert sum(after[:3]) > 600  # another unit: faded to near white
    assert selected[3] > 250 and sum(selected[:3]) < 450  # the selected unit keeps its colour
    # the labels drawn are the selection's and its neighbours' only
    near = {FGW} | {v for _, v in main_graph.out_edges(FGW)}
    shown = {lab["id"] for lab in view.js("() => fengongView.labels()")}
    assert FGW in shown and shown <= near
    page.keyboard.press("Escape")
    assert page.is_hidden("#panel")
    assert sum(pixel(other)[:3]) < 450
    assert view.messages == []


# ---- the address bar ----------------------------------------------------------------------

def test_a_link_to_a_unit_opens_its_panel_and_back_returns(browser, main_html):  # noqa: F811
    view = View(browser, main_html, fragment="#unit=市发改委")
    page = view.page
    try:
        assert panel_unit(page) == FGW
        assert page.text_content("#panel-title") == "市发改委"
        assert view.js("() => fengongView.network.getSelectedNodes()") == [FGW]
        # each selection is a history entry
        view.js("(id) => fengongView.focusNode(id)", "unit:荆门市:荆门市经济和信息化局")
        assert "unit=%E5%B8%82%E7%BB%8F%E4%BF%A1%E5%B1%80" in page.url  # 市经信局
        page.select_option("#section-filter", "sec:source:3")  # a filter replaces the entry
        assert "section=3" in page.url
        page.go_back()
        page.wait_for_function("() => document.getElementById('panel').dataset.node !== 'unit:荆门市:荆门市经济和信息化局'")
        assert panel_unit(page) == FGW and page.text_content("#panel-title") == "市发改委"
        assert page.input_value("#section-filter") == ""
        page.go_forward()
        page.wait_for_function("() => document.getElementById('panel').dataset.node === 'unit:荆门市:荆门市经济和信息化局'")
        assert page.input_value("#section-filter") == "sec:source:3"
        assert view.messages == []
    finally:
        view.close()


def test_the_address_holds_the_filters_and_back_closes_the_panel(browser, view):  # noqa: F811
    page = view.page
    start = page.url
    page.fill("#search", "发改委")
    page.press("#search", "Enter")
    assert "unit=" in page.url
    page.uncheck('#role-filter input[value="responsible"]')
    page.select_option("#size-by", "betweenness")
    page.click("#tab-units")
    state = dict(p.split("=", 1) for p in page.url.split("#", 1)[1].split("&"))
    assert state["role"] == "lead%2Cprose" and state["size"] == "betweenness" and state["tab"] == "units"
    link = page.url
    page.go_back()
    page.wait_for_function("() => document.getElementById('panel').hidden")
    assert page.url.split("#")[0] == start.split("#")[0] and "unit=" not in page.url
    # the link, opened anew, restores all of it
    again = View(browser, Path(link.split("#")[0].removeprefix("file://")), fragment="#" + link.split("#", 1)[1])
    try:
        p2 = again.page
        assert panel_unit(p2) == FGW
        assert not p2.is_checked('#role-filter input[value="responsible"]')
        assert p2.input_value("#size-by") == "betweenness"
        assert p2.get_attribute("#tab-units", "aria-selected") == "true" and p2.is_visible("#unit-table")
        assert again.messages == []
    finally:
        again.close()


# ---- search --------------------------------------------------------------------------------------

def test_search_finds_a_unit_however_it_is_written(view):
    page = view.page
    for typed in ["发展改革委", "发展和改革委员会", "荆门发改委", "荆门市发展改革委", "市发展改革委员会", "发改委"]:
        page.fill("#search", typed)
        assert page.get_attribute("#search-results li:first-child button", "data-node") == FGW, typed
    page.fill("#search", "人力资源和社会保障")
    assert page.locator("#search-results li:first-child .hit-name").text_content() == "市人社局"
    page.fill("#search", "住房和城乡建设")
    assert page.locator("#search-results li:first-child .hit-name").text_content() == "市住建局"
    # every hit says where the unit belongs
    page.fill("#search", "市")
    places = page.locator("#search-results .hit-place").all_text_contents()
    assert places and set(places) == {"荆门市"}
    assert view.messages == []


def test_the_page_keys_what_is_typed_as_name_key_does(browser, corpus_html, corpus):  # noqa: F811
    """The search box computes the key of what is typed in the page (search_fold.js); it must
    be the key fengong.graph.names.name_key gives, for every form in the abbreviation data and
    every unit name, in each jurisdiction of the view."""
    from fengong.graph.names import load_abbreviations, name_key

    forms = [f for group in load_abbreviations().groups for f in group]
    names = sorted({str(a.get(k) or "") for _, a in corpus.nodes(data=True) if a["type"] in ("Unit", "UnitGroup")
                    for k in ("name", "full_name")} - {""})
    typed = ["荆门 发改委", "中共荆门市委组织部", "荆门市人社局", "国家发展和改革委员会", "湘西州委编办", "发改", "局"]
    places = sorted({str(a.get("jurisdiction") or "") for _, a in corpus.nodes(data=True)})
    assert {"荆门市", "中央", "湘西自治州", "广东省", ""} <= set(places)
    cases = [(t, j) for t in forms + names + typed for j in places]
    view = View(browser, corpus_html)
    try:
        keys = view.js("(cases) => cases.map(([t, j]) => fengongView.nameKey(t, j))", cases)
        assert [(t, j, k) for (t, j), k in zip(cases, keys) if k != name_key(t, j)] == []
    finally:
        view.close()


def test_the_corpus_view_says_where_each_unit_belongs(browser, corpus_html, corpus):  # noqa: F811
    view = View(browser, corpus_html)
    page = view.page
    try:
        documents = sum(1 for _, t in corpus.nodes(data="type") if t == "Document")
        title = page.title()
        assert title.startswith(f"{documents} 份文件：荆门市国民经济") and page.text_content("#view-title") == title
        assert page.locator("#doc-list li").count() == documents > 2
        page.fill("#search", "发改委")  # written 发展改革委 in three of the documents
        hits = page.locator("#search-results button").evaluate_all(
            "bs => bs.map(b => [b.dataset.node, b.querySelector('.hit-place').textContent])")
        found = dict(hits)
        assert {"unit:荆门市:荆门市发展和改革委员会", "unit:中央:发展改革委", "unit:广东省:省发展改革委",
                "unit:四川省:省发展改革委"} <= set(found)
        assert found["unit:广东省:省发展改革委"] == "广东省" and found["unit:四川省:省发展改革委"] == "四川省"
        assert found["unit:中央:发展改革委"] == "中央"
        # a unit of no known jurisdiction belongs to its document, which is named instead
        scoped = [n for n in found if n.startswith("unit:doc:")]
        assert scoped
        for unit in scoped:
            title = corpus.nodes["doc:" + unit.split(":")[2]]["title"]
            assert found[unit] == "《" + (title if len(title) <= 20 else title[:19] + "…") + "》", unit
        # the tooltip and the panel say it too
        tip = view.js("(id) => fengongView.nodes.get(id).title", "unit:四川省:省发展改革委")
        assert tip.splitlines()[0] == "省发展改革委（四川省）"
        view.js("(id) => fengongView.focusNode(id)", "unit:四川省:省发展改革委")
        assert "地区：四川省" in page.text_content("#panel-meta")
        # the table's 地区 column, and a document filter
        page.click("#tab-units")
        rows = [r for r in table_rows(page) if r[0] == "省发展改革委"]
        assert {"四川省", "广东省"} <= {r[1] for r in rows} and len({r[1] for r in rows}) == len(rows)
        assert page.is_visible("#doc-filter") or page.locator("#doc-pick").is_hidden() is False
        sichuan = view.js("() => fengongView.data.docs.find(d => d.jurisdiction === '四川省').key")
        page.select_option("#doc-filter", label=page.locator("#doc-filter option", has_text="四川省").text_content())
        assert f"doc={sichuan}" in page.url.replace("%2D", "-")
        assert {r[1] for r in table_rows(page)} == {"四川省"}
        assert view.messages == []
    finally:
        view.close()


# ---- print and export --------------------------------------------------------------------------

def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", fold(unicodedata.normalize("NFKC", text)))


def _printed(text: str) -> re.Pattern:
    """``text`` as Chromium's PDF gives it back. A CJK font draws some ideographs with the
    glyph of a radical or of a variant (门 and ⻔ are one glyph, 户 and 戶 another), and the
    PDF's text names that glyph by the lowest code point the font gives it. So both texts are
    read folded (traditional characters as simplified, :func:`fengong.parser.normalize.fold`),
    an ideograph may also come back as a radical (U+2E80–U+2FDF, which no task text holds),
    and an em dash as a horizontal bar: nothing else may differ."""
    radical = "[\u2e80-\u2fdf]"
    alike = {"—": "[—―]"}  # an em dash comes back as a horizontal bar, for the same reason
    return re.compile("".join(f"(?:{re.escape(ch)}|{radical})" if "\u3400" <= ch <= "\u9fff" else
                              alike.get(ch, re.escape(ch)) for ch in _squeeze(text)))


def _pdf_text(pdf: bytes) -> str:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns about every CJK font it reads
    return _squeeze(extract_text(io.BytesIO(pdf)))


def test_printing_a_unit_gives_its_whole_task_list_and_the_table(view, main_graph, tmp_path):
    page = view.page
    page.fill("#search", "发改委")
    page.press("#search", "Enter")
    page.fill("#search", "")  # the search box narrows the table too: the whole table, please
    page.uncheck('#role-filter input[value="responsible"]')  # a filter hides some on the screen …
    pdf = page.pdf(path=str(tmp_path / "fgw.pdf"), format="A4")
    text = _pdf_text(pdf)
    lead = _lead_tasks(main_graph, FGW)
    assert len(lead) == 34
    missing = [t for t in lead if not _printed(t).search(text)]
    assert missing == []
    responsible = [main_graph.nodes[v]["text"] for _, v, t in main_graph.out_edges(FGW, data="type") if t == "responsible"]
    assert [t for t in responsible if not _printed(t).search(text)] == []  # … and print lists them all
    panel = _printed("荆门市发展和改革委员会").search(text)
    table = _printed("各单位承担的任务与网络指标").search(text)  # the table's caption
    assert panel and table and panel.start() < table.start()  # the unit's panel first, then the table
    for row in unit_counts(main_graph):  # every row of it that the role filter leaves
        if row["led"] or row["supported"] or row["guided"] or row["prose"]:
            assert _printed(row["name"]).search(text, table.start()), row["name"]
    (ARTIFACTS / "print-fgw.pdf").parent.mkdir(exist_ok=True)
    (ARTIFACTS / "print-fgw.pdf").write_bytes(pdf)
    assert view.messages == []


def test_the_network_exports_as_an_image(view):
    page = view.page
    with page.expect_download() as got:
        page.click("#export-png")
    data = Path(got.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and got.value.suggested_filename.endswith(".png")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    box = page.locator("#network").bounding_box()
    assert (width, height) == (round(box["width"]), round(box["height"]))
    assert view.messages == []


# ---- phones, keyboard, contrast --------------------------------------------------------------------

def _outside(page, selector: str, scroll: bool = False) -> list[str]:
    """The controls under ``selector`` drawn outside the viewport (each scrolled into view
    first where ``scroll``: reachable by scrolling is in reach)."""
    return page.evaluate("""([selector, controls, scroll]) => {
        const W = window.innerWidth, H = window.innerHeight, out = [];
        document.querySelectorAll(selector).forEach((root) => root.querySelectorAll(controls).forEach((c) => {
            if (!c.getClientRects().length || getComputedStyle(c).visibility === 'hidden') return;
            if (scroll) c.scrollIntoView({block: 'nearest', inline: 'nearest'});
            const r = c.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) return;
            if (r.left < -0.5 || r.top < -0.5 || r.right > W + 0.5 || r.bottom > H + 0.5)
                out.push((c.id || c.tagName + ':' + c.textContent.slice(0, 12)) + ' ' + [r.left, r.top, r.right, r.bottom].map(Math.round));
        }));
        return out;
    }""", [selector, CONTROLS, scroll])


def test_on_a_phone_every_control_is_in_reach(browser, main_html):  # noqa: F811
    view = View(browser, main_html, viewport=PHONE)
    page = view.page
    try:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert not page.locator("#legend details").evaluate("d => d.open")  # the legend starts closed
        assert _outside(page, "body") == []
        page.click("#tools > summary")  # the filters, open
        assert page.is_visible("#role-filter") and _outside(page, "body") == []
        page.click("#legend summary")
        assert _outside(page, "body") == []
        page.fill("#search", "发改委")
        assert _outside(page, "#bar") == []
        page.press("#search", "Enter")
        assert page.is_visible("#panel-close") and _outside(page, "#panel", scroll=True) == []
        page.click("#panel-close")
        page.click("#tab-units")
        assert _outside(page, "#bar") == [] and _outside(page, "#units-pane", scroll=True) == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "phone-table.png"))
        assert view.messages == []
    finally:
        view.close()


def test_keyboard_search_panel_and_escape(view, main_graph):
    page = view.page
    page.focus("#search")
    page.keyboard.type("发改委")
    page.keyboard.press("Enter")
    assert view.js("() => document.activeElement.id") == "panel"
    order = []
    for _ in range(40):
        page.keyboard.press("Tab")
        order.append(view.js("() => { const a = document.activeElement; return a.id || a.className || a.tagName; }"))
    assert order[0] == "panel-close"
    entries = [o for o in order if o.startswith("task-entry")]
    assert len(entries) >= 30  # the task entries follow, one Tab each, in the panel's order
    focused = []
    page.focus("#panel-close")
    for _ in range(6):
        page.keyboard.press("Tab")
        item = view.js("() => document.activeElement.dataset.item || null")
        if item:
            focused.append(item)
    lead = sorted((main_graph.nodes[v]["start"], d["start"], v) for _, v, d in main_graph.out_edges(FGW, data=True)
                  if d["type"] == "lead")
    assert focused == [v for *_, v in lead][:len(focused)] and focused
    # Escape closes the panel from anywhere, and the focus goes back to the search box
    page.keyboard.press("Escape")
    assert page.is_hidden("#panel")
    assert view.js("() => document.activeElement.id") == "search"
    view.js("(id) => fengongView.focusNode(id)", FGW)
    page.focus("#section-filter")
    page.keyboard.press("Escape")
    assert page.is_hidden("#panel")
    assert view.messages == []


CONTRAST = """() => {
  function rgba(text) {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(',').map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function over(top, under) {
    const a = top[3];
    return [0, 1, 2].map((k) => top[k] * a + under[k] * (1 - a)).concat([1]);
  }
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
  }
  function luminance(c) {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  }
  const low = [];
  document.querySelectorAll('body *').forEach((el) => {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') return;
    if (el.closest('select') || el.closest('script') || el.closest('[aria-hidden="true"]')) return;
    const bg = background(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) low.push(el.tagName + '.' + el.className + ' "' + el.textContent.trim().slice(0, 16) + '" ' + ratio.toFixed(2));
  });
  return low;
}"""


def test_text_contrast_is_at_least_4_5(view):
    page = view.page
    assert view.js(CONTRAST) == []
    page.fill("#search", "发改委")
    assert view.js(CONTRAST) == []
    page.press("#search", "Enter")
    page.uncheck('#role-filter input[value="responsible"]')
    assert view.js(CONTRAST) == []
    page.click("#tab-units")
    assert view.js(CONTRAST) == []


def test_screenshots_desktop_and_phone(browser, main_html):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    for name, viewport in (("desktop", None), ("phone", PHONE)):
        view = View(browser, main_html, viewport=viewport)
        try:
            view.page.screenshot(path=str(ARTIFACTS / f"use-{name}.png"))
            view.page.fill("#search", "发改委")
            view.page.press("#search", "Enter")
            view.page.screenshot(path=str(ARTIFACTS / f"use-{name}-unit.png"))
            view.page.keyboard.press("Escape")
            view.page.click("#tab-units")
            view.page.screenshot(path=str(ARTIFACTS / f"use-{name}-table.png"))
            assert view.messages == []
        finally:
            view.close()
    assert (ARTIFACTS / "use-phone-unit.png").stat().st_size > 20_000
