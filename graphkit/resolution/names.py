"""Name strings: readable display forms, matching keys, personal-name parts and spelling folds.

Everything here is a pure function of one string, so the resolution stage can cache it per
surface form. Two surfaces "are the same name" when their :func:`match_key` is equal; the
display form is what a reader sees (original spelling and capitals, minus clutter).

Honorifics and job titles come from nameparser's maintained list (``Mr.``, ``Gen``, ``Col``,
``President``, ``Pope``…), not from a table of ours.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from nameparser.config import CONSTANTS as _NAME_CONSTANTS
from rapidfuzz import fuzz, process

from ..reading.cleaning import QUOTE_FOLD

_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_TRAILING_PUNCT = re.compile(r"[\s\"'“”‘’«»„)\]}>,;:.!?–—-]+$")
_EDGE_PUNCT = re.compile(r"^[\s\"'“”‘’«»„(\[{<–—-]+|" + _TRAILING_PUNCT.pattern)
#: the text's quote folding, plus the backtick and acute accent some sources type for an apostrophe
_QUOTES = {**QUOTE_FOLD, **str.maketrans({"`": "'", "´": "'"})}
_DASHES = re.compile(r"[-‐‑‒–—]+")
_NON_WORD = re.compile(r"[^\w&+@ ]+")
#: a period inside or at the end of an abbreviation: "U.S.", "St. Louis", "Vladimir V. Putin"
_PERIOD = re.compile(r"\.")
_INNER_PERIOD = re.compile(r"\w\.\w")
#: a key as match_key makes it, when nothing is left to remove: lower-case ASCII words, single spaces
_PLAIN_KEY = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")

#: words skipped when an organisation's name is turned into its initials ("Bank of England" -> BE).
_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "&", "on", "in", "at", "to", "de", "du", "des", "la", "le"})
#: a capitalised word that may follow a cut-off first name, but is never a surname.
_CALENDAR = frozenset(
    w.casefold()
    for w in (
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
        "July August September October November December"
    ).split()
)


#: control characters (article text has none: reading.cleaning; an alias file may, "Xi\aJinping")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_surface(surface: str) -> str:
    """The surface on one line, whitespace collapsed, control characters as spaces (aliases never
    hold line breaks; GraphML and GEXF cannot hold most control characters, the other formats could)."""
    return " ".join(_CONTROL.sub(" ", surface).split())  # str.split and the regex's \s agree on white space


@lru_cache(maxsize=200_000)
def display_form(surface: str) -> str:
    """The surface as a readable name: no leading article, possessive or stray punctuation."""
    text = clean_surface(surface)
    text = _LEADING_DET.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text, ending = _strip_edges(text), surface
    if (cut := _cut_open_bracket(text)) != text:
        text, ending = _EDGE_PUNCT.sub("", cut), cut  # ("U.S. (": the period is before the bracket)
    # keep the final period of an abbreviation ("U.S.", "Corp.")
    if ending.rstrip().endswith(".") and re.search(r"(?:^|\W)\w\.\w$|\b[A-Z][a-z]{0,3}$", text):
        text += "."
    return text


def _strip_edges(text: str) -> str:
    """Stray punctuation off both ends, but for the brackets that close the name's own: "Georgia
    (country)" stays as written (it was "Georgia (country")."""
    stripped = _EDGE_PUNCT.sub("", text)
    missing = stripped.count("(") - stripped.count(")")
    if missing > 0:
        tail = m.group() if (m := _TRAILING_PUNCT.search(text)) else ""  # what the strip took off the end
        stripped += ")" * min(missing, tail.count(")"))
    return stripped


def _cut_open_bracket(text: str) -> str:
    """The name before a bracket that never closes: a span that ends inside the brackets that follow a
    name, "World Health Organization (WHO" (spaCy left the ")" out), is the name the text gives first,
    not a third entity beside "World Health Organization" and "WHO"."""
    while (i := text.rfind("(")) > 0 and ")" not in text[i:]:
        text = text[:i].rstrip()
    return text


def strip_accents(text: str) -> str:
    if text.isascii():
        return text  # most names: nothing to decompose (this runs for every new spelling)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def surface_key(surface: str) -> str:
    """How the user's alias file names a surface: the display form, case-insensitive."""
    return unicodedata.normalize("NFKC", display_form(surface)).translate(_QUOTES).casefold()


@lru_cache(maxsize=200_000)
def match_key(surface: str) -> str:
    """The key under which two surfaces count as the same name.

    Case, diacritics, quotes and apostrophes, periods of abbreviations and the choice of hyphen or
    space do not matter: "Kim Jong-un's" and "Kim Jong Un", "U.S." and "US" give equal keys.
    """
    text = strip_accents(display_form(surface)).translate(_QUOTES).casefold()
    text = text.replace("'", "").replace('"', "")
    if _PLAIN_KEY.fullmatch(text):
        return text  # words and single spaces (most names): the steps below would change nothing
    text = _PERIOD.sub(" ", text) if _INNER_PERIOD.search(text) is None else _PERIOD.sub("", text)
    text = _DASHES.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def _title_word(word: str) -> bool:
    w = strip_accents(word).casefold().rstrip(".").translate(_QUOTES)
    return w in _NAME_CONSTANTS.titles


def _suffix_word(word: str) -> bool:
    w = word.casefold().rstrip(".,")
    return len(w) > 1 and w in _NAME_CONSTANTS.suffix_not_acronyms


def is_name_suffix(text: str) -> bool:
    """ "Jr.", "Sr", "III": only what follows a person's name (nameparser's list), no name itself."""
    words = text.split()
    return bool(words) and all(_suffix_word(w) for w in words)


@dataclass(frozen=True)
class PersonName:
    """A person's mention split into what matters for matching."""

    display: str  # readable, titles removed: "Valery V. Gerasimov"
    key: str  # match key without titles, suffixes and middle initials: "valery gerasimov"
    title: str = ""  # the honorifics/titles removed from the front: "Gen."

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.key.split())


