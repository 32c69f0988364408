"""The result cache: an identical rebuild reuses the finished graph and leaves the files alone.

Whether the graph was rebuilt is checked by counting calls to the resolution and layout stages
(wrapped, still the real functions), and whether a file was rewritten by its bytes and mtime_ns;
never by timing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import copy_seeds, run_cli

import graphkit.pipeline
import graphkit.pipeline.stages
from graphkit.caches.results import DB_NAME, FILES_DIR


@pytest.fixture
def calls(monkeypatch):
    """How many times resolve() and annotate() ran in build()."""
    counts = {"resolve": 0, "annotate": 0}
    for name in counts:
        real = getattr(graphkit.pipeline.stages, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            counts[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(graphkit.pipeline.stages, name, counted)
    return counts


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A private copy of the seeds, so a test may edit an article."""
    return copy_seeds(tmp_path / "corpus")


def run(*args: str) -> str:
    result = run_cli("build", *args, "--jobs", "1")
    assert result.exit_code == 0, result.output
    return result.output


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file()}


def test_identical_rebuild_reuses_graph_and_files(corpus, tmp_path, calls):
    run(str(corpus), "-o", "out", "--cache", "cache")
    assert calls == {"resolve": 1, "annotate": 1}
    assert (tmp_path / "cache" / DB_NAME).exists()
    first = snapshot(tmp_path / "out")
    assert len(first) == 7  # graphml, gexf, nodes.csv, edges.csv, json, html, merges.csv

    output = run(str(corpus), "-o", "out", "--cache", "cache")
    assert calls == {"resolve": 1, "annotate": 1}  # nothing rebuilt
    assert "came from the result cache" in output
    assert "outputs are up to date" in output
    assert snapshot(tmp_path / "out") == first  # same bytes, same mtime: not rewritten
    for name in first:  # the files are still listed
        assert str(Path("out") / name) in output

    # the cached graph, written into another folder, gives the same bytes as a build without any cache
    run(str(corpus), "-o", "copied", "--cache", "cache")
    assert calls == {"resolve": 1, "annotate": 1}
    run(str(corpus), "-o", "fresh", "--no-cache")
    assert calls == {"resolve": 2, "annotate": 2}
    fresh = {name: data for name, (data, _) in snapshot(tmp_path / "fresh").items()}
    assert {name: data for name, (data, _) in first.items()} == fresh
    assert {name: data for name, (data, _) in snapshot(tmp_path / "copied").items()} == fresh


@pytest.mark.parametrize("change", ["window", "min-weight", "aliases", "article"])
def test_a_change_that_decides_the_graph_rebuilds_it(change, corpus, tmp_path, calls):
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("aliases:\n  DPRK: North Korea\n", encoding="utf-8")
    base = [str(corpus), "-o", "out", "--cache", "cache", "--aliases", str(aliases)]
    run(*base)
    run(*base)
    assert calls["resolve"] == 1
    before = snapshot(tmp_path / "out")

    extra: list[str] = []
    if change == "window":
        extra = ["--window", "paragraph"]
    elif change == "min-weight":
        extra = ["--min-weight", "2"]
    elif change == "aliases":  # same file name, other content
        aliases.write_text("aliases:\n  DPRK: North Korea\ndrop: [Seoul]\n", encoding="utf-8")
    else:
        article = sorted(corpus.iterdir())[0]
        article.write_text(
            article.read_text(encoding="utf-8") + "\n\nAngela Merkel met Olaf Scholz in Berlin.\n", encoding="utf-8"
        )
    output = run(*base, *extra)
    assert calls["annotate"] == 2, change  # a new graph
    # the window and the filters act after resolution: the resolution of the first build serves
    assert calls["resolve"] == (1 if change in ("window", "min-weight") else 2), change
    assert "came from the result cache" not in output
    assert "up to date" not in output
    after = snapshot(tmp_path / "out")
    assert all(after[name][1] != before[name][1] for name in before)  # every file written again
    assert any(after[name][0] != before[name][0] for name in before)  # and the graph did change

    run(*base, *extra)  # the new settings are now cached in turn
    assert calls["resolve"] == (1 if change in ("window", "min-weight") else 2) and calls["annotate"] == 2


@pytest.mark.parametrize("damage", ["delete", "edit"])
def test_deleted_or_edited_output_is_written_again(damage, corpus, tmp_path, calls):
    run(str(corpus), "-o", "out", "--cache", "cache")
    good = snapshot(tmp_path / "out")
    target = tmp_path / "out" / "graph.graphml"
    if damage == "delete":
        target.unlink()
    else:
        target.write_bytes(target.read_bytes().replace(b"<graph ", b"<graph  "))

    output = run(str(corpus), "-o", "out", "--cache", "cache")
    assert calls["resolve"] == 1  # the graph came from the cache; only the files were redone
    assert "up to date" not in output
    assert target.read_bytes() == good["graph.graphml"][0]
    assert run(str(corpus), "-o", "out", "--cache", "cache").count("up to date") >= 1


