"""The explorer's map of a large graph in a real headless Chromium: communities listed and focused,
names that never overlap, backbone links by default, and every entity reachable through search
(an ego view for one outside the first view, then back to the overview). No request, no error."""

from __future__ import annotations

import json

import lxml.html
import pytest
from browser import open_page
from planted import planted_graph

from graphkit.exports.html import write_html
from graphkit.graph.analytics import OTHER_COLOR, TYPE_COLORS
from graphkit.graph.relation_attributes import relation_attributes

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def planted():
    return planted_graph()


@pytest.fixture(scope="module")
def map_page(planted, tmp_path_factory):
    return write_html(planted, tmp_path_factory.mktemp("map") / "map.html", max_nodes=200, title="planted")


def payload(path) -> dict:
    return json.loads(lxml.html.fromstring(path.read_text(encoding="utf-8")).get_element_by_id("gk-data").text)


def assert_quiet(run):
    assert run.requests == []
    assert run.console_errors == []
    assert run.page_errors == []
    assert run.dialogs == []


def overlaps(a, b) -> bool:
    return (
        a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
    )


def test_overview_labels_backbone_and_communities(browser, map_page, planted, artifacts_dir):
    data = payload(map_page)
    drawn = list(data["nodes"])
    with open_page(browser, map_page, timeout_ms=60000) as run:
        run.page.screenshot(path=str(artifacts_dir / "html_map_overview.png"))
        # names: the most central are written, and no two labels overlap
        labels = run.js("graphkit.labels()")
        named = [b["id"] for b in labels if not b["id"].startswith("community:")]
        assert len(named) >= 20
        top = max(drawn, key=lambda n: planted.nodes[n]["pagerank"])
        assert top in named  # the most central entity of the view
        assert not any(overlaps(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :])
        # and none is cut by the map's left or right edge (a label there slides in), also when the
        # map is moved so that the edges cut through it
        width = run.js("document.getElementById('mynetwork').clientWidth")
        assert all(0 <= b["x"] and b["x"] + b["w"] <= width for b in labels), width
        for shift in (0.3, -0.6):
            run.js(
                """f => { const n = graphkit.network, p = n.getViewPosition();
                n.moveTo({position: {x: p.x + f * n.body.container.clientWidth / n.getScale(), y: p.y}}); }""",
                shift,
            )
            run.page.wait_for_timeout(200)
            moved = run.js("graphkit.labels()")
            assert moved and all(0 <= b["x"] and b["x"] + b["w"] <= width for b in moved), moved
            # and each names something on screen: a node off the canvas has no label at its edge
            anchors = run.js(
                """ids => { const n = graphkit.network, p = n.getPositions(ids);
                return ids.map(id => n.canvasToDOM(p[id]).x); }""",
                [b["id"] for b in moved if ":" not in b["id"]],
            )
            assert all(0 <= x <= width for x in anchors), anchors
        run.js("graphkit.network.fit({animation: false})")
        # backbone links by default, all links one click away
        backbone = run.js("graphkit.edges.get().filter(e => e.backbone).length")
        assert 0 < backbone < run.js("graphkit.edges.length")
        assert run.js("graphkit.edgesView.length") == backbone
        run.page.locator("#gk-links").click()
        assert run.js("graphkit.edgesView.length") == run.js("graphkit.edges.length")
        run.page.locator("#gk-links").click()
        assert run.js("graphkit.edgesView.length") == backbone

        # the communities panel lists them by name; clicking one focuses it
        listed = run.page.locator("#gk-community-list li")
        communities = run.js("graphkit.communities()")
        assert listed.count() == len(communities) == len(data["communities"]) >= 6
        second = communities[1]
        assert listed.nth(1).inner_text().startswith(second["name"])
        listed.nth(1).locator("button").click()
        assert run.page.inner_text("#gk-panel h2") == second["name"]
        panel = run.page.inner_text("#gk-panel")
        assert "most linked inside" in panel.lower() and "strongest ties" in panel.lower()
        assert second["ties"][0]["evidence"][1] in panel  # the evidence sentence of its strongest tie
        dimmed = set(run.js("graphkit.dimmed().nodes"))
        members = set(second["drawn"])
        assert members and not (members & dimmed)
        assert set(run.js("graphkit.nodesView.getIds()")) - members <= dimmed
        run.page.screenshot(path=str(artifacts_dir / "html_map_community.png"))
        assert_quiet(run)


