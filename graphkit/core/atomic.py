"""Atomic file output: write to a temporary file in the same folder, then rename into place.

A reader (or a crash, or Ctrl-C) never sees a half-written file: the old file stays until the
new one is complete. Inside :func:`atomic_batch` several files become one change: every temporary
file is kept until the block ends, then all are renamed together (or all removed on error), so an
interrupted build leaves the previous outputs exactly as they were. :func:`measure_writes` runs
writers without writing, to tell how much space their files need (after a full disk stopped them).
"""

from __future__ import annotations

import errno
import io
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import islice
from pathlib import Path
from typing import IO

from .errors import OutputError

#: (temporary file, final path) pairs of the innermost running atomic_batch, or None outside one.
_batch: ContextVar[list[tuple[str, Path]] | None] = ContextVar("graphkit_atomic_batch", default=None)

#: the temporary files of the innermost running batch that atomic_open created and has not yet
#: finished or removed: an exception that lands as a ``with atomic_open(...)`` block is entered
#: (a Ctrl-C, a helper process told to stop) never reaches the block's own clean-up, so the batch
#: removes them on error.
_started: ContextVar[set[str] | None] = ContextVar("graphkit_atomic_started", default=None)

#: inside measure_writes: the bytes each atomic_open would have written, by path; None outside.
_sizes: ContextVar[dict[Path, int] | None] = ContextVar("graphkit_atomic_sizes", default=None)

TEMP_SUFFIX = ".tmp"


def _temp_prefix(path: Path) -> str:
    # Hidden and named after the target, so a leftover (after a power cut) says what it was.
    return f".{path.name}."


def _cannot_write(folder: Path, exc: OSError) -> OutputError:
    error = OutputError(f"Cannot write to {folder}: {exc.strerror or exc}.", "Choose another folder with {out_dir}.")
    error.errno = exc.errno  # a full disk (ENOSPC, EDQUOT, EFBIG) is told apart by the caller
    return error


