"""Stage 3, resolution: mentions to entities (names, places, the alias file, merges for review)."""

from .aliases import AliasTable, alias_notices, load_aliases
from .context import corpus_context, describe_chunk
from .resolver import resolve
from .review import explain, merges_filename, read_merges, write_merges

__all__ = [
    "AliasTable",
    "alias_notices",
    "corpus_context",
    "describe_chunk",
    "explain",
    "load_aliases",
    "merges_filename",
    "read_merges",
    "resolve",
    "write_merges",
]
