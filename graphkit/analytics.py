"""Graph analytics computed once and carried by every export: layout, colours, sizes, centrality.

``annotate`` returns a new graph (the caller's graph is never changed) whose nodes also carry

    x, y              seeded spring layout (the HTML explorer, GraphML and GEXF all use it)
    size, color       from mentions and entity type (``TYPE_COLORS``)
    degree            number of neighbours
    weighted_degree   sum of the weights of the node's edges (co-mention windows)
    pagerank          weighted PageRank
    betweenness       normalised betweenness over hop counts (sampled on large graphs)
    community         Louvain community number; 0 is the largest community

Every result is a plain int/float/str, and every algorithm runs on a copy with nodes and edges in
sorted order with a fixed seed, so the same graph gives the same numbers whatever order it was built in.
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
#: Up to this many nodes betweenness is exact; above it, it is estimated from sampled sources.
BETWEENNESS_EXACT_MAX_NODES = 1000
BETWEENNESS_SAMPLES = 500
#: Node attributes annotate() adds (the HTML explorer and the exports rely on these names).
ANALYTICS_ATTRIBUTES = (
    "x", "y", "size", "color", "degree", "weighted_degree", "pagerank", "betweenness", "community",
)


def type_color(entity_type: str) -> str:
    return TYPE_COLORS.get(entity_type, OTHER_COLOR)


def _significant(value: float, digits: int = 8) -> float:
    """Round to ``digits`` significant digits: last-bit noise of the float sums never reaches the files."""
    return float(f"{float(value):.{digits}g}")


def canonical_copy(graph: nx.Graph) -> nx.Graph:
    """An undirected copy with nodes and edges inserted in sorted order (seeded algorithms then agree)."""
    out = nx.Graph()
    out.add_nodes_from(sorted(graph.nodes, key=str))
    edges = []
    for a, b, w in graph.edges(data="weight", default=1):
        a, b = sorted((a, b), key=str)
        edges.append((str(a), str(b), a, b, w))
    for *_, a, b, w in sorted(edges, key=lambda e: (e[0], e[1])):
        out.add_edge(a, b, weight=w)
    return out


def layout_positions(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict:
    """Seeded positions scaled to roughly ±(100 * sqrt(n)), the same for the HTML and the exports."""
    if graph.number_of_nodes() == 0:
        return {}
    canon = canonical_copy(graph)
    # Each iteration costs more than linear time in the node count: fewer of them on big graphs
    # (measured: 5000 nodes, 40k edges take ~0.7 s per iteration on one core).
    iterations = 50 if len(canon) <= 2000 else 30 if len(canon) <= 5000 else 15
    pos = nx.spring_layout(canon, weight="weight", seed=seed, iterations=iterations)
    scale = 100.0 * math.sqrt(max(len(canon), 1))
    return {n: (round(float(x) * scale, 2), round(float(y) * scale, 2)) for n, (x, y) in pos.items()}


def node_size(mentions: int) -> float:
    return round(10.0 + 6.0 * math.log2(1 + max(mentions, 0)), 2)


def pagerank(graph: nx.Graph) -> dict:
    """Weighted PageRank (co-mention counts as weights); uniform when there are no edges."""
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    if graph.number_of_edges() == 0:
        return {node: _significant(1.0 / n) for node in graph}
    ranks = nx.pagerank(canonical_copy(graph), weight="weight", max_iter=1000, tol=1e-10)
    return {node: _significant(value) for node, value in ranks.items()}


def betweenness_sample_size(n: int) -> int | None:
    """None (exact) for small graphs, else the number of sampled source nodes."""
    return None if n <= BETWEENNESS_EXACT_MAX_NODES else min(n, BETWEENNESS_SAMPLES)


def betweenness(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict:
    """Normalised betweenness over hop counts.

    Weights are co-mention counts (strength), not distances, so paths are counted unweighted. On
    graphs above ``BETWEENNESS_EXACT_MAX_NODES`` nodes it is estimated from ``BETWEENNESS_SAMPLES``
    seeded source nodes, which keeps large builds fast and the numbers reproducible.
    """
    if graph.number_of_nodes() == 0:
        return {}
    canon = canonical_copy(graph)
    values = nx.betweenness_centrality(canon, k=betweenness_sample_size(len(canon)), normalized=True,
                                       weight=None, seed=seed)
    return {node: _significant(value) for node, value in values.items()}


def communities(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict:
    """Louvain communities (weighted, seeded), numbered by size: 0 is the largest; ties by first node id."""
    if graph.number_of_nodes() == 0:
        return {}
    groups = nx.community.louvain_communities(canonical_copy(graph), weight="weight", seed=seed)
    ordered = sorted((sorted(map(str, g)), g) for g in groups)
    ordered.sort(key=lambda item: -len(item[1]))  # stable: equal sizes keep the id order
    return {node: number for number, (_, group) in enumerate(ordered) for node in group}


def metrics(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict[str, dict]:
    """Per-node degree, weighted degree, PageRank, betweenness and community: {attribute: {node: value}}."""
    weighted = dict(graph.degree(weight="weight"))
    return {
        "degree": {n: int(d) for n, d in graph.degree()},
        "weighted_degree": {n: (int(v) if float(v).is_integer() else _significant(v)) for n, v in weighted.items()},
        "pagerank": pagerank(graph),
        "betweenness": betweenness(graph, seed=seed),
        "community": communities(graph, seed=seed),
    }


def annotate(graph: nx.Graph, seed: int = LAYOUT_SEED) -> nx.Graph:
    """A copy of ``graph`` with layout, colour, size and centrality attributes on every node.

    Runs every algorithm once, so the HTML explorer and all exports show the same numbers.
    """
    out = graph.copy()
    pos = layout_positions(out, seed=seed)
    values = metrics(out, seed=seed)
    for n, data in out.nodes(data=True):
        data["x"], data["y"] = pos[n]
        data["size"] = node_size(int(data.get("mentions", 1)))
        data["color"] = type_color(str(data.get("type", "")))
        for name, per_node in values.items():
            data[name] = per_node[n]
    sample = betweenness_sample_size(out.number_of_nodes())
    out.graph["communities"] = len(set(values["community"].values()))
    out.graph["betweenness_sources"] = sample if sample is not None else out.number_of_nodes()
    return out
