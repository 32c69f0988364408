"""The caches: spaCy's records per article (extraction) and finished graphs and output files (results)."""

from .extraction import ExtractionCache, cache_folder_notice, content_hash, default_cache_dir

__all__ = ["ExtractionCache", "cache_folder_notice", "content_hash", "default_cache_dir"]
