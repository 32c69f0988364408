"""GraphML that Gephi, Gephi Lite, igraph, networkx and yEd all read well.

Written by hand rather than with ``nx.write_graphml`` because the readers need things networkx
does not guarantee:

- key ids say what they describe (``node.label``, ``edge.weight``): networkx numbers them ``d0``,
  ``d1``, ... and Gephi treats a node key ``d3`` and an edge key ``d7`` as yEd's label keys;
  node and edge attributes of the same name (``documents``) get separate keys;
- Gephi's special columns come out under the names its importer looks for: node ``label``, ``x``,
  ``y``, ``size``, ``color`` (``#rrggbb``; Gephi 0.9+ and Gephi Lite read it), edge ``weight``; every
  other attribute (mentions, pagerank, community...) stays a typed data column;
- one type per attribute (string, int/long, double, boolean), no empty or NaN values, lists joined
  with ``|``, no attribute named ``id``, node ids that are XML NMTOKENs;
- graph attributes (window, documents, documents_json, model, ...) are ``<data>`` right at the top of
  ``<graph>`` (graphology reads only leading ones). Gephi ignores them and lists each in its import
  report as an unsupported key; networkx, igraph and graphology keep them;
- sorted nodes, edges and keys and no timestamp, so the same graph gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..core.atomic import atomic_open, write_lines
from .columns import (
    cast,
    column_name,
    column_types,
    edge_rows,
    edge_types,
    node_rows,
    node_types,
    require_simple_graph,
    text,
    xml_attr,
    xml_ids,
    xml_text,
)

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
SCHEMA_LOCATION = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
_INT32 = 2**31 - 1


def _graphml_type(kind: type, values) -> str:
    if kind is bool:
        return "boolean"
    if kind is int:
        return "long" if any(abs(v) > _INT32 for v in values if v is not None) else "int"
    if kind is float:
        return "double"
    return "string"


def iter_graphml(graph: nx.Graph):
    """The GraphML document, as lines of text."""
    require_simple_graph(graph, "GraphML")
    nodes = node_rows(graph)
    edges = edge_rows(graph)
    graph_row = {column_name(k): v for k, v in graph.graph.items()}
    graph_types = column_types([graph_row])
    node_columns = node_types(graph)
    edge_columns = edge_types(graph)
    ids = xml_ids(n for n, _ in nodes)

    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield (
        f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{SCHEMA_LOCATION}">'
    )
    keys = {}
    scopes = (
        ("graph", graph_types, [graph_row]),
        ("node", node_columns, [d for _, d in nodes]),
        ("edge", edge_columns, [d for *_, d in edges]),
    )
    for scope, types, rows in scopes:
        for name, kind in types.items():
            key = f"{scope}.{name}"
            keys[scope, name] = key
            gtype = _graphml_type(kind, [cast(r.get(name), kind) for r in rows])
            yield f'  <key id="{xml_attr(key)}" for="{scope}" attr.name="{xml_attr(name)}" attr.type="{gtype}"/>'
    yield '  <graph id="G" edgedefault="undirected">'
    # (name, type, '<data key="...">') per column, made once rather than once per value
    graph_data = _columns(graph_types, keys, "graph", indent="    ")
    node_data = _columns(node_columns, keys, "node")
    edge_data = _columns(edge_columns, keys, "edge")
    yield from _data_lines(graph_row, graph_data)
    ids = {node: xml_attr(i) for node, i in ids.items()}  # escaped once, used by every edge
    for node, data in nodes:
        yield f'    <node id="{ids[node]}">'
        yield from _data_lines(data, node_data)
        yield "    </node>"
    for u, v, data in edges:
        yield f'    <edge source="{ids[u]}" target="{ids[v]}">'
        yield from _data_lines(data, edge_data)
        yield "    </edge>"
    yield "  </graph>"
    yield "</graphml>"


def _columns(types: dict, keys: dict, scope: str, indent: str = "      ") -> list[tuple]:
    return [(name, kind, f'{indent}<data key="{xml_attr(keys[scope, name])}">') for name, kind in types.items()]


def _data_lines(data: dict, columns: list[tuple]):
    for name, kind, start in columns:
        value = cast(data.get(name), kind)
        if value is None:
            continue
        # numbers and booleans never need escaping
        yield f"{start}{xml_text(value) if kind is str else text(value)}</data>"


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` as GraphML (UTF-8, typed attributes, Gephi's visual columns), atomically.

    The graph is not changed. Example::

        graphkit.write_graphml(graphkit.build_graph(["seeds/"]), "output/graph.graphml")
    """
    path = Path(path)
    with atomic_open(path, "w") as fh:
        write_lines(fh, iter_graphml(graph))
    return path
