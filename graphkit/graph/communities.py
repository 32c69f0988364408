"""Communities a reader can use: each named by its top entities, with an extractive summary.

A community (analytics' Louvain ``community`` attribute) is summarised only from what the graph
already holds, nothing is generated:

- its most central entities: by strength inside the community (sum of the weights of links to
  other members), then PageRank, then id;
- its strongest ties: the heaviest links between two members, with one evidence sentence each;
- its date span, from the ``date`` of the documents that mention its members (when the input
  had dates);
- the documents it comes from: how many, the ``source`` fields when the input had them, and the
  documents that name the most members.

The same summaries feed ``graphkit stats`` and the HTML explorer's community panel.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from .comention import documents_meta, parse_evidence


@dataclass
class Tie:
    source: str
    target: str
    source_label: str
    target_label: str
    weight: int
    npmi: float | None
    evidence: list[str] = field(default_factory=list)  # [doc_id, sentence] of the first snippet


@dataclass
class CommunitySummary:
    number: int
    name: str  # its top entities' labels, joined with " · "
    size: int
    entities: list[list[str]]  # [id, label] of the most central members, most central first
    ties: list[Tie]
    documents: int
    first_date: str | None
    last_date: str | None
    sources: list[list]  # [source, documents] from the documents' source field, most first
    top_documents: list[list]  # [doc_id, title, members named], most members first


def _number(value, default=0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _split(value) -> list[str]:
    return [part for part in str(value or "").split("|") if part]


def community_members(graph: nx.Graph) -> dict[int, list]:
    """{community number: [node, ...]} for nodes with an integer ``community`` attribute."""
    groups: dict[int, list] = defaultdict(list)
    for n, value in graph.nodes(data="community"):
        try:
            groups[int(value)].append(n)
        except (TypeError, ValueError):
            continue
    return dict(groups)


def community_summaries(
    graph: nx.Graph,
    *,
    limit: int | None = 10,
    min_size: int = 2,
    entities: int = 5,
    ties: int = 3,
    name_entities: int = 3,
) -> list[CommunitySummary]:
    """Summaries of the ``limit`` largest communities of at least ``min_size`` members, largest first.

    Reads the ``community`` node attribute (graphkit.annotate); a graph without it has none.
    """
    groups = community_members(graph)
    order = sorted((c for c, members in groups.items() if len(members) >= min_size), key=lambda c: (-len(groups[c]), c))
    if limit is not None:
        order = order[:limit]
    if not order:
        return []
    wanted = set(order)
    community = {n: int(c) for c in wanted for n in groups[c]}
    inner_strength: Counter = Counter()
    inner_edges: dict[int, list] = defaultdict(list)
    for a, b, data in graph.edges(data=True):
        ca, cb = community.get(a), community.get(b)
        if ca is None or ca != cb:
            continue
        w = _number(data.get("weight", 1), 1.0)
        inner_strength[a] += w
        inner_strength[b] += w
        inner_edges[ca].append((a, b, data))
    meta = documents_meta(graph)
    out = []
    for c in order:
        out.append(_summary(graph, c, groups[c], inner_strength, inner_edges[c], meta, entities, ties, name_entities))
    return out


def _label(graph: nx.Graph, n) -> str:
    return str(graph.nodes[n].get("label", n))


def _summary(graph, number, members, strength, edges, meta, n_entities, n_ties, n_name) -> CommunitySummary:
    nodes = graph.nodes
    central = sorted(
        members,
        key=lambda n: (-strength[n], -_number(nodes[n].get("pagerank")), -_number(nodes[n].get("mentions")), str(n)),
    )
    top = [[str(n), _label(graph, n)] for n in central[:n_entities]]
    strongest = sorted(
        edges,
        key=lambda e: (
            -_number(e[2].get("weight", 1), 1.0),
            -_number(e[2].get("npmi"), -1.0),
            sorted((str(e[0]), str(e[1]))),
        ),
    )
    tie_list = []
    for a, b, data in strongest[:n_ties]:
        a, b = sorted((a, b), key=lambda n: (-strength[n], str(n)))  # the more central end first
        evidence = parse_evidence(data.get("evidence") if isinstance(data.get("evidence"), str) else "")
        npmi = data.get("npmi")
        tie_list.append(
            Tie(
                str(a),
                str(b),
                _label(graph, a),
                _label(graph, b),
                int(_number(data.get("weight", 1), 1.0)),
                None if npmi is None else round(_number(npmi), 4),
                list(evidence[0]) if evidence else [],
            )
        )
    docs: Counter = Counter()
    for n in members:
        docs.update(set(_split(nodes[n].get("doc_ids"))))
    dates = sorted(str(meta[d]["date"])[:10] for d in docs if meta.get(d, {}).get("date"))
    sources = Counter(meta[d]["source"] for d in docs if meta.get(d, {}).get("source"))
    top_docs = sorted(docs.items(), key=lambda item: (-item[1], item[0]))[:3]
    return CommunitySummary(
        number=int(number),
        name=" · ".join(label for _, label in top[:n_name]),
        size=len(members),
        entities=top,
        ties=tie_list,
        documents=len(docs),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        sources=[[s, k] for s, k in sorted(sources.items(), key=lambda item: (-item[1], item[0]))[:5]],
        top_documents=[[d, meta.get(d, {}).get("title", ""), k] for d, k in top_docs],
    )
