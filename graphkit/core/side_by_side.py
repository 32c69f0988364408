"""Two pieces of work at once: one in a forked child process, one here (Linux, a second core).

After extraction a build is pure Python and C extensions that hold the GIL (networkx, igraph,
the file writers): one core's work for seconds while a second core waits. Where two pieces are
independent, :func:`run_side_by_side` runs one in a forked child, which sends its result back
pickled. :func:`write_side_by_side` does it for writers: the child writes temporary files
(graphkit.core.atomic.deferred_writes) and sends their names, which join this process's atomic
batch, so all files still change together or not at all.

Only where a fork is safe: Linux, and no other thread running (a fork copies the calling thread
alone: a lock another thread holds, a Dask client's say, would stay locked in the child).
Anywhere else both pieces run here, in turn, with the same results.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .atomic import batch_running, deferred_writes, discard, join_batch, measuring
from .errors import OutputError

T = TypeVar("T")
R = TypeVar("R")

#: what the child sends back: ("done", result) or ("failed", exception)
_Message = tuple[str, object]


def can_fork() -> bool:
    """True where :func:`run_side_by_side` forks (see the module doc)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def forks(processes: int | None) -> bool:
    """True when work is to go to a child: ``processes`` of 2 or more (None: all cores) and :func:`can_fork`."""
    return (processes or os.cpu_count() or 1) >= 2 and can_fork()


def run_side_by_side(
    background: Callable[[], T],
    foreground: Callable[[], R],
    processes: int | None = None,
    abandon: Callable[[T], None] | None = None,
) -> tuple[T, R]:
    """(``background()``, ``foreground()``): with ``processes`` of 2 or more (None: all cores) and
    where :func:`can_fork`, ``background`` runs in a child process meanwhile (its result must
    pickle); otherwise both run here, in turn.

    An error on either side stops the other and is raised here (the child's as an OutputError when
    it cannot be sent). ``abandon(result)`` undoes a result the child finished when this side
    failed (its temporary files, say).
    """
    if not forks(processes):
        done = background()
        try:
            return done, foreground()
        except BaseException:
            if abandon is not None:
                abandon(done)  # the same undo as when the child had finished it
            raise
    child = _Child(background)
    try:
        result = foreground()
        return child.outcome(), result
    except BaseException:
        child.stop(abandon)
        raise


def start_beside(background: Callable[[], T], processes: int | None = None) -> Callable[[], T]:
    """Start ``background()`` in a child process while the caller goes on (where
    :func:`run_side_by_side` would fork; else it runs here, now). Call the returned function for
    its result: it waits for the child, and raises what the child raised.
    """
    if not forks(processes):
        result = background()
        return lambda: result
    child = _Child(background)
    done: list = []

    def finish() -> T:
        if not done:
            done.append(child.outcome())
        return done[0]

    return finish


def start_in_thread(background: Callable[[], T], name: str = "graphkit-beside") -> Callable[[], T]:
    """Start ``background()`` in a thread called ``name``, for work that lets go of the GIL (writing
    a file or a database, compressing): call the returned function for its result (it waits, and
    raises what it raised)."""
    done: list = []

    def run() -> None:
        try:
            done.append(("done", background()))
        except BaseException as exc:  # noqa: BLE001 - raised by finish(), in the caller's thread
            done.append(("failed", exc))

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()

    def finish() -> T:
        worker.join()
        kind, value = done[0]
        if kind == "failed":
            raise value
        return value

    return finish


def write_side_by_side(
    background: Callable[[], list[Path]], foreground: Callable[[], R], processes: int | None = None
) -> tuple[list[Path], R]:
    """:func:`run_side_by_side` for writers inside an atomic batch: the files ``background`` writes
    (it returns their paths) join the running batch. An error on either side leaves no temporary
    file. Not while measuring (graphkit.core.atomic.measure_writes) or outside a batch: both run here.
    """
    if not batch_running() or measuring():
        return background(), foreground()

    def write() -> tuple[list[Path], list]:
        with deferred_writes() as pending:
            return background(), pending

    (paths, pending), result = run_side_by_side(write, foreground, processes, abandon=lambda done: discard(done[1]))
    join_batch(pending)
    return paths, result


class _Child:
    """A forked process running ``background`` and the pipe it answers through."""

    def __init__(self, background: Callable[[], object]):
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(read_end)
            _run_child(background, write_end)  # never returns
        os.close(write_end)
        self.pipe = read_end
        self.data = bytearray()  # read in pieces, so an interrupted read loses nothing
        self.finished = False

    def _read_all(self) -> _Message | None:
        while True:
            piece = os.read(self.pipe, 1 << 16)
            if not piece:
                break
            self.data += piece
        os.close(self.pipe)
        os.waitpid(self.pid, 0)
        self.finished = True
        return pickle.loads(bytes(self.data)) if self.data else None

    def outcome(self):
        message = self._read_all()
        if message is None:  # killed before it could answer (out of memory, kill -9)
            raise OutputError("A helper process stopped without a word.", "Run the build again.")
        kind, value = message
        if kind == "failed":
            raise value
        return value

    def stop(self, abandon: Callable | None) -> None:
        """Stop the child (this side failed) and undo what it finished."""
        if self.finished:
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        # the child cleans up after itself and answers; Ctrl-C held back meanwhile
        old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            message = self._read_all()
        except (OSError, pickle.UnpicklingError, EOFError):
            message = None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        if message is not None and message[0] == "done" and abandon is not None:
            abandon(message[1])


def _stopped(signum, frame):
    raise KeyboardInterrupt  # unwinds through the writers, which remove their temporary files


def _hold_signals() -> None:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})


def _run_child(background: Callable[[], object], write_end: int) -> None:
    """The child's whole life: work, answer, exit without running the parent's exit handlers."""
    try:
        signal.signal(signal.SIGTERM, _stopped)
        try:
            result = background()
            _hold_signals()  # from here on answer whatever comes: what is finished gets reported
            message: _Message = ("done", result)
        except BaseException as exc:  # sent to the parent, which raises it
            _hold_signals()
            message = ("failed", _portable(exc))
        data = pickle.dumps(message)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
    finally:
        os._exit(0)


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling (with the child's traceback as a note), else an OutputError."""
    if not isinstance(exc, (OutputError, KeyboardInterrupt)):
        exc.add_note("in a helper process:\n" + "".join(traceback.format_exception(exc)))
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return OutputError(f"A helper process failed: {exc}")
