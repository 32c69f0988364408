"""Text clean-up before NER: paragraphs, hard wraps, whitespace, quotes, boilerplate lines.

Cleaning matters for entities: a hard-wrapped article yields "North\\nKorea" and sentences cut in
half, typographic apostrophes split "Kim Jong Un’s" from "Kim Jong Un's", and comment-box lines
end up as sentences.
"""

from __future__ import annotations

import re
import unicodedata

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


def _unwrap(lines: list[str], first_is_headline: bool) -> list[str]:
    """Join hard-wrapped lines of one block into paragraphs.

    A line break ends a paragraph when the line ends a sentence; otherwise the next line
    continues it ("Ukraine" / "disputes Gerasimov's assertion ..."). The title line of the
    document is kept on its own.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        current.append(line)
        if (i == 0 and first_is_headline) or _ENDS_SENTENCE.search(line):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def split_paragraphs(text: str) -> tuple[list[str], bool]:
    """Clean ``text`` and return (paragraphs, first paragraph is a headline).

    Blank lines always separate paragraphs. Within a block, single line breaks are either
    paragraph breaks (one paragraph per line, as many exports write) or hard wraps; see _unwrap.
    """
    text = normalise_text(text)
    blocks: list[list[str]] = []
    for raw_block in re.split(r"\n\s*\n", text):
        lines = [_MULTI_SPACE.sub(" ", ln.strip()) for ln in raw_block.split("\n")]
        lines = [ln for ln in lines if ln and not is_boilerplate_line(ln)]
        if lines:
            blocks.append(lines)
    if not blocks:
        return [], False

    first_line = blocks[0][0]
    # Title line: short, unpunctuated, and followed by body text.
    has_headline = _looks_like_headline(first_line) and (len(blocks[0]) > 1 or len(blocks) > 1)
    paragraphs: list[str] = []
    for b, lines in enumerate(blocks):
        paragraphs.extend(_unwrap(lines, first_is_headline=(b == 0 and has_headline)))
    return paragraphs, has_headline
