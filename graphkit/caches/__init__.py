"""The caches: spaCy's records per article (extraction), what saved pages gave (pages), and finished
graphs and output files (results)."""

from .extraction import ExtractionCache, cache_folder_notice, content_hash, default_cache_dir
from .pages import PageStore

__all__ = ["ExtractionCache", "PageStore", "cache_folder_notice", "content_hash", "default_cache_dir"]
