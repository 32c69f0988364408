"""Curation in the explorer page, in a real headless Chromium: merge, drop, rename, retype, move an
alias out, undo, accept a suggestion, download aliases.yaml, and rebuild with it.

The downloaded file is read by the real alias-file reader through a real rebuild (the CLI), and
the rebuilt page must show the changes as its own graph with nothing pending: the alias file
round-trips (page -> file -> build -> page).
"""

from __future__ import annotations

import json

import networkx as nx
import pytest
from browser import open_page
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.explore.reviewing import review
from graphkit.graph.analytics import TYPE_COLORS
from graphkit.resolution.aliases import load_aliases

pytestmark = pytest.mark.browser


def build(seeds_dir, out, *options) -> dict:
    """The seeds built by the command; the node-link JSON of the graph."""
    result = CliRunner().invoke(main, ["build", str(seeds_dir), "-o", str(out), "--no-cache", "-q", *map(str, options)])
    assert result.exit_code == 0, result.output
    return json.loads((out / "graph.json").read_text(encoding="utf-8"))


def nodes_by_label(data: dict) -> dict:
    return {n["label"]: n for n in data["nodes"]}


def links_after(data: dict, merges=(), drops=()) -> int:
    """The links of a built graph (its node-link JSON) once ``merges`` ((kept id, merged id), in
    order) and ``drops`` (ids) are made, counted by networkx: what the page's header should say."""
    graph = nx.Graph((e["source"], e["target"]) for e in data["edges"])
    graph.add_nodes_from(n["id"] for n in data["nodes"])
    for kept, other in merges:
        graph = nx.contracted_nodes(graph, kept, other, self_loops=False)
    graph.remove_nodes_from(drops)
    return graph.number_of_edges()


