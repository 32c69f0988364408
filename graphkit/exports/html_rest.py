"""The part of the graph the explorer's first view does not draw, packed small into the page.

Every entity and link outside the first view travels as gzip-compressed JSON in base64; the page
unpacks it with the browser's own DecompressionStream once the first view is up, so search finds
every entity and an entity outside the first view can be shown with its neighbours. Per entity:
label, type, counts, community, PageRank, the first aliases and document ids; per link: weight,
documents, npmi, disparity, one evidence snippet (the first) and, when the graph has them, the
relations it states (so the relation filter counts the links it cannot draw). Links refer to
entities by their position in ``ids`` (every node of the graph, drawn ones too).
"""

from __future__ import annotations

import base64
import gzip
import json
import math
from collections.abc import Callable
from operator import itemgetter

import networkx as nx

from ..core.side_by_side import start_in_thread
from ..graph.comention import parse_evidence
from .columns import finite_number
from .html_relations import edge_relation_info, page_ids_by_text

#: what the packed rest keeps per undrawn entity (the GraphML keeps everything)
MAX_REST_DOC_IDS = 10
MAX_REST_ALIASES = 8


def _split(value) -> list[str]:
    return [part for part in str(value or "").split("|") if part]


#: ints up to this size survive the trip through float unchanged (53-bit mantissa)
_EXACT_INT = 2**53


def short_number(value, default=0):
    """A short JSON number from an attribute that may be a str/float/None in a user's graph:
    an integral value as an int, else rounded to 4 decimals; ``default`` when not a finite number."""
    # fast paths for the float and int a built graph holds (most of the page's numbers): the
    # same result as the general path below, which goes through float(finite_number(value))
    kind = type(value)
    if kind is float:
        if not math.isfinite(value):
            return default
        return int(value) if value.is_integer() else round(value, 4)
    if kind is int and -_EXACT_INT <= value <= _EXACT_INT:
        return value
    num = finite_number(value)
    if num is None:
        return default
    return int(num) if num.is_integer() else round(num, 4)


def _first_evidence(evidence) -> tuple[str, str]:
    """(doc_id, sentence) of the first evidence line, ("", "") when there is none."""
    # parse_evidence skips empty lines and turns every other line into one snippet, so the first
    # snippet is that of the first non-empty line: parsing only that line gives the same
    for line in (evidence if isinstance(evidence, str) else "").split("\n"):
        if line:
            return parse_evidence(line)[0]
    return "", ""


def rest_rows(graph: nx.Graph, drawn: set, ids: dict, surfaces: dict | None = None) -> dict:
    """{"ids": [...], "nodes": [[id, label, type, mentions, documents, community, pagerank, aliases,
    doc_ids, more_docs, size, surfaces], ...], "edges": [[a, b, weight, documents, npmi, disparity,
    doc_id, sentence(, relations)], ...]} for the entities not in ``drawn`` and every link with an
    end among them; ``relations`` ([[phrase, page id of who did it or ""], ...]) only on a link
    that states some. ``surfaces`` (html_curation.surface_forms) gives each entity's every surface form with
    its alias-file key, for the page's curation; without it the rows end at size."""
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
                short_number(attrs.get("mentions")),
                short_number(attrs.get("documents")),
                int(community) if community is not None else None,
                short_number(attrs.get("pagerank")),
                "|".join(_split(attrs.get("aliases"))[:MAX_REST_ALIASES]),
                "|".join(doc_ids[:MAX_REST_DOC_IDS]),
                max(0, len(doc_ids) - MAX_REST_DOC_IDS),
                short_number(attrs.get("size"), 10),
                *([surfaces[n]] if surfaces is not None else []),
            ]
        )
    edges = []
    by_text = page_ids_by_text(ids)
    for a, b, attrs in graph.edges(data=True):
        if a in drawn and b in drawn:
            continue
        if index[a] > index[b]:
            a, b = b, a
        doc_id, sentence = _first_evidence(attrs.get("evidence", ""))
        row = [
            index[a],
            index[b],
            short_number(attrs.get("weight", 1), 1),
            short_number(attrs.get("documents")),
            short_number(attrs.get("npmi"), None),
            short_number(attrs.get("disparity"), None),
            doc_id,
            sentence,
        ]
        if attrs.get("relations"):
            row.append(edge_relation_info(attrs, by_text)["relations"])
        edges.append(row)
    edges.sort(key=itemgetter(0, 1))
    return {"ids": [ids[n] for n in order], "nodes": nodes, "edges": edges}


def rest_block(graph: nx.Graph, view: nx.Graph, ids: dict, surfaces: dict | None = None) -> str:
    """rest_rows as gzip-compressed JSON in base64 (same graph, same bytes), or "" when the first
    view draws everything."""
    return start_rest_block(graph, view, ids, surfaces)()


def start_rest_block(graph: nx.Graph, view: nx.Graph, ids: dict, surfaces: dict | None = None) -> Callable[[], str]:
    """:func:`rest_block`, compressed in a thread meanwhile: call the returned function for it.

    zlib lets go of the GIL while it compresses, a third of a second for a large page, so the
    rest of the page is built in that time.
    """
    drawn = set(view.nodes)
    if graph.number_of_nodes() == len(drawn):
        return lambda: ""
    rows = rest_rows(graph, drawn, ids, surfaces)
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    data = text.encode("utf-8")
    compressed = start_in_thread(lambda: gzip.compress(data, compresslevel=9, mtime=0), "graphkit-rest-gzip")
    return lambda: base64.b64encode(compressed()).decode("ascii")
