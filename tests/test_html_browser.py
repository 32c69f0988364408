"""The HTML explorer in a real headless Chromium (Debian's /usr/bin/chromium through Playwright).

One browser for the module; each test opens the page in a fresh context and checks that the page
made no network request and logged no error while it was used.
"""

from __future__ import annotations

import json

import networkx as nx
import pytest
from browser import open_page
from conftest import node_by_label

from graphkit.exports.html import write_html
from graphkit.graph.comention import parse_evidence
from graphkit.pipeline import build

pytestmark = [pytest.mark.browser, pytest.mark.slow]

XSS_IMG = '<img src=x onerror="window.__xss=1;alert(1)">'
XSS_SCRIPT = "</script><script>window.__xss=1;alert(1)</script>"


@pytest.fixture(scope="module")
def seeds_page(seeds_graph, tmp_path_factory):
    return write_html(seeds_graph, tmp_path_factory.mktemp("html") / "seeds.html", title="seeds")


def assert_quiet(run):
    assert run.requests == []  # nothing but the file:// page itself, not even data: URLs
    assert run.console_errors == []
    assert run.page_errors == []
    assert run.dialogs == []


def panel_text(run) -> str:
    return run.page.inner_text("#gk-panel")


def node_dom_point(run, node_id):
    """Page coordinates of a node's centre."""
    return run.js(
        """id => {
        const p = graphkit.network.canvasToDOM(graphkit.network.getPositions([id])[id]);
        const box = document.getElementById('mynetwork').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""",
        node_id,
    )


def test_seeds_page_offline_quiet_and_complete(browser, seeds_page, seeds_graph, artifacts_dir):
    with open_page(browser, seeds_page) as run:
        counts = run.js("[graphkit.nodes.length, graphkit.edges.length, graphkit.nodesView.length]")
        assert counts == [seeds_graph.number_of_nodes(), seeds_graph.number_of_edges(), seeds_graph.number_of_nodes()]
        legend = run.page.locator("#gk-legend button")
        types = {d["type"] for _, d in seeds_graph.nodes(data=True)}
        assert legend.count() == len(types)
        assert run.page.inner_text("#gk-title") == "seeds"
        assert f"{seeds_graph.number_of_nodes()} entities" in run.page.inner_text("#gk-counts")
        run.page.screenshot(path=str(artifacts_dir / "html_seeds.png"))
        assert_quiet(run)


def test_search_kim_focuses_kim_jong_un(browser, seeds_page, seeds_graph):
    kim = node_by_label(seeds_graph, "Kim Jong Un")
    kcna = node_by_label(seeds_graph, "KCNA")
    with open_page(browser, seeds_page) as run:
        search = run.page.locator("#gk-search")
        search.click()
        search.press_sequentially("Kim")
        option = run.page.locator(f'#gk-suggestions li[data-id="{kim}"]')
        assert option.inner_text().startswith("Kim Jong Un")
        # every suggestion matches "Kim" by name or alias
        for text in run.page.locator("#gk-suggestions li .gk-name").all_inner_texts():
            entry = next(d for _, d in seeds_graph.nodes(data=True) if d["label"] == text)
            assert "kim" in (entry["label"] + "|" + entry["aliases"]).lower()
        option.click()
        assert run.js("graphkit.selected()") == {"kind": "node", "id": kim}
        assert run.js("graphkit.network.getSelectedNodes()") == [kim]
        assert run.page.inner_text("#gk-panel h2") == "Kim Jong Un"
        # focused: once the animation ends (400 ms, longer on a busy machine) the node sits in the
        # middle of the canvas
        run.page.wait_for_function(
            """id => { const n = graphkit.network, c = document.getElementById('mynetwork');
                       const p = n.canvasToDOM(n.getPositions([id])[id]);
                       return Math.abs(p.x - c.clientWidth / 2) < 5 && Math.abs(p.y - c.clientHeight / 2) < 5; }""",
            arg=kim,
            timeout=5000,
        )
        point = node_dom_point(run, kim)
        box = run.page.locator("#mynetwork").bounding_box()
        assert abs(point["x"] - (box["x"] + box["width"] / 2)) < 5
        assert abs(point["y"] - (box["y"] + box["height"] / 2)) < 5
        # the panel lists KCNA among the strongest links (003: "... Kim Jong Un ... KCNA")
        assert "KCNA" in run.page.locator("#gk-panel .gk-neighbours").inner_text()

        search.fill("")
        search.press_sequentially("kcna")  # case-insensitive; Enter takes the best match
        search.press("Enter")
        assert run.js("graphkit.selected()") == {"kind": "node", "id": kcna}
        assert_quiet(run)


