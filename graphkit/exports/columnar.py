"""Whole columns cast and rendered at once, for the file writers (GraphML, GEXF, CSV, JSON).

Casting and rendering cell by cell (columns.cast, columns.text, columns.xml_text) took a few
Python calls per cell, two million on a 30k-edge graph, and most of the writers' time. Here a
column is cast once into a list in file order (the order of node_rows/edge_rows) and rendered once
per kind of text; a writer lays a file out as columns of ready pieces of text, which
:func:`write_rows` joins row by row. Inside columns.shared_rows() the cast and XML-escaped columns
are kept, so GraphML and GEXF escape the same values once.

Exactness: every function gives, for every cell, what the cell-by-cell helper named in its doc
gives. Values of the common exact types take a fast path with the same result; anything else goes
through that helper.
"""

from __future__ import annotations

import math
from itertools import chain, repeat
from typing import IO

import networkx as nx

from .columns import cast, finite_number, per_graph, raw_column, text, xml_attr_of_text, xml_text

#: rows joined into one write: enough to make the Python per write negligible, few enough to keep
#: the text of one write to a few MB
CHUNK_ROWS = 2048


def cast_column(graph: nx.Graph, scope: str, name: str, kind: type) -> list:
    """columns.cast(value, kind) of every value of ``name``."""

    def make():
        values = raw_column(graph, scope, name)
        kinds = set(map(type, values))
        # cast keeps a value of the column's type and None as they are (a float only when finite;
        # filter drops None and 0.0, which is finite)
        if kinds <= {kind, type(None)} and (kind is not float or all(map(math.isfinite, filter(None, values)))):
            return values
        if kind is float:  # cast's own fast path, inline
            return [v if type(v) is float and math.isfinite(v) else cast(v, float) for v in values]
        return [v if type(v) is kind else cast(v, kind) for v in values]

    return per_graph(("cast", scope, name, kind), graph, make)


def xml_column(graph: nx.Graph, scope: str, name: str, kind: type) -> list:
    """GraphML's element text of every value: xml_text of text, columns.text of numbers and
    booleans (which never need escaping), None where there is no value."""

    def make():
        if kind is not str:
            return text_column(graph, scope, name, kind)
        values = cast_column(graph, scope, name, kind)
        joined = "".join(filter(None, values))
        # printable text holds no character XML lacks (those are all unprintable): nothing to escape
        if joined.isprintable() and "&" not in joined and "<" not in joined and ">" not in joined:
            return values
        return [None if v is None else xml_text(v) for v in values]

    return per_graph(("xml", scope, name, kind), graph, make)


def xml_attr_column(graph: nx.Graph, scope: str, name: str, kind: type) -> list:
    """GEXF's attribute text of every value: xml_attr of text, columns.text of numbers and booleans."""
    values = xml_column(graph, scope, name, kind)
    if kind is not str:
        return values
    present = [v for v in values if v is not None]
    # One replace per character over the whole column rather than four per value: xml_text removed
    # every NUL (XML cannot hold it), so a NUL can mark where each value ends, and no replacement
    # makes or takes one.
    escaped = iter(xml_attr_of_text("\0".join(present)).split("\0"))
    return [None if v is None else next(escaped) for v in values] if len(present) < len(values) else list(escaped)


def text_column(graph: nx.Graph, scope: str, name: str, kind: type) -> list:
    """columns.text of every cast value (None stays None): the text of numbers and booleans in
    every format."""
    return per_graph(("text", scope, name, kind), graph, lambda: texts(cast_column(graph, scope, name, kind), kind))


#: columns.text of an int or a float (of exactly that type)
_TEXT_OF = {int: str, float: repr}


def texts(values: list, kind: type) -> list:
    """columns.text of every value (None stays None)."""
    kinds = set(map(type, values))
    render = _TEXT_OF.get(kind)
    if render is None or not kinds <= {kind, type(None)}:
        return [None if v is None else text(v) for v in values]
    if type(None) in kinds:
        return [None if v is None else render(v) for v in values]
    return list(map(render, values))


def number_text_column(graph: nx.Graph, scope: str, name: str) -> list:
    """columns.text(finite_number(value)) of every value, None where it is no finite number."""
    out = []
    for value in raw_column(graph, scope, name):
        kind = type(value)
        if kind is int:  # finite_number takes float(value): finite, or OverflowError in both
            out.append(repr(float(value)))
        elif kind is float:
            out.append(repr(value) if math.isfinite(value) else None)
        else:
            number = finite_number(value)
            out.append(None if number is None else text(number))
    return out


def largest_magnitude(values: list) -> int:
    """The largest abs() of the int values (0 when there are none; None is no value)."""
    return max(map(abs, filter(None, values)), default=0)


def pieces(values: list, before: str, after: str) -> list:
    """Columns for write_rows that give ``before + value + after`` in each row, "" where the value is
    None: the three as they are when every row has a value (no copy of the values)."""
    if None not in values:
        return [before, values, after]
    return [["" if v is None else before + v + after for v in values]]


def write_rows(fh: IO[str], columns: list, count: int) -> None:
    """Write ``count`` rows, each the pieces of every column in turn. A column is a list of pieces,
    one per row, or a str that every row has."""
    for start in range(0, count, CHUNK_ROWS):
        end = min(start + CHUNK_ROWS, count)
        parts = [repeat(c, end - start) if isinstance(c, str) else c[start:end] for c in columns]
        fh.write("".join(chain.from_iterable(zip(*parts))))
