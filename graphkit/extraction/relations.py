"""Relations read from spaCy's dependency parse of one paragraph.

A relation ties two entity mentions of one sentence by the words that link them in the parse:

* a verb whose subject is one and whose object (or prepositional object) is the other:
  "Zelensky met with Trump" -> ``meet with``, Zelensky -> Trump; passive voice is turned round
  ("Trump was met by Zelensky" is the same), negation is kept ("did not meet" -> ``not meet``);
* coordinated subjects of a verb without an object share it ("Kim and Putin met" -> ``meet``, no
  direction) and coordinated conjuncts stand where the first one stands ("met Kim and Putin");
* nothing the text does not say happened: asked for, planned, claimed, possible or conditional
  (:func:`unasserted`);
* a verb that introduces a clause ties its subject to that clause's subject ("Rubio warned that
  Trump ...": ``warn``), except verbs that only report speech or belief ("X said Y met Z" ties
  Y and Z by ``meet`` and X to nobody);
* a role noun ties a person to what the role is of ("president of"): graphkit.extraction.roles.

Everything here works on one spaCy Doc and returns plain tuples of entity indexes (into
``doc.ents``) and strings, so nothing of spaCy leaves the extraction stage. The rules read only
the parse's labels and a few closed word lists (reporting verbs, forms of address); no rule
looks at particular names.
"""

from __future__ import annotations

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
VERBAL = frozenset({"VERB", "AUX"})
#: entity labels that take part in relations (not dates, amounts, ...)
LINK_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "PRODUCT", "WORK_OF_ART", "LAW"})
#: what a person's role can be "of": "president of Ukraine", "adviser of Biden"
ROLE_OWNER_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PERSON"})
#: prepositions after a role noun that name whom the role is with
ROLE_PREPOSITIONS = frozenset({"of", "at", "for", "with", "to"})
#: prepositions that set their object apart from what the verb says ("Unlike Biden, Trump received a
#: bump": Trump received nothing from Biden): no relation through them ("like" and "besides" may
#: include their object: "met leaders like Angela Merkel")
CONTRASTING_PREPOSITIONS = frozenset({"unlike", "despite", "except", "notwithstanding", "than"})
#: verbs that only report what someone said, thought or found: the clause they introduce
#: belongs to its own subject ("X said Y met Z": Y and Z met, X is tied to neither by "say").
REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "add",
        "state",
        "report",
        "note",
        "claim",
        "assert",
        "write",
        "remark",
        "comment",
        "explain",
        "announce",
        "indicate",
        "suggest",
        "believe",
        "think",
        "know",
        "insist",
        "argue",
        "confirm",
        "deny",
        "show",
        "find",
        "hope",
        "expect",
        "fear",
        "estimate",
        "mention",
        "stress",
        "reveal",
        "recall",
        "see",
        "hear",
        "feel",
        "acknowledge",
        "admit",
        "tweet",
        "reply",
        "respond",
        "ask",
        "predict",
        "allege",
        "agree",
        "conclude",
        "declare",
        "emphasize",
        "emphasise",
        "understand",
        "learn",
        "assume",
        "doubt",
        "realize",
        "realise",
        "wonder",
        "mean",
        "seem",
        "appear",
        "hold",
    }
)
#: Words that say an event is not (yet) a fact: a relation under them would state as done what was
#: only possible, asked for, planned or claimed. A user review of 111 claims on Wikinews found 12 of
#: 27 wrong ones were such: "officials pressured Trump not to commute the sentence" (he did), "Knapp
#: predicts Biden defeats Trump", "should Pierluisi remain unconfirmed".
#: modal auxiliaries ("will" stays: a meeting set for tomorrow is news of a tie)
HYPOTHETICAL_AUX = frozenset({"might", "could", "may", "would", "should", "can", "must"})
#: subordinators of a condition: "if X attacks Y", "unless Y pays"
CONDITIONS = frozenset({"if", "unless", "whether"})
#: verbs whose clause they introduce is held or wanted, not asserted ("X alleges that Y paid Z")
NOT_ASSERTING = frozenset(
    {"claim", "allege", "predict", "believe", "think", "suggest", "hope", "expect", "fear", "estimate",
     "assume", "doubt", "wonder", "speculate", "suspect", "seem", "appear", "guess", "imagine", "want",
     "wish"}
)  # fmt: skip
#: verbs whose to-clause was not (yet) done: asked for ("urged X to meet Y"), planned, tried or offered
NOT_DONE = frozenset(
    {"ask", "urge", "pressure", "press", "call", "tell", "order", "persuade", "encourage", "request",
     "demand", "push", "invite", "advise", "beg", "implore", "instruct", "direct", "allow", "permit",
     "want", "wish", "need", "hope", "expect", "plan", "intend", "aim", "seek", "try", "attempt",
     "threaten", "promise", "vow", "offer", "propose", "prepare", "consider"}
)  # fmt: skip
#: nouns whose clause is held, not asserted: "concerns that Google violated the DMCA"
NOT_ASSERTING_NOUNS = frozenset(
    {"allegation", "claim", "concern", "fear", "rumor", "rumour", "suspicion", "speculation", "belief",
     "hope", "possibility", "prospect", "plan", "proposal", "threat", "bid", "attempt", "effort", "call",
     "demand", "request", "prediction", "theory"}
)  # fmt: skip
#: verbs too empty to name a tie ("X and Y were vague", "X has ...")
EMPTY_VERBS = frozenset({"be", "have", "do", "become", "get"})
#: forms of address before a name: not roles
HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "sir",
        "dame",
        "madam",
        "madame",
        "dr",
        "lord",
        "lady",
        "monsieur",
        "herr",
        "frau",
        "senor",
        "señor",
    }
)

