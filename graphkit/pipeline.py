"""The whole job as library calls: sources -> documents -> mentions -> entities -> graph -> files.

``build_graph`` returns the networkx graph; ``build`` also returns what the CLI summary needs;
``write_outputs`` writes the files. The CLI only parses options and calls these.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import networkx as nx

from .documents import ReadResult, read_documents
from .exports import write_graphml, write_html
from .exports.html import DEFAULT_MAX_NODES
from .extraction import DEFAULT_MODEL, DEFAULT_TYPES, iter_extract, load_pipeline
from .analytics import annotate
from .graph import comention_graph
from .records import Document, ExtractedDoc, Resolution, Skipped
from .resolution import resolve

FORMATS = ("graphml", "html")


@dataclass
class BuildResult:
    graph: nx.Graph
    documents: list[Document]
    extracted: list[ExtractedDoc]
    resolution: Resolution
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def mention_count(self) -> int:
        return sum(len(e.mentions) for e in self.extracted)


def _progress(total: int, quiet: bool):
    """A tqdm bar on stderr, or None when quiet or stderr is not a terminal."""
    if quiet or not sys.stderr.isatty() or total < 2:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="Extracting entities", file=sys.stderr, leave=False)


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
) -> BuildResult:
    """Run the pipeline on files/folders (``sources``) or ready-made ``documents``."""
    if documents is None:
        read = read_documents(sources or [], text_field=text_field, id_field=id_field)
    else:
        read = ReadResult(documents=list(documents))
    docs = read.documents
    if nlp is None:
        nlp = load_pipeline(model)
    bar = _progress(len(docs), quiet)
    try:
        extracted = list(
            iter_extract(docs, nlp, types=types, on_document=(lambda _d: bar.update()) if bar else None)
        )
    finally:
        if bar is not None:
            bar.close()
    resolution = resolve(extracted)
    graph = comention_graph(
        docs, extracted, resolution, window=window, min_mentions=min_mentions, min_weight=min_weight
    )
    graph = annotate(graph)
    graph.graph["model"] = model
    return BuildResult(graph, docs, extracted, resolution, read.skipped, read.notices)


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
) -> list[Path]:
    """Write the chosen formats as ``out_dir/name.<ext>``; returns the paths written."""
    out = Path(out_dir)
    written = []
    if "graphml" in formats:
        written.append(write_graphml(graph, out / f"{name}.graphml"))
    if "html" in formats:
        written.append(write_html(graph, out / f"{name}.html", max_nodes=max_nodes, title=name))
    return written
