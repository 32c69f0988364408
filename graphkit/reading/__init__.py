"""Stage 1, reading: files, folders, JSONL/CSV exports and saved HTML pages to cleaned Documents."""

from .article import DEFAULT_MAX_ARTICLE_BYTES, ReadResult, make_document
from .documents import iter_documents, read_documents

__all__ = ["DEFAULT_MAX_ARTICLE_BYTES", "ReadResult", "iter_documents", "make_document", "read_documents"]
