"""Reading a built graph back: GraphML, GEXF or node-link JSON, or the output folder holding one."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree.ElementTree import ParseError

import networkx as nx

from ..core.errors import GraphkitError
from .graphml_reading import read_graphml

GRAPH_SUFFIXES = (".graphml", ".gexf", ".json")


class GraphFileError(GraphkitError):
    """The graph file cannot be found or read."""


class MissingGraphError(GraphFileError):
    """The graph file or folder named does not exist: a usage error, as a missing source of ``build``."""

    exit_code = 2


#: GEXF has no graph attributes: what the build keeps there is in the GraphML and the JSON only
GEXF_NOTE = (
    "a GEXF file holds no graph attributes (the documents and their titles, the window, articles per date): "
    "read the build's .graphml or .json for them"
)
#: an output of ``build --format ftm`` (NAME.ftm.json): JSON lines, never a graph to read
NOT_A_GRAPH = ".ftm.json"


def find_graph_file(path: str | Path) -> Path:
    """``path`` itself, or for a folder (a build's output) its graph file: NAME.graphml first."""
    path = Path(path)
    if not path.exists():
        raise MissingGraphError(
            f"{path} does not exist. Give a graph file written by `graphkit build` "
            "(.graphml, .gexf or .json) or its output folder."
        )
    if path.is_file():
        if path.name.endswith(NOT_A_GRAPH):
            raise GraphFileError(
                f"{path} is the FollowTheMoney export (entities, one per line), not a graph: "
                f"give the build's .graphml, .gexf or .json, or its output folder."
            )
        return path
    for suffix in GRAPH_SUFFIXES:
        found = sorted(
            p
            for p in path.glob(f"*{suffix}")
            if p.is_file() and not p.name.startswith(".") and not p.name.endswith(NOT_A_GRAPH)
        )
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
            raise GraphFileError(f"{path} holds several graphs ({names}); name the file to use.")
    raise GraphFileError(
        f"No graph file (.graphml, .gexf or .json) in {path}. Build one with `graphkit build SOURCES -o {path}`."
    )


def reading_cache(cache: str | Path | None = None, use: bool = True) -> Path | None:
    """The cache folder the reading commands keep their graph in: ``cache`` when given, else
    .graphkit-cache in the current folder when a build made it there (a question alone makes no
    folder); None when not ``use``."""
    if not use:
        return None
    if cache is not None:
        return Path(cache)
    from ..caches import default_cache_dir

    return default_cache_dir() if default_cache_dir().is_dir() else None


def load_graph(path: str | Path, cache: str | Path | None = None, notices: list[str] | None = None) -> nx.Graph:
    """Read a graph written by ``graphkit build`` (GraphML, GEXF, node-link JSON, or its output folder).

    ``cache``: a cache folder (as ``build``'s) where the graph read is kept under a hash of the
    file's bytes, so the next read of the same file takes a fraction of the time
    (graphkit.caches.read_back); cache trouble is noted in ``notices`` when given, never raised.
    """
    path = find_graph_file(path)
    if notices is not None and path.suffix.lower() == ".gexf":
        notices.append(GEXF_NOTE)
    if cache is None:
        return _read_graph(path)
    from ..caches.read_back import read_through

    return read_through(path, _read_graph, cache, notices if notices is not None else [])


def _read_graph(path: Path) -> nx.Graph:
    suffix = path.suffix.lower()
    try:
        if suffix == ".graphml":
            graph = read_graphml(path)
        elif suffix == ".gexf":
            graph = _from_gexf(nx.read_gexf(path))
        elif suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            edges = "edges" if isinstance(data, dict) and "edges" in data else "links"
            if not (
                isinstance(data, dict)
                and isinstance(data.get("nodes"), list)
                and isinstance(data.get(edges), list)
                and all(isinstance(item, dict) for item in (*data["nodes"], *data[edges]))
            ):
                raise GraphFileError(
                    f'{path} is JSON but not a node-link graph (an object with "nodes" and "edges"). '
                    "Give the NAME.json graph that `graphkit build` writes, or its NAME.graphml."
                )
            graph = nx.node_link_graph(data, edges=edges)
        else:
            raise GraphFileError(
                f"{path}: unknown graph format {suffix or '(no suffix)'}; "
                "give a .graphml, .gexf or .json file written by `graphkit build`."
            )
    except ParseError as exc:
        raise GraphFileError(f"{path} is not well-formed XML ({exc}). Rebuild it with `graphkit build`.") from exc
    except (OSError, ValueError, KeyError, TypeError, nx.NetworkXError) as exc:
        raise GraphFileError(
            f"Cannot read {path} as a graph: {exc}. Is it a file written by `graphkit build`?"
        ) from exc
    if graph.is_directed() or graph.is_multigraph():
        graph = nx.Graph(graph.to_undirected() if graph.is_directed() else graph)
    return graph


def _from_gexf(graph: nx.Graph) -> nx.Graph:
    """networkx keeps GEXF's viz data in a ``viz`` dict; put it back as plain x/y/size/color. Spells
    (when each is present) are left out: ``mentions_by_date``/``weight_by_date`` hold the same days."""
    for *_, data in graph.edges(data=True):
        data.pop("spells", None)
    for _, data in graph.nodes(data=True):
        data.pop("spells", None)
        viz = data.pop("viz", None) or {}
        if "position" in viz:
            data["x"], data["y"] = viz["position"].get("x"), viz["position"].get("y")
        if "size" in viz:
            data["size"] = viz["size"]
        if "color" in viz:
            c = viz["color"]
            data["color"] = "#{:02x}{:02x}{:02x}".format(c.get("r", 0), c.get("g", 0), c.get("b", 0))
    return graph
