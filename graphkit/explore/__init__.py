"""Questions to a built graph: statistics, neighbours, shortest paths, quotes, what changed between
two builds, mentions over time, a build's likely problems (and their text tables)."""

from .diff import GraphDiff, diff_graphs
from .formatting import (
    as_json,
    render_diff,
    render_neighbors,
    render_path,
    render_quotes,
    render_stats,
    render_timeline,
)
from .loading import GraphFileError, find_graph_file, load_graph, reading_cache
from .queries import (
    Entity,
    Link,
    Match,
    Neighborhood,
    PathResult,
    Stats,
    UnknownEntityError,
    find_entity,
    neighbors,
    normalise,
    shortest_path,
    stats,
    suggest,
)
from .quotes import Quote, QuotesResult, quotes
from .reviewing import Review, render_review, review
from .timeline import Timeline, corpus_timeline, entity_timeline

__all__ = [
    "Entity",
    "GraphDiff",
    "GraphFileError",
    "Link",
    "Match",
    "Neighborhood",
    "PathResult",
    "Quote",
    "QuotesResult",
    "Review",
    "Stats",
    "Timeline",
    "UnknownEntityError",
    "as_json",
    "corpus_timeline",
    "diff_graphs",
    "entity_timeline",
    "find_entity",
    "find_graph_file",
    "load_graph",
    "neighbors",
    "normalise",
    "render_diff",
    "quotes",
    "reading_cache",
    "render_neighbors",
    "render_path",
    "render_quotes",
    "render_review",
    "render_stats",
    "render_timeline",
    "review",
    "shortest_path",
    "stats",
    "suggest",
]
