"""What the HTML explorer shows: which entities, their positions, and the JSON the page reads.

Kept apart from the rendering (html.py) so the choice of nodes and the page data can be tested
without a browser. Nothing here changes the caller's graph.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import networkx as nx

from ..core.wording import plural
from ..graph.analytics import TYPE_COLORS, annotate, type_color
from ..graph.comention import documents_meta, parse_dated_evidence
from ..graph.communities import community_summaries
from ..graph.dated import parse_by_date
from .columns import finite_number
from .html_layout import display_positions
from .html_overview import BACKBONE_ALPHA, backbone_flags, community_shares, map_positions
from .html_relations import edge_relation_info, node_relation_info, page_ids_by_text, relation_title
from .html_rest import short_number as _number
from .html_rest import start_rest_block

#: the page is still smooth at this size; beyond it the explorer keeps the most central entities.
DEFAULT_MAX_NODES = 500
#: a node panel lists at most this many document ids (the GraphML keeps them all).
MAX_DOC_IDS_SHOWN = 50
#: the community panel lists at most this many communities, of at least this many entities
MAX_COMMUNITIES_LISTED = 40
MIN_COMMUNITY_LISTED = 3


def safe_json(value) -> str:
    """JSON that can sit inside a <script> element: no "</script>", no "<!--", no U+2028/2029.

    Escaping every "<", ">" and "&" as \\u003c... keeps article text from closing the script
    element or opening a comment, whatever it contains; JSON.parse reads the escapes back.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@dataclass
class Selection:
    """The entities on the page and why."""

    nodes: list
    total_nodes: int
    total_edges: int
    ranking: str  # how entities were ranked when some had to be left out

    @property
    def truncated(self) -> bool:
        return len(self.nodes) < self.total_nodes


def _all_have(graph: nx.Graph, attr: str) -> bool:
    return graph.number_of_nodes() > 0 and all(attr in d for _, d in graph.nodes(data=True))


def select_nodes(graph: nx.Graph, max_nodes: int | None) -> Selection:
    """The ``max_nodes`` most central entities (all when there are no more), most central first: by
    PageRank when the graph carries it, else by weighted degree (sum of link weights), then mentions;
    ties by id."""
    nodes = list(graph.nodes)
    weighted = dict(graph.degree(weight="weight"))
    if _all_have(graph, "pagerank"):
        ranking = "PageRank"
        key = lambda n: (
            -_number(graph.nodes[n]["pagerank"]),
            -_number(weighted[n]),  # noqa: E731
            -_number(graph.nodes[n].get("mentions")),
            str(n),
        )
    else:
        ranking = "weighted degree"
        key = lambda n: (-_number(weighted[n]), -_number(graph.nodes[n].get("mentions")), str(n))  # noqa: E731
    ranked = sorted(nodes, key=key)
    if max_nodes is None or len(nodes) <= max_nodes:
        # all of them, most central first: the page writes the names of the first ones first
        return Selection(ranked, len(nodes), graph.number_of_edges(), "")
    chosen = community_shares(graph, max_nodes, ranked)  # every large community gets a share
    if chosen != ranked[:max_nodes]:
        ranking += " within each large community, then overall"
    return Selection(chosen, len(nodes), graph.number_of_edges(), ranking)


def page_graph(graph: nx.Graph, max_nodes: int | None) -> tuple[nx.Graph, Selection]:
    """The part of ``graph`` shown on the page, with x/y positions on every node, as a copy.

    A graph that went through analytics.annotate keeps its positions; a user's own graph without
    positions is annotated (annotate copies it too). Either way nodes and links come in the
    graph's own order.
    """
    selection = select_nodes(graph, max_nodes)
    # not graph.subgraph(): for a small part of a large graph its view iterates a set, in an order
    # that changes with PYTHONHASHSEED (and so would the page); this keeps the graph's own order
    keep = set(selection.nodes)
    view = nx.subgraph_view(graph, filter_node=keep.__contains__)
    if view.number_of_nodes() and not (_all_have(view, "x") and _all_have(view, "y")):
        return annotate(view), selection
    # the page reads the part's links five times over; each pass through the view's node filter
    # costs as much as this copy (same nodes, same links in the same order and orientation)
    return view.copy(), selection


def _split(value) -> list[str]:
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    return [part for part in str(value or "").split("|") if part]


def _vis_ids(graph: nx.Graph) -> dict:
    """Node id -> the string id used in the page (the graph's own id unless two would clash)."""
    ids = {n: str(n) for n in graph.nodes}
    if len(set(ids.values())) < len(ids):  # e.g. 1 and "1" in a user's graph
        ids = {n: f"n{i}" for i, n in enumerate(graph.nodes)}
    return ids


@dataclass
class PageData:
    """Everything the template needs: vis items (through pyvis) and the explorer's own JSON."""

    vis_nodes: list[dict] = field(default_factory=list)
    vis_edges: list[dict] = field(default_factory=list)
    payload: dict = field(default_factory=dict)
    #: node -> its id in the page, for every node of the graph (drawn or in the packed rest)
    ids: dict = field(default_factory=dict)
    #: html_rest.start_rest_block's result: the compressed part of the graph the first view does
    #: not draw, being compressed in a thread (see :attr:`rest`)
    finish_rest: Callable[[], str] = field(default=lambda: "", repr=False)

    @property
    def rest(self) -> str:
        """The part of the graph the first view does not draw, compressed (html_rest.rest_block)."""
        return self.finish_rest()


def _node_title(label: str, etype: str, mentions, documents) -> str:
    # vis-network 9 shows a string title as plain text (innerText), so article text stays inert.
    parts = [etype or "untyped"]
    if mentions:
        parts.append(plural(mentions, "mention"))
    if documents:
        parts.append(plural(documents, "document"))
    return f"{label}\n" + " · ".join(parts)


