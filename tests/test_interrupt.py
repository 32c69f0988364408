"""Case 13: Ctrl-C in the middle of a build.

`graphkit build` runs as a real process on a terminal (a pseudo-terminal, so its progress bar shows
when extraction is under way) on a corpus that takes several seconds. Once the bar has moved, SIGINT
goes to the whole process group, as Ctrl-C in a shell does (spaCy worker processes included). Then:
exit code 130, a one-line message and no traceback, the previous outputs byte for byte as they were,
no temporary file left in the output folder, and the next run with the same cache works and uses
what the interrupted run had cached.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import networkx as nx
import pytest
from conftest import SEEDS

pytestmark = pytest.mark.slow

COPIES = 30  # x 5 seeds = 150 documents: three extraction chunks, some seconds of spaCy
#: for the corpus: Ctrl-C and the cache are what this tries, not spaCy's pipeline, so the smaller one
#: (the same chunks and workers) in about two thirds of the time
NO_RELATIONS = "--no-relations"
PROGRESS = re.compile(rb"\|\s*(\d+)/(\d+)\s*\[")


def graphkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "graphkit.cli", *map(str, args)]


def run_on_terminal(cmd: list[str], cwd: Path, interrupt_when=None, timeout: float = 300) -> tuple[int, str]:
    """Run ``cmd`` with stdout/stderr on a pseudo-terminal; SIGINT its process group once
    ``interrupt_when(output_so_far)`` is true. Returns (exit code, output)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # an 120x24 terminal
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, start_new_session=True,
        # as a shell's foreground job: a job started with & in a script inherits SIGINT ignored, and
        # Python then installs no Ctrl-C handler (so a test run in the background would see no Ctrl-C)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    os.close(slave)
    output, sent, deadline = b"", False, time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the terminal's other end is closed, the process has exited
                    break
                if not data:
                    break
                output += data
                if interrupt_when is not None and not sent and interrupt_when(output):
                    os.killpg(proc.pid, signal.SIGINT)
                    sent = True
            elif proc.poll() is not None:
                break
        else:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"{' '.join(cmd)} did not finish in {timeout} s:\n{output.decode(errors='replace')}")
        code = proc.wait(timeout=60)
    finally:
        os.close(master)
    if interrupt_when is not None and not sent:
        pytest.fail("the build finished before it could be interrupted; make the corpus bigger")
    return code, output.decode("utf-8", errors="replace")


def extracting(output: bytes) -> bool:
    """The progress bar has moved, and not to the end: some documents are extracted, others not."""
    counts = [(int(a), int(b)) for a, b in PROGRESS.findall(output)]
    return any(0 < done < total for done, total in counts)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(COPIES):
        for seed in seeds:
            # a distinct last line, so no copy is dropped as a duplicate of another
            text = seed.read_text(encoding="utf-8") + f"\n\nFiled as copy {i} by the night desk in Seoul.\n"
            (folder / f"{i:03d}_{seed.name}").write_text(text, encoding="utf-8")
    return folder


def test_ctrl_c_during_extraction(corpus, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"

    # previous outputs, from a complete build of the seeds
    code, output = run_on_terminal(graphkit("build", SEEDS, "-o", out, "--cache", cache), cwd=tmp_path)
    assert code == 0, output
    before = snapshot(out)
    assert any(name.endswith(".graphml") for name in before)

    code, output = run_on_terminal(
        graphkit("build", corpus, "-o", out, "--cache", cache, NO_RELATIONS), cwd=tmp_path, interrupt_when=extracting
    )
    assert code == 130, output
    assert "interrupted; no outputs written or changed." in output
    assert "Traceback" not in output, output
    assert "KeyboardInterrupt" not in output, output
    # previous outputs untouched, nothing half-written, no temporary file left behind
    assert snapshot(out) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name not in ("out", "cache")]

    # the next run works, with the cache the interrupted run filled in part
    code, output = run_on_terminal(graphkit("build", corpus, "-o", out, "--cache", cache, NO_RELATIONS), cwd=tmp_path)
    assert code == 0, output
    assert f"Read {COPIES * 5} document(s), skipped 0;" in output
    cached = re.search(r"spaCy ran on (\d+) document\(s\); (\d+) came from the extraction cache", output)
    assert cached, output
    ran, from_cache = map(int, cached.groups())
    assert ran + from_cache == COPIES * 5
    assert from_cache >= 1  # what the interrupted run had extracted was kept, and was usable
    graphml = out / "graph.graphml"
    g = nx.read_graphml(graphml)
    assert g.graph["documents"] == COPIES * 5
    assert snapshot(out)[graphml.name] != before[graphml.name]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
