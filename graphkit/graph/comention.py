"""The co-mention graph: entities as nodes, weighted edges with their evidence sentences.

Every attribute is a plain str/int/float, so the graph can go straight to any networkx writer.
Nodes and edges are added in sorted order, so the same input gives the same graph.
Counting is a per-document map step (count_document) and a merge step (merge_counts), so the
local build and a Dask cluster (graphkit.extraction.cluster) share it and give the same graph.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

import networkx as nx

from ..core.records import Document, ExtractedDoc, Resolution, is_day
from .dated import format_by_date
from .evidence_text import evidence_text
from .relation_attributes import parse_quotes, people_attributes, relation_attributes
from .significance import add_significance, corpus_windows, document_windows

WINDOWS = ("sentence", "paragraph", "document")
DEFAULT_MAX_EVIDENCE = 3


def format_evidence(snippets: Iterable[tuple[str, str]], dates: dict[str, str] | None = None) -> str:
    """Evidence attribute text: one ``[doc_id] sentence`` line per snippet, ``[doc_id, YYYY-MM-DD]
    sentence`` when ``dates`` gives the article's date."""
    dates = dates or {}
    return "\n".join(
        f"[{doc_id}, {dates[doc_id]}] {text}" if dates.get(doc_id) else f"[{doc_id}] {text}"
        for doc_id, text in snippets
    )


_DATED_ID = re.compile(r"(.*), (\d{4}-\d{2}-\d{2})")


def parse_dated_evidence(value: str) -> list[tuple[str, str, str | None]]:
    """Inverse of format_evidence: [(doc_id, sentence, date or None), ...]."""
    out = []
    for line in (value or "").split("\n"):
        if line.startswith("[") and "] " in line:
            doc_id, _, text = line[1:].partition("] ")
            dated = _DATED_ID.fullmatch(doc_id)
            out.append((dated.group(1), text, dated.group(2)) if dated else (doc_id, text, None))
        elif line:
            out.append(("", line, None))
    return out


def parse_evidence(value: str) -> list[tuple[str, str]]:
    """Inverse of format_evidence without the dates: [(doc_id, sentence), ...]."""
    return [(doc_id, text) for doc_id, text, _ in parse_dated_evidence(value)]


#: what ``documents_json`` keeps of a cited document (graphkit.core.records.Document metadata).
DOCUMENT_FIELDS = ("title", "url", "date", "source")


def documents_meta(graph: nx.Graph) -> dict[str, dict[str, str]]:
    """{doc_id: {title, url, date, source}} from the graph's ``documents_json`` attribute.

    A graph read back from a file (or a user's own graph) may lack the attribute or hold anything
    there, so this never fails: bad JSON gives {}, and only object entries and non-empty known
    fields are kept, as text.
    """
    try:
        meta = json.loads(graph.graph.get("documents_json") or "{}")
    except (TypeError, ValueError):
        return {}
    if not isinstance(meta, dict):
        return {}
    return {
        str(doc_id): {f: str(info[f]) for f in DOCUMENT_FIELDS if info.get(f)}
        for doc_id, info in meta.items()
        if isinstance(info, dict)
    }


def _window_key(window: str, sentence_index: int, paragraph: int):
    if window == "sentence":
        return sentence_index
    if window == "paragraph":
        return paragraph
    return 0


#: Co-mention tallies: (entity id, entity id) -> [weight, documents, {doc_id: [(snippet, relation), ...]},
#: {YYYY-MM-DD: weight}, {(relation phrase, id of the entity that did it or ""): sentences}] (the
#: fourth: the weight per article date, undated articles left out; the fifth: empty without relations).
#: count_document makes one per document (the map step), merge_counts adds them up (the merge
#: step); the local build folds them in order, Dask (graphkit.extraction.cluster) merges them in a tree.
Counts = dict


def count_document(
    document: Document | None,
    extracted: ExtractedDoc,
    entity_ids: Sequence[str | None],
    *,
    window: str = "sentence",
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
) -> Counts:
    """Tallies of one document; ``entity_ids`` has one id per mention (None: not a node).

    Without the ``document`` (its text) the windows still count, but no evidence is kept and
    the date is unknown.
    A pair's relations (graphkit.extraction.relations) are counted per sentence, and the sentence that
    states one is preferred as the window's evidence, with the relation beside it.
    """
    windows: dict[object, dict[str, tuple[int, int, int]]] = defaultdict(dict)
    for m, eid in zip(extracted.mentions, entity_ids):
        if eid is None:
            continue
        sent = extracted.sentences[m.sentence]
        key = _window_key(window, m.sentence, sent.paragraph)
        windows[key].setdefault(eid, (m.sentence, m.start, m.end))  # first mention in the window
    stated = _stated_relations(extracted, entity_ids, window)
    counts: Counts = {}
    for key, members in windows.items():
        for pair in combinations(sorted(members), 2):
            tally = counts.get(pair)
            if tally is None:
                snippets = {} if document is None or max_evidence <= 0 else {extracted.doc_id: []}
                tally = counts[pair] = [0, 1, snippets, {}, {}]
            tally[0] += 1
            snippets = tally[2].get(extracted.doc_id)
            if snippets is None:
                continue
            relation = stated.get((key, pair))
            if relation is not None:
                phrase, first, second = relation
            else:
                phrase, first, second = "", members[pair[0]], members[pair[1]]
            if len(snippets) < max_evidence or phrase and any(not p for _, p in snippets):
                text = evidence_text(document, extracted, first, second)
                if all(text != t for t, _ in snippets):
                    if len(snippets) >= max_evidence:  # a sentence stating a relation replaces one that does not
                        snippets.pop(next(i for i, (_, p) in enumerate(snippets) if not p))
                    snippets.append((text, phrase))
    for (_, pair), (phrase, doer) in _relation_tallies(extracted, entity_ids, window):
        relations = counts[pair][4]
        relations[phrase, doer] = relations.get((phrase, doer), 0) + 1
    day = document.date if document is not None else None
    if day:
        for tally in counts.values():
            tally[3][day] = tally[0]
    return counts


