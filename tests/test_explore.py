"""`graphkit stats / neighbors / path` and the graphkit.explore library behind them.

The seeds answers below were checked by reading the five seed articles (seeds/*.txt):

- Marco Rubio appears once, in 004: "On Sunday, Secretary of State Marco Rubio warned that
  Mr. Trump might abandon his attempts ...". His neighbours therefore come from that sentence only,
  Trump among them, and he is not in any sentence with Kim Jong Un: a path needs at least two hops,
  and its first hop is Trump (the sentence's only other real entity besides "State").
- KCNA: 000 "state news agency KCNA said Pyongyang's troops had helped Moscow regain control of the
  Kursk region ... from Ukraine"; 002 "North Korea confirmed ... deployed troops to Russia, as reported
  by the state news agency KCNA".
- Volodymyr Zelensky: 004 "President Volodymyr Zelensky of Ukraine met with Mr. Trump on the sidelines
  of Pope Francis' funeral at the Vatican"; 000 "... Zelensky said ... despite Moscow's claims".
- Counting the articles: "Russia" 42 times, "North Korea" 33, Kim in every spelling 25, everything
  else far less; the two co-occur in more sentences than any other pair.
"""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import SEEDS
from conftest import run_cli as run

from graphkit import explore
from graphkit.cli import main
from graphkit.explore.formatting import render_neighbors
from graphkit.exports import write_gexf, write_graphml, write_node_link
from graphkit.pipeline import write_outputs

RUBIO_DOC = "004_4432676fd8114b32"


def run_json(*args):
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # (notes go to stderr: "a GEXF file holds no graph attributes")