#: nameparser's titles and honorifics ("mr", "gen", "president", "pope"…), lower case, no period
TITLE_WORDS = frozenset(_NAME_CONSTANTS.titles)


@lru_cache(maxsize=100_000)
def person_name(surface: str, not_titles: frozenset[str] = frozenset()) -> PersonName:
    """Split a PERSON surface: leading titles (nameparser's list) off, middle initials ignored.

    "Gen. Valery V. Gerasimov" -> display "Valery V. Gerasimov", key "valery gerasimov".
    A title is only removed when a name is left ("President" alone stays as it is). Words in
    ``not_titles`` are kept as names, unless abbreviated ("Marquise Goodwin", but "Gen." always goes).
    """
    display = display_form(surface)
    words = display.split()
    titles: list[str] = []
    while (
        len(words) > 1
        and _title_word(words[0])
        and (words[0].endswith(".") or strip_accents(words[0]).casefold() not in not_titles)
    ):
        titles.append(words.pop(0))
    while len(words) > 2 and _suffix_word(words[-1]):
        words.pop()
    display = " ".join(words)
    tokens = match_key(spaced_initials(display)).split()
    if len(tokens) > 2:
        # middle initials ("V." in "Vladimir V. Putin"); the first token may be an initial ("J. Smith")
        tokens = [tokens[0], *(t for t in tokens[1:-1] if len(t) > 1), tokens[-1]]
    return PersonName(display, " ".join(tokens), " ".join(titles))


#: middle initials written together: after a word, before another ("H.W." of "George H.W. Bush")
_GLUED_INITIALS = re.compile(r"(?<=\w )(?:[^\W\d_]\.){2,}(?= \w)")


def spaced_initials(display: str) -> str:
    """Middle initials written together, spaced out: "George H.W. Bush" -> "George H. W. Bush" (so
    both spellings give one key and the same middle initials). Initials that open the name ("J.R.R.
    Tolkien") or are all of it ("J.F.K.") stay as written, as "HW" without periods does."""
    if "." not in display:
        return display
    return _GLUED_INITIALS.sub(lambda m: " ".join(f"{c}." for c in m.group(0).replace(".", "")), display)


