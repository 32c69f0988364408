"""The file exports read back by real parsers: lxml + the GraphML XSD, igraph, networkx, pandas.

Gephi Lite's own parsers (graphology in Node) are exercised in test_exports_graphology.py.
"""

from __future__ import annotations

import json
import math
import random
import re
from pathlib import Path

import networkx as nx
import pytest
from conftest import graph_snapshot, node_by_label
from lxml import etree

from graphkit.exports import write_gexf, write_graphml, write_node_link, write_tables
from graphkit.graph.analytics import (
    ANALYTICS_ATTRIBUTES,
    BETWEENNESS_SAMPLES,
    LAYOUT_SEED,
    TYPE_COLORS,
    annotate,
    betweenness,
    canonical_copy,
    communities,
)
from graphkit.pipeline import DEFAULT_FORMATS, write_outputs

SCHEMA = Path(__file__).resolve().parent / "schema" / "graphml" / "graphml.xsd"
NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
HEX = re.compile(r"^#[0-9a-f]{6}$")
NUMERIC_NODE_COLUMNS = {
    "mentions": "int",
    "documents": "int",
    "windows": "int",
    "degree": "int",
    "weighted_degree": "int",
    "community": "int",
    "pagerank": "double",
    "betweenness": "double",
    "x": "double",
    "y": "double",
    "size": "double",
}


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="module")
def files(seeds_graph, tmp_path_factory):
    """Every format of the seeds graph, written once through the pipeline."""
    out = tmp_path_factory.mktemp("exports")
    # the graph formats (mentions, ftm and neo4j: tests/test_exports_investigative.py)
    paths = write_outputs(seeds_graph, out, formats=[f for f in DEFAULT_FORMATS if f != "html"])
    return {p.name: p for p in paths}


def messy_graph() -> nx.Graph:
    """What a user's own graph may hold: None, NaN, lists, sets, numpy numbers, odd ids, an `id` attribute."""
    import numpy as np

    g = nx.Graph(name="messy", created=None)
    g.add_node(
        "a b",
        label="Ann & <Bob>",
        type="PERSON",
        mentions=np.int64(3),
        score=1,
        tags=["x", "y"],
        id="clash",
        flag=True,
        note="ctrl\x0bchar",
        documents=2,
    )
    g.add_node(1, label="One", type="ORG", mentions=1, score=2.5, tags={"b", "a"}, flag=False, note=None, documents=1)
    g.add_node("x<y", label="Less", mentions=2, score=float("nan"), meta={"k": 1}, flag=True)
    g.add_edge("a b", 1, weight=2, documents=1, evidence='[d1] line one\n[d2] line "two"', kinds=("p", "q"))
    g.add_edge(1, "x<y", weight=np.float64(1.5), documents=3, evidence=None)
    return g


# ---------------------------------------------------------------- analytics


def test_annotate_returns_a_copy_with_every_analytics_attribute(seeds_graph):
    plain = nx.Graph(seeds_graph)
    for _, data in plain.nodes(data=True):
        for name in ANALYTICS_ATTRIBUTES:
            data.pop(name, None)
    before = {n: dict(d) for n, d in plain.nodes(data=True)}
    out = annotate(plain)
    assert {n: dict(d) for n, d in plain.nodes(data=True)} == before  # caller's graph untouched
    assert out is not plain
    for n, data in out.nodes(data=True):
        assert set(ANALYTICS_ATTRIBUTES) <= set(data), n
        assert isinstance(data["degree"], int) and isinstance(data["community"], int)
        assert isinstance(data["pagerank"], float) and 0 <= data["betweenness"] <= 1
        assert data["color"] == TYPE_COLORS.get(data["type"], data["color"]) and HEX.match(data["color"])
        assert data["degree"] == plain.degree(n)
        assert data["weighted_degree"] == sum(w for *_, w in plain.edges(n, data="weight"))
    assert math.isclose(sum(d["pagerank"] for _, d in out.nodes(data=True)), 1.0, abs_tol=1e-6)
    # the pipeline's graph carries the same numbers: analytics are computed once, the same way
    for n, data in seeds_graph.nodes(data=True):
        assert {k: data[k] for k in ANALYTICS_ATTRIBUTES} == {k: out.nodes[n][k] for k in ANALYTICS_ATTRIBUTES}


