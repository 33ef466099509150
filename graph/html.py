"""The plan graph as one self-contained, offline HTML page: an interactive network view.

:func:`to_html` puts the view's data (:func:`fengong.graph.view_data.view_data`, or the
corpus overview of :mod:`fengong.graph.overview`) in our own template in
``graph/templates/`` and returns the text of the page; :func:`write_html` writes it to a file.
This module is the page assembly only: what the page shows is decided there.

- **self-contained and offline**: vis-network's script and style are inlined from pyvis's
  local copy, nothing is linked, and a Content-Security-Policy forbids every network load.
  The policy allows exactly the page's own scripts and styles, by their SHA-256 hashes, so a
  script smuggled into the page would not run even if it escaped the escaping below;
- **safe with untrusted text**: every text from the document travels as JSON inside a
  ``<script type="application/json">`` element, with ``<``, ``>`` and ``&`` written as
  ``\\u003c``, ``\\u003e`` and ``\\u0026``; the page builds its DOM with ``textContent``
  only, tooltips are plain strings (vis-network shows them with ``innerText``), and labels
  are drawn on the canvas with ``fillText``;
- **deterministic**: the same graph gives the same bytes.

The page's script is made of the files in ``graph/templates/`` joined in a fixed order:
``search_fold.js`` and ``common.js`` (shared by both pages: folding, the unit table, the
address bar, exports, the label layer), then ``view.js`` or ``overview.js``.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path

import jinja2
import markupsafe
import networkx as nx

from fengong.parser.io import atomic_write_text

from .view_data import DEFAULT_MEASURE, OVERVIEW_ITEMS, ViewError, view_data, view_title

__all__ = ["to_html", "write_html", "json_for_html", "ViewError"]

_TEMPLATES = resources.files(__package__) / "templates"
# found without importing pyvis, which imports IPython (a twentieth of a second)
_VIS = Path(importlib.util.find_spec("pyvis").origin).parent / "templates" / "lib" / "vis-9.1.2"
#: The page's own script, in the order its files are joined.
_SCRIPTS = {"view": ("search_fold.js", "common.js", "view.js"),
            "overview": ("search_fold.js", "common.js", "overview.js")}


def json_for_html(value: object) -> str:
    """``value`` as compact JSON that is safe inside an HTML ``<script>`` element.

    Keys are sorted, non-ASCII text is kept as it is, and ``<``, ``>`` and ``&`` are
    written as JSON escapes, so no text can close the element or open a comment.

    Examples
    --------
    >>> print(json_for_html({"b": "</script><img onerror=x>", "a": "市发改委 & 财政"}))
    {"a":"市发改委 \\u0026 财政","b":"\\u003c/script\\u003e\\u003cimg onerror=x\\u003e"}
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _asset(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def _vis_script() -> str:
    """vis-network's script without its source-map comment (which would name another file)."""
    text = (_VIS / "vis-network.min.js").read_text(encoding="utf-8")
    return "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL="))


def _inline(text: str, tag: str) -> markupsafe.Markup:
    """``text`` to be put inside a ``<script>`` or ``<style>`` element as it stands.

    Text that could end the element early or switch the HTML parser into its escaped script
    states (``</script``, ``</style``, ``<!--``) is refused rather than altered.
    """
    lowered = text.lower()
    for bad in (f"</{tag}", "<!--"):
        if bad in lowered:
            raise ViewError(f"cannot inline text containing {bad!r} in <{tag}>")
    return markupsafe.Markup(text)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _policy(scripts: Iterable[str], styles: Iterable[str]) -> str:
    """The Content-Security-Policy: no network, and only these inline scripts and styles."""
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_sha256(s) for s in scripts),
        "style-src " + " ".join(_sha256(s) for s in styles),
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def to_html(G: nx.MultiDiGraph, title: str | None = None, *, measure: str = DEFAULT_MEASURE,
            overview_above: float = OVERVIEW_ITEMS, max_units: int | None = None,
            central: Sequence[Mapping] | None = None, co_pairs: Iterable[tuple[str, str, int]] | None = None) -> str:
    r"""The network view of the plan graph ``G`` as the text of one self-contained HTML page.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A plan graph (:func:`fengong.graph.build.to_networkx`).
    title : str, optional
        The page's title, shown as text; by default :func:`fengong.graph.view_data.view_title`
        (the document's title, or ``N 份文件：…`` for a corpus).
    measure : str
        The measure units are sized by when the page opens, a column of
        :func:`fengong.graph.centrality.centrality_table`; by default the number of tasks a
        unit leads. The page lets the reader switch.
    overview_above : float
        A graph of more than one document with more than this many items to draw (nodes and
        edges) gets the unit overview instead of the full view; ``math.inf`` never does.
    max_units : int, optional
        The most units the overview draws
        (:data:`fengong.graph.overview.OVERVIEW_UNITS` by default).
    central, co_pairs : optional
        The centrality table and the co-assignment pairs, where the caller has computed them
        already (:func:`fengong.graph.overview.overview_data`); the page is the same without.

    Returns
    -------
    str
        The page. The same graph, title and options always give the same text.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("u", type="Unit", name='<b>市"局</b>', unit_type="other", placeholder=False)
    >>> page = to_html(G, "<script>alert(1)</script>")
    >>> '<b>市"局' in page, r'"\u003cb\u003e市\"局\u003c/b\u003e"' in page
    (False, True)
    >>> "<script>alert" in page, "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    (False, True)
    """
    if title is None:
        title = view_title(G)
    data = view_data(G, title, measure=measure, overview_above=overview_above, max_units=max_units,
                     central=central, co_pairs=co_pairs)
    kind = "overview" if data.get("mode") == "overview" else "view"
    vis_js = _vis_script()
    app_js = "\n".join(_asset(name) for name in _SCRIPTS[kind])
    styles = {"vis_css": (_VIS / "vis-network.css").read_text(encoding="utf-8"), "app_css": _asset("view.css")}
    if kind == "overview":
        styles["overview_css"] = _asset("overview.css")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template(f"{kind}.html").render(
        title=title,
        docs=[d["title"] if isinstance(d, dict) else d[0] for d in data["docs"]],
        csp=_policy([vis_js, app_js], styles.values()),
        data=_inline(json_for_html(data), "script"),
        vis_js=_inline(vis_js, "script"),
        app_js=_inline(app_js, "script"),
        **{name: _inline(text, "style") for name, text in styles.items()},
    )


def write_html(G: nx.MultiDiGraph, path: Path, title: str | None = None, *, measure: str = DEFAULT_MEASURE,
               overview_above: float = OVERVIEW_ITEMS, max_units: int | None = None,
               central: Sequence[Mapping] | None = None, co_pairs: Iterable[tuple[str, str, int]] | None = None) -> Path:
    """Write the network view of ``G`` (:func:`to_html`) to ``path`` as UTF-8, atomically.

    Returns the path written.
    """
    return atomic_write_text(path, to_html(G, title, measure=measure, overview_above=overview_above,
                                           max_units=max_units, central=central, co_pairs=co_pairs))
