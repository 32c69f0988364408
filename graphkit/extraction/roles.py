"""Roles read from spaCy's dependency parse: what a person is ("president of Y", "Secretary of State").

A role noun ties a person to an organisation, place or person: apposition ("Yang, president of
the University"; "Lim, a professor at the Institute"), a title before the name ("President
Zelensky of Ukraine"; "Ukraine's top military commander Syrskyi"), a copula ("X is the head of
Y"). The role text ("president of University of North Korean Studies") becomes the person's
role; with an owner it is also a relation person -> owner ("president of"). A role stays with
the person it stands beside: words before another person's name are that person's.
"""

from __future__ import annotations

from .relations import HONORIFICS, ROLE_OWNER_LABELS, ROLE_PREPOSITIONS, Role, unasserted

#: entities that are never words of a title before a name (the parse may hang them on it)
NOT_A_TITLE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


def _strip_article(text: str) -> str:
    return text[4:] if text[:4].lower() == "the " else text


def _owner(noun, ent_of, doc, skip: int):
    """(entity, preposition) a role noun is "of": a prepositional object or a possessive/compound."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ROLE_PREPOSITIONS:
            for p in child.children:
                k = ent_of.get(p.i)
                if p.dep_ == "pobj" and k is not None and k != skip and doc.ents[k].label_ in ROLE_OWNER_LABELS:
                    return k, child.lower_
    for child in noun.children:
        k = ent_of.get(child.i)
        if (
            child.dep_ in ("poss", "compound", "nmod")
            and k is not None
            and k != skip
            and doc.ents[k].label_ in ROLE_OWNER_LABELS - {"NORP"}
        ):
            return k, "of"
    return None, ""


def _hyphen_after(token) -> bool:
    """A hyphen follows the word and a word follows it, with no space between: "vice" of "vice-president"."""
    doc, i = token.doc, token.i
    return not token.whitespace_ and i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i + 1].whitespace_


def _hyphen_part(token, nouns) -> bool:
    """A piece of a hyphenated word the tokenizer split, whose last word is among ``nouns`` ("vice"
    and "-" of "vice-president"); "editor" of "editor-in-chief" is the word itself."""
    if token.text == "-":
        return True
    after = token.doc[token.i + 2] if _hyphen_after(token) else None
    return after is not None and (after in nouns or _hyphen_part(after, nouns))


def _hyphen_prefix(noun) -> list:
    """The words before a role noun that a hyphen joins to it, with their own modifiers: "former
    vice-" of "former vice-president", "ex-" of "ex-governor" (the parse makes each a noun of its own)."""
    doc, j = noun.doc, noun.i
    while j >= 2 and _hyphen_after(doc[j - 2]):
        j -= 2
    if j == noun.i:
        return []
    before = [t for t in doc[j].subtree if t.i < j and t.dep_ not in ("det", "predet", "punct")]
    return before + list(doc[j : noun.i])


def _joined(tokens, forms) -> str:
    """Words as written: a hyphenated word whole ("vice-president"), other words with a space."""
    out = ""
    for k, (t, form) in enumerate(zip(tokens, forms)):
        glued = k and tokens[k - 1].i == t.i - 1 and not tokens[k - 1].whitespace_
        out += form if glued or not out else " " + form
    return out


def _noun_words(noun, ent_of, owner) -> tuple[str, str]:
    """Words of a role noun phrase, in order: (the role text, the edge phrase).

    The role text keeps modifiers that are names ("North Korean leader"); the edge phrase does
    not ("leader of"), nor the owner itself.
    """
    text, phrase = [], []
    prefix = _hyphen_prefix(noun)
    # (the parse may put the hyphened words inside the noun's subtree too: each word once, in order)
    words = sorted({t.i: t for t in [*prefix, *noun.subtree] if t.i <= noun.i}.values(), key=lambda t: t.i)
    for t in words:
        if t.dep_ in ("det", "case", "predet") or (t.is_punct and t.text != "-"):
            continue
        if t.i in ent_of and ent_of[t.i] == owner:
            continue
        if t not in prefix and t.i < noun.i and t.head.i != noun.i and t.head.dep_ not in ("amod", "compound", "nmod"):
            continue
        if t.lower_ in HONORIFICS or t.lower_.rstrip(".") in HONORIFICS:
            continue
        text.append(t)
        if t.i not in ent_of:
            phrase.append(t)
    forms = [t.text if t.i in ent_of or t.pos_ == "PROPN" else t.lower_ for t in text]
    return _joined(text, forms), _joined(phrase, [t.lower_ for t in phrase])


