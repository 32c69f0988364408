"""The extraction loop: documents in, records out, from the cache where possible, else from a runner.

One loop for every runner (graphkit.extraction.runners): documents are read in chunks as they
come, each chunk is looked up in the extraction cache (graphkit.caches) and handed to the runner
with the records found; as chunks finish, new records are stored (one commit per chunk) and all
of them are put back in input order. Documents may be a list or a stream read one at a time:
with a runner that keeps the text where it ran (a Dask cluster), this machine never holds it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass, field
from pathlib import Path

from ..caches.extraction import ExtractionCache, content_hash
from ..core.records import Document, ExtractedDoc
from .models import DEFAULT_MODEL, DEFAULT_RELATIONS, DEFAULT_TYPES
from .ner import DEFAULT_BATCH_SIZE, MAX_CHUNK_CHARS, filter_types, settings_key
from .runners import LocalRunner, Runner
from .workers import WorkerDied


@dataclass
class ExtractionRun:
    """Records for every document, and how many of them needed spaCy this time."""

    extracted: list[ExtractedDoc]
    ner_documents: int = 0  # documents that went through spaCy in this run
    cached_documents: int = 0  # documents whose records came from the cache
    pipeline: str = ""  # model signature the records belong to
    notices: list[str] = field(default_factory=list)
    #: the documents, in input order, as this machine keeps them: without their text when the
    #: runner kept it (a cluster)
    documents: list[Document] = field(default_factory=list)
    #: resolution contexts and lower-case word counts, when the runner made them where the text is
    contexts: list | None = None
    lower_counts: Counter | None = None
    #: the records carry relations, roles and quotes (the pipeline parsed)
    relations: bool = False


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_extraction(
    documents: Iterable[Document],
    runner: Runner,
    *,
    types: Iterable[str] | None = DEFAULT_TYPES,
    store: ExtractionCache | None = None,
    on_document: Callable[[Document], None] | None = None,
) -> ExtractionRun:
    """Records of ``documents`` (input order, only mentions of ``types``) through ``runner``.

    ``store``: an open extraction cache (None: none). The runner is closed at the end, also on an
    error or Ctrl-C (its workers stopped, its tasks cancelled).
    """
    pipeline = runner.signature()
    settings = settings_key(runner.max_chunk_chars, runner.relations)
    run = ExtractionRun([], pipeline=pipeline, relations=runner.relations)
    if isinstance(documents, Sized):
        runner.expect(len(documents))
    # chunk number -> (index of its first document, content hashes, cached records); no document
    # itself is kept here, so a stream of documents need not all be in memory at once
    pending: dict[int, tuple[int, list[str], list[ExtractedDoc | None]]] = {}
    finished: dict[int, tuple[list[ExtractedDoc], list | None]] = {}

    def collect() -> None:
        number, result = runner.collect()
        start, hashes, cached = pending.pop(number)
        if store is not None and result.made:
            new = [h for h, r in zip(hashes, cached) if r is None]
            store.put_many(zip(new, result.made), pipeline, settings)  # one commit per chunk
        run.ner_documents += len(result.made)
        made = iter(result.made)
        kept = run.documents[start : start + len(cached)]
        records = [filter_types(r if r is not None else next(made), types, d.id) for d, r in zip(kept, cached)]
        if result.lower_counts is not None:  # summed as they come: the vocabulary, not every article
            run.lower_counts = Counter() if run.lower_counts is None else run.lower_counts
            run.lower_counts.update(result.lower_counts)
        finished[number] = (records, result.contexts)
        if on_document is not None:
            for d, r in zip(kept, cached):
                if r is None:
                    on_document(d)

    try:
        for number, chunk in enumerate(_chunks(documents, runner.chunk_size)):
            hashes = [content_hash(d) for d in chunk] if store is not None else []
            found = store.get_many(set(hashes), pipeline, settings) if store is not None else {}
            cached = [found.get(h) for h in hashes] if store is not None else [None] * len(chunk)
            pending[number] = (len(run.documents), hashes, cached)
            if runner.keeps_text:
                run.documents.extend(chunk)
            else:  # the text stays with the runner: id and metadata only
                run.documents.extend(Document(d.id, (), d.has_headline, d.meta, d.origin) for d in chunk)
            run.cached_documents += sum(r is not None for r in cached)
            if on_document is not None:
                for d, r in zip(chunk, cached):
                    if r is not None:
                        on_document(d)
            runner.submit(number, chunk, cached)
            del chunk
            while runner.busy():
                collect()
        while pending:
            collect()
    except WorkerDied as exc:
        done = run.ner_documents + run.cached_documents - sum(r is not None for _, _, c in pending.values() for r in c)
        total = f" of {len(documents)}" if isinstance(documents, Sized) else ""
        kept = " and are kept in the cache" if store is not None and store.usable else ""
        raise WorkerDied(
            f"{exc.message[0].upper()}{exc.message[1:]}. {done}{total} articles were extracted{kept}.",
            "Run the build again to go on from there, with fewer {jobs} (one worker needs the least memory).",
        ) from exc
    finally:
        run.notices.extend(runner.notices)
        runner.close()
    for number in range(len(finished)):
        records, contexts = finished.pop(number)
        run.extracted.extend(records)
        if contexts is not None:
            run.contexts = [] if run.contexts is None else run.contexts
            run.contexts.extend(contexts)
    return run


def extract_documents(
    documents: Sequence[Document],
    *,
    nlp=None,
    model: str = DEFAULT_MODEL,
    types: Iterable[str] | None = DEFAULT_TYPES,
    jobs: int | None = None,
    cache: str | Path | None = None,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
    on_document: Callable[[Document], None] | None = None,
    cluster=None,
    relations: bool = DEFAULT_RELATIONS,
) -> ExtractionRun:
    """Records of ``documents`` (input order), from the cache where possible, else from spaCy.

    ``cache`` is the cache folder (None: no cache); ``jobs`` the local worker processes (None: all
    cores); ``scheduler`` a Dask scheduler address to run spaCy on instead (or ``cluster``, an open
    graphkit.extraction.cluster.Cluster). The model is loaded only when some document is not cached.
    ``relations``: read relations, roles and quotes too (when the model has a parser; with ``nlp``
    given, when that pipeline parses); ``ExtractionRun.relations`` says whether they were read.
    """
    docs = list(documents)
    own_cluster = cluster is None and scheduler is not None
    if own_cluster:
        from .cluster import Cluster  # dask is needed only here

        cluster = Cluster.connect(scheduler)
    try:
        if cluster is not None:
            from .cluster import ClusterRunner

            runner = ClusterRunner(
                cluster,
                model=model,
                nlp=nlp,
                batch_size=batch_size,
                max_chunk_chars=max_chunk_chars,
                relations=relations,
            )
        else:
            runner = LocalRunner(
                nlp=nlp,
                model=model,
                jobs=jobs,
                batch_size=batch_size,
                max_chunk_chars=max_chunk_chars,
                relations=relations,
            )
        store = ExtractionCache(cache) if cache is not None and docs else None
        try:
            run = run_extraction(docs, runner, types=types, store=store, on_document=on_document)
        finally:
            if store is not None:
                store.close()
        if store is not None:
            run.notices[:0] = store.notices
        return run
    finally:
        if own_cluster:
            cluster.close()
