"""Likely problems of a built graph, each with the alias-file line that fixes it.

What the automatic resolution rules left for the user to decide:

* likely duplicates no rule merged: an initial for a given name ("J. Smith" / "John Smith"), a
  dropped middle name ("George Bush" / "George Walker Bush"), an abbreviated word ("N. Korea" /
  "North Korea"), one name under two types, an acronym whose expansion is named in the same
  documents;
* likely junk: names in a script almost no other name uses (NER run on text in another language),
  punctuation names rarely hold, titles typed as people, compass words, boilerplate and speakers'
  tags in transcripts (in most documents, or many times in each);
* the rules' guesses with the least support (a corpus-wide partial name, a near-identical
  spelling, a first word of a longer place name... made in one or two documents).

Everything reads a finished graph (node attributes ``label``, ``type``, ``mentions``,
``documents``, ``aliases``, ``doc_ids``) and merges.csv rows, so it runs inside a build (for the
page's suggestion panel) and on a build's output folder (``graphkit review``). Rules look at the
shape of names, never at particular names. Most mentioned first.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core.records import Merge
from ..resolution.names import (
    COMPASS_WORDS,
    TITLE_WORDS,
    initials,
    is_acronym,
    is_titlecase_word,
    match_key,
    person_name,
    surface_key,
)

#: the kinds of suggestion, with a short heading each
KINDS = {
    "initial": "an initial for a given name",
    "middle": "a dropped middle name",
    "abbreviation": "an abbreviated word",
    "types": "one name under two types",
    "acronym": "an acronym and its expansion",
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
#: in at least this share of the documents (and at least _BOILERPLATE_MIN of them): boilerplate
_BOILERPLATE_SHARE = 0.5
_BOILERPLATE_MIN = 5
#: named this many times per document on average, in _BOILERPLATE_MIN documents or more: a
#: speaker's tag in interview transcripts ("Q:", "WN:") rather than a name in running text
_PER_DOCUMENT = 15
_MAX_WORDS = 6
#: a script holding less than 1/_RARE_SCRIPT of the mentions of the main script is another language
_RARE_SCRIPT = 20
#: a word written short with a period: "N.", "St.", "Mt."
_ABBREVIATED = re.compile(r"[^\W\d_]{1,4}\.")
_PLACE_TYPES = ("GPE", "LOC", "FAC")
_ODD_PUNCTUATION = frozenset(":;/\\|@#<>=_")
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "&", "on", "in", "at", "to", "de", "du", "des", "la", "le"})


@dataclass
class Suggestion:
    """One likely problem and its fix."""

    kind: str
    #: what looks wrong, in one line
    reason: str
    #: node ids concerned; for a merge the first is the entity whose name is kept
    nodes: list[str]
    labels: list[str]
    #: mentions of the entities concerned (the list is sorted by it); for a weak merge, the
    #: documents it was made in (what is at stake is the alias there, not the whole entity)
    mentions: int
    #: the alias-file section ("aliases", "drop" or "types") and the line that makes the fix
    section: str
    line: str
    #: the fix as the explorer page applies it: {"action": "merge"|"drop"|"split", ...}
    action: dict = field(default_factory=dict)

    @property
    def fix(self) -> str:
        """The fix as alias-file text: the section, then the line."""
        return f"{self.section}:\n  {self.line}" if self.section != "drop" else f"drop: {self.line}"


def yaml_name(name: str) -> str:
    """``name`` as a YAML scalar that reads back as the same string (quoted when it must be)."""
    plain = (
        bool(name)
        and name == name.strip()
        and (name[0].isalnum() or name[0] in "(")
        and not any(c in name for c in ":#'\"[]{},&*!|>%@`")
        and name.casefold() not in ("null", "true", "false", "yes", "no", "on", "off", "y", "n", "~")
        and not re.fullmatch(r"[-+.\d_eE:]+", name)
    )
    return name if plain else json.dumps(name, ensure_ascii=False)


@dataclass
class _Node:
    id: str
    label: str
    type: str
    mentions: int
    documents: int
    aliases: list[str]
    docs: set[str]
    key: str
    tokens: tuple[str, ...]


def _split(value) -> list[str]:
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    return [p for p in str(value or "").split("|") if p]


def _int(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def _nodes(graph) -> list[_Node]:
    out = []
    for n, d in graph.nodes(data=True):
        label = str(d.get("label", n))
        etype = str(d.get("type", "") or "")
        key = person_name(label).key if etype == "PERSON" else match_key(label)
        aliases = _split(d.get("aliases")) or [label]
        out.append(
            _Node(str(n), label, etype, _int(d.get("mentions")), _int(d.get("documents")), aliases,
                  set(_split(d.get("doc_ids"))), key, tuple(key.split()))
        )  # fmt: skip
    out.sort(key=lambda e: (-e.mentions, e.label, e.id))  # the best-known first: a merge keeps its name
    return out


class _Surfaces:
    """Which nodes hold each surface form (by the alias file's key), so a fix never moves a
    spelling that other entities use too."""

    def __init__(self, nodes: list[_Node]):
        self.owners: dict[str, set[str]] = defaultdict(set)
        for e in nodes:
            for a in e.aliases:
                self.owners[surface_key(a)].add(e.id)

    def own(self, e: _Node, among: Iterable[str] = ()) -> list[str]:
        """``e``'s surfaces no node outside ``among`` (and ``e``) holds, sorted."""
        allowed = {e.id, *among}
        forms: dict[str, str] = {}  # one spelling per key: the file matches case- and "the"-blind
        for a in sorted(e.aliases, key=lambda a: (len(a), a)):
            if self.owners[surface_key(a)] <= allowed:
                forms.setdefault(surface_key(a), a)
        return sorted(forms.values(), key=str.casefold)


def _merge(kind: str, reason: str, keep: _Node, other: _Node, surfaces: _Surfaces) -> Suggestion | None:
    forms = [s for s in surfaces.own(other, [keep.id]) if surface_key(s) != surface_key(keep.label)]
    if not forms:
        return None
    if len(forms) == 1:
        line = f"{yaml_name(forms[0])}: {yaml_name(keep.label)}"
    else:
        line = f"{yaml_name(keep.label)}: [{', '.join(yaml_name(s) for s in forms)}]"
    action = {"action": "merge", "ids": [keep.id, other.id], "canonical": keep.label}
    mentions = keep.mentions + other.mentions
    return Suggestion(kind, reason, [keep.id, other.id], [keep.label, other.label], mentions, "aliases", line, action)


def _is_initial(token: str) -> bool:
    return len(token) == 1 and token.isalpha()


def _initials(people: list[_Node], surfaces: _Surfaces) -> Iterable[Suggestion | None]:
    """ "J. Smith" / "John Smith": the same surname, initials standing for the given names."""
    by_last: dict[str, list[_Node]] = defaultdict(list)
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
                yield _merge("initial", reason, fits[0], short, surfaces)


def _middle_names(people: list[_Node], surfaces: _Surfaces) -> Iterable[Suggestion | None]:
    """ "George Bush" / "George Walker Bush": first and last names equal, the middle left out."""
    by_ends: dict[tuple[str, str], list[_Node]] = defaultdict(list)
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
                yield _merge("middle", reason, longer[0], short, surfaces)


def _abbreviates(short: str, word: str) -> bool:
    """ "n" of "north", "st" of "saint", "mt" of "mount": the first letter, then letters in order."""
    if len(short) >= len(word) or short[0] != word[0]:
        return False
    rest = iter(word[1:])
    return all(c in rest for c in short[1:])


def _abbreviations(nodes: list[_Node], surfaces: _Surfaces) -> Iterable[Suggestion | None]:
    """ "N. Korea" / "North Korea": a word written short with a period, the other words equal."""
    by_size: dict[int, list[_Node]] = defaultdict(list)
    for e in nodes:
        by_size[len(e.tokens)].append(e)
    for short in nodes:
        words = short.label.split()
        if len(words) < 2 or len(words) != len(short.tokens) or not any(_ABBREVIATED.fullmatch(w) for w in words):
            continue
        fits = []
        for full in by_size[len(words)]:
            if full is short or full.type != short.type:
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
            yield _merge("abbreviation", reason, fits[0], short, surfaces)


def _two_types(nodes: list[_Node], surnames: Counter) -> Iterable[Suggestion]:
    """The same name as entities of different types ("Stream" GPE and "Stream" ORG)."""
    by_key: dict[str, list[_Node]] = defaultdict(list)
    for e in nodes:
        by_key[match_key(e.label)].append(e)
    for key, group in by_key.items():
        if len(group) < 2 or len({e.type for e in group}) < 2:
            continue
        # the most mentioned type, except: a name that people named in full in the graph carry as
        # their surname, more often than it stands alone, is that person ("Trump"); a lone word typed
        # PERSON that is not is more likely a place, when it is typed as one too (news name a person
        # in full first: "Pichilemu" typed PERSON is the town)
        people = [e for e in group if e.type == "PERSON"]
        places = [e for e in group if e.type in _PLACE_TYPES]
        keep = group[0]
        if people and surnames[key] >= sum(e.mentions for e in group):
            keep = people[0]
        elif keep.type == "PERSON" and len(key.split()) == 1 and places:
            keep = places[0]
        rest = [e for e in group if e is not keep]
        counts = ", ".join(f"{e.type} ×{e.mentions}" for e in group)
        ids = [keep.id, *(e.id for e in rest)]
        reason = f'"{keep.label}" is one name under {len(group)} types ({counts})'
        action = {"action": "merge", "ids": ids, "canonical": keep.label, "type": keep.type}
        line = f"{yaml_name(keep.label)}: {keep.type}"
        labels = [keep.label, *(e.label for e in rest)]
        yield Suggestion("types", reason, ids, labels, sum(e.mentions for e in group), "types", line, action)


def _acronyms(nodes: list[_Node], surfaces: _Surfaces) -> Iterable[Suggestion | None]:
    """ "NATO" / "North Atlantic Treaty Organization": initials of a name named in the same documents."""
    by_initials: dict[str, list[_Node]] = defaultdict(list)
    for e in nodes:
        words = [w for w in e.label.split() if w.casefold() not in _SMALL_WORDS]
        # an expansion is written in words ("Treaty"), not in codes ("ABS-CBN", "CC BY-SA")
        if e.type != "PERSON" and len(words) >= 2 and all(is_titlecase_word(w.strip(",.")) for w in words):
            letters = initials(e.key)
            if letters:
                by_initials[letters].append(e)
    for short in nodes:
        if short.type == "PERSON" or not is_acronym(short.label):
            continue
        fits = [e for e in by_initials.get(short.key.replace(" ", ""), ()) if e.docs & short.docs]
        if len(fits) == 1:
            shared = len(fits[0].docs & short.docs)
            reason = (
                f'"{short.label}" may stand for "{fits[0].label}" (named together in {shared} '
                f"document{'s' if shared != 1 else ''})"
            )
            yield _merge("acronym", reason, fits[0], short, surfaces)


def _script(text: str) -> str:
    """The Unicode script of a name's first letter, roughly: "LATIN", "DEVANAGARI", "CYRILLIC"."""
    for c in text:
        if c.isalpha():
            return unicodedata.name(c, "?").split()[0]
    return ""


def _drop_line(forms: Iterable[str]) -> str:
    return "[" + ", ".join(yaml_name(s) for s in forms) + "]"


def _other_scripts(nodes: list[_Node], surfaces: _Surfaces) -> tuple[list[Suggestion], set[str]]:
    """Names in a script almost no other name uses: NER run on text in another language. One
    suggestion per script, listing every such name."""
    mentions: Counter = Counter()
    for e in nodes:
        mentions[_script(e.label)] += e.mentions
    if not mentions:
        return [], set()
    main, main_count = mentions.most_common(1)[0]
    by_script: dict[str, list[_Node]] = defaultdict(list)
    for e in nodes:
        script = _script(e.label)
        if script and script != main and mentions[script] * _RARE_SCRIPT < main_count:
            by_script[script].append(e)
    out, flagged = [], set()
    for script, group in by_script.items():
        ids = [e.id for e in group]
        flagged.update(ids)
        forms = sorted({s for e in group for s in surfaces.own(e, ids) if _script(s) == script}, key=str.casefold)
        shown = ", ".join(e.label for e in group[:3]) + (f" and {len(group) - 3} more" if len(group) > 3 else "")
        reason = f"{len(group)} names in {script.title()} script, which almost no other name uses: {shown}"
        if forms:
            out.append(Suggestion("junk", reason, ids, [e.label for e in group], sum(e.mentions for e in group),
                                  "drop", _drop_line(forms), {"action": "drop", "ids": ids}))  # fmt: skip
    return out, flagged


def _junk_reason(e: _Node, total_docs: int) -> str:
    words = e.label.split()
    if not any(c.isalpha() for c in e.label):
        return "has no letters"
    if any(c in _ODD_PUNCTUATION for c in e.label):
        return "holds punctuation names rarely have"
    if len(words) > _MAX_WORDS:
        return f"is {len(words)} words long"
    if e.type == "PERSON" and all(match_key(w).replace(" ", "") in TITLE_WORDS for w in words):
        return "is a title, not a person's name"
    if len(e.tokens) == 1 and e.tokens[0] in COMPASS_WORDS:
        return "is a compass word, not a place of its own"
    if total_docs >= 2 * _BOILERPLATE_MIN and e.documents >= max(_BOILERPLATE_MIN, _BOILERPLATE_SHARE * total_docs):
        return f"is in {e.documents} of {total_docs} documents: likely boilerplate (a source, a byline)"
    if e.documents >= _BOILERPLATE_MIN and e.mentions >= _PER_DOCUMENT * e.documents:
        return (
            f"is named {e.mentions} times in {e.documents} documents: likely a speaker's tag in transcripts "
            "or boilerplate"
        )
    return ""


def _junk(nodes: list[_Node], total_docs: int, surfaces: _Surfaces) -> Iterable[Suggestion]:
    for e in nodes:
        why = _junk_reason(e, total_docs)
        # the spellings of this very name; other spellings may have joined it by a rule and be fine
        forms = [s for s in surfaces.own(e) if match_key(s) == match_key(e.label)] or [e.label]
        if why:
            yield Suggestion("junk", f'"{e.label}" ({e.type}) {why}', [e.id], [e.label], e.mentions, "drop",
                             _drop_line(forms), {"action": "drop", "ids": [e.id]})  # fmt: skip


def _weak_merges(nodes: list[_Node], merges: Sequence[Merge]) -> Iterable[Suggestion]:
    """The rules' guesses made in one or two documents: keep the alias apart to undo one."""
    by_id = {e.id: e for e in nodes}
    for m in merges:
        if not (m.canonical and m.alias != m.canonical and m.entity_id in by_id and len(m.doc_ids) <= _WEAK_SUPPORT):
            continue
        if not any(m.rule.startswith(r) for r in _GUESS_RULES):
            continue
        e = by_id[m.entity_id]
        docs = f"{len(m.doc_ids)} document{'s' if len(m.doc_ids) != 1 else ''}"
        # at stake: the alias in those few documents, not the whole entity it joined
        yield Suggestion("weak", f'"{m.alias}" joined "{m.canonical}": {m.rule.split(";")[0]} ({docs})', [e.id],
                         [e.label], len(m.doc_ids), "aliases", f"{yaml_name(m.alias)}: {yaml_name(m.alias)}",
                         {"action": "split", "id": e.id, "alias": m.alias})  # fmt: skip


def suggestions(graph, merges: Sequence[Merge] = ()) -> list[Suggestion]:
    """The likely problems of ``graph`` (a built graph) and ``merges`` (its merges.csv rows), most
    mentioned first; each names the entities, why, and the alias-file line that fixes it."""
    every = _nodes(graph)
    surfaces = _Surfaces(every)
    total = _int(graph.graph.get("documents")) or len({d for e in every for d in e.docs})
    found, flagged = _other_scripts(every, surfaces)
    nodes = [e for e in every if e.id not in flagged]  # already suggested for dropping
    people = [e for e in nodes if e.type == "PERSON"]
    surnames: Counter = Counter()  # surname -> mentions of the people named in full with it
    for p in people:
        if len(p.tokens) >= 2:
            surnames[p.tokens[-1]] += p.mentions
    for source in (
        _initials(people, surfaces),
        _middle_names(people, surfaces),
        _abbreviations(nodes, surfaces),
        _two_types(nodes, surnames),
        _acronyms(nodes, surfaces),
        _junk(nodes, total, surfaces),
        _weak_merges(nodes, merges),
    ):
        found.extend(s for s in source if s is not None)
    kinds = list(KINDS)
    seen, out = set(), []
    for s in sorted(found, key=lambda s: (-s.mentions, kinds.index(s.kind), s.labels, s.line)):
        mark = (s.kind, tuple(sorted(s.nodes)), s.line)
        if mark not in seen:
            seen.add(mark)
            out.append(s)
    return out
