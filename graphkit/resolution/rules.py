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

from .groups import NameGroup, ResolverState, alias_spellings, person_cluster
from .names import NAME_PARTICLES, fold_token, initials, is_acronym, is_titlecase_word, match_key
from .places import is_place_name


def link_near_identical(resolver: ResolverState) -> None:
    """Full names equal after the transliteration fold and without particles ("al-", "van"), or
    differing by one letter in a long surname."""
    by_fold: dict[str, list[NameGroup]] = defaultdict(list)
    for key, g in resolver.key_rep.items():
        tokens = g.tokens
        # a name the alias file pins to a canonical name takes part: the file decides where its spellings
        # go and the rules go on around them ("X: X" is kept apart by the unions, two pins never join)
        if len(tokens) >= 2 and g.is_person() and "#" not in key:  # "#": kept apart by initials
            # without a particle the name joins with a hyphen ("Muammar al-Gaddafi" / "Muammar
            # Gaddafi"), if a full name is left; "bin Salman", "da Silva" keep theirs (a father's name)
            joined = _hyphened_particles(g) if NAME_PARTICLES.intersection(tokens) else ()
            names = [t for t in tokens if t not in joined]
            by_fold[" ".join(fold_token(t) for t in (names if len(names) >= 2 else tokens))].append(g)
    by_given: dict[str, list[tuple[str, NameGroup]]] = defaultdict(list)
    for folded, groups in by_fold.items():
        # (a name the alias file keeps apart refuses every union: the others join one that does not)
        anchor = next((g for g in groups if not resolver.uf.alone[resolver.uf.find(g.gid)]), groups[0])
        for other in groups:
            if other is not anchor:
                _fuzzy_union(resolver, anchor, other)
        words = folded.split()
        if len(words[-1]) >= 6 and all(len(w) > 1 for w in words[:-1]):
            by_given[" ".join(words[:-1])].append((words[-1], anchor))
    for candidates in by_given.values():
        if len(candidates) < 2 or len(candidates) > 50:
            continue  # very common first names: not worth the pairs
        for i, (last_a, a) in enumerate(candidates):
            for last_b, b in candidates[i + 1 :]:
                if last_a[0] == last_b[0] and _one_letter_variant(last_a, last_b):
                    _fuzzy_union(resolver, a, b)


def _hyphened_particles(g: NameGroup) -> set[str]:
    """The particles a spelling of the group joins to the next word with a hyphen ("al" of "al-Gaddafi")."""
    found = set()
    for m in g.mentions:
        for word in m.display.split():
            head, hyphen, rest = word.partition("-")
            if hyphen and rest and head.casefold() in NAME_PARTICLES:
                found.add(head.casefold())
    return found


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


#: a lone name joins the corpus' most frequent full name with it when that person has at least this
#: share of the documents naming someone in full with that word ("Obama": Barack, not Michelle)
DOMINANT_SHARE = 0.8


