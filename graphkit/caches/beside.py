"""The result cache written from a second process while this one goes on (graphkit.core.side_by_side).

Pickling a large finished graph and writing it takes a third of a second that the outputs need, so
build() starts :func:`store_result_beside`; save_outputs waits for it (:func:`wait_for_stores`), as
does the next build of the same process before it looks in the cache, and the program at exit.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from pathlib import Path

from ..core.side_by_side import start_beside
from .results import store_result

#: the stores running in another process (store_result_beside), oldest first
_running: list[Callable[[], list[str]]] = []


def store_result_beside(
    cache: str | Path, key: str, data: dict, table: str = "results", processes: int | None = None
) -> None:
    """:func:`~graphkit.caches.results.store_result` in a forked process where one can be forked
    (``processes`` as BuildSettings.jobs), else here and now; :func:`wait_for_stores` gives its
    notices."""
    keep_beside(lambda: store_result(cache, key, data, table), processes)


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