#: pronouns that can stand for an entity of a label as the subject of a clause it introduces
STAND_IN_PRONOUNS = {"PERSON": ("he", "she"), "ORG": ("it",), "GPE": ("it",)}

Relation = tuple  # (entity a, entity b, phrase, directed: a did it to b)
Role = tuple  # (person entity, role text, owner entity or None, edge phrase or "")


def entity_index(doc) -> dict[int, int]:
    """token index -> index of the entity (in doc.ents) it belongs to."""
    out = {}
    for k, ent in enumerate(doc.ents):
        for i in range(ent.start, ent.end):
            out[i] = k
    return out


def name_root(ent, ent_of: dict[int, int]):
    """The token that stands for the entity in the parse.

    Usually ``ent.root``; when the recogniser cut a name short ("Gen Oleksandr | Syrskyi") the
    parse still hangs the entity on the word after it, which then stands for the whole name.
    """
    root = ent.root
    while (
        root.dep_ == "compound" and root.head.i == ent.end and root.head.pos_ == "PROPN" and root.head.i not in ent_of
    ):
        root = root.head
    return root


#: verbs that say the verb under them did not happen: "failed to override", "declined to commute",
#: "denied that it had bought"
NEGATING_VERBS = frozenset({"fail", "refuse", "decline", "neglect", "deny"})


def _has_not(verb) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _negated(verb) -> bool:
    # under "failed to", "denied that": negated, unless that verb is itself ("did not deny that X met
    # Y": they met; a "not" of its own under it makes two negations, a yes)
    under = verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in NEGATING_VERBS and not _has_not(verb.head)
    return _has_not(verb) != under


def _condition(clause) -> bool:
    """Whether ``clause`` is a condition: "if X meets Y", "unless Y pays"."""
    return clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in clause.children)


def unasserted(verb) -> bool:
    """True when the text does not say ``verb`` happened: under a modal ("could meet"), in a
    condition ("if X meets Y"), in a clause that is claimed, believed or feared ("alleges that X
    paid Y", "concerns that X violated Y"), or in a to-clause that is asked for, planned or tried
    ("urged X to meet Y", "threatened to remove Y"); also when a verb above it is so ("X may say Y
    met Z"). A verb under "fail", "refuse", "decline" or "deny" is read as not done (_negated)."""
    v = verb
    for _ in range(6):
        modals = {c.lower_ for c in v.children if c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX}
        if v.dep_ == "ccomp" and v.head.lemma_.lower() in REPORTING_VERBS:
            modals.discard("would")  # "said the NTSB would begin an investigation": a reported "will"
        if modals:
            return True
        if _condition(v) or any(_condition(c) for c in v.children):
            return True  # (a child: "NATO would respond if Russia attacked", the answer to a condition)
        head = v.head.lemma_.lower()
        if v.dep_ == "ccomp" and v.head.pos_ in VERBAL and head in NOT_ASSERTING:
            return True
        if v.dep_ == "xcomp" and v.head.pos_ in VERBAL and head in NOT_DONE:
            return True
        if v.dep_ in ("ccomp", "acl", "relcl") and v.head.pos_ == "NOUN" and head in NOT_ASSERTING_NOUNS:
            # (the small model parses "concerns that X did" as a relative clause)
            return True
        if v.dep_ not in ("ccomp", "xcomp", "conj") or v.head is v:
            return False
        v = v.head
    return False


