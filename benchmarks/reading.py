"""The reading commands with and without the read-back cache: a question about a built graph.

    python benchmarks/reading.py GRAPH NAME [--repeat R] [--command neighbors]

GRAPH is a graph file written by ``graphkit build`` or its output folder; NAME an entity in it.
Every run is the whole ``graphkit COMMAND GRAPH NAME`` process (start-up included, what a user
waits for), in turn:

  baseline  ``--no-cache``: the graph file parsed, as before the cache;
  first     ``--cache`` with an empty folder: parsed, and the graph kept (what the first question
            after a build costs);
  cached    ``--cache`` with that folder: the kept graph (every later question about the file).

It prints the best of ``--repeat`` rounds of each and the ratios first/baseline and
cached/baseline. The answers of the three must be the same bytes, or it says so and fails.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str]) -> tuple[float, bytes]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "graphkit.cli", *args], cwd=ROOT, capture_output=True, check=True)
    return time.perf_counter() - started, done.stdout


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph")
    parser.add_argument("name")
    parser.add_argument("--command", default="neighbors", choices=("neighbors", "quotes", "timeline"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    question = [args.command, str(Path(args.graph).resolve()), args.name]
    best: dict[str, float] = {}
    answers: set[bytes] = set()
    work = Path(tempfile.mkdtemp(prefix="graphkit-reading-"))
    try:
        for round_no in range(1, args.repeat + 1):
            shutil.rmtree(work / "cache", ignore_errors=True)
            runs = {
                "baseline": [*question, "--no-cache"],
                "first": [*question, "--cache", str(work / "cache")],
                "cached": [*question, "--cache", str(work / "cache")],
            }
            for phase, command in runs.items():
                seconds, answer = _run(command)
                answers.add(answer)
                best[phase] = min(best.get(phase, seconds), seconds)
                print(f"  round {round_no} {phase:8s} {seconds:6.2f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{' '.join(question[:1])} {args.name!r} on {args.graph}, best of {args.repeat}:")
    for phase, seconds in best.items():
        print(f"  {phase:8s} {seconds:6.2f} s  ({seconds / best['baseline']:.2f}x the baseline)")
    if len(answers) != 1:
        print("the answers differ between the runs", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
