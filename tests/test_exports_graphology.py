"""Gephi Lite's own parsers read the exports: graphology-graphml and graphology-gexf, run in Node.

tests/js/read_graph.js parses a file and prints what graphology understood as JSON. Needs Node.js
and `npm install --prefix tests/js` (the Makefile's node-deps target); without them these tests
skip with that message, and fail under CI=true.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool

from graphkit.pipeline import write_outputs

pytestmark = pytest.mark.node

JS = Path(__file__).resolve().parent / "js"
RGB = re.compile(r"^rgb\((\d+),(\d+),(\d+)\)$")


def _missing(message: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message} (CI=true: this test must run, not skip)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def node():
    path = require_tool("node", "install Node.js and npm")
    for package in ("graphology", "graphology-graphml", "graphology-gexf"):
        if not (JS / "node_modules" / package / "package.json").exists():
            _missing(f"npm package {package} missing: run `npm install --prefix tests/js`")
    return path


@pytest.fixture(scope="module")
def exported(seeds_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("graphology")
    paths = write_outputs(seeds_graph, out, formats=["graphml", "gexf"])
    return {p.suffix[1:]: p for p in paths}


def read_with_graphology(node: str, fmt: str, path: Path) -> dict:
    done = subprocess.run(
        [node, str(JS / "read_graph.js"), fmt, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _check_round_trip(parsed: dict, graph, color_of) -> None:
    assert parsed["type"] == "undirected" and parsed["multi"] is False
    assert (parsed["order"], parsed["size"]) == (graph.number_of_nodes(), graph.number_of_edges())
    nodes = {n["key"]: n["attributes"] for n in parsed["nodes"]}
    assert set(nodes) == set(graph.nodes)
    for n, data in graph.nodes(data=True):
        got = nodes[n]
        # what Gephi Lite renders: label, color, size, x, y
        assert got["label"] == data["label"]
        assert color_of(got["color"]) == data["color"]
        assert (got["x"], got["y"], got["size"]) == (data["x"], data["y"], data["size"])
        # typed data columns arrive as numbers (Gephi Lite can filter and rank on them)
        assert got["type"] == data["type"]
        for name in ("mentions", "documents", "degree", "weighted_degree", "pagerank", "betweenness", "community"):
            assert got[name] == data[name] and not isinstance(got[name], str), name
    for e in parsed["edges"]:
        assert e["undirected"] is True
        data = graph.edges[e["source"], e["target"]]
        assert e["attributes"]["weight"] == data["weight"]
        assert e["attributes"]["documents"] == data["documents"]
        assert e["attributes"]["evidence"] == data["evidence"]


def test_graphology_graphml_reads_the_graphml(node, exported, seeds_graph):
    parsed = read_with_graphology(node, "graphml", exported["graphml"])
    _check_round_trip(parsed, seeds_graph, color_of=lambda c: c)
    assert parsed["attributes"]["window"] == "sentence" and parsed["attributes"]["documents"] == 5


def test_graphology_gexf_reads_the_gexf(node, exported, seeds_graph):
    def color_of(value):  # graphology-gexf turns viz:color r/g/b into "rgb(r,g,b)"
        match = RGB.match(value)
        assert match, value  # no alpha channel: Gephi Lite ignores rgba() viz colours
        return "#{:02x}{:02x}{:02x}".format(*map(int, match.groups()))

    parsed = read_with_graphology(node, "gexf", exported["gexf"])
    _check_round_trip(parsed, seeds_graph, color_of)
    assert parsed["attributes"]["creator"] == "graphkit"
    assert "z" not in parsed["nodes"][0]["attributes"]


def test_graphology_reads_escaped_text_and_repaired_ids(node, tmp_path):
    from test_exports import messy_graph

    from graphkit.exports import write_gexf, write_graphml

    g = messy_graph()
    evidence = '[d1] line one\n[d2] line "two"'
    graphml = read_with_graphology(node, "graphml", write_graphml(g, tmp_path / "m.graphml"))
    nodes = {n["key"]: n["attributes"] for n in graphml["nodes"]}
    assert set(nodes) == {"a_b", "1", "x_y"}
    assert nodes["a_b"]["label"] == "Ann & <Bob>" and nodes["a_b"]["flag"] is True and nodes["1"]["score"] == 2.5
    assert [e["attributes"].get("evidence") for e in graphml["edges"]] == [evidence, None]
    gexf = read_with_graphology(node, "gexf", write_gexf(g, tmp_path / "m.gexf"))
    nodes = {n["key"]: n["attributes"] for n in gexf["nodes"]}
    assert set(nodes) == {"a b", "1", "x<y"} and nodes["a b"]["label"] == "Ann & <Bob>"
    assert [e["attributes"].get("evidence") for e in gexf["edges"]] == [evidence, None]
