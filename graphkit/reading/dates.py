"""Article dates: a date field's value, a saved page's publication date, a dateline in a text.

Every date becomes ``YYYY-MM-DD`` (the day the article gives, in its own time zone) or None. A
file's modification time is never used: it says when the file was copied, not when the article
appeared. Nothing here depends on today's date, so the same input always gives the same dates
(relative phrases such as "yesterday" are not dates here).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from ..core.errors import GraphkitError

#: ISO 8601 dates and date-times ("2019-01-04", "2019-01-04T10:30:00Z"): the common case, read
#: without dateparser (which takes about a second to import).
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
#: Unix timestamps in seconds or milliseconds between 1973 and 2286.
_EPOCH_SECONDS = (1e8, 1e10)
_EPOCH_MILLISECONDS = (1e11, 1e13)
#: dateparser: absolute dates only (no "2 days ago": that depends on today), day, month and year
#: all required ("March 2019" is not a day), English words and numeric forms (a month-first order
#: for "04/01/2019", as in US exports; a day above 12 is read as the day whatever its place).
_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}
#: a date field longer than this is not a date (an article body pasted into the wrong column)
_MAX_FIELD_CHARS = 80


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value) -> str | None:
    """``YYYY-MM-DD`` for a date field's value (ISO, "January 4, 2019", "Fri, 04 Jan 2019 10:00 GMT",
    "4/1/2019", a Unix timestamp), or None when it names no day.

    >>> parse_date("2019-01-04T23:30:00-05:00"), parse_date("4 March 2025"), parse_date("soon")
    ('2019-01-04', '2025-03-04', None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return _from_timestamp(float(value))
    text = str(value).strip()
    if not text or len(text) > _MAX_FIELD_CHARS:
        return None
    iso = _ISO.fullmatch(text)
    if iso:
        return _day(*(int(g) for g in iso.groups()))
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return _from_timestamp(float(text))
    return _dateparser(text)


def _from_timestamp(number: float) -> str | None:
    if _EPOCH_MILLISECONDS[0] <= number < _EPOCH_MILLISECONDS[1]:
        number /= 1000
    elif not _EPOCH_SECONDS[0] <= number < _EPOCH_SECONDS[1]:
        return None  # 2019 is a year, not a timestamp
    return datetime.fromtimestamp(number, tz=UTC).date().isoformat()


@lru_cache(maxsize=4096)  # exports repeat the same few values ("n/a", one date per batch)
def _dateparser(text: str) -> str | None:
    if not re.search(r"\d", text):
        return None  # "n/a", "unknown", "yesterday": no day without a number
    import dateparser

    try:
        found = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError, TypeError):
        return None
    return found.date().isoformat() if found is not None else None


# --- datelines ------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
#: "Friday, January 4, 2019", "Jan. 4 2019", "4 January 2019", "Friday 4th January, 2019", "2019-01-04"
_DATE_FORMS = [
    _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR,
    _WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR,
    r"(?P<iso>\d{4}-\d{2}-\d{2})",
]
#: what may come before the date on a dateline: a place in capitals ("MOSCOW, ", "WASHINGTON (AP) ")
#: or "Published"/"Updated"/"Posted [on]"
_LEAD = (
    r"(?:[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][\w.'\- ]{1,30})?(?:\s*\([^)]{1,30}\))?\s*[,\-–—:]?\s*"
    r"|(?:published|updated|posted|dated)(?:\s+on)?:?\s+)?"
)
#: what may follow it: a time, "(Reuters)", a dash that starts the story, "|", "/" or the line's end
_TAIL = r"(?=\s*(?:$|[-–—|/(:;]|\d{1,2}[:.]\d{2}|at\s+\d))"
_DATELINES = [re.compile(r"^\s*" + _LEAD + form + _TAIL, re.I) for form in _DATE_FORMS]
#: the lines looked at: a dateline sits at the top, above or right under the headline
_DATELINE_LINES = 3
_DATELINE_MAX_CHARS = 300


