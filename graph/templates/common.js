/* What the network view and the corpus overview share: small DOM helpers, the unit table,
 * the state kept in the address bar, the labels drawn on the canvas, exports and the
 * parts of the page that behave alike (tabs, keyboard, small screens).
 *
 * Every text that comes from a document reaches the page through textContent, a plain
 * vis-network tooltip string or the canvas's fillText, never as HTML.
 */
"use strict";
const Fengong = (function () {
  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function byText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function smallScreen() {
    return window.matchMedia("(max-width: 599px)").matches;
  }

  // ---- numbers as staff read them ------------------------------------------------------
  // A measure's value as the table and the panel show it: shares as percentages, counts
  // as whole numbers, the rest with three significant digits.
  const PERCENT = new Set(["pagerank", "ls_pagerank", "betweenness"]);

  function formatValue(name, value) {
    if (value === null || value === undefined) return "—";
    if (PERCENT.has(name)) return (100 * value).toFixed(value >= 0.1 ? 1 : 2) + "%";
    if (Number.isInteger(value)) return String(value);
    return String(Number(value.toPrecision(3)));
  }

  // ---- files: CSV, clipboard, downloads ---------------------------------------------------
  // A text cell starting with = + - @ gets a leading ' so a spreadsheet never runs it as a
  // formula (as every CSV fengong writes).
  function csvCell(value) {
    if (value === null || value === undefined) return "";
    let text = String(value);
    if (typeof value === "string" && /^[=+\-@]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  // Rows (arrays) as CSV: UTF-8 with a BOM, so that Excel shows the Chinese text.
  function csvText(rows) {
    return "\ufeff" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
  }

  // Rows as tab-separated text, as a spreadsheet pastes it into columns.
  function tsvText(rows) {
    return rows.map((row) => row.map((v) => (v === null || v === undefined ? "" : String(v))
      .replace(/[\t\r\n]+/g, " ")).join("\t")).join("\n") + "\n";
  }

  function saveFile(name, blob) {
    const link = el("a");
    link.download = name;
    link.href = URL.createObjectURL(blob);
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  }

  function saveCsv(name, rows) {
    saveFile(name, new Blob([csvText(rows)], { type: "text/csv;charset=utf-8" }));
  }

  // Copy text to the clipboard; where the browser allows no clipboard API (a file opened
  // from disk on some intranets), through a selected, off-screen text area.
  function copyText(text) {
    function fallback() {
      const area = el("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      let done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      area.remove();
      return done;
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).then(() => true, () => fallback());
    }
    return Promise.resolve(fallback());
  }

  // A file name from the page's title: what a file system accepts, at most 60 characters.
  function fileName(title, suffix) {
    const base = String(title).replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 60) || "fengong";
    return base + suffix;
  }

  // The network as drawn now, as a PNG on white (the canvas itself is transparent).
  function saveImage(network, name) {
    const canvas = network.canvas.frame.canvas;
    const out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    out.toBlob((blob) => saveFile(name, blob), "image/png");
  }

  // ---- the address bar -------------------------------------------------------------------
  // The view's state as #unit=…&role=…&section=…&doc=…: read on load and on Back/Forward,
  // written as the reader works. A new selection is a new history entry (so Back returns to
  // the one before); a change of filter replaces the current entry.
  function Address(apply) {
    let written = location.hash;

    function read() {
      const params = new URLSearchParams(location.hash.replace(/^#/, ""));
      const state = {};
      params.forEach((value, key) => { state[key] = value; });
      return state;
    }

    function format(state) {
      const params = new URLSearchParams();
      Object.keys(state).forEach((key) => {
        const value = state[key];
        if (value !== undefined && value !== null && value !== "") params.set(key, value);
      });
      const text = params.toString().replace(/\+/g, "%20");
      return text ? "#" + text : "";
    }

    let last = format(read());

    function write(state, push) {
      const hash = format(state);
      if (hash === last) return;
      last = hash;
      if (push) {
        location.hash = hash || "#";
      } else {
        try {
          history.replaceState(history.state, "", location.pathname + location.search + (hash || "#"));
        } catch (e) {
          location.replace(hash || "#");
        }
      }
      written = location.hash;
    }

    function changed() {
      if (location.hash === written) return;
      written = location.hash;
      last = format(read());
      apply(read());
    }

    window.addEventListener("hashchange", changed);
    window.addEventListener("popstate", changed);
    return { read: read, write: write, format: format };
  }

  // ---- labels on the canvas ----------------------------------------------------------------
  // vis-network draws names at a fixed size in the network's own units, so a whole plan on
  // one screen shows them a few pixels high. The view draws them itself instead, after
  // vis-network has drawn the frame: at a size on the screen (12 px and up, whatever the
  // zoom), the most important first, each only where it overlaps no label already drawn
  // and nothing that covers the canvas, and whole.
  // So the first frame shows the leading units legibly and more appear as the reader
  // zooms in. labels() tells what the last frame showed.
  function LabelLayer(network, options) {
    const body = network.body;
    const widths = new Map();
    let shown = [];

    function width(ctx, text, font) {
      const key = font + "\u0000" + text;
      let w = widths.get(key);
      if (w === undefined) {
        ctx.font = font;
        w = ctx.measureText(text).width;
        widths.set(key, w);
      }
      return w;
    }

    function draw(ctx) {
      const scale = body.view.scale;
      const tx = body.view.translation.x;
      const ty = body.view.translation.y;
      const frame = network.canvas.frame.canvas;
      const W = frame.clientWidth;
      const H = frame.clientHeight;
      const ratio = network.canvas.pixelRatio || 1;
      const cell = 48;
      const grid = new Map();
      const drawn = [];
      const limit = options.limit || 400;

      function free(box) {
        for (let gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx += 1) {
          for (let gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy += 1) {
            const list = grid.get(gx + "," + gy);
            if (!list) continue;
            for (const b of list) {
              if (box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]) return false;
            }
          }
        }
        return true;
      }

      function take(box) {
        for (let gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx += 1) {
          for (let gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy += 1) {
            const key = gx + "," + gy;
            if (!grid.has(key)) grid.set(key, []);
            grid.get(key).push(box);
          }
        }
      }

      // what covers the canvas (the legend, the side panel) is taken already
      const origin = frame.getBoundingClientRect();
      (options.covers ? options.covers() : []).forEach((cover) => {
        if (!cover || cover.hidden || !cover.getClientRects().length) return;
        const r = cover.getBoundingClientRect();
        take([r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top]);
      });
      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.lineJoin = "round";
      for (const c of options.candidates()) {
        if (drawn.length >= limit) break;
        const node = body.nodes[c.id];
        if (!node || node.options.hidden) continue;
        const px = c.px(scale);
        if (!px) continue;
        const sx = node.x * scale + tx;
        const sy = node.y * scale + ty;
        if (sx < -200 || sx > W + 200 || sy < -100 || sy > H + 100) continue;
        const font = (c.bold ? "bold " : "") + px + "px " + options.font;
        const lines = c.lines;
        let w = 0;
        for (const line of lines) w = Math.max(w, width(ctx, line, font));
        const lineHeight = Math.round(px * 1.25);
        const top = sy + Math.max(2, (node.options.size || 0) * scale) + 2;
        const box = [sx - w / 2 - 2, top, sx + w / 2 + 2, top + lineHeight * lines.length];
        if (box[0] < 0 || box[2] > W || box[1] < 0 || box[3] > H) continue;  // wholly on the screen, or not at all
        if (!free(box)) continue;
        take(box);
        ctx.font = font;
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255, 255, 255, 0.92)";
        ctx.fillStyle = c.color || "#1b2631";
        lines.forEach((line, k) => {
          ctx.strokeText(line, sx, top + k * lineHeight);
          ctx.fillText(line, sx, top + k * lineHeight);
        });
        drawn.push({ id: c.id, kind: c.kind, px: px, text: lines.join("") });
      }
      ctx.restore();
      shown = drawn;
    }

    return { draw: draw, labels: () => shown };
  }

  // ---- edges on the canvas ------------------------------------------------------------------
  // The edges are drawn by the page, not by vis-network: vis-network strokes each edge on its
  // own, with an object made for it in every frame, which is most of a frame's time once a
  // view has thousands of edges (a 25-plan view: 0.4 s). Here all the edges of one style are
  // one path, stroked once, under the nodes. ``edges``: [from id, to id, style]; ``styles``:
  // {color, width, dashes, alpha}. An edge is drawn unless it is hidden (hide(k, true)) or
  // either end is a hidden node, and only where it can cross the screen.
  function EdgeLayer(network, edges, styles) {
    const body = network.body;
    const hidden = new Uint8Array(edges.length);
    let ends = null;

    function draw(ctx, only, bold) {
      if (ends === null) ends = edges.map((e) => [body.nodes[e[0]], body.nodes[e[1]]]);
      const scale = body.view.scale;
      const t = body.view.translation;
      const frame = network.canvas.frame.canvas;
      const x0 = -t.x / scale;
      const y0 = -t.y / scale;
      const x1 = x0 + frame.clientWidth / scale;
      const y1 = y0 + frame.clientHeight / scale;
      const paths = new Array(styles.length).fill(null);
      let drawn = 0;
      const count = only ? only.length : edges.length;
      for (let n = 0; n < count; n += 1) {
        const k = only ? only[n] : n;
        if (hidden[k]) continue;
        const [a, b] = ends[k];
        if (!a || !b || a.options.hidden || b.options.hidden) continue;
        if ((a.x < x0 && b.x < x0) || (a.x > x1 && b.x > x1) || (a.y < y0 && b.y < y0) || (a.y > y1 && b.y > y1)) continue;
        const s = edges[k][2];
        if (paths[s] === null) paths[s] = new Path2D();
        paths[s].moveTo(a.x, a.y);
        paths[s].lineTo(b.x, b.y);
        drawn += 1;
      }
      ctx.save();
      paths.forEach((path, s) => {
        if (path === null) return;
        const style = styles[s];
        ctx.strokeStyle = style.color;
        ctx.globalAlpha = bold ? 1 : style.alpha;
        ctx.lineWidth = Math.max(style.width * (bold ? 1.5 : 1), 0.3 / scale);
        ctx.setLineDash(style.dashes || []);
        ctx.stroke(path);
      });
      ctx.restore();
      return drawn;
    }

    // The edges that are drawn now, wherever they are on the canvas.
    function shown() {
      if (ends === null) ends = edges.map((e) => [body.nodes[e[0]], body.nodes[e[1]]]);
      const out = [];
      edges.forEach((_, k) => {
        const [a, b] = ends[k];
        if (!hidden[k] && a && b && !a.options.hidden && !b.options.hidden) out.push(k);
      });
      return out;
    }

    return { draw: draw, shown: shown, hide: (k, on) => { hidden[k] = on ? 1 : 0; }, hidden: (k) => hidden[k] === 1 };
  }

  // Fade everything but ``keepNodes`` (node ids) and the edges ``keepEdges`` (indexes into
  // the edge layer): a veil over the frame, and the kept edges and nodes drawn again above it.
  function fadeExcept(network, ctx, layer, keepNodes, keepEdges) {
    const body = network.body;
    const frame = network.canvas.frame.canvas;
    const ratio = network.canvas.pixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "rgba(255, 255, 255, 0.82)";
    ctx.fillRect(0, 0, frame.clientWidth, frame.clientHeight);
    ctx.restore();
    layer.draw(ctx, keepEdges, true);
    keepNodes.forEach((id) => {
      const node = body.nodes[id];
      if (node && !node.options.hidden) node.draw(ctx);
    });
  }

  // ---- tabs --------------------------------------------------------------------------------
  // Two tabs (the network and the unit table), switched by click or by the arrow keys.
  function Tabs(tabs, onChange) {
    function select(name, focus) {
      tabs.forEach((tab) => {
        const on = tab.dataset.tab === name;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        $(tab.getAttribute("aria-controls")).hidden = !on;
        if (on && focus) tab.focus();
      });
      document.body.dataset.tab = name;
      onChange(name);
    }
    tabs.forEach((tab, k) => {
      tab.addEventListener("click", () => select(tab.dataset.tab, false));
      tab.addEventListener("keydown", (event) => {
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          const next = tabs[(k + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
          select(next.dataset.tab, true);
          event.preventDefault();
        }
      });
    });
    return { select: select, current: () => document.body.dataset.tab || tabs[0].dataset.tab };
  }

  // ---- the unit table ----------------------------------------------------------------------
  // A real <table>, the text alternative to the canvas: one row per unit, sortable by any
  // column (a button in each header, so the keyboard reaches it), each row's name a button
  // that opens the unit's side panel. ``columns``: {key, label, explain, numeric, format};
  // ``rows()``: the rows the filters leave, each {id, values: {key: value}}; at most
  // ``limit`` rows are drawn, and the CSV and copy have all of them.
  function UnitTable(options) {
    const table = options.table;
    const columns = options.columns;
    let sortKey = options.sortKey;
    let sortDown = true;
    let current = [];

    function compare(a, b) {
      const column = columns.find((c) => c.key === sortKey);
      const x = a.values[sortKey];
      const y = b.values[sortKey];
      let order;
      if (column.numeric) {
        order = (x === null || x === undefined ? -Infinity : x) - (y === null || y === undefined ? -Infinity : y);
        if (sortDown) order = -order;
      } else {
        order = byText(String(x || ""), String(y || ""));
        if (!sortDown) order = -order;
      }
      if (order) return order;
      for (const key of options.tieBreak) {
        const d = (b.values[key] || 0) - (a.values[key] || 0);
        if (d) return d;
      }
      return byText(a.values.name, b.values.name) || byText(String(a.id), String(b.id));
    }

    function header() {
      const row = el("tr");
      columns.forEach((column) => {
        const th = el("th");
        th.scope = "col";
        th.dataset.key = column.key;
        if (column.numeric) th.className = "num";
        const button = el("button", "sort", column.label);
        button.type = "button";
        if (column.explain) button.title = column.explain;
        button.addEventListener("click", () => {
          if (sortKey === column.key) sortDown = !sortDown;
          else { sortKey = column.key; sortDown = !!column.numeric; }
          render();
          table.querySelector('th[data-key="' + column.key + '"] button').focus();
        });
        th.appendChild(button);
        row.appendChild(th);
      });
      table.tHead.replaceChildren(row);
    }

    function render() {
      current = options.rows().slice().sort(compare);
      table.querySelectorAll("thead th").forEach((th) => {
        th.setAttribute("aria-sort", th.dataset.key === sortKey ? (
          (columns.find((c) => c.key === sortKey).numeric ? sortDown : !sortDown) ? "descending" : "ascending") : "none");
      });
      const body = document.createDocumentFragment();
      current.slice(0, options.limit || Infinity).forEach((row) => {
        const tr = el("tr");
        tr.dataset.node = row.id;
        columns.forEach((column, k) => {
          const value = row.values[column.key];
          const text = column.format ? column.format(value, row) : (value === null || value === undefined ? "" : value);
          let cell;
          if (k === 0) {
            cell = el("th");
            cell.scope = "row";
            const open = el("button", "open-unit", text);
            open.type = "button";
            open.addEventListener("click", (event) => {
              event.stopPropagation();
              options.open(row.id, open);
            });
            cell.appendChild(open);
          } else {
            cell = el("td", column.numeric ? "num" : null, text);
          }
          tr.appendChild(cell);
        });
        tr.addEventListener("click", () => options.open(row.id, tr.querySelector("button.open-unit")));
        body.appendChild(tr);
      });
      table.tBodies[0].replaceChildren(body);
      if (options.rendered) options.rendered(current.length, Math.min(current.length, options.limit || Infinity));
    }

    function matrix(display) {
      const head = columns.map((c) => c.label);
      return [head].concat(current.map((row) => columns.map((c) => {
        const value = row.values[c.key];
        return display && c.format ? c.format(value, row) : (c.csv ? c.csv(value, row) : value);
      })));
    }

    header();
    return {
      render: render,
      rows: () => current,
      matrix: matrix,
      sortedBy: () => [sortKey, sortDown],
    };
  }

  // ---- search ----------------------------------------------------------------------------------
  // Units found by what is typed, best first. Names and what is typed are compared folded
  // (search_fold.js: 發改委 finds 发改委), and by their keys (发展改革委 finds 发改委).
  // ``options``: ids, and for an id its name, others (full name, spellings), place
  // (jurisdiction), keys; fold, nameKey; order (how hits of one rank are ordered).
  function UnitSearch(options) {
    const { fold, nameKey } = options;
    let folded = null;
    let termKeys = new Map();

    function prepare() {
      folded = new Map();
      options.ids.forEach((id) => folded.set(id, {
        name: fold(options.name(id)), others: options.others(id).filter((s) => s).map(fold),
        place: fold(options.place(id) || ""), jurisdiction: options.place(id) || "", keys: options.keys(id),
      }));
    }

    function termKey(term, jurisdiction) {
      const at = term + "\u0000" + jurisdiction;
      if (!termKeys.has(at)) termKeys.set(at, nameKey(term, jurisdiction));
      return termKeys.get(at);
    }

    // How well one term names a unit: 0 its name (or its name's key), 1 the start of it, 2
    // part of it, 3 part of its full name or of a spelling, 4 part of its jurisdiction; -1
    // not at all. A term that starts with the unit's jurisdiction (北岭市发改委) is matched
    // by the rest.
    function termRank(u, term) {
      if (u.name === term) return 0;
      if (u.name.startsWith(term)) return 1;
      if (u.name.includes(term)) return 2;
      const key = termKey(term, u.jurisdiction);
      if (u.keys.includes(key)) return 0;
      if (u.keys.some((k) => k.startsWith(key))) return 1;
      if (u.keys.some((k) => k.includes(key))) return 2;
      if (u.others.some((s) => s.includes(term))) return 3;
      if (u.place && term.length > u.place.length && term.startsWith(u.place)) {
        const rest = termRank(u, term.slice(u.place.length));
        if (rest >= 0 && rest <= 3) return rest;
      }
      if (u.place && u.place.includes(term)) return 4;
      return -1;
    }

    function search(query) {
      const terms = fold(String(query).trim()).split(/\s+/).filter((t) => t);
      if (!terms.length) return [];
      if (folded === null) prepare();
      termKeys = new Map();
      const hits = [];
      folded.forEach((u, id) => {
        let rank = 0;
        for (const term of terms) {
          const r = termRank(u, term);
          if (r < 0) { rank = -1; break; }
          rank = Math.max(rank, r);
        }
        if (rank >= 0) hits.push([rank, id]);
      });
      hits.sort((a, b) => a[0] - b[0] || options.order(a[1], b[1]));
      return hits.map((h) => h[1]);
    }

    return { search: search };
  }

  // The search box and its list of hits: 12 shown, each with where the unit belongs; Enter
  // takes the first, the arrow keys move through them, a click elsewhere closes them.
  // ``describe(id)``: {name, place, full, note}; ``choose(id)`` opens it; ``typed()`` is
  // called after every change of what is typed.
  function SearchBox(options) {
    const input = $("search");
    const list = $("search-results");
    const clear = $("table-clear");
    if (clear) {
      clear.addEventListener("click", () => {
        input.value = "";
        show();
      });
    }

    function show() {
      list.replaceChildren();
      const query = input.value;
      const hits = options.search(query);
      hits.slice(0, 12).forEach((id) => {
        const d = options.describe(id);
        const item = el("li");
        const button = el("button", "hit");
        button.type = "button";
        button.dataset.node = d.node;
        button.appendChild(el("span", "hit-name", d.name));
        button.appendChild(el("span", "hit-place", d.place));
        if (d.full && d.full !== d.name) button.appendChild(el("span", "hit-full", d.full));
        if (d.note) button.appendChild(el("span", "hit-off", d.note));
        button.addEventListener("click", () => {
          list.hidden = true;
          options.choose(id);
        });
        item.appendChild(button);
        list.appendChild(item);
      });
      if (hits.length > 12) list.appendChild(el("li", "more", "另有 " + (hits.length - 12) + " 个，请输入更多文字"));
      if (!hits.length && query.trim()) list.appendChild(el("li", "none", "没有找到"));
      list.hidden = !query.trim();
      if (clear) {
        clear.hidden = !query.trim();
        clear.textContent = "不按“" + query.trim() + "”查找";
      }
      options.typed();
    }

    input.addEventListener("input", show);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        const hits = options.search(input.value);
        if (hits.length) {
          list.hidden = true;
          options.choose(hits[0]);
        }
      } else if (event.key === "ArrowDown" && !list.hidden) {
        const first = list.querySelector("button");
        if (first) first.focus();
        event.preventDefault();
      }
    });
    list.addEventListener("keydown", (event) => {
      const buttons = Array.from(list.querySelectorAll("button"));
      const k = buttons.indexOf(document.activeElement);
      if (k < 0 || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
      const next = event.key === "ArrowDown" ? buttons[k + 1] : buttons[k - 1];
      if (next) next.focus(); else if (event.key === "ArrowUp") input.focus();
      event.preventDefault();
    });
    document.addEventListener("pointerdown", (event) => {
      if (!$("find").contains(event.target)) list.hidden = true;
    });
  }

  // ---- keyboard and small screens ------------------------------------------------------------
  // Escape closes the search hits if they are open, else the side panel, from anywhere.
  function escapeCloses(hits, closePanel) {
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      if (!hits.hidden) {
        hits.hidden = true;
        return;
      }
      closePanel(true);
    });
  }

  // Below 600 px the legend and the filter tools start closed, so they do not cover the view.
  function closeOnSmallScreens(details) {
    if (smallScreen()) details.forEach((d) => { if (d) d.open = false; });
  }

  return {
    $: $, el: el, byText: byText, smallScreen: smallScreen, formatValue: formatValue,
    csvText: csvText, tsvText: tsvText, saveCsv: saveCsv, saveImage: saveImage, copyText: copyText,
    fileName: fileName, Address: Address, LabelLayer: LabelLayer, EdgeLayer: EdgeLayer, fadeExcept: fadeExcept, Tabs: Tabs,
    UnitTable: UnitTable, UnitSearch: UnitSearch, SearchBox: SearchBox, escapeCloses: escapeCloses,
    closeOnSmallScreens: closeOnSmallScreens,
  };
})();
