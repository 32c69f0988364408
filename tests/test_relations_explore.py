"""The terminal over a graph built with relations: ``graphkit quotes``, and relations in
``neighbors`` and ``path`` (tables and --json), through the real command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.explore import load_graph, quotes, render_quotes
from graphkit.exports import write_graphml


@pytest.fixture(scope="module")
def graphml(seeds_relations_result, tmp_path_factory):
    return str(write_graphml(seeds_relations_result.graph, tmp_path_factory.mktemp("g") / "graph.graphml"))


def _run(*args):
    # tables wrap evidence to the terminal's width: a fixed one, so a phrase is not cut in two lines
    result = CliRunner(env={"COLUMNS": "120"}).invoke(main, list(args))
    return result.exit_code, result.output


def test_quotes_lists_what_a_person_said_with_document_ids(graphml):
    code, out = _run("quotes", graphml, "Yang Mu-jin")
    assert code == 0, out
    assert "roles: president of University of North Korean Studies" in out
    assert "3 quotes:" in out
    assert '[000_241f8b6d09b44f10] "The two countries agreed to disclose the deployment' in out
    code, out = _run("quotes", graphml, "Lim", "--json")
    data = json.loads(out)
    assert data["match"]["entity"]["label"] == "Lim Yul-chul"
    assert [q["doc_id"] for q in data["quotes"]] == ["000_241f8b6d09b44f10"] * 3
    assert data["quotes"][0]["text"].startswith("Now the question is whether Kim Jong-un will attend")


def test_quotes_of_someone_who_said_nothing_and_of_nobody(graphml):
    code, out = _run("quotes", graphml, "Marco Rubio")
    assert code == 0 and "No direct quotes attributed" in out and "roles: Secretary of State" in out
    code, out = _run("quotes", graphml, "Nobody Atall")
    assert code == 1 and 'No entity named "Nobody Atall"' in out


def test_quotes_as_a_library_call(seeds_relations_result):
    said = quotes(seeds_relations_result.graph, "Hong Min")
    assert [(q.doc_id, q.text) for q in said.quotes] == [
        ("004_4432676fd8114b32", "It's a win-win strategy for both Russia and North Korea")
    ]
    # a dated article's quote carries its date, shown as neighbors shows an evidence sentence's
    dated = seeds_relations_result.graph.copy()
    dated.graph["documents_json"] = json.dumps({"004_4432676fd8114b32": {"date": "2025-04-28", "title": "Ties"}})
    (quote,) = quotes(dated, "Hong Min").quotes
    assert (quote.date, quote.title) == ("2025-04-28", "Ties")
    assert "[004_4432676fd8114b32, 2025-04-28 · Ties] \"It's a win-win" in "\n".join(
        render_quotes(quotes(dated, "Hong Min"))
    )


def test_neighbors_and_path_show_relations(graphml):
    code, out = _run("neighbors", graphml, "Volodymyr Zelensky")
    assert code == 0, out
    assert "relations: Volodymyr Zelensky → meet with → Donald J. Trump" in out
    assert "(meet with) President Volodymyr Zelensky of Ukraine met with Mr. Trump" in out
    code, out = _run("path", graphml, "Marco Rubio", "Volodymyr Zelensky", "--json")
    hops = json.loads(out)["hops"]
    assert [r["phrase"] for r in hops[0]["relations"]] == ["warn"]
    assert hops[0]["relations"][0]["source"] == "Marco Rubio"
    assert hops[1]["evidence"][0]["relation"] == "meet with"


def test_quotes_help_has_an_example():
    code, out = _run("quotes", "--help")
    assert code == 0 and "Example:" in out and "graphkit quotes output/graph.graphml" in out


def test_a_graph_read_back_keeps_relations(graphml):
    g = load_graph(graphml)
    assert any(d.get("relations") for *_, d in g.edges(data=True))


def test_build_command_reads_relations_by_default_and_not_with_no_relations(seeds_dir, tmp_path):
    """The flag comes from BuildSettings.relations: on by default, off with --no-relations (and the
    cache keeps the two apart: the second build must not reuse the first one's records)."""
    cache = str(tmp_path / "cache")
    code, out = _run("build", str(seeds_dir), "-o", "rich", "--cache", cache, "-q")
    assert code == 0, out
    code, out = _run("build", str(seeds_dir), "-o", "plain", "--cache", cache, "-q", "--no-relations")
    assert code == 0, out
    rich, plain = load_graph("rich/graph.graphml"), load_graph("plain/graph.graphml")
    assert any(d.get("relations") for *_, d in rich.edges(data=True))
    assert not any("relations" in d for *_, d in plain.edges(data=True))
    assert not any("quotes" in d for _, d in plain.nodes(data=True))
    code, out = _run("quotes", "plain/graph.graphml", "Yang Mu-jin")
    assert code == 0 and "This graph was built with --no-relations: it has no quotes" in out
    # a graph with relations and an entity that said nothing: no word of --no-relations
    silent = min((n for n, d in rich.nodes(data=True) if not d.get("quotes")), key=str)
    code, out = _run("quotes", "rich/graph.graphml", silent)
    assert code == 0 and "No direct quotes attributed to this entity." in out and "--no-relations" not in out
