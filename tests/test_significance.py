"""Edge significance (npmi, disparity) and the backbone, checked against values worked out by hand."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graphkit.core.records import Document, Entity, ExtractedDoc, Mention, Resolution, Sentence
from graphkit.graph.comention import comention_graph
from graphkit.graph.significance import add_significance, backbone, backbone_edges, disparity, document_windows, npmi


def hand_graph() -> nx.Graph:
    """A-B 4, A-C 1, A-D 1, B-C 2.

    strength/degree: A 6/3, B 6/2, C 3/2, D 1/1.
    disparity (1 - w/s)^(k-1), smaller end:
      A-B: A (1-4/6)^2 = 1/9,  B (1-4/6)^1 = 1/3        -> 1/9
      A-C: A (1-1/6)^2 = 25/36, C (1-1/3)^1 = 2/3       -> 2/3
      A-D: A 25/36, D has one link -> 1                  -> 25/36
      B-C: B (1-2/6)^1 = 2/3,  C (1-2/3)^1 = 1/3        -> 1/3
    """
    g = nx.Graph()
    g.add_edge("A", "B", weight=4)
    g.add_edge("A", "C", weight=1)
    g.add_edge("A", "D", weight=1)
    g.add_edge("B", "C", weight=2)
    return g


def test_disparity_by_hand():
    p = {tuple(sorted(edge)): value for edge, value in disparity(hand_graph()).items()}
    assert p[("A", "B")] == pytest.approx(1 / 9)
    assert p[("A", "C")] == pytest.approx(2 / 3)
    assert p[("A", "D")] == pytest.approx(25 / 36)
    assert p[("B", "C")] == pytest.approx(1 / 3)


def test_npmi_by_hand():
    # 10 windows, A in 6, B in 5, together in 4: ln(0.4 / (0.6 * 0.5)) / -ln(0.4)
    assert npmi(4, 6, 5, 10) == pytest.approx(math.log(4 / 3) / -math.log(0.4))
    assert npmi(4, 6, 5, 10) == pytest.approx(0.313964, abs=1e-6)
    assert npmi(2, 2, 2, 10) == pytest.approx(1.0)  # only ever together
    assert npmi(1, 5, 2, 10) == pytest.approx(0.0)  # exactly as often as chance: 0.1 = 0.5 * 0.2
    assert npmi(3, 3, 10, 10) == pytest.approx(0.0)  # B is in every window: says nothing about A
    assert npmi(3, 3, 3, 3) == 1.0  # together in every window


def test_backbone_by_hand():
    g = hand_graph()
    # below 0.2 only A-B (1/9); the maximum spanning forest adds B-C (2) and one weight-1 edge to
    # reach D: A-C and A-D tie on weight, A-C is more significant but closes the cycle A-B-C, so A-D
    kept = {tuple(sorted(e)) for e in backbone_edges(g, 0.2)}
    assert kept == {("A", "B"), ("B", "C"), ("A", "D")}
    thin = backbone(g, 0.2)
    assert sorted(thin.nodes) == ["A", "B", "C", "D"] and nx.is_connected(thin)
    assert thin.graph["backbone"] == 0.2 and thin.graph["backbone_of_edges"] == 4
    assert g.number_of_edges() == 4  # the caller's graph is not changed
    # at 0.5 B-C (1/3) passes on its own; A-C (2/3) and A-D (25/36) do not, the forest adds A-D
    assert {tuple(sorted(e)) for e in backbone_edges(g, 0.5)} == {("A", "B"), ("B", "C"), ("A", "D")}
    assert {tuple(sorted(e)) for e in backbone_edges(g, 1.0)} == {("A", "B"), ("B", "C"), ("A", "C"), ("A", "D")}
    with pytest.raises(ValueError):
        backbone(g, 0)


def test_backbone_keeps_every_component_connected():
    g = nx.barbell_graph(6, 3)
    for i, (a, b) in enumerate(sorted(g.edges)):
        g.edges[a, b]["weight"] = 1 + (i * 7) % 5
    g.add_edge("x", "y", weight=1)  # a second component: an isolated pair
    thin = backbone(g, 0.01)
    assert nx.number_connected_components(thin) == nx.number_connected_components(g) == 2
    assert thin.number_of_edges() < g.number_of_edges()


def _doc(doc_id, sentences):
    """A document whose sentences each hold the given entity labels (one paragraph per two sentences)."""
    paragraphs, sents, mentions = [], [], []
    for i, names in enumerate(sentences):
        text = " ".join(names) + "."
        paragraphs.append(text) if i % 2 == 0 else None
        p = len(paragraphs) - 1
        if i % 2:
            offset = len(paragraphs[p]) + 1
            paragraphs[p] += " " + text
        else:
            offset = 0
        sents.append(Sentence(p, offset, offset + len(text)))
        pos = offset
        for name in names:
            mentions.append(Mention(name, "PERSON", i, pos, pos + len(name)))
            pos += len(name) + 1
    return Document(doc_id, tuple(paragraphs)), ExtractedDoc(doc_id, tuple(sents), tuple(mentions))


def test_comention_graph_counts_windows_for_npmi():
    # doc1: [A B] [A] [C] [] ; doc2: [A B C] [B]  -> 6 sentence windows
    d1, e1 = _doc("d1", [["Ann", "Bob"], ["Ann"], ["Cy"], []])
    d2, e2 = _doc("d2", [["Ann", "Bob", "Cy"], ["Bob"]])
    ids = {"Ann": "a", "Bob": "b", "Cy": "c"}
    entities = {v: Entity(v, k, "PERSON", {k: 1}, set()) for k, v in ids.items()}
    assignments = {e.doc_id: [ids[m.text] for m in e.mentions] for e in (e1, e2)}
    g = comention_graph([d1, d2], [e1, e2], Resolution(entities, assignments))
    assert g.graph["windows"] == 6
    assert {n: g.nodes[n]["windows"] for n in g} == {"a": 3, "b": 3, "c": 2}
    # A-B together in 2 of 6 windows, A in 3, B in 3: ln((2/6)/(1/4)) / -ln(2/6)
    assert g.edges["a", "b"]["npmi"] == pytest.approx(math.log(4 / 3) / math.log(3), abs=1e-7)
    # B-C once, B in 3, C in 2: ln((1/6)/(1/6)) = 0
    assert g.edges["b", "c"]["npmi"] == pytest.approx(0.0, abs=1e-7)
    gp = comention_graph([d1, d2], [e1, e2], Resolution(entities, assignments), window="paragraph")
    # d1 paragraph 0 = sentences 0,1 (A B, A); paragraph 1 = sentences 2,3 (C); d2 paragraph 0 = all
    assert gp.graph["windows"] == 3
    assert {n: gp.nodes[n]["windows"] for n in gp} == {"a": 2, "b": 2, "c": 2}
    counts, total = document_windows(e1, [ids[m.text] for m in e1.mentions], "document")
    assert (dict(counts), total) == ({"a": 1, "b": 1, "c": 1}, 1)
    # disparity in the built graph: a-b 2, a-c 1, b-c 1; strength a 3, b 3, c 2, every degree 2
    # a-b: (1 - 2/3) = 1/3 from both ends; a-c: a (1 - 1/3) = 2/3, c (1 - 1/2) = 1/2 -> 1/2
    assert g.edges["a", "b"]["disparity"] == pytest.approx(1 / 3)
    assert g.edges["a", "c"]["disparity"] == pytest.approx(1 / 2)


def test_add_significance_on_a_user_graph():
    g = add_significance(hand_graph(), {"A": 6, "B": 5, "C": 3, "D": 1}, 10)
    assert g.edges["A", "B"]["npmi"] == pytest.approx(0.313964, abs=1e-6)
    assert g.edges["A", "B"]["disparity"] == pytest.approx(1 / 9)
