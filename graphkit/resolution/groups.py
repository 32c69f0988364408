"""Working records of the resolution stage: one mention, one name in one document, the
union-find that joins names into entities (honouring the user's alias file), and the joined
names handed to graphkit.resolution.entities.

Only the graphkit.resolution* modules use these; the stage's output is the plain records of
graphkit.core.records.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from .aliases import AliasTable
from .names import display_form, match_key, person_name

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


def family(entity_type: str) -> str:
    """GPE, LOC and FAC are one family for the type vote ("Kursk" as GPE or LOC is one place)."""
    return "PLACE" if entity_type in PLACE_TYPES else entity_type


@dataclass(eq=False)
class NameMention:
    """One mention as resolution sees it: its readable form, its matching key and what rules learnt."""

    doc: str
    index: int
    surface: str  # original spelling on one line
    type: str  # spaCy's label
    display: str  # readable name
    key: str  # match key
    headline: bool
    titled: bool = False
    key_rule: str = ""  # rule name when the key is not the plain normalised name
    pin: str | None = None  # canonical name from the alias file
    country: str | None = None
    role: str = ""  # "person" when the word is a name part of a person named in the same document
    retyped: str = ""  # the type a rule gave it instead of spaCy's
    place_cue: bool = False  # "in Washington", "from Jordan"
    timezone: bool = False  # a time-zone abbreviation ("UTC")
    qualifies: int = -1  # index of the place this one follows behind ", " ("Washington, D.C.")
    middle: str = ""  # middle initials the key leaves out ("w" of "George W. Bush")
    definition: str = ""  # an acronym spelt out there: "lower" (a common noun) or "name"

    @property
    def voted_type(self) -> str:
        return self.retyped or self.type


class cached_once:
    """``functools.cached_property`` without the lock it takes on every first access in Python
    3.11 (a third of the time of the resolver's corpus-wide step went into it)."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)  # later reads find it in the instance
        return value


@dataclass(eq=False)
class NameGroup:
    """The mentions of one name in one document (headline mentions apart from body ones)."""

    gid: int
    doc: str
    key: str
    headline: bool
    role: str = ""
    mentions: list[NameMention] = field(default_factory=list)
    how: str = ""  # rule name that linked this group to a fuller name
    note: str = ""  # e.g. the candidates of an ambiguous partial name
    linked: bool = False

    # groups are complete once their document is read: these are computed once, when asked
    @cached_once
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.key.split())

    @cached_once
    def pin(self) -> str | None:
        return next((m.pin for m in self.mentions if m.pin), None)

    @cached_once
    def types(self) -> dict[str, int]:
        """spaCy's labels of the mentions, counted in the order they come (a plain dict: a Counter
        per group costs more than the rest of the group's bookkeeping)."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            counts[m.type] = counts.get(m.type, 0) + 1
        return counts

    @cached_once
    def top_type(self) -> str:
        return max(self.types.items(), key=_count)[0]  # the first of the most frequent, as most_common(1)

    @cached_once
    def _person(self) -> bool:
        return self.types.get("PERSON", 0) * 2 > len(self.mentions)

    def is_person(self) -> bool:
        return self._person

    def is_titled(self) -> bool:
        """One word a title stood before, in this document ("President Ford", "Lord Liverpool")."""
        return len(self.tokens) == 1 and any(m.titled for m in self.mentions)


def _count(item: tuple[str, int]) -> int:
    return item[1]


class Unions:
    """Union-find over groups; alias-file pins decide which unions are allowed."""

    def __init__(self):
        self.parent: dict[int, int] = {}
        self.pin: dict[int, str | None] = {}
        self.alone: dict[int, bool] = {}

    def add(self, g: NameGroup, alone: bool) -> None:
        self.parent[g.gid] = g.gid
        self.pin[g.gid] = g.pin
        self.alone[g.gid] = alone

    def find(self, gid: int) -> int:
        root = gid
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[gid] != root:
            self.parent[gid], gid = root, self.parent[gid]
        return root

    def union(self, a: int, b: int, *, same_name: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        pa, pb = self.pin[ra], self.pin[rb]
        if pa and pb and match_key(pa) != match_key(pb):
            return False  # two canonical names from the alias file
        if (self.alone[ra] or self.alone[rb]) and not same_name:
            return False  # the alias file keeps this surface apart from automatic merges
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.pin[ra] = pa or pb
        self.alone[ra] = self.alone[ra] or self.alone[rb]
        return True


def alias_spellings(resolver: ResolverState) -> dict[str, dict[str, str]]:
    """{document: {key as written: spaCy's type}} of the body's names the alias file drops or renames
    there (keyed as the rules would have keyed them: "Mr. Putin" as "putin" too). The rules that drop
    a word for the longer name beside it ("Putin Thanks" of a headline beside "Putin", "North" beside
    "North Korea") read what the articles wrote: a name the user dropped or renamed is still there in
    the text, and the word beside it still no name of its own."""
    out: dict[str, dict[str, str]] = {}
    touched = [m for m, rule in resolver.dropped if rule == "drop_alias"]
    touched += [m for g in resolver.groups if g.pin for m in g.mentions]
    for m in touched:
        if not m.headline:
            keys = out.setdefault(m.doc, {})
            keys[match_key(m.surface)] = m.type
            if m.type == "PERSON":
                keys[person_name(display_form(m.surface)).key] = m.type
    return out


def person_cluster(groups: list[NameGroup]) -> bool:
    """More than half of the groups' mentions count as PERSON."""
    persons = total = 0
    for g in groups:
        total += len(g.mentions)
        persons += sum(1 for m in g.mentions if m.voted_type == "PERSON")
    return persons * 2 > total


@dataclass
class JoinedNames:
    """What the resolver hands to :func:`graphkit.resolution.entities.build_resolution`."""

    #: one item per entity-to-be: its canonical name from the alias file (or None) and its groups
    clusters: list[tuple[str | None, list[NameGroup]]]
    #: every mention of every extracted document, in order; None where it was dropped on reading
    slots: dict[str, list[NameMention | None]]
    #: mentions left out by a rule so far, with the rule's short name (see RULES)
    dropped: list[tuple[NameMention, str]]
    table: AliasTable
    #: title words the corpus never writes in lower case, so kept as names ("Marquise")
    not_titles: frozenset[str]
    #: how often the corpus writes each word in lower case
    lower_counts: Counter
    #: how often each word is the first or last word of a person's full name
    person_word: Counter
    #: the keys of names joined for a near-identical spelling
    fuzzy_keys: set[str]
    #: the keys of shorter names joined to a full name that another document writes them beside
    #: (graphkit.resolution.corpus_rules.join_named_partials)
    named_keys: frozenset[str] = frozenset()


class ResolverState(Protocol):
    """What the linking rules (graphkit.resolution.rules) read and change of the resolver's
    working state (graphkit.resolution.resolver.Resolver), named here so they need not import it."""

    groups: list[NameGroup]
    by_doc: dict
    uf: Unions
    key_rep: dict
    gone: set
    fuzzy_keys: set
    short_forms: dict
    short_mentions: Counter
    slots: dict
    middles: dict
    person_word: Counter
    alone_types: dict
    doc_order: list
    place_parts: list
    dropped: list

    def clusters(self) -> dict[int, list[NameGroup]]: ...

    def groups_of(self, key: str) -> list[NameGroup]: ...

    def drop_group(self, g: NameGroup, rule: str) -> None: ...

    def join_by_key(self, g: NameGroup) -> None: ...

    def name_of(self, g: NameGroup) -> str: ...