def test_search_brings_in_an_entity_outside_the_first_view(browser, map_page, planted, artifacts_dir):
    data = payload(map_page)
    drawn = set(data["nodes"])
    # an undrawn entity with several neighbours, one of them undrawn too
    outside = sorted(
        (n for n in planted if n not in drawn and planted.degree(n) >= 3 and any(m not in drawn for m in planted[n])),
        key=str,
    )[0]
    label = planted.nodes[outside]["label"]
    strongest = sorted(planted[outside], key=lambda m: (-planted.edges[outside, m]["weight"], str(m)))
    with open_page(browser, map_page, timeout_ms=60000) as run:
        assert run.js("id => graphkit.nodes.get(id)", outside) is None
        run.page.wait_for_function("() => graphkit.restReady === true")
        search = run.page.locator("#gk-search")
        search.click()
        search.press_sequentially(label)
        option = run.page.locator(f'#gk-suggestions li[data-id="{outside}"]')
        assert option.inner_text().startswith(label)
        search.press("Enter")
        run.page.wait_for_function("id => graphkit.ego() && graphkit.ego().center === id", arg=outside)
        ego = run.js("graphkit.ego()")
        shown = set(run.js("graphkit.nodesView.getIds()"))
        assert shown == set(ego["members"]) and outside in shown
        assert set(strongest[:5]) <= shown  # its strongest neighbours came with it
        # each in its type's colour
        colours = {n["id"]: n["color"] for n in run.js("graphkit.nodes.get()")}
        assert all(colours[n] == TYPE_COLORS.get(planted.nodes[n]["type"], OTHER_COLOR) for n in shown), colours
        assert run.page.inner_text("#gk-panel h2") == label
        assert run.js("graphkit.selected()") == {"kind": "node", "id": outside}
        run.page.screenshot(path=str(artifacts_dir / "html_map_ego.png"))
        # the evidence of a link to an undrawn neighbour: its one snippet
        other = next(m for m in strongest if m not in drawn)
        edge_id = run.js(
            """([a, b]) => graphkit.edges.get().find(e =>
                              (e.from === a && e.to === b) || (e.from === b && e.to === a)).id""",
            [outside, other],
        )
        assert run.js("id => graphkit.selectEdge(id, true)", edge_id)
        sentence = planted.edges[outside, other]["evidence"].split("\n")[0].split("] ", 1)[1]
        assert sentence in run.page.inner_text("#gk-panel")
        # back to the overview
        back = run.page.locator("#gk-back")
        assert back.is_visible()
        back.click()
        assert run.js("graphkit.ego()") is None
        assert sorted(run.js("graphkit.nodesView.getIds()")) == sorted(drawn)
        assert run.js("graphkit.nodes.length") == len(drawn)
        assert not back.is_visible()
        # an entity of the first view is focused in place, without an ego view
        first = next(iter(data["nodes"]))
        assert run.js("id => graphkit.focusNode(id)", first)
        assert run.js("graphkit.ego()") is None
        assert_quiet(run)


def test_seeds_page_with_a_small_first_view(browser, seeds_graph, tmp_path):
    """The real pipeline's output: an entity left out of a 15-entity first view is still found."""
    path = write_html(seeds_graph, tmp_path / "seeds.html", max_nodes=15)
    drawn = set(payload(path)["nodes"])
    outside = max(
        (n for n in seeds_graph if n not in drawn and seeds_graph.degree(n)),
        key=lambda n: (seeds_graph.nodes[n]["mentions"], n),
    )
    with open_page(browser, path, timeout_ms=60000) as run:
        run.page.wait_for_function("() => graphkit.restReady === true")
        hits = run.js("q => graphkit.search(q, 50).map(h => h.id)", seeds_graph.nodes[outside]["label"])
        assert outside in hits
        assert run.js("id => graphkit.focusNode(id)", outside)
        run.page.wait_for_function("id => graphkit.ego() && graphkit.ego().center === id", arg=outside)
        assert set(seeds_graph[outside]) & set(run.js("graphkit.nodesView.getIds()"))
        assert len(run.js("graphkit.communities()")) >= 1
        assert_quiet(run)


