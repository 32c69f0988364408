"""Writers: one module per output format. Each takes a graph and a path and never changes the graph."""

from .graphml import write_graphml
from .html import write_html

__all__ = ["write_graphml", "write_html"]
