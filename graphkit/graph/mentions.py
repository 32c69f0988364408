"""Every mention kept in the graph, placed in the article as the user gave it (the mentions export).

A mention's span is found in a cleaned paragraph; the document's SourceMap
(graphkit.core.sourcemap) gives its offsets and text in the original. Rows are made where the text
is: at write time for a local build, on the Dask workers for ``--scheduler``
(graphkit.graph.cluster_counting), so both give the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..core.records import Document, ExtractedDoc
from ..core.sourcemap import plain_offsets


class MentionRow(NamedTuple):
    doc_id: str
    start: int  # offsets into the article text as given (code points)
    end: int
    text: str  # the original text at start:end
    entity: str  # node id
    sentence: str  # the sentence holding it, as cleaned (one line)


def document_mention_rows(
    document: Document, extracted: ExtractedDoc, entity_ids: Sequence[str | None]
) -> list[MentionRow]:
    """One row per mention of ``document`` whose entity id is not None, in text order."""
    source = document.source_map or plain_offsets(document.paragraphs)
    rows = []
    for m, eid in zip(extracted.mentions, entity_ids):
        if eid is None:
            continue
        sent = extracted.sentences[m.sentence]
        paragraph = document.paragraphs[sent.paragraph]
        start, end = source.span(sent.paragraph, m.start, m.end)
        text = source.text(sent.paragraph, paragraph, m.start, m.end)
        rows.append(MentionRow(extracted.doc_id, start, end, text, eid, paragraph[sent.start : sent.end].strip()))
    return rows
