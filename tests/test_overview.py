"""The first view of a large graph: every large community drawn, communities apart, backbone links,
and the undrawn rest packed into the page (no browser needed here; test_html_map_browser.py opens it)."""

from __future__ import annotations

import base64
import gzip
import json
import math
from collections import Counter
from itertools import combinations

import lxml.html
import networkx as nx
import pytest
from planted import planted_graph

from graphkit.exports.html import render_html
from graphkit.exports.html_data import page_data, page_graph, select_nodes
from graphkit.exports.html_overview import map_positions
from graphkit.graph.comention import parse_evidence
from graphkit.graph.significance import backbone_edges


@pytest.fixture(scope="module")
def planted():
    return planted_graph()


def communities_of(graph, nodes):
    return Counter(graph.nodes[n]["community"] for n in nodes)


def test_every_large_community_is_in_the_first_view(planted):
    sizes = communities_of(planted, planted.nodes)
    large = {c for c, s in sizes.items() if s >= 20}
    assert len(large) >= 6  # Louvain found the planted groups
    # make global PageRank favour the largest community entirely, as hubs do in the news
    g = planted.copy()
    for _, data in g.nodes(data=True):
        data["pagerank"] = data["pagerank"] + (1.0 if data["community"] == 0 else 0.0)
    by_pagerank = sorted(g, key=lambda n: -g.nodes[n]["pagerank"])[:60]
    assert set(communities_of(g, by_pagerank)) == {0}
    chosen = select_nodes(g, 60)
    assert len(chosen.nodes) == 60 and "community" in chosen.ranking
    drawn = communities_of(g, chosen.nodes)
    assert all(drawn[c] >= 3 for c in large), drawn
    assert drawn[0] >= 30  # the rest still goes by centrality
    # within each community the most central come first
    for c in large:
        members = sorted((n for n in g if g.nodes[n]["community"] == c), key=lambda n: -g.nodes[n]["pagerank"])
        assert set(members[:3]) <= set(chosen.nodes)
    assert select_nodes(g, 60).nodes == chosen.nodes  # deterministic


def test_communities_are_laid_out_apart(planted):
    view, selection = page_graph(planted, 400)
    positions, discs = map_positions(view)
    by_number = {d["community"]: d for d in discs}
    for a, b in combinations(discs, 2):  # discs never overlap, with room between them
        gap = math.hypot(a["x"] - b["x"], a["y"] - b["y"]) - a["r"] - b["r"]
        assert gap > 0, (a, b)
    # every node sits in (or right at the edge of) its own community's disc, and in no other
    for n, (x, y) in positions.items():
        own = by_number[view.nodes[n]["community"]]
        d_own = math.hypot(x - own["x"], y - own["y"])
        assert d_own <= own["r"] * 1.15 + 30, n
        assert all(math.hypot(x - d["x"], y - d["y"]) > d["r"] for d in discs if d is not own), n
    assert map_positions(view) == (positions, discs)  # deterministic


def test_small_views_keep_the_plain_layout(seeds_graph):
    view, _ = page_graph(seeds_graph, None)
    assert map_positions(view) is None


def test_large_views_draw_the_backbone_first(planted):
    view, selection = page_graph(planted, 400)
    data = page_data(view, selection, graph=planted)
    flags = {(e["from"], e["to"]): e["backbone"] for e in data.vis_edges}
    assert 0 < sum(flags.values()) < len(flags)
    # the flagged links are the view's backbone: disparity below 0.05 plus a spanning forest
    sub = nx.Graph(view.edges(data=True))
    expected = {tuple(sorted(e)) for e in backbone_edges(sub, 0.05)}
    assert {tuple(sorted(e)) for e, on in flags.items() if on} == expected
    assert data.payload["map"]["backbone"] == {"alpha": 0.05, "default": True}


