"""Likely junk among a graph's entities: names in a script almost no other name uses, odd
punctuation, spans too long for a name, titles typed as people, a suffix alone ("Jr."), compass
words, boilerplate and speakers' tags."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..resolution.names import COMPASS_WORDS, TITLE_WORDS, content_words, is_name_suffix, match_key
from .review_data import Node, Suggestion, Surfaces, yaml_name

#: in at least this share of the documents (and at least _BOILERPLATE_MIN of them): boilerplate
_BOILERPLATE_SHARE = 0.5
_BOILERPLATE_MIN = 5
#: named this many times per document on average, in _BOILERPLATE_MIN documents or more: a
#: speaker's tag in interview transcripts ("Q:", "WN:") rather than a name in running text
_PER_DOCUMENT = 15
#: more words than this, not counting small words ("of", "the") and titles: spans run together, not
#: the name of a person or a place ("Crown Prince Mohammed bin Zayed Al Nahyan" has 5)
_MAX_WORDS = 6
#: types whose names run long by nature ("United Nations Framework Convention on Climate Change")
_LONG_NAMED = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
#: a colon between words, as in such names' subtitles ("Fallout: New Vegas"); a speaker's tag is a
#: person's ("Anthony Smith: Oh"), a time has digits ("11:00pm")
_TITLE_COLON = re.compile(r"(?<=[^\W\d_]): (?=[^\W\d_])")
_ODD_PUNCTUATION = frozenset(":;/\\|@#<>=_")
#: a script holding less than 1/_RARE_SCRIPT of the mentions of the main script is another language
_RARE_SCRIPT = 20


def _script(text: str) -> str:
    """The Unicode script of a name's first letter, roughly: "LATIN", "DEVANAGARI", "CYRILLIC"."""
    for c in text:
        if c.isalpha():
            return unicodedata.name(c, "?").split()[0]
    return ""


def _drop_line(forms: Iterable[str]) -> str:
    return "[" + ", ".join(yaml_name(s) for s in forms) + "]"


def other_scripts(nodes: list[Node], surfaces: Surfaces) -> tuple[list[Suggestion], set[str]]:
    """Names in a script almost no other name uses: NER run on text in another language. One
    suggestion per script, listing every such name."""
    mentions: Counter = Counter()
    for e in nodes:
        mentions[_script(e.label)] += e.mentions
    if not mentions:
        return [], set()
    main, main_count = mentions.most_common(1)[0]
    by_script: dict[str, list[Node]] = defaultdict(list)
    for e in nodes:
        script = _script(e.label)
        if script and script != main and mentions[script] * _RARE_SCRIPT < main_count:
            by_script[script].append(e)
    out, flagged = [], set()
    for script, group in by_script.items():
        ids = [e.id for e in group]
        flagged.update(ids)
        forms = sorted({s for e in group for s in surfaces.own(e, ids) if _script(s) == script}, key=str.casefold)
        shown = ", ".join(e.label for e in group[:3]) + (f" and {len(group) - 3} more" if len(group) > 3 else "")
        reason = f"{len(group)} names in {script.title()} script, which almost no other name uses: {shown}"
        if forms:
            out.append(Suggestion("junk", reason, ids, [e.label for e in group], sum(e.mentions for e in group),
                                  "drop", _drop_line(forms), {"action": "drop", "ids": ids}))  # fmt: skip
    return out, flagged


def not_a_name(e: Node) -> str:
    """Why ``e``'s label is no name at all ("Jr.", "West", "President" as a person), or ""; such an
    entity is only suggested for dropping, never for a merge or a type."""
    words = e.label.split()
    if not any(c.isalpha() for c in e.label):
        return "has no letters"
    label = _TITLE_COLON.sub(" ", e.label) if e.type in _LONG_NAMED else e.label
    if any(c in _ODD_PUNCTUATION for c in label):
        return "holds punctuation names rarely have"
    if e.type not in _LONG_NAMED and sum(match_key(w) not in TITLE_WORDS for w in content_words(e.label)) > _MAX_WORDS:
        return f"is {len(words)} words long"
    if is_name_suffix(e.label):
        return "is a name's suffix, not a name"
    if e.type == "PERSON" and all(match_key(w).replace(" ", "") in TITLE_WORDS for w in words):
        return "is a title, not a person's name"
    if len(e.tokens) == 1 and e.tokens[0] in COMPASS_WORDS:
        return "is a compass word, not a place of its own"
    return ""


def _boilerplate(e: Node, total_docs: int) -> str:
    """Why ``e`` is likely boilerplate (a real name, in too many documents), or ""."""
    if total_docs >= 2 * _BOILERPLATE_MIN and e.documents >= max(_BOILERPLATE_MIN, _BOILERPLATE_SHARE * total_docs):
        return f"is in {e.documents} of {total_docs} documents: likely boilerplate (a source, a byline)"
    if e.documents >= _BOILERPLATE_MIN and e.mentions >= _PER_DOCUMENT * e.documents:
        return (
            f"is named {e.mentions} times in {e.documents} documents: likely a speaker's tag in transcripts "
            "or boilerplate"
        )
    return ""


def junk(
    nodes: list[Node], total_docs: int, surfaces: Surfaces, not_names: dict[str, str] | None = None
) -> Iterable[Suggestion]:
    """The likely junk among ``nodes``; ``not_names`` ({id: reason}) is :func:`not_a_name` of every
    node, when the caller has it already."""
    if not_names is None:
        not_names = {e.id: why for e in nodes if (why := not_a_name(e))}
    for e in nodes:
        why = not_names.get(e.id) or _boilerplate(e, total_docs)
        if not why:  # most names: no need to look at their spellings
            continue
        # the spellings of this very name; other spellings may have joined it by a rule and be fine
        forms = [s for s in surfaces.own(e) if match_key(s) == match_key(e.label)] or [e.label]
        yield Suggestion("junk", f'"{e.label}" ({e.type}) {why}', [e.id], [e.label], e.mentions, "drop",
                         _drop_line(forms), {"action": "drop", "ids": [e.id]})  # fmt: skip
