"""Relations, roles and quotes of one parsed paragraph, as plain tuples (the extraction records'
raw material; graphkit.extraction.ner turns them into Relation, Role and Quote records)."""

from __future__ import annotations

import re

from .quotes import paragraph_quotes
from .relations import entity_index, name_root, sentence_relations
from .roles import sentence_roles

#: forms of "be" the rule lemmatiser leaves as they are
_BE_FORMS = frozenset({"is", "was", "were", "are", "been", "being", "am", "'s", "'re", "'m"})


def fill_lemmas(doc, sentences, lemmatizer) -> None:
    """Lemmas of the verbs and nouns of ``sentences``, when the pipeline's lemmatiser did not run.

    Lemmatising every token of every article costs a good share of the parse (spaCy's rule
    lemmatiser is Python); the rules read lemmas of verbs and nouns only, in sentences with two
    entities or a quote, so graphkit lemmatises just those, with the model's own lemmatiser.
    """
    for sent in sentences:
        for tok in sent:
            if tok.lemma_ or tok.pos_ not in ("VERB", "AUX", "NOUN"):
                continue
            tok.lemma_ = "be" if tok.lower_ in _BE_FORMS else _pick_form(tok.lower_, lemmatizer.rule_lemmatize(tok))


#: a word ending in one vowel and one consonant ("hop", "fin", "stag"): its "-ed" and "-ing" double the
#: consonant ("hopped"), so an undoubled "hoped" is of "hope"
_SHORT_END = re.compile(r"(?:^|[^aeiou])[aeiou][^aeiouwxy]$")


def _pick_form(word: str, forms: list[str]) -> str:
    """The lemma among the rule lemmatiser's candidates: its first, except that "fined", "staged",
    "hoped" are of "fine", "stage", "hope" when both forms are words (spaCy puts "fin" first)."""
    if len(forms) > 1 and word.endswith(("ed", "ing")):
        for form in forms:
            if form + "e" in forms and _SHORT_END.search(form) and not word.startswith(form + form[-1]):
                return form + "e"
    return forms[0]


def analyse_paragraph(doc, lemmatizer=None):
    """Relations, roles and quotes of one parsed paragraph, as entity indexes (into doc.ents):

    ``([(source, target, phrase, directed)], [(person, role text)], [(speaker, quote)])``.
    Role nouns with an owner ("president of Y") also give a relation person -> owner.
    """
    ent_of = entity_index(doc)
    quoted = '"' in doc.text
    sentences = [s for s in doc.sents if sum(1 for e in doc.ents if s.start <= e.start < s.end) >= 1]
    if not sentences:
        return [], [], []
    if lemmatizer is not None:
        fill_lemmas(doc, doc.sents if quoted else sentences, lemmatizer)
    roots = {k: name_root(ent, ent_of) for k, ent in enumerate(doc.ents)}
    relations, roles = [], []
    for sent in sentences:
        found = sentence_relations(doc, sent, ent_of, roots)
        seen = {(min(a, b), max(a, b)) for a, b, _, _ in found}
        for person, text, owner, phrase in sentence_roles(doc, sent, ent_of, roots):
            roles.append((person, text))
            if owner is not None and phrase and (min(person, owner), max(person, owner)) not in seen:
                seen.add((min(person, owner), max(person, owner)))
                found.append((person, owner, phrase, True))
        relations.extend(found)
    quotes = paragraph_quotes(doc, ent_of) if quoted else []
    return relations, roles, [(s, q) for s, q in quotes if s is not None]
