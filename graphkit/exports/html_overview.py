"""The explorer's first view of a large graph: a map of its communities rather than a ball.

Three choices, all display-only (the GraphML/GEXF keep analytics' x/y and every edge):

- which entities: every large community gets a share of ``max_nodes`` (its most central members),
  the rest go by global centrality, so a big but peripheral community is never left out;
- where: each community is laid out on its own, as a disc, and the discs are placed after a
  layout of the communities' links and pushed apart, so communities are visibly separate;
- which links: on large views only the backbone is drawn at first (graphkit.significance:
  disparity below BACKBONE_ALPHA plus a maximum spanning forest of the view), with a control for all.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import numpy as np

from ..graph.analytics import seeded_igraph
from ..graph.significance import edge_disparity, maximum_spanning_forest
from .columns import finite_number
from .html_layout import LABEL_HEIGHT, PADDING_IN_RADII, separate

#: a community gets its own share of the first view when it has at least this many entities
#: (and at least total / max_nodes, so a share is never larger than the community deserves)
MIN_COMMUNITY_SIZE = 10
#: the shares take at most this part of ``max_nodes``; the rest goes by global centrality
COMMUNITY_SHARE = 0.5
#: no large community gets fewer entities than this (if it has them)
MIN_PER_COMMUNITY = 3
#: views with more drawn nodes than this get the community map layout
MAP_LAYOUT_NODES = 150
#: views with more links than this draw only the backbone at first
BACKBONE_EDGES = 1000
BACKBONE_ALPHA = 0.05
#: room between two community discs, in median node radii
COMMUNITY_GAP_IN_RADII = 6.0
#: inside a community disc, the typical distance between two nodes in median node radii
NODE_SPACING_IN_RADII = 4.5
#: Fruchterman-Reingold steps for each community's own layout
UNIT_LAYOUT_ITERATIONS = 60
#: rounds of pulling the community discs towards the middle (each followed by pushing overlaps apart)
COMPACT_ROUNDS = 25


def community_of(graph: nx.Graph) -> dict | None:
    """{node: community number} when every node has an integer ``community``, else None."""
    out = {}
    for n, value in graph.nodes(data="community"):
        number = finite_number(value)
        if number is None or not float(number).is_integer():
            return None
        out[n] = int(number)
    return out


def community_shares(graph: nx.Graph, max_nodes: int, ranked: list) -> list:
    """The first view's nodes: the top of each large community, then by ``ranked`` (most central first).

    Returns the chosen nodes in ``ranked`` order. Without communities: the first ``max_nodes`` of ``ranked``.
    """
    community = community_of(graph)
    if community is None or max_nodes <= 0:
        return ranked[:max_nodes]
    sizes: dict[int, int] = defaultdict(int)
    for c in community.values():
        sizes[c] += 1
    threshold = max(MIN_COMMUNITY_SIZE, math.ceil(len(ranked) / max_nodes))
    large = sorted((c for c, s in sizes.items() if s >= threshold), key=lambda c: (-sizes[c], c))
    budget = int(max_nodes * COMMUNITY_SHARE)
    large = large[: max(1, budget // MIN_PER_COMMUNITY)]
    if not large:
        return ranked[:max_nodes]
    weights = {c: math.sqrt(sizes[c]) for c in large}
    total = sum(weights.values())
    quota = {c: min(sizes[c], max(MIN_PER_COMMUNITY, int(budget * weights[c] / total))) for c in large}
    taken: dict[int, int] = defaultdict(int)
    chosen = set()
    for n in ranked:  # each community's most central members, in the global order
        c = community[n]
        if c in quota and taken[c] < quota[c]:
            taken[c] += 1
            chosen.add(n)
    for n in ranked:
        if len(chosen) >= max_nodes:
            break
        chosen.add(n)
    return [n for n in ranked if n in chosen][:max_nodes]


def _unit_layout(view: nx.Graph, nodes: list, edges: list, seed: int) -> dict:
    """Positions of one community's nodes (in view order) in a disc of radius ~1 (hubs near the
    middle); ``edges``: the links among them as (a, b, weight), as view.subgraph(nodes).edges gives them.

    Fruchterman-Reingold from the analytics layout's positions, unweighted, in igraph: the map
    makes one per community (dozens on a large page), and networkx's spring layout spent about
    10 ms on each where igraph's C code needs well under one."""
    nodes = sorted(nodes, key=str)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    import igraph

    index = {n: i for i, n in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[a], index[b]))) for a, b, _ in edges if a != b})
    attrs = view.nodes
    init = np.array(
        [[finite_number(attrs[n].get("x"), 0.0), finite_number(attrs[n].get("y"), 0.0)] for n in nodes], dtype=float
    )
    spread = float(np.abs(init).max()) or 1.0
    with seeded_igraph(seed):
        coords = igraph.Graph(n=len(nodes), edges=pairs).layout_fruchterman_reingold(
            seed=(init / spread).tolist(), niter=UNIT_LAYOUT_ITERATIONS, grid=False
        )
    pts = np.array(coords.coords, dtype=float)
    pts -= pts.mean(axis=0)
    reach = float(np.sqrt((pts**2).sum(axis=1)).max()) or 1.0
    return {n: (float(x) / reach, float(y) / reach) for n, (x, y) in zip(nodes, pts)}