def link_corpus_surnames(resolver: ResolverState) -> None:
    """A lone partial name with no full name in its document: the corpus' dominant matching full name.

    The full names of the corpus that start or end with the partial name are weighed by the number
    of documents naming them in full. The partial name joins one when it is the only one, or has
    :data:`DOMINANT_SHARE` of those documents ("Obama"); two people of comparable weight ("Johnson"
    for Boris Johnson and Jimmie Johnson) keep it apart. The corpus itself must use the short form
    for that person, in an article that also names them in full: "Putin" for Vladimir Putin, not
    "Kim" for Kim Kardashian. A lone name typed ORG or GPE joins too when the corpus uses the word
    as a person's name more than alone under another type ("Trump" typed ORG), and never a place.
    """
    first: dict[str, set[int]] = defaultdict(set)
    last: dict[str, set[int]] = defaultdict(set)
    full_names: dict[int, list[NameGroup]] = defaultdict(list)  # the person's full names, one group each
    for g in resolver.key_rep.values():
        if len(g.tokens) >= 2 and g.is_person():
            root = resolver.uf.find(g.gid)
            first[g.tokens[0]].add(root)
            last[g.tokens[-1]].add(root)
            full_names[root].append(g)
    # documents naming each person in full (a group is one name in one document)
    full_docs: dict[int, set[str]] = defaultdict(set)
    for g in resolver.groups:
        if len(g.tokens) >= 2 and g.gid not in resolver.gone and g.is_person():
            full_docs[resolver.uf.find(g.gid)].add(g.doc)
    members = resolver.clusters()
    for key, g in list(resolver.key_rep.items()):
        root = resolver.uf.find(g.gid)
        if len(g.tokens) >= 2 or root in full_names or g.pin or is_place_name(key):
            continue
        cluster = members[root]
        if any(m.country for x in cluster for m in x.mentions):
            continue
        if not person_cluster(cluster) and not _person_word(resolver, g.key, cluster):
            continue
        tokens, n = g.tokens, len(g.tokens)
        roots = first.get(tokens[0], set()) | last.get(tokens[-1], set())
        if n > 1:
            roots = {x for x in roots if any(f.tokens[:n] == tokens or f.tokens[-n:] == tokens for f in full_names[x])}
        roots = {resolver.uf.find(x) for x in roots}
        used = {resolver.uf.find(gid) for gid in resolver.short_forms.get(g.key, ())}
        target = _dominant(roots, full_docs) if len(roots) > 1 else next(iter(roots), None)
        if target in used and not _named_in_full_enough(resolver, tokens, cluster, target, full_names, full_docs):
            for x in cluster:  # merges.csv says whom it might be; graphkit review offers the merge
                x.note = x.note or resolver.name_of((full_names.get(target) or [resolver.groups[target]])[0])
            continue
        if target is not None and target in used:
            if resolver.uf.union(target, root):
                joined = resolver.uf.find(target)  # the lone name's root when it is the older group
                if joined != target:  # (both roots name the person from now on)
                    full_names[joined], full_docs[joined] = full_names[target], full_docs[target]
                how = "corpus" if len(roots) == 1 else "dominant"
                for x in cluster:
                    if not x.how:
                        x.how, x.linked = how, True
                    for m in x.mentions:
                        if m.type != "PERSON":
                            m.retyped = "PERSON"
        elif len(roots) > 1:
            names = sorted({resolver.name_of(resolver.groups[x]) for x in roots})
            note = " or ".join(names[:5]) + (f" or {len(names) - 5} others" if len(names) > 5 else "")
            for x in cluster:
                x.note = x.note or note


def _named_in_full_enough(
    resolver: ResolverState, tokens: tuple[str, ...], cluster: list[NameGroup], target: int, full_names, full_docs
) -> bool:
    """Whether the corpus names ``target`` in full often enough for a lone name elsewhere to be them.

    News style names a person in full in every article about them, so a word standing alone in
    more articles than the person is named in full ("McLaren" in six motor-racing reports, Bill
    McLaren named once) is most likely someone or something else. A lone first name is weaker
    still: it joins only a person named in full in two articles or more, more than it stands
    alone, whom the corpus calls by that word in more articles than by their last name ("Ban" for
    Ban Ki-moon, "Benedict" for Benedict XVI; not "Lorraine" for Lorraine Kelly, whom the article
    naming her calls "Kelly" as often).
    """
    named = len(full_docs.get(target, ()))
    alone = len({x.doc for x in cluster})
    if alone > named:
        return False
    word = tokens[-1]
    surnames = {f.tokens[-1] for f in full_names[target]}
    if len(tokens) > 1 or word in surnames:
        return True  # a surname (or the partial name "Kim Jong" of "Kim Jong Un")
    return (
        named >= 2
        and named > alone
        and _articles_calling(resolver, {word}, target) > _articles_calling(resolver, surnames, target)
    )


def _articles_calling(resolver: ResolverState, words: set[str], target: int) -> int:
    """The articles that name ``target`` in full and also call them by one of ``words`` alone."""
    full = (resolver.groups[g] for w in words for g in resolver.short_forms.get(w, ()))
    return len({g.doc for g in full if resolver.uf.find(g.gid) == target})


def _dominant(roots: set[int], full_docs: dict[int, set[str]]) -> int | None:
    """The root named in full in DOMINANT_SHARE of the documents naming any of ``roots`` in full."""
    weights = sorted(((len(full_docs.get(r, ())), r) for r in roots), reverse=True)
    total = sum(w for w, _ in weights)
    if total and weights[0][0] >= DOMINANT_SHARE * total and weights[0][0] > weights[1][0]:
        return weights[0][1]
    return None