def flat(text: str) -> str:
    """Whitespace collapsed and typographic quotes made plain, as graphkit's cleaning does."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seeds_file(seeds_graph, tmp_path_factory):
    return write_graphml(seeds_graph, tmp_path_factory.mktemp("explore") / "graph.graphml")


@pytest.fixture(scope="module")
def articles():
    return {p.stem: flat(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}


def names_of(entity_id: str, graph: nx.Graph) -> list[str]:
    data = graph.nodes[entity_id]
    return [data["label"], *[a for a in data.get("aliases", "").split("|") if a]]


def names_in(text: str, names: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(flat(n))}(?!\w)", flat(text)) for n in names)


# ---------------------------------------------------------------- seeds, through the CLI


def test_path_from_marco_rubio_to_kim_jong_un(seeds_file, seeds_graph, articles):
    data = run_json("path", seeds_file, "Marco Rubio", "Kim Jong Un")
    assert data["found"] is True
    entities = data["entities"]
    assert entities[0]["label"] == "Marco Rubio"
    assert explore.normalise(entities[-1]["label"]) == "kim jong un"
    assert "Trump" in entities[1]["label"]
    assert 2 <= len(data["hops"]) <= 4  # no sentence names both; 4 hops with the basic resolution
    assert [h["source"]["id"] for h in data["hops"]] == [e["id"] for e in entities[:-1]]
    assert [h["target"]["id"] for h in data["hops"]] == [e["id"] for e in entities[1:]]
    assert data["hops"][0]["evidence"][0]["doc_id"] == RUBIO_DOC
    assert "Secretary of State Marco Rubio warned that Mr. Trump" in data["hops"][0]["evidence"][0]["text"]
    for hop in data["hops"]:
        assert hop["evidence"], hop
        a, b = names_of(hop["source"]["id"], seeds_graph), names_of(hop["target"]["id"], seeds_graph)
        # some evidence sentence names both ends of the hop ...
        assert any(names_in(ev["text"], a) and names_in(ev["text"], b) for ev in hop["evidence"]), hop
        # ... and every one is really in the article it cites
        for ev in hop["evidence"]:
            for piece in flat(ev["text"]).split("…"):
                assert piece.strip() in articles[ev["doc_id"]], ev


def test_path_table_shows_the_chain_and_the_evidence(seeds_file):
    result = run("path", seeds_file, "Marco Rubio", "Kim Jong Un")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert re.match(r"Marco Rubio -> [^>]*Trump -> .*Kim Jong[ -]Un\s+\(\d hops\)$", first), first
    assert f"[{RUBIO_DOC}] On Sunday, Secretary of State Marco Rubio warned" in flat(result.output)


def test_neighbors_of_marco_rubio(seeds_file):
    data = run_json("neighbors", seeds_file, "Marco Rubio")
    assert data["match"]["entity"]["label"] == "Marco Rubio" and data["match"]["matched_by"] == "label"
    labels = [n["target"]["label"] for n in data["neighbors"]]
    assert any("Trump" in label for label in labels)
    assert data["total"] == len(labels)
    for link in data["neighbors"]:
        assert link["source"]["label"] == "Marco Rubio" and link["weight"] >= 1
        for ev in link["evidence"]:
            assert ev["doc_id"] == RUBIO_DOC and "Marco Rubio" in ev["text"]
    table = run("neighbors", seeds_file, "Marco Rubio")
    assert table.exit_code == 0
    assert table.output.startswith("Marco Rubio (PERSON): 1 mention in 1 document")
    assert "Secretary of State Marco Rubio warned that Mr. Trump might abandon" in flat(table.output)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("KCNA", {"Pyongyang", "Moscow", "Ukraine", "North Korea", "Russia"}),
        ("Volodymyr Zelensky", {"Ukraine", "Moscow", "Vatican"}),
    ],
)
def test_neighbors_checked_against_the_articles(seeds_file, name, expected):
    data = run_json("neighbors", seeds_file, name, "--limit", "100")
    labels = {n["target"]["label"] for n in data["neighbors"]}
    assert expected <= labels, labels


def test_neighbors_matches_partial_names_and_spellings(seeds_file):
    data = run_json("neighbors", seeds_file, "rubio")
    assert data["match"]["entity"]["label"] == "Marco Rubio" and data["match"]["matched_by"] == "partial"
    data = run_json("neighbors", seeds_file, "kcna")
    assert data["match"]["entity"]["label"] == "KCNA"
    limited = run_json("neighbors", seeds_file, "Russia", "--limit", "3")
    assert len(limited["neighbors"]) == 3 and limited["total"] > 3
    weights = [n["weight"] for n in limited["neighbors"]]
    assert weights == sorted(weights, reverse=True)
    assert limited["neighbors"][0]["target"]["label"] == "North Korea"


def test_unknown_name_suggests_the_closest(seeds_file):
    result = run("neighbors", seeds_file, "Marco Rubbio")
    assert result.exit_code != 0
    assert "Did you mean: Marco Rubio (PERSON)" in result.output
    assert "Traceback" not in result.output
    result = run("path", seeds_file, "Marco Rubio", "Pyonyang")
    assert result.exit_code != 0 and "Did you mean: Pyongyang" in result.output


def test_stats_of_the_seeds(seeds_file, seeds_graph):
    data = run_json("stats", seeds_file)
    assert (data["nodes"], data["edges"]) == (seeds_graph.number_of_nodes(), seeds_graph.number_of_edges())
    assert data["documents"] == 5 and data["window"] == "sentence"
    assert [e["label"] for e in data["top_mentions"][:2]] == ["Russia", "North Korea"]
    assert {e["label"] for e in data["top_pagerank"][:2]} == {"Russia", "North Korea"}
    strongest = data["strongest_edges"][0]
    assert {strongest["source"]["label"], strongest["target"]["label"]} == {"Russia", "North Korea"}
    assert sum(c["size"] for c in data["communities"]) <= data["nodes"]
    assert data["community_count"] == len({d["community"] for _, d in seeds_graph.nodes(data=True)})
    assert sum(data["types"].values()) == data["nodes"]
    table = run("stats", seeds_file, "--top", "3")
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].endswith(f"{data['nodes']} entities, {data['edges']} edges, 5 documents (sentence window)")
    top = lines[lines.index("Most mentioned") + 2]
    assert re.match(r"\s+1\s+Russia\s+GPE\s+\d+", top), top
    for heading in ("Most central (PageRank)", "Strongest links", "Communities (Louvain)"):
        assert heading in lines


def test_commands_read_gexf_json_and_output_folders(seeds_graph, tmp_path):
    write_gexf(seeds_graph, tmp_path / "g" / "graph.gexf")
    write_node_link(seeds_graph, tmp_path / "j" / "graph.json")
    for target in (tmp_path / "g" / "graph.gexf", tmp_path / "j", tmp_path / "g"):
        data = run_json("path", target, "Marco Rubio", "Kim Jong Un")
        assert data["found"] and data["entities"][0]["label"] == "Marco Rubio"
    graph = explore.load_graph(tmp_path / "g")
    assert graph.nodes[next(iter(seeds_graph))]["color"] == seeds_graph.nodes[next(iter(seeds_graph))]["color"]


def test_every_command_has_an_example_in_its_help():
    for command in ("stats", "neighbors", "path"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example:" in result.output and "graphkit " + command in result.output


# ---------------------------------------------------------------- library, on small graphs


@pytest.fixture
def small():
    g = nx.Graph()
    g.add_node(
        "person-kim-jong-un",
        label="Kim Jong Un",
        type="PERSON",
        mentions=9,
        documents=3,
        aliases="Kim Jong Un|Kim Jong-un's|Mr. Kim",
    )
    g.add_node(
        "person-kim-jong-un-2", label="Kim Jong-un", type="PERSON", mentions=2, documents=1, aliases="Kim Jong-un"
    )
    g.add_node("org-kcna", label="KCNA", type="ORG", mentions=5, documents=2, aliases="KCNA")
    g.add_node("gpe-seoul", label="Seoul", type="GPE", mentions=1, documents=1, aliases="Seoul")
    g.add_node("org-gerasimov", label="Gerasimov", type="ORG", mentions=1, documents=1, aliases="Gerasimov")
    g.add_node("person-gerasimov", label="Gerasimov", type="PERSON", mentions=4, documents=2, aliases="Gerasimov")
    g.add_node("gpe-sao-paulo", label="São Paulo", type="GPE", mentions=1, documents=1, aliases="São Paulo")
    return g


@pytest.mark.parametrize(
    "query, node, how",
    [
        ("person-kim-jong-un-2", "person-kim-jong-un-2", "id"),
        ("kim jong un", "person-kim-jong-un", "label"),
        ("Mr. Kim", "person-kim-jong-un", "alias"),
        ("the Kim Jong Un's", "person-kim-jong-un", "normalised"),
        ("sao paulo", "gpe-sao-paulo", "normalised"),
        ("Paulo", "gpe-sao-paulo", "partial"),
        ("Gerasimov", "person-gerasimov", "label"),  # two share the name: the most mentioned wins
        ("Gen. Gerasimov", "person-gerasimov", "title"),  # as the build keys a person: without the title
        ("President Kim Jong Un", "person-kim-jong-un", "title"),
    ],
)
def test_find_entity(small, query, node, how):
    match = explore.find_entity(small, query)
    assert (match.entity.id, match.matched_by) == (node, how)
    if query == "Gerasimov":
        assert [o.id for o in match.others] == ["org-gerasimov"]


def test_a_title_is_left_out_for_people_only(small):
    """ "General Motors" is no general named Motors, "Prince Harry" not the graph's only Harry."""
    g = small.copy()
    g.add_node("org-tesla-motors", label="Tesla Motors", type="ORG", mentions=5, documents=1, aliases="Tesla Motors")
    g.add_node("person-harry-kane", label="Harry Kane", type="PERSON", mentions=5, documents=1, aliases="Harry Kane")
    g.add_node("org-ford", label="Ford", type="ORG", mentions=5, documents=1, aliases="Ford")
    for query in ("General Motors", "Prince Harry", "President Ford"):
        with pytest.raises(explore.UnknownEntityError):
            explore.find_entity(g, query)
    g.add_node("person-jeb-bush", label="Jeb Bush", type="PERSON", mentions=5, documents=1, aliases="Jeb Bush")
    g.add_node("person-george-bush", label="George Bush", type="PERSON", mentions=5, documents=1, aliases="George Bush")
    with pytest.raises(explore.UnknownEntityError, match='"Bush" is part of several names'):
        explore.find_entity(g, "President Bush")


