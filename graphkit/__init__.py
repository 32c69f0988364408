"""graphkit: news articles in, an entity graph with evidence on every edge out.

The pipeline, one module per stage::

    documents   read files, folders, JSONL/CSV exports and HTML pages  -> Document
    cleaning    paragraphs, hard wraps, quotes, boilerplate lines
    extraction  spaCy NER and sentences                                 -> ExtractedDoc
    resolution  mentions to entities                                    -> Resolution
    graph       co-mention windows to a weighted networkx graph
    exports     GraphML, HTML explorer, ...

Example::

    import graphkit
    g = graphkit.build_graph(["seeds/"])
    graphkit.write_graphml(g, "output/graph.graphml")
    graphkit.write_html(g, "output/graph.html")
"""

__version__ = "0.1.0"

from .aliases import load_aliases  # noqa: E402
from .analytics import annotate  # noqa: E402
from .documents import read_documents  # noqa: E402
from .errors import GraphkitError  # noqa: E402
from .exports import write_gexf, write_graphml, write_html, write_node_link, write_tables  # noqa: E402
from .explore import load_graph  # noqa: E402
from .extraction import extract, load_pipeline  # noqa: E402
from .graph import comention_graph, parse_evidence  # noqa: E402
from .pipeline import build, build_graph, write_outputs  # noqa: E402
from .resolution import resolve  # noqa: E402
from .review import explain  # noqa: E402

__all__ = [
    "GraphkitError", "annotate", "build", "build_graph", "comention_graph", "explain", "extract", "load_aliases",
    "load_graph", "load_pipeline", "parse_evidence", "read_documents", "resolve", "write_gexf", "write_graphml", "write_html", "write_node_link",
    "write_outputs", "write_tables",
]
