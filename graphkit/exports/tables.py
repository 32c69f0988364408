"""Node and edge tables (CSV) for pandas, R and spreadsheets.

``NAME.nodes.csv`` has one row per entity (``id`` first, then every node attribute);
``NAME.edges.csv`` one row per edge (``source``, ``target``, their labels, then weight, documents
and the evidence text with its line breaks). UTF-8 with a byte-order mark so Excel shows accents
and non-Latin names correctly (pandas and R strip the mark); ``\\n`` line ends; numbers written
plainly (floats in their shortest exact form), booleans as true/false, lists joined with ``|``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from ..atomic import atomic_open
from .columns import EDGE_COLUMNS, NODE_COLUMNS, cast, column_types, edge_rows, node_rows, require_simple_graph, text

ENCODING = "utf-8-sig"


def _write(path: Path, header: list[str], rows) -> Path:
    with atomic_open(path, "w", encoding=ENCODING) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_nodes_csv(graph: nx.Graph, path: str | Path) -> Path:
    """One row per node: ``id`` then the node attributes (missing values are empty cells)."""
    require_simple_graph(graph, "CSV")
    nodes = node_rows(graph)
    types = column_types((d for _, d in nodes), NODE_COLUMNS)
    header = ["id", *types]
    rows = ([str(n), *(_cell(d.get(name), kind) for name, kind in types.items())] for n, d in nodes)
    return _write(Path(path), header, rows)


def write_edges_csv(graph: nx.Graph, path: str | Path) -> Path:
    """One row per edge: ``source``, ``target``, ``source_label``, ``target_label``, then the edge attributes."""
    require_simple_graph(graph, "CSV")
    edges = edge_rows(graph)
    types = column_types((d for *_, d in edges), EDGE_COLUMNS)
    types = {k: v for k, v in types.items() if k not in ("source", "target", "source_label", "target_label")}
    header = ["source", "target", "source_label", "target_label", *types]

    def label(n):
        return str(graph.nodes[n].get("label", n))

    rows = ([str(u), str(v), label(u), label(v), *(_cell(d.get(name), kind) for name, kind in types.items())]
            for u, v, d in edges)
    return _write(Path(path), header, rows)


def _cell(value, kind: type) -> str:
    value = cast(value, kind)
    return "" if value is None else text(value)


def write_tables(graph: nx.Graph, out_dir: str | Path, name: str = "graph") -> list[Path]:
    """Write ``out_dir/NAME.nodes.csv`` and ``out_dir/NAME.edges.csv``; returns both paths."""
    out = Path(out_dir)
    return [write_nodes_csv(graph, out / f"{name}.nodes.csv"), write_edges_csv(graph, out / f"{name}.edges.csv")]
