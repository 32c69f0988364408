"""Named-entity recognition with spaCy: documents in, plain records out (no spaCy objects).

Paragraphs are fed to ``nlp.pipe`` in batches, so sentences never cross paragraph boundaries and
a long article does not become one huge spaCy Doc. Documents are processed in chunks inside
``nlp.memory_zone()`` so memory stays flat on long runs. The records are what the extraction
cache (graphkit.caches) stores and the runners (graphkit.extraction.runners, .cluster) return.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from ..core.records import Document, ExtractedDoc, Mention, Quote, Relation, Role, Sentence
from .casing import restore_case
from .models import (
    DEFAULT_MODEL,
    DEFAULT_RELATIONS,
    DEFAULT_TYPES,
    load_pipeline,
    reads_relations,
    set_aside_lemmatizer,
)

#: paragraphs per nlp.pipe batch: 32-128 measured fastest on CPU, 1000 (spaCy's default) ~7% slower.
DEFAULT_BATCH_SIZE = 128
#: documents per memory zone, per worker task and per cache commit.
DOCS_PER_CHUNK = 64
#: paragraphs longer than this are cut (at a sentence end when possible) before spaCy sees them.
MAX_CHUNK_CHARS = 50_000
#: bump when the records or the way text is fed to spaCy change: old cache entries then miss.
#: 2: ALL-CAPS text is case-restored before NER (graphkit.extraction.casing).
RECORD_VERSION = 2
#: bump when the relation, role or quote rules change (graphkit.extraction.relations, .quotes):
#: records read with relations then miss; records read without them stay valid.
#: 2: no place or body before a speaker's noun or title is the speaker ("US official said"); no
#: day, number or capitalised first word is part of a title before a name ("on Friday President").
#: 3: a verb under "fail", "refuse", "decline", "neglect" or "deny" is negated; "fined" is of "fine";
#: a possessor is tied through what it owns ("win caucus of"); a passive verb's inherited subject is
#: no doer; "he" is not the person his quote names; a role keeps its hyphenated and "former" words.
#: 4: a quote later in the sentence of an attributed one is not that speaker's; "call" attributes;
#: a plural noun is no one person's role; no relation through "unlike", "despite", "except"...
#: 5: a preposition on the verb takes the verb's object noun along ("take shot at", "pay tribute to").
#: 6: no relation or role for what the text does not say happened (asked for, planned, claimed,
#: possible, conditional: relations.unasserted); subjects sharing a verb with an object are not tied.
#: 7: a quote in the clause of a speech verb before it is that verb's subject's.
RELATIONS_VERSION = 7


def settings_key(max_chunk_chars: int = MAX_CHUNK_CHARS, relations: bool = False) -> str:
    """The extraction settings that change the records (the entity types do not: they filter),
    and whether (and by which rules) relations, roles and quotes were read."""
    key = f"records-v{RECORD_VERSION};max_chunk_chars={max_chunk_chars}"
    return key + (f";relations-v{RELATIONS_VERSION}" if relations else "")


def _chunks(paragraph: str, limit: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, text) pieces of at most ``limit`` characters, cut after a sentence end if possible."""
    start = 0
    while len(paragraph) - start > limit:
        cut = paragraph.rfind(". ", start, start + limit)
        if cut <= start:
            cut = paragraph.rfind(" ", start, start + limit)
        cut = start + limit if cut <= start else cut + 1
        yield start, paragraph[start:cut]
        start = cut
    yield start, paragraph[start:]


