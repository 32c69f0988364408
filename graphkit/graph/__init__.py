"""Stage 4, the graph: co-mention windows to a weighted networkx graph with evidence, and its
analytics (layout, colours, sizes, centrality, communities)."""

from .analytics import annotate
from .comention import WINDOWS, comention_graph, documents_meta, format_evidence, parse_evidence
from .communities import CommunitySummary, community_summaries
from .significance import add_significance, backbone, backbone_edges

__all__ = [
    "WINDOWS",
    "CommunitySummary",
    "add_significance",
    "annotate",
    "backbone",
    "backbone_edges",
    "comention_graph",
    "community_summaries",
    "documents_meta",
    "format_evidence",
    "parse_evidence",
]
