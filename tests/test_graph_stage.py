"""The co-mention stage on hand-made records: windows, weights, documents, evidence."""

from __future__ import annotations

import pytest

from graphkit.core.records import Document, Entity, ExtractedDoc, Mention, Resolution, Sentence
from graphkit.graph.comention import comention_graph, format_evidence, parse_evidence

# doc "a": paragraph 0 = two sentences, paragraph 1 = one sentence
PARAS_A = ("Alice met Bob in Paris. Carol stayed home.", "Alice and Carol spoke.")
DOC_A = Document("a", PARAS_A)
SENTS_A = (Sentence(0, 0, 23), Sentence(0, 24, 42), Sentence(1, 0, 22))
MENTIONS_A = (
    Mention("Alice", "PERSON", 0, 0, 5),
    Mention("Bob", "PERSON", 0, 10, 13),
    Mention("Paris", "GPE", 0, 17, 22),
    Mention("Carol", "PERSON", 1, 24, 29),
    Mention("Alice", "PERSON", 2, 0, 5),
    Mention("Carol", "PERSON", 2, 10, 15),
)
DOC_B = Document("b", ("Bob flew to Paris.",), meta={"title": "Flight", "url": "https://example.org/b"})
SENTS_B = (Sentence(0, 0, 18),)
MENTIONS_B = (Mention("Bob", "PERSON", 0, 0, 3), Mention("Paris", "GPE", 0, 12, 17))


def _resolution():
    ents = {
        "alice": Entity("alice", "Alice", "PERSON", {"Alice": 2}, {"a"}),
        "bob": Entity("bob", "Bob", "PERSON", {"Bob": 2}, {"a", "b"}),
        "paris": Entity("paris", "Paris", "GPE", {"Paris": 2}, {"a", "b"}),
        "carol": Entity("carol", "Carol", "PERSON", {"Carol": 2}, {"a"}),
    }
    assignments = {
        "a": ["alice", "bob", "paris", "carol", "alice", "carol"],
        "b": ["bob", "paris"],
    }
    return Resolution(ents, assignments)


def _graph(**kw):
    extracted = [ExtractedDoc("a", SENTS_A, MENTIONS_A), ExtractedDoc("b", SENTS_B, MENTIONS_B)]
    return comention_graph([DOC_A, DOC_B], extracted, _resolution(), **kw)


def test_sentence_window():
    g = _graph()
    assert sorted(tuple(sorted(e)) for e in g.edges) == [
        ("alice", "bob"),
        ("alice", "carol"),
        ("alice", "paris"),
        ("bob", "paris"),
    ]
    assert g.edges["bob", "paris"]["weight"] == 2  # sentence 0 of a, sentence 0 of b
    assert g.edges["bob", "paris"]["documents"] == 2
    assert g.edges["alice", "carol"]["weight"] == 1  # only "Alice and Carol spoke."
    assert parse_evidence(g.edges["alice", "carol"]["evidence"]) == [("a", "Alice and Carol spoke.")]


def test_paragraph_window_counts_windows_not_mentions():
    g = _graph(window="paragraph")
    # paragraph 0 holds Alice, Bob, Paris, Carol; paragraph 1 Alice, Carol
    assert g.edges["alice", "carol"]["weight"] == 2
    assert g.edges["bob", "carol"]["weight"] == 1
    assert g.edges["alice", "carol"]["documents"] == 1


def test_document_window():
    g = _graph(window="document")
    assert g.edges["alice", "carol"]["weight"] == 1
    assert g.edges["bob", "paris"]["weight"] == 2


def test_evidence_prefers_different_documents():
    g = _graph()
    docs = [d for d, _ in parse_evidence(g.edges["bob", "paris"]["evidence"])]
    assert docs == ["a", "b"]


def test_filters():
    g = _graph(min_weight=2)
    assert list(g.edges) == [("bob", "paris")]
    assert set(g.nodes) == {"alice", "bob", "carol", "paris"}  # nodes stay, edges go
    g = _graph(min_mentions=3)
    assert g.number_of_nodes() == 0


def test_documents_metadata_for_cited_docs():
    import json

    g = _graph()
    meta = json.loads(g.graph["documents_json"])
    assert meta == {"b": {"title": "Flight", "url": "https://example.org/b"}}


def test_bad_window():
    with pytest.raises(ValueError, match="window"):
        _graph(window="chapter")


