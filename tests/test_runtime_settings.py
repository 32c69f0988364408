"""Process settings graphkit uses for speed: they must work, and must be undone where promised.

- graphkit.allocator: the command keeps freed memory for reuse (counted in page faults, not timed);
- extraction.frozen_heap / pipeline.paused_gc: the garbage collector is back as it was afterwards;
  in the graphkit program (only there) what a paused block made is parked out of later collections;
- exports.columns.shared_rows: writers sharing one sorted copy of the rows write the same bytes;
- analytics.annotate(in_place=True): the same numbers as the copying call, on the caller's graph.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

import graphkit.cli
import graphkit.cli.build
import graphkit.core.allocator
import graphkit.pipeline
from graphkit.core.allocator import keep_freed_memory
from graphkit.core.gcpause import frozen_heap, paused_gc
from graphkit.exports import write_gexf, write_graphml, write_node_link, write_tables
from graphkit.exports.columns import edge_rows, shared_rows
from graphkit.exports.html import write_html
from graphkit.extraction import extract_documents
from graphkit.graph.analytics import ANALYTICS_ATTRIBUTES, annotate
from graphkit.pipeline import write_outputs
from graphkit.reading.documents import read_documents
from graphkit.resolution.review import write_merges


def _glibc() -> bool:
    try:
        return (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        return False


glibc = pytest.mark.skipif(not _glibc(), reason="the allocator setting is for glibc's malloc (Linux)")

# 40 MB is above glibc's largest automatic mmap threshold (32 MB): by default each such buffer is
# mapped, zero-filled page by page and unmapped again; kept for reuse, its pages stay resident.
_FAULTS = textwrap.dedent("""
    import json, resource, sys
    from graphkit.core.allocator import keep_freed_memory
    tuned = keep_freed_memory() if sys.argv[1] == "tuned" else False
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        buffer = bytearray(40 << 20)
        del buffer
    print(json.dumps({"tuned": tuned, "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before}))
""")


def _faults(mode: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != "GLIBC_TUNABLES"}
    out = subprocess.run([sys.executable, "-c", _FAULTS, mode], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


@glibc
def test_kept_memory_is_reused_instead_of_faulted_in_again():
    default, tuned = _faults("default"), _faults("tuned")
    assert tuned["tuned"] and not default["tuned"]
    pages = (40 << 20) // os.sysconf("SC_PAGE_SIZE")
    assert default["faults"] > 10 * pages  # mapped afresh nearly every time
    assert tuned["faults"] < 3 * pages  # faulted in once, then reused


def test_a_users_own_allocator_settings_win(monkeypatch):
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "131072")
    assert keep_freed_memory() is False


def test_the_command_sets_the_allocator_the_library_does_not(monkeypatch, nlp, seeds_dir):
    calls = {"command": 0, "library": 0}
    monkeypatch.setattr(
        graphkit.cli.build, "keep_freed_memory", lambda: calls.__setitem__("command", calls["command"] + 1)
    )
    monkeypatch.setattr(
        graphkit.core.allocator, "keep_freed_memory", lambda: calls.__setitem__("library", calls["library"] + 1)
    )
    graphkit.pipeline.build([seeds_dir], nlp=nlp, jobs=1)
    assert calls == {"command": 0, "library": 0}  # the library leaves the process' allocator alone
    result = CliRunner().invoke(
        graphkit.cli.main, ["build", str(seeds_dir), "-o", "out", "--no-cache", "--jobs", "1", "--format", "graphml"]
    )
    assert result.exit_code == 0, result.output
    assert calls == {"command": 1, "library": 0}


def test_garbage_collector_is_restored(nlp, seeds_dir):
    assert gc.isenabled() and gc.get_freeze_count() == 0
    extract_documents(read_documents([seeds_dir]).documents[:2], nlp=nlp, jobs=1)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: still off, and the outer one turns it back on
            pass
        assert not gc.isenabled()
    assert gc.isenabled()

    def stop(_document):
        raise RuntimeError("stopped by the caller")

    with pytest.raises(RuntimeError) as stopped:  # the traceback (held here) keeps the frames alive
        extract_documents(read_documents([seeds_dir]).documents[:2], nlp=nlp, jobs=1, on_document=stop)
    assert gc.get_freeze_count() == 0, "an error in the caller's loop left the heap frozen"
    del stopped

    gc.freeze()  # a caller's own frozen objects stay frozen
    try:
        frozen = gc.get_freeze_count()
        with frozen_heap():
            pass
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()

    gc.disable()  # a caller who turned the collector off gets it back off
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_shared_rows_give_the_same_files_as_each_writer_alone(seeds_result, tmp_path):
    g = seeds_result.graph
    alone = tmp_path / "alone"
    write_graphml(g, alone / "graph.graphml")
    write_gexf(g, alone / "graph.gexf")
    write_tables(g, alone, "graph")
    write_node_link(g, alone / "graph.json")
    # the page lists the rules' weak merges among its suggestions: write_outputs gives it merges.csv's rows
    write_html(g, alone / "graph.html", title=g.graph.get("corpus") or "graph", merges=seeds_result.resolution.merges)
    write_merges(seeds_result.resolution, alone / "merges.csv")
    together = write_outputs(g, tmp_path / "together", resolution=seeds_result.resolution)
    assert sorted(p.name for p in together) == sorted(p.name for p in alone.iterdir())
    for path in together:
        same = path.read_bytes() == (alone / path.name).read_bytes()  # (pytest's diff of two pages takes minutes)
        assert same, path.name


def test_shared_rows_are_per_graph_and_per_block(seeds_graph):
    other = seeds_graph.copy()
    other.remove_node(next(iter(other)))
    with shared_rows():
        first = edge_rows(seeds_graph)
        assert edge_rows(seeds_graph) is first  # worked out once in the block
        assert len(edge_rows(other)) == other.number_of_edges() < len(first)
    assert edge_rows(seeds_graph) is not first  # outside the block: made afresh


def test_annotate_in_place_gives_the_same_numbers_on_the_callers_graph(seeds_result):
    fresh = seeds_result.graph.copy()
    for _, data in fresh.nodes(data=True):
        for name in ANALYTICS_ATTRIBUTES:
            data.pop(name, None)
    copied = annotate(fresh)
    assert copied is not fresh and "x" not in next(iter(fresh.nodes.values()))
    same = annotate(fresh, in_place=True)
    assert same is fresh
    assert list(same.nodes(data=True)) == list(copied.nodes(data=True))
    assert same.graph == copied.graph


# what a paused block made, as the program and as a library caller see it afterwards: the frozen
# count, whether the block's objects are still in a collectable generation, and a cycle made
# afterwards is still collected
_PARKING = textwrap.dedent("""
    import gc, json, sys
    from graphkit.core.gcpause import paused_gc
    from graphkit.core.quick_exit import as_program, running_as_program

    def command():
        before = gc.get_freeze_count()
        with paused_gc():
            made = [[i] for i in range(50_000)]  # lists: objects the collector tracks
        after = gc.get_freeze_count()
        collectable = any(made[0] is o for o in gc.get_objects())
        frozen = gc.get_freeze_count()
        try:
            with paused_gc():
                failed = [[i] for i in range(1_000)]
                raise ValueError("a stage that fails")
        except ValueError:
            pass
        error_parked = gc.get_freeze_count() - frozen
        cycle = []
        cycle.append(cycle)
        del cycle
        print(json.dumps({"program": running_as_program(), "parked": after - before, "collectable": collectable,
                          "enabled": gc.isenabled(), "cycles_freed": gc.collect() >= 1, "error_parked": error_parked}))

    if sys.argv[1] == "program":
        as_program(command, "__main__")
    else:
        command()
""")


@pytest.mark.parametrize("mode", ["program", "library"])
def test_the_program_parks_what_a_paused_block_made_a_library_caller_does_not(mode):
    out = subprocess.run([sys.executable, "-c", _PARKING, mode], capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout)
    assert seen["enabled"] and seen["cycles_freed"]  # the collector is back and collects new garbage
    assert seen["error_parked"] == 0  # a block that fails parks nothing: its traceback's cycles stay collectable
    if mode == "program":
        # parked: the first collection after the block does not walk the 50,000 lists again
        assert seen["program"] and seen["parked"] >= 50_000 and not seen["collectable"]
    else:
        assert not seen["program"] and seen["parked"] == 0 and seen["collectable"]


def test_a_command_run_by_clirunner_leaves_the_test_process_unfrozen(seeds_dir, tmp_path):
    result = CliRunner().invoke(
        graphkit.cli.main, ["build", str(seeds_dir), "-o", str(tmp_path / "out"), "--no-cache", "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert gc.isenabled() and gc.get_freeze_count() == 0
