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
from typing import IO

import networkx as nx

from ..core.atomic import atomic_open, write_lines
from ..graph.dated import parse_by_date
from .columnar import (
    cast_column,
    largest_magnitude,
    number_text_column,
    pieces,
    write_rows,
    xml_attr_column,
)
from .columns import (
    EDGES,
    NODES,
    edge_rows,
    edge_types,
    hex_rgb,
    node_rows,
    node_types,
    raw_column,
    require_simple_graph,
    shared_rows,
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


def _head(graph: nx.Graph, dynamic: bool, node_columns: dict, edge_columns: dict):
    """The lines before the first node: declaration, meta, attribute model."""
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" version="1.3">'
    yield "  <meta>"
    yield "    <creator>graphkit</creator>"
    yield f"    <description>{xml_attr(summary(graph))}</description>"
    yield "  </meta>"
    time = ' mode="dynamic" timeformat="date"' if dynamic else ' mode="static"'
    yield f'  <graph{time} defaultedgetype="undirected">'
    yield from _attribute_model(graph, NODES, node_columns)
    yield from _attribute_model(graph, EDGES, edge_columns)


def write_gexf_to(fh: IO[str], graph: nx.Graph) -> None:
    """Write the GEXF document of ``graph`` to the text file ``fh``."""
    require_simple_graph(graph, "GEXF")
    nodes = node_rows(graph)
    edges = edge_rows(graph)
    node_columns = node_types(graph, leave_out=_NODE_BUILTIN)
    edge_columns = edge_types(graph, leave_out=_EDGE_BUILTIN)
    node_ids = {n: xml_attr(str(n)) for n, _ in nodes}  # escaped once, used by every edge
    dynamic = any(raw_column(graph, NODES, "mentions_by_date"))
    write_lines(fh, _head(graph, dynamic, node_columns, edge_columns))

    labels = xml_attr_column(graph, NODES, "label", str)
    opening = [
        f'      <node id="{node_ids[node]}" label="{label}">\n'
        if label is not None
        else f'      <node id="{node_ids[node]}">\n'
        for (node, _), label in zip(nodes, labels)
    ]
    viz = _viz_column(graph)
    columns = [opening, *_attvalues(graph, NODES, node_columns), _spell_column(graph, NODES, "mentions_by_date"), *viz]
    fh.write("    <nodes>\n")
    write_rows(fh, [*columns, "      </node>\n"], len(nodes))
    fh.write("    </nodes>\n    <edges>\n")

    weights = number_text_column(graph, EDGES, "weight")
    opening = [
        f'      <edge id="e{number}" source="{node_ids[u]}" target="{node_ids[v]}" weight="{weight}">\n'
        if weight is not None
        else f'      <edge id="e{number}" source="{node_ids[u]}" target="{node_ids[v]}">\n'
        for number, ((u, v, _), weight) in enumerate(zip(edges, weights))
    ]
    columns = [opening, *_attvalues(graph, EDGES, edge_columns), _spell_column(graph, EDGES, "weight_by_date")]
    write_rows(fh, [*columns, "      </edge>\n"], len(edges))
    fh.write("    </edges>\n  </graph>\n</gexf>\n")


def _attribute_model(graph: nx.Graph, scope: str, types: dict):
    if not types:
        return
    yield f'    <attributes class="{"node" if scope == NODES else "edge"}">'
    for number, (name, kind) in enumerate(types.items()):
        gexf_type = _TYPES[kind]
        if kind is int and largest_magnitude(cast_column(graph, scope, name, int)) > _INT32:
            gexf_type = "long"
        # Numeric ids with a title: Gephi shows the title, graphology-gexf names the column by it.
        yield f'      <attribute id="{number}" title="{xml_attr(name)}" type="{gexf_type}"/>'
    yield "    </attributes>"


def _attvalues(graph: nx.Graph, scope: str, types: dict) -> list:
    """Columns of each row's ``<attvalues>`` block: its opening line, one ``<attvalue>`` line per
    attribute (none where the row has no value), its closing line; no block where a row has none."""
    values = [xml_attr_column(graph, scope, name, kind) for name, kind in types.items()]
    if not values:
        return []
    lines = []
    for number, column in enumerate(values):
        lines += pieces(column, f'          <attvalue for="{number}" value="', '"/>\n')
    opening, closing = "        <attvalues>\n", "        </attvalues>\n"
    if all(None in column for column in values):  # else every row has that column's line
        has_block = [any(v is not None for v in row) for row in zip(*values)]
        opening = [opening if present else "" for present in has_block]
        closing = [closing if present else "" for present in has_block]
    return [opening, *lines, closing]


def _spell_column(graph: nx.Graph, scope: str, name: str) -> list[str]:
    """Each row's ``<spells>`` block ("" when it has none)."""
    known: dict[str, str] = {}  # many rows share one by-date text (one day, one article): worked out once
    out = []
    for value in raw_column(graph, scope, name):
        if type(value) is str:
            block = known.get(value)
            if block is None:
                block = known[value] = _spells(value)
        else:
            block = _spells(value)
        out.append(block)
    return out


def _spells(by_date) -> str:
    """A <spells> block, one <spell> per run of consecutive days in a ``YYYY-MM-DD:count|...`` attribute."""
    days = sorted(parse_by_date(by_date))
    if not days:
        return ""
    runs: list[list[date]] = []
    for day in map(date.fromisoformat, days):
        if runs and day - runs[-1][1] <= timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    lines = [f'          <spell start="{start.isoformat()}" end="{end.isoformat()}"/>\n' for start, end in runs]
    return "        <spells>\n" + "".join(lines) + "        </spells>\n"


def _viz_column(graph: nx.Graph) -> list[str]:
    """Each node's viz:color, viz:size and viz:position lines (those it has values for)."""
    colors: dict = {}  # a few colours for thousands of nodes: each worked out once
    color_lines = []
    for value in raw_column(graph, NODES, "color"):
        key = value if type(value) is str else None  # other values (rare) not kept: may not be hashable
        line = colors.get(key) if key is not None else None
        if line is None:
            rgb = hex_rgb(value)
            line = "" if rgb is None else f'        <viz:color r="{rgb[0]}" g="{rgb[1]}" b="{rgb[2]}"/>\n'
            if key is not None:
                colors[key] = line
        color_lines.append(line)
    sizes = pieces(number_text_column(graph, NODES, "size"), '        <viz:size value="', '"/>\n')
    xs, ys = number_text_column(graph, NODES, "x"), number_text_column(graph, NODES, "y")
    positions = ["" if x is None or y is None else f'        <viz:position x="{x}" y="{y}"/>\n' for x, y in zip(xs, ys)]
    return [color_lines, *sizes, positions]


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` as GEXF 1.3 with viz colour/size/position and, for dated articles, spells;
    atomically (the graph is not changed)."""
    path = Path(path)
    with shared_rows(), atomic_open(path, "w") as fh:  # each column worked out once, even alone
        write_gexf_to(fh, graph)
    return path
