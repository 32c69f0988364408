"""Partial names in one document: the groups that are the start or end of a person's full name
there ("Kim", "Mr. Putin" beside "Kim Jong Un", "Vladimir Putin"), and lone first words of a
longer place name ("Atlantic" beside "Atlantic Ocean"), found by graphkit.resolution.resolver
before names are joined across documents."""

from __future__ import annotations

from collections import defaultdict

from .groups import NameGroup, ResolverState, family
from .names import COMPASS_WORDS, is_titlecase_word
from .places import is_place_name


def find_partials(resolver: ResolverState) -> dict[int, list[NameGroup]]:
    """Per document: groups that are the start or end of a person's full name there."""
    partials: dict[int, list[NameGroup]] = {}
    for doc_id in resolver.doc_order:
        body = [g for g in resolver.by_doc[doc_id].values() if not g.headline]
        by_first: dict[str, list[NameGroup]] = defaultdict(list)
        by_last: dict[str, list[NameGroup]] = defaultdict(list)
        places: dict[str, list[NameGroup]] = defaultdict(list)
        for g in body:
            if len(g.tokens) >= 2:
                if g.is_person():
                    by_first[g.tokens[0]].append(g)
                    by_last[g.tokens[-1]].append(g)
                elif family(g.top_type) == "PLACE":
                    places[g.tokens[0]].append(g)
        for g in body:
            if g.pin:
                continue
            if len(g.tokens) == 1 and g.key in places and _is_place_fragment(g):
                if g.key in COMPASS_WORDS:
                    resolver.drop_group(g, "drop_fragment")  # "North" beside "North Korea", "North Carolina"…
                elif len({p.key for p in places[g.key]}) == 1:
                    resolver.place_parts.append((g, places[g.key][0]))  # "Atlantic" of "Atlantic Ocean"
                continue
            tokens, n = g.tokens, len(g.tokens)
            if tokens[0] not in by_first and tokens[-1] not in by_last:
                continue
            if not (g.is_person() or g.role == "person" or _person_word(resolver, g)):
                continue
            found = [f for f in by_first.get(tokens[0], ()) if len(f.tokens) > n and f.tokens[:n] == tokens]
            found += [
                f
                for f in by_last.get(tokens[-1], ())
                if len(f.tokens) > n and f.tokens[-n:] == tokens and f not in found
            ]
            if found:
                partials[g.gid] = found
    return partials


def _is_place_fragment(g: NameGroup) -> bool:
    """ "North" beside "North Korea": typed as a place, and not a place of its own."""
    return family(g.top_type) == "PLACE" and not is_place_name(g.key)


def _person_word(resolver: ResolverState, g: NameGroup) -> bool:
    """A lone word typed ORG/…, that the corpus mostly uses as a person's name ("Gerasimov")."""
    if len(g.tokens) != 1 or is_place_name(g.key):
        return False
    if any(m.country or not is_titlecase_word(m.display) for m in g.mentions):
        return False  # "UN" is not the end of "Kim Jong Un"
    other = sum(n for t, n in resolver.alone_types[g.key].items() if t != "PERSON")
    return resolver.person_word[g.key] > other
