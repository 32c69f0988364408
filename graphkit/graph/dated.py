"""Counts per date as graph attributes, and the periods (day, week, month, year) they add up to.

The graph carries dated counts as compact text attributes (GraphML and CSV have no lists):
``articles_by_date`` on the graph, ``mentions_by_date`` on nodes and ``weight_by_date`` on edges,
each ``YYYY-MM-DD:count`` items joined with ``|``. Undated articles are in none of them. Written by
graphkit.graph.comention; read by the exports (GEXF spells, the page's timeline) and
graphkit.explore.timeline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from ..core.records import is_day

PERIODS = ("day", "week", "month", "year")


def format_by_date(counts: Mapping[str, int]) -> str:
    """``{"2019-01-05": 1, "2019-01-04": 3}`` -> ``"2019-01-04:3|2019-01-05:1"`` (sorted, zeros left out)."""
    return "|".join(f"{day}:{n}" for day, n in sorted(counts.items()) if n)


def parse_by_date(value) -> dict[str, int]:
    """Inverse of format_by_date; anything that is not ``day:count`` is skipped (a user's own graph)."""
    out: dict[str, int] = {}
    for item in str(value or "").split("|"):
        day, _, n = item.partition(":")
        if is_day(day) and n.isdigit():
            out[day] = out.get(day, 0) + int(n)
    return out


def period_start(day: str, period: str) -> str:
    """The first day of the period holding ``day``: weeks start on Monday (ISO weeks)."""
    d = date.fromisoformat(day)
    if period == "day":
        return day
    if period == "week":
        return (d - timedelta(days=d.weekday())).isoformat()
    if period == "month":
        return d.replace(day=1).isoformat()
    if period == "year":
        return d.replace(month=1, day=1).isoformat()
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")


def auto_period(days: Iterable[str]) -> str:
    """day up to three months, week up to two years, month up to twenty years, else year."""
    days = sorted(days)
    if not days:
        return "day"
    span = (date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days
    if span <= 92:
        return "day"
    if span <= 731:
        return "week"
    return "month" if span <= 7305 else "year"


def by_period(counts: Mapping[str, int], period: str) -> dict[str, int]:
    """Per-date counts added up per period, keyed by the period's first day (sorted)."""
    out: Counter = Counter()
    for day, n in counts.items():
        out[period_start(day, period)] += n
    return dict(sorted(out.items()))


def period_label(start: str, period: str) -> str:
    """How a period is shown: 2019-01-04, week of 2019-01-07, 2019-01, 2019."""
    if period == "week":
        return f"week of {start}"
    if period == "month":
        return start[:7]
    if period == "year":
        return start[:4]
    return start


def all_periods(starts: list[str], period: str) -> list[str]:
    """Every period from the first to the last, empty ones included (a gap is news too); a long
    span at day resolution is not padded beyond a few hundred rows."""
    if len(starts) < 2:
        return starts
    out, current, last = [], starts[0], starts[-1]
    while current <= last and len(out) < 1000:
        out.append(current)
        current = next_period(current, period)
    return out


def next_period(start: str, period: str) -> str:
    d = date.fromisoformat(start)
    if period == "day":
        return (d + timedelta(days=1)).isoformat()
    if period == "week":
        return (d + timedelta(days=7)).isoformat()
    if period == "month":
        return (d.replace(day=28) + timedelta(days=4)).replace(day=1).isoformat()
    return d.replace(year=d.year + 1).isoformat()