def test_analytics_on_graphs_with_a_known_answer():
    # Two 5-cliques joined through one bridge node: Louvain must find the cliques, the bridge
    # carries every path between them (highest betweenness).
    g = nx.Graph()
    left, right = [f"l{i}" for i in range(5)], [f"r{i}" for i in range(5)]
    g.add_edges_from((a, b) for group in (left, right) for i, a in enumerate(group) for b in group[i + 1 :])
    g.add_edges_from([("l0", "bridge"), ("bridge", "r0")])
    out = annotate(g)
    community = nx.get_node_attributes(out, "community")
    assert len({community[n] for n in left}) == 1 and len({community[n] for n in right}) == 1
    assert community["l1"] != community["r1"]
    between = nx.get_node_attributes(out, "betweenness")
    assert max(between, key=between.get) == "bridge"
    # a star: the hub has the highest PageRank
    star = annotate(nx.star_graph(6))
    ranks = nx.get_node_attributes(star, "pagerank")
    assert max(ranks, key=ranks.get) == 0


def test_analytics_do_not_depend_on_insertion_order(seeds_graph):
    nodes = list(seeds_graph.nodes(data=True))
    edges = list(seeds_graph.edges(data=True))
    random.Random(7).shuffle(nodes)
    random.Random(7).shuffle(edges)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(edges)
    a, b = annotate(seeds_graph), annotate(shuffled)
    for n in seeds_graph:
        assert {k: a.nodes[n][k] for k in ANALYTICS_ATTRIBUTES} == {k: b.nodes[n][k] for k in ANALYTICS_ATTRIBUTES}


def test_betweenness_is_sampled_and_seeded_on_large_graphs():
    # Two 600-node small worlds joined through one bridge node: every path between the halves runs
    # a0 - bridge - b0, so even estimated from 500 sampled sources these three stand out, and the
    # estimate is the same on every run.
    g = nx.connected_watts_strogatz_graph(600, 4, 0.1, seed=1)
    g = nx.union(g, g, rename=("a", "b"))
    g.add_edges_from([("a0", "bridge"), ("bridge", "b0")])
    assert len(g) > 1000
    first = betweenness(g)
    assert set(sorted(first, key=first.get)[-3:]) == {"a0", "bridge", "b0"}
    assert betweenness(g) == first
    assert len(set(communities(g).values())) > 2


def _two_small_worlds() -> nx.Graph:
    g = nx.connected_watts_strogatz_graph(600, 4, 0.1, seed=1)
    g = nx.union(g, g, rename=("a", "b"))
    g.add_edges_from([("a0", "bridge"), ("bridge", "b0")])
    return g


def test_large_graph_betweenness_is_networkx_sampled_estimate():
    # Above 1000 nodes igraph counts the paths; the estimate must be networkx's own (same seeded
    # sources, same scaling), computed here by networkx itself.
    g = _two_small_worlds()
    expected = nx.betweenness_centrality(
        canonical_copy(g), k=BETWEENNESS_SAMPLES, normalized=True, weight=None, seed=LAYOUT_SEED
    )
    got = betweenness(g)
    assert set(got) == set(expected)
    for node, value in expected.items():
        assert math.isclose(got[node], value, rel_tol=1e-6, abs_tol=1e-12), node


def test_exact_betweenness_is_networkx_own():
    # Up to 1000 nodes betweenness is exact; igraph counts the paths, the values must be networkx's
    g = nx.connected_watts_strogatz_graph(300, 4, 0.2, seed=2)
    g.add_edge(0, "leaf")
    expected = nx.betweenness_centrality(g, normalized=True, weight=None)
    got = betweenness(g)
    assert set(got) == set(expected)
    for node, value in expected.items():
        assert math.isclose(got[node], value, rel_tol=1e-7, abs_tol=1e-12), node


