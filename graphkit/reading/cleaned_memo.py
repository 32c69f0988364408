"""Cleaned texts kept between runs: a rebuild with every article in the extraction cache spends a
good part of its reading in cleaning (graphkit.reading.cleaning), the same for the same text.

The memo is the page memo of the cache folder (graphkit.caches.pages: a key, a JSON object), under
keys of their own: the text's hash and the hash of the code that cleans it, so a change to the
cleaning makes every text cleaned again. A damaged or foreign entry is cleaned again too: nothing
here is needed for a correct result.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from ..core.sourcemap import SourceMap
from .cleaning import clean_text
from .html_page import PageMemo

#: the files whose code decides what a text cleans to (and how the memo writes it)
_CODE = (
    Path(__file__).with_name("cleaning.py"),
    Path(__file__),
    Path(__file__).parent.parent / "core" / "sourcemap.py",
)


@cache
def _code_hash() -> str:
    return hashlib.sha256(b"".join(path.read_bytes() for path in _CODE)).hexdigest()[:16]


def text_key(text: str) -> str:
    """The memo key of a text's cleaning."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"cleaned:{_code_hash()}:{digest}"


def clean_text_memo(text: str, memo: PageMemo | None) -> tuple[list[str], bool, SourceMap]:
    """:func:`graphkit.reading.cleaning.clean_text`, from ``memo`` when it has the text (None: no memo)."""
    if memo is None:
        return clean_text(text)
    key = text_key(text)
    found = _decoded(memo.get(key))
    if found is not None:
        return found
    paragraphs, headline, source_map = clean_text(text)
    memo.put(key, {"paragraphs": paragraphs, "headline": headline, "map": source_map.paragraphs})
    return paragraphs, headline, source_map


def _decoded(found) -> tuple[list[str], bool, SourceMap] | None:
    try:
        paragraphs, headline, pieces = found["paragraphs"], found["headline"], found["map"]
        if not (isinstance(headline, bool) and all(isinstance(p, str) for p in paragraphs)):
            return None
        source_map = SourceMap(tuple(tuple((int(c), int(o), s) for c, o, s in para) for para in pieces))
        if len(source_map.paragraphs) != len(paragraphs):
            return None
        return list(paragraphs), headline, source_map
    except (TypeError, KeyError, ValueError):
        return None  # not seen, or a damaged entry: cleaned again