#: nameparser's name particles ("al", "bin", "van", "de"...), as match-key words
NAME_PARTICLES = frozenset(p.strip("-") for p in _NAME_CONSTANTS.prefixes)


def is_full_name(key: str) -> bool:
    """Two name words or more, not counting particles: "waad al baghdadi" is, "al baghdadi" is not."""
    return sum(1 for t in key.split() if t not in NAME_PARTICLES) >= 2


@lru_cache(maxsize=50_000)
def company_name(display: str) -> str:
    """The name without a company's legal form at its end ("Apple Inc." -> "Apple", "UBS AG" ->
    "UBS"), from cleanco's list of legal forms; the name itself when it has none."""
    last = _LAST_WORD_OF_NAME.search(display)
    if last is None or last.group(0).casefold() not in _legal_form_ends():
        return display  # most names: no legal form's last word, no call into cleanco (28 µs each)
    from cleanco import basename

    return basename(display).strip(" ,") or display


_LAST_WORD_OF_NAME = re.compile(r"[^\W_]+(?=\W*$)")


@cache
def _legal_form_ends() -> frozenset[str]:
    """The last words of cleanco's legal forms ("inc", "ag", "kg"...), lower case, without dots."""
    from cleanco.clean import prepare_default_terms

    return frozenset(words[-1] for _, words in prepare_default_terms() if words)


def org_key(key: str) -> str:
    """Word-order variants of organisation names: "ministry of defense" -> "defense ministry".

    Only the simple "<Head> of <modifier>" shape with a one-word head is turned around, which
    covers ministries, departments, universities and banks without touching longer names.
    """
    head, sep, rest = key.partition(" of ")
    if not sep or " " in head or not rest or " of " in rest or len(rest.split()) > 4:
        return key
    rest_words = rest.split()
    if rest_words[0] in ("the", "a", "an"):
        rest_words = rest_words[1:]
    return " ".join([*rest_words, head]) if rest_words else key


def initials(key: str) -> str:
    """ "korean central news agency" -> "kcna"; empty when the name has fewer than two words."""
    words = [w for w in key.split() if w not in _INITIALS_SKIP]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def is_acronym(display: str) -> bool:
    """ "UN", "KCNA", "U.N.": 2-6 capital letters, possibly with periods."""
    letters = display.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


_FOLDS = (("oo", "u"), ("ou", "u"), ("ee", "i"), ("ph", "f"))
_FINAL_Y = re.compile(r"(?:iy|yy|ii|yi|ij|yj)$")
_REPEAT = re.compile(r"(.)\1+")


@lru_cache(maxsize=100_000)
def fold_token(token: str) -> str:
    """A spelling fold for transliteration variants: "moo" = "mu", "zelenskyy" = "zelensky".

    Deliberately small: doubled letters, oo/ou/u, ee/i, ph/f and the -iy/-yy/-yi endings of
    Slavic names. It never makes different initials or different lengths of syllable count alike.
    """
    t = strip_accents(token).casefold()
    for a, b in _FOLDS:
        t = t.replace(a, b)
    t = _FINAL_Y.sub("y", t)
    return _REPEAT.sub(r"\1", t)


def has_cased_letters(text: str) -> bool:
    return text.lower() != text.upper()


def has_capital(text: str) -> bool:
    return text != text.lower()


