"""Saved HTML pages already read: what each one gave (graphkit.reading.html_page), kept in the
extraction cache's file, so a rebuild of a folder of pages does not parse them again.

The cache is opened at the first page (a build of a JSONL file never touches it), and what is found
is written in batches. Like every cache here it is never needed for a correct result: trouble with
the file turns it off for the run, with a notice, and the pages are parsed as if seen for the
first time.
"""

from __future__ import annotations

import json
from pathlib import Path

from .extraction import ExtractionCache

#: pages found before they are written, in one transaction (and at the end of reading)
BATCH = 200


class PageStore:
    """A :class:`graphkit.reading.html_page.PageMemo` in the cache folder ``folder``."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.notices: list[str] = []
        self._cache: ExtractionCache | None = None
        self._pending: dict[str, str] = {}

    def _opened(self) -> ExtractionCache:
        if self._cache is None:
            self._cache = ExtractionCache(self.folder)
        return self._cache

    def get(self, key: str) -> dict | None:
        text = self._pending.get(key) or self._opened().get_page(key)
        if text is None:
            return None
        try:
            return json.loads(text)
        except ValueError:
            return None  # a damaged value: the page is parsed again

    def put(self, key: str, value: dict) -> None:
        self._pending[key] = json.dumps(value, sort_keys=True)
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self._opened().put_pages(self._pending.items())
            self._pending.clear()

    def close(self) -> None:
        """Write what is pending and close; the cache's notices are in ``notices`` afterwards."""
        if self._cache is None:
            return
        self.flush()
        self.notices.extend(self._cache.notices)
        self._cache.close()
        self._cache = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