def test_click_kim_kcna_edge_shows_evidence(browser, seeds_page, seeds_graph, artifacts_dir):
    kim, kcna = node_by_label(seeds_graph, "Kim Jong Un"), node_by_label(seeds_graph, "KCNA")
    evidence = parse_evidence(seeds_graph.edges[kim, kcna]["evidence"])
    with open_page(browser, seeds_page) as run:
        edge_id = run.js(
            """([a, b]) => graphkit.edges.get({filter: e =>
            (e.from === a && e.to === b) || (e.from === b && e.to === a)})[0].id""",
            [kim, kcna],
        )
        # zoom in on the edge, then find a point on it that hits this edge and no node
        run.js(
            """([a, b]) => { const p = graphkit.network.getPositions([a, b]);
            graphkit.network.moveTo({position: {x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2},
                                     scale: 2, animation: false}); }""",
            [kim, kcna],
        )
        point = run.js(
            """([a, b, edge]) => {
            const net = graphkit.network, pos = net.getPositions([a, b]);
            for (let t = 0.5, k = 0; k < 40; k++, t = 0.5 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 0.02) {
                const p = net.canvasToDOM({x: pos[a].x + t * (pos[b].x - pos[a].x),
                                           y: pos[a].y + t * (pos[b].y - pos[a].y)});
                if (net.getEdgeAt(p) === edge && net.getNodeAt(p) === undefined) return p;
            }
            return null;
        }""",
            [kim, kcna, edge_id],
        )
        assert point is not None
        box = run.page.locator("#mynetwork").bounding_box()
        run.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        assert run.js("graphkit.selected()") == {"kind": "edge", "id": edge_id}

        panel = run.page.locator("#gk-panel")
        assert panel.locator("h2").inner_text() in ("Kim Jong Un — KCNA", "KCNA — Kim Jong Un")
        items = panel.locator(".gk-evidence li")
        assert items.count() == len(evidence) >= 1
        for k, (doc_id, sentence) in enumerate(evidence):
            assert items.nth(k).locator("blockquote").inner_text() == sentence
            assert items.nth(k).locator(".gk-source code").inner_text() == doc_id
        # every evidence sentence names both (checked by reading the seeds); the names are marked
        for k in range(items.count()):
            marks = items.nth(k).locator("mark").all_inner_texts()
            assert any("KCNA" in m for m in marks) and any("Kim" in m for m in marks)
        run.page.screenshot(path=str(artifacts_dir / "html_seeds_edge.png"))
        assert_quiet(run)


def test_filters_hover_and_physics(browser, seeds_page, seeds_graph):
    kim = node_by_label(seeds_graph, "Kim Jong Un")
    with open_page(browser, seeds_page) as run:
        # legend toggle hides every PERSON and their links, and brings them back
        person = run.page.locator('#gk-legend button[data-type="PERSON"]')
        person.click()
        assert person.get_attribute("aria-pressed") == "false"
        shown = run.js("graphkit.nodesView.getIds()")
        assert sorted(shown) == sorted(n for n, d in seeds_graph.nodes(data=True) if d["type"] != "PERSON")
        no_person_edges = [
            e
            for e in seeds_graph.edges
            if "PERSON" not in (seeds_graph.nodes[e[0]]["type"], seeds_graph.nodes[e[1]]["type"])
        ]
        assert run.js("graphkit.edgesView.length") == len(no_person_edges)
        person.click()
        assert run.js("graphkit.nodesView.length") == seeds_graph.number_of_nodes()

        # the weight slider keeps links of at least that weight
        run.page.locator("#gk-weight").fill("2")
        heavy = [e for e in seeds_graph.edges(data="weight") if e[2] >= 2]
        assert 0 < len(heavy) < seeds_graph.number_of_edges()
        assert run.js("graphkit.edgesView.length") == len(heavy)
        assert run.page.inner_text("#gk-weight-value") == "2"
        run.page.locator("#gk-weight").fill("1")

        # hovering Kim Jong Un dims everything outside the neighbourhood
        point = node_dom_point(run, kim)
        run.page.mouse.move(point["x"], point["y"], steps=4)
        run.page.wait_for_function("() => graphkit.dimmed().nodes.length > 0")
        keep = {kim, *seeds_graph.neighbors(kim)}
        assert set(run.js("graphkit.dimmed().nodes")) == set(seeds_graph.nodes) - keep
        run.page.mouse.move(2, 2, steps=4)
        run.page.wait_for_function("() => graphkit.dimmed().nodes.length === 0")

        # physics toggle
        button = run.page.locator("#gk-physics")
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        assert run.js("graphkit.network.physics.physicsEnabled") is True
        button.click()
        assert run.js("graphkit.network.physics.physicsEnabled") is False
        assert_quiet(run)


# ---- hostile text -----------------------------------------------------------------------------