def test_mid_size_layout_draws_linked_nodes_close():
    # 500 to 1000 nodes: igraph's layout (networkx's took seconds there). Four communities of 150
    # nodes, joined by a few links: linked nodes end up far closer than random pairs, each community
    # together, and the positions are the same on every run.
    g = nx.Graph()
    for c in range(4):
        block = nx.connected_watts_strogatz_graph(150, 4, 0.1, seed=c)
        g.add_edges_from((f"c{c}-{a}", f"c{c}-{b}") for a, b in block.edges)
    g.add_edges_from((f"c{c}-0", f"c{(c + 1) % 4}-0") for c in range(4))
    pos = {n: (d["x"], d["y"]) for n, d in annotate(g).nodes(data=True)}
    assert pos == {n: (d["x"], d["y"]) for n, d in annotate(g).nodes(data=True)}
    linked = sum(math.dist(pos[a], pos[b]) for a, b in g.edges) / g.number_of_edges()
    pairs = random.Random(1).sample(sorted(g), 200)
    spread = sum(math.dist(pos[a], pos[b]) for a, b in zip(pairs, pairs[1:])) / (len(pairs) - 1)
    assert linked < 0.25 * spread
    centres = [[sum(pos[f"c{c}-{i}"][k] for i in range(150)) / 150 for k in (0, 1)] for c in range(4)]
    inside = max(math.dist(pos[f"c0-{i}"], centres[0]) for i in range(150))
    assert min(math.dist(centres[a], centres[b]) for a in range(4) for b in range(a + 1, 4)) > 0.5 * inside


def test_large_graph_analytics_are_seeded_and_leave_global_random_alone():
    g = _two_small_worlds()
    edges = list(g.edges)
    random.Random(3).shuffle(edges)
    shuffled = nx.Graph(edges)
    random.seed(5)
    state = random.getstate()
    a, b = annotate(g), annotate(shuffled)
    assert random.getstate() == state  # igraph drew from its own generator
    for n in g:
        assert {k: a.nodes[n][k] for k in ANALYTICS_ATTRIBUTES} == {k: b.nodes[n][k] for k in ANALYTICS_ATTRIBUTES}
    positions = {(d["x"], d["y"]) for _, d in a.nodes(data=True)}
    assert len(positions) == len(g)  # a real layout, not a pile
    # the two halves are laid out apart: their centres are further apart than a typical half's spread
    centre = {h: [sum(a.nodes[f"{h}{i}"][c] for i in range(600)) / 600 for c in "xy"] for h in "ab"}
    spread = max(abs(a.nodes[f"a{i}"]["x"] - centre["a"][0]) for i in range(600))
    assert math.dist(centre["a"], centre["b"]) > 0.5 * spread


# ---------------------------------------------------------------- GraphML


def test_graphml_is_valid_against_the_xsd(files, schema):
    doc = etree.parse(str(files["graph.graphml"]))
    schema.assertValid(doc)


def test_graphml_keys_are_typed_for_gephi(files, seeds_graph):
    doc = etree.parse(str(files["graph.graphml"]))
    keys = doc.findall("g:key", NS)
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids))
    spec = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in keys}
    assert len(spec) == len(keys)  # one key, so one type, per attribute
    assert not any(name.lower() == "id" for _, name in spec)
    assert all(scope in ("graph", "node", "edge") for scope, _ in spec)
    # Gephi's special columns and the numeric filter columns
    assert spec[("node", "label")] == "string" and spec[("node", "color")] == "string"
    assert spec[("edge", "weight")] == "int"
    for name, kind in NUMERIC_NODE_COLUMNS.items():
        assert spec[("node", name)] == kind, name
    assert spec[("edge", "documents")] == "int" and spec[("edge", "evidence")] == "string"
    assert spec[("edge", "npmi")] == "double" and spec[("edge", "disparity")] == "double"
    assert spec[("graph", "windows")] == "int"
    key_of = {(k.get("for"), k.get("attr.name")): k.get("id") for k in keys}
    assert key_of[("node", "documents")] != key_of[("edge", "documents")]
    # every value parses as its declared type; no empty values
    kinds = {k.get("id"): k.get("attr.type") for k in keys}
    for data in doc.iter("{{{}}}data".format(NS["g"])):
        assert data.text, data.get("key")
        if kinds[data.get("key")] == "int":
            int(data.text)
        elif kinds[data.get("key")] == "double":
            assert math.isfinite(float(data.text))
    for node in doc.iter("{{{}}}node".format(NS["g"])):
        color = node.find("g:data[@key='{}']".format(key_of[("node", "color")]), NS).text
        assert HEX.match(color)
    assert len(doc.findall(".//g:node", NS)) == seeds_graph.number_of_nodes()
    assert len(doc.findall(".//g:edge", NS)) == seeds_graph.number_of_edges()