def iter_extract(
    documents: Iterable[Document],
    nlp,
    *,
    types: Iterable[str] | None = DEFAULT_TYPES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_document: Callable[[Document], None] | None = None,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
    case_restore: bool = True,
) -> Iterator[ExtractedDoc]:
    """Run NER over documents, yielding one ExtractedDoc per document in input order.

    ``types=None`` keeps every entity label (what the cache stores). The caller owns memory
    zones: spaCy objects never leave this function, so it can run inside ``nlp.memory_zone()``.
    Text in capitals is case-restored for spaCy (``case_restore``, graphkit.extraction.casing); a
    mention's text is then the restored spelling ("London" for "LONDON"), its offsets the original's.
    When the pipeline parses (``load_pipeline(..., relations=True)``) the records carry the
    relations, roles and quotes of graphkit.extraction.relations too.
    """
    wanted = None if types is None else set(types)
    relations_on = reads_relations(nlp)
    lemmatizer = set_aside_lemmatizer(nlp) if relations_on else None
    docs = list(documents) if not isinstance(documents, list) else documents
    stop_words = frozenset(getattr(getattr(nlp, "Defaults", None), "stop_words", ()))

    def pieces():
        for d_index, doc in enumerate(docs):
            paragraphs = restore_case(doc.paragraphs, stop_words) if case_restore else doc.paragraphs
            for p_index, paragraph in enumerate(paragraphs):
                for offset, text in _chunks(paragraph, max_chunk_chars):
                    yield text, (d_index, p_index, offset)

    current: int | None = None
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    relations: list[Relation] = []
    roles: list[Role] = []
    quotes: list[Quote] = []

    def finish(d_index: int) -> ExtractedDoc:
        if on_document is not None:
            on_document(docs[d_index])
        return ExtractedDoc(
            docs[d_index].id, tuple(sentences), tuple(mentions), tuple(relations), tuple(roles), tuple(quotes)
        )

    for sdoc, (d_index, p_index, offset) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if current is not None and d_index != current:
            # every Document has at least one paragraph, so documents arrive one after another
            yield finish(current)
            sentences, mentions, relations, roles, quotes = [], [], [], [], []
        current = d_index
        first_sentence = len(sentences)
        sent_starts = []
        for sent in sdoc.sents:
            sent_starts.append(sent.start)
            sentences.append(Sentence(p_index, offset + sent.start_char, offset + sent.end_char))
        mention_of: dict[int, int] = {}  # index in sdoc.ents -> index in mentions
        for k, ent in enumerate(sdoc.ents):
            if wanted is not None and ent.label_ not in wanted:
                continue
            s = first_sentence + max(0, bisect_right(sent_starts, ent.start) - 1)
            mention_of[k] = len(mentions)
            mentions.append(Mention(ent.text, ent.label_, s, offset + ent.start_char, offset + ent.end_char))
        if relations_on and mention_of:
            _add_relations(sdoc, lemmatizer, mention_of, relations, roles, quotes)
    if current is not None:
        yield finish(current)


def _add_relations(sdoc, lemmatizer, mention_of, relations, roles, quotes) -> None:
    """Relations, roles and quotes of one parsed paragraph, on the document's mention indexes."""
    from .paragraph import analyse_paragraph

    found, found_roles, found_quotes = analyse_paragraph(sdoc, lemmatizer)
    for a, b, phrase, directed in found:
        if a in mention_of and b in mention_of:
            relations.append(Relation(mention_of[a], mention_of[b], phrase, directed))
    roles.extend(Role(mention_of[k], text) for k, text in found_roles if k in mention_of)
    quotes.extend(Quote(mention_of[k], text) for k, text in found_quotes if k in mention_of)


def filter_types(extracted: ExtractedDoc, types: Iterable[str] | None, doc_id: str | None = None) -> ExtractedDoc:
    """The record with only mentions of ``types`` (all when None), under ``doc_id`` if given.

    Relations, roles and quotes follow their mentions: those of a dropped mention go too.
    """
    wanted = None if types is None else set(types)
    doc_id = extracted.doc_id if doc_id is None else doc_id
    if wanted is None:
        return extracted if doc_id == extracted.doc_id else replace(extracted, doc_id=doc_id)
    new_index: dict[int, int] = {}
    mentions = []
    for i, m in enumerate(extracted.mentions):
        if m.label in wanted:
            new_index[i] = len(mentions)
            mentions.append(m)
    relations = tuple(
        Relation(new_index[r.source], new_index[r.target], r.phrase, r.directed)
        for r in extracted.relations
        if r.source in new_index and r.target in new_index
    )
    roles = tuple(Role(new_index[r.mention], r.text) for r in extracted.roles if r.mention in new_index)
    quotes = tuple(Quote(new_index[q.speaker], q.text) for q in extracted.quotes if q.speaker in new_index)
    return ExtractedDoc(doc_id, extracted.sentences, tuple(mentions), relations, roles, quotes)


def _memory_zone(nlp):
    zone = getattr(nlp, "memory_zone", None)  # spaCy >= 3.8
    return zone() if zone is not None else contextlib.nullcontext()


def extract_chunk(
    documents: Sequence[Document], nlp, *, batch_size: int = DEFAULT_BATCH_SIZE, max_chunk_chars: int = MAX_CHUNK_CHARS
) -> list[ExtractedDoc]:
    """All entity labels of a few documents, inside a memory zone (what workers and the cache use)."""
    with _memory_zone(nlp):
        return list(
            iter_extract(list(documents), nlp, types=None, batch_size=batch_size, max_chunk_chars=max_chunk_chars)
        )


def extract(
    documents: Sequence[Document],
    nlp=None,
    *,
    model: str = DEFAULT_MODEL,
    relations: bool = DEFAULT_RELATIONS,
    **kwargs,
) -> list[ExtractedDoc]:
    """Extract mentions (and relations) from every document (loads ``model`` unless ``nlp`` is given)."""
    nlp = nlp if nlp is not None else load_pipeline(model, relations)
    return list(iter_extract(list(documents), nlp, **kwargs))
