"""Where cleaned text came from: offsets of the cleaned paragraphs in the text as the user gave it.

Cleaning (graphkit.cleaning) joins hard-wrapped lines, folds typographic quotes, collapses odd
spaces and drops boilerplate lines, so a mention's span in a cleaned paragraph is not its span in
the article. A :class:`SourceMap` says, for every paragraph, which stretches of the cleaned text are
the original characters unchanged and what the original held where cleaning changed something.
It is compact (one piece per line of the original when only line breaks changed) and enough to
give back both the original offsets of any cleaned span and the original text at those offsets.

Offsets count Unicode code points of the decoded text (Python string indices): a text file's
content after its encoding (and byte-order mark) is decoded, a JSONL/CSV row's text field, an
HTML page's main text as extracted.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass

#: One paragraph's pieces, in order: (start in the cleaned paragraph, start in the original text,
#: the original characters when cleaning changed them, else None), then an end marker
#: (length of the paragraph, end in the original, None). Pieces cover both texts without gaps.
Pieces = tuple[tuple[int, int, "str | None"], ...]


@dataclass(frozen=True)
class SourceMap:
    """The pieces of every paragraph of one document (see module docstring)."""

    paragraphs: tuple[Pieces, ...]

    def span(self, paragraph: int, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the cleaned span ``start:end`` of ``paragraph``."""
        pieces = self.paragraphs[paragraph]
        return _to_original(pieces, start, end)

    def text(self, paragraph: int, cleaned: str, start: int, end: int) -> str:
        """The original text at ``span(paragraph, start, end)``; ``cleaned`` is the cleaned paragraph."""
        pieces = self.paragraphs[paragraph]
        lo, hi = _to_original(pieces, start, end)
        return _original_slice(pieces, cleaned, lo, hi)

    def digest(self) -> str:
        """A short hash: the same cleaned text from another original has another map."""
        return hashlib.sha1(repr(self.paragraphs).encode("utf-8", "surrogatepass")).hexdigest()


def _piece(pieces: Pieces, position: int) -> int:
    """Index of the piece holding cleaned ``position`` (the last one for the paragraph's end)."""
    return max(0, min(len(pieces) - 2, bisect_right(pieces, position, key=_clean_start) - 1))


def _clean_start(piece) -> int:
    return piece[0]


def _orig_start(piece) -> int:
    return piece[1]


def _to_original(pieces: Pieces, start: int, end: int) -> tuple[int, int]:
    i = _piece(pieces, start)
    c, o, orig = pieces[i]
    nc, no, _ = pieces[i + 1]
    # a changed piece of another length (a line break and its indent, a collapsed run of spaces)
    # has no inner positions: a span starting in it starts where it starts
    lo = o + (start - c) if orig is None or nc - c == no - o else o
    if end <= start:
        return lo, lo
    j = _piece(pieces, end - 1)
    c, o, orig = pieces[j]
    nc, no, _ = pieces[j + 1]
    hi = o + (end - c) if orig is None or nc - c == no - o else no
    return lo, max(lo, hi)


def _original_slice(pieces: Pieces, cleaned: str, lo: int, hi: int) -> str:
    out = []
    k = max(0, bisect_right(pieces, lo, key=_orig_start) - 1)
    while k < len(pieces) - 1:
        c, o, orig = pieces[k]
        no = pieces[k + 1][1]
        if o >= hi:
            break
        a, b = max(lo, o) - o, min(hi, no) - o
        if b > a:
            out.append(cleaned[c + a : c + b] if orig is None else orig[a:b])
        k += 1
    return "".join(out)


def plain_offsets(paragraphs: tuple[str, ...]) -> SourceMap:
    """The map of a document made from paragraphs alone: offsets into ``"\\n\\n".join(paragraphs)``."""
    out, pos = [], 0
    for p in paragraphs:
        out.append(((0, pos, None), (len(p), pos + len(p), None)))
        pos += len(p) + 2
    return SourceMap(tuple(out))
