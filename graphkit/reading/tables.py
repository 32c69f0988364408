"""JSONL and CSV exports: one document per row, streamed line by line with bounded memory."""

from __future__ import annotations

import csv
import json
import re
import shlex
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import IO

from ..core.records import Document, Skipped
from .article import DRAIN_CHARS, HEAD_BYTES, ReadOptions, ReadResult, encoding_notice, make_document, too_big
from .cleaning import clean_field
from .dates import parse_date
from .decoding import decode_bytes, sniff_encoding

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
                    rest = self.fh.readline(DRAIN_CHARS)
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


def table_rows(path: Path, stem: str, opts: ReadOptions, result: ReadResult, records) -> Iterator[Document | Skipped]:
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    if not head:
        yield Skipped(str(path), "empty file (0 bytes)")
        return
    encoding, reason = sniff_encoding(head, complete=len(head) < HEAD_BYTES)
    if encoding is None:
        yield Skipped(str(path), reason)
        return
    if encoding.lower().startswith(("utf-16", "utf_16", "utf-32", "utf_32")):
        result.notices.append(encoding_notice(str(path), encoding))
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
        bad_dates: list[tuple[int, str]] = []  # (row, value) of date fields that hold no date
        other_dates: dict[str, str] = {}  # without the default date field: another field's first date
        for item in records(table, opts):
            if isinstance(item, tuple):  # (row number, row dict)
                row_no, row = item
                rows += 1
                fields_seen.update(str(k) for k in row if k is not None)
                if rows <= _DATE_SNIFF_ROWS and opts.date_field == "date" and "date" not in row:
                    _sniff_dates(row, opts, other_dates)
                item = _row_document(row, row_no, path, stem, opts, bad_dates)
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                yield item
    for encoding, row_nos in sorted(table.redecoded.items()):
        result.notices.append(encoding_notice(f"{path} ({_rows_text(row_nos)})", encoding))
    if bad_dates:
        result.notices.append(_date_notice(path, opts.date_field, bad_dates))
    elif rows and opts.date_field != "date" and opts.date_field not in fields_seen:
        result.notices.append(
            f"{path}: no row has a {opts.date_field!r} field (fields: {', '.join(sorted(fields_seen)) or 'none'}); "
            "its articles are undated. Choose the date field with --date-field"
        )
    elif rows and "date" not in fields_seen and other_dates:
        field, value = next(iter(other_dates.items()))
        result.notices.append(
            f"{path}: no row has a 'date' field, but {field!r} holds dates ({value!r}): "
            f"--date-field {shlex.quote(field)} dates its articles"
        )
    if rows and opts.id_field != "id" and opts.id_field not in fields_seen:
        # a misspelt --id-field gave every row a FILE#ROW id without a word
        result.notices.append(
            f"{path}: no row has a {opts.id_field!r} field (fields: {', '.join(sorted(fields_seen)) or 'none'}); "
            f"its articles are named {stem}#ROW. Choose the id field with --id-field"
        )
    lacking = f"no {opts.text_field!r} field"
    if rows > 1 and sum(i.reason.startswith(lacking) for i in skipped) == rows:
        # One message for the whole file rather than one per row: the field name is wrong.
        fields = ", ".join(sorted(fields_seen)) or "none"
        skipped = [i for i in skipped if not i.reason.startswith(lacking)]
        skipped.append(
            Skipped(
                str(path),
                f"none of its {rows} rows has a {opts.text_field!r} field (fields: {fields}); "
                "choose the text field with --text-field",
            )
        )
    yield from skipped


#: rows in which the fields of a table without a "date" field are tried as dates (for a hint)
_DATE_SNIFF_ROWS = 20


def _sniff_dates(row: dict, opts: ReadOptions, found: dict[str, str]) -> None:
    """The fields (not text or id) whose text value is a date here, with that value, in ``found``."""
    for key, value in row.items():
        if key in (opts.text_field, opts.id_field) or key in found or not isinstance(value, str):
            continue
        if 6 <= len(value.strip()) <= 40 and parse_date(value):
            found[str(key)] = value.strip()


def _rows_text(row_nos: set[int]) -> str:
    shown = sorted(row_nos)
    text = ", ".join("header" if n == 0 else str(n) for n in shown[:5])
    more = f" and {len(shown) - 5} more" if len(shown) > 5 else ""
    return f"row{'s' if len(shown) > 1 else ''} {text}{more}"


def _date_notice(path: Path, field: str, bad: list[tuple[int, str]]) -> str:
    examples = ", ".join(list(dict.fromkeys(repr(v[:40]) for _, v in bad))[:3])
    return (
        f"{path} ({_rows_text({n for n, _ in bad})}): the {field!r} field is not a date ({examples}); "
        "those articles are undated. Dates are read as 2019-01-04, January 4 2019, 4 Jan 2019, "
        "1/4/2019 (month first unless the day is over 12) or Unix time"
    )


def _row_date(row: dict, field: str, row_no: int, bad_dates: list[tuple[int, str]]) -> str | None:
    """The row's date as YYYY-MM-DD; a value that is no date is noted in ``bad_dates``."""
    raw = row.get(field)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    day = parse_date(raw) if isinstance(raw, (str, int, float)) else None
    if day is None:
        bad_dates.append((row_no, str(raw)))
    return day


def _row_document(
    row: dict, row_no: int, path: Path, stem: str, opts: ReadOptions, bad_dates: list[tuple[int, str]]
) -> Document | Skipped:
    origin = f"{path} row {row_no}"
    text = row.get(opts.text_field)
    if text is None:
        fields = ", ".join(sorted(str(k) for k in row if k is not None)) or "none"
        return Skipped(origin, f"no {opts.text_field!r} field (fields: {fields}); choose one with --text-field")
    if not isinstance(text, str):
        return Skipped(origin, f"the {opts.text_field!r} field holds {type(text).__name__}, not text")
    doc_id = row.get(opts.id_field)
    doc_id = clean_field(doc_id) if doc_id is not None else ""
    # meta["date"] is the parsed date of the date field, never a raw "date" column beside it
    meta = {k: v for k, v in row.items() if k != "date"}
    day = _row_date(row, opts.date_field, row_no, bad_dates)
    if day:
        meta["date"] = day
    return make_document(doc_id or f"{stem}#{row_no}", text, meta=meta, origin=origin, texts=opts.texts)


def jsonl_records(table: _Table, opts: ReadOptions) -> Iterator[tuple[int, dict] | Skipped]:
    # Lines end only at \n or \r: a U+2028 inside a JSON string is text, not a new row.
    for row_no, line in enumerate(table.lines(), start=1):
        origin = f"{table.path} row {row_no}"
        if line is None:
            yield Skipped(origin, too_big(None, table.limit, "one row"))
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
            yield Skipped(origin, 'not a JSON object; each row must be {"text": ...}')
            continue
        yield row_no, row


def _delimiter(header: str) -> str:
    """',' unless the header line is split by ';' (spreadsheets in many European locales) or tabs."""
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {d: unquoted.count(d) for d in ",;\t"}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def csv_records(table: _Table, opts: ReadOptions) -> Iterator[tuple[int, dict] | Skipped]:
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
                yield Skipped(f"{table.path} row {row_no}", too_big(None, table.limit, "one row"))
                continue
            yield row_no, {k: table.repair(v, row_no) if isinstance(v, str) else v for k, v in row.items()}
    finally:
        csv.field_size_limit(old_limit)
