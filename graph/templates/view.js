/* The fengong network view.
 *
 * Reads the data written by graph/html.py from #fengong-data, draws it with vis-network and
 * wires the search box, the layer switch, the filters, the legend and the side panel.
 * Every text that comes from a document reaches the page through textContent (or a plain
 * vis-network tooltip string), never as HTML.
 */
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("fengong-data").textContent);
  const info = DATA.info;
  const links = DATA.links;
  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function isUnit(id) {
    const kind = info[id].kind;
    return kind === "Unit" || kind === "UnitGroup";
  }

  function byText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  const roleTypes = DATA.legend.edges.filter((e) => e.role).map((e) => e.type);
  const edgeLabel = {};
  DATA.legend.edges.forEach((e) => { edgeLabel[e.type] = e.label; });
  const unitIds = DATA.nodes.map((n) => n.id).filter(isUnit);
  const fold = makeSearchFold(DATA.fold);
  const foldedName = new Map(unitIds.map((id) => [id, fold(info[id].name)]));
  const foldedOthers = new Map(unitIds.map((id) => [id, [info[id].full_name].concat(info[id].aliases)
    .filter((s) => s).map(fold)]));
  const linkById = new Map(links.map((l) => [l.id, l]));
  const linksOfUnit = new Map();
  const linksToItem = new Map();
  links.forEach((l) => {
    if (!linksOfUnit.has(l.unit)) linksOfUnit.set(l.unit, []);
    linksOfUnit.get(l.unit).push(l);
    if (!linksToItem.has(l.item)) linksToItem.set(l.item, []);
    linksToItem.get(l.item).push(l);
  });

  // ---- the network ---------------------------------------------------------------------
  const nodes = new vis.DataSet(DATA.nodes);
  const edges = new vis.DataSet(DATA.edges);
  const network = new vis.Network($("network"), { nodes: nodes, edges: edges }, DATA.options);
  const view = {
    network: network, nodes: nodes, edges: edges, data: DATA, ready: false,
    search: search, focusNode: focusNode, showPanel: showPanel, applyFilters: applyFilters,
  };
  window.fengongView = view;
  network.once("afterDrawing", function () {
    view.ready = true;
    document.body.dataset.ready = "true";
  });
  network.fit({ animation: false });

  // ---- filters ---------------------------------------------------------------------------
  const state = { layer: true, roles: new Set(roleTypes), section: "" };
  const nodeHidden = new Map(DATA.nodes.map((n) => [n.id, false]));
  const edgeHidden = new Map(DATA.edges.map((e) => [e.id, false]));

  function inSection(id) {
    return state.section === "" || (info[id].scope || []).includes(state.section);
  }

  function passes(link) {
    return state.roles.has(link.role) && inSection(link.item);
  }

  function restrictive() {
    return state.section !== "" || state.roles.size < roleTypes.length;
  }

  function applyFilters() {
    const narrow = restrictive();
    const liveUnits = new Set();
    if (narrow) links.forEach((l) => { if (passes(l)) liveUnits.add(l.unit); });
    const nodeChanges = [];
    DATA.nodes.forEach((n) => {
      const hide = isUnit(n.id) ? narrow && !liveUnits.has(n.id) : !state.layer || !inSection(n.id);
      if (hide !== nodeHidden.get(n.id)) {
        nodeHidden.set(n.id, hide);
        nodeChanges.push({ id: n.id, hidden: hide });
      }
    });
    const edgeChanges = [];
    DATA.edges.forEach((e) => {
      const link = linkById.get(e.id);
      const hide = nodeHidden.get(e.from) || nodeHidden.get(e.to) || (link !== undefined && !passes(link));
      if (hide !== edgeHidden.get(e.id)) {
        edgeHidden.set(e.id, hide);
        edgeChanges.push({ id: e.id, hidden: hide });
      }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    showStats();
    if (panelId !== null) showPanel(panelId);
  }

  // Show everything that is left after a change of layer or filter.
  function refit() {
    const shown = [];
    nodeHidden.forEach((hidden, id) => { if (!hidden) shown.push(id); });
    if (shown.length) network.fit({ nodes: shown, animation: false });
  }

  function resetFilters() {
    state.roles = new Set(roleTypes);
    state.section = "";
    document.querySelectorAll("#role-filter input").forEach((box) => { box.checked = true; });
    $("section-filter").value = "";
  }

  function showStats() {
    let shownNodes = 0;
    let shownEdges = 0;
    nodeHidden.forEach((hidden) => { if (!hidden) shownNodes += 1; });
    edgeHidden.forEach((hidden) => { if (!hidden) shownEdges += 1; });
    const tasks = DATA.nodes.filter((n) => info[n.id].kind === "Task").length;
    $("stats").textContent = "单位 " + unitIds.length + " · 任务 " + tasks +
      " · 显示 " + shownNodes + "/" + DATA.nodes.length + " 节点，" + shownEdges + "/" + DATA.edges.length + " 连线";
  }

  $("layer-toggle").addEventListener("change", function (event) {
    state.layer = event.target.checked;
    applyFilters();
    refit();
  });

  roleTypes.forEach((role) => {
    const style = DATA.legend.edges.find((e) => e.type === role);
    const label = el("label", "role");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = role;
    box.addEventListener("change", function () {
      if (box.checked) state.roles.add(role); else state.roles.delete(role);
      applyFilters();
      refit();
    });
    label.appendChild(box);
    label.appendChild(lineSwatch(style));
    const count = links.filter((l) => l.role === role).length;
    label.appendChild(el("span", null, style.label + " " + count));
    $("role-filter").appendChild(label);
  });

  DATA.sections.forEach((s) => {
    const option = el("option", null, "\u3000".repeat(s.depth) + s.text);
    option.value = s.id;
    $("section-filter").appendChild(option);
  });
  $("section-filter").addEventListener("change", function (event) {
    state.section = event.target.value;
    applyFilters();
    refit();
  });

  // ---- search ----------------------------------------------------------------------------
  // what is typed and the names are compared folded (search_fold.js): 發改委 finds 发改委
  function search(query) {
    const q = fold(query.trim());
    if (!q) return [];
    const hits = [];
    unitIds.forEach((id) => {
      const u = info[id];
      const name = foldedName.get(id);
      let rank = -1;
      if (name === q) rank = 0;
      else if (name.startsWith(q)) rank = 1;
      else if (name.includes(q)) rank = 2;
      else if (foldedOthers.get(id).some((s) => s.includes(q))) rank = 3;
      if (rank >= 0) hits.push({ id: id, rank: rank, value: u.value === null ? -1 : u.value });
    });
    hits.sort((a, b) => a.rank - b.rank || b.value - a.value || byText(info[a.id].name, info[b.id].name) || byText(a.id, b.id));
    return hits.map((h) => h.id);
  }

  function showResults() {
    const list = $("search-results");
    list.replaceChildren();
    const hits = search($("search").value);
    hits.slice(0, 12).forEach((id) => {
      const item = el("li");
      const button = el("button", "hit");
      button.type = "button";
      button.dataset.node = id;
      button.appendChild(el("span", "hit-name", info[id].name));
      if (info[id].full_name && info[id].full_name !== info[id].name) {
        button.appendChild(el("span", "hit-full", info[id].full_name));
      }
      button.addEventListener("click", function () {
        focusNode(id);
        list.hidden = true;
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    if (!hits.length && $("search").value.trim()) list.appendChild(el("li", "none", "没有找到"));
    list.hidden = !$("search").value.trim();
  }

  $("search").addEventListener("input", showResults);
  $("search").addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      const hits = search($("search").value);
      if (hits.length) {
        focusNode(hits[0]);
        $("search-results").hidden = true;
      }
    } else if (event.key === "Escape") {
      $("search-results").hidden = true;
    }
  });

  function focusNode(id) {
    if (nodeHidden.get(id)) {
      resetFilters();
      if (!isUnit(id)) {
        state.layer = true;
        $("layer-toggle").checked = true;
      }
      applyFilters();
    }
    showPanel(id);
    network.selectNodes([id]);
    centre(id);
  }

  // Centre a node in the part of the network the side panel leaves visible.
  function centre(id) {
    const panel = $("panel");
    const offset = panel.hidden ? 0 : -panel.offsetWidth / 2;
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), offset: { x: offset, y: 0 }, animation: false });
  }

  // ---- side panel ------------------------------------------------------------------------
  let panelId = null;

  function itemText(id) {
    const i = info[id];
    return i.text || i.heading || i.title || "";
  }

  function entry(link, showUnit) {
    const li = el("li", "task-entry");
    li.dataset.item = link.item;
    li.dataset.edge = link.id;
    const i = info[link.item];
    const where = (i.trail || []).concat(i.ref ? [i.ref] : []);
    if (where.length) li.appendChild(el("div", "trail", where.join(" › ")));
    if (showUnit) li.appendChild(el("div", "unit-name", info[link.unit].name));
    else li.appendChild(el("p", "task-text", itemText(link.item)));
    const notes = [];
    if (link.implicit) notes.push("隐含（由范围说明推出）");
    if (link.as_written && !showUnit && link.as_written !== info[link.unit].name) notes.push("原文写作：" + link.as_written);
    notes.forEach((n) => li.appendChild(el("span", "tag", n)));
    li.addEventListener("click", function () {
      const target = showUnit ? link.unit : link.item;
      if (nodeHidden.get(target)) {
        if (!isUnit(target)) {
          state.layer = true;
          $("layer-toggle").checked = true;
          applyFilters();
        }
      }
      if (showUnit) showPanel(target);
      if (!nodeHidden.get(target)) {
        network.selectNodes([target]);
        centre(target);
      }
    });
    return li;
  }

  function roleGroups(list, showUnit) {
    const box = el("div", "groups");
    roleTypes.forEach((role) => {
      const mine = list.filter((l) => l.role === role && passes(l));
      if (!mine.length) return;
      const group = el("section", "role-group");
      group.dataset.role = role;
      const head = el("h3");
      head.appendChild(lineSwatch(DATA.legend.edges.find((e) => e.type === role)));
      head.appendChild(el("span", null, edgeLabel[role] + " · " + mine.length));
      group.appendChild(head);
      const ol = el("ol");
      mine.forEach((l) => ol.appendChild(entry(l, showUnit)));
      group.appendChild(ol);
      box.appendChild(group);
    });
    const hidden = list.filter((l) => !passes(l)).length;
    if (hidden) box.appendChild(el("p", "note", "另有 " + hidden + " 项被角色或章节筛选隐藏"));
    if (!list.length) box.appendChild(el("p", "note", "没有任务"));
    return box;
  }

  function showPanel(id) {
    panelId = id;
    const i = info[id];
    const meta = $("panel-meta");
    const body = $("panel-body");
    meta.replaceChildren();
    body.replaceChildren();
    $("panel").hidden = false;
    $("panel").dataset.node = id;
    if (isUnit(id)) {
      $("panel-title").textContent = i.name;
      if (i.full_name && i.full_name !== i.name) meta.appendChild(el("div", "full-name", i.full_name));
      meta.appendChild(el("div", "unit-type", i.type_label + (i.placeholder ? "（集合性单位，不计入中心度）" : "")));
      const others = i.aliases.filter((a) => a !== i.name);
      if (others.length) meta.appendChild(el("div", "aliases", "原文写作：" + others.join("、")));
      if (i.value !== null) meta.appendChild(el("div", "measure", DATA.measure.label + "：" + i.value.toPrecision(4)));
      body.appendChild(roleGroups(linksOfUnit.get(id) || [], false));
      return;
    }
    const where = (i.trail || []).join(" › ");
    if (where) meta.appendChild(el("div", "trail", where));
    if (i.kind === "Task" || i.kind === "Indicator") {
      $("panel-title").textContent = (i.kind === "Task" ? "任务 " : "指标 ") + i.ref;
      body.appendChild(el("p", "task-text", i.text));
      body.appendChild(roleGroups(linksToItem.get(id) || [], true));
    } else if (i.kind === "Section") {
      $("panel-title").textContent = i.heading;
      const inside = DATA.nodes.filter((n) => info[n.id].kind === "Task" && (info[n.id].scope || []).includes(id)).length;
      body.appendChild(el("p", "note", "本章节下任务 " + inside + " 项"));
      if (linksToItem.has(id)) body.appendChild(roleGroups(linksToItem.get(id), true));
    } else if (i.kind === "Document") {
      $("panel-title").textContent = i.title;
      if (linksToItem.has(id)) body.appendChild(roleGroups(linksToItem.get(id), true));
    } else {
      $("panel-title").textContent = i.text;
    }
  }

  function closePanel() {
    panelId = null;
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
  function lineSwatch(style) {
    const swatch = el("span", "line");
    swatch.style.borderTopWidth = Math.max(1, Math.round(style.width * 1.5)) + "px";
    swatch.style.borderTopStyle = style.dashes ? "dashed" : "solid";
    swatch.style.borderTopColor = style.color;
    return swatch;
  }

  const SHAPES = { dot: "●", diamond: "◆", square: "■", star: "★", triangle: "▲", triangleDown: "▼" };

  function buildLegend() {
    const legend = $("legend-body");
    legend.appendChild(el("h3", null, "单位（颜色：类型）"));
    const types = el("ul");
    DATA.legend.unit_types.forEach((t) => {
      const li = el("li");
      const dot = el("span", "dot");
      dot.style.backgroundColor = t.color;
      li.appendChild(dot);
      li.appendChild(el("span", null, t.label));
      types.appendChild(li);
    });
    types.className = "types";
    legend.appendChild(types);
    legend.appendChild(el("p", "note", "大小：" + DATA.measure.label + "；◆ 领导小组等机构；虚线边框：集合性单位"));
    if (DATA.legend.kinds.length) {
      legend.appendChild(el("h3", null, "文件结构"));
      const kinds = el("ul");
      DATA.legend.kinds.forEach((k) => {
        const li = el("li");
        const mark = el("span", "shape", SHAPES[k.shape] || "●");
        mark.style.color = k.color;
        li.appendChild(mark);
        li.appendChild(el("span", null, k.label));
        kinds.appendChild(li);
      });
      legend.appendChild(kinds);
    }
    if (DATA.legend.edges.length) {
      legend.appendChild(el("h3", null, "连线"));
      const lines = el("ul");
      DATA.legend.edges.forEach((e) => {
        const li = el("li");
        li.appendChild(lineSwatch(e));
        li.appendChild(el("span", null, e.label));
        lines.appendChild(li);
      });
      legend.appendChild(lines);
    }
  }

  buildLegend();
  showStats();
})();
