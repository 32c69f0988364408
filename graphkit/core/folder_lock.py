"""One build at a time writes into an output folder.

Two builds into one folder (a cron job and a person) would otherwise rename their files into
place at the same moment, and the folder would end with some files of each. While a build writes
its outputs it holds an advisory lock (``flock``) on the folder itself, so no lock file is left in
it; another build that wants to write there meanwhile says so and waits, then writes its own
complete set. The lock goes with the process: a killed build never leaves the folder locked.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; the builds are not kept apart there
    fcntl = None

#: folders this process holds, by real path, with how many blocks hold each (nested blocks share one lock)
_held: dict[str, int] = {}
_guard = threading.Lock()


@contextmanager
def folder_lock(folder: str | Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold ``folder`` (created if missing) against other processes' writers for the block.

    When another process holds it, ``on_wait()`` is called once and the block waits for it. A
    folder that cannot be made or opened is not locked: the writers inside report it.
    """
    key = os.path.realpath(folder)
    with _guard:
        nested = _held.get(key, 0) > 0
        _held[key] = _held.get(key, 0) + 1
    try:
        fd = None
        if not nested and fcntl is not None:
            try:
                Path(folder).mkdir(parents=True, exist_ok=True)
                fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            except OSError:
                fd = None
        if fd is None:
            yield
            return
        try:
            if _lock(fd, wait=False) is False:
                if on_wait is not None:
                    on_wait()
                _lock(fd, wait=True)
            yield
        finally:
            os.close(fd)  # releases the lock
    finally:
        with _guard:
            _held[key] -= 1
            if not _held[key]:
                del _held[key]


def _lock(fd: int, wait: bool) -> bool | None:
    """True when locked, False when another process holds it (only without ``wait``), None when
    this file system cannot lock (some network file systems): the build goes on unguarded."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError:
        return None
