"""Writing a build's outputs: every format, merges.csv, and the result cache's output policy.

:func:`write_outputs` writes the files. :func:`save_outputs` is what ``graphkit build`` does with
a :class:`~graphkit.pipeline.result.BuildResult`: with a cache, files still exactly as graphkit wrote
them are left alone ("up to date") and a new folder gets a copy of the last files written
("copied"; graphkit.caches.outputs); otherwise they are written.

One build at a time writes into a folder (graphkit.core.folder_lock): a second build waits until
the first has written its whole set, so the folder never ends with a mix of both. A full disk
stops the writing with a message naming the folder and the space the outputs need
(graphkit.core.diskspace); the previous outputs stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from ..caches.beside import wait_for_stores
from ..caches.outputs import write_outputs_cached
from ..core.atomic import atomic_batch, measure_writes
from ..core.diskspace import NO_SPACE, no_space_error
from ..core.errors import GraphkitError, OutputError
from ..core.folder_lock import folder_lock
from ..core.gcpause import paused_gc
from ..core.records import Merge, Resolution
from ..core.side_by_side import write_side_by_side
from ..exports import write_gexf, write_graphml, write_html, write_node_link, write_tables
from ..exports.columns import shared_rows
from ..exports.ftm import ftm_model, write_ftm
from ..exports.html import DEFAULT_MAX_NODES
from ..exports.mentions import write_mentions
from ..exports.neo4j import write_neo4j
from ..graph.mentions import MentionRow
from ..resolution import AliasTable, merges_filename, write_merges
from .result import BuildResult
from .settings import DEFAULT_FORMATS, FORMATS, BuildSettings
from .suggested import kept_suggestions

#: the formats _write_formats writes in the second process (files()); the others are written here
GRAPH_FILE_FORMATS = frozenset({"graphml", "gexf", "csv", "json"})


@dataclass
class SavedOutputs:
    paths: list[Path]
    #: "written", "copied" (the same files from the result cache) or "up to date" (nothing touched)
    how: str = "written"
    #: what the result cache said while it kept the build (it never fails one)
    notices: list[str] = field(default_factory=list)


class NothingToWriteError(GraphkitError):
    """The build found no readable document or no entity: there is no graph to write."""


def require_graph(result: BuildResult, settings: BuildSettings) -> None:
    """Raise :class:`NothingToWriteError` when the build has no documents or no entities."""
    if not result.documents:
        dropped = result.date_range
        if dropped.active and (dropped.outside or dropped.undated):
            raise NothingToWriteError(
                f"No article is dated {dropped.describe()} ({dropped.left_out()}).", "Widen {since}/{until}."
            )
        raise NothingToWriteError("No readable documents in the sources (see the skipped list above).")
    if not result.graph.number_of_nodes():
        raise NothingToWriteError(
            f"No entities of types {','.join(settings.types)} found in {len(result.documents)} document(s).",
            "Check that the files hold article text, or widen {types} / lower {min_mentions}.",
        )


def save_outputs(
    result: BuildResult, settings: BuildSettings, on_wait: Callable[[], None] | None = None
) -> SavedOutputs:
    """Write ``result``'s outputs as ``settings`` say (out_dir, name, formats, max_nodes), merges.csv
    included, through the result cache when the build has one (see the module doc).

    ``on_wait()`` is called when another build is writing into the same folder and this one waits.
    """
    require_graph(result, settings)
    formats = tuple(settings.formats) or DEFAULT_FORMATS
    options = dict(
        name=settings.name,
        formats=formats,
        max_nodes=settings.max_nodes,
        resolution=result.resolution,
        documents=result.documents_meta(),
        aliases=result.aliases,
        processes=settings.jobs,
    )
    if "mentions" in formats:
        options["mentions"] = result.mention_rows()  # a generator: made only if the file is written
    # held from the result cache's "up to date" check until its record of the files written
    with folder_lock(settings.out_dir, on_wait):
        if result.fingerprint and settings.cache is not None:  # the result cache knows what these files came from
            paths, how = write_outputs_cached(
                write_outputs, result.graph, settings.out_dir, cache=settings.cache, key=result.fingerprint, **options
            )
            saved = SavedOutputs(paths, how)
        else:
            saved = SavedOutputs(write_outputs(result.graph, settings.out_dir, cache=settings.cache, **options))
    # the build's result was kept meanwhile (graphkit.caches.beside.store_result_beside)
    saved.notices = [n for n in wait_for_stores() if n not in result.notices]
    return saved


def write_outputs(
    graph: nx.Graph,
    out_dir: str | Path = "output",
    *,
    name: str = "graph",
    formats: Sequence[str] = DEFAULT_FORMATS,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    resolution: Resolution | None = None,
    on_wait: Callable[[], None] | None = None,
    mentions: Iterable[MentionRow] | None = None,
    documents: Mapping[str, Mapping[str, str]] | None = None,
    aliases: AliasTable | None = None,
    processes: int | None = 1,
    cache: str | Path | None = None,
) -> list[Path]:
    """Write the chosen formats as ``out_dir/name.<ext>``; returns the paths written (for neo4j,
    the files in the folder ``out_dir/name.neo4j/``).

    With ``resolution`` (BuildResult.resolution), also merges.csv: every merge, drop and kept-apart
    name, for review (graphkit.resolution.review). The mentions format needs ``mentions``
    (BuildResult.mention_rows()); ftm and neo4j list every article of ``documents``
    (BuildResult.documents_meta()), else those the entities name. ``aliases`` (BuildResult.aliases),
    the alias table of the build, goes into the HTML page, whose "Download aliases.yaml" extends it.
    ``cache`` (BuildSettings.cache), a cache folder: the review's suggestions in the page's panel are
    kept there between builds (graphkit.pipeline.suggested).
    With ``processes`` of 2 or more (None: all cores; BuildSettings.jobs) the graph files are
    written in a second process beside the page (graphkit.core.side_by_side): the same files,
    sooner.

    All files change together or not at all (graphkit.core.atomic.atomic_batch): an error or Ctrl-C
    while writing leaves the previous outputs as they were. Another build writing into the same
    folder meanwhile is waited for (``on_wait()`` is called then).
    """

    def write() -> list[Path]:
        with shared_rows(), paused_gc():
            merges = resolution.merges if resolution is not None else None
            page = _Page(max_nodes, aliases, merges, cache)
            written = _write_formats(graph, Path(out_dir), name, formats, page, mentions, documents, processes)
            if resolution is not None:
                written.append(write_merges(resolution, Path(out_dir) / merges_filename(name)))
            return written

    with folder_lock(out_dir, on_wait):
        try:
            with atomic_batch():
                return write()
        except OutputError as exc:
            if exc.errno not in NO_SPACE:
                raise
            # the temporary files are gone: count what the outputs need, writing nothing
            raise no_space_error(Path(out_dir), exc, measure_writes(write)) from exc


@dataclass
class _Page:
    """What the HTML page takes beside the graph (write_outputs' arguments)."""

    max_nodes: int | None
    aliases: AliasTable | None
    merges: Sequence[Merge] | None
    #: where the page's suggestions are kept between builds (None: worked out by the page)
    cache: str | Path | None


def _write_formats(
    graph: nx.Graph,
    out: Path,
    name: str,
    formats: Sequence[str],
    page: _Page,
    mentions,
    documents,
    processes: int | None,
) -> list[Path]:
    if isinstance(formats, str):
        formats = [formats]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown output format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    if "mentions" in formats and mentions is None:
        raise ValueError("the mentions format needs the mention rows: pass mentions=result.mention_rows()")
    if "ftm" in formats:
        ftm_model()  # before any file is written: a missing extra changes nothing

    def files() -> list[Path]:  # the graph files: one group, written beside the page when a core is free
        written = []
        if "graphml" in formats:
            written.append(write_graphml(graph, out / f"{name}.graphml"))
        if "gexf" in formats:
            written.append(write_gexf(graph, out / f"{name}.gexf"))
        if "csv" in formats:
            written.extend(write_tables(graph, out, name))
        if "json" in formats:
            written.append(write_node_link(graph, out / f"{name}.json"))
        return written

    def rest() -> list[Path]:  # the page (about as long as the four above together) and the extras
        written = []
        if "html" in formats:
            written.append(
                write_html(
                    graph,
                    out / f"{name}.html",
                    max_nodes=page.max_nodes,
                    title=graph.graph.get("corpus") or name,
                    aliases=page.aliases,
                    merges=page.merges,
                    # here, beside the graph files' process: the suggestions kept, or worked out
                    suggested=None if page.cache is None else kept_suggestions(graph, page.merges or (), page.cache),
                )
            )
        if "mentions" in formats:
            written.append(write_mentions(graph, mentions, out / f"{name}.mentions.csv"))
        if "ftm" in formats:
            written.append(write_ftm(graph, out / f"{name}.ftm.json", documents))
        if "neo4j" in formats:
            written.extend(write_neo4j(graph, out / f"{name}.neo4j", documents))
        return written

    if not formats_in_both(formats):
        return files() + rest()
    first, second = write_side_by_side(files, rest, processes)
    return first + second


def formats_in_both(formats: Sequence[str]) -> bool:
    """True when both groups of _write_formats have something to write (else nothing to share)."""
    chosen = set(formats)
    return bool(chosen & GRAPH_FILE_FORMATS) and bool(chosen - GRAPH_FILE_FORMATS)