def test_evidence_format_round_trip():
    items = [("doc 1", "He said [sic] so."), ("x/y", "Second ] one.")]
    assert parse_evidence(format_evidence(items)) == items


def test_document_ids_cannot_break_evidence_lines():
    from graphkit.reading.documents import make_document

    doc = make_document("AP] 2024 [wire]", "Kim met Putin in Moscow.")
    line = format_evidence([(doc.id, "Kim met Putin in Moscow.")])
    assert parse_evidence(line) == [(doc.id, "Kim met Putin in Moscow.")]
    assert doc.id.startswith("AP]") and "] " not in doc.id


def test_a_long_sentence_is_cut_between_words_around_the_two_mentions():
    """Evidence from a sentence longer than MAX_SNIPPET_CHARS is cut around the two names, between
    words (it used to cut at a character count: "… former US Vice President Joe Bid …")."""
    from graphkit.graph.evidence_text import MAX_SNIPPET_CHARS

    filler = "and then the committee of several members discussed the budget at length "
    text = filler * 6 + "Alice met Bob in Paris. " + filler * 6
    assert len(text) > 2 * MAX_SNIPPET_CHARS
    a, b = text.index("Alice"), text.index("Bob")
    doc = Document("long", (text,))
    extracted = ExtractedDoc(
        "long",
        (Sentence(0, 0, len(text)),),
        (Mention("Alice", "PERSON", 0, a, a + 5), Mention("Bob", "PERSON", 0, b, b + 3)),
    )
    res = Resolution(
        {
            "alice": Entity("alice", "Alice", "PERSON", {"Alice": 1}, {"long"}),
            "bob": Entity("bob", "Bob", "PERSON", {"Bob": 1}, {"long"}),
        },
        {"long": ["alice", "bob"]},
    )
    ((_, snippet),) = parse_evidence(comention_graph([doc], [extracted], res).edges["alice", "bob"]["evidence"])
    assert snippet.startswith("… ") and snippet.endswith(" …")
    inner = snippet[2:-2]
    assert "Alice met Bob in Paris." in inner and len(inner) < len(text)
    assert set(inner.split()) <= set(text.split())  # whole words only


def test_evidence_keeps_a_sentence_stating_the_relation_from_a_later_document():
    """Four articles name Alice and Bob; the fourth alone says how they are tied ("met"). The three
    sentences kept came from the first three articles, so the link listed "meet" with no sentence
    saying it. The fourth's sentence now takes the third's place, whichever way the tallies are
    merged (in order, or as a Dask tree does)."""
    from graphkit.core.records import Relation
    from graphkit.graph.comention import count_document, merge_counts

    docs, records = [], []
    for n, text in enumerate(["Alice and Bob.", "Alice saw Bob.", "Bob and Alice.", "Alice met Bob."]):
        doc_id = f"d{n}"
        a_start = text.index("Alice")
        b_start = text.index("Bob")
        mentions = (
            Mention("Alice", "PERSON", 0, a_start, a_start + 5),
            Mention("Bob", "PERSON", 0, b_start, b_start + 3),
        )
        relations = (Relation(0, 1, "meet", True),) if "met" in text else ()
        docs.append(Document(doc_id, (text,)))
        records.append(ExtractedDoc(doc_id, (Sentence(0, 0, len(text)),), mentions, relations))
    res = Resolution(
        {
            "alice": Entity("alice", "Alice", "PERSON", {"Alice": 4}, {d.id for d in docs}),
            "bob": Entity("bob", "Bob", "PERSON", {"Bob": 4}, {d.id for d in docs}),
        },
        {d.id: ["alice", "bob"] for d in docs},
    )
    g = comention_graph(docs, records, res, relations=True)
    cited = [doc_id for doc_id, _ in parse_evidence(g.edges["alice", "bob"]["evidence"])]
    assert cited == ["d0", "d1", "d3"] and g.edges["alice", "bob"]["weight"] == 4
    assert g.edges["alice", "bob"]["evidence_relations"].split("\n") == ["", "", "meet"]
    # a tree of merges (two halves, then together) keeps the same documents
    tallies = [count_document(d, r, ["alice", "bob"]) for d, r in zip(docs, records)]
    left, right = merge_counts(tallies[0], tallies[1]), merge_counts(tallies[2], tallies[3])
    assert list(merge_counts(left, right)[("alice", "bob")][2]) == ["d0", "d1", "d3"]
