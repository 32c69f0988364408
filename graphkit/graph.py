"""The co-mention graph: entities as nodes, weighted edges with their evidence sentences.

Every attribute is a plain str/int/float, so the graph can go straight to any networkx writer.
Nodes and edges are added in sorted order, so the same input gives the same graph.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations
from typing import Iterable, Sequence

import networkx as nx

from .records import Document, ExtractedDoc, Resolution

WINDOWS = ("sentence", "paragraph", "document")
DEFAULT_MAX_EVIDENCE = 3
#: evidence snippets longer than this are cut around the two mentions.
MAX_SNIPPET_CHARS = 400


def format_evidence(snippets: Iterable[tuple[str, str]]) -> str:
    """Evidence attribute text: one ``[doc_id] sentence`` line per snippet."""
    return "\n".join(f"[{doc_id}] {text}" for doc_id, text in snippets)


def parse_evidence(value: str) -> list[tuple[str, str]]:
    """Inverse of format_evidence: [(doc_id, sentence), ...]."""
    out = []
    for line in (value or "").split("\n"):
        if line.startswith("[") and "] " in line:
            doc_id, _, text = line[1:].partition("] ")
            out.append((doc_id, text))
        elif line:
            out.append(("", line))
    return out


def _window_key(window: str, sentence_index: int, paragraph: int):
    if window == "sentence":
        return sentence_index
    if window == "paragraph":
        return paragraph
    return 0


def _snippet(paragraph: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    text = paragraph[start:end]
    if len(text) <= MAX_SNIPPET_CHARS:
        return text.strip()
    lo = max(start, min(s for s, _ in spans) - MAX_SNIPPET_CHARS // 4)
    hi = min(end, max(e for _, e in spans) + MAX_SNIPPET_CHARS // 4)
    if hi - lo > 2 * MAX_SNIPPET_CHARS:  # mentions far apart: show the start of the window
        hi = lo + MAX_SNIPPET_CHARS
    return ("… " if lo > start else "") + paragraph[lo:hi].strip() + (" …" if hi < end else "")


def comention_graph(
    documents: Sequence[Document],
    extracted: Sequence[ExtractedDoc],
    resolution: Resolution,
    *,
    window: str = "sentence",
    min_mentions: int = 1,
    min_weight: int = 1,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
) -> nx.Graph:
    """Link entities that occur in the same window (sentence, paragraph or whole document).

    Edge ``weight`` counts the windows in which both occur, ``documents`` the documents, and
    ``evidence`` keeps up to ``max_evidence`` sentences, preferring different documents.
    """
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {', '.join(WINDOWS)}, not {window!r}")
    by_id = {d.id: d for d in documents}
    kept = {
        eid for eid, ent in resolution.entities.items() if ent.mentions >= min_mentions
    }

    weight: dict[tuple[str, str], int] = defaultdict(int)
    edge_docs: dict[tuple[str, str], list[str]] = defaultdict(list)
    # per edge, per document: up to max_evidence snippets (then chosen across documents)
    evidence: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(dict)

    for ed in extracted:
        doc = by_id.get(ed.doc_id)
        ids = resolution.assignments.get(ed.doc_id, [])
        windows: dict[object, dict[str, tuple[int, int, int]]] = defaultdict(dict)
        for m, eid in zip(ed.mentions, ids):
            if eid is None or eid not in kept:
                continue
            sent = ed.sentences[m.sentence]
            key = _window_key(window, m.sentence, sent.paragraph)
            windows[key].setdefault(eid, (m.sentence, m.start, m.end))  # first mention in the window
        for members in windows.values():
            for a, b in combinations(sorted(members), 2):
                pair = (a, b)
                weight[pair] += 1
                per_doc = evidence[pair]
                if not edge_docs[pair] or edge_docs[pair][-1] != ed.doc_id:
                    edge_docs[pair].append(ed.doc_id)
                if doc is None:
                    continue
                snippets = per_doc.get(ed.doc_id)
                if snippets is None:
                    if len(per_doc) >= max_evidence:
                        continue
                    snippets = per_doc[ed.doc_id] = []
                if len(snippets) < max_evidence:
                    text = _evidence_text(doc, ed, members[a], members[b])
                    if text not in snippets:
                        snippets.append(text)

    g = nx.Graph()
    for eid in sorted(kept):
        ent = resolution.entities[eid]
        aliases = sorted(ent.aliases, key=lambda s: (-ent.aliases[s], s))
        g.add_node(
            eid,
            label=ent.label,
            type=ent.type,
            mentions=ent.mentions,
            documents=len(ent.doc_ids),
            aliases="|".join(aliases),
            doc_ids="|".join(sorted(ent.doc_ids)),
        )
    for pair in sorted(weight):
        if weight[pair] < min_weight:
            continue
        g.add_edge(
            *pair,
            weight=weight[pair],
            documents=len(set(edge_docs[pair])),
            evidence=format_evidence(_pick_evidence(evidence[pair], max_evidence)),
        )
    cited = sorted({doc_id for *_, ev in g.edges(data="evidence") for doc_id, _ in parse_evidence(ev)})
    g.graph.update(
        window=window,
        documents=len(documents),
        documents_json=json.dumps(
            {d: by_id[d].meta for d in cited if d in by_id and by_id[d].meta}, ensure_ascii=False, sort_keys=True
        ),
    )
    return g


def _evidence_text(doc: Document, ed: ExtractedDoc, first: tuple[int, int, int], second: tuple[int, int, int]) -> str:
    (sa, a0, a1), (sb, b0, b1) = sorted([first, second])
    s1, s2 = ed.sentences[sa], ed.sentences[sb]
    if sa == sb:
        return _snippet(doc.paragraphs[s1.paragraph], s1.start, s1.end, [(a0, a1), (b0, b1)])
    one = _snippet(doc.paragraphs[s1.paragraph], s1.start, s1.end, [(a0, a1)])
    two = _snippet(doc.paragraphs[s2.paragraph], s2.start, s2.end, [(b0, b1)])
    return f"{one} … {two}"


def _pick_evidence(per_doc: dict[str, list[str]], limit: int) -> list[tuple[str, str]]:
    """Round-robin over documents so evidence shows different sources first."""
    picked: list[tuple[str, str]] = []
    depth = 0
    while len(picked) < limit and any(len(s) > depth for s in per_doc.values()):
        for doc_id, snippets in per_doc.items():
            if depth < len(snippets) and len(picked) < limit:
                picked.append((doc_id, snippets[depth]))
        depth += 1
    return picked
