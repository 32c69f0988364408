"""The HTML explorer: one self-contained pyvis page that makes no network request.

pyvis 0.3.2 builds the vis-network items and inlines vis-network itself; our own Jinja template
(graphkit/exports/templates/explorer.html) replaces pyvis' page, which links Bootstrap from a CDN.
A ChoiceLoader lets the template include vis-network from pyvis' own template folder.
Every inline script is pinned by hash in a Content-Security-Policy, so even text that slipped
into the markup could not run; article text only ever reaches the DOM as text.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
from markupsafe import Markup

from ..core.atomic import write_text
from ..core.records import Merge
from ..graph.suggestions import Suggestion
from ..resolution.aliases import AliasTable
from .html_curation import curation_payload, surface_forms
from .html_data import DEFAULT_MAX_NODES, PageData, Selection, page_data, page_graph, safe_json

__all__ = ["DEFAULT_MAX_NODES", "render_html", "write_html"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "explorer.html"
#: the vis-network that pyvis bundles, inlined from its template folder by a versioned path (a
#: pyvis that bundles another version fails the tests instead of leaving the page without it).
#: Passed as values, not {% include %}d: Jinja would parse the 0.5 MB script on every build.
VIS_FILES = {"vis_css": "lib/vis-9.1.2/vis-network.css", "vis_js": "lib/vis-9.1.2/vis-network.min.js"}
_CSP_PLACEHOLDER = "__GRAPHKIT_CSP__"
# executable inline scripts (not the JSON data block), for the CSP hashes
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)

#: vis-network options: positions come from Python, so physics starts off and nothing is re-laid out.
VIS_OPTIONS = {
    "autoResize": True,
    "nodes": {
        "shape": "dot",
        "borderWidth": 1,
        "font": {
            "size": 18,
            "face": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "color": "#1f2933",
            "strokeWidth": 0,
            "background": "rgba(255, 255, 255, 0.72)",
        },
    },
    "edges": {
        "smooth": False,
        "color": {"color": "#a3acb9", "highlight": "#334e68", "hover": "#334e68", "opacity": 0.7},
        "scaling": {"min": 1, "max": 8},
        "selectionWidth": 1.5,
        "hoverWidth": 0.5,
    },
    "physics": {
        "enabled": False,
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -8000, "springLength": 160, "springConstant": 0.02, "avoidOverlap": 0.2},
        "stabilization": {"enabled": False},
        "minVelocity": 1,
    },
    "layout": {"improvedLayout": False, "randomSeed": 42},
    "interaction": {"hover": True, "tooltipDelay": 200, "keyboard": False, "multiselect": False},
}


def _options(data: PageData) -> dict:
    """VIS_OPTIONS plus node scaling that keeps analytics' sizes: vis maps the value range
    [min, max] onto [min, max], and labels grow with the node, so when zoomed out only the
    labels of the larger entities are drawn (drawThreshold) instead of an unreadable pile."""
    options = copy.deepcopy(VIS_OPTIONS)
    sizes = [node["value"] for node in data.vis_nodes] or [10]
    options["nodes"]["scaling"] = {
        "min": min(sizes),
        "max": max(sizes),
        # names are drawn by the page itself (explorer_map.js: most central first, never overlapping)
        "label": {"enabled": True, "min": 14, "max": 24, "drawThreshold": 10000, "maxVisible": 36},
    }
    return options


def _environment(pyvis_loader):
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(TEMPLATES)), pyvis_loader]),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        keep_trailing_newline=True,
    )
    env.filters["safe_json"] = lambda value: Markup(safe_json(value))
    return env


def _asset(name: str) -> Markup:
    """Our own JS/CSS, inserted verbatim (not parsed as Jinja)."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "<!--" in text:
        raise ValueError(f"{name} must not contain '</script' or '<!--' (it is inlined in a <script>)")
    return Markup(text)


def _vis_files() -> dict[str, Markup]:
    """VIS_FILES' texts, from pyvis' template folder, inserted verbatim."""
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "templates"
    return {name: Markup((folder / path).read_text(encoding="utf-8")) for name, path in VIS_FILES.items()}


