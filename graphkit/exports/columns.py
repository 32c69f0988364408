"""Attribute columns shared by the file writers: stable order, one plain type per column, safe XML.

Every writer goes through these helpers so GraphML, GEXF, CSV and JSON agree on what a column
holds, and the same graph always gives byte-identical files (sorted nodes and edges, fixed
column order, no timestamps).
"""

from __future__ import annotations

import functools
import json
import math
import operator
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import repeat

import networkx as nx

from ..core.spreadsheet import FORMULA_START, spreadsheet_safe  # noqa: F401 - shared with the exporters

#: Column order of the files: the contract first, then analytics; anything else follows by name.
NODE_COLUMNS = (
    "label",
    "type",
    "mentions",
    "documents",
    "aliases",
    "doc_ids",
    "windows",
    "degree",
    "weighted_degree",
    "pagerank",
    "betweenness",
    "community",
    "x",
    "y",
    "size",
    "color",
)
EDGE_COLUMNS = ("weight", "documents", "npmi", "disparity", "evidence")

# XML 1.0 (fifth edition) NameChar, i.e. what an NMTOKEN may hold.
_NAME_START = (
    ":A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_CHAR = _NAME_START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_NMTOKEN = re.compile(f"[{_NAME_CHAR}]+")
_NOT_NAME_CHAR = re.compile(f"[^{_NAME_CHAR}]+")
# Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def plain(value):
    """A str/int/float/bool for ``value``, or None when there is nothing to write (None, NaN, inf).

    Lists, tuples and sets become ``|``-joined text (sets sorted); dicts become sorted JSON;
    numpy scalars become Python numbers.
    """
    kind = type(value)  # fast path: nearly every value is one of these (millions per export)
    if kind is str or kind is int or kind is bool:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalar
        try:
            value = value.item()
        except (TypeError, ValueError):
            pass
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return value
    if isinstance(value, (set, frozenset)):
        return "|".join(sorted(str(v) for v in value))
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def finite_number(value, default=None):
    """``value`` as a finite float, or ``default`` when it is not a number.

    Numbers, numpy numbers and numeric text count ("3.5" from a user's GraphML); None, NaN,
    infinities, booleans and any other text do not.
    """
    value = plain(value)
    if value is None or isinstance(value, bool):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


@functools.lru_cache(maxsize=4096, typed=True)  # the same few names on every node and edge
def column_name(name) -> str:
    """An attribute name every reader accepts: an NMTOKEN, and never ``id`` (igraph and Gephi use it)."""
    text = _NOT_NAME_CHAR.sub("_", str(name)) or "_"
    return "id_attr" if text.lower() == "id" else text


def column_types(rows: Iterable[dict], preferred: Iterable[str] = ()) -> dict[str, type]:
    """{column: str|int|float|bool} over all rows, in ``preferred`` order then by name.

    A column holding both ints and floats is float; bools mixed with anything else, or any text, is str.
    """
    rows = list(rows)
    names = set().union(*rows)
    return _typed({name: _kinds([row.get(name) for row in rows]) for name in names}, preferred)


def _kinds(values: list) -> set[type]:
    """The types of plain(value) over ``values``, None, NaN and infinities left out."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if float in kinds and not any(type(v) is float and math.isfinite(v) for v in values):
        kinds.discard(float)  # only NaN and infinities, which plain() makes None
    odd = kinds - {str, int, bool, float}  # numpy numbers, lists...: as plain() makes them
    if odd:
        kinds -= odd
        kinds.update(type(p) for p in (plain(v) for v in values if type(v) in odd) if p is not None)
    return kinds


def _typed(kinds_by_name: dict[str, set[type]], preferred: Iterable[str]) -> dict[str, type]:
    types = {}
    for name, kinds in kinds_by_name.items():
        if not kinds:
            continue
        if kinds == {bool}:
            types[name] = bool
        elif kinds <= {int}:
            types[name] = int
        elif kinds <= {int, float}:
            types[name] = float
        else:
            types[name] = str
    order = {name: i for i, name in enumerate(preferred)}
    return {name: types[name] for name in sorted(types, key=lambda n: (order.get(n, len(order)), n))}


def cast(value, kind: type):
    """``value`` as a value of the column type ``kind`` (None stays None)."""
    if type(value) is kind:  # fast path: the value already has the column's type
        return value if kind is not float or math.isfinite(value) else None
    value = plain(value)
    if value is None:
        return None
    if kind is str:
        return value if isinstance(value, str) else text(value)
    if kind is float:
        return float(value)
    return value


def text(value) -> str:
    """The file text of a plain value: true/false for bools, shortest round-trip repr for floats."""
    kind = type(value)
    if kind is str:
        return value
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def hex_rgb(color) -> tuple[int, int, int] | None:
    """(r, g, b) of a ``#rrggbb`` colour, or None for anything else."""
    value = str(color or "")
    if len(value) == 7 and value.startswith("#"):
        try:
            return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)
        except ValueError:
            return None
    return None


