"""The caches: spaCy's records per article (extraction) and finished graphs and output files (results)."""

from .extraction import ExtractionCache, content_hash, default_cache_dir

__all__ = ["ExtractionCache", "content_hash", "default_cache_dir"]
