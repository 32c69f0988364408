"""The whole job as library calls: sources -> documents -> mentions -> entities -> graph.

``build_graph`` returns the networkx graph; ``build`` also returns what the summary needs
(graphkit.pipeline.summary); graphkit.pipeline.outputs writes the files. The CLI only fills a
BuildSettings and calls these.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import networkx as nx

from ..caches.beside import store_result_beside, wait_for_stores
from ..caches.extraction import ExtractionCache, cache_folder_notice
from ..caches.fingerprints import alias_content, documents_digest, fingerprint
from ..caches.results import lookup, store_result, stored_resolution
from ..caches.tables import keep_tables_in
from ..core.gcpause import paused_gc
from ..core.records import Document, Resolution
from ..exports.ftm import ftm_model
from ..extraction import LocalRunner, check_types, language_of, model_identity, run_extraction, settings_key
from ..extraction.models import MODEL_FALLBACKS, model_labels
from ..graph import annotate, comention_graph
from ..graph import backbone as backbone_graph
from ..reading import DateRange, ReadResult, check_range, iter_documents, listable_ids, read_documents
from ..resolution import AliasTable, alias_notices, corpus_context, describe_chunk, load_aliases, resolve
from .pages_ahead import page_store, pages_options
from .result import BuildResult
from .settings import BuildSettings

#: times a cluster build starts when workers leave the cluster in the middle of it
CLUSTER_ATTEMPTS = 3


def _progress(total: int | None, quiet: bool):
    """A tqdm bar on stderr (a running count when ``total`` is None), or None when quiet or stderr
    is not a terminal."""
    if quiet or not sys.stderr.isatty() or (total is not None and total < 2):
        return None
    from tqdm import tqdm

    class Bar(tqdm):
        # no monitor thread: it outlives the bar, and a running thread rules out the forks that
        # write the files after extraction (graphkit.core.side_by_side); the bar moves with every
        # document, so it has nothing to watch for
        monitor_interval = 0

    return Bar(total=total, unit="doc", desc="Extracting entities", file=sys.stderr, leave=False)


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
    ``date_field`` the JSONL/CSV field holding each article's date; ``since``/``until``
    (YYYY-MM-DD, inclusive) keep the articles of those dates, undated ones left out as soon as
    either is given (``BuildResult.date_range`` counts what was left out).
    ``nlp``: a loaded spaCy pipeline to use instead of loading ``model``. ``with_mentions``
    (settings: "mentions" in ``formats``): with a scheduler, the rows of the mentions export are
    made on the cluster, where the text is (BuildResult.mentions); a local build makes them when
    asked (BuildResult.mention_rows).
    """
    s = (settings or BuildSettings()).update(**options)
    if s.backbone is not None and not 0 < s.backbone <= 1:
        raise ValueError(f"backbone must be above 0 and at most 1, not {s.backbone}")
    if "ftm" in s.formats:
        ftm_model()  # a missing optional package fails now, not after the extraction
    check_types(s.types, s.model, nlp)  # "ORGANIZATION" is no label of spaCy's English models: say so now
    keep_tables_in(s.cache)  # resolution's lookup tables are kept there between runs
    aliases = s.aliases
    if aliases is not None and not isinstance(aliases, AliasTable):
        aliases = load_aliases(aliases)  # before the long part, so a bad file fails at once
    date_range = DateRange(*check_range(s.since, s.until))
    # an earlier build here may be storing this very result, or writing it from a thread that a
    # fork below (the spaCy workers) must not copy mid-write
    notices = wait_for_stores()
    if documents is not None:  # made by the caller: ids as the reader would make them ("a|b" as "a/b")
        documents = list(listable_ids(documents, notices))  # (a list: a cluster build may read it twice)
    if s.cache is not None and (notice := cache_folder_notice(s.cache)) is not None:
        notices.append(notice)  # a read-only cache folder: the build runs without caching
        s = s.update(cache=None)
    if s.scheduler is not None:
        return _build_on_cluster_again(
            sources, documents, s, nlp=nlp, aliases=aliases, notices=notices, date_range=date_range
        )
    if documents is None:
        with page_store(s.cache, notices) as pages:  # saved pages are parsed once
            read = read_documents(sources or [], **pages_options(s, pages, notices), texts=pages, **_read_options(s))
    else:
        read = ReadResult(documents=list(documents))
    read.notices[:0] = notices
    read.documents = [d for d in read.documents if date_range.keep(d.date)]
    docs = read.documents
    corpus = _corpus_name(sources) if documents is None else None
    key = resolution_key = context_key = ""
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
            "relations": s.relations,
            "backbone": s.backbone,
        }
        extraction = settings_key(relations=s.relations)
        digest = documents_digest(docs)  # three fingerprints below, each document's text hashed once
        key = fingerprint(docs, model_key=model_key, settings=extraction, options=options, digest=digest)
        data, notices = lookup(s.cache, key)
        # the same without what acts after resolution: a window or filter change reuses the resolution
        early = {"stage": "resolution", **{k: options[k] for k in ("types", "aliases", "model_name")}}
        resolution_key = fingerprint(docs, model_key=model_key, settings=extraction, options=early, digest=digest)
        # and without the alias file: an alias change resolves again, but reads no article's text
        text = {"stage": "contexts", **{k: options[k] for k in ("types", "model_name")}}
        context_key = fingerprint(docs, model_key=model_key, settings=extraction, options=text, digest=digest)
        read.notices.extend(notices)
        if data is not None:
            read.notices.extend(_alias_notices(aliases, data["extracted"], s, nlp))
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
                date_range=date_range,
                aliases=aliases,
            )
    # the model is loaded only if some document is not in the cache
    run = _extract(docs, LocalRunner(nlp=nlp, model=s.model, jobs=s.jobs, relations=s.relations), s, total=len(docs))
    extracted = run.extracted
    read.notices.extend(run.notices)
    read.notices.extend(_alias_notices(aliases, extracted, s, nlp))
    with paused_gc():
        resolution = _resolve_once(
            extracted, docs, aliases, language_of(run.pipeline), s.cache, resolution_key, context_key
        )
        graph = comention_graph(
            docs,
            extracted,
            resolution,
            window=s.window,
            min_mentions=s.min_mentions,
            min_weight=s.min_weight,
            relations=run.relations,
        )
        graph = _finish_graph(graph, nlp, s.model, corpus, s.backbone, s.jobs)
        if key:  # kept from a second process while the outputs are written (save_outputs waits for it)
            store_result_beside(
                s.cache, key, {"graph": graph, "resolution": resolution, "extracted": extracted}, processes=s.jobs
            )
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
        date_range=date_range,
        aliases=aliases,
    )


