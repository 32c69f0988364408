"""Text clean-up before NER (graphkit.cleaning): hard wraps, quotes, boilerplate lines, paragraphs."""

from __future__ import annotations

import re

import pytest
from conftest import SEEDS

from graphkit.reading.cleaning import clean_field, is_boilerplate_line, normalise_text, split_paragraphs

SEED_003 = next(SEEDS.glob("003_*.txt"))


@pytest.fixture(scope="module")
def seed_003():
    raw = SEED_003.read_text(encoding="utf-8")
    paragraphs, has_headline = split_paragraphs(raw)
    return raw, paragraphs, has_headline


def test_seed_003_is_hard_wrapped(seed_003):
    # The premise of the tests below: the file breaks lines in the middle of sentences and names.
    raw, _, _ = seed_003
    assert "North\nKorea" in raw
    assert "Ukraine\ndisputes" in raw
    assert "Kim\nstated" in raw


def test_seed_003_hard_wraps_give_whole_paragraphs(seed_003):
    _, paragraphs, has_headline = seed_003
    assert has_headline
    assert paragraphs[0] == "North Korea assures it sent troops to fight for Russia during war in Ukraine"
    for p in paragraphs:
        assert "\n" not in p
    # Every body paragraph ends a sentence: no paragraph was cut at a hard wrap.
    for p in paragraphs[1:]:
        assert re.search(r"""[.!?]["')]*$""", p), p
    # Sentences the wraps split across lines (checked by hand against the file) are whole again.
    assert (
        "Ukraine disputes Gerasimov's assertion that Moscow has retaken complete control of the "
        "country's western Kursk region." in paragraphs
    )
    assert (
        'Kim stated, as reported by KCNA, "They who fought for justice are all heroes and '
        'representatives of the honour of the motherland."' in paragraphs
    )
    assert any(
        p.startswith("Earlier, Western officials told the BBC that they thought at least 1,000 of the 11,000 men")
        for p in paragraphs
    )


def test_seed_003_never_splits_north_korea(seed_003):
    raw, paragraphs, _ = seed_003
    in_source = len(re.findall(r"North\s+Korea", raw))
    assert in_source >= 8
    assert sum(p.count("North Korea") for p in paragraphs) == in_source
    for p in paragraphs:
        assert not p.endswith("North")


def test_seed_003_comment_box_lines_dropped(seed_003):
    _, paragraphs, _ = seed_003
    assert paragraphs[-1].endswith("the general told Ukraine's TSN Tyzhden news programme.")
    assert not any("Comment" in p for p in paragraphs)


def test_typographic_quotes_folded_to_ascii():
    text = "\u201cWe agree,\u201d said Kim Jong Un\u2019s envoy. \u2018Yes\u2019 \u00abnon\u00bb \u201elow\u201c"
    assert normalise_text(text) == '"We agree," said Kim Jong Un\'s envoy. \'Yes\' "non" "low"'


def test_odd_spaces_zero_width_and_controls():
    assert normalise_text("Kim\u00a0Jong\u2009Un") == "Kim Jong Un"
    assert normalise_text("Pyong\u200byang\ufeff") == "Pyongyang"
    assert normalise_text("a\x00b\x07c\x85d") == "a b c d"
    assert normalise_text("a\r\nb\rc") == "a\nb\nc"
    # NFC: a decomposed "u + combining diaeresis" is the same name as the composed one.
    assert normalise_text("Zu\u0308rich") == "Z\u00fcrich"


def test_characters_xml_cannot_hold_are_replaced():
    # A lone surrogate (json.loads of "\ud800") and U+FFFE/U+FFFF would make the GraphML unreadable.
    assert normalise_text("a\ud800b\udfffc\ufffed\uffff") == "a\ufffdb\ufffdc\ufffdd\ufffd"


def test_clean_field_is_one_line():
    assert clean_field("  report\n 2024\t\x01 ") == "report 2024"
    assert clean_field(17) == "17"


@pytest.mark.parametrize(
    "line",
    [
        "https://www.profitablecpmrate.com/s4wynci74?key=f3321622cc023173449e145c2ac0fa08",
        "<https://example.org/a/b>",
        "www.example.com/story",
        "Comments",
        "12 comments",
        "Leave a Comment",
        "Post a Comment",
        "Share this article",
        "Advertisement",
        "Read more:",
        "Related stories",
    ],
)
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "See https://example.org for the full report.",
        "Comments by the minister were reported.",
        "Share prices fell in Seoul.",
        "North Korea",
    ],
)
def test_lines_that_are_not_boilerplate(line):
    assert not is_boilerplate_line(line)


def test_url_only_and_comment_lines_dropped_from_text():
    text = "Putin Thanks Kim\n\nhttps://example.com/ad?x=1\n\nMoscow confirmed the deployment.\nLeave a Comment\n"
    paragraphs, has_headline = split_paragraphs(text)
    assert paragraphs == ["Putin Thanks Kim", "Moscow confirmed the deployment."]
    assert has_headline


def test_paragraphs_stay_paragraphs():
    # One paragraph per line (as many exports write) and blank-line separated paragraphs.
    per_line = "Kim met Putin in Moscow.\nThe talks lasted two days.\nSeoul protested."
    assert split_paragraphs(per_line)[0] == [
        "Kim met Putin in Moscow.",
        "The talks lasted two days.",
        "Seoul protested.",
    ]
    blank = "Kim met Putin.\n\nThe next paragraph, still\ngoing here.\n\n\nSecond one.\n   \nThird one."
    assert split_paragraphs(blank)[0] == [
        "Kim met Putin.",
        "The next paragraph, still going here.",
        "Second one.",
        "Third one.",
    ]


def test_headline_only_when_followed_by_body():
    assert split_paragraphs("Kim Visits Moscow\nHe arrived on Monday.") == (
        ["Kim Visits Moscow", "He arrived on Monday."],
        True,
    )
    assert split_paragraphs("He arrived on Monday.\nKim met Putin.") == (
        ["He arrived on Monday.", "Kim met Putin."],
        False,
    )
    assert split_paragraphs("Just a title") == (["Just a title"], False)


def test_nothing_left():
    assert split_paragraphs("") == ([], False)
    assert split_paragraphs(" \n\t\n\u00a0\u200b") == ([], False)
    assert split_paragraphs("https://example.com\nComments\n") == ([], False)
