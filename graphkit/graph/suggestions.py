"""Likely problems of a built graph, each with the alias-file line that fixes it.

What the automatic resolution rules left for the user to decide:

* likely duplicates no rule merged: an initial for a given name ("J. Smith" / "John Smith"), a
  dropped middle name ("George Bush" / "George Walker Bush"), an abbreviated word ("N. Korea" /
  "North Korea"), one name under two types, an acronym whose expansion is named in the same
  documents, a lone name the rules kept apart from the one person it could be ("Hitler" / "Adolf
  Hitler": named alone in more articles than in full);
* types the articles contradict: "Burisma", typed PERSON, which they call "an energy company"
  (the node's roles, graphkit.graph.described_types);
* likely junk: names in a script almost no other name uses (NER run on text in another language),
  punctuation names rarely hold, titles typed as people, compass words, boilerplate and speakers'
  tags in transcripts (in most documents, or many times in each);
* the rules' guesses with the least support (a corpus-wide partial name, a near-identical
  spelling, a first word of a longer place name... made in one or two documents).

Everything reads a finished graph (node attributes ``label``, ``type``, ``mentions``,
``documents``, ``aliases``, ``doc_ids``, ``roles``) and merges.csv rows, so it runs inside a build (for the
page's suggestion panel) and on a build's output folder (``graphkit review``). Rules look at the
shape of names, never at particular names. Most mentioned first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from ..core.records import Merge
from ..core.wording import plural
from ..resolution.entities import RULES
from ..resolution.names import surface_key
from .described_types import described_types
from .duplicates import abbreviations, acronyms, given_initials, middle_names, two_types
from .junk import junk, not_a_name, other_scripts
from .review_data import Node, Suggestion, Surfaces, merge_suggestion, read_nodes, to_int, yaml_name
from .type_choice import NameWords

__all__ = ["KINDS", "Suggestion", "suggestions", "yaml_name"]

#: the kinds of suggestion, with a short heading each
KINDS = {
    "initial": "an initial for a given name",
    "middle": "a dropped middle name",
    "abbreviation": "an abbreviated word",
    "types": "one name under two types",
    "described": "a type the articles contradict",
    "acronym": "an acronym and its expansion",
    "alone": "a name standing alone",
    "junk": "likely not a name",
    "weak": "a merge with little support",
}
#: merges.csv rules that are guesses (not a same-name match, the alias file or an acronym named beside
#: its expansion), by the start of their text (graphkit.resolution.entities.RULES)
_GUESS_RULES = (
    "partial name of the only matching full name",
    "near-identical spelling",
    "first word of a longer place name",
    "organisation word order",
    "surname after a cut-off name",
)
#: a guess made in at most this many documents has little support
_WEAK_SUPPORT = 2


def _weak_merges(nodes: list[Node], merges: Sequence[Merge]) -> Iterable[Suggestion]:
    """The rules' guesses made in one or two documents: keep the alias apart to undo one.

    Not when the alias joined an entity in other documents too (by a surer rule, "Trump" beside
    "Donald Trump" in the same article): the alias file names spellings, so the line would take
    the alias out of those documents as well, undoing good merges to undo a guess. Nor in an entity
    the alias file joins other spellings into."""
    by_id = {e.id: e for e in nodes}
    documents: dict[str, set[str]] = {}  # surface key -> the documents where a surer rule joined it
    # the entities the alias file joins spellings into (a merge in the page, an accepted suggestion):
    # the user's, seen with all their spellings, which the review does not question again
    curated = {m.entity_id for m in merges if m.rule.startswith(RULES["alias"]) and m.alias != m.canonical}
    for m in merges:
        if m.canonical and m.alias != m.canonical and not any(m.rule.startswith(r) for r in _GUESS_RULES):
            documents.setdefault(surface_key(m.alias), set()).update(m.doc_ids)
    for m in merges:
        if not (m.canonical and m.alias != m.canonical and m.entity_id in by_id and len(m.doc_ids) <= _WEAK_SUPPORT):
            continue
        if m.entity_id in curated:
            continue
        if not any(m.rule.startswith(r) for r in _GUESS_RULES):
            continue
        if documents.get(surface_key(m.alias), set()) - set(m.doc_ids):
            continue
        e = by_id[m.entity_id]
        docs = plural(len(m.doc_ids), "document")
        # at stake: the alias in those few documents, not the whole entity it joined
        yield Suggestion("weak", f'"{m.alias}" joined "{m.canonical}": {m.rule.split(";")[0]} ({docs}); if they are '
                         "not one, the line keeps it apart", [e.id],
                         [e.label], len(m.doc_ids), "aliases", f"{yaml_name(m.alias)}: {yaml_name(m.alias)}",
                         {"action": "split", "id": e.id, "alias": m.alias})  # fmt: skip


#: merges.csv's note on a name the rules kept apart
_KEPT_APART = RULES["ambiguous"] + " "


def _kept_apart(nodes: list[Node], merges: Sequence[Merge], surfaces: Surfaces) -> Iterable[Suggestion | None]:
    """A lone name kept apart from the only person it could be: the merge, for the user to judge."""
    by_id = {e.id: e for e in nodes}
    for m in merges:
        notes = [p[len(_KEPT_APART) :] for p in m.rule.split("; ") if p.startswith(_KEPT_APART)]
        alone = by_id.get(m.entity_id)
        if not notes or " or " in notes[0] or alone is None or alone.type != "PERSON":
            # ("A or B": two people it could be, no one line fixes it; an organisation the rule kept
            # apart is "McLaren" the team, not the person)
            continue
        named = [by_id.get(i) for i in surfaces.owners[surface_key(notes[0])] - {alone.id}]
        full = named[0] if len(named) == 1 else None
        # a first name alone is someone else's more often than not ("Valerie", a cyclist's wife, beside
        # Valerie Plame named once): offered only for a person named in full in two documents or more
        first_name = full is not None and alone.tokens[-1:] == full.tokens[:1] != full.tokens[-1:]
        if full is not None and full.type == "PERSON" and not (first_name and full.documents < 2):
            reason = (
                f'"{alone.label}" may be "{full.label}" (alone in {plural(alone.documents, "document")}, '
                f"named in full in {plural(full.documents, 'document')})"
            )
            yield merge_suggestion("alone", reason, full, alone, surfaces)


def _roles(graph) -> dict[str, list[str]]:
    """{node id: its roles} (graphkit.graph.relation_attributes: joined with "|")."""
    return {str(n): [r for r in str(said).split("|") if r] for n, said in graph.nodes(data="roles") if said}


def suggestions(graph, merges: Sequence[Merge] = (), kinds: Sequence[str] = ()) -> list[Suggestion]:
    """The likely problems of ``graph`` (a built graph) and ``merges`` (its merges.csv rows), most
    mentioned first; each names the entities, why, and the alias-file line that fixes it. ``kinds``
    (of KINDS) keeps only those kinds (none: all)."""
    every = read_nodes(graph)
    surfaces = Surfaces(every)
    total = to_int(graph.graph.get("documents")) or len({d for e in every for d in e.docs})
    found, flagged = other_scripts(every, surfaces)
    nodes = [e for e in every if e.id not in flagged]  # already suggested for dropping
    not_names = {e.id: why for e in nodes if (why := not_a_name(e))}
    names = [e for e in nodes if e.id not in not_names]  # "Jr.": a drop suggestion only (junk), no merge or type
    people = [e for e in names if e.type == "PERSON"]
    surnames: Counter = Counter()  # surname -> mentions of the people named in full with it
    for p in people:
        if len(p.tokens) >= 2:
            surnames[p.tokens[-1]] += p.mentions
    roles, words = _roles(graph), NameWords(names)  # (both read by two detectors)
    for source in (
        given_initials(people, surfaces),
        middle_names(people, surfaces),
        abbreviations(names, surfaces),
        two_types(names, surnames, roles, words),
        described_types(names, roles, words),
        acronyms(names, surfaces),
        _kept_apart(names, merges, surfaces),
        junk(nodes, total, surfaces, not_names),
        _weak_merges(nodes, merges),
    ):
        found.extend(s for s in source if s is not None)
    order = list(KINDS)
    seen, out = set(), []
    for s in sorted(found, key=lambda s: (-s.mentions, order.index(s.kind), s.labels, s.line)):
        if kinds and s.kind not in kinds:
            continue
        # one fix once, under the first kind that finds it ("A. millepora": an initial and an
        # abbreviated word alike)
        mark = (s.section, tuple(sorted(s.nodes)), s.line)
        if mark not in seen:
            seen.add(mark)
            out.append(s)
    return out