def test_no_cache_never_uses_or_writes_it(corpus, tmp_path, calls):
    for _ in range(2):
        output = run(str(corpus), "-o", "out", "--no-cache")
        assert "result cache" not in output and "up to date" not in output
    assert calls == {"resolve": 2, "annotate": 2}
    assert not (tmp_path / ".graphkit-cache").exists()


def test_library_build_hits_with_the_same_records(nlp, seeds_dir, seeds_result, tmp_path, calls):
    first = graphkit.pipeline.build([seeds_dir], nlp=nlp, cache=tmp_path / "cache", jobs=1)
    second = graphkit.pipeline.build([seeds_dir], nlp=nlp, cache=tmp_path / "cache", jobs=1)
    assert calls["resolve"] == 1 and second.result_cached and not first.result_cached
    assert second.extracted == first.extracted == seeds_result.extracted
    assert second.mention_count == seeds_result.mention_count
    assert list(second.graph.nodes(data=True)) == list(seeds_result.graph.nodes(data=True))
    assert list(second.graph.edges(data=True)) == list(seeds_result.graph.edges(data=True))
    assert second.resolution.merges == seeds_result.resolution.merges


def test_a_damaged_result_cache_is_set_aside(corpus, tmp_path, calls):
    run(str(corpus), "-o", "out", "--cache", "cache")
    (tmp_path / "cache" / DB_NAME).write_bytes(b"not a database, " * 1000)
    for suffix in ("-wal", "-shm"):
        (tmp_path / "cache" / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
    run(str(corpus), "-o", "out", "--cache", "cache")
    assert calls["resolve"] == 2  # rebuilt, without an error
    assert list((tmp_path / "cache").glob(f"{DB_NAME}.damaged-*"))
    output = run(str(corpus), "-o", "out", "--cache", "cache")
    assert calls["resolve"] == 2 and "up to date" in output  # and the new cache works


def test_an_output_edited_in_place_is_never_copied_into_another_folder(corpus, tmp_path, calls):
    run(str(corpus), "-o", "out", "--cache", "cache")
    good = snapshot(tmp_path / "out")
    # in place (the same file, which the cache may hold as a hard link), not a new file renamed over it
    with open(tmp_path / "out" / "graph.graphml", "ab") as fh:
        fh.write(b"<!-- edited -->\n")

    run(str(corpus), "-o", "other", "--cache", "cache")
    assert calls["resolve"] == 1  # the graph still came from the cache
    other = snapshot(tmp_path / "other")
    assert {name: data for name, (data, _) in other.items()} == {name: data for name, (data, _) in good.items()}


def test_only_the_last_set_of_files_is_kept(corpus, tmp_path):
    run(str(corpus), "-o", "out", "--cache", "cache")
    run(str(corpus), "-o", "out", "--cache", "cache", "--window", "paragraph")
    kept = sorted(p.name for p in (tmp_path / "cache" / FILES_DIR).iterdir())
    assert len(kept) == 1 and kept[0].startswith("set-"), kept  # no older set, no half-made one
    assert sorted(p.name for p in (tmp_path / "cache" / FILES_DIR / kept[0]).iterdir()) == sorted(
        p.name for p in (tmp_path / "out").iterdir()
    )


def test_the_old_table_of_file_copies_is_dropped_and_its_space_given_back(tmp_path):
    from graphkit.caches.results import ResultCache

    (tmp_path / "cache").mkdir()
    db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
    db.execute("CREATE TABLE files (export TEXT, name TEXT, data BLOB, created REAL)")
    db.execute("INSERT INTO files VALUES ('e', 'graph.graphml', ?, 0)", (b"x" * 2_000_000,))
    db.commit()
    db.close()
    ResultCache(tmp_path / "cache").close()
    db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert "files" not in tables and {"results", "outputs", "file_sets"} <= tables
    assert (tmp_path / "cache" / DB_NAME).stat().st_size < 1_000_000


def _store_spy(monkeypatch, tmp_path, fail: bool = False) -> Path:
    """Record (in a file: it may run in another process) which process keeps the result."""
    import os

    import graphkit.caches.beside as beside

    real, record = beside.store_result, tmp_path / "stored-by.txt"

    def spied(cache, key, data, table="results"):
        if table == "results":
            record.write_text(str(os.getpid()))
            if fail:
                raise RuntimeError("the disk went away")
        return real(cache, key, data, table)

    monkeypatch.setattr(beside, "store_result", spied)
    return record


def test_the_result_is_kept_from_a_second_process_and_the_next_build_finds_it(
    nlp, seeds_dir, tmp_path, calls, monkeypatch
):
    import os

    from graphkit.core.side_by_side import can_fork

    assert can_fork()  # (else the store runs here and this proves nothing)
    record = _store_spy(monkeypatch, tmp_path)
    first = graphkit.pipeline.build([seeds_dir], nlp=nlp, cache=tmp_path / "cache", jobs=2)
    # the next build in this process waits for the store rather than missing it
    second = graphkit.pipeline.build([seeds_dir], nlp=nlp, cache=tmp_path / "cache", jobs=2)
    assert int(record.read_text()) != os.getpid()
    assert not first.result_cached and second.result_cached and calls["annotate"] == 1
    assert list(second.graph.edges(data=True)) == list(first.graph.edges(data=True))
    # the command waits for it before it ends: a second command (a new process) finds it too
    run_cli("build", str(seeds_dir), "-o", "out", "--cache", "cli-cache", "--jobs", "2")
    assert "came from the result cache" in run_cli("build", str(seeds_dir), "-o", "out", "--cache", "cli-cache").output


def test_a_store_that_fails_in_the_second_process_is_a_note(corpus, tmp_path, calls, monkeypatch):
    _store_spy(monkeypatch, tmp_path, fail=True)
    result = run_cli("build", str(corpus), "-o", "out", "--cache", "cache", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert "note: result cache not written (RuntimeError: the disk went away)" in result.output
    assert len(list((tmp_path / "out").glob("graph.*"))) == 6
    result = run_cli("build", str(corpus), "-o", "out", "--cache", "cache", "--jobs", "2")
    assert calls["annotate"] == 2 and "came from the result cache" not in result.output


def test_a_new_version_of_a_library_that_decides_the_graph_rebuilds_it(corpus, tmp_path, calls, monkeypatch):
    """An upgraded nameparser (say) may split names otherwise: its results are not the old ones."""
    from graphkit.caches import fingerprints

    base = [str(corpus), "-o", "out", "--cache", "cache"]
    run(*base)
    assert calls == {"resolve": 1, "annotate": 1}
    installed = fingerprints.library_versions()
    assert set(installed) == set(fingerprints.RESULT_LIBRARIES)
    assert installed["nameparser"] != "missing" and installed["networkx"] != "missing"
    monkeypatch.setattr(fingerprints, "library_versions", lambda: {**installed, "nameparser": "0.0.1"})
    output = run(*base)
    assert calls == {"resolve": 2, "annotate": 2}
    assert "came from the result cache" not in output


def test_with_one_process_the_result_is_pickled_at_once_and_written_in_a_thread(
    nlp, seeds_dir, tmp_path, calls, monkeypatch
):
    """--jobs 1: the database write runs in a thread while the outputs are written; what it keeps
    is the graph as build() returned it, whatever the caller does to the graph afterwards."""
    import threading

    import graphkit.caches.beside as beside
    from graphkit.caches.beside import wait_for_stores

    real, written_by, go_on = beside.store_pickled, [], threading.Event()

    def held(cache, key, blob, table="results"):
        written_by.append(threading.current_thread().name)
        assert go_on.wait(60)  # held until the caller has changed its graph
        return real(cache, key, blob, table)

    monkeypatch.setattr(beside, "store_pickled", held)
    first = graphkit.pipeline.build([seeds_dir], nlp=nlp, cache=tmp_path / "cache", jobs=1)
    edges = list(first.graph.edges(data=True))
    first.graph.add_node("added-after-the-build", label="Added After")
    go_on.set()
    assert wait_for_stores() == [] and written_by == ["graphkit-beside"]
    second = graphkit.pipeline.build([seeds_dir], nlp=nlp, cache=tmp_path / "cache", jobs=1)
    assert second.result_cached and calls["annotate"] == 1
    assert "added-after-the-build" not in second.graph and list(second.graph.edges(data=True)) == edges


def test_a_store_that_fails_in_its_thread_is_a_note(corpus, tmp_path, calls, monkeypatch):
    import graphkit.caches.beside as beside

    def failing(cache, key, blob, table="results"):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(beside, "store_pickled", failing)
    result = run_cli("build", str(corpus), "-o", "out", "--cache", "cache", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "note: result cache not written (RuntimeError: the disk went away)" in result.output
    assert len(list((tmp_path / "out").glob("graph.*"))) == 6


def test_reading_an_entry_back_runs_no_collection(tmp_path):
    import gc

    from graphkit.caches.results import ResultCache

    # a stored graph is millions of live objects: no collection walks the heap while it is unpickled
    data = {"rows": [[i, str(i)] for i in range(200_000)]}
    cache = ResultCache(tmp_path)
    cache.put_result("key", data)
    runs = []

    def count(phase, _info):
        if phase == "start":
            runs.append(1)

    gc.collect()  # no collection left pending from before (the query may allocate a few objects)
    gc.callbacks.append(count)
    try:
        assert cache.get_result("key") == data
    finally:
        gc.callbacks.remove(count)
    # unpaused, its 400,000 lists would set off hundreds of collections; paused, only the one that
    # walks them once after the block may run (the graphkit program parks them instead)
    assert len(runs) <= 1 and gc.isenabled()
