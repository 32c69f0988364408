"""A worker process that dies in the middle of a build, as the out-of-memory killer does it (SIGKILL).

5. A spaCy worker of ``--jobs 2`` killed: its articles are extracted again by a new worker and the
   build gives the complete graph, saying what happened. Workers that keep dying stop the build with a
   clear message (exit 1, the previous outputs as they were); what was extracted stays in the cache
   and the next build goes on from there. Never a hang, never a graph missing articles.
6. A Dask worker killed during ``--scheduler``: the build goes on with the remaining worker and gives
   the graph a local build gives.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from conftest import SEEDS
from trouble import children, graphkit, leftovers, run, seed_copies, snapshot, wait_for

COPIES = 40  # x 5 seeds = 200 articles: four extraction chunks, several seconds of spaCy
#: what every build of the corpus is given: the worker pool is what these tests try, not spaCy's
#: pipeline, so the smaller one (the same chunks, the same pool), in about two thirds of the time
NO_RELATIONS = "--no-relations"


# session-wide: in one test process the Dask test runs at the end of the session (conftest), after
# the other modules, where a module fixture would be made a second time
@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    return seed_copies(tmp_path_factory.mktemp("corpus"), COPIES)


@pytest.fixture(scope="session")
def reference(corpus, tmp_path_factory) -> dict[str, bytes]:
    """The files of an undisturbed build in one process, without a cache."""
    base = tmp_path_factory.mktemp("reference")
    proc = run(["build", corpus, "-o", "out", "--no-cache", "--jobs", "1", "-q", NO_RELATIONS], cwd=base)
    assert proc.returncode == 0, proc.stderr
    return snapshot(base / "out")


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def workers(pid: int) -> list[int]:
    """The forked spaCy workers of the build ``pid``: its children running its own command line."""
    own = cmdline(pid)
    return [child for child in children(pid) if cmdline(child) == own]


def cached(cache: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{cache / 'extractions.sqlite'}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def start(args, cwd: Path) -> tuple[subprocess.Popen, Path]:
    log = cwd / "build.log"
    with open(log, "w") as err:
        proc = subprocess.Popen(graphkit(*args), cwd=cwd, stdout=subprocess.PIPE, stderr=err, text=True)
    return proc, log


def finish(proc: subprocess.Popen, timeout: float = 300) -> str:
    """stdout of ``proc`` once it exits; a build that hangs is killed and fails the test."""
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        for pid in [*workers(proc.pid), proc.pid]:
            os.kill(pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"the build hung: still running {timeout} s after its worker was killed")
    return out


def test_killed_spacy_worker_is_replaced_and_the_graph_is_complete(corpus, reference, tmp_path):
    cache = tmp_path / "cache"
    proc, log = start(["build", corpus, "-o", "out", "--cache", cache, "--jobs", "2", NO_RELATIONS], tmp_path)
    wait_for(lambda: len(workers(proc.pid)) == 2 or proc.poll() is not None, 120, "two spaCy workers")
    time.sleep(1.0)  # both are in the middle of their first chunk of 64 articles
    victim = workers(proc.pid)[0]
    os.kill(victim, signal.SIGKILL)
    out = finish(proc)
    err = log.read_text()
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
    assert re.search(r"note: a spaCy worker process .*SIGKILL", err), err
    assert "Read 200 document(s), skipped 0;" in out, out
    assert snapshot(tmp_path / "out") == reference  # not one article missing
    assert cached(cache) == 200


def test_spacy_workers_that_keep_dying_stop_the_build_clearly(corpus, tmp_path):
    cache = tmp_path / "cache"
    first = run(["build", SEEDS, "-o", "out", "--no-cache", "--jobs", "1", "-q"], cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = snapshot(tmp_path / "out")

    proc, log = start(["build", corpus, "-o", "out", "--cache", cache, "--jobs", "2", NO_RELATIONS], tmp_path)
    # let the first chunks reach the cache, then kill every worker as soon as it appears
    wait_for(lambda: cached(cache) >= 64 or proc.poll() is not None, 300, "a first chunk in the cache")
    killed = 0
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        for pid in workers(proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        time.sleep(0.05)
    finish(proc, timeout=10)
    err = log.read_text()
    assert killed >= 2, err
    assert proc.returncode == 1, err
    assert "Traceback" not in err, err
    error = err.strip().splitlines()[-1]
    assert "spaCy worker process" in error and "SIGKILL" in error and "--jobs" in error, error
    kept = re.search(r"(\d+) of 200 articles .* kept in the cache", error)
    assert kept, error
    assert snapshot(tmp_path / "out") == before and not leftovers(tmp_path / "out")
    assert int(kept[1]) == cached(cache) >= 64

    # the next build goes on from what was kept
    again = run(["build", corpus, "-o", "out", "--cache", cache, "--jobs", "2", NO_RELATIONS], cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"spaCy ran on {200 - int(kept[1])} document(s); {kept[1]} came from the extraction cache" in again.stdout


@pytest.mark.dask
def test_killed_dask_worker_the_build_completes_on_the_other(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed", reason="pip install -e '.[dask]'")
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0", protocol="tcp"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = client.run(os.getpid)
        cache = tmp_path / "cache"
        proc, log = start(
            ["build", corpus, "-o", "out", "--cache", cache, "--scheduler", cluster.scheduler_address, NO_RELATIONS],
            tmp_path,
        )

        def extracting() -> list[str]:
            return [worker for worker, keys in client.processing().items() if any("extract" in str(k) for k in keys)]

        wait_for(lambda: extracting() or proc.poll() is not None, 300, "an extraction task on the cluster")
        time.sleep(1.0)
        victims = extracting()
        assert victims, log.read_text()
        os.kill(pids[victims[0]], signal.SIGKILL)
        out = finish(proc)
    err = log.read_text()
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
    assert re.search(r"note: a Dask worker .* left", err), err
    assert "Read 200 document(s), skipped 0;" in out, out
    assert snapshot(tmp_path / "out") == reference