def _alias_notices(aliases, extracted, s: BuildSettings, nlp) -> list[str]:
    """The alias file's spellings no article has, and its types the model lacks (resolution.alias_notices)."""
    if aliases is None:
        return []
    labels = model_labels(s.model) if nlp is None else None
    return alias_notices(aliases, (m.text for ed in extracted for m in ed.mentions), labels)


def _resolve_once(extracted, docs, aliases, language, cache, key: str, context_key: str = "") -> Resolution:
    """resolve(), or the resolution kept under ``key`` by a build of the same documents, model,
    types and alias table (the result cache's "resolutions"; no key: no cache). What resolution
    reads in the text, and what each spelling gives before the alias table is looked at, are kept
    too, under ``context_key`` (the same without the alias table)."""
    kept = stored_resolution(cache, key) if key else None
    if kept is not None:
        return kept["resolution"]
    read = stored_resolution(cache, context_key, "contexts") if context_key else None
    if not isinstance(read, dict) or set(read) != {"contexts", "lower_counts", "spellings"}:  # none kept (or damaged)
        read = dict(zip(("contexts", "lower_counts"), corpus_context(docs, extracted)), spellings={})
    known = len(read["spellings"])
    resolution = resolve(extracted, aliases=aliases, language=language, **read)
    if context_key and len(read["spellings"]) > known:
        store_result(cache, context_key, read, "contexts")
    if key:
        store_result(cache, key, {"resolution": resolution}, "resolutions")
    return resolution


def _read_stream(sources, s: BuildSettings, read: ReadResult):
    """iter_documents for ``s``, with the page store of its cache folder open while it runs."""
    with page_store(s.cache, read.notices) as pages:
        yield from iter_documents(sources, read, pages=pages, texts=pages, **_read_options(s))


