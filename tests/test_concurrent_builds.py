"""Two builds at once, as a cron job and a person start them: on one cache, and into one folder.

1. Two builds of different corpora at the same moment, with the same --cache and different output
   folders: both give the files they give when run alone, and the cache stays sound (both rebuilds
   come from it).
2. Two builds into one output folder: the second waits until the first has written all of its files
   (and says so), so the folder ends with one build's complete set, never a mix; the result cache
   then knows exactly which build's files are there.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS
from trouble import WIKINEWS, graphkit, leftovers, run, snapshot, wait_for

PAUSED = Path(__file__).resolve().parent / "paused_graphkit.py"


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The files of each corpus built alone, without a cache."""
    base = tmp_path_factory.mktemp("alone")
    files = {}
    for key, source in (("seeds", SEEDS), ("wikinews", WIKINEWS)):
        proc = run(["build", source, "-o", key, "--no-cache", "--jobs", "1", "-q"], cwd=base)
        assert proc.returncode == 0, proc.stderr
        files[key] = snapshot(base / key)
    assert files["seeds"].keys() == files["wikinews"].keys()
    assert all(files["seeds"][name] != files["wikinews"][name] for name in files["seeds"])
    return files


def cache_rows(cache: Path) -> int:
    db = sqlite3.connect(cache / "extractions.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]
    finally:
        db.close()


def test_two_builds_at_once_share_one_cache(alone, tmp_path):
    cache = tmp_path / "cache"
    procs = {
        key: subprocess.Popen(
            graphkit("build", source, "-o", key, "--cache", cache, "--jobs", "1"),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for key, source in (("seeds", SEEDS), ("wikinews", WIKINEWS))
    }
    for key, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "note:" not in err, err
        assert snapshot(tmp_path / key) == alone[key], key
        assert not leftovers(tmp_path / key)
    assert cache_rows(cache) == 5 + 40
    db = sqlite3.connect(cache / "results.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT COUNT(*) FROM results").fetchone() == (2,)
    db.close()

    # each rebuild takes its graph from the shared cache, and the files are still the ones built alone
    for key, source in (("seeds", SEEDS), ("wikinews", WIKINEWS)):
        again = run(["build", source, "-o", f"{key}-again", "--cache", cache, "--jobs", "1"], cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert "it came from the result cache" in again.stdout, again.stdout
        assert snapshot(tmp_path / f"{key}-again") == alone[key]


def test_two_builds_into_one_folder_never_mix_their_files(alone, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    paused, go = tmp_path / "first-paused", tmp_path / "go"
    first = subprocess.Popen(
        [sys.executable, PAUSED, paused, go, "build", SEEDS, "-o", out, "--cache", cache, "--jobs", "1"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: paused.exists() or first.poll() is not None, 300, "the first build to write")
        assert first.poll() is None, first.communicate()
        # the first build has renamed one of its files into place and is about to rename the others
        log = tmp_path / "second.log"
        with open(log, "w") as err:
            second = subprocess.Popen(
                graphkit("build", WIKINEWS, "-o", out, "--cache", cache, "--jobs", "1"),
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
        wait_for(
            lambda: second.poll() is not None or "waiting" in log.read_text(),
            300,
            "the second build to finish or to say it waits",
        )
    finally:
        go.touch()
    first_out, first_err = first.communicate(timeout=300)
    second_out, _ = second.communicate(timeout=300)
    second_err = log.read_text()
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err

    # the second build said it waited, for which folder, and then wrote its whole set
    assert f"another graphkit build is writing into {out}; waiting" in second_err, second_err
    files = snapshot(out)
    origin = {name: [key for key in alone if alone[key].get(name) == data] for name, data in files.items()}
    assert files.keys() == alone["wikinews"].keys(), sorted(files)
    assert files == alone["wikinews"], f"a mix of both builds' files: {origin}"
    assert not leftovers(out)

    # the result cache knows which build's files these are: the second build's are up to date, the
    # first build's are written again (not taken for up to date)
    again = run(["build", WIKINEWS, "-o", out, "--cache", cache, "--jobs", "1"], cwd=tmp_path)
    assert "The outputs are up to date" in again.stdout, again.stdout
    again = run(["build", SEEDS, "-o", out, "--cache", cache, "--jobs", "1"], cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "up to date" not in again.stdout, again.stdout
    assert snapshot(out) == alone["seeds"]