def dateline_date(paragraphs: Sequence[str]) -> str | None:
    """The date of a dateline at the top of an article ("Friday, January 4, 2019",
    "MOSCOW, April 28, 2025 (Reuters) - ...", "28 April 2025"), or None.

    Only the first few lines are read, and only a date at the start of a line (after a place in
    capitals, or "Published"): a date in the story ("on June 19, 2024 the two signed") is not the
    article's date.
    """
    lines = [line for p in paragraphs[:_DATELINE_LINES] for line in p.split("\n")][:_DATELINE_LINES]
    for line in lines:
        head = line[:_DATELINE_MAX_CHARS]
        for pattern in _DATELINES:
            m = pattern.match(head)
            if m:
                found = _match_day(m)
                if found:
                    return found
    return None


def _match_day(m: re.Match) -> str | None:
    if m.groupdict().get("iso"):
        return parse_date(m.group("iso"))
    month = _MONTHS.get(m.group("month").lower().rstrip("."))
    return _day(int(m.group("year")), month, int(m.group("day"))) if month else None


# --- saved pages ----------------------------------------------------------------------------------

#: htmldate's settings for a saved page's date (passed through trafilatura's metadata reader): the
#: original publication date from the markup (meta tags, JSON-LD, <time>, the URL), not a search of
#: the page's text, where a copyright year or a sidebar's date is not the article's.
HTML_DATE_CONFIG = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"}


# --- ranges ---------------------------------------------------------------------------------------


@dataclass
class DateRange:
    """``--since`` / ``--until`` (inclusive, ``YYYY-MM-DD``): which articles a build keeps.

    ``keep`` counts what it drops, for the summary. Undated articles are dropped as soon as
    either end is given: nobody can say they fall inside.
    """

    since: str | None = None
    until: str | None = None
    outside: int = 0
    undated: int = 0

    @property
    def active(self) -> bool:
        return bool(self.since or self.until)

    def describe(self) -> str:
        """ "2019-01-05 to 2019-01-06", "since 2019-01-05" or "until 2019-01-06"."""
        if self.since and self.until:
            return f"{self.since} to {self.until}"
        return f"since {self.since}" if self.since else f"until {self.until}"

    def left_out(self) -> str:
        return f"left out {self.outside} dated outside it and {self.undated} undated"

    def keep(self, day: str | None) -> bool:
        if not self.active:
            return True
        if not day:
            self.undated += 1
            return False
        if (self.since and day < self.since) or (self.until and day > self.until):
            self.outside += 1
            return False
        return True


class DateRangeError(GraphkitError):
    """``since``/``until`` is not a date, or the range is empty: a usage error."""

    exit_code = 2


#: a numeric date whose first two numbers could each be the month (both 1-12)
_DAY_OR_MONTH = re.compile(r"(0?[1-9]|1[0-2])\s*[/.\- ]\s*(0?[1-9]|1[0-2])\s*[/.\- ]\s*(\d{4}|\d{2})\b.*", re.DOTALL)


def check_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """``since`` and ``until`` as ``YYYY-MM-DD`` (other common forms are accepted); DateRangeError
    saying what is wrong."""
    out = []
    for name, value in (("since", since), ("until", until)):
        if value in (None, ""):
            out.append(None)
            continue
        if (both := _DAY_OR_MONTH.fullmatch(str(value).strip())) and int(both[1]) != int(both[2]):
            # 04/05/2025: 5 April to an American, 4 May to a European; a range taken the wrong way
            # keeps the wrong articles without a word
            raise DateRangeError(
                f"{{{name}}} {value!r} could be either day-month or month-day.",
                "Give it as YYYY-MM-DD, e.g. 2025-04-28.",
            )
        day = parse_date(value)
        if day is None:
            raise DateRangeError(f"{{{name}}} {value!r} is not a date.", "Give it as YYYY-MM-DD, e.g. 2025-04-28.")
        out.append(day)
    if out[0] and out[1] and out[0] > out[1]:
        raise DateRangeError(f"{{since}} {out[0]} is after {{until}} {out[1]}: nothing could be kept.")
    return out[0], out[1]
