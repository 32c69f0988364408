"""Questions to a built graph: overall stats, an entity's neighbours, the shortest path between two.

The library behind ``graphkit stats``, ``graphkit neighbors`` and ``graphkit path``. Each function
takes a graph (graphkit.explore.loading.load_graph reads one from a GraphML, GEXF or node-link JSON file, or an output
folder) and returns plain dataclasses; ``dataclasses.asdict`` turns them into the CLI's ``--json``.

Names are matched forgivingly: node id, label, any alias (the surface forms seen in the articles),
then the same ignoring case, accents, punctuation and "'s", then the same without middle initials
("Donald Trump" -> "Donald J. Trump"), then a unique partial name ("Rubio" -> "Marco Rubio"), then
all of these without a leading title ("President Obama" -> "Barack Obama"). An unknown name raises
``UnknownEntityError`` with the closest names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import networkx as nx

from ..core.errors import GraphkitError
from ..graph.analytics import metrics
from ..graph.comention import documents_meta, parse_dated_evidence
from ..graph.communities import CommunitySummary, community_summaries
from ..graph.relation_attributes import LinkRelation, link_relations
from ..graph.significance import finite_or_none, significant_links
from ..resolution.names import match_key, person_name, suggest_names


class UnknownEntityError(GraphkitError):
    """No entity matches the name; ``suggestions`` holds the closest labels."""

    def __init__(self, name: str, suggestions: list[str], reason: str = "", *, ambiguous: bool = False):
        self.name = name
        self.suggestions = suggestions
        self.ambiguous = ambiguous  # the name is part of several names (the suggestions)
        message = reason or f'No entity named "{name}" in the graph.'
        if suggestions:
            message += " Did you mean: " + "; ".join(suggestions) + "?"
        else:
            message += " Run `graphkit stats GRAPH` to see the entities it holds."
        super().__init__(message)


# ---------------------------------------------------------------- results


#: ``graphkit stats`` summarises at most this many communities
SUMMARIES_SHOWN = 5


@dataclass
class Entity:
    id: str
    label: str
    type: str
    mentions: int
    documents: int
    pagerank: float | None = None
    community: int | None = None


@dataclass
class Evidence:
    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None  # the article's date, YYYY-MM-DD
    relation: str = ""  # the relation this sentence states, if any


@dataclass
class Link:
    """One edge seen from ``source``: the other end, its strength and why it exists."""

    source: Entity
    target: Entity
    weight: float
    documents: int
    evidence: list[Evidence] = field(default_factory=list)
    npmi: float | None = None  # association beyond chance, -1..1 (graphkit.graph.significance)
    disparity: float | None = None  # disparity-filter p-value: lower is more significant
    relations: list[LinkRelation] = field(default_factory=list)  # most frequent first


@dataclass
class Match:
    query: str
    entity: Entity
    matched_by: str  # id, label, alias, normalised, initials, partial
    others: list[Entity] = field(default_factory=list)  # other entities with the same name


@dataclass
class Neighborhood:
    match: Match
    total: int  # neighbors in the graph (``neighbors`` may be cut to a limit)
    neighbors: list[Link]


@dataclass
class PathResult:
    source: Match
    target: Match
    found: bool
    hops: list[Link]  # in order from source to target; empty when not found or source == target

    @property
    def entities(self) -> list[Entity]:
        if not self.hops:
            return [self.source.entity] if self.found else []
        return [self.hops[0].source] + [hop.target for hop in self.hops]


@dataclass
class Community:
    community: int
    size: int
    top: list[Entity]


@dataclass
class Stats:
    nodes: int
    edges: int
    documents: int | None
    window: str | None
    components: int
    largest_component: int
    isolated: int
    types: dict[str, int]
    top_mentions: list[Entity]
    top_pagerank: list[Entity]
    strongest_edges: list[Link]
    communities: list[Community]
    community_count: int
    #: links ranked by significance (graphkit.graph.significance.SIGNIFICANT_LINKS_RULE)
    significant_edges: list[Link] = field(default_factory=list)
    #: the largest communities named by their top entities, with an extractive summary
    community_summaries: list[CommunitySummary] = field(default_factory=list)
    #: the backbone's significance level and the links of the graph it was taken from (--backbone)
    backbone: float | None = None
    backbone_of_edges: int | None = None


def with_metrics(graph: nx.Graph) -> nx.Graph:
    """``graph`` itself when it carries PageRank and communities, else a copy that does."""
    if all("pagerank" in d and "community" in d for _, d in graph.nodes(data=True)):
        return graph
    out = graph.copy()
    for name, values in metrics(out).items():
        for node, value in values.items():
            out.nodes[node].setdefault(name, value)
    return out


# ---------------------------------------------------------------- names


def normalise(name: str) -> str:
    """The resolution stage's matching key (graphkit.resolution.names.match_key), so a name typed here is
    compared the way the build compared names: case, accents, punctuation, a possessive "'s" and a
    leading "the" ignored. "the Kim Jong-un's" -> "kim jong un"."""
    return match_key(str(name))


def names_of(data: dict) -> list[str]:
    """A node's label, then its spellings (the aliases attribute), empty ones left out."""
    names = [str(data.get("label", ""))]
    names += [a for a in str(data.get("aliases", "") or "").split("|") if a]
    return [n for n in names if n]


