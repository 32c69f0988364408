"""One article: the size limits and notices every input format shares, and text to Document."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.records import META_FIELDS, Document, Skipped
from .cleaned_memo import clean_text_memo
from .cleaning import clean_field, normalise_text
from .dates import dateline_date
from .decoding import encoding_name

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
TABLE_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | TABLE_SUFFIXES | HTML_SUFFIXES

#: Largest article read (a text file, or one JSONL/CSV row). News articles are a few kB; NER runs
#: at roughly 0.1 MB/s on one core, so 5 MB is already about a minute for one document.
DEFAULT_MAX_ARTICLE_BYTES = 5_000_000
#: A saved page carries markup, scripts and inline images around its text.
HTML_SIZE_FACTOR = 5
#: Bytes looked at to tell text from binary and to guess the encoding of a JSONL/CSV file.
HEAD_BYTES = 64 * 1024
DRAIN_CHARS = 1 << 20
UTF8_NAMES = ("utf-8", "utf-8-sig", "ascii")


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: things worth telling the user that lost nothing (encodings guessed, ids renamed...).
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReadOptions:
    text_field: str
    id_field: str
    max_bytes: int
    date_field: str = "date"
    pages: object = None  # a graphkit.reading.html_page.PageMemo, or None
    texts: object = None  # one for cleaned texts (graphkit.reading.cleaned_memo), or None


def make_document(
    doc_id: str, text: str, *, meta: dict | None = None, origin: str = "", dateline: bool = False, texts=None
) -> Document | Skipped:
    """Clean ``text`` into a Document, or say why it cannot be one.

    ``meta["date"]`` should already be YYYY-MM-DD (graphkit.reading.dates.parse_date); with
    ``dateline`` and no date, a dateline at the top of the text ("MOSCOW, April 28, 2025 (Reuters) -")
    dates the article. ``texts``: where cleaned texts are kept between runs (graphkit.reading.cleaned_memo).
    """
    paragraphs, has_headline, source_map = clean_text_memo(text, texts)
    if not paragraphs:
        if not normalise_text(text).strip():
            reason = "no text (empty or only whitespace)"
        else:
            reason = "no article text (only links or comment/share lines)"
        return Skipped(origin or str(doc_id), reason)
    clean_meta = {
        k: clean_field(v)
        for k, v in (meta or {}).items()
        # a nested object or list is no title/date/url: left out rather than shown as Python repr
        if k in META_FIELDS and isinstance(v, (str, int, float)) and not isinstance(v, bool) and v != ""
    }
    if dateline and "date" not in clean_meta:
        day = dateline_date(paragraphs)
        if day:
            clean_meta["date"] = day
    # "] " ends the document id in evidence lines ("[doc_id] sentence"), so an id may not hold it
    clean_id = clean_field(doc_id).replace("] ", "]_") or "document"
    return Document(clean_id, tuple(paragraphs), has_headline, clean_meta, origin or clean_id, source_map)


def encoding_notice(origin: str, encoding: str) -> str:
    return (
        f"{origin}: not UTF-8, read as {encoding_name(encoding)}; "
        "if letters look wrong in the graph, save the file as UTF-8"
    )


def too_big(size: int | None, limit: int, what: str = "one article", factor: int = 1) -> str:
    """Why something over the size limit was skipped, and the option that lets it in.

    ``factor``: how many times --max-article-size the limit is (HTML pages: HTML_SIZE_FACTOR).
    """
    if size is None:  # a JSONL/CSV line, drained without counting
        return (
            f"over the {limit / 1e6:g} MB limit for {what}; raise it with --max-article-size MB "
            "(NER takes about a minute per 5 MB)"
        )
    over = size / (1_000_000 * factor)  # in units of --max-article-size
    # the next whole MB above it; for a small file (a limit set low on purpose) the next tenth
    need = -(-size // (1_000_000 * factor)) + 1 if over >= 1 else -(-size * 10 // (1_000_000 * factor)) / 10
    shown = f"{size / 1e6:.1f} MB" if size >= 1_000_000 else f"{size / 1e3:.1f} kB"
    return (
        f"{shown} is over the {limit / 1e6:g} MB limit for {what}; raise it with "
        f"--max-article-size {need:g} (NER takes about a minute per 5 MB) or split the file"
    )
