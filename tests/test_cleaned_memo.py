"""Cleaned texts kept between runs (graphkit.reading.cleaned_memo): a rebuild reads every article
as the first build did, source maps included, without cleaning it again; a damaged entry or a change
of the cleaning code means cleaning again."""

from __future__ import annotations

import json

import pytest
from conftest import SEEDS

import graphkit.reading.cleaned_memo as cleaned_memo
from graphkit.caches.pages import PageStore
from graphkit.reading.documents import read_documents


class Memo(dict):
    """A page memo in memory that keeps values as the cache folder does (JSON text)."""

    def get(self, key):
        text = super().get(key)
        return None if text is None else json.loads(text)

    def put(self, key, value):
        self[key] = json.dumps(value)


def everything(docs):
    """All a document holds, its source map included (which Document equality leaves out)."""
    return [(d, d.source_map) for d in docs]


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = cleaned_memo.clean_text
    monkeypatch.setattr(cleaned_memo, "clean_text", lambda text: calls.append(1) or real(text))
    return calls


def test_a_second_read_takes_the_cleaned_texts_from_the_memo(tmp_path, counted):
    table = tmp_path / "articles.jsonl"
    rows = [
        {"id": "a", "text": "Headline Here\n\nFirst   paragraph,\nhard wrapped.\n\nShare this article"},
        {"id": "b", "text": "“Quoted” words\u00a0and a line\r\nbreak.", "date": "2024-05-01"},
    ]
    table.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    sources = [SEEDS, table]
    plain = read_documents(sources).documents
    cleaned = len(counted)
    assert cleaned == len(plain) == 7
    memo = Memo()
    first = read_documents(sources, texts=memo).documents
    assert len(counted) == 2 * cleaned and len(memo) == cleaned
    again = read_documents(sources, texts=memo).documents
    assert len(counted) == 2 * cleaned  # none cleaned again
    assert everything(again) == everything(first) == everything(plain)
    assert any(d.source_map.paragraphs != ((),) for d in again)


def test_a_damaged_entry_or_other_cleaning_code_means_cleaning_again(tmp_path, counted, monkeypatch):
    memo = Memo()
    plain = read_documents([SEEDS], texts=memo).documents
    for key in list(memo):
        memo[key] = json.dumps({"paragraphs": "no list", "headline": True, "map": []})
    assert everything(read_documents([SEEDS], texts=memo).documents) == everything(plain)
    assert len(counted) == 2 * len(plain)
    # the entries are right again; another cleaning code (its hash) does not read them
    monkeypatch.setattr(cleaned_memo, "_code_hash", lambda: "another")
    read_documents([SEEDS], texts=memo)
    assert len(counted) == 3 * len(plain) and len(memo) == 2 * len(plain)


def test_the_memo_in_the_cache_folder_survives_the_run(tmp_path, counted):
    with PageStore(tmp_path / "cache") as store:
        first = read_documents([SEEDS], texts=store).documents
    with PageStore(tmp_path / "cache") as store:
        again = read_documents([SEEDS], texts=store).documents
    assert everything(again) == everything(first) and len(counted) == len(first)
