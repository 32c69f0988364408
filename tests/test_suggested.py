"""The page's review suggestions kept between builds (graphkit.pipeline.suggested): a rebuild
after a change of window has the same entities and takes their suggestions from the result
cache, and its page is the page a build without the cache writes; a change to what the review
reads works them out again."""

from __future__ import annotations

import pytest
from conftest import run_cli

import graphkit.pipeline.suggested as suggested
from graphkit.graph.suggestions import suggestions
from graphkit.pipeline.suggested import kept_suggestions, suggestions_key


@pytest.fixture
def worked_out(monkeypatch):
    """How many times the suggestions were worked out (not taken from the cache)."""
    calls = []
    real = suggested.suggestions
    monkeypatch.setattr(suggested, "suggestions", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def build(*args: str) -> None:
    result = run_cli("build", *args, "--jobs", "1")
    assert result.exit_code == 0, result.output


def test_a_rebuild_after_a_window_change_takes_the_kept_suggestions(seeds_dir, tmp_path, worked_out):
    build(str(seeds_dir), "-o", "first", "--cache", "cache")
    assert len(worked_out) == 1
    build(str(seeds_dir), "-o", "kept", "--cache", "cache", "--window", "paragraph")
    assert len(worked_out) == 1  # the same entities: nothing worked out again
    build(str(seeds_dir), "-o", "plain", "--no-cache", "--window", "paragraph")  # (the page works them out itself)
    kept, plain = (tmp_path / "kept" / "graph.html").read_bytes(), (tmp_path / "plain" / "graph.html").read_bytes()
    assert kept == plain and b'"kind":"weak"' in kept  # (the seeds' page lists weak merges)
    # an alias file changes the entities: worked out again
    (tmp_path / "aliases.yaml").write_text("drop:\n  - KCNA\n", encoding="utf-8")
    build(str(seeds_dir), "-o", "dropped", "--cache", "cache", "--aliases", "aliases.yaml")
    assert len(worked_out) == 2


def test_the_key_covers_what_the_review_reads_and_nothing_else(seeds_result):
    graph, merges = seeds_result.graph.copy(), seeds_result.resolution.merges
    key = suggestions_key(graph, merges)
    assert suggestions_key(graph.copy(), merges) == key
    reweighted = graph.copy()
    for _, _, data in reweighted.edges(data=True):
        data["weight"] += 1
    reweighted.remove_edges_from(list(reweighted.edges)[:3])
    assert suggestions_key(reweighted, merges) == key  # links are not read
    node = next(iter(graph))
    for name, value in [("label", "Someone Else"), ("type", "NORP"), ("mentions", 999), ("aliases", "X|Y"),
                        ("doc_ids", "nowhere"), ("roles", "a spokesman")]:  # fmt: skip
        changed = graph.copy()
        changed.nodes[node][name] = value
        assert suggestions_key(changed, merges) != key, name
    assert suggestions_key(graph, merges[1:]) != key
    counted = graph.copy()
    counted.graph["documents"] = str(graph.graph["documents"])  # the text "5" is not the number 5
    assert suggestions_key(counted, merges) != key


def test_kept_suggestions_are_the_suggestions_and_a_damaged_entry_is_worked_out_again(
    seeds_result, tmp_path, worked_out
):
    import sqlite3

    graph, merges = seeds_result.graph, seeds_result.resolution.merges
    made = suggestions(graph, merges)
    assert made and kept_suggestions(graph, merges, tmp_path) == made and len(worked_out) == 1
    assert kept_suggestions(graph, merges, tmp_path) == made and len(worked_out) == 1
    db = sqlite3.connect(tmp_path / "results.sqlite")
    db.execute("UPDATE suggestions SET data = ?", (b"not a pickle",))
    db.commit()
    db.close()
    assert kept_suggestions(graph, merges, tmp_path) == made and len(worked_out) == 2
