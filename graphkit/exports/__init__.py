"""Writers: one module per output format. Each takes a graph and a path and never changes the graph."""

from .ftm import write_ftm
from .gexf import write_gexf
from .graphml import write_graphml
from .html import write_html
from .mentions import write_mentions
from .neo4j import write_neo4j
from .nodelink import write_node_link
from .tables import write_edges_csv, write_nodes_csv, write_tables

__all__ = [
    "write_edges_csv",
    "write_ftm",
    "write_gexf",
    "write_graphml",
    "write_html",
    "write_mentions",
    "write_neo4j",
    "write_node_link",
    "write_nodes_csv",
    "write_tables",
]
