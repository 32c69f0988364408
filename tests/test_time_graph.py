"""Time in the graph: first_seen/last_seen, per-date counts, dated evidence, --since/--until, spells
in the GEXF, and the diff and timeline commands.

The articles' dates were read by hand (tests/data/dated.README.md); the Pelosi–House link was
checked by reading: "Speaker of the House" sentences name Pelosi in the 2019-01-04 and 2019-01-07
articles and in the undated "bush-veto" row.
"""

from __future__ import annotations

import json
import shutil

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import DATA, ROOT, node_by_label
from lxml import etree
from test_exports_graphology import node, read_with_graphology  # noqa: F401 - the fixture: Node.js and graphology

from graphkit.cli import main
from graphkit.explore import corpus_timeline, diff_graphs, entity_timeline, load_graph, render_diff
from graphkit.exports import write_gexf, write_graphml
from graphkit.graph import parse_by_date, parse_dated_evidence, parse_evidence
from graphkit.pipeline import build

DATED = DATA / "dated"
DATES = {
    "pelosi_speaker": "2019-01-04",
    "cruz-term-limits": "2019-01-06",
    "trump_emergency": "2019-01-07",
    "bush-veto": None,
    "puerto-rico": None,
    "tibet_monasteries": None,
}
GEXF_XSD = ROOT / "tests" / "schema" / "gexf" / "gexf.xsd"
GEXF_NS, VIZ_NS = "http://gexf.net/1.3", "http://gexf.net/1.3/viz"


@pytest.fixture(scope="module")
def dated(nlp):
    return build([DATED], nlp=nlp)


def _doc_days(doc_ids: str) -> set[str]:
    return {DATES[d] for d in doc_ids.split("|") if DATES[d]}


def test_nodes_carry_the_dates_of_their_articles(dated):
    g = dated.graph
    assert g.graph["articles_by_date"] == "2019-01-04:1|2019-01-06:1|2019-01-07:1"
    assert g.graph["undated_documents"] == 3
    undated_only = 0
    for n, data in g.nodes(data=True):
        days = _doc_days(data["doc_ids"])
        if not days:  # every article of it is undated: no time attributes at all
            assert not {"first_seen", "last_seen", "mentions_by_date"} & set(data), n
            undated_only += 1
            continue
        by_date = parse_by_date(data["mentions_by_date"])
        assert set(by_date) == days, n
        assert (data["first_seen"], data["last_seen"]) == (min(days), max(days))
        assert sum(by_date.values()) <= data["mentions"]
    assert undated_only > 3  # e.g. the Tibet article's entities
    pelosi = g.nodes[node_by_label(g, "Nancy Pelosi")]
    assert (pelosi["first_seen"], pelosi["last_seen"]) == ("2019-01-04", "2019-01-07")


def test_edges_carry_dates_and_dated_evidence(dated):
    g = dated.graph
    pelosi, house = node_by_label(g, "Nancy Pelosi"), node_by_label(g, "House")
    edge = g.edges[pelosi, house]
    assert edge["weight"] == 3
    assert parse_by_date(edge["weight_by_date"]) == {"2019-01-04": 1, "2019-01-07": 1}  # + 1 undated
    assert (edge["first_seen"], edge["last_seen"]) == ("2019-01-04", "2019-01-07")
    evidence = parse_dated_evidence(edge["evidence"])
    assert {(doc, day) for doc, _, day in evidence} == {
        ("bush-veto", None),
        ("pelosi_speaker", "2019-01-04"),
        ("trump_emergency", "2019-01-07"),
    }
    assert "[pelosi_speaker, 2019-01-04] Nancy Pelosi yesterday resumed" in edge["evidence"]
    # the plain reader still gives (doc_id, sentence)
    assert ("pelosi_speaker", evidence[1][1]) in parse_evidence(edge["evidence"])
    for a, b, data in g.edges(data=True):
        days = _doc_days(g.nodes[a]["doc_ids"]) & _doc_days(g.nodes[b]["doc_ids"])
        by_date = parse_by_date(data.get("weight_by_date"))
        assert set(by_date) <= days and sum(by_date.values()) <= data["weight"]
        assert ("first_seen" in data) == bool(by_date)