@pytest.fixture(scope="module")
def seeds_built(seeds_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("curation") / "before"
    return out, build(seeds_dir, out)


def assert_no_errors(run):
    assert run.console_errors == [] and run.page_errors == [] and run.dialogs == []
    # nothing but the download's own blob: URL, never the network
    assert all(url.startswith("blob:file") for url in run.requests), run.requests


def test_merge_and_drop_in_the_page_then_rebuild_round_trips(browser, seeds_built, seeds_dir, tmp_path, artifacts_dir):
    out, before = seeds_built
    labels = nodes_by_label(before)
    un, un_security, francis = labels["UN"]["id"], labels["UN Security"]["id"], labels["Francis"]["id"]
    with open_page(browser, out / "graph.html") as run:
        page = run.page
        assert page.inner_text("#gk-cur-pending").count("No pending changes") == 1
        # merge: choose two entities with the panel's buttons, keep the name of "UN"
        run.js("id => graphkit.focusNode(id)", un_security)
        page.click("#gk-cur-add")
        run.js("id => graphkit.focusNode(id)", un)
        page.click("#gk-cur-add")
        page.select_option("#gk-cur-canonical", un)
        page.click("#gk-cur-merge")
        assert run.js("id => graphkit.nodes.get(id)", un_security) is None
        merged = run.js("id => graphkit.data.nodes[id]", un)
        assert merged["label"] == "UN" and {"UN", "UN Security"} <= set(merged["aliases"])
        # the merged entity has the links of both
        links = run.js("id => graphkit.network.getConnectedNodes(id)", un)
        assert set(links) >= {e["target"] if e["source"] == un_security else e["source"]
                              for e in before["edges"] if un_security in (e["source"], e["target"])} - {un}  # fmt: skip
        # each evidence sentence keeps the relation it states beside it (the page's relations part)
        aligned = run.js("""() => Object.values(graphkit.data.edges).filter(x => x.relations)
            .map(x => (x.evidence_relations || []).length === x.evidence.length)""")
        assert aligned and all(aligned)
        # drop
        run.js("id => graphkit.focusNode(id)", francis)
        page.click("#gk-cur-drop")
        assert run.js("id => graphkit.nodes.get(id)", francis) is None
        assert run.js("graphkit.pending()") == ["Merge “UN Security”, “UN” as “UN”", "Drop “Francis”"]
        assert "Pending changes (2)" in page.inner_text("#gk-cur-pending").replace("PENDING CHANGES", "Pending changes")
        page.screenshot(path=str(artifacts_dir / "curation_seeds.png"))
        with page.expect_download() as download:
            page.click("#gk-cur-download")
        assert download.value.suggested_filename == "aliases.yaml"
        path = tmp_path / "aliases.yaml"
        download.value.save_as(path)
        text = path.read_text(encoding="utf-8")
        assert text == run.js("graphkit.aliasesYaml()")
        assert_no_errors(run)
    table = load_aliases(path)
    assert table.lookup("UN Security") == ("map", "UN") and table.lookup("Francis") == ("drop", None)

    after = build(seeds_dir, tmp_path / "after", "--aliases", path)
    labels_after = nodes_by_label(after)
    assert "Francis" not in labels_after and "UN Security" not in labels_after
    assert set(labels_after["UN"]["aliases"].split("|")) == {"UN", "UN Security"}
    assert set(labels_after) == set(labels) - {"Francis", "UN Security"}  # nothing else moved

    with open_page(browser, tmp_path / "after" / "graph.html") as run:
        assert run.js("graphkit.pending()") == []
        assert "No pending changes" in run.page.inner_text("#gk-cur-pending")
        assert "Includes aliases.yaml" in run.page.inner_text("#gk-cur-pending")
        assert run.js("graphkit.aliasesYaml()") == text  # the file round-trips
        un_after = labels_after["UN"]["id"]
        assert set(run.js("id => graphkit.data.nodes[id].aliases", un_after)) == {"UN", "UN Security"}
        # merging what is already one entity changes nothing: there is nothing left to do
        assert_no_errors(run)


def test_a_merge_into_an_entity_the_rules_made_of_two_spellings_round_trips(browser, seeds_built, seeds_dir, tmp_path):
    """ "Yang Mu-jin" holds "Yang Moo-jin" by the near-identical rule. Merged in the page with another
    person, the rebuild with the downloaded file split "Yang Moo-jin" off again: a graph the page
    never showed. The rebuilt entity has every spelling the page's merged entity had."""
    out, before = seeds_built
    labels = nodes_by_label(before)
    yang, lim = labels["Yang Mu-jin"], labels["Lim Yul-chul"]
    assert "Yang Moo-jin" in yang["aliases"].split("|")  # (the rule's merge, on which the test rests)
    with open_page(browser, out / "graph.html") as run:
        assert run.js("ids => graphkit.merge(ids, 'Yang Mu-jin')", [yang["id"], lim["id"]])
        shown = set(run.js("id => graphkit.data.nodes[id].aliases", yang["id"]))
        text = run.js("graphkit.aliasesYaml()")
        assert_no_errors(run)
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    after = nodes_by_label(build(seeds_dir, tmp_path / "after", "--aliases", path))
    assert set(after) == set(labels) - {"Lim Yul-chul"}
    assert set(after["Yang Mu-jin"]["aliases"].split("|")) == shown >= {"Yang Mu-jin", "Yang Moo-jin", "Lim Yul-chul"}


def test_rename_retype_split_undo_and_suggestions(browser, seeds_built, seeds_dir, tmp_path):
    out, before = seeds_built
    labels = nodes_by_label(before)
    trump, kremlin, yang = labels["Donald J. Trump"]["id"], labels["Kremlin"]["id"], labels["Yang Mu-jin"]["id"]
    with open_page(browser, out / "graph.html") as run:
        assert run.js("id => graphkit.rename(id, 'Donald Trump')", trump)
        assert run.js("id => graphkit.retype(id, 'GPE')", kremlin)
        assert run.js("id => graphkit.split(id, 'Yang Moo-jin')", yang)
        assert run.js("id => graphkit.data.nodes[id].label", trump) == "Donald Trump"
        assert run.js("id => graphkit.data.nodes[id].type", kremlin) == "GPE"
        assert "Yang Moo-jin" not in run.js("id => graphkit.data.nodes[id].aliases", yang)
        with pytest.raises(Exception, match="PERSON, ORG"):
            run.js("id => graphkit.retype(id, 'not a type')", kremlin)
        with pytest.raises(Exception, match="no entity"):
            run.js("graphkit.drop('no-such-node')")
        # undo the rename (the first change): the page is as built but for the two others
        assert run.js("graphkit.undo(0)")
        assert run.js("id => graphkit.data.nodes[id].label", trump) == "Donald J. Trump"
        assert len(run.js("graphkit.pending()")) == 2
        assert run.js("id => graphkit.rename(id, 'Donald Trump')", trump)
        # a suggestion of the review, accepted with one click: the seeds' near-identical spelling
        run.page.click("#gk-cur-suggestions summary")
        item = run.page.locator("#gk-cur-suggestions li", has_text="Yang Moo-jin")
        assert item.count() == 1
        text = run.js("graphkit.aliasesYaml()")
        assert_no_errors(run)
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    after = nodes_by_label(build(seeds_dir, tmp_path / "after", "--aliases", path))
    assert "Donald Trump" in after and "Donald J. Trump" not in after
    assert after["Kremlin"]["type"] == "GPE"
    assert "Yang Moo-jin" in after and "Yang Moo-jin" not in after["Yang Mu-jin"]["aliases"].split("|")


def test_accepting_a_suggestion_makes_its_change(browser, seeds_built):
    out, before = seeds_built
    with open_page(browser, out / "graph.html") as run:
        run.page.click("#gk-cur-suggestions summary")
        first = run.page.locator("#gk-cur-suggestions li").first
        reason = first.locator("span").first.inner_text()
        first.locator("button", has_text="accept").click()
        assert len(run.js("graphkit.pending()")) == 1
        assert "accepted" in run.page.locator("#gk-cur-suggestions li").first.inner_text()
        suggestion = run.js("graphkit.data.curation.suggestions[0]")
        assert suggestion["reason"] == reason
        if suggestion["action"]["action"] == "split":
            alias = suggestion["action"]["alias"]
            assert f'"{alias}":\n    - "{alias}"' in run.js("graphkit.aliasesYaml()")
        assert_no_errors(run)


def test_the_panel_lists_the_review_and_changes_entities_the_first_view_does_not_draw(
    browser, seeds_dir, tmp_path, artifacts_dir
):
    """With a first view of 3 entities, the panel still lists every suggestion `graphkit review`
    gives (the entities they name are in the packed rest), accepting one works, and a merge of
    entities outside the first view writes all their surface forms into the alias file.

    The merges fold governments into their capitals' names, as a user who reads "Washington" and
    "the Kremlin" as the governments might: the United States (four forms) into Washington, both
    outside the first view; Moscow (drawn) into the Kremlin (outside), so the Kremlin takes
    Moscow's place on the map."""
    out = tmp_path / "small"
    built = build(seeds_dir, out, "--max-nodes", 3)
    before = nodes_by_label(built)
    listed = review(out)
    assert listed.suggestions and listed.found == len(listed.suggestions)
    usa, washington = before["United States"]["id"], before["Washington"]["id"]
    kremlin, moscow = before["Kremlin"]["id"], before["Moscow"]["id"]
    forms = before["United States"]["aliases"].split("|")
    assert set(forms) == {"The United States", "U.S.", "United States", "the United States"}
    with open_page(browser, out / "graph.html") as run:
        drawn = set(run.js("graphkit.nodes.getIds()"))
        assert len(drawn) == 3 and moscow in drawn and not {usa, washington, kremlin} & drawn
        run.page.wait_for_function("graphkit.restReady")
        # an entity found by search comes with its neighbours, each in its type's colour (only GPEs are
        # drawn), and its spellings can be moved out before any change was made
        search = run.page.locator("#gk-search")
        search.click()
        search.press_sequentially("Kim Jong Un")
        search.press("Enter")
        kim = before["Kim Jong Un"]["id"]
        run.page.wait_for_function("id => graphkit.ego() && graphkit.ego().center === id", arg=kim)
        shown = run.js("graphkit.nodes.get()")
        assert {n["id"]: n["color"] for n in shown}[kim] == TYPE_COLORS["PERSON"]
        by_id = {n["id"]: n for n in before.values()}
        assert all(n["color"] == TYPE_COLORS[by_id[n["id"]]["type"]] for n in shown), shown
        movable = run.page.locator("#gk-cur-edit .gk-cur-aliases li span").all_inner_texts()
        assert movable and set(movable) < set(before["Kim Jong Un"]["aliases"].split("|")), movable
        run.page.click("#gk-cur-suggestions summary")
        items = run.page.locator("#gk-cur-suggestions li")
        assert [items.nth(k).locator("code").inner_text() for k in range(items.count())] == [
            s.fix for s in listed.suggestions
        ]
        # a suggestion about an entity outside the first view, accepted in the close-up: the change
        # is made on the overview, which the close-up's nodes do not join, and the page comes back
        # to the close-up (test_curation_fixes_browser)
        outside = next(k for k, s in enumerate(listed.suggestions) if not set(s.nodes) & drawn)
        assert run.js("k => Promise.resolve(graphkit.acceptSuggestion(k))", outside)
        run.page.wait_for_function("id => graphkit.ego() && graphkit.ego().center === id", arg=kim)
        run.js("graphkit.backToOverview()")
        assert run.js("graphkit.ego()") is None and set(run.js("graphkit.nodes.getIds()")) == drawn
        assert run.js("ids => graphkit.merge(ids, 'Washington')", [usa, washington])
        assert run.js("ids => graphkit.merge(ids, 'Kremlin')", [moscow, kremlin])
        assert run.js("id => graphkit.nodes.get(id)", moscow) is None
        shown = run.js("id => graphkit.nodes.get(id)", kremlin)
        assert shown is not None and shown["label"] == "Kremlin"
        assert shown["color"] == TYPE_COLORS["ORG"]  # its own type's colour, though no ORG is drawn
        assert run.js("id => graphkit.nodes.get(id)", washington) is None  # merged, and still not drawn
        assert run.js("id => graphkit.data.nodes[id].label", washington) == "Washington"
        assert len(run.js("graphkit.pending()")) == 3
        # the header counts what the changes leave: two entities fewer (the split adds one only at
        # rebuild), and the links of the whole graph, most outside the first view, with them
        links = links_after(built, [(washington, usa), (kremlin, moscow)])
        assert links < len(built["edges"])
        counts = " ".join(run.page.inner_text("#gk-counts").split())
        assert counts.endswith(f"· {len(before) - 2} entities and {links} links after 3 pending changes"), counts
        text = run.js("graphkit.aliasesYaml()")
        run.page.screenshot(path=str(artifacts_dir / "curation-outside-first-view.png"))
        assert_no_errors(run)
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    table = load_aliases(path)
    for form in forms:
        assert table.lookup(form) == ("map", "Washington"), form
    assert table.lookup("Moscow") == ("map", "Kremlin")
    after = nodes_by_label(build(seeds_dir, tmp_path / "after", "--aliases", path))
    assert "United States" not in after and "Moscow" not in after
    assert set(forms) <= set(after["Washington"]["aliases"].split("|"))
    assert "Moscow" in after["Kremlin"]["aliases"].split("|")
    assert listed.suggestions[outside].fix not in [s.fix for s in review(tmp_path / "after").suggestions]


STATE = """() => ({yaml: graphkit.aliasesYaml(), pending: graphkit.pending(),
    drawn: graphkit.nodes.get().map(n => [n.id, n.label, n.color, n.x, n.y]).sort(),
    links: graphkit.edges.get().map(e => [e.id, e.from, e.to, e.value]).sort(),
    nodes: Object.keys(graphkit.data.nodes).sort().map(k => [k, graphkit.data.nodes[k]]),
    edges: Object.keys(graphkit.data.edges).sort().map(k => [k, graphkit.data.edges[k]])})"""


def test_a_change_applied_on_top_of_the_pending_ones_is_what_replaying_them_all_gives(browser, seeds_built):
    """Each change is applied to the page as the pending changes left it (fast), undo replays them
    all from the page as built: both ways must give the same page and the same alias file."""
    out, before = seeds_built
    labels = nodes_by_label(before)
    ids = {name: labels[name]["id"] for name in ("UN", "UN Security", "Francis", "Donald J. Trump", "Kremlin",
                                                 "Moscow", "Yang Mu-jin", "Seoul")}  # fmt: skip
    changes = [
        ("ids => graphkit.merge([ids['UN Security'], ids['UN']], 'UN')", ids),
        ("ids => graphkit.drop(ids['Francis'])", ids),
        ("ids => graphkit.rename(ids['Donald J. Trump'], 'Donald Trump')", ids),
        ("ids => graphkit.merge([ids['Moscow'], ids['Kremlin']], 'Kremlin', 'ORG')", ids),
        ("ids => graphkit.retype(ids['Kremlin'], 'GPE')", ids),
        ("ids => graphkit.split(ids['Yang Mu-jin'], 'Yang Moo-jin')", ids),
        ("() => graphkit.acceptSuggestion(0)", None),
    ]
    with open_page(browser, out / "graph.html") as run:
        for expression, arg in changes:
            assert run.js(expression, arg)
        applied = run.js(STATE)
        assert_no_errors(run)
    with open_page(browser, out / "graph.html") as run:
        assert run.js("ids => graphkit.rename(ids['Seoul'], 'Seoul City')", ids)  # undone below
        for expression, arg in changes:
            assert run.js(expression, arg)
        assert run.js("graphkit.undo(0)")  # the rest replayed from the page as built
        replayed = run.js(STATE)
        assert_no_errors(run)
    assert len(applied["pending"]) == len(changes)
    assert replayed == applied


def test_a_tie_between_types_offers_each_type_and_accepts_the_one_chosen(browser, tmp_path):
    """A name as many times GPE as ORG: the panel offers "accept as GPE" and "accept as ORG", and the
    alias file gets the type clicked (graphkit.graph.type_choice leaves the tie to the user)."""
    import networkx as nx

    from graphkit.exports.html import write_html

    g = nx.Graph(documents=4)
    for i, (label, etype, doc) in enumerate([("Robotics", "GPE", "a"), ("Robotics", "ORG", "b"),
                                             ("Ada Lovelace", "PERSON", "a"), ("Oslo", "GPE", "b")]):  # fmt: skip
        g.add_node(f"n{i}", label=label, type=etype, mentions=1, documents=1, aliases=label, doc_ids=doc)
    g.add_edge("n0", "n2", weight=1, documents=1, evidence="[a] Ada Lovelace in Robotics.")
    g.add_edge("n1", "n3", weight=1, documents=1, evidence="[b] Robotics of Oslo.")
    write_html(g, tmp_path / "tie.html")
    with open_page(browser, tmp_path / "tie.html") as run:
        (s,) = [s for s in run.js("graphkit.data.curation.suggestions") if s["kind"] == "types"]
        assert s["action"]["types"] == ["GPE", "ORG"] and "a tie" in s["reason"]
        k = run.js("graphkit.data.curation.suggestions").index(s)
        with pytest.raises(Exception, match="GPE or ORG"):
            run.js("k => graphkit.acceptSuggestion(k, 'PERSON')", k)
        run.page.click("#gk-cur-suggestions summary")
        item = run.page.locator("#gk-cur-suggestions li", has_text="Robotics")
        assert item.locator("button").all_inner_texts() == ["accept as GPE", "accept as ORG"]
        item.locator("button", has_text="accept as ORG").click()
        # (two entities of one name: their types tell them apart)
        assert run.js("graphkit.pending()") == ["Merge “Robotics” (GPE), “Robotics” (ORG) as “Robotics” (ORG)"]
        assert '"Robotics": ORG' in run.js("graphkit.aliasesYaml()")
        assert "accepted" in run.page.locator("#gk-cur-suggestions li", has_text="Robotics").inner_text()
        assert_no_errors(run)


def test_a_merge_of_hubs_adds_up_shared_links_and_the_file_names_each_key_by_its_most_used_spelling(browser, tmp_path):
    """The merged entity gets one link per neighbour, the weights of both added (the kept node's
    links are found through an index: a hub's merge must not lose or double one); the canonical
    may be given as one of the ids (its entity's name); the alias file lists each name key once,
    by its most mentioned spelling ("Ada Lovelace", not "Ada Lovelace's", which the reader matches
    by the same key). Entities of two types merged keep the type the page shows, in the file too,
    so the rebuild's type vote cannot give another. A spelling of the name's own key cannot be moved
    out (to the file it is the name). A spelling another entity also has stays out of
    the file, and the change's line says so (the rebuild leaves those mentions where they were)."""
    import networkx as nx

    from graphkit.exports.html import write_html

    g = nx.Graph(documents=3)
    people = [("Ada Lovelace", "PERSON", "Ada Lovelace|Lovelace|Ada Lovelace's"),
              ("Countess of Lovelace", "PERSON", "Countess of Lovelace"), ("London", "GPE", "London"),
              ("Oslo", "GPE", "Oslo"), ("Charles Babbage", "PERSON", "Charles Babbage|Babbage's|Charles Babbage's"),
              ("Londres", "ORG", "Londres"), ("Babbage", "ORG", "Babbage")]  # fmt: skip
    for i, (label, etype, aliases) in enumerate(people):
        g.add_node(f"n{i}", label=label, type=etype, mentions=10 - i, documents=1, aliases=aliases, doc_ids="a")
    for a, b, w in [(0, 2, 2), (1, 2, 3), (0, 1, 1), (1, 3, 1), (4, 2, 1), (4, 0, 4), (5, 3, 1)]:
        g.add_edge(f"n{a}", f"n{b}", weight=w, documents=1, evidence=f"[a] {people[a][0]} and {people[b][0]}.")
    write_html(g, tmp_path / "hubs.html")
    with open_page(browser, tmp_path / "hubs.html") as run:
        ids = run.js("Object.fromEntries(Object.entries(graphkit.data.nodes).map(([k, v]) => [v.label, k]))")
        ada, countess, london, oslo, babbage, londres, _ = (ids[p[0]] for p in people)
        assert run.js("ids => graphkit.merge(ids, ids[1])", [countess, ada])
        assert run.js("graphkit.pending()") == ["Merge “Countess of Lovelace”, “Ada Lovelace” as “Ada Lovelace”"]
        links = run.js("() => graphkit.edges.get().map(e => [[e.from, e.to].sort().join(' '), e.value]).sort()")
        assert links == sorted([[" ".join(sorted([ada, london])), 5], [" ".join(sorted([ada, oslo])), 1],
                                [" ".join(sorted([ada, babbage])), 4], [" ".join(sorted([babbage, london])), 1],
                                [" ".join(sorted([londres, oslo])), 1]])  # fmt: skip
        # a spelling of the name's own key is the name to the file: moving it out would rename the entity
        with pytest.raises(Exception, match="is the name “Ada Lovelace” itself"):
            run.js('id => graphkit.split(id, "Ada Lovelace\'s")', ada)
        assert run.js("id => graphkit.split(id, 'Lovelace')", ada)
        assert "Lovelace" not in run.js("id => graphkit.data.nodes[id].aliases", ada)
        assert run.js("id => graphkit.drop(id)", babbage)
        assert run.js("graphkit.pending()")[-1] == (
            "Drop “Charles Babbage” (the file leaves “Babbage's” alone: another entity has this spelling too)"
        )
        assert run.js("id => graphkit.rename(id, 'Augusta Ada King')", ada)
        assert run.js("ids => graphkit.merge(ids)", [londres, london])  # the most mentioned name: London
        assert run.js("graphkit.pending()")[-1] == "Merge “Londres”, “London” as “London” (GPE)"
        assert run.js("id => graphkit.data.nodes[id].type", london) == "GPE"
        text = run.js("graphkit.aliasesYaml()")
        assert_no_errors(run)
    assert '  - "Charles Babbage"\n' in text and "Charles Babbage's" not in text
    assert '    - "Ada Lovelace"\n' in text and "Ada Lovelace's" not in text
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    table = load_aliases(path)
    for spelling in ("Ada Lovelace", "Ada Lovelace's", "Countess of Lovelace"):
        assert table.lookup(spelling) == ("map", "Augusta Ada King"), spelling
    assert table.lookup("Lovelace") == ("map", "Lovelace")  # moved out: an entity of its own
    for spelling in ("Charles Babbage", "Charles Babbage's"):
        assert table.lookup(spelling) == ("drop", None), spelling
    assert table.lookup("Babbage's") is None  # the ORG "Babbage" has it too
    assert table.lookup("Londres") == ("map", "London") and table.type_of("London") == "GPE"
