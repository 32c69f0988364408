"""The result cache written from a second process, or a thread, while this one goes on (graphkit.core.side_by_side).

Pickling a large finished graph and writing it takes a third of a second that the outputs need, so
build() starts :func:`store_result_beside` (with one process, the database write alone goes to a
thread); save_outputs waits for it (:func:`wait_for_stores`), as does the next build of the same
process before it looks in the cache, and the program at exit.
"""

from __future__ import annotations

import atexit
import pickle
from collections.abc import Callable
from pathlib import Path

from ..core.side_by_side import forks, start_beside, start_in_thread
from .results import store_pickled, store_result

#: the stores running in another process or a thread (store_result_beside), oldest first
_running: list[Callable[[], list[str]]] = []


def store_result_beside(
    cache: str | Path, key: str, data: dict, table: str = "results", processes: int | None = None
) -> None:
    """:func:`~graphkit.caches.results.store_result` in a forked process where one can be forked
    (``processes`` as BuildSettings.jobs); else pickled here and now, and written to the database
    in a thread (SQLite lets go of the GIL while it writes: a tenth of a second for a large graph
    that the outputs use meanwhile). :func:`wait_for_stores` gives its notices."""
    if forks(processes):
        keep_beside(lambda: store_result(cache, key, data, table), processes)
        return
    # pickled before returning: the caller may change the graph afterwards (a fork copies it)
    blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    _running.append(start_in_thread(lambda: store_pickled(cache, key, blob, table)))


def keep_beside(store: Callable[[], list[str]], processes: int | None = None) -> None:
    """``store()`` (which returns notices) in a forked process where one can be forked, else here
    and now; :func:`wait_for_stores` waits for it and gives its notices."""
    _running.append(start_beside(store, processes))


def wait_for_stores() -> list[str]:
    """Wait for every :func:`store_result_beside` of this process; their notices."""
    notices: list[str] = []
    while _running:
        finish = _running.pop(0)
        try:
            notices.extend(finish())
        except Exception as exc:  # noqa: BLE001 - the cache never fails a build
            notices.append(
                f"result cache not written ({type(exc).__name__}: {exc}); the next build makes the graph again"
            )
    return notices


def _wait_at_exit() -> None:
    try:
        wait_for_stores()
    except KeyboardInterrupt:  # Ctrl-C on the way out: the store is given up (the cache is never needed)
        pass


atexit.register(_wait_at_exit)  # a program that ends without save_outputs still leaves its store done
