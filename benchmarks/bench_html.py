"""How long the HTML view takes to open, against pyvis's defaults on the same graphs.

For each graph — the main document's, and a synthetic corpus of about 5,000 nodes
(``benchmarks/synth.py``, 14 made-up cities) — two pages are written:

- **fengong**: :func:`fengong.graph.html.write_html` (positions computed in Python, physics off);
- **pyvis defaults**: ``Network(cdn_resources="in_line")``, ``from_nx(G)``, ``write_html``.
  The one change from pyvis's defaults is ``in_line``: the default, ``local``, loads
  vis-network from a CDN, which an offline machine cannot reach. Bootstrap is still linked
  from its CDN; the request is aborted, as it would fail offline.

Besides these, the corpus overview (:func:`fengong.graph.html.overview_data`, what ``fengong build`` writes for
a corpus of more than 3,000 tasks) of synthetic corpora of 100 and 1,000 documents
(``--sizes``): the seconds :func:`fengong.graph.html.write_html` takes, the file's size and the time
to a stable drawing; at 100 documents also the full view of the same graph (every section,
task and unit), forced with ``overview_above=math.inf``, for comparison. The corpora are
written by ``benchmarks/synth.py`` and parsed with :func:`fengong.build.parse_many` into
``--cache`` (default ``/tmp/fengong-bench-html``), where the parses are kept for the next run
in the build's own parse cache (plain JSON with a checksum, :mod:`fengong.cache`: nothing
kept there is ever run, which matters in a folder of ``/tmp`` anyone can write to).

Each page is opened from ``file://`` in headless Chromium (/usr/bin/chromium, a fresh
context per run, every non-file request aborted). The time measured runs from the start of
navigation (``performance.now()`` is 0 there) to the first frame vis-network draws once the
network is stable: for a page with physics off, its first drawn frame; with physics on, the
first frame drawn after vis-network reports ``stabilized`` (the live simulation has come to
rest after the stabilization iterations). A hook installed before the page's scripts wraps
``vis.Network`` to listen for these events from the start.

``--redraw 10,25,50`` measures instead how long Chromium takes to redraw the view once it is
open — what decides whether panning, zooming and selecting feel smooth — for the main
document and for synthetic corpora of those sizes, drawn whole (the full view, forced with
``overview_above=math.inf``) and as ``fengong build`` writes them (full view or overview, by
:data:`fengong.graph.view_data.OVERVIEW_ITEMS`). Each redraw is one call of
``network.redraw()``, which draws the frame synchronously (vis-network's nodes, the page's
edges and labels), timed with ``performance.now()`` after the view was moved by a few pixels;
the median of ``--frames`` redraws is reported, in a fresh page per run, with the seed view
timed in the same browser as a reference (the machine is shared, so a ratio to it is steadier
than the milliseconds). The page must stay under 150 ms per redraw.

Run: ``python benchmarks/bench_html.py [--runs N] [--timeout SECONDS] [--sizes 100,1000]
[--cache DIR] [--only-overview] [--redraw 10,25,50 [--frames 15]]``.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import networkx as nx  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from pyvis.network import Network  # noqa: E402

from fengong import parser  # noqa: E402
import synth  # noqa: E402
from fengong.build import parse_many  # noqa: E402
from fengong.graph.build import document_keys, to_networkx  # noqa: E402
from fengong.graph.html import write_html  # noqa: E402
from fengong.graph.view_data import drawn_items, wants_overview  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-default-apps", "--disable-sync", "--mute-audio"]

#: Installed before any script of the page: wraps vis.Network as vis-network's UMD bundle
#: defines it (it fills in an existing ``window.vis``), and records when the network is
#: created, first drawn, stabilized, and first drawn after that.
HOOK = """
(() => {
  const times = window.__bench = { created: null, firstDraw: null, iterationsDone: null, stabilized: null,
                                   drawnStable: null, draws: 0 };
  let Wrapped = null;
  const vis = {};
  Object.defineProperty(vis, "Network", {
    configurable: true, enumerable: true,
    get() { return Wrapped; },
    set(Original) {
      Wrapped = class extends Original {
        constructor(...args) {
          super(...args);
          times.created = performance.now();
          const physics = this.physics && this.physics.physicsEnabled;
          this.on("stabilizationIterationsDone", () => { times.iterationsDone = performance.now(); });
          this.on("stabilized", () => { if (times.stabilized === null) times.stabilized = performance.now(); });
          this.on("afterDrawing", () => {
            const now = performance.now();
            times.draws += 1;
            if (times.firstDraw === null) times.firstDraw = now;
            if (times.drawnStable === null && (!physics || times.stabilized !== null)) times.drawnStable = now;
          });
        }
      };
    },
  });
  window.vis = vis;
})();
"""


def main_graph() -> nx.MultiDiGraph:
    return to_networkx([parser.parse_file(ROOT / "corpus" / "source.txt")])


def corpus_graph(folder: Path, target: int = 5000) -> nx.MultiDiGraph:
    """The synthetic corpus with the fewest documents that gives at least ``target`` nodes."""
    docs = []
    for path in synth.write_corpus(folder, 40, seed=0):
        docs.append(parser.parse_file(path))
        G = to_networkx(docs)
        if G.number_of_nodes() >= target:
            return G
    return G


def synthetic_docs(n: int, cache: Path) -> list:
    """``n`` parsed synthetic documents, written into ``cache`` and parsed, the parses kept in
    ``cache/parses`` (the build's parse cache) for the next run."""
    paths = synth.write_corpus(cache / f"corpus_{n}", n, seed=0)
    return [o.doc for o in parse_many(paths, cache_dir=cache / "parses") if o.doc is not None]


def overview_cases(sizes: list[int], cache: Path, out: Path, browser, runs: int, timeout: float) -> None:
    """Generation time, size and time to a stable drawing of the overview of each size, and
    of the full view at 100 documents or fewer."""
    for n in sizes:
        docs = synthetic_docs(n, cache)
        t0 = time.perf_counter()
        G = to_networkx(docs, document_keys(docs))
        tasks = sum(1 for _, t in G.nodes(data="type") if t == "Task")
        units = sum(1 for _, t in G.nodes(data="type") if t in ("Unit", "UnitGroup"))
        print(f"{n} synthetic documents: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges, "
              f"{tasks:,} tasks, {units:,} units (graph built in {time.perf_counter() - t0:.1f} s)", flush=True)
        pages = {"overview": {}}
        if n <= 100:
            pages["full view"] = {"overview_above": math.inf}
        for label, options in pages.items():
            t1 = time.perf_counter()
            path = write_html(G, out / f"corpus-{n}-{label.replace(' ', '-')}.html", f"{n} documents", **options)
            t2 = time.perf_counter()
            print(f"  {label}: written in {t2 - t1:.2f} s, {path.stat().st_size / 1e6:.1f} MB", flush=True)
            print(report(label, [open_once(browser, path, timeout) for _ in range(runs)], timeout), flush=True)
            path.unlink()


def pyvis_default(G: nx.MultiDiGraph, path: Path) -> Path:
    net = Network(cdn_resources="in_line")
    net.from_nx(nx.MultiDiGraph(G))  # from_nx writes node sizes into the graph it is given
    net.write_html(str(path))
    return path


def open_once(browser, path: Path, timeout: float) -> dict:
    """Open ``path`` in a fresh context; the times recorded by :data:`HOOK`, in seconds."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(HOOK)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="commit")
    deadline = time.monotonic() + timeout
    times = {}
    while time.monotonic() < deadline:
        times = page.evaluate("() => window.__bench")
        if times and times["drawnStable"] is not None:
            break
        time.sleep(0.05)
    else:
        times = dict(times or {}, drawnStable=None)
    context.close()
    return {k: (v / 1000 if isinstance(v, (int, float)) and k != "draws" else v) for k, v in times.items()}


def report(label: str, runs: list[dict], timeout: float) -> str:
    done = [r["drawnStable"] for r in runs if r["drawnStable"] is not None]
    first = [r["firstDraw"] for r in runs if r.get("firstDraw") is not None]
    if done:
        main = f"{statistics.median(done):7.2f} s"
    else:
        main = f"  > {timeout:.0f} s (not stable)"
    extra = f"first frame {statistics.median(first):6.2f} s" if first else "no frame drawn"
    iters = [r["iterationsDone"] for r in runs if r.get("iterationsDone") is not None]
    if iters:
        extra += f", stabilization iterations done {statistics.median(iters):6.2f} s"
    return f"  {label:<16} {main}   ({extra}; {len(runs)} run{'s' if len(runs) > 1 else ''})"


#: One redraw after the view was moved by a few pixels, repeated; the median, in ms.
REDRAW = """async (frames) => {
  const n = fengongView.network, c = n.getViewPosition(), s = n.getScale(), times = [];
  for (let k = 0; k < frames; k++) {
    n.moveTo({position: {x: c.x + (k % 3) * 3 / s, y: c.y}, scale: s, animation: false});
    const t = performance.now();
    n.redraw();
    times.push(performance.now() - t);
    await new Promise((r) => requestAnimationFrame(r));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}"""


def redraw_ms(browser, path: Path, frames: int, timeout: float) -> float:
    """The median time of one redraw of the page at ``path``, once it is open (1400 × 900)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=timeout * 1000)
    try:
        return float(page.evaluate(REDRAW, frames))
    finally:
        context.close()


def redraw_cases(sizes: list[int], cache: Path, out: Path, browser, runs: int, frames: int, timeout: float) -> None:
    """Redraw times of the main document's view and of synthetic corpora of ``sizes``."""
    seed = write_html(main_graph(), out / "seed.html")

    def timed(path: Path) -> tuple[float, float]:
        """(median ms over runs, median ratio to the seed view timed just before each run)"""
        pairs = [(redraw_ms(browser, seed, frames, timeout), redraw_ms(browser, path, frames, timeout))
                 for _ in range(runs)]
        return statistics.median(p for _, p in pairs), statistics.median(p / max(s, 0.1) for s, p in pairs)

    ms, _ = timed(seed)
    print(f"main document: {seed.stat().st_size / 1e6:.1f} MB, redraw {ms:.0f} ms", flush=True)
    for n in sizes:
        docs = synthetic_docs(n, cache)
        G = to_networkx(docs, document_keys(docs))
        items = drawn_items(G)
        for label, options in (("full view", {"overview_above": math.inf}), ("as built", {})):
            path = write_html(G, out / f"redraw-{n}.html", **options)
            kind = "overview" if label == "as built" and wants_overview(G) else "full view"
            ms, ratio = timed(path)
            print(f"{n} plans ({G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges, {items:,} items), "
                  f"{label} [{kind}]: {path.stat().st_size / 1e6:.1f} MB, redraw {ms:.0f} ms "
                  f"({ratio:.1f} × the main document's)", flush=True)
            if label == "full view" and not wants_overview(G):
                break  # built, it is this same full view


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--runs", type=int, default=3, help="runs of each fengong page (median reported)")
    args.add_argument("--pyvis-runs", type=int, default=1, help="runs of each pyvis page (each can take minutes)")
    args.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for a stable network")
    args.add_argument("--sizes", default="100,1000", help="synthetic corpus sizes for the overview (comma-separated)")
    args.add_argument("--cache", type=Path, default=Path("/tmp/fengong-bench-html"),
                      help="where the synthetic corpora and their parsed documents are kept")
    args.add_argument("--only-overview", action="store_true", help="skip the main document and pyvis comparison")
    args.add_argument("--redraw", default="", help="measure redraw times at these synthetic corpus sizes instead")
    args.add_argument("--frames", type=int, default=15, help="redraws timed per page (median reported)")
    ns = args.parse_args()
    ns.cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        tmp = Path(tmp)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        if ns.redraw:
            redraw_cases([int(n) for n in ns.redraw.split(",") if n], ns.cache, tmp, browser, ns.runs, ns.frames,
                         ns.timeout)
            browser.close()
            return
        sizes = [int(n) for n in ns.sizes.split(",") if n]
        overview_cases(sizes, ns.cache, tmp, browser, ns.runs, ns.timeout)
        if ns.only_overview:
            browser.close()
            return
        graphs = {"main document": main_graph(), "synthetic corpus": corpus_graph(tmp / "corpus")}
        for name, G in graphs.items():
            print(f"{name}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
            t0 = time.perf_counter()
            ours = write_html(G, tmp / f"{name}-fengong.html", name)
            t1 = time.perf_counter()
            theirs = pyvis_default(G, tmp / f"{name}-pyvis.html")
            t2 = time.perf_counter()
            print(f"  written in {t1 - t0:.2f} s (fengong, {ours.stat().st_size / 1e6:.1f} MB), "
                  f"{t2 - t1:.2f} s (pyvis defaults, {theirs.stat().st_size / 1e6:.1f} MB)")
            print(report("fengong", [open_once(browser, ours, ns.timeout) for _ in range(ns.runs)], ns.timeout),
                  flush=True)
            print(report("pyvis defaults", [open_once(browser, theirs, ns.timeout) for _ in range(ns.pyvis_runs)],
                         ns.timeout), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
