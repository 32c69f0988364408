"""Resolution's first look at a spelling: what one surface with one spaCy label gives, before the
document it is in is looked at (worked out once per spelling by the resolver)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .junk import foreign_script, timezone_abbreviations
from .names import (
    NAME_PARTICLES,
    clean_surface,
    company_name,
    display_form,
    has_capital,
    has_cased_letters,
    match_key,
    org_key,
    person_name,
    spaced_initials,
)
from .places import country, informal_country, is_demonym, is_place_name, is_region_name

_POSSESSIVE = re.compile(r"['’]s?$")
#: a lower-case word joined to a name by a hyphen: "pro-Gaddafi" (forces), "anti-Trump" (protests)
_PREFIXED = re.compile(r"([a-z]+)-[A-Z]")
_WORD = re.compile(r"[^\W\d_]+")
#: a word the corpus writes in lower case this often is a common word ("news": "News Corp" is no "News")
COMMON_WORD_USES = 3


def _company_base(display: str, base: str, lower_counts) -> bool:
    """Whether a company's name without its legal form still names it: "Apple" of "Apple Inc.", but
    not a common word ("News Corp") or a place ("Omaha Inc.", "the Abu Dhabi GP"), and not when the
    form is written out as a common word ("Dow Jones & Company" is no Dow Jones index, "Alpha
    Company" a unit of soldiers)."""
    key, counts = match_key(base), lower_counts or {}
    if is_place_name(key) or is_region_name(key):
        return False
    if any(counts.get(w.casefold(), 0) >= COMMON_WORD_USES for w in _WORD.findall(display[len(base) :]) if len(w) > 3):
        return False
    return " " in key or counts.get(key, 0) < COMMON_WORD_USES


@dataclass(slots=True)
class SurfaceAnalysis:
    """What one spelling with one spaCy label gives, before the document's context is looked at.

    ``surface``/``display``/``key`` are the mention's first readable form and key; ``drop`` a rule
    that drops it at once (alias file, not a name), ``pin`` the alias file's name for it;
    ``lower_case`` drops it in a cased document; ``late_drop`` after that (a demonym); otherwise
    ``name_display``/``name_key``/``key_rule``/``titled``/``country`` are what it becomes, and
    ``cut_surname`` says a title with one name ("Gen. Valery") may take the surname that follows.
    """

    surface: str
    display: str
    key: str
    the_name: bool
    drop: str = ""
    pin: str | None = None
    lower_case: bool = False
    late_drop: str = ""
    name_display: str = ""
    name_key: str = ""
    key_rule: str = ""
    titled: bool = False
    country: str | None = None
    cut_surname: bool = False
    timezone: bool = False  # a time-zone abbreviation ("UTC"), dropped unless a longer name starts with it
    informal: bool = False  # the country comes from an informal name ("Britain"): not after "South"
    middle: str = ""  # a person's middle initials, which the key leaves out ("hw" of "George H. W. Bush")
    typed: str = ""  # the alias file's type for this name ("types:"), read in place of spaCy's label


def analyse_surface(
    text: str, label: str, the_prefix: bool, table, not_titles, scripts=frozenset(), lower_counts=None
) -> SurfaceAnalysis:
    """What a surface and label give whatever document they are in (see :class:`SurfaceAnalysis`).

    ``scripts`` are the scripts of the model's language (graphkit.resolution.junk.language_scripts):
    a name written in none of them is dropped; ``lower_counts`` the corpus' lower-case word counts:
    a word the corpus writes in lower case is no informal country name.
    """
    surface = clean_surface(text)
    display = display_form(surface)
    if the_prefix:
        display = "The " + display
    a = SurfaceAnalysis(surface, display, match_key(surface), surface.startswith("The "))
    decision = table.lookup(surface) if table else None
    if decision is not None:
        if decision[0] == "drop":
            a.drop = "drop_alias"
        else:
            a.pin = a.display = decision[1]
            # keyed as the name itself is where spaCy writes it ("University of California" as an
            # ORG: "california university"), so the spellings pinned to it join its own mentions
            a.typed = table.type_of(decision[1]) or ""  # "types:" for the name types its spellings too
            named = analyse_surface(decision[1], a.typed or label, False, None, not_titles, scripts)
            a.key, a.middle = named.name_key or match_key(decision[1]), named.middle  # "George W. Bush": "w"
            if table.keeps_apart(surface):
                # "X: X" keeps X apart: keyed as written, not as a rule would key it ("Ministry of
                # Defense" is "defense ministry" by the word-order rule, which joined it back)
                a.key = match_key(decision[1])
        return a
    if not a.key:
        a.drop = "drop_empty"
        return a
    prefixed = _PREFIXED.match(display)
    if prefixed and prefixed.group(1) not in NAME_PARTICLES:
        a.drop = "drop_prefixed"  # "pro-Gaddafi", "anti-Putin": a word about a name ("al-Qaeda" is one)
        return a
    # "types: George W. Bush: PERSON" decides what the name is before it is keyed: a spelling
    # spaCy typed FAC ("the George W. Bush administration") gets a person's key and joins the
    # person, as the page's merge of the two promised, instead of a second "George W. Bush".
    forced = table.type_of(surface) if table and table.types else None
    if forced:
        a.typed = label = forced
    if foreign_script(display, scripts):
        a.drop = "drop_script"  # "हैं" found by an English pipeline
        return a
    a.timezone = display.isupper() and display.isalpha() and display in timezone_abbreviations()
    a.lower_case = has_cased_letters(display) and not has_capital(display)
    a.name_display, a.name_key = display, a.key
    if label == "PERSON":
        name = person_name(surface, not_titles)
        a.name_display, a.name_key, a.titled = name.display, name.key, bool(name.title)
        words = match_key(spaced_initials(name.display)).split()
        a.middle = "".join(w for w in words[1:-1] if len(w) == 1) if len(words) > 2 else ""
        # a possessive ends a name: "St Paul's Cathedral" has no surname after "St Paul's"
        a.cut_surname = bool(name.title) and len(name.tokens) == 1 and not _POSSESSIVE.search(surface)
        return a
    if is_demonym(a.key):
        a.late_drop = "drop_demonym"
        return a
    found = country(display, codes=label == "GPE")
    if not found and label == "GPE" and " " not in a.key and not (lower_counts or {}).get(a.key):
        found = informal_country(a.key)  # "Britain", "America"; not a word the corpus writes in lower case
        a.informal = found is not None
    if found:
        a.country = found
        if match_key(found) != a.key:
            a.name_key, a.key_rule = match_key(found), "country"
    elif label == "ORG":
        base = company_name(display)
        if base != display and display.startswith(base) and _company_base(display, base, lower_counts):
            a.name_key, a.key_rule = match_key(base), "company"
        reordered = org_key(a.name_key)
        if reordered != a.name_key:
            a.name_key, a.key_rule = reordered, "order"
    return a
