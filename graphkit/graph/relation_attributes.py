"""Graph attributes made of relations, roles and quotes (graphkit.extraction.relations, .quotes).

Edges: ``relations`` (the pair's relation phrases, most frequent first, joined with ``|``),
``relation_sources`` (for each phrase, in the same order, the node id of the entity that did it,
or nothing when the relation is mutual or its direction is mixed) and ``evidence_relations``
(for each evidence line, the relation that sentence states, or an empty line).
Nodes: ``roles`` (titles and roles, most frequent first, joined with ``|``) and ``quotes``
(``[doc_id] "..."`` lines in document order).

All of them are plain strings, present on every node and edge of a graph built with relations
and absent from one built without (``--no-relations`` gives the graph of a plain co-mention build).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx

from ..core.records import ExtractedDoc, Resolution
from ..resolution.places import country

EDGE_ATTRIBUTES = ("relations", "relation_sources", "evidence_relations")
NODE_ATTRIBUTES = ("roles", "quotes")


def relation_attributes(relations: dict[tuple[str, str], int] | None, evidence_phrases: Sequence[str]) -> dict:
    """Edge attributes from a pair's tallies {(phrase, doer id or ""): sentences}; {} when relations
    were not read (``relations`` None)."""
    if relations is None:
        return {}
    if not relations:  # most links state no relation: what the loop below gives for none, sooner
        return {"relations": "", "relation_sources": "", "evidence_relations": "\n".join(evidence_phrases)}
    totals: Counter = Counter()
    doers: dict[str, Counter] = {}
    for (phrase, doer), n in relations.items():
        totals[phrase] += n
        doers.setdefault(phrase, Counter())[doer] += n
    phrases = sorted(totals, key=lambda p: (-totals[p], p))
    sources = []
    for phrase in phrases:
        by = doers[phrase]
        directed = [(n, d) for d, n in by.items() if d]
        # a direction holds when one entity did it in most of the sentences that state it
        best = max(directed, key=lambda x: (x[0], x[1]), default=(0, ""))
        sources.append(best[1] if best[0] * 2 > totals[phrase] else "")
    return {
        "relations": "|".join(phrases),
        "relation_sources": "|".join(sources),
        "evidence_relations": "\n".join(evidence_phrases),
    }


def parse_relations(edge: dict) -> list[tuple[str, str]]:
    """[(phrase, source node id or "")] of an edge's attributes, most frequent first."""
    phrases = [p for p in (edge.get("relations") or "").split("|") if p]
    sources = (edge.get("relation_sources") or "").split("|")
    return [(p, sources[i] if i < len(sources) else "") for i, p in enumerate(phrases)]


@dataclass
class LinkRelation:
    """A relation phrase of an edge; ``source`` is the label of the entity that did it to ``target``
    (both "" when the relation is mutual or its direction mixed)."""

    phrase: str
    source: str = ""
    target: str = ""


def link_relations(graph: nx.Graph, u, v) -> list[LinkRelation]:
    """The relations of edge (u, v), most frequent first, with the labels of who did it to whom."""
    label = lambda n: str(graph.nodes[n].get("label", n))  # noqa: E731
    out = []
    for phrase, doer in parse_relations(graph.edges[u, v]):
        if doer and doer in (str(u), str(v)):
            doer_node, other = (u, v) if doer == str(u) else (v, u)
            out.append(LinkRelation(phrase, label(doer_node), label(other)))
        else:
            out.append(LinkRelation(phrase))
    return out


@lru_cache(maxsize=20_000)  # (a role is written the same way again and again: one lookup each)
def role_key(text: str) -> str:
    """One key for a role written with its country in any order or spelling: "US President", "U.S.
    President" and "president of the United States" are one role (the spelling used most names it);
    other roles by their lower-case text ("Secretary of State" is no country's)."""
    head, of, owner = text.partition(" of ")
    if of:
        owner = owner.strip()
        land = country(owner[4:] if owner[:4].lower() == "the " else owner, codes=True) if owner else None
        return f"{head.strip().lower()} of {land}" if land else text.lower()
    words = text.split()
    for i in range(1, len(words)):  # the country first: "US President", "India Prime Minister"
        land = country(" ".join(words[:i]), codes=True)
        if land:
            return f"{' '.join(words[i:]).lower()} of {land}"
    return text.lower()


def people_attributes(extracted: Iterable[ExtractedDoc], resolution: Resolution, kept: set[str]) -> dict[str, dict]:
    """{node id: {"roles": ..., "quotes": ...}} for every kept entity (empty strings where none)."""
    roles: dict[str, Counter] = {}
    spelling: dict[tuple[str, str], Counter] = {}
    quotes: dict[str, list[str]] = {}
    for ed in extracted:
        ids = resolution.assignments.get(ed.doc_id, [])
        for role in ed.roles:
            eid = ids[role.mention] if role.mention < len(ids) else None
            if eid in kept:
                key = role_key(role.text)
                roles.setdefault(eid, Counter())[key] += 1
                spelling.setdefault((eid, key), Counter())[role.text] += 1
        for quote in ed.quotes:
            eid = ids[quote.speaker] if quote.speaker < len(ids) else None
            if eid in kept:
                line = f'[{ed.doc_id}] "{quote.text}"'
                lines = quotes.setdefault(eid, [])
                if line not in lines:
                    lines.append(line)
    out = {}
    for eid in kept:
        counted = roles.get(eid, Counter())
        ordered = sorted(counted, key=lambda k: (-counted[k], k))
        shown = [max(spelling[eid, k].items(), key=lambda x: (x[1], x[0]))[0] for k in ordered]
        out[eid] = {"roles": "|".join(shown), "quotes": "\n".join(quotes.get(eid, []))}
    return out


def parse_quotes(value: str) -> list[tuple[str, str]]:
    """[(doc_id, quote)] of a node's ``quotes`` attribute."""
    out = []
    for line in (value or "").split("\n"):
        if line.startswith("[") and '] "' in line:
            doc_id, _, text = line[1:].partition("] ")
            out.append((doc_id, text[1:-1] if text.endswith('"') else text[1:]))
    return out
