"""Graphs read back: what the reading commands (stats, neighbors, path, quotes, diff, timeline,
review) got from a build's graph file, kept in the cache folder so the next question skips the parse.

Reading the 47 MB GraphML of 2,770 articles takes about 4 s, most of a `neighbors` question; the
same graph unpickled takes 0.2 s. The entry is keyed by a SHA-256 of the file's bytes (0.04 s for
that file), the file's suffix (which reader read it), graphkit's own code (as the result cache's
fingerprint: a changed reader never reuses an old entry) and the versions of networkx, lxml and
Python, so a rebuilt or edited file, or an upgraded reader, reads the file again.

It lives in ``results.sqlite`` of the cache folder (table ``read_graphs``, the newest few kept,
graphkit.caches.results). Like every cache here it is never needed for a correct answer: trouble
with it (locked, damaged, read-only, disk full) gives a notice and the file is read as usual.
Entries are pickles, as the result cache's are: a cache folder is trusted like the code that runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from ..core.sqlite import unwritable
from .beside import keep_beside, wait_for_stores
from .fingerprints import code_stamp
from .results import ResultCache

TABLE = "read_graphs"
#: bytes hashed at a time (the file is not held in memory twice)
_CHUNK = 1 << 22
#: keys of the graphs this process has started keeping (graphkit.caches.beside)
_keeping: set[str] = set()


class ReadBackCache(ResultCache):
    """The result cache as the reading commands use it: its notices say the file is read instead,
    and a store gives up after a short wait for a build's write lock (the answer is already out)."""

    INSTEAD = "the graph file is read without it"
    INSTEAD_OF_ENTRY = "the graph file is read again"
    TIMEOUT = 2


def read_key(path: Path) -> str:
    """SHA-256 over the readers (graphkit's version and code, networkx's, lxml's and Python's
    versions, the file's suffix) and the file's bytes."""
    from lxml import etree

    h = hashlib.sha256()
    head = {
        **code_stamp(),
        "networkx": nx.__version__,
        "lxml": etree.LXML_VERSION,
        "python": sys.version_info[:2],
        "suffix": path.suffix.lower(),
    }
    h.update(json.dumps(head, sort_keys=True).encode())
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _identity(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def read_through(path: Path, read: Callable[[Path], nx.Graph], cache: str | Path, notices: list[str]) -> nx.Graph:
    """``read(path)``, or the graph kept for a file of the same bytes in the cache folder ``cache``.

    A graph read here is kept from a second process while the caller goes on (as a build keeps its
    result: graphkit.caches.beside.wait_for_stores waits for it, and gives the notices of trouble
    while keeping it). Cache trouble goes to ``notices``; errors of ``read`` itself go to the
    caller, and nothing is kept for them. A file replaced while it was read (a build renaming its
    new file into place) is not kept: its bytes may not be the ones hashed.
    """
    folder = Path(cache)
    reason = unwritable(folder)
    if reason is not None:
        notices.append(f"the cache folder {folder} cannot be written ({reason}); the graph file is read without it")
        return read(path)
    before = _identity(path)
    try:
        key = read_key(path)
    except OSError:
        return read(path)  # read() says what is wrong with the file
    if key in _keeping:  # a read just before is keeping this very file (another file's store goes on)
        notices.extend(wait_for_stores())
        _keeping.clear()
    store = ReadBackCache(folder)
    try:
        kept = store.get_result(key, TABLE)
        notices.extend(store.notices)
    finally:
        store.close()
    if isinstance(kept, dict) and isinstance(kept.get("graph"), nx.Graph):
        return kept["graph"]
    graph = read(path)
    if before is not None and _identity(path) == before:
        keep_beside(lambda: _keep(folder, key, graph))
        _keeping.add(key)
    return graph


def _keep(folder: Path, key: str, graph: nx.Graph) -> list[str]:
    store = ReadBackCache(folder)
    try:
        store.put_result(key, {"graph": graph}, TABLE)
        return store.notices
    finally:
        store.close()
