"""Small wording helpers shared by the command line and the HTML explorer."""

from __future__ import annotations


def plural(count, word: str, plural_form: str | None = None) -> str:
    """``count`` and ``word``, in the plural unless the count is 1: "1 mention", "3 entities"."""
    return f"{count} {word if count == 1 else (plural_form or word + 's')}"
