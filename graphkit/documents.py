"""Reading articles: text and Markdown files, folders, JSONL/CSV exports and saved HTML pages.

Every source becomes zero or more cleaned :class:`Document` records. A bad file or row is
reported as :class:`Skipped` and never stops the others; only a source that cannot be read at
all (missing path, empty folder) raises :class:`SourceError`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .cleaning import split_paragraphs
from .errors import SourceError
from .records import META_FIELDS, Document, Skipped

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
TABLE_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | TABLE_SUFFIXES | HTML_SUFFIXES


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
) -> ReadResult:
    """Read every source (files or folders, folders recursively) into cleaned documents.

    Raises SourceError when a source does not exist, a folder holds no supported file, or
    nothing at all was given.
    """
    result = ReadResult()
    files: list[tuple[Path, str]] = []  # (file, id stem relative to the given folder)
    sources = list(sources)
    if not sources:
        raise SourceError("No sources given: name at least one file or folder of articles.")
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise SourceError(f"{path}: no such file or folder. Check the path and try again.")
        if path.is_dir():
            found = sorted(_folder_files(path))
            if not found:
                raise SourceError(
                    f"{path}: the folder holds no supported files "
                    f"({', '.join(sorted(SUPPORTED_SUFFIXES))}). Point graphkit at the articles."
                )
            files.extend((f, f.relative_to(path).with_suffix("").as_posix()) for f in found)
        else:
            files.append((path, path.stem))

    seen_ids: set[str] = set()
    seen_content: dict[str, str] = {}
    for path, stem in files:
        for item in _read_file(path, stem, text_field, id_field, result):
            if isinstance(item, Skipped):
                result.skipped.append(item)
                continue
            digest = hashlib.sha1(item.text.encode("utf-8")).hexdigest()
            if digest in seen_content:
                result.skipped.append(Skipped(item.origin, f"same text as document {seen_content[digest]!r}"))
                continue
            if item.id in seen_ids:
                new_id = _unique_id(item.id, seen_ids)
                result.notices.append(f"{item.origin}: document id {item.id!r} is taken; using {new_id!r}")
                item = Document(new_id, item.paragraphs, item.has_headline, item.meta, item.origin)
            seen_ids.add(item.id)
            seen_content[digest] = item.id
            result.documents.append(item)
    return result


def _folder_files(folder: Path) -> Iterator[Path]:
    for p in folder.rglob("*"):
        rel = p.relative_to(folder).parts
        if any(part.startswith(".") for part in rel):
            continue  # hidden files and folders (.git, .DS_Store, caches)
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES:
            yield p


def _unique_id(doc_id: str, taken: set[str]) -> str:
    n = 2
    while f"{doc_id}~{n}" in taken:
        n += 1
    return f"{doc_id}~{n}"


def _clean_id(value: object) -> str:
    # Ids end up in GraphML attributes and evidence lines: one line, no surrounding space.
    return re.sub(r"\s+", " ", str(value)).strip()


def make_document(doc_id: str, text: str, *, meta: dict | None = None, origin: str = "") -> Document | Skipped:
    """Clean ``text`` into a Document, or say why it cannot be one."""
    paragraphs, has_headline = split_paragraphs(text)
    if not paragraphs:
        return Skipped(origin or doc_id, "no text (empty or only whitespace/boilerplate)")
    clean_meta = {k: _clean_id(v) for k, v in (meta or {}).items() if k in META_FIELDS and v not in (None, "")}
    return Document(_clean_id(doc_id), tuple(paragraphs), has_headline, clean_meta, origin or doc_id)


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """Decode file bytes: (text, encoding name) or (None, reason) for binary/undecodable data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        return None, "binary file, not text"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        return None, "binary file or unknown encoding"
    return data.decode(best.encoding, errors="replace"), best.encoding


def _read_text(path: Path, result: ReadResult) -> str | Skipped:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(str(path), f"cannot read: {exc.strerror or exc}")
    text, encoding = decode_bytes(data)
    if text is None:
        return Skipped(str(path), encoding)
    if encoding not in ("utf-8", "ascii"):
        result.notices.append(f"{path}: not UTF-8, read as {encoding}")
    return text


def _read_file(path: Path, stem: str, text_field: str, id_field: str, result: ReadResult):
    suffix = path.suffix.lower()
    text = _read_text(path, result)
    if isinstance(text, Skipped):
        yield text
        return
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_rows(path, stem, text, text_field, id_field)
    elif suffix == ".csv":
        yield from _csv_rows(path, stem, text, text_field, id_field)
    elif suffix in HTML_SUFFIXES:
        yield _html_document(path, stem, text)
    else:
        yield make_document(stem, text, origin=str(path))


def _row_document(row: dict, row_no: int, path: Path, stem: str, text_field: str, id_field: str):
    origin = f"{path} row {row_no}"
    text = row.get(text_field)
    if text is None:
        fields = ", ".join(sorted(map(str, row))) or "none"
        return Skipped(origin, f"no {text_field!r} field (fields: {fields}); choose one with --text-field")
    if not isinstance(text, str):
        return Skipped(origin, f"{text_field!r} is not text")
    doc_id = row.get(id_field)
    doc_id = f"{stem}#{row_no}" if doc_id in (None, "") else doc_id
    return make_document(doc_id, text, meta=row, origin=origin)


def _jsonl_rows(path: Path, stem: str, text: str, text_field: str, id_field: str):
    for row_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(f"{path} row {row_no}", f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(row, dict):
            yield Skipped(f"{path} row {row_no}", "not a JSON object")
            continue
        yield _row_document(row, row_no, path, stem, text_field, id_field)


def _csv_rows(path: Path, stem: str, text: str, text_field: str, id_field: str):
    csv.field_size_limit(sys.maxsize if sys.maxsize < 2**63 else 2**31 - 1)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    if text_field not in columns:
        yield Skipped(
            str(path),
            f"no {text_field!r} column (columns: {', '.join(columns) or 'none'}); choose one with --text-field",
        )
        return
    try:
        for row_no, row in enumerate(reader, start=1):
            yield _row_document(row, row_no, path, stem, text_field, id_field)
    except csv.Error as exc:
        yield Skipped(f"{path} line {reader.line_num}", f"malformed CSV ({exc})")


def _html_document(path: Path, stem: str, html: str) -> Document | Skipped:
    import trafilatura

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not body:
        return Skipped(str(path), "no article text found in the HTML page")
    meta = {}
    info = trafilatura.extract_metadata(html)
    if info is not None:
        meta = {k: getattr(info, k, None) for k in ("title", "date", "url")}
        meta["source"] = getattr(info, "sitename", None)
    return make_document(stem, body, meta=meta, origin=str(path))
