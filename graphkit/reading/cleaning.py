"""Text clean-up before NER: paragraphs, hard wraps, whitespace, quotes, boilerplate lines.

Cleaning matters for entities: a hard-wrapped article yields "North\\nKorea" and sentences cut in
half, typographic apostrophes split "Kim Jong Un’s" from "Kim Jong Un's", and comment-box lines
end up as sentences.
"""

from __future__ import annotations

import re
import unicodedata

from ..core.sourcemap import SourceMap

#: typographic quotes and look-alikes folded to ASCII so the same name is spelled one way
#: (a str.translate table; graphkit.resolution.names folds names with it too)
QUOTE_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
# Spaces that are not U+0020 (no-break, thin, ideographic, ...) and zero-width characters.
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
# C0/C1 control characters (tab and newlines are handled above), and what XML 1.0 cannot hold at
# all: lone surrogates (json.loads turns "\\ud800" into one) and the non-characters U+FFFE/U+FFFF.
# Left in, they would make the GraphML unreadable.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOT_XML = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
_MULTI_SPACE = re.compile(r" {2,}")

_URL_LINE = re.compile(r"^(?:<)?(?:https?://|www\.)\S+(?:>)?$", re.IGNORECASE)
# Lines that page scrapes carry around the article: comment boxes, share bars, "related" lists.
_BOILERPLATE_LINE = re.compile(
    r"^(?:comments?|\d+\s+comments?|leave a (?:comment|reply)|post a comment|add a comment|"
    r"show comments|view comments|(?:related|more) (?:sources|stories|articles|news|coverage)|"
    r"share(?: this(?: article| story)?)?|advertisement|read more|subscribe|sign up|"
    r"click here to subscribe|follow us)\s*:?$",
    re.IGNORECASE,
)
# A line that ends a sentence (possibly inside closing quotes/brackets) or a heading-like colon.
_ENDS_SENTENCE = re.compile(r"""[.!?:;]["')\]]*$|["]$""")
_HEADLINE_MAX_WORDS = 20


