"""Reading articles: text and Markdown files, folders, JSONL/CSV exports and saved HTML pages.

Every source becomes zero or more cleaned :class:`Document` records. A bad file or row is
reported as :class:`Skipped` (naming the file, the row, and what to do) and never stops the
others; only a source that cannot be read at all (missing path, empty folder) raises
:class:`SourceError`.

Memory stays bounded whatever the input: a text or HTML file is measured before it is read and
skipped when it is larger than one article can sensibly be (``max_article_bytes``); JSONL and CSV
files are streamed line by line, and a line over the limit is skipped without being held whole.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..core.errors import MissingSourceError, SourceError
from ..core.records import Document, Skipped
from .article import (  # noqa: F401 - DEFAULT_MAX_ARTICLE_BYTES, make_document: part of this module's interface
    DEFAULT_MAX_ARTICLE_BYTES,
    HTML_SIZE_FACTOR,
    HTML_SUFFIXES,
    SUPPORTED_SUFFIXES,
    UTF8_NAMES,
    ReadOptions,
    ReadResult,
    encoding_notice,
    make_document,
    too_big,
)
from .decoding import decode_bytes
from .html_page import PageMemo, page_article
from .tables import csv_records, jsonl_records, table_rows


def read_documents(
    sources: Iterable[str | Path],
    *,
    text_field: str = "text",
    id_field: str = "id",
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    date_field: str = "date",
    pages: PageMemo | None = None,
    pages_ahead: Callable[[list[Path]], None] | None = None,
    texts: PageMemo | None = None,
) -> ReadResult:
    """Read every source (files or folders, folders recursively) into cleaned documents.

    Raises MissingSourceError when a source does not exist (or none is given) and SourceError
    when a folder holds no supported file. Everything else that goes wrong is per file or per
    row: it lands in ``skipped`` and the other documents are read. ``date_field``: the JSONL/CSV
    field holding each article's date (graphkit.reading.dates). ``pages``: where what each saved
    HTML page gave is kept between runs (graphkit.reading.html_page; a build passes its cache).
    ``pages_ahead``: called with the saved pages among the files before any is read, to fill
    ``pages`` (a build parses them in its worker processes: graphkit.pipeline.pages_ahead).
    ``texts``: where the cleaned text of each article is kept between runs
    (graphkit.reading.cleaned_memo; a build passes its cache).
    """
    result = ReadResult()
    result.documents.extend(
        iter_documents(
            sources,
            result,
            text_field=text_field,
            id_field=id_field,
            max_article_bytes=max_article_bytes,
            date_field=date_field,
            pages=pages,
            pages_ahead=pages_ahead,
            texts=texts,
        )
    )
    return result


def iter_documents(
    sources: Iterable[str | Path],
    result: ReadResult,
    *,
    text_field: str = "text",
    id_field: str = "id",
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
    date_field: str = "date",
    pages: PageMemo | None = None,
    pages_ahead: Callable[[list[Path]], None] | None = None,
    texts: PageMemo | None = None,
) -> Iterator[Document]:
    """:func:`read_documents` one document at a time, for corpora too large to hold at once.

    Skipped inputs and notices go to ``result`` as they come (its ``documents`` stay empty); the
    sources are checked before the first document is yielded. Besides the documents, only a
    hash and id per document is kept (to count a repeated text once and keep ids unique).
    """
    opts = ReadOptions(text_field, id_field, max_article_bytes, date_field, pages, texts)
    seen_ids: set[str] = set()
    first_with_text: dict[str, tuple[str, str]] = {}  # text hash -> (origin, id) of its first document
    files = _expand_sources(sources, result)
    if pages_ahead is not None:
        pages_ahead([path for path, _ in files if path.suffix.lower() in HTML_SUFFIXES])
    for path, stem in files:
        for item in _read_file(path, stem, opts, result):
            if isinstance(item, Skipped):
                result.skipped.append(item)
                continue
            # Whitespace-blind: the same article hard-wrapped or not, with a title line or not.
            digest = hashlib.sha1(" ".join(item.text.split()).encode("utf-8")).hexdigest()
            if digest in first_with_text:
                origin, first_id = first_with_text[digest]
                result.skipped.append(
                    Skipped(item.origin, f"same text as {origin} (document {first_id!r}); counted once")
                )
                continue
            item = _listable(item, result.notices)
            if item.id in seen_ids:
                new_id = _unique_id(item.id, seen_ids)
                result.notices.append(f"{item.origin}: document id {item.id!r} is taken; using {new_id!r}")
                item = replace(item, id=new_id)
            seen_ids.add(item.id)
            first_with_text[digest] = (item.origin, item.id)
            yield item


def _expand_sources(sources: Iterable[str | Path], result: ReadResult) -> list[tuple[Path, str]]:
    """(file, document id stem) for every file to read, in a stable order; checks every source first."""
    sources = list(sources)
    if not sources:
        raise MissingSourceError("No sources given: name at least one file or folder of articles.")
    missing = [str(s) for s in sources if not Path(s).exists()]
    if missing:
        raise MissingSourceError(f"{', '.join(missing)}: no such file or folder. Check the path and try again.")
    files: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found, ignored = _folder_files(path)
            if not found:
                what = (
                    f"holds {sum(ignored.values())} file(s) but no supported files ({_suffix_counts(ignored)})"
                    if ignored
                    else "is empty: no supported files"
                )
                raise SourceError(
                    f"{path}: the folder {what}. graphkit reads "
                    f"{', '.join(sorted(SUPPORTED_SUFFIXES))}; point it at the articles or save them as .txt."
                )
            if ignored:
                result.notices.append(
                    f"{path}: ignored {sum(ignored.values())} file(s) of unsupported types "
                    f"({_suffix_counts(ignored)}); save them as .txt to include them"
                )
            entries = [(f, f.relative_to(path).with_suffix("").as_posix()) for f in found]
        else:
            entries = [(path, path.stem)]
        for f, stem in entries:
            key = f.resolve()
            if key not in seen:  # the same file named twice (or inside a folder also named) is read once
                seen.add(key)
                files.append((f, stem))
    return files


def _folder_files(folder: Path) -> tuple[list[Path], Counter]:
    """Supported files under ``folder`` (sorted), and a count of ignored files by suffix."""
    found, ignored = [], Counter()
    for p in folder.rglob("*"):
        rel = p.relative_to(folder).parts
        if any(part.startswith(".") for part in rel):
            continue  # hidden files and folders (.git, .DS_Store, caches)
        if not p.is_file():
            continue
        if p.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(p)
        else:
            ignored[p.suffix.lower() or "(no suffix)"] += 1
    return sorted(found), ignored


def _suffix_counts(counts: Counter) -> str:
    return ", ".join(f"{suffix}: {n}" for suffix, n in sorted(counts.items()))


#: what joins document ids in the outputs (doc_ids, merges.csv's documents): never inside an id
LIST_SEPARATOR = "|"


def listable_ids(documents: Iterable[Document], notices: list[str]) -> Iterator[Document]:
    """``documents`` (made by a library user, not read by graphkit) with the ids the outputs could
    not list changed as iter_documents changes them, each change noted in ``notices``."""
    for document in documents:
        yield _listable(document, notices)


def _listable(document: Document, notices: list[str]) -> Document:
    """``document`` with any "|" of its id as "/": the outputs list an entity's documents as
    "a|b|c", and "2024|wire|001" would read back as three made-up documents."""
    if LIST_SEPARATOR not in document.id:
        return document
    new_id = document.id.replace(LIST_SEPARATOR, "/")
    where = f"{document.origin}: " if document.origin else ""
    notices.append(
        f"{where}document id {document.id!r} holds {LIST_SEPARATOR!r}, which the outputs use between "
        f"document ids; using {new_id!r}"
    )
    return replace(document, id=new_id)


def _unique_id(doc_id: str, taken: set[str]) -> str:
    n = 2
    while f"{doc_id}~{n}" in taken:
        n += 1
    return f"{doc_id}~{n}"


# --- files ----------------------------------------------------------------------------------------


def _read_file(path: Path, stem: str, opts: ReadOptions, result: ReadResult) -> Iterator[Document | Skipped]:
    suffix = path.suffix.lower()
    try:
        if not path.is_file():
            yield Skipped(str(path), "not a regular file")
        elif suffix in (".jsonl", ".ndjson"):
            yield from table_rows(path, stem, opts, result, jsonl_records)
        elif suffix == ".csv":
            yield from table_rows(path, stem, opts, result, csv_records)
        elif suffix in HTML_SUFFIXES:
            text = _read_page(path, opts.max_bytes, result)
            yield text if isinstance(text, Skipped) else _html_document(path, stem, text, opts.pages)
        else:
            text = _read_whole(path, opts.max_bytes, result)
            yield (
                text
                if isinstance(text, Skipped)
                else make_document(stem, text, origin=str(path), dateline=True, texts=opts.texts)
            )
    except OSError as exc:  # permissions, I/O errors, a file removed while reading
        yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")


def _read_whole(
    path: Path, limit: int, result: ReadResult, what: str = "one article", factor: int = 1
) -> str | Skipped:
    """The text of a one-document file, or why not; the size is checked before reading."""
    size = path.stat().st_size
    if size == 0:
        return Skipped(str(path), "empty file (0 bytes)")
    if size > limit:
        return Skipped(str(path), too_big(size, limit, what, factor))
    text, encoding = decode_bytes(path.read_bytes())
    if text is None:
        return Skipped(str(path), encoding)
    if encoding not in UTF8_NAMES:
        result.notices.append(encoding_notice(str(path), encoding))
    return text


def _read_page(path: Path, max_article_bytes: int, result: ReadResult) -> str | Skipped:
    """The HTML of a saved page, or why not (a page may be HTML_SIZE_FACTOR times --max-article-size)."""
    return _read_whole(path, max_article_bytes * HTML_SIZE_FACTOR, result, "one HTML page", HTML_SIZE_FACTOR)


def page_text(path: Path, max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> str | None:
    """The HTML of a saved page as the reader parses it, or None where the reader skips the file
    (empty, too big, not text, unreadable): what is parsed ahead of the reading."""
    try:
        text = _read_page(path, max_article_bytes, ReadResult())
    except OSError:
        return None
    return None if isinstance(text, Skipped) else text


def _html_document(path: Path, stem: str, html: str, pages: PageMemo | None = None) -> Document | Skipped:
    try:
        found = page_article(html, pages)
    except Exception as exc:  # noqa: BLE001 - a third-party parser on untrusted pages: one page must not stop the run
        return Skipped(str(path), f"the HTML could not be parsed ({type(exc).__name__}); save the page again")
    if "skip" in found:
        return Skipped(str(path), found["skip"])
    return make_document(stem, found["body"], meta=found["meta"], origin=str(path), dateline=True)