def moved(before: dict, after: dict) -> list[str]:
    return [k for k in before if abs(before[k]["x"] - after[k]["x"]) + abs(before[k]["y"] - after[k]["y"]) > 1]


def test_physics_switched_off_brings_the_map_back(browser, map_page):
    """Physics pulls the entities out of their community discs; switched off, the map returns."""
    with open_page(browser, map_page, timeout_ms=60000) as run:
        before = run.js("graphkit.network.getPositions()")
        run.page.click("#gk-physics")
        run.page.wait_for_function(
            """b => { const p = graphkit.network.getPositions();
                      return Object.keys(b).filter(k => Math.abs(p[k].x - b[k].x) > 5).length > 20; }""",
            arg=before,
        )
        run.page.click("#gk-physics")
        assert moved(before, run.js("graphkit.network.getPositions()")) == []
        # an entity a pending merge removed stays removed
        ids = sorted(before)
        run.js("([a, b]) => graphkit.merge([a, b], a)", ids[:2])
        run.js("graphkit.setPhysics(true)")
        run.js("graphkit.setPhysics(false)")
        assert run.js("id => graphkit.nodes.get(id)", ids[1]) is None
        assert run.js("graphkit.nodes.length") == len(ids) - 1
        assert_quiet(run)


def test_a_relation_typed_in_the_filter_draws_its_links_outside_the_backbone(browser, planted, tmp_path):
    """ "Links: backbone" hides most links; a relation filter shows every link it counts."""
    first = write_html(planted, tmp_path / "plain.html", max_nodes=200, title="planted")
    with open_page(browser, first, timeout_ms=60000) as run:
        hidden = run.js("graphkit.edges.get().filter(e => e.backbone === false).map(e => [e.from, e.to])")[:3]
    assert len(hidden) == 3
    g = planted.copy()
    for a, b in g.edges:
        g.edges[a, b].update(relation_attributes({}, []))
    for a, b in hidden:
        g.edges[a, b].update(relation_attributes({("meet", ""): 1}, ["meet"]))
    path = write_html(g, tmp_path / "relations.html", max_nodes=200, title="planted")
    with open_page(browser, path, timeout_ms=60000) as run:
        assert run.js("graphkit.edgesView.get().filter(e => e.backbone === false).length") == 0
        run.page.fill("#gk-relation", "meet")
        run.page.dispatch_event("#gk-relation", "input")
        assert run.page.inner_text("#gk-relation-count") == "3 links"
        drawn = run.js("graphkit.edgesView.get().map(e => [e.from, e.to].sort())")
        assert sorted(drawn) == sorted(sorted(pair) for pair in hidden)
        # cleared while a type is switched off: back to the first view, without an error
        run.page.click("#gk-legend button >> nth=0")
        run.page.fill("#gk-relation", "")
        run.page.dispatch_event("#gk-relation", "input")
        assert run.js("graphkit.edgesView.get().filter(e => e.backbone === false).length") == 0
        assert_quiet(run)


def test_a_merge_keeps_the_backbone_links_drawn(browser, map_page, planted):
    """The links a merged-away entity brings keep their backbone mark (else "Links: backbone" hides
    them) and their tooltips name the kept entity, with the added weight."""
    with open_page(browser, map_page, timeout_ms=60000) as run:
        pair = run.js(
            """() => {
            const drawn = new Set(graphkit.edgesView.getIds());
            const ends = id => graphkit.edges.get().filter(e => drawn.has(e.id) && (e.from === id || e.to === id))
                                                   .map(e => e.from === id ? e.to : e.from);
            const ids = graphkit.nodesView.getIds().sort();
            for (const keep of ids) for (const other of ids) {
                if (keep === other || ends(keep).includes(other)) continue;
                const mine = new Set(ends(keep));
                const theirs = ends(other).filter(x => !mine.has(x) && x !== keep);
                if (theirs.length) return [keep, other, theirs];
            }
            return null;
        }"""
        )
        assert pair is not None
        keep, other, theirs = pair
        run.js("([keep, other]) => graphkit.merge([keep, other], keep)", [keep, other])
        assert run.js("graphkit.selected()") == {"kind": "node", "id": keep}  # the merged entity is shown
        drawn = run.js("graphkit.edgesView.get().map(e => [e.from, e.to, e.title])")
        mine = {b if a == keep else a: title for a, b, title in drawn if keep in (a, b)}
        assert set(theirs) <= set(mine)
        label = planted.nodes[keep]["label"]
        assert all(label in mine[end].split("\n")[0].split(" — ") for end in theirs)
        # renamed, it is named so in its links' tooltips
        run.js("id => graphkit.rename(id, 'Renamed Entity')", keep)
        titles = run.js("id => graphkit.edges.get().filter(e => e.from === id || e.to === id).map(e => e.title)", keep)
        assert titles and all("Renamed Entity" in t.split("\n")[0].split(" — ") for t in titles)
        assert_quiet(run)


