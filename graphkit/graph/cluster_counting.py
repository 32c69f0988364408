"""Co-mention counting on a Dask cluster, where the documents are (``--scheduler``).

Every chunk of documents becomes partial tallies on a worker (:func:`count_document`, the map
step) and the partials are merged in an ordered tree of tasks (:func:`merge_counts`), so only the
final tallies come back: the same graph as :func:`comention_graph` on this machine.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from ..core.records import Document, ExtractedDoc, Resolution
from .comention import (
    DEFAULT_MAX_EVIDENCE,
    Counts,
    check_window,
    count_document,
    graph_from_counts,
    kept_entities,
    mention_entity_ids,
    merge_counts,
)
from .mentions import MentionRow, document_mention_rows
from .relation_attributes import people_attributes
from .significance import corpus_windows, document_windows

#: documents per counting task.
DOCS_PER_COUNT_TASK = 512


def _count_task(
    documents: Sequence[Document | None],
    extracted: Sequence[ExtractedDoc],
    entity_ids: Sequence[Sequence[str | None]],
    window: str,
    max_evidence: int,
) -> Counts:
    counts: Counts = {}
    for doc, ed, ids in zip(documents, extracted, entity_ids):
        merge_counts(counts, count_document(doc, ed, ids, window=window, max_evidence=max_evidence), max_evidence)
    return counts


def _mention_rows_task(
    documents: Sequence[Document | None],
    extracted: Sequence[ExtractedDoc],
    entity_ids: Sequence[Sequence[str | None]],
) -> list[MentionRow]:
    rows = []
    for doc, ed, ids in zip(documents, extracted, entity_ids):
        if doc is not None:
            rows.extend(document_mention_rows(doc, ed, ids))
    return rows


def _merge_task(left: Counts, right: Counts, max_evidence: int) -> Counts:
    # a copy: a task must not change its inputs (Dask may reuse or retry them)
    into = {pair: [w, d, dict(s), dict(t), dict(r)] for pair, (w, d, s, t, r) in left.items()}
    return merge_counts(into, right, max_evidence)


# ---------------------------------------------------------------- on the client


def count_on_cluster(
    cluster,
    chunks: Sequence[tuple[object, int]],
    documents: Sequence[Document],
    extracted: Sequence[ExtractedDoc],
    resolution: Resolution,
    *,
    window: str = "sentence",
    min_mentions: int = 1,
    min_weight: int = 1,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
    relations: bool = False,
) -> nx.Graph:
    """:func:`comention_graph` for documents kept on the ``cluster`` (graphkit.extraction.cluster):
    ``chunks`` holds (future of a list of documents, its size) in input order; ``documents`` may
    be without their text (only ids and metadata are read here). With ``relations`` the relations
    are counted with the co-mentions on the workers; roles and quotes come from ``extracted`` here."""
    check_window(window)
    kept = kept_entities(resolution, min_mentions)
    partials = []
    per_document = []  # windows per entity need only the mention records: counted here
    start = 0
    for data, size in chunks:
        part = extracted[start : start + size]
        start += size
        ids = [mention_entity_ids(resolution, ed.doc_id, kept) for ed in part]
        per_document.extend(document_windows(ed, doc_ids, window) for ed, doc_ids in zip(part, ids))
        partials.append(cluster.client.submit(_count_task, data, part, ids, window, max_evidence, pure=False))
    counts = _merge_tree(cluster, partials, max_evidence)
    meta = {d.id: d.meta for d in documents}
    people = people_attributes(extracted, resolution, kept) if relations else None
    return graph_from_counts(
        counts,
        resolution,
        kept,
        meta,
        len(documents),
        window=window,
        min_weight=min_weight,
        max_evidence=max_evidence,
        windows=corpus_windows(per_document),
        people=people,
    )


def mention_rows_on_cluster(
    cluster,
    chunks: Sequence[tuple[object, int]],
    extracted: Sequence[ExtractedDoc],
    resolution: Resolution,
    nodes: set[str],
) -> list[MentionRow]:
    """The mentions export's rows (graphkit.graph.mentions) for documents kept on the ``cluster``,
    made by the workers that hold their text, in input order (as a local build makes them)."""
    futures = []
    start = 0
    for data, size in chunks:
        part = extracted[start : start + size]
        start += size
        ids = [mention_entity_ids(resolution, ed.doc_id, nodes) for ed in part]
        futures.append(cluster.client.submit(_mention_rows_task, data, part, ids, pure=False))
    rows: list[MentionRow] = []
    for future in futures:
        rows.extend(cluster.result(future))
        future.release()
    return rows


def _merge_tree(cluster, partials: list, max_evidence: int) -> Counts:
    """The partial tallies merged in an ordered tree: neighbours, left before right, so evidence
    order matches a local build."""
    if not partials:
        return {}
    while len(partials) > 1:
        merged = [
            cluster.client.submit(_merge_task, partials[i], partials[i + 1], max_evidence, pure=False)
            for i in range(0, len(partials) - 1, 2)
        ]
        if len(partials) % 2:
            merged.append(partials[-1])
        partials = merged
    return cluster.result(partials[0])


def comention_graph_on_cluster(
    cluster,
    documents: Sequence[Document],
    extracted: Sequence[ExtractedDoc],
    resolution: Resolution,
    *,
    window: str = "sentence",
    min_mentions: int = 1,
    min_weight: int = 1,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
    chunk_size: int | None = None,
    relations: bool = False,
) -> nx.Graph:
    """:func:`comention_graph` with the counting done on the cluster (same result)."""
    chunk_size = chunk_size or DOCS_PER_COUNT_TASK
    by_id = {d.id: d for d in documents}
    chunks = []
    for start in range(0, len(extracted), chunk_size):
        part = extracted[start : start + chunk_size]
        [data] = cluster.client.scatter([[by_id.get(ed.doc_id) for ed in part]], hash=False)
        chunks.append((data, len(part)))
    return count_on_cluster(
        cluster,
        chunks,
        documents,
        list(extracted),
        resolution,
        window=window,
        min_mentions=min_mentions,
        min_weight=min_weight,
        max_evidence=max_evidence,
        relations=relations,
    )
