"""Helpers for the tests of what users' machines do to a build: two builds at once, a full disk, a
read-only folder, a worker process that dies.

Every test drives the installed ``graphkit`` command in a subprocess, as a user's script would. A full
or read-only disk is a real one when the tests may mount file systems (root on Linux): a small tmpfs, or
a read-only bind mount. Elsewhere a full disk is the file-size limit (``RLIMIT_FSIZE``, what
``ulimit -f`` sets), under which writes fail with EFBIG as they fail with ENOSPC on a full disk, and a
read-only folder is one without write permission, or, for root that may not mount, one the build runs
in as an unprivileged user. No case skips.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from conftest import DATA, SEEDS

#: the installed console script next to this interpreter (whatever module it lives in)
GRAPHKIT = str(Path(sys.executable).with_name("graphkit"))
WIKINEWS = DATA / "wikinews_40.jsonl"  # Article text from Wikinews, CC BY 2.5 (see wikinews_40.md)


def graphkit(*args) -> list[str]:
    return [GRAPHKIT, *map(str, args)]


def run(
    args, cwd: Path, *, preexec: Callable[[], None] | None = None, timeout: float = 300, user: int | None = None
) -> subprocess.CompletedProcess:
    """Run ``graphkit ARGS`` to the end; stdout and stderr as text."""
    return subprocess.run(
        graphkit(*args),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=preexec,
        stdin=subprocess.DEVNULL,
        user=user,
        group=user,
    )


def seed_copies(folder: Path, copies: int) -> Path:
    """``copies`` x the five seeds, each copy with a distinct last line (so none is a duplicate)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8") + f"\n\nFiled as copy {i} by the night desk in Seoul.\n"
            (folder / f"{i:03d}_{seed.name}").write_text(text, encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (hidden ones too) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Temporary files graphkit left in ``folder`` (hidden ``.NAME.*.tmp``)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ----------------------------------------------------------------------------- file systems


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(folder: Path) -> None:
    for _ in range(50):  # a process that just exited may still hold it for a moment
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode == 0:
            return
        time.sleep(0.2)
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def file_size_limit(limit: int) -> Callable[[], None]:
    """A preexec_fn: files larger than ``limit`` bytes cannot be written (EFBIG), like ``ulimit -f``."""

    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


@contextlib.contextmanager
def small_disk(folder: Path, size: int, how: str) -> Iterator[Callable[[], None] | None]:
    """``folder`` made a full-disk trap of about ``size`` bytes; yields the preexec_fn to run under.

    ``how="tmpfs"``: a tmpfs of ``size`` bytes mounted on ``folder`` (a real ENOSPC), when this process
    may mount; otherwise, and with ``how="fsize"``, the file-size limit ``size`` for the process.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if how == "tmpfs" and can_mount() and _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)):
        try:
            yield None
        finally:
            _umount(folder)
    else:
        yield file_size_limit(size)


_MOUNT_WORKS: list[bool] = []


def can_mount() -> bool:
    """Whether this process may mount file systems (tried once, with a tiny tmpfs)."""
    if not _MOUNT_WORKS:
        probe = Path(tempfile.mkdtemp(prefix="graphkit-mount-probe-"))
        works = _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe))
        if works:
            _umount(probe)
        probe.rmdir()
        _MOUNT_WORKS.append(works)
    return _MOUNT_WORKS[0]


def read_only_mode() -> str:
    """How :func:`read_only` makes a folder read-only here: "mount" (a read-only bind mount; root on
    Linux, which ignores permissions), "chmod" (not root), or "nobody" (root that may not mount:
    permissions removed and the build run as the unprivileged user ``nobody``)."""
    forced = os.environ.get("GRAPHKIT_TEST_READ_ONLY")  # to try the other ways by hand
    if forced:
        return forced
    if can_mount():
        return "mount"
    return "nobody" if os.geteuid() == 0 else "chmod"


def workspace(tmp_path: Path) -> Path:
    """A folder for a test with a read-only folder: ``tmp_path``, or with "nobody", one that user may
    enter (pytest's are private to their owner)."""
    if read_only_mode() != "nobody":
        return tmp_path
    folder = Path(tempfile.mkdtemp(prefix="graphkit-read-only-"))
    folder.chmod(0o777)
    return folder


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[int | None]:
    """``folder`` (existing, with its files) made read-only for the build, the way
    :func:`read_only_mode` says; yields the user id to run the build as (None: ourselves)."""
    mode = read_only_mode()
    if mode == "mount":
        if not _mount("--bind", str(folder), str(folder)):
            raise RuntimeError(f"cannot bind-mount {folder}")
        try:
            if not _mount("-o", "remount,bind,ro", str(folder)):
                raise RuntimeError(f"cannot remount {folder} read-only")
            yield None
        finally:
            _umount(folder)
        return
    modes = {}
    for path in [folder, *folder.rglob("*")]:
        modes[path] = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield 65534 if mode == "nobody" else None
    finally:
        for path, mode_bits in modes.items():
            path.chmod(mode_bits)


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def children(pid: int) -> list[int]:
    """Child process ids of ``pid`` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found
