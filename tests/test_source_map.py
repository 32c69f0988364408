"""Offsets survive cleaning: every cleaned span maps back to the text as given (graphkit.core.sourcemap).

Cleaning now works line by line on the original to know where each character came from; its
paragraphs must be exactly those of cleaning the whole text at once (the algorithm before the
map, kept below as the reference), and the original text at a mapped span must be what the map
gives back.
"""

from __future__ import annotations

import re

from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_cleaning import reference_paragraphs

from graphkit.reading.cleaning import clean_text

SEED_003 = next(SEEDS.glob("003_*.txt"))


def check_map(text: str, max_span: int = 12) -> None:
    paragraphs, has_headline, source = clean_text(text)
    assert (paragraphs, has_headline) == reference_paragraphs(text)
    assert len(source.paragraphs) == len(paragraphs)
    for k, p in enumerate(paragraphs):
        assert source.paragraphs[k][-1][0] == len(p)
        for start in range(len(p)):
            for end in range(start + 1, min(len(p), start + max_span) + 1):
                lo, hi = source.span(k, start, end)
                assert 0 <= lo <= hi <= len(text)
                assert source.text(k, p, start, end) == text[lo:hi], (k, start, end)


PIECES = [
    *"ab K.,'\"\n\n\r\t",
    "\u2019", "\u201c", "\u00a0", "\u200b", "\u2028", "\u2029", "\x00", "\x85", "u\u0308", "\u0308", "e\u0301",
    "\ud800", "\ufeff", "  ", "\r\n", "Share", "https://x.org", "Comments", "North\nKorea", "Kim.\n",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_map_of_texts_full_of_what_cleaning_changes(text):
    check_map(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_map_of_any_text(text):
    check_map(text)


def test_seed_003_wrapped_names_point_at_the_wrapped_text():
    raw = SEED_003.read_text(encoding="utf-8")
    paragraphs, _, source = clean_text(raw)
    wrapped = 0
    for k, p in enumerate(paragraphs):
        for m in re.finditer(r"North Korea|Ukraine|Kim Jong Un|Russia", p):
            lo, hi = source.span(k, m.start(), m.end())
            assert re.fullmatch(m.group().replace(" ", r"\s+"), raw[lo:hi]), raw[lo:hi]
            assert source.text(k, p, m.start(), m.end()) == raw[lo:hi]
            wrapped += "\n" in raw[lo:hi]
    assert wrapped >= 1  # "North\nKorea" and the like: the span crosses the original line break
    check_map(raw, max_span=4)


def test_what_changed_in_a_line_maps_to_the_original_characters():
    text = (
        "Talks began.\r\n\ufeff  \u201cKim\u00a0Jong\u2009Un\u201d met Pyong\u200byang\u2019s envoy\r\n"
        "in Zu\u0308rich.\r\n\r\nShare\r\n"
    )
    paragraphs, _, source = clean_text(text)
    assert paragraphs == ["Talks began.", '"Kim Jong Un" met Pyongyang\'s envoy in Z\u00fcrich.']
    p = paragraphs[1]

    def original(word):
        start = p.index(word)
        lo, hi = source.span(1, start, start + len(word))
        assert source.text(1, p, start, start + len(word)) == text[lo:hi]
        return text[lo:hi]

    assert original("Kim Jong Un") == "Kim\u00a0Jong\u2009Un"
    assert original('"Kim') == "\u201cKim"
    assert original("Pyongyang's") == "Pyong\u200byang\u2019s"
    assert original("envoy in") == "envoy\r\nin"
    assert original("Z\u00fcrich") == "Zu\u0308rich"