def _entity(graph: nx.Graph, node) -> Entity:
    d = graph.nodes[node]
    pagerank = d.get("pagerank")
    community = d.get("community")
    return Entity(
        id=str(node),
        label=str(d.get("label", node)),
        type=str(d.get("type", "")),
        mentions=int(d.get("mentions", 0) or 0),
        documents=int(d.get("documents", 0) or 0),
        pagerank=float(pagerank) if pagerank is not None else None,
        community=int(community) if community is not None else None,
    )


def _prominence(graph: nx.Graph, node):
    d = graph.nodes[node]
    return (-int(d.get("mentions", 0) or 0), -graph.degree(node), str(node))


def find_entity(graph: nx.Graph, name: str) -> Match:
    """The entity ``name`` refers to (see the module docstring for the matching rules).

    When several entities share the matched name, the most mentioned wins and the rest are in
    ``Match.others``. A partial name must fit one entity only.
    """
    query = str(name).strip()
    if not query:
        raise UnknownEntityError(name, [], "Give an entity name.")
    # ids are compared as text: a user's own graph may have int ids, typed here as "42"
    node = query if query in graph else next((n for n in graph if str(n) == query), None)
    if node is not None:
        return Match(query, _entity(graph, node), "id")
    folded, norm = query.casefold(), normalise(query)
    levels = {"label": [], "alias": [], "normalised": [], "initials": [], "partial": []}
    unmatched = []
    for node, data in graph.nodes(data=True):
        names = names_of(data)
        if names and names[0].casefold() == folded:
            levels["label"].append(node)
        elif any(n.casefold() == folded for n in names[1:]):
            levels["alias"].append(node)
        else:
            unmatched.append((node, names))
    # the first level that holds an entity decides, so the normalised names (a second on a graph of
    # 20,000 entities) are made only when no label or alias is the name as typed
    if norm and not (levels["label"] or levels["alias"]):
        pattern = re.compile(rf"(?:^| ){re.escape(norm)}(?: |$)")
        several = len(norm.split()) > 1
        for node, names in unmatched:
            keys = [normalise(n) for n in names]
            if norm in keys:
                levels["normalised"].append(node)
            elif several and any(_without_initials(key) == norm for key in keys):
                levels["initials"].append(node)
            elif any(pattern.search(key) for key in keys):
                levels["partial"].append(node)
    for how, nodes in levels.items():
        if not nodes:
            continue
        nodes.sort(key=lambda n: _prominence(graph, n))
        if how == "partial" and len(nodes) > 1:
            labels = [_describe(graph, n) for n in nodes[:8]]
            raise UnknownEntityError(name, labels, f'"{name}" is part of several names.', ambiguous=True)
        # a label wins over an alias, but the entities that hold the name as an alias are named too:
        # "Bush" is the label of a small entity and an alias of George W. Bush's
        others = sorted(nodes[1:] + (levels["alias"] if how == "label" else []), key=lambda n: _prominence(graph, n))
        return Match(query, _entity(graph, nodes[0]), how, [_entity(graph, n) for n in others])
    titled = person_name(query)  # "President Obama": the name without its title, as the build keys it
    if titled.title and titled.display and titled.display != query:
        try:
            found = find_entity(graph, titled.display)
        except UnknownEntityError as exc:
            if exc.ambiguous:
                raise
        else:
            # a title names a person, by a name the graph has ("Obama"): not "General Motors", nor
            # "Prince Harry" as the only Harry of the graph (a part of a name is too loose here)
            if found.entity.type == "PERSON" and found.matched_by != "partial":
                return Match(query, found.entity, "title", [o for o in found.others if o.type == "PERSON"])
    raise UnknownEntityError(name, suggest(graph, query))


