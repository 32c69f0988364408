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

import csv
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import IO, Iterable, Iterator

from .cleaning import clean_field, normalise_text, split_paragraphs
from .decoding import decode_bytes, encoding_name, sniff_encoding
from .errors import MissingSourceError, SourceError
from .records import META_FIELDS, Document, Skipped

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
_HEAD_BYTES = 64 * 1024
_DRAIN_CHARS = 1 << 20
_UTF8 = ("utf-8", "utf-8-sig", "ascii")


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: things worth telling the user that lost nothing (encodings guessed, ids renamed...).
    notices: list[str] = field(default_factory=list)


def read_documents(
    sources: Iterable[str | Path],
    *,
    text_field: str = "text",
    id_field: str = "id",
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> ReadResult:
    """Read every source (files or folders, folders recursively) into cleaned documents.

    Raises MissingSourceError when a source does not exist (or none is given) and SourceError
    when a folder holds no supported file. Everything else that goes wrong is per file or per
    row: it lands in ``skipped`` and the other documents are read.
    """
    result = ReadResult()
    result.documents.extend(iter_documents(sources, result, text_field=text_field, id_field=id_field,
                                           max_article_bytes=max_article_bytes))
    return result


def iter_documents(
    sources: Iterable[str | Path],
    result: ReadResult,
    *,
    text_field: str = "text",
    id_field: str = "id",
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> Iterator[Document]:
    """:func:`read_documents` one document at a time, for corpora too large to hold at once.

    Skipped inputs and notices go to ``result`` as they come (its ``documents`` stay empty); the
    sources are checked before the first document is yielded. Besides the documents, only a
    hash and id per document is kept (to count a repeated text once and keep ids unique).
    """
    opts = _Options(text_field, id_field, max_article_bytes)
    seen_ids: set[str] = set()
    first_with_text: dict[str, tuple[str, str]] = {}  # text hash -> (origin, id) of its first document
    for path, stem in _expand_sources(sources, result):
        for item in _read_file(path, stem, opts, result):
            if isinstance(item, Skipped):
                result.skipped.append(item)
                continue
            # Whitespace-blind: the same article hard-wrapped or not, with a title line or not.
            digest = hashlib.sha1(" ".join(item.text.split()).encode("utf-8")).hexdigest()
            if digest in first_with_text:
                origin, first_id = first_with_text[digest]
                result.skipped.append(Skipped(item.origin, f"same text as {origin} (document {first_id!r}); counted once"))
                continue
            if item.id in seen_ids:
                new_id = _unique_id(item.id, seen_ids)
                result.notices.append(f"{item.origin}: document id {item.id!r} is taken; using {new_id!r}")
                item = Document(new_id, item.paragraphs, item.has_headline, item.meta, item.origin)
            seen_ids.add(item.id)
            first_with_text[digest] = (item.origin, item.id)
            yield item


@dataclass(frozen=True)
class _Options:
    text_field: str
    id_field: str
    max_bytes: int


def _expand_sources(sources: Iterable[str | Path], result: ReadResult) -> list[tuple[Path, str]]:
    """(file, document id stem) for every file to read, in a stable order; checks every source first."""
    sources = list(sources)
    if not sources:
        raise MissingSourceError("No sources given: name at least one file or folder of articles.")
    missing = [str(s) for s in sources if not Path(s).exists()]
    if missing:
        raise MissingSourceError(
            f"{', '.join(missing)}: no such file or folder. Check the path and try again."
        )
    files: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found, ignored = _folder_files(path)
            if not found:
                what = (
                    f"holds {sum(ignored.values())} file(s) but no supported files ({_suffix_counts(ignored)})"
                    if ignored else "is empty: no supported files"
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


def _unique_id(doc_id: str, taken: set[str]) -> str:
    n = 2
    while f"{doc_id}~{n}" in taken:
        n += 1
    return f"{doc_id}~{n}"


def make_document(doc_id: str, text: str, *, meta: dict | None = None, origin: str = "") -> Document | Skipped:
    """Clean ``text`` into a Document, or say why it cannot be one."""
    paragraphs, has_headline = split_paragraphs(text)
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
    # "] " ends the document id in evidence lines ("[doc_id] sentence"), so an id may not hold it
    clean_id = clean_field(doc_id).replace("] ", "]_") or "document"
    return Document(clean_id, tuple(paragraphs), has_headline, clean_meta, origin or clean_id)


def _encoding_notice(origin: str, encoding: str) -> str:
    return (
        f"{origin}: not UTF-8, read as {encoding_name(encoding)}; "
        "if letters look wrong in the graph, save the file as UTF-8"
    )


def _too_big(size: int | None, limit: int, what: str = "one article", factor: int = 1) -> str:
    """Why something over the size limit was skipped, and the option that lets it in.

    ``factor``: how many times --max-article-size the limit is (HTML pages: HTML_SIZE_FACTOR).
    """
    if size is None:  # a JSONL/CSV line, drained without counting
        return (
            f"over the {limit / 1e6:g} MB limit for {what}; raise it with --max-article-size MB "
            "(NER takes about a minute per 5 MB)"
        )
    need = -(-size // (1_000_000 * factor)) + 1
    return (
        f"{size / 1e6:.1f} MB is over the {limit / 1e6:g} MB limit for {what}; raise it with "
        f"--max-article-size {need} (NER takes about a minute per 5 MB) or split the file"
    )


# --- files ----------------------------------------------------------------------------------------


def _read_file(path: Path, stem: str, opts: _Options, result: ReadResult) -> Iterator[Document | Skipped]:
    suffix = path.suffix.lower()
    try:
        if not path.is_file():
            yield Skipped(str(path), "not a regular file")
        elif suffix in (".jsonl", ".ndjson"):
            yield from _table_rows(path, stem, opts, result, _jsonl_records)
        elif suffix == ".csv":
            yield from _table_rows(path, stem, opts, result, _csv_records)
        elif suffix in HTML_SUFFIXES:
            text = _read_whole(path, opts.max_bytes * HTML_SIZE_FACTOR, result, "one HTML page", HTML_SIZE_FACTOR)
            yield text if isinstance(text, Skipped) else _html_document(path, stem, text)
        else:
            text = _read_whole(path, opts.max_bytes, result)
            yield text if isinstance(text, Skipped) else make_document(stem, text, origin=str(path))
    except OSError as exc:  # permissions, I/O errors, a file removed while reading
        yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")


def _read_whole(path: Path, limit: int, result: ReadResult, what: str = "one article", factor: int = 1) -> str | Skipped:
    """The text of a one-document file, or why not; the size is checked before reading."""
    size = path.stat().st_size
    if size == 0:
        return Skipped(str(path), "empty file (0 bytes)")
    if size > limit:
        return Skipped(str(path), _too_big(size, limit, what, factor))
    text, encoding = decode_bytes(path.read_bytes())
    if text is None:
        return Skipped(str(path), encoding)
    if encoding not in _UTF8:
        result.notices.append(_encoding_notice(str(path), encoding))
    return text


def _html_document(path: Path, stem: str, html: str) -> Document | Skipped:
    import trafilatura

    try:
        body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
        info = trafilatura.extract_metadata(html) if body else None
    except Exception as exc:  # noqa: BLE001 - a third-party parser on untrusted pages: one page must not stop the run
        return Skipped(str(path), f"the HTML could not be parsed ({type(exc).__name__}); save the page again")
    if not body:
        return Skipped(str(path), "no article text found in the HTML page")
    meta = {}
    if info is not None:
        meta = {k: getattr(info, k, None) for k in ("title", "date", "url")}
        meta["source"] = getattr(info, "sitename", None)
    return make_document(stem, body, meta=meta, origin=str(path))


# --- tables (JSONL, CSV) --------------------------------------------------------------------------

# Stands in for a line over the size limit, so the CSV parser sees where it was without its text.
_OVERSIZE = "\ue000graphkit-oversize-line\ue000"
# Bytes that were not UTF-8, kept by the "surrogateescape" error handler for a second look.
_ESCAPED = re.compile(r"[\udc80-\udcff]")


class _Table:
    """An open JSONL/CSV file: bounded lines, and repair of rows that are not UTF-8."""

    def __init__(self, path: Path, fh: IO[str], limit: int):
        self.path, self.fh, self.limit = path, fh, limit
        self.redecoded: dict[str, set[int]] = {}  # encoding -> rows read in it

    def lines(self) -> Iterator[str | None]:
        """Physical lines; None in place of a line over the limit (drained, never held whole)."""
        while True:
            line = self.fh.readline(self.limit + 1)
            if not line:
                return
            if len(line) > self.limit and not line.endswith(("\n", "\r")):
                while True:
                    rest = self.fh.readline(_DRAIN_CHARS)
                    if not rest or rest.endswith(("\n", "\r")):
                        break
                yield None
            else:
                yield line

    def repair(self, text: str, row_no: int) -> str:
        """Text whose bytes that were not UTF-8 are decoded again on their own (a Windows-1252 row)."""
        if not _ESCAPED.search(text):
            return text
        raw = text.encode("utf-8", "surrogateescape")
        fixed, encoding = decode_bytes(raw)
        if fixed is None:
            fixed, encoding = raw.decode("utf-8", errors="replace"), "UTF-8 with invalid bytes replaced"
        self.redecoded.setdefault(encoding, set()).add(row_no)
        return fixed


def _table_rows(path: Path, stem: str, opts: _Options, result: ReadResult, records) -> Iterator[Document | Skipped]:
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
    if not head:
        yield Skipped(str(path), "empty file (0 bytes)")
        return
    encoding, reason = sniff_encoding(head, complete=len(head) < _HEAD_BYTES)
    if encoding is None:
        yield Skipped(str(path), reason)
        return
    if encoding.lower().startswith(("utf-16", "utf_16", "utf-32", "utf_32")):
        result.notices.append(_encoding_notice(str(path), encoding))
        codec, errors = encoding, "replace"
    else:
        # Exports get appended to by several tools: read as UTF-8 and decode each row that is not
        # on its own (_Table.repair), so one Windows-1252 row does not garble the UTF-8 ones.
        codec, errors = ("utf-8-sig" if encoding == "utf-8-sig" else "utf-8"), "surrogateescape"
    with open(path, encoding=codec, errors=errors, newline="") as fh:
        table = _Table(path, fh, opts.max_bytes)
        rows = 0
        # documents go out as they are read (a file may hold more articles than memory); skipped
        # rows are held to the end of the file, to be told as one message if every row lacks the field
        skipped: list[Skipped] = []
        fields_seen: set[str] = set()
        for item in records(table, opts):
            if isinstance(item, tuple):  # (row number, row dict)
                row_no, row = item
                rows += 1
                fields_seen.update(str(k) for k in row if k is not None)
                item = _row_document(row, row_no, path, stem, opts)
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                yield item
    for encoding, row_nos in sorted(table.redecoded.items()):
        result.notices.append(_encoding_notice(f"{path} ({_rows_text(row_nos)})", encoding))
    lacking = f"no {opts.text_field!r} field"
    if rows > 1 and sum(i.reason.startswith(lacking) for i in skipped) == rows:
        # One message for the whole file rather than one per row: the field name is wrong.
        fields = ", ".join(sorted(fields_seen)) or "none"
        skipped = [i for i in skipped if not i.reason.startswith(lacking)]
        skipped.append(Skipped(
            str(path),
            f"none of its {rows} rows has a {opts.text_field!r} field (fields: {fields}); "
            "choose the text field with --text-field",
        ))
    yield from skipped


def _rows_text(row_nos: set[int]) -> str:
    shown = sorted(row_nos)
    text = ", ".join("header" if n == 0 else str(n) for n in shown[:5])
    more = f" and {len(shown) - 5} more" if len(shown) > 5 else ""
    return f"row{'s' if len(shown) > 1 else ''} {text}{more}"


def _row_document(row: dict, row_no: int, path: Path, stem: str, opts: _Options) -> Document | Skipped:
    origin = f"{path} row {row_no}"
    text = row.get(opts.text_field)
    if text is None:
        fields = ", ".join(sorted(str(k) for k in row if k is not None)) or "none"
        return Skipped(origin, f"no {opts.text_field!r} field (fields: {fields}); choose one with --text-field")
    if not isinstance(text, str):
        return Skipped(origin, f"the {opts.text_field!r} field holds {type(text).__name__}, not text")
    doc_id = row.get(opts.id_field)
    doc_id = clean_field(doc_id) if doc_id is not None else ""
    return make_document(doc_id or f"{stem}#{row_no}", text, meta=row, origin=origin)


def _jsonl_records(table: _Table, opts: _Options) -> Iterator[tuple[int, dict] | Skipped]:
    # Lines end only at \n or \r: a U+2028 inside a JSON string is text, not a new row.
    for row_no, line in enumerate(table.lines(), start=1):
        origin = f"{table.path} row {row_no}"
        if line is None:
            yield Skipped(origin, _too_big(None, table.limit, "one row"))
            continue
        line = table.repair(line, row_no).rstrip("\r\n")
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(origin, f"not valid JSON ({exc.msg}: column {exc.colno}); fix or remove the row")
            continue
        if not isinstance(row, dict):
            yield Skipped(origin, "not a JSON object; each row must be {\"text\": ...}")
            continue
        yield row_no, row


def _delimiter(header: str) -> str:
    """',' unless the header line is split by ';' (spreadsheets in many European locales) or tabs."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {d: unquoted.count(d) for d in ",;\t"}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _csv_records(table: _Table, opts: _Options) -> Iterator[tuple[int, dict] | Skipped]:
    lines = (_OVERSIZE + "\n" if line is None else line for line in table.lines())
    first = next(lines, "")
    old_limit = csv.field_size_limit(table.limit + 2 * len(_OVERSIZE))
    try:
        reader = csv.DictReader(chain([first], lines), delimiter=_delimiter(first))
        columns = [table.repair(c, 0) for c in (reader.fieldnames or [])]
        reader.fieldnames = columns
        if opts.text_field not in columns:
            shown = ", ".join(columns) or "none"
            yield Skipped(
                str(table.path),
                f"no {opts.text_field!r} column (columns: {shown}); choose the text column with --text-field",
            )
            return
        row_no = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Skipped(
                    f"{table.path} line {reader.reader.line_num}",
                    f"malformed CSV ({exc}); the rows after it were not read: fix the file and run again",
                )
                return
            row_no += 1
            values = [v for v in row.values() if isinstance(v, str)]
            values += [v for v in row.get(None) or [] if isinstance(v, str)]
            if any(_OVERSIZE in v for v in values):
                yield Skipped(f"{table.path} row {row_no}", _too_big(None, table.limit, "one row"))
                continue
            yield row_no, {k: table.repair(v, row_no) if isinstance(v, str) else v for k, v in row.items()}
    finally:
        csv.field_size_limit(old_limit)