def _read_options(s: BuildSettings) -> dict:
    """What the readers take of ``s`` (a local build reads with read_documents, a cluster build
    streams with iter_documents)."""
    return {
        "text_field": s.text_field,
        "id_field": s.id_field,
        "max_article_bytes": s.max_article_bytes,
        "date_field": s.date_field,
    }


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


def _finish_graph(
    graph: nx.Graph, nlp, model: str, corpus: str | None, backbone: float | None = None, processes: int | None = 1
) -> nx.Graph:
    if backbone is not None:  # before the analytics, so centrality and communities are the backbone's
        graph = backbone_graph(graph, backbone)
    graph = annotate(graph, in_place=True, processes=processes)  # the graph was just made: no copy needed
    graph.graph["model"] = _model_name(nlp, model)
    if corpus is not None:
        graph.graph["corpus"] = corpus
    return graph


def _build_on_cluster_again(
    sources, documents, s: BuildSettings, *, nlp, aliases, notices, date_range: DateRange
) -> BuildResult:
    """_build_on_cluster, started again when a worker leaves the cluster in the middle of it.

    The articles a worker held (kept on the cluster for counting) are lost with it, and Dask
    cannot make them again: this machine never held them all. So the build starts over on the
    remaining workers, reading the sources again; what was extracted before is in the extraction
    cache and is not extracted again.
    """
    from ..extraction.cluster import WorkerLost

    for attempt in range(1, CLUSTER_ATTEMPTS + 1):
        try:
            result = _build_on_cluster(sources, documents, s, nlp=nlp, aliases=aliases, date_range=date_range)
        except WorkerLost as exc:
            if attempt == CLUSTER_ATTEMPTS:
                raise
            again = ", from the extraction cache" if s.cache is not None else ""
            notices.append(
                f"{exc.message}; the articles it held were lost with it, so the build started again on the "
                f"remaining workers{again}"
            )
            continue
        result.notices[:0] = notices
        return result
    raise AssertionError("unreachable")


def _build_on_cluster(sources, documents, s: BuildSettings, *, nlp, aliases, date_range: DateRange) -> BuildResult:
    """build() with a scheduler: articles are read one at a time and go to the cluster in chunks,
    where they stay for counting; this machine keeps text-less documents, mention records and
    the resolution contexts made on the workers, so the corpus need not fit in its memory."""
    from ..extraction.cluster import Cluster, ClusterRunner  # dask is imported only with a scheduler
    from ..graph.cluster_counting import count_on_cluster, mention_rows_on_cluster

    read = ReadResult()
    if documents is None:
        stream = _read_stream(sources or [], s, read)
    else:
        stream = iter(documents)
    stream = (d for d in stream if date_range.keep(d.date))
    with Cluster.connect(s.scheduler) as cluster:
        runner = ClusterRunner(
            cluster,
            model=s.model,
            nlp=nlp,
            types=s.types,
            describe=describe_chunk,
            keep_text=True,
            relations=s.relations,
        )
        # the total is not known while reading: the bar is a running count
        run = _extract(stream, runner, s, total=None)
        read.notices.extend(run.notices)
        read.notices.extend(_alias_notices(aliases, run.extracted, s, nlp))
        with paused_gc():
            resolution = resolve(
                run.extracted,
                aliases=aliases,
                contexts=run.contexts or [],
                lower_counts=run.lower_counts,
                language=language_of(run.pipeline),
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
                relations=run.relations,
            )
            mentions = None
            if "mentions" in s.formats:
                mentions = mention_rows_on_cluster(cluster, runner.kept, run.extracted, resolution, set(graph.nodes))
    graph = _finish_graph(graph, nlp, s.model, _corpus_name(sources) if documents is None else None, s.backbone)
    if mentions is not None:  # the backbone may have left entities out, as a local build's rows do
        mentions = [r for r in mentions if r.entity in graph]
    return BuildResult(
        graph,
        run.documents,
        run.extracted,
        resolution,
        read.skipped,
        read.notices,
        ner_documents=run.ner_documents,
        cached_documents=run.cached_documents,
        date_range=date_range,
        mentions=mentions,
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
