"""Shared fixtures: the real spaCy model, the seeds, and tools that tests need from the system.

Tests that need a system tool (chromium, node) skip with a message naming what to install,
except under CI (CI=true), where a missing tool fails the run instead of hiding tests.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def require_tool(name: str, install_hint: str, path: str | None = None) -> str:
    """Path of an executable, or skip (fail under CI=true) naming what to install."""
    found = path if path and Path(path).exists() else shutil.which(name)
    if found:
        return found
    message = f"{name} not found: {install_hint}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message} (CI=true: this test must run, not skip)")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _run_in_tmp_path(tmp_path, monkeypatch):
    """Every test runs in its own folder, so the CLI's default .graphkit-cache (and any relative
    output) never lands in, or is read from, the repository."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def nlp():
    """The default spaCy pipeline, loaded once for the whole run."""
    from graphkit.extraction import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def nlp_relations():
    """The default pipeline with what relations need (the parser), loaded once for the whole run."""
    from graphkit.extraction import load_pipeline

    return load_pipeline(relations=True)


@pytest.fixture(scope="session")
def seeds_relations_result(nlp_relations):
    """The seeds built once with relations, roles and quotes (a graphkit.pipeline.BuildResult)."""
    from graphkit.pipeline import build

    return build([SEEDS], nlp=nlp_relations)


@pytest.fixture(scope="session")
def seeds_result(nlp):
    """The seeds built once with default settings (a graphkit.pipeline.BuildResult)."""
    from graphkit.pipeline import build

    return build([SEEDS], nlp=nlp)


@pytest.fixture(scope="session")
def seeds_graph(seeds_result):
    return seeds_result.graph


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def node_by_label(graph, label: str):
    """The node id whose label is ``label`` (case-insensitive), or None."""
    for n, data in graph.nodes(data=True):
        if data.get("label", "").casefold() == label.casefold():
            return n
    return None


def graph_snapshot(graph):
    """A deep copy of a graph's graph, node and edge attributes, to check that a function changed none.

    Deep, so a list or dict attribute changed in place shows up too.
    """
    import copy

    return copy.deepcopy(
        (
            dict(graph.graph),
            [(n, dict(d)) for n, d in graph.nodes(data=True)],
            [(a, b, dict(d)) for a, b, d in graph.edges(data=True)],
        )
    )
