"""A disk that fills up, and a cache folder that cannot be written.

3. A full disk while the outputs are written: exit 1 with a message naming the folder and the space
   the outputs need, the previous outputs as they were, no temporary file left, the cache sound.
4. A full disk while the extraction cache is written: the build finishes without caching and says so;
   the cache file stays sound and the next build works.
7. A read-only cache folder: the build runs without caching and says so.

"tmpfs" is a real full file system (a small tmpfs, mounted when the tests may mount); "fsize" is the
file-size limit (``ulimit -f``), which fails writes with EFBIG the way a full disk fails them with
ENOSPC, and stands in for tmpfs where mounting is not allowed (trouble.small_disk).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from conftest import SEEDS
from trouble import WIKINEWS, leftovers, read_only, run, seed_copies, small_disk, snapshot, workspace


def sound(db_path: Path) -> int:
    """Rows of a sound extraction cache file (its integrity check passes)."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]
    finally:
        db.close()


@pytest.fixture(scope="module")
def wikinews_files(tmp_path_factory) -> dict[str, bytes]:
    base = tmp_path_factory.mktemp("reference")
    proc = run(["build", WIKINEWS, "-o", "out", "--no-cache", "--jobs", "1", "-q"], cwd=base)
    assert proc.returncode == 0, proc.stderr
    return snapshot(base / "out")


@pytest.mark.parametrize("how", ["tmpfs", "fsize"])
def test_full_disk_while_writing_outputs(how, wikinews_files, tmp_path):
    cache = tmp_path / "cache"
    # the seeds' files (about 1.3 MB with relations, none over 0.9 MB) fit; the 40 articles' (4.2 MB) do not
    with small_disk(tmp_path / "disk", 2_000_000 if how == "tmpfs" else 1_000_000, how) as limit:
        out = tmp_path / "disk" / "out"
        first = run(["build", SEEDS, "-o", out, "--cache", cache, "--jobs", "1", "-q"], cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        before = snapshot(out)

        proc = run(["build", WIKINEWS, "-o", out, "--cache", cache, "--jobs", "1"], cwd=tmp_path, preexec=limit)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr, proc.stderr
        error = proc.stderr.strip().splitlines()[-1]
        assert str(out) in error, error
        needed = re.search(r"needs? ([\d.]+) (kB|MB)", error)
        assert needed, error
        if limit is None:  # a full disk: the whole set of outputs is what it needs
            assert "Not enough space" in error and 3.5 <= float(needed[1]) <= 5.0 and needed[2] == "MB", error
        else:  # the file-size limit: the file over it, and the limit
            assert "file size limit" in error and "graph.html" in error, error
        assert "previous outputs were left as they were" in error, error
        assert snapshot(out) == before
        assert not leftovers(out)
        assert sound(cache / "extractions.sqlite") == 5 + 40

    # the cache is sound: a build with room uses it and gives the same files as a build without it
    again = run(["build", WIKINEWS, "-o", tmp_path / "roomy", "--cache", cache, "--jobs", "1"], cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "spaCy ran on 0 document(s)" in again.stdout or "came from the result cache" in again.stdout
    assert snapshot(tmp_path / "roomy") == wikinews_files


@pytest.fixture(scope="module")
def cache_case(tmp_path_factory) -> tuple[list, dict[str, bytes]]:
    """The build of the full-cache case (its arguments) and its files without a cache (one reference
    for both ways of filling the disk)."""
    base = tmp_path_factory.mktemp("cache-case")
    corpus = seed_copies(base / "corpus", 25)  # 125 articles: about 0.6 MB of cache, 0.1 MB of csv
    # without relations: the same cache writes (a smaller record per article, still far over the
    # disk) in half the time of spaCy's whole pipeline
    args = [corpus, "--format", "csv", "--jobs", "1", "--no-relations"]
    reference = run(["build", *args, "-o", "reference", "--no-cache"], cwd=base)
    assert reference.returncode == 0, reference.stderr
    return args, snapshot(base / "reference")


@pytest.mark.parametrize("how", ["tmpfs", "fsize"])
def test_full_disk_while_writing_the_cache(how, cache_case, tmp_path):
    args, expected = cache_case
    cache = tmp_path / "cache"
    with small_disk(cache, 256_000, how) as limit:
        for attempt in ("first", "next"):
            out = tmp_path / attempt
            proc = run(["build", *args, "-o", out, "--cache", cache], cwd=tmp_path, preexec=limit)
            assert proc.returncode == 0, proc.stderr
            assert "Traceback" not in proc.stderr, proc.stderr
            notes = [line for line in proc.stderr.splitlines() if line.startswith("note:") and str(cache) in line]
            assert any("without" in line and "cach" in line for line in notes), proc.stderr
            assert snapshot(out) == expected
            assert sound(cache / "extractions.sqlite") < 125  # what fitted, whole chunks only


def test_read_only_cache_folder(tmp_path):
    base = workspace(tmp_path)
    cache = base / "cache"
    first = run(["build", SEEDS, "-o", base / "first", "--cache", cache, "--jobs", "1", "-q"], cwd=base)
    assert first.returncode == 0, first.stderr
    cached = {p.name: p.stat().st_mtime_ns for p in cache.rglob("*")}

    with read_only(cache) as user:
        proc = run(["build", SEEDS, "-o", base / "out", "--cache", cache, "--jobs", "1"], cwd=base, user=user)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    notes = [line for line in proc.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1, proc.stderr  # said once, not once per cache
    assert str(cache) in notes[0] and "without caching" in notes[0], notes
    assert snapshot(base / "out") == snapshot(base / "first")
    assert {p.name: p.stat().st_mtime_ns for p in cache.rglob("*")} == cached
