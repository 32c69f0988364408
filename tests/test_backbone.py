"""``--backbone ALPHA`` on the seeds, through the command line: every output holds the same thinned
graph (edges below ALPHA plus a spanning forest), and no component falls apart."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
from click.testing import CliRunner
from conftest import SEEDS

from graphkit.cli import main
from graphkit.graph.significance import backbone_edges
from graphkit.pipeline import build


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def pairs(edges) -> set:
    return {tuple(sorted(map(str, e))) for e in edges}


def test_backbone_in_every_output(seeds_graph, nlp, tmp_path):
    full = seeds_graph
    alpha = 0.2
    expected = pairs(backbone_edges(full, alpha))
    below = pairs((a, b) for a, b, p in full.edges(data="disparity") if p < alpha)
    assert below and below < expected < pairs(full.edges)  # the seeds' graph is thinned, not emptied

    result = run("build", SEEDS, "-o", tmp_path, "--backbone", alpha, "--no-cache")
    assert result.exit_code == 0, result.output
    assert f"Backbone at {alpha}: kept {len(expected)} of {full.number_of_edges()} edges." in result.output

    graphml = nx.read_graphml(tmp_path / "graph.graphml")
    gexf = nx.read_gexf(tmp_path / "graph.gexf")
    nodelink = nx.node_link_graph(json.loads((tmp_path / "graph.json").read_text(encoding="utf-8")), edges="edges")
    table = pd.read_csv(tmp_path / "graph.edges.csv", encoding="utf-8-sig")
    assert pairs(graphml.edges) == expected
    assert pairs(nodelink.edges) == expected
    assert pairs(zip(table["source"], table["target"])) == expected
    gexf_ids = {n: d.get("label", n) for n, d in gexf.nodes(data=True)}
    assert len(gexf.edges) == len(expected) and len(gexf_ids) == full.number_of_nodes()
    # every entity stays, every component stays one piece, and the values are the whole graph's
    assert set(graphml.nodes) == set(full.nodes)
    assert sorted(map(sorted, nx.connected_components(graphml))) == sorted(map(sorted, nx.connected_components(full)))
    for a, b, d in graphml.edges(data=True):
        assert d["disparity"] == full.edges[a, b]["disparity"]
        assert d["npmi"] == full.edges[a, b]["npmi"]
    assert graphml.graph["backbone"] == alpha and graphml.graph["backbone_of_edges"] == full.number_of_edges()
    # stats on it says it is a backbone (the counts alone read like a smaller corpus)
    said = run("stats", tmp_path, "--no-cache")
    assert said.exit_code == 0, said.output
    line = f"a backbone (--backbone {alpha}): {len(expected)} of {full.number_of_edges()} links kept, those with"
    assert said.output.splitlines()[1].startswith(line)


def test_backbone_library_call_and_cached_rebuild(nlp, tmp_path):
    cache = tmp_path / "cache"
    thin = build([SEEDS], nlp=nlp, backbone=0.05, cache=cache).graph
    again = build([SEEDS], nlp=nlp, backbone=0.05, cache=cache)
    assert again.result_cached and list(again.graph.edges) == list(thin.edges)
    other = build([SEEDS], nlp=nlp, backbone=0.5, cache=cache)  # another alpha is another graph
    assert not other.result_cached and other.graph.number_of_edges() >= thin.number_of_edges()
    whole = build([SEEDS], nlp=nlp, cache=cache).graph
    assert thin.graph["backbone"] == 0.05 and "backbone" not in whole.graph
    assert nx.number_connected_components(thin) == nx.number_connected_components(whole)


def test_bad_alpha_is_a_usage_error(tmp_path):
    for bad in ("0", "1.5", "x"):
        result = run("build", SEEDS, "-o", tmp_path, "--backbone", bad)
        assert result.exit_code == 2, result.output
        assert "--backbone" in result.output and "Traceback" not in result.output
