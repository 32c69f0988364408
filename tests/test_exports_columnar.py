"""The column-by-column writers give exactly what the cell-by-cell rules give.

exports.tables quotes CSV cells itself (csv.writer is held to the same bytes here), exports.nodelink
encodes JSON values itself (json.dumps is held to the same bytes), columns.column_types types a
column from its whole list of values.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math

import networkx as nx
import numpy as np
import pytest

from graphkit.exports import write_node_link, write_tables
from graphkit.exports.columnar import xml_attr_column, xml_column
from graphkit.exports.columns import NODES, column_types, node_rows, node_types, shared_rows, xml_attr, xml_text
from graphkit.exports.mentions import write_mentions
from graphkit.exports.nodelink import node_link_data
from graphkit.exports.tables import _cell, _csv_text, _text_cell, _write, _write_columns
from graphkit.graph.mentions import MentionRow


class Name(str):
    """A str subclass, as a user's own graph may hold."""


def test_csv_text_quotes_what_csv_quotes():
    cells = ["plain", "a,b", 'say "hi"', "two\nlines", "", " spaced ", "tab\there", "é,ü", '"']
    assert _csv_text(cells) == [
        "plain",
        '"a,b"',
        '"say ""hi"""',
        '"two\nlines"',
        "",
        " spaced ",
        "tab\there",
        '"é,ü"',
        '""""',
    ]
    assert _csv_text(["a", "b"]) == ["a", "b"]


@pytest.mark.parametrize("width", [2, 3])
def test_csv_text_rows_are_csv_writer_rows(width):
    alphabet = ["", "a", ",", '"', "\n", " ", "\t", "'", "=", ";"]
    cells = ["".join(p) for n in range(3) for p in itertools.product(alphabet, repeat=n)]
    rows = [list(cells[i : i + width]) for i in range(0, len(cells) - width, width)]
    columns = [list(column) for column in zip(*rows)]
    ours = "".join(",".join(row) + "\n" for row in zip(*(_csv_text(c) for c in columns)))
    theirs = io.StringIO()
    csv.writer(theirs, lineterminator="\n").writerows(rows)
    assert ours == theirs.getvalue()


@pytest.mark.parametrize(
    "columns",
    [
        [["a", "b\rc", "d"], ["1", "2", "3"]],  # a lone "\r": that row fully quoted
        [["", "x"]],  # one column: a row of one empty cell is quoted
        [["a,b", 'q"'], ["\n", "-1"]],
    ],
)
def test_write_columns_writes_what_write_writes(tmp_path, columns):
    header = [f"c{i}" for i in range(len(columns))]
    _write(tmp_path / "rows.csv", header, zip(*columns))
    _write_columns(tmp_path / "columns.csv", header, columns)
    assert (tmp_path / "columns.csv").read_bytes() == (tmp_path / "rows.csv").read_bytes()


def hostile_graph() -> nx.Graph:
    graph = nx.Graph(window="sentence", nan=math.nan, tags=["b", "a"], flag=True)
    graph.add_node("n1", label='Quote "and" <tag> & ü', mentions=np.int64(3), score=0.1, odd=Name("sub"))
    graph.add_node("n2", label="=cmd()\ttab", mentions=2, score=math.nan, flag=True, listed=["x", "y"])
    graph.add_node("n3", label=Name("-3"), mentions=10**12, score=2, flag=False, big=np.float32(1.5))
    graph.add_node(7, label=5, mixed=1)
    graph.nodes["n1"]["mixed"] = "text"
    graph.add_edge("n1", "n2", weight=2, source="kept out", evidence="line\nbreak,\u2028 \x01", npmi=np.float64(0.25))
    graph.add_edge("n2", "n3", weight=1.5, target=3, evidence=None, npmi=math.inf, when={"b": 1, "a": 2})
    graph.add_edge("n3", 7, weight=np.int32(4), evidence="", npmi=-0.0)
    return graph