def test_find_entity_names_the_entities_that_hold_the_label_as_an_alias(small):
    """ "Kim" is a small entity's label and an alias of Kim Jong Un: the label wins, the other is named."""
    g = small.copy()
    g.add_node("person-kim", label="Kim", type="PERSON", mentions=2, documents=1, aliases="Kim")
    g.nodes["person-kim-jong-un"]["aliases"] += "|Kim"
    match = explore.find_entity(g, "Kim")
    assert (match.entity.id, match.matched_by) == ("person-kim", "label")
    assert "person-kim-jong-un" in [o.id for o in match.others]
    lines = render_neighbors(explore.neighbors(g, "Kim"))
    assert any("also named so: Kim Jong Un (PERSON, id person-kim-jong-un)" in line for line in lines)


def test_find_entity_without_middle_initials(small):
    g = small.copy()
    g.add_node("person-donald-j-trump", label="Donald J. Trump", type="PERSON", mentions=3, documents=1,
               aliases="Donald J. Trump")  # fmt: skip
    match = explore.find_entity(g, "Donald Trump")
    assert (match.entity.id, match.matched_by) == ("person-donald-j-trump", "initials")
    assert explore.find_entity(g, "Donald").matched_by == "partial"  # one word: no initials to leave out
    # only the graph's middle initials are left out, never the query's, nor a first or last one
    g.add_node("person-george-w-bush", label="George W. Bush", type="PERSON", mentions=9, documents=1,
               aliases="George W. Bush")  # fmt: skip
    g.add_node("person-k-smith", label="K. Smith", type="PERSON", mentions=9, documents=1, aliases="K. Smith")
    for query in ("George H. W. Bush", "J. Smith"):
        with pytest.raises(explore.UnknownEntityError):
            explore.find_entity(g, query)


