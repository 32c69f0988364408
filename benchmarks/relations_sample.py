"""Draw relations and quotes at random from a built graph, with the text a reader needs to judge them.

    python benchmarks/relations_sample.py GRAPH CORPUS [--relations 50] [--quotes 30] [--seed 13]

GRAPH is a graph file written by ``graphkit build`` with relations (the default); CORPUS is the
JSONL export it was built from (for the quotes' paragraphs). Prints one block per item:

* a relation: the pair, the phrase with its direction (``A -> phrase -> B`` when the graph holds
  one, ``A - phrase - B`` when not), and the evidence sentence that states it. The population is
  every evidence line of every edge whose ``evidence_relations`` entry is not empty, so each
  item is one sentence the page shows with its relation;
* a quote: the person it is attributed to, the quote, and the paragraph of the article that holds
  it (the attribution is judged by reading who says it there).

The draw is ``random.Random(seed).sample`` over the population in graph order, so the same graph
and seed give the same items. The judgements themselves are made by hand and kept beside this
script (benchmarks/relations_judged.md).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def relation_items(graph) -> list[tuple[str, str, str, str]]:
    """(shown pair with direction, phrase, doc_id, sentence) for every evidence line stating a relation."""
    from graphkit.graph.comention import parse_evidence
    from graphkit.graph.relation_attributes import parse_relations

    items = []
    for u, v, d in graph.edges(data=True):
        lu, lv = graph.nodes[u].get("label", u), graph.nodes[v].get("label", v)
        doers = dict(parse_relations(d))
        stated = str(d.get("evidence_relations", "") or "").split("\n")
        for i, (doc_id, text) in enumerate(parse_evidence(str(d.get("evidence", "") or ""))):
            phrase = stated[i] if i < len(stated) else ""
            if not phrase:
                continue
            doer = doers.get(phrase, "")
            if doer == str(u):
                shown = f"{lu} -> {phrase} -> {lv}"
            elif doer == str(v):
                shown = f"{lv} -> {phrase} -> {lu}"
            else:
                shown = f"{lu} - {phrase} - {lv}"
            items.append((shown, phrase, doc_id, text))
    return items


def quote_items(graph) -> list[tuple[str, str, str]]:
    """(speaker label, doc_id, quote) for every quote of every node."""
    from graphkit.graph.relation_attributes import parse_quotes

    return [
        (str(d.get("label", n)), doc_id, text)
        for n, d in graph.nodes(data=True)
        for doc_id, text in parse_quotes(str(d.get("quotes", "") or ""))
    ]


def quote_context(texts: dict[str, str], doc_id: str, quote: str, width: int = 500) -> str:
    """The text around the quote in its article (quotes folded as graphkit folds them)."""
    from graphkit.reading.cleaning import QUOTE_FOLD

    text = texts.get(doc_id, "").translate(QUOTE_FOLD)
    at = text.find(quote[:60])
    if at < 0:
        return "(quote not found verbatim in the article text)"
    lo, hi = max(0, at - width), min(len(text), at + len(quote) + width)
    return " ".join(text[lo:hi].split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph")
    parser.add_argument("corpus", help="the JSONL export the graph was built from")
    parser.add_argument("--relations", type=int, default=50)
    parser.add_argument("--quotes", type=int, default=30)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    from graphkit.explore import load_graph

    graph = load_graph(args.graph)
    relations, quotes = relation_items(graph), quote_items(graph)
    print(f"population: {len(relations):,} evidence sentences stating a relation, {len(quotes):,} quotes")
    rng = random.Random(args.seed)
    for k, (shown, _, doc_id, text) in enumerate(rng.sample(relations, min(args.relations, len(relations))), 1):
        print(f"\nR{k:02d} {shown}\n    [{doc_id}] {text}")
    texts = {}
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            texts[str(row.get("id"))] = str(row.get("text", ""))
    rng = random.Random(args.seed)
    for k, (speaker, doc_id, quote) in enumerate(rng.sample(quotes, min(args.quotes, len(quotes))), 1):
        print(f'\nQ{k:02d} {speaker}: "{quote}"\n    [{doc_id}] {quote_context(texts, doc_id, quote)}')


if __name__ == "__main__":
    main()