def _without_initials(key: str) -> str:
    """A normalised name without its middle initials: "donald j trump" -> "donald trump" (a first
    or last initial stays: "j smith" is no "smith", nor any other Smith)."""
    words = key.split()
    return " ".join(words[:1] + [w for w in words[1:-1] if len(w) > 1] + words[-1:]) if len(words) > 2 else key


def _describe(graph: nx.Graph, node) -> str:
    d = graph.nodes[node]
    return f"{d.get('label', node)} ({d.get('type', '')})" if d.get("type") else str(d.get("label", node))


def suggest(graph: nx.Graph, name: str, limit: int = 5) -> list[str]:
    """The entities whose label or alias is closest to ``name`` (graphkit.resolution.names.suggest_names, the
    same fuzzy match as ``graphkit build --explain``), best first, as "Label (TYPE)".

    Names are offered most prominent entity first, so among equally close names the more
    mentioned entity comes first; an entity is listed once, whichever of its names matched.
    """
    owners: dict[str, list] = {}
    for node in sorted(graph, key=lambda n: _prominence(graph, n)):
        for n in dict.fromkeys(names_of(graph.nodes[node])):
            owners.setdefault(n, []).append(node)
    out, seen = [], set()
    for hit in suggest_names(name, owners, limit=limit * 4):
        for node in owners[hit]:
            if node not in seen:
                seen.add(node)
                out.append(_describe(graph, node))
    return out[:limit]


# ---------------------------------------------------------------- questions


def _link(graph: nx.Graph, source, target, meta: dict) -> Link:
    d = graph.edges[source, target]
    evidence = []
    stated = str(d.get("evidence_relations", "") or "").split("\n")
    for i, (doc_id, text, day) in enumerate(parse_dated_evidence(str(d.get("evidence", "") or ""))):
        info = meta.get(doc_id) or {}
        relation = stated[i] if i < len(stated) else ""
        evidence.append(Evidence(doc_id, text, info.get("title"), info.get("url"), day or info.get("date"), relation))
    weight = d.get("weight", 1)
    return Link(
        source=_entity(graph, source),
        target=_entity(graph, target),
        weight=int(weight) if float(weight).is_integer() else float(weight),
        documents=int(d.get("documents", 0) or 0),
        evidence=evidence,
        npmi=finite_or_none(d.get("npmi")),
        disparity=finite_or_none(d.get("disparity")),
        relations=link_relations(graph, source, target),
    )