def test_igraph_reads_the_graphml(files, seeds_graph):
    import igraph

    ig = igraph.Graph.Read_GraphML(str(files["graph.graphml"]))
    assert not ig.is_directed()
    assert (ig.vcount(), ig.ecount()) == (seeds_graph.number_of_nodes(), seeds_graph.number_of_edges())
    index = {v["id"]: v for v in ig.vs}
    for n, data in seeds_graph.nodes(data=True):
        v = index[n]
        assert v["label"] == data["label"] and v["type"] == data["type"] and v["color"] == data["color"]
        assert (v["x"], v["y"], v["size"]) == (data["x"], data["y"], data["size"])
        assert v["mentions"] == data["mentions"] and v["pagerank"] == data["pagerank"]
        assert v["community"] == data["community"]
    for e in ig.es:
        a, b = ig.vs[e.source]["id"], ig.vs[e.target]["id"]
        edge = seeds_graph.edges[a, b]
        assert (e["weight"], e["documents"], e["evidence"]) == (edge["weight"], edge["documents"], edge["evidence"])
    assert ig["window"] == seeds_graph.graph["window"]


def test_networkx_round_trips_the_graphml(files, seeds_graph):
    back = nx.read_graphml(files["graph.graphml"])
    assert set(back.nodes) == set(seeds_graph.nodes)
    for n, data in seeds_graph.nodes(data=True):
        assert back.nodes[n] == data  # same values and same Python types (int stays int)
    for a, b, data in seeds_graph.edges(data=True):
        assert back.edges[a, b] == data
    assert back.graph["window"] == "sentence" and back.graph["documents"] == 5


def test_a_messy_graph_still_gives_valid_typed_graphml(tmp_path, schema):
    import igraph

    g = messy_graph()
    snapshot = graph_snapshot(g)
    path = write_graphml(g, tmp_path / "messy.graphml")
    assert graph_snapshot(g) == snapshot  # the writer changed nothing in the graph
    assert g.nodes["a b"]["tags"] == ["x", "y"]
    schema.assertValid(etree.parse(str(path)))
    back = nx.read_graphml(path)
    assert set(back.nodes) == {"a_b", "1", "x_y"}  # ids made NMTOKENs
    a = back.nodes["a_b"]
    assert a["label"] == "Ann & <Bob>" and a["tags"] == "x|y" and a["note"] == "ctrlchar"
    assert a["id_attr"] == "clash" and "id" not in a
    assert a["mentions"] == 3 and a["flag"] is True
    assert back.nodes["1"]["tags"] == "a|b"  # sets sorted
    assert "score" not in back.nodes["x_y"] and "note" not in back.nodes["1"]  # NaN and None left out
    assert isinstance(back.nodes["a_b"]["score"], float)  # a column with ints and floats is float
    assert back.edges["a_b", "1"]["evidence"] == '[d1] line one\n[d2] line "two"'
    assert back.edges["a_b", "1"]["kinds"] == "p|q"
    assert back.edges["1", "x_y"]["weight"] == 1.5 and "evidence" not in back.edges["1", "x_y"]
    ig = igraph.Graph.Read_GraphML(str(path))
    assert (ig.vcount(), ig.ecount()) == (3, 2)


