"""Node and edge tables (CSV) for pandas, R and spreadsheets.

``NAME.nodes.csv`` has one row per entity (``id`` first, then every node attribute);
``NAME.edges.csv`` one row per edge (``source``, ``target``, their labels, then weight, documents
and the evidence text with its line breaks). UTF-8 with a byte-order mark so Excel shows accents
and non-Latin names correctly (pandas and R strip the mark); ``\\n`` line ends; numbers written
plainly (floats in their shortest exact form), booleans as true/false, lists joined with ``|``.
A text cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return; article text is untrusted) gets a leading ``'``, which the spreadsheet shows as
text; strip it when reading the file with pandas or R if it matters.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from ..core.atomic import atomic_open
from .columns import (
    cast,
    edge_rows,
    edge_types,
    node_rows,
    node_types,
    plain,
    require_simple_graph,
    spreadsheet_safe,
    text,
)

ENCODING = "utf-8-sig"


def _write(path: Path, header: list[str], rows) -> Path:
    with atomic_open(path, "w", encoding=ENCODING) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        # csv quotes a cell holding "\n" (the line end) but not a lone "\r", which readers also take
        # for a line break: a row with one is written fully quoted
        quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for row in rows:
            (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
    return path


def write_nodes_csv(graph: nx.Graph, path: str | Path) -> Path:
    """One row per node: ``id`` then the node attributes (missing values are empty cells)."""
    require_simple_graph(graph, "CSV")
    nodes = node_rows(graph)
    types = node_types(graph)
    header = ["id", *types]
    rows = ([_text_cell(n), *(_cell(d.get(name), kind) for name, kind in types.items())] for n, d in nodes)
    return _write(Path(path), header, rows)


def write_edges_csv(graph: nx.Graph, path: str | Path) -> Path:
    """One row per edge: ``source``, ``target``, ``source_label``, ``target_label``, then the edge attributes."""
    require_simple_graph(graph, "CSV")
    edges = edge_rows(graph)
    types = edge_types(graph, leave_out=("source", "target", "source_label", "target_label"))
    header = ["source", "target", "source_label", "target_label", *types]

    def label(n):
        return _text_cell(graph.nodes[n].get("label", n))

    rows = (
        [_text_cell(u), _text_cell(v), label(u), label(v), *(_cell(d.get(name), kind) for name, kind in types.items())]
        for u, v, d in edges
    )
    return _write(Path(path), header, rows)


def _cell(value, kind: type) -> str:
    cell = cast(value, kind)
    if cell is None:
        return ""
    # text from the graph is guarded; a number in a text column (-3) is not a formula risk
    return spreadsheet_safe(cell) if isinstance(plain(value), str) else text(cell)


def _text_cell(value) -> str:
    """A node id or label cell: guarded when it is text (an int id stays a number)."""
    return spreadsheet_safe(value) if isinstance(value, str) else str(value)


def write_tables(graph: nx.Graph, out_dir: str | Path, name: str = "graph") -> list[Path]:
    """Write ``out_dir/NAME.nodes.csv`` and ``out_dir/NAME.edges.csv``; returns both paths."""
    out = Path(out_dir)
    return [write_nodes_csv(graph, out / f"{name}.nodes.csv"), write_edges_csv(graph, out / f"{name}.edges.csv")]