def neighbors(graph: nx.Graph, name: str, limit: int | None = None) -> Neighborhood:
    """The entity ``name`` and its neighbours, strongest link first, each with its evidence."""
    match = find_entity(graph, name)
    node = _node(graph, match)
    meta = documents_meta(graph)
    ranked = sorted(graph[node], key=lambda n: (-graph.edges[node, n].get("weight", 1), _prominence(graph, n)))
    chosen = ranked if limit is None else ranked[:limit]
    return Neighborhood(match, len(ranked), [_link(graph, node, n, meta) for n in chosen])


def _node(graph: nx.Graph, match: Match):
    """The graph's own node key for a match (ids may have been read back as text)."""
    return match.entity.id if match.entity.id in graph else next(n for n in graph if str(n) == match.entity.id)


def shortest_path(graph: nx.Graph, source: str, target: str) -> PathResult:
    """The shortest chain of co-mentions from ``source`` to ``target``, with the evidence of each hop.

    Fewest hops first; among equally short paths, the one through the strongest links (each hop
    costs 1 plus a tie-breaker below 1/n that shrinks as the edge weight grows).
    """
    a, b = find_entity(graph, source), find_entity(graph, target)
    na, nb = _node(graph, a), _node(graph, b)
    if na == nb:
        return PathResult(a, b, True, [])
    n = graph.number_of_nodes()

    def cost(_u, _v, d):
        weight = float(d.get("weight", 1) or 1)
        return 1.0 + 1.0 / ((n + 1) * (1.0 + max(weight, 0.0)))

    try:
        nodes = nx.dijkstra_path(graph, na, nb, weight=cost)
    except nx.NetworkXNoPath:
        return PathResult(a, b, False, [])
    meta = documents_meta(graph)
    return PathResult(a, b, True, [_link(graph, u, v, meta) for u, v in zip(nodes, nodes[1:])])


def stats(graph: nx.Graph, top: int = 10) -> Stats:
    """Counts, the most mentioned and most central entities, the strongest edges and the communities."""
    graph = with_metrics(graph)
    nodes = sorted(graph, key=lambda n: _prominence(graph, n))
    types: dict[str, int] = {}
    for _, t in graph.nodes(data="type", default=""):
        types[str(t)] = types.get(str(t), 0) + 1
    components = list(nx.connected_components(graph))
    by_pagerank = sorted(graph, key=lambda n: (-float(graph.nodes[n].get("pagerank", 0) or 0), _prominence(graph, n)))
    edges = sorted(graph.edges(data="weight", default=1), key=lambda e: (-e[2], *sorted((str(e[0]), str(e[1])))))
    members: dict[int, list] = {}
    for node in by_pagerank:
        members.setdefault(int(graph.nodes[node].get("community", -1)), []).append(node)
    ranked_communities = sorted(members.items(), key=lambda item: (-len(item[1]), item[0]))
    meta = documents_meta(graph)
    documents = graph.graph.get("documents")
    return Stats(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        documents=int(documents) if documents is not None else None,
        window=graph.graph.get("window"),
        backbone=finite_or_none(graph.graph.get("backbone")),
        backbone_of_edges=int(graph.graph["backbone_of_edges"]) if "backbone_of_edges" in graph.graph else None,
        components=len(components),
        largest_component=max((len(c) for c in components), default=0),
        isolated=sum(1 for c in components if len(c) == 1),
        types=dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
        top_mentions=[_entity(graph, n) for n in nodes[:top]],
        top_pagerank=[_entity(graph, n) for n in by_pagerank[:top]],
        strongest_edges=[_link(graph, *sorted((u, v), key=str), meta) for u, v, _ in edges[:top]],
        communities=[Community(c, len(ns), [_entity(graph, n) for n in ns[:5]]) for c, ns in ranked_communities[:top]],
        community_count=len(members),
        significant_edges=[_link(graph, a, b, meta) for a, b in significant_links(graph)[:top]],
        community_summaries=community_summaries(graph, limit=min(top, SUMMARIES_SHOWN)),
    )
