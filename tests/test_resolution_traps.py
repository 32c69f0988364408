"""Resolution traps, on articles written for them (tests/data/resolution_traps/), with the real model.

The ten articles are built as one corpus, so the traps also have to hold against each other:

* two different Kims in one article (Kim Jong Un, Kim Yo Jong) and a lone "Kim" that could be either;
* "Jordan" the country and Michael Jordan (spaCy types some of his lone "Jordan" as GPE);
* "Washington" the city and George Washington, in different articles;
* a surname shared by two people in different articles (Daniel / Maria Ortega), plus an article
  that only says "Ortega"; and a surname whose full name is given in another article only (Rutte).
"""

from __future__ import annotations

import pytest
from conftest import DATA

TRAPS = DATA / "resolution_traps"


@pytest.fixture(scope="module")
def traps(nlp):
    from graphkit.pipeline import build

    return build([TRAPS], nlp=nlp)


def nodes_with_alias(graph, alias: str) -> dict[str, dict]:
    return {n: d for n, d in graph.nodes(data=True) if alias in d["aliases"].split("|")}


def only(graph, alias: str) -> dict:
    found = nodes_with_alias(graph, alias)
    assert len(found) == 1, f"{alias!r} is in {len(found)} nodes: {[d['label'] for d in found.values()]}"
    return next(iter(found.values()))


def docs(data) -> set[str]:
    return set(data["doc_ids"].split("|"))


def test_two_kims_in_one_article_stay_apart(traps):
    g = traps.graph
    jong_un, yo_jong = only(g, "Kim Jong Un"), only(g, "Kim Yo Jong")
    assert jong_un is not yo_jong
    assert jong_un["label"] == "Kim Jong Un" and yo_jong["label"] == "Kim Yo Jong"
    assert jong_un["type"] == yo_jong["type"] == "PERSON"
    # the lone "Kim" could be either: it joins neither
    assert "Kim" not in jong_un["aliases"].split("|") and "Kim" not in yo_jong["aliases"].split("|")
    rows = [m for m in traps.resolution.merges if m.alias == "Kim"]
    assert rows and "Kim Jong Un or Kim Yo Jong" in rows[0].rule


def test_jordan_the_country_and_michael_jordan(traps):
    g = traps.graph
    person = only(g, "Michael Jordan")
    assert person["type"] == "PERSON" and person["label"] == "Michael Jordan"
    assert "Jordan" in person["aliases"].split("|")
    assert docs(person) == {"jordan_player"}
    (country,) = [d for d in nodes_with_alias(g, "Jordan").values() if d is not person]
    assert country["type"] == "GPE" and country["label"] == "Jordan"
    assert docs(country) == {"jordan_country"}  # none of the player's mentions


def test_washington_the_city_and_george_washington(traps):
    g = traps.graph
    george = only(g, "George Washington")
    assert george["type"] == "PERSON" and docs(george) == {"george_washington"}
    assert "Washington" in george["aliases"].split("|")
    (city,) = [d for d in nodes_with_alias(g, "Washington").values() if d is not george]
    assert city["type"] == "GPE" and city["label"] == "Washington"
    assert "george_washington" not in docs(city)
    assert "washington_city" in docs(city)


def test_shared_surname_in_different_articles(traps):
    g = traps.graph
    daniel, maria = only(g, "Daniel Ortega"), only(g, "Maria Ortega")
    assert daniel is not maria
    assert docs(daniel) == {"ortega_president"} and docs(maria) == {"ortega_biologist"}
    assert "Ortega" in daniel["aliases"].split("|") and "Ortega" in maria["aliases"].split("|")
    # the article that only says "Ortega" could mean either: its own node, no merge
    (alone,) = [d for d in nodes_with_alias(g, "Ortega").values() if d is not daniel and d is not maria]
    assert docs(alone) == {"ortega_unnamed"} and alone["label"] == "Ortega"


def test_lone_surname_joins_the_only_full_name_in_the_corpus(traps):
    rutte = only(traps.graph, "Mark Rutte")
    assert docs(rutte) == {"rutte_full", "rutte_surname"}
    (row,) = [m for m in traps.resolution.merges if m.alias == "Rutte" and m.doc_ids == ("rutte_surname",)]
    assert row.canonical == "Mark Rutte" and "corpus" in row.rule


def test_sentence_case_headline_entities_are_kept(traps):
    # "Nicaragua expels foreign journalists": spaCy reads sentence-case headlines well
    assert only(traps.graph, "Nicaragua")["type"] == "GPE"


def test_the_is_kept_when_it_is_part_of_the_name(traps):
    assert only(traps.graph, "The Hague")["label"] == "The Hague"


def test_traps_each_mention_ends_in_its_own_article_entity(traps):
    """No node mixes the person and the place articles (a summary of the traps above)."""
    for _n, d in traps.graph.nodes(data=True):
        ids = docs(d)
        assert not ({"jordan_player", "jordan_country"} <= ids), d
        assert not ({"george_washington", "washington_city"} <= ids), d
        assert not ({"ortega_president", "ortega_biologist"} <= ids), d
