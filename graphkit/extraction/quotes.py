"""Direct quotes and who said them, read from one parsed paragraph.

The text reaching spaCy has straight double quotes only (graphkit.cleaning folds the typographic
ones), so quotes are the spans between successive marks of a paragraph; a quote still open at
the paragraph's end runs to its end (news style for a quote that goes on). A quote is attributed:

* quote then speaker: '"...," Lim said', '"...," said Yang, president of ...',
  '"...," KCNA quoted Kim as saying', '"...," Mr. Kim was quoted as saying';
* speaker then quote: 'Kim stated, as reported by KCNA, "..."', 'According to X, "..."'; a quote
  in the clause of a speech verb before it is that verb's, whatever verb follows ('X told MSNBC
  Cummings "was a great man," while Y noted ...');
* "he"/"she" as the speaker: the one person named (outside quotes) in the nearest earlier
  sentence of the paragraph that names any; two different people there: nobody;
* a quote that is a sentence of its own right after an attributed quote of the paragraph goes on
  that quote ('"...," Lim said. "The recapture ..."').

Anything else (a speaker who is not a name: "its spokesman said", "the general told"; scare
quotes of a few words) gets no speaker: a quote goes to nobody rather than to the wrong person.
Returns plain tuples ``(speaker entity index or None, text)``.
"""

from __future__ import annotations

