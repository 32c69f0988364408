"""Cleaning as it was before the source map, as the reference the mapped cleaning must equal.

graphkit.reading.cleaning now cleans line by line on the original text, to know where each
character came from. This is the earlier algorithm: normalise the whole text, split it into
blocks at blank lines, clean and filter the lines, unwrap hard wraps. Used by
tests/test_source_map.py (same paragraphs on any text) and benchmarks/source_map.py (the cost).
"""

from __future__ import annotations

import re

from graphkit.reading.cleaning import (
    _ENDS_SENTENCE,
    _MULTI_SPACE,
    _looks_like_headline,
    is_boilerplate_line,
    normalise_text,
)


def reference_paragraphs(text: str) -> tuple[list[str], bool]:
    """Cleaning as it was before the source map: normalise the whole text, then blocks and lines."""
    text = normalise_text(text)
    blocks = []
    for raw_block in re.split(r"\n\s*\n", text):
        lines = [_MULTI_SPACE.sub(" ", ln.strip()) for ln in raw_block.split("\n")]
        lines = [ln for ln in lines if ln and not is_boilerplate_line(ln)]
        if lines:
            blocks.append(lines)
    if not blocks:
        return [], False
    has_headline = _looks_like_headline(blocks[0][0]) and (len(blocks[0]) > 1 or len(blocks) > 1)
    paragraphs = []
    for b, lines in enumerate(blocks):
        current = []
        for i, line in enumerate(lines):
            current.append(line)
            if (i == 0 and b == 0 and has_headline) or _ENDS_SENTENCE.search(line):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    return paragraphs, has_headline