def map_positions(view: nx.Graph, seed: int = 42) -> tuple[dict, list[dict]] | None:
    """Community-map positions for the drawn nodes: ({node: (x, y)}, [community discs]), or None
    when the view is small or its nodes carry no communities (then html_layout's positions serve)."""
    community = community_of(view)
    if community is None or view.number_of_nodes() <= MAP_LAYOUT_NODES:
        return None
    groups: dict[int, list] = defaultdict(list)
    for n in view.nodes:
        groups[community[n]].append(n)
    radii_of = {n: max(finite_number(view.nodes[n].get("size"), 10.0), 1.0) for n in view.nodes}
    median_r = float(np.median(list(radii_of.values())))
    # one pass over the view's links: the links inside each community, and the weight between two.
    # Restricted to one community, the view's edge order and orientation (the end first in node
    # order, then) are those of view.subgraph(members).edges, so each community's layout is the
    # same as from its own subgraph, without a subgraph view per community.
    inside: dict[int, list] = defaultdict(list)
    links: dict[tuple, float] = defaultdict(float)
    for a, b, w in view.edges(data="weight", default=1):
        ca, cb = community[a], community[b]
        if ca == cb:
            inside[ca].append((a, b, w))
        else:
            links[tuple(sorted((ca, cb)))] += float(finite_number(w, 1.0))
    # each community as a disc whose area grows with its node count
    local, disc = {}, {}
    for c, members in groups.items():
        unit = _unit_layout(view, members, inside[c], seed)
        r = NODE_SPACING_IN_RADII * median_r * math.sqrt(len(members)) * 0.6 + 2 * max(radii_of[n] for n in members)
        disc[c] = r
        local.update({n: (x * r * 0.85, y * r * 0.85) for n, (x, y) in unit.items()})
    # where the discs go: a layout of the communities weighted by the links between them
    between = nx.Graph()
    order = sorted(groups, key=lambda c: (-len(groups[c]), c))
    between.add_nodes_from(order)
    between.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(links.items()))
    if len(order) > 1:
        pos = nx.spring_layout(between, weight="weight", seed=seed, iterations=100)
        centres = np.array([pos[c] for c in order], dtype=float)
    else:
        centres = np.zeros((1, 2))
    radii = np.array([disc[c] for c in order])
    span = float(np.abs(centres).max()) or 1.0
    centres = centres / span * float(radii.sum()) * 0.5  # roughly the size the discs need
    gap = COMMUNITY_GAP_IN_RADII * median_r
    centres = separate(centres, radii, gap, rounds=200)
    # pull the discs together (a community with no link to the others would drift far off and
    # shrink everything else at the first view), pushing overlaps apart after each step
    for _ in range(COMPACT_ROUNDS):
        centres = separate(centres - (centres - centres.mean(axis=0)) * 0.15, radii, gap, rounds=30)
    positions = {}
    for (cx, cy), c in zip(centres, order):
        for n in groups[c]:
            x, y = local[n]
            positions[n] = (cx + x, cy + y)
    # discs may still touch their neighbours inside a community: push them apart a little
    nodes = list(view.nodes)
    pts = separate(
        np.array([positions[n] for n in nodes]),
        np.array([radii_of[n] for n in nodes]),
        PADDING_IN_RADII * median_r + LABEL_HEIGHT * 0.5,
        rounds=40,
    )
    positions = {n: (round(float(x), 2), round(float(y), 2)) for n, (x, y) in zip(nodes, pts)}
    discs = []
    for (cx, cy), c in zip(centres, order):
        discs.append(
            {
                "community": int(c),
                "x": round(float(cx), 2),
                "y": round(float(cy), 2),
                "r": round(float(disc[c]), 2),
                "nodes": len(groups[c]),
            }
        )
    return positions, discs


def backbone_flags(view: nx.Graph, alpha: float = BACKBONE_ALPHA) -> set[tuple] | None:
    """Edges of the view's backbone (disparity measured on the whole graph, spanning forest of the
    view), or None when the view is small enough to draw every link."""
    if view.number_of_edges() <= BACKBONE_EDGES:
        return None
    sub = nx.Graph()
    sub.add_nodes_from(view.nodes)
    sub.add_edges_from(view.edges(data=True))
    p_values = edge_disparity(sub)
    keep = {e for e, p in p_values.items() if p < alpha}
    return keep | maximum_spanning_forest(sub, p_values)
