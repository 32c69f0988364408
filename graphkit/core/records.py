"""Plain records passed between the pipeline stages.

documents -> extraction -> resolution -> graph -> exports

Each stage takes and returns these dataclasses (and the graph stage a networkx graph), so every
stage can be run and tested on its own. Extraction records hold only plain values (no spaCy
objects) so they can be cached, sent to other processes and compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .sourcemap import SourceMap

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_day(value) -> bool:
    """True for a YYYY-MM-DD text: the one form a date takes once read (graphkit.reading.dates)."""
    return isinstance(value, str) and bool(_DAY.fullmatch(value))


#: Metadata fields kept from JSONL/CSV rows (and HTML pages when known).
META_FIELDS = ("title", "date", "url", "source")


@dataclass(frozen=True)
class Document:
    """One article, cleaned and split into paragraphs."""

    id: str
    paragraphs: tuple[str, ...]
    #: paragraphs[0] is a title line (short, no closing punctuation) rather than body text.
    has_headline: bool = False
    #: title / date / url / source when the input gave them.
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    #: where it came from, for messages ("seeds/000.txt", "export.jsonl row 12").
    origin: str = ""
    #: where each paragraph's characters were in the text as given (graphkit.core.sourcemap);
    #: None for documents made from paragraphs (offsets then count in ``text``).
    source_map: SourceMap | None = field(default=None, compare=False, hash=False, repr=False)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def date(self) -> str | None:
        """The article's date as YYYY-MM-DD (graphkit.reading.dates), or None when undated."""
        day = self.meta.get("date")
        return day if is_day(day) else None


@dataclass(frozen=True)
class Skipped:
    """An input that did not become a document, and why."""

    origin: str
    reason: str


@dataclass(frozen=True)
class Sentence:
    """A sentence as a character span of one paragraph of its document."""

    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """One named-entity mention as spaCy found it."""

    text: str  # surface form, original spelling
    label: str  # spaCy entity label
    sentence: int  # index into ExtractedDoc.sentences
    start: int  # character span within the paragraph
    end: int


@dataclass(frozen=True)
class Relation:
    """Two mentions of one sentence tied by the words the parse shows between them.

    ``phrase`` is a short lower-case lemma phrase ("meet with", "president of", "not meet");
    with ``directed`` the ``source`` mention did it to the ``target`` one, else it is mutual
    ("Kim and Putin signed": both signed).
    """

    source: int  # index into ExtractedDoc.mentions
    target: int
    phrase: str
    directed: bool = True


@dataclass(frozen=True)
class Role:
    """A title or role given to a person's mention ("president of University of X")."""

    mention: int  # index into ExtractedDoc.mentions
    text: str


@dataclass(frozen=True)
class Quote:
    """Words quoted directly and the mention of who said them."""

    speaker: int  # index into ExtractedDoc.mentions
    text: str


@dataclass(frozen=True)
class ExtractedDoc:
    """The extraction stage's output for one document.

    ``relations``, ``roles`` and ``quotes`` are filled when relations were extracted (the
    dependency parser ran); otherwise they are empty.
    """

    doc_id: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...] = ()
    roles: tuple[Role, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class DocumentContext:
    """What entity resolution reads in an article's text, without the text itself.

    Made by graphkit.resolution.document_context wherever the text is (on a Dask worker for
    ``--scheduler``), so the machine that resolves entities never needs every article in memory.
    The tuples have one item per mention of the document's ExtractedDoc. The corpus' lower-case
    word counts (graphkit.resolution.lower_word_counts) travel apart, summed.
    """

    doc_id: str
    headlines: frozenset[int]  # paragraphs that are title-case headline lines
    cased: bool  # the text uses capital letters at all
    place_cues: tuple[bool, ...]  # a place preposition ("in", "to") right before the mention
    mid_sentence: tuple[bool, ...]  # words before the mention in its sentence (for "The Hague")
    next_words: tuple[str | None, ...]  # a surname cut off after a PERSON mention ("Gen Oleksandr | Syrskyi")
    speakers: tuple[bool, ...] = ()  # the speaker tag opening an interview paragraph ("WN: How much...")
    #: the index of the mention this one directly follows behind ", " or " (" ("Washington, D.C."), else -1
    qualifies: tuple[int, ...] = ()
    capital_before: tuple[bool, ...] = ()  # a capitalised word right before it ("South | America", "Captain | America")
    #: how the text spells out an acronym there: "lower" ("digital rights management (DRM)"), "name"
    #: ("the European Union (EU)") or ""
    acronym_defs: tuple[str, ...] = ()


@dataclass
class Entity:
    """One real-world entity: the resolution stage's output."""

    id: str  # stable, XML-name-safe node id
    label: str  # canonical display name
    type: str
    aliases: dict[str, int] = field(default_factory=dict)  # surface form -> mention count
    doc_ids: set[str] = field(default_factory=set)

    @property
    def mentions(self) -> int:
        return sum(self.aliases.values())


@dataclass(frozen=True)
class Merge:
    """Why an alias ended in an entity (one row of merges.csv).

    ``canonical`` is empty for a dropped alias; equal to ``alias`` when the alias was kept apart.
    """

    canonical: str
    alias: str
    rule: str
    doc_ids: tuple[str, ...]
    type: str = ""  # the entity's type (for a drop: the mention's spaCy label)
    entity_id: str = ""  # the node id ("" for a drop)


@dataclass
class Resolution:
    """Entities plus, for every document, the entity id of each mention (None when dropped)."""

    entities: dict[str, Entity]
    assignments: dict[str, list[str | None]]
    merges: list[Merge] = field(default_factory=list)