def _relation_items(extracted: ExtractedDoc, entity_ids: Sequence[str | None], window: str):
    """(window key, sorted pair, phrase, doer id or "", relation) for each relation between two nodes."""
    for r in extracted.relations:
        a, b = entity_ids[r.source], entity_ids[r.target]
        if a is None or b is None or a == b:
            continue
        m = extracted.mentions[r.source]
        key = _window_key(window, m.sentence, extracted.sentences[m.sentence].paragraph)
        yield key, tuple(sorted((a, b))), r.phrase, a if r.directed else "", r


def _relation_tallies(extracted, entity_ids, window):
    for key, pair, phrase, doer, _ in _relation_items(extracted, entity_ids, window):
        yield (key, pair), (phrase, doer)


def _stated_relations(extracted, entity_ids, window) -> dict:
    """(window key, pair) -> (phrase, mention, mention) of the first relation the window states."""
    out = {}
    for key, pair, phrase, _, r in _relation_items(extracted, entity_ids, window):
        if (key, pair) not in out:
            ms, mt = extracted.mentions[r.source], extracted.mentions[r.target]
            out[key, pair] = (phrase, (ms.sentence, ms.start, ms.end), (mt.sentence, mt.start, mt.end))
    return out


def merge_counts(into: Counts, other: Counts, max_evidence: int = DEFAULT_MAX_EVIDENCE) -> Counts:
    """Add ``other`` (later documents) to ``into`` in place and return it.

    Evidence keeps ``max_evidence`` documents: those with a sentence stating a relation first, then
    the others, each in input order, so merging in order (or in an ordered tree) gives the same
    result as counting all documents one after another.
    """
    for pair, (weight, docs, snippets, days, relations) in other.items():
        tally = into.get(pair)
        if tally is None:
            into[pair] = [weight, docs, dict(snippets), dict(days), dict(relations)]
            continue
        tally[0] += weight
        tally[1] += docs
        kept_days = tally[3]
        for day, n in days.items():
            kept_days[day] = kept_days.get(day, 0) + n
        kept = tally[2]
        for doc_id, texts in snippets.items():
            if doc_id in kept:
                continue
            if len(kept) < max_evidence:
                kept[doc_id] = texts
            elif any(phrase for _, phrase in texts):
                # a document with a sentence stating a relation takes the place of the last one kept
                # that states none: the kept are the first documents stating one, then the first
                # others, in input order, however the tallies are grouped (a Dask tree gives the same)
                plain = [d for d, t in kept.items() if not any(phrase for _, phrase in t)]
                if plain:
                    del kept[plain[-1]]
                    kept[doc_id] = texts
        mine = tally[4]
        for key, n in relations.items():
            mine[key] = mine.get(key, 0) + n
    return into


def kept_entities(resolution: Resolution, min_mentions: int = 1) -> set[str]:
    return {eid for eid, ent in resolution.entities.items() if ent.mentions >= min_mentions}


def mention_entity_ids(resolution: Resolution, doc_id: str, kept: set[str]) -> list[str | None]:
    """One entity id per mention of ``doc_id``; None where the entity is dropped or unknown."""
    return [eid if eid in kept else None for eid in resolution.assignments.get(doc_id, [])]


def comention_graph(
    documents: Sequence[Document],
    extracted: Sequence[ExtractedDoc],
    resolution: Resolution,
    *,
    window: str = "sentence",
    min_mentions: int = 1,
    min_weight: int = 1,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
    relations: bool = False,
) -> nx.Graph:
    """Link entities that occur in the same window (sentence, paragraph or whole document).

    Edge ``weight`` counts the windows in which both occur, ``documents`` the documents, and
    ``evidence`` keeps up to ``max_evidence`` sentences, preferring different documents.
    With ``relations`` (the records carry them) edges and nodes get the attributes of
    graphkit.graph.relation_attributes: relations, roles, quotes.
    """
    check_window(window)
    by_id = {d.id: d for d in documents}
    kept = kept_entities(resolution, min_mentions)
    counts: Counts = {}
    per_document = []
    for ed in extracted:
        ids = mention_entity_ids(resolution, ed.doc_id, kept)
        merge_counts(
            counts,
            count_document(by_id.get(ed.doc_id), ed, ids, window=window, max_evidence=max_evidence),
            max_evidence,
        )
        per_document.append(document_windows(ed, ids, window))
    meta = {d.id: d.meta for d in documents}
    people = people_attributes(extracted, resolution, kept) if relations else None
    return graph_from_counts(
        counts,
        resolution,
        kept,
        meta,
        len(documents),
        window=window,
        min_weight=min_weight,
        max_evidence=max_evidence,
        windows=corpus_windows(per_document),
        people=people,
    )


