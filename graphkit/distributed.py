"""Scale-out on a Dask cluster: ``graphkit build --scheduler tcp://HOST:8786``.

Extraction runs as tasks of a few dozen documents. Each worker process loads the spaCy pipeline
once (a module-level cache keyed by model name) and returns plain ExtractedDoc records, never
spaCy Docs. The client keeps only a bounded number of chunks in flight, so documents stream to
the cluster instead of all being sent at once, and it stores results in the extraction cache as
they come back. Co-mention counting runs there too: every chunk of documents becomes partial
tallies (graphkit.graph.count_document, the map step) and the partials are merged in an ordered
tree of tasks (merge_counts). With :meth:`Cluster.extract_stream` / :meth:`Cluster.count_stream`
(what ``build --scheduler`` uses) the documents are read one at a time, stay on the cluster
between extraction and counting, and the client resolves entities from the records and the
resolution contexts the workers made: it never holds the articles' text. Identical input gives
the same graph as a local build.

Dask is imported only here, and this module only when a scheduler is given. Workers need
graphkit and the spaCy model installed (``pip install 'graphkit[dask]' en_core_web_sm``).
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator, Sequence

import networkx as nx

from .errors import GraphkitError
from .extraction import DEFAULT_BATCH_SIZE, MAX_CHUNK_CHARS, extract_chunk, load_pipeline, model_signature
from .graph import (
    DEFAULT_MAX_EVIDENCE,
    Counts,
    check_window,
    count_document,
    graph_from_counts,
    kept_entities,
    mention_entity_ids,
    merge_counts,
)
from .records import Document, ExtractedDoc, Resolution

#: documents per extraction task: big enough that task overhead is nothing next to NER.
DOCS_PER_TASK = 128
#: documents per counting task.
DOCS_PER_COUNT_TASK = 512
#: extraction tasks in flight per worker thread; the rest wait on the client.
TASKS_PER_THREAD = 3
CONNECT_TIMEOUT = "20s"
WORKER_WAIT_SECONDS = 60

# ---------------------------------------------------------------- on the workers

_PIPELINES: dict[str, object] = {}
_LOAD_LOCK = threading.Lock()
#: one spaCy run at a time per worker process: spaCy is not thread-safe (memory zones, vocab)
#: and holds the GIL anyway, so run workers with --nthreads 1 and as many processes as cores.
_RUN_LOCK = threading.Lock()
#: how many times this process loaded a pipeline (the tests check it is once per worker).
LOADS: dict[str, int] = {}


def worker_pipeline(model: str):
    """The pipeline for ``model`` in this process, loaded on first use."""
    with _LOAD_LOCK:
        nlp = _PIPELINES.get(model)
        if nlp is None:
            nlp = _PIPELINES[model] = load_pipeline(model)
            LOADS[model] = LOADS.get(model, 0) + 1
        return nlp


def _signature_task(model: str) -> str:
    return model_signature(worker_pipeline(model))


def _extract_task(documents: Sequence[Document], model: str, nlp, batch_size: int,
                  max_chunk_chars: int) -> list[ExtractedDoc]:
    pipeline = nlp if nlp is not None else worker_pipeline(model)
    with _RUN_LOCK:
        return extract_chunk(documents, pipeline, batch_size=batch_size, max_chunk_chars=max_chunk_chars)


def _extract_context_task(documents: Sequence[Document], cached: Sequence[ExtractedDoc | None], model: str, nlp,
                          batch_size: int, max_chunk_chars: int, types) -> tuple[list, list, list, Counter]:
    """(all-label records spaCy made here, records of ``types`` for every document, their contexts,
    the chunk's lower-case word counts).

    ``cached`` has the extraction cache's record for each document, or None where spaCy must run.
    The contexts (graphkit.resolution.document_context) let the client resolve entities without
    the text, which stays on the cluster for counting.
    """
    from .extraction import filter_types
    from .resolution import document_context, lower_word_counts

    todo = [d for d, r in zip(documents, cached) if r is None]
    made = _extract_task(todo, model, nlp, batch_size, max_chunk_chars) if todo else []
    fresh = iter(made)
    records = [filter_types(r if r is not None else next(fresh), types, d.id) for d, r in zip(documents, cached)]
    contexts = [document_context(d, r) for d, r in zip(documents, records)]
    return made, records, contexts, lower_word_counts(documents)


def _count_task(documents: Sequence[Document | None], extracted: Sequence[ExtractedDoc],
                entity_ids: Sequence[Sequence[str | None]], window: str, max_evidence: int) -> Counts:
    counts: Counts = {}
    for doc, ed, ids in zip(documents, extracted, entity_ids):
        merge_counts(counts, count_document(doc, ed, ids, window=window, max_evidence=max_evidence), max_evidence)
    return counts


def _merge_task(left: Counts, right: Counts, max_evidence: int) -> Counts:
    # a copy: a task must not change its inputs (Dask may reuse or retry them)
    into = {pair: [w, d, dict(s)] for pair, (w, d, s) in left.items()}
    return merge_counts(into, right, max_evidence)


# ---------------------------------------------------------------- on the client


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise GraphkitError(
            "--scheduler needs Dask's distributed scheduler, which is not installed. "
            "Install it with: pip install 'graphkit[dask]'"
        ) from exc
    return distributed


@dataclass
class StreamedCorpus:
    """What :meth:`Cluster.extract_stream` leaves on this machine: documents without their text,
    records and resolution contexts in input order, and the chunks of documents kept on the
    cluster (future, number of documents) for counting."""

    documents: list[Document] = field(default_factory=list)
    extracted: list[ExtractedDoc] = field(default_factory=list)
    contexts: list = field(default_factory=list)
    lower_counts: Counter = field(default_factory=Counter)
    chunks: list[tuple[object, int]] = field(default_factory=list)
    ner_documents: int = 0
    cached_documents: int = 0


class Cluster:
    """A connection to a Dask scheduler, with graphkit's extraction and counting as tasks."""

    def __init__(self, client, address: str):
        self.client = client
        self.address = address

    @classmethod
    def connect(cls, address: str, *, wait_for_workers: float = WORKER_WAIT_SECONDS) -> "Cluster":
        distributed = _import_distributed()
        try:
            client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise GraphkitError(
                f"Cannot reach the Dask scheduler at {address!r} ({exc}). Check the address "
                "(e.g. tcp://10.0.0.5:8786) and that 'dask scheduler' is running there."
            ) from exc
        try:
            client.wait_for_workers(1, timeout=wait_for_workers)
        except (TimeoutError, OSError) as exc:
            client.close()
            raise GraphkitError(
                f"The Dask scheduler at {address} has no workers (waited {wait_for_workers:.0f} s). "
                f"Start some with: dask worker {address} --nthreads 1"
            ) from exc
        return cls(client, address)

    def close(self) -> None:
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _threads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def _result(self, future):
        try:
            return future.result()
        except GraphkitError:
            raise
        except Exception as exc:  # noqa: BLE001 - a worker's failure, said so with what to check
            raise GraphkitError(
                f"A task failed on the Dask cluster at {self.address}: {type(exc).__name__}: {exc}. "
                "Check that every worker has graphkit and the spaCy model installed."
            ) from exc

    def signature(self, model: str) -> str:
        """The model signature as the workers load it (the client needs no model for --scheduler)."""
        return self._result(self.client.submit(_signature_task, model, pure=False))

    def run_ner(
        self,
        documents: Sequence[Document],
        *,
        model: str,
        nlp=None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_chunk_chars: int = MAX_CHUNK_CHARS,
        chunk_size: int | None = None,
    ) -> Iterator[tuple[int, list[ExtractedDoc]]]:
        """(start index, all-label records) per chunk of ``documents``, as chunks finish."""
        distributed = _import_distributed()
        chunk_size = chunk_size or DOCS_PER_TASK
        # an nlp object (library use) goes to every worker once; otherwise workers load ``model``
        nlp_ref = self.client.scatter(nlp, broadcast=True) if nlp is not None else None
        starts = iter(range(0, len(documents), chunk_size))
        pending = distributed.as_completed(loop=self.client.loop)
        inflight: dict[str, tuple[int, object]] = {}  # task key -> (start index, future)

        def submit_more() -> None:
            # a few tasks per worker thread in flight; asked again each time, so workers that
            # join later (e.g. an adaptive cluster) get work too
            limit = TASKS_PER_THREAD * self._threads()
            while len(inflight) < limit and submit_next():
                pass

        def submit_next() -> bool:
            start = next(starts, None)
            if start is None:
                return False
            # scatter sends the chunk straight to a worker instead of through the scheduler
            [data] = self.client.scatter([list(documents[start:start + chunk_size])], hash=False)
            future = self.client.submit(_extract_task, data, model, nlp_ref, batch_size, max_chunk_chars,
                                        pure=False)
            inflight[future.key] = (start, future)
            pending.add(future)
            return True

        try:
            submit_more()
            for future in pending:
                records = self._result(future)
                start, _ = inflight.pop(future.key)
                future.release()
                submit_more()
                yield start, records
        finally:
            for _, future in inflight.values():  # interrupted: free the cluster
                future.cancel()

    def extract_stream(
        self,
        documents: Iterator[Document],
        *,
        model: str,
        types,
        store=None,
        pipeline: str = "",
        settings: str = "",
        nlp=None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_chunk_chars: int = MAX_CHUNK_CHARS,
        chunk_size: int | None = None,
        on_document=None,
    ) -> "StreamedCorpus":
        """Extraction for documents read one at a time, whose text never all sits on this machine.

        Chunks go to the cluster as they are read (a few per worker thread in flight) and stay
        there for counting (:meth:`count_stream`); back come records, resolution contexts and,
        for the extraction cache ``store``, the new all-label records. This machine keeps
        text-less documents (id, metadata), records and contexts.
        """
        from .cache import content_hash

        distributed = _import_distributed()
        chunk_size = chunk_size or DOCS_PER_TASK
        nlp_ref = self.client.scatter(nlp, broadcast=True) if nlp is not None else None
        corpus = StreamedCorpus()
        pending = distributed.as_completed(loop=self.client.loop)
        inflight: dict[str, tuple[int, list[str], list, object]] = {}  # key -> (chunk number, hashes, cached, future)
        results: dict[int, tuple[list, list]] = {}

        def chunks():
            chunk: list[Document] = []
            for document in documents:
                chunk.append(document)
                if len(chunk) >= chunk_size:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        def submit(number: int, chunk: list[Document]) -> None:
            hashes = [content_hash(d) for d in chunk]
            found = store.get_many(set(hashes), pipeline, settings) if store is not None else {}
            cached = [found.get(h) for h in hashes]
            corpus.cached_documents += sum(r is not None for r in cached)
            corpus.documents.extend(Document(d.id, (), d.has_headline, d.meta, d.origin) for d in chunk)
            # scatter sends the chunk straight to a worker; the future keeps it there for counting
            [data] = self.client.scatter([chunk], hash=False)
            corpus.chunks.append((data, len(chunk)))
            future = self.client.submit(_extract_context_task, data, cached, model, nlp_ref, batch_size,
                                        max_chunk_chars, types, pure=False)
            inflight[future.key] = (number, hashes, cached, future)
            pending.add(future)

        def collect(future) -> None:
            number, hashes, cached, _ = inflight.pop(future.key)
            made, records, contexts, lower = self._result(future)
            corpus.lower_counts.update(lower)  # summed as they come: the vocabulary, not every article
            future.release()
            if store is not None and made:
                new = [h for h, r in zip(hashes, cached) if r is None]
                store.put_many(zip(new, made), pipeline, settings)
            corpus.ner_documents += len(made)
            results[number] = (records, contexts)
            if on_document is not None:
                for _ in records:
                    on_document(None)

        try:
            for number, chunk in enumerate(chunks()):
                submit(number, chunk)
                while len(inflight) >= TASKS_PER_THREAD * self._threads():
                    collect(next(pending))
            while inflight:
                collect(next(pending))
        except BaseException:
            for _, _, _, future in inflight.values():  # interrupted: free the cluster
                future.cancel()
            raise
        for number in range(len(results)):
            records, contexts = results[number]
            corpus.extracted.extend(records)
            corpus.contexts.extend(contexts)
        return corpus

    def count_stream(self, corpus: "StreamedCorpus", resolution: Resolution, *, window: str = "sentence",
                     min_mentions: int = 1, min_weight: int = 1,
                     max_evidence: int = DEFAULT_MAX_EVIDENCE) -> nx.Graph:
        """:meth:`comention_graph` for a corpus whose documents stayed on the cluster (extract_stream)."""
        check_window(window)
        kept = kept_entities(resolution, min_mentions)
        partials = []
        start = 0
        for data, size in corpus.chunks:
            part = corpus.extracted[start:start + size]
            start += size
            ids = [mention_entity_ids(resolution, ed.doc_id, kept) for ed in part]
            partials.append(self.client.submit(_count_task, data, part, ids, window, max_evidence, pure=False))
        counts = self._merge_tree(partials, max_evidence)
        meta = {d.id: d.meta for d in corpus.documents}
        return graph_from_counts(counts, resolution, kept, meta, len(corpus.documents), window=window,
                                 min_weight=min_weight, max_evidence=max_evidence)

    def _merge_tree(self, partials: list, max_evidence: int) -> Counts:
        """The partial tallies merged in an ordered tree: neighbours, left before right, so evidence
        order matches a local build."""
        if not partials:
            return {}
        while len(partials) > 1:
            merged = [
                self.client.submit(_merge_task, partials[i], partials[i + 1], max_evidence, pure=False)
                for i in range(0, len(partials) - 1, 2)
            ]
            if len(partials) % 2:
                merged.append(partials[-1])
            partials = merged
        return self._result(partials[0])

    def comention_graph(
        self,
        documents: Sequence[Document],
        extracted: Sequence[ExtractedDoc],
        resolution: Resolution,
        *,
        window: str = "sentence",
        min_mentions: int = 1,
        min_weight: int = 1,
        max_evidence: int = DEFAULT_MAX_EVIDENCE,
        chunk_size: int | None = None,
    ) -> nx.Graph:
        """graphkit.graph.comention_graph with the counting done on the cluster (same result)."""
        chunk_size = chunk_size or DOCS_PER_COUNT_TASK
        by_id = {d.id: d for d in documents}
        corpus = StreamedCorpus(documents=list(documents), extracted=list(extracted))
        for start in range(0, len(corpus.extracted), chunk_size):
            part = corpus.extracted[start:start + chunk_size]
            [data] = self.client.scatter([[by_id.get(ed.doc_id) for ed in part]], hash=False)
            corpus.chunks.append((data, len(part)))
        return self.count_stream(corpus, resolution, window=window, min_mentions=min_mentions,
                                 min_weight=min_weight, max_evidence=max_evidence)
