"""Ending the program without freeing its objects one by one.

A build leaves millions of objects (the graph, the records, resolution's tables) that the
interpreter frees one by one on the way out: a third of a second after a 400-article rebuild,
for memory the system takes back at once anyway.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable

#: set by as_program's entry point: this process is the graphkit program, which ends with quick_exit
_program = False


def running_as_program() -> bool:
    """True in the graphkit program, False for a library caller and a test's CliRunner: only then
    may a command change what belongs to the whole process and outlives the command."""
    return _program


def quick_exit(code: object = 0) -> None:
    """Exit with ``code`` as ``sys.exit`` would, minus the teardown: the exit handlers still run
    (atexit: worker pools, clients, weakref finalizers) and the output is flushed first. With
    another thread still running, or a code that is not a number, it is the usual ``sys.exit``.
    """
    if code is None:
        code = 0
    if not isinstance(code, int) or threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`), a closed stream: nothing to save
            pass
    os._exit(code)


def as_program(command: Callable[[], object], module: str) -> Callable[[], None]:
    """The entry point of a program: ``command`` (a click command run standalone, which ends with
    sys.exit) ending with :func:`quick_exit` instead. Run at once when ``module`` is "__main__"
    (``python -m``). Never for a command run in tests (CliRunner): it would end the test run."""

    def run() -> None:
        global _program
        _program = True
        try:
            command()
        except SystemExit as exc:
            quick_exit(exc.code)

    if module == "__main__":
        run()
    return run
