"""The page's timeline strip and date range in a real headless Chromium.

The dated test articles (tests/data/dated.README.md): 2019-01-04, 2019-01-06, 2019-01-07 and three
undated. A range keeps the entities and links of the articles of those dates; link weights and the
evidence list follow it; null clears it (an entity brought in from outside the first view too); and
the page stays offline and quiet throughout.
"""

from __future__ import annotations

import json

import lxml.html
import pytest
from browser import open_page
from conftest import DATA, node_by_label
from test_html_browser import assert_quiet

from graphkit.exports.html import write_html
from graphkit.graph import parse_by_date
from graphkit.pipeline import build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dated_graph(nlp):
    return build([DATA / "dated"], nlp=nlp).graph


@pytest.fixture(scope="module")
def dated_page(dated_graph, tmp_path_factory):
    return write_html(dated_graph, tmp_path_factory.mktemp("html") / "dated.html", title="dated")


def shown_in(graph, day_from, day_to):
    """Nodes and edges with something dated within the range, and the edges' weights in it."""

    def inside(value):
        return sum(n for day, n in parse_by_date(value).items() if day_from <= day <= day_to)

    nodes = {n for n, d in graph.nodes(data=True) if inside(d.get("mentions_by_date"))}
    weights = {frozenset((a, b)): inside(d.get("weight_by_date")) for a, b, d in graph.edges(data=True)}
    return nodes, {k: w for k, w in weights.items() if w}


def page_state(run):
    return run.js("""() => ({
        nodes: graphkit.nodesView.getIds(),
        edges: graphkit.edgesView.get().map(e => [e.from, e.to, e.value]),
    })""")


def test_date_range_filters_the_page(browser, dated_page, dated_graph, artifacts_dir):
    g = dated_graph
    with open_page(browser, dated_page) as run:
        assert run.js("graphkit.timelinePeriod") == "day"
        assert run.js("graphkit.timelineBins().map(b => [b.start, b.count])") == [
            ["2019-01-04", 1],
            ["2019-01-05", 0],
            ["2019-01-06", 1],
            ["2019-01-07", 1],
        ]
        assert "3 dated articles, bars per day · 3 undated" in run.page.inner_text("#gk-timeline-label")
        full = page_state(run)
        assert len(full["nodes"]) == g.number_of_nodes() and len(full["edges"]) == g.number_of_edges()

        for day_from, day_to in [("2019-01-07", "2019-01-07"), ("2019-01-04", "2019-01-06")]:
            assert run.js(f"graphkit.setDateRange('{day_from}', '{day_to}')") == {"from": day_from, "to": day_to}
            nodes, weights = shown_in(g, day_from, day_to)
            state = page_state(run)
            assert set(state["nodes"]) == nodes and 0 < len(nodes) < g.number_of_nodes()
            assert {frozenset((a, b)): w for a, b, w in state["edges"]} == weights  # weights follow the range
        assert "2019-01-04 to 2019-01-06: 2 articles" in run.page.inner_text("#gk-timeline-label")
        run.page.screenshot(path=str(artifacts_dir / "html_dated_range.png"))

        assert run.js("graphkit.setDateRange(null, null)") is None
        assert page_state(run) == full
        assert_quiet(run)


def test_evidence_follows_the_range(browser, dated_page, dated_graph):
    g = dated_graph
    pelosi, house = node_by_label(g, "Nancy Pelosi"), node_by_label(g, "House")
    with open_page(browser, dated_page) as run:
        edge_id = run.js(
            """([a, b]) => graphkit.edges.get({filter: e =>
            (e.from === a && e.to === b) || (e.from === b && e.to === a)})[0].id""",
            [pelosi, house],
        )
        run.js("id => graphkit.selectEdge(id, false)", edge_id)
        sources = lambda: run.page.locator("#gk-panel .gk-evidence .gk-source code").all_inner_texts()  # noqa: E731
        assert sorted(sources()) == ["bush-veto", "pelosi_speaker", "trump_emergency"]

        run.js("graphkit.setDateRange('2019-01-07', '2019-01-07')")
        assert run.js("graphkit.selected()") == {"kind": "edge", "id": edge_id}
        assert sources() == ["trump_emergency"]
        note = run.page.inner_text("#gk-panel .gk-note")
        assert "Weight 1 from 2019-01-07 to 2019-01-07 (3 in all)" in note
        assert "1 of the 3 stored evidence sentences" in note

        run.js("graphkit.setDateRange('2019-01-04', '2019-01-07')")
        assert sorted(sources()) == ["pelosi_speaker", "trump_emergency"]  # the undated one is left out

        # a range without the link hides it and clears the selection; the search brings it back
        run.js("graphkit.setDateRange('2019-01-06', '2019-01-06')")
        assert run.js("graphkit.selected()") is None
        assert pelosi not in run.js("graphkit.nodesView.getIds()")
        run.js("id => graphkit.focusNode(id)", pelosi)
        assert run.js("graphkit.dateRange()") is None and pelosi in run.js("graphkit.nodesView.getIds()")
        assert_quiet(run)


