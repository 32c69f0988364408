"""What the seeds page shows, in a real headless Chromium: the first view, a narrow window, the
order of the entity panel, the marks in evidence and the note on kept sentences. No request, no error."""

from __future__ import annotations

import time

import networkx as nx
import pytest
from browser import open_page
from conftest import node_by_label
from test_html_browser import assert_quiet

from graphkit.exports.html import write_html
from graphkit.graph.comention import parse_evidence

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def seeds_page(seeds_relations_result, tmp_path_factory):
    return write_html(seeds_relations_result.graph, tmp_path_factory.mktemp("html") / "seeds.html", title="seeds")


def in_view(run, ids) -> list[str]:
    """The ids among ``ids`` whose centre is inside the graph's box on screen."""
    return run.js(
        """ids => {
        const box = document.getElementById('mynetwork').getBoundingClientRect();
        const pos = graphkit.network.getPositions(ids);
        return ids.filter(id => { const p = graphkit.network.canvasToDOM(pos[id]);
            return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; });
    }""",
        ids,
    )


def test_first_view_fits_the_largest_connected_group(browser, seeds_page, seeds_relations_result):
    """Not the whole page: the few entities far out would shrink the group to a crowded blob."""
    g = seeds_relations_result.graph
    main = sorted(max(nx.connected_components(g), key=len))
    assert len(main) < g.number_of_nodes()  # else this test proves nothing
    with open_page(browser, seeds_page) as run:
        first = run.js("graphkit.network.getScale()")
        assert sorted(in_view(run, main)) == main
        run.js("graphkit.network.fit({animation: false})")  # what "Fit all" shows
        assert first > 1.2 * run.js("graphkit.network.getScale()")
        assert_quiet(run)


def test_a_narrow_window_stacks_the_panels_and_keeps_the_graph(browser, seeds_page, artifacts_dir):
    """At 800 px or less the panels go below the graph; the graph keeps a steady, visible height
    (it used to grow with its own canvas, blank, pushing the panel out of the window)."""
    with open_page(browser, seeds_page) as run:
        run.page.set_viewport_size({"width": 760, "height": 700})
        heights = []
        for _ in range(3):
            time.sleep(0.7)
            heights.append(run.js("document.getElementById('mynetwork').getBoundingClientRect().height"))
        assert heights[0] == heights[1] == heights[2] and heights[0] > 120
        panel = run.js(
            "(() => { const b = document.getElementById('gk-panel').getBoundingClientRect();"
            " return [b.top, b.bottom]; })()"
        )
        assert panel[0] < 700 and panel[1] <= 700 + 1 and panel[1] - panel[0] > 150
        assert run.js("graphkit.network.getScale()") > 0.05
        run.page.screenshot(path=str(artifacts_dir / "html_narrow_window.png"))
        assert_quiet(run)


def test_evidence_marks_whole_words_only(browser, seeds_page):
    with open_page(browser, seeds_page) as run:
        marks = run.js(
            """() => Array.from(graphkit.ui.marked("The accused US envoy met Kim Jong Un, not Kim's aide or Kimchi.",
                                                  ["US", "Kim Jong Un", "Kim"]).querySelectorAll('mark'))
                        .map(m => m.textContent)"""
        )
        assert marks == ["US", "Kim Jong Un", "Kim"]
        # scripts written without spaces between words: a name among other letters is still marked
        for sentence, names in (
            ("习近平会见了普京。", ["习近平", "普京"]),
            ("プーチン大統領は東京を訪れた", ["プーチン", "東京"]),
        ):
            found = run.js(
                "([s, t]) => Array.from(graphkit.ui.marked(s, t).querySelectorAll('mark')).map(m => m.textContent)",
                [sentence, names],
            )
            assert found == names
        assert_quiet(run)