def normalise_text(text: str) -> str:
    """NFC, ASCII quotes, one kind of space, Unix newlines, no control characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _NOT_XML.sub("\ufffd", text)
    text = text.translate(QUOTE_FOLD)
    text = _ODD_SPACE.sub(" ", text)
    return text


def clean_field(value: object) -> str:
    """A metadata value or document id as one clean line (ids end up in XML attributes)."""
    return _MULTI_SPACE.sub(" ", normalise_text(str(value)).replace("\n", " ")).strip()


def is_boilerplate_line(line: str) -> bool:
    """A line that is only a URL or a comment-box / share-bar label."""
    line = line.strip()
    return bool(_URL_LINE.match(line) or _BOILERPLATE_LINE.match(line))


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= _HEADLINE_MAX_WORDS and not _ENDS_SENTENCE.search(line)


def _unwrap(lines: list[str], first_is_headline: bool) -> list[list[int]]:
    """Group the hard-wrapped lines of one block into paragraphs (lists of line indices).

    A line break ends a paragraph when the line ends a sentence; otherwise the next line
    continues it ("Ukraine" / "disputes Gerasimov's assertion ..."). The title line of the
    document is kept on its own.
    """
    paragraphs: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        current.append(i)
        if (i == 0 and first_is_headline) or _ENDS_SENTENCE.search(line):
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def split_paragraphs(text: str) -> tuple[list[str], bool]:
    """Clean ``text`` and return (paragraphs, first paragraph is a headline).

    Blank lines always separate paragraphs. Within a block, single line breaks are either
    paragraph breaks (one paragraph per line, as many exports write) or hard wraps; see _unwrap.
    """
    paragraphs, has_headline, _ = clean_text(text)
    return paragraphs, has_headline


def clean_text(text: str) -> tuple[list[str], bool, SourceMap]:
    """:func:`split_paragraphs`, and where each paragraph's characters were in ``text``.

    Works line by line on the original, so every cleaned line knows its place: the same
    paragraphs as cleaning the whole text at once (normalise_text, then blocks and lines), since
    nothing normalise_text does reaches across a line break.
    """
    blocks: list[list[tuple[str, int, int, list]]] = []
    block: list = []
    for start, end in _raw_lines(text):
        raw = text[start:end]
        line = _MULTI_SPACE.sub(" ", _normalise_line(raw).strip())
        if not line:  # a blank line ends the block
            if block:
                blocks.append(block)
                block = []
        elif not is_boilerplate_line(line):
            block.append(_mapped_line(raw, start, line))
    if block:
        blocks.append(block)
    if not blocks:
        return [], False, SourceMap(())

    first_line = blocks[0][0][0]
    # Title line: short, unpunctuated, and followed by body text.
    has_headline = _looks_like_headline(first_line) and (len(blocks[0]) > 1 or len(blocks) > 1)
    paragraphs: list[str] = []
    maps: list[tuple] = []
    for b, lines in enumerate(blocks):
        for group in _unwrap([ln[0] for ln in lines], first_is_headline=(b == 0 and has_headline)):
            paragraph, pieces = _join([lines[i] for i in group], text)
            paragraphs.append(paragraph)
            maps.append(pieces)
    return paragraphs, has_headline, SourceMap(tuple(maps))


# A line ends at \r\n, \r, \n or U+2028; U+2029 (paragraph separator) is a blank line.
_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")


def _raw_lines(text: str):
    """(start, end) of every line of ``text``."""
    pos = 0
    if "\r" not in text and "\u2028" not in text and "\u2029" not in text:
        for line in text.split("\n"):
            yield pos, pos + len(line)
            pos += len(line) + 1
        return
    for m in _LINE_BREAK.finditer(text):
        yield pos, m.start()
        if m.group() == "\u2029":
            yield m.end(), m.end()
        pos = m.end()
    yield pos, len(text)


# ASCII characters normalise_text changes (the line breaks aside): controls and tabs.
_ASCII_CHANGED = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")


def _normalise_line(raw: str) -> str:
    """normalise_text of one line, skipped for the plain ASCII lines it would leave as they are."""
    if raw.isascii() and not _ASCII_CHANGED.search(raw):
        return raw
    return normalise_text(raw)


def _mapped_line(raw: str, start: int, line: str) -> tuple[str, int, int, list]:
    """(cleaned line, its start and end in the original, its pieces relative to the cleaned line)."""
    lead = len(raw) - len(raw.lstrip())
    if raw.startswith(line, lead):  # nearly every line: only spaces around it went
        return line, start + lead, start + lead + len(line), [(0, start + lead, None)]
    units = _units(raw, start)
    if "".join(u[0] for u in units) != line:  # cannot happen; a coarse map rather than a wrong one
        return line, start, start + len(raw), [(0, start, raw)]
    pieces: list = []
    for i, (ch, lo, hi) in enumerate(units):
        same = hi - lo == 1 and raw[lo - start] == ch
        last = pieces[-1] if pieces else None
        if same and last is not None and last[2] is None and units[i - 1][2] == lo:
            continue  # the unchanged stretch goes on
        gap_lo = units[i - 1][2] if i else lo  # characters dropped before this one (zero-width)
        if gap_lo < lo:
            pieces.append((i, gap_lo, raw[gap_lo - start : lo - start]))
        pieces.append((i, lo, None if same else raw[lo - start : hi - start]))
    return line, units[0][1], units[-1][2], pieces


def _units(raw: str, start: int) -> list[tuple[str, int, int]]:
    """(cleaned character, original start, original end) of every character of the cleaned line,
    made the way normalise_text and the line clean-up make them, for lines where more than spaces
    around the line changed."""
    if unicodedata.is_normalized("NFC", raw):
        units = [(ch, start + i, start + i + 1) for i, ch in enumerate(raw)]
    else:  # a composed character maps to the characters it was made of
        units, i = [], 0
        for cluster in _clusters(raw):
            for ch in unicodedata.normalize("NFC", cluster):
                units.append((ch, start + i, start + i + len(cluster)))
            i += len(cluster)
    out: list[tuple[str, int, int]] = []
    for ch, lo, hi in units:
        if not (ch.isascii() and ch.isprintable()):
            ch = normalise_text(ch)
        if not ch:
            continue  # zero-width
        if ch == " " and out and out[-1][0] == " ":
            out[-1] = (" ", out[-1][1], hi)  # a run of spaces is one space
        else:
            out.append((ch, lo, hi))
    while out and out[0][0] == " ":
        out.pop(0)
    while out and out[-1][0] == " ":
        out.pop()
    return out


def _clusters(raw: str) -> list[str]:
    """A base character with the combining marks after it, for each base character."""
    out: list[str] = []
    for ch in raw:
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _join(lines: list[tuple[str, int, int, list]], text: str) -> tuple[str, tuple]:
    """One paragraph from its lines (joined by spaces) and its pieces, with the end marker."""
    pieces: list = []
    pos = 0
    for k, (line, lo, _, own) in enumerate(lines):
        if k:
            prev_hi = lines[k - 1][2]
            pieces.append((pos, prev_hi, text[prev_hi:lo]))  # the line break (and what was dropped there)
            pos += 1
        pieces.extend((pos + c, o, orig) for c, o, orig in own)
        pos += len(line)
    pieces.append((pos, lines[-1][2], None))
    return " ".join(ln[0] for ln in lines), tuple(pieces)