def xml_text(value: str) -> str:
    """``value`` escaped for XML element text, with characters XML cannot hold removed."""
    # Every character XML cannot hold is unprintable, so printable text (tabs and line breaks aside,
    # which XML holds) has none: skip the regex
    if not value.isprintable() and not value.replace("\t", " ").replace("\n", " ").replace("\r", " ").isprintable():
        value = _NOT_XML_CHAR.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute; newlines and tabs survive as references."""
    return xml_attr_of_text(xml_text(value))


def xml_attr_of_text(escaped: str) -> str:
    """xml_attr of a value, from its xml_text (GEXF reuses the element text GraphML escaped)."""
    return escaped.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def xml_ids(nodes: Iterable) -> dict:
    """{node: id} where every id is a valid NMTOKEN; ids that already are stay unchanged."""
    out: dict = {}
    used: set[str] = set()
    pending = []
    for node in nodes:
        name = str(node)
        if _NMTOKEN.fullmatch(name) and name not in used:
            out[node] = name
            used.add(name)
        else:
            pending.append(node)
    for node in pending:  # after the valid ones, so a repaired id never steals a valid one
        base = _NOT_NAME_CHAR.sub("_", str(node)) or "_"
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        out[node] = name
        used.add(name)
    return out


def sorted_nodes(graph: nx.Graph) -> list:
    return sorted(graph.nodes, key=str)


def sorted_edges(graph: nx.Graph) -> list[tuple]:
    """(u, v, data) with u <= v (as text), ordered by (u, v): the same for any insertion order."""
    name = {n: str(n) for n in graph}  # each node's text once, not once per edge end
    directed = graph.is_directed()
    edges = []
    for u, v, data in graph.edges(data=True):
        su, sv = name[u], name[v]
        if not directed and sv < su:
            u, v, su, sv = v, u, sv, su
        edges.append((su, sv, u, v, data))
    edges.sort(key=operator.itemgetter(0, 1))
    return [(u, v, data) for _, _, u, v, data in edges]


def _safe_names(rows) -> bool:
    """True when every attribute name already is its column name (the usual case: no copies needed)."""
    names = set()
    for data in rows:
        names.update(data)
    return all(type(name) is str and column_name(name) == name for name in names)


#: rows and column types already worked out inside shared_rows(): (what, id(graph)) -> (graph, value)
_shared: ContextVar[dict | None] = ContextVar("graphkit_shared_rows", default=None)


@contextmanager
def shared_rows() -> Iterator[None]:
    """Inside the block every writer reuses one sorted copy of a graph's rows and column types.

    Sorting 40k edges and typing every column takes a few tenths of a second per writer; writing
    five formats of one graph (pipeline.write_outputs) does it once. The graph must not change
    inside the block.
    """
    if _shared.get() is not None:
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def per_graph(what, graph: nx.Graph, make):
    """``make()``, made once per graph inside shared_rows() (``what`` names it), every time outside."""
    memo = _shared.get()
    if memo is None:
        return make()
    found = memo.get((what, id(graph)))
    if found is not None and found[0] is graph:
        return found[1]
    value = make()
    memo[what, id(graph)] = (graph, value)  # the graph is held, so its id is not reused meanwhile
    return value


def node_rows(graph: nx.Graph) -> list[tuple]:
    """[(node, {column: value})] in file order, columns renamed to safe names (read-only rows)."""
    return per_graph("nodes", graph, lambda: _node_rows(graph))


def edge_rows(graph: nx.Graph) -> list[tuple]:
    """[(u, v, {column: value})] in file order, columns renamed to safe names (read-only rows)."""
    return per_graph("edges", graph, lambda: _edge_rows(graph))


NODES = "nodes"
EDGES = "edges"


def row_data(graph: nx.Graph, scope: str) -> list[dict]:
    """The attribute dicts of the node (``NODES``) or edge (``EDGES``) rows, in file order."""
    rows = node_rows if scope == NODES else edge_rows
    return per_graph(("data", scope), graph, lambda: [row[-1] for row in rows(graph)])


def raw_column(graph: nx.Graph, scope: str, name: str) -> list:
    """The values of attribute ``name`` of the rows, as stored; None where a row has none."""

    def make():
        rows = row_data(graph, scope)
        if per_graph(("dicts", scope), graph, lambda: set(map(type, rows)) == {dict}):
            # networkx's own attribute dicts: dict.get called by map
            return list(map(dict.get, rows, repeat(name)))
        return [data.get(name) for data in rows]

    return per_graph(("raw", scope, name), graph, make)


def node_types(graph: nx.Graph, leave_out: Iterable[str] = ()) -> dict[str, type]:
    """column_types of the node rows, in file order, without the columns in ``leave_out``."""
    return _without(per_graph("node types", graph, lambda: _types(graph, NODES, NODE_COLUMNS)), leave_out)


def edge_types(graph: nx.Graph, leave_out: Iterable[str] = ()) -> dict[str, type]:
    """column_types of the edge rows, in file order, without the columns in ``leave_out``."""
    return _without(per_graph("edge types", graph, lambda: _types(graph, EDGES, EDGE_COLUMNS)), leave_out)


def _types(graph: nx.Graph, scope: str, preferred: tuple[str, ...]) -> dict[str, type]:
    # column by column, from the columns the writers read anyway
    names = set().union(*row_data(graph, scope))
    return _typed({name: _kinds(raw_column(graph, scope, name)) for name in names}, preferred)


def _without(types: dict[str, type], leave_out: Iterable[str]) -> dict[str, type]:
    # a column's type depends on that column alone, so leaving columns out changes no other type
    leave_out = set(leave_out)
    return {k: v for k, v in types.items() if k not in leave_out} if leave_out else dict(types)


def _node_rows(graph: nx.Graph) -> list[tuple]:
    nodes = sorted_nodes(graph)
    attrs = graph.nodes
    if _safe_names(attrs[n] for n in nodes):
        return [(n, attrs[n]) for n in nodes]
    return [(n, {column_name(k): v for k, v in attrs[n].items()}) for n in nodes]


def _edge_rows(graph: nx.Graph) -> list[tuple]:
    edges = sorted_edges(graph)
    if _safe_names(d for *_, d in edges):
        return edges
    return [(u, v, {column_name(k): val for k, val in d.items()}) for u, v, d in edges]


def require_simple_graph(graph: nx.Graph, fmt: str) -> None:
    """The writers take one aggregated, undirected edge per pair (what comention_graph builds)."""
    if graph.is_multigraph() or graph.is_directed():
        raise TypeError(f"{fmt} export expects an undirected nx.Graph (one edge per pair), not {type(graph).__name__}")
