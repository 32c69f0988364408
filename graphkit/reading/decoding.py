"""Bytes to text: byte-order marks, binary files recognised by their first bytes, UTF-8, and the
legacy encodings (Windows-1252/Latin-1 first, then charset-normalizer).

Used by graphkit.reading.documents; ``decode_bytes`` returns the text and the encoding it was read in (so
the user can be told), or None and the reason the bytes are not text.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Files that are not text but often end up among articles, and what to do about each.
_MAGIC = (
    (b"%PDF-", "a PDF document, not text: extract its text first (e.g. pdftotext FILE) and give graphkit the .txt"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF87a", "a GIF image, not text"),
    (b"GIF89a", "a GIF image, not text"),
    (b"PK\x03\x04", "a ZIP archive or Office document (.docx, .odt...), not text: save the articles as .txt first"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Microsoft Office document, not text: save the articles as .txt first",
    ),
    (b"\x1f\x8b", "a gzip-compressed file: decompress it first"),
    (b"{\\rtf", "an RTF document, not plain text: save it as .txt first"),
)
_ENCODING_NAMES = {
    "utf-16": "UTF-16",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16 (little-endian, no BOM)",
    "utf_16_be": "UTF-16 (big-endian, no BOM)",
    "utf-32": "UTF-32",
    "utf_32": "UTF-32",
    "latin-1": "Latin-1 (ISO-8859-1)",
    "cp1252": "Windows-1252",
}
# Typographic punctuation and symbols common in Western European text (see _western).
_WESTERN_SYMBOLS = set("\u00a0¡¢£¥§©«®°±²·»¿×÷½€‚„…†‡‰‹›‘’“”•–—™")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")


def encoding_name(encoding: str) -> str:
    """The encoding as users know it ("Windows-1252" rather than "cp1252")."""
    return _ENCODING_NAMES.get(encoding.lower(), encoding)


def _western(data: bytes) -> str | None:
    """'latin-1' or 'cp1252' when ``data`` reads as Western European text in that encoding.

    Why not charset-normalizer alone: on Western text it guesses badly. An English article in
    Windows-1252 whose only non-ASCII bytes are curly quotes comes back as cp775/cp850, and
    German or French text as cp1250 ("à" read as "ŕ"). So the most common legacy encoding is
    tried first and kept only when the result looks like Western writing: the non-ASCII characters
    are letters or common typographic symbols, and most letters are ASCII (Cyrillic or Greek read
    this way would be nearly all accented letters). Everything else goes to charset-normalizer.
    """
    try:
        text = data.decode("cp1252")  # fails on the five bytes Windows-1252 leaves undefined
    except UnicodeDecodeError:
        return None
    non_ascii = _NON_ASCII.findall(text)
    if not non_ascii:
        return "latin-1"
    odd = sum(1 for c in non_ascii if not c.isalpha() and c not in _WESTERN_SYMBOLS)
    accented = sum(1 for c in non_ascii if c.isalpha())
    letters = len(_ASCII_LETTERS.findall(text)) + accented
    if odd > 0.02 * len(non_ascii) or accented > 0.3 * max(letters, 1):
        return None
    # Latin-1 and Windows-1252 differ only in 0x80-0x9F (C1 controls vs. curly quotes, dashes, €).
    return "cp1252" if re.search(rb"[\x80-\x9f]", data) else "latin-1"


def sniff_encoding(head: bytes, *, complete: bool = True) -> tuple[str | None, str]:
    """(encoding, "") for text, or (None, reason) for binary data.

    ``head`` is the start of a file (the whole file when ``complete``): a UTF-8 sequence cut at
    its end does not count against UTF-8.
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, ""
    for magic, reason in _MAGIC:
        if head.startswith(magic):
            return None, reason
    if b"\x00" in head:
        # Only UTF-16/32 text without a byte-order mark has NUL bytes; anything else is binary.
        from charset_normalizer import from_bytes

        best = from_bytes(head[: len(head) - len(head) % 4]).best()
        if best is not None and best.encoding.startswith(("utf_16", "utf_32")):
            return best.encoding, ""
        return None, "a binary file, not text"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
        return "utf-8", ""
    except UnicodeDecodeError:
        pass
    western = _western(head if complete else head[:-4])
    if western:
        return western, ""
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    if best is None:
        return None, "a binary file, or text in an encoding graphkit cannot recognise: save it as UTF-8"
    return best.encoding, ""


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """Decode file bytes: (text, encoding name) or (None, reason) for binary/undecodable data."""
    encoding, reason = sniff_encoding(data, complete=True)
    if encoding is None:
        return None, reason
    codec = "cp1252" if encoding == "latin-1" else encoding
    return data.decode(codec, errors="replace"), encoding
