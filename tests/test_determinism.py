"""Two builds of the same input give byte-identical files (analysts diff and cite graphs).

The builds run as separate `graphkit build` processes with different PYTHONHASHSEED values, so any
output that depends on set or dict-of-set iteration order (which changes with the hash seed) shows
up here. Every file in the output folder is compared byte for byte, so formats added later are
covered too (graphkit writes no timestamps, not even in the HTML page). A third build reads everything
from the first one's extraction cache and must give the same files too.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS

pytestmark = pytest.mark.slow

GRAPHKIT = [sys.executable, "-m", "graphkit.cli"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds plus a JSONL export with metadata (documents_json, ids from a field)."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, folder / "seeds")
    rows = [
        {
            "id": "x1",
            "title": "Leaders meet",
            "date": "2024-03-05",
            "url": "https://e.org/x1",
            "source": "Example",
            "text": "Angela Merkel met Emmanuel Macron in Paris. Olaf Scholz joined Merkel and Macron later.",
        },
        {"id": "x2", "title": "Talks", "text": "Olaf Scholz met Joe Biden in Washington. Biden praised Scholz."},
    ]
    (folder / "export.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


def build(corpus: Path, out: Path, cache: Path, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    proc = subprocess.run(
        [*GRAPHKIT, "build", str(corpus), "-o", str(out), "--cache", str(cache)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=out.parent,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def builds(corpus, tmp_path_factory):
    """a and b: spaCy runs in both (separate caches, other hash seeds); c: a's cache, nothing re-extracted."""
    root = tmp_path_factory.mktemp("builds")
    build(corpus, root / "a", root / "cache-a", "1")
    build(corpus, root / "b", root / "cache-b", "2")
    summary = build(corpus, root / "c", root / "cache-a", "3")
    assert "spaCy ran on 0 document(s); 7 came from the extraction cache" in summary
    return root / "a", root / "b", root / "c"


@pytest.fixture(scope="module", params=["fresh", "cached"])
def two_builds(request, builds):
    a, b, c = builds
    return (a, b) if request.param == "fresh" else (a, c)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_same_files_written(two_builds):
    a, b = map(files, two_builds)
    assert sorted(a) == sorted(b)
    suffixes = {Path(name).suffix for name in a}
    assert {".graphml", ".html"} <= suffixes
    assert all(data for data in a.values()), "an output is empty"


def test_every_output_is_byte_identical(two_builds):
    a, b = map(files, two_builds)
    for name in sorted(a):
        left, right = a[name], b.get(name, b"")
        if left != right:
            diff = difflib.unified_diff(
                left.decode("utf-8", "replace").splitlines(),
                right.decode("utf-8", "replace").splitlines(),
                f"a/{name}",
                f"b/{name}",
                n=1,
                lineterm="",
            )
            pytest.fail(f"{name} differs between two builds of the same input:\n" + "\n".join(list(diff)[:40]))


def test_graph_is_not_trivial(builds):
    # the comparison above means something only if the build found a real graph
    import networkx as nx

    graphml = next(p for p in builds[0].iterdir() if p.suffix == ".graphml")
    g = nx.read_graphml(graphml)
    assert g.number_of_nodes() > 20 and g.number_of_edges() > 20
    assert g.graph["documents"] == 7