def check_window(window: str) -> None:
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {', '.join(WINDOWS)}, not {window!r}")


def graph_from_counts(
    counts: Counts,
    resolution: Resolution,
    kept: set[str],
    documents_meta: dict[str, dict[str, str]],
    document_count: int,
    *,
    window: str,
    min_weight: int = 1,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
    windows: tuple[dict[str, int], int] | None = None,
    people: dict[str, dict] | None = None,
) -> nx.Graph:
    """The graph from merged tallies: nodes for ``kept`` entities, edges of at least ``min_weight``.

    ``windows`` (graphkit.graph.significance.corpus_windows: windows per entity, all windows)
    gives every edge its ``npmi`` and ``disparity`` (significance.add_significance).
    ``people`` (graphkit.graph.relation_attributes.people_attributes) is given when relations were read:
    nodes get its roles and quotes, edges their relations. None: a plain co-mention graph.

    Dated articles (``documents_meta[doc_id]["date"]``) give nodes and edges ``first_seen`` and
    ``last_seen`` and their counts per date (``mentions_by_date``, ``weight_by_date``), and the
    graph ``articles_by_date`` and ``undated_documents`` (graphkit.graph.dated reads them back).
    """
    dates = {doc_id: meta["date"] for doc_id, meta in documents_meta.items() if is_day(meta.get("date"))}
    mentions_by_date = _mentions_by_date(resolution, kept, dates)
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
            **_seen(mentions_by_date.get(eid), "mentions_by_date"),
            **(people.get(eid, {}) if people is not None else {}),
        )
    cited = set()  # the articles the evidence quotes (documents_json keeps their metadata)
    for pair in sorted(counts):
        weight, docs, snippets, days, relations = counts[pair]
        if weight < min_weight:
            continue
        picked = _pick_evidence(snippets, max_evidence)
        cited.update(doc_id for doc_id, _ in picked)
        g.add_edge(
            *pair,
            weight=weight,
            documents=docs,
            evidence=format_evidence(((doc_id, text) for doc_id, (text, _) in picked), dates),
            **_seen(days, "weight_by_date"),
            **relation_attributes(relations if people is not None else None, [phrase for _, (_, phrase) in picked]),
        )
    cited = sorted(cited | {doc_id for _, said in g.nodes(data="quotes") for doc_id, _ in parse_quotes(said or "")})
    if dates:  # (a corpus without dates gets no time attributes at all)
        g.graph.update(
            articles_by_date=format_by_date(Counter(dates.values())),
            undated_documents=max(0, document_count - len(dates)),
        )
    g.graph.update(
        window=window,
        documents=document_count,
        documents_json=json.dumps(
            {d: documents_meta[d] for d in cited if documents_meta.get(d)}, ensure_ascii=False, sort_keys=True
        ),
    )
    if windows is not None:
        add_significance(g, *windows)
    return g


def _mentions_by_date(resolution: Resolution, kept: set[str], dates: dict[str, str]) -> dict[str, Counter]:
    """{entity id: {date: mentions}} over the dated documents."""
    out: dict[str, Counter] = defaultdict(Counter)
    for doc_id, ids in resolution.assignments.items():
        day = dates.get(doc_id)
        if day:
            for eid in ids:
                if eid in kept:
                    out[eid][day] += 1
    return out


def _seen(by_date: dict[str, int] | None, name: str) -> dict:
    """first_seen, last_seen and the per-date counts; nothing at all when every article is undated
    (so a graph of undated articles has exactly the attributes it had before dates existed)."""
    if not by_date:
        return {}
    return {"first_seen": min(by_date), "last_seen": max(by_date), name: format_by_date(by_date)}


def _pick_evidence(per_doc: dict[str, list[str]], limit: int) -> list[tuple[str, str]]:
    """Round-robin over documents so evidence shows different sources first."""
    if len(per_doc) == 1:  # most links: one article (the round-robin would take its first ``limit``)
        ((doc_id, snippets),) = per_doc.items()
        return [(doc_id, snippet) for snippet in snippets[:limit]]
    picked: list[tuple[str, str]] = []
    depth = 0
    # each document's sentence stating a relation first ((text, phrase) items; sorted() keeps the rest's order)
    per_doc = {doc_id: sorted(snippets, key=lambda item: not item[1]) for doc_id, snippets in per_doc.items()}
    while len(picked) < limit and any(len(s) > depth for s in per_doc.values()):
        for doc_id, snippets in per_doc.items():
            if depth < len(snippets) and len(picked) < limit:
                picked.append((doc_id, snippets[depth]))
        depth += 1
    return picked