def test_dragging_on_the_strip(browser, dated_page, dated_graph):
    with open_page(browser, dated_page) as run:
        box = run.page.locator("#gk-timeline-bars").bounding_box()
        bins = 4
        pad = 8
        width = (box["width"] - 2 * pad) / bins

        def x(i):  # the middle of bar i
            return box["x"] + pad + (i + 0.5) * width

        y = box["y"] + box["height"] / 2
        run.page.mouse.move(x(2), y)
        run.page.mouse.down()
        run.page.mouse.move(x(3), y, steps=4)
        run.page.mouse.up()
        assert run.js("graphkit.dateRange()") == {"from": "2019-01-06", "to": "2019-01-07"}
        nodes, _ = shown_in(dated_graph, "2019-01-06", "2019-01-07")
        assert set(run.js("graphkit.nodesView.getIds()")) == nodes
        run.page.locator("#gk-timeline-clear").click()
        assert run.js("graphkit.dateRange()") is None
        assert run.js("graphkit.nodesView.length") == dated_graph.number_of_nodes()
        assert_quiet(run)


def test_undated_page_has_no_strip(browser, seeds_graph, tmp_path):
    page = write_html(seeds_graph, tmp_path / "seeds.html")
    with open_page(browser, page) as run:
        assert run.page.locator("#gk-timeline").is_hidden()
        assert run.js("graphkit.timelineBins()") == []
        assert_quiet(run)


def test_null_alone_clears_the_range(browser, dated_page):
    """setDateRange(null), as the README writes it, clears the range (it used to mean "the whole span",
    which hides every entity of the undated articles)."""
    with open_page(browser, dated_page) as run:
        full = page_state(run)
        run.js("graphkit.setDateRange('2019-01-07', '2019-01-07')")
        assert page_state(run) != full
        assert run.js("graphkit.setDateRange(null)") is None
        assert run.js("graphkit.dateRange()") is None
        assert page_state(run) == full
        assert_quiet(run)


def test_an_entity_outside_the_first_view_clears_the_range(browser, dated_graph, tmp_path):
    """Chosen while a date range is set, an entity that is not drawn comes with its neighbours,
    as a drawn one does (it used to leave an empty graph and a TypeError)."""
    path = write_html(dated_graph, tmp_path / "few.html", title="dated", max_nodes=3)
    drawn = set(
        json.loads(lxml.html.fromstring(path.read_text(encoding="utf-8")).get_element_by_id("gk-data").text)["nodes"]
    )
    outside = min((n for n in dated_graph if n not in drawn and dated_graph.degree(n)), key=str)
    with open_page(browser, path) as run:
        run.page.wait_for_function("() => graphkit.restReady === true")
        run.js("graphkit.setDateRange('2019-01-07', '2019-01-07')")
        assert run.js("id => graphkit.focusNode(id)", outside)
        run.page.wait_for_function("id => graphkit.ego() && graphkit.ego().center === id", arg=outside)
        assert run.js("graphkit.dateRange()") is None
        shown = set(run.js("graphkit.nodesView.getIds()"))
        assert outside in shown and set(dated_graph[outside]) & shown
        assert run.page.inner_text("#gk-panel h2") == dated_graph.nodes[outside]["label"]
        # a range set in the ego view goes with the overview (the entities brought in carry no dates)
        run.js("graphkit.setDateRange('2019-01-07', '2019-01-07')")
        assert run.js("graphkit.ego()") is None and run.js("graphkit.dateRange()") is not None
        assert set(run.js("graphkit.nodesView.getIds()")) <= drawn
        assert_quiet(run)


def test_the_entity_panel_lists_the_links_of_the_range(browser, dated_page, dated_graph):
    """With a range set, "Strongest links" holds the links of those dates, with their weight in them
    (it used to list every link with its whole weight, and a click on one cleared the range)."""
    g = dated_graph
    day = ("2019-01-04", "2019-01-04")
    _, weights = shown_in(g, *day)
    node = min(
        (
            n
            for n in g
            if any(frozenset((n, m)) in weights for m in g[n]) and any(frozenset((n, m)) not in weights for m in g[n])
        ),
        key=str,
    )
    expected = sorted(
        (weights[frozenset((node, m))], g.nodes[m]["label"]) for m in g[node] if frozenset((node, m)) in weights
    )
    with open_page(browser, dated_page) as run:
        run.js("id => graphkit.focusNode(id)", node)
        run.js(f"graphkit.setDateRange('{day[0]}', '{day[1]}')")
        rows = run.js(
            """() => Array.from(document.querySelectorAll('#gk-panel-body .gk-neighbours li'))
                     .map(li => [parseInt(li.querySelector('.gk-weight').textContent),
                                 li.querySelector('button').textContent])"""
        )
        assert sorted((w, label) for w, label in rows) == expected
        assert_quiet(run)