def is_titlecase_word(word: str) -> bool:
    """ "State", "Kremlin" (not "US", not "state", not "iPhone")."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or over per the to up upon via vs with".split()
)


def content_words(text: str) -> list[str]:
    """The words of ``text`` but the small ones title case leaves in lower case ("of", "the", "for")."""
    return [w for w in text.split() if w.casefold() not in _SMALL_WORDS]


def is_titlecase_headline(text: str) -> bool:
    """A short line in title case ("North Korea Confirms Troop Deployment to Russia").

    Such lines make spaCy glue capitalised verbs and nouns onto names; their mentions are
    trusted only when the body confirms them. A sentence-case line is not a headline here.
    """
    if text.rstrip().endswith((".", "!", ";", ",")):
        return False  # a headline has no full stop; a short sentence full of names does
    words = _WORDS.findall(text)
    if not words or len(words) > 30:
        return False
    content = [w for w in words if w.casefold() not in _SMALL_WORDS]
    if len(content) < 3:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.8


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")


def cut_surname(paragraph: str, end: int) -> str | None:
    """The surname spaCy cut off after "Gen Oleksandr": the next word, when it looks like one.

    Only a single capitalised word followed by a non-capitalised word or punctuation counts, and
    never a weekday, month, title or small word ("Gen Oleksandr Syrskyi had" -> "Syrskyi").
    """
    m = _NEXT_WORD.match(paragraph, end)
    if not m:
        return None
    word = m.group(1)
    if not is_titlecase_word(word.replace("-", "").replace("'", "").replace("’", "")):
        return None
    folded = word.casefold()
    if folded in _CALENDAR or folded in _SMALL_WORDS or _title_word(word) or folded in _NAME_CONSTANTS.conjunctions:
        return None
    after = paragraph[m.end() : m.end() + 2]
    if after[:1] == " " and after[1:2].isupper():
        return None  # part of a longer capitalised run: not a lone surname
    return word


#: words after which a capitalised word is a place ("in Jordan", "from Washington")
PLACE_CUES = frozenset(
    "in to from at near across into outside inside around throughout toward towards via within".split()
)
_LAST_WORD = re.compile(r"([^\W\d_]+)[\s\"'“‘]*$")


#: _LAST_WORD on the reversed text: anchored at its start, so a match costs the word's length
#: rather than a search from every position of the window (this runs once per mention)
_LAST_WORD_REVERSED = re.compile(r"[\s\"'“‘]*([^\W\d_]+)")


def preceding_word(paragraph: str, start: int) -> str:
    """The word just before ``start`` in lower case ("" at the start of the paragraph)."""
    m = _LAST_WORD_REVERSED.match(paragraph[max(0, start - 40) : start][::-1])
    return m.group(1)[::-1].casefold() if m else ""


#: "the North", "the West": a compass word alone names no place of its own
COMPASS_WORDS = frozenset(
    "north south east west northern southern eastern western northeast northwest southeast southwest".split()
)


#: the lowest rapidfuzz WRatio score (0-100) a suggestion needs, and how far below the best it may be
_SUGGEST_CUTOFF = 70
_SUGGEST_WINDOW = 15


def suggest_names(query: str, choices: Iterable[str], limit: int = 5) -> list[str]:
    """The ``choices`` closest to ``query``, best first, at most ``limit``: "did you mean" lists.

    Names are compared by :func:`match_key` (case, accents and punctuation ignored) with
    rapidfuzz's WRatio, which scores typos and partial names well ("Marco Rubbio" -> "Marco
    Rubio") but also rates short names inside long queries highly ("UN" in "Kim Jon Un"): so
    choices under half the query's length are skipped, and only hits close to the best one are
    kept. Equal scores keep the order of ``choices`` (give the more prominent names first); each
    choice comes once, as given.
    """
    key = match_key(query)
    if not key or limit <= 0:
        return []
    keys: dict[str, str] = {}
    for choice in choices:
        if choice not in keys:
            choice_key = match_key(choice)
            if choice_key and len(choice_key) * 2 >= len(key):
                keys[choice] = choice_key
    order = {choice: i for i, choice in enumerate(keys)}
    hits = process.extract(key, keys, scorer=fuzz.WRatio, limit=None, score_cutoff=_SUGGEST_CUTOFF)
    if not hits:
        return []
    best = max(score for _, score, _ in hits)
    ranked = sorted(hits, key=lambda hit: (-hit[1], order[hit[2]]))
    return [choice for _, score, choice in ranked if score >= best - _SUGGEST_WINDOW][:limit]
