"""Case 7: a 50 MB single-line file is skipped with a reason (and an option to raise the limit), read in
bounded memory, and never stops the good documents. NER over 50 MB would take many minutes, so the
size limit is the answer; the memory bound is measured with tracemalloc.
"""

from __future__ import annotations

import json
import tracemalloc

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import SEEDS

from graphkit.cli import main
from graphkit.reading.documents import DEFAULT_MAX_ARTICLE_BYTES, read_documents

pytestmark = pytest.mark.slow

SIZE = 50_000_000
GOOD_ROW = "Angela Merkel met Emmanuel Macron in Paris on Monday."
MB = 1_000_000


def write_single_line(path, prefix: bytes = b"", suffix: bytes = b"", size: int = SIZE):
    """``size`` bytes on one line: words without a single newline."""
    chunk = b"Pyongyang " * 100_000  # 1 MB
    with open(path, "wb") as fh:
        fh.write(prefix)
        for _ in range(size // len(chunk)):
            fh.write(chunk)
        fh.write(suffix)
    return path


def peak_memory(fn):
    tracemalloc.start()
    try:
        value = fn()
        return value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def big_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    write_single_line(folder / "huge.txt")
    write_single_line(
        folder / "huge.jsonl",
        prefix=json.dumps({"id": "ok1", "text": GOOD_ROW}).encode() + b'\n{"id": "big", "text": "',
        suffix=b'"}\n' + json.dumps({"id": "ok2", "text": "Olaf Scholz met Joe Biden in Washington."}).encode() + b"\n",
    )
    write_single_line(
        folder / "huge.csv",
        prefix=f'id,text\nok3,"{GOOD_ROW} Again."\nbig,"'.encode(),
        suffix=b'"\nok4,Boris Johnson flew to Berlin.\n',
    )
    yield folder
    for big in folder.glob("huge.*"):  # 150 MB: not kept among pytest's last three temporary folders
        big.unlink()


def test_text_file_over_the_limit_is_skipped_without_reading_it(big_files):
    path = big_files / "huge.txt"
    result, peak = peak_memory(lambda: read_documents([path]))
    assert result.documents == []
    [skipped] = result.skipped
    assert skipped.origin == str(path)
    assert skipped.reason == (
        "50.0 MB is over the 5 MB limit for one article; raise it with --max-article-size 51 "
        "(NER takes about a minute per 5 MB) or split the file"
    )
    assert peak < 1 * MB, f"{peak / MB:.1f} MB allocated to skip a file by its size"


@pytest.mark.parametrize("name, good", [("huge.jsonl", ["ok1", "ok2"]), ("huge.csv", ["ok3", "ok4"])])
def test_table_row_over_the_limit_is_skipped_in_bounded_memory(big_files, name, good):
    path = big_files / name
    result, peak = peak_memory(lambda: read_documents([path]))
    assert [d.id for d in result.documents] == good
    assert [(s.origin, s.reason) for s in result.skipped] == [
        (
            f"{path} row 2",
            "over the 5 MB limit for one row; raise it with --max-article-size MB (NER takes about a minute per 5 MB)",
        )
    ]
    # one line is held at most up to the limit (as str), never the 50 MB
    assert peak < 4 * DEFAULT_MAX_ARTICLE_BYTES, f"{peak / MB:.1f} MB"


def test_cli_skips_the_big_file_and_builds_the_rest(big_files, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(big_files), "-o", str(out), "--format", "graphml"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    assert f"skipped {big_files / 'huge.txt'}: 50.0 MB is over the 5 MB limit for one article" in result.output
    assert f"skipped {big_files / 'huge.jsonl'} row 2: over the 5 MB limit" in result.output
    assert f"skipped {big_files / 'huge.csv'} row 2: over the 5 MB limit" in result.output
    assert "Read 4 document(s), skipped 3;" in result.output
    g = nx.read_graphml(out / "graph.graphml")
    assert g.graph["documents"] == 4


def test_max_article_size_option(tmp_path):
    # The limit is the user's to set: a tiny one skips the seeds (about 3-5 kB each) but not a short note.
    folder = tmp_path / "in"
    folder.mkdir()
    seed = next(SEEDS.glob("001_*.txt"))
    (folder / "seed.txt").write_bytes(seed.read_bytes())
    (folder / "note.txt").write_text(GOOD_ROW)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(folder), "-o", str(out), "--max-article-size", "0.002", "--format", "graphml"]
    )
    assert result.exit_code == 0, result.output
    size = seed.stat().st_size
    assert (
        f"skipped {folder / 'seed.txt'}: {size / 1000:.1f} kB is over the 0.002 MB limit for one article; "
        "raise it with --max-article-size 0.1"  # a few kB: the next tenth of a MB lets it in (was "0.0 MB", "2")
    ) in result.output
    assert size < 100_000
    assert "Read 1 document(s), skipped 1;" in result.output
    bad = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--max-article-size", "0"])
    assert bad.exit_code == 2 and "--max-article-size" in bad.output
