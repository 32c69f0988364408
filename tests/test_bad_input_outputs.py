"""Outputs are written atomically: each to a temporary file in the same folder renamed into place, and
all of a build's files together, so a failure or Ctrl-C while writing leaves the previous outputs as
they were and no temporary file behind.

The tests go through ``write_outputs`` with every format, so they cover writers added later.
"""

from __future__ import annotations

import errno
import os

import pytest

from graphkit.core import atomic
from graphkit.core.errors import OutputError
from graphkit.graph.analytics import annotate
from graphkit.pipeline import FORMATS, write_outputs
from graphkit.resolution.resolver import resolve


def snapshot(folder):
    """Every file in ``folder`` and its subfolders (hidden ones too) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def inodes(folder):
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(seeds_result):
    """(graph, resolution, mention rows) of the seeds and of a smaller build, so new outputs differ
    from the previous ones."""
    g = seeds_result.graph
    small = annotate(g.subgraph(sorted(g.nodes)[:6]).copy())
    small_resolution = resolve(seeds_result.extracted[:2], seeds_result.documents[:2])
    rows = list(seeds_result.mention_rows())
    return (small, small_resolution, [r for r in rows if r.entity in small]), (g, seeds_result.resolution, rows)


def write_all(build, out):
    graph, resolution, rows = build
    # every format (the neo4j one a folder of files), and merges.csv
    return write_outputs(graph, out, formats=FORMATS, resolution=resolution, mentions=rows)


@pytest.fixture
def previous_outputs(tmp_path, two_builds):
    small, big = two_builds
    out = tmp_path / "out"
    write_all(small, out)
    before = snapshot(out)
    # how many files one build writes, to fail on the last one
    count = len(write_all(big, tmp_path / "scratch"))
    assert count > len(FORMATS)
    return out, before, count


def fail_on_write(monkeypatch, n: int, exc: BaseException):
    """Make the n-th completed output file fail just before it would be renamed into place."""
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(fd):
        calls["n"] += 1
        if calls["n"] == n:
            raise exc
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return calls


def test_failed_last_write_leaves_every_previous_output_unchanged(previous_outputs, two_builds, monkeypatch):
    out, before, count = previous_outputs
    calls = fail_on_write(monkeypatch, count, OSError(errno.ENOSPC, "No space left on device"))
    # a full disk: the folder, the space the outputs need (counted without writing) and what to do
    with pytest.raises(
        OutputError,
        match=r"Not enough space in .*: the outputs need 1\.\d MB and .* is free there\. "
        r"The previous outputs were left as they were\. Free some space, or choose another folder",
    ):
        write_all(two_builds[1], out)
    # Every writer went through graphkit.atomic (one fsync each), and none of the files changed:
    # a writer that wrote in place would show here as a changed file.
    assert calls["n"] == count
    assert snapshot(out) == before


def test_ctrl_c_while_writing_leaves_every_previous_output_unchanged(previous_outputs, two_builds, monkeypatch):
    out, before, count = previous_outputs
    fail_on_write(monkeypatch, max(1, count // 2), KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_all(two_builds[1], out)
    assert snapshot(out) == before


def test_successful_write_replaces_all_and_leaves_no_temporary_files(previous_outputs, two_builds):
    out, before, count = previous_outputs
    old = inodes(out)
    written = write_all(two_builds[1], out)
    after = snapshot(out)
    assert sorted(after) == sorted(p.relative_to(out).as_posix() for p in written) == sorted(before)
    new = inodes(out)
    assert all(new[name] != old[name] for name in new), "every output should have been replaced"
    assert after != before


def test_temporary_file_is_in_the_target_folder(tmp_path, monkeypatch):
    renames = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (renames.append((src, dst)), real_replace(src, dst)))
    target = tmp_path / "sub" / "graph.graphml"
    with atomic.atomic_open(target) as fh:
        fh.write("<graphml/>\n")
        partial = [p.name for p in target.parent.iterdir()]
        assert not target.exists()
        assert len(partial) == 1 and partial[0].startswith(".graph.graphml.") and partial[0].endswith(".tmp")
    [(src, dst)] = renames
    assert os.path.dirname(src) == str(target.parent) and dst == target  # same folder: the rename is atomic
    assert target.read_text() == "<graphml/>\n"
    assert os.stat(target).st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["graph.graphml"]


def test_error_inside_atomic_open_keeps_the_old_file(tmp_path):
    target = tmp_path / "graph.json"
    target.write_text("old")
    with pytest.raises(ValueError):
        with atomic.atomic_open(target) as fh:
            fh.write("half")
            raise ValueError("writer bug")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.json"]


def test_batch_commits_together_and_nested_batches_join(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    with atomic.atomic_batch():
        atomic.write_text(a, "A")
        with atomic.atomic_batch():
            atomic.write_text(b, "B")
        assert not a.exists() and not b.exists()  # nothing renamed before the outer batch ends
    assert (a.read_text(), b.read_text()) == ("A", "B")


def test_check_writable_reports_and_leaves_no_trace(tmp_path):
    atomic.check_writable(tmp_path / "new" / "deeper")
    assert list(tmp_path.iterdir()) == []  # folders it created are removed again
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="Cannot write to .*file/out: Not a directory. Choose another folder"):
        atomic.check_writable(tmp_path / "file" / "out")
    existing = tmp_path / "existing"
    existing.mkdir()
    assert atomic.check_writable(existing) == existing
    assert list(existing.iterdir()) == []
