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
import io
from pathlib import Path

import networkx as nx

from ..core.atomic import atomic_open
from .columnar import CHUNK_ROWS, cast_column
from .columns import (
    EDGES,
    NODES,
    cast,
    edge_rows,
    edge_types,
    node_rows,
    node_types,
    plain,
    raw_column,
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


def _write_columns(path: Path, header: list[str], columns: list[list[str]]) -> Path:
    """_write of the rows made of ``columns`` (lists of cells), a chunk of rows per file write."""
    # rows holding a "\r" (only text columns can), found per column: most columns have none
    with_cr = set()
    for column in columns:
        if "\r" in "".join(column):
            with_cr.update(i for i, cell in enumerate(column) if "\r" in cell)
    count = len(columns[0])
    with atomic_open(path, "w", encoding=ENCODING) as fh:
        buffer = io.StringIO()  # csv writes a row at a time: collected here, written a chunk at a time
        writer = csv.writer(buffer, lineterminator="\n")
        quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for start in range(0, count, CHUNK_ROWS):
            rows = zip(*(column[start : start + CHUNK_ROWS] for column in columns))
            if with_cr:
                for number, row in enumerate(rows, start):
                    (quoted if number in with_cr else writer).writerow(row)
            else:
                writer.writerows(rows)
            fh.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    return path


def _cells(graph: nx.Graph, scope: str, name: str, kind: type) -> list[str]:
    """_cell of every value of the column."""
    cast = cast_column(graph, scope, name, kind)
    if kind is not str:  # column_types gives a number column only when no value is text
        return ["" if v is None else text(v) for v in cast]
    # a str value is its own cast: guarded; anything else as _cell does it
    raw = raw_column(graph, scope, name)
    return [spreadsheet_safe(r) if type(r) is str else _cell(r, kind) for r in raw]


def write_nodes_csv(graph: nx.Graph, path: str | Path) -> Path:
    """One row per node: ``id`` then the node attributes (missing values are empty cells)."""
    require_simple_graph(graph, "CSV")
    nodes = node_rows(graph)
    types = node_types(graph)
    header = ["id", *types]
    ids = [_text_cell(n) for n, _ in nodes]
    return _write_columns(
        Path(path), header, [ids, *(_cells(graph, NODES, name, kind) for name, kind in types.items())]
    )


def write_edges_csv(graph: nx.Graph, path: str | Path) -> Path:
    """One row per edge: ``source``, ``target``, ``source_label``, ``target_label``, then the edge attributes."""
    require_simple_graph(graph, "CSV")
    edges = edge_rows(graph)
    types = edge_types(graph, leave_out=("source", "target", "source_label", "target_label"))
    header = ["source", "target", "source_label", "target_label", *types]
    nodes = graph.nodes
    ends = {n: (_text_cell(n), _text_cell(nodes[n].get("label", n))) for n in nodes}  # once per node, not per edge end
    sources = [ends[u] for u, _, _ in edges]
    targets = [ends[v] for _, v, _ in edges]
    columns = [
        [c for c, _ in sources],
        [c for c, _ in targets],
        [label for _, label in sources],
        [label for _, label in targets],
    ]
    columns += [_cells(graph, EDGES, name, kind) for name, kind in types.items()]
    return _write_columns(Path(path), header, columns)


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
