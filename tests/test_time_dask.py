"""Dates through Dask (--scheduler): the same dates, time attributes and --since/--until as a local build."""

from __future__ import annotations

import pytest

distributed = pytest.importorskip("distributed", reason="pip install -e '.[dask]'")

from conftest import DATA  # noqa: E402
from test_dask import cluster, small_tasks  # noqa: E402,F401 - the local cluster and small tasks

from graphkit.pipeline import build  # noqa: E402

pytestmark = pytest.mark.dask


@pytest.mark.parametrize("since, until", [(None, None), ("2019-01-05", "2019-01-06")])
def test_cluster_gives_the_local_dates(cluster, small_tasks, nlp_relations, tmp_path, since, until):  # noqa: F811
    local = build([DATA / "dated"], nlp=nlp_relations, since=since, until=until)  # relations: the default
    remote = build(
        [DATA / "dated"], scheduler=cluster.scheduler_address, cache=tmp_path / "cache", since=since, until=until
    )
    assert [(d.id, d.date) for d in remote.documents] == [(d.id, d.date) for d in local.documents]
    assert (remote.date_range.outside, remote.date_range.undated) == (
        local.date_range.outside,
        local.date_range.undated,
    )
    g, h = remote.graph, local.graph
    assert list(g.nodes(data=True)) == list(h.nodes(data=True))
    assert list(g.edges(data=True)) == list(h.edges(data=True))
    assert g.graph == h.graph
    assert any("weight_by_date" in d for *_, d in g.edges(data=True))
