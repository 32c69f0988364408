"""The investigative exports through Dask (``--scheduler``): byte for byte those of a local build.

The mention rows are made on the workers, where the text is (the client holds no article text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="pip install -e '.[dask]'")

from click.testing import CliRunner  # noqa: E402
from conftest import SEEDS  # noqa: E402

from graphkit.cli import main  # noqa: E402

pytestmark = pytest.mark.dask
FORMATS = ["--format", "mentions", "--format", "ftm", "--format", "neo4j", "--format", "json"]


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cluster_exports_are_the_local_ones(tmp_path):
    local = CliRunner().invoke(main, ["build", str(SEEDS), "-o", "local", "--no-cache", "--jobs", "1", *FORMATS])
    assert local.exit_code == 0, local.output
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0", protocol="tcp"
    ) as cluster:
        remote = CliRunner().invoke(
            main,
            ["build", str(SEEDS), "-o", "dask", "--no-cache", "--scheduler", cluster.scheduler_address, *FORMATS],
        )
    assert remote.exit_code == 0, remote.output
    ours, theirs = files(tmp_path / "local"), files(tmp_path / "dask")
    assert "graph.mentions.csv" in ours and "graph.neo4j/co_mentioned.csv" in ours and "graph.ftm.json" in ours
    assert ours.keys() == theirs.keys()
    for name in ours:
        assert ours[name] == theirs[name], name