def page_data(view: nx.Graph, selection: Selection, *, graph: nx.Graph, surfaces: dict | None = None) -> PageData:
    """vis nodes/edges and the JSON payload for the nodes and edges of ``view`` (a part of ``graph``);
    ``surfaces`` (html_curation.surface_forms) go into the packed rest for the undrawn entities."""
    all_ids = _vis_ids(graph if graph.number_of_nodes() else view)  # the undrawn part needs ids too
    ids = {n: all_ids[n] for n in view.nodes}
    data = PageData(ids=all_ids)
    # the undrawn part first: it is compressed in a thread while the drawn part is made below
    data.finish_rest = start_rest_block(graph, view, all_ids, surfaces)
    rank = {n: i for i, n in enumerate(selection.nodes)}
    nodes_info: dict[str, dict] = {}
    mapped = map_positions(view)  # large views: a map of the communities
    positions = mapped[0] if mapped else display_positions(view)
    backbone = backbone_flags(view)  # large views: the backbone links drawn first
    for n in sorted(view.nodes, key=lambda n: rank.get(n, 0)):
        attrs = view.nodes[n]
        label = str(attrs.get("label", n))
        etype = str(attrs.get("type", "") or "")
        mentions = _number(attrs.get("mentions"))
        documents = _number(attrs.get("documents"))
        data.vis_nodes.append(
            {
                "id": ids[n],
                "label": label,
                "x": positions[n][0],
                "y": positions[n][1],
                # "value" (not "size"): vis scales value to the same size and also sizes the label
                "value": _number(attrs.get("size"), 10),
                "color": type_color(etype),
                "title": _node_title(label, etype, mentions, documents),
            }
        )
        doc_ids = _split(attrs.get("doc_ids"))
        info = {
            "label": label,
            "type": etype,
            "mentions": mentions,
            "documents": documents,
            "aliases": _split(attrs.get("aliases")),
            "doc_ids": doc_ids[:MAX_DOC_IDS_SHOWN],
            "more_docs": max(0, len(doc_ids) - MAX_DOC_IDS_SHOWN),
        }
        for extra in ("pagerank", "betweenness", "community"):
            if extra in attrs:
                info[extra] = _number(attrs[extra])
        _add_dates(info, attrs, "mentions_by_date")
        info.update(node_relation_info(attrs))
        nodes_info[ids[n]] = info

    edges_info: dict[str, dict] = {}
    labels = {n: str(view.nodes[n].get("label", n)) for n in view.nodes}
    by_text = page_ids_by_text(ids)
    for i, (a, b, attrs) in enumerate(sorted(view.edges(data=True), key=lambda e: (ids[e[0]], ids[e[1]]))):
        edge_id = f"e{i}"
        weight = _number(attrs.get("weight", 1), 1)
        documents = _number(attrs.get("documents"))
        related = edge_relation_info(attrs, by_text)
        item = {
            "id": edge_id,
            "from": ids[a],
            "to": ids[b],
            "value": weight,
            "title": f"{labels[a]} — {labels[b]}\nweight {weight}"
            + (f" · {plural(documents, 'document')}" if documents else "")
            + relation_title(related, {ids[a]: labels[a], ids[b]: labels[b]}),
        }
        if backbone is not None:
            item["backbone"] = (a, b) in backbone or (b, a) in backbone
        data.vis_edges.append(item)
        evidence = attrs.get("evidence", "")
        edges_info[edge_id] = {
            "weight": weight,
            "documents": documents,
            # [doc_id, sentence] or [doc_id, sentence, date]
            "evidence": [
                [doc_id, text, day] if day else [doc_id, text]
                for doc_id, text, day in parse_dated_evidence(evidence if isinstance(evidence, str) else "")
            ],
            **related,
        }
        _add_dates(edges_info[edge_id], attrs, "weight_by_date")
        for extra in ("npmi", "disparity"):
            if finite_number(attrs.get(extra)) is not None:
                edges_info[edge_id][extra] = _number(attrs[extra])

    types = sorted({info["type"] for info in nodes_info.values()})
    data.payload = {
        "nodes": nodes_info,
        "edges": edges_info,
        "docs": documents_meta(graph),
        "types": [
            {"type": t, "color": type_color(t), "count": sum(1 for info in nodes_info.values() if info["type"] == t)}
            for t in types
        ],
        # every type's colour, for entities outside the first view and retyped ones (explorer.js typeColor)
        "type_colors": dict(TYPE_COLORS),
        "window": str(graph.graph.get("window", "") or ""),
        "communities": [
            asdict(c) for c in community_summaries(graph, limit=MAX_COMMUNITIES_LISTED, min_size=MIN_COMMUNITY_LISTED)
        ],
        "map": {
            "discs": mapped[1] if mapped else [],
            "backbone": {"alpha": BACKBONE_ALPHA, "default": True} if backbone is not None else None,
        },
    }
    articles = parse_by_date(graph.graph.get("articles_by_date"))
    if articles:  # the timeline strip (templates/explorer_timeline.js)
        data.payload["timeline"] = {
            "articles": [[day, n] for day, n in sorted(articles.items())],
            "undated": int(_number(graph.graph.get("undated_documents"))),
        }
    if any("relations" in info for info in edges_info.values()):
        data.payload["relations"] = True  # the page offers the relation filter
    return data


def _add_dates(info: dict, attrs, name: str) -> None:
    """``by_date``: [[YYYY-MM-DD, count], ...] for the timeline's date range, when the item has dates."""
    by_date = parse_by_date(attrs.get(name))
    if by_date:
        info["by_date"] = [[day, n] for day, n in sorted(by_date.items())]
        info["first_seen"], info["last_seen"] = min(by_date), max(by_date)