def test_a_small_page_writes_the_most_central_names_first(browser, seeds_graph, tmp_path):
    """On a page that draws every entity, the names come most central first, as on the map: the
    seeds page wrote "Victory Day", "Germany", "Kursk" (first by id) large and bold, and left the two
    most central, Russia and North Korea, without a name. A name with no room under its entity goes
    above it or beside it: Kim Jong Un, Pyongyang and Donald J. Trump (4th, 5th and 10th) went
    unnamed in the dense centre."""
    path = write_html(seeds_graph, tmp_path / "seeds.html")
    by_rank = sorted(seeds_graph, key=lambda n: (-seeds_graph.nodes[n]["pagerank"], str(n)))
    with open_page(browser, path) as run:
        labels = run.js("graphkit.labels()")
        placed = [label["id"] for label in labels]
        assert placed[0] == by_rank[0]
        assert set(by_rank[:10]) <= set(placed)
        boxes = [(b["x"], b["y"], b["x"] + b["w"], b["y"] + b["h"]) for b in labels]
        assert not any(
            a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
        )  # names never overlap
        assert_quiet(run)


def test_the_relation_filter_counts_the_links_it_cannot_draw(browser, planted, tmp_path):
    """A relation stated only between entities outside the first view read "0 links", as if the corpus
    had none: the count now tells those too, names them for the search, and an ego view brings the
    link in with its relation, where the filter finds it."""
    first = write_html(planted, tmp_path / "plain.html", max_nodes=200, title="planted")
    drawn = set(payload(first)["nodes"])
    outside = sorted((a, b) for a, b in planted.edges if a not in drawn and b not in drawn)[:2]
    assert len(outside) == 2
    g = planted.copy()
    for a, b in g.edges:
        g.edges[a, b].update(relation_attributes({}, []))
    for a, b in outside:
        g.edges[a, b].update(relation_attributes({("meet", str(a)): 1}, ["meet"]))
    path = write_html(g, tmp_path / "relations.html", max_nodes=200, title="planted")
    with open_page(browser, path, timeout_ms=60000) as run:
        run.page.wait_for_function("() => graphkit.restReady === true")
        run.page.fill("#gk-relation", "meet")
        run.page.dispatch_event("#gk-relation", "input")
        run.page.wait_for_function("() => document.getElementById('gk-relation-count').textContent.includes('more')")
        assert run.page.inner_text("#gk-relation-count") == "0 drawn, 2 more with an entity not drawn"
        tooltip = run.js("document.getElementById('gk-relation-count').title")
        assert all(f"{g.nodes[a]['label']} — {g.nodes[b]['label']}" in tooltip for a, b in outside)
        # the entity brought in with its neighbours: its links carry their relations, the filter draws them
        a = outside[0][0]
        run.page.fill("#gk-relation", "")
        run.page.dispatch_event("#gk-relation", "input")
        assert run.js("id => graphkit.focusNode(id)", a)
        run.page.wait_for_function("id => graphkit.ego() && graphkit.ego().center === id", arg=a)
        run.page.fill("#gk-relation", "meet")
        run.page.dispatch_event("#gk-relation", "input")
        shown = run.js("graphkit.edgesView.get().map(e => [e.from, e.to].sort())")
        assert shown and all(pair in [sorted(p) for p in outside] for pair in shown)  # (those of its neighbours)
        assert_quiet(run)
