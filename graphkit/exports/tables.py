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
from itertools import repeat
from pathlib import Path

import networkx as nx

from ..core.atomic import atomic_open
from .columnar import text_column, write_rows
from .columns import (
    EDGES,
    FORMULA_START,
    NODES,
    cast,
    edge_rows,
    edge_types,
    node_rows,
    node_types,
    plain,
    raw_column,
    require_simple_graph,
    shared_rows,
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
    """_write of the rows made of ``columns`` (lists of cells), the same bytes without a csv call
    per row: each column is quoted as csv quotes it (_csv_text) and the rows are joined from them."""
    if len(columns) < 2 or any("\r" in "".join(column) for column in columns):
        # a "\r" row is quoted whole, a row of one empty cell gets quotes: those few tables go to csv
        return _write(path, header, zip(*columns))
    layout: list = []
    for column in columns:
        layout += [_csv_text(column), ","]
    layout[-1] = "\n"
    with atomic_open(path, "w", encoding=ENCODING) as fh:
        csv.writer(fh, lineterminator="\n").writerow(header)
        write_rows(fh, layout, len(columns[0]))
    return path


def _csv_text(cells: list[str]) -> list[str]:
    """Each cell as csv.writer writes it here (excel dialect, minimal quoting, "\\n" line ends): in
    double quotes, with its double quotes doubled, when it holds a comma, a double quote or a
    "\\n"; else as it is (tests/test_exports_csv_text.py holds csv to that)."""
    joined = "".join(cells)
    if "," not in joined and '"' not in joined and "\n" not in joined:
        return cells
    return ['"' + c.replace('"', '""') + '"' if "," in c or '"' in c or "\n" in c else c for c in cells]


def _cells(graph: nx.Graph, scope: str, name: str, kind: type) -> list[str]:
    """_cell of every value of the column."""
    if kind is not str:  # column_types gives a number column only when no value is text
        cells = text_column(graph, scope, name, kind)
        return ["" if v is None else v for v in cells] if None in cells else cells
    raw = raw_column(graph, scope, name)
    kinds = set(map(type, raw))
    if kinds == {str}:  # every value its own cast: guarded
        return _safe_texts(raw)
    if kinds == {str, type(None)}:
        return _safe_texts(["" if r is None else r for r in raw])  # "" is safe as it is
    return [_cell(r, kind) for r in raw]


def _safe_texts(cells: list[str]) -> list[str]:
    """spreadsheet_safe of every cell (all str), with str.startswith called by map (no Python call per cell)."""
    formulas = list(map(str.startswith, cells, repeat(FORMULA_START)))
    if not any(formulas):
        return cells
    return ["'" + cell if formula else cell for cell, formula in zip(cells, formulas)]


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
    with shared_rows():  # the rows and column types once for both files
        return [write_nodes_csv(graph, out / f"{name}.nodes.csv"), write_edges_csv(graph, out / f"{name}.edges.csv")]
