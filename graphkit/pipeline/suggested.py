"""The review's suggestions for the page, kept between builds in the result cache.

A rebuild after a change of window or filter has the same entities, with the same names,
mentions, documents and roles, so the same suggestions (graphkit.graph.suggestions: about a
seventh of a second for 4,500 entities, a tenth of such a rebuild's page). They are kept under a
digest of exactly what the review reads (the node attributes its module doc lists, the graph's
document count, the merges.csv rows) and of graphkit's code (graphkit.caches.fingerprints.code_stamp),
so a change to any of them works them out again. Like every cache here it is never needed for a
correct result: a miss, or any trouble with the cache, works them out.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from ..caches.fingerprints import code_stamp
from ..caches.results import ResultCache
from ..core.records import Merge
from ..graph.suggestions import Suggestion, suggestions

#: the node attributes graphkit.graph.suggestions reads
READ = ("label", "type", "mentions", "documents", "aliases", "doc_ids", "roles")


def suggestions_key(graph: nx.Graph, merges: Sequence[Merge] = ()) -> str:
    """SHA-256 over what :func:`graphkit.graph.suggestions.suggestions` reads of ``graph`` and
    ``merges``, and over the code that reads it."""
    h = hashlib.sha256(json.dumps(code_stamp(), sort_keys=True).encode())
    # repr, not str: the number 1 and the text "1" are different inputs
    h.update(repr(graph.graph.get("documents")).encode("utf-8", "surrogatepass"))
    for n, data in graph.nodes(data=True):
        h.update(repr((n, *(data.get(name) for name in READ))).encode("utf-8", "surrogatepass") + b"\0")
    h.update(repr(list(merges)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def kept_suggestions(graph: nx.Graph, merges: Sequence[Merge], cache: str | Path) -> list[Suggestion]:
    """``suggestions(graph, merges)``, from the result cache in the folder ``cache`` when a build
    with the same entities put them there (else worked out and put there)."""
    key = suggestions_key(graph, merges)
    store = ResultCache(cache)
    try:
        found = store.get_result(key, "suggestions")
        listed = found.get("suggestions") if isinstance(found, dict) else None
        if isinstance(listed, list) and all(isinstance(s, Suggestion) for s in listed):
            return listed
        listed = suggestions(graph, merges)
        store.put_result(key, {"suggestions": listed}, "suggestions")
        return listed
    finally:
        store.close()
