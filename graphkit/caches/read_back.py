"""Graphs read back: what the reading commands (stats, neighbors, path, quotes, diff, timeline,
review) got from a build's graph file, kept in the cache folder so the next question skips the parse.

Reading the 47 MB GraphML of 2,770 articles takes about 4 s, most of a `neighbors` question; the
same graph unpickled takes 0.2 s. The entry is keyed by a SHA-256 of the file's bytes (0.04 s for
that file), the file's suffix (which reader read it) and graphkit's own code (as the result cache's
fingerprint: a changed reader never reuses an old entry), so a rebuilt or edited file is read again.

It lives in ``results.sqlite`` of the cache folder (table ``read_graphs``, the newest few kept,
graphkit.caches.results). Like every cache here it is never needed for a correct answer: trouble
with it (locked, damaged, read-only, disk full) gives a notice and the file is read as usual.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from ..core.sqlite import unwritable
from ..core.version import __version__
from .beside import store_result_beside, wait_for_stores
from .fingerprints import RESULT_FORMAT_VERSION, source_stamp
from .results import ResultCache

TABLE = "read_graphs"
#: bytes hashed at a time (the file is not held in memory twice)
_CHUNK = 1 << 22


def read_key(path: Path) -> str:
    """SHA-256 over the reader (graphkit's version and code, the file's suffix) and the file's bytes."""
    h = hashlib.sha256()
    head = {"graphkit": __version__, "format": RESULT_FORMAT_VERSION, "source": source_stamp()}
    h.update(json.dumps({**head, "suffix": path.suffix.lower()}, sort_keys=True).encode())
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def read_through(path: Path, read: Callable[[Path], nx.Graph], cache: str | Path, notices: list[str]) -> nx.Graph:
    """``read(path)``, or the graph kept for a file of the same bytes in the cache folder ``cache``.

    A graph read here is kept from a second process while the caller goes on (as a build keeps its
    result: graphkit.caches.beside.wait_for_stores waits for it). Cache trouble goes to ``notices``;
    errors of ``read`` itself go to the caller, and nothing is kept for them.
    """
    folder = Path(cache)
    reason = unwritable(folder)
    if reason is not None:
        notices.append(f"the cache folder {folder} cannot be written ({reason}); the graph file is read without it")
        return read(path)
    try:
        key = read_key(path)
    except OSError:
        return read(path)  # read() says what is wrong with the file
    notices.extend(wait_for_stores())  # a read just before may be keeping this very file
    store = ResultCache(folder)
    try:
        kept = store.get_result(key, TABLE)
        notices.extend(store.notices)
    finally:
        store.close()
    if isinstance(kept, dict) and isinstance(kept.get("graph"), nx.Graph):
        return kept["graph"]
    graph = read(path)
    store_result_beside(folder, key, {"graph": graph}, TABLE)
    return graph
