"""Rules of the resolution stage that weigh the whole corpus, run by graphkit.resolution.resolver
(besides graphkit.resolution.rules):

* :func:`link_qualifiers`: "D.C." of "Washington, D.C." is Washington when the corpus writes it
  (nearly) only after Washington; "Washington D.C." written as one name is Washington too. A
  qualifier written after many places ("Texas" of "Houston, Texas", "Austin, Texas") names a place
  of its own and stays one.
* :func:`drop_common_acronyms`: an acronym the corpus spells out in lower-case words ("digital
  rights management (DRM)") is a common noun, not an organisation;
* :func:`time_zones`: "UTC" of "09:00 UTC" is no entity, unless the article names something that
  starts with it ("UTC Aerospace Systems");
* :func:`conflicting_middles`: full names the corpus writes with different middle initials
  ("George W. Bush", "George H. W. Bush") are different people.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .groups import NameGroup, NameMention, ResolverState, family

#: a qualifier is its head place when this share of its mentions (and at least MIN_QUALIFIER) follow it
QUALIFIER_SHARE = 2 / 3
MIN_QUALIFIER = 3


def link_qualifiers(resolver: ResolverState) -> None:
    """Join a place written (nearly) only as the qualifier of one other place to that place."""
    after: dict[str, Counter] = defaultdict(Counter)  # qualifier key -> head keys it followed
    total: Counter = Counter()  # qualifier key -> all its mentions
    for g in resolver.groups:
        if g.gid in resolver.gone or family(g.top_type) != "PLACE" or g.pin:
            continue
        total[g.key] += len(g.mentions)
        slots = resolver.slots[g.doc]
        for m in g.mentions:
            head = slots[m.qualifies] if 0 <= m.qualifies < len(slots) else None
            if head is not None and family(head.type) == "PLACE" and head.key != g.key and not m.country:
                after[g.key][head.key] += 1
    joined: dict[str, str] = {}
    for key, heads in after.items():
        head, n = heads.most_common(1)[0]
        if n >= MIN_QUALIFIER and n >= QUALIFIER_SHARE * total[key] and head in resolver.key_rep:
            joined[key] = head
            rep, target = resolver.key_rep[key], resolver.key_rep[head]
            if resolver.uf.union(target.gid, rep.gid):
                _mark_qualifier(resolver, key)
    if not joined:
        return
    # "Washington D.C." as one name: the head and one of its qualifiers
    head_words = {head.split(" ", 1)[0] for head in joined.values()}
    for key, g in list(resolver.key_rep.items()):
        tokens = g.tokens
        if not tokens or tokens[0] not in head_words:
            continue  # no head place starts the name (most names)
        for i in range(1, len(tokens)):
            head, tail = " ".join(tokens[:i]), " ".join(tokens[i:])
            if joined.get(tail) == head and family(g.top_type) == "PLACE":
                if resolver.uf.union(resolver.key_rep[head].gid, g.gid):
                    _mark_qualifier(resolver, key)
                break


def _mark_qualifier(resolver: ResolverState, key: str) -> None:
    for g in resolver.groups_of(key):
        if not g.how and g.gid not in resolver.gone:
            g.how, g.linked = "qualifier", True


def drop_common_acronyms(resolver: ResolverState) -> None:
    """Drop an acronym that most documents spelling it out spell in lower case ("digital rights
    management (DRM)"): where they do, and elsewhere unless typed PERSON there ("FDR" is also a
    president) or a document spells it out as a name."""
    lower: dict[str, set[str]] = defaultdict(set)
    named: dict[str, set[str]] = defaultdict(set)
    for g in resolver.groups:
        for m in g.mentions:
            if m.definition == "lower":
                lower[g.key].add(g.doc)
            elif m.definition == "name":
                named[g.key].add(g.doc)
    for key, docs in lower.items():
        if len(docs) < 2 * len(named.get(key, ())):
            continue
        for g in resolver.groups_of(key):
            if g.pin or g.gid in resolver.gone or g.doc in named.get(key, ()):
                continue
            if g.doc in docs or (not named.get(key) and g.top_type != "PERSON"):
                resolver.drop_group(g, "drop_common_acronym")


def join_named_partials(resolver: ResolverState, partials) -> frozenset[str]:
    """A name of two words or more that joined a longer name in its document ("Pedro Pierluisi"
    beside "Pedro R. Pierluisi Urrutia") is, written alone in another document, the same person:
    that document's "Pedro Pierluisi" joins them too. Not when such names join different people in
    different documents ("Kim Jong" beside "Kim Jong Un" here, "Kim Jong Il" there). (A document where
    the name fits two people joins too: merges.csv's row says so.) Returns the keys of the names it
    joined."""
    joined: dict[str, set[int]] = defaultdict(set)  # key -> the clusters its linked partials joined
    for gid in partials:
        g = resolver.groups[gid]
        if g.linked and g.how == "partial" and len(g.tokens) >= 2 and gid not in resolver.gone:
            joined[g.key].add(resolver.uf.find(gid))
    named = set()
    for key, roots in sorted(joined.items()):
        rep = resolver.key_rep.get(key)
        if len(roots) != 1 or rep is None or rep.gid in resolver.gone:
            continue
        if resolver.uf.union(next(iter(roots)), rep.gid):
            named.add(key)
    return frozenset(named)


def conflicting_middles(groups: list[NameGroup]) -> dict[int, str]:
    """gid -> middle initials, for the groups of full names the corpus writes with two or more
    different middle initials ("George W. Bush" and "George H. W. Bush" are two people); a name
    written without initials ("George Bush") is in none of them."""
    by_key: dict[str, dict[int, str]] = defaultdict(dict)
    for g in groups:
        middles = {m.middle for m in g.mentions if m.middle}
        if len(middles) == 1 and len(g.tokens) >= 2:
            by_key[g.key][g.gid] = middles.pop()
    return {gid: middle for found in by_key.values() if len(set(found.values())) > 1 for gid, middle in found.items()}


def time_zones(mentions: list[NameMention]) -> list[NameMention]:
    """The time-zone abbreviations among one document's mentions, except those that start another
    name there: "UTC" of "09:00 UTC" is dropped, in an article naming "UTC Aerospace Systems" it is
    that company's short name."""
    if not any(m.timezone for m in mentions):
        return []
    starts = {m.display.split(" ", 1)[0] for m in mentions if " " in m.display}
    return [m for m in mentions if m.timezone and m.display not in starts]
