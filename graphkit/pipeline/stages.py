"""The whole job as library calls: sources -> documents -> mentions -> entities -> graph.

``build_graph`` returns the networkx graph; ``build`` also returns what the summary needs
(graphkit.pipeline.summary); graphkit.pipeline.outputs writes the files. The CLI only fills a
BuildSettings and calls these.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from ..caches.extraction import ExtractionCache
from ..caches.results import alias_content, lookup, store_result
from ..caches.tables import keep_tables_in
from ..core.gcpause import paused_gc
from ..core.records import Document, ExtractedDoc, Resolution, Skipped
from ..extraction import LocalRunner, model_identity, run_extraction, settings_key
from ..extraction.models import MODEL_FALLBACKS
from ..graph import annotate, comention_graph
from ..graph import backbone as backbone_graph
from ..reading import ReadResult, iter_documents, read_documents
from ..resolution import AliasTable, describe_chunk, load_aliases, resolve
from .settings import BuildSettings


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
    #: the user's alias table the build used (None: none), for the page's "Download aliases.yaml"
    aliases: AliasTable | None = None

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


def build(
    sources: Iterable[str | Path] | None = None,
    *,
    documents: Sequence[Document] | None = None,
    nlp=None,
    settings: BuildSettings | None = None,
    **options,
) -> BuildResult:
    """Run the pipeline on files/folders (``sources``) or ready-made ``documents``.

    ``settings`` (a :class:`BuildSettings`; keyword ``options`` of the same names change it):
    ``jobs`` spaCy worker processes (None: all cores); ``cache`` the cache folder (None: no
    cache; the CLI uses .graphkit-cache), which also holds the result cache, so a build whose
    inputs and settings did not change returns the stored graph (``result_cached``;
    graphkit.caches.results); ``scheduler`` a Dask scheduler address to run extraction and
    co-mention counting on a cluster (needs the ``dask`` extra); ``aliases`` the user's alias file
    (YAML/CSV path) or an AliasTable, which wins over every automatic resolution rule.
    ``nlp``: a loaded spaCy pipeline to use instead of loading ``model``.
    """
    s = (settings or BuildSettings()).update(**options)
    if s.backbone is not None and not 0 < s.backbone <= 1:
        raise ValueError(f"backbone must be above 0 and at most 1, not {s.backbone}")
    keep_tables_in(s.cache)  # resolution's lookup tables are kept there between runs
    aliases = s.aliases
    if aliases is not None and not isinstance(aliases, AliasTable):
        aliases = load_aliases(aliases)  # before the long part, so a bad file fails at once
    if s.scheduler is not None:
        return _build_on_cluster(sources, documents, s, nlp=nlp, aliases=aliases)
    if documents is None:
        read = read_documents(
            sources or [], text_field=s.text_field, id_field=s.id_field, max_article_bytes=s.max_article_bytes
        )
    else:
        read = ReadResult(documents=list(documents))
    docs = read.documents
    corpus = _corpus_name(sources) if documents is None else None
    key = ""
    model_key = model_identity(s.model, nlp) if s.cache is not None and docs else None
    if model_key is not None:  # a rebuild with nothing changed reuses the graph (None: not installed,
        # the long way reports it properly)
        options = {
            "types": list(s.types),
            "window": s.window,
            "min_mentions": s.min_mentions,
            "min_weight": s.min_weight,
            "aliases": alias_content(aliases),
            "corpus": corpus,
            "model_name": s.model,
            "backbone": s.backbone,
        }
        key, data, notices = lookup(s.cache, docs, model_key=model_key, settings=settings_key(), options=options)
        read.notices.extend(notices)
        if data is not None:
            return BuildResult(
                data["graph"],
                docs,
                data["extracted"],
                data["resolution"],
                read.skipped,
                read.notices,
                cached_documents=len(docs),
                fingerprint=key,
                result_cached=True,
                aliases=aliases,
            )
    # the model is loaded only if some document is not in the cache
    run = _extract(docs, LocalRunner(nlp=nlp, model=s.model, jobs=s.jobs), s, total=len(docs))
    extracted = run.extracted
    read.notices.extend(run.notices)
    with paused_gc():
        resolution = resolve(extracted, docs, aliases=aliases)
        graph = comention_graph(
            docs, extracted, resolution, window=s.window, min_mentions=s.min_mentions, min_weight=s.min_weight
        )
        graph = _finish_graph(graph, nlp, s.model, corpus, s.backbone)
        if key:
            notices = store_result(s.cache, key, {"graph": graph, "resolution": resolution, "extracted": extracted})
            read.notices.extend(n for n in notices if n not in read.notices)
    return BuildResult(
        graph,
        docs,
        extracted,
        resolution,
        read.skipped,
        read.notices,
        ner_documents=run.ner_documents,
        cached_documents=run.cached_documents,
        fingerprint=key,
        aliases=aliases,
    )


def _extract(documents: Iterable[Document], runner, s: BuildSettings, total: int | None):
    """The extraction loop with the cache of ``s`` and a progress bar (unless quiet)."""
    bar = _progress(total, s.quiet)
    store = None
    try:
        store = ExtractionCache(s.cache) if s.cache is not None and total != 0 else None
        run = run_extraction(
            documents, runner, types=s.types, store=store, on_document=(lambda _d: bar.update()) if bar else None
        )
    finally:
        if store is not None:
            store.close()
        if bar is not None:
            bar.close()
    if store is not None:
        run.notices[:0] = store.notices
    return run


def _corpus_name(sources) -> str | None:
    """The name the HTML header shows: the folders/files read (e.g. "seeds")."""
    if isinstance(sources, (list, tuple)) and sources:
        return ", ".join(Path(s).resolve().name or str(s) for s in sources)
    return None


def _finish_graph(graph: nx.Graph, nlp, model: str, corpus: str | None, backbone: float | None = None) -> nx.Graph:
    if backbone is not None:  # before the analytics, so centrality and communities are the backbone's
        graph = backbone_graph(graph, backbone)
    graph = annotate(graph, in_place=True)  # the graph was just made: no copy needed
    graph.graph["model"] = _model_name(nlp, model)
    if corpus is not None:
        graph.graph["corpus"] = corpus
    return graph


def _build_on_cluster(sources, documents, s: BuildSettings, *, nlp, aliases) -> BuildResult:
    """build() with a scheduler: articles are read one at a time and go to the cluster in chunks,
    where they stay for counting; this machine keeps text-less documents, mention records and
    the resolution contexts made on the workers, so the corpus need not fit in its memory."""
    from ..extraction.cluster import Cluster, ClusterRunner  # dask is imported only with a scheduler
    from ..graph.cluster_counting import count_on_cluster

    read = ReadResult()
    if documents is None:
        stream = iter_documents(
            sources or [], read, text_field=s.text_field, id_field=s.id_field, max_article_bytes=s.max_article_bytes
        )
    else:
        stream = iter(documents)
    with Cluster.connect(s.scheduler) as cluster:
        runner = ClusterRunner(cluster, model=s.model, nlp=nlp, types=s.types, describe=describe_chunk, keep_text=True)
        # the total is not known while reading: the bar is a running count
        run = _extract(stream, runner, s, total=None)
        read.notices.extend(run.notices)
        with paused_gc():
            resolution = resolve(
                run.extracted, aliases=aliases, contexts=run.contexts or [], lower_counts=run.lower_counts
            )
            graph = count_on_cluster(
                cluster,
                runner.kept,
                run.documents,
                run.extracted,
                resolution,
                window=s.window,
                min_mentions=s.min_mentions,
                min_weight=s.min_weight,
            )
    graph = _finish_graph(graph, nlp, s.model, _corpus_name(sources) if documents is None else None, s.backbone)
    return BuildResult(
        graph,
        run.documents,
        run.extracted,
        resolution,
        read.skipped,
        read.notices,
        ner_documents=run.ner_documents,
        cached_documents=run.cached_documents,
        aliases=aliases,
    )


def build_graph(sources: Iterable[str | Path], **options) -> nx.Graph:
    """Build the entity graph of the articles in ``sources`` (files or folders).

    Takes the same options as :func:`build`. Example::

        import graphkit
        g = graphkit.build_graph(["seeds/"], window="paragraph")
        graphkit.write_graphml(g, "output/graph.graphml")
    """
    return build(sources, **options).graph


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
