"""Graph analytics computed once and carried by every export: layout, colours, sizes, centrality.

``annotate`` returns a new graph (the caller's graph is never changed) whose nodes also carry

    x, y              seeded force-directed layout (the HTML explorer, GraphML and GEXF all use it)
    size, color       from mentions and entity type (``TYPE_COLORS``)
    degree            number of neighbours
    weighted_degree   sum of the weights of the node's edges (co-mention windows)
    pagerank          weighted PageRank
    betweenness       normalised betweenness over hop counts (sampled on large graphs)
    community         Louvain community number; 0 is the largest community

Every result is a plain int/float/str, and every algorithm runs on a copy with nodes and edges in
sorted order with a fixed seed, so the same graph gives the same numbers whatever order it was built in.

Small graphs (up to ``LARGE_GRAPH_NODES``) use networkx's PageRank and Louvain, and its spring
layout below ``LAYOUT_IGRAPH_NODES``. Above that, the same algorithms run in igraph's C core:
networkx's pure-Python spring layout, sampled betweenness and Louvain take minutes on a corpus of a
few thousand articles (20k nodes), igraph about a second. Exact betweenness (small graphs) is
igraph's too: the same numbers, 40 times faster.
"""

from __future__ import annotations

import math
import random
from contextlib import contextmanager

import networkx as nx

from ..core.side_by_side import run_side_by_side

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
#: Above this many nodes the layout, betweenness, PageRank and communities run in igraph
#: (Fruchterman-Reingold with a grid, subset betweenness, PageRank, multilevel Louvain).
LARGE_GRAPH_NODES = 1000
#: Up to this many nodes betweenness is exact; above it, it is estimated from sampled sources.
BETWEENNESS_EXACT_MAX_NODES = LARGE_GRAPH_NODES
BETWEENNESS_SAMPLES = 500
#: Fruchterman-Reingold iterations: igraph's default 500 up to LAYOUT_FULL_NODES nodes, then fewer so
#: the layout's cost stops growing (each iteration is linear in the nodes with the grid), never
#: below LAYOUT_MIN_ITERATIONS. On the 19k-node Wikinews graph, 300 iterations instead of 500 take
#: 0.6 s instead of 1.0 s; the mean edge length (relative to the mean distance of random node
#: pairs, lower is better) goes from 0.257 to 0.265, and 1,000 iterations give 0.257 again. At 4,472
#: nodes (400 articles), six seeds each: 335 iterations instead of 500 take 0.2 s instead of 0.3 s, and
#: the mean edge length is the same within the seeds' spread (0.0862 against 0.0860, sd 0.0018,
#: paragraph window; 0.0477 against 0.0475, sd 0.0007, sentence window). At 6,577 nodes (700 articles)
#: 300 iterations instead of 456: 0.1013 against 0.1011 (sd 0.002) and 0.0437 against 0.0433 (sd 0.0004).
LAYOUT_FULL_NODES = 3000
LAYOUT_MIN_ITERATIONS = 300
#: From this many nodes the layout runs in igraph too: there networkx's spring layout leaves its
#: dense arrays for sparse ones and takes 2.5 s (660 nodes; 4.4 s at 1,300). igraph, with
#: LAYOUT_MID_ITERATIONS up to LARGE_GRAPH_NODES, takes 0.2 s and draws edges shorter: mean edge
#: length relative to random pairs 0.054 against 0.077 (660 nodes), 0.085 against 0.089 (773).
LAYOUT_IGRAPH_NODES = 500
LAYOUT_MID_ITERATIONS = 2000
#: Node attributes annotate() adds (the HTML explorer and the exports rely on these names).
ANALYTICS_ATTRIBUTES = (
    "x",
    "y",
    "size",
    "color",
    "degree",
    "weighted_degree",
    "pagerank",
    "betweenness",
    "community",
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


class _Canonical:
    """The canonical copy of a graph, made once, and (for large graphs) its igraph twin.

    igraph vertex i is the i-th node of the canonical (sorted) order, edges in sorted order too,
    so results do not depend on how the caller's graph was built.
    """

    def __init__(self, graph: nx.Graph):
        self.source = graph
        self.nodes = sorted(graph.nodes, key=str)
        self._graph = None
        self._igraph = None

    @property
    def large(self) -> bool:
        return len(self.nodes) > LARGE_GRAPH_NODES

    @property
    def graph(self) -> nx.Graph:
        """The canonical networkx copy (made only when a networkx algorithm needs it)."""
        if self._graph is None:
            self._graph = canonical_copy(self.source)
        return self._graph

    def igraph(self):
        """(igraph.Graph, edge weights): vertex i is self.nodes[i], edges in canonical_copy's order."""
        if self._igraph is None:
            import igraph

            index = {n: i for i, n in enumerate(self.nodes)}
            edges = []
            for a, b, w in self.source.edges(data="weight", default=1):
                if index[b] < index[a]:
                    a, b = b, a
                edges.append((index[a], index[b], float(w)))
            edges.sort()
            self._igraph = (igraph.Graph(n=len(self.nodes), edges=[e[:2] for e in edges]), [e[2] for e in edges])
        return self._igraph


@contextmanager
def seeded_igraph(seed: int):
    """igraph draws from a private random.Random(seed) inside the block, never the global one."""
    import igraph

    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)  # igraph's default generator


