"""GEXF 1.3 for Gephi and Gephi Lite, with colour, size and position in the ``viz`` namespace, and
when the articles are dated, the time each node and edge is present (spells), for Gephi's timeline.

Written by hand rather than with ``nx.write_gexf`` because that writes the current date into
``<meta lastmodifieddate>`` (two builds of the same input would differ) and an alpha channel on
every ``viz:color``, which Gephi Lite then ignores. Here: no date, ``viz:color r g b`` only,
sorted nodes and edges, typed ``<attvalue>`` columns in a fixed order.

Time: a dated graph is ``mode="dynamic" timeformat="date"``, and each node and edge has one
``<spell>`` per run of consecutive days on which an article mentions it (``mentions_by_date``,
``weight_by_date``); undated elements have no spells, which Gephi reads as always present. Weights
and every other value stay static, so readers without time support (graphology-gexf, Gephi Lite)
read the same graph as from the GraphML.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import networkx as nx

from ..core.atomic import atomic_open, write_lines
from ..graph.dated import parse_by_date
from .columns import (
    cast,
    edge_rows,
    edge_types,
    finite_number,
    hex_rgb,
    node_rows,
    node_types,
    require_simple_graph,
    text,
    xml_attr,
)

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
#: Carried by the element itself or by viz:*, not repeated as attribute columns.
_NODE_BUILTIN = ("label", "x", "y", "size", "color")
_EDGE_BUILTIN = ("weight",)
_TYPES = {bool: "boolean", int: "integer", float: "double", str: "string"}
_INT32 = 2**31 - 1


def summary(graph: nx.Graph) -> str:
    """A one-line description of the graph (the ``<description>``)."""
    g = graph.graph
    parts = [f"{graph.number_of_nodes()} entities, {graph.number_of_edges()} co-mention edges"]
    if "window" in g:
        parts.append(f"{g['window']} window")
    if "documents" in g:
        parts.append(f"{g['documents']} documents")
    if "model" in g:
        parts.append(f"model {g['model']}")
    return "graphkit entity graph: " + ", ".join(parts)


def iter_gexf(graph: nx.Graph):
    """The GEXF document, as lines of text."""
    require_simple_graph(graph, "GEXF")
    nodes = node_rows(graph)
    edges = edge_rows(graph)
    node_columns = node_types(graph, leave_out=_NODE_BUILTIN)
    edge_columns = edge_types(graph, leave_out=_EDGE_BUILTIN)
    node_ids = {n: xml_attr(str(n)) for n, _ in nodes}  # escaped once, used by every edge

    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" version="1.3">'
    yield "  <meta>"
    yield "    <creator>graphkit</creator>"
    yield f"    <description>{xml_attr(summary(graph))}</description>"
    yield "  </meta>"
    dynamic = any(data.get("mentions_by_date") for _, data in nodes)
    time = ' mode="dynamic" timeformat="date"' if dynamic else ' mode="static"'
    yield f'  <graph{time} defaultedgetype="undirected">'
    yield from _attribute_model("node", node_columns, [d for _, d in nodes])
    yield from _attribute_model("edge", edge_columns, [d for *_, d in edges])
    yield "    <nodes>"
    for node, data in nodes:
        label = cast(data.get("label"), str)
        label_attr = f' label="{xml_attr(label)}"' if label is not None else ""
        yield f'      <node id="{node_ids[node]}"{label_attr}>'
        yield from _attvalues(data, node_columns)
        yield from _spells(data.get("mentions_by_date"))
        yield from _viz(data)
        yield "      </node>"
    yield "    </nodes>"
    yield "    <edges>"
    for number, (u, v, data) in enumerate(edges):
        weight = finite_number(data.get("weight"))
        weight_attr = f' weight="{text(weight)}"' if weight is not None else ""
        yield f'      <edge id="e{number}" source="{node_ids[u]}" target="{node_ids[v]}"{weight_attr}>'
        yield from _attvalues(data, edge_columns)
        yield from _spells(data.get("weight_by_date"))
        yield "      </edge>"
    yield "    </edges>"
    yield "  </graph>"
    yield "</gexf>"


def _attribute_model(cls: str, types: dict, rows: list[dict]):
    if not types:
        return
    yield f'    <attributes class="{cls}">'
    for number, (name, kind) in enumerate(types.items()):
        gexf_type = _TYPES[kind]
        if kind is int and any(abs(cast(r.get(name), int) or 0) > _INT32 for r in rows):
            gexf_type = "long"
        # Numeric ids with a title: Gephi shows the title, graphology-gexf names the column by it.
        yield f'      <attribute id="{number}" title="{xml_attr(name)}" type="{gexf_type}"/>'
    yield "    </attributes>"


def _attvalues(data: dict, types: dict):
    values = []
    for number, (name, kind) in enumerate(types.items()):
        value = cast(data.get(name), kind)
        if value is not None:
            value = xml_attr(value) if kind is str else text(value)  # numbers and booleans need no escaping
            values.append(f'          <attvalue for="{number}" value="{value}"/>')
    if values:
        yield "        <attvalues>"
        yield from values
        yield "        </attvalues>"


def _spells(by_date):
    """One <spell> per run of consecutive days in a ``YYYY-MM-DD:count|...`` attribute."""
    days = sorted(parse_by_date(by_date))
    if not days:
        return
    runs: list[list[date]] = []
    for day in map(date.fromisoformat, days):
        if runs and day - runs[-1][1] <= timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    yield "        <spells>"
    for start, end in runs:
        yield f'          <spell start="{start.isoformat()}" end="{end.isoformat()}"/>'
    yield "        </spells>"


def _viz(data: dict):
    rgb = hex_rgb(data.get("color"))
    if rgb is not None:
        yield f'        <viz:color r="{rgb[0]}" g="{rgb[1]}" b="{rgb[2]}"/>'
    size = finite_number(data.get("size"))
    if size is not None:
        yield f'        <viz:size value="{text(size)}"/>'
    x, y = finite_number(data.get("x")), finite_number(data.get("y"))
    if x is not None and y is not None:
        yield f'        <viz:position x="{text(x)}" y="{text(y)}"/>'


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` as GEXF 1.3 with viz colour/size/position and, for dated articles, spells;
    atomically (the graph is not changed)."""
    path = Path(path)
    with atomic_open(path, "w") as fh:
        write_lines(fh, iter_gexf(graph))
    return path