#: verbs that attribute a direct quote to their subject
SPEECH_VERBS = frozenset(
    {
        "say",
        "tell",
        "add",
        "state",
        "write",
        "explain",
        "insist",
        "declare",
        "stress",
        "remark",
        "note",
        "continue",
        "conclude",
        "comment",
        "tweet",
        "reply",
        "respond",
        "ask",
        "warn",
        "argue",
        "claim",
        "announce",
        "acknowledge",
        "admit",
        "recall",
        "quote",
        "describe",
        "urge",
        "assert",
        "emphasize",
        "emphasise",
        "answer",
        "joke",
        "predict",
        "complain",
        "observe",
        "exclaim",
        "shout",
        "post",
        "call",  # 'McConnell called it "a last-minute stimulus bill"'
    }
)
#: shorter quoted spans are scare quotes or names ("heroism", "complete liberation"), not quotes
MIN_QUOTE_WORDS = 4
#: how far (tokens) an attribution may sit from its quote
REACH = 14
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PRONOUNS = frozenset({"he", "she"})


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans inside successive pairs of '"'."""
    marks = [i for i, ch in enumerate(text) if ch == '"']
    return [(marks[j] + 1, marks[j + 1] if j + 1 < len(marks) else len(text)) for j in range(0, len(marks), 2)]


def _speaker_token(verb):
    lemma = verb.lemma_.lower()
    if lemma == "say" and verb.head.lemma_.lower() == "quote" and verb.head.i != verb.i:
        verb, lemma = verb.head, "quote"  # "quoted Kim as saying"
    if lemma == "quote":
        for c in verb.children:
            if c.dep_ in ("nsubjpass", "dobj"):
                return c
        return None
    v = verb
    for _ in range(3):
        for c in v.children:
            if c.dep_ == "nsubj":
                return c
        if v.dep_ in ("advcl", "conj", "xcomp") and v.head.pos_ in ("VERB", "AUX"):
            v = v.head  # '"...," he said, adding that "..."'
        else:
            break
    return None


def _entity_of(token, ent_of, doc):
    """The named speaker a subject token stands for, if any (none for "X and Y said")."""
    if any(c.dep_ == "conj" for c in token.children):
        return None
    k = ent_of.get(token.i)
    if k is None:
        # "former tank commander, Col Hamish de Bretton-Gordon, said": the name in apposition
        for c in token.children:
            if c.dep_ == "appos" and c.i in ent_of:
                k = ent_of[c.i]
                break
    if k is None and token.pos_ == "PROPN":
        # a person's name cut short by the recogniser ("Gen Oleksandr | Syrskyi"): the name it hangs
        # on. Not a place or body before a title or a noun: "US Ambassador ... said", "Another US
        # official told" are no words of the United States.
        for c in token.children:
            if (
                c.dep_ == "compound"
                and c.i in ent_of
                and doc.ents[ent_of[c.i]].end == token.i
                and doc.ents[ent_of[c.i]].label_ == "PERSON"
            ):
                k = ent_of[c.i]
                break
    if k is not None and doc.ents[k].label_ in SPEAKER_LABELS:
        return k
    return None


def _same_person(a, b) -> bool:
    """Two mentions of one person in a paragraph: one's words are among the other's ("Kim" / "Kim Jong Un")."""
    wa, wb = {t.lower_ for t in a}, {t.lower_ for t in b}
    return wa <= wb or wb <= wa


def _antecedent(doc, pronoun, ent_of, inside):
    """The one person named before the pronoun, in the nearest sentence that names any."""
    sentences = [s for s in doc.sents if s.start <= pronoun.i]
    for sent in reversed(sentences):
        people = [
            e
            for e in doc.ents
            if e.label_ == "PERSON" and sent.start <= e.start < sent.end and e.start < pronoun.i and not inside[e.start]
        ]
        if not people:
            continue
        first = people[0]
        if all(_same_person(first, p) for p in people):
            longest = max(people, key=len)
            return ent_of[longest.start]
        return None
    return None


def _verb_before(doc, t0: int, before: list, according: bool = True):
    """The nearest speech verb before a quote, in its sentence (with ``according``: or the
    "according" of "According to X, ..." if that comes first), or None."""
    for t in reversed(before[-REACH:]):
        if t.is_punct and t.text in ".!?" or t.sent != doc[t0].sent:
            return None
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH_VERBS:
            return t
        if according and t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            return t
    return None


def _governing_verb(doc, t0: int, t1: int, before: list):
    """The speech verb just before a quote, in its sentence, whose clause holds the quote, or None."""
    verb = _verb_before(doc, t0, before, according=False)
    words = [w for w in doc[t0:t1] if not w.is_punct]
    return verb if verb is not None and any(verb in w.ancestors for w in words) else None


def paragraph_quotes(doc, ent_of: dict[int, int]) -> list[tuple[int | None, str]]:
    """Every quote of the paragraph (of at least MIN_QUOTE_WORDS words) with its speaker or None."""
    spans = quote_spans(doc.text)
    if not spans:
        return []
    inside = [False] * len(doc)
    bounds = []  # token range of each span
    for s, e in spans:
        tokens = [t.i for t in doc if s <= t.idx < e]
        for i in tokens:
            inside[i] = True
        bounds.append((tokens[0], tokens[-1] + 1) if tokens else (0, 0))
    out: list[tuple[int | None, str]] = []
    previous_end, previous_speaker = -1, None
    for n, ((s, e), (t0, t1)) in enumerate(zip(spans, bounds)):
        text = doc.text[s:e].strip().rstrip(",").strip()
        if len(text.split()) < MIN_QUOTE_WORDS or t0 == t1:
            continue
        next_start = bounds[n + 1][0] if n + 1 < len(bounds) else len(doc)
        after = [t for t in doc[t1:next_start] if not inside[t.i] and t.text != '"']
        prev_end = bounds[n - 1][1] if n > 0 else 0
        before = [t for t in doc[prev_end:t0] if not inside[t.i] and t.text != '"']
        # a quote that is the object of a speech verb before it is that verb's ('X told MSNBC
        # Cummings "was a great man," while Y noted ...': X's, not Y's of the verb after it)
        verb = _governing_verb(doc, t0, t1, before)
        # a quote ending its sentence with a full stop is not followed by its attribution
        closes = text[-1:] in ".!?"
        if verb is None and after and (not closes or text[-1] in "!?" and after[0].is_lower):
            for t in after[:REACH]:
                if t.is_punct and t.text in ".!?":
                    break
                if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH_VERBS:
                    verb = t
                    break
        speaker = None
        if verb is None:
            verb = _verb_before(doc, t0, before)
            if verb is not None and verb.lower_ == "according":  # "According to X, ..."
                for p in doc[verb.i + 1].children:
                    if p.dep_ == "pobj":
                        speaker = _entity_of(p, ent_of, doc)
        if verb is not None and verb.lower_ != "according":
            token = _speaker_token(verb)
            if token is not None and token.lower_ in PRONOUNS:
                speaker = _antecedent(doc, token, ent_of, inside)
                if speaker is not None and any(
                    t0 <= e.start < t1 and _same_person(doc.ents[speaker], e) for e in doc.ents
                ):
                    speaker = None  # '"Biden is wrong," he said': he is not the Biden he names
            elif token is not None:
                speaker = _entity_of(token, ent_of, doc)
        if verb is None and previous_speaker is not None and t0 >= previous_end:
            # a whole sentence quoted right after an attributed quote: the same speaker goes on (not a
            # quote later in that quote's own sentence: '..., with McConnell calling it "..."')
            gap = any(not t.is_punct for t in doc[previous_end:t0] if not inside[t.i])
            tail = any(not t.is_punct for t in doc[t1 : min(next_start, doc[t1 - 1].sent.end)] if not inside[t.i])
            if not gap and not tail:
                speaker, verb = previous_speaker, doc[t1 - 1]
        out.append((speaker, text))
        if verb is not None and speaker is not None:
            previous_end, previous_speaker = max(t1, verb.sent.end), speaker
        else:
            previous_end, previous_speaker = -1, None
    return out