def _role(doc, ent_of, person: int, noun) -> Role | None:
    owner, prep = _owner(noun, ent_of, doc, person)
    role_text, phrase = _noun_words(noun, ent_of, owner)
    if not phrase:
        return None
    if owner is not None:
        role_text += f" {prep} {_strip_article(doc.ents[owner].text)}"
    return person, role_text, owner, f"{phrase} {prep}" if owner is not None else ""


def _title_before(doc, ent, root, ent_of, person: int) -> Role | None:
    """Title words before a name that hang on it: "President", "Secretary of State", "Russian Chief
    of Staff"; owner from "of Y" after the name ("President Zelensky of Ukraine")."""
    words = []
    i = ent.start - 1
    while i >= ent.sent.start:
        t = doc[i]
        k = ent_of.get(i)
        if k is not None and doc.ents[k].label_ == "PERSON":
            break  # another person's name: what precedes it is theirs
        if k is not None and doc.ents[k].label_ in NOT_A_TITLE_LABELS:
            break  # "on Friday President Obama": a day is no part of a title
        # a lower-case adjective of a title word taken: "former" of "former US Senator"
        qualifier = t.pos_ == "ADJ" and t.dep_ == "amod" and t.is_lower and any(t.head == w for w in words)
        if root not in t.ancestors or not (t.is_title or t.lower_ in ("of", "the") or k is not None or qualifier):
            break
        if k is None and t.lower_ not in ("of", "the") and t.pos_ not in ("PROPN", "NOUN", "ADJ"):
            break  # a capitalised first word: "Granted, President Obama", "Afterwards, President Trump"
        words.insert(0, t)
        i -= 1
    while words and words[0].lower_ in ("of", "the"):
        words.pop(0)
    words = [t for t in words if t.lower_.rstrip(".") not in HONORIFICS and t.pos_ != "DET"]
    if not words or all(t.i in ent_of for t in words):
        return None
    text = " ".join(t.text for t in words)
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for p in child.children:
                k = ent_of.get(p.i)
                if k is not None and k != person and doc.ents[k].label_ in ROLE_OWNER_LABELS:
                    phrase = " ".join(t.lower_ for t in words if t.i not in ent_of)
                    return person, f"{text} of {_strip_article(doc.ents[k].text)}", k, f"{phrase} of"
    return person, text, None, ""


def sentence_roles(doc, sent, ent_of: dict[int, int], roots: dict[int, object]) -> list[Role]:
    """Roles of the people named in one sentence."""
    out: list[Role] = []
    for k, ent in enumerate(doc.ents):
        if ent.label_ != "PERSON" or not (sent.start <= ent.start < sent.end):
            continue
        root = roots[k]
        # (the tagger calls a role noun a proper noun now and then: "the chancellor of Germany")
        appos = [c for c in root.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN") and c.i not in ent_of]
        nouns = [c for c in appos if not _hyphen_part(c, appos)]
        if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN") and root.head.i not in ent_of:
            nouns.append(root.head)  # "the U.S. president, Donald Trump"
        if root.dep_ == "nsubj" and root.head.lemma_ == "be" and not unasserted(root.head):
            # "X is the head of Y" (not "X could be a conduit", "if X were president")
            nouns += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        # a lower-case role noun before the name: "Ukraine's top military commander Syrskyi"
        nouns += [
            c
            for c in root.children
            if c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN" and c.i < ent.start and c.i not in ent_of
        ]
        for noun in nouns:
            if noun.tag_ in ("NNS", "NNPS"):
                continue  # a plural says what a group is ("Obama and Bush, both presidents"), not one person
            role = _role(doc, ent_of, k, noun)
            if role:
                out.append(role)
        if not any(n.i < ent.start for n in nouns):
            role = _title_before(doc, ent, root, ent_of, k)
            if role:
                out.append(role)
    return out
