"""Linking rules of the resolution stage, run by graphkit.resolution's resolver once every
document is read and names are joined by key (see that module's doc for the order):

* :func:`link_near_identical`: full names spelled alike ("Yang Mu-jin" / "Yang Moo-jin") join;
* :func:`link_corpus_surnames`: a lone partial name ("Putin") in a document without the full
  name joins the corpus' only matching full name, when the corpus uses that short form for them;
* :func:`link_acronyms`: an acronym ("KCNA") joins the one organisation with those initials named
  where it appears;
* :func:`place_headline`: a title-case headline mention joins the body's entity, or is dropped
  when it is a body name with words glued on ("Putin Thanks").

They work on the resolver's groups and unions (``resolver.groups``, ``.uf``, ``.key_rep``…),
which they change in place.
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz.distance import Levenshtein

from .groups import NameGroup, ResolverState, person_cluster
from .names import fold_token, initials, is_acronym
from .places import is_place_name


def link_near_identical(resolver: ResolverState) -> None:
    """Full names equal after the transliteration fold, or differing by one letter in a long surname."""
    by_fold: dict[str, list[NameGroup]] = defaultdict(list)
    for _key, g in resolver.key_rep.items():
        tokens = g.tokens
        if len(tokens) >= 2 and g.is_person() and not g.pin:
            by_fold[" ".join(fold_token(t) for t in tokens)].append(g)
    by_given: dict[str, list[tuple[str, NameGroup]]] = defaultdict(list)
    for folded, groups in by_fold.items():
        for other in groups[1:]:
            _fuzzy_union(resolver, groups[0], other)
        words = folded.split()
        if len(words[-1]) >= 6 and all(len(w) > 1 for w in words[:-1]):
            by_given[" ".join(words[:-1])].append((words[-1], groups[0]))
    for candidates in by_given.values():
        if len(candidates) < 2 or len(candidates) > 50:
            continue  # very common first names: not worth the pairs
        for i, (last_a, a) in enumerate(candidates):
            for last_b, b in candidates[i + 1 :]:
                if last_a[0] == last_b[0] and _one_letter_variant(last_a, last_b):
                    _fuzzy_union(resolver, a, b)


def _fuzzy_union(resolver: ResolverState, a: NameGroup, b: NameGroup) -> None:
    if resolver.uf.union(a.gid, b.gid):
        resolver.fuzzy_keys.update((a.key, b.key))


_VOWELS = frozenset("aeiouy")
_SAME_SOUND = ({"k", "q", "c"}, {"s", "z"})


def _one_letter_variant(a: str, b: str) -> bool:
    """ "Buffet"/"Buffett", "Khaled"/"Khalid", "Shafik"/"Shafiq": one letter more or less, or a vowel
    (or k/q/c, s/z) for another. Not "Downer"/"Downey": a different consonant is a different name."""
    if Levenshtein.distance(a, b, score_cutoff=1) > 1:
        return False
    for op in Levenshtein.editops(a, b):
        if op.tag == "replace":
            x, y = a[op.src_pos], b[op.dest_pos]
            return (x in _VOWELS and y in _VOWELS) or any(x in s and y in s for s in _SAME_SOUND)
    return True


def link_corpus_surnames(resolver: ResolverState) -> None:
    """A lone partial name with no full name in its document: the corpus' only matching full name."""
    first: dict[str, set[int]] = defaultdict(set)
    last: dict[str, set[int]] = defaultdict(set)
    full_keys: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    for g in resolver.key_rep.values():
        if len(g.tokens) >= 2 and g.is_person():
            root = resolver.uf.find(g.gid)
            first[g.tokens[0]].add(root)
            last[g.tokens[-1]].add(root)
            full_keys[root].append(g.tokens)
    members = resolver.clusters()
    for key, g in list(resolver.key_rep.items()):
        root = resolver.uf.find(g.gid)
        if len(g.tokens) >= 2 or root in full_keys or g.pin or is_place_name(key):
            continue
        cluster = members[root]
        if not person_cluster(cluster) or any(m.country for x in cluster for m in x.mentions):
            continue
        tokens, n = g.tokens, len(g.tokens)
        roots = first.get(tokens[0], set()) | last.get(tokens[-1], set())
        if n > 1:
            roots = {x for x in roots if any(t[:n] == tokens or t[-n:] == tokens for t in full_keys[x])}
        roots = {resolver.uf.find(x) for x in roots}
        # the corpus itself must use the short form for that person, in an article that also
        # names them in full: "Putin" for Vladimir Putin, not "Kim" for Kim Kardashian
        used = {resolver.uf.find(gid) for gid in resolver.short_forms.get(key, ())}
        if len(roots) == 1 and roots <= used:
            if resolver.uf.union(roots.pop(), root):
                for x in cluster:
                    if not x.how:
                        x.how, x.linked = "corpus", True
        elif len(roots) > 1:
            names = sorted({resolver.name_of(resolver.groups[x]) for x in roots})
            note = " or ".join(names[:5]) + (f" or {len(names) - 5} others" if len(names) > 5 else "")
            for x in cluster:
                x.note = x.note or note