def test_a_merge_in_the_page_counts_both_entities_dates(browser, dated_page, dated_graph):
    """Merged in the page, two entities are one in the date range too: the merged entity's mentions and
    its links' weights in the range add up both, and clearing the range gives the merged link its whole
    weight and tooltip (it used to count the kept entity's dates alone, and to go back to the weight and
    tooltip the link had before the merge)."""
    g = dated_graph
    keep, other, end = (node_by_label(g, label) for label in ("House", "House of Representatives", "Nancy Pelosi"))
    day = "2019-01-04"

    def on_day(value):
        return parse_by_date(value).get(day, 0)

    assert g.has_edge(keep, end) and g.has_edge(other, end)
    link_on_day = on_day(g.edges[keep, end]["weight_by_date"]) + on_day(g.edges[other, end]["weight_by_date"])
    mentions_on_day = on_day(g.nodes[keep]["mentions_by_date"]) + on_day(g.nodes[other]["mentions_by_date"])
    whole = g.edges[keep, end]["weight"] + g.edges[other, end]["weight"]
    assert link_on_day == 2 and whole == 4  # (the pair was chosen so that both entities count on that day)
    link = """([a, b]) => graphkit.edges.get({filter: e =>
        (e.from === a && e.to === b) || (e.from === b && e.to === a)}).map(e => [e.value, e.title])[0]"""
    weights = "() => Object.fromEntries(graphkit.edges.get().map(e => [e.id, e.value]))"
    with open_page(browser, dated_page) as run:
        before = run.js(weights)
        run.js(f"graphkit.setDateRange('{day}', '{day}')")
        assert run.js("ids => graphkit.merge(ids, 'House')", [keep, other])
        run.page.wait_for_function(
            "([a, b, w]) => graphkit.edgesView.get().some(e => ((e.from === a && e.to === b) || "
            "(e.from === b && e.to === a)) && e.value === w)",
            arg=[keep, end, link_on_day],
        )
        value, title = run.js(link, [keep, end])
        assert value == link_on_day and title.endswith(f"\n{link_on_day} from {day} to {day}")
        assert title.count(f" from {day} to {day}") == 1
        run.js("id => graphkit.focusNode(id)", keep)
        note = run.page.inner_text("#gk-panel .gk-note")
        assert f"{mentions_on_day} mention" in note and f"from {day} to {day}" in note

        run.js("graphkit.setDateRange(null)")
        value, title = run.js(link, [keep, end])
        assert value == whole
        assert title.split("\n")[0] == "House — Nancy Pelosi" and title.split("\n")[1].startswith(f"weight {whole} · ")
        assert " from " not in title
        # every other link kept its whole weight (the merge retitles them, under the range too)
        after = run.js(weights)
        changed = {i for i in before if i in after and after[i] != before[i]}
        assert changed == {run.js(link.replace("[e.value, e.title]", "e.id"), [keep, end])}

        run.js("graphkit.setDateRange('2019-01-07', '2019-01-07')")  # undone under a range: as built
        run.js("graphkit.undo()")
        run.js("graphkit.setDateRange(null)")
        value, title = run.js(link, [keep, end])
        assert value == g.edges[keep, end]["weight"] and f"weight {g.edges[keep, end]['weight']}" in title
        assert_quiet(run)


def test_a_rename_under_a_date_range_keeps_the_links_whole_weights(browser, dated_page, dated_graph):
    """A rename retitles the entity's links; under a range the timeline took the weights the range
    showed as the links' own, so clearing the range left them shrunk (House-Senate 2 became 0)."""
    house = node_by_label(dated_graph, "House")
    weights = "() => Object.fromEntries(graphkit.edges.get().map(e => [e.id, e.value]))"
    with open_page(browser, dated_page) as run:
        before = run.js(weights)
        run.js("graphkit.setDateRange('2019-01-04', '2019-01-04')")
        assert run.js(weights) != before
        assert run.js("id => graphkit.rename(id, 'Lower House')", house)
        run.page.wait_for_timeout(100)
        run.js("graphkit.setDateRange(null)")
        assert run.js(weights) == before
        assert_quiet(run)