def test_the_rest_of_the_graph_is_packed_compressed(planted):
    html = render_html(planted, max_nodes=100)
    doc = lxml.html.fromstring(html)
    payload = json.loads(doc.get_element_by_id("gk-data").text)
    packed = json.loads(gzip.decompress(base64.b64decode(doc.get_element_by_id("gk-rest").text)))
    drawn = set(payload["nodes"])
    assert len(drawn) == 100
    assert sorted(packed["ids"]) == sorted(planted.nodes)
    assert {row[0] for row in packed["nodes"]} == set(planted.nodes) - drawn
    ids = packed["ids"]
    rest_edges = {tuple(sorted((ids[row[0]], ids[row[1]]))) for row in packed["edges"]}
    assert rest_edges == {tuple(sorted(e)) for e in planted.edges if not (e[0] in drawn and e[1] in drawn)}
    for row in packed["edges"][:50]:  # one evidence snippet each, the edge's first
        a, b = ids[row[0]], ids[row[1]]
        assert [row[6], row[7]] == list(parse_evidence(planted.edges[a, b]["evidence"])[0])
        assert row[2] == planted.edges[a, b]["weight"]
        assert row[4] == pytest.approx(planted.edges[a, b]["npmi"], abs=1e-4)
    # communities for the panel, each named by its top entities
    names = [c["name"] for c in payload["communities"]]
    assert len(names) >= 6 and all(" · " in name for name in names)
    assert render_html(planted, max_nodes=100) == html  # same graph, same bytes


def test_the_compression_runs_beside_the_page_and_its_failure_fails_the_page(planted, monkeypatch):
    # the rest is compressed in a thread while the page is made: the page waits for it, an error
    # there reaches the caller, and no thread is left behind (it would rule out forking later)
    import threading

    seen = []

    def failing(data, **options):
        seen.append(threading.current_thread() is not threading.main_thread())
        raise MemoryError("no memory for the rest")

    monkeypatch.setattr(gzip, "compress", failing)
    with pytest.raises(MemoryError, match="no memory for the rest"):
        render_html(planted, max_nodes=100)
    assert seen == [True]
    assert threading.active_count() == 1


def test_a_page_that_shows_everything_packs_nothing(seeds_graph):
    doc = lxml.html.fromstring(render_html(seeds_graph))
    assert doc.get_element_by_id("gk-rest").text in (None, "")


def test_stats_ranks_links_by_significance_and_summarises_communities(planted, tmp_path):
    from graphkit.explore import render_stats, stats
    from graphkit.graph.significance import SIGNIFICANT_ALPHA, SIGNIFICANT_MIN_WEIGHT

    s = stats(planted, top=10)
    assert s.significant_edges
    for link in s.significant_edges:
        assert link.disparity < SIGNIFICANT_ALPHA and link.weight >= SIGNIFICANT_MIN_WEIGHT
    values = [link.npmi for link in s.significant_edges]
    assert values == sorted(values, reverse=True)
    # by count the big group's hubs lead; by significance other links come first
    by_count = {(link.source.id, link.target.id) for link in s.strongest_edges}
    assert by_count != {(link.source.id, link.target.id) for link in s.significant_edges}
    summary = s.community_summaries[0]
    assert summary.size == max(s.community_summaries, key=lambda c: c.size).size
    members = {n for n, c in planted.nodes(data="community") if c == summary.number}
    assert {e[0] for e in summary.entities} <= members and len(summary.entities) == 5
    assert summary.name == " · ".join(label for _, label in summary.entities[:3])
    tie = summary.ties[0]
    assert {tie.source, tie.target} <= members
    assert tie.evidence == list(parse_evidence(planted.edges[tie.source, tie.target]["evidence"])[0])
    text = "\n".join(render_stats(s))
    assert "Strongest links by significance" in text and f"Community {summary.number}: {summary.name}" in text
    # the table ranks members by PageRank, the summary by links inside: two names for two rankings
    assert "most central members (PageRank)" in text and "most central:" not in text
    assert "  most linked inside: " + ", ".join(label for _, label in summary.entities) in text


def test_page_numbers_are_short_and_exact():
    # short_number's fast paths for float and int must give what the float() path gives
    from graphkit.exports.html_rest import short_number

    assert short_number(3) == 3 and type(short_number(3)) is int
    assert short_number(2.0) == 2 and type(short_number(2.0)) is int
    assert short_number(-0.0) == 0 and type(short_number(-0.0)) is int
    assert short_number(0.123456) == 0.1235
    assert short_number(2**53) == 9007199254740992
    assert short_number(2**53 + 1) == 9007199254740992  # through float, as a user's huge id-like count was
    assert short_number(-(2**60)) == -1152921504606846976
    assert short_number("3.50") == 3.5
    assert short_number(True) == 0 and short_number(None, 7) == 7
    assert short_number(float("nan"), None) is None and short_number(float("inf")) == 0
