"""Relations, roles and quotes in every export, read back by the formats' real readers; the cache,
the records and ``--no-relations``."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
from conftest import node_by_label
from lxml import etree

from graphkit.caches.extraction import decode_record, encode_record
from graphkit.extraction.models import plan_pipeline
from graphkit.extraction.ner import filter_types, settings_key
from graphkit.graph.relation_attributes import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, parse_quotes, parse_relations
from graphkit.pipeline import write_outputs


def _check(nodes: dict, edges: dict, yang, zelensky, trump):
    """Yang's role and quotes; the Zelensky-Trump meeting with its direction."""
    assert "president of University of North Korean Studies" in nodes[yang]["roles"].split("|")
    quotes = parse_quotes(nodes[yang]["quotes"])
    assert quotes[0][0] == "000_241f8b6d09b44f10"
    assert quotes[0][1].startswith("The two countries agreed to disclose the deployment")
    edge = edges[frozenset((zelensky, trump))]
    assert parse_relations(edge) == [("meet with", zelensky)]
    assert edge["evidence_relations"].split("\n")[0] == "meet with"


def test_every_format_carries_relations_roles_and_quotes(seeds_relations_result, tmp_path):
    g = seeds_relations_result.graph
    yang, zelensky, trump = (node_by_label(g, n) for n in ("Yang Mu-jin", "Volodymyr Zelensky", "Donald J. Trump"))
    write_outputs(g, tmp_path, formats=["graphml", "gexf", "csv", "json"])
    for reader in (nx.read_graphml, nx.read_gexf):
        back = reader(tmp_path / ("graph.graphml" if reader is nx.read_graphml else "graph.gexf"))
        if reader is nx.read_gexf:  # networkx keys GEXF nodes by id, attributes as written
            assert set(back.nodes) == set(g.nodes)
        _check(
            dict(back.nodes(data=True)),
            {frozenset((u, v)): d for u, v, d in back.edges(data=True)},
            yang,
            zelensky,
            trump,
        )
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="edges")
    _check(
        dict(back.nodes(data=True)), {frozenset((u, v)): d for u, v, d in back.edges(data=True)}, yang, zelensky, trump
    )
    nodes = pd.read_csv(tmp_path / "graph.nodes.csv", keep_default_na=False).set_index("id")
    edges = pd.read_csv(tmp_path / "graph.edges.csv", keep_default_na=False)
    _check(
        nodes.to_dict("index"),
        {frozenset((r["source"], r["target"])): r for r in edges.to_dict("records")},
        yang,
        zelensky,
        trump,
    )
    keys = etree.parse(str(tmp_path / "graph.graphml")).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    typed = {k.get("attr.name"): k.get("attr.type") for k in keys}
    assert all(typed[a] == "string" for a in EDGE_ATTRIBUTES + NODE_ATTRIBUTES)


def test_a_build_without_relations_is_the_plain_cooccurrence_graph(seeds_result, seeds_relations_result):
    plain, rich = seeds_result.graph, seeds_relations_result.graph
    for _, d in plain.nodes(data=True):
        assert not set(NODE_ATTRIBUTES) & set(d)
    for *_, d in plain.edges(data=True):
        assert not set(EDGE_ATTRIBUTES) & set(d)
    # the seeds' sentences are the same from the parser as from the sentence model, so the
    # relations only add attributes: nodes, edges, weights and evidence are those of the plain graph
    assert set(plain.nodes) == set(rich.nodes) and set(plain.edges) == set(rich.edges)
    for u, v, d in plain.edges(data=True):
        assert (d["weight"], d["documents"]) == (rich.edges[u, v]["weight"], rich.edges[u, v]["documents"])


def test_no_relations_loads_only_what_ner_needs():
    assert plan_pipeline("en_core_web_sm").components == ("senter", "ner")
    rich = plan_pipeline("en_core_web_sm", relations=True)
    assert rich.relations and "parser" in rich.components and "senter" not in rich.components
    assert settings_key(relations=True) != settings_key(relations=False)


