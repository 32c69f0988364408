"""Text in capitals made readable to NER (graphkit.extraction.casing), and what NER then finds."""

from __future__ import annotations

from graphkit.core.records import Document
from graphkit.extraction.casing import case_vocabulary, restore_case
from graphkit.extraction.ner import iter_extract

STOP = frozenset({"said", "on", "the", "that", "in", "would", "and", "of"})


def test_normal_text_is_left_alone():
    paragraphs = ["The US and NATO met in Brussels on Monday.", "WHO officials said the UN agreed."]
    assert restore_case(paragraphs, STOP) == paragraphs


def test_capitals_take_the_article_own_spelling_and_keep_their_length():
    paragraphs = [
        "PRIME MINISTER THERESA MAY SAID ON MONDAY THAT NATO TALKS WOULD GO ON IN BRUSSELS",
        "Theresa May told NATO ministers in Brussels that talks would go on.",
    ]
    restored = restore_case(paragraphs, STOP)
    assert restored[0] == "Prime Minister Theresa May said on Monday that NATO talks would go on in Brussels"
    assert restored[1] == paragraphs[1]
    assert [len(p) for p in restored] == [len(p) for p in paragraphs]


def test_unknown_words_stop_words_and_short_acronyms():
    (restored,) = restore_case(["OFFICIALS OF THE FBI SAID THE STORM HIT GALVESTON"], STOP)
    # stop words lower case, unknown words capitalised, unknown three-letter words kept ("FBI", and
    # also "HIT": the price of keeping acronyms)
    assert restored == "Officials of the FBI said the Storm HIT Galveston"


def test_datelines_are_restored_but_not_an_acronym_being_spelt_out():
    paragraphs = [
        "LONDON (Reuters) - Britain said on Monday it would talk.",
        "NEW YORK, March 3 - Stocks fell.",
        "ONEMI (the national emergency office) reported no damage.",
    ]
    restored = restore_case(paragraphs, STOP)
    assert restored[0].startswith("London (Reuters) - ")
    assert restored[1].startswith("New York, March 3")
    assert restored[2] == paragraphs[2]


def test_vocabulary_ignores_text_in_capitals_and_datelines():
    vocabulary = case_vocabulary(["LONDON (Reuters) - Talks went on in London.", "ALL OF THIS IS IN CAPITALS NOW"])
    assert vocabulary["london"] == "London" and vocabulary["talks"] == "Talks"
    assert "capitals" not in vocabulary


def test_ner_finds_names_written_in_capitals(nlp):
    doc = Document(
        "caps",
        (
            "Flood talks",
            "GERMAN CHANCELLOR ANGELA MERKEL MET FRENCH PRESIDENT EMMANUEL MACRON IN BERLIN ON TUESDAY",
            "Merkel and Macron agreed to share the cost of the flood defences, officials in Berlin said.",
        ),
        has_headline=True,
    )
    (plain,) = iter_extract([doc], nlp, case_restore=False)
    (restored,) = iter_extract([doc], nlp)

    def lead(record):
        return {(m.text, m.label) for m in record.mentions if record.sentences[m.sentence].paragraph == 1}

    found = lead(restored)
    assert {("Angela Merkel", "PERSON"), ("Emmanuel Macron", "PERSON"), ("Berlin", "GPE")} <= found
    assert len(found) > len(lead(plain))
    # offsets are the original text's: the evidence reads the capitals where they are
    for m in restored.mentions:
        paragraph = doc.paragraphs[restored.sentences[m.sentence].paragraph]
        assert paragraph[m.start : m.end].casefold() == m.text.casefold()
