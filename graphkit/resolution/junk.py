"""Names that are not entities, recognised from maintained data and the text's layout.

* :func:`timezone_abbreviations`: "UTC", "GMT", "BST", "EDT"… from the tz database that Python's
  :mod:`zoneinfo` reads (spaCy often types "09:00 UTC" as an organisation);
* :func:`language_scripts` / :func:`foreign_script`: a name written only in a script the model's
  language does not use ("हैं" found by an English pipeline in a Hindi transcript); the scripts of
  a language are those of spaCy's own stop-word list for it;
* :func:`speaker_label`: an interview's speaker tag at the start of a paragraph ("WN: How much…",
  "Zara Kay: Apart from…"): a label, not a mention;
* :func:`place_qualifier`: the "D.C." of "Washington, D.C.", a place written right after another
  one, behind a comma or in brackets.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zoneinfo
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

# --------------------------------------------------------------------------- time zones

_HEADER = struct.Struct(">4s c 15x 6l")
#: abbreviations in use since 1970-01-01: the 19th century's local mean times ("LMT", "CMT",
#: "PMT"…) are left out, they are organisations and jobs far more often than times
_SINCE = 0
_FOOTER_NAME = re.compile(r"<[^>]*>|[A-Za-z]{3,}")


def _zone_bytes(key: str) -> bytes | None:
    for root in zoneinfo.TZPATH:
        path = Path(root, key)
        if path.is_file():
            return path.read_bytes()
    try:
        return resources.files("tzdata.zoneinfo").joinpath(key).read_bytes()
    except (ModuleNotFoundError, OSError):
        return None


def _abbreviations(data: bytes) -> set[str]:
    """The abbreviations a compiled zone file (TZif, RFC 8536) has used since 1970.

    zoneinfo reads these files but only answers "the name at this moment"; asking it at every
    transition of 600 zones takes seconds, reading the abbreviation block takes milliseconds.
    """
    if len(data) < _HEADER.size or data[:4] != b"TZif":
        return set()
    _magic, version, isut, isstd, leap, times, types, chars = _HEADER.unpack_from(data, 0)
    if version == b"\0":
        return _block_abbreviations(data, _HEADER.size, 4, times, types, chars)
    offset = _HEADER.size + times * 5 + types * 6 + chars + leap * 8 + isstd + isut
    _magic, version, isut, isstd, leap, times, types, chars = _HEADER.unpack_from(data, offset)
    found = _block_abbreviations(data, offset + _HEADER.size, 8, times, types, chars)
    end = offset + _HEADER.size + times * 9 + types * 6 + chars + leap * 12 + isstd + isut
    footer = data[end:].strip(b"\n").decode("ascii", "replace")  # the rule for later years: "EST5EDT,M3.2.0,M11.1.0"
    found.update(name for name in _FOOTER_NAME.findall(footer) if not name.startswith("<"))
    return found


def _block_abbreviations(data: bytes, start: int, time_size: int, times: int, types: int, chars: int) -> set[str]:
    moments = struct.unpack_from(f">{times}{'q' if time_size == 8 else 'l'}", data, start)
    indexes = data[start + times * time_size : start + times * (time_size + 1)]
    infos = start + times * (time_size + 1)
    names = data[infos + types * 6 : infos + types * 6 + chars]
    used = {i for t, i in zip(moments, indexes) if t >= _SINCE}
    before = [i for t, i in zip(moments, indexes) if t < _SINCE]
    used.add(before[-1] if before else 0)  # the one in force in 1970
    found = set()
    for i in used:
        if i < types:
            index = data[infos + i * 6 + 5]
            end = names.find(b"\0", index)
            found.add(names[index : end if end >= 0 else len(names)].decode("ascii", "replace"))
    return found


@cache
def timezone_abbreviations() -> frozenset[str]:
    """Every alphabetic time-zone abbreviation in use since 1970, upper case ("UTC", "CEST", "CHST")."""
    found: set[str] = set()
    for key in zoneinfo.available_timezones():
        data = _zone_bytes(key)
        if data:
            found.update(a.upper() for a in _abbreviations(data) if a.isalpha() and len(a) >= 2)
    return frozenset(found)


# --------------------------------------------------------------------------- scripts


def _script(char: str) -> str:
    """The script of a letter, from its Unicode name: "LATIN", "DEVANAGARI", "CJK", "HIRAGANA"…"""
    try:
        return unicodedata.name(char).split(" ", 1)[0]
    except ValueError:
        return ""


_STRING = re.compile(r'"""(.*?)"""|\'\'\'(.*?)\'\'\'', re.DOTALL)


@cache
def language_scripts(language: str) -> frozenset[str]:
    """The scripts a spaCy language writes in, read from spaCy's stop-word list for it (English: LATIN).

    The list's file is read as text rather than imported, so that a build whose extraction came
    from the cache does not pay for importing spaCy. Empty when spaCy has no list for the
    language: then no name counts as foreign.
    """
    from importlib.util import find_spec

    try:
        spec = find_spec("spacy")
    except (ImportError, ValueError):
        return frozenset()
    if spec is None or not spec.submodule_search_locations or not re.fullmatch(r"[a-z]{2,3}", language or ""):
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations)), "lang", language, "stop_words.py")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    words = " ".join(a or b for a, b in _STRING.findall(text))
    scripts = {_script(c) for c in words if c.isalpha()} - {""}
    if not scripts:
        return frozenset()
    if "HIRAGANA" in scripts:
        scripts |= {"KATAKANA", "CJK"}  # Japanese writes foreign names in katakana, which no stop word uses
    # Latin-script names (brands, foreign people) are written as they are in most languages' news
    return frozenset(scripts | {"LATIN"})


@lru_cache(maxsize=50_000)
def foreign_script(text: str, scripts: frozenset[str]) -> bool:
    """Every letter of ``text`` is in a script outside ``scripts`` (and there is at least one)."""
    if text.isascii():  # most names: ASCII letters are all LATIN, no need to look each one up
        return bool(scripts) and "LATIN" not in scripts and any(c.isalpha() for c in text)
    letters = [c for c in text if c.isalpha()]
    return bool(scripts) and bool(letters) and not any(_script(c) in scripts for c in letters)


# --------------------------------------------------------------------------- layout

#: what may stand before a speaker tag: quotes, list or bold marks
_LEAD = re.compile(r"[\s\"'*_\-–—•>]*")
_COLON = re.compile(r"\s*:")
#: a speaker tag is short: a name or initials, not a sentence that happens to end in a colon
_MAX_LABEL_WORDS = 4


def speaker_label(paragraph: str, start: int, end: int) -> bool:
    """The mention is the speaker tag that opens an interview paragraph ("WN: ...", "Zara Kay: ...").

    The mention starts the paragraph (after quotes or list marks) and a colon follows it, or falls
    inside it when spaCy glued the answer's first word on ("Zara Kay: Apart").
    """
    lead = _LEAD.match(paragraph, 0, start)
    if lead is None or lead.end() != start:
        return False
    surface = paragraph[start:end]
    colon = surface.find(":")
    if colon > 0:
        label = surface[:colon]
    elif _COLON.match(paragraph, end):
        label = surface
    else:
        return False
    return 0 < len(label.split()) <= _MAX_LABEL_WORDS and not paragraph[end : end + 2].startswith(("//", ":/"))


#: "Washington, D.C.", "Washington (D.C.)": the text between a place and the place that qualifies it
_QUALIFIER_GAP = re.compile(r",\s*|\s*\(\s*")


def place_qualifier(paragraph: str, previous_end: int, start: int) -> bool:
    """The mention at ``start`` directly follows the one ending at ``previous_end``, behind ", " or " (" ."""
    m = _QUALIFIER_GAP.fullmatch(paragraph, previous_end, start)
    return m is not None


_SMALL = frozenset({"of", "the", "and", "for", "&", "on", "in", "at", "to", "de", "a", "an"})
_AFTER_DEFINITION = re.compile(r"\s*\(([^()]{3,100})\)")
_BEFORE_DEFINITION = re.compile(r"((?:[^\W\d_][\w'-]*[ ]+){1,8})\($")
_DEF_WORD = re.compile(r"[^\W\d_][\w'-]*")


def acronym_definition(paragraph: str, start: int, end: int, sentence_start: int) -> str:
    """How the text spells out an acronym where it appears: "lower" for a common noun ("digital rights
    management (DRM)", "DRM (digital rights management)"), "name" for capitalised words ("the European
    Union (EU)"), "" when it does not spell it out there.

    The words whose initials make the acronym are the ones read; the first word of a sentence does
    not count as capitalised.
    """
    letters = paragraph[start:end].replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return ""
    after = _AFTER_DEFINITION.match(paragraph, end)
    if after is not None:
        words = _DEF_WORD.findall(after.group(1).split(",")[0])
        first_at = after.start(1)
    else:
        if paragraph[end : end + 1] != ")":
            return ""
        before = _BEFORE_DEFINITION.search(paragraph, max(0, start - 120), start)
        if before is None:
            return ""
        words = _DEF_WORD.findall(before.group(1))
        first_at = before.start(1)
    content = [w for w in words if w.casefold() not in _SMALL]
    n = len(letters)
    if after is not None:
        content = content[:n]
    else:
        content = content[-n:]
    if len(content) != n or "".join(w[0] for w in content).upper() != letters.upper():
        return ""
    capitalised = [w[0].isupper() for w in content]
    sentence_first = paragraph[sentence_start:].lstrip().startswith(content[0]) and first_at <= sentence_start + 2
    if not any(capitalised[1:]) and (not capitalised[0] or sentence_first):
        return "lower"
    return "name" if all(capitalised) else ""
