"""What the explorer page shows of relations, roles and quotes (see graphkit.graph.relation_attributes).

Kept apart from html_data.py so the page's relation parts can change without touching the rest:
page_data calls these for each node and edge, and templates/explorer_relations.js shows them
(the relation filter, the relations in the link panel and tooltip, roles and quotes in the
entity panel).
"""

from __future__ import annotations

from ..graph.relation_attributes import parse_quotes, parse_relations

#: an entity panel lists at most this many quotes (the graph files keep them all)
MAX_QUOTES_SHOWN = 30


def node_relation_info(attrs: dict) -> dict:
    """Roles and quotes of one node for the page ({} when the graph was built without relations)."""
    if "roles" not in attrs and "quotes" not in attrs:
        return {}
    quotes = parse_quotes(str(attrs.get("quotes", "") or ""))
    return {
        "roles": [r for r in str(attrs.get("roles", "") or "").split("|") if r],
        "quotes": [[doc_id, text] for doc_id, text in quotes[:MAX_QUOTES_SHOWN]],
        "more_quotes": max(0, len(quotes) - MAX_QUOTES_SHOWN),
    }


def page_ids_by_text(ids: dict) -> dict[str, str]:
    """{node id as text: page id} for the nodes of ``ids``: a relation names its doer by the text
    of its node id. Built once per page and handed to every edge_relation_info call."""
    return {str(node): page_id for node, page_id in ids.items()}


def edge_relation_info(attrs: dict, by_text: dict[str, str]) -> dict:
    """Relations of one edge for the page: [[phrase, page id of who did it or ""]] and the relation
    each evidence sentence states ({} when the graph was built without relations); ``by_text`` is
    page_ids_by_text of the page's nodes."""
    if "relations" not in attrs:
        return {}
    relations = [[phrase, by_text.get(str(doer), "") if doer else ""] for phrase, doer in parse_relations(attrs)]
    return {
        "relations": relations,
        "evidence_relations": str(attrs.get("evidence_relations", "") or "").split("\n"),
    }


def relation_title(info: dict, labels: dict[str, str]) -> str:
    """The tooltip line of an edge's relations: "Putin → thank → Kim · sign", or "" when none."""
    parts = []
    for phrase, doer in info.get("relations", [])[:4]:
        if doer and doer in labels and len(labels) == 2:
            other = next(label for page_id, label in labels.items() if page_id != doer)
            parts.append(f"{labels[doer]} → {phrase} → {other}")
        else:
            parts.append(phrase)
    more = len(info.get("relations", [])) - len(parts)
    return ("\n" + " · ".join(parts) + (f" · +{more} more" if more > 0 else "")) if parts else ""
