"""Relations, roles and quotes on the explorer page, in a real headless Chromium.

The seeds built with relations: the relation filter ("meet" leaves the one meeting), the relation
on a link's tooltip and in its evidence panel, roles and quotes in an entity's panel; and a page
of a graph built without relations shows no relation filter.
"""

from __future__ import annotations

import pytest
from browser import open_page
from conftest import node_by_label

from graphkit.exports.html import write_html

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def relations_page(seeds_relations_result, tmp_path_factory):
    return write_html(seeds_relations_result.graph, tmp_path_factory.mktemp("html") / "seeds.html", title="seeds")


def _quiet(run):
    assert run.requests == [] and run.console_errors == [] and run.page_errors == [] and run.dialogs == []


def test_relation_filter_shows_only_those_ties(browser, relations_page, seeds_relations_result, artifacts_dir):
    g = seeds_relations_result.graph
    zelensky, trump = node_by_label(g, "Volodymyr Zelensky"), node_by_label(g, "Donald J. Trump")
    with open_page(browser, relations_page) as run:
        assert run.js("() => graphkit.edgesView.getIds().length") == g.number_of_edges()
        run.page.fill("#gk-relation", "meet")
        run.page.wait_for_timeout(200)
        shown = run.js("() => graphkit.edgesView.getIds().map(id => graphkit.edges.get(id))")
        assert [{e["from"], e["to"]} for e in shown] == [{zelensky, trump}]
        assert sorted(run.js("() => graphkit.nodesView.getIds()")) == sorted([zelensky, trump])
        assert run.page.inner_text("#gk-relation-count") == "1 link"
        tooltip = shown[0]["title"]
        assert "Volodymyr Zelensky → meet with → Donald J. Trump" in tooltip
        run.js("id => graphkit.selectEdge(id, true)", shown[0]["id"])
        panel = run.page.inner_text("#gk-panel")
        assert "Volodymyr Zelensky → meet with → Donald J. Trump" in panel
        assert "states: meet with" in panel and "met with Mr. Trump" in panel
        run.page.screenshot(path=str(artifacts_dir / "relations_filter_meet.png"))
        run.page.fill("#gk-relation", "")
        run.page.wait_for_timeout(200)
        assert run.js("() => graphkit.edgesView.getIds().length") == g.number_of_edges()
        _quiet(run)


def test_entity_panel_shows_roles_and_quotes(browser, relations_page, seeds_relations_result, artifacts_dir):
    yang = node_by_label(seeds_relations_result.graph, "Yang Mu-jin")
    with open_page(browser, relations_page) as run:
        run.js("id => graphkit.focusNode(id)", yang)
        panel = run.page.inner_text("#gk-panel")
        assert "ROLES" in panel.upper() and "president of University of North Korean Studies" in panel
        assert "The two countries agreed to disclose the deployment" in panel
        assert "000_241f8b6d09b44f10" in panel
        run.page.screenshot(path=str(artifacts_dir / "relations_entity_panel.png"))
        _quiet(run)


def test_page_without_relations_has_no_relation_filter(browser, seeds_graph, tmp_path):
    page = write_html(seeds_graph, tmp_path / "plain.html")
    with open_page(browser, page) as run:
        assert run.js("() => document.getElementById('gk-relation')") is None
        _quiet(run)


def test_each_sentence_keeps_its_relation_when_a_date_range_hides_others(browser, nlp_relations, tmp_path):
    """Pelosi-House: three stored sentences, the first stating "minority leader of", the last
    "speaker of" (2019-01-07). With only 2019-01-07 in range the one sentence left shows its own
    relation, not the first sentence's."""
    from conftest import DATA

    from graphkit.pipeline import build

    g = build([DATA / "dated"], nlp=nlp_relations).graph
    pelosi, house = node_by_label(g, "Nancy Pelosi"), node_by_label(g, "House")
    assert g.edges[pelosi, house]["evidence_relations"].split("\n") == ["minority leader of", "", "speaker of"]
    with open_page(browser, write_html(g, tmp_path / "dated.html")) as run:
        edge_id = run.js(
            """([a, b]) => graphkit.edges.get({filter: e =>
            (e.from === a && e.to === b) || (e.from === b && e.to === a)})[0].id""",
            [pelosi, house],
        )
        run.js("id => graphkit.selectEdge(id, false)", edge_id)
        stated = lambda: run.page.locator("#gk-panel .gk-evidence .gk-stated").all_inner_texts()  # noqa: E731
        assert stated() == ["states: minority leader of", "states: speaker of"]
        run.js("graphkit.setDateRange('2019-01-07', '2019-01-07')")
        assert run.page.locator("#gk-panel .gk-evidence li").count() == 1
        assert stated() == ["states: speaker of"]
        _quiet(run)
