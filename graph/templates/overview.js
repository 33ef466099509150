/* The fengong corpus overview.
 *
 * Reads the data written by graph/overview.py (overview_data) from #fengong-data: units only,
 * joined by co-assignment edges, placed in Python. Draws the most central units with
 * vis-network (edges and labels drawn by common.js's layers) and wires the search box (over
 * every unit, drawn or not), the tabs (the network and the unit table), the jurisdiction and
 * document filter, the size switch, the legend, the side panel listing a unit's tasks by
 * document and role, the address bar, exports and print. Every text that comes from a
 * document reaches the page through textContent, a plain vis-network tooltip string or the
 * canvas's fillText, never as HTML.
 */
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("fengong-data").textContent);
  const { $, el, byText, formatValue } = Fengong;
  const U = DATA.units;
  const NAME = 1, FULL = 2, TYPE = 3, FLAGS = 4, ALIASES = 5, PLACE = 7, LINKS = 8, KEYS = 9;
  const PLACEHOLDER = 1, GROUP = 2, WRITTEN = 16, NOT_TASK = 32;
  const COUNTED = ["lead", "responsible", "support", "guide"];
  const places = DATA.jurisdictions;
  const roles = DATA.roles;
  const types = DATA.legend.unit_types;
  const limits = DATA.limits;
  const FONT = DATA.options.nodes.font.face;

  function placeName(p) {
    return places[p] || "（未标明地区）";
  }

  // The node id of unit i in the plan graph (unit:<jurisdiction>:<full name or name> unless given).
  function unitId(i) {
    const u = U[i];
    return u[0] || "unit:" + places[u[PLACE]] + ":" + (u[FULL] || u[NAME]);
  }

  const indexOfId = new Map();
  U.forEach((u, i) => indexOfId.set(unitId(i), i));

  // One mention of a unit: { item, role, implicit, task, written } from the flat list in DATA.units.
  function mentions(i) {
    const flat = U[i][LINKS];
    const out = [];
    for (let k = 0; k < flat.length;) {
      const code = flat[k + 1];
      out.push({ item: flat[k], role: roles[(code & 15) >> 1].type, implicit: (code & 1) === 1,
                 task: (code & NOT_TASK) === 0, written: code & WRITTEN ? DATA.texts[flat[k + 2]] : null });
      k += code & WRITTEN ? 3 : 2;
    }
    return out;
  }

  // Where unit i belongs: its jurisdiction; for a unit of no known jurisdiction, which is
  // scoped to one document, that document's title.
  function whereName(i) {
    const u = U[i];
    if (places[u[PLACE]] || !u[LINKS].length) return placeName(u[PLACE]);
    const doc = DATA.items[u[LINKS][0]][0];
    return doc >= 0 ? "《" + DATA.docs[doc][0] + "》" : placeName(u[PLACE]);
  }

  // What unit i carries, counted as `fengong units` counts it: distinct tasks per role,
  // mentions by a scoping note left out; in document ``doc`` only where it is not -1.
  function count(i, doc) {
    const c = { lead: new Set(), responsible: new Set(), support: new Set(), guide: new Set(), all: new Set(),
                docs: new Set() };
    mentions(i).forEach((m) => {
      const d = DATA.items[m.item][0];
      if (m.implicit || !m.task || !COUNTED.includes(m.role) || (doc >= 0 && d !== doc)) return;
      c[m.role].add(m.item);
      c.all.add(m.item);
      c.docs.add(d);
    });
    return c;
  }
  const totals = new Map();

  function total(i) {
    if (!totals.has(i)) totals.set(i, count(i, -1));
    return totals.get(i);
  }

  // ---- the measures ----------------------------------------------------------------------------
  const measures = {};
  DATA.measures.forEach((m) => { measures[m.name] = m; });
  const rankOf = {};

  function rank(name, i) {
    if (!rankOf[name]) {
      const values = measures[name].values;
      const order = values.map((v, k) => [v, k]).filter((p) => p[0] !== null).sort((a, b) => b[0] - a[0]);
      const ranks = new Map();
      order.forEach((p, k) => ranks.set(p[1], k > 0 && p[0] === order[k - 1][0] ? ranks.get(order[k - 1][1]) : k + 1));
      rankOf[name] = { ranks: ranks, of: order.length };
    }
    return [rankOf[name].ranks.get(i), rankOf[name].of];
  }

  let sizeBy = DATA.size_by;
  const tops = {};

  function share(i) {
    const v = measures[sizeBy].values[i];
    if (v === null) return null;
    if (tops[sizeBy] === undefined) tops[sizeBy] = Math.max(0, ...measures[sizeBy].values.filter((x) => x !== null));
    return tops[sizeBy] > 0 ? v / tops[sizeBy] : 0;
  }

  function unitSize(i) {
    const s = share(i);
    return s === null ? 7 : Math.round((9 + 31 * Math.sqrt(s)) * 100) / 100;
  }

  function tooltip(i) {
    const u = U[i];
    const c = total(i);
    const lines = [u[NAME] + "（" + whereName(i) + "）"];
    if (u[FULL] && u[FULL] !== u[NAME]) lines.push(u[FULL]);
    lines.push(types[u[TYPE]].label + (u[FLAGS] & PLACEHOLDER ? "（集合性单位）" : ""));
    lines.push("牵头 " + c.lead.size + " 项 · 涉及 " + c.all.size + " 项任务");
    return lines.join("\n");
  }

  // ---- the network ---------------------------------------------------------------------
  const drawn = new Map();
  const visNodes = DATA.nodes.map((n) => {
    const i = n[0];
    const u = U[i];
    const colour = types[u[TYPE]].color;
    const placeholder = (u[FLAGS] & PLACEHOLDER) !== 0;
    drawn.set(i, n);
    return {
      id: i, x: n[1], y: n[2], size: unitSize(i), title: tooltip(i),
      shape: u[FLAGS] & GROUP ? "diamond" : "dot",
      color: { background: colour, border: placeholder ? "#7f8c8d" : "#34495e",
               highlight: { background: colour, border: "#000000" } },
      borderWidth: 1.5, shapeProperties: { borderDashes: placeholder ? [3, 3] : false },
    };
  });
  // co-assignment edges: the wider, the more tasks shared (one style per half pixel of width)
  const lineStyle = DATA.legend.edges[0];
  const edgeWidth = (tasks) => Math.min(6, lineStyle.width * (0.6 + Math.log2(tasks)));
  const edgeStyles = [];
  for (let k = 0; k <= 12; k += 1) {
    edgeStyles.push({ color: lineStyle.color, width: Math.max(0.5, k / 2), dashes: [], alpha: 0.5 });
  }
  const edgesOf = new Map();
  DATA.edges.forEach((e, k) => [e[0], e[1]].forEach((i) => {
    if (!edgesOf.has(i)) edgesOf.set(i, []);
    edgesOf.get(i).push(k);
  }));

  const nodes = new vis.DataSet(visNodes);
  const network = new vis.Network($("network"), { nodes: nodes, edges: new vis.DataSet([]) }, DATA.options);
  const edgeLayer = Fengong.EdgeLayer(network, DATA.edges.map((e) => [e[0], e[1], Math.round(2 * edgeWidth(e[2]))]),
                                      edgeStyles);
  const labels = Fengong.LabelLayer(network, { font: FONT, candidates: () => candidates(),
                                                covers: () => [$("legend"), $("panel")] });
  const view = {
    network: network, nodes: nodes, data: DATA, ready: false, mode: "overview",
    search: (q) => search(q), focusUnit: focusUnit, showPanel: showPanel, closePanel: closePanel, setPlace: setPlace,
    unitIndex: (id) => (indexOfId.has(id) ? indexOfId.get(id) : null), unitId: unitId, mentions: mentions,
    shownEdges: () => edgeLayer.shown().map((k) => "c" + k), labels: labels.labels, firstLabels: null,
    setSize: setSize, nameKey: (t, j) => nameKey(t, j),
  };
  window.fengongView = view;

  // Each jurisdiction's circle and name, under the units; only where they would be legible.
  function groupCircles(ctx) {
    const scale = network.getScale();
    ctx.save();
    ctx.strokeStyle = "#d5d8dc";
    ctx.fillStyle = "#566573";
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    DATA.groups.forEach((g) => {
      const [p, doc, x, y, r] = g;
      if (hiddenGroup(p, doc) || r * scale < 6) return;
      ctx.lineWidth = 1 / scale;
      ctx.beginPath();
      ctx.arc(x, y, r + 20, 0, 2 * Math.PI);
      ctx.stroke();
      const name = doc >= 0 ? DATA.docs[doc][0] : placeName(p);
      const size = Math.max(14 / scale, r / 8);
      if (name.length * size > 2 * r + 120) return;  // wider than its place
      ctx.font = size + "px " + FONT;
      ctx.fillText(name, x, y - r - 26);
    });
    ctx.restore();
  }

  network.on("beforeDrawing", function (ctx) {
    groupCircles(ctx);
    edgeLayer.draw(ctx);
  });
  network.on("afterDrawing", function (ctx) {
    if (focus !== null) Fengong.fadeExcept(network, ctx, edgeLayer, focus.nodes, focus.edges);
    labels.draw(ctx);
    if (view.firstLabels === null) view.firstLabels = labels.labels();
  });
  network.once("afterDrawing", function () {
    view.ready = true;
    document.body.dataset.ready = "true";
  });

  // Show the circles the filter leaves, whole, with the names drawn above them (when the
  // network is next shown, if the table is shown now).
  let unfitted = false;

  function fit() {
    const shown = DATA.groups.filter((g) => !hiddenGroup(g[0], g[1]));
    unfitted = $("network-pane").hidden;
    if (!shown.length || unfitted) return;
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    shown.forEach(([, , x, y, r]) => {
      box[0] = Math.min(box[0], x - r - 20);
      box[1] = Math.min(box[1], y - r - 40 - r / 8);
      box[2] = Math.max(box[2], x + r + 20);
      box[3] = Math.max(box[3], y + r + 20);
    });
    const frame = $("network");
    const scale = 0.95 * Math.min(frame.clientWidth / (box[2] - box[0]), frame.clientHeight / (box[3] - box[1]));
    network.moveTo({ position: { x: (box[0] + box[2]) / 2, y: (box[1] + box[3]) / 2 },
                     scale: Math.min(scale, 2), animation: false });
  }

  // ---- labels ----------------------------------------------------------------------------------
  let ranked = [];

  function rankUnits() {
    ranked = Array.from(drawn.keys()).map((i) => {
      const s = share(i);
      const base = s === null ? 12 : Math.round(12 + 4 * Math.sqrt(s));
      return { id: i, kind: U[i][FLAGS] & GROUP ? "UnitGroup" : "Unit", lines: drawn.get(i)[5].split("\n"),
               color: "#1b2631", px: (scale) => Math.round(Math.max(base, Math.min(22, 14 * scale))),
               s: s === null ? -1 : s, c: U[i][LINKS].length };
    }).sort((a, b) => b.s - a.s || b.c - a.c || byText(U[a.id][NAME], U[b.id][NAME]) || a.id - b.id);
    candidateOf = new Map(ranked.map((c) => [c.id, c]));
  }
  let candidateOf = new Map();

  function candidates() {
    if (focus === null) return ranked;
    const first = [candidateOf.get(panelUnit)];
    focus.nodes.forEach((i) => { if (i !== panelUnit && candidateOf.has(i)) first.push(candidateOf.get(i)); });
    return first.filter((c) => c);
  }
  rankUnits();

  // ---- the selection ---------------------------------------------------------------------------
  let focus = null;

  function neighbourhood(i) {
    const keepNodes = new Set([i]);
    const keepEdges = [];
    (edgesOf.get(i) || []).forEach((k) => {
      const e = DATA.edges[k];
      const other = e[0] === i ? e[1] : e[0];
      if (hidden.has(other)) return;
      keepEdges.push(k);
      keepNodes.add(other);
    });
    return { nodes: keepNodes, edges: keepEdges };
  }

  // ---- the jurisdiction and document filter ------------------------------------------------
  // "" everything, "j<k>" jurisdiction k, "d<k>" the units named in document k.
  let place = "";
  const hidden = new Set();
  const docsOfUnit = new Map();

  function unitDocs(i) {
    if (!docsOfUnit.has(i)) docsOfUnit.set(i, new Set(mentions(i).map((m) => DATA.items[m.item][0])));
    return docsOfUnit.get(i);
  }

  function inPlace(i) {
    if (place === "") return true;
    const k = Number(place.slice(1));
    return place[0] === "j" ? U[i][PLACE] === k : unitDocs(i).has(k);
  }

  // Whether the filter hides the circle of jurisdiction p (of document doc, where doc >= 0).
  function hiddenGroup(p, doc) {
    if (place === "") return false;
    const k = Number(place.slice(1));
    if (place[0] === "j") return p !== k;
    return doc >= 0 ? doc !== k : DATA.docs[k][1] !== p;
  }

  function setPlace(value) {
    place = value;
    $("place-filter").value = value;
    const nodeChanges = [];
    drawn.forEach((_, i) => {
      const hide = !inPlace(i);
      if (hide && !hidden.has(i)) {
        hidden.add(i);
        nodeChanges.push({ id: i, hidden: true });
      } else if (!hide && hidden.has(i)) {
        hidden.delete(i);
        nodeChanges.push({ id: i, hidden: false });
      }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    showStats();
    fit();
    if (panelUnit !== null) showPanel(panelUnit);
    renderTable();
    remember(false);
  }

  const docsOfPlace = places.map(() => []);
  DATA.docs.forEach((d, k) => docsOfPlace[d[1]].push(k));
  places.forEach((_, p) => {
    if (!docsOfPlace[p].length) return;
    const option = el("option", null, placeName(p) + "（" + docsOfPlace[p].length + " 份文件）");
    option.value = "j" + p;
    $("place-filter").appendChild(option);
    docsOfPlace[p].forEach((k) => {
      const doc = el("option", null, "\u3000" + DATA.docs[k][0]);
      doc.value = "d" + k;
      $("place-filter").appendChild(doc);
    });
  });
  $("place-filter").addEventListener("change", (event) => setPlace(event.target.value));

  function showStats() {
    let shownEdges = 0;
    DATA.edges.forEach((e) => { if (!hidden.has(e[0]) && !hidden.has(e[1])) shownEdges += 1; });
    $("stats").textContent = "文件 " + DATA.docs.length + " · 任务 " + limits.tasks + " · 单位 " + U.length +
      " · 图中 " + (drawn.size - hidden.size) + " 个单位，" + shownEdges + " 条协作连线";
  }

  const notes = [];
  if (limits.drawn < limits.units) {
    notes.push("图中显示" + measures[DATA.size_by].label + "最高的 " + limits.drawn + " 个单位，共 " + limits.units +
      " 个；查找和“单位”表可找到全部单位");
  }
  if (limits.edges_drawn < limits.edges) {
    notes.push("连线只画共同任务最多的 " + limits.edges_drawn + " 条，共 " + limits.edges + " 条");
  }
  if (notes.length) {
    $("cap-note").textContent = notes.join("；") + "。";
    $("cap-note").hidden = false;
  }

  // ---- what units are sized by ---------------------------------------------------------------
  DATA.size_measures.forEach((name) => {
    const option = el("option", null, measures[name].label);
    option.value = name;
    $("size-by").appendChild(option);
  });
  $("size-by").value = sizeBy;
  $("size-by").addEventListener("change", (event) => setSize(event.target.value));

  function setSize(name) {
    if (!DATA.size_measures.includes(name)) return;
    sizeBy = name;
    $("size-by").value = name;
    nodes.update(Array.from(drawn.keys()).map((i) => ({ id: i, size: unitSize(i) })));
    rankUnits();
    showLegendSize();
    remember(false);
  }

  // ---- search ----------------------------------------------------------------------------
  const fold = makeSearchFold(DATA.fold);
  const nameKey = makeNameKey(DATA.names, fold);
  const ids = U.map((_, i) => i);
  const search = Fengong.UnitSearch({
    ids: ids, fold: fold, nameKey: nameKey,
    name: (i) => U[i][NAME], others: (i) => [U[i][FULL]].concat(U[i][ALIASES]), place: (i) => places[U[i][PLACE]],
    keys: (i) => U[i][KEYS],
    order: (a, b) => (measures[sizeBy].values[b] || -1) - (measures[sizeBy].values[a] || -1) ||
      byText(U[a][NAME], U[b][NAME]) || byText(unitId(a), unitId(b)),
  }).search;
  Fengong.SearchBox({
    search: search,
    describe: (i) => ({ node: unitId(i), name: U[i][NAME], place: whereName(i), full: U[i][FULL],
                        note: drawn.has(i) ? "" : "未在图中" }),
    choose: (i) => focusUnit(i, true),
    typed: () => renderTable(),
  });

  // Open a unit's panel and show it: centred where it is drawn; where it is not drawn, its
  // jurisdiction's circle (if any of its units are drawn).
  function focusUnit(i, focusPanel) {
    if (!inPlace(i)) setPlace("");
    showPanel(i, focusPanel);
    if ($("network-pane").hidden) return;
    if (drawn.has(i)) {
      centre(i);
      return;
    }
    const docs = unitDocs(i);
    const circle = DATA.groups.find((g) => g[0] === U[i][PLACE] && (g[1] < 0 || docs.has(g[1])));
    if (circle) {
      const panel = $("panel");
      const scale = Math.min(1, network.canvas.frame.canvas.clientHeight / (2.4 * circle[4] + 80));
      network.moveTo({ position: { x: circle[2], y: circle[3] }, scale: scale,
                       offset: { x: panel.hidden || Fengong.smallScreen() ? 0 : -panel.offsetWidth / 2, y: 0 },
                       animation: false });
    }
  }

  // Centre a node in the part of the network the side panel leaves visible.
  function centre(i) {
    const panel = $("panel");
    const offset = panel.hidden || Fengong.smallScreen() ? 0 : -panel.offsetWidth / 2;
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), offset: { x: offset, y: 0 }, animation: false });
  }

  // ---- side panel ------------------------------------------------------------------------
  let panelUnit = null;
  let opener = null;

  function lineSwatch(style) {
    const swatch = el("span", "line");
    swatch.style.borderTopWidth = Math.max(1, Math.round(style.width * 1.5)) + "px";
    swatch.style.borderTopStyle = style.dashes ? "dashed" : "solid";
    swatch.style.borderTopColor = style.color;
    return swatch;
  }

  function entry(m, name) {
    const item = DATA.items[m.item];
    const li = el("li", "task-entry");
    const where = DATA.trails[item[1]].map((h) => DATA.heads[h]);
    if (item[2]) where.push(item[2]);
    if (where.length) li.appendChild(el("div", "trail", where.join(" › ")));
    li.appendChild(el("p", "task-text", DATA.texts[item[3]]));
    if (m.implicit) li.appendChild(el("span", "tag", "隐含（由范围说明推出）"));
    if (m.written && m.written !== name) li.appendChild(el("span", "tag", "原文写作：" + m.written));
    return li;
  }

  function measureList(i) {
    const box = el("details", "measures");
    box.open = !Fengong.smallScreen();
    box.appendChild(el("summary", null, "网络指标（排名）"));
    const dl = el("dl");
    DATA.table_measures.forEach((name) => {
      const m = measures[name];
      const v = m.values[i];
      dl.appendChild(el("dt", null, m.label));
      const dd = el("dd");
      const r = rank(name, i);
      dd.appendChild(el("span", "value", v === null ? "未计入（集合性单位或无任务）" :
        formatValue(name, v) + "，第 " + r[0] + " 名／" + r[1]));
      dd.appendChild(el("span", "explain", m.explain));
      dl.appendChild(dd);
    });
    box.appendChild(dl);
    return box;
  }

  function showPanel(i, focusPanel) {
    const changed = panelUnit !== i;
    if (panelUnit === null && document.activeElement && document.activeElement !== document.body) {
      opener = document.activeElement;
    }
    panelUnit = i;
    const u = U[i];
    const meta = $("panel-meta");
    const body = $("panel-body");
    meta.replaceChildren();
    body.replaceChildren();
    $("panel").hidden = false;
    $("panel").dataset.node = unitId(i);
    $("panel-title").textContent = u[NAME];
    if (u[FULL] && u[FULL] !== u[NAME]) meta.appendChild(el("div", "full-name", u[FULL]));
    meta.appendChild(el("div", "place", (places[u[PLACE]] ? "地区：" : "文件：") + whereName(i)));
    meta.appendChild(el("div", "unit-type", types[u[TYPE]].label +
      (u[FLAGS] & PLACEHOLDER ? "（集合性单位，不计入网络指标）" : "")));
    if (u[ALIASES].length) meta.appendChild(el("div", "aliases", "原文写作：" + u[ALIASES].join("、")));
    const c = total(i);
    meta.appendChild(el("div", "load", "牵头 " + c.lead.size + " 项 · 责任 " + c.responsible.size + " 项 · 配合 " +
      c.support.size + " 项" + (c.guide.size ? " · 指导 " + c.guide.size + " 项" : "") + " · 合计 " + c.all.size +
      " 项任务，" + c.docs.size + " 份文件"));
    meta.appendChild(measureList(i));
    if (!drawn.has(i)) {
      meta.appendChild(el("div", "off", "此单位未在图中显示（图中只显示" + measures[DATA.size_by].label + "最高的 " +
        limits.drawn + " 个单位）"));
    }

    const byDoc = new Map();
    let cut = false;
    mentions(i).forEach((m) => {
      const item = DATA.items[m.item];
      if (item.length > 4) cut = true;
      if (!byDoc.has(item[0])) byDoc.set(item[0], []);
      byDoc.get(item[0]).push(m);
    });
    body.appendChild(el("p", "note", byDoc.size + " 份文件，共 " + mentions(i).length + " 项"));
    byDoc.forEach((list, k) => {
      const group = el("section", "doc-group");
      group.dataset.doc = String(k);
      const title = k >= 0 ? DATA.docs[k][0] : "（不属于任何文件）";
      group.appendChild(el("h3", "doc-title", title + " · " + list.length));
      roles.forEach((role) => {
        const mine = list.filter((m) => m.role === role.type);
        if (!mine.length) return;
        const box = el("div", "role-group");
        box.dataset.role = role.type;
        const head = el("h4");
        head.appendChild(lineSwatch(role));
        head.appendChild(el("span", null, role.label + " · " + mine.length));
        box.appendChild(head);
        const ol = el("ol");
        mine.forEach((m) => ol.appendChild(entry(m, u[NAME])));
        box.appendChild(ol);
        group.appendChild(box);
      });
      body.appendChild(group);
    });
    if (!byDoc.size) body.appendChild(el("p", "note", "没有任务"));
    if (cut) {
      body.appendChild(el("p", "note", "超过 " + limits.text_limit +
        " 字的任务原文只显示开头；全文见同一次构建输出的 JSON 与 CSV 文件。"));
    }
    if (drawn.has(i) && !hidden.has(i)) {
      network.selectNodes([i]);
      focus = neighbourhood(i);
    } else {
      network.unselectAll();
      focus = null;
    }
    network.redraw();
    if (focusPanel) $("panel").focus();
    if (changed) remember(true);
  }

  function closePanel(returnFocus) {
    if (panelUnit === null) return;
    const inside = $("panel").contains(document.activeElement);
    panelUnit = null;
    focus = null;
    $("panel").hidden = true;
    network.unselectAll();
    network.redraw();
    remember(true);
    if ((returnFocus || inside) && opener && document.contains(opener)) opener.focus();
    opener = null;
  }

  $("panel-close").addEventListener("click", () => closePanel(true));
  Fengong.escapeCloses($("search-results"), closePanel);
  network.on("click", function (params) {
    if (params.nodes.length) showPanel(params.nodes[0]);
    else if (panelUnit !== null) closePanel(false);
  });

  // ---- the unit table --------------------------------------------------------------------------
  // Every unit (drawn or not) is a row; at most TABLE_ROWS are drawn, the CSV has all of them.
  const TABLE_ROWS = 500;
  const hasGuide = U.some((u, i) => mentions(i).some((m) => m.role === "guide"));
  const columns = [
    { key: "name", label: "单位", explain: "单位简称；点击打开它的任务清单" },
    { key: "place", label: "地区", explain: "发文的城市、省或中央（未标明地区的单位：它所在的文件）" },
    { key: "type", label: "类型", explain: "单位的类型" },
    { key: "lead", label: "牵头", explain: "作为牵头单位的任务数", numeric: true },
    { key: "responsible", label: "责任", explain: "作为责任单位的任务数", numeric: true },
    { key: "support", label: "配合", explain: "作为配合单位的任务数", numeric: true },
  ].concat(hasGuide ? [{ key: "guide", label: "指导", explain: "作为指导单位的任务数", numeric: true }] : [], [
    { key: "all", label: "合计", explain: "以任一角色列出的任务数（一项任务只算一次）", numeric: true },
    { key: "docs", label: "文件", explain: "列出它的文件数", numeric: true },
  ], DATA.table_measures.map((name) => ({
    key: name, label: measures[name].label, explain: measures[name].explain, numeric: true,
    format: (v) => formatValue(name, v),
  })));

  function tableRows() {
    const doc = place[0] === "d" ? Number(place.slice(1)) : -1;
    const query = $("search").value.trim();
    const hits = query ? new Set(search(query)) : null;
    const rows = [];
    U.forEach((u, i) => {
      if (!inPlace(i) || (hits && !hits.has(i))) return;
      const c = doc >= 0 ? count(i, doc) : total(i);
      const values = { name: u[NAME], place: whereName(i), type: types[u[TYPE]].label, lead: c.lead.size,
                       responsible: c.responsible.size, support: c.support.size, guide: c.guide.size,
                       all: c.all.size, docs: c.docs.size };
      DATA.table_measures.forEach((name) => { values[name] = measures[name].values[i]; });
      rows.push({ id: unitId(i), values: values });
    });
    return rows;
  }

  const table = Fengong.UnitTable({
    table: $("unit-table"), columns: columns, sortKey: "lead", tieBreak: ["all"], rows: tableRows, limit: TABLE_ROWS,
    open: (id, from) => {
      opener = from;
      focusUnit(indexOfId.get(id), true);
    },
    rendered: (count, shown) => {
      $("table-count").textContent = count + " 个单位" + (shown < count ? "（表中列出前 " + shown +
        " 个；下载CSV 含全部）" : "") + (place || $("search").value.trim() ? "（按筛选与查找）" : "");
    },
  });
  view.table = table;
  let tableDirty = true;

  // A large corpus's table is made when it is looked at, printed or exported.
  function renderTable() {
    tableDirty = true;
    if (U.length <= 5000 || !$("units-pane").hidden) {
      table.render();
      tableDirty = false;
    }
  }

  function freshTable() {
    if (tableDirty) {
      table.render();
      tableDirty = false;
    }
    return table;
  }

  columns.filter((c) => c.numeric).forEach((c) => {
    $("measure-notes-list").appendChild(el("dt", null, c.label));
    $("measure-notes-list").appendChild(el("dd", null, c.explain));
  });

  function tableCsv() {
    Fengong.saveCsv(Fengong.fileName(DATA.title, ".单位.csv"), freshTable().matrix(false));
  }

  $("table-csv").addEventListener("click", tableCsv);
  $("export-csv").addEventListener("click", tableCsv);
  $("table-copy").addEventListener("click", function () {
    Fengong.copyText(Fengong.tsvText(freshTable().matrix(true))).then((done) => {
      $("copy-status").textContent = done ? "已复制 " + table.rows().length + " 行，可粘贴到 Excel" : "复制失败，请用“下载CSV”";
    });
  });
  $("export-png").addEventListener("click", () => Fengong.saveImage(network, Fengong.fileName(DATA.title, ".png")));
  $("print").addEventListener("click", function () {
    freshTable();
    window.print();
  });
  window.addEventListener("beforeprint", () => freshTable());

  const tabs = Fengong.Tabs(Array.from(document.querySelectorAll('#tabs [role="tab"]')), function (name) {
    if (name === "units") freshTable();
    else if (unfitted) fit();
    else network.redraw();
    remember(false);
  });

  // ---- the address bar -------------------------------------------------------------------------
  // #unit=市发改委 (with its jurisdiction in front, 北岭市 市发改委, where two units share the
  // name), place=<jurisdiction> or doc=<key>, size=<measure>, tab=units.
  const nameCount = new Map();
  U.forEach((u) => nameCount.set(u[NAME], (nameCount.get(u[NAME]) || 0) + 1));

  function unitKey(i) {
    const u = U[i];
    return nameCount.get(u[NAME]) === 1 ? u[NAME] : (places[u[PLACE]] ? places[u[PLACE]] + " " + u[NAME] : unitId(i));
  }

  function findUnit(key) {
    if (indexOfId.has(key)) return indexOfId.get(key);
    const exact = ids.filter((i) => unitKey(i) === key);
    if (exact.length) return exact[0];
    const hits = search(key);
    return hits.length ? hits[0] : null;
  }

  let applying = false;

  function remember(push) {
    if (applying) return;
    const current = {};
    if (panelUnit !== null) current.unit = unitKey(panelUnit);
    if (place[0] === "j") current.place = places[Number(place.slice(1))] || "-";
    if (place[0] === "d") current.doc = DATA.docs[Number(place.slice(1))][2];
    if (sizeBy !== DATA.size_by) current.size = sizeBy;
    if (tabs && tabs.current() === "units") current.tab = "units";
    address.write(current, push);
  }

  function apply(wanted) {
    applying = true;
    try {
      let value = "";
      if (wanted.doc) {
        const k = DATA.docs.findIndex((d) => d[2] === wanted.doc);
        if (k >= 0) value = "d" + k;
      } else if (wanted.place) {
        const p = places.indexOf(wanted.place === "-" ? "" : wanted.place);
        if (p >= 0) value = "j" + p;
      }
      if (value !== place) setPlace(value);
      setSize(DATA.size_measures.includes(wanted.size) ? wanted.size : DATA.size_by);
      tabs.select(wanted.tab === "units" ? "units" : "network", false);
      const target = wanted.unit ? findUnit(wanted.unit) : null;
      if (target !== null) focusUnit(target, false);
      else closePanel(false);
    } finally {
      applying = false;
    }
  }

  const address = Fengong.Address(apply);

  // ---- legend ----------------------------------------------------------------------------
  function showLegendSize() {
    const m = measures[sizeBy];
    $("legend-size").textContent = "大小：" + m.label + "（" + m.explain + "）；◆ 领导小组等机构；虚线边框：集合性单位（不计入协作连线）";
  }

  function buildLegend() {
    const legend = $("legend-body");
    legend.appendChild(el("h3", null, "单位（颜色：类型）"));
    const list = el("ul", "types");
    types.forEach((t) => {
      const li = el("li");
      const dot = el("span", "dot");
      dot.style.backgroundColor = t.color;
      li.appendChild(dot);
      li.appendChild(el("span", null, t.label));
      list.appendChild(li);
    });
    legend.appendChild(list);
    const size = el("p", "note");
    size.id = "legend-size";
    legend.appendChild(size);
    showLegendSize();
    legend.appendChild(el("h3", null, "连线"));
    const lines = el("ul");
    const li = el("li");
    li.appendChild(lineSwatch(lineStyle));
    li.appendChild(el("span", null, lineStyle.label + "（线宽：共同任务数）"));
    lines.appendChild(li);
    legend.appendChild(lines);
    legend.appendChild(el("p", "note", "灰色圆圈：同一地区的单位，" + measures[DATA.size_by].label + "最高者居中"));
  }

  buildLegend();
  Fengong.closeOnSmallScreens([$("legend").querySelector("details"), $("tools")]);
  showStats();
  renderTable();
  fit();
  view.panelUnit = () => panelUnit;
  const first = address.read();
  if (Object.keys(first).length) apply(first);
})();