def test_a_link_panel_says_how_many_sentences_it_keeps(browser, seeds_page, seeds_relations_result):
    g = seeds_relations_result.graph
    a, b, d = max(
        ((a, b, d) for a, b, d in g.edges(data=True) if d["weight"] > len(parse_evidence(d["evidence"]))),
        key=lambda e: (e[2]["weight"], e[0], e[1]),
    )
    kept = len(parse_evidence(d["evidence"]))
    with open_page(browser, seeds_page) as run:
        edge = run.js(
            "([a, b]) => graphkit.edges.get()"
            ".find(e => (e.from === a && e.to === b) || (e.from === b && e.to === a)).id",
            [a, b],
        )
        run.js("id => graphkit.selectEdge(id, true)", edge)
        assert f"sentences kept of {d['weight']}:" in run.page.inner_text("#gk-panel")
        assert run.js("document.querySelectorAll('#gk-panel-body .gk-evidence li').length") == kept
        assert_quiet(run)


def test_entity_panel_puts_links_before_roles_quotes_and_documents(browser, seeds_page, seeds_relations_result):
    """A hub's roles and quotes used to push its links and the editing controls far down."""
    g = seeds_relations_result.graph
    person = max(
        (n for n, d in g.nodes(data=True) if d.get("roles") and d.get("quotes")), key=lambda n: (g.degree(n), n)
    )
    with open_page(browser, seeds_page) as run:
        run.js("id => graphkit.focusNode(id)", person)
        headings = run.js("Array.from(document.querySelectorAll('#gk-panel-body h3')).map(h => h.textContent)")
        assert [h for h in headings if h in ("Strongest links", "Roles", "Quotes", "Documents")] == [
            "Strongest links",
            "Roles",
            "Quotes",
            "Documents",
        ]
        panel = run.js("document.getElementById('gk-panel').getBoundingClientRect()")
        editing = "document.getElementById('gk-curation').getBoundingClientRect().top"
        assert run.js(editing) > panel["bottom"]  # below the fold: the button has something to do
        run.page.click("#gk-to-edit")
        assert panel["top"] - 1 <= run.js(editing) < panel["bottom"] - 40  # the editing controls scrolled into view
        assert_quiet(run)


def test_long_lists_fold_after_the_first_items(browser, tmp_path, seeds_relations_result):
    """Documents beyond the first ten (quotes beyond five) wait behind "N more documents"."""
    g = seeds_relations_result.graph.copy()
    person = node_by_label(g, "Kim Jong Un")
    g.nodes[person]["doc_ids"] = "|".join(f"d{i:02d}" for i in range(14))
    path = write_html(g, tmp_path / "many.html", title="many")
    with open_page(browser, path) as run:
        run.js("id => graphkit.focusNode(id)", person)
        shown = run.page.inner_text("#gk-panel-body")
        assert "d09" in shown and "d10" not in shown and "4 more documents" in shown
        run.page.click("#gk-panel-body details.gk-more summary >> text=4 more documents")
        assert "d13" in run.page.inner_text("#gk-panel-body")
        assert_quiet(run)


def test_the_entity_panel_lists_every_spelling_as_written(browser, seeds_page, seeds_relations_result):
    """ "Kim Jong-un" was left out of Kim Jong Un's "Also written as" (it differs by a hyphen only):
    a reader quoting the articles needs each spelling as they write it."""
    g = seeds_relations_result.graph
    kim = node_by_label(g, "Kim Jong Un")
    spellings = [a for a in g.nodes[kim]["aliases"].split("|") if a != "Kim Jong Un"]
    assert "Kim Jong-un" in spellings
    with open_page(browser, seeds_page) as run:
        run.js("id => graphkit.focusNode(id)", kim)
        shown = run.js(
            """() => { const h = Array.from(document.querySelectorAll('#gk-panel-body h3'))
                           .find(x => x.textContent === 'Also written as');
                       const lists = []; let n = h.nextElementSibling;
                       while (n && n.tagName !== 'H3') {
                           lists.push(...n.querySelectorAll('li')); n = n.nextElementSibling; }
                       return lists.map(li => li.textContent); }"""
        )
        assert shown == spellings
        assert_quiet(run)
