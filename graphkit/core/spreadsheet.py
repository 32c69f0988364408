"""Spreadsheet safety of text cells: shared by the CSV exports and merges.csv."""

from __future__ import annotations

#: a spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """``value`` with a leading ``'`` when Excel or LibreOffice would run it as a formula.

    Article text is untrusted: an entity named ``=HYPERLINK(...)`` must show as text when an
    analyst opens a CSV export. Only for text cells; numbers (``-3``) are written as they are.
    """
    return "'" + value if value.startswith(FORMULA_START) else value
