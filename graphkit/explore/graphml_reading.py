"""Reading GraphML fast: lxml's parser and a direct build of the graph, the result networkx's reader gives.

``networkx.read_graphml`` parses with the standard library's ElementTree, then builds a multigraph
and copies it into a graph: 12 s for the 47 MB GraphML of 2,770 articles, where lxml parses it in
about 1 s. ``stats``, ``neighbors``, ``path`` and ``review`` read that file first, so it was most of
their time. This module reads the GraphML that graphkit (or any writer of plain GraphML) writes with
lxml, streaming (a node or edge is dropped from the tree once read: a peak of 160 MB for that file
instead of 610 MB, in the same 3 s), and builds the ``nx.Graph`` directly, in the order networkx's
reader gives its nodes, edges and neighbours. Anything it does not read the way networkx does
(several or nested graphs, directed edges, parallel edges, edge ids, hyperedges, ports, yFiles data,
a DOCTYPE, XML lxml will not parse) goes to ``networkx.read_graphml`` itself, unchanged.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from networkx.readwrite.graphml import GraphMLReader

_NS = "{http://graphml.graphdrawing.org/xmlns}"
_GRAPH, _NODE, _EDGE, _DATA = (_NS + t for t in ("graph", "node", "edge", "data"))


class _NotPlain(Exception):
    """The file uses something only networkx's own reader reads the networkx way."""


def read_graphml(path: str | Path) -> nx.Graph:
    """The graph in a GraphML file, as ``networkx.read_graphml(path)`` gives it (undirected files
    without parallel edges read about ten times faster; others by networkx itself)."""
    try:
        return _read_plain(Path(path))
    except _NotPlain:
        return nx.read_graphml(path)


def _read_plain(path: Path) -> nx.Graph:
    """The graph, read as lxml streams the file: each node and edge is decoded when its end tag is
    read, then dropped from the tree, so the whole document is never held (the tree of the 47 MB
    file takes 17 MB at most this way, 480 MB parsed whole)."""
    from lxml import etree  # imported here: only the commands that read a graph back need it

    try:
        source = open(path, "rb")  # noqa: SIM115 - closed below, when a file goes to networkx too
    except OSError as exc:  # networkx's reader says what is wrong, as before
        raise _NotPlain from exc
    with source:
        return _stream(etree, source)


def _stream(etree, source) -> nx.Graph:
    context = etree.iterparse(
        source,
        events=("start", "end"),
        tag=(_GRAPH, _NODE, _EDGE),
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        remove_comments=True,
    )
    reader = GraphMLReader(node_type=str)
    graph = keys = defaults = decode = None
    nodes: list = []
    edges: list = []
    graph_data: dict = {}

    def take(element) -> None:
        """A child of the graph, in document order: a node or edge (already decoded), or its data."""
        if element.tag == _DATA:
            graph_data.update(decode((element,)))
        elif element.tag not in (_NODE, _EDGE):  # a hyperedge, or something else networkx's reader raises on
            raise _NotPlain

    try:
        for event, element in context:
            if event == "start":
                if element.tag == _GRAPH:
                    root = element.getparent()
                    if graph is not None or root is None or root.getparent() is not None:
                        raise _NotPlain  # two graphs, or a graph in a node
                    if element.get("edgedefault") == "directed" or element.getroottree().docinfo.doctype:
                        raise _NotPlain  # a DOCTYPE: entities ElementTree would expand
                    graph = element
                    try:  # a key after the graph may be parsed only in part yet; networkx says what is wrong
                        keys, defaults = reader.find_graphml_keys(root)
                    except Exception as exc:
                        raise _NotPlain from exc
                    decode = _decoder(keys, reader.convert_bool)
                continue
            if element.tag == _GRAPH:
                continue
            if graph is None or element.getparent() is not graph:
                raise _NotPlain
            if element.tag == _NODE:
                if element.get("id") is None:
                    raise _NotPlain
                nodes.append((element.get("id"), decode(element)))
            else:
                source, target = element.get("source"), element.get("target")
                if element.get("directed") == "true" or element.get("id") or source is None or target is None:
                    raise _NotPlain
                edges.append((source, target, decode(element)))
            element.clear()
            while graph[0] is not element:  # what came before it, done with
                take(graph[0])
                del graph[0]
    except (etree.XMLSyntaxError, OSError) as exc:  # networkx's reader says what is wrong, as before
        raise _NotPlain from exc
    if graph is None or reader.find_graphml_keys(graph.getparent()) != (keys, defaults):  # no graph; keys after it
        raise _NotPlain
    for element in graph:
        take(element)
    return _build(nodes, edges, graph_data, keys, defaults)


def _decoder(keys: dict, convert_bool: dict):
    by_key = {key: (spec["name"], spec["type"]) for key, spec in keys.items()}

    def decode(children) -> dict:
        """The attributes in ``children`` (an element: its children), typed as their keys say."""
        data = {}
        for child in children:
            if child.tag != _DATA or len(child):  # a port, a nested graph, yFiles markup
                raise _NotPlain
            try:
                name, kind = by_key[child.get("key")]
            except KeyError:
                raise _NotPlain from None  # networkx names the missing key
            text = child.text
            if text is None:  # <data></data>: networkx reads an empty string, whatever the type
                data[name] = ""
            else:
                try:
                    data[name] = convert_bool[text.lower()] if kind is bool else kind(text)
                except (KeyError, ValueError) as exc:  # networkx raises, in its own order (or a ParseError)
                    raise _NotPlain from exc
        return data

    return decode


def _build(nodes: list, edges: list, graph_data: dict, keys: dict, defaults: dict) -> nx.Graph:
    """The graph networkx's reader returns: it adds nodes, then edges to a multigraph, then copies
    that into a graph neighbour list by neighbour list; the copy's order is kept here."""
    adjacency: dict[str, dict[str, dict]] = {}
    for node, _ in nodes:
        adjacency.setdefault(node, {})
    for source, target, data in edges:
        if target in adjacency.setdefault(source, {}):
            raise _NotPlain  # parallel edges: networkx returns a multigraph
        adjacency[source][target] = data
        adjacency.setdefault(target, {})[source] = data
    graph = nx.Graph()
    graph.graph["node_default"], graph.graph["edge_default"] = {}, {}
    for key, value in defaults.items():
        spec = keys[key]
        if spec["for"] in ("node", "edge"):
            graph.graph[f"{spec['for']}_default"][spec["name"]] = spec["type"](value)
    graph.graph.update(graph_data)
    graph.add_nodes_from(adjacency)
    seen = set()

    def in_order():
        for u, neighbours in adjacency.items():
            for v, data in neighbours.items():
                if (u, v) not in seen:
                    yield u, v, data
                    seen.add((v, u))

    graph.add_edges_from(in_order())  # not add_edge(u, v, **data): an attribute may be called u_of_edge
    node_data: dict = {}
    for node, attributes in nodes:  # a node declared twice: networkx merges its attributes
        node_data.setdefault(node, {}).update(attributes)
    for node, attributes in graph.nodes.items():
        attributes.update(node_data.get(node, ()))
    return graph
