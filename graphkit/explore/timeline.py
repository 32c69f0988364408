"""``graphkit timeline``: mentions per period for the whole corpus or one entity of a built graph."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from ..graph.dated import all_periods, auto_period, by_period, parse_by_date, period_label


@dataclass
class Timeline:
    """Mentions per period, for the corpus (``name`` None) or one entity."""

    period: str
    rows: list[dict] = field(default_factory=list)  # {"period", "start", "articles"?, "mentions"}
    name: str | None = None
    node: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    undated_mentions: int = 0
    undated_articles: int | None = None


def corpus_timeline(graph: nx.Graph, period: str = "auto") -> Timeline:
    """Articles and entity mentions per period over the whole graph (rows without "articles" when
    the graph does not hold them: read from a GEXF file, say)."""
    known = "articles_by_date" in graph.graph  # (without dated mentions there are no rows anyway)
    articles = parse_by_date(graph.graph.get("articles_by_date"))
    mentions: Counter = Counter()
    undated = 0
    for _, data in graph.nodes(data=True):
        dated = parse_by_date(data.get("mentions_by_date"))
        mentions.update(dated)
        undated += max(0, _int(data.get("mentions")) - sum(dated.values()))
    days = set(articles) | set(mentions)
    period = auto_period(days) if period == "auto" else period
    per_articles, per_mentions = by_period(articles, period), by_period(mentions, period)
    rows = [
        {
            "period": period_label(start, period),
            "start": start,
            **({"articles": per_articles.get(start, 0)} if known else {}),
            "mentions": per_mentions.get(start, 0),
        }
        for start in all_periods(sorted(set(per_articles) | set(per_mentions)), period)
    ]
    undated_docs = graph.graph.get("undated_documents")
    return Timeline(
        period,
        rows,
        first_seen=min(days) if days else None,
        last_seen=max(days) if days else None,
        undated_mentions=undated,
        undated_articles=_int(undated_docs) if undated_docs is not None else None,
    )


def entity_timeline(graph: nx.Graph, node, period: str = "auto") -> Timeline:
    """Mentions of one entity per period."""
    data = graph.nodes[node]
    dated = parse_by_date(data.get("mentions_by_date"))
    period = auto_period(dated) if period == "auto" else period
    per = by_period(dated, period)
    rows = [
        {"period": period_label(s, period), "start": s, "mentions": per.get(s, 0)}
        for s in all_periods(sorted(per), period)
    ]
    return Timeline(
        period,
        rows,
        name=str(data.get("label", node)),
        node=str(node),
        first_seen=min(dated) if dated else None,
        last_seen=max(dated) if dated else None,
        undated_mentions=max(0, _int(data.get("mentions")) - sum(dated.values())),
    )


def _int(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0
