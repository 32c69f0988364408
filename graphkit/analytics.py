"""Graph analytics computed once and carried by every export: layout, colours, sizes, centrality.

``annotate`` returns a new graph (the caller's graph is never changed) whose nodes also carry
``x``, ``y``, ``size``, ``color``, ``degree`` and ``weighted_degree``.
"""

from __future__ import annotations

import math

import networkx as nx

#: One colour per entity type, shared by the HTML legend and the Gephi exports.
TYPE_COLORS = {
    "PERSON": "#e15759",
    "ORG": "#4e79a7",
    "GPE": "#59a14f",
    "LOC": "#76b7b2",
    "FAC": "#edc948",
    "EVENT": "#b07aa1",
    "NORP": "#ff9da7",
    "PRODUCT": "#9c755f",
    "WORK_OF_ART": "#f28e2b",
    "LAW": "#bab0ac",
}
OTHER_COLOR = "#8c8c8c"
LAYOUT_SEED = 42


def type_color(entity_type: str) -> str:
    return TYPE_COLORS.get(entity_type, OTHER_COLOR)


def layout_positions(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict:
    """Seeded positions scaled to roughly ±(100 * sqrt(n)), the same for the HTML and GraphML."""
    if graph.number_of_nodes() == 0:
        return {}
    pos = nx.spring_layout(graph, weight="weight", seed=seed, iterations=50 if len(graph) <= 2000 else 30)
    scale = 100.0 * math.sqrt(max(len(graph), 1))
    return {n: (round(float(x) * scale, 2), round(float(y) * scale, 2)) for n, (x, y) in pos.items()}


def node_size(mentions: int) -> float:
    return round(10.0 + 6.0 * math.log2(1 + max(mentions, 0)), 2)


def annotate(graph: nx.Graph, seed: int = LAYOUT_SEED) -> nx.Graph:
    """A copy of ``graph`` with layout, colour, size and degree attributes on every node."""
    out = graph.copy()
    pos = layout_positions(out, seed=seed)
    weighted = dict(out.degree(weight="weight"))
    for n, data in out.nodes(data=True):
        data["x"], data["y"] = pos[n]
        data["size"] = node_size(int(data.get("mentions", 1)))
        data["color"] = type_color(str(data.get("type", "")))
        data["degree"] = int(out.degree(n))
        data["weighted_degree"] = int(weighted[n])
    return out
