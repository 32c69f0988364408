"""Runners: where spaCy runs. The extraction loop (graphkit.extraction.loop) is the same for all.

The loop reads documents in chunks, looks each chunk up in the extraction cache and hands it to
a runner with the records found (None where spaCy must run). A runner returns, for each chunk,
the all-label records it made (:class:`ChunkResult`), in any order; the loop stores them in the
cache and puts the records back in input order. Two runners:

* :class:`LocalRunner`: this process (``jobs=1``) or a pool of worker processes on this machine;
* ``graphkit.extraction.cluster.ClusterRunner``: tasks on a Dask cluster (``--scheduler``), which
  also makes the resolution contexts where the text is, and can keep the text there.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections import Counter, deque
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Protocol

from ..core.gcpause import frozen_heap
from ..core.records import Document, ExtractedDoc
from .models import DEFAULT_MODEL, DEFAULT_RELATIONS, load_pipeline, model_signature, plan_pipeline, reads_relations
from .ner import DEFAULT_BATCH_SIZE, MAX_CHUNK_CHARS, extract_chunk
from .workers import WorkerPool

#: documents per chunk: per memory zone, per worker task and per cache commit.
DOCS_PER_CHUNK = 64
#: chunks in flight per worker process; the rest wait here.
CHUNKS_PER_WORKER = 2


@dataclass
class ChunkResult:
    """What a runner returns for a chunk of documents."""

    #: all-label records of the chunk's documents that had no cached record, in order
    made: list[ExtractedDoc]
    #: the resolution context of every document and the chunk's lower-case word counts, from a
    #: runner that makes them where the text is (else None: resolution reads the documents)
    contexts: list | None = None
    lower_counts: Counter | None = None


class Runner(Protocol):
    """The extraction loop's view of a runner."""

    #: documents per chunk the loop hands over
    chunk_size: int
    #: whether the records carry relations, roles and quotes (the pipeline parses); known after signature()
    relations: bool
    #: False when the text stays where the runner ran: the loop then keeps documents without it
    keeps_text: bool
    max_chunk_chars: int

    def signature(self) -> str:
        """The model signature the records belong to (without loading the model where possible)."""

    def expect(self, documents: int) -> None:
        """How many documents are coming, when known (a small corpus needs no worker pool)."""

    def submit(self, number: int, documents: Sequence[Document], cached: Sequence[ExtractedDoc | None]) -> None:
        """Start chunk ``number``: ``cached`` holds each document's cached record, or None."""

    def busy(self) -> bool:
        """True when the loop should collect a result before submitting more."""

    def collect(self) -> tuple[int, ChunkResult]:
        """The next finished chunk (number, result); blocks until one is."""

    #: what the user should hear of (e.g. a worker process that died and was replaced)
    notices: list[str]

    def close(self) -> None:
        """Stop the work in flight (after an error or Ctrl-C) and free the workers."""


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


# Per worker process: the pipeline, loaded (or inherited through fork) once.
_WORKER: dict = {}


def _init_worker(nlp, model: str, batch_size: int, max_chunk_chars: int, relations: bool = False) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it (and stops the pool), so a
    # worker ignores it rather than printing its own KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(
        nlp=nlp if nlp is not None else load_pipeline(model, relations),
        batch_size=batch_size,
        max_chunk_chars=max_chunk_chars,
    )
    gc.freeze()  # the model stays for the worker's life: out of the collector's way (see core.gcpause)


def _worker_chunk(documents: Sequence[Document]) -> list[ExtractedDoc]:
    return extract_chunk(
        documents, _WORKER["nlp"], batch_size=_WORKER["batch_size"], max_chunk_chars=_WORKER["max_chunk_chars"]
    )


class LocalRunner:
    """spaCy in this process, or in ``jobs`` worker processes on this machine.

    The model is loaded on the first chunk that needs spaCy (never when everything is cached).
    With ``jobs > 1`` the chunks go to worker processes (graphkit.extraction.workers); on Linux
    they are forked after the model is loaded here, so they share its memory and start instantly;
    elsewhere each worker loads the model once (spawn). A worker that dies (e.g. at the hands of
    the out-of-memory killer) is replaced and its chunk done again; a chunk that kills two stops
    the run.
    """

    keeps_text = True

    def __init__(
        self,
        *,
        nlp=None,
        model: str = DEFAULT_MODEL,
        jobs: int | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_chunk_chars: int = MAX_CHUNK_CHARS,
        chunk_size: int | None = None,
        relations: bool = DEFAULT_RELATIONS,
    ):
        self.nlp = nlp
        self.model = model
        #: with ``nlp`` given, that pipeline decides (it parses or not)
        self.relations = reads_relations(nlp) if nlp is not None else relations
        self.jobs = available_cores() if jobs is None else max(1, jobs)
        self.batch_size = batch_size
        self.max_chunk_chars = max_chunk_chars
        self.chunk_size = chunk_size or DOCS_PER_CHUNK
        self._stack: ExitStack | None = None
        self._pool = None
        self._done: deque[tuple[int, ChunkResult]] = deque()
        self.notices: list[str] = []

    def signature(self) -> str:
        if self.nlp is not None:
            return model_signature(self.nlp)
        plan = plan_pipeline(self.model, self.relations)
        self.relations = plan.relations  # a model without a parser reads none
        return plan.signature

    def expect(self, documents: int) -> None:
        # one chunk (or none) needs no pool
        self.jobs = max(1, min(self.jobs, -(-documents // self.chunk_size)))

    def _start(self) -> None:
        self._stack = ExitStack()
        if self.jobs == 1:
            self.nlp = self.nlp if self.nlp is not None else load_pipeline(self.model, self.relations)
            self._stack.enter_context(frozen_heap())
            return
        fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
        if fork and self.nlp is None:
            self.nlp = load_pipeline(
                self.model, self.relations
            )  # loaded once, shared copy-on-write by the forked workers
        context = multiprocessing.get_context("fork" if fork else "spawn")
        self._stack.enter_context(frozen_heap())
        self._pool = WorkerPool(
            self.jobs,
            _worker_chunk,
            initializer=_init_worker,
            initargs=(self.nlp, self.model, self.batch_size, self.max_chunk_chars, self.relations),
            context=context,
            name="spaCy worker process",
            on_notice=self.notices.append,
        )
        self._stack.callback(self._pool.close)  # first out: the workers stop before the heap thaws

    def submit(self, number: int, documents: Sequence[Document], cached: Sequence[ExtractedDoc | None]) -> None:
        todo = [d for d, r in zip(documents, cached) if r is None]
        if not todo:
            self._done.append((number, ChunkResult([])))
            return
        if self._stack is None:
            self._start()
        if self._pool is None:
            made = extract_chunk(todo, self.nlp, batch_size=self.batch_size, max_chunk_chars=self.max_chunk_chars)
            self._done.append((number, ChunkResult(made)))
        else:
            self._pool.submit(number, todo)

    def busy(self) -> bool:
        in_flight = len(self._pool) if self._pool is not None else 0
        return bool(self._done) or in_flight >= CHUNKS_PER_WORKER * self.jobs

    def collect(self) -> tuple[int, ChunkResult]:
        if self._done:
            return self._done.popleft()
        number, made = self._pool.collect()  # whichever finishes first; the loop puts them in order
        return number, ChunkResult(made)

    def close(self) -> None:
        self._done.clear()
        if self._stack is not None:
            self._stack.close()  # stops the pool's workers, unfreezes the heap
            self._stack = None
            self._pool = None
