"""Saved HTML pages parsed in ``--jobs`` processes before the reading, which then finds each one in
the page memo.

trafilatura takes tens of milliseconds a page (about 18 s for 400 pages of a real news site, one
at a time), and a first build reads every page before spaCy starts. With ``--jobs 2`` and more,
:func:`parse_pages_ahead` hands the pages not parsed before to that many processes (the worker pool
of the extraction: a worker that dies is replaced and its pages handed out again) and keeps what
each gave in the memo. Reading itself is unchanged: same order, same messages, same documents. A
page the parsers fail on is left to the reading, which says so as before; if the workers keep
dying, the pages they did not do are parsed one at a time by the reading, with a notice.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from itertools import chain, islice
from pathlib import Path

from ..caches.pages import PageStore
from ..core.side_by_side import can_fork
from ..extraction.runners import available_cores
from ..extraction.workers import WorkerDied, WorkerPool
from ..reading.documents import page_text
from ..reading.html_page import MemoryMemo, PageMemo, page_article, page_key
from .settings import BuildSettings

#: pages per task: enough that a task outweighs its trip through the pipe (a page takes ~45 ms)
PAGES_PER_CHUNK = 8
#: tasks handed out per worker before the parent waits for one
CHUNKS_PER_WORKER = 2


def parse_pages_ahead(
    paths: list[Path], memo: PageMemo, *, jobs: int, max_article_bytes: int, notices: list[str]
) -> int:
    """Parse the pages of ``paths`` that ``memo`` has not seen, in ``jobs`` processes, into ``memo``.

    Returns how many were parsed here. Nothing is done with one process, fewer than two pages to
    parse (a pool would cost more than it saves), or where a fork is not safe (not Linux, or another
    thread running: graphkit.core.side_by_side.can_fork); the reading then parses them as before.
    """
    if jobs < 2 or not can_fork():
        return 0
    todo = _unseen(paths, memo, max_article_bytes)
    first = list(islice(todo, 2))
    if len(first) < 2:
        return 0
    pool = WorkerPool(
        min(jobs, len(paths)),
        _parse_chunk,
        initializer=_ignore_ctrl_c,
        context=multiprocessing.get_context("fork"),  # trafilatura and its settings as this process has them
        name="page-reading process",
        on_notice=notices.append,
    )
    keys: dict[int, list[str]] = {}
    parsed = 0

    def take() -> None:
        nonlocal parsed
        number, found = pool.collect()
        for key, value in zip(keys.pop(number), found):
            if value is not None:
                memo.put(key, value)
                parsed += 1

    try:
        for number, chunk in enumerate(_chunks(chain(first, todo))):
            keys[number] = [key for key, _ in chunk]
            pool.submit(number, [html for _, html in chunk])
            while len(pool) >= CHUNKS_PER_WORKER * pool.jobs:
                take()
        while len(pool):
            take()
    except WorkerDied as exc:
        said = f"Parsing saved pages in parallel stopped: {exc.message}"
        notices.append(f"{said}; the other pages were read one at a time")
    finally:
        pool.close()
    return parsed


def _unseen(paths: Iterable[Path], memo: PageMemo, max_article_bytes: int) -> Iterator[tuple[str, str]]:
    """(memo key, HTML) of each page the reading would parse and ``memo`` does not hold yet."""
    queued: set[str] = set()
    for path in paths:
        html = page_text(path, max_article_bytes)
        if html is None:
            continue
        key = page_key(html)
        if key not in queued and memo.get(key) is None:
            queued.add(key)
            yield key, html


def _chunks(items: Iterator) -> Iterator[list]:
    while chunk := list(islice(items, PAGES_PER_CHUNK)):
        yield chunk


def _ignore_ctrl_c() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool, the workers print nothing
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _parse_chunk(pages: list[str]) -> list[dict | None]:
    """What each page gives, or None where the parsers fail (the reading then says why)."""
    out = []
    for html in pages:
        try:
            out.append(page_article(html))
        except Exception:  # noqa: BLE001 - a third-party parser on untrusted pages; the reading reports it
            out.append(None)
    return out


@contextmanager
def page_store(cache, notices: list[str]):
    """A PageStore in the cache folder (None without one), closed after the block; its notices to ``notices``."""
    if cache is None:
        yield None
        return
    pages = PageStore(cache)
    try:
        yield pages
    finally:
        pages.close()
        notices.extend(pages.notices)


def pages_options(s: BuildSettings, pages, notices: list[str]) -> dict:
    """The page memo of a local read (the cache's, else one in memory) and, from two processes on,
    the saved pages parsed ahead in that many (graphkit.pipeline.pages_ahead)."""
    jobs = available_cores() if s.jobs is None else s.jobs
    if jobs < 2:
        return {"pages": pages}
    memo = pages if pages is not None else MemoryMemo()
    ahead = partial(parse_pages_ahead, memo=memo, jobs=jobs, max_article_bytes=s.max_article_bytes, notices=notices)
    return {"pages": memo, "pages_ahead": ahead}