def test_a_messy_graph_in_gexf_csv_and_json(tmp_path):
    import pandas as pd

    g = messy_graph()
    snapshot = graph_snapshot(g)
    back = nx.read_gexf(write_gexf(g, tmp_path / "messy.gexf"))
    assert set(back.nodes) == {"a b", "1", "x<y"}  # GEXF ids are free text, kept as they are
    assert back.nodes["a b"]["label"] == "Ann & <Bob>" and back.nodes["a b"]["tags"] == "x|y"
    assert back.edges["a b", "1"]["evidence"] == '[d1] line one\n[d2] line "two"'
    write_tables(g, tmp_path)
    nodes = pd.read_csv(tmp_path / "graph.nodes.csv", keep_default_na=False)
    assert list(nodes["id"]) == ["1", "a b", "x<y"] and "id_attr" in nodes.columns
    assert list(nodes["score"]) == ["2.5", "1.0", ""]  # NaN is an empty cell
    edges = pd.read_csv(tmp_path / "graph.edges.csv")
    assert edges.loc[0, "evidence"] == '[d1] line one\n[d2] line "two"'
    data = json.loads(write_node_link(g, tmp_path / "messy.json").read_text(encoding="utf-8"))
    assert data["graph"] == {"name": "messy"}  # None left out
    x = next(n for n in data["nodes"] if n["id"] == "x<y")
    assert "score" not in x and x["meta"] == '{"k": 1}'
    assert graph_snapshot(g) == snapshot  # none of the writers changed the graph


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(tmp_path):
    import pandas as pd

    # article text is untrusted: an entity, alias, document id or evidence line may start like a formula
    g = nx.Graph()
    g.add_node(
        "=cmd",
        label='=HYPERLINK("http://evil.example","click")',
        type="ORG",
        mentions=2,
        aliases="+1 555 0100|@handle",
        doc_ids="-doc|d2",
        score=-3,
    )
    g.add_node(
        "kim",
        label="Kim Jong Un",
        type="PERSON",
        mentions=1,
        aliases="Kim Jong Un|Kim @ KCNA",
        doc_ids="d2",
        score=-0.5,
    )
    g.add_node("tab", label="\tSUM(A1:A9)", type="ORG", mentions=1, aliases="\rx", doc_ids="d3", score=1)
    g.add_edge("=cmd", "kim", weight=1, documents=1, evidence="=1+2 said the report")
    g.add_edge("kim", "tab", weight=2, documents=1, evidence="[d2] Kim met -- nobody.")
    write_tables(g, tmp_path)
    nodes = pd.read_csv(tmp_path / "graph.nodes.csv", keep_default_na=False).set_index("label")
    assert list(nodes.index) == ['\'=HYPERLINK("http://evil.example","click")', "Kim Jong Un", "'\tSUM(A1:A9)"]
    evil = nodes.loc['\'=HYPERLINK("http://evil.example","click")']
    assert evil["id"] == "'=cmd" and evil["aliases"] == "'+1 555 0100|@handle" and evil["doc_ids"] == "'-doc|d2"
    assert nodes.loc["'\tSUM(A1:A9)", "aliases"] == "'\rx"
    kim = nodes.loc["Kim Jong Un"]  # ordinary text, even with an @ or - inside, is left alone
    assert (kim["id"], kim["aliases"], kim["doc_ids"]) == ("kim", "Kim Jong Un|Kim @ KCNA", "d2")
    assert list(nodes["score"]) == [-3.0, -0.5, 1.0]  # numbers are numbers, minus sign and all
    edges = pd.read_csv(tmp_path / "graph.edges.csv").set_index("target")
    assert edges.loc["kim", "source"] == "'=cmd" and edges.loc["kim", "source_label"].startswith("'=HYPERLINK(")
    assert edges.loc["kim", "evidence"] == "'=1+2 said the report"
    assert edges.loc["tab", "evidence"] == "[d2] Kim met -- nobody."
    assert list(edges["weight"]) == [1, 2]


def test_writers_refuse_multigraphs(tmp_path):
    with pytest.raises(TypeError, match="one edge per pair"):
        write_graphml(nx.MultiGraph([(1, 2), (1, 2)]), tmp_path / "m.graphml")


# ---------------------------------------------------------------- determinism


def test_same_graph_in_another_order_gives_identical_bytes(seeds_graph, tmp_path):
    nodes = list(seeds_graph.nodes(data=True))
    edges = [(b, a, d) for a, b, d in seeds_graph.edges(data=True)]
    random.Random(3).shuffle(nodes)
    random.Random(3).shuffle(edges)
    shuffled = nx.Graph()
    shuffled.graph.update(reversed(list(seeds_graph.graph.items())))
    for n, d in nodes:
        shuffled.add_node(n, **dict(reversed(list(d.items()))))
    shuffled.add_edges_from(edges)
    formats = ["graphml", "gexf", "csv", "json"]
    one = write_outputs(seeds_graph, tmp_path / "one", formats=formats)
    two = write_outputs(shuffled, tmp_path / "two", formats=formats)
    assert [p.name for p in one] == [p.name for p in two]
    for a, b in zip(one, two):
        assert a.read_bytes() == b.read_bytes(), a.name
    gexf = (tmp_path / "one" / "graph.gexf").read_text(encoding="utf-8")
    assert "lastmodifieddate" not in gexf


# ---------------------------------------------------------------- GEXF, CSV, JSON


