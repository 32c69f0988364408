"""Work in a forked process beside this one (graphkit.core.side_by_side): the graph files beside
the page, the layout beside the other analytics.

The same bytes as one process writes; still one all-or-nothing change (an error or Ctrl-C on
either side leaves the previous files and no temporary file); no fork where it is unsafe.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from graphkit.core.atomic import atomic_batch, atomic_open, write_text
from graphkit.core.errors import OutputError
from graphkit.core.side_by_side import can_fork, run_side_by_side, write_side_by_side
from graphkit.pipeline import write_outputs

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork is used on Linux only")


@pytest.fixture(autouse=True)
def _no_other_thread():
    """These tests need the fork: with another thread running they would prove nothing (or, with an
    endless child, never end). conftest runs the Dask tests, which leave threads, last."""
    others = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
    assert not others, f"threads running before the test: {others}"


def _pid_file(path: Path):
    """A writer of ``path`` holding the id of the process that wrote it."""

    def write() -> list[Path]:
        return [write_text(path, str(os.getpid()))]

    return write


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_graph_files_are_the_same_bytes_from_two_processes(seeds_result, tmp_path):
    formats = ("graphml", "gexf", "csv", "json", "html", "mentions")
    with atomic_batch():
        assert can_fork()  # (else both runs would write in this process and prove nothing)
    one, two = tmp_path / "one", tmp_path / "two"
    options = dict(formats=formats, resolution=seeds_result.resolution, documents=seeds_result.documents_meta())
    first = write_outputs(seeds_result.graph, one, mentions=seeds_result.mention_rows(), processes=1, **options)
    second = write_outputs(seeds_result.graph, two, mentions=seeds_result.mention_rows(), processes=2, **options)
    assert [p.name for p in first] == [p.name for p in second]  # the same files, in the same order
    assert len(first) == 8  # graphml, gexf, two CSV, json, html, mentions, merges.csv
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert _leftovers(two) == []


def test_the_background_runs_in_another_process_and_commits_with_the_batch(tmp_path):
    seen_before_commit = []
    with atomic_batch():
        assert can_fork()
        paths, _ = write_side_by_side(
            _pid_file(tmp_path / "child.txt"),
            lambda: seen_before_commit.append(sorted(p.name for p in tmp_path.iterdir())),
            processes=2,
        )
        assert not (tmp_path / "child.txt").exists()  # renamed with the rest of the batch, not before
    assert paths == [tmp_path / "child.txt"]
    assert int((tmp_path / "child.txt").read_text()) != os.getpid()
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("processes", [1, 2])
def test_an_error_in_the_child_leaves_the_previous_files(tmp_path, processes):
    (tmp_path / "page.html").write_text("old page")

    def failing() -> list[Path]:
        write_text(tmp_path / "graph.graphml", "new")
        raise OutputError("Cannot write to the folder: disk full.")

    with pytest.raises(OutputError, match="disk full"):
        with atomic_batch():
            write_side_by_side(failing, lambda: write_text(tmp_path / "page.html", "new page"), processes)
    assert (tmp_path / "page.html").read_text() == "old page"
    assert not (tmp_path / "graph.graphml").exists()
    assert _leftovers(tmp_path) == []


def test_an_error_here_removes_the_files_the_child_finished(tmp_path):
    def foreground():
        deadline = time.monotonic() + 30
        while not any(p.name.startswith(".child.txt.") for p in tmp_path.iterdir()):  # the child's file is done
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(0.2)
        raise ValueError("the page failed")

    with pytest.raises(ValueError, match="the page failed"):
        with atomic_batch():
            write_side_by_side(_pid_file(tmp_path / "child.txt"), foreground, processes=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_error_here_in_one_process_removes_the_files_written_before_it(tmp_path):
    # one process: the background's files are written first, in a deferred batch of their own,
    # and must be removed when the foreground fails just as the child's are
    def foreground():
        assert any(p.name.startswith(".child.txt.") for p in tmp_path.iterdir())
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        with atomic_batch():
            write_side_by_side(_pid_file(tmp_path / "child.txt"), foreground, processes=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_ctrl_c_here_stops_the_child_and_leaves_no_temporary_file(tmp_path):
    def endless() -> list[Path]:
        with atomic_open(tmp_path / "graph.gexf") as fh:
            while True:  # stopped by the parent
                fh.write("x" * 1000)
                time.sleep(0.001)

    def interrupted():
        deadline = time.monotonic() + 30
        while not _leftovers(tmp_path):  # the child is writing
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)  # the KeyboardInterrupt comes first

    # Ctrl-C as in a terminal: a test run started with & from a script inherits SIGINT ignored, and
    # the SIGINT below would then do nothing while the parent waits for the endless child
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            with atomic_batch():
                write_side_by_side(endless, interrupted, processes=2)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_interrupt_as_a_write_begins_leaves_no_temporary_file(tmp_path):
    # a Ctrl-C (or a child's stop) that lands in the __enter__ of ``with atomic_open(...)``, after the
    # file is made: the with block never starts, so its clean-up never runs. (The test above met it
    # about once in 15 runs under load: the parent signals as soon as the file appears.)
    writer = atomic_open(tmp_path / "graph.gexf")
    with pytest.raises(KeyboardInterrupt):
        with atomic_batch():
            writer.__enter__()
            assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".graph.gexf.")]
            raise KeyboardInterrupt
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    del writer  # (closing it now finds the file gone, and says nothing)


def test_a_child_that_dies_without_answering_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="stopped without a word"):
        with atomic_batch():
            write_side_by_side(lambda: os._exit(3), lambda: write_text(tmp_path / "page.html", "x"), processes=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_error_that_cannot_travel_arrives_as_an_output_error(tmp_path):
    class Local(Exception):  # defined in a function: pickle cannot find it
        pass

    def failing():
        raise Local("odd")

    with pytest.raises(OutputError, match="A helper process failed: odd"):
        with atomic_batch():
            write_side_by_side(failing, lambda: None, processes=2)


def test_the_child_sends_its_result_back():
    child_pid, here = run_side_by_side(os.getpid, lambda: "here", processes=2)
    assert here == "here" and child_pid != os.getpid()
    assert run_side_by_side(os.getpid, lambda: None, processes=1)[0] == os.getpid()


def test_no_fork_while_another_thread_runs_or_outside_a_batch(tmp_path):
    write_side_by_side(_pid_file(tmp_path / "alone.txt"), lambda: None, processes=2)
    assert int((tmp_path / "alone.txt").read_text()) == os.getpid()  # outside a batch: written here
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with atomic_batch():
            assert not can_fork()
            write_side_by_side(_pid_file(tmp_path / "here.txt"), lambda: None, processes=2)
    finally:
        stop.set()
        thread.join()
    assert int((tmp_path / "here.txt").read_text()) == os.getpid()


def test_the_progress_bar_starts_no_thread_that_would_rule_out_the_fork(monkeypatch):
    from graphkit.pipeline import stages

    class Terminal(io.StringIO):  # the bar shows on a terminal only
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    before = set(threading.enumerate())
    bar = stages._progress(10, quiet=False)
    assert bar is not None
    bar.update()
    assert set(threading.enumerate()) == before  # (tqdm's monitor thread outlives every bar)
    bar.close()
