"""What a build gives back: the graph and what it was made from (graphkit.pipeline.stages.build)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx

from ..core.records import Document, ExtractedDoc, Resolution, Skipped
from ..graph.mentions import MentionRow, document_mention_rows
from ..reading import DateRange
from ..resolution import AliasTable


@dataclass
class BuildResult:
    graph: nx.Graph
    #: with ``scheduler``, documents without their paragraphs: the text stayed on the cluster
    documents: list[Document]
    extracted: list[ExtractedDoc]
    resolution: Resolution
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: documents that went through spaCy in this build, and those whose mentions came from the cache
    ner_documents: int = 0
    cached_documents: int = 0
    #: the result cache's fingerprint of this build ("" without a cache), and whether the graph came from it
    fingerprint: str = ""
    result_cached: bool = False
    #: with ``scheduler`` and ``with_mentions``: the mention rows, made on the cluster where the text is
    mentions: list[MentionRow] | None = None
    #: ``since``/``until`` and how many articles they left out (graphkit.reading.DateRange)
    date_range: DateRange = field(default_factory=DateRange)
    #: the user's alias table the build used (None: none), for the page's "Download aliases.yaml"
    aliases: AliasTable | None = None

    @property
    def undated_count(self) -> int:
        """Documents of the graph without a date."""
        return sum(1 for d in self.documents if not d.date)

    @property
    def mention_count(self) -> int:
        return sum(len(e.mentions) for e in self.extracted)

    def mention_rows(self) -> Iterator[MentionRow]:
        """Every mention of a graph node, placed in its article as given (the mentions export);
        made as they are read, so a build that writes no mentions file pays nothing."""
        if self.mentions is not None:
            yield from self.mentions
            return
        by_id = {d.id: d for d in self.documents}
        nodes = self.graph.nodes
        for ed in self.extracted:
            doc = by_id.get(ed.doc_id)
            if doc is None or (ed.mentions and not doc.paragraphs):
                raise ValueError(f"document {ed.doc_id!r} has no text here: build with with_mentions=True")
            ids = [eid if eid in nodes else None for eid in self.resolution.assignments.get(ed.doc_id, [])]
            yield from document_mention_rows(doc, ed, ids)

    def documents_meta(self) -> dict[str, dict[str, str]]:
        """{doc_id: metadata} of every document read (the ftm and neo4j exports list every article)."""
        return {d.id: d.meta for d in self.documents}
