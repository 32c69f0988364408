"""graphkit's GraphML reader gives the graph networkx's own reader gives: the same attributes with the
same types, nodes, edges and neighbours in the same order; files it does not read itself go to networkx."""

from __future__ import annotations

import networkx as nx
import pytest

from graphkit.explore import graphml_reading
from graphkit.explore.graphml_reading import read_graphml
from graphkit.exports import write_graphml

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'


def same_as_networkx(path) -> nx.Graph:
    ours, theirs = read_graphml(path), nx.read_graphml(path)
    assert type(ours) is type(theirs)
    assert ours.graph == theirs.graph
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.edges(data=True)) == list(theirs.edges(data=True))
    assert all(list(ours.adj[n]) == list(theirs.adj[n]) for n in theirs)  # neighbours' order: walks, paths
    for graph in (ours, theirs):  # the types too (1 == 1.0 == True for ==)
        values = [v for _, d in graph.nodes(data=True) for v in d.values()]
        values += [v for *_, d in graph.edges(data=True) for v in d.values()]
        values += list(graph.graph.values())
        graph.graph["_types"] = [type(v).__name__ for v in values]
    assert ours.graph["_types"] == theirs.graph["_types"]
    return ours


def test_the_seeds_graph_reads_as_networkx_reads_it(seeds_graph, tmp_path):
    path = write_graphml(seeds_graph, tmp_path / "graph.graphml")
    ours = same_as_networkx(path)
    assert ours.number_of_edges() == seeds_graph.number_of_edges() > 50


def test_types_empty_values_defaults_loops_and_undeclared_nodes(tmp_path):
    path = tmp_path / "g.graphml"
    path.write_text(
        HEAD
        + """  <key id="d0" for="node" attr.name="score" attr.type="double"><default>0.5</default></key>
  <key id="d1" for="node" attr.name="seen" attr.type="boolean"/>
  <key id="d2" for="edge" attr.name="weight" attr.type="int"/>
  <key id="d3" for="edge" attr.name="note" attr.type="string"/>
  <key id="d4" for="graph" attr.name="title" attr.type="string"/>
  <key id="d5" for="node" attr.name="count" attr.type="long"/>
  <graph edgedefault="undirected">
    <data key="d4">a &amp; b</data>
    <node id="c"><data key="d0">1.5</data><data key="d1">True</data></node>
    <!-- a comment -->
    <node id="a"><data key="d1">false</data><data key="d5">12</data></node>
    <node id="b"/>
    <edge source="b" target="a"><data key="d2">3</data><data key="d3"></data></edge>
    <edge source="c" target="d"><data key="d3">to a node declared nowhere</data></edge>
    <edge source="a" target="a"><data key="d2">1</data></edge>
    <edge source="c" target="b"/>
  </graph>
</graphml>
""",
        encoding="utf-8",
    )
    graph = same_as_networkx(path)
    assert graph.graph["node_default"] == {"score": 0.5} and graph.graph["title"] == "a & b"
    assert graph.nodes["c"]["seen"] is True and graph.edges["a", "b"]["note"] == ""


def test_graph_data_before_between_and_after_the_nodes(tmp_path):
    """The reader streams: it drops each node and edge once read, and takes the graph's own data
    wherever it stands among them, in the file's order."""
    path = tmp_path / "g.graphml"
    path.write_text(
        HEAD
        + """  <key id="g0" for="graph" attr.name="first" attr.type="string"/>
  <key id="g1" for="graph" attr.name="middle" attr.type="int"/>
  <key id="g2" for="graph" attr.name="last" attr.type="string"/>
  <key id="n0" for="node" attr.name="label" attr.type="string"/>
  <graph edgedefault="undirected">
    <data key="g0">one</data>
    <node id="a"><data key="n0">A</data></node>
    <data key="g1">2</data>
    <node id="b"><data key="n0">B</data></node>
    <edge source="a" target="b"/>
    <data key="g2">three</data>
  </graph>
</graphml>
""",
        encoding="utf-8",
    )
    graph = same_as_networkx(path)
    late = tmp_path / "late_key.graphml"  # a key declared after the graph: networkx reads it too
    late.write_text(
        HEAD + '<graph edgedefault="undirected"><node id="a"><data key="k">x</data></node></graph>'
        '<key id="k" for="node" attr.name="label" attr.type="string"/></graphml>',
        encoding="utf-8",
    )
    assert same_as_networkx(late).nodes["a"] == {"label": "x"}
    assert [(k, graph.graph[k]) for k in ("first", "middle", "last")] == [
        ("first", "one"),
        ("middle", 2),
        ("last", "three"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        # a node declared twice: networkx merges its attributes
        '<graph edgedefault="undirected"><node id="a"><data key="s">A</data></node>'
        '<node id="a"><data key="i">2</data></node></graph>',
        # an edge attribute named like add_edge's own parameters
        '<key id="u" for="edge" attr.name="u_of_edge" attr.type="string"/><graph edgedefault="undirected">'
        '<edge source="a" target="b"><data key="u">x</data></edge></graph>',
    ],
    ids=["node twice", "u_of_edge"],
)
def test_odd_files_read_as_networkx_reads_them(tmp_path, body):
    keys = '<key id="s" for="node" attr.name="label" attr.type="string"/>'
    keys += '<key id="i" for="node" attr.name="num" attr.type="int"/>'
    path = tmp_path / "g.graphml"
    path.write_text(HEAD + keys + body + "</graphml>\n", encoding="utf-8")
    same_as_networkx(path)


