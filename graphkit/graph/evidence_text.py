"""An evidence sentence as the graph keeps it: the sentence naming two entities, cut around them
when it is long (graphkit.graph.comention keeps up to three per link)."""

from __future__ import annotations

from ..core.records import Document, ExtractedDoc

#: evidence snippets longer than this are cut around the two mentions.
MAX_SNIPPET_CHARS = 400


def evidence_text(doc: Document, ed: ExtractedDoc, first: tuple[int, int, int], second: tuple[int, int, int]) -> str:
    """The sentence of two mentions ((sentence index, start, end) each), or both sentences joined with
    "…" when they are two."""
    (sa, a0, a1), (sb, b0, b1) = sorted([first, second])
    s1, s2 = ed.sentences[sa], ed.sentences[sb]
    if sa == sb:
        return _snippet(doc.paragraphs[s1.paragraph], s1.start, s1.end, [(a0, a1), (b0, b1)])
    one = _snippet(doc.paragraphs[s1.paragraph], s1.start, s1.end, [(a0, a1)])
    two = _snippet(doc.paragraphs[s2.paragraph], s2.start, s2.end, [(b0, b1)])
    return f"{one} … {two}"


def _snippet(paragraph: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    text = paragraph[start:end]
    if len(text) <= MAX_SNIPPET_CHARS:
        return text.strip()
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    lo = max(start, first - MAX_SNIPPET_CHARS // 4)
    hi = min(end, last + MAX_SNIPPET_CHARS // 4)
    if hi - lo > 2 * MAX_SNIPPET_CHARS:  # mentions far apart: show the start of the window
        hi = lo + MAX_SNIPPET_CHARS
    # cut between words, never inside one ("… former US Vice President Joe Bid …")
    if lo > start and not paragraph[lo - 1].isspace():
        space = paragraph.find(" ", lo, first)
        lo = space + 1 if space >= 0 else lo
    if hi < end and not paragraph[hi].isspace():
        space = paragraph.rfind(" ", max(lo, last if last <= hi else lo), hi)
        hi = space if space > lo else hi
    return ("… " if lo > start else "") + paragraph[lo:hi].strip() + (" …" if hi < end else "")
