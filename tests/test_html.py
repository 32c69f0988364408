"""The HTML explorer page without a browser: self-contained, safe JSON, caller's graph untouched,
the --max-nodes cut. The browser side is in test_html_browser.py."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import lxml.html
import networkx as nx
import pytest
from conftest import ROOT
from conftest import graph_snapshot as snapshot

from graphkit.exports.html import render_html, write_html
from graphkit.exports.html_data import safe_json, select_nodes
from graphkit.pipeline import write_outputs

PROBE_IMG = "<img src=x onerror=alert(1)>"
PROBE_SCRIPT = "</script><script>alert(1)</script>"


def page_payload(html: str) -> dict:
    doc = lxml.html.fromstring(html)
    return json.loads(doc.get_element_by_id("gk-data").text)


def small_graph() -> nx.Graph:
    """A user's own graph: no positions, no analytics attributes."""
    g = nx.Graph()
    g.add_node("a", label="Alice", type="PERSON", mentions=3, documents=1, aliases="Alice|A. Smith", doc_ids="d1")
    g.add_node("b", label="Bob", type="PERSON", mentions=2, documents=1, aliases="Bob", doc_ids="d1")
    g.add_node("p", label="Paris", type="GPE", mentions=1, documents=1, aliases="Paris", doc_ids="d1")
    g.add_edge("a", "b", weight=2, documents=1, evidence="[d1] Alice met Bob.")
    g.add_edge("a", "p", weight=1, documents=1, evidence="[d1] Alice flew to Paris.")
    return g


def test_seeds_page_is_self_contained(seeds_graph, tmp_path):
    path = write_html(seeds_graph, tmp_path / "seeds.html")
    html = path.read_bytes().decode("utf-8")  # written as UTF-8
    doc = lxml.html.fromstring(html)
    # nothing fetched: no external scripts, stylesheets, images, frames or imports
    assert doc.xpath("//link") == []
    for element in doc.iter():
        for attr in ("src", "href", "data", "action", "srcset"):
            assert element.get(attr) is None, (element.tag, attr, element.get(attr))
    for style in doc.xpath("//style"):
        assert "@import" not in style.text_content()
        assert not re.search(r"url\(\s*(?!['\"]?data:)", style.text_content())
    assert "bootstrap" not in html.lower()


def test_csp_pins_every_inline_script(seeds_graph):
    html = render_html(seeds_graph)
    doc = lxml.html.fromstring(html)
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    # vis-network, the vis items, the explorer, its map, relations, curation's names, wording, changes,
    # file and panel
    assert len(scripts) == 10
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    # the only other script elements are data blocks (JSON, the packed rest of the graph): never run
    assert [s.get("type") for s in doc.xpath("//script[@type]")] == ["application/json", "application/gzip+base64"]


def test_page_holds_every_node_and_edge(seeds_graph):
    payload = page_payload(render_html(seeds_graph))
    assert set(payload["nodes"]) == {str(n) for n in seeds_graph.nodes}
    assert len(payload["edges"]) == seeds_graph.number_of_edges()
    assert sum(t["count"] for t in payload["types"]) == seeds_graph.number_of_nodes()


def test_header_shows_corpus_and_counts(seeds_graph):
    doc = lxml.html.fromstring(render_html(seeds_graph, title="Kursk coverage"))
    assert doc.get_element_by_id("gk-title").text_content() == "Kursk coverage"
    counts = " ".join(doc.get_element_by_id("gk-counts").text_content().split())
    assert f"{seeds_graph.number_of_nodes()} entities" in counts
    assert f"{seeds_graph.number_of_edges()} links" in counts
    assert "5 documents" in counts  # the five seed articles
    assert doc.xpath("//*[@id='gk-note']") == []  # nothing left out


@pytest.mark.parametrize(
    "value",
    [
        PROBE_IMG,
        PROBE_SCRIPT,
        "<!-- x",
        "a\u2028b\u2029c",
        "&amp; ' \" >",
        "Ünïcödé ‘quotes’",
    ],
)
def test_safe_json_cannot_leave_a_script_element(value):
    text = safe_json({"label": value, value: [value]})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"label": value, value: [value]}


def test_callers_graph_is_not_changed(seeds_graph):
    before = snapshot(seeds_graph)
    render_html(seeds_graph, max_nodes=10)
    assert snapshot(seeds_graph) == before
    g = small_graph()
    before = snapshot(g)
    render_html(g)
    assert snapshot(g) == before  # no x/y/size added, weights untouched (pyvis' from_nx would change them)


def test_graph_without_positions_gets_a_layout():
    payload_html = render_html(small_graph())
    doc = lxml.html.fromstring(payload_html)
    vis_items = re.search(r"var GRAPHKIT_VIS = \{nodes: (\[.*?\]), edges:", payload_html, re.S).group(1)
    nodes = json.loads(vis_items)
    positions = {(n["x"], n["y"]) for n in nodes}
    assert len(positions) == 3  # three distinct computed positions
    assert doc.get_element_by_id("gk-title").text_content() == "graphkit"