def test_a_default_after_the_graph_read_in_part_when_the_graph_starts(tmp_path):
    """lxml reads ahead in chunks of about 32 KB: a key after the graph may be half parsed when the
    graph's start tag is read. Every padding around that boundary reads as networkx reads it."""
    path = tmp_path / "g.graphml"
    for padding in range(32300, 32700, 3):
        path.write_text(
            HEAD
            + "<!--"
            + "x" * padding
            + '--><graph edgedefault="undirected"><node id="a"/></graph><key id="k" for="node" '
            'attr.name="label" attr.type="int"><default>123456789</default></key></graphml>\n',
            encoding="utf-8",
        )
        assert same_as_networkx(path).graph["node_default"] == {"label": 123456789}


@pytest.mark.parametrize(
    "graph",
    [
        "directed",
        "parallel edges",
        "edge ids",
        "two graphs",
        "nested graph",
    ],
)
def test_files_it_does_not_read_itself_go_to_networkx(tmp_path, graph, monkeypatch):
    texts = {
        "directed": '<graph edgedefault="directed"><node id="a"/><node id="b"/><edge source="a" target="b"/></graph>',
        "parallel edges": '<graph edgedefault="undirected"><edge source="a" target="b"/><edge source="b" target="a"/>'
        "</graph>",
        "edge ids": '<graph edgedefault="undirected"><edge id="e7" source="a" target="b"/></graph>',
        "two graphs": '<graph edgedefault="undirected"><node id="a"/></graph><graph edgedefault="undirected">'
        '<node id="b"/></graph>',
        "nested graph": '<graph edgedefault="undirected"><node id="a" yfiles.foldertype="group">'
        '<graph edgedefault="undirected"><node id="a::b"/></graph></node></graph>',
    }
    path = tmp_path / "g.graphml"
    path.write_text(HEAD + texts[graph] + "</graphml>\n", encoding="utf-8")
    handed_over = []
    monkeypatch.setattr(
        graphml_reading.nx, "read_graphml", lambda p: handed_over.append(p) or nx.readwrite.read_graphml(p)
    )
    ours = read_graphml(path)
    assert handed_over == [path]
    theirs = nx.readwrite.read_graphml(path)
    assert type(ours) is type(theirs) and list(ours.edges(data=True)) == list(theirs.edges(data=True))


def test_broken_files_fail_as_networkx_fails(tmp_path):
    from xml.etree.ElementTree import ParseError

    bad = tmp_path / "bad.graphml"
    bad.write_text("<graphml><graph>", encoding="utf-8")
    with pytest.raises(ParseError):
        read_graphml(bad)
    late_error = tmp_path / "late_error.graphml"  # a bad value, then broken XML: networkx's ParseError
    late_error.write_text(
        HEAD + '<key id="i" for="node" attr.name="num" attr.type="int"/><graph edgedefault="undirected">'
        '<node id="a"><data key="i">x</data></node><node id="b"></graph></graphml>',
        encoding="utf-8",
    )
    with pytest.raises(ParseError):
        read_graphml(late_error)
    hyperedge = tmp_path / "hyperedge.graphml"
    hyperedge.write_text(
        HEAD + '<graph edgedefault="undirected"><node id="a"/><node id="b"/><hyperedge><endpoint node="a"/>'
        '<endpoint node="b"/></hyperedge><node id="c"/></graph></graphml>',
        encoding="utf-8",
    )
    with pytest.raises(nx.NetworkXError, match="hyperedges"):
        read_graphml(hyperedge)
    no_key = tmp_path / "no_key.graphml"
    no_key.write_text(HEAD + '<graph><node id="a"><data key="x">1</data></node></graph></graphml>', encoding="utf-8")
    with pytest.raises(nx.NetworkXError, match="no key x"):
        read_graphml(no_key)
