"""Entities whose own articles say what kind of thing they are, when spaCy typed them otherwise.

The relations read roles from the text (graphkit.extraction.relations: "Burisma, an energy
company", "Eyjafjallajökull is a volcano"), and the graph keeps them on the node (``roles``).
spaCy types many names of organisations and places PERSON; where the articles call the entity an
"energy company" or a "militant group", the review offers the type that kind of thing has.

A role says what kind of thing the entity is by its head noun, the word it ends with before any
"of", "for"... ("militant group": a group; "chairman of Party": a chairman, a person). Only
generic nouns of kinds count (``KIND_NOUNS``: a closed list of common nouns, no names), and only
when they are at least half of what the articles call the entity, all of one type: a person
called a "singer" and a "guitarist" is not made a band by one garbled "band". A role the speaker
owns ("our company", "her organisation") says nothing of the entity, and a person's name (a first
name other people of the graph have) typed PERSON alone is left alone: a role there is more likely
the parser's error ("Ann Preston, haulage firm").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..resolution.names import match_key
from .review_data import Node, Suggestion, yaml_name
from .type_choice import NameWords

#: generic nouns of kinds of things (no names), and the type of a thing of that kind
KIND_NOUNS = {
    **dict.fromkeys(
        "agency airline alliance band bank carmaker channel charity club coalition company corporation firm group "
        "insurer magazine manufacturer militia movement network newspaper organisation organization party publisher "
        "retailer service union website".split(),
        "ORG",
    ),
    **dict.fromkeys("capital city country county municipality province town village".split(), "GPE"),
    **dict.fromkeys("glacier lake mountain river valley volcano".split(), "LOC"),
    **dict.fromkeys("airport bridge stadium".split(), "FAC"),
}
#: where a role's head noun ends: the words after it name something else ("chairman of Party")
_AFTER_HEAD = re.compile(r"\s(?:of|for|at|in|on|with|from|to|by|and)\s.*$", re.IGNORECASE)
_OWNED = frozenset({"our", "my", "your", "his", "her", "their", "its"})
#: people of the graph with that first name it takes to read a name as a person's
GIVEN_NAME_PEOPLE = 2


def role_kind(role: str) -> str | None:
    """The type a role's head noun gives ("Italian oil company": ORG), or None."""
    words = _AFTER_HEAD.sub("", role.strip()).split()
    if not words or words[0].casefold() in _OWNED:
        return None
    return KIND_NOUNS.get(words[-1].strip(".,;:'\"").casefold())


def described_kind(group: list[Node], roles: dict[str, list[str]], words: NameWords) -> tuple[str, str] | None:
    """(type, the role that says so) when at least half of what the articles call the entities of
    ``group`` (one name) names kinds of thing, all of one type; else None."""
    said = [r for e in group for r in roles.get(e.id, [])]
    kinds = Counter(k for k in map(role_kind, said) if k)
    if len(kinds) != 1:
        return None
    ((kind, n),) = kinds.items()
    if 2 * n < len(said):
        return None
    # a person's name, typed nothing else, is a person's more likely than the role (a name spaCy
    # also typed otherwise, "Abu Sayyaf" PERSON, FAC and ORG, is in doubt already)
    if all(e.type == "PERSON" for e in group) and any(
        len(e.tokens) >= 2 and words.given[e.tokens[0]] >= GIVEN_NAME_PEOPLE for e in group
    ):
        return None
    return kind, next(r for r in said if role_kind(r) == kind)


def described_types(nodes: list[Node], roles: dict[str, list[str]], words: NameWords) -> Iterable[Suggestion]:
    """A type suggestion for each entity most of whose roles name one kind of thing of another type.
    A name the graph holds under several types is left to graphkit.graph.duplicates.two_types, which
    weighs the roles too."""
    types_of: dict[str, set[str]] = defaultdict(set)
    for e in nodes:
        types_of[match_key(e.label)].add(e.type)
    for e in nodes:
        if not roles.get(e.id) or len(types_of[match_key(e.label)]) > 1:
            continue
        found = described_kind([e], roles, words)
        if found is None or found[0] == e.type:
            continue
        kind, called = found
        reason = f'"{e.label}" is typed {e.type or "untyped"}, but the articles call it "{called}"'
        yield Suggestion("described", reason, [e.id], [e.label], e.mentions, "types",
                         f"{yaml_name(e.label)}: {kind}", {"action": "retype", "id": e.id, "type": kind})  # fmt: skip
