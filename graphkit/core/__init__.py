"""Infrastructure every stage shares: the records passed between stages, errors, atomic files,
the memory allocator setting, garbage-collector pauses, SQLite helpers and wording."""

from .errors import AliasFileError, GraphkitError, MissingSourceError, ModelError, OutputError, SourceError
from .records import Document, DocumentContext, Entity, ExtractedDoc, Mention, Merge, Resolution, Sentence, Skipped
from .version import __version__

__all__ = [
    "AliasFileError",
    "Document",
    "DocumentContext",
    "Entity",
    "ExtractedDoc",
    "GraphkitError",
    "Mention",
    "Merge",
    "MissingSourceError",
    "ModelError",
    "OutputError",
    "Resolution",
    "Sentence",
    "Skipped",
    "SourceError",
    "__version__",
]
