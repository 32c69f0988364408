"""A co-mention-like graph with planted communities, for the overview tests and the browser test.

One large dense community with strong hubs (it would take the whole first view by global
PageRank) beside smaller, lighter ones; every edge carries evidence naming both ends, and every
node the attributes graphkit.graph gives (the significance attributes come from add_significance).
"""

from __future__ import annotations

import random

import networkx as nx

from graphkit.graph.analytics import annotate
from graphkit.graph.significance import add_significance

TYPES = ["PERSON", "ORG", "GPE", "LOC"]


def planted_graph(sizes=(240, 90, 60, 45, 35, 30, 25), seed: int = 11) -> nx.Graph:
    rng = random.Random(seed)
    g = nx.Graph()
    groups = []
    k = 0
    for c, size in enumerate(sizes):
        members = []
        for _ in range(size):
            etype = TYPES[k % len(TYPES)]
            label = f"Group{c} Member{k}"
            node = f"{etype.lower()}-g{c}-m{k}"
            g.add_node(
                node,
                label=label,
                type=etype,
                mentions=1 + rng.randrange(8),
                documents=1,
                aliases=f"{label}|G{c}M{k}",
                doc_ids=f"doc{c:02d}{k % 7}",
            )
            members.append(node)
            k += 1
        groups.append(members)
    for c, members in enumerate(groups):
        # the big group: heavy links and six hubs linked to all of it; the others: light, no hub
        p = 0.08 if c == 0 else 0.2
        hubs = members[:6] if c == 0 else []
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if rng.random() < p:
                    _link(g, a, b, 1 + rng.randrange(3) if c == 0 else 1, rng)
            for h in hubs:
                if h != a:
                    _link(g, h, a, 8 + rng.randrange(3), rng)
    for c in range(1, len(groups)):  # as in the news, the small groups name the big one's hubs too
        for a in groups[c]:
            if rng.random() < 0.5:
                _link(g, a, groups[0][rng.randrange(6)], 1, rng)
        _link(g, groups[c][1], groups[c - 1][-1], 1, rng)
    windows = {n: int(g.degree(n, weight="weight")) + 2 for n in g}
    add_significance(g, windows, sum(windows.values()))
    g.graph.update(window="sentence", documents=100, documents_json="{}")
    return annotate(g)


def _link(g, a, b, weight, rng):
    la, lb = g.nodes[a]["label"], g.nodes[b]["label"]
    doc = g.nodes[a]["doc_ids"]
    g.add_edge(
        a,
        b,
        weight=weight,
        documents=1,
        evidence=f"[{doc}] {la} and {lb} were named together in report {rng.randrange(1000)}.",
    )
