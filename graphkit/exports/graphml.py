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
from typing import IO

import networkx as nx

from ..core.atomic import atomic_open, write_lines
from .columnar import cast_column, largest_magnitude, pieces, write_rows, xml_column
from .columns import (
    EDGES,
    NODES,
    cast,
    column_name,
    column_types,
    edge_rows,
    edge_types,
    node_rows,
    node_types,
    require_simple_graph,
    shared_rows,
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
        return "long" if largest_magnitude(values) > _INT32 else "int"
    if kind is float:
        return "double"
    return "string"


def _head(graph: nx.Graph, graph_row: dict, graph_types: dict, node_columns: dict, edge_columns: dict):
    """The lines before the first node: declaration, keys, the graph's own data."""
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield (
        f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{SCHEMA_LOCATION}">'
    )
    for scope, types in (("graph", graph_types), ("node", node_columns), ("edge", edge_columns)):
        for name, kind in types.items():
            if scope == "graph":
                values = [cast(graph_row.get(name), kind)]
            else:
                values = cast_column(graph, NODES if scope == "node" else EDGES, name, kind) if kind is int else []
            gtype = _graphml_type(kind, values)
            yield f'  <key id="{_key(scope, name)}" for="{scope}" attr.name="{xml_attr(name)}" attr.type="{gtype}"/>'
    yield '  <graph id="G" edgedefault="undirected">'
    for name, kind in graph_types.items():
        value = cast(graph_row.get(name), kind)
        if value is not None:  # numbers and booleans never need escaping
            yield f'    <data key="{_key("graph", name)}">{xml_text(value) if kind is str else text(value)}</data>'


def _key(scope: str, name: str) -> str:
    return xml_attr(f"{scope}.{name}")


def _data_columns(graph: nx.Graph, scope: str, types: dict) -> list:
    """Columns of each row's ``<data>`` lines (none where the row has no value)."""
    tag = "node" if scope == NODES else "edge"
    columns = []
    for name, kind in types.items():
        columns += pieces(xml_column(graph, scope, name, kind), f'      <data key="{_key(tag, name)}">', "</data>\n")
    return columns


def write_graphml_to(fh: IO[str], graph: nx.Graph) -> None:
    """Write the GraphML document of ``graph`` to the text file ``fh``."""
    require_simple_graph(graph, "GraphML")
    nodes = node_rows(graph)
    edges = edge_rows(graph)
    graph_row = {column_name(k): v for k, v in graph.graph.items()}
    graph_types = column_types([graph_row])
    node_columns = node_types(graph)
    edge_columns = edge_types(graph)
    write_lines(fh, _head(graph, graph_row, graph_types, node_columns, edge_columns))
    ids = {node: xml_attr(i) for node, i in xml_ids(n for n, _ in nodes).items()}  # escaped once, used by every edge
    opening = [f'    <node id="{ids[node]}">\n' for node, _ in nodes]
    write_rows(fh, [opening, *_data_columns(graph, NODES, node_columns), "    </node>\n"], len(nodes))
    opening = [f'    <edge source="{ids[u]}" target="{ids[v]}">\n' for u, v, _ in edges]
    write_rows(fh, [opening, *_data_columns(graph, EDGES, edge_columns), "    </edge>\n"], len(edges))
    fh.write("  </graph>\n</graphml>\n")


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` as GraphML (UTF-8, typed attributes, Gephi's visual columns), atomically.

    The graph is not changed. Example::

        graphkit.write_graphml(graphkit.build_graph(["seeds/"]), "output/graph.graphml")
    """
    path = Path(path)
    with shared_rows(), atomic_open(path, "w") as fh:  # each column worked out once, even alone
        write_graphml_to(fh, graph)
    return path
