"""Human-checked facts about the five seed articles (same event, five outlets).

Each fact below was checked by reading the articles in seeds/.
"""

from __future__ import annotations

import networkx as nx
from conftest import node_by_label

from graphkit.graph.comention import parse_evidence

CONTRACT_NODE_ATTRS = {"label": str, "type": str, "mentions": int, "documents": int, "aliases": str, "doc_ids": str}
CONTRACT_EDGE_ATTRS = {"weight": int, "documents": int, "evidence": str}


def test_seeds_have_enough_entities(seeds_graph):
    assert seeds_graph.number_of_nodes() >= 30


def test_key_entities_are_nodes(seeds_graph):
    # Kim Jong Un (all five), Putin (003, 004), Gerasimov (003, 004), KCNA (000, 002, 003), Kursk (all five).
    for label in ("Kim Jong Un", "Vladimir Putin", "Valery Gerasimov", "KCNA", "Kursk"):
        assert node_by_label(seeds_graph, label) is not None, label


def test_kim_jong_un_and_kcna_are_co_mentioned(seeds_graph):
    # 003: "... citing an order from leader Kim Jong Un, in a report on state news agency KCNA."
    kim, kcna = node_by_label(seeds_graph, "Kim Jong Un"), node_by_label(seeds_graph, "KCNA")
    assert seeds_graph.has_edge(kim, kcna)
    evidence = parse_evidence(seeds_graph.edges[kim, kcna]["evidence"])
    assert evidence
    for doc_id, sentence in evidence:
        assert doc_id in seeds_graph.nodes[kim]["doc_ids"].split("|")
        assert "KCNA" in sentence


def test_no_surface_form_has_a_line_break(seeds_graph):
    for _, data in seeds_graph.nodes(data=True):
        assert "\n" not in data["label"]
        assert all("\n" not in alias for alias in data["aliases"].split("|"))


def test_contract_attributes_and_types(seeds_graph):
    for n, data in seeds_graph.nodes(data=True):
        for name, kind in CONTRACT_NODE_ATTRS.items():
            assert isinstance(data[name], kind), (n, name)
        assert data["mentions"] >= data["documents"] >= 1
        assert len(data["doc_ids"].split("|")) == data["documents"]
    for a, b, data in seeds_graph.edges(data=True):
        for name, kind in CONTRACT_EDGE_ATTRS.items():
            assert isinstance(data[name], kind), (a, b, name)
        assert data["weight"] >= data["documents"] >= 1


def test_node_ids_are_xml_names(seeds_graph):
    import re

    for n in seeds_graph.nodes:
        assert re.fullmatch(r"[^\W\d][\w.-]*", n), n


def test_evidence_names_both_ends(seeds_graph):
    """Every evidence snippet comes from a document both entities appear in."""
    for a, b, data in seeds_graph.edges(data=True):
        docs_a = set(seeds_graph.nodes[a]["doc_ids"].split("|"))
        docs_b = set(seeds_graph.nodes[b]["doc_ids"].split("|"))
        for doc_id, sentence in parse_evidence(data["evidence"]):
            assert doc_id in docs_a & docs_b
            assert sentence.strip()


def test_graph_is_plain_and_simple(seeds_graph):
    assert type(seeds_graph) is nx.Graph
    assert nx.number_of_selfloops(seeds_graph) == 0
