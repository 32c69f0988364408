"""The worker processes behind ``--jobs``: a worker that dies is seen at once, replaced, and its chunk
done again; a chunk whose worker dies twice stops the run with a clear error; a worker's own error
comes back as itself. (test_dead_workers.py kills real spaCy workers of a real build.)
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from graphkit.extraction.workers import WorkerDied, WorkerPool, describe_exit

FORK = multiprocessing.get_context("fork")


def square_or_die(item):
    """``item`` squared; a chunk (n, flag file) kills its worker while the flag file exists, once or
    always (the file is removed or kept)."""
    n, flag, once = item
    if flag and Path(flag).exists():
        if once:
            Path(flag).unlink()
        os.kill(os.getpid(), signal.SIGKILL)
    if n < 0:
        raise ValueError(f"no square for {n}")
    return n * n


def run_all(pool: WorkerPool, items) -> dict[int, int]:
    try:
        for number, item in enumerate(items):
            pool.submit(number, item)
        return dict(pool.collect() for _ in items)
    finally:
        pool.close()


def test_a_killed_worker_is_replaced_and_its_chunk_done_again(tmp_path):
    flag = tmp_path / "die-once"
    flag.touch()
    notices = []
    pool = WorkerPool(2, square_or_die, context=FORK, name="test worker", on_notice=notices.append)
    items = [(n, str(flag) if n == 3 else None, True) for n in range(8)]
    assert run_all(pool, items) == {n: n * n for n in range(8)}
    assert notices == [
        "a test worker was killed by SIGKILL (often the out-of-memory killer); a new one does its articles again"
    ]


def test_a_chunk_that_kills_its_worker_twice_stops_the_run(tmp_path):
    flag = tmp_path / "die-always"
    flag.touch()
    pool = WorkerPool(2, square_or_die, context=FORK, name="test worker")
    items = [(n, str(flag) if n == 5 else None, False) for n in range(8)]
    with pytest.raises(WorkerDied, match="was killed by SIGKILL .* a second time on the same articles"):
        run_all(pool, items)
    assert not pool._workers  # every worker stopped


def test_a_workers_own_error_is_raised_as_itself():
    pool = WorkerPool(2, square_or_die, context=FORK)
    with pytest.raises(ValueError, match="no square for -2"):
        run_all(pool, [(1, None, False), (-2, None, False)])


def test_two_chunks_that_finish_together_are_both_collected():
    """Both workers done before the first collect: one wait sees both answers and keeps the second;
    collecting it raised "no chunk submitted" (a build with --jobs 2 on a busy machine stopped so)."""
    import time

    pool = WorkerPool(2, square_or_die, context=FORK)
    try:
        pool.submit(0, (2, None, False))
        pool.submit(1, (3, None, False))
        assert len(pool) == 2
        time.sleep(1.0)  # both squares are made long before this
        first = pool.collect()
        assert len(pool) == 1  # (the second answer, read in the same wait, is not collected yet)
        second = pool.collect()
        assert dict([first, second]) == {0: 4, 1: 9} and len(pool) == 0
    finally:
        pool.close()


def test_exit_described_in_words():
    assert describe_exit(-signal.SIGKILL) == "was killed by SIGKILL (often the out-of-memory killer)"
    assert describe_exit(-signal.SIGSEGV) == "was killed by SIGSEGV"
    assert describe_exit(3) == "exited with status 3"


def exit_at_start():
    raise SystemExit(3)  # a worker that cannot start (e.g. its model fails to load)


def test_workers_that_die_as_they_start_stop_the_run():
    pool = WorkerPool(2, square_or_die, initializer=exit_at_start, context=FORK)
    with pytest.raises(WorkerDied, match="^a worker process exited with status 3"):
        run_all(pool, [(n, None, False) for n in range(4)])