def verb_phrase(verb, noun=None, preposition: str = "") -> str:
    """Lower-case lemma phrase: "not " for a negated verb, the verb and its particle ("reach out"),
    the object noun when the preposition hangs on it ("sign treaty with"), the preposition."""
    words = ["not"] if _negated(verb) else []
    words.append(verb.lemma_.lower())
    words += [c.lower_ for c in verb.children if c.dep_ == "prt"]
    if noun is not None:
        words.append(noun.lemma_.lower())
    if preposition:
        words.append(preposition)
    return " ".join(words)


def attachment(root, ent_of: dict[int, int]):
    """(verb, role, noun, preposition) for how an entity attaches to a verb, or None.

    role is "subj" (the doer), "obj" (what is done to) or "pobj" (object of a preposition);
    noun is the object noun a preposition hangs on ("sent troops to Russia").
    """
    tok = root
    # "Kim and Russian leader Putin" is sometimes parsed with Kim as a compound that has the "and"
    if tok.dep_ == "compound" and any(c.dep_ == "cc" for c in tok.children):
        tok = tok.head
    while tok.dep_ == "conj" and tok.head.pos_ in NOMINAL:
        tok = tok.head  # a later conjunct stands where the first one stands
    if tok.dep_ == "appos" and tok.head.pos_ in NOMINAL and tok.head.i not in ent_of:
        tok = tok.head  # "the U.S. president, Donald Trump, met ...": the noun it renames stands there
    dep, head = tok.dep_, tok.head
    if dep == "poss" and head.dep_ in OBJECTS and head.head.pos_ in VERBAL:
        # "disputes Gerasimov's assertion": "dispute assertion of", as "the assertion of Gerasimov"
        # (a bare "win" for "won the Democratic Party's caucuses" said the party was beaten)
        return head.head, "pobj", head, "of"
    if dep in SUBJECTS:
        return head, "subj", None, ""
    if dep in PASSIVE_SUBJECTS or dep in OBJECTS:
        return head, "obj", None, ""
    if dep == "pobj" and head.dep_ in ("prep", "agent", "dative") and head.lower_ not in CONTRASTING_PREPOSITIONS:
        prep, gov = head, head.head
        if prep.dep_ == "agent":
            return gov, "subj", None, ""  # "was met by X": X did it
        noun = None
        if gov.pos_ == "NOUN" and gov.dep_ in OBJECTS and gov.head.pos_ in VERBAL:
            if prep.lower_ == "by":
                return None  # "lyrics by the band": the noun's author, not the verb's partner
            noun, gov = gov, gov.head  # "signed a treaty with Putin", "conducted searches of the sea"
        if gov.pos_ in VERBAL:
            if noun is None:  # "took a shot at Trump", "paid tribute to Kohl": the verb says little alone
                noun = next(
                    (c for c in gov.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i not in ent_of), None
                )
            return gov, "pobj", noun, prep.lower_
    return None


def _quoted(token) -> bool:
    """Whether a token stands inside quotation marks (an odd number of them before it)."""
    return token.doc.text.count('"', 0, token.idx) % 2 == 1


def inherited_subjects(verb) -> list:
    """Subjects of a verb, or of the verb it is coordinated with or controlled by ("Kim met Putin
    and signed ...", "Kim managed to send troops ..."; "Trump forced Zelensky to investigate ...":
    Zelensky)."""
    v = verb
    for _ in range(4):
        subjects = [c for c in v.children if c.dep_ in SUBJECTS]
        if subjects:
            return subjects
        if v.dep_ == "xcomp" and v.head.pos_ in VERBAL:
            # "Trump forced Zelensky to investigate Biden": with an object, the object does it
            objects = [c for c in v.head.children if c.dep_ in ("dobj", "dative")]
            if objects:
                return objects
            v = v.head
        elif v.dep_ == "conj" and v.head.pos_ in VERBAL:
            v = v.head
        else:
            return []
    return []


