"""Resolution: from mentions (surface strings) to entities (one per real-world thing).

The stage takes the extraction records and returns a :class:`Resolution`: the entities and,
for every mention of every document, the id of the entity it belongs to.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Sequence

from .records import Entity, ExtractedDoc, Merge, Resolution

_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")
_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\s\"'“”‘’(\[{<-]+|[\s\"'“”‘’)\]}>,;:.!?-]+$")


def display_form(surface: str) -> str:
    """The surface as a readable name: no leading article, possessive or stray punctuation."""
    text = _SPACE.sub(" ", surface).strip()
    text = _LEADING_DET.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = _EDGE_PUNCT.sub("", text)
    # keep a final period of an abbreviation ("U.S.", "Corp.")
    if surface.rstrip().endswith(".") and re.search(r"(?:^|\W)\w\.\w$|\b[A-Z][a-z]{0,3}$", text):
        text += "."
    return text


def match_key(surface: str) -> str:
    """The key under which two surfaces count as the same name."""
    text = unicodedata.normalize("NFKC", display_form(surface)).casefold()
    return _SPACE.sub(" ", text)


def node_id(label: str, entity_type: str) -> str:
    """A stable, XML-name-safe id: the type, then the name as lowercase words joined by '-'."""
    slug = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFKC", label).casefold()).strip("-_")
    return f"{entity_type.lower()}-{slug or 'x'}"


def resolve(extracted: Sequence[ExtractedDoc]) -> Resolution:
    """Group mentions whose normalised names and types are equal into one entity each."""
    groups: dict[tuple[str, str], Counter] = defaultdict(Counter)
    group_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    keys: dict[str, list[tuple[str, str] | None]] = {}
    for ed in extracted:
        doc_keys: list[tuple[str, str] | None] = []
        for m in ed.mentions:
            key = match_key(m.text)
            if not key:
                doc_keys.append(None)
                continue
            gk = (key, m.label)
            groups[gk][m.text] += 1
            group_docs[gk].add(ed.doc_id)
            doc_keys.append(gk)
        keys[ed.doc_id] = doc_keys

    entities: dict[str, Entity] = {}
    ids: dict[tuple[str, str], str] = {}
    merges: list[Merge] = []
    # sorted so ids and collision suffixes do not depend on input order
    for gk in sorted(groups):
        surfaces = groups[gk]
        label = _canonical_label(surfaces)
        eid = node_id(label, gk[1])
        n = 2
        while eid in entities:
            eid = f"{node_id(label, gk[1])}-{n}"
            n += 1
        entities[eid] = Entity(eid, label, gk[1], dict(sorted(surfaces.items())), set(group_docs[gk]))
        ids[gk] = eid
        for alias in sorted(surfaces):
            if alias != label:
                merges.append(Merge(label, alias, "same normalised name", tuple(sorted(group_docs[gk]))))
    assignments = {doc_id: [ids[k] if k else None for k in ks] for doc_id, ks in keys.items()}
    return Resolution(entities, assignments, merges)


def _canonical_label(surfaces: Counter) -> str:
    """Most frequent display form; ties go to the longer, then alphabetically first."""
    forms: Counter = Counter()
    for s, n in surfaces.items():
        forms[display_form(s)] += n
    return min(forms, key=lambda f: (-forms[f], -len(f), f))