def test_find_entity_normalises_the_graphs_names_only_when_no_name_is_the_query(small, monkeypatch):
    from graphkit.explore import queries

    made = []
    monkeypatch.setattr(queries, "normalise", lambda name: made.append(name) or queries.match_key(name))
    for query in ("kim jong un", "Mr. Kim", "Gerasimov"):  # a label or an alias as typed
        made.clear()
        explore.find_entity(small, query)
        assert made == [query]
    made.clear()
    assert explore.find_entity(small, "sao paulo").matched_by == "normalised"
    assert "São Paulo" in made and "Kim Jong-un's" in made  # every name, once no label or alias fits


def test_find_entity_refuses_ambiguous_or_unknown_names(small):
    with pytest.raises(explore.UnknownEntityError, match="part of several names") as info:
        explore.find_entity(small, "Jong")
    assert info.value.suggestions == ["Kim Jong Un (PERSON)", "Kim Jong-un (PERSON)"]
    with pytest.raises(explore.UnknownEntityError, match=r"Did you mean: KCNA \(ORG\)\?"):
        explore.find_entity(small, "KNCA")
    with pytest.raises(explore.UnknownEntityError, match="graphkit stats"):
        explore.find_entity(small, "zzzzzz")


def test_shortest_path_prefers_strong_links_among_equally_short_ones():
    g = nx.Graph()
    g.add_edge("a", "weak", weight=1, evidence="[d] a weak")
    g.add_edge("weak", "z", weight=1, evidence="[d] weak z")
    g.add_edge("a", "strong", weight=5, evidence="[d] a strong")
    g.add_edge("strong", "z", weight=4, evidence="[d] strong z")
    g.add_edge("a", "b", weight=50)
    g.add_edge("b", "c", weight=50)
    g.add_edge("c", "z", weight=50)  # heavier but longer: hop count comes first
    g.add_node("alone")
    result = explore.shortest_path(g, "a", "z")
    assert [e.id for e in result.entities] == ["a", "strong", "z"]
    assert [(h.weight, h.evidence[0].text) for h in result.hops] == [(5, "a strong"), (4, "strong z")]
    assert explore.shortest_path(g, "a", "alone").found is False
    same = explore.shortest_path(g, "a", "a")
    assert same.found and same.hops == [] and [e.id for e in same.entities] == ["a"]


def test_stats_computes_missing_analytics_without_changing_the_graph():
    g = nx.barbell_graph(4, 0)
    nx.set_node_attributes(g, {n: f"n{n}" for n in g}, "label")
    before = {n: dict(d) for n, d in g.nodes(data=True)}
    s = explore.stats(g, top=3)
    assert {n: dict(d) for n, d in g.nodes(data=True)} == before
    assert s.nodes == 8 and s.components == 1 and s.community_count == 2
    assert [c.size for c in s.communities] == [4, 4]


