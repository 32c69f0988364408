"""What changed between two builds: new entities, entities gone, new links, links that grew, links
gone and links that weakened (a rebuild with other settings: a backbone, a narrower window).

Entities are matched by node id, which graphkit keeps stable across runs (``person-kim-jong-un``),
so a rebuild after this week's articles lines up with last week's graph. An id changes when the
entity's name or type does (more articles can make "BBC" part of "British Broadcasting Corporation",
or "Liverpool" a GPE rather than an ORG): such an entity is listed as gone, with the new build's
entity that now holds its name; one of the same name under a new type is not listed as new too.
Every item comes with one evidence line, taken where possible from an article the old build did
not have.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import networkx as nx

from ..graph.comention import parse_evidence
from ..resolution.names import match_key
from .queries import names_of

#: items listed per section unless asked otherwise
DEFAULT_LIMIT = 20


@dataclass
class EntityChange:
    id: str
    label: str
    type: str
    mentions: int
    documents: int
    first_seen: str | None
    evidence: str  # "[doc_id] sentence", or "" when the entity has no link with evidence
    doc_ids: list[str]  # the first few documents that mention it
    #: for a gone entity, the new build's entity that holds its name now, as label or spelling
    #: ({"id", "label", "type"}); None when no entity does
    now: dict | None = None


@dataclass
class LinkChange:
    source: str
    target: str
    source_label: str
    target_label: str
    weight: int
    old_weight: int  # 0 for a new link
    documents: int
    first_seen: str | None
    evidence: str
    #: False when no stored sentence comes from an article the old build lacked (evidence keeps
    #: the first few articles of each link, so a link that grew may show an older sentence)
    evidence_is_new: bool = True

    @property
    def growth(self) -> int:
        return self.weight - self.old_weight


@dataclass
class GraphDiff:
    old_counts: dict  # {"entities", "links", "documents"}
    new_counts: dict
    new_entities: list[EntityChange] = field(default_factory=list)
    gone_entities: list[EntityChange] = field(default_factory=list)
    new_links: list[LinkChange] = field(default_factory=list)
    grown_links: list[LinkChange] = field(default_factory=list)
    #: links of the old build between entities of both that the new one lacks (weight 0), and links it
    #: has with a lower weight
    gone_links: list[LinkChange] = field(default_factory=list)
    weakened_links: list[LinkChange] = field(default_factory=list)
    #: how many of each there are in all (the lists stop at ``limit``)
    totals: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = asdict(self)
        for key in ("new_links", "grown_links", "gone_links", "weakened_links"):
            for item, change in zip(out[key], getattr(self, key)):
                item["growth"] = change.growth
        return out


def _number(value, default: int = 0) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def _importance(graph: nx.Graph, node) -> tuple:
    data = graph.nodes[node]
    try:
        rank = float(data.get("pagerank", 0) or 0)
    except (TypeError, ValueError):
        rank = 0.0
    return (-rank, -graph.degree(node, weight="weight"), -_number(data.get("mentions")), str(data.get("label", node)))


def _doc_ids(graph: nx.Graph) -> set[str]:
    ids: set[str] = set()
    for _, value in graph.nodes(data="doc_ids"):
        ids.update(part for part in str(value or "").split("|") if part)
    return ids


def _pick(evidence, avoid_docs: set[str], avoid_lines: set[str] = frozenset()) -> tuple[str, bool]:
    """(the first evidence line from an article not in ``avoid_docs``, True), else (the first line
    not in ``avoid_lines``, or just the first, False); ("", False) without evidence."""
    items = parse_evidence(evidence if isinstance(evidence, str) else "")
    lines = [(doc, f"[{doc}] {text}" if doc else text) for doc, text in items]
    for doc, line in lines:
        if doc not in avoid_docs and line not in avoid_lines:
            return line, True
    for _, line in lines:
        if line not in avoid_lines:
            return line, False
    return (lines[0][1], False) if lines else ("", False)


def _entity_change(graph: nx.Graph, node, avoid_docs: set[str]) -> EntityChange:
    data = graph.nodes[node]
    strongest = sorted(graph[node].items(), key=lambda kv: (-_number(kv[1].get("weight"), 1), str(kv[0])))
    evidence = ""
    for _, edge in strongest:
        evidence, _ = _pick(edge.get("evidence"), avoid_docs)
        if evidence:
            break
    doc_ids = [part for part in str(data.get("doc_ids", "") or "").split("|") if part]
    return EntityChange(
        id=str(node),
        label=str(data.get("label", node)),
        type=str(data.get("type", "") or ""),
        mentions=_number(data.get("mentions")),
        documents=_number(data.get("documents")),
        first_seen=data.get("first_seen") or None,
        evidence=evidence,
        doc_ids=doc_ids[:5],
    )


def _holders(graph: nx.Graph) -> dict[str, list]:
    """{a name's match_key: the nodes holding it as label or spelling, most important first}."""
    holders: dict[str, list] = {}
    for node in sorted(graph, key=lambda n: _importance(graph, n)):
        # as the build reads names: "Moammar Gadhafi" is held by an entity that lists only "Moammar Gadhafi's"
        for name in dict.fromkeys(match_key(n) for n in names_of(graph.nodes[node])):
            holders.setdefault(name, []).append(node)
    return holders


def _holder(old: nx.Graph, node, new: nx.Graph, holders: dict[str, list]):
    """The new entity holding the gone entity's label (one of the same type first), or None."""
    found = holders.get(match_key(_label(old, node)), [])
    same_type = [n for n in found if new.nodes[n].get("type") == old.nodes[node].get("type")]
    return (same_type or found or [None])[0]


def _label(graph: nx.Graph, node) -> str:
    return str(graph.nodes[node].get("label", node))


def _described(new: nx.Graph, node) -> dict | None:
    if node is None:
        return None
    return {
        "id": str(node),
        "label": _label(new, node),
        "type": str(new.nodes[node].get("type", "")),
    }


def _link_change(graph: nx.Graph, a, b, old_weight: int, avoid_docs: set[str], avoid_lines: set[str]) -> LinkChange:
    data = graph.edges[a, b]
    a, b = sorted((a, b), key=str)
    evidence, is_new = _pick(data.get("evidence"), avoid_docs, avoid_lines)
    return LinkChange(
        source=str(a),
        target=str(b),
        source_label=str(graph.nodes[a].get("label", a)),
        target_label=str(graph.nodes[b].get("label", b)),
        weight=_number(data.get("weight"), 1),
        old_weight=old_weight,
        documents=_number(data.get("documents")),
        first_seen=data.get("first_seen") or None,
        evidence=evidence,
        evidence_is_new=is_new,
    )


def _gone_link(old: nx.Graph, a, b) -> LinkChange:
    """A link of the old build only: its old weight and evidence, weight 0 now."""
    change = _link_change(old, a, b, 0, set(), set())
    change.old_weight, change.weight = change.weight, 0
    return change


def diff_graphs(old: nx.Graph, new: nx.Graph, *, limit: int | None = DEFAULT_LIMIT) -> GraphDiff:
    """What ``new`` has that ``old`` had not, and the reverse for entities; neither graph is changed.

    Sections are ranked most important first: new entities by PageRank in the new graph (then link
    weight, mentions), gone entities by their PageRank in the old one, new links by weight, grown
    links by how much they grew, gone links by their old weight, weakened links by how much they
    lost. ``limit`` items per section (None: all).
    """
    old_docs = _doc_ids(old)

    def counts(g: nx.Graph) -> dict:
        docs = g.graph.get("documents")
        return {
            "entities": g.number_of_nodes(),
            "links": g.number_of_edges(),
            "documents": _number(docs) if docs is not None else len(_doc_ids(g)),
        }

    gone = sorted((n for n in old.nodes if n not in new), key=lambda n: _importance(old, n))
    holders = _holders(new) if gone else {}
    moved = {n: held for n in gone if (held := _holder(old, n, new, holders)) is not None}
    # an entity under a new id named as a gone one is that entity retyped (the id says the type:
    # person-rocky-linux, org-rocky-linux): listed once, as gone "now" under it. One that only holds
    # a gone name as a spelling ("Kim Jong Un" holding a gone "Kim") is new all the same.
    held = {n for g, n in moved.items() if match_key(_label(new, n)) == match_key(_label(old, g))}
    added = sorted((n for n in new.nodes if n not in old and n not in held), key=lambda n: _importance(new, n))
    now = {n: _described(new, moved.get(n)) for n in gone}
    # the old links as the new build names their ends: the links of an entity renamed or merged
    # (an alias file's change, say) are its holder's now, not new links and links gone
    old_pairs: dict[tuple, list[tuple]] = {}  # (a, b) of the new build -> the old links it stands for
    for a, b, data in old.edges(data=True):
        ends = tuple(sorted((moved.get(a, a), moved.get(b, b)), key=str))
        if ends[0] != ends[1] and ends[0] in new and ends[1] in new:  # (else an entity gone: it is listed)
            old_pairs.setdefault(ends, []).append((a, b, _number(data.get("weight"), 1)))

    def before(pair: list[tuple]) -> tuple[int, int]:
        # entities merged since: a link's weight is between the largest of its parts' and their sum
        # (one sentence may have named both); within that range it is no change
        weights = [w for _, _, w in pair]
        return max(weights), sum(weights)

    new_links, grown = [], []
    for a, b, data in new.edges(data=True):
        pair = old_pairs.get(tuple(sorted((a, b), key=str)))
        if pair is None:
            new_links.append((a, b, 0))
        elif _number(data.get("weight"), 1) > before(pair)[1]:
            grown.append((a, b, before(pair)[1]))
    new_links.sort(
        key=lambda t: (
            -_number(new.edges[t[0], t[1]].get("weight"), 1),
            -_number(new.edges[t[0], t[1]].get("documents")),
            sorted((str(t[0]), str(t[1]))),
        )
    )
    grown.sort(key=lambda t: (t[2] - _number(new.edges[t[0], t[1]].get("weight"), 1), sorted((str(t[0]), str(t[1])))))
    gone_links, weakened = [], []
    for (a, b), pair in old_pairs.items():
        low = before(pair)[0]
        if not new.has_edge(a, b):
            # shown, and ranked, as the old build had it: its heaviest part
            gone_links.append(max(pair, key=lambda t: (t[2], sorted((str(t[0]), str(t[1]))))))
        elif _number(new.edges[a, b].get("weight"), 1) < low:
            weakened.append((a, b, low))
    gone_links.sort(key=lambda t: (-t[2], sorted((str(t[0]), str(t[1])))))
    weakened.sort(
        key=lambda t: (_number(new.edges[t[0], t[1]].get("weight"), 1) - t[2], sorted((str(t[0]), str(t[1]))))
    )
    cut = (lambda items: items) if limit is None else (lambda items: items[:limit])

    def gone_change(n) -> EntityChange:
        change = _entity_change(old, n, set())
        change.now = now[n]
        return change

    def old_lines(a, b) -> set[str]:
        lines = set()
        for x, y, _ in old_pairs[tuple(sorted((a, b), key=str))]:
            lines.update(f"[{d}] {t}" if d else t for d, t in parse_evidence(old.edges[x, y].get("evidence") or ""))
        return lines

    return GraphDiff(
        old_counts=counts(old),
        new_counts=counts(new),
        new_entities=[_entity_change(new, n, old_docs) for n in cut(added)],
        gone_entities=[gone_change(n) for n in cut(gone)],
        new_links=[_link_change(new, a, b, w, old_docs, set()) for a, b, w in cut(new_links)],
        grown_links=[_link_change(new, a, b, w, old_docs, old_lines(a, b)) for a, b, w in cut(grown)],
        gone_links=[_gone_link(old, a, b) for a, b, _ in cut(gone_links)],
        weakened_links=[_link_change(new, a, b, w, set(), set()) for a, b, w in cut(weakened)],
        totals={
            "new_entities": len(added),
            "gone_entities": len(gone),
            "gone_entities_renamed": sum(1 for n in gone if now[n] is not None),
            "new_links": len(new_links),
            "grown_links": len(grown),
            "gone_links": len(gone_links),
            "weakened_links": len(weakened),
        },
    )
