"""Worker processes that may die: chunks of work handed out one at a time, a dead worker's chunk
done again by a new worker.

``multiprocessing.Pool`` replaces a worker that dies (the out-of-memory killer's SIGKILL) but
loses the task it held, so whoever waits for that task waits forever;
``concurrent.futures.ProcessPoolExecutor`` breaks as a whole and cannot say which process died or
how. Here each worker has its own pipe and holds one chunk at a time, and the parent waits on the
pipes and on the processes' sentinels together: a worker that dies is seen at once with its exit
signal, a new one is started in its place (forked, so it shares the model like the first), and
its chunk is handed out again. A chunk whose worker dies a second time stops the run with
:class:`WorkerDied`: the same articles would most likely kill a third one too; so do workers that
keep dying (more than twice as many as there are workers, plus two).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import wait

from ..core.errors import GraphkitError

#: times a chunk is started before the run stops (its first try and one more).
ATTEMPTS = 2


class WorkerDied(GraphkitError):
    """A worker process died a second time on the same chunk; the run cannot finish."""


def describe_exit(exitcode: int | None) -> str:
    """How a process ended, in words that follow its name: "was killed by SIGKILL (often the
    out-of-memory killer)", "exited with status 3"."""
    if exitcode is None:
        return "stopped"
    if exitcode >= 0:
        return f"exited with status {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    return f"was killed by {name}" + (" (often the out-of-memory killer)" if -exitcode == signal.SIGKILL else "")


def _serve(conn, initializer, initargs, work) -> None:
    """A worker's life: set up once, then one chunk at a time until told to stop (None)."""
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            item = conn.recv()
        except EOFError:  # the parent is gone
            return
        if item is None:
            return
        number, chunk = item
        try:
            reply = (number, True, work(chunk))
        except Exception as exc:  # noqa: BLE001 - the parent raises it, as Pool does
            reply = (number, False, exc)
        try:
            conn.send(reply)
        except Exception as exc:  # noqa: BLE001 - a result or exception that cannot be pickled
            conn.send((number, False, RuntimeError(f"{type(reply[2]).__name__}: {reply[2]} ({exc})")))


class _Worker:
    def __init__(self, context, target, args):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=target, args=(child, *args), daemon=True)
        self.process.start()
        child.close()
        self.chunk: int | None = None  # number of the chunk it holds


class WorkerPool:
    """``jobs`` processes running ``work(chunk)``: :meth:`submit` chunks, :meth:`collect` results.

    ``on_notice(sentence)`` hears of a worker that died and was replaced; ``name`` is what a worker
    is called in messages ("spaCy worker process").
    """

    def __init__(
        self,
        jobs: int,
        work: Callable,
        *,
        initializer: Callable | None = None,
        initargs: tuple = (),
        context=None,
        name: str = "worker process",
        on_notice: Callable[[str], None] | None = None,
    ):
        self.jobs = jobs
        self.name = name
        self.on_notice = on_notice
        self._context = context or multiprocessing.get_context()
        self._args = (initializer, initargs, work)
        self._workers: list[_Worker] = []
        self._chunks: dict[int, object] = {}  # submitted, not yet collected
        self._queue: deque[int] = deque()  # submitted, not yet handed to a worker
        self._attempts: dict[int, int] = {}
        self._results: deque[tuple[int, object]] = deque()
        self._deaths = 0
        for _ in range(jobs):
            self._start()

    def _start(self) -> None:
        self._workers.append(_Worker(self._context, _serve, self._args))

    def __len__(self) -> int:
        """Chunks submitted and not yet collected (an answer read but not yet collected counts)."""
        return len(self._chunks) + len(self._results)

    def submit(self, number: int, chunk) -> None:
        self._chunks[number] = chunk
        self._queue.append(number)
        self._hand_out()

    def _hand_out(self) -> None:
        for worker in self._workers:
            if worker.chunk is None and self._queue:
                number = self._queue[0]
                try:
                    worker.conn.send((number, self._chunks[number]))
                except OSError:  # it died before it could take a chunk: replaced in collect()
                    continue
                self._queue.popleft()
                self._attempts[number] = self._attempts.get(number, 0) + 1
                worker.chunk = number

    def collect(self) -> tuple[int, object]:
        """(number, ``work(chunk)``) of the next chunk to finish; a worker's exception is raised here."""
        if not self._chunks and not self._results:
            raise ValueError("no chunk submitted")
        while not self._results:
            busy = [w.conn for w in self._workers if w.chunk is not None]
            ready = set(wait(busy + [w.process.sentinel for w in self._workers]))
            for worker in list(self._workers):
                if worker.chunk is not None and worker.conn in ready:
                    try:
                        number, ok, value = worker.conn.recv()
                    except (EOFError, OSError):
                        self._replace(worker)  # died while answering
                        continue
                    worker.chunk = None
                    if not ok:
                        raise value
                    del self._chunks[number]
                    self._results.append((number, value))
                elif worker.process.sentinel in ready:
                    self._replace(worker)
            self._hand_out()
        return self._results.popleft()

    def _replace(self, worker: _Worker) -> None:
        worker.process.join()
        worker.conn.close()
        self._workers.remove(worker)
        lost = worker.chunk
        said = f"a {self.name} {describe_exit(worker.process.exitcode)}"
        if lost is not None and self._attempts[lost] >= ATTEMPTS:
            raise WorkerDied(f"{said} a second time on the same articles")
        self._deaths += 1
        if self._deaths > 2 * self.jobs + 2:  # e.g. every new worker fails as it starts: no end otherwise
            raise WorkerDied(f"{said}, after {self._deaths - 1} others in this run")
        if lost is not None:
            self._queue.appendleft(lost)
        self._start()
        if self.on_notice is not None:
            self.on_notice(
                said + ("; a new one does its articles again" if lost is not None else "; a new one took its place")
            )

    def close(self) -> None:
        """Stop every worker now (after an error or Ctrl-C they may be in the middle of a chunk)."""
        for worker in self._workers:
            if worker.chunk is None and worker.process.is_alive():
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
            else:
                worker.process.terminate()
        for worker in self._workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers.clear()
        self._chunks.clear()
        self._queue.clear()
        self._results.clear()
