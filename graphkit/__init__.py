"""graphkit: news articles in, an entity graph with evidence on every edge out.

The pipeline, one package per stage::

    reading      files, folders, JSONL/CSV exports and HTML pages       -> Document
    extraction   spaCy NER and sentences (local or on a Dask cluster)   -> ExtractedDoc
    resolution   mentions to entities                                   -> Resolution
    graph        co-mention windows to a weighted networkx graph, analytics
    exports      GraphML, GEXF, CSV, JSON, the HTML explorer
    explore      questions to a built graph
    pipeline     the stages chained (BuildSettings, build, save_outputs)

Example::

    import graphkit
    g = graphkit.build_graph(["seeds/"])
    graphkit.write_graphml(g, "output/graph.graphml")
    graphkit.write_html(g, "output/graph.html")
"""

from .core.errors import GraphkitError
from .core.version import __version__
from .explore import load_graph
from .exports import write_gexf, write_graphml, write_html, write_node_link, write_tables
from .extraction import extract, load_pipeline
from .graph import annotate, backbone, comention_graph, community_summaries, parse_evidence
from .pipeline import BuildResult, BuildSettings, build, build_graph, save_outputs, summary_lines, write_outputs
from .reading import read_documents
from .resolution import explain, load_aliases, resolve

__all__ = [
    "BuildResult",
    "BuildSettings",
    "GraphkitError",
    "__version__",
    "annotate",
    "backbone",
    "build",
    "build_graph",
    "comention_graph",
    "community_summaries",
    "explain",
    "extract",
    "load_aliases",
    "load_graph",
    "load_pipeline",
    "parse_evidence",
    "read_documents",
    "resolve",
    "save_outputs",
    "summary_lines",
    "write_gexf",
    "write_graphml",
    "write_html",
    "write_node_link",
    "write_outputs",
    "write_tables",
]