def _network(data: PageData):
    """A pyvis Network holding the page's nodes and edges, rendering through our template."""
    from pyvis.edge import Edge
    from pyvis.network import Network

    net = Network(height="100%", width="100%", cdn_resources="in_line", heading="")
    for node in data.vis_nodes:
        node = dict(node)
        net.add_node(node.pop("id"), **node)
    # Network.add_edge scans every existing edge for a duplicate (quadratic: minutes at 2,000
    # nodes); a networkx graph has no duplicate edges, so append pyvis Edge items directly.
    for edge in data.vis_edges:
        edge = dict(edge)
        net.edges.append(Edge(edge.pop("from"), edge.pop("to"), False, **edge).options)
    net.options = _options(data)
    net.templateEnv = _environment(net.templateEnv.loader)
    net.path = TEMPLATE
    return net


def _header(graph: nx.Graph, selection: Selection, view: nx.Graph) -> dict:
    docs = graph.graph.get("documents")
    header = {
        "entities": selection.total_nodes,
        "links": selection.total_edges,
        "documents": docs if isinstance(docs, int) else None,
        "window": graph.graph.get("window") or "",
        "note": "",
    }
    if selection.truncated:
        header["note"] = (
            f"Showing the {len(selection.nodes):,} most central of {selection.total_nodes:,} entities "
            f"(ranked by {selection.ranking}) and the {view.number_of_edges():,} links among them; "
            "the GraphML file has the whole graph."
        )
    return header


def _with_csp(html: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _SCRIPT.findall(html)
    )
    policy = (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "font-src data:; base-uri 'none'; form-action 'none'"
    )
    return html.replace(_CSP_PLACEHOLDER, policy, 1)


def render_html(
    graph: nx.Graph,
    *,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    title: str | None = None,
    aliases: AliasTable | None = None,
    merges: Sequence[Merge] | None = None,
    suggested: Sequence[Suggestion] | None = None,
) -> str:
    """The explorer page for ``graph`` as a string (the graph itself is not changed).

    ``aliases`` (the alias table the graph was built with) and ``merges`` (its merges.csv rows)
    feed the curation panel: the page's "Download aliases.yaml" includes that table, and the
    review's suggestions include the rules' weak merges; ``suggested``, when given, are
    ``graphkit.graph.suggestions(graph, merges)`` already made (graphkit.pipeline.suggested).
    """
    view, selection = page_graph(graph, max_nodes)
    surfaces = surface_forms(graph)
    data = page_data(view, selection, graph=graph, surfaces=surfaces)
    data.payload["curation"] = curation_payload(
        view, data.ids, graph=graph, aliases=aliases, merges=merges, surfaces=surfaces, suggested=suggested
    )
    net = _network(data)
    corpus = title or graph.graph.get("corpus") or graph.graph.get("name") or "graphkit"
    # generate_html renders self.path from self.templateEnv with pyvis' own variables
    # (nodes, edges, options, cdn_resources); our extra values ride along as globals.
    net.templateEnv.globals.update(
        corpus=str(corpus),
        header=_header(graph, selection, view),
        payload=data.payload,
        csp=_CSP_PLACEHOLDER,
        explorer_css=_asset("explorer.css"),
        explorer_js=_asset("explorer.js"),
        timeline_css=_asset("explorer_timeline.css"),
        timeline_js=_asset("explorer_timeline.js"),
        explorer_map_js=_asset("explorer_map.js"),
        rest=data.rest,
        curation_css=_asset("curation.css"),
        curation_names_js=_asset("curation_names.js"),
        curation_wording_js=_asset("curation_wording.js"),
        curation_js=_asset("curation.js"),
        curation_file_js=_asset("curation_file.js"),
        curation_panel_js=_asset("curation_panel.js"),
        relations_js=_asset("explorer_relations.js"),
        **_vis_files(),
    )
    return _with_csp(net.generate_html(notebook=False))


def write_html(
    graph: nx.Graph,
    path: str | Path,
    *,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    title: str | None = None,
    aliases: AliasTable | None = None,
    merges: Sequence[Merge] | None = None,
    suggested: Sequence[Suggestion] | None = None,
) -> Path:
    """Write the explorer page for ``graph`` to ``path`` as UTF-8, atomically.

    Shows at most ``max_nodes`` entities (the most central; the page says so); ``title`` is the
    corpus name in the header (default: the graph's ``corpus`` attribute); ``aliases``,
    ``merges`` and ``suggested`` as for :func:`render_html`. Example::

        graphkit.write_html(graph, "output/graph.html", max_nodes=1000, title="Kursk coverage")
    """
    page = render_html(graph, max_nodes=max_nodes, title=title, aliases=aliases, merges=merges, suggested=suggested)
    return write_text(path, page)
