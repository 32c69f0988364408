"""The whole job as library calls: sources -> documents -> mentions -> entities -> graph -> files.

``build_graph`` returns the networkx graph; ``build`` also returns what the CLI summary needs;
``write_outputs`` writes the files. The CLI only parses options and calls these.
"""

from __future__ import annotations

import gc
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import networkx as nx

from .atomic import atomic_batch
from .documents import DEFAULT_MAX_ARTICLE_BYTES, ReadResult, read_documents
from .exports import write_gexf, write_graphml, write_html, write_node_link, write_tables
from .exports.columns import shared_rows
from .exports.html import DEFAULT_MAX_NODES
from .extraction import DEFAULT_MODEL, DEFAULT_TYPES, MODEL_FALLBACKS, extract_documents
from .analytics import annotate
from .graph import comention_graph
from .records import Document, ExtractedDoc, Resolution, Skipped
from .aliases import AliasTable, load_aliases
from .resolution import resolve
from .review import merges_filename, write_merges

#: Output formats; ``--format`` defaults to all of them. csv writes NAME.nodes.csv and NAME.edges.csv.
FORMATS = ("graphml", "gexf", "csv", "json", "html")


@dataclass
class BuildResult:
    graph: nx.Graph
    #: with ``scheduler``, documents without their paragraphs: the text stayed on the cluster
    documents: list[Document]
    extracted: list[ExtractedDoc]
    resolution: Resolution
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: documents that went through spaCy in this build, and those whose mentions came from the cache
    ner_documents: int = 0
    cached_documents: int = 0
    #: the result cache's fingerprint of this build ("" without a cache), and whether the graph came from it
    fingerprint: str = ""
    result_cached: bool = False

    @property
    def mention_count(self) -> int:
        return sum(len(e.mentions) for e in self.extracted)


def _progress(total: int | None, quiet: bool):
    """A tqdm bar on stderr (a running count when ``total`` is None), or None when quiet or stderr
    is not a terminal."""
    if quiet or not sys.stderr.isatty() or (total is not None and total < 2):
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="Extracting entities", file=sys.stderr, leave=False)