@pytest.mark.parametrize("shared", [False, True])
def test_node_link_json_is_json_dumps(tmp_path, shared):
    graph = hostile_graph()
    expected = json.dumps(node_link_data(graph), ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    if shared:
        with shared_rows():
            write_node_link(graph, tmp_path / "g.json")
    else:
        write_node_link(graph, tmp_path / "g.json")
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == expected


def test_node_link_json_of_an_empty_graph(tmp_path):
    write_node_link(nx.Graph(), tmp_path / "g.json")
    expected = json.dumps(node_link_data(nx.Graph()), ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == expected


def test_tables_of_the_hostile_graph_read_back(tmp_path):
    write_tables(hostile_graph(), tmp_path, "g")
    with open(tmp_path / "g.nodes.csv", encoding="utf-8-sig", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    assert [row["id"] for row in nodes] == ["7", "n1", "n2", "n3"]
    assert nodes[2]["label"] == "'=cmd()\ttab"
    assert nodes[3]["label"] == "'-3"
    assert nodes[0]["label"] == "5"  # a number in a text column is not guarded
    assert nodes[2]["listed"] == "x|y"
    assert nodes[3]["mentions"] == str(10**12)
    with open(tmp_path / "g.edges.csv", encoding="utf-8-sig", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert [(row["source"], row["target"]) for row in edges] == [("7", "n3"), ("n1", "n2"), ("n2", "n3")]
    assert edges[1]["evidence"] == "line\nbreak,\u2028 \x01"
    assert "source" not in list(edges[1])[4:]  # the edge's own "source" left out


def test_tables_are_the_cell_by_cell_tables(tmp_path):
    graph = hostile_graph()
    write_tables(graph, tmp_path, "g")
    types = node_types(graph)
    rows = ([_text_cell(n), *(_cell(d.get(name), kind) for name, kind in types.items())] for n, d in node_rows(graph))
    _write(tmp_path / "expected.csv", ["id", *types], rows)
    assert (tmp_path / "g.nodes.csv").read_bytes() == (tmp_path / "expected.csv").read_bytes()


def test_column_types_by_hand():
    rows = [
        {"i": 1, "f": 1, "b": True, "s": "x", "nan": math.nan, "np": np.int64(2), "mix": True},
        {"i": None, "f": 2.5, "b": False, "s": 3, "nan": math.inf, "np": np.float64(0.5), "mix": 1},
        {"l": ["a"], "none": None},
    ]
    assert column_types(rows, preferred=("s", "i")) == {
        "s": str,
        "i": int,
        "b": bool,
        "f": float,
        "l": str,
        "mix": str,
        "np": float,
    }


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("plain text", "plain text"),
        ("tab\tnew\nline\rcr", "tab\tnew\nline\rcr"),
        ("é <b> & ü", "é &lt;b&gt; &amp; ü"),
        ("bell\x07 nul\x00 esc\x1b", "bell nul esc"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("non\ufffe\uffffchars", "nonchars"),
        ("del\x7f nel\x85 ls\u2028", "del\x7f nel\x85 ls\u2028"),  # unprintable, yet XML holds them
    ],
)
def test_xml_text_by_hand(value, escaped):
    assert xml_text(value) == escaped


def test_xml_columns_are_the_cell_by_cell_text():
    graph = nx.Graph()
    texts = ['say "hi"\tnow', "nul\x00 and\nnewline\r", None, "<&>", "", "plain", "\ud800\x01"]
    for number, value in enumerate(texts):
        graph.add_node(f"n{number}", **({} if value is None else {"note": value}))
    with shared_rows():
        assert xml_column(graph, NODES, "note", str) == [None if v is None else xml_text(v) for v in texts]
        assert xml_attr_column(graph, NODES, "note", str) == [None if v is None else xml_attr(v) for v in texts]


def test_mentions_file_by_hand(tmp_path):
    graph = nx.Graph()
    graph.add_node("person-ann", label="=Ann", type="PERSON")
    rows = [
        MentionRow("-d1", 0, 3, "Ann", "person-ann", 'Ann said "hi", then left.'),
        MentionRow("d2", 5, 9, "A\r\nB", "gone", "A B"),  # a lone "\r" quotes the whole row
    ]
    path = write_mentions(graph, rows, tmp_path / "m.csv")
    assert path.read_bytes().decode("utf-8-sig") == (
        "doc_id,start,end,text,entity,label,type,sentence\n"
        '\'-d1,0,3,Ann,person-ann,\'=Ann,PERSON,"Ann said ""hi"", then left."\n'
        '"d2","5","9","A\r\nB","gone","","","A B"\n'
    )
