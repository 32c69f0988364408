"""Node-link JSON (networkx's ``node_link_data`` layout) for d3, sigma/graphology and scripts.

::

    {"directed": false, "multigraph": false, "graph": {...},
     "nodes": [{"id": "person-kim-jong-un", "label": "Kim Jong Un", ...}, ...],
     "edges": [{"source": "...", "target": "...", "weight": 3, "evidence": "..."}, ...]}

Read it back with ``nx.node_link_graph(data, edges="edges")`` or ``graphkit.explore.load_graph``.
Unlike GraphML this file keeps the graph attributes (window, documents, documents_json, model...).
Nodes and edges are sorted, attributes in a fixed order, no NaN: the same graph gives the same bytes.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO

import networkx as nx

from ..core.atomic import atomic_open
from .columnar import cast_column, pieces, text_column, write_rows
from .columns import (
    EDGES,
    NODES,
    cast,
    column_name,
    edge_rows,
    edge_types,
    node_rows,
    node_types,
    plain,
    require_simple_graph,
    shared_rows,
)


def node_link_data(graph: nx.Graph) -> dict:
    """The JSON-ready dict (plain values only; attributes that are None or NaN are left out)."""
    require_simple_graph(graph, "JSON")
    nodes = node_rows(graph)
    edges = edge_rows(graph)
    node_columns = node_types(graph)
    edge_columns = edge_types(graph)
    graph_attrs = _graph_attrs(graph)

    def row(data, types, head):
        out = dict(head)
        for name, kind in types.items():
            value = cast(data.get(name), kind)
            if value is not None and name not in out:
                out[name] = value
        return out

    return {
        "directed": False,
        "multigraph": False,
        "graph": graph_attrs,
        "nodes": [row(d, node_columns, {"id": str(n)}) for n, d in nodes],
        "edges": [row(d, edge_columns, {"source": str(u), "target": str(v)}) for u, v, d in edges],
    }


#: for values of unusual types (a str subclass...), which json's C encoder writes as their base type
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def _graph_attrs(graph: nx.Graph) -> dict:
    graph_attrs = {}
    for key in sorted(graph.graph, key=str):
        value = plain(graph.graph[key])
        if value is not None:
            graph_attrs[column_name(key)] = value
    return graph_attrs


def dumps(data: dict) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)`` of a node_link_data dict."""
    return json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)


def _json_column(graph: nx.Graph, scope: str, name: str, kind: type) -> list:
    """The JSON text of each cast value (None stays None): what json's C encoder writes for it (a str
    by encode_basestring; an int, float or bool by int.__repr__, float.__repr__ or as true/false,
    which is their columns.text), anything unusual by the encoder itself."""
    values = cast_column(graph, scope, name, kind)
    kinds = set(map(type, values))
    if kind is not str and kinds <= {kind, type(None)}:
        return text_column(graph, scope, name, kind)  # cast made floats finite: allow_nan never fires
    if kinds == {str}:
        return list(map(encode_basestring, values))
    return [None if v is None else encode_basestring(v) if type(v) is str else _ENCODER.encode(v) for v in values]


def _row_columns(graph: nx.Graph, scope: str, head: list[tuple[str, list[str]]], types: dict) -> list:
    """write_rows columns of the rows as json.dumps(indent=1) writes them inside the list at level 1:
    '  {' then one '<newline>   "name": value' per value (separated by commas), then '<newline>  }';
    rows separated by ',<newline>'. ``head`` is the leading (name, texts) pairs every row has."""
    columns: list = []
    for number, (name, texts) in enumerate(head):
        columns += [(",\n   " if number else "  {\n   ") + encode_basestring(name) + ": ", texts]
    taken = {name for name, _ in head}
    for name, kind in types.items():
        if name not in taken:  # the head wins, as in node_link_data's dict
            columns += pieces(_json_column(graph, scope, name, kind), f",\n   {encode_basestring(name)}: ", "")
    columns.append("\n  }")
    count = len(head[0][1])
    columns.insert(0, [",\n" if i else "" for i in range(count)])
    return columns


def _write_rows(fh, graph: nx.Graph, scope: str, head: list, types: dict) -> None:
    if not head[0][1]:
        fh.write("[]")
        return
    fh.write("[\n")
    write_rows(fh, _row_columns(graph, scope, head, types), len(head[0][1]))
    fh.write("\n ]")


def write_node_link_to(fh: IO[str], graph: nx.Graph) -> None:
    """Write ``dumps(node_link_data(graph))`` and a newline to the text file ``fh``, byte for byte.

    With ``indent``, json encodes in pure Python, a few calls per value; here each column's values
    are encoded by the C functions json's C encoder uses, and the layout (one line per value, at
    json's indentation) is joined from columns."""
    require_simple_graph(graph, "JSON")
    data = {"directed": False, "multigraph": False, "graph": _graph_attrs(graph), "nodes": [], "edges": []}
    # the head of the document as json writes it, up to the (here empty) node list
    # the last '"nodes": []' is the top-level key (inside a string json escapes the quotes)
    fh.write(dumps(data).rpartition('"nodes": []')[0] + '"nodes": ')
    nodes = node_rows(graph)
    ids = [encode_basestring(str(n)) for n, _ in nodes]
    _write_rows(fh, graph, NODES, [("id", ids)], node_types(graph))
    fh.write(',\n "edges": ')
    id_of = {n: i for (n, _), i in zip(nodes, ids)}
    edges = edge_rows(graph)
    head = [("source", [id_of[u] for u, _, _ in edges]), ("target", [id_of[v] for _, v, _ in edges])]
    _write_rows(fh, graph, EDGES, head, edge_types(graph))
    fh.write("\n}\n")


def write_node_link(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` as node-link JSON (UTF-8), atomically; the graph is not changed."""
    path = Path(path)
    with shared_rows(), atomic_open(path, "w") as fh:  # each column worked out once, even alone
        write_node_link_to(fh, graph)
    return path