@contextmanager
def paused_gc():
    """The cyclic garbage collector off inside the block (and back as it was after).

    After extraction the heap holds millions of small objects (records, graph attributes) that
    stay alive to the end; every full collection walks all of them again, which cost about a
    quarter of the time of counting, layout and export on a 20k-node graph. Those stages make no
    reference cycles that need collecting meanwhile.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(
    sources: Iterable[str | Path] | None = None,
    *,
    documents: Sequence[Document] | None = None,
    model: str = DEFAULT_MODEL,
    nlp=None,
    types: Sequence[str] = DEFAULT_TYPES,
    window: str = "sentence",
    text_field: str = "text",
    id_field: str = "id",
    min_mentions: int = 1,
    min_weight: int = 1,
    quiet: bool = True,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    jobs: int | None = None,
    cache: str | Path | None = None,
    scheduler: str | None = None,
    aliases: AliasTable | str | Path | None = None,
) -> BuildResult:
    """Run the pipeline on files/folders (``sources``) or ready-made ``documents``.

    ``jobs``: spaCy worker processes (None: all cores). ``cache``: folder of the extraction cache
    (None: no cache; the CLI uses .graphkit-cache); it also holds the result cache, so a build whose
    inputs and settings did not change returns the stored graph (``result_cached``;
    graphkit.result_cache). ``scheduler``: a Dask scheduler address to run extraction and
    co-mention counting on a cluster (needs the ``dask`` extra).
    ``aliases``: the user's alias file (YAML/CSV path) or an AliasTable; it wins over every
    automatic resolution rule (see graphkit.aliases).
    """
    if aliases is not None and not isinstance(aliases, AliasTable):
        aliases = load_aliases(aliases)  # before the long part, so a bad file fails at once
    if scheduler is not None:
        return _build_on_cluster(
            sources, documents, scheduler=scheduler, model=model, nlp=nlp, types=types, window=window,
            text_field=text_field, id_field=id_field, min_mentions=min_mentions, min_weight=min_weight,
            quiet=quiet, max_article_bytes=max_article_bytes, cache=cache, aliases=aliases)
    if documents is None:
        read = read_documents(
            sources or [], text_field=text_field, id_field=id_field, max_article_bytes=max_article_bytes
        )
    else:
        read = ReadResult(documents=list(documents))
    docs = read.documents
    corpus = _corpus_name(sources) if documents is None else None
    key = ""
    if cache is not None and docs:
        from .result_cache import alias_content, lookup  # a rebuild with nothing changed reuses the graph

        found = lookup(cache, docs, model=model, nlp=nlp, options={
            "types": list(types), "window": window, "min_mentions": min_mentions, "min_weight": min_weight,
            "aliases": alias_content(aliases), "corpus": corpus, "model_name": model})
        if found is not None:
            key, data, notices = found
            read.notices.extend(notices)
            if data is not None:
                return BuildResult(data["graph"], docs, data["extracted"], data["resolution"], read.skipped,
                                   read.notices, cached_documents=len(docs), fingerprint=key,
                                   result_cached=True)
    bar = _progress(len(docs), quiet)
    try:
        # the model is loaded only if some document is not in the cache
        run = extract_documents(docs, nlp=nlp, model=model, types=types, jobs=jobs, cache=cache,
                                on_document=(lambda _d: bar.update()) if bar else None)
    finally:
        if bar is not None:
            bar.close()
    extracted = run.extracted
    read.notices.extend(run.notices)
    with paused_gc():
        resolution = resolve(extracted, docs, aliases=aliases)
        graph = comention_graph(docs, extracted, resolution, window=window, min_mentions=min_mentions,
                                min_weight=min_weight)
        graph = _finish_graph(graph, nlp, model, corpus)
        if key:
            from .result_cache import store_result

            notices = store_result(cache, key, {"graph": graph, "resolution": resolution, "extracted": extracted})
            read.notices.extend(n for n in notices if n not in read.notices)
    return BuildResult(graph, docs, extracted, resolution, read.skipped, read.notices,
                       ner_documents=run.ner_documents, cached_documents=run.cached_documents,
                       fingerprint=key)


def _corpus_name(sources) -> str | None:
    """The name the HTML header shows: the folders/files read (e.g. "seeds")."""
    if isinstance(sources, (list, tuple)) and sources:
        return ", ".join(Path(s).resolve().name or str(s) for s in sources)
    return None


def _finish_graph(graph: nx.Graph, nlp, model: str, corpus: str | None) -> nx.Graph:
    graph = annotate(graph, in_place=True)  # the graph was just made: no copy needed
    graph.graph["model"] = _model_name(nlp, model)
    if corpus is not None:
        graph.graph["corpus"] = corpus
    return graph


def _build_on_cluster(sources, documents, *, scheduler: str, model, nlp, types, window, text_field, id_field,
                      min_mentions, min_weight, quiet, max_article_bytes, cache, aliases) -> BuildResult:
    """build() with --scheduler: articles are read one at a time and go to the cluster in chunks,
    where they stay for counting; this machine keeps text-less documents, mention records and
    the resolution contexts made on the workers, so the corpus need not fit in its memory."""
    from .distributed import Cluster  # dask is imported only for --scheduler
    from .documents import iter_documents
    from .extraction import model_signature, settings_key

    read = ReadResult()
    if documents is None:
        stream = iter_documents(sources or [], read, text_field=text_field, id_field=id_field,
                                max_article_bytes=max_article_bytes)
    else:
        stream = iter(documents)
    bar = _progress(None, quiet)  # the total is not known while reading: a running count
    store = None
    with Cluster.connect(scheduler) as cluster:
        pipeline = model_signature(nlp) if nlp is not None else cluster.signature(model)
        try:
            if cache is not None:
                from .cache import ExtractionCache

                store = ExtractionCache(cache)
                read.notices.extend(store.notices)
            corpus = cluster.extract_stream(
                stream, model=model, types=types, store=store, pipeline=pipeline, settings=settings_key(), nlp=nlp,
                on_document=(lambda _d: bar.update()) if bar else None)
        finally:
            if store is not None:
                store.close()
            if bar is not None:
                bar.close()
        with paused_gc():
            resolution = resolve(corpus.extracted, aliases=aliases, contexts=corpus.contexts,
                                 lower_counts=corpus.lower_counts)
            graph = cluster.count_stream(corpus, resolution, window=window, min_mentions=min_mentions,
                                         min_weight=min_weight)
    graph = _finish_graph(graph, nlp, model, _corpus_name(sources) if documents is None else None)
    return BuildResult(graph, corpus.documents, corpus.extracted, resolution, read.skipped, read.notices,
                       ner_documents=corpus.ner_documents, cached_documents=corpus.cached_documents)


def build_graph(sources: Iterable[str | Path], **options) -> nx.Graph:
    """Build the entity graph of the articles in ``sources`` (files or folders).

    Takes the same options as :func:`build`. Example::

        import graphkit
        g = graphkit.build_graph(["seeds/"], window="paragraph")
        graphkit.write_graphml(g, "output/graph.graphml")
    """
    return build(sources, **options).graph


def write_outputs(
    graph: nx.Graph,
    out_dir: str | Path = "output",
    *,
    name: str = "graph",
    formats: Sequence[str] = FORMATS,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    resolution: Resolution | None = None,
) -> list[Path]:
    """Write the chosen formats as ``out_dir/name.<ext>``; returns the paths written.

    With ``resolution`` (BuildResult.resolution), also merges.csv: every merge, drop and kept-apart
    name, for review (graphkit.review).

    All files change together or not at all (graphkit.atomic.atomic_batch): an error or Ctrl-C
    while writing leaves the previous outputs as they were.
    """
    with atomic_batch(), shared_rows(), paused_gc():
        written = _write_formats(graph, Path(out_dir), name, formats, max_nodes)
        if resolution is not None:
            written.append(write_merges(resolution, Path(out_dir) / merges_filename(name)))
        return written


def _model_name(nlp, model: str) -> str:
    """The model the graph was built with: the given pipeline's own name when one was passed."""
    if nlp is None:
        return model
    meta = getattr(nlp, "meta", {}) or {}
    if not meta.get("name"):
        return model
    own = f"{meta.get('lang', 'xx')}_{meta['name']}"
    # the default name stands for its PyPI re-upload too (extraction.MODEL_FALLBACKS)
    return model if own in (model, MODEL_FALLBACKS.get(model)) else own


def _write_formats(graph: nx.Graph, out: Path, name: str, formats: Sequence[str], max_nodes: int | None) -> list[Path]:
    if isinstance(formats, str):
        formats = [formats]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown output format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    written = []
    if "graphml" in formats:
        written.append(write_graphml(graph, out / f"{name}.graphml"))
    if "gexf" in formats:
        written.append(write_gexf(graph, out / f"{name}.gexf"))
    if "csv" in formats:
        written.extend(write_tables(graph, out, name))
    if "json" in formats:
        written.append(write_node_link(graph, out / f"{name}.json"))
    if "html" in formats:
        written.append(write_html(graph, out / f"{name}.html", max_nodes=max_nodes,
                                  title=graph.graph.get("corpus") or name))
    return written