def _person_word(resolver: ResolverState, key: str, cluster: list[NameGroup]) -> bool:
    """A lone title-case word typed ORG/GPE… that the corpus uses more as a person's name ("Trump"):
    more often a short name joined to a person named in full in the same article than alone with
    another type here."""
    if any(not is_titlecase_word(m.display) for x in cluster for m in x.mentions):
        return False
    other = sum(1 for x in cluster for m in x.mentions if m.type != "PERSON")
    return resolver.short_mentions[key] > other


def link_acronyms(resolver: ResolverState) -> None:
    """An acronym joins the organisation with those initials named in the documents where it appears.

    Each organisation whose initials spell the acronym is weighed by the documents naming both.
    The acronym joins the only one, or the one of several that is named beside it in two documents
    or more while every other one is beside it once only ("EU" beside "European Union" in many
    articles, beside a university with the same initials in one); a second organisation named beside
    it in two documents is a second expansion, and the acronym stays apart ("AFP": Agence
    France-Presse and the Australian Federal Police).
    """
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
        # (a company keyed without its legal form keeps it for its initials: "ABC" of "Australian
        # Broadcasting Corporation")
        spelled = {initials(match_key(m.display)) for m in g.mentions if m.key_rule == "company"}
        for letters in {initials(g.key)} | spelled:
            if letters in acronym_docs and g.top_type == "ORG":
                expansions[letters][g.doc].add(resolver.uf.find(g.gid))
    for key, docs in acronym_docs.items():
        weight: dict[int, int] = defaultdict(int)
        for d in docs:
            for root in {resolver.uf.find(gid) for gid in expansions[key].get(d, ())}:
                weight[root] += 1
        ranked = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or (len(ranked) > 1 and (ranked[0][1] < 2 or ranked[1][1] > 1)):
            continue
        rep = resolver.key_rep[key]
        if resolver.uf.union(ranked[0][0], rep.gid):
            root = resolver.uf.find(rep.gid)
            for g in acronym_groups[key]:
                if not g.how and resolver.uf.find(g.gid) == root:
                    g.how, g.linked = "acronym", True


def _body_group(groups, g: NameGroup) -> NameGroup | None:
    """The body's group of the headline's name, of its role first ("person": a name part there);
    none when two people of that name are in the body (two middle initials: groups apart)."""
    for role in (g.role, "" if g.role else "person"):
        found = [f for f in groups if not f.headline and f.key == g.key and f.role == role]
        if found:
            return found[0] if len(found) == 1 else None
    return None


def place_headlines(resolver: ResolverState) -> None:
    """Every headline mention: joined to the body's entity, dropped, or kept (place_headline)."""
    aside = alias_spellings(resolver)
    anywhere = {key for keys in aside.values() for key in keys}
    for g in resolver.groups:
        if g.headline and g.gid not in resolver.gone:
            place_headline(resolver, g, aside.get(g.doc, {}).keys(), anywhere)


def place_headline(resolver: ResolverState, g: NameGroup, aside=(), anywhere=frozenset()) -> None:
    """Keep a headline mention only when the body has that entity. ``aside``, ``anywhere``: the keys
    of the body's names the alias file drops or renames, in this document and in any
    (graphkit.resolution.groups.alias_spellings)."""
    groups = resolver.by_doc[g.doc]
    body = _body_group(groups.values(), g)
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
    body_keys = {f.key for f in groups.values() if not f.headline and f.gid not in resolver.gone} | set(aside)
    if any(
        " ".join(g.tokens[:i]) in body_keys
        or " ".join(g.tokens[i:]) in body_keys
        or " ".join(g.tokens[:i]) in resolver.key_rep
        or " ".join(g.tokens[i:]) in resolver.key_rep
        or " ".join(g.tokens[:i]) in anywhere
        or " ".join(g.tokens[i:]) in anywhere
        for i in range(1, n)
    ):
        # a body name with title-case words glued on: "Putin Thanks", "North Korea Confirms Troop Deployment"
        resolver.drop_group(g, "drop_headline")
        return
    resolver.join_by_key(g)  # a name only the headline has: kept