def test_records_keep_relations_through_the_cache_and_the_type_filter(seeds_relations_result):
    for record in seeds_relations_result.extracted:
        assert decode_record(encode_record(record), record.doc_id) == record
    record = next(r for r in seeds_relations_result.extracted if r.doc_id.startswith("004"))
    people = filter_types(record, ["PERSON"])
    names = [m.text for m in people.mentions]
    assert all(m.label == "PERSON" for m in people.mentions)
    assert ("Volodymyr Zelensky", "Trump", "meet with") in {
        (names[r.source], names[r.target], r.phrase) for r in people.relations
    }
    assert {names[r.mention] for r in people.roles} >= {"Hong Min", "Doo Jin-ho"}


def test_ftm_and_neo4j_carry_relations_roles_and_quotes(seeds_relations_result, tmp_path):
    """FtM: a person's roles as ``position``, quotes as ``notes``, a link's relations as its ``role``,
    all kept by followthemoney's own cleaning; Neo4j: the attributes as columns, loaded into Kùzu."""
    from followthemoney import model
    from neo4j_csv import load_into_kuzu

    r = seeds_relations_result
    g = r.graph
    yang, zelensky, trump = (node_by_label(g, n) for n in ("Yang Mu-jin", "Volodymyr Zelensky", "Donald J. Trump"))
    write_outputs(g, tmp_path, formats=["ftm", "neo4j"], documents=r.documents_meta())
    entities = [json.loads(line) for line in (tmp_path / "graph.ftm.json").read_text(encoding="utf-8").splitlines()]
    by_id = {e["id"]: e for e in entities}
    person = model.get_proxy(by_id[yang], cleaned=False)
    assert "president of University of North Korean Studies" in person.get("position")
    [notes] = person.get("notes")
    assert notes == g.nodes[yang]["quotes"] and "The two countries agreed to disclose" in notes
    [tie] = [
        e
        for e in entities
        if e["schema"] == "UnknownLink"
        and {*e["properties"]["subject"], *e["properties"]["object"]} == {zelensky, trump}
    ]
    assert tie["properties"]["role"] == ["meet with"]
    plain = [e for e in entities if e["schema"] == "UnknownLink" and e["properties"]["role"] == ["co-mentioned"]]
    assert plain, "links whose sentences state no relation say so"
    conn = load_into_kuzu(
        tmp_path / "graph.neo4j", ["entities.csv", "documents.csv"], ["co_mentioned.csv", "mentioned_in.csv"]
    )
    roles, quotes = conn.execute("MATCH (n:Entity {id: $id}) RETURN n.roles, n.quotes", {"id": yang}).get_next()
    assert (roles, quotes) == (g.nodes[yang]["roles"], g.nodes[yang]["quotes"])
    a, b = sorted([zelensky, trump])
    relations, sources = conn.execute(
        "MATCH (a:Entity {id: $a})-[r:CO_MENTIONED]-(b:Entity {id: $b}) RETURN r.relations, r.relation_sources",
        {"a": a, "b": b},
    ).get_next()
    assert (relations, sources) == ("meet with", zelensky)


def test_a_role_written_with_its_country_in_another_order_or_spelling_is_one_role():
    """ "US President", "U.S. President", "president of the United States": one role, named by the
    spelling used most; "Secretary of State" names no country and stays as it is."""
    from graphkit.core.records import ExtractedDoc, Mention, Resolution, Role, Sentence
    from graphkit.graph.relation_attributes import people_attributes

    said = ["US President", "U.S. President", "US President", "president of the United States", "Secretary of State"]
    docs = [
        ExtractedDoc(
            f"d{i}", (Sentence(0, 0, 20),), (Mention("Barack Obama", "PERSON", 0, 0, 12),), roles=(Role(0, r),)
        )
        for i, r in enumerate(said)
    ]
    resolution = Resolution({}, {d.doc_id: ["person-obama"] for d in docs})
    roles = people_attributes(docs, resolution, {"person-obama"})["person-obama"]["roles"]
    assert roles == "US President|Secretary of State"
    from graphkit.graph.relation_attributes import role_key

    assert role_key("India Prime Minister") == role_key("prime minister of India") == "prime minister of India"
