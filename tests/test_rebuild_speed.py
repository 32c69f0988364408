"""What makes a rebuild with every article cached quick: no spaCy, no pandas, tables kept, no scipy.spatial.

Speed itself is measured in benchmarks/throughput.py (phases window, aliases and filter); these tests
check the mechanisms: which modules a cached rebuild imports, that the extraction cache remembers
a model's pipeline signature, that derived lookup tables are stored and made again when stale,
and that the page's overlap pass finds the same close pairs as a brute-force comparison.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import graph_snapshot, node_by_label, seed_pages

from graphkit.caches import tables
from graphkit.caches.extraction import ExtractionCache
from graphkit.exports.html_layout import close_pairs
from graphkit.extraction import LocalRunner, run_extraction
from graphkit.reading.documents import read_documents

ROOT = Path(__file__).resolve().parent.parent

REBUILD = textwrap.dedent(
    """
    import json, sys
    from graphkit.cli import main
    try:
        main(["build", sys.argv[1], "-o", sys.argv[2], "--cache", sys.argv[3], "-q", "--jobs", "1",
              *sys.argv[4:]], standalone_mode=False)
    except SystemExit as exc:
        if exc.code:
            raise
    heavy = ("spacy", "thinc", "pandas", "scipy.spatial", "country_converter", "dask")
    print("MODULES " + json.dumps(sorted(m for m in heavy if m in sys.modules)))
    """
)


def _imported(*args) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", REBUILD, *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    line = next(line for line in proc.stdout.splitlines() if line.startswith("MODULES "))
    return json.loads(line[len("MODULES ") :])


def _counted(monkeypatch, module, name: str) -> list:
    """Calls of ``module.name`` from now on, one item (the positional arguments) each; the function still runs."""
    calls: list = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **kw: calls.append(a) or real(*a, **kw))
    return calls


def test_rebuild_with_every_article_cached_imports_no_spacy(seeds_dir, tmp_path):
    cache = tmp_path / "cache"
    assert "spacy" in _imported(seeds_dir, tmp_path / "cold", cache)  # the cold build runs spaCy
    # a new window and a new alias file: a new graph, but every article is in the extraction cache
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("drop: [Somebody Unknown]\n", encoding="utf-8")
    modules = _imported(seeds_dir, tmp_path / "warm", cache, "--window", "paragraph", "--aliases", aliases)
    assert modules == []
    assert json.loads((tmp_path / "warm" / "graph.json").read_text(encoding="utf-8"))["graph"]["window"] == "paragraph"


def test_a_rebuild_of_saved_pages_parses_no_page_again(nlp, tmp_path, monkeypatch):
    import trafilatura

    from graphkit.pipeline import build

    pages = seed_pages(tmp_path / "pages")
    parsed = _counted(monkeypatch, trafilatura, "extract")
    cache = tmp_path / "cache"
    # one process, so every parse is counted here (from two on, the pages are parsed ahead in
    # workers: test_pages_ahead.py)
    cold = build([pages], nlp=nlp, cache=cache, jobs=1)
    assert len(parsed) == len(cold.documents) == 5
    rebuilt = build([pages], nlp=nlp, cache=cache, window="paragraph", jobs=1)
    assert len(parsed) == 5  # every page's article came from the cache
    assert rebuilt.documents == cold.documents
    assert graph_snapshot(rebuilt.graph) == graph_snapshot(build([pages], nlp=nlp, window="paragraph").graph)


def test_a_window_change_reuses_the_resolution_and_gives_the_same_graph(nlp, seeds_dir, tmp_path, monkeypatch):
    from graphkit.pipeline import build, stages

    calls = _counted(monkeypatch, stages, "resolve")
    cache = tmp_path / "cache"
    build([seeds_dir], nlp=nlp, cache=cache)
    assert len(calls) == 1
    reused = build([seeds_dir], nlp=nlp, cache=cache, window="paragraph", min_weight=2)
    assert len(calls) == 1  # nothing that decides the resolution changed
    fresh = build([seeds_dir], nlp=nlp, window="paragraph", min_weight=2)  # no cache at all
    assert len(calls) == 2
    assert graph_snapshot(reused.graph) == graph_snapshot(fresh.graph)
    assert reused.resolution == fresh.resolution
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("drop: [Kremlin]\n", encoding="utf-8")
    changed = build([seeds_dir], nlp=nlp, cache=cache, window="paragraph", aliases=aliases)
    assert len(calls) == 3  # a new alias table is a new resolution
    assert node_by_label(changed.graph, "Kremlin") is None and node_by_label(reused.graph, "Kremlin") is not None


def test_a_user_trying_alias_files_in_turn_keeps_the_resolution_of_the_build_before(nlp, seeds_dir, tmp_path,
                                                                                      monkeypatch):  # fmt: skip
    from graphkit.pipeline import build, stages

    calls = _counted(monkeypatch, stages, "resolve")
    cache = tmp_path / "cache"
    build([seeds_dir], nlp=nlp, cache=cache)  # no alias file
    for name in ("Kremlin", "Seoul", "Moscow"):  # three alias files, one after another
        aliases = tmp_path / f"{name}.yaml"
        aliases.write_text(f"drop: [{name}]\n", encoding="utf-8")
        build([seeds_dir], nlp=nlp, cache=cache, aliases=aliases)
    assert len(calls) == 4
    build([seeds_dir], nlp=nlp, cache=cache, window="paragraph")  # back to no alias file, another window
    assert len(calls) == 4  # its resolution was still kept (graphkit.caches.results.KEEP_RESOLUTIONS)


class _NoSpacyRunner(LocalRunner):
    """A runner whose signature would need spaCy: the test fails if the loop asks for it."""

    asked = 0

    def signature(self) -> str:
        type(self).asked += 1
        return super().signature()


def test_an_alias_change_resolves_again_without_reading_the_text_again(nlp, seeds_dir, tmp_path, monkeypatch):
    from graphkit.pipeline import build, stages
    from graphkit.resolution import resolver
    from graphkit.resolution.names import clean_surface

    read = _counted(monkeypatch, stages, "corpus_context")
    spelled = _counted(monkeypatch, resolver, "analyse_surface")
    cache = tmp_path / "cache"
    build([seeds_dir], nlp=nlp, cache=cache)
    assert len(read) == 1
    every = len(spelled)
    assert every > 40
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("drop: [Kremlin]\naliases:\n  Seoul: Seoul City\n", encoding="utf-8")
    kept = build([seeds_dir], nlp=nlp, cache=cache, aliases=aliases)
    assert len(read) == 1  # the text contexts of the build before
    # and what each spelling gives: only those the alias file has a word on are looked at again
    assert {clean_surface(args[0]) for args in spelled[every:]} == {"Kremlin", "Seoul"}
    fresh = build([seeds_dir], nlp=nlp, aliases=aliases)  # no cache: reads the text
    assert len(read) == 2
    assert kept.resolution == fresh.resolution
    assert graph_snapshot(kept.graph) == graph_snapshot(fresh.graph)
    assert node_by_label(kept.graph, "Kremlin") is None and node_by_label(kept.graph, "Seoul City") is not None
    # other types are other mentions: their contexts are read again, and right
    typed = build([seeds_dir], nlp=nlp, cache=cache, aliases=aliases, types=("PERSON", "GPE"))
    assert len(read) == 3
    assert typed.resolution == build([seeds_dir], nlp=nlp, aliases=aliases, types=("PERSON", "GPE")).resolution


def test_the_cache_remembers_the_models_signature(nlp, seeds_dir, tmp_path):
    docs = read_documents([seeds_dir]).documents
    with ExtractionCache(tmp_path) as store:
        first = run_extraction(docs, _NoSpacyRunner(jobs=1), store=store)
    assert _NoSpacyRunner.asked == 1
    with ExtractionCache(tmp_path) as store:
        again = run_extraction(docs, _NoSpacyRunner(jobs=1), store=store)
    assert _NoSpacyRunner.asked == 1  # the second time the cache knew it
    assert (again.pipeline, again.cached_documents, again.ner_documents) == (first.pipeline, len(docs), 0)
    assert again.extracted == first.extracted
    # a given pipeline is asked directly (its meta may differ from the installed package's)
    with ExtractionCache(tmp_path) as store:
        run_extraction(docs, LocalRunner(nlp=nlp, jobs=1), store=store)


def test_derived_tables_are_kept_and_made_again_when_stale(tmp_path):
    made = []

    def make():
        made.append(1)
        return ["a", "b"]

    tables.keep_tables_in(tmp_path)
    try:
        assert tables.cached_table("t", "k1", make) == ["a", "b"]
        assert tables.cached_table("t", "k1", make) == ["a", "b"]
        assert len(made) == 1
        assert tables.cached_table("t", "k2", make) == ["a", "b"]  # another key: made again
        assert len(made) == 2
        (tmp_path / "tables" / "t.json").write_text("{not json", encoding="utf-8")
        assert tables.cached_table("t", "k2", make) == ["a", "b"]  # unreadable: made again
        assert len(made) == 3
        tables.keep_tables_in(None)
        assert tables.cached_table("t", "k2", make) == ["a", "b"]  # nowhere to keep it: made each time
        assert len(made) == 4
    finally:
        tables.keep_tables_in(None)


def _brute_force(points: np.ndarray, reach: float) -> set[tuple[int, int]]:
    d = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=-1))
    i, j = np.nonzero(np.triu(d <= reach, k=1))
    return set(zip(i.tolist(), j.tolist()))


@pytest.mark.parametrize("n, reach", [(0, 5.0), (1, 5.0), (2, 0.0), (60, 15.0), (300, 40.0), (300, 1000.0)])
def test_close_pairs_are_the_brute_force_pairs(n, reach):
    rng = np.random.default_rng(n)
    points = rng.uniform(0, 400, (n, 2)).round(1)  # rounding makes equal x and exact duplicates
    if n > 3:
        points[1] = points[0]
        points[3, 0] = points[2, 0]
    pairs = close_pairs(points, reach)
    found = {tuple(sorted(p)) for p in pairs.tolist()}
    assert len(found) == len(pairs)  # each pair once
    assert found == _brute_force(points, reach)


def test_separate_adds_every_push_a_disc_gets():
    """separate's moves, worked by hand: a disc in two overlapping pairs gets both pushes."""
    from graphkit.exports.html_layout import separate

    # radii 1, no padding: 0-1 and 1-2 overlap by 1 (each end moves 0.25, times 0.9), 0-2 just touch
    row = separate(np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]]), np.ones(3), 0.0, rounds=1)
    assert row[:, 0].tolist() == pytest.approx([-0.225, 1.0, 2.225]) and row[:, 1].tolist() == [0.0] * 3
    assert row[1, 0] == 1.0  # +0.225 then -0.225: exactly back
    # the larger disc moves less: radii 3 and 1 at distance 2 overlap by 2; shares 1/4 and 3/4
    pair = separate(np.array([[0.0, 0.0], [0.0, 2.0]]), np.array([3.0, 1.0]), 0.0, rounds=1)
    assert pair.ravel().tolist() == pytest.approx([0.0, -0.225, 0.0, 2.675])
    # two discs at the very same spot: the first goes along its golden angle (0 for disc 0)
    same = separate(np.array([[5.0, 5.0], [5.0, 5.0]]), np.ones(2), 0.0, rounds=1)
    assert same.ravel().tolist() == pytest.approx([4.775, 5.0, 5.225, 5.0])