def hostile_graph() -> nx.Graph:
    """Every string the page shows carries a probe next to an entity name."""
    g = nx.Graph()
    g.add_node(
        XSS_SCRIPT,
        label=f"{XSS_IMG} Kim Jong Un",
        type=XSS_IMG,
        mentions=3,
        documents=1,
        aliases=f"Kim {XSS_SCRIPT}|<!-- Kim|Kim\u2028Jong",
        doc_ids=f"{XSS_IMG}|d2",
    )
    g.add_node(
        "kcna", label=f"KCNA {XSS_SCRIPT}", type="ORG", mentions=2, documents=1, aliases=f"KCNA|{XSS_IMG}", doc_ids="d2"
    )
    g.add_node("moscow", label="Moscow", type="GPE", mentions=1, documents=1, aliases="Moscow", doc_ids="d2")
    g.add_edge(
        XSS_SCRIPT,
        "kcna",
        weight=2,
        documents=2,
        evidence=f"[{XSS_IMG}] {XSS_IMG} Kim Jong Un told KCNA {XSS_SCRIPT}\n[d2] KCNA <b>quoted</b> Kim.",
    )
    g.add_edge("kcna", "moscow", weight=1, documents=1, evidence="[d2] KCNA reported from Moscow.")
    g.graph["documents_json"] = json.dumps(
        {
            XSS_IMG: {"title": XSS_SCRIPT, "url": "javascript:window.__xss=1"},
            "d2": {"title": XSS_IMG, "url": f"https://example.org/?q={XSS_SCRIPT}", "source": XSS_IMG},
        }
    )
    g.graph["documents"] = 2
    return g


def exercise_everything(run):
    """Search, open every node and edge panel, hover every node: whatever text there is gets shown."""
    search = run.page.locator("#gk-search")
    search.click()
    search.press_sequentially("kim")
    run.page.wait_for_selector("#gk-suggestions li[data-id]")
    search.press("Enter")
    for node_id in run.js("graphkit.nodes.getIds()"):
        assert run.js("id => graphkit.focusNode(id)", node_id)
        point = node_dom_point(run, node_id)
        run.page.mouse.move(point["x"], point["y"], steps=4)
        run.page.wait_for_timeout(50)
    # the curation panel shows names too: merge two, rename one to a probe, list the suggestions
    ids = run.js("graphkit.nodes.getIds()")
    if len(ids) >= 2:
        assert run.js("ids => graphkit.merge(ids)", ids[:2])
        kept = next(i for i in ids[:2] if run.js("id => id in graphkit.data.nodes", i))  # (the merge's choice)
        assert run.js("([id, name]) => graphkit.rename(id, name)", [kept, XSS_IMG])
        assert run.js("id => graphkit.focusNode(id)", kept)
        assert json.dumps(XSS_IMG) in run.js("graphkit.aliasesYaml()")  # quoted: reads back as it was
        assert run.js("graphkit.undo()") and run.js("graphkit.undo()")  # the page as built again
        assert run.js("graphkit.pending()") == []
    for edge_id in run.js("graphkit.edges.getIds()"):
        assert run.js("id => graphkit.selectEdge(id, true)", edge_id)
    run.page.click("#gk-cur-suggestions summary")
    run.page.wait_for_timeout(300)  # give any injected handler a chance to fire


def test_hostile_text_cannot_run_code(browser, nlp, tmp_path, artifacts_dir):
    # (1) a hand-made graph with probes in ids, labels, aliases, types, evidence and titles
    graph_page = write_html(hostile_graph(), tmp_path / "hostile_graph.html", title=f"{XSS_IMG} corpus")
    # (2) articles with probes next to entity names, through the real pipeline
    corpus = tmp_path / "hostile.jsonl"
    rows = [
        {
            "id": "x1",
            "title": XSS_SCRIPT,
            "url": "javascript:window.__xss=1",
            "text": f"{XSS_IMG} Vladimir Putin met Kim Jong Un in Moscow on Monday. {XSS_SCRIPT} "
            "Kim Jong Un later told KCNA that the talks with Vladimir Putin went well.",
        },
        {
            "id": "x2",
            "title": XSS_IMG,
            "url": "https://example.org/a",
            "text": f"KCNA said Kim Jong Un {XSS_IMG} would visit Moscow. Vladimir Putin {XSS_SCRIPT} welcomed him.",
        },
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = build([corpus], nlp=nlp)
    assert result.graph.number_of_edges() > 0
    corpus_page = write_html(result.graph, tmp_path / "hostile_corpus.html", title=XSS_SCRIPT)

    pages = ((graph_page, f"{XSS_IMG} corpus", "html_hostile_graph.png"), (corpus_page, XSS_SCRIPT, None))
    for page, title, shot in pages:
        with open_page(browser, page) as run:
            exercise_everything(run)
            assert run.js("window.__xss") is None
            assert run.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
            assert run.js("document.querySelectorAll('script').length") == 12  # two data blocks + ten of ours
            # the probes are on screen, as text
            assert run.page.inner_text("#gk-title") == title
            if shot:
                assert run.page.inner_text("#gk-panel h2") == f"KCNA {XSS_SCRIPT} — Moscow"
                run.js("id => graphkit.selectEdge(id, true)", run.js("graphkit.edges.getIds()[0]"))
                assert XSS_SCRIPT in panel_text(run) and XSS_IMG in panel_text(run)
                hrefs = run.js("Array.from(document.querySelectorAll('#gk-panel a')).map(a => a.href)")
                assert hrefs and all(h.startswith("https://example.org/") for h in hrefs)  # no javascript:
                run.page.screenshot(path=str(artifacts_dir / shot))
            else:
                texts = run.js("Object.values(graphkit.data.edges).flatMap(e => e.evidence.map(x => x[1]))")
                assert any("onerror" in t or "</script>" in t for t in texts)  # probes reached the evidence
            assert_quiet(run)
