"""Shared fixtures and helpers: the real spaCy model (loaded once per run, by the tests and by every
build they run), the seeds, small corpora, running the command, and system tools.

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


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(session, config, items):
    """Tests that start a Dask cluster here (marked ``dask``) run last, in their own order.

    A Dask client leaves two threads running in this process for the rest of its life (its IO loop
    and its offload pool). With another thread running, graphkit forks no helper process
    (graphkit.core.side_by_side.can_fork), so tests of the fork must come before them.

    In parallel (``make test``: pytest-xdist, ``--dist loadgroup --no-loadscope-reorder``) each test
    process takes whole modules, so a module's fixtures are made once, and the Dask tests go together
    as the last group: the process that runs them runs nothing after them.
    """
    items.sort(key=lambda item: item.get_closest_marker("dask") is not None)  # stable: order kept
    for item in items:
        group = "dask" if item.get_closest_marker("dask") else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(autouse=True)
def _run_in_tmp_path(tmp_path, monkeypatch):
    """Every test runs in its own folder, so the CLI's default .graphkit-cache (and any relative
    output) never lands in, or is read from, the repository."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


_PIPELINES: dict = {}


def shared_pipeline(model: str | None = None, relations: bool = False):
    """``graphkit.extraction.load_pipeline(model, relations)``, loaded once per test run, model name
    and choice of relations (with them the parser is loaded too)."""
    from graphkit.extraction.models import DEFAULT_MODEL, load_pipeline

    key = (model or DEFAULT_MODEL, relations)
    if key not in _PIPELINES:
        _PIPELINES[key] = load_pipeline(*key)
    return _PIPELINES[key]


@pytest.fixture(scope="session", autouse=True)
def _one_model_per_run():
    """Builds in this process (the CLI tests' included) take the run's pipeline instead of loading
    it again: the same model, loaded as the command loads it. Builds in subprocesses, and tests
    that replace load_pipeline themselves, still load their own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("graphkit.extraction.runners.load_pipeline", shared_pipeline)
        yield


@pytest.fixture(scope="session")
def nlp():
    """The NER-only spaCy pipeline (as ``--no-relations`` loads it), loaded once for the whole run."""
    return shared_pipeline()


@pytest.fixture(scope="session")
def nlp_relations():
    """The default pipeline with what relations need (the parser), loaded once for the whole run."""
    return shared_pipeline(relations=True)


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


def run_cli(*args):
    """Invoke the ``graphkit`` command like a user (arguments as strings); fail if an exception
    escaped it (a user would see a traceback). Returns click's Result (exit_code, output)."""
    from click.testing import CliRunner

    from graphkit.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"exception escaped the CLI: {result.exception!r}\n{result.output}") from result.exception
    assert "Traceback" not in result.output
    return result


def write_corpus(folder: Path, texts: dict[str, str], suffix: str = ".txt") -> Path:
    """A folder of one-article files (``name`` + suffix -> text): a small corpus to build."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}{suffix}").write_text(text, encoding="utf-8")
    return folder


def copy_seeds(folder: Path) -> Path:
    """A private copy of the seeds, so a test may edit or add an article."""
    return Path(shutil.copytree(SEEDS, folder))


def seed_pages(folder: Path) -> Path:
    """The seeds as saved HTML pages (navigation and a footer around each article's paragraphs)."""
    import html

    folder.mkdir(parents=True, exist_ok=True)
    nav = "".join(f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(30))
    for seed in sorted(SEEDS.iterdir()):
        body = "".join(f"<p>{html.escape(p)}</p>" for p in seed.read_text(encoding="utf-8").split("\n\n"))
        (folder / f"{seed.stem}.html").write_text(
            f"<html><body><nav><ul>{nav}</ul></nav><article>{body}</article><footer>Contact us</footer></body></html>",
            encoding="utf-8",
        )
    return folder


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


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one per test module (tests/browser.py)."""
    from browser import CHROMIUM, chromium

    require_tool("chromium", "install Debian's chromium (apt-get install chromium)", CHROMIUM)
    with chromium() as b:
        yield b
