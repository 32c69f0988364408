"""What a person said and is: the ``graphkit quotes`` question to a built graph.

Reads the node attributes ``quotes`` and ``roles`` that ``graphkit build`` writes (see
graphkit.graph.relation_attributes); names are matched as for neighbors and path.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..graph.comention import documents_meta
from ..graph.relation_attributes import parse_quotes
from .queries import Match, _node, find_entity


@dataclass
class Quote:
    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None  # the article's date, YYYY-MM-DD


@dataclass
class QuotesResult:
    match: Match
    roles: list[str]
    quotes: list[Quote]
    #: whether the graph was built with relations (every node then has a ``quotes`` attribute)
    relations: bool = True


def quotes(graph: nx.Graph, name: str) -> QuotesResult:
    """What the entity ``name`` said (its ``quotes`` attribute, in document order) and its roles.

    Example::

        from graphkit.explore import load_graph, quotes
        for q in quotes(load_graph("output/graph.graphml"), "Yang Mu-jin").quotes:
            print(q.doc_id, q.text)
    """
    match = find_entity(graph, name)
    data = graph.nodes[_node(graph, match)]
    meta = documents_meta(graph)
    said = []
    for doc_id, text in parse_quotes(str(data.get("quotes", "") or "")):
        of = meta.get(doc_id) or {}
        said.append(Quote(doc_id, text, of.get("title"), of.get("url"), of.get("date")))
    roles = [r for r in str(data.get("roles", "") or "").split("|") if r]
    return QuotesResult(match, roles, said, "quotes" in data)
