/* The fengong network view.
 *
 * Reads the data written by graph/view_data.py from #fengong-data, draws it with
 * vis-network (labels drawn by common.js's label layer) and wires the search box, the tabs
 * (the network and the unit table), the filters, the size switch, the legend, the side
 * panel, the address bar, exports and print. Every text that comes from a document reaches
 * the page through textContent, a plain vis-network tooltip string or the canvas's
 * fillText, never as HTML.
 */
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("fengong-data").textContent);
  const { $, el, byText, formatValue } = Fengong;
  const N = DATA.nodes;
  const indexOf = new Map(N.map((n, i) => [n.id, i]));
  const node = (id) => N[indexOf.get(id)];
  const FONT = DATA.options.nodes.font.face;
  const UNIT_KINDS = new Set(["Unit", "UnitGroup"]);
  const isUnit = (id) => UNIT_KINDS.has(node(id).kind);
  const types = DATA.unit_types;
  const edgeTypes = DATA.edge_types;
  const kindStyle = {};
  DATA.kinds.forEach((k) => { kindStyle[k.kind] = k; });
  const roleStyles = edgeTypes.filter((t) => t.role);
  const roleTypes = roleStyles.map((t) => t.type);
  const COUNTED = ["lead", "responsible", "support", "guide"];
  const manyDocs = DATA.docs.length > 1;

  // ---- the has_part tree: where each node lies ------------------------------------------------
  const ancestors = new Array(N.length);  // indexes of the documents and sections a node lies in

  function within(i) {
    if (ancestors[i] === undefined) {
      const up = N[i].parent >= 0 ? within(N[i].parent) : [];
      ancestors[i] = N[i].kind === "Document" || N[i].kind === "Section" ? up.concat([i]) : up;
    }
    return ancestors[i];
  }

  function docOf(i) {
    const up = within(i);
    return up.length && N[up[0]].kind === "Document" ? up[0] : -1;
  }

  function trail(i) {
    return within(N[i].parent >= 0 ? N[i].parent : i).filter((a) => a !== i)
      .filter((a) => N[a].kind === "Section" || (manyDocs && N[a].kind === "Document"))
      .map((a) => shorten(N[a].kind === "Section" ? N[a].heading : N[a].title, 24));
  }

  function shorten(text, limit) {
    text = String(text).split(/\s+/).join(" ").trim();
    return text.length <= limit ? text : text.slice(0, limit - 1) + "…";
  }

  // Where a unit belongs, as the reader is told in every hit, tooltip and panel: its
  // jurisdiction; a unit of no known jurisdiction is its document's (graph/units.py scopes it
  // to that document), so the document is named instead.
  function placeName(i) {
    if (N[i].jurisdiction) return N[i].jurisdiction;
    const mine = linksOfUnit.get(N[i].id) || [];
    const doc = mine.length ? docOf(mine[0].i) : -1;
    return doc >= 0 && manyDocs ? "《" + shorten(N[doc].title || "", 20) + "》" : "未标明地区";
  }

  // ---- mentions (the role edges) -----------------------------------------------------------
  const links = [];
  DATA.edges.forEach((e, k) => {
    const type = edgeTypes[e[2]];
    if (!type.role) return;
    links.push({ id: "e" + k, unit: N[e[0]].id, u: e[0], item: N[e[1]].id, i: e[1], role: type.type,
                 implicit: e[3] === 1, written: e.length > 4 ? e[4] : "" });
  });
  const linksOfUnit = new Map();
  const linksToItem = new Map();
  const linkById = new Map();
  links.forEach((l) => {
    linkById.set(l.id, l);
    if (!linksOfUnit.has(l.unit)) linksOfUnit.set(l.unit, []);
    linksOfUnit.get(l.unit).push(l);
    if (!linksToItem.has(l.item)) linksToItem.set(l.item, []);
    linksToItem.get(l.item).push(l);
  });
  const unitIds = DATA.units.map((i) => N[i].id);

  // What each unit carries, counted as `fengong units` counts it: distinct tasks per role,
  // mentions by a scoping note left out; only the mentions ``keep`` lets through.
  function counts(keep) {
    const found = new Map(unitIds.map((id) => [id, { lead: new Set(), responsible: new Set(), support: new Set(),
                                                     guide: new Set(), all: new Set(), docs: new Set(), any: false }]));
    links.forEach((l) => {
      if (!keep(l)) return;
      const c = found.get(l.unit);
      c.any = true;
      if (l.implicit || N[l.i].kind !== "Task" || !COUNTED.includes(l.role)) return;
      c[l.role].add(l.i);
      c.all.add(l.i);
      c.docs.add(docOf(l.i));
    });
    return found;
  }
  const totals = counts(() => true);

  // ---- the measures ----------------------------------------------------------------------------
  const measures = {};
  DATA.measures.forEach((m) => { measures[m.name] = m; });
  const unitRow = new Map(DATA.units.map((i, k) => [N[i].id, k]));
  const rankOf = {};  // measure → unit id → [rank, measured units]
  DATA.measures.forEach((m) => {
    const measured = unitIds.map((id, k) => [id, m.values[k]]).filter((p) => p[1] !== null)
      .sort((a, b) => b[1] - a[1]);
    const ranks = new Map();
    measured.forEach((p, k) => {
      const rank = k > 0 && p[1] === measured[k - 1][1] ? ranks.get(measured[k - 1][0])[0] : k + 1;
      ranks.set(p[0], [rank, measured.length]);
    });
    rankOf[m.name] = ranks;
  });

  function value(measure, id) {
    return measures[measure].values[unitRow.get(id)];
  }

  let sizeBy = DATA.size_by;

  function share(id) {
    const v = value(sizeBy, id);
    if (v === null) return null;
    const top = Math.max(0, ...measures[sizeBy].values.filter((x) => x !== null));
    return top > 0 ? v / top : 0;
  }

  function unitSize(id) {
    const s = share(id);
    return s === null ? 7 : Math.round((9 + 31 * Math.sqrt(s)) * 100) / 100;
  }

  // ---- the network -------------------------------------------------------------------------
  function tooltip(i) {
    const n = N[i];
    if (UNIT_KINDS.has(n.kind)) {
      const c = totals.get(n.id);
      const lines = [n.name + "（" + placeName(i) + "）"];
      if (n.full_name && n.full_name !== n.name) lines.push(n.full_name);
      lines.push(types[n.type].label + (n.placeholder ? "（集合性单位）" : ""));
      lines.push("牵头 " + c.lead.size + " 项 · 涉及 " + c.all.size + " 项任务");
      return lines.join("\n");
    }
    if (n.kind === "Task") return shorten(n.text, 200) + "\n（任务 " + n.ref + "）";
    if (n.kind === "Section") return n.heading;
    if (n.kind === "Document") return n.title + (n.jurisdiction ? "（" + n.jurisdiction + "）" : "");
    if (n.kind === "Indicator") return "指标 " + n.path + "\n" + n.text;
    return n.text;
  }

  function visNode(n, i) {
    const common = { id: n.id, x: n.x, y: n.y, title: tooltip(i) };
    if (UNIT_KINDS.has(n.kind)) {
      const colour = types[n.type].color;
      return Object.assign(common, {
        shape: n.kind === "UnitGroup" ? "diamond" : "dot", size: unitSize(n.id), borderWidth: 1.5,
        color: { background: colour, border: n.placeholder ? "#7f8c8d" : "#34495e",
                 highlight: { background: colour, border: "#000000" } },
        shapeProperties: { borderDashes: n.placeholder ? [3, 3] : false },
      });
    }
    const style = kindStyle[n.kind];
    return Object.assign(common, {
      shape: style.shape, size: n.kind === "Section" && n.level === 1 ? 9 : style.size, borderWidth: 1,
      color: { background: style.color, border: style.color, highlight: { background: style.color, border: "#000000" } },
    });
  }

  // Edge i is "e<i>"; its style is its type's, paler where the mention is implicit.
  const edgeStyles = [];
  edgeTypes.forEach((t) => {
    const dashes = Array.isArray(t.dashes) ? t.dashes : [];
    edgeStyles.push({ color: t.color, width: t.width, dashes: dashes, alpha: 0.85 },
                    { color: t.color, width: t.width, dashes: dashes, alpha: 0.45 });
  });
  const edgesOf = new Map();
  DATA.edges.forEach((e, k) => [e[0], e[1]].forEach((i) => {
    if (!edgesOf.has(i)) edgesOf.set(i, []);
    edgesOf.get(i).push(k);
  }));

  const nodes = new vis.DataSet(N.map(visNode));
  const network = new vis.Network($("network"), { nodes: nodes, edges: new vis.DataSet([]) }, DATA.options);
  const edgeLayer = Fengong.EdgeLayer(network, DATA.edges.map((e) => [N[e[0]].id, N[e[1]].id, 2 * e[2] + e[3]]),
                                      edgeStyles);
  const labels = Fengong.LabelLayer(network, { font: FONT, candidates: () => candidates(),
                                                covers: () => [$("legend"), $("panel")] });
  const view = {
    network: network, nodes: nodes, data: DATA, ready: false,
    shownEdges: () => edgeLayer.shown().map((k) => "e" + k),
    search: (q) => search(q), nameKey: (t, j) => nameKey(t, j), focusNode: focusNode, showPanel: showPanel, closePanel: closePanel, applyFilters: applyFilters,
    labels: labels.labels, firstLabels: null, setSize: setSize, links: links,
  };
  window.fengongView = view;

  // ---- filters -----------------------------------------------------------------------------
  const state = { layer: true, roles: new Set(roleTypes), section: -1, doc: -1 };
  const nodeHidden = new Map(N.map((n) => [n.id, false]));
  let shownEdges = DATA.edges.length;

  function inScope(i) {
    const up = within(i);
    return (state.section < 0 || up.includes(state.section)) && (state.doc < 0 || up.includes(state.doc));
  }

  function inPlace(link) {
    return inScope(link.i);
  }

  function passes(link) {
    return state.roles.has(link.role) && inPlace(link);
  }

  function restrictive() {
    return state.section >= 0 || state.doc >= 0 || state.roles.size < roleTypes.length;
  }

  function applyFilters() {
    const narrow = restrictive();
    const liveUnits = new Set();
    if (narrow) links.forEach((l) => { if (passes(l)) liveUnits.add(l.unit); });
    const nodeChanges = [];
    N.forEach((n, i) => {
      const hide = UNIT_KINDS.has(n.kind) ? narrow && !liveUnits.has(n.id) : !state.layer || !inScope(i);
      if (hide !== nodeHidden.get(n.id)) {
        nodeHidden.set(n.id, hide);
        nodeChanges.push({ id: n.id, hidden: hide });
      }
    });
    shownEdges = 0;
    DATA.edges.forEach((e, k) => {
      const link = linkById.get("e" + k);
      const hide = nodeHidden.get(N[e[0]].id) || nodeHidden.get(N[e[1]].id) || (link !== undefined && !passes(link));
      edgeLayer.hide(k, hide);
      if (!hide) shownEdges += 1;
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    network.redraw();
    showStats();
    if (panelId !== null) showPanel(panelId);
    renderTable();
    remember(false);
  }

  // Show everything that is left after a change of layer or filter (when the network is
  // next shown, if the table is shown now).
  let unfitted = false;

  function refit() {
    unfitted = $("network-pane").hidden;
    if (unfitted) return;
    const shown = [];
    nodeHidden.forEach((hidden, id) => { if (!hidden) shown.push(id); });
    if (shown.length) network.fit({ nodes: shown, animation: false });
  }

  function setFilters(roles, doc, section) {
    state.roles = new Set(roles);
    state.doc = doc;
    state.section = section;
    document.querySelectorAll("#role-filter input").forEach((box) => { box.checked = state.roles.has(box.value); });
    $("doc-filter").value = doc >= 0 ? N[doc].id : "";
    fillSections();
    $("section-filter").value = section >= 0 ? N[section].id : "";
  }

  function resetFilters() {
    setFilters(roleTypes, -1, -1);
  }

  function showStats() {
    let shownNodes = 0;
    nodeHidden.forEach((hidden) => { if (!hidden) shownNodes += 1; });
    const tasks = N.filter((n) => n.kind === "Task").length;
    $("stats").textContent = (manyDocs ? "文件 " + DATA.docs.length + " · " : "") + "单位 " + unitIds.length +
      " · 任务 " + tasks + " · 显示 " + shownNodes + "/" + N.length + " 节点，" + shownEdges + "/" +
      DATA.edges.length + " 连线";
  }

  $("layer-toggle").addEventListener("change", function (event) {
    state.layer = event.target.checked;
    applyFilters();
    refit();
  });

  roleStyles.forEach((style) => {
    const label = el("label", "role");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = style.type;
    box.addEventListener("change", function () {
      if (box.checked) state.roles.add(style.type); else state.roles.delete(style.type);
      applyFilters();
      refit();
    });
    label.appendChild(box);
    label.appendChild(lineSwatch(style));
    label.appendChild(el("span", null, style.label + " " + links.filter((l) => l.role === style.type).length));
    $("role-filter").appendChild(label);
  });

  if (manyDocs) {
    $("doc-pick").hidden = false;
    DATA.docs.forEach((d) => {
      const option = el("option", null, shorten(d.title || d.key, 40) + (d.jurisdiction ? "（" + d.jurisdiction + "）" : ""));
      option.value = N[d.node].id;
      $("doc-filter").appendChild(option);
    });
  }

  // The section filter lists the sections of the document chosen (of every document, under
  // its title, when none is).
  function fillSections() {
    const select = $("section-filter");
    const keep = select.value;
    select.replaceChildren(Object.assign(el("option", null, "全部章节"), { value: "" }));
    DATA.sections.forEach(([i, depth]) => {
      if (N[i].kind === "Document") {
        if (state.doc >= 0) return;
        const option = el("option", null, shorten(N[i].title, 40));
        option.disabled = true;
        select.appendChild(option);
        return;
      }
      if (state.doc >= 0 && docOf(i) !== state.doc) return;
      const option = el("option", null, "\u3000".repeat(Math.max(0, depth - (state.doc >= 0 && manyDocs ? 1 : 0))) +
        shorten(N[i].heading, 40));
      option.value = N[i].id;
      select.appendChild(option);
    });
    select.value = keep;
    if (select.value !== keep) select.value = "";
  }
  fillSections();

  $("doc-filter").addEventListener("change", function (event) {
    state.doc = event.target.value === "" ? -1 : indexOf.get(event.target.value);
    if (state.section >= 0 && state.doc >= 0 && docOf(state.section) !== state.doc) state.section = -1;
    fillSections();
    $("section-filter").value = state.section >= 0 ? N[state.section].id : "";
    applyFilters();
    refit();
  });
  $("section-filter").addEventListener("change", function (event) {
    state.section = event.target.value === "" ? -1 : indexOf.get(event.target.value);
    if (state.section >= 0 && manyDocs) {
      state.doc = docOf(state.section);
      $("doc-filter").value = state.doc >= 0 ? N[state.doc].id : "";
    }
    applyFilters();
    refit();
  });

  // ---- what units are sized by ---------------------------------------------------------------
  DATA.size_measures.forEach((name) => {
    const option = el("option", null, measures[name].label);
    option.value = name;
    $("size-by").appendChild(option);
  });
  $("size-by").value = sizeBy;
  $("size-by").addEventListener("change", (event) => setSize(event.target.value));

  function setSize(name) {
    if (!measures[name] || !DATA.size_measures.includes(name)) return;
    sizeBy = name;
    $("size-by").value = name;
    nodes.update(unitIds.map((id) => ({ id: id, size: unitSize(id) })));
    rankUnits();
    showLegendSize();
    remember(false);
  }

  // ---- labels --------------------------------------------------------------------------------
  function lines(text, width, most) {
    text = String(text).split(/\s+/).join(" ").trim();
    const count = Math.min(most, Math.ceil(text.length / width) || 1);
    if (text.length > width * most) text = text.slice(0, width * most - 1) + "…";
    const per = Math.ceil(text.length / count);
    const out = [];
    for (let k = 0; k < text.length; k += per) out.push(text.slice(k, k + per));
    return out;
  }

  const always = (px) => () => px;
  const zoomed = (px, from) => (scale) => (scale >= from ? px : 0);
  let rankedUnits = [];
  const baseCandidates = [];
  N.forEach((n, i) => {
    if (n.kind === "Document") {
      baseCandidates.push({ id: n.id, kind: n.kind, lines: lines(n.title || "", 14, 2), px: always(15), bold: true,
                            color: "#1b2631", rank: 0, order: i });
    } else if (n.kind === "Section") {
      baseCandidates.push({ id: n.id, kind: n.kind, lines: n.level === 1 ? lines(n.heading, 9, 2) : [shorten(n.heading, 12)],
                            px: n.level === 1 ? always(13) : zoomed(12, 1.1), color: "#34495e", rank: n.level === 1 ? 1 : 4,
                            order: i });
    } else if (n.kind === "Task") {
      baseCandidates.push({ id: n.id, kind: n.kind, lines: [n.label || n.ref], px: zoomed(12, 0.9), color: "#34495e",
                            rank: 3, order: i });
    } else if (n.kind === "Indicator") {
      baseCandidates.push({ id: n.id, kind: n.kind, lines: [shorten(n.text, 10)], px: zoomed(12, 1.2), color: "#34495e",
                            rank: 5, order: i });
    } else if (!UNIT_KINDS.has(n.kind)) {
      baseCandidates.push({ id: n.id, kind: n.kind, lines: [shorten(n.text, 10)], px: zoomed(12, 1.6), color: "#34495e",
                            rank: 6, order: i });
    }
  });

  function rankUnits() {
    rankedUnits = unitIds.map((id) => {
      const s = share(id);
      const base = s === null ? 12 : Math.round(12 + 4 * Math.sqrt(s));
      return { id: id, kind: node(id).kind, lines: node(id).label.split("\n"), color: "#1b2631", rank: 2,
               px: (scale) => Math.round(Math.max(base, Math.min(22, 14 * scale))), s: s === null ? -1 : s,
               c: totals.get(id).all.size };
    }).sort((a, b) => b.s - a.s || b.c - a.c || byText(node(a.id).name, node(b.id).name) || byText(a.id, b.id));
    unitCandidate = new Map(rankedUnits.map((c) => [c.id, c]));
    ordered = null;
  }
  let ordered = null;

  // In the order they are tried: the selection and its neighbours (alone, while the rest is
  // faded); otherwise documents, chapters, the units by the measure they are sized by, tasks
  // in document order, the rest.
  function candidates() {
    if (focus !== null) {
      const first = [];
      const rest = [];
      focus.nodes.forEach((id) => {
        const c = id === panelId ? first : rest;
        if (isUnit(id)) c.push(unitCandidate.get(id));
        else if (candidateOf.has(id)) c.push(Object.assign({}, candidateOf.get(id), { px: always(12) }));
      });
      rest.sort((a, b) => (isUnit(b.id) - isUnit(a.id)) || (a.order || 0) - (b.order || 0));
      return first.concat(rest).filter((c) => c && c.id);
    }
    if (ordered === null) {
      const byRank = (r) => baseCandidates.filter((c) => c.rank === r);
      ordered = byRank(0).concat(byRank(1), rankedUnits, byRank(3), byRank(4), byRank(5), byRank(6));
    }
    return ordered;
  }
  const candidateOf = new Map(baseCandidates.map((c) => [c.id, c]));
  let unitCandidate = new Map();
  rankUnits();

  // ---- the selection and its neighbourhood -----------------------------------------------------
  let focus = null;  // {nodes: Set, edges: Set} while a node is selected

  function neighbourhood(id) {
    const keepNodes = new Set([id]);
    const keepEdges = [];
    (edgesOf.get(indexOf.get(id)) || []).forEach((k) => {
      if (edgeLayer.hidden(k)) return;
      const e = DATA.edges[k];
      const other = N[e[0]].id === id ? N[e[1]].id : N[e[0]].id;
      if (nodeHidden.get(other)) return;
      keepEdges.push(k);
      keepNodes.add(other);
    });
    return { nodes: keepNodes, edges: keepEdges };
  }

  network.on("beforeDrawing", (ctx) => edgeLayer.draw(ctx));
  network.on("afterDrawing", function (ctx) {
    if (focus !== null) Fengong.fadeExcept(network, ctx, edgeLayer, focus.nodes, focus.edges);
    labels.draw(ctx);
    if (view.firstLabels === null) view.firstLabels = labels.labels();
  });
  network.once("afterDrawing", function () {
    view.ready = true;
    document.body.dataset.ready = "true";
  });

  // ---- search ----------------------------------------------------------------------------
  const fold = makeSearchFold(DATA.fold);
  const nameKey = makeNameKey(DATA.names, fold);
  const finder = Fengong.UnitSearch({
    ids: unitIds, fold: fold, nameKey: nameKey,
    name: (id) => node(id).name, others: (id) => [node(id).full_name].concat(node(id).aliases),
    place: (id) => node(id).jurisdiction, keys: (id) => node(id).keys,
    order: (a, b) => totals.get(b).lead.size - totals.get(a).lead.size || totals.get(b).all.size - totals.get(a).all.size ||
      byText(node(a).name, node(b).name) || byText(a, b),
  });
  const search = finder.search;
  Fengong.SearchBox({
    search: search,
    describe: (id) => ({ node: id, name: node(id).name, place: placeName(indexOf.get(id)), full: node(id).full_name }),
    choose: (id) => focusNode(id, true),
    typed: () => renderTable(),
  });

  // Show a node: filters that hide it are cleared, its panel opens, the network centres on
  // it; ``focusPanel`` moves the keyboard focus into the panel (after a search).
  function focusNode(id, focusPanel) {
    if (nodeHidden.get(id)) {
      if (!isUnit(id) && !state.layer) {
        state.layer = true;
        $("layer-toggle").checked = true;
      }
      resetFilters();
      applyFilters();
    }
    showPanel(id, focusPanel);
    centre(id);
  }

  // Centre a node in the part of the network the side panel leaves visible.
  function centre(id) {
    if ($("network-pane").hidden) return;
    const panel = $("panel");
    const offset = panel.hidden || Fengong.smallScreen() ? 0 : -panel.offsetWidth / 2;
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), offset: { x: offset, y: 0 }, animation: false });
  }

  // ---- side panel ------------------------------------------------------------------------
  let panelId = null;
  let opener = null;  // what had the keyboard focus when the panel was opened from it

  function itemText(i) {
    const n = N[i];
    return n.text || n.heading || n.title || "";
  }

  function activate(target, handler) {
    target.tabIndex = 0;
    target.addEventListener("click", handler);
    target.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        handler();
      }
    });
  }

  function entry(link, showUnit) {
    const li = el("li", "task-entry");
    li.dataset.item = link.item;
    li.dataset.edge = link.id;
    if (!passes(link)) li.classList.add("off");
    const where = trail(link.i).concat(N[link.i].ref ? [N[link.i].ref] : []);
    if (where.length) li.appendChild(el("div", "trail", where.join(" › ")));
    if (showUnit) {
      const who = el("div", "unit-name", node(link.unit).name);
      who.appendChild(el("span", "unit-place", placeName(link.u)));
      li.appendChild(who);
    } else {
      li.appendChild(el("p", "task-text", itemText(link.i)));
    }
    const notes = [];
    if (link.implicit) notes.push("隐含（由范围说明推出）");
    if (link.written && !showUnit) notes.push("原文写作：" + link.written);
    notes.forEach((n) => li.appendChild(el("span", "tag", n)));
    activate(li, function () {
      const target = showUnit ? link.unit : link.item;
      if (showUnit) {
        focusNode(target, true);
        return;
      }
      if (nodeHidden.get(target) && !isUnit(target)) {
        state.layer = true;
        $("layer-toggle").checked = true;
        applyFilters();
      }
      if (!nodeHidden.get(target)) {
        network.selectNodes([target]);
        centre(target);
      }
    });
    return li;
  }

  // The mentions grouped by role. Every mention is listed (so printing gives all of them);
  // those the filters hide are hidden on the screen only, and counted in a note.
  function roleGroups(list, showUnit) {
    const box = el("div", "groups");
    roleTypes.forEach((role) => {
      const mine = list.filter((l) => l.role === role);
      if (!mine.length) return;
      const shown = mine.filter(passes).length;
      const group = el("section", "role-group" + (shown ? "" : " off"));
      group.dataset.role = role;
      const head = el("h3");
      head.appendChild(lineSwatch(edgeTypes.find((e) => e.type === role)));
      head.appendChild(el("span", null, roleStyles.find((e) => e.type === role).label + " · " + mine.length));
      group.appendChild(head);
      const ol = el("ol");
      mine.forEach((l) => ol.appendChild(entry(l, showUnit)));
      group.appendChild(ol);
      box.appendChild(group);
    });
    const hidden = list.filter((l) => !passes(l)).length;
    if (hidden) box.appendChild(el("p", "note screen-only", "另有 " + hidden + " 项被角色、文件或章节筛选隐藏（打印时列出）"));
    if (!list.length) box.appendChild(el("p", "note", "没有任务"));
    return box;
  }

  function measureList(id) {
    const box = el("details", "measures");
    box.open = !Fengong.smallScreen();
    box.appendChild(el("summary", null, "网络指标（排名）"));
    const dl = el("dl");
    DATA.table_measures.forEach((name) => {
      const m = measures[name];
      const v = value(name, id);
      dl.appendChild(el("dt", null, m.label));
      const dd = el("dd");
      const rank = rankOf[name].get(id);
      dd.appendChild(el("span", "value", v === null ? "未计入（集合性单位或无任务）" :
        formatValue(name, v) + "，第 " + rank[0] + " 名／" + rank[1]));
      dd.appendChild(el("span", "explain", m.explain));
      dl.appendChild(dd);
    });
    box.appendChild(dl);
    return box;
  }

  function showPanel(id, focusPanel) {
    const changed = panelId !== id;
    if (panelId === null && document.activeElement && document.activeElement !== document.body) {
      opener = document.activeElement;
    }
    panelId = id;
    const i = indexOf.get(id);
    const n = N[i];
    const meta = $("panel-meta");
    const body = $("panel-body");
    meta.replaceChildren();
    body.replaceChildren();
    $("panel").hidden = false;
    $("panel").dataset.node = id;
    if (UNIT_KINDS.has(n.kind)) {
      $("panel-title").textContent = n.name;
      if (n.full_name && n.full_name !== n.name) meta.appendChild(el("div", "full-name", n.full_name));
      meta.appendChild(el("div", "place", "地区：" + placeName(i)));
      meta.appendChild(el("div", "unit-type", types[n.type].label + (n.placeholder ? "（集合性单位，不计入网络指标）" : "")));
      if (n.aliases.length) meta.appendChild(el("div", "aliases", "原文写作：" + n.aliases.join("、")));
      const c = totals.get(id);
      meta.appendChild(el("div", "load", "牵头 " + c.lead.size + " 项 · 责任 " + c.responsible.size + " 项 · 配合 " +
        c.support.size + " 项" + (c.guide.size ? " · 指导 " + c.guide.size + " 项" : "") + " · 合计 " + c.all.size +
        " 项任务" + (manyDocs ? "，" + c.docs.size + " 份文件" : "")));
      meta.appendChild(measureList(id));
      body.appendChild(roleGroups(linksOfUnit.get(id) || [], false));
    } else {
      const where = trail(i).join(" › ");
      if (where) meta.appendChild(el("div", "trail", where));
      if (n.kind === "Task" || n.kind === "Indicator") {
        $("panel-title").textContent = n.kind === "Task" ? (n.label || n.ref) : "指标 " + n.path;
        meta.appendChild(el("div", "ref", (n.kind === "Task" ? "任务 " + n.ref : "指标 " + n.path)));
        body.appendChild(el("p", "task-text", n.text));
        body.appendChild(roleGroups(linksToItem.get(id) || [], true));
      } else if (n.kind === "Section") {
        $("panel-title").textContent = n.heading;
        const inside = N.filter((m, k) => m.kind === "Task" && within(k).includes(i)).length;
        body.appendChild(el("p", "note", "本章节下任务 " + inside + " 项"));
        if (linksToItem.has(id)) body.appendChild(roleGroups(linksToItem.get(id), true));
      } else if (n.kind === "Document") {
        $("panel-title").textContent = n.title;
        if (n.jurisdiction) meta.appendChild(el("div", "place", "地区：" + n.jurisdiction));
        if (linksToItem.has(id)) body.appendChild(roleGroups(linksToItem.get(id), true));
      } else {
        $("panel-title").textContent = n.text;
      }
    }
    if (!nodeHidden.get(id)) network.selectNodes([id]);
    focus = nodeHidden.get(id) ? null : neighbourhood(id);
    network.redraw();
    if (focusPanel) $("panel").focus();
    if (changed) remember(true);
  }

  function closePanel(returnFocus) {
    if (panelId === null) return;
    const inside = $("panel").contains(document.activeElement);
    panelId = null;
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
    else if (panelId !== null && !params.edges.length) closePanel(false);
  });

  // ---- the unit table ------------------------------------------------------------------------
  const hasGuide = links.some((l) => l.role === "guide");
  const columns = [
    { key: "name", label: "单位", explain: "单位简称；点击打开它的任务清单" },
    { key: "place", label: "地区", explain: "发文的城市、省或中央" },
    { key: "type", label: "类型", explain: "单位的类型" },
    { key: "lead", label: "牵头", explain: "作为牵头单位的任务数", numeric: true },
    { key: "responsible", label: "责任", explain: "作为责任单位的任务数", numeric: true },
    { key: "support", label: "配合", explain: "作为配合单位的任务数", numeric: true },
  ].concat(hasGuide ? [{ key: "guide", label: "指导", explain: "作为指导单位的任务数", numeric: true }] : [], [
    { key: "all", label: "合计", explain: "以任一角色列出的任务数（一项任务只算一次）", numeric: true },
  ], manyDocs ? [{ key: "docs", label: "文件", explain: "列出它的文件数", numeric: true }] : [], DATA.table_measures.map((name) => ({
    key: name, label: measures[name].label, explain: measures[name].explain, numeric: true,
    format: (v) => formatValue(name, v),
  })));

  function tableRows() {
    const narrow = restrictive();
    const found = counts(inPlace);
    const query = $("search").value.trim();
    const hits = query ? new Set(search(query)) : null;
    const rows = [];
    unitIds.forEach((id) => {
      const c = found.get(id);
      if (narrow && !(linksOfUnit.get(id) || []).some(passes)) return;
      if (hits && !hits.has(id)) return;
      const n = node(id);
      const values = { name: n.name, place: placeName(indexOf.get(id)), type: types[n.type].label,
                       lead: c.lead.size, responsible: c.responsible.size, support: c.support.size,
                       guide: c.guide.size, all: c.all.size, docs: c.docs.size };
      DATA.table_measures.forEach((name) => { values[name] = value(name, id); });
      rows.push({ id: id, values: values });
    });
    return rows;
  }

  const table = Fengong.UnitTable({
    table: $("unit-table"), columns: columns, sortKey: "lead", tieBreak: ["all"], rows: tableRows,
    open: (id, from) => {
      opener = from;
      focusNode(id, true);
    },
    rendered: (count) => {
      $("table-count").textContent = count + " 个单位" + (restrictive() || $("search").value.trim() ?
        "（按筛选与查找）" : "");
    },
  });
  view.table = table;

  // Rendered whenever what it shows changes, shown or not: printing shows it too.
  function renderTable() {
    table.render();
  }

  const notes = $("measure-notes-list");
  columns.filter((c) => c.numeric).forEach((c) => {
    notes.appendChild(el("dt", null, c.label));
    notes.appendChild(el("dd", null, c.explain));
  });

  function tableCsv() {
    Fengong.saveCsv(Fengong.fileName(DATA.title, ".单位.csv"), table.matrix(false));
  }

  $("table-csv").addEventListener("click", tableCsv);
  $("export-csv").addEventListener("click", tableCsv);
  $("table-copy").addEventListener("click", function () {
    Fengong.copyText(Fengong.tsvText(table.matrix(true))).then((done) => {
      $("copy-status").textContent = done ? "已复制 " + table.rows().length + " 行，可粘贴到 Excel" : "复制失败，请用“下载CSV”";
    });
  });
  $("export-png").addEventListener("click", () => Fengong.saveImage(network, Fengong.fileName(DATA.title, ".png")));
  $("print").addEventListener("click", () => window.print());

  const tabs = Fengong.Tabs(Array.from(document.querySelectorAll('#tabs [role="tab"]')), function (name) {
    if (name === "network" && unfitted) refit();
    if (name === "network" && panelId !== null && !nodeHidden.get(panelId)) centre(panelId);
    else if (name === "network") network.redraw();
    remember(false);
  });

  // ---- the address bar -------------------------------------------------------------------------
  // #unit=市发改委 (the name; with its jurisdiction where two units share a name),
  // #node=<id> for other nodes, role=lead,responsible (the roles shown, when not all),
  // doc=<key>, section=<path>, size=<measure>, tab=units.
  const nameCount = new Map();
  unitIds.forEach((id) => nameCount.set(node(id).name, (nameCount.get(node(id).name) || 0) + 1));

  function unitKey(id) {
    const n = node(id);
    return nameCount.get(n.name) === 1 ? n.name : (n.jurisdiction ? n.jurisdiction + " " + n.name : id);
  }

  function findUnit(key) {
    if (indexOf.has(key) && isUnit(key)) return key;
    const exact = unitIds.filter((id) => unitKey(id) === key || node(id).name === key);
    if (exact.length) return exact[0];
    const hits = search(key);
    return hits.length ? hits[0] : null;
  }

  let applying = false;

  function remember(push) {
    if (applying) return;
    const current = {};
    if (panelId !== null) {
      if (isUnit(panelId)) current.unit = unitKey(panelId);
      else current.node = panelId;
    }
    if (state.roles.size < roleTypes.length) current.role = roleTypes.filter((r) => state.roles.has(r)).join(",");
    if (state.doc >= 0 && manyDocs) current.doc = DATA.docs.find((d) => d.node === state.doc).key;
    if (state.section >= 0) {
      current.section = N[state.section].path;
      const d = docOf(state.section);
      if (manyDocs && d >= 0) current.doc = DATA.docs.find((x) => x.node === d).key;
    }
    if (sizeBy !== DATA.size_by) current.size = sizeBy;
    if (tabs && tabs.current() === "units") current.tab = "units";
    if (!state.layer) current.layer = "units";
    address.write(current, push);
  }

  function apply(wanted) {
    applying = true;
    try {
      const roles = wanted.role ? wanted.role.split(",").filter((r) => roleTypes.includes(r)) : roleTypes;
      const docEntry = DATA.docs.find((d) => d.key === wanted.doc) || (manyDocs ? null : DATA.docs[0]);
      const doc = docEntry && wanted.doc ? docEntry.node : -1;
      let section = -1;
      if (wanted.section) {
        const scope = docEntry ? docEntry.node : -1;
        const found = N.findIndex((n, k) => n.kind === "Section" && n.path === wanted.section &&
          (scope < 0 || docOf(k) === scope));
        section = found;
      }
      state.layer = wanted.layer !== "units";
      $("layer-toggle").checked = state.layer;
      setFilters(roles.length ? roles : roleTypes, doc, section);
      applyFilters();
      if (wanted.size && wanted.size !== sizeBy) setSize(wanted.size);
      else if (!wanted.size && sizeBy !== DATA.size_by) setSize(DATA.size_by);
      tabs.select(wanted.tab === "units" ? "units" : "network", false);
      const target = wanted.unit ? findUnit(wanted.unit) : (wanted.node && indexOf.has(wanted.node) ? wanted.node : null);
      if (target) focusNode(target, false);
      else {
        closePanel(false);
        refit();
      }
    } finally {
      applying = false;
    }
  }

  const address = Fengong.Address(apply);

  // ---- legend ----------------------------------------------------------------------------
  function lineSwatch(style) {
    const swatch = el("span", "line");
    swatch.style.borderTopWidth = Math.max(1, Math.round(style.width * 1.5)) + "px";
    swatch.style.borderTopStyle = style.dashes ? "dashed" : "solid";
    swatch.style.borderTopColor = style.color;
    return swatch;
  }

  const SHAPES = { dot: "●", diamond: "◆", square: "■", star: "★", triangle: "▲", triangleDown: "▼" };

  function showLegendSize() {
    const m = measures[sizeBy];
    $("legend-size").textContent = "大小：" + m.label + "（" + m.explain + "）；◆ 领导小组等机构；虚线边框：集合性单位";
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
    if (DATA.kinds.length) {
      legend.appendChild(el("h3", null, "文件结构"));
      const kinds = el("ul");
      DATA.kinds.forEach((k) => {
        const li = el("li");
        const mark = el("span", "shape", SHAPES[k.shape] || "●");
        mark.setAttribute("aria-hidden", "true");
        mark.style.color = k.color;
        li.appendChild(mark);
        li.appendChild(el("span", null, k.label));
        kinds.appendChild(li);
      });
      legend.appendChild(kinds);
    }
    if (edgeTypes.length) {
      legend.appendChild(el("h3", null, "连线"));
      const list2 = el("ul");
      edgeTypes.forEach((e) => {
        const li = el("li");
        li.appendChild(lineSwatch(e));
        li.appendChild(el("span", null, e.label));
        list2.appendChild(li);
      });
      legend.appendChild(list2);
    }
  }

  buildLegend();
  Fengong.closeOnSmallScreens([$("legend").querySelector("details"), $("tools")]);
  showStats();
  renderTable();
  network.fit({ animation: false });
  const first = address.read();
  if (Object.keys(first).length) apply(first);
})();
