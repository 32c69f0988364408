"""Stage 2, extraction: spaCy NER and sentences to plain mention records (ExtractedDoc).

One loop (:func:`run_extraction`) with the extraction cache, and runners behind it: this process
or a local process pool (:class:`LocalRunner`), or a Dask cluster (graphkit.extraction.cluster,
imported only when a scheduler is given).
"""

from .loop import ExtractionRun, extract_documents, run_extraction
from .models import (
    DEFAULT_MODEL,
    DEFAULT_RELATIONS,
    DEFAULT_TYPES,
    check_types,
    language_of,
    load_pipeline,
    model_identity,
    model_signature,
    parse_types,
)
from .ner import extract, iter_extract, settings_key
from .runners import LocalRunner, Runner

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_RELATIONS",
    "DEFAULT_TYPES",
    "ExtractionRun",
    "LocalRunner",
    "Runner",
    "check_types",
    "extract",
    "extract_documents",
    "iter_extract",
    "language_of",
    "load_pipeline",
    "model_identity",
    "model_signature",
    "parse_types",
    "run_extraction",
    "settings_key",
]
