"""The reading commands keep the graph they read in the cache folder (graphkit.caches.read_back): the
next command on the same file gets the very graph the file gives, without parsing it; a changed file
is read again; cache trouble never costs the answer."""

from __future__ import annotations

import sqlite3

import networkx as nx
import pytest
from conftest import run_cli as run

from graphkit.caches import beside, read_back
from graphkit.caches.beside import wait_for_stores
from graphkit.caches.results import KEEP_READ_GRAPHS
from graphkit.explore import load_graph, loading
from graphkit.exports import write_gexf, write_graphml, write_node_link


def same_graph(ours: nx.Graph, theirs: nx.Graph) -> None:
    """Equal attributes of equal types in the same order, nodes, edges and neighbours in the same order."""

    def items(g):
        rows = [("graph", list(g.graph.items()))]
        rows += [(n, list(d.items())) for n, d in g.nodes(data=True)]
        rows += [(u, v, list(d.items())) for u, v, d in g.edges(data=True)]
        return rows, [type(v).__name__ for *_, pairs in rows for _, v in pairs]

    assert type(ours) is type(theirs)
    assert items(ours) == items(theirs)
    assert all(list(ours.adj[n]) == list(theirs.adj[n]) for n in theirs)


def kept_graphs(cache) -> int:
    db = sqlite3.connect(cache / "results.sqlite")
    try:
        return db.execute("SELECT COUNT(*) FROM read_graphs").fetchone()[0]
    finally:
        db.close()


def refuse(path):
    """A GraphML reader that fails: a command that still answers took the graph from the cache."""
    raise RuntimeError(f"{path} parsed again")


@pytest.mark.parametrize("suffix", ["graphml", "gexf", "json"])
def test_a_second_read_is_the_graph_the_file_gives_without_parsing_it(seeds_graph, tmp_path, suffix, monkeypatch):
    write = {"graphml": write_graphml, "gexf": write_gexf, "json": write_node_link}[suffix]
    path = write(seeds_graph, tmp_path / "out" / f"graph.{suffix}")
    plain = load_graph(path)  # no cache: as before
    first = load_graph(path, cache=tmp_path / "cache")
    wait_for_stores()
    assert kept_graphs(tmp_path / "cache") == 1
    same_graph(first, plain)
    first.nodes[next(iter(first))]["label"] = "changed by the caller"  # never reaches the cache
    first.graph["corpus"] = "changed by the caller"
    monkeypatch.setattr(loading, "_read_graph", lambda p: pytest.fail(f"{p} parsed again"))
    second = load_graph(tmp_path / "out", cache=tmp_path / "cache")  # the folder finds the same file
    same_graph(second, plain)
    assert second is not first


def test_a_file_replaced_while_it_is_read_is_not_kept(seeds_graph, tmp_path, monkeypatch):
    path = write_graphml(seeds_graph, tmp_path / "graph.graphml")
    newer = seeds_graph.copy()
    newer.graph["corpus"] = "the next build"
    hash_it = read_back.read_key

    def hashed_then_replaced(p):  # a build renames its new file into place right after the hash
        key = hash_it(p)
        write_graphml(newer, tmp_path / "new.graphml").replace(p)
        return key

    monkeypatch.setattr(read_back, "read_key", hashed_then_replaced)
    assert load_graph(path, cache=tmp_path / "cache").graph["corpus"] == "the next build"
    wait_for_stores()
    assert kept_graphs(tmp_path / "cache") == 0  # the old bytes' key would have held the new graph


def test_a_changed_file_is_read_again(seeds_graph, tmp_path):
    path = write_graphml(seeds_graph, tmp_path / "graph.graphml")
    node = next(iter(seeds_graph))
    assert load_graph(path, cache=tmp_path / "cache").nodes[node]["label"] != "Renamed"
    wait_for_stores()
    changed = seeds_graph.copy()
    changed.nodes[node]["label"] = "Renamed"
    write_graphml(changed, path)
    assert load_graph(path, cache=tmp_path / "cache").nodes[node]["label"] == "Renamed"
    wait_for_stores()
    assert kept_graphs(tmp_path / "cache") == 2


def test_only_the_newest_graphs_are_kept(seeds_graph, tmp_path):
    for n in range(KEEP_READ_GRAPHS + 2):
        g = seeds_graph.copy()
        g.graph["corpus"] = f"build {n}"
        load_graph(write_graphml(g, tmp_path / f"g{n}.graphml"), cache=tmp_path / "cache")
        wait_for_stores()
    assert kept_graphs(tmp_path / "cache") == KEEP_READ_GRAPHS


def test_cache_trouble_gives_a_notice_and_the_graph(seeds_graph, tmp_path):
    path = write_graphml(seeds_graph, tmp_path / "graph.graphml")
    plain = load_graph(path)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    notices: list[str] = []
    same_graph(load_graph(path, cache=blocked, notices=notices), plain)
    assert len(notices) == 1 and "cannot be written" in notices[0] and str(blocked) in notices[0]
    # a damaged database is set aside and a new one made
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "results.sqlite").write_bytes(b"not a database, a full disk's leftovers" * 100)
    same_graph(load_graph(path, cache=tmp_path / "cache"), plain)
    wait_for_stores()
    assert kept_graphs(tmp_path / "cache") == 1


