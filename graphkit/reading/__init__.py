"""Stage 1, reading: files, folders, JSONL/CSV exports and saved HTML pages to cleaned Documents."""

from .article import DEFAULT_MAX_ARTICLE_BYTES, ReadResult, make_document
from .dates import DateRange, check_range, dateline_date, parse_date
from .documents import iter_documents, listable_ids, read_documents

__all__ = [
    "DEFAULT_MAX_ARTICLE_BYTES",
    "DateRange",
    "ReadResult",
    "check_range",
    "dateline_date",
    "iter_documents",
    "listable_ids",
    "make_document",
    "parse_date",
    "read_documents",
]
