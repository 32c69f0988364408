"""The HTML explorer: one self-contained pyvis page that works with no network."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from ..atomic import write_text

DEFAULT_MAX_NODES = 500

# pyvis' "in_line" mode inlines vis-network but still links Bootstrap from a CDN.
_CDN_TAG = re.compile(r"<(?:link|script)\b[^>]*(?:href|src)=\"https?://[^\"]*\"[^>]*>(?:\s*</script>)?", re.S)


def top_nodes(graph: nx.Graph, max_nodes: int | None) -> list:
    """The ``max_nodes`` most mentioned entities (ties by weighted degree, then id)."""
    nodes = list(graph.nodes)
    if max_nodes is None or len(nodes) <= max_nodes:
        return nodes
    degree = dict(graph.degree(weight="weight"))
    ranked = sorted(nodes, key=lambda n: (-graph.nodes[n].get("mentions", 0), -degree[n], str(n)))
    return ranked[:max_nodes]


def render_html(graph: nx.Graph, *, max_nodes: int | None = DEFAULT_MAX_NODES, title: str = "graphkit") -> str:
    from pyvis.network import Network

    view = graph.subgraph(top_nodes(graph, max_nodes))
    net = Network(height="800px", width="100%", cdn_resources="in_line", heading="")
    for node, data in sorted(view.nodes(data=True)):
        net.add_node(str(node), label=str(data.get("label", node)), title=f"{data.get('type', '')}",
                     value=int(data.get("mentions", 1)), group=str(data.get("type", "")))
    for a, b, data in sorted(view.edges(data=True)):
        net.add_edge(str(a), str(b), value=int(data.get("weight", 1)))
    html = net.generate_html(notebook=False)
    return _CDN_TAG.sub("", html)


def write_html(graph: nx.Graph, path: str | Path, *, max_nodes: int | None = DEFAULT_MAX_NODES, title: str = "graphkit") -> Path:
    """Write the explorer page for ``graph`` (the graph itself is not changed)."""
    return write_text(path, render_html(graph, max_nodes=max_nodes, title=title))