def test_a_file_that_is_not_a_graph_is_an_error_and_nothing_is_kept(tmp_path):
    bad = tmp_path / "graph.graphml"
    bad.write_text("<graphml><graph><node", encoding="utf-8")
    with pytest.raises(loading.GraphFileError):
        load_graph(bad, cache=tmp_path / "cache")
    wait_for_stores()
    assert kept_graphs(tmp_path / "cache") == 0


def test_the_commands_use_the_default_folder_only_when_a_build_made_it(seeds_graph, tmp_path, monkeypatch):
    write_graphml(seeds_graph, tmp_path / "out" / "graph.graphml")
    first = run("stats", "out")
    assert first.exit_code == 0, first.output
    assert not (tmp_path / ".graphkit-cache").exists()  # a question alone makes no folder
    (tmp_path / ".graphkit-cache").mkdir()  # as `graphkit build` makes it in the current folder
    assert run("neighbors", "out", "Marco Rubio").exit_code == 0
    wait_for_stores()
    assert kept_graphs(tmp_path / ".graphkit-cache") == 1
    monkeypatch.setattr(loading, "read_graphml", refuse)
    again = run("stats", "out")
    assert again.exit_code == 0 and again.output == first.output
    commands = (["neighbors", "out", "Marco Rubio"], ["path", "out", "Rubio", "KCNA"], ["review", "out"],
                ["quotes", "out", "Kim Jong Un"], ["timeline", "out"], ["diff", "out", "out"])  # fmt: skip
    for command in commands:
        answered = run(*command)
        assert answered.exit_code == 0, (command, answered.output)
    refused = run("stats", "out", "--no-cache")
    assert refused.exit_code == 1 and "parsed again" in refused.output


def test_no_cache_neither_uses_nor_fills_the_default_folder(seeds_graph, tmp_path):
    write_graphml(seeds_graph, tmp_path / "out" / "graph.graphml")
    (tmp_path / ".graphkit-cache").mkdir()
    assert run("stats", "out", "--no-cache").exit_code == 0
    wait_for_stores()
    assert not (tmp_path / ".graphkit-cache" / "results.sqlite").exists()


def test_a_store_that_cannot_get_the_lock_gives_up_with_a_note(seeds_graph, tmp_path):
    write_graphml(seeds_graph, tmp_path / "out" / "graph.graphml")
    plain = run("neighbors", "out", "KCNA", "--no-cache")
    assert run("stats", "out", "--cache", "cache").exit_code == 0  # the database made
    db = sqlite3.connect(tmp_path / "cache" / "results.sqlite", isolation_level=None)
    db.execute("BEGIN IMMEDIATE")  # a build writing its result, for longer than a store waits
    try:
        other = write_graphml(seeds_graph.subgraph(list(seeds_graph)[:40]).copy(), tmp_path / "other" / "g.graphml")
        answered = run("neighbors", other, "KCNA", "--cache", "cache")
    finally:
        db.execute("ROLLBACK")
        db.close()
    assert answered.exit_code == 0
    assert "database is locked); the graph file is read without it" in answered.output
    assert run("neighbors", "out", "KCNA", "--cache", "cache").output == plain.output


def test_ctrl_c_while_the_graph_is_kept_ends_like_any_interrupt(seeds_graph, tmp_path, monkeypatch):
    from graphkit.cli import explore as explore_cli

    write_graphml(seeds_graph, tmp_path / "out" / "graph.graphml")

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(explore_cli, "wait_for_stores", interrupted)
    result = run("stats", "out", "--cache", "cache")
    assert result.exit_code == 130 and "interrupted" in result.output
    beside._running.append(interrupted)  # and at the program's exit: given up, without a traceback
    beside._wait_at_exit()
    assert beside._running == []


def test_the_cache_option_names_a_folder_and_a_bad_one_is_a_note(seeds_graph, tmp_path):
    write_graphml(seeds_graph, tmp_path / "out" / "graph.graphml")
    plain = run("neighbors", "out", "KCNA", "--no-cache")
    cached = run("neighbors", "out", "KCNA", "--cache", "mine")
    assert cached.exit_code == 0 and cached.output == plain.output
    wait_for_stores()
    assert kept_graphs(tmp_path / "mine") == 1
    (tmp_path / "blocked").write_text("", encoding="utf-8")
    noted = run("neighbors", "out", "KCNA", "--cache", "blocked/cache")  # under a file: cannot be made
    assert noted.exit_code == 0
    assert "note: the cache folder blocked/cache cannot be written" in noted.output
    assert plain.output in noted.output
    both = run("neighbors", "out", "KCNA", "--cache", "mine", "--no-cache")
    assert both.exit_code == 2 and "either --cache DIR or --no-cache" in both.output
