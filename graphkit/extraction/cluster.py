"""Scale-out on a Dask cluster: ``graphkit build --scheduler tcp://HOST:8786``.

Extraction runs as tasks of a few dozen documents, through the same loop as a local build
(graphkit.extraction.loop) with :class:`ClusterRunner` as its runner. Each worker process loads
the spaCy pipeline once (a module-level cache keyed by model name) and returns plain ExtractedDoc
records, never spaCy Docs. The client keeps only a bounded number of chunks in flight, so
documents stream to the cluster instead of all being sent at once, and it stores results in the
extraction cache as they come back. For ``build --scheduler`` the documents are read one at a
time and stay on the cluster for counting (graphkit.graph.cluster_counting); the client resolves
entities from the records and the resolution contexts the workers made: it never holds the
articles' text. Identical input gives the same graph as a local build.

Dask is imported only here, and this module only when a scheduler is given. Workers need
graphkit with its dask extra and the spaCy model installed (``pip install -e '.[dask]'`` in graphkit's
folder; the PyPI package named graphkit is another project).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence

from ..core.errors import GraphkitError
from ..core.records import Document, ExtractedDoc
from .models import DEFAULT_MODEL, DEFAULT_RELATIONS, load_pipeline, model_signature, reads_relations
from .ner import DEFAULT_BATCH_SIZE, MAX_CHUNK_CHARS, extract_chunk, filter_types
from .runners import ChunkResult

#: documents per extraction task: big enough that task overhead is nothing next to NER.
DOCS_PER_TASK = 128
#: extraction tasks in flight per worker thread; the rest wait on the client.
TASKS_PER_THREAD = 3
CONNECT_TIMEOUT = "20s"
WORKER_WAIT_SECONDS = 60

# ---------------------------------------------------------------- on the workers

_PIPELINES: dict[tuple[str, bool], object] = {}
_LOAD_LOCK = threading.Lock()
#: one spaCy run at a time per worker process: spaCy is not thread-safe (memory zones, vocab)
#: and holds the GIL anyway, so run workers with --nthreads 1 and as many processes as cores.
_RUN_LOCK = threading.Lock()
#: how many times this process loaded a pipeline (the tests check it is once per worker).
LOADS: dict[str, int] = {}


def worker_pipeline(model: str, relations: bool = DEFAULT_RELATIONS):
    """The pipeline for ``model`` (with what relations need or not) in this process, loaded on first use."""
    with _LOAD_LOCK:
        nlp = _PIPELINES.get((model, relations))
        if nlp is None:
            nlp = _PIPELINES[model, relations] = load_pipeline(model, relations)
            LOADS[model] = LOADS.get(model, 0) + 1
        return nlp


def _signature_task(model: str, relations: bool) -> tuple[str, bool]:
    nlp = worker_pipeline(model, relations)
    return model_signature(nlp), reads_relations(nlp)


def _extract_task(
    documents: Sequence[Document],
    cached: Sequence[ExtractedDoc | None],
    model: str,
    nlp,
    batch_size: int,
    max_chunk_chars: int,
    types,
    describe: Callable | None,
    relations: bool = DEFAULT_RELATIONS,
) -> tuple[list, list | None, Counter | None]:
    """(all-label records spaCy made here, and with ``describe``: the resolution contexts of every
    document and the chunk's lower-case word counts).

    ``cached`` has the extraction cache's record for each document, or None where spaCy must run.
    ``describe(documents, records)`` (graphkit.resolution.describe_chunk, given by the pipeline)
    lets the client resolve entities without the text, which stays on the cluster for counting.
    """
    todo = [d for d, r in zip(documents, cached) if r is None]
    made = []
    if todo:
        pipeline = nlp if nlp is not None else worker_pipeline(model, relations)
        with _RUN_LOCK:
            made = extract_chunk(todo, pipeline, batch_size=batch_size, max_chunk_chars=max_chunk_chars)
    if describe is None:
        return made, None, None
    fresh = iter(made)
    records = [filter_types(r if r is not None else next(fresh), types, d.id) for d, r in zip(documents, cached)]
    contexts, lower_counts = describe(documents, records)
    return made, contexts, lower_counts


# ---------------------------------------------------------------- on the client


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise GraphkitError(
            "{scheduler} needs Dask's distributed scheduler, which is not installed.",
            "Install it in graphkit's folder with: pip install -e '.[dask]'",
        ) from exc
    return distributed


class WorkerLost(GraphkitError):
    """A worker left the cluster in the middle of a build (killed, out of memory, its machine gone):
    the articles kept on it are lost with it (graphkit.pipeline builds again)."""


#: what Dask raises for a future whose task or data went with a worker (we never cancel one
#: ourselves while we still wait for it)
_LOST = ("CancelledError", "FutureCancelledError")


class Cluster:
    """A connection to a Dask scheduler, with graphkit's extraction and counting as tasks."""

    def __init__(self, client, address: str):
        self.client = client
        self.address = address
        self._workers = self._worker_addresses()

    def _worker_addresses(self) -> set[str]:
        try:
            return set(self.client.scheduler_info().get("workers", {}))
        except Exception:  # noqa: BLE001 - the scheduler itself is gone: the failed task says so
            return set()

    @classmethod
    def connect(cls, address: str, *, wait_for_workers: float = WORKER_WAIT_SECONDS) -> Cluster:
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

    def threads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def result(self, future):
        try:
            return future.result()
        except GraphkitError:
            raise
        except Exception as exc:  # noqa: BLE001 - a worker's failure, said so with what to check
            gone = self._workers - self._worker_addresses()
            if gone or type(exc).__name__ in _LOST:
                raise WorkerLost(
                    f"a Dask worker ({', '.join(sorted(gone)) or 'one of them'}) left the cluster at "
                    f"{self.address} during the build",
                    "Check the workers' memory and logs, and run the build again: what was extracted is in "
                    "the extraction cache.",
                ) from exc
            raise GraphkitError(
                f"A task failed on the Dask cluster at {self.address}: {type(exc).__name__}: {exc}. "
                "Check that every worker has graphkit and the spaCy model installed."
            ) from exc

    def signature(self, model: str, relations: bool = DEFAULT_RELATIONS) -> tuple[str, bool]:
        """The model signature as the workers load it (the client needs no model for --scheduler),
        and whether that pipeline reads relations."""
        signature, parses = self.result(self.client.submit(_signature_task, model, relations, pure=False))
        return signature, parses


class ClusterRunner:
    """A runner of the extraction loop (graphkit.extraction.loop) on a Dask cluster.

    Each chunk is scattered straight to a worker and extracted there; a few tasks per worker
    thread are in flight, asked again each time, so workers that join later (e.g. an adaptive
    cluster) get work too. With ``keep_text`` the chunks stay on the cluster (``kept``: future and
    size of each, in input order) for counting there, and this machine keeps documents without
    their text; ``describe`` (see _extract_task) then makes what resolution needs on the workers.
    """

    def __init__(
        self,
        cluster: Cluster,
        *,
        model: str = DEFAULT_MODEL,
        nlp=None,
        types=None,
        describe: Callable | None = None,
        keep_text: bool = False,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_chunk_chars: int = MAX_CHUNK_CHARS,
        chunk_size: int | None = None,
        relations: bool = DEFAULT_RELATIONS,
    ):
        self.cluster = cluster
        self.model = model
        self.nlp = nlp
        self.relations = reads_relations(nlp) if nlp is not None else relations
        self.types = types
        self.describe = describe
        self.keeps_text = not keep_text
        self.batch_size = batch_size
        self.max_chunk_chars = max_chunk_chars
        self.chunk_size = chunk_size or DOCS_PER_TASK
        #: (future, number of documents) of each chunk kept on the cluster, in input order
        self.kept: list[tuple[object, int]] = []
        self.notices: list[str] = []
        self._distributed = _import_distributed()
        self._pending = self._distributed.as_completed(loop=cluster.client.loop)
        self._inflight: dict[str, tuple[int, object]] = {}  # task key -> (chunk number, future)
        self._nlp_ref = None

    def signature(self) -> str:
        if self.nlp is not None:
            return model_signature(self.nlp)
        signature, self.relations = self.cluster.signature(self.model, self.relations)
        return signature

    def expect(self, documents: int) -> None:
        pass

    def submit(self, number: int, documents: Sequence[Document], cached: Sequence[ExtractedDoc | None]) -> None:
        client = self.cluster.client
        if self.nlp is not None and self._nlp_ref is None:
            # an nlp object (library use) goes to every worker once; otherwise workers load ``model``
            self._nlp_ref = client.scatter(self.nlp, broadcast=True)
        # scatter sends the chunk straight to a worker instead of through the scheduler
        [data] = client.scatter([list(documents)], hash=False)
        if not self.keeps_text:
            self.kept.append((data, len(documents)))
        future = client.submit(
            _extract_task,
            data,
            list(cached),
            self.model,
            self._nlp_ref,
            self.batch_size,
            self.max_chunk_chars,
            self.types,
            self.describe,
            self.relations,
            pure=False,
        )
        self._inflight[future.key] = (number, future)
        self._pending.add(future)

    def busy(self) -> bool:
        return len(self._inflight) >= TASKS_PER_THREAD * self.cluster.threads()

    def collect(self) -> tuple[int, ChunkResult]:
        future = next(self._pending)
        made, contexts, lower_counts = self.cluster.result(future)
        number, _ = self._inflight.pop(future.key)
        future.release()
        return number, ChunkResult(made, contexts, lower_counts)

    def close(self) -> None:
        for _, future in self._inflight.values():  # interrupted: free the cluster
            future.cancel()
        self._inflight.clear()
