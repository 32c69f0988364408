"""Questions to a built graph: statistics, neighbours, shortest paths, quotes (and their text tables)."""

from .formatting import as_json, render_neighbors, render_path, render_quotes, render_stats
from .loading import GraphFileError, find_graph_file, load_graph
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

__all__ = [
    "Entity",
    "GraphFileError",
    "Link",
    "Match",
    "Neighborhood",
    "PathResult",
    "Quote",
    "QuotesResult",
    "Stats",
    "UnknownEntityError",
    "as_json",
    "find_entity",
    "find_graph_file",
    "load_graph",
    "neighbors",
    "normalise",
    "quotes",
    "render_neighbors",
    "render_path",
    "render_quotes",
    "render_stats",
    "shortest_path",
    "stats",
    "suggest",
]