def _rescale(pos: dict, n: int) -> dict:
    """Centre on the mean, fit into [-1, 1] (as networkx's rescale_layout), then scale by 100 * sqrt(n)."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    lim = max(max(abs(x - cx) for x in xs), max(abs(y - cy) for y in ys)) or 1.0
    scale = 100.0 * math.sqrt(max(n, 1)) / lim
    return {node: (round((x - cx) * scale, 2), round((y - cy) * scale, 2)) for node, (x, y) in pos.items()}


def layout_positions(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict:
    """Seeded positions scaled to roughly ±(100 * sqrt(n)), the same for the HTML and the exports."""
    return _layout(_Canonical(graph), seed)


def _layout(canon: _Canonical, seed: int) -> dict:
    n = len(canon.nodes)
    if n == 0:
        return {}
    if n >= LAYOUT_IGRAPH_NODES:
        # Fruchterman-Reingold in C; the grid limits repulsion to nearby nodes (about 1 s at 20k nodes,
        # where networkx's spring layout takes minutes)
        ig_graph, weights = canon.igraph()
        iterations = (
            LAYOUT_MID_ITERATIONS
            if not canon.large
            else max(LAYOUT_MIN_ITERATIONS, min(500, 500 * LAYOUT_FULL_NODES // n))
        )
        with seeded_igraph(seed):
            coords = ig_graph.layout_fruchterman_reingold(weights=weights, grid=True, niter=iterations).coords
        return _rescale({node: (float(x), float(y)) for node, (x, y) in zip(canon.nodes, coords)}, n)
    pos = nx.spring_layout(canon.graph, weight="weight", seed=seed, iterations=50)
    scale = 100.0 * math.sqrt(max(n, 1))
    return {node: (round(float(x) * scale, 2), round(float(y) * scale, 2)) for node, (x, y) in pos.items()}


def node_size(mentions: int) -> float:
    return round(10.0 + 6.0 * math.log2(1 + max(mentions, 0)), 2)


def pagerank(graph: nx.Graph) -> dict:
    """Weighted PageRank (co-mention counts as weights); uniform when there are no edges."""
    return _pagerank(_Canonical(graph))


def _pagerank(canon: _Canonical) -> dict:
    n = len(canon.nodes)
    if n == 0:
        return {}
    if canon.source.number_of_edges() == 0:
        return {node: _significant(1.0 / n) for node in canon.nodes}
    if canon.large:
        ig_graph, weights = canon.igraph()
        # ARPACK: PRPACK gives the same values (to 1e-11) but its first call costs ~0.3 s of setup.
        # ARPACK draws its start vector at random: seeded, so the numbers never depend on global state.
        with seeded_igraph(LAYOUT_SEED):
            values = ig_graph.pagerank(directed=False, damping=0.85, weights=weights, implementation="arpack")
        return {node: _significant(value) for node, value in zip(canon.nodes, values)}
    ranks = nx.pagerank(canon.graph, weight="weight", max_iter=1000, tol=1e-10)
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
    return _betweenness(_Canonical(graph), seed)


def _betweenness(canon: _Canonical, seed: int) -> dict:
    n = len(canon.nodes)
    if n == 0:
        return {}
    k = betweenness_sample_size(n)
    if n < 3:
        values = nx.betweenness_centrality(canon.graph, k=k, normalized=True, weight=None, seed=seed)
        return {node: _significant(value) for node, value in values.items()}
    if k is None:  # exact: igraph counts each unordered pair once, networkx normalises by (n-1)(n-2)/2
        # pairs (the same values to 1e-17; 0.01 s instead of networkx's 0.4 s at 773 nodes)
        ig_graph, _ = canon.igraph()
        scale = 2.0 / ((n - 1) * (n - 2))
        return {
            node: _significant(value * scale) for node, value in zip(canon.nodes, ig_graph.betweenness(directed=False))
        }
    # The sources networkx would sample (random.Random(seed).sample of the sorted nodes), counted by
    # igraph's subset betweenness, rescaled as networkx does: the same estimate, about 100x faster.
    ig_graph, _ = canon.igraph()
    index = {node: i for i, node in enumerate(canon.nodes)}
    sources = random.Random(seed).sample(canon.nodes, k)
    raw = ig_graph.betweenness(directed=False, sources=[index[s] for s in sources])
    # igraph counts each unordered pair once, networkx's sum counts it from its source: factor 2;
    # a sampled source cannot be on its own paths, hence k - 1 pairs' worth of sources for it
    sampled = set(sources)
    source_scale = 2.0 / ((k - 1) * (n - 2)) if k > 1 else 0.0
    other_scale = 2.0 / (k * (n - 2))
    return {
        node: _significant(value * (source_scale if node in sampled else other_scale))
        for node, value in zip(canon.nodes, raw)
    }


def communities(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict:
    """Louvain communities (weighted, seeded), numbered by size: 0 is the largest; ties by first node id."""
    return _communities(_Canonical(graph), seed)


def _communities(canon: _Canonical, seed: int) -> dict:
    if not canon.nodes:
        return {}
    if canon.large:
        ig_graph, weights = canon.igraph()
        with seeded_igraph(seed):
            membership = ig_graph.community_multilevel(weights=weights).membership
        by_number: dict[int, list] = {}
        for node, number in zip(canon.nodes, membership):
            by_number.setdefault(number, []).append(node)
        groups = list(by_number.values())
    else:
        groups = nx.community.louvain_communities(canon.graph, weight="weight", seed=seed)
    ordered = sorted((sorted(map(str, g)), g) for g in groups)
    ordered.sort(key=lambda item: -len(item[1]))  # stable: equal sizes keep the id order
    return {node: number for number, (_, group) in enumerate(ordered) for node in group}


def metrics(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict[str, dict]:
    """Per-node degree, weighted degree, PageRank, betweenness and community: {attribute: {node: value}}."""
    return _metrics(graph, _Canonical(graph), seed)


def _metrics(graph: nx.Graph, canon: _Canonical, seed: int) -> dict[str, dict]:
    weighted = dict(graph.degree(weight="weight"))
    return {
        "degree": {n: int(d) for n, d in graph.degree()},
        "weighted_degree": {n: (int(v) if float(v).is_integer() else _significant(v)) for n, v in weighted.items()},
        "pagerank": _pagerank(canon),
        "betweenness": _betweenness(canon, seed),
        "community": _communities(canon, seed),
    }


def annotate(
    graph: nx.Graph, seed: int = LAYOUT_SEED, *, in_place: bool = False, processes: int | None = 1
) -> nx.Graph:
    """A copy of ``graph`` with layout, colour, size and centrality attributes on every node.

    Runs every algorithm once, on one canonical copy, so the HTML explorer and all exports show
    the same numbers. ``in_place=True`` adds them to ``graph`` itself and returns it (for a graph
    the caller has just made and nobody else holds: copying 40k edges costs a few tenths of a second).
    With ``processes`` of 2 or more (None: all cores) a large graph's layout runs in a second
    process beside the other algorithms (graphkit.core.side_by_side): the same numbers, sooner.
    """
    out = graph if in_place else graph.copy()
    canon = _Canonical(out)
    if canon.large:  # igraph holds the GIL: a thread would not help, a forked process does
        canon.igraph()  # made once, before the fork, for both sides
    else:
        processes = 1  # a few hundred nodes: the fork would cost more than it saves
    pos, values = run_side_by_side(lambda: _layout(canon, seed), lambda: _metrics(out, canon, seed), processes)
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
