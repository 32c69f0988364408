"""What resolution reads in the articles' text besides the mentions, per document.

Made where the text is: in this process for a local build, on the Dask workers for
``--scheduler`` (:func:`describe_chunk`), so the machine that resolves never needs the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..core.records import Document, DocumentContext, ExtractedDoc
from .junk import acronym_definition, place_qualifier, speaker_label
from .names import PLACE_CUES, cut_surname, has_capital, is_titlecase_headline, preceding_word

_THE_NAME = re.compile(r"\s*The\s")


def lower_word_counts(documents: Iterable[Document]) -> Counter:
    """How often the documents write each word in lower case ("state" is a common word)."""
    lower: Counter = Counter()
    for document in documents:
        for paragraph in document.paragraphs:
            lower.update(_LOWER_WORD.findall(paragraph))
    return lower


def document_context(document: Document, extracted: ExtractedDoc | None) -> DocumentContext:
    """What :func:`resolve` reads in ``document``'s text, for the mentions of ``extracted``."""
    # title-case lines (the headline, subheadings) only: spaCy reads sentence-case ones well
    headlines = frozenset(i for i, p in enumerate(document.paragraphs) if is_titlecase_headline(p))
    cues, mid, after, speakers, qualifies, capital, definitions = [], [], [], [], [], [], []
    previous = (-1, -1, -1)  # paragraph, end and index of the mention before
    for index, m in enumerate(extracted.mentions if extracted is not None else ()):
        sentence = extracted.sentences[m.sentence] if m.sentence < len(extracted.sentences) else None
        paragraph = sentence.paragraph if sentence else -1
        text = document.paragraphs[paragraph] if 0 <= paragraph < len(document.paragraphs) else None
        cues.append(text is not None and preceding_word(text, m.start) in PLACE_CUES)
        mid.append(
            text is not None
            and sentence is not None
            and _THE_NAME.match(m.text) is not None
            and _WORD.search(text, sentence.start, m.start) is not None
        )
        after.append(
            cut_surname(text, m.end)
            if text is not None and m.label == "PERSON" and paragraph not in headlines
            else None
        )
        if text is None:
            speakers.append(False)
            qualifies.append(-1)
            capital.append(False)
            definitions.append("")
            continue
        speakers.append(speaker_label(text, m.start, m.end))
        qualifies.append(
            previous[2] if previous[0] == paragraph and place_qualifier(text, previous[1], m.start) else -1
        )
        previous = (paragraph, m.end, index)
        before = _WORD_BEFORE_REVERSED.match(text[max(0, m.start - 40) : m.start][::-1])
        sentence_start = sentence.start if sentence is not None else 0
        word_start = m.start - before.end(1) if before is not None else -1
        capital.append(before is not None and text[word_start].isupper() and word_start > sentence_start)
        definitions.append(acronym_definition(text, m.start, m.end, sentence_start))
    return DocumentContext(
        document.id,
        headlines,
        has_capital(document.text[:5000]),
        tuple(cues),
        tuple(mid),
        tuple(after),
        tuple(speakers),
        tuple(qualifies),
        tuple(capital),
        tuple(definitions),
    )


#: the word right before a mention, on the same line of text: ([^\W\d_][\w'-]*)[ \t]+$ read on the
#: reversed window, anchored at its start, so a match costs the word's length rather than a search
#: from every position of the window (this runs once per mention); "\n?" is what "$" allows
_WORD_BEFORE_REVERSED = re.compile(r"\n?[ \t]+([\w'-]*[^\W\d_])")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_WORD = re.compile(r"\w")


def corpus_context(
    documents: Sequence[Document], extracted: Sequence[ExtractedDoc]
) -> tuple[list[DocumentContext], Counter]:
    """(the context of every document, their lower-case word counts): what :func:`resolve` reads
    in the text, for the records ``extracted`` from ``documents`` (matched by document id)."""
    by_id = {ed.doc_id: ed for ed in extracted}
    return [document_context(d, by_id.get(d.id)) for d in documents], lower_word_counts(documents)


def describe_chunk(documents: Sequence[Document], records: Sequence[ExtractedDoc]) -> tuple[list, Counter]:
    """(the context of every document, the documents' lower-case word counts): what
    :func:`~graphkit.resolution.resolve` reads in a chunk of documents, made where they are."""
    return corpus_context(documents, records)
