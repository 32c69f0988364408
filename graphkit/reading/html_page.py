"""The article in a saved HTML page: trafilatura finds the text and the metadata, htmldate the date.

That is the slow part of reading: tens of milliseconds for a page of a real news site (about 20 s
for 400 pages, against half a second for the same articles in a JSONL file). So a build with a
cache folder keeps what each page gave (graphkit.caches.pages, through the :class:`PageMemo` it
hands to the readers), keyed by the page's content and the extractors' versions: a rebuild of a
folder of pages reads each one it has seen before in well under a millisecond.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Protocol

from .dates import HTML_DATE_CONFIG, parse_date

#: raise when page_article gives something else for the same page and the same extractor versions
PAGE_READING_VERSION = 1
NO_TEXT = "no article text found in the HTML page"


class PageMemo(Protocol):
    """Where page_article keeps what it found: ``get`` a key's value (None: not seen), ``put`` one."""

    def get(self, key: str) -> dict | None: ...

    def put(self, key: str, value: dict) -> None: ...


@cache
def _extractors() -> str:
    def installed(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "none"

    return (
        f"pages={PAGE_READING_VERSION};trafilatura={installed('trafilatura')};"
        f"htmldate={installed('htmldate')};dates={sorted(HTML_DATE_CONFIG.items())}"
    )


def page_key(html: str) -> str:
    """The memo key of a page: its content and the versions of what reads it."""
    return hashlib.sha256(f"{_extractors()}\n{html}".encode("utf-8", "surrogatepass")).hexdigest()


def _valid(found) -> bool:
    if not isinstance(found, dict):
        return False
    if "skip" in found:
        return found.get("skip") == NO_TEXT
    return isinstance(found.get("body"), str) and isinstance(found.get("meta"), dict)


def page_article(html: str, memo: PageMemo | None = None) -> dict:
    """``{"body": text, "meta": {title, url, source, date}}`` for the article of a saved page, or
    ``{"skip": reason}`` when there is none. Raises what the parsers raise on a page they cannot
    parse (not kept: the caller says so). With ``memo``, a page seen before is not parsed again."""
    key = page_key(html) if memo is not None else ""
    if key:
        found = memo.get(key)
        if _valid(found):
            return found
    import trafilatura

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not body:
        result: dict = {"skip": NO_TEXT}
    else:
        info = trafilatura.extract_metadata(html, date_config=HTML_DATE_CONFIG)
        meta = {}
        if info is not None:
            meta = {k: getattr(info, k, None) for k in ("title", "url")}
            meta["source"] = getattr(info, "sitename", None)
            meta["date"] = parse_date(getattr(info, "date", None))
        result = {"body": body, "meta": meta}
    if key:
        memo.put(key, result)
    return result


class MemoryMemo(dict):
    """A :class:`PageMemo` in memory, for one run without a cache folder (pages parsed ahead of
    the reading are found there)."""

    def put(self, key: str, value: dict) -> None:
        self[key] = value
