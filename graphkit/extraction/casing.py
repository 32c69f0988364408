"""Text in capitals made readable to NER: a case-restored copy of ALL-CAPS headlines, datelines and
table lines.

spaCy's small English model finds few names in "LONDON (REUTERS) - BRITISH PRIME MINISTER THERESA
MAY SAID...": its features lean on capitalisation, and in capitals every word looks alike. Before
NER, :func:`restore_case` gives such text the casing the rest of the article uses for the same
words ("Reuters", "May", "said"); a word the article never writes in mixed case is lower case
when it is one of the language's stop words (spaCy's list) and capitalised otherwise, except
unknown words of three letters, which stay as they are (acronyms: "FBI", "BBC"). Every word keeps
its length, so the mentions' offsets are those of the original text, where the evidence
sentences are read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: a dateline in capitals at the start of a paragraph: "LONDON (Reuters) -", "NEW YORK, March 3 -"
_DATELINE = re.compile(r"(?:[A-Z][A-Z.'’-]*[ ]?){1,4}(?=\s*(?:\([^()]{1,30}\)\s*[-–—:]|,[^.]{0,40}?\s[-–—]\s|[-–—]\s))")
_LOWER = re.compile(r"[a-zà-ÿ]")
#: share of a paragraph's cased letters that are capitals for it to be written in capitals
CAPS_SHARE = 0.9
#: fewest letters of a paragraph written in capitals (a lone "NATO" line is an acronym, not capitals)
MIN_CAPS_LETTERS = 8
#: an unknown word of at most this many letters in capitals is kept as it is (likely an acronym)
ACRONYM_LETTERS = 3


def _is_caps(text: str) -> bool:
    if len(_LOWER.findall(text, 0, 200)) > 20:
        return False  # most paragraphs: plainly not in capitals, no need to count every letter
    letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    if len(letters) < MIN_CAPS_LETTERS:
        return False
    return sum(1 for c in letters if c.isupper()) >= CAPS_SHARE * len(letters)


def _dateline(paragraph: str) -> re.Match | None:
    found = _DATELINE.match(paragraph)
    return found if found is not None and sum(c.isalpha() for c in found.group()) >= 3 else None


def case_vocabulary(paragraphs: Iterable[str]) -> dict[str, str]:
    """lower-case word -> the spelling the article's mixed-case text uses most ("reuters" -> "Reuters",
    "nato" -> "NATO": a word in capitals inside normal text is an acronym)."""
    seen: dict[str, Counter] = {}
    for paragraph in paragraphs:
        if _is_caps(paragraph):
            continue
        dateline = _dateline(paragraph)
        for word in _WORD.findall(paragraph, dateline.end() if dateline is not None else 0):
            seen.setdefault(word.casefold(), Counter())[word] += 1
    return {key: spellings.most_common(1)[0][0] for key, spellings in seen.items()}


def _restore_word(
    word: str, vocabulary: dict[str, str], stop_words: frozenset[str] | set[str], first: bool, names: bool
) -> str:
    key = word.casefold()
    known = vocabulary.get(key)
    if known is not None:
        new = known
    elif key in stop_words:
        new = word.lower()
    elif len(word) <= ACRONYM_LETTERS and not names:
        return word
    else:
        new = word[0] + word[1:].lower()
    if first and new[:1].islower():
        new = new[0].upper() + new[1:]
    return new if len(new) == len(word) else word  # same length, or the offsets would move


def _restore(text: str, vocabulary, stop_words, names: bool = False) -> str:
    """``text`` with its words in capitals restored; ``names``: a dateline, whose short words are
    place names too ("NEW YORK")."""
    out, last, first = [], 0, True
    for m in _WORD.finditer(text):
        word = m.group()
        out.append(text[last : m.start()])
        out.append(_restore_word(word, vocabulary, stop_words, first, names) if word.isupper() else word)
        last, first = m.end(), False
    out.append(text[last:])
    return "".join(out)


def restore_case(paragraphs: Sequence[str], stop_words: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The paragraphs with ALL-CAPS paragraphs and leading capital datelines case-restored.

    Mixed-case text is returned unchanged, and every paragraph keeps its length and word offsets.
    """
    vocabulary: dict[str, str] | None = None
    out = []
    for paragraph in paragraphs:
        caps = _is_caps(paragraph)
        dateline = None if caps else _dateline(paragraph)
        if not caps and dateline is None:
            out.append(paragraph)
            continue
        if vocabulary is None:
            vocabulary = case_vocabulary(paragraphs)
        if caps:
            out.append(_restore(paragraph, vocabulary, stop_words))
        else:
            end = dateline.end()
            out.append(_restore(paragraph[:end], vocabulary, stop_words, names=True) + paragraph[end:])
    return out
