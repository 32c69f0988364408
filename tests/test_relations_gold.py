"""Relations, roles and quotes of the seeds against a hand-made gold (tests/data/seeds_relations_gold.yaml).

The gold was written by reading the five articles: the pairs a reader sees tied in one sentence
and the phrases that name the tie, the roles given to people, and every direct quote with its
speaker. The bars: at least 3 in 4 gold pairs labelled with a right relation (12 of 16), at least
4 of the 5 people quoted directly get a quote of theirs, and no quote goes to the wrong speaker.
"""

from __future__ import annotations

import pytest
import yaml
from conftest import DATA

from graphkit.explore import find_entity
from graphkit.graph.relation_attributes import parse_quotes
from graphkit.reading.cleaning import QUOTE_FOLD

GOLD = yaml.safe_load((DATA / "seeds_relations_gold.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graph(seeds_relations_result):
    return seeds_relations_result.graph


def _node(graph, name):
    return find_entity(graph, name).entity.id


def _fold(text: str) -> str:
    return " ".join(text.translate(QUOTE_FOLD).lower().split())


def test_gold_pairs_carry_a_right_relation(graph):
    right, report = 0, []
    for pair in GOLD["pairs"]:
        a, b = _node(graph, pair["a"]), _node(graph, pair["b"])
        found = graph.edges[a, b].get("relations", "").split("|") if graph.has_edge(a, b) else []
        ok = bool(set(found) & set(pair["accept"]))
        right += ok
        report.append(f"{'ok ' if ok else 'MISS'} {pair['a']} - {pair['b']}: {found} (gold {pair['accept']})")
    print("\n".join(report))
    assert right * 4 >= len(GOLD["pairs"]) * 3, "\n".join(report)


def test_gold_roles(graph):
    right = 0
    for person, accept in GOLD["roles"].items():
        roles = {r.lower() for r in graph.nodes[_node(graph, person)].get("roles", "").split("|") if r}
        right += bool(roles & {a.lower() for a in accept})
    assert right * 4 >= len(GOLD["roles"]) * 3


def test_quotes_go_to_their_speakers_and_never_to_someone_else(graph):
    speakers = {**GOLD["quotes"], **GOLD["also_quoted"]}
    gold = {_node(graph, name): [_fold(q) for q in quotes] for name, quotes in speakers.items()}
    wrong, attributed = [], 0
    for node, said in graph.nodes(data="quotes"):
        for doc_id, quote in parse_quotes(said or ""):
            attributed += 1
            if not any(
                _fold(quote).startswith(start) or start.startswith(_fold(quote)) for start in gold.get(node, [])
            ):
                wrong.append(f"{graph.nodes[node]['label']} [{doc_id}] {quote}")
    assert attributed >= 10
    assert not wrong, wrong
    quoted = [name for name in GOLD["quotes"] if graph.nodes[_node(graph, name)].get("quotes")]
    assert len(quoted) >= 4, quoted