def test_networkx_reads_the_gexf(files, seeds_graph):
    back = nx.read_gexf(files["graph.gexf"])
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        seeds_graph.number_of_nodes(),
        seeds_graph.number_of_edges(),
    )
    for n, data in seeds_graph.nodes(data=True):
        b = back.nodes[n]
        assert b["label"] == data["label"] and b["type"] == data["type"] and b["mentions"] == data["mentions"]
        assert b["viz"]["position"]["x"] == data["x"] and b["viz"]["position"]["y"] == data["y"]
        assert b["viz"]["size"] == data["size"]
        color = b["viz"]["color"]
        assert "#{:02x}{:02x}{:02x}".format(color["r"], color["g"], color["b"]) == data["color"]
    for a, b_, data in seeds_graph.edges(data=True):
        assert back.edges[a, b_]["weight"] == data["weight"]
        assert back.edges[a, b_]["evidence"] == data["evidence"]  # line breaks survive in attributes


def test_pandas_reads_the_csv_tables(files, seeds_graph):
    import pandas as pd

    nodes = pd.read_csv(files["graph.nodes.csv"])
    edges = pd.read_csv(files["graph.edges.csv"])
    assert list(nodes.columns[:7]) == ["id", "label", "type", "mentions", "documents", "aliases", "doc_ids"]
    assert len(nodes) == seeds_graph.number_of_nodes() and len(edges) == seeds_graph.number_of_edges()
    for column in ("mentions", "documents", "degree", "weighted_degree", "community"):
        assert pd.api.types.is_integer_dtype(nodes[column]), column
    for column in ("pagerank", "betweenness", "x", "y", "size"):
        assert pd.api.types.is_float_dtype(nodes[column]), column
    north_korea = node_by_label(seeds_graph, "North Korea")
    row = nodes.set_index("id").loc[north_korea]
    assert row["label"] == "North Korea" and row["mentions"] == seeds_graph.nodes[north_korea]["mentions"]
    assert list(edges.columns) == [
        "source",
        "target",
        "source_label",
        "target_label",
        "weight",
        "documents",
        "npmi",
        "disparity",
        "evidence",
    ]
    assert pd.api.types.is_integer_dtype(edges["weight"])
    assert pd.api.types.is_float_dtype(edges["npmi"]) and pd.api.types.is_float_dtype(edges["disparity"])
    assert pd.api.types.is_integer_dtype(nodes["windows"])
    for row in edges.itertuples():
        data = seeds_graph.edges[row.source, row.target]
        assert row.weight == data["weight"] and row.evidence == data["evidence"]  # multi-line cells intact
        assert row.source_label == seeds_graph.nodes[row.source]["label"]
    # Excel needs the byte-order mark to read UTF-8; pandas strips it (the first column is "id")
    assert files["graph.nodes.csv"].read_bytes().startswith(b"\xef\xbb\xbfid,")


def test_node_link_json_round_trips(files, seeds_graph):
    def no_nan(value):
        raise AssertionError(f"{value} in JSON")

    data = json.loads(files["graph.json"].read_text(encoding="utf-8"), parse_constant=no_nan)
    back = nx.node_link_graph(data, edges="edges")
    assert not back.is_directed() and not back.is_multigraph()
    assert dict(back.nodes(data=True)) == dict(seeds_graph.nodes(data=True))
    for a, b, d in seeds_graph.edges(data=True):
        assert back.edges[a, b] == d
    assert back.graph == {k: v for k, v in seeds_graph.graph.items()}


def test_exports_do_not_change_the_graph(seeds_graph, tmp_path):
    before = nx.node_link_data(seeds_graph, edges="edges")
    write_tables(seeds_graph, tmp_path)
    write_gexf(seeds_graph, tmp_path / "g.gexf")
    write_node_link(seeds_graph, tmp_path / "g.json")
    write_graphml(seeds_graph, tmp_path / "g.graphml")
    assert nx.node_link_data(seeds_graph, edges="edges") == before


def test_build_writes_every_format_by_default_and_only_the_chosen_ones(tmp_path, seeds_dir):
    from click.testing import CliRunner

    from graphkit.cli import main

    result = CliRunner().invoke(main, ["build", str(seeds_dir), "-o", str(tmp_path / "all"), "-q"])
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "all").iterdir()}
    assert {"graph.edges.csv", "graph.gexf", "graph.graphml", "graph.html", "graph.json", "graph.nodes.csv"} <= names
    result = CliRunner().invoke(
        main, ["build", str(seeds_dir), "-o", str(tmp_path / "two"), "-q", "--format", "gexf", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "two").iterdir()}
    assert {"graph.edges.csv", "graph.gexf", "graph.nodes.csv"} <= names
    assert not names & {"graph.graphml", "graph.json", "graph.html"}