def sentence_relations(doc, sent, ent_of: dict[int, int], roots: dict[int, object]) -> list[Relation]:
    """Relations between the entities of one sentence, at most one per pair (the most direct)."""
    members = [k for k, ent in enumerate(doc.ents) if sent.start <= ent.start < sent.end and ent.label_ in LINK_LABELS]
    if len(members) < 2:
        return []
    found: dict[tuple[int, int], Relation] = {}

    def add(a: int, b: int, phrase: str, directed: bool) -> None:
        key = (min(a, b), max(a, b))
        if a != b and key not in found and doc.ents[a].text != doc.ents[b].text:
            found[key] = (a, b, phrase, directed)

    att = {k: attachment(roots[k], ent_of) for k in members}
    # "X said he had sent troops to Y": a pronoun subject of the clause a verb introduces is
    # that verb's subject; it stands in for the entity (as a second attachment of it)
    stand_ins = []
    for k in members:
        if att[k] and att[k][1] == "subj":
            verb = att[k][0]
            for clause in verb.children:
                if clause.dep_ != "ccomp":
                    continue
                for c in clause.children:
                    if (
                        c.dep_ in SUBJECTS | PASSIVE_SUBJECTS
                        and c.lower_ in STAND_IN_PRONOUNS.get(doc.ents[k].label_, ())
                        and not _quoted(c)
                    ):  # 'X said of Y, "He did it"': a quoted "he" is someone else
                        stand_ins.append((k, attachment(c, ent_of)))

    # 1. subject and object of one verb; subjects side by side
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if not att[a] or not att[b] or att[a][0] != att[b][0]:
                continue
            verb = att[a][0]
            if verb.lemma_.lower() in EMPTY_VERBS or unasserted(verb):
                continue
            (_, ra, na, pa), (_, rb, nb, pb) = att[a], att[b]
            if ra == "subj" and rb != "subj":
                add(a, b, verb_phrase(verb, nb, pb), True)
            elif rb == "subj" and ra != "subj":
                add(b, a, verb_phrase(verb, na, pa), True)
            elif ra == rb == "subj" and not any(c.dep_ in OBJECTS | PASSIVE_SUBJECTS for c in verb.children):
                # "Kim and Putin met": they met each other. Not with an object: "Bahrain and Saudi
                # Arabia broke ties with Qatar" did nothing to each other
                add(a, b, verb_phrase(verb), False)
    # 2. an object whose verb takes its subject from another verb
    for b in members:
        if not att[b] or att[b][1] == "subj":
            continue
        verb, _, noun, prep = att[b]
        if verb.lemma_.lower() in EMPTY_VERBS or any(c.dep_ in SUBJECTS for c in verb.children) or unasserted(verb):
            continue
        # a passive verb's inherited subject is what is done to, not who does it: "ordered Assange
        # to be extradited to Sweden" ties the two without a direction
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        for subject in inherited_subjects(verb):
            a = ent_of.get(subject.i)
            if a is not None and a in att and doc.ents[a].label_ in LINK_LABELS:
                add(a, b, verb_phrase(verb, noun, prep), not passive)
    # 1b. the same through a pronoun standing in for an entity
    for k, stand in stand_ins:
        if not stand or stand[0].lemma_.lower() in EMPTY_VERBS or unasserted(stand[0]):
            continue
        for b in members:
            if b == k or not att[b] or att[b][0] != stand[0]:
                continue
            if stand[1] == "subj" and att[b][1] != "subj":
                add(k, b, verb_phrase(stand[0], att[b][2], att[b][3]), True)
            elif att[b][1] == "subj" and stand[1] != "subj":
                add(b, k, verb_phrase(stand[0], stand[2], stand[3]), True)
    # 3. "X warned that Y ...": X to the subject of the clause, unless the verb only reports
    for a in members:
        if not att[a] or att[a][1] != "subj":
            continue
        verb = att[a][0]
        if verb.lemma_.lower() in REPORTING_VERBS | EMPTY_VERBS or unasserted(verb):
            continue
        for b in members:
            if att[b] and att[b][1] == "subj" and att[b][0].dep_ == "ccomp" and att[b][0].head == verb:
                add(a, b, verb_phrase(verb), True)
    return list(found.values())
