"""Partial names in one document: the groups that are the start or end of a person's full name
there ("Kim", "Mr. Putin" beside "Kim Jong Un", "Vladimir Putin"), and lone first words of a
longer place name ("Atlantic" beside "Atlantic Ocean"), found by graphkit.resolution.resolver
before names are joined across documents."""

from __future__ import annotations

from collections import defaultdict

from .groups import NameGroup, NameMention, ResolverState, alias_spellings, family
from .names import COMPASS_WORDS, display_form, is_name_suffix, is_titlecase_word, match_key
from .places import is_place_name, is_region_name


def mark_name_parts(mentions: list[NameMention]) -> None:
    """A lone word that is the first or last name of a person named in full in its document is that
    person, whatever spaCy typed it ("Jordan" beside "Michael Jordan"), unless the text uses it as a
    place ("in Jordan"): its ``role`` is "person". A mention the alias file pins keeps its pin (no
    role), but a surname pinned to the person's name it ends is still typed PERSON."""
    first_names, last_names, alone = set(), set(), set()
    for mention in mentions:
        tokens = mention.key.split()
        if mention.type == "PERSON" and len(tokens) >= 2 and not mention.headline:
            first_names.add(tokens[0])
            last_names.add(tokens[-1])
        elif mention.type == "PERSON":
            alone.add(mention.key)
    for mention in mentions:
        if mention.pin:
            if mention.type != "PERSON" and _pinned_surname(mention, last_names):
                # "Kerik: Bernard Bailey Kerik" moves spaCy's GPE "Kerik" to the person, and it stays
                # a person's name, as without the file: not a GPE vote that makes the person a place
                mention.retyped = "PERSON"
            continue
        if mention.type == "PERSON":
            name_part = mention.key in first_names or mention.key in last_names
        else:
            # a surname only ("Montana" is not "Montana Native Vote"), and never "UN" of "Kim Jong Un"
            name_part = mention.key in last_names and not mention.place_cue and is_titlecase_word(mention.display)
            # a country's name is a person's only where spaCy also reads the word alone as one
            # ("Jordan" beside "Michael Jordan"; not a country glued onto the end of a name)
            name_part = name_part and (not mention.country or mention.key in alone)
        if name_part:
            mention.role = "person"


def _pinned_surname(mention: NameMention, last_names: set[str]) -> bool:
    """One word, pinned to a name that ends with it, the surname of a person named in full there."""
    own = match_key(mention.surface)
    return (
        " " not in own
        and own in last_names
        and mention.key.rsplit(" ", 1)[-1] == own
        and not mention.place_cue
        and is_titlecase_word(display_form(mention.surface))
    )


def find_partials(resolver: ResolverState) -> dict[int, list[NameGroup]]:
    """Per document: groups that are the start or end of a person's full name there, or that name
    such a person without a middle name ("Harry Schwarz" beside "Harry Heinz Schwarz")."""
    partials: dict[int, list[NameGroup]] = {}
    aside = alias_spellings(resolver)
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
        # a place the alias file drops or renames is still written there: "North" beside it is no name
        written = {
            key.split()[0] for key, kind in aside.get(doc_id, {}).items() if " " in key and family(kind) == "PLACE"
        }
        for g in body:
            if g.pin:
                continue
            if len(g.tokens) == 1 and g.key in COMPASS_WORDS and g.key in written and _is_place_fragment(g):
                resolver.drop_group(g, "drop_fragment")
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
            if n == 2 and g.is_person():
                found += [
                    f
                    for f in by_first.get(tokens[0], ())
                    if f not in found and middle_left_out(tokens, f.tokens) and not _suffixed(g) and not _suffixed(f)
                ]
            if found:
                partials[g.gid] = found
    return partials


def middle_left_out(short: list[str], full: list[str]) -> bool:
    """ "Harry Schwarz" of "Harry Heinz Schwarz": a first and last name, those of the longer name (a
    name written in full and then without the middle name, in one document). Only two words: "George
    Walker Bush" is a full name of its own, not "George Herbert Walker Bush" without "Herbert"."""
    return len(short) == 2 and len(full) > 2 and full[0] == short[0] and full[-1] == short[-1]


def _suffixed(g: NameGroup) -> bool:
    """A name written with a generational suffix ("III", "Jr."): father and son share the rest, so
    "Benigno Aquino" beside "Benigno Simeon Cojuangco Aquino III" may be the father (whose "Jr."
    spaCy left outside the name)."""
    return any(is_name_suffix(words[-1]) for m in g.mentions if (words := m.surface.replace(",", " ").split()))


def _is_place_fragment(g: NameGroup) -> bool:
    """ "North" beside "North Korea": typed as a place, and not a place of its own."""
    return family(g.top_type) == "PLACE" and not (is_place_name(g.key) or is_region_name(g.key))


def _person_word(resolver: ResolverState, g: NameGroup) -> bool:
    """A lone word typed ORG/…, that the corpus mostly uses as a person's name ("Gerasimov")."""
    if len(g.tokens) != 1 or is_place_name(g.key):
        return False
    if any(m.country or not is_titlecase_word(m.display) for m in g.mentions):
        return False  # "UN" is not the end of "Kim Jong Un"
    other = sum(n for t, n in resolver.alone_types[g.key].items() if t != "PERSON")
    return resolver.person_word[g.key] > other