def test_an_undated_corpus_has_no_time_attributes(seeds_graph):
    assert not {"articles_by_date", "undated_documents"} & set(seeds_graph.graph)
    assert not any("first_seen" in d for _, d in seeds_graph.nodes(data=True))
    assert not any("first_seen" in d for *_, d in seeds_graph.edges(data=True))


def test_since_and_until(nlp, dated):
    r = build([DATED], nlp=nlp, since="2019-01-05")
    assert sorted(d.id for d in r.documents) == ["cruz-term-limits", "trump_emergency"]
    assert (r.date_range.outside, r.date_range.undated) == (1, 3)
    assert r.graph.graph["documents"] == 2 and r.graph.graph["undated_documents"] == 0
    assert all(d["first_seen"] >= "2019-01-05" for _, d in r.graph.nodes(data=True))
    assert node_by_label(r.graph, "Tibet") is None and node_by_label(dated.graph, "Tibet") is not None

    r = build([DATED], nlp=nlp, since="2019-01-04", until="January 6, 2019")
    assert sorted(d.id for d in r.documents) == ["cruz-term-limits", "pelosi_speaker"]
    assert (r.date_range.outside, r.date_range.undated) == (1, 3)


def test_cli_dates_summary_and_range(tmp_path):
    runner = CliRunner()
    done = runner.invoke(main, ["build", str(DATED), "-o", str(tmp_path / "all"), "--no-cache", "--format", "json"])
    assert done.exit_code == 0, done.output
    assert "3 article(s) dated 2019-01-04 to 2019-01-07, 3 undated." in done.output
    assert "note: " in done.output and "'date' field is not a date ('soon')" in done.output

    done = runner.invoke(
        main,
        [
            "build",
            str(DATED),
            "-o",
            str(tmp_path / "some"),
            "--no-cache",
            "--format",
            "json",
            "--since",
            "2019-01-05",
            "--until",
            "2019-01-06",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "Kept 1 article(s) dated 2019-01-05 to 2019-01-06; left out 2 dated outside it and 3 undated." in done.output

    done = runner.invoke(
        main, ["build", str(DATED), "-o", str(tmp_path / "none"), "--no-cache", "--since", "2030-01-01"]
    )
    assert done.exit_code == 1
    assert "No article is dated since 2030-01-01 (left out 3 dated outside it and 3 undated)" in done.output
    assert "Widen --since/--until" in done.output
    assert not (tmp_path / "none").exists() or not any((tmp_path / "none").iterdir())

    done = runner.invoke(main, ["build", str(DATED), "--since", "soon"])
    assert done.exit_code == 2 and "'soon' is not a date" in done.output


# ---------------------------------------------------------------- GEXF with spells


def gexf_schema():
    return etree.XMLSchema(etree.parse(str(GEXF_XSD)))


def assert_valid_gexf(path):
    """Valid against the vendored GEXF 1.3 XSD, whose viz elements sit in the main namespace
    (tests/schema/gexf/README.md): the viz:* elements are moved there for validation."""
    doc = etree.parse(str(path))
    viz = [el for el in doc.iter(f"{{{VIZ_NS}}}*")]
    assert viz, "the file has viz:color/size/position"
    for el in viz:
        el.tag = f"{{{GEXF_NS}}}{etree.QName(el).localname}"
    schema = gexf_schema()
    assert schema.validate(doc), schema.error_log


def test_gexf_has_spells_and_validates(dated, seeds_graph, tmp_path):
    path = write_gexf(dated.graph, tmp_path / "dated.gexf")
    assert_valid_gexf(path)
    root = etree.parse(str(path)).getroot()
    ns = {"g": GEXF_NS}
    graph = root.find("g:graph", ns)
    assert (root.get("version"), graph.get("mode"), graph.get("timeformat")) == ("1.3", "dynamic", "date")
    g = dated.graph
    for element in graph.iterfind("g:nodes/g:node", ns):
        spells = [(s.get("start"), s.get("end")) for s in element.iterfind("g:spells/g:spell", ns)]
        days = sorted(_doc_days(g.nodes[element.get("id")]["doc_ids"]))
        # 2019-01-06 and 2019-01-07 are consecutive: one spell; 2019-01-04 stands alone
        expected = {
            (): [],
            ("2019-01-04",): [("2019-01-04", "2019-01-04")],
            ("2019-01-06",): [("2019-01-06", "2019-01-06")],
            ("2019-01-07",): [("2019-01-07", "2019-01-07")],
            ("2019-01-04", "2019-01-06"): [("2019-01-04", "2019-01-04"), ("2019-01-06", "2019-01-06")],
            ("2019-01-04", "2019-01-07"): [("2019-01-04", "2019-01-04"), ("2019-01-07", "2019-01-07")],
            ("2019-01-06", "2019-01-07"): [("2019-01-06", "2019-01-07")],
            ("2019-01-04", "2019-01-06", "2019-01-07"): [("2019-01-04", "2019-01-04"), ("2019-01-06", "2019-01-07")],
        }[tuple(days)]
        assert spells == expected, element.get("id")
    pelosi, house = node_by_label(g, "Nancy Pelosi"), node_by_label(g, "House")
    [edge] = [e for e in graph.iterfind("g:edges/g:edge", ns) if {e.get("source"), e.get("target")} == {pelosi, house}]
    assert [(s.get("start"), s.get("end")) for s in edge.iterfind("g:spells/g:spell", ns)] == [
        ("2019-01-04", "2019-01-04"),
        ("2019-01-07", "2019-01-07"),
    ]

    # undated: a static graph, no spells, valid too
    static = write_gexf(seeds_graph, tmp_path / "seeds.gexf")
    assert_valid_gexf(static)
    text = static.read_text(encoding="utf-8")
    assert 'mode="static"' in text and "<spell" not in text


@pytest.mark.node
def test_graphology_reads_the_dynamic_gexf_like_the_graphml(node, dated, tmp_path):  # noqa: F811
    gexf = read_with_graphology(node, "gexf", write_gexf(dated.graph, tmp_path / "g.gexf"))
    graphml = read_with_graphology(node, "graphml", write_graphml(dated.graph, tmp_path / "g.graphml"))
    g = dated.graph
    assert (
        (gexf["order"], gexf["size"])
        == (graphml["order"], graphml["size"])
        == (g.number_of_nodes(), g.number_of_edges())
    )
    for e in gexf["edges"]:
        assert e["attributes"]["weight"] == g.edges[e["source"], e["target"]]["weight"]
    got = {n["key"]: n["attributes"] for n in gexf["nodes"]}
    for n, data in g.nodes(data=True):
        assert got[n].get("first_seen") == data.get("first_seen")


# ---------------------------------------------------------------- diff and timeline


@pytest.fixture(scope="module")
def seed_builds(nlp, seeds_dir, tmp_path_factory):
    first3 = tmp_path_factory.mktemp("first3")
    for f in sorted(seeds_dir.glob("*.txt"))[:3]:
        shutil.copy(f, first3 / f.name)
    return build([first3], nlp=nlp).graph, build([seeds_dir], nlp=nlp).graph


def test_diff_of_the_seeds_first_three_then_five(seed_builds):
    old, new = seed_builds
    d = diff_graphs(old, new, limit=None)
    rubio = next(e for e in d.new_entities if e.label == "Marco Rubio")  # only in 004 (checked by reading)
    assert rubio.type == "PERSON" and rubio.evidence.startswith("[004_4432676fd8114b32] ")
    assert "Marco Rubio" in rubio.evidence
    assert d.gone_entities == [] and d.totals["gone_entities"] == 0
    assert {e.id for e in d.new_entities} == set(new.nodes) - set(old.nodes)
    assert {frozenset((x.source, x.target)) for x in d.new_links} == {frozenset(e) for e in new.edges} - {
        frozenset(e) for e in old.edges
    }
    assert all(x.weight > x.old_weight > 0 for x in d.grown_links)
    weights = [x.weight for x in d.new_links]
    assert weights == sorted(weights, reverse=True)
    growth = [x.growth for x in d.grown_links]
    assert growth == sorted(growth, reverse=True)
    # new links' evidence comes from the two new articles
    assert all(x.evidence.startswith(("[003_", "[004_")) for x in d.new_links if x.evidence)
    # the reverse: everything new is gone, nothing grows
    back = diff_graphs(new, old, limit=None)
    assert {e.id for e in back.gone_entities} == {e.id for e in d.new_entities}
    assert back.new_entities == [] and back.grown_links == []
    # (a link of an entity gone is not listed again: the entity is)
    assert {frozenset((x.source, x.target)) for x in back.gone_links} == {
        frozenset((x.source, x.target)) for x in d.new_links if x.source in old and x.target in old
    }
    assert {(x.source, x.target, x.old_weight, x.weight) for x in back.weakened_links} == {
        (x.source, x.target, x.weight, x.old_weight) for x in d.grown_links
    }


def test_diff_lists_links_gone_and_links_that_weakened():
    """A rebuild with other settings (a backbone, a narrower window) loses links and weight: said so."""
    old, new = nx.Graph(), nx.Graph()
    for g in (old, new):
        for n in "abc":
            g.add_node(n, label=n.upper(), type="PERSON", mentions=3, documents=1)
    old.add_edge("a", "b", weight=3, documents=2, evidence="[d1] A met B.")
    old.add_edge("a", "c", weight=2, documents=1, evidence="[d2] A called C.")
    old.add_edge("b", "c", weight=5, documents=3, evidence="[d3] B and C.")
    new.add_edge("a", "b", weight=1, documents=1, evidence="[d1] A met B.")
    new.add_edge("b", "c", weight=5, documents=3, evidence="[d3] B and C.")
    d = diff_graphs(old, new)
    assert [(x.source, x.target, x.old_weight, x.weight, x.evidence) for x in d.gone_links] == [
        ("a", "c", 2, 0, "[d2] A called C.")
    ]
    assert [(x.source, x.target, x.old_weight, x.weight, x.growth) for x in d.weakened_links] == [("a", "b", 3, 1, -2)]
    assert d.totals["gone_links"] == 1 and d.totals["weakened_links"] == 1 and d.new_links == d.grown_links == []
    text = "\n".join(render_diff(d, "old", "new"))
    assert "Links gone: 1\n  1. A -- C: had weight 2, 1 document" in text
    assert "Links that weakened: 1\n  1. A -- B: weight 3 -> 1 (-2)" in text
    assert d.to_dict()["weakened_links"][0]["growth"] == -2


def test_diff_command(seed_builds, tmp_path):
    old, new = seed_builds
    write_graphml(old, tmp_path / "old" / "graph.graphml")
    write_graphml(new, tmp_path / "new" / "graph.graphml")
    runner = CliRunner()
    done = runner.invoke(main, ["diff", str(tmp_path / "old"), str(tmp_path / "new")])
    assert done.exit_code == 0, done.output
    assert "New entities: 18" in done.output or "New entities:" in done.output
    assert "Entities gone: 0" in done.output and "Links that grew:" in done.output
    done = runner.invoke(
        main, ["diff", str(tmp_path / "old"), str(tmp_path / "new" / "graph.graphml"), "--json", "--limit", "100"]
    )
    data = json.loads(done.output)
    assert any(e["label"] == "Marco Rubio" for e in data["new_entities"])
    assert data["totals"]["new_entities"] == len(set(new.nodes) - set(old.nodes))
    assert all(x["growth"] > 0 for x in data["grown_links"])
    done = runner.invoke(main, ["diff", str(tmp_path / "old"), str(tmp_path / "missing")])
    assert done.exit_code != 0 and "Traceback" not in done.output


def test_timeline(dated, tmp_path):
    g = dated.graph
    t = corpus_timeline(g)
    assert t.period == "day"
    assert [(r["start"], r["articles"]) for r in t.rows] == [
        ("2019-01-04", 1),
        ("2019-01-05", 0),
        ("2019-01-06", 1),
        ("2019-01-07", 1),
    ]
    assert t.undated_articles == 3
    pelosi = node_by_label(g, "Nancy Pelosi")
    e = entity_timeline(g, pelosi)
    # spaCy finds three of the four "Pelosi" of the 2019-01-04 article (not "Pelosi's grandchildren"),
    # and the one of the 2019-01-07 page
    assert [(r["start"], r["mentions"]) for r in e.rows] == [
        ("2019-01-04", 3),
        ("2019-01-05", 0),
        ("2019-01-06", 0),
        ("2019-01-07", 1),
    ]
    assert e.undated_mentions == g.nodes[pelosi]["mentions"] - 4
    assert [(r["start"], r["mentions"]) for r in entity_timeline(g, pelosi, "month").rows] == [("2019-01-01", 4)]

    write_graphml(g, tmp_path / "out" / "graph.graphml")
    runner = CliRunner()
    done = runner.invoke(main, ["timeline", str(tmp_path / "out"), "Pelosi"])
    assert done.exit_code == 0, done.output
    assert "Nancy Pelosi" in done.output and "first seen 2019-01-04, last seen 2019-01-07" in done.output
    done = runner.invoke(main, ["timeline", str(tmp_path / "out"), "--json"])
    assert json.loads(done.output)["rows"][0] == {
        "period": "2019-01-04",
        "start": "2019-01-04",
        "articles": 1,
        "mentions": t.rows[0]["mentions"],
    }
    # neighbors and path show each evidence sentence's date
    done = runner.invoke(main, ["neighbors", str(tmp_path / "out"), "Pelosi"])
    assert "[pelosi_speaker, 2019-01-04] Nancy Pelosi yesterday resumed" in done.output
    done = runner.invoke(main, ["timeline", str(tmp_path / "out"), "Nobody Atall"])
    assert done.exit_code != 0 and "Traceback" not in done.output


def test_timeline_of_a_gexf_says_it_cannot_count_articles(dated, tmp_path):
    """GEXF has no graph attributes: the articles per date are unknown there, not zero."""
    write_gexf(dated.graph, tmp_path / "graph.gexf")
    write_graphml(dated.graph, tmp_path / "graph.graphml")
    from_gexf = CliRunner().invoke(main, ["timeline", str(tmp_path / "graph.gexf"), "--no-cache"])
    assert from_gexf.exit_code == 0, from_gexf.output
    assert "a GEXF file holds no graph attributes" in from_gexf.output
    header = next(line.split() for line in from_gexf.output.splitlines() if line.strip().startswith("period"))
    assert header == ["period", "mentions"]  # no articles column of zeros
    assert all("articles" not in row for row in corpus_timeline(load_graph(tmp_path / "graph.gexf")).rows)
    from_graphml = CliRunner().invoke(main, ["timeline", str(tmp_path / "graph.graphml"), "--no-cache"])
    header = next(line.split() for line in from_graphml.output.splitlines() if line.strip().startswith("period"))
    assert header == ["period", "articles", "mentions"]
    assert "in 3 undated articles, not counted below" in from_graphml.output


def test_diff_names_the_entity_that_holds_a_gone_ones_name_now():
    """More articles can make "BBC" part of "British Broadcasting Corporation", or change a type: the
    id changes, and the entity is gone, but the diff says where its name went."""
    old, new = nx.Graph(), nx.Graph()
    old.add_node("org-bbc", label="BBC", type="ORG", mentions=5, documents=2, aliases="BBC")
    old.add_node("org-oslo", label="Oslo", type="ORG", mentions=2, documents=1, aliases="Oslo")
    old.add_node("person-x", label="Gone Person", type="PERSON", mentions=1, documents=1, aliases="Gone Person")
    new.add_node("org-british-broadcasting-corporation", label="British Broadcasting Corporation", type="ORG",
                 mentions=9, documents=4, aliases="British Broadcasting Corporation|BBC|the BBC")  # fmt: skip
    new.add_node("gpe-oslo", label="Oslo", type="GPE", mentions=4, documents=2, aliases="Oslo")
    # a name is held as the build reads names: a spelling with "'s" holds the name without it
    old.add_node("person-moammar-gadhafi", label="Moammar Gadhafi", type="PERSON", mentions=1, documents=1,
                 aliases="Moammar Gadhafi")  # fmt: skip
    new.add_node("person-muammar-gaddafi", label="Muammar Gaddafi", type="PERSON", mentions=30, documents=9,
                 aliases="Muammar Gaddafi|Moammar Gadhafi's")  # fmt: skip
    new.add_node("person-new", label="New Person", type="PERSON", mentions=1, documents=1, aliases="New Person")
    d = diff_graphs(old, new)
    now = {e.label: e.now for e in d.gone_entities}
    assert now["BBC"] == {"id": "org-british-broadcasting-corporation", "label": "British Broadcasting Corporation",
                          "type": "ORG"}  # fmt: skip
    assert now["Oslo"]["id"] == "gpe-oslo" and now["Gone Person"] is None
    assert now["Moammar Gadhafi"]["id"] == "person-muammar-gaddafi"
    assert d.totals["gone_entities_renamed"] == 3
    # an entity of the same name under a new type is the gone one retyped, not a new one; one that only
    # holds the gone name as a spelling is new all the same
    assert {e.label for e in d.new_entities} == {"British Broadcasting Corporation", "Muammar Gaddafi", "New Person"}
    assert d.totals["new_entities"] == 3
    text = "\n".join(render_diff(d, "old", "new"))
    assert "BBC (ORG): had 5 mentions in 2 documents  -> now British Broadcasting Corporation (ORG)" in text
    assert "(3 of them under another entity's name or type now" in text


def test_diff_compares_a_renamed_or_merged_entitys_links_with_its_holders():
    """After an alias file's merge ("Bernie: Bernie Sanders") or rename, the links of the entity gone
    are its holder's now: not listed as new links, nor as gone; a merged link's weight may be anything
    from its largest part's to their sum (one sentence may have named both)."""
    old, new = nx.Graph(), nx.Graph()
    for g in (old, new):
        for n in "zwv":
            g.add_node(n, label=n.upper(), type="PERSON", mentions=3, documents=1, aliases=n.upper())
        g.add_node("sanders", label="Bernie Sanders", type="PERSON", mentions=9, documents=3, aliases="Bernie Sanders")
    old.add_node("bernie", label="Bernie", type="PERSON", mentions=4, documents=2, aliases="Bernie")
    new.nodes["sanders"]["aliases"] = "Bernie Sanders|Bernie"
    old.add_edge("bernie", "z", weight=2, documents=1, evidence="[d1] Bernie and Z.")
    old.add_edge("sanders", "z", weight=3, documents=2, evidence="[d2] Sanders and Z.")
    old.add_edge("bernie", "w", weight=2, documents=1, evidence="[d3] Bernie and W.")
    old.add_edge("bernie", "v", weight=5, documents=2, evidence="[d4] Bernie and V.")
    new.add_edge("sanders", "z", weight=4, documents=2, evidence="[d2] Sanders and Z.")  # between 3 and 5
    new.add_edge("sanders", "w", weight=3, documents=1, evidence="[d5] Sanders and W again.")  # grew from 2
    new.add_edge("sanders", "v", weight=1, documents=1, evidence="[d4] Bernie and V.")  # weakened from 5
    d = diff_graphs(old, new, limit=None)
    assert [e.label for e in d.gone_entities] == ["Bernie"] and d.gone_entities[0].now["id"] == "sanders"
    assert d.new_links == [] and d.gone_links == []
    assert [(x.target, x.old_weight, x.weight, x.evidence) for x in d.grown_links] == [
        ("w", 2, 3, "[d5] Sanders and W again.")
    ]
    assert [(x.target, x.old_weight, x.weight) for x in d.weakened_links] == [("v", 5, 1)]
    new.remove_edge("sanders", "z")
    for g in (old, new):
        g.add_node("q", label="Q", type="ORG", mentions=3, documents=1, aliases="Q")
    old.add_edge("q", "v", weight=4, documents=1, evidence="[d6] Q and V.")
    gone = diff_graphs(old, new, limit=None).gone_links
    # as the old build had them, heaviest first (the merged link by its heaviest part)
    assert [(x.source, x.target, x.old_weight) for x in gone] == [("q", "v", 4), ("sanders", "z", 3)]
    # node ids that are not strings are matched as they are
    relabel = {"bernie": 1, "sanders": 2, "z": 3, "w": 4, "v": 5, "q": 6}
    d = diff_graphs(nx.relabel_nodes(old, relabel), nx.relabel_nodes(new, relabel), limit=None)
    assert d.new_links == [] and [(x.source, x.target) for x in d.gone_links] == [("5", "6"), ("2", "3")]


def test_stats_says_a_communitys_span_is_that_of_its_dated_articles(dated, tmp_path):
    """Most articles of a community may be undated: the span printed is its dated ones'."""
    write_graphml(dated.graph, tmp_path / "graph.graphml")
    done = CliRunner().invoke(main, ["stats", str(tmp_path / "graph.graphml"), "--no-cache"])
    assert done.exit_code == 0, done.output
    spans = [
        line for line in done.output.splitlines() if line.startswith("Community") and "dated ones 2019-01-0" in line
    ]
    assert spans, done.output
