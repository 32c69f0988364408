"""Likely duplicates no resolution rule merged: an initial for a given name, a dropped middle name,
an abbreviated word, one name under two types, an acronym named beside its expansion (in enough of
its documents)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..resolution.entities import CLEAR_MAJORITY
from ..resolution.groups import family
from ..resolution.names import initials as name_initials
from ..resolution.names import is_acronym, is_titlecase_word, match_key, person_name
from .described_types import described_kind
from .review_data import Node, Suggestion, Surfaces, merge_suggestion, yaml_name
from .type_choice import MIN_EVIDENCE, NameWords

#: a word written short with a period: "N.", "St.", "Mt."
_ABBREVIATED = re.compile(r"[^\W\d_]{1,4}\.")
_PLACE_TYPES = ("GPE", "LOC", "FAC")
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "&", "on", "in", "at", "to", "de", "du", "des", "la", "le"})


def _is_initial(token: str) -> bool:
    return len(token) == 1 and token.isalpha()


def given_initials(people: list[Node], surfaces: Surfaces) -> Iterable[Suggestion | None]:
    """ "J. Smith" / "John Smith": the same surname, initials standing for the given names."""
    by_last: dict[str, list[Node]] = defaultdict(list)
    for p in people:
        if len(p.tokens) >= 2:
            by_last[p.tokens[-1]].append(p)
    for group in by_last.values():
        for short in group:
            if not _is_initial(short.tokens[0]):
                continue
            fits = [
                full for full in group
                if full is not short and len(full.tokens) == len(short.tokens) and not _is_initial(full.tokens[0])
                and all(a == b or (_is_initial(a) and b.startswith(a)) for a, b in zip(short.tokens, full.tokens))
            ]  # fmt: skip
            if len(fits) == 1:  # two people it could be: no suggestion
                reason = f'"{short.label}" may be "{fits[0].label}" (an initial for the given name)'
                yield merge_suggestion("initial", reason, fits[0], short, surfaces)


def middle_names(people: list[Node], surfaces: Surfaces) -> Iterable[Suggestion | None]:
    """ "George Bush" / "George Walker Bush": first and last names equal, the middle left out."""
    by_ends: dict[tuple[str, str], list[Node]] = defaultdict(list)
    for p in people:
        if len(p.tokens) >= 2:
            by_ends[(p.tokens[0], p.tokens[-1])].append(p)
    for group in by_ends.values():
        # the middle of the longer name in words ("Walker"), not initials ("H.W."): initials are
        # part of the name's key already, and different initials are different people
        longer = [p for p in group if len(p.tokens) > 2]
        if len(longer) != 1 or any(len(t) < 3 for t in longer[0].tokens[1:-1]):
            continue
        for short in group:
            if len(short.tokens) == 2 and len(short.label.split()) == 2:
                reason = f'"{short.label}" may be "{longer[0].label}" (middle name left out)'
                # the name the corpus uses more names the entity ("Hillary Clinton", 48 mentions, not
                # "Hillary Rodham Clinton", 2), as for abbreviations
                keep, other = (longer[0], short) if longer[0].mentions >= short.mentions else (short, longer[0])
                yield merge_suggestion("middle", reason, keep, other, surfaces)


def _abbreviates(short: str, word: str) -> bool:
    """ "n" of "north", "st" of "saint", "mt" of "mount": the first letter, then letters in order."""
    if len(short) >= len(word) or short[0] != word[0]:
        return False
    rest = iter(word[1:])
    return all(c in rest for c in short[1:])


def abbreviations(nodes: list[Node], surfaces: Surfaces) -> Iterable[Suggestion | None]:
    """ "N. Korea" / "North Korea": a word written short with a period, the other words equal."""
    shorts = []
    for short in nodes:
        words = short.label.split()
        if len(words) >= 2 and len(words) == len(short.tokens) and any(_ABBREVIATED.fullmatch(w) for w in words):
            shorts.append((short, words))
    if not shorts:
        return
    # a full name has the short one's size and type, and its words written out at the same places:
    # indexed by one such word, a short name meets a handful of names, not all (30,000 on 2,770 articles)
    by_size: dict[tuple[int, str], list[Node]] = defaultdict(list)
    by_word: dict[tuple[int, str, int, str], list[Node]] = defaultdict(list)
    for e in nodes:
        by_size[(len(e.tokens), e.type)].append(e)
        for i, token in enumerate(e.tokens):
            by_word[(len(e.tokens), e.type, i, token)].append(e)
    for short, words in shorts:
        plain = next((i for i, w in enumerate(words) if not _ABBREVIATED.fullmatch(w)), None)
        size = (len(words), short.type)
        candidates = by_size[size] if plain is None else by_word[(*size, plain, short.tokens[plain])]
        fits = []
        for full in candidates:
            if full is short:
                continue
            pairs = list(zip(words, short.tokens, full.tokens))
            if (
                all(t == f or (_ABBREVIATED.fullmatch(w) and _abbreviates(t, f)) for w, t, f in pairs)
                and any(t != f for _, t, f in pairs)
                and any(t == f for _, t, f in pairs)
            ):
                fits.append(full)
        if len(fits) == 1:
            reason = f'"{short.label}" may be "{fits[0].label}" (an abbreviated word)'
            # both spellings say the same, so the one the corpus uses more names the entity, as the
            # build names an entity by its most used spelling ("St. Louis", "Apple Inc."); a tie: the full one
            keep, other = (short, fits[0]) if short.mentions > fits[0].mentions else (fits[0], short)
            yield merge_suggestion("abbreviation", reason, keep, other, surfaces)


def two_types(
    nodes: list[Node], surnames: Counter, roles: dict[str, list[str]], words: NameWords
) -> Iterable[Suggestion]:
    """The same name as entities of different types ("Stream" GPE and "Stream" ORG); ``words``: what
    the graph's other names say of a name's words (NameWords of ``nodes``)."""
    by_key: dict[str, list[Node]] = defaultdict(list)
    for e in nodes:
        by_key[match_key(e.label)].append(e)
    for key, group in by_key.items():
        if len(group) < 2 or len({e.type for e in group}) < 2:
            continue
        # a person named after a title ("President Ford", "Air Berlin" typed so) is kept apart from the
        # company or place of that name by the build: not offered back to it
        group = [e for e in group if not (e.type == "PERSON" and any(person_name(a).title for a in e.aliases))]
        group = [e for e in group if e.type]  # (a user's graph may leave some untyped: no type to offer)
        if len({e.type for e in group}) < 2:
            continue
        by_type: Counter = Counter()  # two entities may share a type ("Sun" and "The Sun", both ORG)
        by_family: Counter = Counter()  # as the build votes: GPE, LOC and FAC are one family of places
        for e in group:
            by_type[e.type] += e.mentions
            by_family[family(e.type)] += e.mentions
        top = max(by_family.values())
        first = next(f for f, n in by_family.items() if n == top)
        majority = max((t for t in by_type if family(t) == first), key=by_type.__getitem__)
        # the most mentioned type, except: a name that people named in full in the graph carry as
        # their surname, more often than it stands alone, is that person ("Trump"), unless other
        # kinds of names end with it more often than people's ("Linux"); a name the articles call a
        # kind of thing has that kind's type; a lone word typed PERSON that is not is more likely a
        # place, when it is typed as one too (news name a person in full first: "Pichilemu" typed
        # PERSON is the town)
        people = [e for e in group if e.type == "PERSON"]
        places = [e for e in group if e.type in _PLACE_TYPES]
        keep, others, described = next(e for e in group if e.type == majority), [], None
        if people and surnames[key] >= sum(e.mentions for e in group) and _ends_people_names(key, words):
            keep = people[0]
        elif (described := described_kind(group, roles, words)) is not None:
            # what the articles call it ("Abu Sayyaf, a militant group"): that kind's type, which
            # spaCy may have given none of its mentions (graphkit.graph.described_types)
            keep = next((e for e in group if e.type == described[0]), keep)
        elif keep.type == "PERSON" and len(key.split()) == 1 and places:
            keep = places[0]
        elif top < CLEAR_MAJORITY * sum(by_family.values()) or not top:
            # no type (family) has the share of the mentions the build asks before it re-types the
            # others (a tie, or "Sun" ORG ×22, LOC ×15, both mostly the star): the mentions do not say,
            # so the graph's other names decide (graphkit.graph.type_choice), or the user, offered every type
            candidates = sorted(by_type, key=lambda t: (-by_family[family(t)], -by_type[t]))  # most mentioned first
            tied = [t for t in candidates if by_family[family(t)] == top]
            chosen = words.choose(group, tied if len({family(t) for t in tied}) > 1 else candidates)
            if chosen is not None and by_family[family(chosen)] < top:
                chosen = None  # the other names against the mentions ("New York State", "State" ends ORGs)
            keep = next(e for e in group if e.type == (chosen or candidates[0]))
            others = [] if chosen else [t for t in candidates if t != keep.type]
            unclear = "a tie" if len({family(t) for t in tied}) > 1 else "no clear majority"
        rest = [e for e in group if e is not keep]
        counts = ", ".join(f"{t} ×{n}" for t, n in by_type.items())
        ids = [keep.id, *(e.id for e in rest)]
        reason = f'"{keep.label}" is one name under {len(by_type)} types ({counts})'
        etype = keep.type
        if described is not None:
            etype = described[0]
            reason += f'; the articles call it "{described[1]}"'
        action = {"action": "merge", "ids": ids, "canonical": keep.label, "type": etype}
        line = f"{yaml_name(keep.label)}: {etype}"
        if others:
            reason += f": {unclear}, check the type"
            line += f"  # or {' or '.join(others)}"
            action["types"] = [keep.type, *others]
        labels = [keep.label, *(e.label for e in rest)]
        yield Suggestion("types", reason, ids, labels, sum(e.mentions for e in group), "types", line, action)


def _ends_people_names(word: str, words: NameWords) -> bool:
    """False when ``MIN_EVIDENCE`` or more of the graph's names that end with ``word`` are of one other
    type, more than are people's (entities counted, not mentions): "Linux" ends Oracle Linux and four
    other organisations beside one "person", an operating system spaCy typed PERSON 35 times; "Trump"
    ends one "Team Trump" beside many people."""
    people = words.heads["PERSON"][word]
    other = max((n[word] for t, n in words.heads.items() if t != "PERSON"), default=0)
    return not (other >= MIN_EVIDENCE and other > people)  # one name is no evidence ("Team Trump" ORG)


#: documents naming an acronym without its expansion from which, when they are most of its documents, the
#: acronym is taken to stand for something else there too (see acronyms)
ACRONYM_APART = 3


def acronyms(nodes: list[Node], surfaces: Surfaces) -> Iterable[Suggestion | None]:
    """ "NATO" / "North Atlantic Treaty Organization": initials of a name named in the same documents."""
    by_initials: dict[str, list[Node]] = defaultdict(list)
    for e in nodes:
        words = [w for w in e.label.split() if w.casefold() not in _SMALL_WORDS]
        # an expansion is written in words ("Treaty"), not in codes ("ABS-CBN", "CC BY-SA")
        if e.type != "PERSON" and len(words) >= 2 and all(is_titlecase_word(w.strip(",.")) for w in words):
            letters = name_initials(e.key)
            if letters:
                by_initials[letters].append(e)
    for short in nodes:
        if short.type == "PERSON" or not is_acronym(short.label):
            continue
        fits = [e for e in by_initials.get(short.key.replace(" ", ""), ()) if e.docs & short.docs]
        if len(fits) == 1:
            shared = len(fits[0].docs & short.docs)
            # news spell an acronym out where they first use it: one named without that expansion in
            # most of its articles (three or more) stands for something else there ("AFP", the news
            # agency, beside the Australian Federal Police in 2 of its 28 articles), and an alias
            # line would move every one of them
            apart = len(short.docs - fits[0].docs)
            if apart >= ACRONYM_APART and apart > shared:
                continue
            reason = (
                f'"{short.label}" may stand for "{fits[0].label}" (named together in {shared} '
                f"document{'s' if shared != 1 else ''})"
            )
            yield merge_suggestion("acronym", reason, fits[0], short, surfaces)
