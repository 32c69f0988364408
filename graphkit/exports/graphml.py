"""GraphML for Gephi, Gephi Lite, igraph and yEd."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..atomic import atomic_open


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` as GraphML (UTF-8, typed attributes), atomically."""
    path = Path(path)
    with atomic_open(path, "w") as fh:
        for line in nx.generate_graphml(graph, encoding="utf-8", prettyprint=True):
            fh.write(line + "\n")
    return path