def test_unreadable_graph_files_give_clear_errors(tmp_path):
    bad = tmp_path / "bad.graphml"
    bad.write_text("<graphml><graph>", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    cases = [
        (tmp_path / "missing.graphml", "does not exist"),
        (bad, "not well-formed XML"),
        (tmp_path / "empty", "No graph file"),
        (tmp_path / "notes.txt", "unknown graph format"),
    ]
    for path, message in cases:
        with pytest.raises(explore.GraphFileError, match=message):
            explore.load_graph(path)
        result = run("stats", path)
        assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
        # a path that does not exist is a usage error, as for build; an unreadable file stops the run
        assert result.exit_code == (2 if message == "does not exist" else 1)


@pytest.mark.parametrize(
    "content",
    ["[1, 2, 3]", '"a graph"', "42", "null", '{"graph": {}}', '{"nodes": 5}', '{"nodes": [{"id": 1}], "links": 3}'],
)
def test_json_that_is_not_a_node_link_graph_gives_a_clear_error(tmp_path, content):
    path = tmp_path / "graph.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(explore.GraphFileError, match="not a node-link graph"):
        explore.load_graph(path)
    result = run("neighbors", path, "Kim")
    assert result.exit_code == 1, result.output
    assert "not a node-link graph" in result.output and "graphkit build" in result.output
    assert "unexpected error" not in result.output


def test_debug_shows_the_error_itself_in_every_command(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text("[]", encoding="utf-8")
    for args in (["stats", path], ["neighbors", path, "Kim"], ["path", path, "Kim", "Trump"]):
        assert "--debug" in run(args[0], "--help").output
        plain = run(*args)
        assert plain.exit_code == 1 and "not a node-link graph" in plain.output and plain.exception is not None
        assert isinstance(plain.exception, SystemExit)  # a one-line message, no traceback
        debug = CliRunner().invoke(main, [*map(str, args), "--debug"])
        # --debug lets the error through (the command line prints its traceback)
        assert isinstance(debug.exception, explore.GraphFileError), debug.output


def test_int_node_ids_match_by_id(tmp_path):
    g = nx.Graph()
    g.add_node(1, label="Alice", type="PERSON", mentions=2)
    g.add_node(2, label="Bob", type="PERSON", mentions=1)
    g.add_node(12, label="Carol", type="PERSON", mentions=1)
    g.add_edge(1, 2, weight=3, evidence="[d1] Alice met Bob.")
    g.add_edge(2, 12, weight=1, evidence="[d1] Bob met Carol.")
    match = explore.find_entity(g, "12")
    assert (match.entity.id, match.entity.label, match.matched_by) == ("12", "Carol", "id")
    result = explore.shortest_path(g, "1", "12")
    assert [e.label for e in result.entities] == ["Alice", "Bob", "Carol"]
    assert [n.target.label for n in explore.neighbors(g, "2").neighbors] == ["Alice", "Carol"]


def test_the_ftm_export_beside_a_graph_is_not_taken_for_one(seeds_result, tmp_path):
    """``--format json --format ftm`` writes graph.json and graph.ftm.json (JSON lines): the folder
    reads as graph.json, and the FtM file named alone says what it is."""
    out = tmp_path / "out"
    write_outputs(seeds_result.graph, out, formats=["json", "ftm"], documents=seeds_result.documents_meta())
    assert (out / "graph.ftm.json").is_file()
    assert explore.find_graph_file(out) == out / "graph.json"
    assert run("stats", out).exit_code == 0
    result = run("stats", out / "graph.ftm.json")
    assert result.exit_code == 1 and "FollowTheMoney export" in result.output and "Traceback" not in result.output


def test_an_evidence_line_keeps_the_title_apart_from_the_sentence():
    """The article's title goes inside the brackets: after them it read as the sentence's start."""
    g = nx.Graph(documents_json=json.dumps({"d1": {"title": "Leaders meet in Hanoi", "date": "2019-02-27"}}))
    g.add_node("a", label="Kim Jong Un", type="PERSON", mentions=1, documents=1)
    g.add_node("b", label="Donald Trump", type="PERSON", mentions=1, documents=1)
    g.add_edge("a", "b", weight=1, documents=1, evidence="[d1] Kim Jong Un met Donald Trump.")
    text = "\n".join(render_neighbors(explore.neighbors(g, "Kim Jong Un")))
    assert "[d1, 2019-02-27 · Leaders meet in Hanoi] Kim Jong Un met Donald Trump." in re.sub(r"\s+", " ", text)


def test_neighbors_limit_zero_lists_all_as_review_does(seeds_file):
    """ "--limit 0" was refused by neighbors while review reads it as "all"."""
    hub = run_json("neighbors", seeds_file, "Russia", "--limit", "0")
    assert len(hub["neighbors"]) == hub["total"] > 3
    assert len(run_json("neighbors", seeds_file, "Russia", "--limit", "3")["neighbors"]) == 3