def test_max_nodes_keeps_the_most_central_and_says_so(tmp_path):
    # a hub with five spokes plus a separate, weaker pair: the hub and its strongest spokes stay
    g = nx.Graph()
    for n in ["hub", "s1", "s2", "s3", "s4", "s5", "x", "y"]:
        g.add_node(n, label=n.upper(), type="ORG", mentions=1, documents=1, aliases=n.upper(), doc_ids="d")
    for i, w in enumerate([5, 4, 3, 2, 1], 1):
        g.add_edge("hub", f"s{i}", weight=w, documents=1, evidence="")
    g.add_edge("x", "y", weight=1, documents=1, evidence="")
    assert select_nodes(g, 3).nodes == ["hub", "s1", "s2"]  # weighted degree 15, 5, 4
    nx.set_node_attributes(g, {n: 0.01 for n in g}, "pagerank")
    g.nodes["y"]["pagerank"] = 0.9
    assert select_nodes(g, 2).nodes == ["y", "hub"]  # PageRank first when the graph has it
    del g.nodes["y"]["pagerank"], g.nodes["hub"]["pagerank"]

    paths = write_outputs(g, tmp_path, formats=("graphml", "html"), max_nodes=3)
    html = next(p for p in paths if p.suffix == ".html").read_text(encoding="utf-8")
    assert set(page_payload(html)["nodes"]) == {"hub", "s1", "s2"}
    note = lxml.html.fromstring(html).get_element_by_id("gk-note").text_content()
    assert "Showing the 3 most central of 8 entities" in note and "weighted degree" in note
    assert "GraphML" in note
    graphml = nx.read_graphml(next(p for p in paths if p.suffix == ".graphml"))
    assert graphml.number_of_nodes() == 8  # the GraphML keeps everything


def test_hostile_strings_are_escaped_in_markup():
    g = small_graph()
    g.nodes["a"]["label"] = PROBE_IMG + " Alice"
    g.nodes["b"]["aliases"] = PROBE_SCRIPT
    g.edges["a", "b"]["evidence"] = f"[d1] {PROBE_SCRIPT} Alice met Bob {PROBE_IMG}"
    g.graph["documents_json"] = json.dumps({"d1": {"title": PROBE_SCRIPT, "url": "javascript:alert(1)"}})
    html = render_html(g, title=PROBE_IMG)
    assert html.count("<img") == 0
    # the only </script> closings are the real script elements (JSON data, the packed rest of the
    # graph, ten scripts)
    assert html.count("</script>") == 12
    doc = lxml.html.fromstring(html)
    assert doc.get_element_by_id("gk-title").text_content() == PROBE_IMG
    payload = page_payload(html)
    assert payload["nodes"]["a"]["label"] == PROBE_IMG + " Alice"
    assert payload["edges"]["e0"]["evidence"] == [["d1", f"{PROBE_SCRIPT} Alice met Bob {PROBE_IMG}"]]


def test_page_positions_keep_the_layout_and_separate_the_discs(seeds_graph):
    from itertools import combinations

    import numpy as np

    from graphkit.exports.html_layout import display_positions

    pos = display_positions(seeds_graph)
    assert pos == display_positions(seeds_graph)  # deterministic
    radius = {n: d["size"] for n, d in seeds_graph.nodes(data=True)}
    for a, b in combinations(seeds_graph.nodes, 2):
        gap = np.hypot(pos[a][0] - pos[b][0], pos[a][1] - pos[b][1])
        assert gap >= radius[a] + radius[b] - 1.0, (a, b)  # no disc covers another
    # the shape of the shipped layout survives: positions stay strongly correlated with x/y
    nodes = list(seeds_graph.nodes)
    for k, attr in enumerate(("x", "y")):
        shown = [pos[n][k] for n in nodes]
        shipped = [seeds_graph.nodes[n][attr] for n in nodes]
        assert np.corrcoef(shown, shipped)[0, 1] > 0.9


def test_empty_graph_gives_a_page():
    doc = lxml.html.fromstring(render_html(nx.Graph()))
    assert " ".join(doc.get_element_by_id("gk-counts").text_content().split()) == "0 entities · 0 links"


def test_the_template_includes_the_vis_network_that_pyvis_bundles():
    """The page inlines vis-network from pyvis' own files by a versioned path (lib/vis-9.1.2/):
    a pyvis release that bundles another version must fail here, not leave the page without it.
    pyproject.toml pins pyvis exactly for the same reason."""
    import tomllib
    from importlib.metadata import version

    import pyvis

    from graphkit.exports.html import TEMPLATE, TEMPLATES, VIS_FILES

    template = (TEMPLATES / TEMPLATE).read_text(encoding="utf-8")
    assert "<style>{{ vis_css }}</style>" in template and "<script>{{ vis_js }}</script>" in template
    included = set(VIS_FILES.values())
    assert included == {"lib/vis-9.1.2/vis-network.css", "lib/vis-9.1.2/vis-network.min.js"}
    bundled = pyvis.__path__[0] + "/templates/"
    for path in included:
        with open(bundled + path, encoding="utf-8") as fh:
            head = fh.read(1000)
        if path.endswith(".js"):
            assert re.search(r"@version\s+9\.1\.2\b", head), f"pyvis {version('pyvis')} bundles another vis-network"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "pyvis==0.3.2" in project["dependencies"], "pin pyvis exactly: the template names its vis-network files"


def test_a_graph_with_number_ids_gets_its_suggestions_in_the_page():
    """A user's graph may name nodes by numbers; the review names them as text. The page maps them
    back to its ids (an early version raised KeyError here)."""
    g = nx.karate_club_graph()
    for n in g:
        g.nodes[n].update(label=f"Member {n}", type="ORG", mentions=3)
    g.nodes[0].update(label="J. Smith", type="PERSON")
    g.nodes[1].update(label="John Smith", type="PERSON")
    payload = page_payload(render_html(g))
    merges = [s["action"] for s in payload["curation"]["suggestions"] if s["action"]["action"] == "merge"]
    assert merges and all(set(a["ids"]) == {"0", "1"} for a in merges)
    assert {"0", "1"} <= set(payload["nodes"])  # the page ids of the two numbered nodes
