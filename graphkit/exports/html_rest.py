"""The part of the graph the explorer's first view does not draw, packed small into the page.

Every entity and link outside the first view travels as gzip-compressed JSON in base64; the page
unpacks it with the browser's own DecompressionStream once the first view is up, so search finds
every entity and an entity outside the first view can be shown with its neighbours. Per entity:
label, type, counts, community, PageRank, the first aliases and document ids; per link: weight,
documents, npmi, disparity and one evidence snippet (the first). Links refer to entities by
their position in ``ids`` (every node of the graph, drawn ones too).
"""

from __future__ import annotations

import base64
import gzip
import json

import networkx as nx

from ..graph.comention import parse_evidence
from .columns import finite_number

#: what the packed rest keeps per undrawn entity (the GraphML keeps everything)
MAX_REST_DOC_IDS = 10
MAX_REST_ALIASES = 8


def _split(value) -> list[str]:
    return [part for part in str(value or "").split("|") if part]


def _number(value, default=0):
    num = finite_number(value)
    if num is None:
        return default
    return int(num) if num.is_integer() else round(num, 4)


def rest_rows(graph: nx.Graph, drawn: set, ids: dict) -> dict:
    """{"ids": [...], "nodes": [[id, label, type, mentions, documents, community, pagerank, aliases,
    doc_ids, more_docs, size], ...], "edges": [[a, b, weight, documents, npmi, disparity, doc_id,
    sentence], ...]} for the entities not in ``drawn`` and every link with an end among them."""
    order = list(ids)
    index = {n: i for i, n in enumerate(order)}
    nodes = []
    for n in order:
        if n in drawn:
            continue
        attrs = graph.nodes[n]
        doc_ids = _split(attrs.get("doc_ids"))
        community = finite_number(attrs.get("community"))
        nodes.append(
            [
                ids[n],
                str(attrs.get("label", n)),
                str(attrs.get("type", "") or ""),
                _number(attrs.get("mentions")),
                _number(attrs.get("documents")),
                int(community) if community is not None else None,
                _number(attrs.get("pagerank")),
                "|".join(_split(attrs.get("aliases"))[:MAX_REST_ALIASES]),
                "|".join(doc_ids[:MAX_REST_DOC_IDS]),
                max(0, len(doc_ids) - MAX_REST_DOC_IDS),
                _number(attrs.get("size"), 10),
            ]
        )
    edges = []
    for a, b, attrs in graph.edges(data=True):
        if a in drawn and b in drawn:
            continue
        a, b = sorted((a, b), key=index.__getitem__)
        evidence = attrs.get("evidence", "")
        first = parse_evidence(evidence if isinstance(evidence, str) else "")[:1]
        doc_id, sentence = first[0] if first else ("", "")
        edges.append(
            [
                index[a],
                index[b],
                _number(attrs.get("weight", 1), 1),
                _number(attrs.get("documents")),
                _number(attrs.get("npmi"), None),
                _number(attrs.get("disparity"), None),
                doc_id,
                sentence,
            ]
        )
    edges.sort(key=lambda e: (e[0], e[1]))
    return {"ids": [ids[n] for n in order], "nodes": nodes, "edges": edges}


def rest_block(graph: nx.Graph, view: nx.Graph, ids: dict) -> str:
    """rest_rows as gzip-compressed JSON in base64 (same graph, same bytes), or "" when the first
    view draws everything."""
    drawn = set(view.nodes)
    if graph.number_of_nodes() == len(drawn):
        return ""
    text = json.dumps(rest_rows(graph, drawn, ids), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")