def link_acronyms(resolver: ResolverState) -> None:
    """An acronym joins the one organisation with those initials named where it appears."""
    acronym_docs: dict[str, set[str]] = defaultdict(set)
    for key, g in resolver.key_rep.items():
        if len(g.tokens) == 1 and not g.pin and any(is_acronym(m.display) and not m.country for m in g.mentions):
            acronym_docs[key] = set()
    if not acronym_docs:
        return
    expansions: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    acronym_groups: dict[str, list[NameGroup]] = defaultdict(list)
    for g in resolver.groups:
        if g.gid in resolver.gone:
            continue
        if g.key in acronym_docs:
            acronym_docs[g.key].add(g.doc)
            acronym_groups[g.key].append(g)
        letters = initials(g.key)
        if letters in acronym_docs and g.top_type == "ORG":
            expansions[letters][g.doc].add(resolver.uf.find(g.gid))
    for key, docs in acronym_docs.items():
        roots = {resolver.uf.find(gid) for d in docs for gid in expansions[key].get(d, ())}
        rep = resolver.key_rep[key]
        if len(roots) == 1 and resolver.uf.union(roots.pop(), rep.gid):
            root = resolver.uf.find(rep.gid)
            for g in acronym_groups[key]:
                if not g.how and resolver.uf.find(g.gid) == root:
                    g.how, g.linked = "acronym", True


def place_headline(resolver: ResolverState, g: NameGroup) -> None:
    """Keep a headline mention only when the body has that entity."""
    groups = resolver.by_doc[g.doc]
    body = groups.get((g.key, False, g.role)) or groups.get((g.key, False, "" if g.role else "person"))
    if body is not None and body.gid not in resolver.gone:
        resolver.uf.union(body.gid, g.gid, same_name=True)
        g.how = "headline"
        return
    if g.pin:
        resolver.join_by_key(g)
        return
    n = len(g.tokens)
    full = [
        f
        for f in resolver.by_doc[g.doc].values()
        if not f.headline
        and f.gid not in resolver.gone
        and len(f.tokens) > n
        and f.is_person()
        and (f.tokens[:n] == g.tokens or f.tokens[-n:] == g.tokens)
    ]
    roots = {resolver.uf.find(f.gid) for f in full}
    if (g.is_person() or g.role == "person") and len(roots) == 1 and resolver.uf.union(roots.pop(), g.gid):
        g.how, g.linked = "headline", True
        for m in g.mentions:
            if m.type != "PERSON":
                m.retyped = "PERSON"
        return
    rep = resolver.key_rep.get(g.key)
    if rep is not None and rep.gid not in resolver.gone:
        resolver.uf.union(rep.gid, g.gid, same_name=True)
        g.how = "headline"
        return
    body_keys = {f.key for f in groups.values() if not f.headline and f.gid not in resolver.gone}
    if any(
        " ".join(g.tokens[:i]) in body_keys
        or " ".join(g.tokens[i:]) in body_keys
        or " ".join(g.tokens[:i]) in resolver.key_rep
        or " ".join(g.tokens[i:]) in resolver.key_rep
        for i in range(1, n)
    ):
        # a body name with title-case words glued on: "Putin Thanks", "North Korea Confirms Troop Deployment"
        resolver.drop_group(g, "drop_headline")
        return
    resolver.join_by_key(g)  # a name only the headline has: kept
