"""Saved pages parsed ahead in worker processes (from --jobs 2 on) give the reading exactly what
parsing them one at a time gives; a worker that dies leaves its pages to the reading."""

from __future__ import annotations

import os
import signal

from conftest import graph_snapshot, seed_pages

from graphkit.pipeline import build, pages_ahead
from graphkit.pipeline.pages_ahead import parse_pages_ahead
from graphkit.reading.documents import DEFAULT_MAX_ARTICLE_BYTES, read_documents
from graphkit.reading.html_page import MemoryMemo

MENU = "<html><body><script>var a = 1;</script></body></html>"  # no article text


def pages_folder(tmp_path):
    folder = seed_pages(tmp_path / "pages")
    (folder / "menu.html").write_text(MENU, encoding="utf-8")
    (folder / "empty.html").write_text("", encoding="utf-8")
    return folder


def reasons(read) -> dict[str, str]:
    return {s.origin: s.reason for s in read.skipped}


def parse_ahead(folder, notices) -> tuple[MemoryMemo, int]:
    memo = MemoryMemo()
    paths = sorted(folder.iterdir())
    return memo, parse_pages_ahead(paths, memo, jobs=2, max_article_bytes=DEFAULT_MAX_ARTICLE_BYTES, notices=notices)


def test_pages_parsed_ahead_are_what_the_reading_gets_one_page_at_a_time(tmp_path, monkeypatch):
    import trafilatura

    folder = pages_folder(tmp_path)
    one_at_a_time = read_documents([folder])
    notices: list[str] = []
    memo, parsed = parse_ahead(folder, notices)
    assert parsed == 6 and notices == []  # the five articles and the menu (no text); the empty file is not parsed

    def no_parsing(*args, **kwargs):
        raise AssertionError("the reading parsed a page the workers had parsed")

    monkeypatch.setattr(trafilatura, "extract", no_parsing)
    ahead = read_documents([folder], pages=memo)
    assert ahead.documents == one_at_a_time.documents and len(ahead.documents) == 5
    assert reasons(ahead) == reasons(one_at_a_time)
    assert reasons(ahead)[str(folder / "menu.html")] == "no article text found in the HTML page"
    assert "empty file" in reasons(ahead)[str(folder / "empty.html")]


def test_pages_a_worker_dies_on_are_read_one_at_a_time(tmp_path, monkeypatch):
    folder = pages_folder(tmp_path)
    (folder / "poison.html").write_text(
        "<html><body><article><p>The poison-pill page reads like an article: Angela Merkel met Emmanuel Macron in"
        " Paris on Tuesday to talk about the budget of the European Union for three hours.</p></article></body></html>",
        encoding="utf-8",
    )
    real = pages_ahead._parse_chunk

    def deadly(pages):  # in the worker (forked after this patch): dies as the out-of-memory killer would kill it
        if any("poison-pill" in page for page in pages):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(pages)

    monkeypatch.setattr(pages_ahead, "_parse_chunk", deadly)
    notices: list[str] = []
    memo, parsed = parse_ahead(folder, notices)
    assert parsed == 0  # the poison page shares its task with the others (8 pages a task)
    assert any("killed by SIGKILL" in n and "a new one does its articles again" in n for n in notices)
    assert notices[-1].startswith("Parsing saved pages in parallel stopped: a page-reading process was killed")
    assert notices[-1].endswith("the other pages were read one at a time")
    read = read_documents([folder], pages=memo)
    assert read.documents == read_documents([folder]).documents and len(read.documents) == 6


def test_a_build_with_two_processes_gives_the_graph_of_one_and_parses_a_page_once(nlp, tmp_path, monkeypatch):
    folder = pages_folder(tmp_path)
    calls: list[int] = []
    real = pages_ahead.parse_pages_ahead
    monkeypatch.setattr(pages_ahead, "parse_pages_ahead", lambda *a, **kw: calls.append(real(*a, **kw)) or calls[-1])
    two = build([folder], nlp=nlp, jobs=2, cache=tmp_path / "cache")
    assert calls == [6]
    one = build([folder], nlp=nlp, jobs=1)
    assert calls == [6]  # one process: no parsing ahead
    assert two.documents == one.documents
    assert graph_snapshot(two.graph) == graph_snapshot(one.graph)
    assert {s.origin: s.reason for s in two.skipped} == {s.origin: s.reason for s in one.skipped}
    again = build([folder], nlp=nlp, jobs=2, cache=tmp_path / "cache", window="paragraph")
    assert calls == [6, 0]  # every page from the cache: no worker started
    assert again.documents == one.documents
