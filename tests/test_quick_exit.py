"""The graphkit program ends without the interpreter's teardown (graphkit.core.quick_exit), but
like sys.exit in all a user sees: the exit code, every line of output, the exit handlers run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

PROGRAM = """
import atexit, sys, threading
from graphkit.core.quick_exit import as_program

atexit.register(lambda: open(sys.argv[1], "w").write("handler ran"))
if sys.argv[3] == "thread":
    threading.Thread(target=lambda: __import__("time").sleep(0.5)).start()

def command():
    print("\\n".join(f"line {{i}}" for i in range(49_999)))  # more than a pipe holds
    print("line 49999", end="")  # a last line short enough to wait in the buffer
    sys.exit({code})

as_program(command, "__main__")
raise AssertionError("not reached: the program has ended")
"""


@pytest.mark.parametrize(
    "code, expected, thread",
    [("3", 3, "alone"), ("None", 0, "alone"), ("'a message'", 1, "alone"), ("3", 3, "thread")],
)
def test_the_program_exits_like_sys_exit(tmp_path, code, expected, thread):
    script = tmp_path / "program.py"
    script.write_text(textwrap.dedent(PROGRAM.format(code=code)))
    marker = tmp_path / "marker"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # output buffered, as usual
    done = subprocess.run(
        [sys.executable, str(script), str(marker), "x", thread], capture_output=True, text=True, env=env
    )
    assert done.returncode == expected
    assert done.stdout.splitlines()[-1] == "line 49999" and len(done.stdout.splitlines()) == 50_000
    assert marker.read_text() == "handler ran"
    assert "AssertionError" not in done.stderr
    if code == "'a message'":
        assert done.stderr.strip() == "a message"


def test_the_graphkit_command_ends_with_its_exit_code(tmp_path):
    empty = subprocess.run(
        [sys.executable, "-m", "graphkit.cli", "stats", str(tmp_path)], capture_output=True, text=True
    )
    assert empty.returncode == 1 and "No graph file" in empty.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "graphkit.cli", "stats", str(tmp_path / "none")], capture_output=True, text=True
    )
    assert missing.returncode == 2 and "does not exist" in missing.stderr  # a usage error, as for build
    usage = subprocess.run([sys.executable, "-m", "graphkit.cli", "stats"], capture_output=True, text=True)
    assert usage.returncode == 2


def test_a_closed_output_ends_the_command_quietly(seeds_graph, tmp_path):
    # `graphkit stats graph.graphml | head -1`: the reader leaves; no "unexpected error" for the user
    from graphkit.exports import write_graphml

    graph = write_graphml(seeds_graph, tmp_path / "graph.graphml")
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphkit.cli", "stats", str(graph)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    proc.stdout.close()  # before it writes a line
    stderr = proc.stderr.read()
    assert proc.wait() == 1
    assert stderr == ""
