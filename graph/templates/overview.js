/* The fengong corpus overview.
 *
 * Reads the data written by graph/html.py (overview_data) from #fengong-data: units only,
 * joined by co-assignment edges, placed in Python. Draws the most central units with
 * vis-network and wires the search box (over every unit, drawn or not), the jurisdiction and
 * document filter, the legend and the side panel listing a unit's tasks by document and role.
 * Every text that comes from a document reaches the page through textContent, a plain
 * vis-network tooltip string or the canvas's fillText, never as HTML.
 */
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("fengong-data").textContent);
  const $ = (id) => document.getElementById(id);
  const U = DATA.units;
  const NAME = 1, FULL = 2, TYPE = 3, FLAGS = 4, ALIASES = 5, VALUE = 6, PLACE = 7, LINKS = 8;
  const PLACEHOLDER = 1, GROUP = 2, WRITTEN = 16;
  const places = DATA.jurisdictions;
  const fold = makeSearchFold(DATA.fold);
  let foldedName = null, foldedOthers = null, foldedPlaces = null;  // set by the first search
  const roles = DATA.roles;
  const types = DATA.legend.unit_types;
  const limits = DATA.limits;
  const FONT = DATA.options.nodes.font.face;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function byText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

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

  // One mention of a unit: { item, role, implicit, written } from the flat list in DATA.units.
  function mentions(i) {
    const flat = U[i][LINKS];
    const out = [];
    for (let k = 0; k < flat.length;) {
      const item = flat[k];
      const code = flat[k + 1];
      const written = code & WRITTEN ? DATA.texts[flat[k + 2]] : null;
      out.push({ item: item, role: roles[(code & 15) >> 1].type, implicit: (code & 1) === 1, written: written });
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
    return doc >= 0 ? DATA.docs[doc][0] : placeName(u[PLACE]);
  }

  function tooltip(i) {
    const u = U[i];
    const lines = [u[NAME]];
    if (u[FULL] && u[FULL] !== u[NAME]) lines.push(u[FULL]);
    lines.push(types[u[TYPE]].label + " · " + whereName(i));
    lines.push(u[VALUE] === null ? "未计入中心度" : DATA.measure.label + ": " + u[VALUE]);
    return lines.join("\n");
  }

  // What the jurisdiction and document filter shows: "" everything, "j<k>" jurisdiction k,
  // "d<k>" the units named in document k; and the drawn units it hides.
  let place = "";
  const hidden = new Set();
  const edgeHidden = DATA.edges.map(() => false);

  // ---- the network ---------------------------------------------------------------------
  const drawn = new Map();
  const visNodes = DATA.nodes.map((n) => {
    const i = n[0];
    const u = U[i];
    const colour = types[u[TYPE]].color;
    const placeholder = (u[FLAGS] & PLACEHOLDER) !== 0;
    drawn.set(i, n);
    return {
      id: i, x: n[1], y: n[2], size: n[3], label: n[5] || u[NAME] || " ", title: tooltip(i),
      shape: u[FLAGS] & GROUP ? "diamond" : "dot",
      color: { background: colour, border: placeholder ? "#7f8c8d" : "#34495e",
               highlight: { background: colour, border: "#000000" } },
      borderWidth: 1.5, shapeProperties: { borderDashes: placeholder ? [3, 3] : false },
      font: { size: n[4], face: FONT, color: "#1b2631", strokeWidth: 3, strokeColor: "#ffffff" },
    };
  });
  const lineStyle = DATA.legend.edges[0];
  const visEdges = DATA.edges.map((e, k) => ({
    id: "c" + k, from: e[0], to: e[1], width: Math.min(6, lineStyle.width * (0.6 + Math.log2(e[2]))),
    title: U[e[0]][NAME] + " — " + U[e[1]][NAME] + "：共同承担任务 " + e[2] + " 项",
    color: { color: lineStyle.color, highlight: "#000000", opacity: 0.5 },
  }));
  const edgesOf = new Map();
  DATA.edges.forEach((e, k) => {
    [e[0], e[1]].forEach((i) => {
      if (!edgesOf.has(i)) edgesOf.set(i, []);
      edgesOf.get(i).push("c" + k);
    });
  });

  const nodes = new vis.DataSet(visNodes);
  const edges = new vis.DataSet(visEdges);
  const network = new vis.Network($("network"), { nodes: nodes, edges: edges }, DATA.options);
  const view = {
    network: network, nodes: nodes, edges: edges, data: DATA, ready: false, mode: "overview",
    search: search, focusUnit: focusUnit, showPanel: showPanel, setPlace: setPlace,
    unitIndex: (id) => (indexOfId.has(id) ? indexOfId.get(id) : null), unitId: unitId, mentions: mentions,
  };
  window.fengongView = view;
  network.once("afterDrawing", function () {
    view.ready = true;
    document.body.dataset.ready = "true";
  });

  // Each jurisdiction's circle and name, under the units; only where they would be legible.
  network.on("beforeDrawing", function (ctx) {
    const scale = network.getScale();
    ctx.save();
    ctx.strokeStyle = "#d5d8dc";
    ctx.fillStyle = "#7f8c8d";
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
      if (size * scale < 8 || name.length * size > 2 * r + 120) return;  // too small, or wider than its place
      ctx.font = size + "px " + FONT;
      ctx.fillText(name, x, y - r - 26);
    });
    ctx.restore();
  });
  // Show the circles the filter leaves, whole, with the names drawn above them.
  function fit() {
    const shown = DATA.groups.filter((g) => !hiddenGroup(g[0], g[1]));
    if (!shown.length) return;
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
  fit();

  // ---- the jurisdiction and document filter ------------------------------------------------
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
    const edgeChanges = [];
    DATA.edges.forEach((e, k) => {
      const hide = hidden.has(e[0]) || hidden.has(e[1]);
      if (hide !== edgeHidden[k]) {
        edgeHidden[k] = hide;
        edgeChanges.push({ id: "c" + k, hidden: hide });
      }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    showStats();
    fit();
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
  $("place-filter").addEventListener("change", function (event) {
    setPlace(event.target.value);
  });

  function showStats() {
    let shownEdges = 0;
    DATA.edges.forEach((e) => { if (!hidden.has(e[0]) && !hidden.has(e[1])) shownEdges += 1; });
    $("stats").textContent = "文件 " + DATA.docs.length + " · 任务 " + limits.tasks + " · 单位 " + U.length +
      " · 图中 " + (drawn.size - hidden.size) + " 个单位，" + shownEdges + " 条协作连线";
  }

  const notes = [];
  if (limits.drawn < limits.units) {
    notes.push("图中显示" + DATA.measure.label + "最高的 " + limits.drawn + " 个单位，共 " + limits.units +
      " 个；查找可找到全部单位");
  }
  if (limits.edges_drawn < limits.edges) {
    notes.push("连线只画共同任务最多的 " + limits.edges_drawn + " 条，共 " + limits.edges + " 条");
  }
  if (notes.length) {
    $("cap-note").textContent = notes.join("；") + "。";
    $("cap-note").hidden = false;
  }

  // ---- search ----------------------------------------------------------------------------
  // How well one search term names unit u: 0 its name, 1 the start of its name, 2 part of
  // its name, 3 part of its full name or of a spelling, 4 part of its jurisdiction; -1 not.
  // A term that starts with the unit's jurisdiction (北岭市发改委) is matched by the rest.
  // Names and terms are compared folded (search_fold.js): 發改委 finds 发改委.
  function termRank(i, term) {
    const name = foldedName[i];
    if (name === term) return 0;
    if (name.startsWith(term)) return 1;
    if (name.includes(term)) return 2;
    if (foldedOthers[i].some((a) => a.includes(term))) return 3;
    const where = foldedPlaces[U[i][PLACE]];
    if (where && term.length > where.length && term.startsWith(where)) {
      const rest = termRank(i, term.slice(where.length));
      if (rest >= 0 && rest <= 3) return rest;
    }
    if (where && where.includes(term)) return 4;
    return -1;
  }

  function search(query) {
    const terms = fold(query.trim()).split(/\s+/).filter((t) => t);
    if (!terms.length) return [];
    if (!foldedName) {  // folded once, at the first search
      foldedName = U.map((u) => fold(u[NAME]));
      foldedOthers = U.map((u) => [u[FULL]].concat(u[ALIASES]).filter((s) => s).map(fold));
      foldedPlaces = places.map((p) => fold(p || ""));
    }
    const hits = [];
    for (let i = 0; i < U.length; i += 1) {
      let rank = 0;
      for (const term of terms) {
        const r = termRank(i, term);
        if (r < 0) { rank = -1; break; }
        rank = Math.max(rank, r);
      }
      if (rank >= 0) hits.push({ i: i, rank: rank, value: U[i][VALUE] === null ? -1 : U[i][VALUE] });
    }
    hits.sort((a, b) => a.rank - b.rank || b.value - a.value || byText(U[a.i][NAME], U[b.i][NAME]) ||
      byText(unitId(a.i), unitId(b.i)));
    return hits.map((h) => h.i);
  }

  function showResults() {
    const list = $("search-results");
    list.replaceChildren();
    const query = $("search").value;
    const hits = search(query);
    hits.slice(0, 12).forEach((i) => {
      const item = el("li");
      const button = el("button", "hit");
      button.type = "button";
      button.dataset.node = unitId(i);
      button.appendChild(el("span", "hit-name", U[i][NAME]));
      button.appendChild(el("span", "hit-place", whereName(i)));
      if (U[i][FULL] && U[i][FULL] !== U[i][NAME]) button.appendChild(el("span", "hit-full", U[i][FULL]));
      if (!drawn.has(i)) button.appendChild(el("span", "hit-off", "未在图中"));
      button.addEventListener("click", function () {
        focusUnit(i);
        list.hidden = true;
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    if (hits.length > 12) {
      list.appendChild(el("li", "more", "另有 " + (hits.length - 12) + " 个，请输入更多文字"));
    }
    if (!hits.length && query.trim()) list.appendChild(el("li", "none", "没有找到"));
    list.hidden = !query.trim();
  }

  $("search").addEventListener("input", showResults);
  $("search").addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      const hits = search($("search").value);
      if (hits.length) {
        focusUnit(hits[0]);
        $("search-results").hidden = true;
      }
    } else if (event.key === "Escape") {
      $("search-results").hidden = true;
    }
  });

  // Open a unit's panel and show it: centred where it is drawn; where it is not drawn, its
  // jurisdiction's circle (if any of its units are drawn).
  function focusUnit(i) {
    if (!inPlace(i)) setPlace("");
    showPanel(i);
    if (drawn.has(i)) {
      network.selectNodes([i]);
      centre(i);
      return;
    }
    network.unselectAll();
    const docs = unitDocs(i);
    const circle = DATA.groups.find((g) => g[0] === U[i][PLACE] && (g[1] < 0 || docs.has(g[1])));
    if (circle) {
      const panel = $("panel");
      const scale = Math.min(1, network.canvas.frame.canvas.clientHeight / (2.4 * circle[4] + 80));
      network.moveTo({ position: { x: circle[2], y: circle[3] }, scale: scale,
                       offset: { x: panel.hidden ? 0 : -panel.offsetWidth / 2, y: 0 }, animation: false });
    }
  }

  // Centre a node in the part of the network the side panel leaves visible.
  function centre(i) {
    const panel = $("panel");
    const offset = panel.hidden ? 0 : -panel.offsetWidth / 2;
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), offset: { x: offset, y: 0 }, animation: false });
  }

  // ---- side panel ------------------------------------------------------------------------
  let panelUnit = null;

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

  function showPanel(i) {
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
    meta.appendChild(el("div", "unit-type", types[u[TYPE]].label +
      (u[FLAGS] & PLACEHOLDER ? "（集合性单位，不计入中心度）" : "")));
    meta.appendChild(el("div", "place", (places[u[PLACE]] ? "地区：" : "文件：") + whereName(i)));
    if (u[ALIASES].length) meta.appendChild(el("div", "aliases", "原文写作：" + u[ALIASES].join("、")));
    if (u[VALUE] !== null) meta.appendChild(el("div", "measure", DATA.measure.label + "：" + u[VALUE]));
    if (!drawn.has(i)) {
      meta.appendChild(el("div", "off", "此单位未在图中显示（图中只显示中心度最高的 " + limits.drawn + " 个单位）"));
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
  }

  function closePanel() {
    panelUnit = null;
    $("panel").hidden = true;
    network.unselectAll();
  }

  $("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target === document.body) closePanel();
  });
  network.on("click", function (params) {
    if (params.nodes.length) showPanel(params.nodes[0]);
  });

  // ---- legend ----------------------------------------------------------------------------
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
    legend.appendChild(el("p", "note", "大小：" + DATA.measure.label +
      "；◆ 领导小组等机构；虚线边框：集合性单位（不计入协作连线）"));
    legend.appendChild(el("h3", null, "连线"));
    const lines = el("ul");
    const li = el("li");
    li.appendChild(lineSwatch(lineStyle));
    li.appendChild(el("span", null, lineStyle.label + "（线宽：共同任务数）"));
    lines.appendChild(li);
    legend.appendChild(lines);
    legend.appendChild(el("p", "note", "灰色圆圈：同一地区的单位，中心度最高者居中"));
  }

  buildLegend();
  showStats();
  view.panelUnit = () => panelUnit;
})();