def check_writable(folder: str | Path) -> Path:
    """Create ``folder`` if needed and prove a file can be written there; raise OutputError if not.

    Called before a long build so a bad output folder is reported in a second, not after the
    extraction. Folders it had to create are removed again: a run that fails later leaves no trace.
    """
    folder = Path(folder)
    created: list[Path] = []
    try:
        missing, p = [], folder
        while not p.exists() and p != p.parent:
            missing.append(p)
            p = p.parent
        for d in reversed(missing):
            d.mkdir()
            created.append(d)
        fd, probe = tempfile.mkstemp(prefix=".graphkit-write-check.", suffix=TEMP_SUFFIX, dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise _cannot_write(folder, exc) from exc
    finally:
        for d in reversed(created):
            try:
                d.rmdir()
            except OSError:
                pass
    return folder


#: errors of writing the file itself (disk full, quota, read-only, I/O), as opposed to the caller's own.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG, errno.EACCES, errno.EPERM}


def _unlink_quietly(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


@contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary sibling of ``path`` for writing; rename it to ``path`` on success.

    Inside :func:`atomic_batch` the rename waits for the end of the batch; inside
    :func:`measure_writes` nothing is written, only counted.
    """
    path = Path(path)
    binary = "b" in mode
    sizes = _sizes.get()
    if sizes is not None:
        yield from _counted(path, binary, encoding, sizes)
        return
    tmp = None
    in_caller = False
    started = _started.get()
    try:
        with _signals_held(signal.SIGINT, signal.SIGTERM):
            # held back until the batch knows the name: a Ctrl-C (or a helper's stop) between
            # creating the file and recording it would leave it behind
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
            except OSError as exc:
                raise _cannot_write(path.parent, exc) from exc
            if started is not None:
                started.add(tmp)
        with os.fdopen(fd, mode, **({} if binary else {"encoding": encoding, "newline": "\n"})) as fh:
            in_caller = True
            yield fh
            in_caller = False
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        pending = _batch.get()
        if pending is not None:
            pending.append((tmp, path))
        else:
            os.replace(tmp, path)
        if started is not None:
            started.discard(tmp)  # finished: the batch's own list has it now
    except OSError as exc:
        if tmp is not None:
            _unlink_quietly(tmp)
        if in_caller and exc.errno not in _WRITE_ERRNOS:
            raise  # the caller's own error (e.g. reading something), not a failed write
        raise _cannot_write(path.parent, exc) from exc
    except BaseException:
        if tmp is not None:
            _unlink_quietly(tmp)
        raise


@contextmanager
def atomic_batch() -> Iterator[None]:
    """Make every atomic write inside the block one all-or-nothing change.

    Nested batches join the outer one.
    """
    if _batch.get() is not None:
        yield
        return
    with deferred_writes() as pending:
        yield
    _commit(pending)


@contextmanager
def _signals_held(*signals: signal.Signals) -> Iterator[None]:
    """``signals`` held back in the block (in the main thread, where Python runs their handlers) and
    delivered as it ends; elsewhere, and where the platform cannot, the block runs as it is."""
    blocked = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if blocked:
        old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, set(signals))
    try:
        yield
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)


def _commit(pending: list[tuple[str, Path]]) -> None:
    """Rename every temporary file into place, with Ctrl-C held back until all are done."""
    with _signals_held(signal.SIGINT):
        for i, (tmp, path) in enumerate(pending):
            try:
                os.replace(tmp, path)
            except OSError as exc:
                for later, _ in pending[i:]:
                    _unlink_quietly(later)
                raise _cannot_write(path.parent, exc) from exc


class _Counter(io.RawIOBase):
    """A file that keeps nothing and counts the bytes written to it."""

    def __init__(self):
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        return len(data)


def _counted(path: Path, binary: bool, encoding: str | None, sizes: dict[Path, int]) -> Iterator[IO]:
    raw = _Counter()
    buffered = io.BufferedWriter(raw)
    fh = buffered if binary else io.TextIOWrapper(buffered, encoding=encoding, newline="\n")
    yield fh
    fh.flush()
    sizes[path] = raw.size


def measure_writes(write: Callable[[], object]) -> dict[Path, int]:
    """Run ``write()`` with every atomic_open counting bytes instead of writing them: the size of
    each file it would write, by path. Nothing is written, not even a temporary file."""
    sizes: dict[Path, int] = {}
    token = _sizes.set(sizes)
    try:
        write()
    finally:
        _sizes.reset(token)
    return sizes


def write_lines(fh: IO[str], lines: Iterable[str], batch: int = 8192) -> None:
    """Write each line and a newline: joined in batches, a few times faster than a write per line."""
    lines = iter(lines)
    while chunk := list(islice(lines, batch)):  # a batch taken by islice: no Python step per line
        chunk.append("")
        fh.write("\n".join(chunk))


def write_text(path: str | Path, text: str) -> Path:
    with atomic_open(path, "w") as fh:
        fh.write(text)
    return Path(path)


def write_bytes(path: str | Path, data: bytes) -> Path:
    with atomic_open(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def batch_running() -> bool:
    """True inside :func:`atomic_batch` (where finished files wait for the end of the block)."""
    return _batch.get() is not None


def measuring() -> bool:
    """True inside :func:`measure_writes` (where nothing is written)."""
    return _sizes.get() is not None


@contextmanager
def deferred_writes() -> Iterator[list[tuple[str, Path]]]:
    """A batch whose finished files are not renamed at its end: the block gets the list of
    (temporary file, final path) pairs, to rename (atomic_batch) or to hand on
    (graphkit.core.side_by_side sends them from a child process to the parent's batch). On error
    the temporary files are removed, finished or not."""
    pending: list[tuple[str, Path]] = []
    started: set[str] = set()
    token, started_token = _batch.set(pending), _started.set(started)
    try:
        yield pending
    except BaseException:
        for tmp in [*(tmp for tmp, _ in pending), *sorted(started)]:
            _unlink_quietly(tmp)
        raise
    finally:
        _batch.reset(token)
        _started.reset(started_token)


def join_batch(pairs: Iterable[tuple[str, Path]]) -> None:
    """Add finished temporary files (from :func:`deferred_writes`) to the running batch."""
    _batch.get().extend(pairs)


def discard(pairs: Iterable[tuple[str, Path]]) -> None:
    """Remove the temporary files of pairs that will never be renamed."""
    for tmp, _ in pairs:
        _unlink_quietly(tmp)
