"""Resolution's first look at a spelling: what one surface with one spaCy label gives, before the
document it is in is looked at (worked out once per spelling by the resolver)."""

from __future__ import annotations

from dataclasses import dataclass

from .names import clean_surface, display_form, has_capital, has_cased_letters, match_key, org_key, person_name
from .places import country, is_demonym


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


def analyse_surface(text: str, label: str, the_prefix: bool, table, not_titles) -> SurfaceAnalysis:
    """What a surface and label give whatever document they are in (see :class:`SurfaceAnalysis`)."""
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
            a.key = match_key(decision[1])
        return a
    if not a.key:
        a.drop = "drop_empty"
        return a
    a.lower_case = has_cased_letters(display) and not has_capital(display)
    a.name_display, a.name_key = display, a.key
    if label == "PERSON":
        name = person_name(surface, not_titles)
        a.name_display, a.name_key, a.titled = name.display, name.key, bool(name.title)
        a.cut_surname = bool(name.title) and len(name.tokens) == 1
        return a
    if is_demonym(a.key):
        a.late_drop = "drop_demonym"
        return a
    found = country(display, codes=label == "GPE")
    if found:
        a.country = found
        if match_key(found) != a.key:
            a.name_key, a.key_rule = match_key(found), "country"
    elif label == "ORG":
        reordered = org_key(a.key)
        if reordered != a.key:
            a.name_key, a.key_rule = reordered, "order"
    return a
